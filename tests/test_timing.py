"""Per-phase seconds: exclusive phase accounting and ``timings`` in summary.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.solver import timing
from cadreplan.solver.timing import PHASES, Timings


class FakeClock:
    """A perf_counter that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    """time.perf_counter of the timing module replaced by a hand-driven clock."""
    fake = FakeClock()
    monkeypatch.setattr(timing.time, "perf_counter", fake)
    return fake


def test_nested_phase_counts_only_for_itself(clock) -> None:
    """A phase inside another is subtracted from the outer one: nothing counts twice."""
    timings = Timings()
    with timings.phase("build"):
        clock.now += 2
        with timings.phase("distances"):
            clock.now += 3
        clock.now += 1
    assert timings.seconds == {"build": 3.0, "distances": 3.0}


def test_splits_charge_the_time_since_the_last_split(clock) -> None:
    """Each split charges the time since the previous one; repeated phases add up."""
    timings = Timings()
    clock.now += 1
    timings.split("distances")
    clock.now += 2
    timings.split("build")
    clock.now += 4
    timings.split("distances")
    timings.merge({"check": 0.5})
    assert timings.seconds == {"distances": 5.0, "build": 2.0, "check": 0.5}
    assert list(timings.as_dict()) == ["distances", "build", "check"]


@pytest.mark.parametrize("command", ["mentors", "backfill"])
def test_summary_records_every_phase(command: str, tmp_path: Path) -> None:
    """summary.json has ``timings`` with read, distances, build, solve, explain, check, write."""
    result = CliRunner().invoke(
        plan, [command, "--year", "2026", "--out", str(tmp_path), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert list(summary["timings"]) == list(PHASES)
    assert all(seconds >= 0 for seconds in summary["timings"].values())
