"""``plan backfill``: joint vetting and optimal backfill of vacant secretary posts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cadreplan.solver.backfill import BackfillPlan, plan_backfill
from cadreplan.solver.check import check_backfill_plan

from .options import plan_options, progress
from .plans import finish, prepare, verify
from .render.labels import header


@click.command("backfill")
@plan_options("backfill")
def command(**settings: Any) -> None:
    """Vet every candidate and fill the vacant secretary posts.

    Posts are filled from the village's own reserves, then cross-village (pilot villages,
    within cross_village_max_km), then by dispatched cadres. The plan fills the highest
    total priority weight, then the best total fit, and never proposes an ineligible
    person. It writes appointments.csv, shortlist.csv, unfilled.csv, eligibility.csv,
    reserve_ratio.csv, backfill.xlsx and summary.json.

    \b
    Example:
      plan backfill
      plan backfill --data district/ --rules structure.toml --lang zh --out plans/backfill
    """
    run = prepare(settings)
    dataset, rules = run.dataset, run.rules
    progress(f"Filling {int(dataset.villages['vacant'].sum())} vacant posts", settings["quiet"])
    plan = plan_backfill(dataset, rules, run.options)
    verify(check_backfill_plan(dataset, rules, plan))
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
        "unfilled": plan.unfilled,
        "eligibility": plan.eligibility,
        "reserve_ratio": plan.reserve_ratio,
    }
    text = render(plan, counts, settings["out"], settings["lang"])
    finish(run, "backfill", plan, counts, tables, text)


def render(plan: BackfillPlan, counts: dict, out: Path, lang: str) -> str:
    zh = lang == "zh"
    lines = [
        (
            f"空缺岗位补齐: {plan.filled}/{plan.vacancies} 个岗位已安排"
            if zh
            else f"Backfill: {plan.filled} of {plan.vacancies} vacant posts filled"
        )
        + f" ({plan.status.value}, {plan.solver}, "
        + f"{'优先权重' if zh else 'priority'} {plan.priority}, "
        + f"{'总匹配分' if zh else 'total fit'} {plan.objective:.2f}, "
        + f"{'上界' if zh else 'bound'} {plan.bound:.2f}, {plan.seconds:.2f} s)",
        f"  {'资格联审通过' if zh else 'eligible candidates'}: "
        f"{counts['eligible']}/{counts['candidates']}",
    ]
    for row in plan.appointments.head(30).itertuples(index=False):
        lines.append(
            f"    {row.village_id} {row.village_name} <- {row.person_id} {row.name} "
            f"({header(row.route, lang)}, {row.score:.2f})"
        )
    if len(plan.appointments) > 30:
        lines.append(f"    ... {len(plan.appointments) - 30} more in appointments.csv")
    lines.append(f"  {header('unfilled', lang)}: {len(plan.unfilled)}")
    for row in plan.unfilled.head(20).itertuples(index=False):
        lines.append(f"    {row.village_id} {row.village_name}: {row.reason}")
    lines.append(
        f"  {'后备干部缺口(1:2)' if zh else 'reserve shortfall against the ratio'}: "
        f"{counts['reserve_shortfall_before']} -> {counts['reserve_shortfall_after']}"
    )
    for note in plan.notes:
        lines.append(f"  note: {note}")
    lines.append(f"  {'输出目录' if zh else 'written to'} {out}/")
    return "\n".join(lines)
