"""Office form shapes: header location, two-row headers, footers, table assignment, robust reading.

Each misleading case of issue 11 must be read right or refused with exit 2, never read with
exit 0 and data dropped.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import QINGXI, copy_qingxi, write_book

from cadreplan.cli.main import plan
from cadreplan.scenarios import sample_path
from cadreplan.solver.dataset import load_dataset
from cadreplan.solver.errors import DataError
from cadreplan.solver.intake import decode_text, read_tables

HEADER = ["序号", "村（社区）", "姓名", "性别", "出生年月", "学历", "人员来源", "履职评估得分"]
ROWS = [
    [1, "甲村", "张三", "男", "1988.09", "大学专科", "致富能手", 82],
    [2, "乙村", "李四", "女", "1990年3月", "高中", "退役军人", 75],
]


def _villages(sheet) -> None:
    sheet.append(["村编号", "村名", "镇街"])
    sheet.append(["V1", "甲村", "某镇"])
    sheet.append(["V2", "乙村", "某镇"])


VILLAGES = [["村编号", "村名", "镇街"], ["V1", "甲村", "某镇"], ["V2", "乙村", "某镇"]]


def test_title_and_filled_by_rows_are_skipped_and_reported(tmp_path: Path) -> None:
    """A title and a 填报单位 line above the header are skipped; rows keep their numbers."""
    path = write_book(
        tmp_path / "book.xlsx",
        {
            "村": VILLAGES,
            "后备干部花名册": [
                ["某镇村级后备干部花名册"],
                ["填报单位：某镇党委", None, None, "填报时间：2026年3月"],
                HEADER,
                *ROWS,
                ["填表人：王五", None, None, "审核人：赵六"],
            ],
        },
    )
    intake = read_tables(path)
    reserves = intake.tables["reserves"]
    assert reserves["name"].tolist() == ["张三", "李四"]
    assert reserves["_row"].tolist() == [4, 5]
    assert reserves["evaluation"].tolist() == [82.0, 75.0]
    kinds = {(r.row, r.kind) for r in intake.report.rows}
    assert {(1, "title"), (2, "filled_by"), (6, "footer")} <= kinds


def test_year_prefixed_evaluation_column_is_read_as_evaluation(tmp_path: Path) -> None:
    """Why 1: a column headed 2024年履职评估得分 is the evaluation, not an ignored column."""
    header = [*HEADER[:-1], "2024年履职评估得分"]
    path = write_book(tmp_path / "book.xlsx", {"村": VILLAGES, "Sheet1": [header, *ROWS]})
    data = load_dataset(path, 2026)
    assert data.reserves["evaluation"].tolist() == [82.0, 75.0]


def test_sheet_named_mentor_list_is_read_as_mentors(tmp_path: Path) -> None:
    """Why 2: a sheet named 导师名单 (with a title row) is the mentors table."""
    path = write_book(
        tmp_path / "book.xlsx",
        {
            "村": VILLAGES,
            "导师名单": [
                ["2026年雏雁导师名单"],
                ["序号", "导师姓名", "导师类别", "所在村（社区）", "带教人数上限"],
                [1, "王导师", "街道干部", "甲村", 3],
            ],
        },
    )
    data = load_dataset(path, 2026)
    assert data.mentors["name"].tolist() == ["王导师"]
    assert data.mentors["type"].tolist() == ["subdistrict_cadre"]
    assert data.mentors["village_id"].tolist() == ["V1"]


def test_stale_hidden_sheet_does_not_replace_the_visible_one(tmp_path: Path) -> None:
    """Why 3: a hidden stale copy of a table is ignored and reported; the visible one is read."""
    stale = [HEADER, [1, "甲村", "旧人", "男", "1970.01", "高中", "致富能手", 50]]
    path = write_book(
        tmp_path / "book.xlsx",
        {"村": VILLAGES, "后备干部（旧）": stale, "后备干部": [HEADER, *ROWS]},
        hidden=("后备干部（旧）",),
    )
    intake = read_tables(path)
    assert intake.tables["reserves"]["name"].tolist() == ["张三", "李四"]
    hidden = [s for s in intake.report.sources if s.reason == "intake.source.hidden"]
    assert [s.label for s in hidden] == ["book.xlsx sheet 后备干部（旧）"]


def test_merged_header_cell_keeps_experience_years(tmp_path: Path) -> None:
    """Why 4: a header merged over two rows (beside a two-row header) keeps its column."""
    book = openpyxl.Workbook()
    villages = book.active
    villages.title = "村"
    _villages(villages)
    sheet = book.create_sheet("导师")
    sheet.append(["导师姓名", "导师类别", "所在村", "从事党务工作年限", "带教情况", None])
    sheet.append([None, None, None, None, "带教人数上限", "已带人数"])
    for column in "ABCD":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.merge_cells("E1:F1")
    sheet.append(["王导师", "街道干部", "甲村", 12, 3, 1])
    book.save(tmp_path / "book.xlsx")
    intake = read_tables(tmp_path / "book.xlsx")
    mentors = intake.tables["mentors"]
    assert mentors["experience_years"].tolist() == [12.0]
    assert mentors["capacity"].tolist() == [3]
    ignored = [c.header for c in intake.report.ignored_columns()]
    assert "带教情况/已带人数" in ignored


def test_two_row_education_header_takes_the_higher(tmp_path: Path) -> None:
    """学历 merged over 全日制教育 / 在职教育: the higher of the two is the education."""
    book = openpyxl.Workbook()
    _villages(book.active)
    book.active.title = "村"
    sheet = book.create_sheet("Sheet1")
    sheet.append(["姓名", "村（社区）", "出生年月", "学历", None, "连任届数", "考核等次"])
    sheet.append([None, None, None, "全日制教育", "在职教育", None, None])
    sheet.merge_cells("D1:E1")
    for column in "ABCFG":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.append(["书记甲", "甲村", "1970.05", "中专", "大学专科", 2, "较好"])
    sheet.append(["书记乙", "乙村", "1975.05", "大学本科", None, 1, "好"])
    book.save(tmp_path / "book.xlsx")
    data = load_dataset(tmp_path / "book.xlsx", 2026)
    assert data.secretaries["education"].tolist() == ["college", "bachelor"]
    assert data.secretaries["_row"].tolist() == [3, 4]


def test_vacant_row_in_secretaries_roster_is_a_vacant_post(tmp_path: Path) -> None:
    """A （空缺） row is no person: the village's post is vacant, the row reported."""
    path = write_book(
        tmp_path / "book.xlsx",
        {
            "村": VILLAGES,
            "书记": [
                ["姓名", "村（社区）", "出生年月", "连任届数"],
                ["书记甲", "甲村", "1970.05", 1],
                ["（空缺）", "乙村", None, None],
            ],
        },
    )
    data = load_dataset(path, 2026)
    assert data.villages.set_index("village_id")["vacant"].to_dict() == {"V1": False, "V2": True}
    assert [(r.row, r.kind) for r in data.intake.rows] == [(3, "vacant")]


