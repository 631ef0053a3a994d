"""Mapped columns to typed values: the glue between located tables and the cell parsers.

Each contract column is typed by its schema kind, vectorised over the column (a province's
reserves are 52,000 rows). The first bad cell raises a :class:`DataError` naming the file, the
spreadsheet row and the header as the user wrote it. Besides the plain forms, cells as forms
write them are read (and counted as converted for the intake report): dates and year-months
such as ``1985.03`` or ``1991年7月`` or a date cell for a year, blanks written ``/`` or ``无``,
the words of the wider vocabularies below.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

import numpy as np
import pandas as pd

from ..errors import DataError
from ..schema import ENUM_NOUN, Column, normalise_word
from ..vocabulary import BOOL_FALSE, BOOL_TRUE, LIST_SPLIT, VOCABULARIES

#: Words that offices write beyond the display words, by vocabulary (SPEC "Values as forms
#: write them"): GB/T 4658 education words, ratings, statuses, sources, mentor types, vetting
#: results, 脱贫村.
FORM_WORDS: dict[str, dict[str, str]] = {
    "education": {
        "研究生": "master",
        "硕士研究生": "master",
        "博士研究生": "doctor",
        "大学本科": "bachelor",
        "大学专科": "college",
        "中等专科": "vocational",
        "职高": "vocational",
        "技校": "vocational",
        "中技": "vocational",
    },
    "status": {"拟调整": "to_adjust", "调整": "to_adjust", "现任": "in_post"},
    "rating": {"优秀": "excellent", "称职": "good", "基本称职": "fair", "不称职": "poor"},
    "source": {
        "致富能手": "wealth_leader",
        "外出务工经商返乡人员": "returnee",
        "大学生村官": "graduate",
    },
    "mentor_type": {
        "村(居)党建指导员": "instructor",
        "退休村(社区)党组织书记": "retired_secretary",
        "先进村党组织书记": "advanced_secretary",
    },
    "vetting_result": {
        "合格": "pass",
        "同意": "pass",
        "未发现问题": "pass",
        "无异常": "pass",
        "不合格": "fail",
        "不同意": "fail",
        "有问题": "fail",
        "核查中": "pending",
    },
    "category": {"脱贫村": "poor", "脱贫": "poor"},
}
#: Cells that mean "nothing here" in typed columns.
BLANK_WORDS = frozenset({"/", "—", "－", "-", "——", "无", "空", "暂无", "\\"})


@cache
def accepted_words(vocabulary: str) -> dict[str, str]:
    """Every accepted spelling of a vocabulary, normalised -> code."""
    source = VOCABULARIES.get(vocabulary, {})
    mapping: dict[str, str] = {}
    for code, chinese in source.items():
        for word in (code, *chinese.split(";")):
            mapping[normalise_word(word)] = code
    for word, code in FORM_WORDS.get(vocabulary, {}).items():
        mapping.setdefault(normalise_word(word), code)
    return mapping


@dataclass(frozen=True)
class Typed:
    """A typed column and how many cells were read from another form than the plain one."""

    values: object
    converted: int


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
        At the first bad cell.
    """

    def fail(index: int, problem: str, fix: str | None = None) -> DataError:
        return DataError(label, problem, row=int(rows[index]), column=header, fix=fix)

    raw = cells
    values = as_text(cells)
    converted = 0
    if column.kind != "str":
        blank_words = values.isin(BLANK_WORDS).to_numpy()
        if blank_words.any():
            converted += int(blank_words.sum())
            values = values.where(~blank_words, "")
    blank = (values == "").to_numpy()
    if column.required and blank.any():
        index = _first(blank)
        raise fail(index, "the cell is empty, but this column is required.", "Fill it in.")
    kind = column.kind
    if kind == "str":
        if column.default is not None:
            values = values.where(~blank, str(column.default))
        return Typed(values.astype(object).reset_index(drop=True), converted)
    normal = pd.Series(
        [
            v.strip() if v.isascii() else unicodedata.normalize("NFKC", v).strip()
            for v in values.tolist()
        ],
        index=values.index,
        dtype=object,
    )
    if kind == "year":
        numbers, count = _years(raw, normal, blank)
        converted += count
        kind_for_range = "year"
    else:
        numbers = pd.to_numeric(normal.where(~blank, None), errors="coerce").to_numpy(float)
        kind_for_range = kind
        if kind in ("int", "float"):
            bad = ~blank & ~np.isfinite(numbers)
            if bad.any():
                # 82分, 3,200, 3200人: digits with a unit or thousands separators.
                cleaned = normal.str.replace(
                    r"[,，]|(?<=\d)(分|人|户|公里|千米|km|年|元|名|个)$", "", regex=True
                )
                retry = pd.to_numeric(cleaned.where(bad, None), errors="coerce").to_numpy(float)
                fixed = bad & np.isfinite(retry)
                numbers = np.where(fixed, retry, numbers)
                converted += int(fixed.sum())
    if kind in ("int", "float", "year"):
        bad = ~blank & ~np.isfinite(numbers)
        if bad.any():
            index = _first(bad)
            if kind == "year":
                raise DataError(
                    label,
                    row=int(rows[index]),
                    column=header,
                    key="value.not_a_year",
                    params={"value": values.iloc[index]},
                )
            raise fail(index, f"'{values.iloc[index]}' is not a number.", "Write digits only.")
        if kind in ("int", "year"):
            whole = blank | (numbers == np.floor(np.where(blank, 0, numbers)))
            if not whole.all():
                index = _first(~whole)
                raise fail(index, f"'{values.iloc[index]}' is not a whole number.")
        if kind_for_range == "year":
            out = ~blank & ((numbers < 1900) | (numbers > 2100))
            if out.any():
                index = _first(out)
                raise DataError(
                    label,
                    row=int(rows[index]),
                    column=header,
                    key="value.not_a_year",
                    params={"value": values.iloc[index]},
                )
        _check_range(numbers, blank, column, values, fail)
        if kind == "float":
            if column.default is not None:
                numbers = np.where(blank, float(cast(Any, column.default)), numbers)
            return Typed(numbers, converted)
        ints = pd.array(np.where(blank, 0, numbers).astype(np.int64), dtype="Int64")
        if column.default is not None:
            ints[blank] = int(cast(Any, column.default))
        else:
            ints[blank] = pd.NA
        return Typed(ints, converted)
    if kind == "bool":
        lowered = normal.str.lower()
        true = lowered.isin(BOOL_TRUE | {"√", "✓", "是的", "有"}).to_numpy()
        false = lowered.isin(BOOL_FALSE | {"×", "✗", "不是"}).to_numpy()
        bad = ~blank & ~true & ~false
        if bad.any():
            index = _first(bad)
            raise fail(
                index,
                f"'{values.iloc[index]}' is not a yes/no value.",
                "Use true/false, yes/no, 1/0 or 是/否.",
            )
        return Typed(np.where(blank, bool(column.default), true), converted)
    accepted = accepted_words(column.vocabulary) if column.vocabulary else {}
    plain = set(column.accepted)
    noun = ENUM_NOUN.get(column.name, column.name)
    if kind == "enum":
        if not accepted:
            return Typed(values.astype(object).reset_index(drop=True), converted)
        words = {v: accepted.get(normalise_word(v)) for v in pd.unique(normal)}
        mapped = normal.map(words)
        bad = ~blank & mapped.isna().to_numpy()
        if bad.any():
            index = _first(bad)
            raise fail(index, f"'{values.iloc[index]}' is not a known {noun}.", _choices(column))
        converted += int((~blank & ~normal.isin(plain).to_numpy()).sum())
        if column.default is not None:
            mapped = mapped.where(~blank, column.default)
        return Typed(
            mapped.where(mapped.notna(), "").astype(object).reset_index(drop=True), converted
        )
    items: list[tuple[str, ...]] = []
    for index, text in enumerate(normal.tolist()):
        parts = tuple(p.strip() for p in LIST_SPLIT.split(text) if p.strip())
        if accepted:
            codes = []
            for part in parts:
                code = accepted.get(normalise_word(part))
                if code is None:
                    raise fail(index, f"'{part}' is not a known {noun}.", _choices(column))
                if part not in plain:
                    converted += 1
                codes.append(code)
            parts = tuple(dict.fromkeys(codes))
        items.append(parts)
    return Typed(pd.Series(items, dtype=object), converted)


