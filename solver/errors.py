"""Exceptions raised by the library; only ``cli/`` turns them into messages and exit codes."""

from __future__ import annotations

import errno
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Phrase:
    """A catalogue message with its parameters, worded only when shown.

    Used for the parts of a message that are themselves messages (each rule of an
    infeasibility diagnosis), so that the whole error can be shown in either language.
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        """The phrase in ``lang`` (``en`` or ``zh``)."""
        from .words import say

        return say(self.key, lang, **worded(self.params, lang))  # type: ignore[arg-type]

    def __str__(self) -> str:
        return self.render("en")


def worded(params: Mapping[str, object], lang: str) -> dict[str, object]:
    """``params`` with every :class:`Phrase` (or sequence of them) worded in ``lang``.

    A sequence of phrases is joined with the catalogue's separator ``phrases.sep``.
    """
    from .words import say

    out: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, Phrase):
            value = value.render(lang)
        elif (
            isinstance(value, Sequence)
            and not isinstance(value, str)
            and value
            and all(isinstance(item, Phrase) for item in value)
        ):
            separator = say("phrases.sep", lang)  # type: ignore[arg-type]
            value = separator.join(item.render(lang) for item in value)
        out[name] = value
    return out


class CadreplanError(Exception):
    """Base class of every error the library raises on purpose.

    An error may carry a catalogue ``key`` and its ``params`` (see
    :mod:`cadreplan.solver.words`): front ends then show it in the user's language with
    :meth:`render`. ``str(error)`` stays the English message.
    """

    key: str | None = None
    params: dict[str, object] = {}

    def __init__(
        self, message: str | None = None, *, key: str | None = None, params: dict | None = None
    ) -> None:
        self.key = key
        self.params = dict(params or {})
        if message is None:
            if key is None:
                raise TypeError(f"{type(self).__name__} needs a message or a key")
            from .words import say

            message = say(key, "en", **worded(self.params, "en"))
        super().__init__(message)

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (``en`` or ``zh``); English when no key is known."""
        if self.key is None or lang == "en":
            return str(self)
        from .words import has, say

        if not has(self.key):
            return str(self)
        return say(self.key, lang, **worded(self.params, lang))  # type: ignore[arg-type]


