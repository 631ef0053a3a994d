"""Tests of the fast row writer's shortcuts: each gives what the cell-by-cell path gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.cli.render.fastrows import cell_fragments, get_column_letter
from cadreplan.cli.render.workbook import row_lines, text_lines

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.lists(texts, max_size=20),
        st.lists(st.integers(-(10**12), 10**12), max_size=20),
        st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20),
    ),
    st.integers(1, 60),
    st.integers(1, 5),
    st.sampled_from([None, 0, 7]),
)
def test_a_column_of_one_kind_is_written_as_cell_by_cell(values, column, first, style) -> None:
    """A column of only text, ints or floats gives the fragments of the per-cell path."""
    mixed = cell_fragments([*values, None], column, first, style)  # two kinds: per cell
    assert cell_fragments(values, column, first, style) == mixed[:-1]


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
