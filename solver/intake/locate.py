"""Grid to located table: the header row, two-row headers, and the rows that are not data.

Office forms put a title, a 填报单位/填报时间 line and blank rows above the header, write
two-row headers (学历 merged over 全日制教育 / 在职教育) and end with 合计 rows and 填表人,
审核人, 注 and 说明 lines. This module finds the header row by content (the row with the most
known header words among the first rows), combines a second header row, and sorts every
other row into data or a dropped row with its kind, keeping the spreadsheet's row numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..schema import ROW_NUMBER_HEADERS, normalise_header
from .files import Grid
from .values import blank_mask

#: Rows searched for the header.
HEADER_SEARCH_ROWS = 30
_TOTAL = re.compile(r"^(合计|小计|总计|累计|total)", re.I)
_FOOTER = re.compile(
    r"^(填表人|填报人|审核人|审核|制表人|制表|负责人|单位负责人|联系人|联系电话|填表日期|填报日期|"
    r"填表时间|签字|注[:：0-9１-９、.]|注意|说明[:：0-9、.]|备注[:：])"
)
_LABEL_LINE = re.compile(r"^[^0-9]{2,14}[:：]")
#: First characters of total and footer words (a quick test before the expressions).
_FOOTER_START = frozenset("合小总累tT填审制负单联签注说备 \t\u3000")
_FILLED_BY = re.compile(r"^(填报单位|填报时间|填报日期|单位名称|报送单位)")
#: The "blank below" mark of a roster (以下空白, 以下为空白, （以下空白）): the rest of the
#: form is empty. Matched on the text without whitespace.
_BLANK_BELOW = re.compile(
    r"^[(（]?(以下空白|以下为空白|以下为空|以下无内容|以下无正文)[)）]?[。.]?$"
)


@dataclass(frozen=True)
class HeaderCell:
    """A column of the located table: its position, its text and the words to match."""

    position: int
    text: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class DroppedRow:
    """A row that is not data: ``kind`` is title, filled_by, blank, footer, total, heading,
    empty (a 序号 or blank marks such as ``/`` and nothing else), blank_below (the 以下空白
    mark) or below_blank (under that mark)."""

    row: int
    kind: str
    text: str


@dataclass(frozen=True)
class Located:
    """A table found in a grid: header cells, data rows (spreadsheet-numbered), dropped rows."""

    grid: Grid
    header_rows: tuple[int, ...]
    headers: tuple[HeaderCell, ...]
    data: pd.DataFrame
    dropped: tuple[DroppedRow, ...]
    titles: tuple[str, ...]


def _texts(row: pd.Series) -> list[str]:
    return ["" if v == "" else str(v) for v in row.tolist()]


def locate(grid: Grid, known: Callable[[str], bool]) -> Located | None:
    """Find the table in ``grid``; None when no row looks like a header.

    Parameters
    ----------
    grid
        The cells of one sheet or file.
    known
        Whether a normalised header word is known (to some table, or in ``--columns``).
    """
    cells = grid.cells
    if cells.empty:
        return None
    best_row, best_score = None, 1
    for row_number in cells.index[:HEADER_SEARCH_ROWS]:
        texts = [t for t in _texts(cells.loc[row_number]) if t]
        score = sum(1 for t in texts if known(normalise_header(t)))
        if score > best_score:
            best_row, best_score = row_number, score
    if best_row is None:
        return None
    header = _texts(cells.loc[best_row])
    header_rows = [best_row]
    positions = list(cells.columns)
    parents = _parents(grid, best_row, header)
    keys: dict[int, tuple[str, ...]] = {}
    display: dict[int, str] = {}
    below = best_row + 1
    if below in cells.index and _is_sub_header(grid, best_row, header, known):
        child = _texts(cells.loc[below])
        header_rows.append(below)
        for position in positions:
            parent = parents[position]
            sub = child[position]
            if sub and parent:
                keys[position] = (parent + sub, sub, parent)
                display[position] = f"{parent}/{sub}"
            elif sub or parent:
                keys[position] = (sub or parent,)
                display[position] = sub or parent
    else:
        for position in positions:
            if header[position]:
                keys[position] = (header[position],)
                display[position] = header[position]
    headers = tuple(
        HeaderCell(p, display[p], tuple(normalise_header(k) for k in keys[p]))
        for p in positions
        if p in keys
    )
    dropped: list[DroppedRow] = []
    titles: list[str] = []
    for row_number in cells.index[: cells.index.get_loc(best_row)]:
        texts = [t for t in _texts(cells.loc[row_number]) if t]
        if not texts:
            dropped.append(DroppedRow(row_number, "blank", ""))
            continue
        joined = " ".join(texts)
        kind = "filled_by" if _FILLED_BY.match(normalise_header(texts[0])) else "title"
        dropped.append(DroppedRow(row_number, kind, joined))
        titles.append(joined)
    body = cells.loc[header_rows[-1] + 1 :]
    data, more = _split_rows(body, headers)
    return Located(grid, tuple(header_rows), headers, data, tuple(dropped + more), tuple(titles))


def _parents(grid: Grid, row: int, header: list[str]) -> list[str]:
    """The header row with each horizontally merged cell's text spread over its range."""
    parents = list(header)
    for r0, c0, _r1, c1 in grid.merged:
        if r0 == row and c1 > c0:
            for position in range(c0 + 1, min(c1 + 1, len(parents))):
                if not parents[position]:
                    parents[position] = header[c0]
    return parents


