"""Tests of CSV/xlsx reading: encodings, Chinese headers and words, typed parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.solver.dataset import load_dataset
from cadreplan.solver.errors import DataError
from cadreplan.solver.intake import decode_text, read_frames


def test_gbk_csv_with_chinese_headers_and_words_loads(sample_copy: Path) -> None:
    """A GBK-encoded reserves table with Chinese headers and enumeration words loads."""
    text = (
        "人员编号,姓名,村编号,出生年份,性别,学历,入党年份,来源,履职评估,待提升,技能\n"
        "R01,林志鹏,V01,1988,男,大专,2012,返乡人员,82,党务；集体经济,电商\n"
        "R02,黄永强,V01,1984,男,中专,,带富能手,75,党务、调解,种植\n"
    )
    (sample_copy / "reserves.csv").write_bytes(text.encode("gbk"))
    (sample_copy / "previous_pairs.csv").write_text("reserve_id,mentor_id\nR01,M01\n", "utf-8")
    (sample_copy / "conflicts.csv").write_text("person_a,person_b\n", "utf-8")
    vetting = pd.read_csv(sample_copy / "vetting.csv", dtype=str)
    vetting[vetting["person_id"].isin(["R01", "R02", "D01", "D02", "D03"])].to_csv(
        sample_copy / "vetting.csv", index=False
    )
    data = load_dataset(sample_copy, 2026)
    first, second = data.reserves.iloc[0], data.reserves.iloc[1]
    assert first["gender"] == "M"
    assert first["education"] == "college"
    assert first["source"] == "returnee"
    assert first["needs"] == ("党务", "集体经济")
    assert second["education"] == "vocational"
    assert pd.isna(second["party_since"])
    assert second["needs"] == ("党务", "调解")


def test_utf8_bom_is_read() -> None:
    """A UTF-8 file with a byte-order mark decodes without the mark."""
    assert decode_text("a,b\n1,2\n".encode("utf-8-sig"), "x.csv") == "a,b\n1,2\n"


def test_full_width_digits_and_chinese_booleans_parse() -> None:
    """Full-width digits and 是/否 parse as numbers and booleans."""
    frame = pd.DataFrame(
        {
            "village_id": ["V1", "V2"],
            "name": ["甲村", "乙村"],
            "town": ["镇", "镇"],
            "人口": ["１２０００", ""],
            "跨村任职试点": ["是", "否"],
        }
    )
    typed = read_frames({"villages": frame}).tables["villages"]
    assert typed["population"].tolist()[0] == 12000
    assert pd.isna(typed["population"].tolist()[1])
    assert typed["cross_village_pilot"].tolist() == [True, False]
    assert typed["kind"].tolist() == ["village", "village"]


def test_unknown_extra_column_is_ignored(sample_copy: Path) -> None:
    """An unknown extra column is kept in the file and ignored by the loader."""
    path = sample_copy / "mentors.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["备注说明"] = "x"
    frame.to_csv(path, index=False)
    assert len(load_dataset(sample_copy, 2026).mentors) == len(frame)


def test_error_row_counts_like_a_spreadsheet() -> None:
    """The row named in an error is the spreadsheet row: the header is row 1."""
    frame = pd.DataFrame({"from": ["V1", "V2"], "to": ["V2", "V3"], "km": ["3", "0"]})
    with pytest.raises(DataError) as caught:
        read_frames({"roads": frame})
    assert caught.value.row == 3
    assert caught.value.column == "km"
    assert str(caught.value) == (
        "roads.csv row 3, column km: '0' is out of range: it must be greater than 0. "
        "Correct the number."
    )


def _stored_under_generated_names(sample_copy: Path, renamed: dict[str, str]) -> dict[str, str]:
    """The sample's files moved to f001.csv … with a names file, as ``plan serve`` stores."""
    names = {}
    for index, path in enumerate(sorted(sample_copy.glob("*.csv")), start=1):
        stored = f"f{index:03d}.csv"
        path.rename(sample_copy / stored)
        names[stored] = renamed.get(path.name, path.name)
    (sample_copy / ".names.json").write_text(json.dumps(names, ensure_ascii=False), "utf-8")
    return names


def test_names_file_gives_files_their_original_names(sample_copy: Path) -> None:
    """Files stored under generated names are recognised and named by the names file's
    names: 推荐人选 (nominees) is told from 后备干部花名册 (reserves) by its name alone."""
    _stored_under_generated_names(
        sample_copy, {"reserves.csv": "后备干部花名册.csv", "nominees.csv": "推荐人选.csv"}
    )
    data = load_dataset(sample_copy, 2026)
    assert len(data.reserves) == 24 and len(data.nominees) == 9
    labels = {entry.label for entry in data.intake.sources}
    assert {"后备干部花名册.csv", "推荐人选.csv", "villages.csv"} <= labels
    assert not any(label.startswith("f0") for label in labels)


