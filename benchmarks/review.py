"""Benchmark of the yearly review: ``plan reserves`` against ``plan check`` on the same data.

The issue's speed goal: on a generated district of 26,000 villages with nominees,
``plan reserves`` takes at most twice as long as ``plan check`` on the same data, with and
without ``[reserves.structure]`` targets. Every command runs as the user runs it, ``plan``
in a fresh process (imports, reading, planning, the independent checker, writing), and the
runs alternate (check, reserves, reserves with targets, check, ...) so that a busy machine
slows them alike. The table gives the median wall seconds and the ratio to ``plan check``,
the median CPU seconds (the process and the children it waited for: the checker and the
workbook, which run in forked children) and their ratio; the plans' status, solver,
objective, bound and the seconds of reading, solving and writing (of the last round) come
from their ``summary.json``. The load average (1 minute) before the first and after the
last round is printed: on a shared machine wall seconds stretch with it, CPU seconds much
less. ``plan ratings`` is timed too. The structure targets are :data:`STRUCTURE`
(under 35: 0.25, women: 0.38, college: 0.5), which bind on the generated district
(``solver`` ``highs``, not the ranking). Run::

    python benchmarks/review.py                    # 26,000 villages, 3 rounds
    python benchmarks/review.py --data DIR         # an existing district with nominees
    python benchmarks/review.py --villages 2000 --rounds 1
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``plan args`` (which must succeed).

    CPU: user + system of the process and of the children it waited for.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(plan_executable() + args, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=26_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--keep", type=Path, default=None, help="keep the data and outputs here")
    parser.add_argument(
        "--data", type=Path, default=None, help="an existing district with nominees (read only)"
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="review-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"district-{args.villages}" if args.data is None else args.data
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
        cpus: dict[str, list[float]] = {name: [] for name in runs}
        load_before = os.getloadavg()[0]
        for _ in range(args.rounds):
            for name, command in runs.items():
                wall, cpu = timed(command)
                times[name].append(wall)
                cpus[name].append(cpu)
        load_after = os.getloadavg()[0]
        counts = {
            name: len((data / f"{name}.csv").read_text("utf-8").splitlines()) - 1
            for name in ("villages", "reserves", "nominees", "secretaries")
        }
        print(
            f"\n{counts['villages']:,} villages, {counts['reserves']:,} reserves, "
            f"{counts['nominees']:,} nominees, {counts['secretaries']:,} secretaries; "
            f"{args.rounds} round(s), median seconds; {os.cpu_count()} CPUs; load average "
            f"{load_before:.2f} before, {load_after:.2f} after\n"
        )
        check = statistics.median(times["plan check"])
        check_cpu = statistics.median(cpus["plan check"])
        print(
            "| command | seconds | ratio to plan check | CPU s | CPU ratio | status | solver "
            "| objective | bound | read s | solve s | write s |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        outputs = {
            "plan reserves": work / "r",
            "plan reserves (structure)": work / "s",
            "plan ratings": work / "t",
        }
        for name, samples in times.items():
            seconds = statistics.median(samples)
            cpu = statistics.median(cpus[name])
            status = solver = objective = bound = read = solve = write = ""
            if name in outputs:
                summary = json.loads((outputs[name] / "summary.json").read_text("utf-8"))
                status = summary.get("status", "")
                solver = summary.get("solver", "")
                objective = summary.get("objective", "")
                bound = summary.get("bound", "")
                timings = summary.get("timings", {})
                read, write = timings.get("read", ""), timings.get("write", "")
                solve = timings.get("solve", "")
            print(
                f"| {name} | {seconds:.2f} | {seconds / check:.2f} | {cpu:.2f} | "
                f"{cpu / check_cpu:.2f} | {status} | {solver} | {objective} | {bound} | {read} "
                f"| {solve} | {write} |"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
