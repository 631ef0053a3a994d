"""Tests of the finishing phases: the checker run beside the writing changes no byte, no verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadreplan.cli import background
from cadreplan.cli.main import plan

#: Each planning command and the module attribute holding its independent checker.
CHECKERS = {
    "mentors": "cadreplan.cli.mentors.check_mentor_plan",
    "backfill": "cadreplan.cli.backfill.check_backfill_plan",
    "reserves": "cadreplan.cli.reserves.check_reserve_plan",
    "ratings": "cadreplan.cli.ratings.check_rating_plan",
}
WAYS = ["parallel", "sequential"]


def run(command: str, out: Path, *extra: str):
    """``plan <command> --out out --quiet`` in this process."""
    return CliRunner().invoke(plan, [command, "--out", str(out), "--quiet", *extra])


def files(folder: Path) -> dict[str, object]:
    """Every output's bytes; summary.json as data, without the run's own seconds (and the
    intake report, which holds the seconds of reading)."""
    found: dict[str, object] = {}
    for path in sorted(folder.iterdir()):
        if path.name == "summary.json":
            summary = json.loads(path.read_text("utf-8"))
            for seconds in ("timings", "seconds", "intake"):
                summary.pop(seconds, None)
            found[path.name] = summary
        else:
            found[path.name] = path.read_bytes()
    return found


def way(monkeypatch, name: str) -> None:
    """Run the checker in a forked child (parallel) or in this process (sequential)."""
    if name == "sequential":
        monkeypatch.setenv(background.SEQUENTIAL_VARIABLE, "1")
    else:
        monkeypatch.delenv(background.SEQUENTIAL_VARIABLE, raising=False)


def staging(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".staging-" in p.name)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", list(CHECKERS))
def test_parallel_and_sequential_write_the_same_bytes(tmp_path, monkeypatch, command, lang):
    """Every CSV and workbook byte, and summary.json but its seconds, are those of a run
    whose checker ran before the writing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    outputs = {}
    for name in WAYS:
        way(monkeypatch, name)
        result = run(command, tmp_path / name, "--lang", lang)
        assert result.exit_code == 0, result.output
        outputs[name] = files(tmp_path / name)
    assert outputs["parallel"] == outputs["sequential"]
    summary = json.loads((tmp_path / "parallel" / "summary.json").read_text("utf-8"))
    if command != "ratings":  # ratings' summary has no timings
        assert {"check", "write"} <= set(summary["timings"])


@pytest.mark.parametrize("name", WAYS)
@pytest.mark.parametrize("command", list(CHECKERS))
def test_a_plan_the_checker_refuses_is_never_published(tmp_path, monkeypatch, command, name):
    """A broken rule found while the files are written: exit 1 with the checker's line, the
    earlier outputs byte for byte, no stage left."""
    out = tmp_path / "out"
    assert run(command, out).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    way(monkeypatch, name)
    monkeypatch.setattr(CHECKERS[command], lambda *args, **kwargs: ["rule 7 is broken"])
    result = run(command, out)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        "error: internal error: plan check failed: rule 7 is broken"
    )
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert staging(tmp_path) == []


@pytest.mark.parametrize("command", list(CHECKERS))
def test_a_checker_that_fails_says_what_it_says_in_process(tmp_path, monkeypatch, command):
    """A checker raising in the child gives the one line and exit code of an in-process run."""

    def crashing(*args, **kwargs):
        raise ZeroDivisionError("the checker divided by zero")

    monkeypatch.setattr(CHECKERS[command], crashing)
    seen = []
    for name in WAYS:
        way(monkeypatch, name)
        result = run(command, tmp_path / name)
        seen.append((result.exit_code, result.stderr))
        assert not (tmp_path / name).exists() and staging(tmp_path) == []
    assert seen[0] == seen[1]
    assert seen[0][0] == 1 and "ZeroDivisionError: the checker divided by zero" in seen[0][1]


def test_a_broken_plan_is_reported_before_a_failed_write(tmp_path, monkeypatch):
    """Writing fails and the checker refuses the plan: the checker's verdict is what is said,
    as when it ran before the writing."""

    def full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("cadreplan.cli.plans.write_json", full)
    monkeypatch.setattr(CHECKERS["mentors"], lambda *args, **kwargs: ["rule 7 is broken"])
    result = run("mentors", tmp_path / "out")
    assert result.exit_code == 1
    assert "rule 7 is broken" in result.stderr and "disk full" not in result.stderr


@pytest.mark.parametrize("command", ["mentors", "backfill"])
def test_a_workbook_that_fails_in_the_child_fails_as_in_process(tmp_path, monkeypatch, command):
    """The workbook made beside the CSV files: a writer raising gives the one line and exit
    code of an in-process run, nothing is published, and no scratch folder is left."""
    import tempfile

    def crashing(*args, **kwargs):
        raise ZeroDivisionError("the workbook divided by zero")

    monkeypatch.setattr("cadreplan.cli.plans.write_plan_workbook", crashing)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    seen = []
    for name in WAYS:
        way(monkeypatch, name)
        result = run(command, tmp_path / name)
        seen.append((result.exit_code, result.stderr))
        assert not (tmp_path / name).exists() and staging(tmp_path) == []
    assert seen[0] == seen[1]
    assert seen[0][0] == 1 and "ZeroDivisionError: the workbook divided by zero" in seen[0][1]
    assert list(scratch.iterdir()) == []


def test_the_workbook_scratch_folder_is_removed(tmp_path, monkeypatch):
    """A plan whose workbook a child made leaves no scratch folder behind."""
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    way(monkeypatch, "parallel")
    result = run("mentors", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "mentors.xlsx").stat().st_size > 0
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("name", WAYS)
def test_the_workbook_scratch_folder_is_inside_the_runs_stage(tmp_path, monkeypatch, name):
    """The workbook's scratch folder (personal data) is made inside the run's stage, which
    a killed run's successor removes, never in the system's temporary folder."""
    import tempfile

    from cadreplan.cli import plans

    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    record = tmp_path / "scratch-of-the-workbook.txt"
    real = plans.write_plan_workbook

    def recording(folder, *args, **kwargs):
        record.write_text(str(folder), "utf-8")  # written in the child as in process
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(plans, "write_plan_workbook", recording)
    way(monkeypatch, name)
    result = run("mentors", tmp_path / "out")
    assert result.exit_code == 0, result.output
    scratch = Path(record.read_text("utf-8"))
    assert scratch.parent.parent == tmp_path and scratch.parent.name.startswith(".out.staging-")
    assert scratch.name.startswith(".workbook-")
    assert list(system_tmp.iterdir()) == [] and staging(tmp_path) == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")) == []
