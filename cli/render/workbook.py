"""Workbooks ready to read and to print: headers, formats, widths and the page setup.

Every sheet gets a bold, filled, frozen and filtered header row; number formats by column
(thousands separators, amounts in 元 named in the header, percentages); widths that fit the
text (a CJK character counts double); long reasons wrapped within a capped width; and a
print setup: A4, fitted to one page wide (landscape when the table is wide), the header row
repeated on every page, the plan's title in the page header and the date and "page x of y"
in the footer.

The workbook is streamed (openpyxl write-only mode): a row is written as it is appended, so
one styled cell per formatted column is reused for every row instead of a styled cell being
made per cell, and unformatted columns go in as plain values.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .cells import column_format, column_title, localise
from .fastrows import RowSplices, rows_xml
from .stamp import fix_zip_times

#: Widest column (in characters, a CJK character counting two) before text wraps.
MAX_WIDTH = 50
#: Wrapped text columns (reasons) get this width.
WRAP_WIDTH = 48
#: Rows looked at to fit a column's width.
WIDTH_SAMPLE = 300
#: Sum of column widths above which a sheet prints in landscape.
LANDSCAPE_FROM = 100
HEADER_FILL = "DDEBF7"
#: Points per line of a wrapped row (11-point text).
LINE_HEIGHT = 15


@dataclass(frozen=True)
class Sheet:
    """One sheet to write: its (localised) title and its rows as a frame.

    ``number_formats`` overrides the column formats by column name; ``row_formats`` gives a
    format per row of one column (the assumptions sheet mixes amounts and shares).
    """

    title: str
    frame: pd.DataFrame
    headers: Sequence[str]
    number_formats: Mapping[str, str] = field(default_factory=dict)
    row_formats: tuple[str, Sequence[str | None]] | None = None
    wrap: frozenset[str] = frozenset()
    landscape: bool | None = None  # None: landscape when the columns are wide


@dataclass(frozen=True)
class PrintTitle:
    """What the page header and footer say on every printed page."""

    title: str
    date: dt.date
    lang: str

    def footer_left(self) -> str:
        day = self.date
        if self.lang == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return day.isoformat()

    def footer_right(self) -> str:
        return "第 &P 页，共 &N 页" if self.lang == "zh" else "Page &P of &N"


def plan_sheet(name: str, frame: pd.DataFrame, lang: str) -> Sheet:
    """A table of a plan as a sheet: localised values and headers, formats by column."""
    from cadreplan.solver.words import header

    return Sheet(
        title=header(name, lang)[:31],  # type: ignore[arg-type]
        frame=localise(frame, lang),
        headers=[
            column_title(
                str(c),
                lang,
                count=pd.api.types.is_numeric_dtype(frame[c])
                and not pd.api.types.is_bool_dtype(frame[c]),
            )
            for c in frame.columns
        ],
    )


#: Deflate level of the workbooks' rewritten parts (see :func:`write_sheets`).
WORKBOOK_DEFLATE_LEVEL = 1


def write_sheets(
    stage: Path,
    name: str,
    sheets: Sequence[Sheet],
    print_title: PrintTitle,
    *,
    extra: Callable[[Any, dict[str, Any]], None] | None = None,
    after: Callable[[Any, RowSplices], None] | None = None,
) -> Path:
    """Write ``sheets`` as workbook ``name`` in ``stage``; return its path.

    ``extra(workbook, sheets_by_title)`` may add charts before saving; ``after(workbook,
    splices)`` may append further sheets (the 报送 sheet), queueing their data rows.
    """
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    splices = RowSplices()
    created: dict[str, Any] = {}
    for sheet in sheets:
        created[sheet.title] = write_sheet(workbook, sheet, print_title, splices)
    if after is not None:
        after(workbook, splices)
    if extra is not None:
        extra(workbook, created)
    path = stage / name
    with splices.making():  # about half the data rows are made on the other core
        workbook.save(path)
    # One rewrite inserts the data rows and fixes the times (same data, same bytes: see
    # .stamp). Deflate level 1: a province's sheets compress 3-4 times faster than at
    # zlib's default 6, into a workbook about a fifth larger.
    fix_zip_times(path, edit=splices.edit, compresslevel=WORKBOOK_DEFLATE_LEVEL)
    return path


def write_sheet(
    workbook: Any, sheet: Sheet, print_title: PrintTitle, splices: RowSplices | None = None
) -> Any:
    """One table as a new worksheet with its header, formats and print setup.

    With ``splices``, the data rows are generated as XML and queued (see :mod:`.fastrows`);
    without, or for a sheet with per-row formats, they are appended through openpyxl.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(sheet.title)
    frame = sheet.frame
    columns = [str(c) for c in frame.columns]
    values_by_column = excel_columns(frame)
    widths = []
    wraps = []
    formats: list[str | None] = []
    for position, column in enumerate(columns):
        fmt = column_format(column)
        wrap = fmt.wrap or column in sheet.wrap
        number_format = sheet.number_formats.get(column, fmt.number_format)
        values = values_by_column[position]
        width = fitted_width(sheet.headers[position], values, number_format)
        if wrap and width > WRAP_WIDTH:
            width = WRAP_WIDTH
        else:
            wrap = wrap and width >= MAX_WIDTH
            width = min(width, MAX_WIDTH)
        widths.append(width)
        wraps.append(wrap)
        formats.append(number_format)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    # Write-only sheets write their properties (fit to page) with the first row: set up first.
    landscape = sum(widths) > LANDSCAPE_FROM if sheet.landscape is None else sheet.landscape
    print_setup(ws, print_title, landscape=landscape, title_rows="1:1")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    head = []
    for text in sheet.headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, centre
        head.append(cell)
    ws.append(head)
    templates: list[Any] = []
    top_wrap = Alignment(wrap_text=True, vertical="top")
    middle = Alignment(horizontal="center")
    # Short words (是/否, 本科, 街道干部) are centred, so they stand apart from the numbers
    # right-aligned beside them.
    centred = [
        (column_format(c).words is not None and not column_format(c).listed and not wraps[p])
        or column_format(c).centred
        for p, c in enumerate(columns)
    ]
    for position in range(len(columns)):
        if formats[position] is None and not wraps[position] and not centred[position]:
            templates.append(None)
            continue
        cell = WriteOnlyCell(ws)
        if formats[position] is not None:
            cell.number_format = formats[position]
        if wraps[position]:
            cell.alignment = top_wrap
        elif centred[position]:
            cell.alignment = middle
        templates.append(cell)
    wrapped = [(p, widths[p]) for p in range(len(columns)) if wraps[p]]
    last = get_column_letter(max(len(columns), 1))
    ws.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
    if splices is not None and sheet.row_formats is None and columns:
        styles = [t.style_id if t is not None else None for t in templates]
        splices.add_later(
            workbook,
            ws,
            functools.partial(_data_rows, values_by_column, styles, wrapped),
            cells=len(frame) * len(columns),
        )
        return ws
    row_formats: Sequence[str | None] | None = None
    row_format_position = -1
    if sheet.row_formats is not None:
        row_format_position = columns.index(sheet.row_formats[0])
        row_formats = sheet.row_formats[1]
    styled = [p for p, t in enumerate(templates) if t is not None]
    texts = [
        position
        for position, values in enumerate(values_by_column)
        if any(isinstance(v, str) and v.startswith("=") for v in values)
    ]
    rows = zip(*values_by_column, strict=True) if columns else iter(())
    for number, record in enumerate(rows):
        row: list[Any] | tuple[Any, ...] = record
        if wrapped:
            # Spreadsheets do not all fit the height of a wrapped row on opening; set it.
            lines = max(text_lines(row[p], width) for p, width in wrapped)
            if lines > 1:
                ws.row_dimensions[number + 2].height = LINE_HEIGHT * lines
        if styled or texts or row_formats is not None:
            cells = list(record)
            if row_formats is not None and row_formats[number] is not None:
                value = cells[row_format_position]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = row_formats[number]
                    cells[row_format_position] = cell
            for position in styled:
                value = cells[position]
                if value is not None and not isinstance(value, Cell):
                    cell = templates[position]
                    cell.value = value
                    cells[position] = cell
            for position in texts:
                value = cells[position]
                if isinstance(value, str) and value.startswith("="):
                    # openpyxl would store this as a formula; a typed text cell is shown, not run.
                    cell = WriteOnlyCell(ws, value=value)
                    cell.data_type = "s"
                    if wraps[position]:
                        cell.alignment = top_wrap
                    cells[position] = cell
            row = cells
        ws.append(row)
    return ws


