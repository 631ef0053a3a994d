"""Names of tables, files, columns and codes as the pages show them, in the page's language.

The library's files are named by codes (``mentor_pairs.csv``, the column ``person_id``, the
mentor type ``advanced_secretary``); a page shows every one of them in words from the
catalogue (:mod:`cadreplan.solver.words`): in Chinese the workbook's own header words
(:func:`~cadreplan.solver.words.header`) and the vocabularies' display words
(:func:`~cadreplan.solver.words.enum_word`); in English the titles of
:data:`cadreplan.solver.words.web.NAMES_EN`, and a code's words with its underscores
dropped where the catalogue has no title (``subdistrict_cadre`` → ``subdistrict cadre``).
Input tables and their columns are named as the intake report names them, so the Data
page's tables, mapping form and report agree.
"""

from __future__ import annotations

from cadreplan.solver.intake.report import column_word as _column_word
from cadreplan.solver.intake.report import table_word as _table_word
from cadreplan.solver.words import enum_word, has, header, say, solver_word
from cadreplan.solver.words.headers import HEADERS_ZH
from cadreplan.solver.words.web import NAMES_EN


def plain(code: str) -> str:
    """A code as English words: ``subdistrict_cadre`` → ``subdistrict cadre``."""
    return code.replace("_", " ")


def name_word(name: str, lang: str) -> str:
    """An output table's, sheet's or column's name for a reader in ``lang``.

    ``web.name.<name>`` in the catalogue first (names no workbook header carries, such as
    ``budget_summary``), then the workbook's header in Chinese, the English title in English.
    """
    key = f"web.name.{name}"
    if has(key):
        return say(key, lang)  # type: ignore[arg-type]
    if lang == "zh":
        return header(name, "zh")
    return NAMES_EN.get(name) or plain(name).capitalize()


def choice_word(option: str, code: str, lang: str) -> str:
    """A choice of a run option for a reader: the solver's method in words, else the code."""
    if option != "solver":
        return code
    key = f"web.solver.{code}"
    return say(key, lang) if has(key) else solver_word(code, lang)  # type: ignore[arg-type]


def file_word(file_name: str, lang: str) -> str:
    """An output file for a reader: the table it holds, the workbook, the report; else ""."""
    if has(f"web.file.{file_name}"):
        return say(f"web.file.{file_name}", lang)  # type: ignore[arg-type]
    stem, _, suffix = file_name.rpartition(".")
    if suffix == "xlsx":
        return say("web.file.workbook", lang)  # type: ignore[arg-type]
    if suffix == "csv":
        # A table is labelled when the catalogue names it in either language; English names
        # of a few tables are their code made plain (ratings → Ratings), still a label.
        known = name_word(stem, "zh") not in (stem, plain(stem).capitalize())
        return name_word(stem, lang) if known else ""
    return ""


def sheet_code(sheet: str, lang: str) -> str | None:
    """The code of a workbook sheet titled ``sheet`` in a workbook written in ``lang``."""
    if lang == "zh":
        return next((code for code, word in HEADERS_ZH.items() if word[:31] == sheet), None)
    return sheet if sheet in HEADERS_ZH or sheet in NAMES_EN else None


def code_word(kind: str, code: str, lang: str) -> str:
    """An enumeration code (``kind`` a vocabulary) for a reader; the code's words if none."""
    try:
        word = enum_word(kind, code, lang)  # type: ignore[arg-type]
    except KeyError:
        word = name_word(code, lang)
    return plain(word) if lang != "zh" else word


def table_word(table: str, lang: str) -> str:
    """An input table's name as the intake report gives it (``reserves`` → 后备干部)."""
    return _table_word(table, lang) if lang == "zh" else plain(table)  # type: ignore[arg-type]


def column_word(table: str, column: str, lang: str) -> str:
    """An input column's name as the intake report gives it (``person_id`` → 人员编号)."""
    return _column_word(table, column, lang)  # type: ignore[arg-type]