def test_names_file_names_the_file_in_messages(sample_copy: Path) -> None:
    """A problem in a file stored under a generated name is reported under its own name."""
    (sample_copy / "villages.csv").write_bytes(b" \n")
    _stored_under_generated_names(sample_copy, {"villages.csv": "村基本情况.csv"})
    with pytest.raises(DataError) as caught:
        load_dataset(sample_copy, 2026)
    assert caught.value.file == "村基本情况.csv"


@pytest.mark.parametrize(
    "content",
    ["not json", '["a"]', '{"f001.csv": 3}', '{"f001.csv": ""}', '{"f001.csv": "a\\u0007"}'],
)
def test_malformed_names_file_is_refused(sample_copy: Path, content: str) -> None:
    """A names file that is not an object of non-empty names is exit 2 naming it."""
    from click.testing import CliRunner

    from cadreplan.cli.main import plan

    (sample_copy / ".names.json").write_text(content, "utf-8")
    result = CliRunner().invoke(plan, ["check", "--data", str(sample_copy), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "error: .names.json: the folder's names file is not a JSON object of file names. "
        "Delete .names.json, or upload the forms again."
    )


def test_names_file_holds_for_files_read_head_first(sample_copy: Path) -> None:
    """A long CSV first read by its head (a subset of tables) and then whole keeps the name
    the names file gives it: the table is recognised and reported under that name."""
    from cadreplan.solver.intake import read_tables

    vetting = sample_copy / "vetting.csv"
    lines = vetting.read_text("utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    copies = [header] + rows * (1 + (1 << 16) // sum(len(r) + 1 for r in rows))
    vetting.write_text("\n".join(copies[:1] + copies[1:]) + "\n", "utf-8")
    assert vetting.stat().st_size > 1 << 16
    names = _stored_under_generated_names(sample_copy, {"vetting.csv": "资格联审汇总.csv"})
    stored = next(k for k, v in names.items() if v == "资格联审汇总.csv")
    try:
        intake = read_tables(sample_copy, tables=("vetting", "reserves"))
    except DataError as error:  # the copies repeat ids; the message must name the file
        assert error.file == "资格联审汇总.csv", error
        return
    assert intake.labels["vetting"] == "资格联审汇总.csv"
    assert stored not in {entry.label for entry in intake.report.sources}


def test_an_unknown_column_is_given_its_nearest_known_column(sample_copy: Path) -> None:
    """A column that resembles no known one still gets a hint in the report: the nearest
    known column with its similarity (现任职务 is 50% like 任职状态), or "none within
    reach" (民族 shares nothing with any known header); only close ones (>= 60%) are what
    --strict refuses."""
    path = sample_copy / "secretaries.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["现任职务"] = "书记"
    frame["民族"] = "汉族"
    frame.to_csv(path, index=False)
    report = load_dataset(sample_copy, 2026, strict=True).intake
    assert report is not None
    records = {r["header"]: r for r in report.records("zh") if r["kind"] == "column"}
    duty, nation = records["现任职务"], records["民族"]
    assert duty["status"] == nation["status"] == "ignored"
    assert duty["closest"].startswith("任职状态，但相似度仅 50%")
    assert duty["similarity"] == 0.5
    assert nation["closest"].startswith("无（没有相似度达 40% 的已知列）")
    assert nation["similarity"] == ""
    english = {r["header"]: r for r in report.records("en") if r["kind"] == "column"}
    assert english["民族"]["closest"].startswith("none within reach")
    text = report.render("zh")
    assert "现任职务：未读取，不是可识别的列；最接近：任职状态，但相似度仅 50%" in text
    assert "民族：未读取，不是可识别的列；最接近：无" in text


@pytest.mark.filterwarnings("error")
def test_rows_with_no_possible_footer_raise_no_pandas_warning(sample_copy: Path) -> None:
    """A table none of whose first cells could be a total or footer (the sample's) is read
    with no pandas warning: the row kinds are filled as objects, which pandas will go on
    allowing, not as float NaN filled with text, which it will refuse."""
    data = load_dataset(sample_copy, year=2026)
    assert len(data.reserves) == 24


def _rows_as_a_grid(body: pd.DataFrame) -> tuple[list[int], list[tuple[int, str, str]]]:
    """The kept rows and dropped rows of the intake's sort, computed row by row from the
    whole grid of cells (the plain formulation the column-wise sort must agree with)."""
    from cadreplan.solver.intake.locate import _classify, _is_number
    from cadreplan.solver.vocabulary import BLANK_WORDS, normalise_word

    def blank_word(cell: str) -> bool:
        return normalise_word(cell) in BLANK_WORDS

    kept, dropped = [], []
    below = False
    for row, cells in zip(body.index, body.to_numpy(dtype=object), strict=True):
        filled = [c for c in cells.tolist() if c != ""]
        if not filled:
            dropped.append((int(row), "blank", ""))
            continue
        kind = _classify(filled[0])
        numbered = _is_number(cells[0])
        text = " ".join(str(c) for c in filled)
        # a person's cells: all but the 序号 (column A here) that are no blank mark
        person = [c for c in cells.tolist()[1:] if not blank_word(c)]
        number_ok = numbered or blank_word(cells[0])
        mark_at = [i for i in (0, 1) if cells[i] == "以下空白"]
        if kind == "total":
            dropped.append((int(row), "total", text))
        elif not numbered and (kind == "footer" or kind == "label" and len(filled) <= 3):
            dropped.append((int(row), "footer", text))
        elif mark_at and (number_ok or 0 in mark_at) and person == ["以下空白"] * (1 in mark_at):
            dropped.append((int(row), "blank_below", text))
            below = True
        elif not person and number_ok:
            dropped.append((int(row), "empty", text))
        elif below:
            dropped.append((int(row), "below_blank", text))
        else:
            kept.append(int(row))
    return kept, dropped


_CELLS = [
    "",
    "",
    "R1",
    "张三",
    "1",
    "合计",
    "小计：3",
    "填表人：李四",
    "注：见说明",
    "单位:村",
    "x",
    "/",
    "无",
    "以下空白",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CELLS), min_size=4, max_size=4), min_size=1, max_size=12))
