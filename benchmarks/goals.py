"""The speed and memory goals of issue 14, measured as ratios in one run.

Every figure is a whole ``plan`` process as a user runs it (``benchmarks/phases.py`` adds
the per-phase timers), against another whole process measured in the same run: the two
sides of a ratio are run alternately ``--repeats`` times and the median ratio is kept, since
the machine is shared. Run::

    python benchmarks/goals.py run --label after --json /tmp/after.json
    python benchmarks/goals.py report benchmarks/goals-before.json /tmp/after.json

``run --python PATH`` measures another installation (the "before" figures were measured
with the code of main at the start of issue 14). ``--quick`` uses 300 and 1,200 villages
instead of 26,000 and 100,000 (the CI's smoke test). ``--parts city,sample,budget`` measures
only those goals (``scale``: the 26,000/100,000-village runs) and ``--merge FILE`` keeps the
other goals of an earlier run.

The package is compiled to bytecode first (``compileall``), as ``pip install`` does: with
``PYTHONDONTWRITEBYTECODE`` set, an editable install would otherwise compile every module of
the project in every process, which no user's installation does.

Instances (generated once into ``--cache``, seed 1, year 2026):

- ``sample``: the bundled sample district;
- ``genN``: ``plan generate --villages N``;
- ``city``: the 3,000-village district given as ``pair_scores``: 60 listed mentors for
  each of its 5,976 reserves (358,560 pairs, none in conflicts), without its roads table
  (great-circle distances from lat/lon), with rules that leave the listing as the only
  restriction (``max_km = 0``, ``same_village_max = 0``, no required types), so that the
  bare script below solves the same network.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHASES = HERE / "phases.py"
PHASE_ORDER = (
    "import",
    "read",
    "distances",
    "build",
    "solve",
    "explain",
    "check",
    "write",
    "other",
)

#: The bare script of the city goal: pandas reads the CSVs, OR-Tools solves the network.
BARE_CITY = """
import sys, numpy as np, pandas as pd
from ortools.graph.python import min_cost_flow
folder = sys.argv[1]
reserves = pd.read_csv(folder + '/reserves.csv', usecols=['person_id'])
mentors = pd.read_csv(folder + '/mentors.csv', usecols=['person_id', 'capacity'])
pairs = pd.read_csv(folder + '/pair_scores.csv')
r = pairs['reserve_id'].map(pd.Series(np.arange(len(reserves)), index=reserves['person_id']))
m = pairs['mentor_id'].map(pd.Series(np.arange(len(mentors)), index=mentors['person_id']))
n, k = len(reserves), len(mentors)
capacity = mentors['capacity'].fillna(3).to_numpy(dtype=np.int64)
weight = np.round(pairs['score'].to_numpy() * 100).astype(np.int64)
tails = np.concatenate([np.zeros(n), 1 + r.to_numpy(), 1 + n + np.arange(k)]).astype(np.int32)
heads = np.concatenate([1 + np.arange(n), 1 + n + m.to_numpy(), np.full(k, 1 + n + k)])
flow = min_cost_flow.SimpleMinCostFlow()
flow.add_arcs_with_capacity_and_unit_cost(
    tails, heads.astype(np.int32),
    np.concatenate([np.ones(n + len(pairs)), capacity]).astype(np.int64),
    np.concatenate([np.zeros(n), -weight, np.zeros(k)]).astype(np.int64))
