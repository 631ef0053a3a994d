"""身份证号码 (GB 11643-1999): the check character, the birth date and gender it holds."""

from __future__ import annotations

import re

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
    _factorise,
    _raise_first,
)

# ------------------------------------------------------------------------------ ID numbers

#: GB 11643-1999 weights of the 17 body digits (2^(17-i) mod 11) and the check characters
#: indexed by the weighted sum mod 11 (ISO 7064 MOD 11-2).
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK = "10X98765432"
_ID18 = re.compile(r"\d{17}[\dX]")
_ID15 = re.compile(r"\d{15}")
_ID_PLAIN = re.compile(r"[0-9]{17}[0-9X]")
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+")


def id_check_character(body: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits of an ID number.

    Parameters
    ----------
    body
        17 digits (region code, birth date ``YYYYMMDD``, sequence number).

    Returns
    -------
    str
        ``0``–``9`` or ``X``: ``"10X98765432"[sum(digit_i × W_i) mod 11]`` with
        ``W_i = 2^(17-i) mod 11`` (ISO 7064 MOD 11-2).
    """
    digits = np.frombuffer(body.encode("ascii"), dtype=np.uint8).astype(np.int64) - 48
    return ID_CHECK[int(digits @ ID_WEIGHTS) % 11]


def _id_text(value: object) -> str | None:
    """The ID as text, normalised; None for blank. Numbers Excel made of it are refused."""
    if isinstance(value, bool):
        raise _Bad("value.id_malformed")
    if isinstance(value, float | np.floating):
        raise _Bad("value.id_excel_number")
    if isinstance(value, int | np.integer):
        text = str(int(value))
        if len(text) == 15:  # a legacy number fits a double exactly
            return text
        raise _Bad("value.id_excel_number")
    if not isinstance(value, str):
        raise _Bad("value.id_malformed")
    normal = _blank_text(value)
    if normal is None:
        return None
    text = normal
    text = text.lstrip("'").upper()
    if _SCIENTIFIC.fullmatch(text):
        raise _Bad("value.id_excel_number")
    return text


def parse_id_number(cells: pd.Series) -> Parsed:
    """Read 身份证号码 (citizen ID numbers, GB 11643-1999) and the birth and gender they hold.

    An 18-character number is 6 region digits, the birth date ``YYYYMMDD``, 3 sequence digits
    (odd for men, even for women) and a check character verified as in
    :func:`id_check_character`. A legacy 15-digit number holds ``YYMMDD`` (19YY) and ends in
    the sequence digits. Spaces, a leading ``'`` (Excel's text mark) and a lower-case ``x``
    are read away.

    Parameters
    ----------
    cells
        The cells of one column (length n).

    Returns
    -------
    Parsed
        ``values``: the normalised numbers (str, ``<NA>`` for blanks). ``extra``:
        ``birth_year``, ``birth_month``, ``birth_day`` (Int64) and ``gender`` (``"M"``/``"F"``).
        ``converted`` counts 15-digit and otherwise rewritten numbers, and blank marks.

    Raises
    ------
    CellProblem
        ``value.id_excel_number`` for a number Excel stored as a number (a float, an 18-digit
        integer, ``4.49901E+17``, or 18 digits ending in ``000`` whose check fails: Excel keeps
        15 significant digits); ``value.id_check_digit``, ``value.id_birth_date`` or
        ``value.id_malformed`` otherwise.
    """
    cells = _as_series(cells)
    codes, uniques = _factorise(cells)
    bad: dict[int, _Bad] = {}
    texts: list[str | None] = []
    rewritten: list[bool] = []
    for unique, value in enumerate(uniques):
        if type(value) is str and _ID_PLAIN.fullmatch(value):  # the common case, as typed
            texts.append(value)
            rewritten.append(False)
            continue
        try:
            text = _id_text(value)
            if text is not None and not (_ID18.fullmatch(text) or _ID15.fullmatch(text)):
                raise _Bad("value.id_malformed")
        except _Bad as problem:
            bad[unique] = problem
            text = None
        texts.append(text)
        # Anything not typed as 18 plain characters was read from another form (a legacy
        # 15-digit number, spaces, a lower-case x, a blank mark).
        rewritten.append(isinstance(value, str) and bool(value.strip()) or text is not None)
    count = len(texts)
    long_ids = np.array([t is not None and len(t) == 18 for t in texts], dtype=bool)
    short_ids = np.array([t is not None and len(t) == 15 for t in texts], dtype=bool)
    year = np.zeros(count, dtype=np.int64)
    month = np.zeros(count, dtype=np.int64)
    day = np.zeros(count, dtype=np.int64)
    odd = np.zeros(count, dtype=bool)
    if long_ids.any():
        chosen = [t for t in texts if t is not None and len(t) == 18]
        matrix = np.frombuffer("".join(chosen).encode("ascii"), dtype=np.uint8).reshape(-1, 18)
        digits = matrix[:, :17].astype(np.int64) - 48
        expected = np.frombuffer(ID_CHECK.encode("ascii"), dtype=np.uint8)[
            (digits @ ID_WEIGHTS) % 11
        ]
        for unique, wanted in zip(
            np.flatnonzero(long_ids)[expected != matrix[:, 17]].tolist(),
            expected[expected != matrix[:, 17]].tolist(),
            strict=True,
        ):
            text = texts[unique]
            assert text is not None
            # Excel keeps 15 significant digits: the last three of an 18-digit number it
            # stored as a number come back as 000, and the check fails.
            excel = text[15:] == "000"
            key = "value.id_excel_number" if excel else "value.id_check_digit"
            bad[int(unique)] = _Bad(key, expected=chr(int(wanted)))
        year[long_ids] = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
        month[long_ids] = digits[:, 10:12] @ np.array([10, 1])
        day[long_ids] = digits[:, 12:14] @ np.array([10, 1])
        odd[long_ids] = digits[:, 16] % 2 == 1
    for unique in np.flatnonzero(short_ids).tolist():
        legacy = texts[unique]
        assert legacy is not None
        text = legacy
        year[unique] = 1900 + int(text[6:8])
        month[unique] = int(text[8:10])
        day[unique] = int(text[10:12])
        odd[unique] = int(text[14]) % 2 == 1
    present = long_ids | short_ids
    for unique in np.flatnonzero(present & ~_valid_dates(year, month, day)).tolist():
        bad.setdefault(
            int(unique),
            _Bad(
                "value.id_birth_date",
                date=f"{year[unique]:04d}-{month[unique]:02d}-{day[unique]:02d}",
            ),
        )
    _raise_first(cells, codes, bad)
    index = cells.index

    where = np.where(codes < 0, count, codes)
    absent = np.append(~present, True)[where]

    def spread(per: np.ndarray) -> pd.Series:
        return pd.Series(pd.arrays.IntegerArray(np.append(per, 0)[where], absent), index=index)

    genders = [("M" if o else "F") if p else None for o, p in zip(odd, present, strict=True)]
    return Parsed(
        _column(codes, texts, "string", index),
        _converted(codes, rewritten),
        {
            "birth_year": spread(year),
            "birth_month": spread(month),
            "birth_day": spread(day),
            "gender": _column(codes, genders, "string", index),
        },
    )


def _valid_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Whether each (year, month, day) is a calendar date (Gregorian leap years)."""
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    lengths = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    ok_month = (month >= 1) & (month <= 12)
    last = lengths[np.where(ok_month, month, 0)] + (leap & (month == 2))
    return ok_month & (day >= 1) & (day <= last) & (year >= YEAR_MIN) & (year <= YEAR_MAX)