_YEAR_MONTH = re.compile(
    r"^((?:19|20)\d{2})(?:\s*[.\-/年]\s*(\d{1,2})(?:\s*[.\-/月]\s*(\d{1,2})\s*日?)?\s*月?)?$"
)


def _years(raw: pd.Series, normal: pd.Series, blank: np.ndarray) -> tuple[np.ndarray, int]:
    """Years from a year, a year-month or a date in any common form (NaN where unreadable).

    ``1985``, ``1985.03``, ``1985.3``, ``1985年3月``, ``1985-03-12``, ``1985/3/1``,
    ``1985年3月12日``, date cells, and Excel date serials (days since 1899-12-30).
    """
    # Plain 4-digit years (almost every cell of a clean table) are read in one step.
    out = pd.to_numeric(normal.where(~blank, None), errors="coerce").to_numpy(float)
    plain = np.isfinite(out) & (out == np.floor(np.nan_to_num(out))) & (out >= 1900) & (out <= 2100)
    out = np.where(plain, out, np.nan)
    converted = 0
    raw_values = raw.tolist()
    normal_values = normal.tolist()
    for index in np.flatnonzero(~plain & ~blank):
        text = normal_values[index]
        value = raw_values[index]
        if isinstance(value, datetime.datetime | datetime.date):
            out[index] = value.year
            converted += 1
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            if 1900 <= number < 2101:
                out[index] = int(number)
                converted += int(not float(number).is_integer())
                continue
            if 1 <= number < 80000:
                day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(number))
                out[index] = day.year
                converted += 1
            continue
        match = _YEAR_MONTH.match(text)
        if match:
            out[index] = int(match.group(1))
            converted += int(match.group(2) is not None)
        elif re.fullmatch(r"\d{5}", text):
            day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(text))
            out[index] = day.year
            converted += 1
    return out, converted