flow.set_node_supply(0, n); flow.set_node_supply(1 + n + k, -n)
assert flow.solve_max_flow_with_min_cost() == flow.OPTIMAL
used = flow.flows(np.arange(n, n + len(pairs), dtype=np.int32)) > 0
print(int(used.sum()), int(weight[used].sum()))
"""


def prepare(cache: Path, python: str, quick: bool) -> dict[str, Path]:
    """Generate the instances (once) and return their folders."""
    import numpy as np
    import pandas as pd

    folders = {}
    for villages in (300, 1200) if quick else (3000, 26_000, 100_000):
        folder = cache / f"gen{villages}"
        if not (folder / "villages.csv").exists():
            subprocess.run(
                [
                    python,
                    "-m",
                    "cadreplan.cli",
                    "generate",
                    "--villages",
                    str(villages),
                    "--seed",
                    "1",
                    "--year",
                    "2026",
                    "--out",
                    str(folder),
                ],
                check=True,
                capture_output=True,
            )
        folders[f"gen{villages}"] = folder
    city = cache / ("city_quick" if quick else "city")
    if not (city / "pair_scores.csv").exists():
        source = folders["gen300" if quick else "gen3000"]
        city.mkdir(parents=True, exist_ok=True)
        # No roads table: distances are great-circle ones from lat/lon.
        for name in ("villages", "reserves", "mentors", "conflicts", "previous_pairs"):
            (city / f"{name}.csv").write_bytes((source / f"{name}.csv").read_bytes())
        reserves = pd.read_csv(source / "reserves.csv", usecols=["person_id"])["person_id"]
        mentors = pd.read_csv(source / "mentors.csv", usecols=["person_id"])["person_id"]
        conflicts = pd.read_csv(source / "conflicts.csv")
        banned = set(zip(conflicts["person_a"], conflicts["person_b"], strict=True))
        banned |= {(b, a) for a, b in banned}
        rng = np.random.default_rng(1)
        listed = min(60, len(mentors))
        choice = np.argsort(rng.random((len(reserves), len(mentors))), axis=1)[:, :listed]
        frame = pd.DataFrame(
            {
                "reserve_id": np.repeat(reserves.to_numpy(), listed),
                "mentor_id": mentors.to_numpy()[choice.ravel()],
                "score": np.round(rng.uniform(0, 100, len(reserves) * listed), 2),
            }
        )
        keep = [
            pair not in banned
            for pair in zip(frame["reserve_id"], frame["mentor_id"], strict=False)
        ]
        frame[keep].to_csv(city / "pair_scores.csv", index=False)
        (city / "rules.toml").write_text(
            "[mentors]\nmax_km = 0\nsame_village_max = 0\n[mentors.require]\n"
        )
    folders["city"] = city
    return folders


def profile(python: str, command: str, data: Path | None, *extra: str) -> dict:
    """One whole command under the phase timers; ``process`` is its wall time from outside."""
    out = tempfile.mkdtemp(prefix="cadreplan-goal-")
    argv = [command, "--quiet", "--out", out]
    if data is not None:
        argv += ["--data", str(data)]
    if command != "budget":
        argv += ["--year", "2026"]
    argv += list(extra)
    started = time.perf_counter()
    cpu_started = _children_cpu()
    done = subprocess.run(
        [python, str(PHASES), "profile", *argv], capture_output=True, text=True, check=False
    )
    process = time.perf_counter() - started
    process_cpu = _children_cpu() - cpu_started
    line = [x for x in done.stdout.splitlines() if x.startswith("PHASES ")]
    if done.returncode or not line:
        raise RuntimeError(f"{argv} failed: {done.stderr[-2000:]}")
    record = json.loads(line[-1][len("PHASES ") :])
    record["process"] = process
    record["process_cpu"] = process_cpu
    summary = Path(out) / "summary.json"
    if summary.exists():
        saved = json.loads(summary.read_text(encoding="utf-8"))
        record["objective"] = saved.get("objective")
        record["timings"] = saved.get("timings")
    return record


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def seconds_of(argv: list[str], cpu: list[float] | None = None) -> float:
    """Wall seconds of a whole process; its CPU seconds are appended to ``cpu`` if given."""
    started = time.perf_counter()
    cpu_started = _children_cpu()
    subprocess.run(argv, check=True, capture_output=True)
    if cpu is not None:
        cpu.append(_children_cpu() - cpu_started)
    return time.perf_counter() - started


def alternate(first, second, repeats: int) -> tuple[list, list]:
    """Run two measurements alternately; both lists of results."""
    a, b = [], []
    for _ in range(repeats):
        a.append(first())
        b.append(second())
    return a, b


def median_record(records: list[dict]) -> dict:
    """The record of median process time (its phases stay those of one real run)."""
    ordered = sorted(records, key=lambda r: r["process"])
    return ordered[(len(ordered) - 1) // 2]


def compile_package(python: str) -> None:
    """Compile the measured installation's cadreplan modules to bytecode (as pip does)."""
    where = subprocess.run(
        [
            python,
            "-c",
            "import os, cadreplan.solver as s, cadreplan.cli as c;"
            "print(os.path.dirname(s.__file__)); print(os.path.dirname(c.__file__))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    subprocess.run([python, "-m", "compileall", "-q", *where], check=True, capture_output=True)


def run(args) -> dict:
    python = args.python
    parts = set(args.parts.split(","))
    compile_package(python)
    folders = prepare(args.cache, python, args.quick)
    small, large = ("gen300", "gen1200") if args.quick else ("gen26000", "gen100000")
    result: dict = json.loads(args.merge.read_text(encoding="utf-8")) if args.merge else {}
    if "load_before" in result and "loads" not in result:  # an earlier run of every part
        result["loads"] = {
            "scale": {
                "at": result.get("started", "")[-9:-4],
                "start": result["load_before"],
                "end": result["load_after"],
            }
        }
    result |= {
        "label": args.label,
        "python": python,
        "machine": machine(python),
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "repeats": args.repeats,
        "small": small,
        "large": large,
    }

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    result["parts"] = sorted(parts | set(result.get("parts", ())))
    # City pair_scores instance against the bare pandas + min-cost-flow script.
    city = folders["city"]
    measures = {
        "city": lambda: measure_city(result, python, city, args.repeats, log),
        "sample": lambda: measure_sample(result, python, args.repeats, log),
        "budget": lambda: measure_budget(result, python, folders[small], args.repeats, log),
        "scale": lambda: measure_scale(
            result, python, folders, small, large, args.large_repeats, log
        ),
    }
    for part, measure in measures.items():
        if part in parts:
            started = time.strftime("%H:%M", time.gmtime())
            load = [round(x, 2) for x in os.getloadavg()]
            measure()
            result.setdefault("loads", {})[part] = {
                "at": started,
                "start": load,
                "end": [round(x, 2) for x in os.getloadavg()],
            }
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def measure_city(result: dict, python: str, city: Path, repeats: int, log) -> None:
    """The city goal: ``plan mentors`` against the bare script, whole process against whole
    process, by wall seconds (``ratio``) and by CPU seconds (``ratio_cpu``: on a shared
    machine the wall seconds of both sides stretch with the load, unevenly)."""
    bare_cpu: list[float] = []
    plans, bares = alternate(
        lambda: profile(python, "mentors", city, "--rules", str(city / "rules.toml")),
        lambda: seconds_of([python, "-c", BARE_CITY, str(city)], bare_cpu),
        repeats,
    )
    result["city"] = {
        "plan": median_record(plans),
        "bare": statistics.median(bares),
        "bare_cpu": statistics.median(bare_cpu),
        "ratio": statistics.median(p["process"] / b for p, b in zip(plans, bares, strict=True)),
        "ratio_cpu": statistics.median(
            p["process_cpu"] / b for p, b in zip(plans, bare_cpu, strict=True)
        ),
    }
    log(f"city: {result['city']['ratio']:.2f}x (CPU {result['city']['ratio_cpu']:.2f}x)")


def measure_sample(result: dict, python: str, repeats: int, log) -> None:
    """Sample mentors against importing pandas and numpy."""
    plans, imports = alternate(
        lambda: profile(python, "mentors", None),
        lambda: seconds_of([python, "-c", "import pandas, numpy"]),
        repeats,
    )
    result["sample_mentors"] = {
        "plan": median_record(plans),
        "imports": statistics.median(imports),
        "ratio": statistics.median(p["process"] / i for p, i in zip(plans, imports, strict=True)),
    }
    log(f"sample: {result['sample_mentors']['ratio']:.2f}x")


def measure_budget(result: dict, python: str, district: Path, repeats: int, log) -> None:
    """Budget on the small district against the sample."""
    on_large, on_sample = alternate(
        lambda: profile(python, "budget", district),
        lambda: profile(python, "budget", None),
        repeats,
    )
    result["budget"] = {
        "large": median_record(on_large),
        "sample": median_record(on_sample),
        "ratio": statistics.median(
            a["process"] / b["process"] for a, b in zip(on_large, on_sample, strict=True)
        ),
    }
    log(f"budget: {result['budget']['ratio']:.2f}x")


def measure_scale(
    result: dict, python: str, folders: dict, small: str, large: str, repeats: int, log
) -> None:
    """Mentors and backfill at both sizes, alternated (growth ratios of time and memory)."""
    for command in ("mentors", "backfill"):
        smalls, larges = alternate(
            lambda c=command: profile(python, c, folders[small]),
            lambda c=command: profile(python, c, folders[large]),
            repeats,
        )
        result[command] = {"small": median_record(smalls), "large": median_record(larges)}
        log(
            f"{command}: {result[command]['small']['process']:.1f} s, "
            f"{result[command]['large']['process']:.1f} s"
        )


def machine(python: str) -> str:
    versions = subprocess.run(
        [
            python,
            "-c",
            "import sys, pandas, numpy, scipy, ortools; print(sys.version.split()[0],"
            " pandas.__version__, numpy.__version__, scipy.__version__, ortools.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores (shared with other developers' "
        f"work), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}; Python "
        f"{versions[0]}, pandas {versions[1]}, numpy {versions[2]}, scipy {versions[3]}, "
        f"OR-Tools {versions[4]}"
    )


# ----------------------------------------------------------------------------- report


def goals(result: dict) -> dict[str, tuple[float, float]]:
    """Each goal's figure and its limit; goals of parts the run did not measure are left out
    (a ``--parts city`` run reports the city goal alone)."""
    mentors, backfill = result.get("mentors", {}), result.get("backfill", {})
    m_small, m_large = mentors.get("small", {}), mentors.get("large", {})
    b_small, b_large = backfill.get("small", {}), backfill.get("large", {})

    def phase(record: dict, *names: str) -> float:
        return sum(record["phases"].get(n, 0.0) for n in names)

    def checker(record: dict) -> float:
        """The checker's own wall seconds: in its forked child when it ran there."""
        return record.get("details", {}).get("check.child") or phase(record, "check")

    def checker_cpu(record: dict) -> float:
        """The checker's CPU seconds where it ran (KeyError for runs that did not record
        them: the goal is then left out, not replaced by the wall figure)."""
        return float(record["details"]["check.child_cpu"])

    def grow(a: dict, b: dict, *names: str) -> float:
        low = phase(a, *names)
        return phase(b, *names) / low if low else float("nan")

    arcs = [r.get("details", {}).get("solve.arcs") for r in (b_small, b_large)]
    figures = {
        "city pair_scores: plan mentors / bare pandas + min-cost flow": (
            lambda: result["city"]["ratio"],
            2.0,
        ),
        "city pair_scores, CPU seconds: plan mentors / bare script": (
            lambda: result["city"]["ratio_cpu"],
            2.0,
        ),
        "small district: plan mentors total / its solve phase": (
            lambda: m_small["process"] / phase(m_small, "solve"),
            2.0,
        ),
        "small district: plan backfill total / its read + solve phases": (
            lambda: b_small["process"] / phase(b_small, "read", "solve"),
            3.0,
        ),
        "growth: plan mentors time": (lambda: m_large["process"] / m_small["process"], 4.3),
        "growth: plan mentors peak memory": (
            lambda: m_large["peak_mb"] / m_small["peak_mb"],
            4.3,
        ),
        "growth: plan backfill time": (lambda: b_large["process"] / b_small["process"], 4.3),
        "growth: plan backfill peak memory": (
            lambda: b_large["peak_mb"] / b_small["peak_mb"],
            4.3,
        ),
        # The checker runs in a forked child while a second child makes the workbook and
        # this process writes the CSVs: on two cores its wall seconds grow with the wait for
        # a core as much as with its work. Its CPU seconds are the goal's figure (the work
        # the checker does, which is what "linear in the plan" is about); the wall seconds
        # are shown beside them.
        "growth: mentor checker CPU seconds (the goal)": (
            lambda: checker_cpu(m_large) / checker_cpu(m_small),
            4.3,
        ),
        "growth: mentor checker wall seconds (competing with the workbook)": (
            lambda: checker(m_large) / checker(m_small),
            4.3,
        ),
        "growth: backfill checker CPU seconds (the goal)": (
            lambda: checker_cpu(b_large) / checker_cpu(b_small),
            4.3,
        ),
        "growth: backfill checker wall seconds (competing with the workbook)": (
            lambda: checker(b_large) / checker(b_small),
            4.3,
        ),
        "growth: backfill build + solve + explain (dispatched route)": (
            lambda: grow(b_small, b_large, "build", "solve", "explain"),
            4.3,
        ),
        "plan mentors on the sample / python -c 'import pandas, numpy'": (
            lambda: result["sample_mentors"]["ratio"],
            2.0,
        ),
        "plan budget on the small district / on the sample": (
            lambda: result["budget"]["ratio"],
            1.3,
        ),
        "small district: largest peak memory of any phase (GiB)": (
            lambda: max(m_small["peak_mb"], b_small["peak_mb"]) / 1024,
            1.0,
        ),
    }
    out = {}
    for name, (figure, limit) in figures.items():
        try:
            out[name] = (figure(), limit)
        except KeyError:  # a part this run did not measure (and no --merge gave it)
            continue
    if all(arcs):
        out["growth: backfill network arcs"] = (arcs[1] / arcs[0], 4.3)
    return out


def _load(result: dict) -> str:
    """The load averages (1, 5, 15 min) at the start and the end of each part, if recorded."""
    if "loads" not in result:
        return "not recorded"
    return "; ".join(
        f"{part} at {load['at']} UTC {'/'.join(f'{x:g}' for x in load['start'])} to "
        f"{'/'.join(f'{x:g}' for x in load['end'])}"
        for part, load in result["loads"].items()
    )


def report(before: dict | None, after: dict, names: tuple[str, str] = ("before", "after")) -> str:
    lines = [
        f"- machine: {after['machine']}",
        f"- {names[1]}: {after.get('started', '')}, load average {_load(after)}"
        + (f"; {names[0]}: load average {_load(before)}" if before else ""),
        f"- district sizes: {after['small']} and {after['large']}; ratios are medians "
        f"of {after['repeats']} alternated pairs of whole processes (the 26,000/100,000 "
        "runs: one pair per command each; the machine is shared, so expect ±15%)",
        "",
    ]
    lines += [f"| goal | limit | {names[0]} | {names[1]} | met |", "|---|---|---|---|---|"]
    old = goals(before) if before else {}
    for name, (value, limit) in goals(after).items():
        was = old.get(name, (None, None))[0]
        lines.append(
            f"| {name} | ≤ {limit:g} | {'-' if was is None else f'{was:.2f}'} | {value:.2f} | "
            f"{'yes' if value <= limit else 'NO'} |"
        )
    lines += ["", "### Profile by phase (seconds; peak MB of the whole process)", ""]
    header = "| run | " + " | ".join(PHASE_ORDER) + " | total | peak MB |"
    lines += [header, "|" + "---|" * (len(PHASE_ORDER) + 3)]
    for label, result in ((names[0], before), (names[1], after)):
        if result is None:
            continue
        for command in ("mentors", "backfill"):
            for size in ("small", "large"):
                record = result.get(command, {}).get(size)
                if record is None:  # a part this run did not measure
                    continue
                cells = " | ".join(f"{record['phases'].get(p, 0.0):.2f}" for p in PHASE_ORDER)
                lines.append(
                    f"| {label}: {command} {result[size]} | {cells} | {record['process']:.2f} "
                    f"| {record['peak_mb']:,.0f} |"
                )
        for key, text in (
            ("city", "mentors city pair_scores"),
            ("sample_mentors", "mentors sample"),
        ):
            if key not in result:
                continue
            record = result[key]["plan"]
            cells = " | ".join(f"{record['phases'].get(p, 0.0):.2f}" for p in PHASE_ORDER)
            lines.append(
                f"| {label}: {text} | {cells} | {record['process']:.2f} "
                f"| {record['peak_mb']:,.0f} |"
            )
    lines += [
        "",
        "Reference processes: bare city script "
        + ", ".join(
            f"{name} {r['city']['bare']:.2f} s"
            for name, r in zip(names, (before, after), strict=True)
            if r and "city" in r
        )
        + "; `python -c 'import pandas, numpy'` "
        + ", ".join(
            f"{name} {r['sample_mentors']['imports']:.2f} s"
            for name, r in zip(names, (before, after), strict=True)
            if r and "sample_mentors" in r
        )
        + ".",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    go = sub.add_parser("run", help="measure every goal")
    go.add_argument("--python", default=sys.executable)
    go.add_argument("--label", default="after")
    go.add_argument("--json", type=Path, required=True)
    go.add_argument("--repeats", type=int, default=3)
    go.add_argument("--large-repeats", type=int, default=1)
    go.add_argument("--quick", action="store_true")
    go.add_argument("--parts", default="city,sample,budget,scale")
    go.add_argument("--merge", type=Path, help="an earlier run whose other goals are kept")
    go.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cadreplan-goals")
    show = sub.add_parser("report", help="the Markdown table of one or two runs")
    show.add_argument("runs", nargs="+", type=Path)
    show.add_argument(
        "--names", nargs=2, default=("before", "after"), help="column names of the two runs"
    )
    args = parser.parse_args(argv)
    if args.what == "run":
        args.cache.mkdir(parents=True, exist_ok=True)
        result = run(args)
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(report(None, result))
        return 0
    loaded = [json.loads(p.read_text(encoding="utf-8")) for p in args.runs]
    print(report(loaded[0] if len(loaded) > 1 else None, loaded[-1], tuple(args.names)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
