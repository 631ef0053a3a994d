"""Table schemas, Chinese aliases and typed reading of CSV folders and xlsx workbooks.

Every value is parsed column by column with pandas (vectorised), so that a province of
52,000 reserves reads in seconds. The first bad cell of a column raises a :class:`DataError`
naming the file, the row as the user counts it (the header is row 1) and the column as the
user wrote it.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError
from .vocabulary import (  # noqa: F401 - re-exported for older imports
    BOOL_FALSE,
    BOOL_TRUE,
    CATEGORY_WORDS,
    DEPARTMENT_WORDS,
    EDUCATION_LEVELS,
    EDUCATION_RANK,
    EDUCATION_WORDS,
    GENDER_WORDS,
    LIST_SPLIT,
    MENTOR_TYPE_WORDS,
    RATING_WORDS,
    SOURCE_WORDS,
    STATUS_WORDS,
    VETTING_WORDS,
    VILLAGE_KIND_WORDS,
)


def _word_map(words: Mapping[str, str]) -> dict[str, str]:
    """Map every accepted spelling (English code, lower case, Chinese words) to its code."""
    mapping: dict[str, str] = {}
    for code, chinese in words.items():
        mapping[code] = code
        mapping[code.lower()] = code
        for word in chinese.split(";"):
            mapping[word] = code
    return mapping


@dataclass(frozen=True)
class Column:
    """One column of a table schema.

    ``kind`` is one of ``str``, ``int``, ``float``, ``year``, ``bool``, ``enum``, ``list``.
    For ``enum`` and ``list`` columns, ``words`` lists the accepted codes with their Chinese
    words; a ``list`` without words takes free tags.
    """

    name: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    words: Mapping[str, str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: float | str | None = None
    strict_min: bool = False

    @property
    def accepted(self) -> dict[str, str]:
        return _word_map(self.words or {})


@dataclass(frozen=True)
class Table:
    """A table schema: its columns, its key and the Chinese names of the table."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    description: str = ""
    column_by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_name", {c.name: c for c in self.columns})


def _person(extra: tuple[Column, ...], *, education_required: bool) -> tuple[Column, ...]:
    return (
        Column("person_id", "str", True, ("人员编号", "编号", "身份编号")),
        Column("name", "str", True, ("姓名",)),
        *extra,
        Column("birth_year", "year", True, ("出生年份", "出生年")),
        Column("gender", "enum", False, ("性别",), GENDER_WORDS),
        Column("education", "enum", education_required, ("学历", "文化程度"), EDUCATION_WORDS),
        Column("party_since", "year", False, ("入党年份", "入党时间")),
    )


def _reserve_columns() -> tuple[Column, ...]:
    """Columns of ``reserves`` and of ``nominees`` (推荐人选), which has the same shape."""
    return _person(
        (Column("village_id", "str", True, ("村编号", "所在村", "户籍村")),),
        education_required=True,
    ) + (
        Column("source", "enum", False, ("来源", "人员来源"), SOURCE_WORDS),
        Column("evaluation", "float", False, ("履职评估", "评估分"), minimum=0, maximum=100),
        Column("needs", "list", False, ("待提升", "需提升技能")),
        Column("skills", "list", False, ("技能", "专长")),
    )


