"""The intake report: what every file, sheet, column and row became, or why it was left out.

Nothing read is dropped silently (SPEC "Nothing is dropped silently"): ``plan check`` prints
this report, every plan writes it as ``intake.csv`` and puts it in ``summary.json``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..schema import SCHEMAS
from ..words import Lang, enum_word, say

_SHEET_IN_LABEL = re.compile(r"(\.xls[xm]?) sheet ")


def label_word(label: str, lang: Lang) -> str:
    """A source's label for a reader: ``book.xlsx sheet 名单``, ``book.xlsx 工作表 名单`` in zh."""
    if lang != "zh":
        return label
    return _SHEET_IN_LABEL.sub(r"\1 工作表 ", label, count=1)


_CLOSEST = re.compile(r"^(\w+) \(lacks (.+)\)$")


def closest_word(detail: str, lang: Lang) -> str:
    """The closest table of an ignored sheet for a reader: ``reserves (lacks name)``, in zh
    ``后备干部（缺少 姓名）`` (table and columns by their Chinese names, not their codes)."""
    match = _CLOSEST.match(detail)
    if lang != "zh" or match is None or match.group(1) not in SCHEMAS:
        return detail
    from .columns import column_zh, table_zh

    table = match.group(1)
    lacks = "、".join(
        " / ".join(column_zh(table, name) for name in alternatives.split(" / "))
        for alternatives in match.group(2).split(", ")
    )
    return f"{table_zh(table)}（缺少 {lacks}）"


def table_word(table: str, lang: Lang) -> str:
    """A table's name for a reader: the English name, or its first Chinese name in zh."""
    if lang == "zh" and table in SCHEMAS and SCHEMAS[table].aliases:
        return _chinese(SCHEMAS[table].aliases) or table
    return table


def column_word(table: str, column: str, lang: Lang) -> str:
    """A column's name for a reader: the contract name, or its first Chinese synonym in zh."""
    if lang != "zh" or table not in SCHEMAS:
        return column
    if column.startswith("department "):
        return "部门 " + enum_word("department", column.split(" ", 1)[1], lang)
    schema = SCHEMAS[table]
    if column in schema.column_by_name:
        return _chinese(schema.column_by_name[column].aliases) or column
    for form_field in schema.form_fields:
        if form_field.name == column:
            return _chinese(form_field.aliases) or column
    return column


def _chinese(words: tuple[str, ...]) -> str:
    """The first Chinese word of ``words``, with the full-width brackets Chinese text takes
    (the synonyms are kept half-width, as headers are compared: 村(社区)/工作单位 is shown
    村（社区）/工作单位)."""
    word = next((w for w in words if not w.isascii()), "")
    return word.replace("(", "（").replace(")", "）")


@dataclass(frozen=True)
class SourceEntry:
    """A file or sheet: the table it became, or ``table`` None with the reason key."""

    label: str
    table: str | None
    reason: str = ""
    detail: str = ""
    header_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class ColumnEntry:
    """A column of a read sheet: the column it became (or None), why, and conversions."""

    label: str
    table: str
    header: str
    column: str | None
    reason: str = ""
    closest: str = ""
    converted: int = 0
    values: int = 0
    #: For a column that is no known column: the most similar known one within reach
    #: (see ``columns.NEAREST``), and the similarity (0 to 1); "" and 0 when none is.
    nearest: str = ""
    similarity: float = 0.0

    def hint(self, lang: Lang) -> str:
        """What the report says of an unknown column's nearest known column, in ``lang``."""
        if self.column is not None or self.reason != "intake.column.unknown":
            return self.closest
        if not self.nearest:
            return say("intake.report.none_within_reach", lang)
        shown = self.nearest.split(" (")[0] if lang == "zh" else self.nearest
        if self.closest:
            return shown
        return say("intake.report.nearest", lang, nearest=shown, percent=self.similarity * 100)


@dataclass(frozen=True)
class RowEntry:
    """A row that is not data: title, filled_by, blank, footer, total, vacant, empty (no
    person), blank_below (以下空白) or below_blank (under it)."""

    label: str
    row: int
    kind: str
    text: str = ""


