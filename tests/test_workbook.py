"""Workbooks of plan mentors and plan backfill: words, formats, widths, print setup, 报送."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.cli.render.cells import eligibility_word, localise
from cadreplan.cli.render.filing import roster_date
from cadreplan.cli.render.workbook import display_width, text_lines


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """mentors.xlsx and backfill.xlsx of the sample, in zh and in en."""
    root = tmp_path_factory.mktemp("books")
    paths = {}
    for command in ("mentors", "backfill"):
        for lang in ("zh", "en"):
            out = root / f"{command}-{lang}"
            result = CliRunner().invoke(
                plan,
                [command, "--year", "2026", "--lang", lang, "--quiet", "--out", str(out)],
            )
            assert result.exit_code == 0, result.output
            paths[command, lang] = out / f"{command}.xlsx"
    return paths


def column(sheet, title: str) -> list:
    titles = [c.value for c in sheet[1]]
    index = titles.index(title)
    return [row[index].value for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("command", ["mentors", "backfill"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_is_set_up_for_printing(books, command: str, lang: str) -> None:
    """A4, one page wide, header repeated, title in the header, date and page x of y."""
    workbook = openpyxl.load_workbook(books[command, lang])
    title = "青溪街道2026年" if lang == "zh" else "青溪街道: "
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows in ("$1:$1", "$3:$3")
        assert sheet.oddHeader.center.text.startswith(title)
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
        assert sheet.oddFooter.left.text
        if sheet.title not in ("报送", "filing"):
            assert sheet.freeze_panes == "A2"
            assert sheet.auto_filter.ref.startswith("A1:")


def test_zh_values_are_words(books) -> None:
    """In zh, mentor types, routes, education, kinds, booleans and vetting codes are words."""
    mentors = openpyxl.load_workbook(books["mentors", "zh"])
    pairs = mentors["结对名单"]
    assert set(column(pairs, "导师类型")) <= {"街道干部", "党建指导员", "退休书记", "先进村书记"}
    assert set(column(pairs, "延续上年结对")) == {"是", "否"}
    backfill = openpyxl.load_workbook(books["backfill", "zh"])
    assert set(column(backfill["任职安排"], "任职途径")) <= {"本村", "跨村任职", "选派"}
    eligibility = backfill["资格联审"]
    assert set(column(eligibility, "是否符合资格")) == {"是", "否"}
    assert set(column(eligibility, "类别")) == {"后备干部", "选派干部"}
    assert "公安联审不通过" in column(eligibility, "不符合原因")
    levels = {"初中", "高中", "中专", "大专", "本科", "硕士", "博士"}
    assert set(column(eligibility, "学历")) <= levels


def test_en_booleans_are_yes_no(books) -> None:
    """In en, booleans read yes/no (not TRUE/0) and vetting codes read as words."""
    backfill = openpyxl.load_workbook(books["backfill", "en"])
    eligibility = backfill["eligibility"]
    assert set(column(eligibility, "eligible")) == {"yes", "no"}
    assert "failed vetting by police" in column(eligibility, "reasons")
    mentors = openpyxl.load_workbook(books["mentors", "en"])
    assert set(column(mentors["mentor_pairs"], "kept")) == {"yes", "no"}


def test_widths_fit_chinese_text(books) -> None:
    """Each column is at least as wide as its header, a CJK character counting two."""
    workbook = openpyxl.load_workbook(books["backfill", "zh"])
    for sheet in workbook.worksheets[:-1]:
        for cell in sheet[1]:
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= display_width(str(cell.value)), (sheet.title, cell.value)


def test_long_reasons_wrap_within_the_column(books) -> None:
    """A long reason is wrapped in a capped column and its row is tall enough."""
    workbook = openpyxl.load_workbook(books["mentors", "en"])
    sheet = workbook["unassigned"]
    titles = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=titles.index("reason") + 1)
    assert len(cell.value) > 60
    assert cell.alignment.wrap_text is True
    width = sheet.column_dimensions[cell.column_letter].width
    assert width <= 50
    assert sheet.row_dimensions[2].height >= 15 * text_lines(cell.value, width)


def test_mentors_filing_sheet(books) -> None:
    """报送 lists every reserve in the roster style: title, 填报单位, 序号, signatures."""
    sheet = openpyxl.load_workbook(books["mentors", "zh"])["报送"]
    assert sheet["A1"].value == "青溪街道2026年雏雁导师结对名单"
    assert "A1:L1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "填报单位（盖章）：青溪街道"
    heads = [
        "序号",
        "村（社区）",
        "后备干部姓名",
        "性别",
        "出生年月",
        "学历",
        "入党时间",
        "导师姓名",
    ]
    assert [c.value for c in sheet[3]][:8] == heads
    rows = list(sheet.iter_rows(min_row=4, max_row=27, values_only=True))
    assert [r[0] for r in rows] == list(range(1, 25))
    assert rows[0][1:5] == ("青山村", "林志鹏", "男", "1988.09")
    assert rows[0][6] == "2012.12"
    unpaired = [r for r in rows if r[2] == "韩磊"][0]
    assert unpaired[7] is None and unpaired[11].startswith("未结对：")
    footer = [sheet.cell(row=r, column=1).value for r in range(28, sheet.max_row + 1)]
    assert any(v and v.startswith("填表人：") and "审核人：" in v for v in footer)
    assert sheet.print_title_rows == "$3:$3"


def test_backfill_filing_sheet(books) -> None:
    """The backfill 报送 names each post's candidate with vetting passed; en says 'filing'."""
    sheet = openpyxl.load_workbook(books["backfill", "zh"])["报送"]
    assert sheet["A1"].value == "青溪街道2026年村（社区）党组织书记空缺岗位拟任人选名单"
    rows = list(sheet.iter_rows(min_row=4, max_row=6, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "青山村", "林志鹏"),
        (2, "柳塘村", "许静"),
        (3, "竹园村", "秦悦"),
    ]
    assert {r[10] for r in rows} == {"通过"}
    en = openpyxl.load_workbook(books["backfill", "en"])["filing"]
    assert en["A3"].value == "No."


