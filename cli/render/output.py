"""Atomic writing of CSV, xlsx and JSON outputs, safe against spreadsheet formula injection.

Every file of a run is first written into a staging folder beside the target folder; only
when all of them are complete are they moved in, each with an atomic ``os.replace``. A run
that fails at any point removes its staging folder and leaves earlier outputs untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cadreplan.solver.errors import OptionError

from .encodings import CSV_ENCODINGS, DEFAULT_CSV_ENCODING
from .labels import header

#: A text cell starting with one of these would be run as a formula by Excel or WPS.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would read as a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as formulas; numbers are left as numbers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


@contextlib.contextmanager
def staged_output(target: Path) -> Iterator[Path]:
    """Yield a staging folder; on success move its files into ``target`` atomically."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    try:
        yield stage
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(stage.rglob("*")):
            relative = path.relative_to(stage)
            if path.is_dir():
                (target / relative).mkdir(parents=True, exist_ok=True)
                continue
            os.replace(path, target / relative)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


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
        raise OptionError(f"--csv-encoding must be one of {', '.join(CSV_ENCODINGS)}")
    path = stage / name
    text = safe_frame(frame).to_csv(index=False, lineterminator="\n")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as error:
        raise OptionError(_unwritable(name, frame, error, encoding)) from None
    path.write_bytes(data)
    return path


def _unwritable(name: str, frame: pd.DataFrame, error: UnicodeEncodeError, encoding: str) -> str:
    """Where the character that ``encoding`` cannot write sits, and what to do about it."""
    bad = error.object[error.start : error.end]
    code = ", ".join(f"U+{ord(ch):04X}" for ch in bad)
    for position, column in enumerate(frame.columns):
        for index, value in enumerate(frame[column].tolist()):
            if isinstance(value, str) and bad in value:
                return (
                    f"{name} row {index + 2}, column {frame.columns[position]}: character "
                    f"{code} cannot be written as {encoding}. Remove it from the input, or "
                    f"choose another --csv-encoding."
                )
    return f"{name}: character {code} cannot be written as {encoding}."


def write_workbook(
    stage: Path,
    name: str,
    sheets: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    extra: Any = None,
) -> Path:
    """Write sheets with readable (en/zh) headers, frozen header rows and fitted widths.

    The workbook is streamed (openpyxl write-only mode), so a province's tables write in
    seconds. ``extra(workbook, sheets_by_name)`` may add charts before saving.
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    created = {}
    for sheet_name, frame in sheets.items():
        sheet = workbook.create_sheet(header(sheet_name, lang)[:31])
        created[sheet_name] = sheet
        columns = list(frame.columns)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            values = [str(header(column, lang))] + [str(v) for v in frame[column].head(200)]
            width = min(60, max(8, max(_display_width(v) for v in values) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
        cells = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=header(column, lang))
            cell.font = bold
            cell.fill = fill
            cells.append(cell)
        sheet.append(cells)
        values_by_column = _excel_columns(frame)
        formula_columns = [
            position
            for position, values in enumerate(values_by_column)
            if any(isinstance(v, str) and v.startswith("=") for v in values)
        ]
        rows = list(zip(*values_by_column, strict=True)) if columns else []
        for row in rows:
            if formula_columns:
                cells = list(row)
                for position in formula_columns:
                    cells[position] = _excel_cell(sheet, WriteOnlyCell, cells[position])
                row = tuple(cells)
            sheet.append(row)
    if extra is not None:
        extra(workbook, created)
    path = stage / name
    workbook.save(path)
    return path


def _excel_columns(frame: pd.DataFrame) -> list[list[Any]]:
    """Each column as a list of cell values, converted column by column (not cell by cell)."""
    columns = []
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            values = series.astype(object).where(series.notna(), None).tolist()
        else:
            # Control characters cannot be stored in a worksheet; inputs refuse them, and
            # this keeps any that arrive another way from failing the whole workbook.
            values = [
                ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v
                for v in map(_excel_value, series.tolist())
            ]
        columns.append(values)
    return columns


def _excel_cell(sheet: Any, cell_class: Any, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        # openpyxl would store this as a formula; a typed text cell is shown, never run.
        cell = cell_class(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _excel_value(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, tuple | list):
        return ";".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value if value.startswith(("\t", "\r")) else value
    return value


def write_json(stage: Path, name: str, payload: Mapping[str, Any]) -> Path:
    path = stage / name
    path.write_text(to_json(payload) + "\n", encoding="utf-8")
    return path


def to_json(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple | set):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
