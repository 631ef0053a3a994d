"""Result tables for the page, in the page's language whatever the run's language was.

A run's CSV files hold the plan as data: English contract headers, enumeration codes
(``subdistrict_cadre``, ``True``, ``vetting_fail:police``) and, in ``summary.json``, each
reason of ``unassigned.csv`` / ``unfilled.csv`` as its code and parameters. The page shows
each CSV through the same catalogue and the same column conversion the workbooks use
(:func:`cadreplan.cli.render.workbook.plan_sheet`; reasons through
:meth:`cadreplan.solver.explain.Reason.render`), so switching the page to English shows a
Chinese run in English and back; nothing is recomputed and no rule is repeated here. A sheet
that only the workbook holds (the 报送 form, the budget's comparison) is shown as written, in
the run's language. Cells are read as values only (no formula is evaluated).
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cadreplan.cli.render.workbook import plan_sheet
from cadreplan.solver.explain import Reason, reasons_from_record
from cadreplan.solver.words import header

from .names import name_word, sheet_code

PAGE_SIZE = 25
MAX_REASONS = 500
#: Text columns that a run writes in its own language and that hold no codes to reword
#: (reasons of reserves and ratings are worded by their planners; see the README).
RUN_WORDED = ("reason",)


@dataclass(frozen=True)
class Source:
    """One table of a run: a CSV file (shown in the page's language) or a workbook sheet
    that has no CSV (shown as written)."""

    title: str
    path: Path
    sheet: str | None
    name: str = ""


def sources(out: Path, lang: str = "zh", run_lang: str = "zh") -> list[Source]:
    """The run's tables: each CSV in the workbook's sheet order, then workbook-only sheets.

    Parameters
    ----------
    out
        The run's output folder.
    lang
        The page's language (titles of the CSV tables).
    run_lang
        The run's language (the workbook's sheet titles are in it).
    """
    # intake.csv (what reading the forms did) is the Data page's report; it stays a download.
    csvs = {path.stem: path for path in sorted(out.glob("*.csv")) if path.stem != "intake"}
    by_sheet_title = {header(stem, run_lang)[:31]: stem for stem in csvs}  # type: ignore[arg-type]
    ordered: list[str] = []
    only_in_book: list[Source] = []
    for book in sorted(out.glob("*.xlsx")):
        for sheet in _sheet_names(str(book), book.stat().st_mtime_ns):
            stem = by_sheet_title.get(sheet)
            if stem is not None:
                ordered.append(stem)
            else:
                # A sheet with no CSV (the 报送 filing form): named in the page's language
                # where it is one of the library's sheets, else as the workbook titles it.
                code = sheet_code(sheet, run_lang)
                title = name_word(code, lang) if code else sheet
                only_in_book.append(Source(title, book, sheet, sheet))
    ordered += [stem for stem in csvs if stem not in ordered]
    found = [Source(_title(stem, lang), csvs[stem], None, stem) for stem in dict.fromkeys(ordered)]
    return found + only_in_book


def _title(stem: str, lang: str) -> str:
    """A CSV table's title: its catalogue name, else the file's own name."""
    title = name_word(stem, lang)
    return f"{stem}.csv" if title == stem and lang == "zh" else title


@functools.lru_cache(maxsize=16)
def _sheet_names(path: str, _mtime: int) -> tuple[str, ...]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return tuple(book.sheetnames)
    finally:
        book.close()


@functools.lru_cache(maxsize=16)
def _summary(path: str, _mtime: int) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def stored_reasons(out: Path, table: str) -> list[Reason] | None:
    """The reasons of ``table`` as ``summary.json`` recorded them (codes and parameters)."""
    path = out / "summary.json"
    if not path.is_file():
        return None
    reasons = _summary(str(path), path.stat().st_mtime_ns).get("reasons", {})
    record = reasons.get(table) if isinstance(reasons, dict) else None
    return reasons_from_record(record) if isinstance(record, dict) else None


def _reworded(frame: pd.DataFrame, out: Path, table: str, lang: str) -> tuple[pd.DataFrame, bool]:
    """``frame`` with its reasons worded in ``lang`` from the stored codes and parameters;
    and whether every reason column could be (False: shown as the run wrote it)."""
    if "reason" not in frame.columns:
        return frame, True
    stored = stored_reasons(out, table)
    if stored is None or len(stored) != len(frame):
        return frame, False
    texts = [reason.render(lang) for reason in stored]  # type: ignore[arg-type]
    return frame.assign(reason=texts), True


@functools.lru_cache(maxsize=32)
def _csv_table(
    path: str, lang: str, _mtime: int
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...], bool]:
    """A CSV output as the page shows it in ``lang``: titles, rows, reasons reworded."""
    source = Path(path)
    frame = pd.read_csv(source, encoding="utf-8-sig", dtype=None, keep_default_na=True)
    frame, reworded = _reworded(frame, source.parent, source.stem, lang)
    sheet = plan_sheet(source.stem, frame, lang)  # exactly what the workbook's sheet shows
    titles = tuple(sheet.headers)
    shown = sheet.frame
    rows = tuple(
        tuple("" if _blank(v) else v for v in row)
        for row in shown.itertuples(index=False, name=None)
    )
    return titles, rows, reworded


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@functools.lru_cache(maxsize=32)
def _sheet_rows(path: str, sheet: str, _mtime: int) -> tuple[tuple[Any, ...], ...]:
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


def rows_of(source: Source, lang: str = "zh") -> tuple[list[Any], list[tuple[Any, ...]]]:
    """The header and the data rows of a table (a CSV's in ``lang``)."""
    mtime = source.path.stat().st_mtime_ns
    if source.sheet is None:
        titles, body, _ = _csv_table(str(source.path), lang, mtime)
        return list(titles), list(body)
    rows = _sheet_rows(str(source.path), source.sheet, mtime)
    if not rows:
        return [], []
    width = max(len(r) for r in rows)
    head = list(rows[0]) + [""] * (width - len(rows[0]))
    return head, [tuple(r) + ("",) * (width - len(r)) for r in rows[1:]]


def as_written(source: Source, lang: str, run_lang: str) -> bool:
    """Whether the page shows (part of) ``source`` in the run's language rather than ``lang``:
    a workbook-only sheet, or a CSV whose reasons have no stored codes and parameters."""
    if lang == run_lang:
        return False
    if source.sheet is not None:
        return True
    return not _csv_table(str(source.path), lang, source.path.stat().st_mtime_ns)[2]


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
    lang: str = "zh",
    query: str = "",
    sort: int | None = None,
    descending: bool = False,
    page: int = 1,
) -> Page:
    """Search (every cell, case-insensitive), sort by a column, and cut one page."""
    header, rows = rows_of(source, lang)
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
    title: str
    header: list[str]
    rows: list[list[Any]]
    more: int
    as_written: bool = False