def test_only_names_holding_the_vacancy_mark_can_be_vacancy_words() -> None:
    """Every vacancy word holds 缺 and no other character of Unicode normalises to text with it."""
    import sys

    from cadreplan.solver.intake.reshape import VACANT_MARK, VACANT_WORDS
    from cadreplan.solver.schema import normalise_word

    assert all(VACANT_MARK in word for word in VACANT_WORDS)
    others = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if chr(code) != VACANT_MARK
        and not 0xD800 <= code <= 0xDFFF
        and VACANT_MARK in normalise_word(chr(code))
    ]
    assert others == []


@pytest.mark.parametrize("written", ["（空缺）", "空 缺", "(暂缺)", "【缺额】", "缺"])
def test_vacancy_words_as_written_make_the_post_vacant(tmp_path: Path, written: str) -> None:
    """A vacancy word in full-width brackets or with spaces is a vacant post; 缺德福 is a name."""
    path = write_book(
        tmp_path / "book.xlsx",
        {
            "村": VILLAGES,
            "书记": [
                ["姓名", "村（社区）", "出生年月", "连任届数"],
                ["缺德福", "甲村", "1970.05", 1],
                [written, "乙村", None, None],
            ],
        },
    )
    data = load_dataset(path, 2026)
    assert data.villages.set_index("village_id")["vacant"].to_dict() == {"V1": False, "V2": True}
    assert data.secretaries["name"].tolist() == ["缺德福"]


def test_footer_total_and_blank_rows_are_dropped_by_number(tmp_path: Path) -> None:
    """合计, 小计, 注, 说明 and blank rows are dropped and listed by spreadsheet row."""
    text = (
        "村编号,村名,镇街,人口\n"
        "V1,甲村,某镇,100\n"
        "\n"
        "V2,乙村,某镇,200\n"
        "小计,,,300\n"
        "合计,,,300\n"
        "注：人口为户籍人口,,,\n"
        "说明：无,,,\n"
    )
    (tmp_path / "villages.csv").write_text(text, encoding="utf-8")
    intake = read_tables(tmp_path)
    assert intake.tables["villages"]["population"].tolist() == [100, 200]
    assert [(r.row, r.kind) for r in intake.report.rows] == [
        (3, "blank"),
        (5, "total"),
        (6, "total"),
        (7, "footer"),
        (8, "footer"),
    ]


