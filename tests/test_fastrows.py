"""Tests of the fast row writer's shortcuts: each gives what the cell-by-cell path gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.cli.render.fastrows import RowSplices, cell_fragments, get_column_letter
from cadreplan.cli.render.workbook import row_lines, text_lines

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.lists(texts, max_size=20),
        st.lists(st.one_of(texts, st.none()), max_size=20),
        st.lists(st.integers(-(10**12), 10**12), max_size=20),
        st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20),
    ),
    st.integers(1, 60),
    st.integers(1, 5),
    st.sampled_from([None, 0, 7]),
)
def test_a_column_of_one_kind_is_written_as_cell_by_cell(values, column, first, style) -> None:
    """A column of only text (some cells blank), ints or floats gives the per-cell fragments."""
    mixed = cell_fragments([*values, True], column, first, style)  # a boolean too: per cell
    assert cell_fragments(values, column, first, style) == mixed[:-1]


def test_rows_are_spliced_into_the_sheet_part() -> None:
    """Queued rows go before </sheetData>, or replace an empty <sheetData/>; others stay."""

    class Book:
        worksheets = ["first", "second"]

    splices = RowSplices()
    splices.add(Book(), "second", '<row r="2"/>')
    part = b'<worksheet><sheetData><row r="1"/></sheetData></worksheet>'
    assert splices.edit("xl/worksheets/sheet2.xml", part) == (
        b'<worksheet><sheetData><row r="1"/><row r="2"/></sheetData></worksheet>'
    )
    empty = b"<worksheet><sheetData/></worksheet>"
    assert splices.edit("xl/worksheets/sheet2.xml", empty) == (
        b'<worksheet><sheetData><row r="2"/></sheetData></worksheet>'
    )
    assert splices.edit("xl/worksheets/sheet1.xml", part) == part
    assert splices.edit("xl/worksheets/sheet2.xml", b"<worksheet/>") == b"<worksheet/>"


@pytest.mark.parametrize("sequential", ["", "1"])
def test_rows_queued_as_functions_are_made_alike_on_two_cores_or_one(
    monkeypatch: pytest.MonkeyPatch, sequential: str
) -> None:
    """Rows queued with add_later, shared out between a forked child and this process by
    making(), are those the functions give, in queue order, and the ready rows stay."""
    monkeypatch.setenv("CADREPLAN_SEQUENTIAL", sequential)

    class Book:
        worksheets = ["first", "second", "third"]

    splices = RowSplices()
    book = Book()
    splices.add_later(book, "first", lambda: '<row r="2">一</row>', cells=10)
    splices.add(book, "second", '<row r="2"/>')
    splices.add_later(book, "second", lambda: '<row r="3">二</row>', cells=1000)
    splices.add_later(book, "third", lambda: '<row r="2">三</row>', cells=500)
    with splices.making():
        pass
    assert splices.rows == {
        1: ['<row r="2">一</row>'.encode()],
        2: ['<row r="2"/>', '<row r="3">二</row>'.encode()],
        3: ['<row r="2">三</row>'.encode()],
    }
    part = b"<worksheet><sheetData/></worksheet>"
    made = '<worksheet><sheetData><row r="2"/><row r="3">二</row></sheetData></worksheet>'
    assert splices.edit("xl/worksheets/sheet2.xml", part) == made.encode()


def test_rows_queued_as_functions_are_made_when_spliced_without_making() -> None:
    """A function queued with add_later and never shared out is run when its sheet is edited."""

    class Book:
        worksheets = ["first"]

    splices = RowSplices()
    splices.add_later(Book(), "first", lambda: '<row r="2"/>', cells=1)
    part = b"<worksheet><sheetData/></worksheet>"
    made = b'<worksheet><sheetData><row r="2"/></sheetData></worksheet>'
    assert splices.edit("xl/worksheets/sheet1.xml", part) == made


def test_column_letters_are_openpyxl_s() -> None:
    """Our column letters equal openpyxl's from A to the last column Excel has (XFD)."""
    from openpyxl.utils import get_column_letter as theirs

    assert all(get_column_letter(n) == theirs(n) for n in range(1, 16385))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(texts, st.none(), st.floats(allow_nan=False)), min_size=4, max_size=4),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.floats(1, 60), min_size=4, max_size=4),
)
def test_row_lines_is_the_most_lines_of_a_row(rows, widths) -> None:
    """row_lines gives, per row, the most text_lines of its cells (columns that fit skipped)."""
    columns = [list(c) for c in zip(*rows, strict=True)]
    expected = [max(text_lines(v, w) for v, w in zip(row, widths, strict=True)) for row in rows]
    assert row_lines(columns, widths).tolist() == expected


def test_display_width_counts_wide_characters_twice() -> None:
    """Remembered widths equal Unicode's East Asian Width (W, F: 2) over the BMP."""
    import unicodedata

    from cadreplan.cli.render.workbook import display_width

    def reference(text: str) -> int:
        return sum(
            2 if ord(c) >= 0x1100 and unicodedata.east_asian_width(c) in ("W", "F") else 1
            for c in text
        )

    for start in range(0x80, 0x10000, 64):
        text = "".join(chr(p) for p in range(start, start + 64) if not 0xD800 <= p < 0xE000)
        assert display_width("a" + text) == reference("a" + text)
    assert display_width("青山村 A") == 8


def test_illegal_characters_are_openpyxl_s() -> None:
    """Our one-class pattern of illegal characters matches exactly where openpyxl's does."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from cadreplan.cli.render.workbook import ILLEGAL_CHARACTERS

    for point in range(0x10000):
        ch = chr(point)
        theirs = ILLEGAL_CHARACTERS_RE.search(ch) is not None
        assert (ILLEGAL_CHARACTERS.search(ch) is not None) == theirs, hex(point)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(texts, st.none(), st.integers(), st.floats()), max_size=30))
def test_excel_columns_are_excel_value_of_each_cell(values) -> None:
    """A column converted as a whole equals excel_value cell by cell (illegal ones replaced)."""
    import pandas as pd

    from cadreplan.cli.render.workbook import ILLEGAL_CHARACTERS, excel_columns, excel_value

    def expected(value):
        shown = excel_value(value)
        return ILLEGAL_CHARACTERS.sub("\ufffd", shown) if isinstance(shown, str) else shown

    for column in (values, [v for v in values if not isinstance(v, int | float)]):
        frame = pd.DataFrame({"c": pd.Series(column, dtype=object)})
        assert excel_columns(frame)[0] == [expected(v) for v in column]
