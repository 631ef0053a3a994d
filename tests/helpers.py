"""Helpers to build small in-memory datasets for property tests."""

from __future__ import annotations

import pandas as pd

from cadreplan.solver.dataset import Dataset, build_dataset
from cadreplan.solver.tables import RawTable


def make_dataset(tables: dict[str, pd.DataFrame], year: int = 2026) -> Dataset:
    """Build a Dataset from frames of text cells, as if read from CSV files."""
    raw = {
        name: RawTable(f"{name}.csv", frame.astype(str).replace({"nan": "", "None": ""}), name)
        for name, frame in tables.items()
    }
    return build_dataset(raw, year, "memory")
