"""``plan reserves``: the yearly review of the reserve pool (后备干部动态调整)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from cadreplan.solver.check_review import check_reserve_plan
from cadreplan.solver.ratings import as_written
from cadreplan.solver.reserves import ReservePlan, plan_reserves
from cadreplan.solver.words import note_text, say

from .options import plan_options, progress
from .plans import checking, finish, prepare
from .ratings import village_name

#: What the review reads (and ``villages``, always): secretaries for the priority weights,
#: the pool, the nominees and the vetting (whose people are reserves, nominees and dispatched
#: cadres). Roads, mentors, previous pairs and conflicts are left unread ("not needed by
#: this command" in the intake report).
REVIEW_TABLES = ("secretaries", "reserves", "nominees", "vetting", "dispatched")


@click.command("reserves")
@plan_options("reserves")
def command(**settings: Any) -> None:
    """Review the reserve pool: who stays, who leaves and which nominees join.

    A reserve leaves when a [reserves] rule fails (evaluation, age, education, Party
    membership if required, a failed vetting) or as surplus above max_per_village (the
    lowest evaluations leave). Eligible nominees (the nominees table, 推荐人选) are admitted
    only into their village's shortfall to ratio per post: the highest priority weight x
    places filled, then the highest total evaluation. Without [reserves.structure] targets,
    or when the ranking meets them, the ranking is exact (solver "ranking" in
    summary.json). Binding targets are hard constraints solved by two HiGHS solves over
    class totals (solver "highs"), or with --solver cpsat by one CP-SAT solve (solver
    "cpsat", which may stop unproven at --time-limit); status and bound are the solver's.
    It writes reserve_pool.csv, nominees.csv, reserve_ratio.csv, reserves.xlsx and
    summary.json.

    \b
    Example:
      plan reserves
      plan reserves --data district/ --rules review.toml --lang zh --out plans/reserves
    """
    run = prepare(settings, tables=REVIEW_TABLES)
    dataset, rules = run.dataset, run.rules
    nominees = 0 if dataset.nominees is None else len(dataset.nominees)
    progress(
        f"Reviewing {len(dataset.reserves)} reserves and {nominees} nominees", settings["quiet"]
    )
    plan = plan_reserves(dataset, rules, run.options, lang=settings["lang"])
    # The checker runs alongside the tables and the writing; nothing is published before
    # it passes the plan (see .plans.checking).
    with checking(lambda: check_reserve_plan(dataset, rules, plan), run.timings) as check:
        ratio = plan.ratio
        counts = {
            "reserves": len(dataset.reserves),
            "nominees": nominees,
            "kept": plan.count("kept"),
            "left": plan.count("left"),
            "admitted": plan.count("admitted"),
            "pool_after": plan.count("kept") + plan.count("admitted"),
            "priority_filled": plan.priority,
            "leave_reasons": _reason_counts(plan.pool[plan.pool["status"] == "left"]),
            "nominee_reasons": _reason_counts(plan.nominees),
            "shortfall_before": int((ratio["target"] - ratio["before"]).clip(lower=0).sum()),
            "shortfall_after": int(ratio["shortfall"].sum()),
            "structure": plan.structure,
        }
        tables = {
            # Whole evaluations and ages as integers (82, not 82.0), decimals kept.
            "reserve_pool": as_written(plan.pool),
            "nominees": as_written(plan.nominees),
            "reserve_ratio": as_written(plan.ratio),
        }
        text = render(plan, counts, settings["out"], settings["lang"])
        finish(run, "reserves", plan, counts, tables, text, check)


def _reason_counts(rows) -> dict[str, int]:
    codes: dict[str, int] = {}
    for value in rows["reason_code"]:
        for code in str(value).split(";"):
            codes[code] = codes.get(code, 0) + 1
    return dict(sorted(codes.items()))


def render(plan: ReservePlan, counts: dict, out: Path, lang: str) -> str:
    """The terminal summary of a review."""
    lines = [
        say(
            "review.cli.reserves_title",
            lang,  # type: ignore[arg-type]
            kept=counts["kept"],
            left=counts["left"],
            admitted=counts["admitted"],
            nominees=counts["nominees"],
            status=say(f"review.cli.status_{plan.status.value}", lang),  # type: ignore[arg-type]
            solver=say(f"review.cli.solver_{plan.solver}", lang),  # type: ignore[arg-type]
            priority=plan.priority,
            objective=f"{plan.objective:g}",
            bound=f"{plan.bound:g}",
            seconds=f"{plan.seconds:.2f}",
        ),
        "  "
        + say(
            "review.cli.reserves_shortfall",
            lang,  # type: ignore[arg-type]
            ratio=int(plan.ratio["target"].iloc[0]) if len(plan.ratio) else 0,
            before=counts["shortfall_before"],
            after=counts["shortfall_after"],
        ),
    ]
    villages = dict(zip(plan.ratio["village_id"], plan.ratio["village_name"], strict=True))
    left = plan.pool[plan.pool["status"] == "left"]
    for row in left.head(20).itertuples(index=False):
        lines.append("    - " + _person_line(row, lang, villages))
    if len(left) > 20:
        lines.append(
            "    " + say("cli.more_in_file", lang, count=len(left) - 20, file="reserve_pool.csv")  # type: ignore[arg-type]
        )
    admitted = plan.pool[plan.pool["status"] == "admitted"]
    for row in admitted.head(20).itertuples(index=False):
        lines.append("    + " + _person_line(row, lang, villages))
    if len(admitted) > 20:
        lines.append(
            "    " + say("cli.more_in_file", lang, count=len(admitted) - 20, file="nominees.csv")  # type: ignore[arg-type]
        )
    for note in plan.notes:
        lines.append("  " + say("cli.note", lang, note=note_text(note, lang)))  # type: ignore[arg-type]
    lines.append("  " + say("review.cli.written", lang, out=out))  # type: ignore[arg-type]
    return "\n".join(lines)


def _person_line(row: Any, lang: str, villages: Mapping[str, object]) -> str:
    """A reserve or nominee of the summary: 林志鹏（R01，青山村）：… / 林志鹏 (R01, 青山村): …"""
    return say(
        "review.cli.person_line",
        lang,  # type: ignore[arg-type]
        name=row.name if isinstance(row.name, str) else "",
        id=row.person_id,
        village=village_name(villages, row.village_id),
        reason=row.reason,
    )
