"""Headers to columns, and located tables to the dataset's tables.

Each header is matched, after :func:`cadreplan.solver.schema.normalise_header`, against the
synonyms of a table's columns and form fields (and the user's ``--columns`` map, which comes
first). A sheet becomes the table it fits: the form must give every column the table needs
(``Table.form_required``), and among the tables it fits, the one with the most recognised
columns wins; a sheet name that names the table breaks a tie. Two tables fitted equally, or
two sheets for one table, are refused with both named.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..schema import (
    ROW_NUMBER_HEADERS,
    SCHEMAS,
    Table,
    header_lookup,
    normalise_header,
    normalise_word,
    table_names,
)
from ..vocabulary import word_map
from .files import column_letter
from .locate import HeaderCell, Located
from .values import category_of_flag

_CATEGORY_FLAG = re.compile(r"^是否(.+)$")
_OPINION = re.compile(r"^(.{2,12})意见$")
_LOOKUPS: dict[str, dict[str, str]] = {name: header_lookup(t) for name, t in SCHEMAS.items()}
_KNOWN: frozenset[str] = frozenset(
    key for lookup in _LOOKUPS.values() for key in lookup
) | frozenset(ROW_NUMBER_HEADERS)


@dataclass(frozen=True)
class ColumnMap:
    """The user's ``--columns`` file: per table, header text (normalised) -> column."""

    source: str
    tables: Mapping[str, Mapping[str, str]]
    spelled: Mapping[tuple[str, str], str]

    def known(self, key: str) -> bool:
        return any(key in headers for headers in self.tables.values())


def read_column_map(path: Path) -> ColumnMap:
    """Read ``--columns FILE.toml``: ``[reserves] "后备人选姓名" = "name"``.

    Raises
    ------
    DataError
        An unreadable file, a table that does not exist, or a column the table does not have.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(
            str(path), key="intake.columns.unreadable", params={"error": str(exc)}
        ) from None
    tables: dict[str, dict[str, str]] = {}
    spelled: dict[tuple[str, str], str] = {}
    for table_name, entries in data.items():
        if table_name not in SCHEMAS:
            raise DataError(
                str(path),
                key="intake.columns.unknown_table",
                params={"table": table_name, "tables": ", ".join(SCHEMAS)},
            )
        if not isinstance(entries, dict):
            raise DataError(
                str(path), key="intake.columns.not_a_table", params={"table": table_name}
            )
        table = SCHEMAS[table_name]
        allowed = {c.name for c in table.columns} | {f.name for f in table.form_fields}
        for header, column in entries.items():
            if column not in allowed:
                raise DataError(
                    str(path),
                    key="intake.columns.unknown_column",
                    params={
                        "table": table_name,
                        "header": header,
                        "column": column,
                        "columns": ", ".join(sorted(allowed)),
                    },
                )
            key = normalise_header(header)
            tables.setdefault(table_name, {})[key] = str(column)
            spelled[(table_name, key)] = header
    return ColumnMap(str(path), tables, spelled)


def is_known_header(key: str, column_map: ColumnMap | None = None) -> bool:
    """Whether a normalised header is a word some table knows (for finding the header row)."""
    if key in _KNOWN or _CATEGORY_FLAG.match(key) or _OPINION.match(key):
        return True
    return column_map is not None and column_map.known(key)


#: Similarity (difflib ratio of the normalised headers) from which an unknown header counts
#: as resembling a known one: named in warnings and refused by --strict.
CLOSE = 0.6
#: Similarity from which the report names the nearest known header of an unknown one as a
#: hint of what to map; below it the report says that no known column is within reach.
NEAREST = 0.4


@dataclass(frozen=True)
class ColumnMatch:
    """What one header became: ``target`` (column or form field) or None with a reason."""

    header: HeaderCell
    target: str | None
    detail: str = ""
    reason: str = ""
    #: For an unknown header: the table whose known headers :attr:`nearest` is sought among.
    near_table: str = ""

    # The nearest known header is looked up when asked (only the columns of the table a
    # sheet becomes are reported), not for every header against every table while the
    # sheet's table is decided: a sixth of a small plan's time.

    @property
    def nearest(self) -> str:
        """The most similar known header, if within reach (similarity >= NEAREST)."""
        if not self.near_table:
            return ""
        nearest, _ = _nearest(self.header.keys[0], self.near_table)
        if nearest:
            target = _LOOKUPS[self.near_table].get(nearest, nearest)
            nearest = f"{nearest} ({target})" if target != nearest else nearest
        return nearest

    @property
    def similarity(self) -> float:
        """How similar :attr:`nearest` is (difflib ratio, 0 to 1, two decimals)."""
        if not self.near_table:
            return 0.0
        return round(_nearest(self.header.keys[0], self.near_table)[1], 2)

    @property
    def closest(self) -> str:
        """A known header this one resembles (similarity >= CLOSE): what --strict refuses."""
        if not self.near_table:
            return ""
        _, similarity = _nearest(self.header.keys[0], self.near_table)
        return self.nearest if similarity >= CLOSE else ""


@dataclass(frozen=True)
class TableMatch:
    """How well a located table fits one dataset table."""

    table: Table
    located: Located
    matches: tuple[ColumnMatch, ...]
    score: int
    missing: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.missing

    def target_of(self, target: str) -> list[ColumnMatch]:
        return [m for m in self.matches if m.target == target]


def match_table(located: Located, table: Table, column_map: ColumnMap | None) -> TableMatch:
    """Match every header of ``located`` against ``table``'s columns and form fields."""
    lookup = _LOOKUPS[table.name]
    user = dict(column_map.tables.get(table.name, {})) if column_map else {}
    matches: list[ColumnMatch] = []
    for header in located.headers:
        matches.append(_match_header(header, table, lookup, user, located))
    found = {m.target for m in matches if m.target}
    missing = tuple(
        " / ".join(alternatives)
        for alternatives in table.form_required
        if not any(a in found for a in alternatives)
    )
    score = sum(1 for m in matches if m.target and m.target != "row_number")
    return TableMatch(table, located, tuple(matches), score, missing)


