"""Reason codes in the workbooks: words in Chinese, the CSV's codes in English."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.cli.render.cells import localise, word
from cadreplan.solver.words.headers import ELIGIBILITY_WORDS, REASON_CODES_ZH

README = Path(__file__).resolve().parents[1] / "README.md"

#: The sheets of each plan that carry a reason_code column, by CSV file.
SHEETS = {
    "mentors": ["unassigned"],
    "reserves": ["reserve_pool", "nominees"],
    "ratings": ["ratings"],
    "backfill": ["unfilled"],
}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The sample's plans of mentors, reserves, ratings and backfill, in zh and in en."""
    root = tmp_path_factory.mktemp("codes")
    out = {}
    for command in SHEETS:
        for lang in ("zh", "en"):
            folder = root / f"{command}-{lang}"
            year = [] if command == "ratings" else ["--year", "2026"]  # ratings: this year's
            result = CliRunner().invoke(
                plan, [command, *year, "--lang", lang, "--quiet", "--out", str(folder)]
            )
            assert result.exit_code == 0, result.output
            out[command, lang] = folder
    return out


def _codes_in_book(folder: Path, command: str, title: str) -> list[list[object]]:
    """The reason-code column of every sheet of ``<command>.xlsx`` that has one."""
    book = openpyxl.load_workbook(folder / f"{command}.xlsx", read_only=True)
    columns = []
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if rows and title in rows[0]:
            index = rows[0].index(title)
            columns.append([row[index] for row in rows[1:]])
    return columns


def _zh_words(codes: str) -> str:
    """The Chinese words of a ``;``-separated list of codes, found by hand in the catalogue."""
    parts = []
    for code in codes.split(";"):
        if code in REASON_CODES_ZH:
            parts.append(REASON_CODES_ZH[code])
        else:
            base, _, department = code.partition(":")
            depts = {"police": "公安", "discipline": "纪委监委"}
            text = ELIGIBILITY_WORDS[base][1]
            parts.append(text.format(department=depts.get(department, department)))
    return "、".join(parts)


@pytest.mark.parametrize("command", ["mentors", "reserves", "ratings"])
def test_chinese_workbook_shows_reason_codes_as_words(plans, command: str) -> None:
    """In a zh workbook the 原因代码 column holds the Chinese words of the CSV's codes (no
    English code such as kept, outranked, cap_tie or vetting_fail:police), row for row."""
    folder = plans[command, "zh"]
    columns = _codes_in_book(folder, command, "原因代码")
    assert len(columns) == len(SHEETS[command])
    seen = 0
    for name, shown in zip(SHEETS[command], columns, strict=True):
        codes = pd.read_csv(folder / f"{name}.csv", encoding="utf-8-sig")["reason_code"]
        assert codes.str.fullmatch(r"[a-z_:;]+").all()  # the CSV keeps the codes
        expected = [_zh_words(code) for code in codes]
        assert shown == expected, name
        assert not any(re.search(r"[A-Za-z]", str(value)) for value in shown), shown
        seen += len(shown)
    assert seen > 0


def test_chinese_reserves_word_a_failed_vetting_as_the_readme_says(plans) -> None:
    """The README's example: vetting_fail:police reads 公安联审不通过 in the zh workbook."""
    folder = plans["reserves", "zh"]
    pool = pd.read_csv(folder / "reserve_pool.csv", encoding="utf-8-sig")
    row = pool.index[pool["reason_code"] == "vetting_fail:police"][0]
    shown = _codes_in_book(folder, "reserves", "原因代码")[0]
    assert shown[row] == "公安联审不通过"
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "`vetting_fail:police` as 公安联审不通过" in readme


@pytest.mark.parametrize("command", list(SHEETS))
def test_english_workbook_keeps_the_csv_codes(plans, command: str) -> None:
    """In an en workbook the reason_code column shows the CSV's codes exactly as written."""
    folder = plans[command, "en"]
    columns = _codes_in_book(folder, command, "reason_code")
    assert len(columns) == len(SHEETS[command])
    for name, shown in zip(SHEETS[command], columns, strict=True):
        codes = pd.read_csv(folder / f"{name}.csv", encoding="utf-8-sig", dtype=str)
        assert shown == [None if pd.isna(c) else c for c in codes["reason_code"]], name


def test_every_documented_reason_code_has_chinese_words() -> None:
    """Each code of the README's reason_code tables has its Chinese words in the catalogue."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| `reason_code` | meaning |") :].split("\n\n")[0]
    listed = re.findall(r"^\| `([a-z_]+)` \|", table, re.M)[1:]  # after the header row
    assert len(listed) >= 13
    for code in listed:
        assert code in REASON_CODES_ZH, code
        assert re.search(r"[\u4e00-\u9fff]", REASON_CODES_ZH[code]), code


@pytest.mark.parametrize(
    ("code", "zh"),
    [
        ("kept", "保留"),
        ("outranked", "名额已由他人递补"),
        ("vetting_fail:police", "公安联审不通过"),
        ("age_over;education_below", "超过年龄上限、学历低于要求"),
        ("cap_tie", "同分处于名额边界"),
        ("wrong_mentor_type", "导师类型不符"),
        ("some_future_code", "some_future_code"),
    ],
)
def test_reason_code_column_localises(code: str, zh: str) -> None:
    """localise words a reason_code column in zh (lists joined with 、, unknown codes kept)
    and leaves it as it is in en; word() of one code agrees."""
    frame = pd.DataFrame({"reason_code": pd.Series([code, None], dtype=object)})
    shown = localise(frame, "zh")["reason_code"].tolist()
    assert shown[0] == zh and pd.isna(shown[1])
    kept = localise(frame, "en")["reason_code"]
    assert kept.iloc[0] == code and pd.isna(kept.iloc[1])
    if ";" not in code:
        assert word("reason_code", code, "zh") == zh
        assert word("reason_code", code, "en") == code
