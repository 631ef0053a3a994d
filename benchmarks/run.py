"""Benchmarks: cadreplan against the alternatives a planner could pick, side by side.

For every instance the candidate pairs (arcs) are built once by cadreplan; then each
method solves the same model in a fresh child process (so that peak memory is its own):

- ``cadreplan``: ``plan_mentors`` / ``plan_backfill`` with ``--solver auto``, the whole plan
  (arcs, solve, explanations) timed;
- ``cp-sat``: a plain CP-SAT model as a typical developer writes it (one Boolean per pair,
  expression API, default parameters, no hint), with the same time limit;
- ``milp``: the same integer programme through ``scipy.optimize.milp`` (HiGHS);
- ``greedy``: best pair first, respecting every capacity.

Gaps are to the best proven optimum of the run (cadreplan's flow is exact). Run::

    python benchmarks/run.py --quick     # small sizes, every method, under 2 minutes
    python benchmarks/run.py             # everything; writes benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
LAP = HERE.parent.parent / "shared" / "benchdata" / "lap"
LAP_OPTIMA = {
    "assign100": 305,
    "assign200": 475,
    "assign300": 626,
    "assign400": 804,
    "assign500": 991,
    "assign600": 1176,
    "assign700": 1362,
    "assign800": 1552,
    "assignp800": 2239,
    "assignp1500": 5839,
    "assignp3000": 18696,
    "assignp5000": 48533,
}
METHODS = ("cadreplan", "cp-sat", "milp", "greedy")


@dataclass
class Row:
    instance: str
    model: str
    size: str
    method: str
    seconds: float | None
    first: int | None  # reserves paired, or priority filled
    objective: float | None  # total score or fit
    status: str
    peak_mb: float | None
    reference: tuple[int, float] | None = None

    def gap(self) -> str:
        if self.objective is None or self.reference is None:
            return "-"
        first, objective = self.reference
        if self.first != first:
            return f"{self.first - first:+d} {'paired' if self.model == 'mentors' else 'priority'}"
        if objective == 0:
            return "0"
        return f"{(objective - self.objective) / abs(objective):.2%}"


# ----------------------------------------------------------------------------- instances


def load_instance(name: str, cache: Path):
    """(dataset, rules, known optimum or None) for an instance name."""
    from cadreplan.scenarios import sample_path
    from cadreplan.solver.dataset import load_dataset
    from cadreplan.solver.rules import load_rules

    if name == "sample":
        return load_dataset(sample_path(), 2026), load_rules(), None
    if name.startswith("gen"):
        villages = int(name[3:])
        folder = cache / name
        if not (folder / "villages.csv").exists():
            from cadreplan.solver.generate import generate_dataset, write_dataset

            write_dataset(generate_dataset(villages, seed=1, year=2026), folder)
        return load_dataset(folder, 2026), load_rules(), None
    return lap_instance(name, cache)


def lap_instance(name: str, cache: Path):
    """An OR-Library assignment fed through pair_scores, as benchdata/README.md says."""
    from cadreplan.solver.dataset import load_dataset
    from cadreplan.solver.rules import load_rules

    tokens = np.array((LAP / f"{name}.txt").read_text().split(), dtype=np.int64)
    n = int(tokens[0])
    if name.startswith("assignp"):
        triples = tokens[1:].reshape(-1, 3)
        rows, cols, cost = triples[:, 0] - 1, triples[:, 1] - 1, triples[:, 2]
    else:
        cost = tokens[1 : 1 + n * n]
        rows, cols = np.divmod(np.arange(n * n), n)
    folder = cache / name
    if not (folder / "pair_scores.csv").exists():
        folder.mkdir(parents=True, exist_ok=True)
        pd.DataFrame({"village_id": ["V"], "name": ["v"], "town": ["t"]}).to_csv(
            folder / "villages.csv", index=False
        )
        pd.DataFrame(
            {
                "person_id": [f"R{i}" for i in range(n)],
                "name": "r",
                "village_id": "V",
                "birth_year": 1990,
                "education": "college",
            }
        ).to_csv(folder / "reserves.csv", index=False)
        pd.DataFrame(
            {
                "person_id": [f"M{j}" for j in range(n)],
                "name": "m",
                "type": "instructor",
                "village_id": "V",
                "capacity": 1,
            }
        ).to_csv(folder / "mentors.csv", index=False)
        pd.DataFrame(
            {
                "reserve_id": "R" + pd.Series(rows).astype(str),
                "mentor_id": "M" + pd.Series(cols).astype(str),
                "score": 101 - cost,
            }
        ).to_csv(folder / "pair_scores.csv", index=False)
        (folder / "rules.toml").write_text("[mentors]\nmax_km = 0\nsame_village_max = 0\n")
    optimum = (n, float(101 * n - LAP_OPTIMA[name]))
    return load_dataset(folder, 2026), load_rules(folder / "rules.toml"), optimum


# ----------------------------------------------------------------------------- models


def mentor_model(data, rules):
    """The arcs and capacities every method solves, built once by cadreplan."""
    from cadreplan.solver.distances import build_distances
    from cadreplan.solver.mentors import candidate_arcs, mentor_capacities

    arcs = candidate_arcs(data, rules, build_distances(data.villages, data.roads))
    capacity = mentor_capacities(data, rules)
    keys = arcs["mentor"].to_numpy() * (len(data.villages) + 1) + arcs["village"].to_numpy()
    groups, group = np.unique(keys, return_inverse=True)
    group_mentor = groups // (len(data.villages) + 1)
    limit = rules.mentors.same_village_max
    group_capacity = np.minimum(capacity[group_mentor], limit) if limit else capacity[group_mentor]
    weight = arcs["weight"].to_numpy(dtype=np.int64)
    lexicographic = 2 * int(np.abs(weight).max(initial=0)) * max(len(data.reserves), 1) + 1
    return {
        "left": arcs["reserve"].to_numpy(),
        "right": arcs["mentor"].to_numpy(),
        "group": group,
        "first_weight": np.ones(len(arcs), dtype=np.int64),
        "weight": weight,
        "left_count": len(data.reserves),
        "right_capacity": capacity,
        "group_capacity": group_capacity,
        "scale": arcs.attrs["scale"],
        "big": lexicographic,
    }


def backfill_model(data, rules):
    from cadreplan.solver.backfill import candidate_arcs, post_priorities
    from cadreplan.solver.distances import build_distances
    from cadreplan.solver.eligibility import assess

    people = assess(data, rules.eligibility)
    arcs = candidate_arcs(data, rules, people, build_distances(data.villages, data.roads))
    priority = post_priorities(data, rules).to_numpy(dtype=np.int64)[arcs["post"].to_numpy()]
    weight = arcs["weight"].to_numpy(dtype=np.int64)
    big = 2 * int(np.abs(weight).max(initial=0)) * max(int(data.villages["vacant"].sum()), 1) + 1
    persons, left = np.unique(arcs["person"].to_numpy(), return_inverse=True)
    posts = arcs["post"].to_numpy()
    return {
        "left": left,
        "right": posts,
        "group": posts,
        "first_weight": priority,
        "weight": weight,
        "left_count": len(persons),
        "right_capacity": np.ones(len(data.villages), dtype=np.int64),
        "group_capacity": np.ones(len(data.villages), dtype=np.int64),
        "scale": arcs.attrs["scale"],
        "big": big,
    }


def _evaluate(model, chosen: np.ndarray) -> tuple[int, float]:
    return int(model["first_weight"][chosen].sum()), float(model["weight"][chosen].sum()) / model[
        "scale"
    ]


def solve_greedy(model, time_limit: float) -> tuple[np.ndarray, str]:
    """Best pair first by (first objective weight, score); every capacity respected."""
    order = np.lexsort((-model["weight"], -model["first_weight"]))
    left_used = np.zeros(model["left_count"], dtype=bool)
    right_left = model["right_capacity"].astype(np.int64).copy()
    group_left = model["group_capacity"].astype(np.int64).copy()
    chosen = np.zeros(len(order), dtype=bool)
    left, right, group = model["left"], model["right"], model["group"]
    for arc in order:
        if left_used[left[arc]] or right_left[right[arc]] <= 0 or group_left[group[arc]] <= 0:
            continue
        chosen[arc] = True
        left_used[left[arc]] = True
        right_left[right[arc]] -= 1
        group_left[group[arc]] -= 1
    return chosen, "heuristic"


def _combined(model) -> np.ndarray:
    return model["first_weight"] * model["big"] + model["weight"]


def solve_plain_cpsat(model, time_limit: float) -> tuple[np.ndarray, str]:
    """One Boolean per pair through the expression API, default parameters, no hint."""
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    x = [cp.new_bool_var(f"x{i}") for i in range(len(model["left"]))]
    for key, capacity in (("left", None), ("group", "group_capacity"), ("right", "right_capacity")):
        members: dict[int, list] = {}
        for i, item in enumerate(model[key]):
            members.setdefault(int(item), []).append(x[i])
        for item, variables in members.items():
            limit = 1 if capacity is None else int(model[capacity][item])
            cp.add(sum(variables) <= limit)
    cp.maximize(sum(int(c) * v for c, v in zip(_combined(model), x, strict=True)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    code = solver.solve(cp)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return np.zeros(len(x), dtype=bool), solver.status_name(code).lower()
    return np.array([solver.boolean_value(v) for v in x]), solver.status_name(code).lower()


def solve_milp(model, time_limit: float) -> tuple[np.ndarray, str]:
    """The same integer programme through scipy.optimize.milp (HiGHS)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix, vstack

    count = len(model["left"])
    blocks, upper = [], []
    for key, capacity in (("left", None), ("group", "group_capacity"), ("right", "right_capacity")):
        items, index = np.unique(model[key], return_inverse=True)
        blocks.append(
            coo_matrix((np.ones(count), (index, np.arange(count))), shape=(len(items), count))
        )
        upper.append(
            np.ones(len(items)) if capacity is None else model[capacity][items].astype(float)
        )
    matrix = vstack(blocks).tocsr()
    result = milp(
        -_combined(model).astype(float),
        constraints=LinearConstraint(matrix, -np.inf, np.concatenate(upper)),
        integrality=np.ones(count),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "disp": False},
    )
    if result.x is None:
        return np.zeros(count, dtype=bool), "no solution"
    return result.x > 0.5, "optimal" if result.status == 0 else "time limit"


