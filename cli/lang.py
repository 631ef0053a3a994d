"""The language of the terminal: ``--lang`` read before click parses, and click's words in zh.

click words its own messages (usage errors, help headings) through :func:`gettext.gettext`,
imported into each of its modules as ``_``. While a command runs with ``--lang zh``,
:func:`click_language` points those names at the catalogue's ``CLICK_ZH`` (see
:mod:`cadreplan.solver.words.cli`), so that a bad option is refused in Chinese too; it puts
them back afterwards (tests run both languages in one process).
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import click

from cadreplan.solver.words import LANGS, Lang, default_lang
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