class DataError(CadreplanError):
    """A problem in an input table, located by file, row and column.

    Parameters
    ----------
    file
        The file (or ``workbook.xlsx sheet``) the problem is in.
    problem
        What is wrong, in one sentence.
    row
        The row as the user counts it in a spreadsheet (the header is row 1).
    column
        The column name as the user wrote it.
    fix
        What the user should do about it.
    key, params
        The catalogue message (``solver/words``) of ``problem``, with its parameters; its fix
        is message ``key + ".fix"`` when the catalogue has one. With a key, ``problem`` and
        ``fix`` may be omitted: they are then the English messages.
    """

    def __init__(
        self,
        file: str,
        problem: str | None = None,
        *,
        row: int | None = None,
        column: str | None = None,
        fix: str | None = None,
        key: str | None = None,
        params: dict[str, object] | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.key = key
        self.params = dict(params or {})
        if problem is None:
            if key is None:
                raise TypeError("DataError needs a problem or a key")
            problem = self._text("problem", "en")
            fix = fix if fix is not None else self._text("fix", "en")
        self.problem = problem
        self.fix = fix
        Exception.__init__(self, self.message)

    def _text(self, part: str, lang: str, fix_key: str | None = None) -> str | None:
        from .words import has, say

        assert self.key is not None
        key = self.key if part == "problem" else fix_key or self.key + ".fix"
        params = self.params
        if lang == "zh":
            from .intake.report import label_word

            # A label among the parameters (the first of two sources) says 工作表 too.
            params = {
                k: label_word(v, "zh") if isinstance(v, str) else v for k, v in params.items()
            }
        return say(key, lang, **params) if has(key) else None  # type: ignore[arg-type]

    def render(self, lang: str = "en", *, fix_key: str | None = None) -> str:
        """The message in ``lang``, located as in English (file, row, column) with its fix.

        ``fix_key`` names the catalogue message to give as the fix instead of ``key + ".fix"``
        (the web page says how to mend a column on the page, not with ``--columns``).
        """
        if self.key is None or (lang == "en" and fix_key is None):
            return self.message
        from .words import has, say

        if not has(self.key):
            return self.message
        if lang == "en":
            return self._located(self.problem, self._text("fix", "en", fix_key))
        from .intake.report import label_word

        file = label_word(self.file, "zh")  # 工作表, as the intake report says
        where = {"file": file, "row": self.row, "column": self.column}
        if self.row is not None and self.column is not None:
            place = say("where.row_column", "zh", **where)
        elif self.row is not None:
            place = say("where.row", "zh", **where)
        elif self.column is not None:
            place = say("where.column", "zh", **where)
        else:
            place = file
        text = f"{place}：{self._text('problem', 'zh')}"
        fix = self._text("fix", "zh", fix_key)
        return text + (f"{fix}" if fix else "")

    @property
    def message(self) -> str:
        return self._located(self.problem, self.fix)

    def _located(self, problem: str | None, fix: str | None) -> str:
        """``problem`` and ``fix`` in English after the file, row and column."""
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += "," if self.row is not None else ""
            where += f" column {self.column}"
        text = f"{where}: {problem}"
        if fix:
            text += f" {fix}"
        return text


class RulesError(CadreplanError):
    """A rules or scenario TOML file has an unknown key or a value out of range.

    ``rule`` is the dotted TOML key at fault (``mentors.max_km``, or ``(file)``); ``key`` and
    ``params`` name the catalogue message of ``problem`` (which may then be omitted).
    """

    def __init__(
        self,
        file: str,
        rule: str,
        problem: str | None = None,
        *,
        key: str | None = None,
        params: dict[str, object] | None = None,
    ) -> None:
        self.file = file
        self.rule = rule
        self.key = key
        self.params = dict(params or {})
        if problem is None:
            if key is None:
                raise TypeError("RulesError needs a problem or a key")
            from .words import say

            problem = say(key, "en", **worded(self.params, "en"))
        self.problem = problem
        Exception.__init__(self, f"{file}, key {rule}: {problem}")

    def render(self, lang: str = "en") -> str:
        """The message in ``lang``, naming the same file and TOML key as in English."""
        if lang == "en" or self.key is None:
            return str(self)
        from .words import has, say

        if not has(self.key):
            return str(self)
        problem = say(self.key, "zh", **worded(self.params, "zh"))
        if self.rule == "(file)":
            return f"{self.file}：{problem}"
        return say("where.rule", "zh", file=self.file, rule=self.rule) + f"：{problem}"


class TooLargeError(CadreplanError):
    """The model would not fit in memory; the message says what to change."""


class OptionError(CadreplanError):
    """Options that cannot work together (a usage error)."""


class InfeasibleError(CadreplanError):
    """The hard rules admit no plan; ``conflicts`` names the rules that clash."""

    def __init__(
        self,
        message: str | None = None,
        conflicts: tuple[str, ...] = (),
        *,
        key: str | None = None,
        params: dict[str, object] | None = None,
    ) -> None:
        self.conflicts = conflicts
        super().__init__(message, key=key, params=params)


class NoSolutionError(CadreplanError):
    """The solver found no plan within the time limit."""


class PlanCheckError(CadreplanError):
    """The independent checker found a plan that breaks a hard rule: a bug in a model."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        shown = "; ".join(violations[:5])
        more = f" (and {len(violations) - 5} more)" if len(violations) > 5 else ""
        super().__init__(f"plan check failed: {shown}{more}")

    def render(self, lang: str = "en") -> str:
        """The message in ``lang``; the violations themselves are the checker's words."""
        if lang == "en":
            return str(self)
        from .words import say

        return say(
            "error.plan_check",
            "zh",
            shown="; ".join(self.violations[:5]),
            more=say("and_more", "zh", count=len(self.violations) - 5)
            if len(self.violations) > 5
            else "",
        )


#: errno values of a write refused for want of space: the disk is full (ENOSPC) or the
#: user's quota is used up (EDQUOT). Not a bug of ours: the run ends with exit 1 and one
#: line naming what could not be written and the fix.
NO_SPACE_ERRNOS = frozenset(
    code for code in (getattr(errno, name, None) for name in ("ENOSPC", "EDQUOT")) if code
)


class NoSpaceError(CadreplanError):
    """A file or the terminal output could not be written: no space left (exit 1).

    ``key`` names what could not be written (``err.nospace.folder``: ``out``;
    ``err.nospace.file``: ``file``; ``err.nospace.terminal``: ``stream``); ``reason``
    is the phrase ``err.nospace.disk`` (ENOSPC) or ``err.nospace.quota`` (EDQUOT).
    """

    @classmethod
    def of(cls, error: OSError, key: str, **params: object) -> NoSpaceError:
        """The error for ``error`` (ENOSPC or EDQUOT) on what ``key`` and ``params`` name."""
        quota = getattr(errno, "EDQUOT", None)
        reason = Phrase("err.nospace.quota" if error.errno == quota else "err.nospace.disk")
        return cls(key=key, params={**params, "reason": reason})


def is_no_space(error: BaseException) -> bool:
    """Whether ``error`` is a write refused for want of space (ENOSPC, EDQUOT)."""
    return isinstance(error, OSError) and error.errno in NO_SPACE_ERRNOS


def from_terminal(error: BaseException) -> str | None:
    """``stdout`` or ``stderr`` when ``error`` was raised writing that terminal stream.

    Found from the traceback: a frame of click's ``echo`` (every terminal line goes
    through it) or of the stream's own ``flush``. None when it came from a file.
    """
    tb = error.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "echo" and "click" in frame.f_code.co_filename:
            stream = frame.f_locals.get("file")
            for name in ("stdout", "stderr"):
                if stream is not None and stream is getattr(sys, name, None):
                    return name
            if stream is not None:
                name = str(getattr(stream, "name", ""))
                return name.strip("<>") or "stdout"
        tb = tb.tb_next
    return None
