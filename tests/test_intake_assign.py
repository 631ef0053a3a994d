"""Which table a form is when it lacks a column, and what a missing table says.

A new user's roster without one required column was taken for another table (the error then
blamed another file) or dropped; a hidden sheet made a later reference fail without a word
about the sheet. These tests hold the messages a clerk reads in those cases.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import copy_qingxi, write_book

from cadreplan.cli.main import plan
from cadreplan.scenarios import sample_path
from cadreplan.solver.errors import DataError
from cadreplan.solver.intake import read_tables

RESERVE_FORM = "青溪街道村级后备干部花名册.csv"
PAIRING_FORM = "青溪街道雏雁导师结对安排表.xlsx"


def _without_column(folder: Path, header: str) -> None:
    """Delete the column headed ``header`` from the reserves roster (GBK, CRLF, title line)."""
    lines = (folder / RESERVE_FORM).read_bytes().decode("gbk").split("\r\n")
    position = next(csv.reader([lines[1]])).index(header)
    for number, line in enumerate(lines):
        if number == 0 or not line:
            continue
        cells = next(csv.reader([line]))
        if len(cells) > position:
            del cells[position]
        text = io.StringIO()
        csv.writer(text, lineterminator="").writerow(cells)
        lines[number] = text.getvalue()
    (folder / RESERVE_FORM).write_bytes("\r\n".join(lines).encode("gbk"))


def _run(folder: Path, lang: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        plan, ["mentors", "--data", str(folder), "--lang", lang, "--out", str(folder / "out")]
    )
    return result.exit_code, result.output.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("header", "english", "chinese"),
    [
        ("姓名", "'name' (姓名)", "“姓名”"),
        ("学历", "'education' (学历)", "“学历”"),
        ("村（社区）", "'village_id' (村（社区）)", "“村（社区）”"),
    ],
)
def test_roster_missing_a_required_column_is_named_as_the_roster(
    tmp_path: Path, header: str, english: str, chinese: str
) -> None:
    """A reserves roster without one required column is exit 2 naming that roster and the
    column as the form heads it, never taken for villages or secretaries, never dropped."""
    folder = copy_qingxi(tmp_path)
    _without_column(folder, header)
    assert _run(folder, "zh") == (
        2,
        f"错误：{RESERVE_FORM}：缺少必需的列{chinese}（按名称和已有的列，它是“后备干部”表）。"
        "请在表头行中加上此列（中文或英文列名均可，见 README），或用 --columns 指定；"
        "如果它不是“后备干部”表，请重命名或移除它。",
    )
    assert _run(folder, "en") == (
        2,
        f"error: {RESERVE_FORM}: the required column {english} is missing (its name and "
        "columns make it the reserves table). Add it to the header row (English or Chinese "
        "name, see the README) or map a header to it with --columns; if it is no reserves "
        "table, rename or remove it.",
    )


VILLAGES = [["村编号", "村名", "镇街"], ["V1", "甲村", "某镇"]]


def test_generic_sheet_with_many_columns_of_a_table_it_does_not_fit_is_refused(
    tmp_path: Path,
) -> None:
    """A Sheet1 with four reserve columns but no 村 is refused as a reserves table lacking
    村（社区）, not read as the villages table it happens to fit (by 姓名 alone it fits none)."""
    path = write_book(
        tmp_path / "book.xlsx",
        {
            "Sheet1": [
                ["姓名", "出生年月", "学历", "人员来源", "履职评估得分"],
                ["张三", "1988.09", "高中", "致富能手", 80],
            ],
        },
    )
    with pytest.raises(DataError) as caught:
        read_tables(path)
    assert caught.value.key == "intake.column.missing_required_in"
    assert caught.value.render("zh").startswith(
        "book.xlsx 工作表 Sheet1：缺少必需的列“村（社区）”（按名称和已有的列，它是“后备干部”表）。"
    )


def test_sheet_resembling_a_table_only_a_little_stays_ignored_and_reported(
    tmp_path: Path,
) -> None:
    """A sheet with two person columns and a name that names no table is still ignored and
    reported with its closest table (too little to say it is that table)."""
    path = write_book(
        tmp_path / "book.xlsx",
        {"村": VILLAGES, "通讯录": [["姓名", "性别", "联系电话"], ["张三", "男", "138"]]},
    )
    intake = read_tables(path)
    ignored = {s.label: s.detail for s in intake.report.ignored_sources()}
    assert "book.xlsx sheet 通讯录" in ignored
    assert ignored["book.xlsx sheet 通讯录"].startswith("secretaries (lacks")


def _hide(path: Path, sheet: str) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet].sheet_state = "hidden"
    book.save(path)


def test_reference_into_a_hidden_sheet_says_the_sheet_is_hidden(tmp_path: Path) -> None:
    """With 导师名单 hidden, the 回避关系 name that no visible table holds is exit 2 saying
    that the mentors table is missing because that sheet is hidden, and how to fix it; the
    name is called a person (人员“钱永福”), not an id (编号)."""
    folder = copy_qingxi(tmp_path)
    _hide(folder / PAIRING_FORM, "导师名单")
    assert _run(folder, "zh") == (
        2,
        f"错误：{PAIRING_FORM} 工作表 回避关系 第2行，列“人员乙”：未知的人员“钱永福”："
        f"导师表缺失，因为 {PAIRING_FORM} 工作表 导师名单 已隐藏（隐藏的工作表不读取）。"
        "请取消隐藏该工作表（右键单击工作表标签 → 取消隐藏）后重新运行。",
    )
    assert _run(folder, "en") == (
        2,
        f"error: {PAIRING_FORM} sheet 回避关系 row 2, column 人员乙: unknown person '钱永福': "
        f"the mentors table is missing because {PAIRING_FORM} sheet 导师名单 is hidden "
        "(hidden sheets are not read). Unhide that sheet (right-click a sheet tab, Unhide) "
        "and run again.",
    )


def test_hidden_villages_sheet_is_named_as_the_missing_villages(tmp_path: Path) -> None:
    """A workbook whose only villages sheet is hidden is exit 2 naming that sheet and saying
    it is hidden, not a bare 'has no villages table'."""
    sheets = {"村基本情况": VILLAGES, "回避关系": [["人员甲", "人员乙"]]}
    path = write_book(tmp_path / "book.xlsx", sheets)
    _hide(path, "村基本情况")
    result = CliRunner().invoke(plan, ["check", "--data", str(path), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "错误：book.xlsx 工作表 村基本情况：此工作表是每个方案都需要的村（社区）表，"
        "但它已隐藏（隐藏的工作表不读取）。"
        "请取消隐藏该工作表（右键单击工作表标签 → 取消隐藏）后重新运行。"
    )


SECRETARY_FORM = "青溪街道村（社区）党组织书记花名册（2026年）.xlsx"


def test_chinese_errors_name_columns_as_the_form_heads_them(tmp_path: Path) -> None:
    """A road from a village to itself on 村间里程表 is named at 列“终点村” (the form's
    header), not 列“to” (the column's code)."""
    folder = copy_qingxi(tmp_path)
    book = openpyxl.load_workbook(folder / SECRETARY_FORM)
    sheet = book["村间里程表"]
    header = [cell.value for cell in sheet[2]]
    start, end = header.index("起点村") + 1, header.index("终点村") + 1
    sheet.cell(3, end).value = sheet.cell(3, start).value
    book.save(folder / SECRETARY_FORM)
    result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", "zh"])
    assert result.exit_code == 2
    line = result.output.strip().splitlines()[-1]
    assert line.startswith(f"错误：{SECRETARY_FORM} 工作表 村间里程表 第3行，列“终点村”：")


def test_two_columns_for_one_name_the_column_in_chinese(tmp_path: Path) -> None:
    """Two headers for one column name that column by its Chinese header in zh."""
    folder = tmp_path / "d"
    shutil.copytree(sample_path(), folder)
    (folder / "conflicts.csv").write_text("人员甲,人员A,人员乙\nR03,R03,M01\n", encoding="utf-8")
    result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "错误：conflicts.csv 第1行，列“人员A”：有两列都表示“人员甲”：“人员甲”和“人员A”。"
        "请只保留其中一列。"
    )


def test_chinese_warnings_name_the_closest_table_and_sheet_in_chinese(tmp_path: Path) -> None:
    """An ignored sheet's warning in zh says 工作表 and names its closest table and the
    columns it lacks in Chinese (后备干部（缺少 …）), not by their codes; a hidden sheet's
    warning says 工作表 too."""
    folder = copy_qingxi(tmp_path)
    path = folder / PAIRING_FORM
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("通讯录")
    sheet.append(["姓名", "性别", "联系电话"])
    sheet.append(["张三", "男", "138"])
    book.save(path)
    _hide(path, "2025年结对情况")
    result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert f"注意：{PAIRING_FORM} 工作表 2025年结对情况 是隐藏的工作表" in result.output
    assert (
        f"注意：{PAIRING_FORM} 工作表 通讯录 未读取，但与 党组织书记（缺少 出生年份 / 身份证号码、"
        "村（社区）） 相近" in result.output
    )
    assert "lacks" not in result.output and " sheet " not in result.output
