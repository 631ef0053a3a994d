"""The engine of the value parsers: problems, results, reading each distinct cell once."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...vocabulary import BLANK_WORDS, normalise_word

#: Years accepted in a date (birth, Party admission).
YEAR_MIN, YEAR_MAX = 1900, 2100


class CellProblem(Exception):
    """The first bad cell of a column.

    Parameters
    ----------
    position
        0-based position of the cell in the Series given to the parser (not its label).
    key
        Catalogue key of the message (``value.…``); ``key + ".fix"`` says what to do.
    params
        The message's parameters (always ``value``: the cell as written).
    """

    def __init__(self, position: int, key: str, params: dict[str, object]) -> None:
        self.position = int(position)
        self.key = key
        self.params = dict(params)
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        """The problem and its fix in ``lang`` (``en`` or ``zh``)."""
        from ...words import has, say

        problem = say(self.key, lang, **self.params)  # type: ignore[arg-type]
        fix = self.key + ".fix"
        return f"{problem} {say(fix, lang, **self.params)}" if has(fix) else problem  # type: ignore[arg-type]


@dataclass(frozen=True)
class Parsed:
    """The typed values of one column.

    Attributes
    ----------
    values
        Typed values, same index as the cells; ``<NA>`` for blanks (an empty tuple for lists).
    converted
        How many cells were read from another form than the plain one (a 出生年月 ``1985.03``
        read as a year, a synonym read as its code, ``82分`` read as 82, ``/`` read as blank).
    extra
        Further columns, same index (``month`` of a year-month, ``gender`` of an ID number …).
    """

    values: pd.Series
    converted: int
    extra: dict[str, pd.Series] = field(default_factory=dict)


class _Bad(Exception):
    """One distinct cell cannot be read: the key of the problem and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params


# ----------------------------------------------------------------------------- the engine


def _as_series(cells: pd.Series | list[Any] | np.ndarray) -> pd.Series:
    return cells if isinstance(cells, pd.Series) else pd.Series(list(cells), dtype=object)


def _text(value: object) -> str:
    """A cell as the user sees it, for messages (a large number as Excel's General shows it)."""
    if isinstance(value, float) and abs(value) >= 1e15:
        return f"{value:.5E}".replace("E+0", "E+").replace(".00000E", "E")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime) and value.time() == _dt.time(0):
        return value.date().isoformat()
    return str(value).strip()


def _is_blank_text(normal: str) -> bool:
    return normal in BLANK_WORDS or (bool(normal) and set(normal) <= {"-", "—", "–", "―", "_"})


def _factorise(cells: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Codes (``-1`` for None/NaN/NaT) and the distinct cells as Python objects."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return codes, list(uniques.tolist() if hasattr(uniques, "tolist") else uniques)


def _read_distinct(
    cells: pd.Series, read: Callable[[Any], tuple[Any, ...]], width: int
) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Read every distinct cell once with ``read``; raise for the first bad cell.

    ``read`` returns a tuple of ``width`` items whose first is the value (``None`` for blank)
    and whose last says whether the cell was converted; it raises :class:`_Bad` for a cell it
    cannot read. Returns the codes (``-1`` for None/NaN cells, which ``read`` never sees) and
    the result of each distinct cell.
    """
    codes, uniques = _factorise(cells)
    results: list[tuple[Any, ...]] = []
    bad: dict[int, _Bad] = {}
    for index, value in enumerate(uniques):
        try:
            results.append(read(value))
        except _Bad as problem:
            bad[index] = problem
            results.append((None,) * width)
    _raise_first(cells, codes, bad)
    return codes, results


def _column(
    codes: np.ndarray, per_distinct: list[Any], dtype: str, index: pd.Index, missing: Any = pd.NA
) -> pd.Series:
    """Spread one value per distinct cell back over the column (``missing`` at code -1).

    ``None`` in ``per_distinct`` is a blank; Int64 columns are built from numpy arrays (a
    column of 100,000 distinct ID numbers must not go through Python objects twice).
    """
    where = np.where(codes < 0, len(per_distinct), codes)
    if dtype == "Int64":
        numbers = np.array([0 if v is None else v for v in per_distinct] + [0], dtype=np.int64)
        absent = np.array([v is None for v in per_distinct] + [True], dtype=bool)
        return pd.Series(pd.arrays.IntegerArray(numbers[where], absent[where]), index=index)
    table = pd.array([*per_distinct, missing], dtype=dtype)
    return pd.Series(table.take(where), index=index)


def _converted(codes: np.ndarray, flags: list[bool]) -> int:
    if not flags:
        return 0
    table = np.array([*flags, False], dtype=bool)
    return int(table[np.where(codes < 0, len(flags), codes)].sum())


def _raise_first(cells: pd.Series, codes: np.ndarray, bad: dict[int, _Bad]) -> None:
    """Raise the problem of the first cell (by position) whose distinct value is bad."""
    if not bad:
        return
    is_bad = np.zeros(int(codes.max()) + 1, dtype=bool)
    is_bad[list(bad)] = True
    position = int(np.flatnonzero((codes >= 0) & is_bad[np.maximum(codes, 0)])[0])
    problem = bad[int(codes[position])]
    params = {"value": _text(cells.iloc[position]), **problem.params}
    raise CellProblem(position, problem.key, params)


def blank_mask(cells: pd.Series) -> np.ndarray:
    """Which cells are blank: nothing written, or a mark that means nothing.

    Parameters
    ----------
    cells
        The cells of one column (length n).

    Returns
    -------
    numpy.ndarray
        Boolean, shape (n,): True for ``None``, NaN, NaT, ``""``, spaces, and after
        normalisation ``/``, ``\\``, a run of dashes (``-``, ``—``, ``－``, ``――``), ``无``,
        ``空``, ``空白``, ``暂无``, ``N/A``, ``null``, ``none``, ``nan``.
    """
    cells = _as_series(cells)
    codes, uniques = _factorise(cells)
    flags = np.array(
        [isinstance(v, str) and _is_blank_text(normalise_word(v)) for v in uniques] + [True],
        dtype=bool,
    )
    return flags[np.where(codes < 0, len(uniques), codes)]


def _blank_text(value: object) -> str | None:
    """The normalised text of a str cell, or None when it is blank."""
    normal = normalise_word(value) if isinstance(value, str) else ""
    return None if _is_blank_text(normal) else normal


def first_difference(a: pd.Series, b: pd.Series) -> int | None:
    """The first position where both Series hold a value and the values differ, or None.

    Parameters
    ----------
    a, b
        Same length; ``<NA>`` on either side is no contradiction.

    Returns
    -------
    int or None
        The 0-based position (the intake names both cells of that row), or None.
    """
    both = a.notna().to_numpy() & b.notna().to_numpy()
    left = a.astype(object).to_numpy()
    right = b.astype(object).to_numpy()
    differ = np.array([x != y for x, y in zip(left[both], right[both], strict=True)], dtype=bool)
    hits = np.flatnonzero(both)[differ] if differ.size else np.array([], dtype=int)
    return int(hits[0]) if len(hits) else None
