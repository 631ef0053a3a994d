"""Tests of ``plan budget`` end to end: the files it writes, charts, offline HTML, errors."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from cadreplan.cli.main import plan


def run_budget(out: Path, *extra: str):
    return CliRunner().invoke(plan, ["budget", "--out", str(out), "--draws", "2000", *extra])


def test_budget_without_arguments_writes_its_files(tmp_path: Path) -> None:
    """The bundled baseline and scheme give the CSV, xlsx, HTML, intake.csv and summary.json."""
    result = run_budget(tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "budget.html",
        "budget.xlsx",
        "budget_summary.csv",
        "intake.csv",
        "summary.json",
    ]
    summary = pd.read_csv(tmp_path / "budget_summary.csv")
    assert list(summary.columns) == ["scenario", "year", "item", "mean", "p5", "p50", "p95"]
    assert set(summary["item"]) == {"pay", "bonus", "awards", "care", "training", "total"}
    pay = summary[(summary["item"] == "pay") & summary["scenario"].str.startswith("Scheme")]
    assert (pay["p5"] == 421_200).all()
    record = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert record["headline"].startswith(
        "Scheme 2027 (2,700/month) costs exactly CNY 31,200 more than Baseline"
    )


def test_workbook_has_native_charts_and_sheets(tmp_path: Path) -> None:
    """budget.xlsx holds native charts: stacked items, totals per year, the paired difference."""
    run_budget(tmp_path, "--quiet")
    with zipfile.ZipFile(tmp_path / "budget.xlsx") as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(archive.read(n).decode("utf-8") for n in charts)
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
    assert len(charts) == 3
    assert '<grouping val="stacked"/>' in xml and "<lineChart>" in xml and "<barChart>" in xml
    for sheet in ("summary", "per_year", "payers", "comparison", "assumptions", "chart_data"):
        assert f'name="{sheet}"' in workbook


def test_html_is_self_contained(tmp_path: Path) -> None:
    """budget.html has inline SVG charts and no external URL of any kind."""
    run_budget(tmp_path, "--quiet")
    page = (tmp_path / "budget.html").read_text("utf-8")
    assert page.count("<svg") == 4
    assert not re.search(r"(https?:)?//[a-z0-9]", page, re.IGNORECASE)
    assert "<script" not in page and "<link" not in page
    assert "floor(0.15 × 13) = 1" in page


def test_lang_zh_formats_wan_yuan(tmp_path: Path) -> None:
    """--lang zh writes Chinese labels and amounts in 万元."""
    run_budget(tmp_path, "--lang", "zh", "--quiet")
    page = (tmp_path / "budget.html").read_text("utf-8")
    assert (
        "万元" in page
        and "基本报酬" in page
        and "比基准方案（2,500元/月）恰好多支出3.12万元" in page
    )


def test_unknown_scenario_key_exits_2(tmp_path: Path) -> None:
    """A scenario with an unknown key gives exit 2 and names the key."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Bad"\n[pay]\nbase_montly = 1\n', "utf-8")
    result = run_budget(tmp_path / "out", str(bad))
    assert result.exit_code == 2
    assert "key pay.base_montly: is not a known key" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_same_seed_same_csv(tmp_path: Path) -> None:
    """Two runs with the same seed write identical budget_summary.csv bytes."""
    for name in ("a", "b"):
        assert run_budget(tmp_path / name, "--seed", "4", "--quiet").exit_code == 0
    first = (tmp_path / "a" / "budget_summary.csv").read_bytes()
    assert first == (tmp_path / "b" / "budget_summary.csv").read_bytes()


def test_budget_reads_only_villages_and_secretaries(tmp_path: Path, sample_copy: Path) -> None:
    """plan budget needs posts and secretaries: a broken vetting.csv is not read (exit 0)."""
    with (sample_copy / "vetting.csv").open("a", encoding="utf-8") as file:
        file.write("nobody,organisation,not-a-result,\n")
    result = run_budget(tmp_path, "--quiet", "--data", str(sample_copy))
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert "vetting" in summary["inputs"]


def test_budget_reports_the_columns_it_does_not_use(tmp_path: Path, sample_copy: Path) -> None:
    """intake.csv names the unused columns 'unread'; a bad cell there does not stop the budget."""
    villages = pd.read_csv(sample_copy / "villages.csv", dtype=str, keep_default_na=False)
    villages.loc[0, "population"] = "lots"
    villages.to_csv(sample_copy / "villages.csv", index=False)
    result = run_budget(tmp_path, "--quiet", "--data", str(sample_copy))
    assert result.exit_code == 0, result.output
    intake = pd.read_csv(tmp_path / "intake.csv", dtype=str, keep_default_na=False)
    columns = intake[intake["kind"] == "column"].set_index(["table", "column"])["status"]
    assert columns[("villages", "population")] == "unread"
    assert columns[("secretaries", "birth_year")] == "read"
    assert columns[("secretaries", "education")] == "unread"
    sources = intake[intake["kind"] == "source"].set_index("table")["status"]
    assert sources["vetting"] == "unread" and sources["secretaries"] == "read"
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert any(c["reason"] == "intake.column.not_needed" for c in summary["intake"]["columns"])


def test_a_bad_used_cell_stops_the_budget_in_one_line(tmp_path: Path, sample_copy: Path) -> None:
    """A bad birth year in secretaries.csv: exit 2, one line naming file, row and column."""
    secretaries = pd.read_csv(sample_copy / "secretaries.csv", dtype=str, keep_default_na=False)
    secretaries.loc[2, "birth_year"] = "long ago"
    secretaries.to_csv(sample_copy / "secretaries.csv", index=False)
    result = run_budget(tmp_path / "out", "--quiet", "--data", str(sample_copy))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "secretaries.csv" in lines[0] and "row 4" in lines[0] and "birth_year" in lines[0]
    check = CliRunner().invoke(plan, ["check", "--data", str(sample_copy)])
    assert check.exit_code == 2 and check.output.strip() == lines[0]
