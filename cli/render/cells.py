"""What a workbook cell shows: values in the reader's language and formats by column.

The CSV outputs keep codes (``subdistrict_cadre``, ``True``, ``vetting_fail:police``) for
scripts; the workbooks are for people, so each column is turned, as a whole, into words:
enumeration codes into their display words in either language (``街道干部`` /
``sub-district cadre``, from the same vocabulary the intake reads), booleans
into 是/否 (yes/no), eligibility codes into sentences, lists joined with 、. Conversion is per
column through a mapping of its distinct values, so a province's tables convert in
milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cadreplan.solver.vocabulary import VOCABULARIES, display_word, english_word
from cadreplan.solver.words import header
from cadreplan.solver.words.headers import (
    COUNT_HEADERS_ZH,
    ELIGIBILITY_WORDS,
    REASON_CODES_ZH,
    REPORT_WORDS,
    UNITS,
)

#: Excel number formats.
MONEY = "#,##0"
MONEY_WAN = "#,##0.00"
DECIMAL = "0.0"
PERCENT = "0%"
INTEGER = "#,##0"


@dataclass(frozen=True)
class ColumnFormat:
    """How one column is shown in a workbook.

    Attributes
    ----------
    words
        The kind of enumeration (a key of ``VOCABULARIES`` or ``REPORT_WORDS``) whose codes
        the column holds, or ``"eligibility"`` for eligibility reason codes.
    number_format
        The Excel number format, or None for General.
    wrap
        Long text (reasons): wrapped within a capped width instead of spilling over.
    listed
        A list of codes or ids, written joined with 、 (zh) or "; " (en).
    centred
        A short label that is a number (a year): centred, so that in print it stands apart
        from the text of the next column instead of running into it ("2027 基本报酬").
    english_codes
        The English workbook shows the codes as they are (``reason_code``: the stable codes
        of the CSV files, ``age_over;education_below``); the Chinese one shows their words.
    """

    words: str | None = None
    number_format: str | None = None
    wrap: bool = False
    listed: bool = False
    centred: bool = False
    english_codes: bool = False


FORMATS: dict[str, ColumnFormat] = {
    "mentor_type": ColumnFormat(words="mentor_type"),
    "route": ColumnFormat(words="route"),
    "education": ColumnFormat(words="education"),
    "source": ColumnFormat(words="source"),
    "rating": ColumnFormat(words="rating"),
    "status": ColumnFormat(words="status"),
    "gender": ColumnFormat(words="gender"),
    "categories": ColumnFormat(words="category", listed=True),
    "category": ColumnFormat(words="category"),
    "kind": ColumnFormat(words="candidate_kind"),
    "department": ColumnFormat(words="department"),
    "result": ColumnFormat(words="vetting_result"),
    "kept": ColumnFormat(words="boolean"),
    "eligible": ColumnFormat(words="boolean"),
    "cross_village_pilot": ColumnFormat(words="boolean"),
    "veto": ColumnFormat(words="boolean"),
    "over_cap": ColumnFormat(words="boolean"),
    "previous_rating": ColumnFormat(words="rating"),
    "scope": ColumnFormat(words="scope"),
    "people": ColumnFormat(listed=True, wrap=True),
    "reasons": ColumnFormat(words="eligibility", listed=True, wrap=True),
    "reason": ColumnFormat(wrap=True),
    "reason_code": ColumnFormat(words="reason_code", listed=True, english_codes=True),
    "note": ColumnFormat(wrap=True),
    "mentees": ColumnFormat(listed=True, wrap=True),
    "year": ColumnFormat(centred=True),
    **{name: ColumnFormat(number_format=MONEY) for name in UNITS},
}


def column_format(name: str) -> ColumnFormat:
    """The format of column ``name`` (General text or number when not listed)."""
    return FORMATS.get(name, ColumnFormat())


def column_title(name: str, lang: str, *, count: bool = False) -> str:
    """The header a reader sees: the Chinese label in zh, with its unit when it has one.

    ``count`` marks a numeric column whose name elsewhere holds a yes/no (``kept``).
    """
    if count and lang == "zh" and name in COUNT_HEADERS_ZH:
        return COUNT_HEADERS_ZH[name]
    text = header(name, lang)  # type: ignore[arg-type]
    unit = UNITS.get(name)
    if unit is None:
        return text
    return f"{text}（{unit[1]}）" if lang == "zh" else f"{text} ({unit[0]})"


def word(kind: str, code: Any, lang: str) -> Any:
    """One code of ``kind`` as a reader's word (codes of no vocabulary come back as given)."""
    if kind == "boolean":
        if code is None or (isinstance(code, float) and code != code):
            return None
        key = "true" if bool(code) and str(code).lower() not in ("false", "0") else "false"
        en, zh = REPORT_WORDS["boolean"][key]
        return zh if lang == "zh" else en
    if kind == "eligibility":
        return eligibility_word(str(code), lang)
    if kind == "reason_code":
        if lang != "zh":
            return code
        text = REASON_CODES_ZH.get(str(code))
        return text if text is not None else eligibility_word(str(code), lang)
    pair = REPORT_WORDS.get(kind, {}).get(str(code))
    if pair is not None:
        return pair[1] if lang == "zh" else pair[0]
    if kind in VOCABULARIES and isinstance(code, str):
        return display_word(kind, code) if lang == "zh" else english_word(kind, code)
    return code


def eligibility_word(code: str, lang: str) -> str:
    """An eligibility reason code (``vetting_fail:police``) as words ("公安联审不通过")."""
    base, _, department = code.partition(":")
    pair = ELIGIBILITY_WORDS.get(base)
    if pair is None:
        return code
    if lang == "zh":
        name = display_word("department", department)
    else:
        name = english_word("department", department)
    return (pair[1] if lang == "zh" else pair[0]).format(department=name)


def list_separator(lang: str) -> str:
    return "、" if lang == "zh" else "; "


def localise_column(series: pd.Series, name: str, lang: str) -> pd.Series:
    """A column's values as a reader sees them (codes to words, lists joined)."""
    fmt = column_format(name)
    if (fmt.words is None and not fmt.listed) or (fmt.english_codes and lang != "zh"):
        return series
    # The same name may hold a count elsewhere (reserve_ratio.kept): numbers stay numbers.
    if (
        fmt.words == "boolean"
        and not pd.api.types.is_bool_dtype(series)
        and pd.api.types.is_numeric_dtype(series)
    ):
        return series
    kind = fmt.words
    convert: Callable[[Any], Any]
    if fmt.listed:
        separator = list_separator(lang)

        def convert(value: Any) -> Any:
            if value is None or (isinstance(value, float) and value != value):
                return None
            parts = value if isinstance(value, tuple | list) else str(value).split(";")
            parts = [p for p in (str(p).strip() for p in parts) if p]
            if kind is not None:
                parts = [str(word(kind, p, lang)) for p in parts]
            return separator.join(parts) or None

    else:
        assert kind is not None

        def convert(value: Any) -> Any:
            if value is None or (isinstance(value, float) and value != value):
                return None
            return word(kind, value, lang)

    values = series.tolist()
    try:
        mapping = {v: convert(v) for v in set(values)}
        shown = [mapping[v] for v in values]
    except TypeError:  # unhashable cells (lists): convert one by one
        shown = [convert(v) for v in values]
    return pd.Series(shown, index=series.index, dtype=object, name=series.name)


def localise(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every column of ``frame`` as a reader sees it; column names are kept."""
    return pd.DataFrame(
        {name: localise_column(frame[name], name, lang) for name in frame.columns},
        index=frame.index,
    )
