"""Where a whole ``plan`` command spends its time and memory, phase by phase.

``python benchmarks/phases.py profile mentors --data DIR [--year 2026]`` runs one command in
this (fresh) interpreter exactly as a user runs it, with a timer around each phase's
function, and prints one JSON line: wall seconds from interpreter start, the seconds of each
phase (exclusive: a phase nested in another counts only for itself), the process's peak
resident memory, and the peak reached by the end of each phase.

The timers wrap functions by name, so the same profile runs on older code that does not
record ``timings`` in summary.json (the "before" columns of RESULTS.md); a name the code
does not have is skipped. Phases:

- ``import``: interpreter start to the command's first line (Python, pandas, OR-Tools, ...);
- ``read``: loading and validating the dataset;
- ``distances``: distance searches (village pairs within a limit);
- ``build``: the model's candidate pairs and scores (eligibility for backfill);
- ``solve``: min-cost flow / CP-SAT;
- ``explain``: reasons for what is left out, and shortlists;
- ``check``: the independent checker; since it runs in a forked child while the tables are
  written, ``check`` is the time the run waits for its verdict, and ``details`` gives the
  checker's own seconds in the child as ``check.child`` (wall) and ``check.child_cpu`` (its
  CPU seconds: the checker's work, which wall seconds mix with the wait for a core while
  the workbook's child and this process run at the same time);
- ``write``: CSV, workbook and summary.json;
- ``other``: the rest (rules, terminal summary, interpreter exit is not counted).

``cpu`` gives the same phases in CPU seconds of this process (``time.process_time``): on a
machine shared with other work, wall seconds stretch with the load while CPU seconds
barely move, so compare runs taken at different loads by ``cpu``.
"""

from __future__ import annotations

import functools
import importlib
import json
import resource
import sys
import time

START = time.perf_counter()
START_CPU = time.process_time()

