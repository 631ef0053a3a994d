"""``plan mentors``: optimal mentor pairing (雏雁导师结对) with explanations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cadreplan.solver.check import check_mentor_plan
from cadreplan.solver.mentors import MentorPlan, plan_mentors

from .options import plan_options, progress
from .plans import finish, prepare, verify
from .render.labels import header


@click.command("mentors")
@plan_options("mentors")
def command(**settings: Any) -> None:
    """Pair every reserve cadre with a mentor, or say exactly why not.

    The plan pairs the most reserves, then maximises the total pair score, within every
    hard rule: mentor capacity, max_km, conflicts of interest, the mentor types required
    for weak villages, same_village_max and (if given) pair_scores. It writes
    mentor_pairs.csv, mentor_load.csv, unassigned.csv, mentors.xlsx and summary.json.

    \b
    Example:
      plan mentors
      plan mentors --data district/ --rules strict.toml --out plans/mentors --lang zh
    """
    run = prepare(settings)
    dataset = run.dataset
    progress(
        f"Pairing {len(dataset.reserves)} reserves with {len(dataset.mentors)} mentors",
        settings["quiet"],
    )
    plan = plan_mentors(dataset, run.rules, run.options)
    verify(check_mentor_plan(dataset, run.rules, plan))
    counts = {
        "reserves": len(dataset.reserves),
        "mentors": len(dataset.mentors),
        "assigned": plan.assigned,
        "unassigned": len(plan.unassigned),
        "kept": int(plan.pairs["kept"].sum()),
    }
    tables = {
        "mentor_pairs": plan.pairs,
        "mentor_load": plan.load,
        "unassigned": plan.unassigned,
    }
    text = render(plan, dataset, settings["out"], settings["lang"])
    finish(run, "mentors", plan, counts, tables, text)


def render(plan: MentorPlan, dataset, out: Path, lang: str) -> str:
    zh = lang == "zh"
    total = len(dataset.reserves)
    lines = [
        (
            f"导师结对: {plan.assigned}/{total} 名后备干部已结对"
            if zh
            else f"Mentor pairing: {plan.assigned} of {total} reserves paired"
        )
        + f" ({plan.status.value}, {plan.solver}, "
        + f"{'总分' if zh else 'total score'} {plan.objective:.2f}, "
        + f"{'上界' if zh else 'bound'} {plan.bound:.2f}, {plan.seconds:.2f} s)"
    ]
    load = plan.load.groupby("mentor_type")[["load", "capacity"]].sum()
    lines.append(f"  {'按导师类型的带教量' if zh else 'load by mentor type'}:")
    for kind, row in load.iterrows():
        lines.append(f"    {kind}: {row['load']}/{row['capacity']}")
    previous = dataset.previous_pairs
    kept = int(plan.pairs["kept"].sum())
    current = set(zip(plan.pairs["reserve_id"], plan.pairs["mentor_id"], strict=True))
    broken = [
        (r, m)
        for r, m in zip(previous["reserve_id"], previous["mentor_id"], strict=True)
        if (r, m) not in current
    ]
    lines.append(
        f"  {'与上年相比' if zh else 'changes from last year'}: "
        f"{kept} {'对延续' if zh else 'pairs kept'}, {len(broken)} "
        f"{'对调整' if zh else 'changed'}"
        + (f" ({', '.join(f'{r}-{m}' for r, m in broken[:10])})" if broken else "")
    )
    lines.append(f"  {header('unassigned', lang)}: {len(plan.unassigned)}")
    for row in plan.unassigned.head(20).itertuples(index=False):
        lines.append(
            f"    {row.reserve_id} {row.reserve_name} ({row.reserve_village}): {row.reason}"
        )
    if len(plan.unassigned) > 20:
        lines.append(f"    ... {len(plan.unassigned) - 20} more in unassigned.csv")
    for note in plan.notes:
        lines.append(f"  note: {note}")
    lines.append(f"  {'输出目录' if zh else 'written to'} {out}/")
    return "\n".join(lines)