def test_rows_are_sorted_column_by_column_as_row_by_row(grid: list[list[str]]) -> None:
    """Data, blank, total, footer, empty (序号 or / only) and 以下空白 rows under a header
    (序号 numbering the first column) are the same whether sorted column by column (the
    intake) or row by row."""
    from cadreplan.solver.intake.locate import HeaderCell, _split_rows

    body = pd.DataFrame(grid, dtype=object, index=range(5, 5 + len(grid)))
    headers = (
        HeaderCell(0, "序号", ("序号",)),
        HeaderCell(1, "姓名", ("姓名",)),
    )
    data, dropped = _split_rows(body, headers)
    kept, expected = _rows_as_a_grid(body)
    assert data.index.tolist() == kept
    pd.testing.assert_frame_equal(data, body.loc[kept])
    assert [(d.row, d.kind, d.text) for d in dropped] == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["", "", "a", "合计"]), min_size=3, max_size=3),
        min_size=1,
        max_size=8,
    )
)
def test_trailing_blank_rows_and_columns_are_trimmed_as_in_the_whole_grid(grid) -> None:
    """The trim keeps up to the last filled row and column of the grid, found column-wise."""
    from cadreplan.solver.intake.files import _trim

    cells = pd.DataFrame(grid, dtype=object)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    trimmed = _trim(cells)
    filled = cells.to_numpy(dtype=object) != ""
    rows, cols = filled.any(axis=1).nonzero()[0], filled.any(axis=0).nonzero()[0]
    if len(rows) == 0:
        assert trimmed.shape == (0, 0)
    else:
        pd.testing.assert_frame_equal(trimmed, cells.iloc[: rows[-1] + 1, : cols[-1] + 1])


# --- Faster reading keeps every grid, column and report (issue 14: plan budget) ------------

_TEXT_CELLS = ["", " ", "a", " b ", "合计", "序号", '"x,y"', "1.0", "\u3000c", "d\u2003", "é"]


