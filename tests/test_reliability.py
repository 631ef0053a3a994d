"""Reliability: determinism, atomic outputs, formula injection, time limits, size guard."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.cli.render.output import neutralise
from cadreplan.solver import network as network_module

CSV_OUTPUTS = {
    "mentors": ["mentor_pairs.csv", "mentor_load.csv", "unassigned.csv"],
    "backfill": [
        "appointments.csv",
        "shortlist.csv",
        "unfilled.csv",
        "eligibility.csv",
        "reserve_ratio.csv",
    ],
    "budget": ["budget_summary.csv"],
}


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    """A generated district of 200 villages."""
    out = tmp_path_factory.mktemp("district") / "d"
    result = CliRunner().invoke(
        plan, ["generate", "--villages", "200", "--seed", "3", "--year", "2026", "--out", str(out)]
    )
    assert result.exit_code == 0
    return out


def invoke(*args: str):
    return CliRunner().invoke(plan, list(args))


@pytest.mark.parametrize(
    ("command", "solver"),
    [
        ("mentors", "flow"),
        ("mentors", "cpsat"),
        ("backfill", "flow"),
        ("backfill", "cpsat"),
        ("budget", None),
    ],
)
def test_two_runs_give_identical_csv_bytes(district: Path, tmp_path: Path, command, solver) -> None:
    """The same inputs, rules and seed give byte-identical CSV outputs on every path."""
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run
        args = [command, "--data", str(district), "--out", str(out), "--seed", "7", "--quiet"]
        if command == "budget":
            args += ["--draws", "3000"]
        else:
            args += ["--year", "2026", "--solver", solver, "--time-limit", "60"]
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        outputs.append({name: (out / name).read_bytes() for name in CSV_OUTPUTS[command]})
    assert outputs[0] == outputs[1]


def test_failed_run_leaves_earlier_outputs_untouched(tmp_path: Path, monkeypatch) -> None:
    """A failure while writing leaves the previous outputs byte for byte, and no staging."""
    out = tmp_path / "mentors"
    assert invoke("mentors", "--out", str(out), "--quiet").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("cadreplan.cli.plans.write_json", broken)
    result = invoke("mentors", "--out", str(out), "--rules", str(_rules(tmp_path)), "--quiet")
    assert result.exit_code == 1
    assert "disk full" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_failed_run_creates_no_new_folder(tmp_path: Path) -> None:
    """Bad input fails before anything is written: no output folder appears."""
    bad = tmp_path / "rules.toml"
    bad.write_text("[mentors]\nnope = 1\n", "utf-8")
    result = invoke("mentors", "--out", str(tmp_path / "new"), "--rules", str(bad))
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


def _rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text("[mentors]\nmax_km = 25\n", "utf-8")
    return path


INJECTIONS = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3"]


def test_formula_like_names_are_written_as_text(sample_copy: Path, tmp_path: Path) -> None:
    """Names such as =HYPERLINK(...), +1+1, @SUM(A1) and -2+3 never become formulas."""
    reserves = pd.read_csv(sample_copy / "reserves.csv", dtype=str, keep_default_na=False)
    reserves.loc[: len(INJECTIONS) - 1, "name"] = INJECTIONS
    reserves.to_csv(sample_copy / "reserves.csv", index=False)
    out = tmp_path / "out"
    result = invoke("mentors", "--data", str(sample_copy), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    pairs = pd.read_csv(out / "mentor_pairs.csv", dtype=str, keep_default_na=False)
    written = dict(zip(pairs["reserve_id"], pairs["reserve_name"], strict=True))
    for index, text in enumerate(INJECTIONS):
        assert written[f"R{index + 1:02d}"] == "'" + text
    sheet = openpyxl.load_workbook(out / "mentors.xlsx")["mentor_pairs"]
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for index, text in enumerate(INJECTIONS):
        cell = cells[f"R{index + 1:02d}"]
        assert cell.data_type == "s"
        assert cell.value == text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_neutralise_prefixes_every_formula_start(text: str) -> None:
    """Every character a spreadsheet reads as a formula start gets a leading quote."""
    assert neutralise(text) == "'" + text
    assert neutralise("正常姓名") == "正常姓名"
    assert neutralise(-2) == -2


def test_cpsat_time_limit_gives_a_plan_or_exit_3(district: Path, tmp_path: Path) -> None:
    """A tiny --time-limit returns a checked plan (optimal or feasible) or exit 3."""
    result = invoke(
        "mentors",
        "--data",
        str(district),
        "--out",
        str(tmp_path),
        "--solver",
        "cpsat",
        "--time-limit",
        "0.05",
        "--json",
    )
    assert result.exit_code in (0, 3), result.output
    if result.exit_code == 0:
        assert '"status": "optimal"' in result.stdout or '"status": "feasible"' in result.stdout
    else:
        assert "no plan: CP-SAT found no plan within the time limit" in result.stderr


def test_too_large_model_is_refused_clearly(monkeypatch) -> None:
    """A model over the memory guard gives exit 2 and says what to change."""
    monkeypatch.setattr(network_module, "MAX_ARCS", 10)
    result = invoke("mentors", "--quiet")
    assert result.exit_code == 2
    assert (
        "candidate pairs, more than the 10 that fit in memory; lower mentors.max_km"
        in result.stderr
    )
