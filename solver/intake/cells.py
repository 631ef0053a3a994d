"""Mapped columns to typed values: the glue between located tables and the value parsers.

Each contract column is typed by its schema kind with the parsers of
:mod:`cadreplan.solver.intake.values` (vectorised: every distinct cell is read once). The
first bad cell raises a :class:`DataError` naming the file, the spreadsheet row and the header
as the user wrote it, with the parser's catalogue key so that it reads in Chinese too. Each
column's count of cells read from another form than the plain one goes to the intake report.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from ..errors import DataError
from ..schema import Column
from ..vocabulary import word_map
from . import values
from .files import CONTROL_RE, MAX_CELL_CHARACTERS
from .values import CellProblem


@dataclass(frozen=True)
class Typed:
    """A typed column, how many cells were read from another form than the plain one, and
    the parser's result (for its extra columns: the month of a year-month …)."""

    values: Any
    converted: int
    parsed: values.Parsed | None = None


def accepted_words(vocabulary: str) -> dict[str, str]:
    """Every accepted spelling of a vocabulary, normalised -> code."""
    return word_map(vocabulary)


def as_text(cells: pd.Series) -> pd.Series:
    """Cells as text: whole numbers without ``.0``, dates as ``YYYY-MM-DD``, blanks ``""``."""
    if cells.dtype == object and pd.api.types.infer_dtype(cells, skipna=False) in (
        "string",
        "empty",
    ):
        return cells
    return pd.Series([_text(v) for v in cells.tolist()], index=cells.index, dtype=object)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def problem_error(problem: CellProblem, label: str, header: str, rows: np.ndarray) -> DataError:
    """The DataError of a parser's CellProblem: file, spreadsheet row, header, key."""
    return DataError(
        label,
        row=int(rows[problem.position]),
        column=header,
        key=problem.key,
        params=problem.params,
    )


def type_column(
    cells: pd.Series, column: Column, label: str, header: str, rows: np.ndarray
) -> Typed:
    """Type the cells of one column by its schema kind.

    Parameters
    ----------
    cells
        The cells as read (text or workbook values), one per data row.
    column
        The schema column.
    label, header, rows
        Where the cells are, for messages: file or sheet, header text, spreadsheet rows.

    Raises
    ------
    DataError
        At the first bad cell, with the parser's catalogue key (English and Chinese).
    """
    cells = cells.reset_index(drop=True)
    try:
        return _typed(cells, column, label, header, rows)
    except CellProblem as problem:
        if problem.key == "value.not_a_year_month" and _year_only(column, header):
            # A column that holds a year (birth_year, 出生年份) asks for a year, not a month.
            problem = CellProblem(problem.position, "value.not_a_year", problem.params)
        raise problem_error(problem, label, header, rows) from None


#: Header words that promise a month or a date (出生年月, 入党时间, 出生日期): a bad cell there
#: is asked for as a year and month; under any other header of a year column, as a year.
_MONTH_OR_DATE = re.compile(r"月|日|时间|date|month|time", re.I)


def _year_only(column: Column, header: str) -> bool:
    """Whether ``header`` of a year column names a year alone (``birth_year``, 出生年份)."""
    return column.kind == "year" and not _MONTH_OR_DATE.search(header)


def _stripped(text: pd.Series) -> pd.Series:
    """``text.str.strip()``, stripping each distinct value once (ids repeat in large tables)."""
    try:
        # Whole column at once: most columns (ids, names) need no stripping at all.
        cells = text.tolist()
        stripped_cells = [value.strip() for value in cells]
    except AttributeError:  # a cell that is not text
        stripped_cells = None
    if stripped_cells is not None and stripped_cells == cells:
        return text
    codes, uniques = pd.factorize(text)
    if len(codes) == 0 or (codes < 0).any():
        return text.str.strip()
    distinct = uniques.tolist()
    stripped = [value.strip() for value in distinct]
    if stripped == distinct:
        return text
    return pd.Series(np.array(stripped, dtype=object)[codes], index=text.index, dtype=object)