def _parse_as_before(text: str) -> pd.DataFrame:
    """parse_text as it was: pandas reads a text stream into a string array, then objects."""
    import io

    from cadreplan.solver.intake import files

    separator = "\t" if text[:20000].count("\t") > text[:20000].count(",") else ","
    options = dict(
        sep=separator,
        header=None,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )
    try:
        frame = pd.read_csv(io.StringIO(text), **options)
    except pd.errors.ParserError:
        width = max((line.count(separator) for line in text.split("\n")), default=0) + 1
        frame = pd.read_csv(io.StringIO(text), names=range(width), **options)
    if not files._padded(text, separator):
        result = frame.astype(object)
        result.columns = range(frame.shape[1])
    else:
        cleaned = {p: [v.strip() for v in frame.iloc[:, p].tolist()] for p in range(frame.shape[1])}
        result = pd.DataFrame(cleaned, dtype=object)
    result.index = pd.RangeIndex(1, len(result) + 1)
    return files._trim(result)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_TEXT_CELLS), min_size=1, max_size=4), min_size=2, max_size=8
    ),
    st.sampled_from([",", "\t"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_text_is_parsed_from_utf8_bytes_into_the_same_cells(rows, separator, newline) -> None:
    """Parsing a CSV's UTF-8 bytes into objects gives the cells of the former text-stream
    parse (ragged title lines, quotes, padding, tabs, CRLF, non-ASCII)."""
    from cadreplan.solver.intake.files import parse_text

    text = newline.join(separator.join(row) for row in rows) + newline
    if not text.strip():
        return  # an empty file is refused before parsing
    try:
        expected = _parse_as_before(text)
    except (pd.errors.ParserError, ValueError):
        with pytest.raises(DataError):
            parse_text(text, "t.csv")
        return
    pd.testing.assert_frame_equal(parse_text(text, "t.csv"), expected)


def test_text_that_utf8_cannot_hold_is_refused_as_before() -> None:
    """A lone surrogate (no UTF-8 bytes) is handed to pandas as text and refused with the
    same not-CSV message as before."""
    from cadreplan.solver.intake.files import parse_text

    text = "a,b\n\ud800x,y\n"
    with pytest.raises(ValueError) as before:
        _parse_as_before(text)
    with pytest.raises(DataError) as caught:
        parse_text(text, "t.csv")
    assert caught.value.key == "intake.file.not_csv"
    assert caught.value.params["error"] == str(before.value)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_CELLS + ["V01", "V01 "]), max_size=12))
def test_text_cells_are_stripped_as_pandas_strips_them(cells: list[str]) -> None:
    """The whole-column strip equals ``str.strip`` cell by cell (Unicode spaces too)."""
    from cadreplan.solver.intake.cells import _stripped

    text = pd.Series(cells, dtype=object)
    result = _stripped(text)
    assert result.dtype == object
    assert result.tolist() == text.str.strip().tolist()


@pytest.mark.parametrize(
    "cells",
    [
        ["a", "", "b"],
        ["", ""],
        [1.0, "", None, float("nan")],
        ["x", pd.NA, ""],
    ],
)
def test_filled_cells_are_counted_as_pandas_compares_them(cells: list) -> None:
    """The intake report's count of filled cells equals pandas' ``!= ""`` count."""
    from cadreplan.solver.intake.reshape import _filled_count

    series = pd.Series(cells, dtype=object)
    assert _filled_count(series) == int((series != "").sum())


def test_each_head_is_located_and_matched_once(sample_copy: Path, monkeypatch) -> None:
    """A budget read locates and matches each file read only to its header once, and gives
    the tables and intake report of a read that locates and matches everything again."""
    import cadreplan.solver.intake as intake
    from cadreplan.solver.budget import BUDGET_COLUMNS, BUDGET_TABLES
    from cadreplan.solver.intake.files import HEAD_BYTES

    # vetting.csv made longer than the head, so that only its header is read.
    vetting = sample_copy / "vetting.csv"
    lines = vetting.read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    copies = HEAD_BYTES // sum(len(x) + 1 for x in body) + 2
    # Copies naming other departments, so that every (person, department) stays distinct.
    extra = [
        ",".join([line.split(",")[0], f"dept{i}", *line.split(",")[2:]])
        for i, line in enumerate(body * copies)
    ]
    vetting.write_text("\n".join([lines[0], *body, *extra]) + "\n", encoding="utf-8")
    kwargs = dict(tables={*BUDGET_TABLES}, used_columns=BUDGET_COLUMNS)
    located: list[str] = []
    real_locate = intake._locate

    def counting(grid, column_map):
        located.append(grid.label)
        return real_locate(grid, column_map)

    monkeypatch.setattr(intake, "_locate", counting)
    fast = intake.read_tables(sample_copy, **kwargs)
    assert located.count("vetting.csv") == 1
    real_read = intake._read

    def again(grids, skipped, column_map, strict, needed=None, used=None, *rest):
        return real_read(grids, skipped, column_map, strict, needed, used)

    monkeypatch.setattr(intake, "_read", again)
    located.clear()
    slow = intake.read_tables(sample_copy, **kwargs)
    assert located.count("vetting.csv") == 2
    assert fast.report == slow.report
    assert fast.fingerprints == slow.fingerprints
    assert fast.tables.keys() == slow.tables.keys()
    for name in fast.tables:
        pd.testing.assert_frame_equal(fast.tables[name], slow.tables[name])
