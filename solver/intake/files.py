"""Files to grids: a folder, one workbook or one CSV becomes a list of cell grids.

A :class:`Grid` is one sheet or one CSV file as the office keeps it: every cell as read
(``str`` from CSV; ``str``, ``float``, ``int``, ``bool`` or ``datetime`` from a workbook, ``""``
for an empty cell), indexed by the spreadsheet's own row numbers, with the sheet's merged
ranges and the formula cells that have no cached value.

Readers are well-kept libraries rather than our own parsing:

* workbooks (``.xlsx``, ``.xlsm``, ``.xls``) through ``python-calamine``, which reads the
  cells that are there whatever the declared ``<dimension>`` says (WPS and some generators
  write ``A1``; openpyxl's streaming reader trusts it and loses the rest), tells hidden sheets
  and merged ranges, and reads a province-size sheet several times faster than openpyxl;
* CSV through pandas' C parser, after the encoding is judged by plausibility with
  ``charset-normalizer`` (a GBK file whose bytes also happen to be valid UTF-8 is GBK);
  UTF-16 ("Unicode text" from Excel) and tab-separated text are read too.

A folder may hold a names file, :data:`NAMES_FILE` (``.names.json``: ``{"stored name":
"original name"}``), written by ``plan serve``, which keeps uploads under generated names
(``f001.csv``): a file listed there is shown in messages and recognised as a table by its
original name, exactly as if it had been saved under that name. The original name is data
only; it never becomes a path.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
#: Invisible control characters refused in a cell: C0 controls but tab and line breaks, DEL,
#: the C1 controls (U+009B is a terminal's CSI, like ESC [) and the bidirectional
#: overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make a name read otherwise
#: than it is written in a terminal, a workbook or a page.
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
CONTROL_RE = re.compile(CONTROL)
#: The most characters a cell may hold: Excel's and WPS's limit for one cell, so that every
#: value read can be written back into the plan's workbooks.
MAX_CELL_CHARACTERS = 32_767


def no_cell_too_long(text: str) -> bool:
    """Whether no cell of a CSV ``text`` can exceed :data:`MAX_CELL_CHARACTERS` (one pass).

    Without a quote no cell spans lines, so the longest line bounds every cell; a text with
    quotes (a cell may then hold line breaks) is only cleared when it is short as a whole.
    """
    if len(text) <= MAX_CELL_CHARACTERS:
        return True
    if '"' in text:
        return False
    start, end = 0, len(text)
    while end - start > MAX_CELL_CHARACTERS:  # a step of up to a cell's length at a time
        newline = text.rfind("\n", start, start + MAX_CELL_CHARACTERS + 1)
        if newline == -1:
            return False  # a line, so a cell, longer than a spreadsheet cell
        start = newline + 1
    return True


#: The names file of a folder: stored file name -> the name the user gave the file.
NAMES_FILE = ".names.json"


@dataclass(frozen=True)
class Grid:
    """One sheet or CSV file as read.

    Attributes
    ----------
    label
        How messages name it: ``file.csv`` or ``book.xlsx sheet 名单``.
    name
        The sheet name, or the file name without its suffix.
    cells
        Object cells; columns are 0-based column positions, the index the spreadsheet's
        1-based row numbers. Empty cells are ``""``; text is stripped.
    sha256
        Fingerprint of the source (the file's bytes; for a sheet, with the sheet's name).
    merged
        Merged ranges as ``(first_row, first_col, last_row, last_col)``, rows 1-based,
        columns 0-based.
    formulas_without_value
        ``(row, col)`` of formula cells saved without a computed value.
    control_free
        True when the text was searched once and holds no control character.
    path
        The file it was read from (None for a grid built in memory).
    complete
        False for a text file of which only the first lines were parsed (``head_only``):
        enough to find its header and the table it is, not its data.
    long_free
        True when the text was measured once and no cell can be longer than a spreadsheet
        cell (:data:`MAX_CELL_CHARACTERS`); a workbook written by Excel or WPS cannot hold a
        longer cell, one written by a program is measured cell by cell.
    """

    label: str
    name: str
    cells: pd.DataFrame
    sha256: str
    merged: tuple[tuple[int, int, int, int], ...] = ()
    formulas_without_value: tuple[tuple[int, int], ...] = ()
    control_free: bool = False
    path: Path | None = None
    complete: bool = True
    long_free: bool = False


#: Bytes of a text file parsed to find its header when its data are not needed: the header
#: is searched among the first 30 rows (:data:`locate.HEADER_SEARCH_ROWS`).
HEAD_BYTES = 1 << 16
HEAD_LINES = 40


@dataclass(frozen=True)
class Skipped:
    """A file or sheet that is not read as a table, and why (``reason`` is a catalogue key)."""

    label: str
    reason: str
    #: The sheet's name (a hidden sheet named 导师名单 tells which table is hidden).
    name: str = ""


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sources(path: Path, *, head_only: bool = False) -> tuple[list[Grid], list[Skipped]]:
    """Read a folder, a workbook or a CSV file into grids.

    Parameters
    ----------
    path
        A folder (its ``.csv``/``.txt``/``.tsv`` and workbook files are read; other files are
        listed as skipped), one workbook, or one CSV file.
    head_only
        Parse only the first lines of each large text file (``complete`` False): enough to
        tell which table it is. The file's bytes are still read whole for its fingerprint.
        Workbooks are always read whole.

    Returns
    -------
    The grids in a stable order (files by name, sheets in workbook order) and what was
    skipped (hidden sheets, files of other kinds).

    Raises
    ------
    DataError
        A file that cannot be read (not text, an unknown encoding, a broken workbook).
    """
    grids: list[Grid] = []
    skipped: list[Skipped] = []
    if path.is_dir():
        names = original_names(path)
        found = [p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")]
        shown = {p: names.get(p.name, p.name) for p in found}
        for file in sorted(found, key=lambda p: (shown[p], p.name)):
            name = shown[file]
            suffix = Path(name).suffix.lower()
            if name.startswith("~$"):
                skipped.append(Skipped(name, "intake.source.lock_file"))
            elif suffix in WORKBOOK_SUFFIXES:
                _read_workbook(file, grids, skipped, name)
            elif suffix in TEXT_SUFFIXES:
                grids.append(read_text_file(file, name, head_only=head_only))
            else:
                skipped.append(Skipped(name, "intake.source.not_a_table_file"))
    elif path.suffix.lower() in WORKBOOK_SUFFIXES:
        _read_workbook(path, grids, skipped)
    elif path.suffix.lower() in TEXT_SUFFIXES:
        grids.append(read_text_file(path, head_only=head_only))
    else:
        raise DataError(path.name, key="intake.source.unknown_kind")
    return grids, skipped


def original_names(folder: Path) -> dict[str, str]:
    """The folder's names file: each stored file name and the name to show and read it by.

    Returns an empty mapping when the folder has no :data:`NAMES_FILE`. An entry must map a
    file name to a non-empty name without control characters; a malformed names file is a
    :class:`DataError` naming it.
    """
    path = folder / NAMES_FILE
    if not path.is_file():
        return {}
    try:
        names = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, ValueError):
        names = None
    if not isinstance(names, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() and not CONTROL_RE.search(v)
        for k, v in names.items()
    ):
        raise DataError(NAMES_FILE, key="intake.source.bad_names_file")
    return names


def decode_text(data: bytes, label: str) -> str:
    """Decode the bytes of a text table, judging the encoding by plausibility.

    A byte-order mark decides (UTF-8, UTF-16); UTF-16 without one is told by its zero bytes.
    Otherwise, when the bytes are valid as both UTF-8 and GB18030, ``charset-normalizer``
    picks the decoding that reads as language rather than mojibake, so a GBK file whose bytes
    happen to be valid UTF-8 is still read as GBK. Pure ASCII is ASCII.

    Raises
    ------
    DataError
        An empty file, a binary file, or bytes that are no known Chinese encoding.
    """
    if not data.strip():
        raise DataError(label, key="intake.file.empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise DataError(label, key="intake.file.bad_encoding") from None
    if b"\x00" in data:
        sample = data[:4000]
        odd_zeros = sample[1::2].count(0)
        even_zeros = sample[0::2].count(0)
        half = len(sample) // 2
        for zeros, encoding in ((odd_zeros, "utf-16-le"), (even_zeros, "utf-16-be")):
            if zeros > 0.3 * half:
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    break
        raise DataError(label, key="intake.file.not_text")
    if data.isascii():
        return data.decode("ascii")
    decodings = {}
    for encoding in ("utf-8", "gb18030"):
        try:
            decodings[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(decodings) == 1:
        return next(iter(decodings.values()))
    import charset_normalizer

    isolation = ["utf_8", "gb18030"] if decodings else None
    best = charset_normalizer.from_bytes(data, cp_isolation=isolation).best()
    if best is not None:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    if "utf-8" in decodings:
        return decodings["utf-8"]
    raise DataError(label, key="intake.file.bad_encoding")


def read_text_file(path: Path, shown: str | None = None, *, head_only: bool = False) -> Grid:
    """Read one CSV (comma or tab separated, any judged encoding) into a grid.

    ``shown`` is the file's name for messages and for recognising its table (default: its
    own name; see :data:`NAMES_FILE`). With ``head_only``, a file longer than
    :data:`HEAD_BYTES` is parsed only up to the last whole line within them (at least
    :data:`HEAD_LINES` lines; UTF-16 text is read whole), and the grid is marked incomplete:
    it tells the header and the table, not the data.
    """
    data = path.read_bytes()
    shown = shown or path.name
    digest = hashlib.sha256(data).hexdigest()
    if head_only and len(data) > HEAD_BYTES:
        head = data[: data.rfind(b"\n", 0, HEAD_BYTES) + 1]
        if head.count(b"\n") >= HEAD_LINES and b"\x00" not in head:
            text = decode_text(head, shown)
            return Grid(
                label=shown,
                name=Path(shown).stem,
                cells=parse_text(text, shown),
                sha256=digest,
                path=path,
                complete=False,
            )
    text = decode_text(data, shown)
    return Grid(
        label=shown,
        name=Path(shown).stem,
        cells=parse_text(text, shown),
        sha256=digest,
        control_free=CONTROL_RE.search(text) is None,
        path=path,
        long_free=no_cell_too_long(text),
    )


def parse_text(text: str, label: str) -> pd.DataFrame:
    """Parse decoded CSV text into stripped string cells, one row per spreadsheet row.

    Title lines with fewer cells than the table are fine: the grid is as wide as the widest
    line. The separator is a tab when the first lines hold more tabs than commas.
    """
    head = text[:20000].splitlines()[:30]
    tabs = sum(line.count("\t") for line in head)
    commas = sum(line.count(",") for line in head)
    separator = "\t" if tabs > commas else ","
    options = dict(
        sep=separator,
        header=None,
        # Text cells as Python strings at once (``str`` would build a string array first,
        # then copy it into objects).
        dtype=object,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )
    try:
        try:
            frame = pd.read_csv(_utf8(text), **options)
        except pd.errors.ParserError:
            # A title line narrower than the table: read as wide as the widest line.
            width = max((line.count(separator) for line in text.split("\n")), default=0) + 1
            frame = pd.read_csv(_utf8(text), names=range(width), **options)
    except pd.errors.EmptyDataError:
        raise DataError(label, key="intake.file.empty") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(label, key="intake.file.not_csv", params={"error": str(exc)}) from None
    if not _padded(text, separator):
        # No cell starts or ends with a space: the cells are clean as parsed.
        result = frame.astype(object)
        result.columns = range(frame.shape[1])
    else:
        cleaned = {
            position: [v.strip() for v in frame.iloc[:, position].tolist()]
            for position in range(frame.shape[1])
        }
        result = pd.DataFrame(cleaned, dtype=object)
    result.index = pd.RangeIndex(1, len(result) + 1)
    return _trim(result)


def _utf8(text: str) -> io.BytesIO | io.StringIO:
    """The decoded text as UTF-8 bytes for pandas' C parser, which reads them faster than a
    text stream (it encodes a text stream to UTF-8 itself); text that cannot be encoded
    (a lone surrogate) is handed over as it is."""
    try:
        return io.BytesIO(text.encode("utf-8"))
    except UnicodeEncodeError:
        return io.StringIO(text)


#: Text next to which a space means some cell needs stripping (plain substring tests are far
#: faster than one regular expression over a province's CSV).
_PADDING = (
    " ,",
    ", ",
    " \n",
    " \r",
    "\n ",
    '" ',
    ' "',
    "\t,",
    ",\t",
    "\u3000",
    "\xa0",
    " \t",
    "\t ",
    "\t\n",
    "\n\t",
)


def _padded(text: str, separator: str) -> bool:
    spaces = (" ", "\u3000", "\xa0") if separator == "\t" else (" ", "\t", "\u3000", "\xa0")
    if not any(space in text for space in spaces):
        return False
    return (
        text[:1].isspace() or text.rstrip("\r\n")[-1:].isspace() or any(p in text for p in _PADDING)
    )


def _trim(cells: pd.DataFrame) -> pd.DataFrame:
    """Drop trailing empty rows and columns (a sheet's formatting reaches past its data)."""
    if cells.empty:
        return cells
    # Column by column: a province's table is never copied into one grid of objects.
    filled = np.array(
        [cells.iloc[:, i].to_numpy(dtype=object) != "" for i in range(cells.shape[1])],
        dtype=bool,
    )
    rows = np.flatnonzero(filled.any(axis=0))
    cols = np.flatnonzero(filled.any(axis=1))
    if len(rows) == 0:
        return cells.iloc[:0, :0]
    return cells.iloc[: rows[-1] + 1, : cols[-1] + 1]


def _read_workbook(
    path: Path, grids: list[Grid], skipped: list[Skipped], shown: str | None = None
) -> None:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    shown = shown or path.name
    data = path.read_bytes()
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several kinds for a broken or locked file
        raise DataError(
            shown, key="intake.file.bad_workbook", params={"error": type(exc).__name__}
        ) from None
    formulas, control_free = _scan_workbook(data) if path.suffix.lower() != ".xls" else ({}, False)
    digest = hashlib.sha256(data).hexdigest()
    try:
        for meta in workbook.sheets_metadata:
            label = f"{shown} sheet {meta.name}"
            if meta.typ != SheetTypeEnum.WorkSheet:
                skipped.append(Skipped(label, "intake.source.not_a_worksheet"))
                continue
            if meta.visible != SheetVisibleEnum.Visible:
                skipped.append(Skipped(label, "intake.source.hidden", meta.name))
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            cells = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
            # Text is compared after normalisation downstream, and text columns are stripped
            # when typed; a per-cell pass here would cost seconds at a province's size.
            cells.index = pd.RangeIndex(1, len(cells) + 1)
            merged = tuple(
                (r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()
            )
            grids.append(
                Grid(
                    label=label,
                    name=meta.name,
                    cells=_trim(cells),
                    sha256=hashlib.sha256(f"{digest}:{meta.name}".encode()).hexdigest(),
                    merged=merged,
                    formulas_without_value=tuple(formulas.get(meta.name, ())),
                    control_free=control_free,
                )
            )
    finally:
        workbook.close()


_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")
_SHEET = re.compile(rb"<sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]*)\"")
_RELATION = re.compile(rb"<Relationship\b[^>]*?\bId=\"([^\"]*)\"[^>]*?\bTarget=\"([^\"]*)\"")
_RELATION_REVERSED = re.compile(
    rb"<Relationship\b[^>]*?\bTarget=\"([^\"]*)\"[^>]*?\bId=\"([^\"]*)\""
)


#: How a control character can stand in a workbook's XML: Excel's ``_x0001_`` escape, a
#: character reference, a raw DEL, a C1 control or a bidirectional override or isolate
#: (raw UTF-8, Excel's escape or a character reference).
_XML_CONTROL = re.compile(
    rb"_x00[0189][0-9A-Fa-f]_|&#x?0*[0-9A-Fa-f]{1,2};|\x7f|\xc2[\x80-\x9f]"
    rb"|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|_x20(?:2[a-eA-E]|6[6-9])_"
    rb"|&#x0*20(?:2[a-eA-E]|6[6-9]);|&#0*(?:823[4-8]|829[4-7]|12[7-9]|1[34][0-9]|15[0-9]);"
)


def _scan_workbook(data: bytes) -> tuple[dict[str, list[tuple[int, int]]], bool]:
    """Formula cells saved without a computed value, by sheet name (``(row, col)``), and
    whether no text of the workbook can hold a control character.

    A workbook written by a program (not by Excel or WPS) may hold formulas that were never
    calculated; their cells read as empty. The intake refuses such a cell where it would use
    it, naming it, rather than take it for blank. One pass over the XML also tells whether a
    control character can be anywhere, so that cells need not be searched one by one.
    """
    found: dict[str, list[tuple[int, int]]] = {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile):
        return found, False
    control_free = True
    if "xl/sharedStrings.xml" in archive.namelist():
        control_free = _XML_CONTROL.search(archive.read("xl/sharedStrings.xml")) is None
    targets = {rid: target for rid, target in _RELATION.findall(relations)}
    targets.update({rid: target for target, rid in _RELATION_REVERSED.findall(relations)})
    for raw_name, rid in _SHEET.findall(workbook):
        target = targets.get(rid)
        if target is None:
            continue
        target_path = target.decode().lstrip("/")
        member = target_path if target_path.startswith("xl/") else f"xl/{target_path}"
        try:
            xml = archive.read(member)
        except KeyError:
            continue
        if control_free and _XML_CONTROL.search(xml) is not None:
            control_free = False
        if b"<f" not in xml:
            continue
        import html  # only sheets holding formulas need it

        name = html.unescape(raw_name.decode("utf-8"))
        for attributes, body in _CELL.findall(xml):
            if not body or b"<f" not in body or _VALUE.search(body):
                continue
            ref = _REF.search(attributes)
            if ref:
                letters, row = ref.groups()
                col = 0
                for letter in letters.decode():
                    col = col * 26 + ord(letter) - 64
                found.setdefault(name, []).append((int(row), col - 1))
    return found, control_free
