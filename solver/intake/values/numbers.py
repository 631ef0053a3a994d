"""Yes/no, numbers with units and separators, and lists."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ...vocabulary import BOOL_FALSE, BOOL_TRUE, LIST_SPLIT
from .cells import (
    CellProblem,
    Parsed,
    _as_series,
    _Bad,
    _blank_text,
    _column,
    _converted,
    _read_distinct,
    _text,
)
from .words import _read_word

# ---------------------------------------------------------------- yes/no, numbers and lists


def _read_bool(value: object) -> tuple[Any, ...]:
    if isinstance(value, bool | np.bool_):
        return bool(value), False
    if isinstance(value, int | float | np.integer | np.floating):
        if value in (0, 1):
            return bool(value), False
        raise _Bad("value.not_a_bool")
    text = _blank_text(str(value))
    if text is None:
        return None, bool(str(value).strip())
    if text in BOOL_TRUE:
        return True, text not in {"true", "1", "是"}
    if text in BOOL_FALSE:
        return False, text not in {"false", "0", "否"}
    raise _Bad("value.not_a_bool")


def parse_bool(cells: pd.Series) -> Parsed:
    """Read yes/no cells: ``是/否``, ``true/false``, ``yes/no``, ``1/0``, ``√/×``, ``有/没有`` ….

    Parameters
    ----------
    cells
        The cells of one column (length n); bool and 0/1 number cells are taken as they are.

    Returns
    -------
    Parsed
        ``values``: pandas ``boolean`` (``<NA>`` for blanks). ``converted`` counts words other
        than 是/否, true/false, 1/0.

    Raises
    ------
    CellProblem
        ``value.not_a_bool`` for the first other word.
    """
    cells = _as_series(cells)
    codes, results = _read_distinct(cells, _read_bool, 2)
    return Parsed(
        _column(codes, [r[0] for r in results], "boolean", cells.index),
        _converted(codes, [bool(r[1]) for r in results]),
    )


_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<wan>万)?(?P<unit>分|人|户|口|公里|千米|km|米|m|年|岁|个|名|位|元|届|次|项|期|亩|小时)?"
)


#: A plain decimal number as CSV files hold it: read directly (the common case, and a
#: province's villages table has 80,000 distinct ones).
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _read_number(value: object) -> tuple[Any, ...]:
    if type(value) is str and _PLAIN.fullmatch(value):
        return float(value), False
    if isinstance(value, bool | np.bool_):
        raise _Bad("value.not_a_number")
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value), False
    text = _blank_text(str(value))
    if text is None:
        return None, bool(str(value).strip())
    try:
        return float(text), text != str(value).strip()
    except ValueError:
        pass
    match = _NUMBER.fullmatch(text.replace("−", "-"))
    if match is None:
        raise _Bad("value.not_a_number")
    digits = Decimal(match["digits"].replace(",", ""))
    # Decimal, so that 12.4325万 is 124325 exactly, not 124324.99999999999.
    number = float(digits * 10_000 if match["wan"] else digits)
    return (-number if match["sign"] == "-" else number), True


def parse_number(
    cells: pd.Series,
    *,
    integer: bool,
    minimum: float | None = None,
    maximum: float | None = None,
    strict_min: bool = False,
) -> Parsed:
    """Read numbers as forms write them.

    Accepted: numeric cells; text with full-width digits (``８２``), thousands separators
    (``3,200``, ``3，200``), a unit after the number (``82分``, ``3200人``, ``5.7公里``,
    ``12年``: 分 人 户 口 公里 千米 km 米 m 年 岁 个 名 位 元 届 次 项 期 亩 小时) and ``万``
    (``1.25万`` = 12500). Percent signs and other words are refused.

    Parameters
    ----------
    cells
        The cells of one column (length n).
    integer
        Whether the values must be whole numbers (values are then Int64, else Float64).
    minimum, maximum
        Inclusive bounds (``minimum`` exclusive when ``strict_min``); None for no bound.

    Returns
    -------
    Parsed
        ``values``: Int64 or Float64 (``<NA>`` for blanks). ``converted`` counts cells written
        with a unit, separator, full-width digit or 万, and blank marks.

    Raises
    ------
    CellProblem
        ``value.not_a_number``, ``value.not_whole``, ``value.below_minimum`` /
        ``value.not_above_minimum`` (param ``minimum``) or ``value.above_maximum`` (param
        ``maximum``) for the first bad cell.
    """
    cells = _as_series(cells)
    if pd.api.types.is_numeric_dtype(cells.dtype) and not pd.api.types.is_bool_dtype(cells):
        numbers = cells.to_numpy(dtype=float, na_value=np.nan)
        converted = 0
    else:
        codes, results = _read_distinct(cells, _read_number, 2)
        per = np.array([np.nan if r[0] is None else r[0] for r in results] + [np.nan], float)
        numbers = per[np.where(codes < 0, len(results), codes)]
        converted = _converted(codes, [bool(r[1]) for r in results])
    present = ~np.isnan(numbers)
    checks: list[tuple[np.ndarray, str, dict[str, object]]] = [
        (present & ~np.isfinite(numbers), "value.not_a_number", {}),
    ]
    if integer:
        checks.append(
            (present & np.isfinite(numbers) & (numbers != np.round(numbers)), "value.not_whole", {})
        )
    if minimum is not None:
        low = numbers <= minimum if strict_min else numbers < minimum
        key = "value.not_above_minimum" if strict_min else "value.below_minimum"
        checks.append((present & low, key, {"minimum": f"{minimum:g}"}))
    if maximum is not None:
        checks.append(
            (present & (numbers > maximum), "value.above_maximum", {"maximum": f"{maximum:g}"})
        )
    failing = [
        (int(np.flatnonzero(mask)[0]), key, params) for mask, key, params in checks if mask.any()
    ]
    if failing:
        position, key, params = min(failing, key=lambda item: item[0])
        raise CellProblem(position, key, {"value": _text(cells.iloc[position]), **params})
    if integer:
        values = pd.array(np.where(present, numbers, 0).astype(np.int64), dtype="Int64")
        values[~present] = pd.NA
    else:
        values = pd.array(numbers, dtype="Float64")
        values[~present] = pd.NA
    return Parsed(pd.Series(values, index=cells.index), converted)


def parse_list(cells: pd.Series, kind: str | None = None) -> Parsed:
    """Split list cells on ``;`` ``；`` ``,`` ``，`` ``、`` and line breaks.

    Parameters
    ----------
    cells
        The cells of one column (length n).
    kind
        A vocabulary whose words the items are (``category``); None for free tags (skills),
        which are kept as written (trimmed), in order, once each.

    Returns
    -------
    Parsed
        ``values``: tuples (object); an empty tuple for a blank cell. With ``kind`` the items
        are codes, in order, once each. ``converted`` counts cells with a mapped synonym.

    Raises
    ------
    CellProblem
        ``value.unknown.<kind>`` for the first unknown item (param ``value``: the item).
    """
    cells = _as_series(cells)
    read_word = _read_word(kind) if kind is not None else None

    def read(value: object) -> tuple[Any, ...]:
        text = str(value).strip() if not isinstance(value, str) else value.strip()
        if _blank_text(text) is None:
            return (), bool(text)
        parts = [p.strip() for p in LIST_SPLIT.split(text)]
        parts = [p for p in parts if p and _blank_text(p) is not None]
        if read_word is None:
            return tuple(dict.fromkeys(parts)), False
        items: list[str] = []
        converted = False
        for part in parts:
            try:
                code, synonym = read_word(part)
            except _Bad as problem:
                raise _Bad(problem.key, **{**problem.params, "value": part}) from None
            items.append(code)
            converted = converted or synonym
        return tuple(dict.fromkeys(items)), converted

    codes, results = _read_distinct(cells, read, 2)
    per = [r[0] for r in results]
    table = np.empty(len(per) + 1, dtype=object)
    table[:-1] = per
    table[-1] = ()
    values = pd.Series(table[np.where(codes < 0, len(per), codes)], index=cells.index, dtype=object)
    return Parsed(values, _converted(codes, [bool(r[1]) for r in results]))