def _match_header(
    header: HeaderCell,
    table: Table,
    lookup: Mapping[str, str],
    user: Mapping[str, str],
    located: Located,
) -> ColumnMatch:
    for key in header.keys:
        if key in user:
            return ColumnMatch(header, user[key], reason="intake.column.mapped_by_user")
    for key in header.keys:
        if key in ROW_NUMBER_HEADERS:
            return ColumnMatch(header, "row_number")
        if key in lookup:
            return ColumnMatch(header, lookup[key])
    for key in header.keys:
        if table.name == "villages":
            code = category_of_flag(key)
            if code:
                return ColumnMatch(header, "category_flag", detail=code)
        if table.name == "vetting":
            opinion = _OPINION.match(key)
            if opinion:
                return ColumnMatch(header, "department_column", detail=opinion.group(1))
    if table.name == "vetting" and _all_vetting_results(located, header.position):
        return ColumnMatch(header, "department_column", detail=header.text)
    return ColumnMatch(header, None, reason="intake.column.unknown", near_table=table.name)


@functools.lru_cache(maxsize=4096)
def _nearest(key: str, table: str) -> tuple[str, float]:
    """The known header of ``table`` nearest to ``key`` and its similarity (difflib ratio),
    or ("", 0.0) when none is at least :data:`NEAREST` alike.

    Every header is tried against every table, and each file is located twice when a
    command reads only some tables: the same question is answered once.
    """
    candidates = list(_LOOKUPS[table]) + [c.name for c in SCHEMAS[table].columns]
    near = difflib.get_close_matches(key, candidates, n=1, cutoff=NEAREST)
    if not near:
        return "", 0.0
    return near[0], difflib.SequenceMatcher(None, key, near[0]).ratio()


