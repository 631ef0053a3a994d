"""出生年月 / 出生日期 / 入党时间: a year and, where written, a month."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import numpy as np
import pandas as pd

from .cells import (
    YEAR_MAX,
    YEAR_MIN,
    Parsed,
    _as_series,
    _Bad,
    _blank_text,
    _column,
    _converted,
    _read_distinct,
)

# ------------------------------------------------------------------------ years and months

_TIME = r"(?:t?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DOTTED = re.compile(r"(\d{4})\.(\d{1,2})")
_YEAR_MONTH = re.compile(r"(\d{4})(?:[-/]|年)(\d{1,2})月?")
_DATE = re.compile(r"(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")
_YEAR = re.compile(r"(\d{4})年?")
_PLAIN = re.compile(r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?", re.ASCII)
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
#: Excel serial day numbers accepted as dates: 10000 (1927-05-18) to 73050 (2099-12-31).
#: Smaller numbers are far more likely typos ("19855" is a serial, but "1985" a year and
#: "985" nothing), and no living cadre was born or admitted before 1927.
SERIAL_MIN, SERIAL_MAX = 10_000, 73_050
_EXCEL_EPOCH = _dt.date(1899, 12, 30)


def _check_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise _Bad("value.year_out_of_range", year=year, low=YEAR_MIN, high=YEAR_MAX)
    return year


def _check_month(year: int, month: int) -> tuple[int, int]:
    if not 1 <= month <= 12:
        raise _Bad("value.not_a_month", month=month)
    return _check_year(year), month


def _check_date(year: int, month: int, day: int) -> tuple[int, int, int]:
    _check_month(year, month)
    try:
        _dt.date(year, month, day)
    except ValueError:
        raise _Bad("value.not_a_day", year=year, month=month, day=day) from None
    return year, month, day


def _dotted(year: str, digits: str) -> tuple[int, int, bool]:
    """Year and month of ``YYYY.M`` / ``YYYY.MM``, and whether the month is ambiguous.

    A month typed as a number into a General cell loses its trailing zero: ``1972.10`` is
    stored and shown as ``1972.1``. A single digit 2–9 cannot be such a month (``.20`` …
    are no months), so it is that month; a single ``1`` is read as **October** (the number's
    reading, as on the qingxi forms) and flagged ambiguous, since a clerk may have meant
    January: :func:`birth_contradiction` accepts either, and an ID number settles it.
    """
    if len(digits) == 1 and digits == "1":
        return int(year), 10, True
    month = int(digits)
    if len(digits) == 1 and month == 0:
        raise _Bad("value.not_a_month", month=0)
    return *_check_month(int(year), month), False


def _from_serial(serial: float) -> tuple[int, int, int]:
    """A date from an Excel serial day number (1900 date system, the Windows default)."""
    day = _EXCEL_EPOCH + _dt.timedelta(days=int(serial))
    return _check_date(day.year, day.month, day.day)


def _read_year_month(value: object) -> tuple[Any, ...]:
    """(year, month, day, ambiguous, converted) of one distinct cell; see parse_year_month."""
    if isinstance(value, bool):
        raise _Bad("value.not_a_year_month")
    if isinstance(value, _dt.datetime | _dt.date):
        return value.year, value.month, value.day, False, True
    if isinstance(value, int | np.integer | float | np.floating):
        number = float(value)
        if not np.isfinite(number):
            raise _Bad("value.not_a_year_month")
        if number.is_integer():
            whole = int(number)
            if YEAR_MIN <= whole <= YEAR_MAX:
                return whole, None, None, False, False
            if 100_000 <= whole <= 999_999 or 10_000_000 <= whole <= 99_999_999:
                return _read_year_month(str(whole))
            if SERIAL_MIN <= whole <= SERIAL_MAX:
                return *_from_serial(whole), False, True
            raise _Bad("value.not_a_year_month")
        text = f"{number:.6f}".rstrip("0")
        match = _DOTTED.fullmatch(text)
        if match:
            year, month, ambiguous = _dotted(*match.groups())
            return year, month, None, ambiguous, True
        if SERIAL_MIN <= number <= SERIAL_MAX:  # a date-time serial: the day is the date
            return *_from_serial(number), False, True
        raise _Bad("value.not_a_year_month")
    if not isinstance(value, str):
        raise _Bad("value.not_a_year_month")
    if (match := _PLAIN.fullmatch(value)) is not None:  # the common forms, without normalising
        year_text, separator, month_text, day_text = match.groups()
        if day_text is not None:
            return *_check_date(int(year_text), int(month_text), int(day_text)), False, True
        if separator == ".":
            year, month, ambiguous = _dotted(year_text, month_text)
            return year, month, None, ambiguous, True
        return *_check_month(int(year_text), int(month_text)), None, False, True
    normal = _blank_text(value)
    if normal is None:
        return None, None, None, False, bool(value.strip())
    text = normal
    text = text.replace("。", ".")
    if (match := _YEAR.fullmatch(text)) is not None:
        return _check_year(int(match.group(1))), None, None, False, text != match.group(1)
    if (match := _DOTTED.fullmatch(text)) is not None:
        year, month, ambiguous = _dotted(*match.groups())
        return year, month, None, ambiguous, True
    if (match := _YEAR_MONTH.fullmatch(text)) is not None:
        return *_check_month(int(match.group(1)), int(match.group(2))), None, False, True
    if (match := _DATE.fullmatch(text)) is not None:
        return *_check_date(*(int(g) for g in match.groups())), False, True
    if (match := _COMPACT.fullmatch(text)) is not None:
        year_text, month_text, day_text = match.groups()
        if day_text is None:
            return *_check_month(int(year_text), int(month_text)), None, False, True
        return *_check_date(int(year_text), int(month_text), int(day_text)), False, True
    if _SERIAL.fullmatch(text) is not None:
        return _read_year_month(float(text))
    raise _Bad("value.not_a_year_month")


def parse_year_month(cells: pd.Series) -> Parsed:
    """Read 出生年月 / 出生日期 / 入党时间 cells as a year and, where written, a month.

    Accepted forms (after full-width → half-width): a year ``1985`` or ``1985年``;
    ``1985.03``, ``1985.3``, ``1985-03``, ``1985/3``, ``1985年3月``; full dates ``1985-03-12``,
    ``1985/3/1``, ``1985.3.12``, ``1985年3月12日`` (a time after them is ignored); compact
    ``198503`` and ``19850312``; date cells (``datetime``); Excel serial day numbers such as
    ``31107`` (1985-03-01; 10000–73050, that is 1927–2099; numbers 1900–2100 are years);
    numbers typed into a General cell: ``1985.3`` is March and ``1972.1`` is **October**
    (``1972.10`` loses its zero; see ``extra["ambiguous"]``). Blanks read as ``<NA>``.

    Parameters
    ----------
    cells
        The cells of one column (length n).

    Returns
    -------
    Parsed
        ``values``: Int64 years. ``extra``: ``month`` and ``day`` (Int64, ``<NA>`` where not
        written), ``ambiguous`` (bool: a ``YYYY.1`` whose month may be January or October).
        ``converted`` counts every non-blank cell that is not a bare year, and blank marks.

    Raises
    ------
    CellProblem
        ``value.not_a_year_month``, ``value.not_a_month``, ``value.not_a_day`` or
        ``value.year_out_of_range`` (years outside 1900–2100) for the first bad cell.
    """
    cells = _as_series(cells)
    if pd.api.types.is_datetime64_any_dtype(cells.dtype):
        dates = pd.to_datetime(cells)
        return Parsed(
            dates.dt.year.astype("Int64"),
            int(dates.notna().sum()),
            {
                "month": dates.dt.month.astype("Int64"),
                "day": dates.dt.day.astype("Int64"),
                "ambiguous": pd.Series(np.zeros(len(cells), dtype=bool), index=cells.index),
            },
        )
    codes, results = _read_distinct(cells, _read_year_month, 5)
    years, months, days, ambiguous, converted = (
        (list(c) for c in zip(*results, strict=True)) if results else ([], [], [], [], [])
    )
    index = cells.index
    return Parsed(
        _column(codes, years, "Int64", index),
        _converted(codes, converted),
        {
            "month": _column(codes, months, "Int64", index),
            "day": _column(codes, days, "Int64", index),
            "ambiguous": _column(codes, [bool(a) for a in ambiguous], "bool", index, False),
        },
    )
