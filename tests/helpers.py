"""Helpers to build small in-memory datasets for property tests."""

from __future__ import annotations

import pandas as pd

from cadreplan.solver.dataset import Dataset, build_dataset
from cadreplan.solver.intake import read_frames


def make_dataset(tables: dict[str, pd.DataFrame], year: int = 2026) -> Dataset:
    """Build a Dataset from frames of text cells, as if read from CSV files."""
    frames = {
        name: frame.astype(str).replace({"nan": "", "None": "", "<NA>": ""})
        for name, frame in tables.items()
    }
    return build_dataset(read_frames(frames), year, "memory")
