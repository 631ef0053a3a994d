"""Tests of ``plan check`` and of bad input: one line, exit code 2, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan


def run(*args: str):
    return CliRunner().invoke(plan, list(args))


def test_check_prints_the_information_database() -> None:
    """plan check on the sample lists the 13 villages, the vacancies and the shortfalls."""
    result = run("check", "--year", "2026")
    assert result.exit_code == 0, result.output
    assert "villages: 13" in result.output
    assert "vacant posts: 3" in result.output
    assert "V04 柳塘村 [weak collective economy]: no secretary on record" in result.output
    assert "villages below 1:2: 4" in result.output
    assert "黄永强 (R02): police fail" in result.output


def test_check_json_is_parseable() -> None:
    """plan check --json prints the same summary as JSON."""
    result = CliRunner().invoke(plan, ["check", "--json", "--year", "2026"])
    summary = json.loads(result.stdout)
    assert summary["villages"] == 13
    assert len(summary["vacancies"]) == 3
    assert summary["mentors"]["capacity"] == 23


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


BAD_INPUT = [
    (
        "missing required column",
        lambda d: _replace(d / "reserves.csv", ",birth_year,", ",born,"),
        "reserves.csv: the required column 'birth_year' (出生年份) "
        "is missing. Add it to the header row (English or Chinese name, see the README).",
    ),
    (
        "duplicate id",
        lambda d: _replace(d / "mentors.csv", "M02,方丽萍", "M01,方丽萍"),
        "mentors.csv row 3, column person_id: duplicate person_id 'M01' (first seen in row 2). "
        "Each must appear once; remove or renumber the copy.",
    ),
    (
        "unknown village",
        lambda d: _replace(d / "reserves.csv", "R04,何建华,V02", "R04,何建华,V99"),
        "reserves.csv row 5, column village_id: unknown village 'V99'. "
        "Use a village_id listed in villages.csv.",
    ),
    (
        "non-numeric year",
        lambda d: _replace(d / "reserves.csv", "R03,刘晓梅,V02,1991", "R03,刘晓梅,V02,abc"),
        "reserves.csv row 4, column birth_year: 'abc' is not a year. "
        "Use a 4-digit year such as 1988.",
    ),
    (
        "unknown enumeration word",
        lambda d: _replace(d / "mentors.csv", "M02,方丽萍,instructor", "M02,方丽萍,coach"),
        "mentors.csv row 3, column type: 'coach' is not a known mentor type (导师类别). Use one "
        "of: subdistrict_cadre (街道干部), instructor (党建指导员), retired_secretary (退休书记), "
        "advanced_secretary (先进村书记) (the README lists every accepted word).",
    ),
    (
        "negative capacity",
        lambda d: _replace(d / "mentors.csv", "V06,3,", "V06,-1,"),
        "mentors.csv row 3, column capacity: '-1' is out of range: it must be at least 0. "
        "Correct the number.",
    ),
    (
        "empty file",
        lambda d: (d / "roads.csv").write_bytes(b""),
        "roads.csv: the file is empty. It needs a header row of column names.",
    ),
    (
        "control character",
        lambda d: _replace(d / "villages.csv", "V02,石桥村", "V02,石\x1f桥村"),
        "villages.csv row 3, column name: the cell holds an invisible control character "
        "(U+001F). Delete it and retype the cell.",
    ),
    (
        "file that is not text",
        lambda d: (d / "roads.csv").write_bytes(b"PK\x03\x04\x00\x00binary"),
        "roads.csv: is not a text file (it holds NUL bytes). "
        "Save it from Excel as 'CSV UTF-8' or 'CSV (逗号分隔)'.",
    ),
]


@pytest.mark.parametrize(("case", "mutate", "message"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_gives_one_line_and_exit_2(sample_copy: Path, case, mutate, message) -> None:
    """Each kind of bad input gives exit 2 and exactly one line naming file, row and column."""
    mutate(sample_copy)
    result = run("check", "--data", str(sample_copy), "--year", "2026")
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}\n"
    assert "Traceback" not in result.output


def test_unknown_rule_key_gives_exit_2(tmp_path: Path) -> None:
    """An unknown key in a --rules file gives exit 2 and names the key."""
    rules = tmp_path / "rules.toml"
    rules.write_text("[mentors]\nmax_kms = 10\n", "utf-8")
    result = run("check", "--rules", str(rules))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {rules}, key mentors.max_kms: is not a known key. Known keys here: "
        "mentors.capacity, mentors.max_km,"
    )
    assert result.stderr.count("\n") == 1


def test_year_out_of_range_is_a_usage_error() -> None:
    """A plan year such as 20266 is refused with exit 2."""
    result = run("check", "--year", "20266")
    assert result.exit_code == 2
    assert "20266" in result.output


def test_help_and_version() -> None:
    """-h works like --help and --version prints the version."""
    assert "Example:" in run("check", "-h").output
    assert run("--version").output.startswith("plan, version ")


QINGXI = Path(__file__).resolve().parents[1].parent / "shared" / "forms" / "qingxi"


@pytest.mark.skipif(not QINGXI.exists(), reason="shared/forms/qingxi is not beside the clone")
def test_a_village_keyed_by_its_name_is_printed_once() -> None:
    """On the office forms a village's id is its name: check and backfill print 青山村 once
    (not "青山村 青山村"), and people by name with the id in brackets."""
    check = run("check", "--data", str(QINGXI), "--lang", "zh", "--year", "2026")
    assert check.exit_code == 0, check.output
    assert "青山村 青山村" not in check.output and "柳塘村 柳塘村" not in check.output
    assert "    青山村 [软弱涣散]：书记 陈建国（S-" in check.output
    assert "    柳塘村：0/2 人" in check.output
    with CliRunner().isolated_filesystem():
        backfill = run("backfill", "--data", str(QINGXI), "--lang", "zh", "--out", "b")
    assert backfill.exit_code == 0, backfill.output
    assert "    青山村 ← 林志鹏（R-" in backfill.output
