"""Atomic writing of CSV, xlsx and JSON outputs, safe against spreadsheet formula injection.

Every file of a run is first written into a staging folder beside the target folder; only
when all of them are complete is the whole set switched in, in one step where the filesystem
allows it (see :mod:`cadreplan.cli.render.folders`). A run that fails at any point removes
its staging folder and leaves earlier outputs untouched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cadreplan.solver.errors import OptionError

from .encodings import CSV_ENCODINGS, DEFAULT_CSV_ENCODING
from .folders import staged_output as staged_output  # re-exported

#: A text cell starting with one of these would be run as a formula by Excel or WPS.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would read as a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text cells made safe to open: none can run as a formula.

    Numbers are left as numbers. A column none of whose texts starts as a formula is left
    as it is (looked for in the column's joined text first); ``frame`` itself is never
    changed: a changed column goes into a copy.
    """
    out = frame
    for column in frame.columns:
        series = frame[column]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series)):
            continue
        if not _may_run(series.tolist()):
            continue
        if out is frame:
            out = frame.copy()
        out[column] = series.map(neutralise)
    return out


def _may_run(values: list[Any]) -> bool:
    """Whether a text of ``values`` may start as a formula (never False when one does)."""
    try:
        joined = "\n" + "\n".join(values)
    except TypeError:  # blanks or numbers among the texts
        return any(isinstance(v, str) and v.startswith(FORMULA_START) for v in values)
    return any("\n" + start in joined for start in FORMULA_START)


def write_csv(
    stage: Path, name: str, frame: pd.DataFrame, encoding: str = DEFAULT_CSV_ENCODING
) -> Path:
    """Write ``frame`` as CSV with English contract headers and safe text cells.

    Parameters
    ----------
    stage
        The staging folder of the run.
    name
        The file name, such as ``mentor_pairs.csv``.
    frame
        The table; its column names are the contract's English headers.
    encoding
        One of :data:`CSV_ENCODINGS`.

    Raises
    ------
    OptionError
        When a cell holds a character the encoding cannot write (only a lone surrogate,
        since UTF-8 and GB18030 both cover all of Unicode); the message names the row
        (as a spreadsheet counts it) and the column.
    """
    if encoding not in CSV_ENCODINGS:
        raise OptionError(key="err.csv_encoding", params={"known": tuple(CSV_ENCODINGS)})
    path = stage / name
    text = safe_frame(frame).to_csv(index=False, lineterminator="\n")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as error:
        raise _unwritable(name, frame, error, encoding) from None
    path.write_bytes(data)
    return path


def _unwritable(
    name: str, frame: pd.DataFrame, error: UnicodeEncodeError, encoding: str
) -> OptionError:
    """Where the character that ``encoding`` cannot write sits, and what to do about it."""
    bad = error.object[error.start : error.end]
    code = ", ".join(f"U+{ord(ch):04X}" for ch in bad)
    params: dict[str, object] = {"file": name, "code": code, "encoding": encoding}
    for position, column in enumerate(frame.columns):
        for index, value in enumerate(frame[column].tolist()):
            if isinstance(value, str) and bad in value:
                params.update(row=index + 2, column=frame.columns[position])
                return OptionError(key="err.csv_unwritable_at", params=params)
    return OptionError(key="err.csv_unwritable", params=params)


def write_workbook(
    stage: Path,
    name: str,
    sheets: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    extra: Any = None,
    title: str | None = None,
) -> Path:
    """Write tables as a workbook ready to read and print (see :mod:`.workbook`).

    Values are shown in ``lang`` (codes as words, booleans as 是/否 or yes/no), headers are
    localised with their units, and every sheet has its print setup with ``title`` (default:
    the workbook's name) on each page. ``extra(workbook, sheets_by_title)`` may add charts.
    """
    from .stamp import planning_date
    from .workbook import PrintTitle, plan_sheet, write_sheets

    print_title = PrintTitle(title or Path(name).stem, planning_date(), lang)
    tables = [plan_sheet(key, frame, lang) for key, frame in sheets.items()]
    return write_sheets(stage, name, tables, print_title, extra=extra)


def write_json(stage: Path, name: str, payload: Mapping[str, Any]) -> Path:
    path = stage / name
    path.write_text(to_json(payload) + "\n", encoding="utf-8")
    return path


def to_json(payload: Mapping[str, Any]) -> str:
    # Strict JSON: NaN or Infinity would make summary.json unreadable to other tools; the
    # library refuses non-finite inputs, and this guard turns any that slip through into an
    # internal error rather than a broken file.
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple | set):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
