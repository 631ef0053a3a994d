"""Reading speed of the intake, as ratios measured in one run.

Usage::

    python benchmarks/intake.py [--villages 26000] [--repeat 3] [--keep DIR]

It generates a district (``plan generate``), writes it as a folder of CSV files and as one
xlsx workbook, and times ``load_dataset`` on both against a floor: pandas reading the same
CSV files bare (``read_csv(dtype=str)``, no typing, no checks). It prints seconds and the
ratios ``csv / floor`` and ``xlsx / csv`` (issue 11 asks xlsx <= 3 x csv). Timings are best of
``--repeat`` runs; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from cadreplan.solver.dataset import load_dataset
from cadreplan.solver.generate import generate_dataset, write_dataset


def best_of(repeat: int, action) -> float:
    """The shortest of ``repeat`` timings of ``action()`` in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=26_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the files in this folder.")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="cadreplan-intake-"))
    folder = root / "csv"
    book = root / "district.xlsx"
    if not folder.exists() or not book.exists():
        tables = generate_dataset(args.villages, seed=args.seed)
        folder.mkdir(parents=True, exist_ok=True)
        write_dataset(tables, folder)
        write_dataset(tables, book)  # one workbook, as `plan generate --out x.xlsx` writes
    files = sorted(folder.glob("*.csv"))
    # Alternated rounds, so that a busy machine slows every reader alike.
    floor = best_of(
        args.repeat,
        lambda: [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files],
    )
    csv = best_of(args.repeat, lambda: load_dataset(folder, 2026))
    xlsx = best_of(args.repeat, lambda: load_dataset(book, 2026))
    print("| instance | seconds | ratio |")
    print("|---|---|---|")
    print(f"| bare pandas read_csv ({args.villages} villages) | {floor:.2f} | 1.00 |")
    print(f"| load_dataset CSV folder | {csv:.2f} | {csv / floor:.2f} x floor |")
    print(f"| load_dataset one xlsx workbook | {xlsx:.2f} | {xlsx / csv:.2f} x CSV |")


if __name__ == "__main__":
    main()
