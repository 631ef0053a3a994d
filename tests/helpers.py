"""Helpers of the tests: small in-memory datasets, workbooks of forms, the qingxi forms."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cadreplan.solver.dataset import Dataset, build_dataset
from cadreplan.solver.intake import read_frames


def make_dataset(tables: dict[str, pd.DataFrame], year: int = 2026) -> Dataset:
    """Build a Dataset from frames of text cells, as if read from CSV files."""
    frames = {
        name: frame.astype(str).replace({"nan": "", "None": "", "<NA>": ""})
        for name, frame in tables.items()
    }
    return build_dataset(read_frames(frames), year, "memory")


# CI puts shared/ beside the clone; a developer worktree (wt/<name>) sits one level deeper.
_CLONE = Path(__file__).resolve().parents[1]
SHARED = next(
    (p for p in (_CLONE.parent / "shared", _CLONE.parent.parent / "shared") if p.exists()),
    _CLONE.parent / "shared",
)
#: The real office forms of the sample district (read their README).
QINGXI = SHARED / "forms" / "qingxi"


def copy_qingxi(tmp_path: Path) -> Path:
    """A copy of the qingxi forms (their .csv and .xlsx files) in ``tmp_path/forms``, to edit;
    the test is skipped when ../shared/forms/qingxi is not beside the clone."""
    if not QINGXI.is_dir():
        pytest.skip("../shared/forms/qingxi is not beside the clone")
    folder = tmp_path / "forms"
    folder.mkdir()
    for source in QINGXI.iterdir():
        if source.suffix in (".csv", ".xlsx"):
            shutil.copyfile(source, folder / source.name)
    return folder


def write_book(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> Path:
    """An .xlsx workbook at ``path`` with one sheet per entry of ``sheets`` (its rows), in
    order; the sheets named in ``hidden`` are hidden."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def captured_model(data: Dataset, rules, options):
    """``plan_reserves(data, rules, options)`` and the admission model it solved.

    The model is None when no solver ran (the ranking was already optimal).
    """
    from cadreplan.solver import reserves as reserves_module
    from cadreplan.solver.reserves import plan_reserves

    seen = {}
    original = reserves_module.solve_admissions

    def spy(model, ranking, options, started):
        seen["model"] = model
        return original(model, ranking, options, started)

    reserves_module.solve_admissions = spy
    try:
        plan = plan_reserves(data, rules, options)
    finally:
        reserves_module.solve_admissions = original
    return plan, seen.get("model")
