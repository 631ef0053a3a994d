"""Typed form columns to the dataset's tables: form fields folded in, vetting made long.

* **Form fields**: 全日制/在职 education (the higher counts), 政治面貌 (only 中共党员 keeps
  party_since), yes/no category columns (是否软弱涣散村 …) into ``categories``.
* **Wide vetting** (one column per department) becomes one record per non-blank cell; a 备注
  "部门：说明" becomes that department's note; the derived 联审结论 is ignored and reported.
* **Vacant posts**: a secretaries row whose name is （空缺） is no person: the post is vacant.

Names become ids in :mod:`cadreplan.solver.intake.names`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..errors import DataError
from ..schema import SCHEMAS, Column, normalise_word
from . import values
from .cells import (
    Typed,
    as_text,
    check_control_characters,
    default_column,
    problem_error,
    type_column,
)
from .columns import ColumnMatch, TableMatch
from .report import ColumnEntry, RowEntry
from .values import CellProblem, Parsed

VACANT_WORDS = frozenset({"(空缺)", "空缺", "缺", "(缺)", "缺额", "(缺额)", "暂缺", "(暂缺)"})
#: The character every word of ``VACANT_WORDS`` holds.
VACANT_MARK = "缺"


@dataclass
class Table:
    """One table on its way: typed frame (with ``_row``), where it came from, extras."""

    name: str
    label: str
    frame: pd.DataFrame
    headers: dict[str, str]
    titles: tuple[str, ...] = ()
    positions: dict[str, int] = field(default_factory=dict)


#: The reason of a mapped column the command does not use: read as text, not typed.
NOT_NEEDED_COLUMN = "intake.column.not_needed"
#: The schema columns a form field folds into (so they are typed whenever it is there).
_FOLDED_INTO = {
    "education_fulltime": ("education",),
    "education_parttime": ("education",),
    "id_number": ("birth_year", "gender"),
    "party_status": ("party_since",),
    "category_flag": ("categories",),
}


def type_table(
    match: TableMatch,
    columns: list[ColumnEntry],
    rows: list[RowEntry],
    used: Collection[str] | None = None,
) -> Table:
    """Type every mapped column of one located table and fold its form fields in.

    Parameters
    ----------
    match
        The located table and what its headers became.
    columns, rows
        The intake report's column and dropped-row entries, appended to.
    used
        The only schema columns to type (a command's columns, see
        :func:`cadreplan.solver.dataset.load_dataset`), with those the sheet's form fields
        fold into. Another mapped column is reported as not needed (``NOT_NEEDED_COLUMN``,
        with its count of filled cells) and gets its default. Every column when None.
    """
    schema = match.table
    located = match.located
    label = located.grid.label
    data = located.data
    row_numbers = data.index.to_numpy()
    keep = np.ones(len(data), dtype=bool)
    if schema.name == "secretaries":
        name_match = match.target_of("name")
        if name_match:
            names = as_text(data[name_match[0].header.position])
            # Every vacancy word holds 缺, and no other character normalises to one that
            # does (checked over all of Unicode in tests/test_reshape.py): only the names
            # that hold it are normalised.
            if VACANT_MARK in "\n".join(names.tolist()):
                vacant = np.array(names.str.contains(VACANT_MARK, regex=False), dtype=bool)
            else:  # no name holds 缺 (one search of the joined names)
                vacant = np.zeros(len(names), dtype=bool)
            for index in np.flatnonzero(vacant):
                vacant[index] = normalise_word(names.iat[index]) in VACANT_WORDS
            for row, text in zip(row_numbers[vacant], names[vacant], strict=True):
                rows.append(RowEntry(label, int(row), "vacant", text))
            keep = ~vacant
    if not keep.all():
        data = data.loc[keep]
        row_numbers = data.index.to_numpy()
    grid = located.grid
    if len(data) and not (grid.control_free and grid.long_free):
        for m in match.matches:
            if m.target:
                check_control_characters(
                    data[m.header.position],
                    label,
                    m.header.text,
                    row_numbers,
                    controls=not grid.control_free,
                    lengths=not grid.long_free,
                )
    _check_unnamed_cells(located, data)
    _check_formulas(located, match, data)
    typed: dict[str, object] = {"_row": row_numbers}
    headers: dict[str, str] = {}
    parsed_of: dict[str, Parsed] = {}
    positions: dict[str, int] = {}
    wanted = None if used is None else set(used)
    if wanted is not None:
        for target, into in _FOLDED_INTO.items():
            if match.target_of(target):
                wanted.update(into)
    for column in schema.columns:
        found = match.target_of(column.name)
        if found and wanted is not None and column.name not in wanted:
            m = found[0]
            entry = _entry(label, schema.name, m, column.name, 0, data)
            columns.append(replace(entry, reason=NOT_NEEDED_COLUMN))
            continue
        if found:
            m = found[0]
            if column.name in _FROM_ID and match.target_of("id_number"):
                # 出生年月 may be blank where 身份证号码 gives the birth (SPEC): checked there.
                column = replace(column, required=False)
            result = type_column(data[m.header.position], column, label, m.header.text, row_numbers)
            typed[column.name] = result.values
            headers[column.name] = m.header.text
            positions[column.name] = m.header.position
            if result.parsed is not None:
                parsed_of[column.name] = result.parsed
            columns.append(_entry(label, schema.name, m, column.name, result.converted, data))
    extras: dict[str, pd.Series] = {}
    for m in match.matches:
        if m.target is None:
            reason = m.reason
            columns.append(
                ColumnEntry(
                    label,
                    schema.name,
                    m.header.text,
                    None,
                    reason,
                    m.closest,
                    nearest=m.nearest,
                    similarity=m.similarity,
                )
            )
        elif m.target == "row_number":
            columns.append(
                ColumnEntry(label, schema.name, m.header.text, None, "intake.column.row_number")
            )
        elif m.target not in schema.column_by_name:
            extras.setdefault(m.target, pd.Series(dtype=object))
    frame = pd.DataFrame({k: v for k, v in typed.items()})
    frame.index = pd.RangeIndex(len(frame))
    table = Table(schema.name, label, frame, headers, located.titles, positions)
    _fold_form_fields(table, match, data, columns, parsed_of)
    _fold_months(table, parsed_of)
    for column in schema.columns:
        if column.name not in table.frame.columns:
            table.frame[column.name] = default_column(column, len(table.frame))
    return table


_FROM_ID = ("birth_year", "gender")
"""Columns a 身份证号码 gives (GB 11643): a blank cell of theirs is taken from it."""

#: Month columns and the year column whose 年月 cell gives them (``1988.09`` -> 1988, 9).
_MONTHS = {"birth_month": "birth_year", "party_month": "party_since"}


def _fold_months(table: Table, parsed_of: dict[str, Parsed]) -> None:
    """``birth_month`` and ``party_month`` from the 年月 cells that gave the years.

    A month column of its own (``出生月份``) wins where it is filled. Otherwise the month is
    the one 出生年月 / 入党时间 wrote (an ambiguous ``1972.1`` read as October unless the
    身份证号码 says January); a birth year taken from the 身份证号码 takes its month too. A
    month is kept only where its year is known, so a non-member (party_since blank) has no
    party_month. Where no month is written the column stays blank and rosters print the
    year alone.
    """
    schema = SCHEMAS[table.name]
    frame = table.frame
    if len(frame) == 0:
        return
    ids = parsed_of.get("_id_number")
    for month_column, year_column in _MONTHS.items():
        if month_column not in schema.column_by_name or year_column not in frame.columns:
            continue
        blank = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        parsed = parsed_of.get(year_column)
        written = blank
        if parsed is not None:
            written = parsed.extra.get("month", blank).astype("Int64").reset_index(drop=True)
            written.index = frame.index
            if month_column == "birth_month" and ids is not None:
                written = values.settle_month(parsed, ids).extra["month"].astype("Int64")
                written = written.reset_index(drop=True).set_axis(frame.index)
        if month_column == "birth_month" and ids is not None:
            id_month = ids.extra["birth_month"].astype("Int64").reset_index(drop=True)
            id_year = ids.extra["birth_year"].astype("Int64").reset_index(drop=True)
            years = pd.Series(frame[year_column].to_numpy(), dtype="Int64")
            from_id = written.isna().to_numpy() & (id_year == years).fillna(False).to_numpy()
            written = written.where(~from_id, id_month.set_axis(frame.index))
        if month_column in frame.columns:
            given = pd.Series(frame[month_column].to_numpy(), dtype="Int64", index=frame.index)
            written = given.where(given.notna(), written)
        years = pd.Series(frame[year_column].to_numpy(), dtype="Int64", index=frame.index)
        frame[month_column] = written.where(years.notna(), pd.NA).astype("Int64").array


def _entry(
    label: str, table: str, m: ColumnMatch, column: str, converted: int, data: pd.DataFrame
) -> ColumnEntry:
    filled = _filled_count(data[m.header.position]) if len(data) else 0
    return ColumnEntry(label, table, m.header.text, column, m.reason, "", converted, filled)


def _filled_count(cells: pd.Series) -> int:
    """How many cells are not blank text (``!= ""``, as pandas compares them)."""
    try:
        # numpy compares the objects directly (pandas' comparison costs ten times more).
        return int(np.count_nonzero(cells.to_numpy(dtype=object) != ""))
    except TypeError:  # a cell whose comparison has no truth value (pd.NA)
        return int((cells != "").sum())


def _departments(names: pd.Series) -> pd.Series:
    """Department codes (县纪委监委 -> discipline …); other departments as written."""
    codes = {v: values.normalise_department(v) for v in pd.unique(names)}
    return pd.Series(names.map(codes).to_numpy(), dtype=object)


def _check_unnamed_cells(located, data: pd.DataFrame) -> None:
    """A value under no header would be dropped: refuse it, naming the cell."""
    named = {h.position for h in located.headers}
    for position in data.columns:
        if position in named:
            continue
        cells = as_text(data[position])
        filled = (cells != "").to_numpy()
        if filled.any():
            from .files import column_letter

            index = int(np.flatnonzero(filled)[0])
            raise DataError(
                located.grid.label,
                row=int(data.index[index]),
                column=column_letter(position),
                key="intake.cell.no_header",
                params={"value": cells.iloc[index], "column": column_letter(position)},
            )


def _check_formulas(located, match: TableMatch, data: pd.DataFrame) -> None:
    """A formula saved without its value, in a cell the intake uses, is refused."""
    if not located.grid.formulas_without_value:
        return
    used = {
        m.header.position: m.header.text
        for m in match.matches
        if m.target and m.target != "row_number"
    }
    rows = set(data.index.tolist())
    for row, col in sorted(located.grid.formulas_without_value):
        if row in rows and col in used:
            from .files import column_letter

            raise DataError(
                located.grid.label,
                row=row,
                column=used[col],
                key="intake.cell.formula_without_value",
                params={"cell": f"{column_letter(col)}{row}"},
            )


def _fold_form_fields(
    table: Table,
    match: TableMatch,
    data: pd.DataFrame,
    columns: list[ColumnEntry],
    parsed_of: dict[str, Parsed],
) -> None:
    schema = SCHEMAS[table.name]
    frame = table.frame
    label = table.label
    rows = data.index.to_numpy()

    def cells_of(target: str) -> list[ColumnMatch]:
        return match.target_of(target)

    def note(m: ColumnMatch, column: str, converted: int = 0, reason: str = "") -> None:
        columns.append(
            _entry(label, table.name, m, column, converted, data)
            if not reason
            else ColumnEntry(label, table.name, m.header.text, column, reason)
        )

    education = schema.column_by_name.get("education") or Column(
        "education", "enum", vocabulary="education"
    )
    levels = []
    for target in ("education_fulltime", "education_parttime"):
        for m in cells_of(target):
            typed = _type_optional(data, m, education, label)
            levels.append(typed.values)
            note(m, "education", typed.converted)
    if levels:
        if "education" in frame.columns:
            levels.append(frame["education"])
        frame["education"] = _higher(levels)
        if education.required:
            empty = (frame["education"] == "").to_numpy()
            if empty.any():
                index = int(np.flatnonzero(empty)[0])
                m = (cells_of("education_fulltime") + cells_of("education_parttime"))[0]
                raise DataError(
                    label,
                    row=int(rows[index]),
                    column=m.header.text,
                    key="intake.cell.empty_required",
                )
    for m in cells_of("id_number"):
        _fold_id_numbers(table, data, m, parsed_of, columns)
        note(m, "person_id", reason="intake.column.id_number")
    for m in cells_of("party_status"):
        cells = data[m.header.position].reset_index(drop=True)
        try:
            status = values.parse_party_status(cells)
        except CellProblem as problem:
            raise problem_error(problem, label, m.header.text, rows) from None
        admitted = parsed_of.get("party_since") or Parsed(
            pd.Series(pd.NA, index=cells.index, dtype="Int64"), 0
        )
        try:
            since = values.party_since(status, admitted)
        except CellProblem as problem:
            header = m.header.text
            if problem.key == "value.party_date_without_membership":
                header = table.headers.get("party_since", header)
            raise problem_error(problem, label, header, rows) from None
        frame["party_since"] = since.values.astype("Int64").array
        note(m, "party_since", status.converted)
    flags = cells_of("category_flag")
    if flags:
        flag_column = Column("flag", "bool", default=False)
        chosen = []
        for m in flags:
            typed = type_column(data[m.header.position], flag_column, label, m.header.text, rows)
            chosen.append((m.detail, np.asarray(typed.values, dtype=bool)))
            note(m, "categories", typed.converted)
        existing = frame["categories"] if "categories" in frame.columns else None
        lists = []
        for index in range(len(frame)):
            codes = list(existing.iloc[index]) if existing is not None else []
            codes += [code for code, mask in chosen if mask[index]]
            lists.append(tuple(dict.fromkeys(codes)))
        frame["categories"] = pd.Series(lists, dtype=object)
    for target in (
        "name",
        "candidate_kind",
        "place",
        "mentor_name",
        "reserve_names",
        "reserve_villages",
    ):
        if target in schema.column_by_name:
            continue
        for m in cells_of(target):
            frame[f"_{target}"] = as_text(data[m.header.position]).to_numpy()
            table.headers[f"_{target}"] = m.header.text
            note(m, target, reason=f"intake.column.form.{target}")
    for m in cells_of("conclusion"):
        columns.append(ColumnEntry(label, table.name, m.header.text, None, "intake.column.derived"))
    departments = cells_of("department_column")
    if departments:
        _widen_vetting(table, data, departments, columns)


def _fold_id_numbers(
    table: Table,
    data: pd.DataFrame,
    m: ColumnMatch,
    parsed_of: dict[str, Parsed],
    columns: list[ColumnEntry],
) -> None:
    """身份证号码: checked (GB 11643), the birth and gender compared or taken from it.

    A blank 出生年月 or 性别 cell takes the ID's birth year or gender (SPEC, "Values as forms
    write them"), counted as converted in that column's intake report line; a row whose
    出生年月 and 身份证号码 are both blank is refused at 出生年月 (``intake.cell.empty_required``).
    """
    frame = table.frame
    label = table.label
    rows = data.index.to_numpy()
    cells = data[m.header.position].reset_index(drop=True)
    try:
        ids = values.parse_id_number(cells)
    except CellProblem as problem:
        raise problem_error(problem, label, m.header.text, rows) from None
    frame["_id_number"] = ids.values.astype(object).where(ids.values.notna(), "").to_numpy()
    table.headers["_id_number"] = m.header.text
    parsed_of["_id_number"] = ids  # its birth months go to birth_month (_fold_months)
    birth = parsed_of.get("birth_year")
    if birth is not None:
        position = values.birth_contradiction(birth, ids)
        if position is not None:
            header = table.headers["birth_year"]
            shown = as_text(data[_position_of(table, "birth_year", data)]).iloc[position]
            raise DataError(
                label,
                row=int(rows[position]),
                column=header,
                key="value.birth_differs_from_id",
                params={
                    "value": shown,
                    "id_number": ids.values.iloc[position],
                    "id_column": m.header.text,
                    "id_birth": f"{ids.extra['birth_year'].iloc[position]}."
                    f"{int(ids.extra['birth_month'].iloc[position]):02d}",
                },
            )
        given = pd.Series(frame["birth_year"].to_numpy(), dtype="Int64")
        id_years = ids.extra["birth_year"].astype("Int64").reset_index(drop=True)
        blank = given.isna().to_numpy()
        neither = blank & id_years.isna().to_numpy()
        if neither.any():
            raise DataError(
                label,
                row=int(rows[int(np.flatnonzero(neither)[0])]),
                column=table.headers["birth_year"],
                key="intake.cell.empty_required",
            )
        if blank.any():
            frame["birth_year"] = given.where(~blank, id_years).array
            _count_converted(columns, table, "birth_year", int(blank.sum()))
    elif "birth_year" in SCHEMAS[table.name].column_by_name:
        years = ids.extra["birth_year"].astype("Int64")
        missing = years.isna().to_numpy()
        if missing.any():
            index = int(np.flatnonzero(missing)[0])
            raise DataError(
                label,
                row=int(rows[index]),
                column=m.header.text,
                key="intake.cell.empty_required",
            )
        frame["birth_year"] = years.array
        table.headers["birth_year"] = m.header.text
    if "gender" not in SCHEMAS[table.name].column_by_name:
        return
    id_gender = ids.extra["gender"].astype(object).where(ids.extra["gender"].notna(), "")
    if "gender" in table.headers:
        given = frame["gender"].astype(object)
        differs = ((given != "") & (id_gender != "") & (given != id_gender)).to_numpy()
        if differs.any():
            position = int(np.flatnonzero(differs)[0])
            shown = as_text(data[_position_of(table, "gender", data)]).iloc[position]
            raise DataError(
                label,
                row=int(rows[position]),
                column=table.headers["gender"],
                key="value.gender_differs_from_id",
                params={
                    "value": shown,
                    "id_number": ids.values.iloc[position],
                    "id_column": m.header.text,
                },
            )
        taken = ((given == "") & (id_gender != "")).to_numpy()
        if taken.any():
            frame["gender"] = given.where(~taken, id_gender).to_numpy()
            _count_converted(columns, table, "gender", int(taken.sum()))
    else:
        frame["gender"] = id_gender.to_numpy()


def _count_converted(columns: list[ColumnEntry], table: Table, column: str, count: int) -> None:
    """Add ``count`` cells taken from another column to ``column``'s intake report line."""
    header = table.headers[column]
    for index, entry in enumerate(columns):
        if entry.label == table.label and entry.column == column and entry.header == header:
            columns[index] = replace(entry, converted=entry.converted + count)
            return


