"""``plan backfill``: joint vetting and optimal backfill of vacant secretary posts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cadreplan.solver.backfill import BackfillPlan, plan_backfill
from cadreplan.solver.check import check_backfill_plan
from cadreplan.solver.explain import localise
from cadreplan.solver.words import (
    Lang,
    id_and_name,
    note_text,
    say,
    solver_word,
    status_word,
)

from .options import plan_options
from .plans import checking, finish, prepare


@click.command(
    "backfill", help=say("help.backfill", "en"), short_help=say("help.backfill.short", "en")
)
@plan_options("backfill")
def command(**settings: Any) -> None:
    """``plan backfill``; its help is the catalogue's ``help.backfill`` (solver/words/help.py)."""
    run = prepare(settings)
    dataset, rules = run.dataset, run.rules
    plan = plan_backfill(dataset, rules, run.options)
    # The checker runs alongside the tables and the writing; nothing is published before
    # it passes the plan (see .plans.checking).
    with checking(lambda: check_backfill_plan(dataset, rules, plan), run.timings) as check:
        counts = {
            "vacancies": plan.vacancies,
            "filled": plan.filled,
            "unfilled": len(plan.unfilled),
            "priority_filled": plan.priority,
            "routes": {
                route: int((plan.appointments["route"] == route).sum())
                for route in ("local", "cross_village", "dispatched")
            },
            "candidates": len(plan.eligibility),
            "eligible": int(plan.eligibility["eligible"].sum()),
            "structure": plan.structure,
            "reserve_shortfall_before": int(
                (plan.reserve_ratio["target"] - plan.reserve_ratio["reserves_before"])
                .clip(lower=0)
                .sum()
            ),
            "reserve_shortfall_after": int(plan.reserve_ratio["shortfall"].sum()),
        }
        tables = {
            "appointments": plan.appointments,
            "shortlist": plan.shortlist,
            "unfilled": localise(plan.unfilled, plan.reasons, settings["lang"]),
            "eligibility": plan.eligibility,
            "reserve_ratio": plan.reserve_ratio,
        }
        text = render(plan, counts, settings["out"], settings["lang"])
        finish(run, "backfill", plan, counts, tables, text, check)


def render(plan: BackfillPlan, counts: dict, out: Path, lang: Lang) -> str:
    """The terminal summary of a backfill plan, in ``lang``."""

    def t(key: str, **params: object) -> str:
        return say(key, lang, **params)

    lines = [
        t(
            "backfill.headline",
            filled=plan.filled,
            vacancies=plan.vacancies,
            status=status_word(plan.status.value, lang),
            solver=solver_word(plan.solver, lang),
            priority=plan.priority,
            objective=plan.objective,
            bound=plan.bound,
            seconds=plan.seconds,
        ),
        "  " + t("backfill.eligible", eligible=counts["eligible"], candidates=counts["candidates"]),
    ]
    for row in plan.appointments.head(30).itertuples(index=False):
        lines.append(
            "    "
            + t(
                "backfill.appointment",
                village=id_and_name(row.village_id, row.village_name),
                person_id=row.person_id,
                name=row.name,
                route=t(f"route.{row.route}"),
                score=row.score,
            )
        )
    if len(plan.appointments) > 30:
        lines.append(
            "    "
            + t("cli.more_in_file", count=len(plan.appointments) - 30, file="appointments.csv")
        )
    lines.append("  " + t("backfill.unfilled", count=len(plan.unfilled)))
    for row in localise(plan.unfilled.head(20), plan.reasons[:20], lang).itertuples(index=False):
        lines.append(f"    {id_and_name(row.village_id, row.village_name)}: {row.reason}")
    if len(plan.unfilled) > 20:
        lines.append(
            "    " + t("cli.more_in_file", count=len(plan.unfilled) - 20, file="unfilled.csv")
        )
    lines.append(
        "  "
        + t(
            "backfill.shortfall",
            before=counts["reserve_shortfall_before"],
            after=counts["reserve_shortfall_after"],
        )
    )
    for note in plan.notes:
        lines.append("  " + t("cli.note", note=note_text(note, lang)))
    lines.append("  " + t("cli.written_to", out=out))
    return "\n".join(lines)