def test_error_after_a_blank_line_names_the_spreadsheet_row(tmp_path: Path) -> None:
    """Issue 13 item 5: after a blank line in a CSV, an error names the spreadsheet's row."""
    (tmp_path / "villages.csv").write_text(
        "village_id,name,town,population\nV1,甲,镇,1\n\nV2,乙,镇,abc\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path, 2026)
    assert caught.value.row == 4
    assert caught.value.column == "population"


def test_header_normalisation_full_width_brackets_breaks_units(tmp_path: Path) -> None:
    """Full-width letters, brackets, line breaks and unit suffixes do not hide a header."""
    (tmp_path / "villages.csv").write_text(
        '村编号,"村（社区）\n名称",镇 街,户籍人口（人）,ＬＡＴ\nV1,甲村,某镇,100,23.1\n',
        encoding="utf-8",
    )
    frame = read_tables(tmp_path).tables["villages"]
    assert frame["name"].tolist() == ["甲村"]
    assert frame["population"].tolist() == [100]
    assert frame["lat"].tolist() == [23.1]


def test_town_comes_from_the_title_when_there_is_no_town_column(tmp_path: Path) -> None:
    """Without a town column the town is read from the title (青溪街道…基本情况)."""
    (tmp_path / "villages.csv").write_text(
        "青溪街道村（社区）基本情况统计表,,\n村（社区）名称,类型,是否软弱涣散村\n青山村,村,是\n",
        encoding="utf-8",
    )
    frame = read_tables(tmp_path).tables["villages"]
    assert frame["town"].tolist() == ["青溪街道"]
    assert frame["village_id"].tolist() == ["青山村"]
    assert frame["categories"].tolist() == [("weak_lax",)]


def test_long_vetting_by_name_and_other_departments_kept(tmp_path: Path) -> None:
    """Long vetting naming people by name; an unlisted department is kept under its name."""
    shutil.copytree(sample_path(), tmp_path / "d")
    (tmp_path / "d" / "vetting.csv").write_text(
        "姓名,部门,结果,备注\n林志鹏,县纪委监委,通过,\n林志鹏,统战部,不通过,材料\n",
        encoding="utf-8",
    )
    data = load_dataset(tmp_path / "d", 2026)
    records = data.vetting[["person_id", "department", "result"]].values.tolist()
    assert records == [["R01", "discipline", "pass"], ["R01", "统战部", "fail"]]


def test_ambiguous_name_is_refused_naming_both_rows(tmp_path: Path) -> None:
    """A conflict naming a person whose name fits two reserves is exit 2 naming both rows."""
    shutil.copytree(sample_path(), tmp_path / "d")
    reserves = pd.read_csv(tmp_path / "d" / "reserves.csv", dtype=str, keep_default_na=False)
    reserves.loc[1, "name"] = reserves.loc[0, "name"]
    reserves.to_csv(tmp_path / "d" / "reserves.csv", index=False)
    (tmp_path / "d" / "conflicts.csv").write_text(
        f"人员甲,人员乙\n{reserves.loc[0, 'name']},M01\n", encoding="utf-8"
    )
    result = CliRunner().invoke(plan, ["check", "--data", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "error: conflicts.csv row 2, column 人员甲: the name '林志鹏' fits two people: "
        "reserves.csv row 2 and reserves.csv row 3. Add the village or unit, or use person ids."
    )


def _patch_dimension(path: Path, ref: str) -> None:
    data = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            data[info.filename] = archive.read(info.filename)
    with zipfile.ZipFile(path, "w") as archive:
        for name, body in data.items():
            if name.startswith("xl/worksheets/sheet"):
                body = re.sub(
                    rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), body
                )
            archive.writestr(name, body)


def test_workbook_with_wrong_dimension_is_read_whole(tmp_path: Path) -> None:
    """An xlsx whose <dimension> says A1 (as WPS writes) is read whole."""
    path = write_book(tmp_path / "book.xlsx", {"villages": VILLAGES})
    _patch_dimension(path, "A1")
    assert read_tables(path).tables["villages"]["name"].tolist() == ["甲村", "乙村"]


def test_formula_without_cached_value_is_refused_naming_the_cell(tmp_path: Path) -> None:
    """A formula saved without a value, in a used cell, is exit 2 naming the cell."""
    path = write_book(
        tmp_path / "book.xlsx",
        {"villages": [["村编号", "村名", "镇街", "人口"], ["V1", "甲村", "某镇", "=10*10"]]},
    )
    result = CliRunner().invoke(plan, ["check", "--data", str(path)])
    assert result.exit_code == 2
    assert "book.xlsx sheet villages row 2, column 人口: cell D2 holds a formula saved" in (
        result.output
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_duplicate_header_names_are_refused(tmp_path: Path, kind: str) -> None:
    """Two columns with one header are exit 2 in CSV as in xlsx."""
    rows = [["村编号", "村名", "镇街", "村名"], ["V1", "甲村", "某镇", "乙村"]]
    if kind == "csv":
        path = tmp_path / "villages.csv"
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
        label = "villages.csv"
    else:
        path = write_book(tmp_path / "book.xlsx", {"villages": rows})
        label = "book.xlsx sheet villages"
    result = CliRunner().invoke(plan, ["check", "--data", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        f"error: {label} row 1, column 村名: the header '村名' appears twice "
        "(columns B and D). Rename or delete one of them."
    )


def test_gbk_bytes_that_are_valid_utf8_are_read_as_gbk() -> None:
    """Encoding by plausibility: GBK text whose bytes also decode as UTF-8 stays GBK."""
    text = "位,住,伟\n伟,值,仟\n专业,之习,丧\n"
    data = text.encode("gbk")
    data.decode("utf-8")  # the trap: these bytes are valid UTF-8 too
    assert decode_text(data, "x.csv") == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_and_tab_separated_files_are_read(tmp_path: Path, encoding: str) -> None:
    """Excel's "Unicode text" (UTF-16, tab separated) reads like any CSV."""
    text = "村编号\t村名\t镇街\r\nV1\t甲村\t某镇\r\n"
    (tmp_path / "villages.txt").write_bytes(text.encode(encoding))
    assert read_tables(tmp_path).tables["villages"]["name"].tolist() == ["甲村"]


def test_sheet_fitting_two_tables_equally_is_refused(tmp_path: Path) -> None:
    """A generic sheet whose columns fit reserves and secretaries equally is exit 2."""
    path = write_book(
        tmp_path / "book.xlsx",
        {
            "村": VILLAGES,
            "Sheet1": [["姓名", "村名", "出生年月", "学历"], ["张三", "甲村", "1980", "高中"]],
        },
    )
    with pytest.raises(DataError) as caught:
        read_tables(path)
    assert caught.value.key == "intake.source.two_tables"
    assert "reserves" in str(caught.value) and "secretaries" in str(caught.value)


def test_two_sources_for_one_table_are_refused(tmp_path: Path) -> None:
    """Two visible sheets for one table are exit 2 naming both."""
    path = write_book(tmp_path / "book.xlsx", {"村": VILLAGES, "villages": VILLAGES})
    with pytest.raises(DataError) as caught:
        read_tables(path)
    assert str(caught.value) == (
        "book.xlsx sheet villages: is a second source for table 'villages' (the first is "
        "book.xlsx sheet 村). Keep one sheet or file per table; remove or hide the other."
    )


def test_chinese_errors_say_worksheet_and_table_names(tmp_path: Path) -> None:
    """In zh an error names a sheet 工作表 (as the intake report does) and a table by its
    Chinese name, not by its code."""
    path = write_book(tmp_path / "book.xlsx", {"村": VILLAGES, "villages": VILLAGES})
    with pytest.raises(DataError) as caught:
        read_tables(path)
    assert caught.value.render("zh") == (
        "book.xlsx 工作表 villages：是表“村（社区）”的第二个来源（第一个是 book.xlsx 工作表 村）。"
        "每张表只保留一个工作表或文件；请删除或隐藏另一个。"
    )
    path = write_book(
        tmp_path / "two.xlsx",
        {
            "村": VILLAGES,
            "Sheet1": [["姓名", "村名", "出生年月", "学历"], ["张三", "甲村", "1980", "高中"]],
        },
    )
    with pytest.raises(DataError) as caught:
        read_tables(path)
    assert caught.value.render("zh") == (
        "two.xlsx 工作表 Sheet1：同样符合两张表：党组织书记 和 后备干部。"
        "请按其所属的表重命名工作表或文件（见 README），或用 --columns 指定列。"
    )


def test_columns_file_maps_other_headers(tmp_path: Path) -> None:
    """--columns maps a header no synonym knows; the reserve's name is read from it."""
    shutil.copytree(sample_path(), tmp_path / "d")
    reserves = pd.read_csv(tmp_path / "d" / "reserves.csv", dtype=str, keep_default_na=False)
    reserves.rename(columns={"name": "后备人选姓名"}).to_csv(
        tmp_path / "d" / "reserves.csv", index=False
    )
    mapping = tmp_path / "columns.toml"
    mapping.write_text('[reserves]\n"后备人选姓名" = "name"\n', encoding="utf-8")
    result = CliRunner().invoke(
        plan, ["check", "--data", str(tmp_path / "d"), "--columns", str(mapping)]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[reservez]\n"x" = "name"\n', "has no table 'reservez'."),
        ('[reserves]\n"x" = "nom"\n', "table 'reserves' has no column 'nom' (for header 'x')."),
        (
            '[reserves]\n"后备人选姓名" = "name"\n',
            "the header '后备人选姓名' of [reserves] is not in",
        ),
    ],
)
def test_columns_file_with_unknown_key_or_column_is_exit_2(
    tmp_path: Path, content: str, message: str
) -> None:
    """An unknown table, column or header in --columns is exit 2 naming it."""
    mapping = tmp_path / "columns.toml"
    mapping.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(plan, ["check", "--columns", str(mapping)])
    assert result.exit_code == 2
    assert message in result.output


def test_strict_refuses_a_resembling_ignored_column(tmp_path: Path) -> None:
    """--strict turns an ignored column that resembles a known one into exit 2."""
    shutil.copytree(sample_path(), tmp_path / "d")
    mentors = pd.read_csv(tmp_path / "d" / "mentors.csv", dtype=str, keep_default_na=False)
    mentors.rename(columns={"experience_years": "从事党务年限"}).to_csv(
        tmp_path / "d" / "mentors.csv", index=False
    )
    loose = CliRunner().invoke(plan, ["check", "--data", str(tmp_path / "d")])
    assert loose.exit_code == 0
    assert "从事党务年限: ignored" in loose.output
    strict = CliRunner().invoke(plan, ["check", "--data", str(tmp_path / "d"), "--strict"])
    assert strict.exit_code == 2
    assert "column '从事党务年限' was ignored but resembles" in strict.output


def test_check_warns_when_too_many_secretaries_are_rated_excellent(tmp_path: Path) -> None:
    """plan check warns when more than floor(0.15 × posts) secretaries are rated 好."""
    shutil.copytree(sample_path(), tmp_path / "d")
    secretaries = pd.read_csv(tmp_path / "d" / "secretaries.csv", dtype=str, keep_default_na=False)
    secretaries.loc[:2, "rating"] = "excellent"
    secretaries.to_csv(tmp_path / "d" / "secretaries.csv", index=False)
    result = CliRunner().invoke(plan, ["check", "--data", str(tmp_path / "d"), "--lang", "en"])
    assert result.exit_code == 0
    count = int((secretaries["rating"] == "excellent").sum())
    assert (
        f"warning: {count} secretaries are rated 好 (excellent), more than floor(0.15 × 13 posts)"
        " = 1." in result.output
    )


# --- reading errors in both languages (SPEC: same file, row, column; Chinese in zh) --------

RESERVE_FORM = "青溪街道村级后备干部花名册.csv"


def _sample_with(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "d"
    shutil.copytree(sample_path(), folder)
    edit(folder)
    return folder


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _unknown_village(folder: Path) -> None:
    _replace(folder / "reserves.csv", "person_id,name,village_id", "person_id,name,村（社区）")
    _replace(folder / "reserves.csv", "R01,林志鹏,V01", "R01,林志鹏,青山新村")


def _unknown_village_far(folder: Path) -> None:
    _replace(folder / "reserves.csv", "person_id,name,village_id", "person_id,name,村（社区）")
    _replace(folder / "reserves.csv", "R01,林志鹏,V01", "R01,林志鹏,某某庄")


def _unknown_person(folder: Path) -> None:
    (folder / "conflicts.csv").write_text("人员甲,人员乙\nR03,某某\n", encoding="utf-8")


def _unknown_person_id(folder: Path) -> None:
    (folder / "conflicts.csv").write_text("人员甲,人员乙\nR03,R99\n", encoding="utf-8")


def _unknown_reserve(folder: Path) -> None:
    pairs = "后备干部姓名,导师姓名\n某某,M01\n"
    (folder / "previous_pairs.csv").write_text(pairs, encoding="utf-8")


def _empty_name(folder: Path) -> None:
    _replace(folder / "reserves.csv", "R01,林志鹏,", "R01,,")


def _control_character(folder: Path) -> None:
    _replace(folder / "reserves.csv", "R01,林志鹏,", "R01,林\x07志鹏,")


def _no_name_column(folder: Path) -> None:
    lines = (folder / "reserves.csv").read_text(encoding="utf-8").splitlines()
    kept = [",".join(line.split(",")[:1] + line.split(",")[2:]) for line in lines]
    (folder / "reserves.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")


def _bad_birth_year(folder: Path) -> None:
    _replace(folder / "reserves.csv", "R01,林志鹏,V01,1988,", "R01,林志鹏,V01,19xx,")


def _bad_birth_year_month(folder: Path) -> None:
    _replace(folder / "reserves.csv", ",birth_year,birth_month,", ",出生年月,birth_month,")
    _bad_birth_year(folder)


def _same_name_twice(folder: Path) -> None:
    _replace(folder / "reserves.csv", "R02,黄永强,", "R02,林志鹏,")
    (folder / "conflicts.csv").write_text("人员甲,人员乙\n林志鹏,M01\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "english", "chinese"),
    [
        (
            _unknown_village,
            "reserves.csv row 2, column 村（社区）: no village of villages.csv has the name or "
            "id '青山新村'; the nearest name is 青山村 (V01). If it is that village, write V01.",
            "reserves.csv 第2行，列“村（社区）”：villages.csv 中没有名称或编号为“青山新村”的村；"
            "名称最接近的是青山村（V01）。如确是该村，请填写“V01”。",
        ),
        (
            _unknown_village_far,
            "reserves.csv row 2, column 村（社区）: no village of villages.csv has the name or "
            "id '某某庄'. Write the village's name as villages.csv writes it, or its village_id.",
            "reserves.csv 第2行，列“村（社区）”：villages.csv 中没有名称或编号为“某某庄”的村。"
            "请按 villages.csv 中的写法填写村名，或填写村编号。",
        ),
        (
            _unknown_person,
            "conflicts.csv row 2, column 人员乙: unknown person '某某'. "
            "Use a name or id listed in any person table.",
            "conflicts.csv 第2行，列“人员乙”：未知的人员“某某”。"
            "请使用任一人员表中已有的姓名或编号。",
        ),
        (
            _unknown_person_id,
            "conflicts.csv row 2, column 人员乙: unknown person 'R99'. "
            "Use an id listed in any person table.",
            "conflicts.csv 第2行，列“人员乙”：未知的人员编号“R99”。请使用任一人员表中已有的编号。",
        ),
        (
            _unknown_reserve,
            "previous_pairs.csv row 2, column 后备干部姓名: unknown reserve '某某'. "
            "Use a name or id listed in reserves.",
            "previous_pairs.csv 第2行，列“后备干部姓名”：未知的后备干部“某某”。"
            "请使用后备干部表中已有的姓名或编号。",
        ),
        (
            _empty_name,
            "reserves.csv row 2, column name: the cell is empty, but this column is required. "
            "Fill it in.",
            "reserves.csv 第2行，列“name”：单元格为空，但此列必须填写。请填写。",
        ),
        (
            _control_character,
            "reserves.csv row 2, column name: the cell holds an invisible control character "
            "(U+0007). Delete it and retype the cell.",
            "reserves.csv 第2行，列“name”：单元格中有不可见的控制字符（U+0007）。"
            "请删除该字符并重新输入此单元格。",
        ),
        (
            _no_name_column,
            "reserves.csv: the required column 'name' (姓名) is missing. "
            "Add it to the header row (English or Chinese name, see the README).",
            "reserves.csv：缺少必需的列“姓名”。"
            "请在表头行中加上此列（中文或英文列名均可，见 README）。",
        ),
        (
            _bad_birth_year,
            "reserves.csv row 2, column birth_year: '19xx' is not a year. "
            "Use a 4-digit year such as 1988.",
            "reserves.csv 第2行，列“birth_year”：“19xx”不是年份。请填写四位年份，如 1988。",
        ),
        (
            _bad_birth_year_month,
            "reserves.csv row 2, column 出生年月: '19xx' is not a year and month. "
            "Write it as 1985.03, 1985年3月 or 1985-03-12, or make the cell a date cell.",
            "reserves.csv 第2行，列“出生年月”：“19xx”不是年月。"
            "请写成 1985.03、1985年3月 或 1985-03-12，或把单元格设为日期格式。",
        ),
        (
            _same_name_twice,
            "conflicts.csv row 2, column 人员甲: the name '林志鹏' fits two people: "
            "reserves.csv row 2 and reserves.csv row 3. "
            "Add the village or unit, or use person ids.",
            "conflicts.csv 第2行，列“人员甲”：姓名“林志鹏”对应两个人：reserves.csv 第 2 行和 "
            "reserves.csv 第 3 行。请补充所在村（社区）或单位，或填写人员编号。",
        ),
    ],
)
def test_reading_errors_in_english_and_chinese(
    tmp_path: Path, edit, english: str, chinese: str
) -> None:
    """Each reading error is exit 2 with one line in en, and the same place in Chinese in zh."""
    folder = _sample_with(tmp_path, edit)
    for lang, prefix, expected in (("en", "error: ", english), ("zh", "错误：", chinese)):
        result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", lang])
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines()[-1] == prefix + expected


@pytest.mark.parametrize("header", ["village_id", "村（社区）"])
def test_a_village_written_by_its_name_is_read_as_its_id_and_counted(
    tmp_path: Path, header: str
) -> None:
    """A reserve whose village cell names a village (石桥村) instead of giving its id is read
    as that village (V02), and the intake report counts the cell as converted: the
    substitution is reported, not silent."""

    def edit(folder: Path) -> None:
        _replace(folder / "reserves.csv", "person_id,name,village_id", f"person_id,name,{header}")
        _replace(folder / "reserves.csv", "R02,黄永强,V01,", "R02,黄永强,石桥村,")

    data = load_dataset(_sample_with(tmp_path, edit), 2026)
    reserves = data.reserves.set_index("person_id")
    assert reserves.loc["R02", "village_id"] == "V02"
    entry = next(c for c in data.intake.columns if c.table == "reserves" and c.header == header)
    assert (entry.column, entry.values, entry.converted) == ("village_id", 24, 1)
    result = CliRunner().invoke(plan, ["check", "--data", str(tmp_path / "d"), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert " → 村编号（24 个值，1 个经转换）" in result.output


def test_villages_keyed_by_name_count_no_conversion(tmp_path: Path) -> None:
    """Where the villages table has no id column (office forms), a name is the id itself:
    references by name are plain values, not conversions."""
    if not QINGXI.exists():
        pytest.skip("../shared/forms/qingxi is not beside the clone")
    report = load_dataset(QINGXI, 2026).intake
    counted = [c for c in report.columns if c.column == "village_id" and c.table == "reserves"]
    assert counted and all(c.converted == 0 for c in counted)


def test_missing_data_folder_names_every_accepted_kind(tmp_path: Path) -> None:
    """--data on a path that does not exist is exit 2 naming folder, workbook and single CSV."""
    missing = tmp_path / "nonexistent"
    for lang, expected in (
        (
            "en",
            f"error: {missing}: does not exist. "
            "Give a folder of CSV files, an .xlsx workbook or a single CSV file.",
        ),
        ("zh", f"错误：{missing}：不存在。请指定 CSV 文件夹、.xlsx 工作簿或单个 CSV 文件。"),
    ):
        result = CliRunner().invoke(plan, ["check", "--data", str(missing), "--lang", lang])
        assert result.exit_code == 2
        assert result.output.strip().splitlines()[-1] == expected


def _forms_with_reserve_rows(tmp_path: Path, change) -> Path:
    folder = copy_qingxi(tmp_path)
    raw = (QINGXI / RESERVE_FORM).read_bytes().decode("gbk")
    lines = raw.split("\r\n")
    change(lines)  # lines[2] is spreadsheet row 3, the first person
    (folder / RESERVE_FORM).write_bytes("\r\n".join(lines).encode("gbk"))
    return folder


def _copy_first_person(lines: list[str]) -> None:
    lines.insert(3, lines[2])


def _give_second_the_first_id(lines: list[str]) -> None:
    first, second = lines[2].split(","), lines[3].split(",")
    second[3:6] = first[3:6]  # 性别, 出生年月, 身份证号码 of the first person
    lines[3] = ",".join(second)


@pytest.mark.parametrize("change", [_copy_first_person, _give_second_the_first_id])
def test_duplicated_id_number_names_the_number_and_both_rows(tmp_path: Path, change) -> None:
    """Two rows with one 身份证号码 (a copy or two people) are refused naming it and both rows."""
    folder = _forms_with_reserve_rows(tmp_path, change)
    where = f"{RESERVE_FORM} row 4, column 身份证号码"
    for lang, expected in (
        (
            "en",
            f"error: {where}: the ID number 449902198809062352 appears twice: rows 3 and 4. "
            "Remove the copy, or correct the ID number of the person it does not belong to.",
        ),
        (
            "zh",
            f"错误：{RESERVE_FORM} 第4行，列“身份证号码”：身份证号码 449902198809062352 出现两次："
            "第 3 行和第 4 行。请删除重复行，或更正不属于此人的身份证号码。",
        ),
    ):
        result = CliRunner().invoke(plan, ["check", "--data", str(folder), "--lang", lang])
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines()[-1] == expected


def test_intake_report_in_chinese_says_worksheet_and_department_words() -> None:
    """The zh intake report names sheets 工作表 and departments by their Chinese word."""
    if not QINGXI.exists():
        pytest.skip("../shared/forms/qingxi is not beside the clone")
    result = CliRunner().invoke(plan, ["check", "--data", str(QINGXI), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    report = result.output.split("\n\n")[0]
    assert "青溪街道村（社区）党组织书记花名册（2026年）.xlsx 工作表 Sheet1 → 书记" in result.output
    assert " sheet " not in result.output
    assert "纪委监委 → 部门 纪委（" in result.output
    assert "discipline" not in report


def _blank_first_birth(lines: list[str]) -> None:
    cells = lines[2].split(",")
    cells[4] = ""  # 出生年月 of 林志鹏 (row 3); 身份证号码 449902198809062352 gives 1988
    lines[2] = ",".join(cells)


def _blank_first_birth_and_gender(lines: list[str]) -> None:
    cells = lines[2].split(",")
    cells[3] = cells[4] = ""  # 性别 and 出生年月 of 林志鹏; the ID gives 男 and 1988
    lines[2] = ",".join(cells)


def _blank_first_birth_and_id(lines: list[str]) -> None:
    cells = lines[2].split(",")
    cells[4] = cells[5] = ""
    lines[2] = ",".join(cells)


@pytest.mark.parametrize("change", [_blank_first_birth, _blank_first_birth_and_gender])
def test_blank_birth_and_gender_are_taken_from_the_id_number(tmp_path: Path, change) -> None:
    """A blank 出生年月/性别 takes the 身份证号码's birth year and gender, counted as converted."""
    folder = _forms_with_reserve_rows(tmp_path, change)
    result = CliRunner().invoke(plan, ["check", "--data", str(folder)])
    assert result.exit_code == 0, result.output
    data = load_dataset(folder, 2026)
    first = data.reserves[data.reserves["name"] == "林志鹏"].iloc[0]
    assert int(first["birth_year"]) == 1988  # 449902 19880906 2352
    assert first["gender"] == "M"
    blanked = 2 if change is _blank_first_birth_and_gender else 1
    original = load_dataset(QINGXI, 2026).intake
    changed = data.intake
    assert original is not None and changed is not None
    # 1988.09 was itself a converted form (-1), its year now comes from the ID (+1); 男 is the
    # plain form of 性别 (no conversion before), taken from the ID when blanked (+1).
    for column, header, extra in (("birth_year", "出生年月", 0), ("gender", "性别", blanked - 1)):
        before, after = (
            next(c for c in report.columns if c.column == column and c.header == header)
            for report in (original, changed)
        )
        assert after.converted == before.converted + extra
        assert after.values == before.values - (1 if column == "birth_year" else blanked - 1)


def test_blank_birth_and_blank_id_number_is_refused_at_the_birth_column(tmp_path: Path) -> None:
    """A row with neither 出生年月 nor 身份证号码 is exit 2 naming its row and 出生年月."""
    folder = _forms_with_reserve_rows(tmp_path, _blank_first_birth_and_id)
    result = CliRunner().invoke(plan, ["check", "--data", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"error: {RESERVE_FORM} row 3, column 出生年月: the cell is empty, "
        "but this column is required. Fill it in."
    )


def _clear_sheets(book: Path, names: list[str]) -> None:
    workbook = openpyxl.load_workbook(book)
    for name in names:
        sheet = workbook[name]
        for merged in list(sheet.merged_cells.ranges):
            sheet.unmerge_cells(str(merged))
        for row in sheet.iter_rows():
            for cell in row:
                cell.value = None
    workbook.save(book)


@pytest.mark.parametrize(
    "cleared", [["导师名单"], ["导师名单", "回避关系", "2025年结对情况"]]
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_emptied_sheet_named_as_a_table_is_refused(tmp_path: Path, cleared, lang) -> None:
    """A sheet named 导师名单 with every cell cleared is exit 2 naming file, sheet and fix,
    not an error blaming another sheet nor a plan that pairs nobody with exit 0."""
    folder = copy_qingxi(tmp_path)
    book = folder / "青溪街道雏雁导师结对安排表.xlsx"
    _clear_sheets(book, cleared)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        plan, ["mentors", "--data", str(folder), "--out", str(out), "-q", "--lang", lang]
    )
    assert result.exit_code == 2, result.output
    expected = (
        "error: 青溪街道雏雁导师结对安排表.xlsx sheet 导师名单: the sheet is empty, but its "
        "name says it holds the mentors table. Fill it in (a header row, then one row per "
        "record), or delete or rename the sheet if the district has no mentors.\n"
        if lang == "en"
        else "错误：青溪街道雏雁导师结对安排表.xlsx 工作表 导师名单：该工作表是空的，但表名表明它是"
        "“导师”表。请填写（先是表头行，再每条记录一行）；如确实没有此类数据，请删除该工作表或改名。\n"
    )
    assert result.stderr == expected
    assert not out.exists()


def test_a_mentors_sheet_with_only_its_header_is_warned_about(tmp_path: Path) -> None:
    """导师名单 with its header but no rows: plan mentors pairs nobody and says so on stderr."""
    folder = copy_qingxi(tmp_path)
    book = folder / "青溪街道雏雁导师结对安排表.xlsx"
    workbook = openpyxl.load_workbook(book)
    for name in ("导师名单", "回避关系", "2025年结对情况"):
        sheet = workbook[name]
        header = next(
            row[0].row for row in sheet.iter_rows() if sum(c.value is not None for c in row) > 2
        )
        sheet.delete_rows(header + 1, sheet.max_row)
    workbook.save(book)
    out = tmp_path / "o"
    result = CliRunner().invoke(plan, ["mentors", "--data", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        "warning: no mentors were read (青溪街道雏雁导师结对安排表.xlsx sheet 导师名单 has no rows "
        "under its header, or there is no mentors table), so every reserve is left unpaired. "
        "List the mentors, one row each under the header.\n"
    ) in result.stderr