SCHEMAS: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "villages",
            (
                Column("village_id", "str", True, ("村编号", "村(社区)编号", "村社区编号")),
                Column("name", "str", True, ("名称", "村名", "村(社区)名称")),
                Column("town", "str", True, ("镇街", "所属镇街", "乡镇")),
                Column("kind", "enum", False, ("类型",), VILLAGE_KIND_WORDS, default="village"),
                Column("population", "int", False, ("人口", "人口数"), minimum=0),
                Column("categories", "list", False, ("类别", "村类别"), CATEGORY_WORDS),
                Column(
                    "cross_village_pilot",
                    "bool",
                    False,
                    ("跨村任职试点", "跨村任职"),
                    default=False,
                ),
                Column("lat", "float", False, ("纬度",), minimum=-90, maximum=90),
                Column("lon", "float", False, ("经度",), minimum=-180, maximum=180),
            ),
            key=("village_id",),
            aliases=("村", "村社区", "村(社区)"),
            description="villages and communities (村/社区)",
        ),
        Table(
            "roads",
            (
                Column("from", "str", True, ("起点",)),
                Column("to", "str", True, ("终点",)),
                Column("km", "float", True, ("公里", "距离", "里程"), minimum=0, strict_min=True),
            ),
            aliases=("道路",),
            description="undirected road links between villages",
        ),
        Table(
            "secretaries",
            (
                Column("person_id", "str", True, ("人员编号", "编号")),
                Column("name", "str", True, ("姓名",)),
                Column("village_id", "str", True, ("村编号", "所在村")),
                Column("birth_year", "year", True, ("出生年份", "出生年")),
                Column("gender", "enum", False, ("性别",), GENDER_WORDS),
                Column("education", "enum", False, ("学历", "文化程度"), EDUCATION_WORDS),
                Column("party_since", "year", False, ("入党年份", "入党时间")),
                Column("terms", "int", False, ("连任届数", "任职届数"), minimum=0, default=1),
                Column("rating", "enum", False, ("考核等次", "等次"), RATING_WORDS),
                Column(
                    "status", "enum", False, ("状态", "任职状态"), STATUS_WORDS, default="in_post"
                ),
                Column(
                    "assessment",
                    "float",
                    False,
                    ("实绩考核得分", "考核得分", "实绩考核"),
                    minimum=0,
                    maximum=100,
                ),
                Column("veto", "bool", False, ("一票否决",), default=False),
            ),
            key=("person_id",),
            # secretaries_next: the roster that `plan ratings` writes for the next plan.
            aliases=("书记", "党组织书记", "secretaries_next"),
            description="village Party secretaries (党组织书记)",
        ),
        Table(
            "reserves",
            _reserve_columns(),
            key=("person_id",),
            aliases=("后备干部",),
            description="reserve cadres (后备干部)",
        ),
        Table(
            "nominees",
            _reserve_columns(),
            key=("person_id",),
            aliases=("推荐人选", "后备干部推荐人选"),
            description="people newly recommended for the reserve pool (推荐人选)",
        ),
        Table(
            "mentors",
            (
                Column("person_id", "str", True, ("人员编号", "编号")),
                Column("name", "str", True, ("姓名",)),
                Column("type", "enum", True, ("导师类型", "类型"), MENTOR_TYPE_WORDS),
                Column("village_id", "str", True, ("村编号", "所在村")),
                Column("capacity", "int", False, ("带教容量", "容量"), minimum=0),
                Column("skills", "list", False, ("技能", "专长")),
                Column("experience_years", "float", False, ("工作年限", "经验年限"), minimum=0),
            ),
            key=("person_id",),
            aliases=("导师", "雏雁导师"),
            description="mentors (雏雁导师)",
        ),
        Table(
            "dispatched",
            _person(
                (Column("unit", "str", True, ("选派单位", "单位")),),
                education_required=True,
            )
            + (
                Column(
                    "evaluation", "float", False, ("履职评估", "评估分"), minimum=0, maximum=100
                ),
            ),
            key=("person_id",),
            aliases=("选派干部",),
            description="cadres who may be dispatched (选派)",
        ),
        Table(
            "vetting",
            (
                Column("person_id", "str", True, ("人员编号", "编号")),
                Column("department", "enum", True, ("部门", "联审部门"), DEPARTMENT_WORDS),
                Column("result", "enum", True, ("结果", "联审结果"), VETTING_WORDS),
                Column("note", "str", False, ("备注",)),
            ),
            key=("person_id", "department"),
            aliases=("联审",),
            description="joint vetting results (联审)",
        ),
        Table(
            "conflicts",
            (
                Column("person_a", "str", True, ("人员甲", "人员A")),
                Column("person_b", "str", True, ("人员乙", "人员B")),
                Column("relation", "str", False, ("关系",)),
            ),
            aliases=("利益冲突", "回避"),
            description="pairs who may never be mentor and mentee",
        ),
        Table(
            "previous_pairs",
            (
                Column("reserve_id", "str", True, ("后备干部编号",)),
                Column("mentor_id", "str", True, ("导师编号",)),
            ),
            key=("reserve_id", "mentor_id"),
            aliases=("往年结对", "上年结对"),
            description="last cycle's mentor pairs",
        ),
        Table(
            "pair_scores",
            (
                Column("reserve_id", "str", True, ("后备干部编号",)),
                Column("mentor_id", "str", True, ("导师编号",)),
                Column("score", "float", True, ("分数", "得分")),
            ),
            key=("reserve_id", "mentor_id"),
            aliases=("结对分数",),
            description="mentor pair scores that replace the computed ones",
        ),
        Table(
            "post_scores",
            (
                Column("person_id", "str", True, ("人员编号", "编号")),
                Column("village_id", "str", True, ("村编号",)),
                Column("score", "float", True, ("分数", "得分")),
            ),
            key=("person_id", "village_id"),
            aliases=("岗位分数",),
            description="backfill fit scores that replace the computed ones",
        ),
    )
}