def birth_contradiction(birth: Parsed, ids: Parsed) -> int | None:
    """The first position where 出生年月 and the 身份证号码 disagree on the birth, or None.

    Years must agree where both are known; months where both are known, except that an
    ambiguous ``YYYY.1`` (January or October, see :func:`parse_year_month`) agrees with either;
    days are not compared (forms write ``1985/9/1`` for September 1985).

    Parameters
    ----------
    birth
        :func:`parse_year_month` of 出生年月 (length n).
    ids
        :func:`parse_id_number` of 身份证号码 (length n).

    Returns
    -------
    int or None
        0-based position: the intake names both cells of that row (exit 2).
    """
    year = birth.values.to_numpy(dtype=float, na_value=np.nan)
    id_year = ids.extra["birth_year"].to_numpy(dtype=float, na_value=np.nan)
    month = birth.extra["month"].to_numpy(dtype=float, na_value=np.nan)
    id_month = ids.extra["birth_month"].to_numpy(dtype=float, na_value=np.nan)
    ambiguous = birth.extra["ambiguous"].to_numpy(dtype=bool)
    year_differs = ~np.isnan(year) & ~np.isnan(id_year) & (year != id_year)
    month_agrees = (month == id_month) | (ambiguous & np.isin(id_month, (1, 10)))
    month_differs = ~np.isnan(month) & ~np.isnan(id_month) & ~month_agrees
    hits = np.flatnonzero(year_differs | month_differs)
    return int(hits[0]) if len(hits) else None


def settle_month(birth: Parsed, ids: Parsed) -> Parsed:
    """出生年月 with the month of an ambiguous ``YYYY.1`` taken from the ID number.

    Call after :func:`birth_contradiction` found none. Where the ID number is blank the month
    stays October (the number's reading) and stays flagged ambiguous.

    Parameters
    ----------
    birth
        :func:`parse_year_month` of 出生年月 (length n).
    ids
        :func:`parse_id_number` of 身份证号码 (length n).

    Returns
    -------
    Parsed
        ``birth`` with ``extra["month"]`` settled and ``extra["ambiguous"]`` cleared there.
    """
    ambiguous = birth.extra["ambiguous"]
    id_month = ids.extra["birth_month"]
    settled = ambiguous & id_month.notna().to_numpy()
    month = birth.extra["month"].where(~settled, id_month).astype("Int64")
    return Parsed(
        birth.values,
        birth.converted,
        {**birth.extra, "month": month, "ambiguous": ambiguous & ~settled},
    )