def _check_range(numbers, blank, column: Column, values: pd.Series, fail) -> None:
    if column.minimum is not None:
        below = ~blank & (
            numbers <= column.minimum if column.strict_min else numbers < column.minimum
        )
        if below.any():
            index = _first(below)
            relation = "greater than" if column.strict_min else "at least"
            raise fail(
                index,
                f"{values.iloc[index]} is out of range; it must be {relation} {column.minimum:g}.",
            )
    if column.maximum is not None:
        above = ~blank & (numbers > column.maximum)
        if above.any():
            index = _first(above)
            raise fail(
                index,
                f"{values.iloc[index]} is out of range; it must be at most {column.maximum:g}.",
            )


def default_column(column: Column, length: int) -> object:
    """The column a table without it gets: its default, or blanks."""
    if column.kind == "list":
        return pd.Series([()] * length, dtype=object)
    if column.kind in ("int", "year"):
        if column.default is None:
            return pd.array([pd.NA] * length, dtype="Int64")
        return pd.array([column.default] * length, dtype="Int64")
    if column.kind == "float":
        number = np.nan if column.default is None else float(cast(Any, column.default))
        return np.full(length, number)
    if column.kind == "bool":
        return np.full(length, bool(column.default))
    fill = "" if column.default is None else str(column.default)
    return pd.Series([fill] * length, dtype=object)


CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_control_characters(values: pd.Series, label: str, header: str, rows) -> None:
    """Refuse invisible control characters: no spreadsheet can hold them in a cell."""
    text = as_text(values)
    bad = text.str.contains(CONTROL_RE.pattern, regex=True).to_numpy(dtype=bool)
    if bad.any():
        index = _first(bad)
        found = CONTROL_RE.search(text.iloc[index])
        character = found.group(0) if found else "?"
        raise DataError(
            label,
            f"the cell holds an invisible control character (U+{ord(character):04X}).",
            row=int(rows[index]),
            column=header,
            fix="Delete it and retype the cell.",
        )


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _choices(column: Column) -> str:
    words = column.words or {}
    listed = ", ".join(f"{code} ({chinese.split(';')[0]})" for code, chinese in words.items())
    return f"Use one of: {listed}."