ENUM_NOUN = {
    "gender": "gender",
    "education": "education level",
    "kind": "village kind",
    "categories": "village category",
    "rating": "rating",
    "status": "status",
    "source": "source",
    "type": "mentor type",
    "department": "department",
    "result": "vetting result",
}


@dataclass(frozen=True)
class RawTable:
    """The text of one table as read, before typing: where it came from and its cells."""

    label: str
    frame: pd.DataFrame
    sha256: str
    #: True when the whole text was searched once and holds no control character, so the
    #: cells need not be searched one column at a time.
    control_free: bool = False


def _normalise_header(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).lower().lstrip("\ufeff")


def decode_csv(data: bytes, label: str) -> str:
    """Decode CSV bytes as UTF-8 (with or without BOM) or GB18030/GBK, detected here."""
    if not data.strip():
        raise DataError(label, "the file is empty.", fix="It needs a header row of column names.")
    if b"\x00" in data:
        raise DataError(
            label,
            "is not a text file (it holds NUL bytes).",
            fix="Save it from Excel as 'CSV UTF-8' or 'CSV (逗号分隔)'.",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(
        label,
        "is neither UTF-8 nor GBK/GB18030 text.",
        fix="Save it from Excel as 'CSV UTF-8' or 'CSV (逗号分隔)'.",
    )


def read_csv_text(text: str, label: str) -> pd.DataFrame:
    """Parse decoded CSV text into a frame of stripped strings ('' for blank cells)."""
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
            on_bad_lines="error",
        )
    except pd.errors.EmptyDataError:
        raise DataError(
            label, "the file is empty.", fix="It needs a header row of column names."
        ) from None
    except (pd.errors.ParserError, ValueError) as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match:
            expected, line, saw = match.groups()
            raise DataError(
                label,
                f"has {saw} cells where the header has {expected}.",
                row=int(line),
                fix="Quote cells that contain commas, or remove the extra cells.",
            ) from None
        raise DataError(label, f"cannot be read as CSV ({exc}).") from None
    return frame


