"""Rows under the header that hold no person: a template's numbered but unfilled rows, the
以下空白 ("blank below") mark and rows of ``/``, on copies of the qingxi forms (CSV and xlsx).

They are dropped like blank rows and reported with their reason (``plan check``,
``intake.csv``), never silently; a numbered row with some person data but a required cell
missing is still refused with exit 2 naming file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import copy_qingxi

from cadreplan.cli.main import plan
from cadreplan.solver.intake import read_tables

RESERVES = "青溪街道村级后备干部花名册.csv"
SECRETARIES = "青溪街道村（社区）党组织书记花名册（2026年）.xlsx"
#: Columns of the reserves CSV and of Sheet1 of the secretaries' workbook.
RESERVE_COLUMNS = 14
SECRETARY_COLUMNS = 18
#: Spreadsheet rows of the CSV's 填表人 line and of Sheet1's blank row before its footer.
RESERVES_FOOTER = 27
SECRETARIES_FREE = 18
#: A reserve with every required cell: 序号 25 and the first reserve's person data.
PERSON = "25,青山村,林小鹏,男,1990.09,,中共党员,2012.12,大学专科,致富能手,82,电商,党务,"


def _csv_with(folder: Path, lines: list[str]) -> None:
    """Insert ``lines`` in the reserves CSV before its 填表人 line (GBK, CRLF as saved)."""
    path = folder / RESERVES
    rows = path.read_bytes().decode("gbk").split("\r\n")
    footer = next(i for i, line in enumerate(rows) if line.startswith("填表人"))
    rows[footer:footer] = lines
    path.write_bytes("\r\n".join(rows).encode("gbk"))


def _xlsx_with(folder: Path, rows: list[list[object]]) -> None:
    """Write ``rows`` into Sheet1 of the secretaries' workbook from its row 18 on, moving the
    填表人 and 注 footer down."""
    path = folder / SECRETARIES
    book = openpyxl.load_workbook(path)
    sheet = book["Sheet1"]
    if len(rows) > 1:
        sheet.insert_rows(SECRETARIES_FREE + 1, len(rows) - 1)
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            sheet.cell(SECRETARIES_FREE + offset, column, value)
    book.save(path)


def _cells(width: int, first: list[object]) -> list[object]:
    """A row of ``width`` cells starting with ``first``, the rest empty."""
    return first + [None] * (width - len(first))


#: (case, CSV lines, xlsx rows, kinds expected in the CSV, kinds expected in the xlsx)
CASES = [
    (
        "numbered",
        ["25" + "," * (RESERVE_COLUMNS - 1), "26" + "," * (RESERVE_COLUMNS - 1)],
        [_cells(SECRETARY_COLUMNS, [14]), _cells(SECRETARY_COLUMNS, [15])],
        [(27, "empty"), (28, "empty")],
        [(18, "empty"), (19, "empty")],
    ),
    (
        "blank_below_in_a",
        ["以下空白" + "," * (RESERVE_COLUMNS - 1)],
        [_cells(SECRETARY_COLUMNS, ["以下空白"])],
        [(27, "blank_below")],
        [(18, "blank_below")],
    ),
    (
        "blank_below_in_b",
        ["25,以下空白" + "," * (RESERVE_COLUMNS - 2), "26" + "," * (RESERVE_COLUMNS - 1)],
        [_cells(SECRETARY_COLUMNS, [14, "（以下空白）"]), _cells(SECRETARY_COLUMNS, [15])],
        [(27, "blank_below"), (28, "empty")],
        [(18, "blank_below"), (19, "empty")],
    ),
    (
        "slashes",
        [",".join(["/"] * RESERVE_COLUMNS)],
        [["/"] * SECRETARY_COLUMNS],
        [(27, "empty")],
        [(18, "empty")],
    ),
]


def _dropped(folder: Path, label: str) -> list[tuple[int, str]]:
    """(row, kind) of the rows dropped from the sources whose label starts with ``label``."""
    report = read_tables(folder).report
    return [(r.row, r.kind) for r in report.rows if r.label.startswith(label)]


@pytest.mark.parametrize(
    ("case", "lines", "rows", "in_csv", "in_xlsx"), CASES, ids=[c[0] for c in CASES]
)
def test_rows_holding_no_person_are_dropped_and_reported(
    tmp_path: Path, case: str, lines, rows, in_csv, in_xlsx
) -> None:
    """Numbered unfilled rows, 以下空白 (column A or B) and rows of / are dropped with their
    kind, in a CSV and in an xlsx, and every reserve and secretary is still read."""
    folder = copy_qingxi(tmp_path)
    _csv_with(folder, lines)
    _xlsx_with(folder, rows)
    intake = read_tables(folder)
    assert len(intake.tables["reserves"]) == 24
    assert len(intake.tables["secretaries"]) == 12
    reserves = _dropped(folder, RESERVES)
    assert [r for r in reserves if r[1] not in ("title", "footer")] == in_csv
    assert (RESERVES_FOOTER + len(lines), "footer") in reserves
    secretaries = [r for r in _dropped(folder, SECRETARIES + " sheet Sheet1") if r[0] >= 18]
    assert [r for r in secretaries if r[1] != "footer"] == in_xlsx


@pytest.mark.parametrize(
    ("lang", "reasons"),
    [
        (
            "en",
            [
                "rows dropped (no person (only a 序号, or / and other blank marks)): 27, 29",
                "rows dropped (以下空白 (blank below: the data ends here)): 28",
            ],
        ),
        (
            "zh",
            [
                "无人员（只有序号，或只有 / 等空白记号）",
                "“以下空白”（数据到此为止）",
            ],
        ),
    ],
)
def test_plan_check_reports_the_rows_it_dropped_and_why(
    tmp_path: Path, lang: str, reasons: list[str]
) -> None:
    """plan check reads a form with such rows (exit 0) and names them with the reason."""
    folder = copy_qingxi(tmp_path)
    _csv_with(folder, ["25" + "," * 13, "以下空白" + "," * 13, ",".join(["/"] * 14)])
    result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", lang])
    assert result.exit_code == 0, result.output
    for reason in reasons:
        assert reason in result.output


def test_intake_records_give_each_dropped_row_its_reason(tmp_path: Path) -> None:
    """intake.csv's records list a numbered empty row and the 以下空白 row as dropped, with
    the reason in the language asked for."""
    folder = copy_qingxi(tmp_path)
    _csv_with(folder, ["25" + "," * 13, "26,以下空白" + "," * 12])
    report = read_tables(folder).report
    for lang, empty, mark in (
        ("en", "no person (only a 序号, or / and other blank marks)", "以下空白 (blank below"),
        ("zh", "无人员（只有序号，或只有 / 等空白记号）", "“以下空白”（数据到此为止）"),
    ):
        records = {
            r["row"]: (r["status"], r["reason"])
            for r in report.records(lang)  # type: ignore[arg-type]
            if r["kind"] == "row" and r["file"] == RESERVES
        }
        assert records[27] == ("dropped", empty)
        assert records[28][0] == "dropped"
        assert str(records[28][1]).startswith(mark)


def test_a_person_under_blank_below_is_dropped_and_reported(tmp_path: Path) -> None:
    """以下空白 ends the data as a footer does: a row written under it is not read as a
    reserve but listed as dropped (below_blank), not lost silently."""
    folder = copy_qingxi(tmp_path)
    _csv_with(folder, ["以下空白" + "," * 13, PERSON])
    intake = read_tables(folder)
    assert "林小鹏" not in intake.tables["reserves"]["name"].tolist()
    assert (28, "below_blank") in _dropped(folder, RESERVES)
    result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "rows dropped (under 以下空白 (the form says the rest is blank)): 28" in result.output


@pytest.mark.parametrize(
    ("form", "edit", "english", "chinese"),
    [
        (
            "csv",
            lambda folder: _csv_with(folder, ["25,青山村,,男" + "," * 10]),
            f"{RESERVES} row 27, column 姓名: the cell is empty, but this column is required. "
            "Fill it in.",
            f"{RESERVES} 第27行，列“姓名”：单元格为空，但此列必须填写。请填写。",
        ),
        (
            "xlsx",
            lambda folder: _xlsx_with(folder, [_cells(SECRETARY_COLUMNS, [14, "青山村", None])]),
            f"{SECRETARIES} sheet Sheet1 row 18, column 姓名: the cell is empty, but this column "
            "is required. Fill it in.",
            f"{SECRETARIES} 工作表 Sheet1 第18行，列“姓名”：单元格为空，但此列必须填写。请填写。",
        ),
    ],
    ids=["csv", "xlsx"],
)
def test_a_numbered_row_with_person_data_but_no_name_is_still_refused(
    tmp_path: Path, form: str, edit, english: str, chinese: str
) -> None:
    """A row with a 序号 and some person data but an empty required cell is exit 2, naming
    file, row and column as the spreadsheet counts, in English and Chinese."""
    folder = copy_qingxi(tmp_path)
    edit(folder)
    result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == "error: " + english
    result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", "zh"])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == "错误：" + chinese


def _misspell_csv(folder: Path, wrong: str) -> None:
    """Write ``wrong`` for the 姓名 header of the reserves CSV."""
    path = folder / RESERVES
    text = path.read_bytes().decode("gbk")
    text = text.replace("序号,村（社区）,姓名,", f"序号,村（社区）,{wrong},", 1)
    path.write_bytes(text.encode("gbk"))


def _misspell_xlsx(folder: Path, wrong: str) -> None:
    """Write ``wrong`` for the 姓名 header (C3, merged over C3:C4) of Sheet1."""
    path = folder / SECRETARIES
    book = openpyxl.load_workbook(path)
    book["Sheet1"]["C3"] = wrong
    book.save(path)


@pytest.mark.parametrize(
    ("edit", "english", "chinese"),
    [
        (
            lambda folder: _misspell_csv(folder, "姓明"),
            f"{RESERVES} row 2, column C: the required column 'name' (姓名) is missing: "
            "column C '姓明' looks like 姓名. Correct the header (write 姓名), or map it with "
            "--columns.",
            f"{RESERVES} 第2行，列“C”：缺少必需的列“姓名”：C列“姓明”看起来是“姓名”。"
            "请更正表头（写作“姓名”），或用 --columns 指定。",
        ),
        (
            lambda folder: _misspell_xlsx(folder, "姓明"),
            f"{SECRETARIES} sheet Sheet1 row 3, column C: the required column 'name' (姓名) is "
            "missing: column C '姓明' looks like 姓名. Correct the header (write 姓名), or map "
            "it with --columns.",
            f"{SECRETARIES} 工作表 Sheet1 第3行，列“C”：缺少必需的列“姓名”：C列“姓明”看起来是"
            "“姓名”。请更正表头（写作“姓名”），或用 --columns 指定。",
        ),
        (
            lambda folder: _misspell_csv(folder, "人员"),
            f"{RESERVES}: the required column 'name' (姓名) is missing (its name and columns "
            "make it the reserves table). Add it to the header row (English or Chinese name, "
            "see the README) or map a header to it with --columns; if it is no reserves table, "
            "rename or remove it.",
            f"{RESERVES}：缺少必需的列“姓名”（按名称和已有的列，它是“后备干部”表）。"
            "请在表头行中加上此列（中文或英文列名均可，见 README），或用 --columns 指定；"
            "如果它不是“后备干部”表，请重命名或移除它。",
        ),
    ],
    ids=["csv_misspelt", "xlsx_misspelt", "csv_unlike"],
)
def test_a_misspelt_required_header_is_named_by_row_and_column(
    tmp_path: Path, edit, english: str, chinese: str
) -> None:
    """A required column missing while a header closely resembles it (姓明 for 姓名) names
    that header's row and column and the word to write; an unlike header keeps the message."""
    folder = copy_qingxi(tmp_path)
    edit(folder)
    for lang, prefix, expected in (("en", "error: ", english), ("zh", "错误：", chinese)):
        result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", lang])
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines()[-1] == prefix + expected
