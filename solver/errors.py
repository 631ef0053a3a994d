"""Exceptions raised by the library; only ``cli/`` turns them into messages and exit codes."""

from __future__ import annotations


class CadreplanError(Exception):
    """Base class of every error the library raises on purpose."""


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
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += "," if self.row is not None else ""
            where += f" column {self.column}"
        text = f"{where}: {self.problem}"
        if self.fix:
            text += f" {self.fix}"
        return text


class RulesError(CadreplanError):
    """A rules or scenario TOML file has an unknown key or a value out of range."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{file}, key {key}: {problem}")


class TooLargeError(CadreplanError):
    """The model would not fit in memory; the message says what to change."""


class OptionError(CadreplanError):
    """Options that cannot work together (a usage error)."""


class InfeasibleError(CadreplanError):
    """The hard rules admit no plan; ``conflicts`` names the rules that clash."""

    def __init__(self, message: str, conflicts: tuple[str, ...] = ()) -> None:
        self.conflicts = conflicts
        super().__init__(message)


class NoSolutionError(CadreplanError):
    """The solver found no plan within the time limit."""


class PlanCheckError(CadreplanError):
    """The independent checker found a plan that breaks a hard rule: a bug in a model."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        shown = "; ".join(violations[:5])
        more = f" (and {len(violations) - 5} more)" if len(violations) > 5 else ""
        super().__init__(f"plan check failed: {shown}{more}")