def _clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as stripped text ('' for a missing cell), under stripped headers."""
    columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    # A plain list comprehension: pandas' .str methods loop in Python too, with more
    # overhead per cell, and loading a province reads millions of cells.
    cleaned = {
        position: [_cell_stripped(v) for v in frame.iloc[:, position].tolist()]
        for position in range(frame.shape[1])
    }
    result = pd.DataFrame(cleaned, index=frame.index, dtype=object)
    result.columns = columns
    return result


def _cell_stripped(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if value is None or value != value:  # None or NaN
        return ""
    return str(value).strip()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_folder(folder: Path) -> dict[str, RawTable]:
    """Read every ``<table>.csv`` of a folder; unknown files are left alone."""
    tables: dict[str, RawTable] = {}
    by_alias = _table_aliases()
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv" or not path.is_file():
            continue
        name = by_alias.get(path.stem.strip().lower())
        if name is None:
            continue
        if name in tables:
            raise DataError(
                path.name,
                f"is a second file for table '{name}' (the first is {tables[name].label}).",
                fix="Keep one file per table.",
            )
        data = path.read_bytes()
        text = decode_csv(data, path.name)
        frame = _clean_frame(read_csv_text(text, path.name))
        control_free = CONTROL_RE.search(text) is None
        tables[name] = RawTable(path.name, frame, sha256_bytes(data), control_free)
    return tables


def read_workbook(path: Path) -> dict[str, RawTable]:
    """Read the sheets of an xlsx workbook that are named after tables."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DataError(
            path.name,
            f"cannot be opened as an .xlsx workbook ({type(exc).__name__}).",
            fix="Save it from Excel as an .xlsx workbook.",
        ) from None
    tables: dict[str, RawTable] = {}
    by_alias = _table_aliases()
    try:
        for sheet in workbook.worksheets:
            name = by_alias.get(sheet.title.strip().lower())
            if name is None:
                continue
            label = f"{path.name} sheet {sheet.title}"
            rows = [
                ["" if v is None else _cell_text(v) for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
            while rows and not any(cell.strip() for cell in rows[-1]):
                rows.pop()
            if not rows:
                raise DataError(label, "the sheet is empty.", fix="It needs a header row.")
            width = max(len(r) for r in rows)
            header = [str(h) for h in rows[0]] + [""] * (width - len(rows[0]))
            while header and header[-1] == "":
                header.pop()
            body = [(r + [""] * (width - len(r)))[: len(header)] for r in rows[1:]]
            frame = _clean_frame(pd.DataFrame(body, columns=header, dtype=str))
            digest = sha256_bytes(frame.to_csv(index=False).encode("utf-8"))
            tables[name] = RawTable(label, frame, digest)
    finally:
        workbook.close()
    return tables


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table_aliases() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for table in SCHEMAS.values():
        mapping[table.name] = table.name
        for alias in table.aliases:
            mapping[alias.lower()] = table.name
    return mapping


def _first_bad(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def type_table(raw: RawTable, table: Table) -> pd.DataFrame:
    """Resolve headers (English or Chinese), check required columns and type every cell.

    Returns a frame with the schema's English column names, typed values and a
    ``_row`` column holding the spreadsheet row of each record; unknown columns are
    dropped (they are kept in the source file and ignored, as SPEC.md asks).
    """
    frame = raw.frame
    resolved: dict[str, str] = {}
    lookup: dict[str, str] = {}
    for column in table.columns:
        for spelling in (column.name, *column.aliases):
            lookup.setdefault(_normalise_header(spelling), column.name)
    for header in frame.columns:
        name = lookup.get(_normalise_header(header))
        if name is None:
            continue
        if name in resolved.values():
            first = next(h for h, n in resolved.items() if n == name)
            raise DataError(
                raw.label,
                f"has two columns for '{name}': '{first}' and '{header}'.",
                column=header,
                fix="Keep one of them.",
            )
        resolved[header] = name
    missing = [c.name for c in table.columns if c.required and c.name not in resolved.values()]
    if missing:
        names = ", ".join(_column_label(table.column_by_name[m]) for m in missing)
        raise DataError(
            raw.label,
            f"the required column {names} is missing."
            if len(missing) == 1
            else f"the required columns {names} are missing.",
            row=1,
            column=missing[0],
            fix="Add it to the header row (English or Chinese name, see the README).",
        )
    header_of = {name: header for header, name in resolved.items()}
    if not raw.control_free:
        for header in header_of.values():
            _check_control_characters(frame[header], raw.label, header)
    rows = np.arange(len(frame)) + 2
    typed: dict[str, object] = {"_row": rows}
    for column in table.columns:
        if column.name in header_of:
            header = header_of[column.name]
            values = frame[header]
            typed[column.name] = _type_column(values, column, raw.label, header, rows)
        else:
            typed[column.name] = _default_column(column, len(frame))
    result = pd.DataFrame(typed)
    result.index = pd.RangeIndex(len(result))
    return result


CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
CONTROL_RE = re.compile(CONTROL)


def _check_control_characters(values: pd.Series, label: str, header: str) -> None:
    """Refuse invisible control characters: no spreadsheet can hold them in a cell."""
    bad = values.str.contains(CONTROL, regex=True).to_numpy(dtype=bool)
    if bad.any():
        index = _first_bad(bad)
        found = CONTROL_RE.search(values.iloc[index])
        character = found.group(0) if found else "?"
        raise DataError(
            label,
            f"the cell holds an invisible control character (U+{ord(character):04X}).",
            row=index + 2,
            column=header,
            fix="Delete it and retype the cell.",
        )


def _column_label(column: Column) -> str:
    if column.aliases:
        return f"'{column.name}' ({column.aliases[0]})"
    return f"'{column.name}'"


def _default_column(column: Column, length: int) -> object:
    if column.kind == "list":
        return pd.Series([()] * length, dtype=object)
    if column.kind in ("int", "year"):
        if column.default is None:
            return pd.array([pd.NA] * length, dtype="Int64")
        return pd.array([column.default] * length, dtype="Int64")
    if column.kind == "float":
        fill = np.nan if column.default is None else float(column.default)
        return np.full(length, fill)
    if column.kind == "bool":
        return np.full(length, bool(column.default))
    text = "" if column.default is None else str(column.default)
    return pd.Series([text] * length, dtype=object)


def _type_column(
    values: pd.Series, column: Column, label: str, header: str, rows: np.ndarray
) -> object:
    def fail(index: int, problem: str, fix: str | None = None) -> DataError:
        return DataError(label, problem, row=int(rows[index]), column=header, fix=fix)

    blank = (values == "").to_numpy()
    if column.required and blank.any():
        index = _first_bad(blank)
        raise fail(index, "the cell is empty, but this column is required.", "Fill it in.")
    kind = column.kind
    if kind == "str":
        if column.default is not None:
            values = values.where(~blank, str(column.default))
        return values.astype(object)
    # NFKC turns full-width digits and letters into ASCII; ASCII cells (almost all) skip it.
    normal = pd.Series(
        [
            v.strip() if v.isascii() else unicodedata.normalize("NFKC", v).strip()
            for v in values.tolist()
        ],
        index=values.index,
        dtype=object,
    )
    if kind in ("int", "float", "year"):
        numbers = pd.to_numeric(normal.where(~blank, None), errors="coerce").to_numpy(float)
        bad = ~blank & ~np.isfinite(numbers)
        if bad.any():
            index = _first_bad(bad)
            if kind == "year":
                raise fail(
                    index,
                    f"'{values.iloc[index]}' is not a year.",
                    "Use a 4-digit year such as 1988.",
                )
            raise fail(index, f"'{values.iloc[index]}' is not a number.", "Write digits only.")
        if kind in ("int", "year"):
            whole = blank | (numbers == np.floor(np.where(blank, 0, numbers)))
            if not whole.all():
                index = _first_bad(~whole)
                raise fail(index, f"'{values.iloc[index]}' is not a whole number.")
        if kind == "year":
            out = ~blank & ((numbers < 1900) | (numbers > 2100))
            if out.any():
                index = _first_bad(out)
                raise fail(
                    index,
                    f"'{values.iloc[index]}' is not a year.",
                    "Use a 4-digit year such as 1988.",
                )
        if column.minimum is not None:
            below = ~blank & (
                numbers <= column.minimum if column.strict_min else numbers < column.minimum
            )
            if below.any():
                index = _first_bad(below)
                relation = "greater than" if column.strict_min else "at least"
                raise fail(
                    index,
                    f"{values.iloc[index]} is out of range; it must be {relation} "
                    f"{column.minimum:g}.",
                )
        if column.maximum is not None:
            above = ~blank & (numbers > column.maximum)
            if above.any():
                index = _first_bad(above)
                raise fail(
                    index,
                    f"{values.iloc[index]} is out of range; it must be at most {column.maximum:g}.",
                )
        if kind == "float":
            if column.default is not None:
                numbers = np.where(blank, float(column.default), numbers)
            return numbers
        ints = pd.array(np.where(blank, 0, numbers).astype(np.int64), dtype="Int64")
        if column.default is not None:
            ints[blank] = int(column.default)
        else:
            ints[blank] = pd.NA
        return ints
    if kind == "bool":
        lowered = normal.str.lower()
        true = lowered.isin(BOOL_TRUE).to_numpy()
        false = lowered.isin(BOOL_FALSE).to_numpy()
        bad = ~blank & ~true & ~false
        if bad.any():
            index = _first_bad(bad)
            raise fail(
                index,
                f"'{values.iloc[index]}' is not a yes/no value.",
                "Use true/false, yes/no, 1/0 or 是/否.",
            )
        return np.where(blank, bool(column.default), true)
    accepted = column.accepted
    noun = ENUM_NOUN.get(column.name, column.name)
    if kind == "enum":
        if not accepted:
            return values.astype(object)
        # Look up each distinct word once, then map the column through that table.
        words = {v: accepted.get(v, accepted.get(v.lower())) for v in pd.unique(normal)}
        mapped = normal.map(words)
        bad = ~blank & mapped.isna().to_numpy()
        if bad.any():
            index = _first_bad(bad)
            raise fail(index, f"'{values.iloc[index]}' is not a known {noun}.", _choices(column))
        if column.default is not None:
            mapped = mapped.where(~blank, column.default)
        return mapped.where(mapped.notna(), "").astype(object)
    # list
    items: list[tuple[str, ...]] = []
    for index, text in enumerate(normal.tolist()):
        parts = tuple(p.strip() for p in LIST_SPLIT.split(text) if p.strip())
        if accepted:
            codes = []
            for part in parts:
                code = accepted.get(part, accepted.get(part.lower()))
                if code is None:
                    raise fail(index, f"'{part}' is not a known {noun}.", _choices(column))
                codes.append(code)
            parts = tuple(dict.fromkeys(codes))
        items.append(parts)
    return pd.Series(items, dtype=object)


def _choices(column: Column) -> str:
    words = column.words or {}
    listed = ", ".join(f"{code} ({chinese.split(';')[0]})" for code, chinese in words.items())
    return f"Use one of: {listed}."
