"""Result tables for the page: the run's workbook sheets with search, sorting and paging.

The page shows the sheets of the workbook the command wrote (the file the clerk downloads
and prints, headers and words already in the run's language); a command without a workbook
shows its CSV files. Nothing is recomputed: the cells are read back as written, values only
(no formula is evaluated).
"""

from __future__ import annotations

import csv
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGE_SIZE = 25
MAX_REASONS = 500


@dataclass(frozen=True)
class Source:
    """One table of a run: a workbook sheet or a CSV file."""

    title: str
    path: Path
    sheet: str | None


def sources(out: Path) -> list[Source]:
    """The run's tables in order: each sheet of its workbook(s), else each CSV."""
    found: list[Source] = []
    for book in sorted(out.glob("*.xlsx")):
        for sheet in _sheet_names(str(book), book.stat().st_mtime_ns):
            found.append(Source(sheet, book, sheet))
    if not found:
        for path in sorted(out.glob("*.csv")):
            found.append(Source(path.stem, path, None))
    return found


@functools.lru_cache(maxsize=16)
def _sheet_names(path: str, _mtime: int) -> tuple[str, ...]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return tuple(book.sheetnames)
    finally:
        book.close()


@functools.lru_cache(maxsize=32)
def _rows(path: str, sheet: str | None, _mtime: int) -> tuple[tuple[Any, ...], ...]:
    if sheet is None:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return tuple(tuple(row) for row in csv.reader(handle))
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = []
        for row in book[sheet].iter_rows(values_only=True):
            if any(value not in (None, "") for value in row):
                rows.append(tuple("" if value is None else value for value in row))
        return tuple(rows)
    finally:
        book.close()


def rows_of(source: Source) -> tuple[list[Any], list[tuple[Any, ...]]]:
    """The header and the data rows of a table."""
    rows = _rows(str(source.path), source.sheet, source.path.stat().st_mtime_ns)
    if not rows:
        return [], []
    width = max(len(r) for r in rows)
    header = list(rows[0]) + [""] * (width - len(rows[0]))
    return header, [tuple(r) + ("",) * (width - len(r)) for r in rows[1:]]


@dataclass(frozen=True)
class Page:
    """One page of a table after search and sorting."""

    header: list[Any]
    rows: list[tuple[Any, ...]]
    page: int
    pages: int
    total: int
    sort: int | None
    descending: bool
    query: str


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return (0, value)
    text = str(value)
    try:
        return (0, float(text))
    except ValueError:
        return (1 if text else 2, text)


def page_of(
    source: Source,
    query: str = "",
    sort: int | None = None,
    descending: bool = False,
    page: int = 1,
) -> Page:
    """Search (every cell, case-insensitive), sort by a column, and cut one page."""
    header, rows = rows_of(source)
    query = query.strip()
    if query:
        needle = query.casefold()
        rows = [r for r in rows if any(needle in str(v).casefold() for v in r)]
    if sort is not None and 0 <= sort < len(header):
        column = sort
        rows = sorted(rows, key=lambda r: _sort_key(r[column]), reverse=descending)
    else:
        sort = None
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    page = min(max(1, page), pages)
    cut = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return Page(header, cut, page, pages, len(rows), sort, descending, query)


def cell(value: Any) -> str:
    """A cell as the page shows it (numbers without float noise)."""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)


@dataclass(frozen=True)
class Reasons:
    """Every row of one output table that carries a reason (why left out, why rated so)."""

    table: str
    header: list[str]
    rows: list[list[str]]
    more: int


def reasons(out: Path) -> list[Reasons]:
    """From each CSV output with a ``reason`` column: the rows' ids, names and reasons.

    ``intake.csv`` (what reading the forms did, shown on the Data page) is not a plan's
    reason and stays a download.
    """
    found = []
    for path in sorted(out.glob("*.csv")):
        if path.name == "intake.csv":
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            if "reason" not in header:
                continue
            keep = [
                i for i, name in enumerate(header) if i < 2 or name in ("reason_code", "reason")
            ]
            if "reason" not in [header[i] for i in keep[:2]]:
                keep = sorted(set(keep))
            rows: list[list[str]] = []
            more = 0
            for row in reader:
                if len(rows) < MAX_REASONS:
                    rows.append([row[i] if i < len(row) else "" for i in keep])
                else:
                    more += 1
        if rows:
            found.append(Reasons(path.stem, [header[i] for i in keep], rows, more))
    return found


_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def report_charts(out: Path) -> list[str]:
    """The inline SVG charts of the run's HTML report (``budget.html``), as written."""
    charts: list[str] = []
    for page in sorted(out.glob("*.html")):
        charts.extend(_SVG.findall(page.read_text("utf-8", errors="replace")))
    return charts
