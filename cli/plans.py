"""What the planning commands share: the summary record, the checker and file writing.

The finishing phases of a plan overlap: its independent checker starts in a forked child
as soon as the plan is made (:func:`checking`), while this process builds the tables, the
terminal summary and writes the files into the stage. The stage is switched in only once
the checker has passed the plan, so a plan that breaks a rule is never published: the
stage is removed and the run ends with exit 1, as when the checker ran first.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pandas as pd

from cadreplan.solver.dataset import Dataset
from cadreplan.solver.errors import PlanCheckError
from cadreplan.solver.explain import Reason, reasons_record
from cadreplan.solver.network import SolveOptions
from cadreplan.solver.rules import load_rules, rules_as_dict
from cadreplan.solver.timing import PHASES, Timings
from cadreplan.solver.words import say

from . import package_version
from .background import Pending, in_background
from .options import load
from .progress import Progress
from .render.encodings import DEFAULT_CSV_ENCODING
from .render.folders import check_output_folder, file_digests
from .render.output import staged_output, to_json, write_csv, write_json
from .render.plan_book import write_plan_workbook
from .render.stamp import planning_epoch


@dataclass(frozen=True)
class PlanRun:
    """What a planning command was asked: its options, the rules and the loaded data."""

    settings: dict[str, Any]
    rules: Any
    dataset: Dataset
    options: SolveOptions
    #: Seconds of the command's own phases (read, check, write); the plan adds its own.
    timings: Timings = field(default_factory=Timings)


def prepare(settings: dict[str, Any], tables: Collection[str] | None = None) -> PlanRun:
    """Read the rules, load the data and fix the solve options of a planning command.

    The output folder is checked first, so that a folder that cannot be written is found
    before any solving (exit 2). ``tables``: only these tables are read (default all).
    """
    check_output_folder(settings["out"], settings["data"])
    quiet = settings["quiet"] or settings["as_json"]
    progress = Progress(settings["lang"], quiet)
    timings = Timings(progress)
    rules = load_rules(settings["rules_path"])
    if settings["data"] is None and not quiet:
        click.echo(say("using_sample", settings["lang"]), err=True)
    timings.start("read")
    dataset = load(settings["data"], settings["year"], quiet=True, warn=not quiet, tables=tables)
    options = SolveOptions(
        solver=settings["solver"],
        time_limit=settings["time_limit"],
        seed=settings["seed"],
        progress=progress,
    )
    timings.split("read")
    return PlanRun(settings, rules, dataset, options, timings)


class PlanCheck:
    """The verdict of a plan's independent checker, computed alongside other work.

    Parameters
    ----------
    pending
        The checker's list of broken rules (empty: the plan passes), being computed.
    timings
        The run's phases: the terminal shows ``check`` while the run waits for the verdict.
    """

    def __init__(self, pending: Pending[list[str]], timings: Timings | None = None) -> None:
        self.pending = pending
        self.timings = timings
        self._result: tuple[list[str], float] | None = None

    def verdict(self) -> float:
        """Wait for the checker; return its seconds.

        Raises
        ------
        PlanCheckError
            When the checker found a broken hard rule (exit 1).
        """
        if self._result is None:
            report = None if self.timings is None else self.timings.report
            if report is not None and not self.pending.done():
                report("check")  # what the run now waits for
            self._result = self.pending.result()
            if report is not None:
                report("check", seconds=self._result[1])
        problems, seconds = self._result
        verify(problems)
        return seconds

    @property
    def cpu_seconds(self) -> float | None:
        """The checker's CPU seconds, where it ran (None before :meth:`verdict`)."""
        return self.pending.cpu_seconds


@contextlib.contextmanager
def checking(check: Callable[[], list[str]], timings: Timings | None = None) -> Iterator[PlanCheck]:
    """Run a plan's independent checker in a forked child for the ``with`` block.

    ``check()`` gives the broken rules (see :mod:`cadreplan.solver.check`). Give the
    yielded :class:`PlanCheck` to :func:`finish` or :func:`write_plan`, which wait for its
    verdict before the outputs are switched in. When the block fails for another reason
    (a file that cannot be written), a plan breaking a rule is still reported as such,
    as when the checker ran before the writing: the verdict is taken first. Ctrl-C stops
    the child with the run.
    """
    with in_background(check) as pending:
        plan_check = PlanCheck(pending, timings)
        try:
            yield plan_check
        except Exception:
            plan_check.verdict()
            raise


def finish(
    run: PlanRun,
    command: str,
    plan: Any,
    counts: dict[str, Any],
    tables: dict[str, Any],
    text: str,
    check: PlanCheck | None = None,
) -> None:
    """Write the plan's files atomically and print its summary.

    With ``check`` (see :func:`checking`), the files are written while the checker runs and
    switched in only when it passes the plan.
    """
    settings = run.settings
    summary = summary_record(
        command, plan, run.dataset, run.rules, settings["rules_path"], run.options, counts
    )
    run.timings.merge(getattr(plan, "timings", {}))
    summary["timings"] = run.timings.as_dict()
    extra = {}
    reasons = getattr(plan, "reasons", ())
    for name in ("unassigned", "unfilled"):
        # The reasons as codes and parameters, so they can be worded in another language.
        if name in tables and reasons and all(isinstance(r, Reason) for r in reasons):
            summary.setdefault("reasons", {})[name] = reasons_record(tables[name], reasons)
    if run.dataset.intake is not None:  # what each input file, sheet, column and row became
        summary["intake"] = run.dataset.intake.as_dict()
        extra["intake"] = pd.DataFrame(run.dataset.intake.records(settings["lang"]))
    run.timings.start("write")
    write_plan(
        settings["out"],
        tables,
        f"{command}.xlsx",
        summary,
        settings["lang"],
        csv_encoding=settings["csv_encoding"],
        dataset=run.dataset,
        csv_only=extra,
        check=check,
    )
    close = getattr(run.timings.report, "close", None)
    if close is not None:
        close()  # the last phase's line, before the summary
    emit(summary, text, settings["as_json"], settings["quiet"])