def _data_rows(
    values_by_column: list[list[Any]], styles: list[int | None], wrapped: list[tuple[int, float]]
) -> str:
    """The data rows of a plan sheet as XML, each wrapped row as tall as its lines."""
    heights = {}
    if wrapped:
        # Spreadsheets do not all fit the height of a wrapped row on opening; set it.
        tall = row_lines([values_by_column[p] for p, _ in wrapped], [w for _, w in wrapped])
        for number in np.flatnonzero(tall > 1).tolist():
            heights[number + 2] = LINE_HEIGHT * int(tall[number])
    return rows_xml(values_by_column, 2, styles, heights)


def print_setup(ws: Any, print_title: PrintTitle, *, landscape: bool, title_rows: str) -> None:
    """A4, fitted to one page wide, ``title_rows`` repeated, title, date and page x of y."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    title = print_title.title.replace("&", "&&")
    ws.oddHeader.center.text = title
    ws.oddHeader.center.size = 11
    ws.oddHeader.center.font = "宋体,Bold" if print_title.lang == "zh" else "Calibri,Bold"
    ws.oddFooter.left.text = print_title.footer_left()
    ws.oddFooter.right.text = print_title.footer_right()


def fitted_width(title: str, values: list[Any], number_format: str | None) -> float:
    """Column width (Excel characters) fitting the header and a sample of the values."""
    sample = values[:WIDTH_SAMPLE]
    widest = display_width(title) if "\n" not in title else 0
    for value in sample:
        if value is None:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            text = f"{value:,.0f}" if number_format in ("#,##0",) else f"{value:,.2f}"
        else:
            text = str(value)
        widest = max(widest, display_width(text))
    return max(6.0, widest + 2.5)


def text_lines(value: Any, width: float) -> int:
    """How many lines ``value`` takes when wrapped in a column ``width`` characters wide."""
    if not isinstance(value, str):
        return 1
    room = max(1.0, width - 1.5)
    if 2 * len(value) <= room:
        return 1
    return sum(max(1, math.ceil(display_width(part) / room)) for part in value.split("\n"))


def row_lines(columns: Sequence[Sequence[Any]], widths: Sequence[float]) -> np.ndarray:
    """Lines each row takes: the most :func:`text_lines` of its cells in these columns.

    Only texts too long for one line are measured, each distinct text once.
    """
    lines = np.ones(len(columns[0]) if columns else 0, dtype=np.int64)
    for values, width in zip(columns, widths, strict=True):
        fits = max(1.0, width - 1.5) / 2  # text_lines is 1 for a text no longer than this
        try:  # blanks and empty texts dropped; a number left makes len() fail
            longest = max(map(len, filter(None, values)), default=0)
        except TypeError:
            longest = max((len(v) for v in values if isinstance(v, str)), default=0)
        if longest <= fits:
            continue
        long = [
            (row, value)
            for row, value in enumerate(values)
            if isinstance(value, str) and len(value) > fits
        ]
        measured: dict[str, int] = {}
        for row, value in long:
            count = measured.get(value)
            if count is None:
                count = measured[value] = text_lines(value, width)
            if count > lines[row]:
                lines[row] = count
    return lines


def display_width(text: str) -> int:
    """Width of ``text`` in Excel characters: CJK and full-width characters count two.

    Each character's width is looked up once per run and remembered (a province's reasons
    hold millions of characters but a few thousand distinct ones).
    """
    if text.isascii():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


class _Widths(dict[str, int]):
    """Width of a character: 2 for East Asian Wide or Full-width (from U+1100), else 1."""

    def __missing__(self, ch: str) -> int:
        import unicodedata

        width = 2 if ord(ch) >= 0x1100 and unicodedata.east_asian_width(ch) in ("W", "F") else 1
        self[ch] = width
        return width


_WIDTHS = _Widths()


#: The control characters a worksheet cannot hold: those of openpyxl's
#: ``ILLEGAL_CHARACTERS_RE``, as one character class (searched faster than its alternation).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_columns(frame: pd.DataFrame) -> list[list[Any]]:
    """Each column as a list of cell values, converted column by column (not cell by cell).

    The values are those of :func:`excel_value`, with control characters a worksheet
    cannot hold replaced by U+FFFD.
    """
    columns = []
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            values = series.astype(object).where(series.notna(), None).tolist()
            values = [v.item() if isinstance(v, np.generic) else v for v in values]
        else:
            if isinstance(series.dtype, pd.StringDtype) and series.hasnans:
                series = series.astype(object).where(series.notna(), None)  # NaN: a blank
            raw = series.tolist()
            if set(map(type, raw)) <= {str, type(None)}:
                # Plain text, some cells blank (the common case): only a leading tab or
                # return is changed, looked for in the column's text as a whole first.
                text = "\n".join(v for v in raw if v is not None)
                values = raw
                if "\t" in text or "\r" in text:
                    values = [
                        ("'" + v) if v is not None and v.startswith(("\t", "\r")) else v
                        for v in raw
                    ]
                if ILLEGAL_CHARACTERS.search(text) is None:
                    columns.append(values)
                    continue
            else:
                values = list(map(excel_value, raw))
            # Control characters cannot be stored in a worksheet; inputs refuse them, and
            # this keeps any that arrive another way from failing the whole workbook.
            values = [
                ILLEGAL_CHARACTERS.sub("\ufffd", v) if isinstance(v, str) else v for v in values
            ]
        columns.append(values)
    return columns


def excel_value(value: Any) -> Any:
    """One value as a cell takes it: no NaN, no numpy scalars, lists joined, no formula run."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, tuple | list):
        return ";".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(("\t", "\r")):
        return "'" + value
    return value