def _all_vetting_results(located: Located, position: int) -> bool:
    words = word_map("vetting_result")
    if position not in located.data:
        return False
    cells = located.data[position]
    # A few hundred cells tell a department column from others; only then look at all.
    for sample in (cells.head(200), cells):
        values = {str(v) for v in pd.unique(sample) if v != ""}
        if not values or not all(normalise_word(v) in words for v in values):
            return False
    return True


def assign_tables(
    located: list[Located],
    column_map: ColumnMap | None,
    known: dict[int, list[TableMatch]] | None = None,
) -> tuple[dict[str, TableMatch], list[tuple[Located, str, str]]]:
    """Assign each located table to the dataset table it fits.

    ``known`` keeps each located table's matches (by ``id``; the caller keeps the located
    tables alive meanwhile), so that a table assigned twice with the same ``column_map`` is
    matched once.

    Returns
    -------
    The match of each assigned table, and the located tables left out, each with a reason
    key (``intake.source.no_table``) and the closest table with what it lacks.

    Raises
    ------
    DataError
        Two sheets for one table, or one sheet that fits two tables equally.
    """
    assigned: dict[str, TableMatch] = {}
    left: list[tuple[Located, str, str]] = []
    for item in located:
        if known is not None and id(item) in known:
            matches = known[id(item)]
        else:
            matches = [match_table(item, table, column_map) for table in SCHEMAS.values()]
            if known is not None:
                known[id(item)] = matches
        name = normalise_header(item.grid.name)
        fitting = [
            m
            for m in matches
            if m.fits and (not m.table.by_name_only or any(n in name for n in table_names(m.table)))
        ]
        exact = [m for m in matches if name in table_names(m.table)]
        if exact and not exact[0].fits:
            _refuse_missing(exact[0])
        eligible = [m for m in matches if not m.table.by_name_only or _named(m, name)]
        closest = max(eligible, key=lambda m: _resemblance(m, name))
        if not closest.fits and _identified(closest, name):
            # The table the sheet most resembles, by its columns and its name, lacks a
            # column: say so rather than take the sheet for a table it resembles less.
            rivals = [m for m in fitting if _resemblance(m, name) >= _resemblance(closest, name)]
            if not rivals:
                _refuse_missing(closest, identified=True)
        if not fitting:
            hint = (
                f"{closest.table.name} (lacks {', '.join(closest.missing)})"
                if closest.score
                else ""
            )
            left.append((item, "intake.source.no_table", hint))
            continue
        named = [m for m in fitting if name in table_names(m.table)]
        if named:
            chosen = named[0]
        else:
            top = max(m.score for m in fitting)
            best = [m for m in fitting if m.score == top]
            if len(best) > 1:
                # The sheet's name breaks a tie: the table whose longest name it holds.
                longest = {
                    m.table.name: max(
                        (len(n) for n in table_names(m.table) if n in name), default=0
                    )
                    for m in best
                }
                top_name = max(longest.values())
                if top_name:
                    best = [m for m in best if longest[m.table.name] == top_name]
            if len(best) > 1:
                raise DataError(
                    item.grid.label,
                    key="intake.source.two_tables",
                    params={
                        "first": best[0].table.name,
                        "second": best[1].table.name,
                        "first_zh": table_zh(best[0].table.name),
                        "second_zh": table_zh(best[1].table.name),
                    },
                )
            chosen = best[0]
        table_name = chosen.table.name
        if table_name in assigned:
            raise DataError(
                item.grid.label,
                key="intake.source.second_source",
                params={
                    "table": table_name,
                    "table_zh": table_zh(table_name),
                    "first": assigned[table_name].located.grid.label,
                },
            )
        _check_duplicates(chosen)
        assigned[table_name] = chosen
    if column_map is not None:
        _check_user_headers(column_map, assigned)
    return assigned, left


def table_zh(name: str) -> str:
    """A table's Chinese name for messages (the catalogue's ``table.<name>``: 后备干部)."""
    from ..words import has, say

    return say(f"table.{name}", "zh") if has(f"table.{name}") else name


