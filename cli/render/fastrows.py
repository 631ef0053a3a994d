"""Data rows of large sheets written as XML directly, spliced in after openpyxl saves.

openpyxl builds everything around the rows (styles, widths, frozen header, filter, print
setup, merged title lines, charts) and the header rows; it spends about 10 µs on each data
cell, which at a province (a million cells across the workbooks) costs more than the solve.
The data rows are plain: inline strings and numbers, with a style id taken from openpyxl's
own style table for the few formatted columns, so they are generated column by column as
text (about 1 µs a cell) and inserted before ``</sheetData>`` of their sheet's part once
the workbook is saved. Inline strings are never read as formulas, so a text such as
``=SUM(A1)`` stays text.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any


def escape(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` written as XML entities.

    What ``xml.sax.saxutils.escape`` does (three replacements, ``&`` first: fast on long
    texts), without importing ``xml.sax``, which imports ``urllib.request`` and ``ssl``
    (a tenth of the start of a small run).
    """
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def get_column_letter(column: int) -> str:
    """The spreadsheet letters of a 1-based column number (1 -> A, 27 -> AA), as openpyxl's.

    Our own, so that importing this module (every plan command does) does not import
    openpyxl before a workbook is written.
    """
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class RowSplices:
    """Rows to insert per worksheet (by its position in the workbook), applied after saving.

    Rows may be queued ready (:meth:`add`) or as a function making them (:meth:`add_later`);
    :meth:`making` then makes about half of them in a forked child (see
    :mod:`cadreplan.cli.background`) while this process makes the others and saves the
    workbook, so that a large workbook is written on two cores. The rows are the same
    either way: each is made by the same function from the same values.
    """

    def __init__(self) -> None:
        self.rows: dict[int, list[str | bytes | Callable[[], str]]] = {}
        self.sizes: dict[int, int] = {}

    def add(self, workbook: Any, ws: Any, xml: str) -> None:
        """Queue ``xml`` (``<row>`` elements) for worksheet ``ws`` of ``workbook``."""
        position = workbook.worksheets.index(ws) + 1
        self.rows.setdefault(position, []).append(xml)

    def add_later(self, workbook: Any, ws: Any, make: Callable[[], str], cells: int) -> None:
        """Queue the rows ``make()`` gives (about ``cells`` cells) for worksheet ``ws``."""
        position = workbook.worksheets.index(ws) + 1
        self.rows.setdefault(position, []).append(make)
        self.sizes[id(make)] = cells

    @contextlib.contextmanager
    def making(self) -> Iterator[None]:
        """Make the queued functions' rows, about half of them in a forked child.

        The functions are shared out largest first, each to the side with fewer cells so
        far (the child's or this process's); the body of the ``with`` (saving the
        workbook) runs while the child works. On leaving, every queued function has been
        replaced by its rows (as UTF-8 bytes).
        """
        from ..background import in_background

        later = [
            (position, index, item)
            for position, items in self.rows.items()
            for index, item in enumerate(items)
            if callable(item)
        ]
        later.sort(key=lambda entry: -self.sizes.get(id(entry[2]), 0))
        there: list[tuple[int, int, Callable[[], str]]] = []
        here: list[tuple[int, int, Callable[[], str]]] = []
        loads = [0, 0]
        for entry in later:
            side = 0 if loads[0] <= loads[1] else 1
            (there if side == 0 else here).append(entry)
            loads[side] += self.sizes.get(id(entry[2]), 0)
        if not there:
            yield
            return

        def make_there() -> list[bytes]:
            return [make().encode("utf-8") for _, _, make in there]

        with in_background(make_there) as pending:
            yield
            for position, index, make in here:
                self.rows[position][index] = make().encode("utf-8")
            for (position, index, _), xml in zip(there, pending.result()[0], strict=True):
                self.rows[position][index] = xml

    def apply(self, path: Path) -> None:
        """Insert the queued rows into the saved workbook at ``path`` (rewritten atomically)."""
        if not self.rows:
            return
        temporary = path.with_name(path.name + ".rows")
        with (
            zipfile.ZipFile(path) as source,
            zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for item in source.infolist():
                target.writestr(item, self.edit(item.filename, source.read(item.filename)))
        os.replace(temporary, path)

    def edit(self, name: str, data: bytes) -> bytes:
        """The member ``name`` of the saved workbook with its queued rows inserted."""
        position = _sheet_position(name)
        if position not in self.rows:
            return data
        rows = [
            xml if isinstance(xml, bytes) else _made(xml).encode("utf-8")
            for xml in self.rows[position]
        ]
        head, end, tail = data.partition(b"</sheetData>")
        if end:
            return b"".join([head, *rows, end, tail])
        head, empty, tail = data.partition(b"<sheetData/>")
        if not empty:
            return data  # a part without rows (never written by openpyxl for a sheet)
        return b"".join([head, b"<sheetData>", *rows, b"</sheetData>", tail])


def _made(xml: str | Callable[[], str]) -> str:
    """Queued rows: made now when queued as a function (outside :meth:`RowSplices.making`)."""
    return xml() if callable(xml) else xml


def _sheet_position(name: str) -> int | None:
    prefix, suffix = "xl/worksheets/sheet", ".xml"
    if name.startswith(prefix) and name.endswith(suffix):
        number = name[len(prefix) : -len(suffix)]
        return int(number) if number.isdigit() else None
    return None


def cell_fragments(
    values: Sequence[Any], column: int, first_row: int, style: int | None
) -> list[str]:
    """One ``<c>`` element per value of a column (empty text for a blank cell)."""
    letter = get_column_letter(column)
    styled = f' s="{style}"' if style else ""
    kinds = set(map(type, values))
    # A column of one plain kind (the common case) is written without a test per cell.
    if kinds <= {str, type(None)} and values:
        head, tail = f'<c r="{letter}', f'"{styled} t="inlineStr"><is><t'
        if kinds == {str}:
            return [
                f"{head}{row}{tail}{space}>{text}</t></is></c>"
                for row, text, space in zip(
                    range(first_row, first_row + len(values)), *_texts(values), strict=True
                )
            ]
        # Text with blank cells (remarks): the texts as above, a blank as the per-cell path.
        rows = [row for row, value in enumerate(values, first_row) if value is not None]
        blank = [
            f'<c r="{letter}{row}"{styled}/>' if style else ""
            for row in range(first_row, first_row + len(values))
        ]
        texts, spaces = _texts([value for value in values if value is not None])
        for row, text, space in zip(rows, texts, spaces, strict=True):
            blank[row - first_row] = f"{head}{row}{tail}{space}>{text}</t></is></c>"
        return blank
    if kinds == {int}:
        head, tail = f'<c r="{letter}', f'"{styled}><v>'
        return [
            f"{head}{row}{tail}{value!r}</v></c>"
            for row, value in zip(range(first_row, first_row + len(values)), values, strict=True)
        ]
    if kinds == {float}:
        return [
            f'<c r="{letter}{row}"{styled}><v>{value!r}</v></c>' if math.isfinite(value) else ""
            for row, value in enumerate(values, first_row)
        ]
    out = []
    row = first_row
    for value in values:
        if value is None:
            out.append(f'<c r="{letter}{row}"{styled}/>' if style else "")
        elif isinstance(value, bool):
            out.append(f'<c r="{letter}{row}"{styled} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                out.append("")
            else:
                out.append(f'<c r="{letter}{row}"{styled}><v>{value!r}</v></c>')
        else:
            text = escape(str(value))
            space = ' xml:space="preserve"' if text != text.strip() else ""
            out.append(
                f'<c r="{letter}{row}"{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>'
            )
        row += 1
    return out


#: White space, as str.strip removes it.
_SPACE = re.compile(r"\s")


def _texts(values: Sequence[str]) -> tuple[list[str], Sequence[str]]:
    """Texts escaped for XML, and per text the attribute keeping its outer white space.

    The column is escaped as one joined text in one pass, and the first and last
    characters of all values are looked at together for white space (which only then is
    looked for value by value). A value holding NUL itself (never, in a sheet: it is an
    illegal character there) is escaped one by one.
    """
    joined = "\x00".join(values)
    if joined.count("\x00") == len(values) - 1:
        texts = escape(joined).split("\x00")
    else:
        texts = [escape(value) for value in values]
    edges = "".join([value[:1] for value in values] + [value[-1:] for value in values])
    if _SPACE.search(edges) is None:
        return texts, [""] * len(texts)
    preserve = ' xml:space="preserve"'
    return texts, [preserve if text != text.strip() else "" for text in texts]


def rows_xml(
    columns: Sequence[Sequence[Any]],
    first_row: int,
    styles: Sequence[int | None],
    heights: Mapping[int, float] | None = None,
) -> str:
    """``<row>`` elements for the data given column by column, starting at ``first_row``."""
    if not columns:
        return ""
    cells = [
        cell_fragments(values, index + 1, first_row, styles[index])
        for index, values in enumerate(columns)
    ]
    heights = heights or {}
    rows = range(first_row, first_row + len(cells[0]))
    opening = [
        f'<row r="{row}" ht="{heights[row]:g}" customHeight="1">'
        if heights.get(row)
        else f'<row r="{row}">'
        for row in rows
    ]
    closing = ["</row>"] * len(rows)
    return "".join(itertools.chain.from_iterable(zip(opening, *cells, closing, strict=True)))