def summary_record(
    command: str,
    plan: Any,
    data: Dataset,
    rules: Any,
    rules_path: Path | None,
    options: Any,
    counts: dict[str, int],
) -> dict[str, Any]:
    """The ``summary.json`` of a plan: status, objective, bound, counts and input hashes."""
    rules_file = None
    if rules_path is not None:
        rules_file = {
            "path": str(rules_path),
            "sha256": hashlib.sha256(Path(rules_path).read_bytes()).hexdigest(),
        }
    return {
        "command": command,
        "status": plan.status.value,
        "objective": round(plan.objective, 6),
        # null: CP-SAT stopped before proving the first objective (paired / priority).
        "bound": None if math.isinf(plan.bound) else round(plan.bound, 6),
        "gap": None if math.isinf(plan.gap) else round(plan.gap, 9),
        "seconds": round(plan.seconds, 3),
        "solver": plan.solver,
        "solver_requested": options.solver,
        "time_limit": options.time_limit,
        "seed": options.seed,
        "year": data.year,
        **counts,
        "score_scale": plan.score_scale,
        "score_components": list(plan.components),
        "distances": plan.distance_method,
        "notes": list(plan.notes),
        "data": data.source,
        "inputs": dict(data.fingerprints),
        "rules_file": rules_file,
        "rules": rules_as_dict(rules),
        "cadreplan": package_version(),
    }


def verify(problems: list[str]) -> None:
    """Raise when the independent checker found a broken hard rule (exit 1)."""
    if problems:
        raise PlanCheckError(problems)


def write_plan(
    out: Path,
    tables: dict[str, Any],
    workbook: str,
    summary: dict[str, Any],
    lang: str,
    *,
    csv_encoding: str = DEFAULT_CSV_ENCODING,
    dataset: Dataset | None = None,
    csv_only: dict[str, Any] | None = None,
    check: PlanCheck | None = None,
) -> None:
    """Write the CSV tables, the workbook of the same sheets and summary.json, atomically.

    A ``timings`` record in the summary gets the seconds of this writing as ``write`` (and
    the checker's as ``check``). ``csv_only`` tables (the intake report) are written as CSV
    files but not as sheets. With ``check``, its verdict is awaited once the files are
    written: a plan that breaks a rule raises :class:`PlanCheckError` and its stage is
    removed, so nothing is published.
    """
    with (
        staged_output(out) as stage,
        workbook_alongside(Path(workbook).stem, tables, lang, dataset, stage) as book,
    ):
        started = time.perf_counter()
        for name, frame in {**tables, **(csv_only or {})}.items():
            write_csv(stage, f"{name}.csv", frame, csv_encoding)
        (stage / workbook).write_bytes(book.result()[0])
        wrote = time.perf_counter() - started
        checked = None if check is None else check.verdict()
        if "timings" in summary:
            record = {**summary["timings"], "write": wrote}
            if checked is not None:
                record["check"] = checked
            order = [p for p in PHASES if p in record] + [p for p in record if p not in PHASES]
            summary["timings"] = {name: round(record[name], 3) for name in order}
        # The moment the workbooks are dated with: a rerun given it repeats their bytes.
        summary["source_date_epoch"] = planning_epoch()
        # Written last and listing every other file's sha256: a mixed set is detectable.
        summary["outputs"] = file_digests(stage)
        write_json(stage, "summary.json", summary)


@contextlib.contextmanager
def workbook_alongside(
    command: str, tables: dict[str, Any], lang: str, dataset: Dataset | None, stage: Path
) -> Iterator[Pending[bytes]]:
    """The bytes of the plan's workbook, made in a forked child while this process writes
    the CSV files (see :mod:`.background`); made here when no child can be forked.

    The workbook (every row of every sheet, and the 报送 sheet) is the largest part of the
    writing at province scale: a child makes it on the other core, saving it in a scratch
    folder inside the run's ``stage`` that this process removes whatever happens, and
    sends back its bytes; only this process writes the workbook into the stage. A run
    killed outright (SIGKILL, the OOM killer) leaves the scratch, with its half-written
    workbook of personal data, only inside the stage, which the next run writing there
    removes with the stage (:func:`.render.folders.recover_stages`): never in /tmp. The
    bytes are those a write in this process gives (the same code, the same planning
    moment: :mod:`.render.stamp` fixes it when the run starts).
    """
    scratch = Path(tempfile.mkdtemp(prefix=".workbook-", dir=stage))

    def make() -> bytes:
        path = write_plan_workbook(scratch, command, tables, lang, dataset)
        try:
            return path.read_bytes()
        finally:
            path.unlink()

    try:
        with in_background(make) as pending:
            yield pending
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def emit(summary: dict[str, Any], text: str, as_json: bool, quiet: bool) -> None:
    """Print summary.json (--json), or the terminal summary unless --quiet."""
    if as_json:
        click.echo(to_json(summary))
    elif not quiet:
        click.echo(text)