def table_named(sheet: str) -> str | None:
    """The table a sheet or file name names (``导师名单`` -> mentors), or None.

    The table whose name is the whole name, else the one whose longest name (two characters
    or more) the name holds; by-name-only tables (nominees) count like the others here.
    """
    name = normalise_header(sheet)
    best, length = None, 1
    for table in SCHEMAS.values():
        for candidate in table_names(table):
            if candidate == name:
                return table.name
            if len(candidate) > length and candidate in name:
                best, length = table.name, len(candidate)
    return best


#: Columns needed to take a sheet for a table by its columns alone (without its name) when
#: it lacks a column that table needs: fewer say too little of what the sheet is.
IDENTIFYING_COLUMNS = 4


def _named(match: TableMatch, name: str) -> int:
    """The length of the longest name of ``match``'s table within the sheet or file ``name``
    (名字 of two characters or more: 村 alone is in almost every name), 0 if none is."""
    return max((len(n) for n in table_names(match.table) if len(n) > 1 and n in name), default=0)


def _resemblance(match: TableMatch, name: str) -> tuple[int, int, int]:
    """How much a sheet resembles a table: the columns it recognises, then how much of the
    table's name its own name holds, then how much its title row does."""
    titles = normalise_header(" ".join(match.located.titles))
    return match.score, _named(match, name), _named(match, titles)


def _identified(match: TableMatch, name: str) -> bool:
    """Whether a sheet is recognisably ``match``'s table although it lacks a column: its
    name names the table, or it has :data:`IDENTIFYING_COLUMNS` of the table's columns."""
    return match.score > 0 and (_named(match, name) > 0 or match.score >= IDENTIFYING_COLUMNS)


def _refuse_missing(match: TableMatch, *, identified: bool = False) -> None:
    """A sheet named after a table (or ``identified`` as it by its columns and name) that
    lacks a column the table needs; the columns are named as forms write them."""
    table = match.table
    missing = [
        alternatives[0]
        for alternatives in table.form_required
        if not any(m.target in alternatives for m in match.matches)
    ]
    names = ", ".join(_column_label(table, m) for m in missing)
    key = (
        "intake.column.missing_required"
        if len(missing) == 1
        else ("intake.column.missing_required_many")
    )
    params: dict[str, object] = {
        "names": names,
        "names_zh": "、".join(f"“{_chinese_name(table, m)}”" for m in missing),
        "table": table.name,
        "table_zh": table_zh(table.name),
    }
    misspelt = _misspelt_header(match, missing)
    if misspelt is not None:
        header, word = misspelt
        located = match.located
        row = _header_row_of(located, header)
        letter = column_letter(header.position)
        raise DataError(
            located.grid.label,
            row=row,
            column=letter,
            key="intake.column.misspelt" if len(missing) == 1 else "intake.column.misspelt_many",
            params={**params, "letter": letter, "header": header.text, "word": word},
        )
    raise DataError(
        match.located.grid.label,
        key=key + "_in" if identified else key,
        params=params,
    )


def _misspelt_header(match: TableMatch, missing: list[str]) -> tuple[HeaderCell, str] | None:
    """An unrecognised header of ``match`` that closely resembles the name or a synonym of a
    ``missing`` required column (姓明 for 姓名), with the word it resembles; None if none.

    Resembling means a difflib ratio of at least :data:`CLOSE` between the normalised texts,
    or, for words of two or more characters, the same length with one character replaced
    (a ratio of 0.5 for two-character Chinese headers such as 姓明/姓名). The closest pair wins.
    """
    lookup = _LOOKUPS[match.table.name]
    words = {
        name: [k for k, target in lookup.items() if target == name] + [name] for name in missing
    }
    best: tuple[float, HeaderCell, str] | None = None
    for column in match.matches:
        if column.target is not None:
            continue
        key = column.header.keys[0]
        for name in missing:
            for word in words[name]:
                ratio = difflib.SequenceMatcher(None, key, word).ratio()
                one_replaced = len(key) == len(word) >= 2 and (
                    sum(a != b for a, b in zip(key, word, strict=True)) == 1
                )
                if (ratio >= CLOSE or one_replaced) and (best is None or ratio > best[0]):
                    best = (ratio, column.header, _written(match.table, name, word))
    return None if best is None else (best[1], best[2])