#: (module, attribute, phase): functions whose time is charged to a phase.
HOOKS = [
    ("cadreplan.cli.plans", "load", "read"),
    ("cadreplan.cli.plans", "load_rules", "read"),
    ("cadreplan.cli.budget", "load", "read"),
    ("cadreplan.solver.distances.Distances", "within", "distances"),
    ("cadreplan.solver.distances.Distances", "nearest", "distances"),
    ("cadreplan.solver.mentors", "build_distances", "distances"),
    ("cadreplan.solver.backfill", "build_distances", "distances"),
    ("cadreplan.solver.mentors", "candidate_arcs", "build"),
    ("cadreplan.solver.backfill", "candidate_arcs", "build"),
    ("cadreplan.solver.backfill", "assess", "build"),
    ("cadreplan.solver.mentors", "solve_flow", "solve"),
    ("cadreplan.solver.mentors", "solve_cpsat", "solve"),
    ("cadreplan.solver.backfill", "solve_flow", "solve"),
    ("cadreplan.solver.backfill", "solve_cpsat", "solve"),
    ("cadreplan.solver.mentors", "explain_unassigned", "explain"),
    ("cadreplan.solver.backfill", "explain_unfilled", "explain"),
    ("cadreplan.solver.backfill", "_shortlist_rows", "explain"),
    ("cadreplan.solver.backfill", "shortlist_rows", "explain"),
    ("cadreplan.solver.explain", "explain_unassigned", "explain"),
    ("cadreplan.solver.explain", "explain_unfilled", "explain"),
    ("cadreplan.cli.mentors", "check_mentor_plan", "check"),
    ("cadreplan.cli.backfill", "check_backfill_plan", "check"),
    ("cadreplan.cli.plans.PlanCheck", "verdict", "check"),
    ("cadreplan.cli.plans", "write_plan", "write"),
    # The checker runs in a forked child alongside the writing: its own seconds are "check"
    # (see record_child_check, on PlanCheck.verdict above), and the writing's time excludes
    # waiting for its verdict. (Pending.result is not hooked: the workbook is made by a
    # forked child too, and waiting for it is writing.)
    ("cadreplan.cli.budget", "run_budget", "solve"),
]
#: Phases of the dispatched route and of the checker's distances, reported on their own too.
DETAIL_HOOKS = [
    ("cadreplan.solver.check", "pair_distances", "check.distances"),
    ("cadreplan.solver.backfill", "dispatched_arcs", "build.dispatched"),
]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """Exclusive seconds per phase, with the peak memory reached by each phase's end."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}
        self.stack: list[list] = []  # [phase, started, nested seconds, cpu started, nested cpu]

    def wrap(self, function, phase: str, exclusive: bool = True):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if not exclusive:
                started = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    self.seconds[phase] = self.seconds.get(phase, 0.0) + (
                        time.perf_counter() - started
                    )
            if self.stack and self.stack[-1][0] == phase:
                return function(*args, **kwargs)  # same phase nested: counted once
            frame = [phase, time.perf_counter(), 0.0, time.process_time(), 0.0]
            self.stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self.stack.pop()
                total = time.perf_counter() - frame[1]
                cpu = time.process_time() - frame[3]
                if self.stack:
                    self.stack[-1][2] += total
                    self.stack[-1][4] += cpu
                self.seconds[phase] = self.seconds.get(phase, 0.0) + total - frame[2]
                self.cpu[phase] = self.cpu.get(phase, 0.0) + cpu - frame[4]
                self.peak_mb[phase] = max(self.peak_mb.get(phase, 0.0), _peak_mb())

        return timed


def _target(path: str):
    try:
        return importlib.import_module(path)
    except ImportError:
        module_name, _, cls = path.rpartition(".")
        try:
            return getattr(importlib.import_module(module_name), cls)
        except (ImportError, AttributeError):
            return None


def count_arcs(clock: Clock, function):
    """Record the size of every network solved (``solve.arcs``: scored arcs in all)."""

    @functools.wraps(function)
    def counted(arcs, *args, **kwargs):
        clock.seconds["solve.arcs"] = clock.seconds.get("solve.arcs", 0) + len(arcs)
        return function(arcs, *args, **kwargs)

    return counted


def record_child_check(clock: Clock, function):
    """Charge a background checker's own seconds (not the wait for it) to ``check``, and
    record them as ``check.child``: ``PlanCheck.verdict`` returns them from the child.
    The checker's CPU seconds where it ran (``PlanCheck.cpu_seconds``) are recorded as
    ``check.child_cpu``.

    The wrapper given to :meth:`Clock.wrap` charges the wait; this adds the difference, so
    ``check`` holds what the checker took wherever it ran. Running alongside the writing,
    it may overlap other phases: the phases may then add up to more than the wall time.
    The verdict is cached, so only its first call counts.
    """

    @functools.wraps(function)
    def verdict(self, *args, **kwargs):
        first = "check.child" not in clock.seconds
        started = time.perf_counter()
        seconds = function(self, *args, **kwargs)
        waited = time.perf_counter() - started
        if first:
            clock.seconds["check"] = clock.seconds.get("check", 0.0) + seconds - waited
            clock.seconds["check.child"] = float(seconds)
            cpu = getattr(self, "cpu_seconds", None)  # older code sends no CPU seconds
            if cpu is not None:
                clock.seconds["check.child_cpu"] = float(cpu)
        return seconds

    return verdict


def install(clock: Clock, command: str) -> None:
    others = {"mentors", "backfill", "budget"} - {command}
    for path, name, phase in HOOKS + DETAIL_HOOKS:
        if path.rsplit(".", 1)[-1] in others:
            continue  # another command's module: a real run would not import it
        owner = _target(path)
        if owner is None or not hasattr(owner, name):
            continue
        exclusive = (path, name, phase) not in DETAIL_HOOKS
        function = getattr(owner, name)
        if name == "solve_flow":
            function = count_arcs(clock, function)
        if name == "verdict":
            function = record_child_check(clock, function)
        setattr(owner, name, clock.wrap(function, phase, exclusive))


def profile(argv: list[str]) -> dict:
    """Run ``plan <argv>`` with the phase timers; the record printed as JSON."""
    from cadreplan.cli.main import plan

    clock = Clock()
    install(clock, argv[0])
    command_started = time.perf_counter()
    command_cpu = time.process_time()
    code = 0
    try:
        plan.main(args=argv, prog_name="plan", standalone_mode=False)
    except SystemExit as exit_:  # click may still exit
        code = int(exit_.code or 0)
    ended = time.perf_counter()
    ended_cpu = time.process_time()
    phases = {k: v for k, v in clock.seconds.items() if "." not in k}
    details = {k: v for k, v in clock.seconds.items() if "." in k}
    phases["other"] = max(0.0, ended - command_started - sum(phases.values()))
    phases["import"] = command_started - START
    cpu = dict(clock.cpu)
    cpu["other"] = max(0.0, ended_cpu - command_cpu - sum(cpu.values()))
    cpu["import"] = command_cpu - START_CPU
    return {
        "argv": argv,
        "exit": code,
        "wall": ended - START,
        "cpu_total": round(ended_cpu - START_CPU, 4),
        "phases": {k: round(v, 4) for k, v in phases.items()},
        "details": {k: round(v, 4) for k, v in details.items()},
        "cpu": {k: round(v, 4) for k, v in cpu.items()},
        "phase_peak_mb": {k: round(v, 1) for k, v in clock.peak_mb.items()},
        "peak_mb": round(_peak_mb(), 1),
    }


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "profile":
        print(__doc__)
        sys.exit(2)
    record = profile(sys.argv[2:])
    print("PHASES " + json.dumps(record))
    # The process ends as the ``plan`` console script ends (cli/entry.py ``leave``: the
    # interpreter's teardown skipped), where the measured code has that ending.
    try:
        from cadreplan.cli.entry import leave
    except ImportError:
        sys.exit(0)
    leave(0)