def run_cadreplan(name: str, model_name: str, cache: Path, time_limit: float):
    from cadreplan.solver.backfill import plan_backfill
    from cadreplan.solver.mentors import plan_mentors
    from cadreplan.solver.network import SolveOptions

    data, rules, _ = load_instance(name, cache)
    start = time.perf_counter()
    options = SolveOptions(time_limit=time_limit)
    if model_name == "mentors":
        plan = plan_mentors(data, rules, options)
        first = plan.assigned
    else:
        plan = plan_backfill(data, rules, options)
        first = plan.priority
    return time.perf_counter() - start, first, plan.objective, plan.status.value


def _child(name, model_name, method, cache, time_limit, queue) -> None:
    try:
        if method == "cadreplan":
            seconds, first, objective, status = run_cadreplan(name, model_name, cache, time_limit)
        else:
            data, rules, _ = load_instance(name, cache)
            model = (mentor_model if model_name == "mentors" else backfill_model)(data, rules)
            solve = {"cp-sat": solve_plain_cpsat, "milp": solve_milp, "greedy": solve_greedy}[
                method
            ]
            start = time.perf_counter()
            chosen, status = solve(model, time_limit)
            seconds = time.perf_counter() - start
            first, objective = _evaluate(model, chosen)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queue.put((seconds, first, objective, status, peak))
    except MemoryError:
        queue.put((None, None, None, "out of memory", None))
    except Exception as error:  # a peer that fails is reported, not fatal
        queue.put((None, None, None, f"failed: {type(error).__name__}", None))