def _written(table: Table, name: str, word: str) -> str:
    """``word`` (a normalised header) as a form writes it: the column's Chinese header when
    ``word`` is the code, else the synonym as the schema spells it (full-width brackets)."""
    if word == name:
        return _chinese_name(table, name)
    return word.replace("(", "（").replace(")", "）")


def _header_row_of(located: Located, header: HeaderCell) -> int:
    """The spreadsheet row of the header row holding ``header``'s own text (the lower row
    of a two-row header when the cell there is filled)."""
    cells = located.grid.cells
    for row in reversed(located.header_rows):
        if str(cells.loc[row, header.position]).strip():
            return row
    return located.header_rows[0]


def column_zh(table: str, name: str) -> str:
    """A column or form field of ``table`` by its Chinese header (姓名; 身份证号码)."""
    schema = SCHEMAS[table]
    if name in schema.column_by_name or name in _FORM_WORDS:
        return _chinese_name(schema, name)
    field = next((f for f in schema.form_fields if f.name == name), None)
    word = next((a for a in field.aliases if not a.isascii()), name) if field else name
    return word.replace("(", "（").replace(")", "）")


#: How forms head a column whose first Chinese alias is not what a form writes.
_FORM_WORDS = {"village_id": "村（社区）"}


def _chinese_name(table: Table, name: str) -> str:
    """A column as a Chinese form heads it (姓名, 学历, 村（社区）), not by its code."""
    if name in _FORM_WORDS:
        return _FORM_WORDS[name]
    column = table.column_by_name.get(name)
    aliases = column.aliases if column is not None else ()
    word = next((a for a in aliases if not a.isascii() and "编号" not in a), None)
    word = word or next((a for a in aliases if not a.isascii()), name)
    return word.replace("(", "（").replace(")", "）")


def _column_label(table: Table, name: str) -> str:
    column = table.column_by_name.get(name)
    if column is not None and column.aliases:
        return f"'{name}' ({_chinese_name(table, name)})"
    return f"'{name}'"


def _check_duplicates(match: TableMatch) -> None:
    """Two headers of one text, or two headers for one column, are refused."""
    label = match.located.grid.label
    row = match.located.header_rows[-1]
    seen: dict[str, HeaderCell] = {}
    for header in match.located.headers:
        key = header.keys[0]
        if key in seen:
            raise DataError(
                label,
                row=row,
                column=header.text,
                key="intake.column.duplicate_header",
                params={
                    "header": header.text,
                    "first": column_letter(seen[key].position),
                    "second": column_letter(header.position),
                },
            )
        seen[key] = header
    targets: dict[str, ColumnMatch] = {}
    for column_match in match.matches:
        target = column_match.target
        if target is None or target in ("row_number", "department_column", "category_flag"):
            continue
        if target in targets:
            raise DataError(
                label,
                row=row,
                column=column_match.header.text,
                key="intake.column.two_for_one",
                params={
                    "column": target,
                    "column_zh": _chinese_name(match.table, target),
                    "first": targets[target].header.text,
                    "second": column_match.header.text,
                },
            )
        targets[target] = column_match


def _check_user_headers(column_map: ColumnMap, assigned: Mapping[str, TableMatch]) -> None:
    for table_name, headers in column_map.tables.items():
        match = assigned.get(table_name)
        present = {k for h in match.located.headers for k in h.keys} if match else set()
        for key in headers:
            if key not in present:
                raise DataError(
                    column_map.source,
                    key="intake.columns.header_not_found",
                    params={
                        "table": table_name,
                        "header": column_map.spelled[(table_name, key)],
                        "where": match.located.grid.label if match else "-",
                    },
                )