def _position_of(table: Table, column: str, data: pd.DataFrame) -> int:
    """The grid column of a contract column, found by its header text."""
    return table.positions[column]


def _type_optional(data: pd.DataFrame, m: ColumnMatch, column: Column, label: str) -> Typed:
    """Type a form field's cells as ``column`` would be, blanks allowed."""
    return type_column(
        data[m.header.position],
        replace(column, required=False),
        label,
        m.header.text,
        data.index.to_numpy(),
    )


def _higher(levels: list) -> pd.Series:
    """The higher education of several code columns, row by row ('' when all are blank)."""
    series = [pd.Series(v, dtype=object).reset_index(drop=True).replace("", pd.NA) for v in levels]
    best = series[0]
    for other in series[1:]:
        best = values.higher_education(best.astype(object), other)
    return pd.Series(best.astype(object).where(best.notna(), "").tolist(), dtype=object)


def _widen_vetting(
    table: Table, data: pd.DataFrame, departments: list[ColumnMatch], columns: list[ColumnEntry]
) -> None:
    """Wide vetting (one column per department) to one record per non-blank cell."""
    schema = SCHEMAS["vetting"]
    result_column = schema.column_by_name["result"]
    label = table.label
    base = table.frame
    notes = base["note"].tolist() if "note" in base.columns else [""] * len(base)
    records = []
    for m in departments:
        department = _departments(pd.Series([m.detail or m.header.text])).iloc[0]
        typed = _type_optional(data, m, result_column, label)
        values = pd.Series(typed.values)
        columns.append(
            _entry(label, "vetting", m, f"department {department}", typed.converted, data)
        )
        for index in np.flatnonzero((values != "").to_numpy()):
            records.append((index, department, values.iloc[index]))
    out = base.iloc[[r[0] for r in records]].reset_index(drop=True)
    out["department"] = [r[1] for r in records]
    out["result"] = [r[2] for r in records]
    out["note"] = [_department_note(notes[r[0]], r[1]) for r in records]
    commentary = sum(1 for text in notes if text and not _note_parts(text))
    if commentary:
        columns.append(
            ColumnEntry(
                label,
                "vetting",
                table.headers.get("note", "备注"),
                None,
                "intake.column.commentary",
                "",
                0,
                commentary,
            )
        )
    table.frame = out


def _note_parts(text: str) -> dict[str, str]:
    parts = {}
    for piece in re.split(r"[;；。\n]", text):
        found = re.match(r"^\s*([^:：]{1,12})[:：]\s*(.+)$", piece)
        if found:
            department = _departments(pd.Series([found.group(1)])).iloc[0]
            parts[department] = found.group(2).strip()
    return parts


def _department_note(text: str, department: str) -> str:
    if not text:
        return ""
    return _note_parts(text).get(department, "")
