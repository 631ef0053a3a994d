"""Benchmark of the yearly review: ``plan reserves`` against ``plan check`` on the same data.

The issue's speed goal: on a generated district of 26,000 villages with nominees,
``plan reserves`` takes at most twice as long as ``plan check`` on the same data, with and
without ``[reserves.structure]`` targets. Every command runs as the user runs it, ``plan``
in a fresh process (imports, reading, planning, the independent checker, writing), and the
runs alternate (check, reserves, reserves with targets, check, ...) so that a busy machine
slows them alike. The table gives the median seconds and the ratio to ``plan check``; the
plans' status, solver, objective, bound and the seconds of reading and writing (of the last
round) come from their ``summary.json``. ``plan ratings`` is
timed too. Run::

    python benchmarks/review.py                    # 26,000 villages, 3 rounds
    python benchmarks/review.py --villages 2000 --rounds 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STRUCTURE = (
    "[reserves.structure]\nmin_share_under_35 = 0.25\nmin_share_women = 0.38\n"
    "min_share_college = 0.5\n"
)


def plan_executable() -> list[str]:
    """The ``plan`` console script beside this Python, else ``python -m`` of the CLI."""
    script = Path(sys.executable).with_name("plan")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from cadreplan.cli.main import main; main()"]


def timed(args: list[str]) -> float:
    """Seconds of one run of ``plan args`` (which must succeed)."""
    started = time.perf_counter()
    subprocess.run(plan_executable() + args, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=26_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--keep", type=Path, default=None, help="keep the data and outputs here")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="review-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"district-{args.villages}"
    try:
        if not (data / "nominees.csv").exists():
            started = time.perf_counter()
            subprocess.run(
                plan_executable()
                + ["generate", "--villages", str(args.villages), "--seed", str(args.seed)]
                + ["--year", str(args.year), "--out", str(data)],
                check=True,
                capture_output=True,
            )
            print(f"generated {data.name} in {time.perf_counter() - started:.1f} s")
        rules = work / "structure.toml"
        rules.write_text(STRUCTURE, "utf-8")
        common = ["--data", str(data), "--year", str(args.year)]
        runs = {
            "plan check": ["check", *common],
            "plan reserves": ["reserves", *common, "--out", str(work / "r"), "--quiet"],
            "plan reserves (structure)": [
                "reserves",
                *common,
                "--rules",
                str(rules),
                "--out",
                str(work / "s"),
                "--quiet",
            ],
            "plan ratings": ["ratings", "--data", str(data), "--out", str(work / "t"), "--quiet"],
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, command in runs.items():
                times[name].append(timed(command))
        counts = {
            name: len((data / f"{name}.csv").read_text("utf-8").splitlines()) - 1
            for name in ("villages", "reserves", "nominees", "secretaries")
        }
        print(
            f"\n{counts['villages']:,} villages, {counts['reserves']:,} reserves, "
            f"{counts['nominees']:,} nominees, {counts['secretaries']:,} secretaries; "
            f"{args.rounds} round(s), median seconds; {os.cpu_count()} CPUs\n"
        )
        check = statistics.median(times["plan check"])
        print(
            "| command | seconds | ratio to plan check | status | solver | objective | bound "
            "| read s | write s |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        outputs = {
            "plan reserves": work / "r",
            "plan reserves (structure)": work / "s",
            "plan ratings": work / "t",
        }
        for name, samples in times.items():
            seconds = statistics.median(samples)
            status = solver = objective = bound = read = write = ""
            if name in outputs:
                summary = json.loads((outputs[name] / "summary.json").read_text("utf-8"))
                status = summary.get("status", "")
                solver = summary.get("solver", "")
                objective = summary.get("objective", "")
                bound = summary.get("bound", "")
                timings = summary.get("timings", {})
                read, write = timings.get("read", ""), timings.get("write", "")
            print(
                f"| {name} | {seconds:.2f} | {seconds / check:.2f} | {status} | {solver} | "
                f"{objective} | {bound} | {read} | {write} |"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
