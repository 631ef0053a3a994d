"""Tests of ``plan backfill`` end to end: files, exit codes, language and reproducibility."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner

from cadreplan.cli.main import plan


def run_backfill(out: Path, *extra: str):
    return CliRunner().invoke(plan, ["backfill", "--year", "2026", "--out", str(out), *extra])


def test_backfill_writes_every_output(tmp_path: Path) -> None:
    """The command writes the five CSVs with the contract columns, the workbook and summary."""
    result = run_backfill(tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    expected = {
        "appointments.csv": [
            "village_id",
            "village_name",
            "person_id",
            "name",
            "route",
            "km",
            "score",
        ],
        "shortlist.csv": [
            "village_id",
            "rank",
            "person_id",
            "name",
            "route",
            "score",
            "appointed_to",
        ],
        "unfilled.csv": ["village_id", "village_name", "reason"],
        "eligibility.csv": ["person_id", "name", "eligible", "reasons"],
        "reserve_ratio.csv": [
            "village_id",
            "reserves_before",
            "reserves_after",
            "target",
            "shortfall",
        ],
    }
    for name, columns in expected.items():
        frame = pd.read_csv(tmp_path / name)
        assert list(frame.columns[: len(columns)]) == columns, name
    appointments = pd.read_csv(tmp_path / "appointments.csv")
    assert {
        "score_evaluation",
        "score_education",
        "score_age",
        "score_source",
        "score_route",
    } <= set(appointments.columns)
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert (summary["vacancies"], summary["filled"], summary["unfilled"]) == (3, 3, 0)
    assert summary["status"] == "optimal"
    assert summary["objective"] == round(appointments["score"].sum(), 6)
    assert "vetting" in summary["inputs"]
    assert openpyxl.load_workbook(tmp_path / "backfill.xlsx").sheetnames == [
        "appointments",
        "shortlist",
        "unfilled",
        "eligibility",
        "reserve_ratio",
        "filing",
    ]


def test_failed_vetting_is_listed_with_the_department(tmp_path: Path) -> None:
    """eligibility.csv names R02's police failure."""
    run_backfill(tmp_path, "--quiet")
    eligibility = pd.read_csv(tmp_path / "eligibility.csv", keep_default_na=False).set_index(
        "person_id"
    )
    assert eligibility.at["R02", "eligible"] == False  # noqa: E712 - a CSV boolean
    assert eligibility.at["R02", "reasons"] == "vetting_fail:police"


def test_impossible_structure_rule_exits_3_and_names_it(tmp_path: Path) -> None:
    """A structure rule that cannot hold gives exit 3 and names the rule; no file is written."""
    rules = tmp_path / "rules.toml"
    rules.write_text("[backfill.structure]\nmin_share_women = 1.0\n", "utf-8")
    result = run_backfill(tmp_path / "out", "--rules", str(rules))
    assert result.exit_code == 3
    assert "backfill.structure.min_share_women" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "summary.json").exists()


def test_structure_rules_refuse_the_flow_solver(tmp_path: Path) -> None:
    """--solver flow with structure targets is a usage error (exit 2), not a quiet fallback."""
    rules = tmp_path / "rules.toml"
    rules.write_text("[backfill.structure]\nmin_share_college = 0.5\n", "utf-8")
    result = run_backfill(tmp_path / "out", "--rules", str(rules), "--solver", "flow")
    assert result.exit_code == 2
    assert "--solver flow cannot apply" in result.stderr


def test_lang_zh_and_reproducible_bytes(tmp_path: Path) -> None:
    """--lang zh gives Chinese sheets; two CP-SAT runs give the same CSV bytes."""
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert run_backfill(out, "--lang", "zh", "--solver", "cpsat", "--quiet").exit_code == 0
    assert openpyxl.load_workbook(first / "backfill.xlsx").sheetnames[0] == "任职安排"
    for name in (
        "appointments.csv",
        "shortlist.csv",
        "unfilled.csv",
        "eligibility.csv",
        "reserve_ratio.csv",
    ):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_terminal_summary_lists_appointments(tmp_path: Path) -> None:
    """The terminal summary lists each appointment with its route and the ratio change."""
    result = run_backfill(tmp_path)
    assert "3 of 3 vacant posts filled" in result.stdout
    assert "V01 青山村 <- 林志鹏 (R01, local" in result.stdout
    assert "reserve shortfall against the ratio: 5 -> 7" in result.stdout
