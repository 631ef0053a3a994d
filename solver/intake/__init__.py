"""Reading the forms offices keep: files -> grids -> located tables -> columns -> typed tables.

:func:`read_tables` is the one entry point: it takes a folder (any mix of CSV and workbook
files), one workbook or one CSV, and returns the dataset's typed tables with the
:class:`IntakeReport` of what every file, sheet, column and row became. The steps, one module
each, follow the data:

``files``    folder/workbook/CSV -> :class:`Grid` (encodings, workbooks without trusting
             their dimension, hidden sheets, merged ranges, formulas without a value)
``locate``   grid -> :class:`Located` (header row, two-row headers, titles, footers, totals)
``columns``  headers -> columns (normalisation, synonyms, ``--columns``), sheet -> table
``cells``    mapped columns -> typed values
``reshape``  form fields folded in, wide vetting, vacant posts
``names``    names -> ids: villages by name, the town, generated person ids
``report``   :class:`IntakeReport`
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..errors import DataError
from .columns import (
    ColumnMap,
    TableMatch,
    assign_tables,
    is_known_header,
    read_column_map,
    table_named,
)
from .files import Grid, Skipped, decode_text, read_sources, read_text_file
from .locate import Located, locate
from .names import finish_tables, generated_id
from .report import ColumnEntry, IntakeReport, RowEntry, SourceEntry, closest_word
from .reshape import type_table

__all__ = [
    "ColumnMap",
    "Grid",
    "RowEntry",
    "Skipped",
    "read_frames",
    "IntakeReport",
    "Intake",
    "Located",
    "decode_text",
    "generated_id",
    "read_column_map",
    "read_tables",
]


@dataclass(frozen=True)
class Intake:
    """The typed tables of one reading, with labels, fingerprints and the report."""

    tables: dict[str, pd.DataFrame]
    labels: dict[str, str]
    fingerprints: dict[str, str]
    report: IntakeReport
    #: Per table, the header as the sheet wrote it of each column read (errors name it).
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Tables that no visible source gave, each with the hidden sheet named after it: a
    #: reference to such a table then says that its sheet is hidden.
    hidden: dict[str, str] = field(default_factory=dict)


def read_frames(frames: dict[str, pd.DataFrame]) -> Intake:
    """Read in-memory tables of text cells as if each were a ``<table>.csv`` file.

    Parameters
    ----------
    frames
        Per table name, a frame whose columns are the headers and whose cells are text.
    """
    grids = []
    for name, frame in frames.items():
        header = [str(c) for c in frame.columns]
        body = frame.astype(object).where(frame.notna(), "").astype(str).values.tolist()
        cells = pd.DataFrame([header, *body], dtype=object)
        cells.index = pd.RangeIndex(1, len(cells) + 1)
        grids.append(Grid(f"{name}.csv", name, cells, name, control_free=False))
    return _read(grids, [], None, False)


#: The reason of a source whose table the command does not need (read only to its header).
NOT_NEEDED = "intake.source.not_needed"


def read_tables(
    path: str | Path,
    *,
    column_map: ColumnMap | None = None,
    strict: bool = False,
    tables: Collection[str] | None = None,
    used_columns: Mapping[str, Collection[str]] | None = None,
) -> Intake:
    """Read a dataset as offices hold it.

    Parameters
    ----------
    path
        A folder of CSV and workbook files, one workbook, or one CSV file.
    column_map
        The user's ``--columns`` map of other headers.
    strict
        Refuse (``DataError``) a sheet or column that resembles a known one but was ignored.
    tables
        Only these tables are typed and returned (every table by default). Every source is
        still assigned to its table by its header, so that the report and the fingerprints
        name it, but the data of the others are not parsed beyond their first lines (text
        files) nor typed; the report lists them as not needed (``intake.source.not_needed``).
    used_columns
        Per table, the only columns typed (with those its form fields fold into); the other
        mapped columns are reported as not needed (``intake.column.not_needed``) and left
        to their defaults. Every column of every table by default.

    Returns
    -------
    The typed tables (contract columns plus ``_row``, the spreadsheet row of each record)
    and the intake report.

    Raises
    ------
    DataError
        Naming file, row and column: unreadable files, two sources for a table, a sheet fitting
        two tables, duplicate headers, a bad cell, an ambiguous name.
    """
    used = dict(used_columns or {})
    if tables is None:
        grids, skipped = read_sources(Path(path))
        return _read(grids, skipped, column_map, strict, used=used)
    needed = frozenset(tables)
    grids, skipped = read_sources(Path(path), head_only=True)
    # Which sources the needed tables come from (by their headers), then those read whole.
    partial = [g for g in grids if not g.complete]
    if partial:
        # Each grid is located once: those not read again keep their first reading.
        heads = {id(g): _locate(g, column_map) for g in grids}
        found = [item for item in heads.values() if item is not None]
        matched: dict[int, list[TableMatch]] = {}
        assigned, _ = assign_tables(found, column_map, matched)
        wanted = {m.located.grid.label for n, m in assigned.items() if n in needed}
        grids = [
            read_text_file(g.path, g.label)
            if not g.complete and g.label in wanted and g.path
            else g
            for g in grids
        ]
        return _read(grids, skipped, column_map, strict, needed, used, heads, matched)
    return _read(grids, skipped, column_map, strict, needed, used)


def _refuse_emptied_sheets(grids: list[Grid], assigned: Mapping[str, object]) -> None:
    """Refuse a blank sheet whose name names a table no other source gives (SPEC: no data
    silently dropped): a clerk who cleared 导师名单 meant no mentors, or cleared it by mistake;
    either way planning without it would blame another sheet or pair nobody, exit 0.

    Raises
    ------
    DataError
        Naming the file and sheet, the table its name says it holds, and the fix.
    """
    from .columns import table_zh

    for grid in grids:
        if not grid.cells.empty:
            continue
        table = table_named(grid.name)
        if table is not None and table not in assigned:
            raise DataError(
                grid.label,
                key="intake.source.emptied_table",
                params={"table": table, "table_zh": table_zh(table)},
            )


def _locate(grid: Grid, column_map: ColumnMap | None) -> Located | None:
    return locate(grid, lambda key: is_known_header(key, column_map))


def _read(
    grids: list[Grid],
    skipped: list[Skipped],
    column_map: ColumnMap | None,
    strict: bool,
    needed: frozenset[str] | None = None,
    used: Mapping[str, Collection[str]] | None = None,
    known: Mapping[int, Located | None] | None = None,
    matched: dict[int, list[TableMatch]] | None = None,
) -> Intake:
    # ``known``: the grids already located (by ``id``), which are not located again;
    # ``matched``: the located tables already matched against every table (by ``id``).
    sources: list[SourceEntry] = [SourceEntry(s.label, None, s.reason) for s in skipped]
    located: list[Located] = []
    for grid in grids:
        if known is not None and id(grid) in known:
            found = known[id(grid)]
        else:
            found = _locate(grid, column_map)
        if found is None:
            sources.append(SourceEntry(grid.label, None, "intake.source.no_header"))
        else:
            located.append(found)
    assigned, left = assign_tables(located, column_map, matched)
    _refuse_emptied_sheets(grids, assigned)
    for item, reason, hint in left:
        sources.append(SourceEntry(item.grid.label, None, reason, hint, item.header_rows))
        if strict and hint:
            raise DataError(
                item.grid.label,
                key="intake.strict.sheet",
                params={"closest": hint, "closest_zh": closest_word(hint, "zh")},
            )
    columns: list[ColumnEntry] = []
    rows: list[RowEntry] = []
    typed = {}
    for name, match in assigned.items():
        if needed is not None and name not in needed:
            sources.append(
                SourceEntry(
                    match.located.grid.label, name, NOT_NEEDED, "", match.located.header_rows
                )
            )
            continue
        sources.append(
            SourceEntry(match.located.grid.label, name, "", "", match.located.header_rows)
        )
        for dropped in match.located.dropped:
            rows.append(RowEntry(match.located.grid.label, dropped.row, dropped.kind, dropped.text))
        typed[name] = type_table(match, columns, rows, (used or {}).get(name))
    if strict:
        for entry in columns:
            if entry.column is None and entry.closest:
                raise DataError(
                    entry.label,
                    column=entry.header,
                    key="intake.strict.column",
                    params={"header": entry.header, "closest": entry.closest},
                )
    other_titles = tuple(t for item in located for t in item.titles)
    named = finish_tables(typed, other_titles)
    if named:
        # Village names read as ids are values read from another form than the plain one.
        columns = [
            replace(c, converted=c.converted + named[(c.table, c.column)])
            if c.column is not None and (c.table, c.column) in named
            else c
            for c in columns
        ]
    order = {g.label: i for i, g in enumerate(grids)}
    sources.sort(key=lambda s: (order.get(s.label, -1), s.label))
    report = IntakeReport(
        tuple(sources),
        tuple(columns),
        tuple(sorted(rows, key=lambda r: (order.get(r.label, -1), r.row))),
    )
    hidden = {
        table: s.label
        for s in skipped
        if s.reason == "intake.source.hidden"
        and (table := table_named(s.name)) is not None
        and table not in assigned
    }
    return Intake(
        tables={n: t.frame for n, t in typed.items()},
        labels={n: t.label for n, t in typed.items()},
        fingerprints={n: m.located.grid.sha256 for n, m in assigned.items()},
        report=report,
        headers={n: dict(t.headers) for n, t in typed.items()},
        hidden=hidden,
    )