def measure(name, model_name, method, cache, time_limit, wall_limit) -> tuple:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(
        target=_child, args=(name, model_name, method, cache, time_limit, queue)
    )
    process.start()
    process.join(wall_limit)
    if process.is_alive():
        process.kill()
        process.join()
        return None, None, None, f"killed after {wall_limit:.0f} s", None
    return queue.get() if not queue.empty() else (None, None, None, "crashed", None)


def instance_size(name: str, model_name: str, cache: Path) -> str:
    data, rules, _ = load_instance(name, cache)
    if model_name == "mentors":
        model = mentor_model(data, rules)
        reserves, mentors, pairs = len(data.reserves), len(data.mentors), len(model["left"])
        return f"{reserves:,} reserves, {mentors:,} mentors, {pairs:,} pairs"
    model = backfill_model(data, rules)
    vacancies = int(data.villages["vacant"].sum())
    return f"{vacancies:,} posts, {model['left_count']:,} candidates, {len(model['left']):,} pairs"


def table(rows: list[Row]) -> str:
    lines = [
        "| instance | model | size | method | seconds | ratio to cadreplan | paired / priority "
        "| objective | gap | status | peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = {(r.instance, r.model): r.seconds for r in rows if r.method == "cadreplan"}
    for r in rows:
        ratio = "-"
        own = base.get((r.instance, r.model))
        if r.seconds is not None and own:
            ratio = f"{r.seconds / own:.2f}x"
        lines.append(
            f"| {r.instance} | {r.model} | {r.size} | {r.method} | "
            f"{'-' if r.seconds is None else f'{r.seconds:.2f}'} | {ratio} | "
            f"{'-' if r.first is None else r.first} | "
            f"{'-' if r.objective is None else f'{r.objective:,.2f}'} | {r.gap()} | {r.status} | "
            f"{'-' if r.peak_mb is None else f'{r.peak_mb:,.0f}'} |"
        )
    return "\n".join(lines)


def lap_check(rows: list[Row]) -> list[str]:
    """cadreplan's assignment cost on each OR-Library instance against the published optimum."""
    lines = [
        "| instance | n | published optimum | cadreplan cost (101 n - score) | match |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        if r.method != "cadreplan" or not r.instance.startswith("assign") or r.objective is None:
            continue
        n = r.first
        cost = round(101 * n - r.objective)
        published = LAP_OPTIMA[r.instance]
        match = "yes" if cost == published else "NO"
        lines.append(f"| {r.instance} | {n} | {published} | {cost} | {match} |")
    return lines


def budget_throughput(draws: int) -> list[str]:
    from cadreplan.solver.budget import Population, bundled_scenarios, load_scenario, simulate

    scenario = load_scenario(bundled_scenarios()[1])
    lines = [
        "| secretaries | draws | years | seconds | draws per second (per year) |",
        "|---|---|---|---|---|",
    ]
    for headcount in (13, 26_000):
        people = Population(headcount, (headcount // 3,) * 5, "benchmark")
        start = time.perf_counter()
        simulate(scenario, people, 5, draws, seed=0)
        seconds = time.perf_counter() - start
        lines.append(
            f"| {headcount:,} | {draws:,} | 5 | {seconds:.3f} | {draws * 5 / seconds:,.0f} |"
        )
    return lines


def plan_seconds(cache: Path, villages: int, command: str) -> float:
    """Wall seconds of one whole ``plan`` command, as a user runs it, in a fresh interpreter."""
    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cadreplan.cli",
            command,
            "--data",
            str(cache / f"gen{villages}"),
            "--out",
            str(out),
            "--quiet",
            "--year",
            "2026",
        ],
        check=True,
    )
    return time.perf_counter() - start


def end_to_end(cache: Path, villages: int) -> list[str]:
    """Whole commands as a user runs them: load, solve, check and write every file."""
    return [
        f"- `plan {command}` on {villages:,} villages, end to end: "
        f"{plan_seconds(cache, villages, command):.1f} s"
        for command in ("mentors", "backfill")
    ]


def floor_ratio(cache: Path, villages: int, repeats: int = 3) -> list[str]:
    """``plan mentors`` end to end against the bare flow floor, alternated ``repeats`` times.

    Alternating the two puts both under the same machine load; every pair is reported,
    and the median ratio.
    """
    lines = [
        "| run | `plan mentors` s | bare flow s | ratio |",
        "|---|---|---|---|",
    ]
    ratios = []
    for run in range(1, repeats + 1):
        whole = plan_seconds(cache, villages, "mentors")
        floor = bare_flow(cache, villages)
        ratios.append(whole / floor)
        lines.append(f"| {run} | {whole:.2f} | {floor:.2f} | {whole / floor:.2f}x |")
    lines += ["", f"Median ratio: {float(np.median(ratios)):.2f}x, largest {max(ratios):.2f}x."]
    return lines


def bare_flow(cache: Path, villages: int) -> float:
    """The floor: pairs read with pandas and one OR-Tools min-cost-flow solve, nothing else.

    The network is the plain one a developer would write: source, reserves, one node per
    (mentor, village) group, mentors, sink.
    """
    data, rules, _ = load_instance(f"gen{villages}", cache)
    model = mentor_model(data, rules)
    pairs = cache / f"pairs{villages}.csv"
    frame = pd.DataFrame({k: model[k] for k in ("left", "right", "group", "weight")})
    frame["group_capacity"] = model["group_capacity"][model["group"]]
    frame["right_capacity"] = model["right_capacity"][model["right"]]
    frame.to_csv(pairs, index=False)
    script = f"""
import time, numpy as np, pandas as pd
from ortools.graph.python import min_cost_flow
t = time.perf_counter()
p = pd.read_csv({str(pairs)!r})
r, m, g = p['left'].to_numpy(), p['right'].to_numpy(), p['group'].to_numpy()
n, G, M = r.max() + 1, g.max() + 1, m.max() + 1
gm = np.zeros(G, dtype=np.int64); gm[g] = m
gc = np.zeros(G, dtype=np.int64); gc[g] = p['group_capacity'].to_numpy()
mc = np.zeros(M, dtype=np.int64); mc[m] = p['right_capacity'].to_numpy()
f = min_cost_flow.SimpleMinCostFlow()
tails = np.concatenate([np.zeros(n), 1 + r, 1 + n + np.arange(G), 1 + n + G + np.arange(M)])
heads = np.concatenate([1 + np.arange(n), 1 + n + g, 1 + n + G + gm, np.full(M, 1 + n + G + M)])
tails, heads = tails.astype(np.int32), heads.astype(np.int32)
caps = np.concatenate([np.ones(n + len(r)), gc, mc]).astype(np.int64)
costs = np.concatenate([np.zeros(n), -p['weight'].to_numpy(), np.zeros(G + M)]).astype(np.int64)
f.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
f.set_node_supply(0, int(n)); f.set_node_supply(1 + n + G + M, -int(n))
f.solve_max_flow_with_min_cost()
print(time.perf_counter() - t)
"""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    return time.perf_counter() - start


def machine() -> list[str]:
    import ortools
    import scipy

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return [
        f"- date: {datetime.date.today().isoformat()}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, OR-Tools {ortools.__version__}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, pandas {pd.__version__}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only, every method")
    parser.add_argument("--instances", nargs="*", help="only these instances (e.g. sample gen300)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="per method and instance")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown report here")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "cadreplan-bench"
    )
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    if args.quick:
        plan_list = [
            ("sample", "mentors"),
            ("sample", "backfill"),
            ("gen300", "mentors"),
            ("gen300", "backfill"),
            ("assign100", "mentors"),
        ]
    else:
        laps = [f"assign{n}" for n in range(100, 900, 100)] + [
            f"assignp{n}" for n in (800, 1500, 3000, 5000)
        ]
        plan_list = [
            (i, m)
            for i in ("sample", "gen300", "gen3000", "gen26000")
            for m in ("mentors", "backfill")
        ] + [(lap, "mentors") for lap in laps]
    if args.instances:
        plan_list = [(i, m) for i, m in plan_list if i in args.instances]
    rows: list[Row] = []
    missing = []
    for name, model_name in plan_list:
        if name.startswith("assign") and not (LAP / f"{name}.txt").exists():
            missing.append(name)
            continue
        size = instance_size(name, model_name, args.cache)
        reference = load_instance(name, args.cache)[2] if name.startswith("assign") else None
        for method in METHODS:
            seconds, first, objective, status, peak = measure(
                name, model_name, method, args.cache, args.time_limit, args.time_limit * 4 + 120
            )
            rows.append(
                Row(name, model_name, size, method, seconds, first, objective, status, peak)
            )
            print(f"{name} {model_name} {method}: {status} {seconds}", file=sys.stderr, flush=True)
        best = [
            r for r in rows if r.instance == name and r.model == model_name and r.first is not None
        ]
        if reference is None and best:
            exact = [r for r in best if r.method == "cadreplan" and r.status == "optimal"]
            top = exact[0] if exact else max(best, key=lambda r: (r.first, r.objective))
            reference = (top.first, top.objective)
        for r in rows:
            if r.instance == name and r.model == model_name:
                r.reference = reference
    report = ["# cadreplan benchmarks", "", *machine(), "", table(rows), ""]
    if missing:
        report += [f"Not run, file absent from shared/benchdata/lap: {', '.join(missing)}.", ""]
    if any(r.instance.startswith("assign") for r in rows):
        report += ["## OR-Library assignment instances", "", *lap_check(rows), ""]
    if not args.quick:
        report += ["## Budget throughput", "", *budget_throughput(10_000), ""]
        report += ["## End to end", ""]
        for villages in (3000, 26000):
            if any(i == f"gen{villages}" for i, _ in plan_list):
                report += end_to_end(args.cache, villages)
        if any(i == "gen3000" for i, _ in plan_list):
            report += [
                "",
                "## `plan mentors` against a bare min-cost flow (3,000 villages)",
                "",
                "The bare flow reads the same candidate pairs with pandas and solves one "
                "OR-Tools min-cost flow in a fresh interpreter; `plan mentors` also loads and "
                "validates the tables, builds the pairs, explains, checks and writes the CSVs, "
                "the workbook and summary.json.",
                "",
                *floor_ratio(args.cache, 3000),
            ]
    text = "\n".join(report)
    print(text)
    out = args.out if args.out else (None if args.quick else HERE / "RESULTS.md")
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