def _is_sub_header(grid: Grid, row: int, header: list[str], known: Callable[[str], bool]) -> bool:
    """Whether the row under the header is a second header row (全日制教育 under 学历)."""
    below = _texts(grid.cells.loc[row + 1])
    filled = [i for i, t in enumerate(below) if t]
    if not filled:
        return False
    if any(not isinstance(grid.cells.loc[row + 1].iloc[i], str) for i in filled):
        return False
    if any(re.fullmatch(r"[\d.]+", below[i]) for i in filled):
        return False
    for r0, _c0, r1, _c1 in grid.merged:
        if r0 == row and r1 >= row + 1:
            return True
    under_blank = sum(1 for i in filled if not header[i])
    matching = sum(1 for i in filled if known(normalise_header(below[i])))
    row_numbers = [i for i, t in enumerate(header) if normalise_header(t) in ROW_NUMBER_HEADERS]
    if row_numbers and below[row_numbers[0]]:
        return False
    return (
        under_blank > 0
        or matching * 2 >= len(filled)
        and matching > 0
        and len(filled) < len([t for t in header if t])
    )


def _split_rows(
    body: pd.DataFrame, headers: tuple[HeaderCell, ...]
) -> tuple[pd.DataFrame, list[DroppedRow]]:
    """Sort the rows under the header into data and dropped rows (blank, total, footer)."""
    if body.empty:
        return body, []
    # Column by column (a province's table is never copied into one grid of objects): which
    # cells are filled, how many per row, and each row's first filled cell ("" for none).
    columns = [body.iloc[:, i].to_numpy(dtype=object) for i in range(body.shape[1])]
    filled_by_column = np.array([column != "" for column in columns], dtype=bool)
    counts = filled_by_column.sum(axis=0)
    first_values = columns[0]
    for column, filled_here in zip(columns[:0:-1], filled_by_column[:0:-1], strict=True):
        first_values = np.where(filled_here, column, first_values)
    first_values = np.where(filled_by_column[0], columns[0], first_values)
    first_text = pd.Series(first_values, index=body.index, dtype=object)
    number_column = next((h.position for h in headers if h.keys[0] in ROW_NUMBER_HEADERS), None)
    # Each distinct first cell that could be a total, footer or label line (one starting
    # with a footer character or holding a colon, as _classify first asks) is classified
    # once; the others, found by whole-column string tests, are data.
    distinct = pd.unique(first_text).tolist()
    # One pass in Python over the distinct words (three pandas string passes cost more).
    maybe = [
        v
        for v in distinct
        if isinstance(v, str) and v and (v[0] in _FOOTER_START or ":" in v or "：" in v)
    ]
    classes = {v: _classify(v) for v in maybe}
    classes = {v: kind for v, kind in classes.items() if kind}
    if classes:
        # as objects first: the rows of no class map to float NaN, which pandas will refuse
        # to fill with text
        kind_of_first = first_text.map(classes).astype(object).fillna("").to_numpy(dtype=object)
    else:  # no first cell is a total, footer or label line (a plain table)
        kind_of_first = np.full(len(body), "", dtype=object)
    is_total = kind_of_first == "total"
    is_footer = kind_of_first == "footer"
    is_label = (kind_of_first == "label") & (counts <= 3)
    if number_column is not None:
        numbered = np.array([_is_number(v) for v in body[number_column].tolist()], dtype=bool)
        is_footer = is_footer & ~numbered
        is_label = is_label & ~numbered
    blank = counts == 0
    is_empty, is_blank_below, below_mark = _empty_rows(body, columns, number_column)
    kinds = np.full(len(body), "", dtype=object)
    kinds[below_mark] = "below_blank"
    kinds[is_empty] = "empty"
    kinds[is_label] = "footer"
    kinds[is_footer] = "footer"
    kinds[is_total] = "total"
    kinds[is_blank_below] = "blank_below"
    kinds[blank] = "blank"
    drop = kinds != ""
    if not drop.any():
        return body, []
    values = np.stack([column[drop] for column in columns], axis=1)
    dropped = [
        DroppedRow(int(row), str(kind), "" if kind == "blank" else str(text))
        for row, kind, text in zip(
            body.index[drop],
            kinds[drop],
            _row_text(values, filled_by_column[:, drop].T),
            strict=True,
        )
    ]
    return body.loc[~drop], dropped


