"""The language of the terminal: ``--lang`` read before click parses, and click's words in zh.

click words its own messages (usage errors, help headings) through :func:`gettext.gettext`,
imported into each of its modules as ``_``. While a command runs with ``--lang zh``,
:func:`click_language` points those names at the catalogue's ``CLICK_ZH`` (see
:mod:`cadreplan.solver.words.cli`), so that a bad option is refused in Chinese too; it puts
them back afterwards (tests run both languages in one process).
"""

from __future__ import annotations

import gettext
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import click

from cadreplan.solver.words import LANGS, Lang, default_lang, has, say
from cadreplan.solver.words.cli import CLICK_ZH

#: Where the language of the running command is kept (``ctx.meta`` is shared by all nested
#: contexts of one invocation).
META_KEY = "cadreplan.lang"


def lang_in_args(args: Sequence[str]) -> Lang:
    """The ``--lang`` given on a command line, before click parses it; else the locale's.

    Used so that errors raised while parsing (an unknown option, a bad value) are already in
    the chosen language. An invalid value falls back to the locale (click then refuses it).
    """
    for position, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and position + 1 < len(args):
            value = args[position + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return value
    return default_lang()


def current_lang() -> Lang:
    """The language of the command running now (``--lang``, else the locale's)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and META_KEY in ctx.meta:
        return ctx.meta[META_KEY]
    return default_lang()


def _zh_gettext(message: str) -> str:
    return CLICK_ZH.get(message, message)


def _zh_ngettext(singular: str, plural: str, count: int) -> str:
    return CLICK_ZH.get(singular if count == 1 else plural, singular if count == 1 else plural)


@contextmanager
def click_language(lang: Lang) -> Iterator[None]:
    """Within the block, click's own messages are in ``lang``."""
    if lang != "zh":
        yield
        return
    patched: list[tuple[object, str, object]] = []
    for name, module in list(sys.modules.items()):
        if not (name == "click" or name.startswith("click.")) or module is None:
            continue
        for attribute, replacement in (("_", _zh_gettext), ("ngettext", _zh_ngettext)):
            original = getattr(module, attribute, None)
            if original in (gettext.gettext, gettext.ngettext):
                setattr(module, attribute, replacement)
                patched.append((module, attribute, original))
    _ACTIVE.append(patched)
    try:
        yield
    finally:
        _ACTIVE.remove(patched)
        for target, attribute, original in patched:
            setattr(target, attribute, original)


#: The patches of the :func:`click_language` blocks now open.
_ACTIVE: list[list[tuple[object, str, object]]] = []


@contextmanager
def click_in_english() -> Iterator[None]:
    """Within the block click words in English, even inside a zh :func:`click_language` block.

    Used while a command's module is imported: click words some texts when an option is
    *defined* (a ``click.Path`` type names itself "directory" or "file" then), and a module
    imported once keeps them for every later command of the process (``plan serve``, tests).
    """
    patches = [patch for patched in _ACTIVE for patch in patched]
    replaced = [(module, attribute, getattr(module, attribute)) for module, attribute, _ in patches]
    for module, attribute, original in patches:
        setattr(module, attribute, original)
    try:
        yield
    finally:
        for module, attribute, replacement in replaced:
            setattr(module, attribute, replacement)


def help_key(command: str, param: str) -> str | None:
    """The catalogue key of an option's help: the command's own, else the shared one."""
    for key in (f"help.{command}.option.{param}", f"help.option.{param}"):
        if has(key):
            return key
    return None


def localise_help(command: click.Command, name: str, lang: Lang) -> None:
    """Put the help words of ``lang`` from the catalogue on ``command`` and its parameters.

    Sets the description with its example block (``help.<name>``), the line ``plan -h``
    lists (``help.<name>.short``), each option's help (see :func:`help_key`), and in Chinese
    the placeholders click would print in English (PATH, FILE, INTEGER RANGE …) and the
    defaults shown as words. The command objects live as long as the process (tests and
    ``plan serve`` run both languages in one), so every call sets every text, and English
    placeholders are put back from what the command had before its first Chinese help. What
    the command's own code says is kept in ``_cadreplan_english`` (a test checks that it
    agrees with the catalogue's English).
    """
    command.__dict__.setdefault(
        "_cadreplan_english", {"help": command.help, "short_help": command.short_help}
    )
    if has(f"help.{name}"):
        command.help = say(f"help.{name}", lang)
    if has(f"help.{name}.short"):
        command.short_help = say(f"help.{name}.short", lang)
    for param in command.params:
        originals = param.__dict__.setdefault(
            "_cadreplan_english",
            {
                "metavar": param.metavar,
                "show_default": getattr(param, "show_default", None),
                "help": getattr(param, "help", None),
            },
        )
        if isinstance(param, click.Option):
            key = help_key(name, param.name or "")
            if key is not None:
                param.help = say(key, lang)
            if isinstance(originals["show_default"], str) and has(f"help.default.{param.name}"):
                param.show_default = (
                    say(f"help.default.{param.name}", lang)
                    if lang == "zh"
                    else originals["show_default"]
                )
            elif originals["show_default"] is True and param.is_flag and param.secondary_opts:
                # click shows an on/off flag's default as the bare word (``open``): in Chinese,
                # name the option the reader would type instead (``--open``).
                flag = param.opts[0] if param.default else param.secondary_opts[0]
                param.show_default = flag if lang == "zh" else True
        param.metavar = originals["metavar"]
        if lang == "zh" and param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = _zh_metavar(param)
    # click makes the -h option once per command, worded in the language of that first run.
    help_option = getattr(command, "_help_option", None)
    if help_option is not None:
        help_option.help = say("help.option.help", lang)


def _zh_metavar(param: click.Parameter) -> str | None:
    """The Chinese placeholder of a parameter, or None where click's own is no English word
    (a choice such as ``[en|zh]``)."""
    if isinstance(param, click.Argument):
        key = f"help.metavar.{param.name}"
        return say(key, "zh") if has(key) else None
    if isinstance(param.type, click.Choice):
        return None
    key = f"help.metavar.{param.type.name}"
    return say(key, "zh") if has(key) else None


# --- help text with Chinese in it --------------------------------------------------------

_CJK_CHAR = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\uf900-\ufaff"
#: One Chinese character or mark, a run of other non-space characters (a word, a file name,
#: an option), or a run of spaces: the units a line may break between.
_TOKEN = re.compile(rf"[{_CJK_CHAR}]|[^\s{_CJK_CHAR}]+|\s+")
#: Marks that never begin a line (they stay with the character before them).
_NO_LINE_START = set("，。、；：）」』”’！？》】%")


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: two for a wide (Chinese) character, else one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_cjk(text: str, width: int, initial: str = "", subsequent: str = "") -> str:
    """One paragraph wrapped to ``width`` columns, Chinese-aware.

    Lines may break between any two Chinese characters (but not before a closing mark) and at
    spaces, never inside a Latin word, file name or option (click's own wrapping, made for
    words between spaces, cuts ``appointments.csv`` or ``plan-output`` where a Chinese line
    runs long).
    """
    lines: list[str] = []
    line, used, space = initial, display_width(initial), False
    for token in _TOKEN.findall(" ".join(text.split("\n"))):
        if token.isspace():
            space = line.strip() != ""
            continue
        gap = " " if space else ""
        size = display_width(gap + token)
        if used + size > width and line.strip() and token[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used, gap = subsequent, display_width(subsequent), ""
            size = display_width(token)
        line += gap + token
        used += size
        space = False
    lines.append(line.rstrip())
    return "\n".join(lines)


def _has_cjk(text: str) -> bool:
    return re.search(rf"[{_CJK_CHAR}]", text) is not None


class CJKHelpFormatter(click.HelpFormatter):
    """click's help formatter, wrapping text that holds Chinese with :func:`wrap_cjk`.

    English help is left to click exactly as before.
    """

    def write_heading(self, heading: str) -> None:  # noqa: D102 - click's
        if not _has_cjk(heading):
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:  # noqa: D102 - click's
        if not _has_cjk(text):
            super().write_text(text)
            return
        indent = " " * self.current_indent
        self.write(_wrap_paragraphs(text, self.width, indent))
        self.write("\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:  # noqa: D102
        rows = list(rows)
        if not any(_has_cjk(second) for _, second in rows):
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            text_width = max(self.width - first_col - 2, 10)
            lines = wrap_cjk(_zh_note(second), text_width).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


#: click's note after an option's help: ``[默认：60.0; x>0]``, ``[默认：(--open)]``.
_NOTE = re.compile(r"\[([^\[\]]*)\]$")


def _zh_note(text: str) -> str:
    """An option's help with click's note after it worded as Chinese is written: its parts
    joined by ``；``, and a default given as words without click's half-width brackets
    (``[默认：60.0；x>0]``, ``[默认：系统区域为中文时为 zh，否则为 en]``, ``[默认：--open]``)."""
    note = _NOTE.search(text)
    if note is None or not re.search("默认：|必填", note.group(1)):
        return text
    parts = [re.sub(r"^默认：\((.*)\)$", r"默认：\1", part) for part in note.group(1).split("; ")]
    return f"{text[: note.start()]}[{'；'.join(parts)}]"


def _wrap_paragraphs(text: str, width: int, indent: str) -> str:
    """Paragraphs (split at blank lines) wrapped; a paragraph led by ``\\b`` kept as it is."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
        lines = paragraph.splitlines()
        if lines and lines[0].strip() == "\b":
            out.append("\n".join(indent + line for line in lines[1:]))
        else:
            out.append(wrap_cjk(paragraph.strip(), width, indent, indent))
    return "\n\n".join(out)


class PlanContext(click.Context):
    """A click context whose help is wrapped Chinese-aware (:class:`CJKHelpFormatter`)."""

    formatter_class = CJKHelpFormatter
