"""Tests of ``plan mentors`` end to end: files, headers, summary and reproducibility."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner

from cadreplan.cli.main import plan


def run_mentors(out: Path, *extra: str):
    return CliRunner().invoke(plan, ["mentors", "--year", "2026", "--out", str(out), *extra])


def test_mentors_writes_every_output(tmp_path: Path) -> None:
    """The command writes the three CSVs, the workbook and summary.json with the contract."""
    result = run_mentors(tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    pairs = pd.read_csv(tmp_path / "mentor_pairs.csv")
    for column in (
        "reserve_id",
        "reserve_name",
        "reserve_village",
        "mentor_id",
        "mentor_name",
        "mentor_type",
        "km",
        "score",
        "score_needs",
        "score_proximity",
        "score_continuity",
        "score_experience",
        "kept",
    ):
        assert column in pairs.columns
    load = pd.read_csv(tmp_path / "mentor_load.csv")
    assert list(load.columns[:5]) == ["mentor_id", "mentor_name", "mentor_type", "capacity", "load"]
    unassigned = pd.read_csv(tmp_path / "unassigned.csv")
    assert list(unassigned.columns[:2]) == ["reserve_id", "reserve_name"]
    assert "reason" in unassigned.columns
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert summary["status"] == "optimal"
    assert summary["objective"] == summary["bound"] == round(pairs["score"].sum(), 6)
    assert (summary["assigned"], summary["unassigned"]) == (23, 1)
    assert set(summary["inputs"]) >= {"villages", "reserves", "mentors", "roads"}
    assert summary["seed"] == 0 and summary["solver"] == "flow"
    workbook = openpyxl.load_workbook(tmp_path / "mentors.xlsx")
    assert workbook.sheetnames == ["mentor_pairs", "mentor_load", "unassigned", "filing"]
    assert workbook["mentor_pairs"].freeze_panes == "A2"


def test_terminal_summary(tmp_path: Path) -> None:
    """The terminal summary gives the count, load per type, changes and reasons, naming people
    by name with the id in brackets."""
    result = run_mentors(tmp_path)
    assert "23 of 24 reserves paired" in result.stdout
    assert "sub-district cadre: 5/5" in result.stdout
    change = "    罗春花 (R09): 金晓东 (M09) -> 钱永福 (M03)\n"
    assert "5 pairs kept, 1 changed\n" + change in result.stdout
    assert "韩磊 (R13), 南坪村: weak and lax village needs" in result.stdout
    assert "nearest of a required type: 孔德明 (M05)" in result.stdout


def test_lang_zh_gives_chinese_workbook_headers(tmp_path: Path) -> None:
    """--lang zh names the sheets and headers in Chinese; the CSV keeps its contract."""
    result = run_mentors(tmp_path, "--lang", "zh", "--quiet")
    assert result.exit_code == 0
    workbook = openpyxl.load_workbook(tmp_path / "mentors.xlsx")
    assert workbook.sheetnames == ["结对名单", "导师带教量", "未结对", "报送"]
    assert workbook["结对名单"]["A1"].value == "后备干部编号"
    assert pd.read_csv(tmp_path / "mentor_pairs.csv").columns[0] == "reserve_id"


def test_json_prints_summary(tmp_path: Path) -> None:
    """--json prints summary.json to stdout and nothing else."""
    result = run_mentors(tmp_path, "--json")
    assert json.loads(result.stdout)["assigned"] == 23


def test_same_seed_same_bytes_on_both_solvers(tmp_path: Path) -> None:
    """Two runs give byte-identical CSVs with flow, and with CP-SAT."""
    for solver in ("flow", "cpsat"):
        first, second = tmp_path / f"{solver}1", tmp_path / f"{solver}2"
        for out in (first, second):
            assert run_mentors(out, "--solver", solver, "--quiet").exit_code == 0
        for name in ("mentor_pairs.csv", "mentor_load.csv", "unassigned.csv"):
            assert (first / name).read_bytes() == (second / name).read_bytes()


def test_mentors_read_only_the_tables_they_need(tmp_path: Path, sample_copy: Path) -> None:
    """A broken vetting.csv does not stop plan mentors (not needed); the plan is unchanged."""
    whole = run_mentors(tmp_path / "whole", "--quiet", "--data", str(sample_copy))
    assert whole.exit_code == 0, whole.output
    with (sample_copy / "vetting.csv").open("a", encoding="utf-8") as file:
        file.write("nobody,organisation,not-a-result,\n")
    result = run_mentors(tmp_path / "part", "--quiet", "--data", str(sample_copy))
    assert result.exit_code == 0, result.output
    for name in ("mentor_pairs.csv", "mentor_load.csv", "unassigned.csv"):
        assert (tmp_path / "part" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    intake = pd.read_csv(tmp_path / "part" / "intake.csv", keep_default_na=False)
    source = intake[(intake["kind"] == "source") & (intake["table"] == "vetting")]
    assert source["status"].tolist() == ["unread"]
    broken = CliRunner().invoke(
        plan,
        [
            "backfill",
            "--year",
            "2026",
            "--quiet",
            "--out",
            str(tmp_path / "b"),
            "--data",
            str(sample_copy),
        ],
    )
    assert broken.exit_code == 2 and "vetting.csv" in broken.output