def _empty_rows(
    body: pd.DataFrame, columns: list[np.ndarray], number_column: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows that hold no person: (empty, blank_below, below the mark), booleans per row.

    A row is *empty* when every cell but its 序号 is blank or a blank mark (``/``, ``无``,
    a run of dashes: :func:`~solver.intake.values.blank_mask`) and its 序号 is a number or
    blank too: a template's numbered rows left unfilled, or a row of ``/``. A row whose
    column A or B says 以下空白 ("blank below") and holds nothing else but a 序号 is the
    *blank_below* mark, which ends the data as a footer does: every row under it is
    *below* it (the caller reports those that would otherwise be data).
    """
    rows = len(body)
    none = np.zeros(rows, dtype=bool)
    if rows == 0:
        return none, none, none
    # A row with three or more written cells besides its 序号 holds a person: it can be
    # neither empty nor the mark (which has at most two: columns A and B). Such rows are
    # told apart a column at a time, so that in a province's roster, whose every row holds
    # a person, only the first few columns' distinct texts are tested for blank marks.
    written = np.zeros(rows, dtype=np.int64)
    open_rows = np.ones(rows, dtype=bool)
    for position, column in enumerate(columns):
        if position == number_column:
            continue
        at = np.flatnonzero(open_rows)
        if len(at) == 0:
            break
        written[at] += ~blank_mask(pd.Series(column[at], dtype=object))
        open_rows[at] = written[at] < 3
    at = np.flatnonzero(open_rows)
    if len(at) == 0:
        return none, none, none
    if len(at) < rows:
        empty_at, mark_at, _ = _empty_rows(body.iloc[at], [c[at] for c in columns], number_column)
        is_empty = none.copy()
        is_empty[at] = empty_at
        is_mark = none.copy()
        is_mark[at] = mark_at
        if not is_mark.any():
            return is_empty, none, none
        return is_empty, is_mark, np.arange(rows) > int(np.flatnonzero(is_mark)[0])
    blank_marks = [blank_mask(pd.Series(column, dtype=object)) for column in columns]
    person = np.zeros(rows, dtype=np.int64)
    for position, marks in enumerate(blank_marks):
        if position != number_column:
            person += ~marks
    number_ok = np.ones(rows, dtype=bool)
    if number_column is not None:
        number_ok = blank_marks[number_column] | np.array(
            [_is_number(v) for v in columns[number_column].tolist()], dtype=bool
        )
    filled = np.zeros(rows, dtype=bool)
    for column in columns:
        filled |= column != ""
    is_empty = filled & (person == 0) & number_ok
    mark = np.zeros(rows, dtype=bool)
    mark_in_person = np.zeros(rows, dtype=np.int64)
    for position in range(min(2, len(columns))):
        here = _is_blank_below(columns[position])
        mark |= here
        if position != number_column:
            mark_in_person += here
        else:
            number_ok = number_ok | here
    is_mark = mark & (person == mark_in_person) & number_ok
    if not is_mark.any():
        return is_empty, none, none
    below = np.arange(rows) > int(np.flatnonzero(is_mark)[0])
    return is_empty, is_mark, below


def _is_blank_below(column: np.ndarray) -> np.ndarray:
    """Which cells of ``column`` are the 以下空白 mark (each distinct text tested once)."""
    codes, uniques = pd.factorize(pd.Series(column, dtype=object))
    flags = np.array(
        [isinstance(v, str) and bool(_BLANK_BELOW.match(re.sub(r"\s+", "", v))) for v in uniques]
        + [False],
        dtype=bool,
    )
    return flags[np.where(codes < 0, len(uniques), codes)]


def _classify(value: object) -> str:
    """total, footer, label (a "名称：内容" line) or "" for the first filled cell of a row."""
    if not isinstance(value, str) or not value:
        return ""
    if value[0] not in _FOOTER_START and ":" not in value and "：" not in value:
        return ""
    text = re.sub(r"\s+", "", value)
    if _TOTAL.match(text):
        return "total"
    if _FOOTER.match(text):
        return "footer"
    if _LABEL_LINE.match(text):
        return "label"
    return ""


def _row_text(values: np.ndarray, filled: np.ndarray) -> list[str]:
    return [
        " ".join(str(v) for v, f in zip(row, mask, strict=True) if f)
        for row, mask in zip(values, filled, strict=True)
    ]


def _is_number(value: object) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\d+(\.0+)?", value.strip()))