def _typed(cells: pd.Series, column: Column, label: str, header: str, rows: np.ndarray) -> Typed:
    kind = column.kind
    text = as_text(cells) if kind == "str" else None
    # as_text gives str cells only: numpy compares them without pandas' overhead.
    blank = (text.to_numpy() == "") if text is not None else values.blank_mask(cells)
    if column.required and blank.any():
        index = _first(blank)
        raise DataError(
            label,
            row=int(rows[index]),
            column=header,
            key="intake.cell.empty_required",
        )
    default = cast(Any, column.default)
    if text is not None:
        text = _stripped(text)
        if default is not None:
            text = text.where(~blank, str(default))
        return Typed(text.astype(object), 0)
    if kind == "year":
        parsed = values.parse_year_month(cells)
        return Typed(parsed.values.astype("Int64").array, parsed.converted, parsed)
    if kind in ("int", "float"):
        parsed = values.parse_number(
            cells,
            integer=kind == "int",
            minimum=column.minimum,
            maximum=column.maximum,
            strict_min=column.strict_min,
        )
        if kind == "float":
            numbers = parsed.values.to_numpy(dtype=float, na_value=np.nan)
            if default is not None:
                numbers = np.where(np.isnan(numbers), float(default), numbers)
            return Typed(numbers, parsed.converted, parsed)
        ints = parsed.values.astype("Int64")
        if default is not None:
            ints = ints.fillna(int(default))
        return Typed(ints.array, parsed.converted, parsed)
    if kind == "bool":
        parsed = values.parse_bool(cells)
        flags = parsed.values.fillna(bool(default)).to_numpy(dtype=bool)
        return Typed(flags, parsed.converted, parsed)
    if kind == "list":
        parsed = values.parse_list(cells, column.vocabulary)
        return Typed(pd.Series(parsed.values.tolist(), dtype=object), parsed.converted, parsed)
    if column.name == "department":
        words = as_text(cells)
        codes = {v: values.normalise_department(v) if v else "" for v in pd.unique(words)}
        return Typed(words.map(codes).astype(object), 0)
    if column.vocabulary is None:
        return Typed(as_text(cells).astype(object), 0)
    if column.vocabulary == "education":
        parsed = values.parse_education(cells)
    elif column.vocabulary == "vetting_result":
        parsed = values.parse_vetting_result(cells)
    else:
        parsed = values.parse_enum(cells, column.vocabulary)
    fill = "" if default is None else str(default)
    codes = pd.Series(
        parsed.values.astype(object).where(parsed.values.notna(), fill).tolist(), dtype=object
    )
    return Typed(codes, parsed.converted, parsed)


def default_column(column: Column, length: int) -> object:
    """The column a table without it gets: its default, or blanks."""
    if column.kind == "list":
        return pd.Series([()] * length, dtype=object)
    if column.kind in ("int", "year"):
        # Built from its values and mask (a list of pd.NA is inferred cell by cell).
        if column.default is None:
            return pd.arrays.IntegerArray(
                np.zeros(length, dtype=np.int64), np.ones(length, dtype=bool)
            )
        return pd.arrays.IntegerArray(
            np.full(length, int(cast(Any, column.default)), dtype=np.int64),
            np.zeros(length, dtype=bool),
        )
    if column.kind == "float":
        number = np.nan if column.default is None else float(cast(Any, column.default))
        return np.full(length, number)
    if column.kind == "bool":
        return np.full(length, bool(column.default))
    fill = "" if column.default is None else str(column.default)
    return pd.Series([fill] * length, dtype=object)


def check_control_characters(
    values: pd.Series, label: str, header: str, rows, *, controls: bool = True, lengths: bool = True
) -> None:
    """Refuse invisible control characters and cells too long for a spreadsheet cell.

    ``controls`` and ``lengths`` say which of the two checks the grid still needs (a grid
    scanned once as a whole may need neither). Raises :class:`DataError` naming the file,
    the row as the spreadsheet counts it and the column (``intake.cell.control_character``
    or ``intake.cell.too_long``).
    """
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    if inferred in ("floating", "integer", "decimal", "boolean", "datetime", "date", "empty"):
        return  # numbers and dates hold no text
    if lengths:
        sizes = np.fromiter(
            (len(v) if isinstance(v, str) else 0 for v in values.to_numpy()),
            dtype=np.int64,
            count=len(values),
        )
        long = sizes > MAX_CELL_CHARACTERS
        if long.any():
            index = _first(long)
            raise DataError(
                label,
                row=int(rows[index]),
                column=header,
                key="intake.cell.too_long",
                params={"length": int(sizes[index]), "limit": MAX_CELL_CHARACTERS},
            )
    if not controls:
        return
    if inferred not in ("string", "mixed", "mixed-integer"):
        values = as_text(values)
    bad = values.str.contains(CONTROL_RE.pattern, regex=True, na=False).to_numpy(dtype=bool)
    if bad.any():
        index = _first(bad)
        found = CONTROL_RE.search(str(values.iloc[index]))
        character = found.group(0) if found else "?"
        raise DataError(
            label,
            row=int(rows[index]),
            column=header,
            key="intake.cell.control_character",
            params={"code": f"U+{ord(character):04X}"},
        )


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])
