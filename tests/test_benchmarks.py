"""A smoke run of the benchmark harness, so that it cannot rot (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_quick_benchmark_on_the_sample_prints_every_method(tmp_path: Path) -> None:
    """benchmarks/run.py --quick on the sample prints a row per method, all at one optimum."""
    result = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--quick",
            "--instances",
            "sample",
            "--time-limit",
            "20",
            "--cache",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    rows = [line for line in result.stdout.splitlines() if line.startswith("| sample |")]
    methods = {row.split("|")[4].strip() for row in rows}
    assert methods == {"cadreplan", "cp-sat", "milp", "greedy"}
    exact = [row for row in rows if row.split("|")[4].strip() in ("cadreplan", "cp-sat", "milp")]
    assert all(
        row.split("|")[9].strip() == "0" or row.split("|")[9].strip() == "0.00%" for row in exact
    ), rows


PHASES = Path(__file__).resolve().parents[1] / "benchmarks" / "phases.py"


def test_phase_profile_of_a_sample_plan(tmp_path: Path) -> None:
    """benchmarks/phases.py profiles a whole sample plan: every phase timed, peak memory."""
    import json

    result = subprocess.run(
        [
            sys.executable,
            str(PHASES),
            "profile",
            "backfill",
            "--year",
            "2026",
            "--out",
            str(tmp_path),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    line = [x for x in result.stdout.splitlines() if x.startswith("PHASES ")][-1]
    record = json.loads(line[len("PHASES ") :])
    assert record["exit"] == 0
    expected = {"import", "read", "distances", "build", "solve", "explain", "check", "write"}
    assert expected <= set(record["phases"])
    assert set(record["phases"]) == set(record["cpu"])  # the same phases in CPU seconds
    assert 0 < sum(record["cpu"].values()) <= record["cpu_total"] + 1e-3
    assert record["details"]["solve.arcs"] > 0
    assert record["details"]["check.child"] >= 0  # the checker's wall and CPU seconds
    assert record["details"]["check.child_cpu"] >= 0
    assert record["peak_mb"] > 0