@dataclass(frozen=True)
class IntakeReport:
    """Every source, column and dropped row of one reading, plus notes (derived facts)."""

    sources: tuple[SourceEntry, ...] = ()
    columns: tuple[ColumnEntry, ...] = ()
    rows: tuple[RowEntry, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def ignored_sources(self) -> list[SourceEntry]:
        return [s for s in self.sources if s.table is None]

    def ignored_columns(self) -> list[ColumnEntry]:
        return [c for c in self.columns if c.column is None]

    def as_dict(self) -> dict[str, object]:
        """The report for ``summary.json``."""
        return {
            "sources": [asdict(s) for s in self.sources],
            "columns": [asdict(c) for c in self.columns],
            "dropped_rows": [asdict(r) for r in self.rows],
            "notes": list(self.notes),
        }

    def records(self, lang: Lang = "en") -> list[dict[str, object]]:
        """One flat record per entry, for ``intake.csv``.

        Columns: ``kind`` (source/column/row/note), ``file``, ``table``, ``row``, ``header``,
        ``column``, ``status`` (read/unread/ignored/dropped), ``reason``, ``closest``,
        ``similarity``, ``converted``. For a column that is no known column, ``closest`` is the
        most similar known column with its similarity, or says that none is within reach.
        """
        out: list[dict[str, object]] = []
        for s in self.sources:
            out.append(
                {
                    "kind": "source",
                    "file": label_word(s.label, lang),
                    "table": s.table or "",
                    "row": ",".join(str(r) for r in s.header_rows),
                    "header": "",
                    "column": "",
                    "status": _source_status(s),
                    "reason": source_reason(s, lang),
                    "closest": s.detail if s.table is None else "",
                    "similarity": "",
                    "converted": "",
                }
            )
        for c in self.columns:
            out.append(
                {
                    "kind": "column",
                    "file": label_word(c.label, lang),
                    "table": c.table,
                    "row": "",
                    "header": c.header,
                    "column": c.column or "",
                    "status": _column_status(c),
                    "reason": say(c.reason, lang) if c.reason else "",
                    "closest": c.hint(lang),
                    "similarity": c.similarity if c.nearest else "",
                    "converted": c.converted if _column_status(c) == "read" else "",
                }
            )
        for r in self.rows:
            out.append(
                {
                    "kind": "row",
                    "file": label_word(r.label, lang),
                    "table": "",
                    "row": r.row,
                    "header": "",
                    "column": "",
                    "status": "dropped",
                    "reason": say(f"intake.row.{r.kind}", lang),
                    "closest": "",
                    "similarity": "",
                    "converted": "",
                }
            )
        for note in self.notes:
            out.append(
                {
                    "kind": "note",
                    "file": "",
                    "table": "",
                    "row": "",
                    "header": "",
                    "column": "",
                    "status": "",
                    "reason": note,
                    "closest": "",
                    "similarity": "",
                    "converted": "",
                }
            )
        return out

    def render(self, lang: Lang = "en") -> str:
        """The report as terminal lines (``plan check``), in ``lang``."""
        lines = [say("intake.report.title", lang)]
        for s in self.sources:
            if s.table:
                rows = ("、" if lang == "zh" else ", ").join(str(r) for r in s.header_rows)
                lines.append(
                    say(
                        "intake.report.source_unread" if s.reason else "intake.report.source_read",
                        lang,
                        label=label_word(s.label, lang),
                        table=table_word(s.table, lang),
                        rows=rows,
                        reason=source_reason(s, lang),
                    )
                )
            else:
                lines.append(
                    say(
                        "intake.report.source_ignored",
                        lang,
                        label=label_word(s.label, lang),
                        reason=source_reason(s, lang),
                    )
                )
            for c in self.columns:
                if c.label != s.label:
                    continue
                header = c.header
                column = column_word(c.table, c.column, lang) if c.column else ""
                if c.column and c.reason:
                    lines.append(
                        say(
                            "intake.report.column_form",
                            lang,
                            header=header,
                            column=column,
                            reason=say(c.reason, lang),
                        )
                    )
                elif c.column:
                    lines.append(
                        say(
                            "intake.report.column_read",
                            lang,
                            header=header,
                            column=column,
                            values=c.values,
                            converted=c.converted,
                        )
                    )
                else:
                    reason = say(c.reason, lang) if c.reason else ""
                    hint = c.hint(lang)
                    if lang == "zh":
                        hint = hint.split(" (")[0]
                    closest = say("intake.report.closest", lang, closest=hint) if hint else ""
                    lines.append(
                        say(
                            "intake.report.column_ignored",
                            lang,
                            header=header,
                            reason=reason,
                            closest=closest,
                        )
                    )
            dropped = [r for r in self.rows if r.label == s.label]
            if dropped:
                by_kind: dict[str, list[int]] = {}
                for r in dropped:
                    by_kind.setdefault(r.kind, []).append(r.row)
                for kind, rows_of_kind in by_kind.items():
                    lines.append(
                        say(
                            "intake.report.rows_dropped",
                            lang,
                            kind=say(f"intake.row.{kind}", lang),
                            rows=_ranges(rows_of_kind),
                        )
                    )
        for note in self.notes:
            lines.append(f"  {note}")
        return "\n".join(lines)


def _column_status(column: ColumnEntry) -> str:
    """read, unread (a known column the command does not use: not typed) or ignored."""
    if column.column is None:
        return "ignored"
    return "unread" if column.reason == "intake.column.not_needed" else "read"


def _source_status(source: SourceEntry) -> str:
    """read, unread (a table the command does not need: header only) or ignored."""
    if source.table is None:
        return "ignored"
    return "unread" if source.reason else "read"


def source_reason(source: SourceEntry, lang: Lang) -> str:
    """Why a source was ignored (or, when read, how it was chosen), in ``lang``."""
    if not source.reason:
        return ""
    text = say(source.reason, lang)
    if source.detail:
        text += say("intake.report.closest", lang, closest=closest_word(source.detail, lang))
    return text


def _ranges(rows: list[int]) -> str:
    """1, 2, 3, 5 -> '1-3, 5'."""
    rows = sorted(rows)
    parts: list[str] = []
    start = previous = rows[0]
    ends: list[int | None] = [*rows[1:], None]
    for row in ends:
        if row is not None and row == previous + 1:
            previous = row
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if row is not None:
            start = previous = row
    if len(parts) > 12:
        return ", ".join(parts[:12]) + f" … (+{len(parts) - 12})"
    return ", ".join(parts)