def test_filing_sheet_keeps_unfilled_posts(tmp_path: Path) -> None:
    """A post nobody can fill is a （空缺） row whose 备注 gives the reason."""
    rules = tmp_path / "rules.toml"
    rules.write_text("[eligibility]\nmax_age = 30\n", "utf-8")
    result = CliRunner().invoke(
        plan,
        ["backfill", "--year", "2026", "--lang", "zh", "--quiet", "--rules", str(rules)]
        + ["--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    unfilled = pd.read_csv(tmp_path / "out" / "unfilled.csv")
    sheet = openpyxl.load_workbook(tmp_path / "out" / "backfill.xlsx")["报送"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    vacant = [r for r in rows if r[2] == "（空缺）"]
    assert len(vacant) == len(unfilled) > 0
    assert all(r[11] for r in vacant)
    assert all(r[3] is None and r[10] is None for r in vacant)


@pytest.mark.parametrize(
    ("year", "month", "text"),
    [(1980, 1, "1980.01"), (1980, None, "1980"), (1975.0, 11.0, "1975.11"), (None, 3, None)],
)
def test_roster_dates(year, month, text) -> None:
    """Dates are written as rosters write them: 1980.01, or the year alone without a month."""
    assert roster_date(year, month) == text


@pytest.mark.parametrize(
    ("code", "lang", "words"),
    [
        ("vetting_fail:police", "zh", "公安联审不通过"),
        ("vetting_missing:petition", "zh", "缺信访联审结果"),
        ("vetting_pending:court", "en", "vetting by court pending"),
        ("vetting_fail:县档案局", "zh", "县档案局联审不通过"),
        ("age_over", "zh", "超过年龄上限"),
        ("something_new", "zh", "something_new"),
    ],
)
def test_eligibility_codes_as_words(code: str, lang: str, words: str) -> None:
    """Eligibility codes read as words; a department of its own name and unknown codes stay."""
    assert eligibility_word(code, lang) == words


def test_localise_keeps_rows_and_blanks() -> None:
    """Localising converts by column, keeps every row and leaves blanks blank."""
    frame = pd.DataFrame(
        {
            "mentor_type": ["instructor", None, "retired_secretary"],
            "kept": [True, False, True],
            "mentees": [("R01", "R02"), (), None],
            "reasons": [("age_over", "vetting_fail:police"), (), ()],
        }
    )
    shown = localise(frame, "zh")
    assert shown["mentor_type"].tolist() == ["党建指导员", None, "退休书记"]
    assert shown["kept"].tolist() == ["是", "否", "是"]
    assert shown["mentees"].tolist() == ["R01、R02", None, None]
    assert shown["reasons"].tolist() == ["超过年龄上限、公安联审不通过", None, None]


@pytest.mark.parametrize(
    ("text", "width"), [("abc", 3), ("林志鹏", 6), ("（空缺）", 8), ("V01 青山村", 10)]
)
def test_display_width(text: str, width: int) -> None:
    """CJK and full-width characters count two columns, others one."""
    assert display_width(text) == width


def test_filing_lists_are_boxed(books) -> None:
    """The list is boxed cell by cell, short fields centred, as the forms are."""
    sheet = openpyxl.load_workbook(books["mentors", "zh"])["报送"]
    assert not sheet.print_options.gridLines
    assert sheet["B4"].border.left.style == "thin"
    assert sheet["A4"].alignment.horizontal == "center"


def test_fast_rows_round_trip(tmp_path: Path) -> None:
    """Rows written as XML read back as written: escapes, spaces, formulas as text, blanks."""
    from cadreplan.cli.render.workbook import PrintTitle, Sheet, write_sheets

    frame = pd.DataFrame(
        {
            "name": ["A & B <c>", "  padded ", "=SUM(A1)", None, "林志鹏"],
            "km": [1.5, None, float("nan"), 3.0, 0.1],
            "load": [1, 2, 3, 4, 5],
            "reason": ["x " * 60, "short", None, "", "原因" * 30],
        }
    )
    sheet = Sheet(title="表", frame=frame, headers=["名", "km", "load", "原因"])
    import datetime as dt

    path = write_sheets(tmp_path, "t.xlsx", [sheet], PrintTitle("标题", dt.date(2026, 1, 2), "zh"))
    ws = openpyxl.load_workbook(path)["表"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["A & B <c>", "  padded ", "=SUM(A1)", None, "林志鹏"]
    assert ws["A4"].data_type == "s"  # shown as text, never run
    assert [r[1] for r in rows] == [1.5, None, None, 3.0, 0.1]
    assert [r[2] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0][3] == "x " * 60 and rows[2][3] is None
    assert ws["D2"].alignment.wrap_text is True
    assert ws.row_dimensions[2].height and ws.row_dimensions[2].height > 15
    assert ws.auto_filter.ref == "A1:D6"


QINGXI = Path(__file__).resolve().parents[1].parent / "shared" / "forms" / "qingxi"


@pytest.mark.skipif(not QINGXI.exists(), reason="shared/forms/qingxi is not beside the clone")
def test_filing_on_office_forms_dates_to_the_month_in_roster_order(tmp_path: Path) -> None:
    """On the office forms (generated ids), the 结对名单 prints 出生年月 as the forms wrote it
    (1984.1 settled to 1984.10 by the ID number) and lists reserves by village, then name."""
    from cadreplan.solver.dataset import load_dataset

    out = tmp_path / "m"
    args = ["mentors", "--data", str(QINGXI), "--year", "2026", "--lang", "zh", "--quiet"]
    result = CliRunner().invoke(plan, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out / "mentors.xlsx")["报送"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    born = {r[2]: r[4] for r in rows}
    assert (born["林志鹏"], born["黄永强"], born["刘晓梅"]) == ("1988.09", "1984.10", "1991.07")
    data = load_dataset(QINGXI, 2026)
    order = {v: i for i, v in enumerate(data.villages["name"])}
    keys = [(order[r[1]], r[2]) for r in rows]
    assert keys == sorted(keys) and len(rows) == len(data.reserves)
    pairs = pd.read_csv(out / "mentor_pairs.csv", encoding="utf-8-sig")
    villages, names = pairs["reserve_village"], pairs["reserve_name"]
    pair_keys = [(order[v], n) for v, n in zip(villages, names, strict=True)]
    assert pair_keys == sorted(pair_keys)


def test_backfill_filing_dates_birth_and_party_to_the_month(books) -> None:
    """The backfill 报送 writes 出生年月 and 入党时间 as 1988.09 where the data give months."""
    sheet = openpyxl.load_workbook(books["backfill", "zh"])["报送"]
    heads = [c.value for c in sheet[3]]
    first = [c.value for c in sheet[4]]
    assert first[2] == "林志鹏"
    assert first[heads.index("出生年月")] == "1988.09"
    assert first[heads.index("入党时间")] == "2012.12"


def test_filing_without_months_prints_the_year(tmp_path: Path) -> None:
    """Data without birth_month / party_month (a plain CSV of years) print the year alone."""
    import shutil

    from cadreplan.scenarios import sample_path

    data = tmp_path / "data"
    shutil.copytree(sample_path(), data)
    for table in ("reserves", "dispatched"):
        frame = pd.read_csv(data / f"{table}.csv", dtype=str, keep_default_na=False)
        frame.drop(columns=["birth_month", "party_month"]).to_csv(
            data / f"{table}.csv", index=False
        )
    out = tmp_path / "b"
    args = ["backfill", "--data", str(data), "--year", "2026", "--lang", "zh", "--quiet"]
    result = CliRunner().invoke(plan, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out / "backfill.xlsx")["报送"]
    heads = [c.value for c in sheet[3]]
    first = [c.value for c in sheet[4]]
    assert (first[heads.index("出生年月")], first[heads.index("入党时间")]) == ("1988", "2012")


def test_en_values_are_english_words_not_codes(books) -> None:
    """In en, enumerations read as English words from the vocabulary (sub-district cadre,
    bachelor's degree, male), never as codes (subdistrict_cadre, bachelor, M)."""
    from cadreplan.solver.vocabulary import ENGLISH_WORDS

    mentors = openpyxl.load_workbook(books["mentors", "en"])
    kinds = set(column(mentors["mentor_pairs"], "mentor_type"))
    assert kinds <= set(ENGLISH_WORDS["mentor_type"].values()) and "sub-district cadre" in kinds
    filing = mentors["filing"]
    rows = [r for r in filing.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert {r[3] for r in rows} == {"male", "female"}
    assert {r[5] for r in rows} <= set(ENGLISH_WORDS["education"].values())
    backfill = openpyxl.load_workbook(books["backfill", "en"])
    eligibility = backfill["eligibility"]
    assert set(column(eligibility, "education")) <= set(ENGLISH_WORDS["education"].values())
    assert "failed vetting by police" in column(eligibility, "reasons")
    assert set(column(backfill["appointments"], "route")) <= {
        "local",
        "cross-village",
        "dispatched",
    }
    codes = {code for words in ENGLISH_WORDS.values() for code in words} - {
        w for words in ENGLISH_WORDS.values() for w in words.values()
    }
    for book in (mentors, backfill):
        for sheet in book.worksheets:
            for row in sheet.iter_rows(min_row=2, values_only=True):
                assert not codes & {v for v in row if isinstance(v, str)}, (sheet.title, row)


def test_signature_lines_never_stand_alone_on_a_page() -> None:
    """A table that fills its page takes its last rows onto the page of the 填表人 lines; a
    short table gets no break."""
    from cadreplan.cli.render.filing import KEEP_ROWS, keep_footer_with_rows

    widths = [6, 12, 8, 6, 10, 6, 10, 12, 14, 10, 40]
    top = [32.0, 15.0, 15.0]
    # the sample's reserves 报送: 33 rows, one of two lines (LibreOffice put the signature
    # lines alone on a fifth page before this break)
    rows = [15.0] * 24 + [30.0] + [15.0] * 8
    brk = keep_footer_with_rows(widths, True, top, rows, footer=71.0)
    assert brk == len(top) + len(rows) - KEEP_ROWS
    assert keep_footer_with_rows(widths, True, top, [15.0] * 10, footer=71.0) is None


def test_reserves_filing_keeps_rows_with_the_signature_lines(tmp_path: Path) -> None:
    """The sample's 后备干部动态调整名单 has a page break before its last rows."""
    out = tmp_path / "r"
    result = CliRunner().invoke(
        plan, ["reserves", "--year", "2026", "--lang", "zh", "--quiet", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out / "reserves.xlsx")["报送"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert [b.id for b in sheet.row_breaks.brk] == [3 + len(rows) - 3]
