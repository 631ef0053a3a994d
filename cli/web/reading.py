"""The Data page's reading of a session's forms: the library's loader, its report, its errors.

This is the one seam between the page and the intake: it calls
:func:`cadreplan.solver.dataset.load_dataset` exactly as ``plan check`` does (with the
session's column mappings) and hands the page the tables read, the intake report, and the
error as the command words it. When loading fails, the intake
(:func:`~cadreplan.solver.intake.read_tables`) is asked again for its report alone: if the
forms could be read and only the later checks refused them (a reserve of an unknown
village), the clerk sees which sheet became which table beside the error; when the intake
itself fails (a bad cell) there is no report and the page shows the error alone.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from cadreplan.cli.web.names import table_word
from cadreplan.solver.dataset import load_dataset
from cadreplan.solver.errors import CadreplanError, DataError
from cadreplan.solver.intake import read_column_map, read_tables
from cadreplan.solver.intake.report import ColumnEntry, IntakeReport
from cadreplan.solver.words import has, say

TABLES = (
    "villages",
    "roads",
    "secretaries",
    "reserves",
    "nominees",
    "mentors",
    "dispatched",
    "vetting",
    "conflicts",
    "previous_pairs",
    "pair_scores",
    "post_scores",
)


@dataclass
class DataView:
    """What reading a session's data gave: tables and row counts, a report, or an error."""

    tables: list[tuple[str, int]] = field(default_factory=list)
    report: list[dict[str, Any]] | None = None
    ignored: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None


def loader_takes_columns() -> bool:
    """Whether this version's loader applies a column-mapping file (``--columns``)."""
    return "columns" in inspect.signature(load_dataset).parameters


def read_data(
    path: Path, year: int, columns: Path | None, lang: str, hide: Path, label: str = ""
) -> DataView:
    """Load the data at ``path`` as the planning commands do and describe it for the page.

    Parameters
    ----------
    path
        The stored upload: a folder or one workbook.
    year
        The plan year.
    columns
        The session's column-mapping file, if it has one.
    lang
        The page language of messages.
    hide
        A folder whose absolute path is cut from messages (the server's folders are none of
        the clerk's business; the file names stay).
    label
        The name the clerk gave the upload, used where a message names the whole upload.
    """
    view = DataView()
    kwargs: dict[str, Any] = {}
    if columns is not None and columns.exists() and loader_takes_columns():
        kwargs["columns"] = columns
    try:
        dataset = load_dataset(path, year, **kwargs)
    except CadreplanError as error:
        view.error = strip_folder(error_text(error, lang, path, label), hide)
        _describe(view, _report_before(path, kwargs.get("columns")), lang)
        return view
    for name in TABLES:
        frame = getattr(dataset, name, None)
        if frame is not None and len(frame):
            view.tables.append((name, len(frame)))
    _describe(view, dataset.intake, lang)
    return view


def error_text(error: CadreplanError, lang: str, path: Path | None = None, label: str = "") -> str:
    """``error`` as the page words it: where the command line's fix names ``--columns``, the
    page's own way (its "Column mappings" form, catalogue ``web.fix.<key>``); a missing
    table named in words for the upload the clerk gave (not the server's folder)."""
    if isinstance(error, DataError) and error.key == "load.no_table":
        name = str(error.params.get("name", ""))
        return say(
            "web.data.no_table",
            lang,  # type: ignore[arg-type]
            upload=label or (path.name if path is not None else ""),
            table=say(f"web.data.sheet.{name}", lang)  # type: ignore[arg-type]
            if has(f"web.data.sheet.{name}")
            else table_word(name, lang),
        )
    if isinstance(error, DataError) and error.key and has(f"web.fix.{error.key}"):
        return error.render(lang, fix_key=f"web.fix.{error.key}")
    return error.render(lang)


def _report_before(path: Path, columns: Path | None) -> IntakeReport | None:
    """The intake's report of the forms at ``path`` when loading them failed: what the intake
    read before the checks that refused the data; None when the intake itself fails."""
    try:
        column_map = read_column_map(columns) if columns is not None else None
        return read_tables(path, column_map=column_map).report
    except CadreplanError:
        return None


def _describe(view: DataView, report: IntakeReport | None, lang: str) -> None:
    """Put the intake report's records (as ``plan check`` prints them) into ``view``."""
    if report is None:
        return
    # The records plan check prints and every plan writes as intake.csv, the advice to map a
    # column worded for the page (its mapping form, not --columns).
    view.report = [dict(record) for record in report.records(lang)]  # type: ignore[arg-type]
    entries = iter(report.columns)
    for record in view.report:
        if record["kind"] == "column":
            entry = next(entries)
            record["closest"] = _page_hint(entry, lang) or record["closest"]
            if entry.reason == "intake.column.mapped_by_user":
                record["reason"] = say("web.data.mapped_here", lang)  # type: ignore[arg-type]
    view.ignored = [
        {"table": c.table, "header": c.header, "closest": _column_of(c.closest)}
        for c in report.ignored_columns()
        if c.table
    ]


def _column_of(closest: str) -> str:
    """The column a report's closest known header stands for (``任职状态 (status)`` →
    ``status``; a header that is a column's own name is that column), to preselect it."""
    match = re.fullmatch(r".* \((\w+)\)", closest)
    return match.group(1) if match else closest


def _page_hint(entry: ColumnEntry, lang: str) -> str | None:
    """The report's advice on an unknown column (map it with ``--columns``) as the page gives
    it (map it below); None where the report gives no such advice."""
    if entry.column is not None or entry.reason != "intake.column.unknown" or entry.closest:
        return None
    if not entry.nearest:
        return say("web.data.hint.none_within_reach", lang)  # type: ignore[arg-type]
    shown = entry.nearest.split(" (")[0] if lang == "zh" else entry.nearest
    percent = entry.similarity * 100
    return say("web.data.hint.nearest", lang, nearest=shown, percent=percent)  # type: ignore[arg-type]


def strip_folder(message: str, folder: Path) -> str:
    """``message`` without the server's absolute folder names."""
    for prefix in (str(folder.resolve()), str(folder)):
        message = message.replace(prefix + "/", "").replace(prefix, ".")
    return message


def read_columns(path: Path) -> dict[str, dict[str, str]]:
    """The session's column mappings: ``{table: {header: column}}``."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text("utf-8"))
    return {
        t: {str(h): str(c) for h, c in m.items()} for t, m in data.items() if isinstance(m, dict)
    }


def write_columns(path: Path, mappings: dict[str, dict[str, str]]) -> None:
    """Write the mappings as the ``--columns`` file: ``[table] "header" = "column"``."""
    kept = {table: dict(m) for table, m in mappings.items() if m}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(tomli_w.dumps(kept), encoding="utf-8")
    temporary.replace(path)


def known_columns() -> dict[str, list[str]]:
    """Each table's known column names, from the library's schemas."""
    try:
        from cadreplan.solver.schema import SCHEMAS
    except ImportError:
        from cadreplan.solver.tables import SCHEMAS
    result = {}
    for name, table in SCHEMAS.items():
        columns = getattr(table, "columns", ())
        result[name] = [getattr(c, "name", str(c)) for c in columns]
    return result
