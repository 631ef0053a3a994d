"""The 报送 (filing) sheet: a plan written as the office's roster forms are, to print and file.

It follows the shape of the district's own rosters (``shared/forms/qingxi``): a title row, a
line with 填报单位（盖章） and 填报时间, one header row with 序号, one row per person, dates
written ``1980.01`` (the year alone where the data carry no month), and the 填表人 / 审核人
lines under the table, then a note saying where the list comes from. The 结对名单 lists
reserves by village (in the order of the villages table), then by name (:func:`roster_order`).
Everyone of the plan is on it: a reserve left without a mentor, or a post left unfilled, is a
row whose 备注 says why, so the printed list accounts for every reserve and every vacant post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cadreplan.solver.dataset import Dataset

from .cells import word
from .fastrows import RowSplices, rows_xml
from .workbook import (
    LINE_HEIGHT,
    PrintTitle,
    display_width,
    excel_columns,
    print_setup,
    row_lines,
    text_lines,
)

#: (English, Chinese) words of the filing sheet.
WORDS: dict[str, tuple[str, str]] = {
    "sheet": ("filing", "报送"),
    "number": ("No.", "序号"),
    "village": ("Village", "村（社区）"),
    "gender": ("Gender", "性别"),
    "born": ("Born", "出生年月"),
    "education": ("Education", "学历"),
    "party_since": ("Party member since", "入党时间"),
    "remarks": ("Remarks", "备注"),
    "unit": ("Filed by (seal): {unit}", "填报单位（盖章）：{unit}"),
    "date": ("Date: {date}", "填报时间：{date}"),
    "signatures": (
        "Prepared by: ____________    Phone: ____________    Checked by: ____________",
        "填表人：　　　　　　　　联系电话：　　　　　　　　审核人：　　　　　　　　",
    ),
    # mentors
    "mentors.title": (
        "{town}Mentor pairs of reserve cadres, {year}",
        "{town}{year}年雏雁导师结对名单",
    ),
    "reserve": ("Reserve", "后备干部姓名"),
    "mentor": ("Mentor", "导师姓名"),
    "mentor_type": ("Mentor type", "导师类别"),
    "mentor_village": ("Mentor's village", "导师所在村（社区）"),
    "km": ("km", "距离（公里）"),
    "kept": ("pair kept from last year", "延续上年结对"),
    "unpaired": ("no mentor: {reason}", "未结对：{reason}"),
    "mentors.note": (
        "Note: {count} reserves, {paired} paired. Made from the {year} data; "
        "the reasons are in the sheet {sheet}.",
        "注：后备干部{count}名，已结对{paired}名。本表依据{year}年数据生成，"
        "未结对原因详见“{sheet}”表。",
    ),
    # backfill
    "backfill.title": (
        "{town}Candidates for vacant village secretary posts, {year}",
        "{town}{year}年村（社区）党组织书记空缺岗位拟任人选名单",
    ),
    "candidate": ("Candidate", "拟任人选"),
    "candidate_kind": ("Candidate type", "人员类别"),
    "origin": ("Home village or sending unit", "原所在村（社区）或派出单位"),
    "route": ("Route", "任职途径"),
    "vetting": ("Joint vetting", "联审结果"),
    "passed": ("passed", "通过"),
    "vacant": ("(vacant)", "（空缺）"),
    "backfill.note": (
        "Note: {vacancies} vacant posts, {filled} filled. Made from the {year} data; every "
        "candidate passed the joint vetting; the reasons for unfilled posts are "
        "in the sheet {sheet}.",
        "注：空缺岗位{vacancies}个，拟补齐{filled}个。本表依据{year}年数据生成，"
        "拟任人选均已通过任职资格联审；未补齐原因详见“{sheet}”表。",
    ),
}


def worded(words: Mapping[str, tuple[str, str]], key: str, lang: str, **params: Any) -> str:
    """``words[key]`` (English, Chinese) in ``lang``, with ``params`` filled in."""
    en, zh = words[key]
    return (zh if lang == "zh" else en).format(**params)


def say(key: str, lang: str, **params: Any) -> str:
    """The 报送 word ``key`` in ``lang``, with ``params`` filled in."""
    return worded(WORDS, key, lang, **params)


@dataclass(frozen=True)
class Filing:
    """The rows of a 报送 sheet with its title lines."""

    title: str
    unit: str
    date: dt.date
    headers: list[str]
    rows: pd.DataFrame
    note: str
    lang: str


def roster_date(year: Any, month: Any = None) -> str | None:
    """A date as rosters write it: ``1980.01``, or ``1980`` when the month is not known."""
    if year is None or pd.isna(year):
        return None
    if month is None or pd.isna(month):
        return f"{int(year)}"
    return f"{int(year)}.{int(month):02d}"


def roster_order(
    frame: pd.DataFrame, dataset: Dataset, village: str, name: str, ident: str
) -> pd.DataFrame:
    """``frame`` in the order a roster lists people: by village as the villages table lists
    them, then by name, then by id (two people of one name).

    Names compare by Unicode code point: for Chinese names that is the radical-and-stroke
    order of the Unicode tables, the same on every machine (no locale or pinyin table is
    involved). Rows whose village is not in the dataset come last.
    """
    order = {v: i for i, v in enumerate(dataset.villages["village_id"])}
    keyed = frame.assign(
        _order=frame[village].map(order).fillna(len(order)),
        _name=frame[name].fillna("").astype(str),
        _id=frame[ident].fillna("").astype(str),
    )
    keyed = keyed.sort_values(["_order", "_name", "_id"], kind="stable")
    return keyed.drop(columns=["_order", "_name", "_id"])


def district_unit(dataset: Dataset) -> str:
    """The filing unit: the one town of the data, or blank (written in by hand) if several."""
    towns = [t for t in dict.fromkeys(dataset.villages["town"].dropna().astype(str)) if t]
    return towns[0] if len(towns) == 1 else ""


def _title_town(unit: str, lang: str) -> str:
    if not unit:
        return ""
    return unit if lang == "zh" else f"{unit}: "


def _dates(frame: pd.DataFrame, year: str, month: str) -> list[str | None]:
    """:func:`roster_date` of every row, each distinct (year, month) written once."""
    months = frame[month].tolist() if month in frame else [None] * len(frame)
    written: dict[tuple[Any, Any], str | None] = {}
    out = []
    for key in zip(frame[year].tolist(), months, strict=True):
        text = written.get(key, _UNSEEN)
        if text is _UNSEEN:
            text = written[key] = roster_date(*key)
        out.append(text)
    return out


#: Marks a (year, month) not written yet (a written date may be None).
_UNSEEN: Any = object()


def mentors_filing(
    pairs: pd.DataFrame, unassigned: pd.DataFrame, dataset: Dataset, lang: str, date: dt.date
) -> Filing:
    """The mentor pairs as a 结对名单, unpaired reserves included with their reason."""
    unit = district_unit(dataset)
    villages = dataset.villages.set_index("village_id")["name"]
    reserves = dataset.reserves.set_index("person_id")
    mentors = dataset.mentors.set_index("person_id")
    rows = pd.concat(
        [
            pairs[["reserve_id", "mentor_id", "km", "kept"]].assign(reason=None),
            unassigned[["reserve_id", "reason"]].assign(mentor_id=None, km=None, kept=False),
        ],
        ignore_index=True,
    )
    people = reserves.reindex(rows["reserve_id"])
    rows["village"] = people["village_id"].to_numpy()
    rows["name"] = people["name"].to_numpy()
    rows = roster_order(rows, dataset, "village", "name", "reserve_id")
    people = reserves.reindex(rows["reserve_id"])
    guides = mentors.reindex(rows["mentor_id"])
    remarks = [
        say("unpaired", lang, reason=reason)
        if isinstance(reason, str)
        else (say("kept", lang) if kept is True else None)
        for reason, kept in zip(rows["reason"], rows["kept"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "number": range(1, len(rows) + 1),
            "village": people["village_id"].map(villages).to_numpy(),
            "reserve": people["name"].to_numpy(),
            "gender": [word("gender", g, lang) for g in people["gender"]],
            "born": _dates(people, "birth_year", "birth_month"),
            "education": [word("education", e, lang) for e in people["education"]],
            "party_since": _dates(people, "party_since", "party_month"),
            "mentor": guides["name"].to_numpy(),
            "mentor_type": [word("mentor_type", t, lang) for t in guides["type"]],
            "mentor_village": guides["village_id"].map(villages).to_numpy(),
            "km": rows["km"].to_numpy(),
            "remarks": remarks,
        }
    )
    title = say("mentors.title", lang, town=_title_town(unit, lang), year=dataset.year)
    note = say(
        "mentors.note",
        lang,
        count=len(rows),
        paired=len(pairs),
        year=dataset.year,
        sheet=_sheet_word("unassigned", lang),
    )
    return Filing(title, unit, date, [say(c, lang) for c in table.columns], table, note, lang)


def backfill_filing(
    appointments: pd.DataFrame,
    unfilled: pd.DataFrame,
    dataset: Dataset,
    lang: str,
    date: dt.date,
) -> Filing:
    """The appointments as a 拟任人选名单, unfilled vacant posts included with their reason."""
    unit = district_unit(dataset)
    villages = dataset.villages.set_index("village_id")["name"]
    order = {v: i for i, v in enumerate(dataset.villages["village_id"])}
    people = pd.concat(
        [
            dataset.reserves.assign(kind="reserve", unit=None),
            dataset.dispatched.assign(kind="dispatched", village_id=None),
        ],
        ignore_index=True,
    ).drop_duplicates("person_id")
    people = people.set_index("person_id")
    rows = pd.concat(
        [
            appointments[["village_id", "person_id", "route"]].assign(reason=None),
            unfilled[["village_id", "reason"]].assign(person_id=None, route=None),
        ],
        ignore_index=True,
    )
    rows = rows.assign(_order=rows["village_id"].map(order), _index=range(len(rows)))
    rows = rows.sort_values(["_order", "_index"])
    who = people.reindex(rows["person_id"])
    origin = [
        villages.get(village) if kind == "reserve" else unit_name
        for kind, village, unit_name in zip(
            who["kind"], who["village_id"], who["unit"], strict=True
        )
    ]
    appointed = rows["person_id"].notna().to_numpy()
    table = pd.DataFrame(
        {
            "number": range(1, len(rows) + 1),
            "village": rows["village_id"].map(villages).to_numpy(),
            "candidate": [
                name if ok else say("vacant", lang)
                for name, ok in zip(who["name"], appointed, strict=True)
            ],
            "gender": [word("gender", g, lang) for g in who["gender"]],
            "born": _dates(who, "birth_year", "birth_month"),
            "education": [word("education", e, lang) for e in who["education"]],
            "party_since": _dates(who, "party_since", "party_month"),
            "candidate_kind": [word("candidate_kind", k, lang) for k in who["kind"]],
            "origin": origin,
            "route": [word("route", r, lang) for r in rows["route"]],
            "vetting": [say("passed", lang) if ok else None for ok in appointed],
            "remarks": [r if isinstance(r, str) else None for r in rows["reason"]],
        }
    )
    title = say("backfill.title", lang, town=_title_town(unit, lang), year=dataset.year)
    note = say(
        "backfill.note",
        lang,
        vacancies=len(rows),
        filled=int(appointed.sum()),
        year=dataset.year,
        sheet=_sheet_word("unfilled", lang),
    )
    return Filing(title, unit, date, [say(c, lang) for c in table.columns], table, note, lang)


#: Printable area of A4 in points (portrait width, height) within print_setup's margins:
#: 0.5 in left and right, 0.75 in top and bottom.
_A4 = (595.0 - 72.0, 842.0 - 108.0)
#: Rows a page is kept with the signature lines, where they would otherwise stand alone.
KEEP_ROWS = 3
#: Points per Excel character of column width as spreadsheet programs render it: Excel with
#: the Windows fonts (7 pixels), and LibreOffice on a machine without them, whose fallback
#: font is wider (measured on its PDF of the sample's 报送 sheet: about 6.5 points).
CHAR_POINTS = (5.25, 6.5)
#: Points of slack in the estimate: a footer that would end within this of the page bottom
#: is treated as not fitting (a break then costs at most a page holding KEEP_ROWS rows).
SLACK = 15.0


def keep_footer_with_rows(
    widths: Sequence[float],
    landscape: bool,
    top: Sequence[float],
    rows: Sequence[float],
    footer: float,
) -> int | None:
    """The row after which to break the page so the signature lines do not stand alone.

    Lays the sheet out as print_setup prints it (A4, fitted to one page wide, the header row
    repeated): the scale follows from the column widths (each of :data:`CHAR_POINTS` per
    character, plus 3.75 points of padding), each page holds its printable height divided by
    the scale. When, in either layout, the rows under the table (``footer`` points: the
    blank row, 填表人 / 审核人 and the note) would not fit under the last data row, a break
    before the last ``KEEP_ROWS`` data rows takes them onto the page of the signature lines.

    Parameters
    ----------
    widths
        Column widths in Excel characters.
    landscape
        The page orientation print_setup chose.
    top
        Heights in points of the title rows and the header row (the last is repeated).
    rows
        Height in points of each data row, in order.
    footer
        Height in points of what follows the table.

    Returns
    -------
    int or None
        The spreadsheet row after which to break, or None when no break is needed.
    """
    page_width, page_height = (_A4[1], _A4[0]) if landscape else _A4
    alone = False
    for char_points in CHAR_POINTS:
        table_width = sum(w * char_points + 3.75 for w in widths)
        room = page_height / min(1.0, page_width / table_width)
        used = sum(top)
        for height in rows:
            if used + height > room:
                used = top[-1]
            used += height
        alone = alone or used + footer > room - SLACK
    keep = min(KEEP_ROWS, len(rows) - 1)
    if not alone or keep <= 0:
        return None
    return len(top) + len(rows) - keep


def _sheet_word(name: str, lang: str) -> str:
    from cadreplan.solver.words import header

    return header(name, lang)  # type: ignore[arg-type]


def write_filing(
    workbook: Any, filing: Filing, print_title: PrintTitle, splices: RowSplices
) -> Any:
    """Append the 报送 sheet to a write-only workbook: title lines, table, signature lines.

    The title lines and the header row go through openpyxl; the rows under them are queued
    in ``splices`` and written when the workbook is saved.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    lang = filing.lang
    ws = workbook.create_sheet(say("sheet", lang))
    frame = filing.rows
    count = len(frame.columns)
    last = get_column_letter(count)
    values = excel_columns(frame)
    widths = []
    for position, title in enumerate(filing.headers):
        sample = [str(v) for v in values[position][:300] if v is not None]
        widest = max([display_width(title), *(display_width(s) for s in sample)])
        cap = 40 if position == count - 1 else 30
        widths.append(min(cap, max(5, widest + 2)))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = 32
    # Write-only sheets write their properties (fit to page) with the first row: set up first.
    print_setup(ws, print_title, landscape=sum(widths) > 90, title_rows="3:3")
    song = "宋体" if lang == "zh" else "Calibri"
    title_cell = WriteOnlyCell(ws, value=filing.title)
    title_cell.font = Font(name=song, size=16, bold=True)
    title_cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.append([title_cell])
    ws.merged_cells.add(f"A1:{last}1")
    day = filing.date
    date_text = f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()
    half = max(1, count // 2)
    unit_cell = WriteOnlyCell(ws, value=say("unit", lang, unit=filing.unit))
    date_cell = WriteOnlyCell(ws, value=say("date", lang, date=date_text))
    date_cell.alignment = Alignment(horizontal="right")
    ws.append([unit_cell] + [None] * (half - 1) + [date_cell])
    if half > 1:
        ws.merged_cells.add(f"A2:{get_column_letter(half)}2")
    if count > half + 1:
        ws.merged_cells.add(f"{get_column_letter(half + 1)}2:{last}2")
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_lines = max(text_lines(t, w) for t, w in zip(filing.headers, widths, strict=True))
    if head_lines > 1:
        ws.row_dimensions[3].height = LINE_HEIGHT * head_lines
    head = []
    for text in filing.headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(name=song, bold=True)
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        head.append(cell)
    ws.append(head)
    # The list as the forms are: boxed cells, short fields centred, remarks wrapped. The data
    # rows are written as XML with one style per column (see .fastrows): a province's list
    # of half a million cells writes in a second.
    remark = count - 1
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(vertical="center", wrap_text=True)
    wide = {remark, *(i for i, c in enumerate(frame.columns) if c == "origin")}
    styles = []
    for position in range(count):
        cell = WriteOnlyCell(ws)
        cell.border = box
        cell.alignment = left if position in wide else centre
        if frame.columns[position] == "km":
            cell.number_format = "0.0"
        styles.append(cell.style_id)
    # Every row gets its height written, so that Excel and LibreOffice lay the pages out alike
    # (their default heights differ), and the page break before the signature lines can be
    # placed (keep_footer_with_rows).
    lines = row_lines(values, widths)
    heights = dict(zip(range(4, len(frame) + 4), (LINE_HEIGHT * lines).tolist(), strict=True))
    head_height = LINE_HEIGHT * head_lines if head_lines > 1 else LINE_HEIGHT
    brk = keep_footer_with_rows(
        widths,
        sum(widths) > 90,
        [32.0, LINE_HEIGHT, head_height],
        [heights[row] for row in range(4, len(frame) + 4)],
        footer=LINE_HEIGHT + 24 + 32,
    )
    if brk is not None:
        from openpyxl.worksheet.pagebreak import Break

        ws.row_breaks.append(Break(id=brk))
    end = len(frame) + 5
    note = WriteOnlyCell(ws)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    footer = rows_xml([[say("signatures", lang)]], end, [None], {end: 24}) + rows_xml(
        [[filing.note]], end + 1, [note.style_id], {end + 1: 32}
    )
    splices.add_later(
        workbook,
        ws,
        lambda: rows_xml(values, 4, styles, heights) + footer,
        cells=len(frame) * count,
    )
    ws.merged_cells.add(f"A{end}:{last}{end}")
    ws.merged_cells.add(f"A{end + 1}:{last}{end + 1}")
    return ws