def reasons(out: Path, lang: str = "zh", run_lang: str = "zh") -> list[Reasons]:
    """From each CSV output with a ``reason`` column: the rows' ids, names and reasons, in
    the page's language (reasons worded from their stored codes where the run stored them).

    ``intake.csv`` (what reading the forms did, shown on the Data page) is not a plan's
    reason and stays a download.
    """
    found = []
    for path in sorted(out.glob("*.csv")):
        if path.name == "intake.csv":
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            names = next(csv.reader(handle), [])
        if "reason" not in names:
            continue
        titles, rows, reworded = _csv_table(str(path), lang, path.stat().st_mtime_ns)
        # The ids, the names and the reason in words (its code stays in the full table).
        keep = [i for i, name in enumerate(names) if i < 2 or name == "reason"]
        shown = [[row[i] for i in keep] for row in rows[:MAX_REASONS]]
        if shown:
            found.append(
                Reasons(
                    path.stem,
                    _title(path.stem, lang),
                    [titles[i] for i in keep],
                    shown,
                    max(0, len(rows) - MAX_REASONS),
                    as_written=lang != run_lang and not reworded,
                )
            )
    return found


_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def report_charts(out: Path) -> list[str]:
    """The inline SVG charts of the run's HTML report (``budget.html``), as written."""
    charts: list[str] = []
    for page in sorted(out.glob("*.html")):
        charts.extend(_SVG.findall(page.read_text("utf-8", errors="replace")))
    return charts
