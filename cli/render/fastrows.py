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

import math
import os
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


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


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


class RowSplices:
    """Rows to insert per worksheet (by its position in the workbook), applied after saving."""

    def __init__(self) -> None:
        self.rows: dict[int, list[str]] = {}

    def add(self, workbook: Any, ws: Any, xml: str) -> None:
        """Queue ``xml`` (``<row>`` elements) for worksheet ``ws`` of ``workbook``."""
        position = workbook.worksheets.index(ws) + 1
        self.rows.setdefault(position, []).append(xml)

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
        text = data.decode("utf-8")
        rows = "".join(self.rows[position])
        if "</sheetData>" in text:
            text = text.replace("</sheetData>", rows + "</sheetData>", 1)
        else:
            text = text.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>", 1)
        return text.encode("utf-8")


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
    if kinds == {str}:
        out = []
        for row, value in enumerate(values, first_row):
            text = value.translate(_ESCAPES)
            space = ' xml:space="preserve"' if text != text.strip() else ""
            out.append(
                f'<c r="{letter}{row}"{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>'
            )
        return out
    if kinds == {int}:
        return [
            f'<c r="{letter}{row}"{styled}><v>{value!r}</v></c>'
            for row, value in enumerate(values, first_row)
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
            text = str(value).translate(_ESCAPES)
            space = ' xml:space="preserve"' if text != text.strip() else ""
            out.append(
                f'<c r="{letter}{row}"{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>'
            )
        row += 1
    return out


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
    parts = []
    for offset, row_cells in enumerate(zip(*cells, strict=True)):
        row = first_row + offset
        height = heights.get(row)
        extra = f' ht="{height:g}" customHeight="1"' if height else ""
        parts.append(f'<row r="{row}"{extra}>{"".join(row_cells)}</row>')
    return "".join(parts)
