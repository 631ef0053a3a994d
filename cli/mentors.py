"""``plan mentors``: optimal mentor pairing (雏雁导师结对) with explanations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cadreplan.solver.check import check_mentor_plan
from cadreplan.solver.explain import localise
from cadreplan.solver.mentors import TABLES, MentorPlan, plan_mentors
from cadreplan.solver.words import (
    Lang,
    enum_word,
    named,
    note_text,
    say,
    solver_word,
    status_word,
)

from .options import plan_options
from .plans import checking, finish, prepare
from .render.filing import roster_order


@click.command(
    "mentors", help=say("help.mentors", "en"), short_help=say("help.mentors.short", "en")
)
@plan_options("mentors")
def command(**settings: Any) -> None:
    """``plan mentors``; its help is the catalogue's ``help.mentors`` (solver/words/help.py)."""
    run = prepare(settings, TABLES)
    dataset = run.dataset
    if dataset.mentors.empty and not dataset.reserves.empty and not settings["quiet"]:
        # A header with no rows under it (or no mentors table): every reserve is left
        # unpaired with the reason no_mentors; said here too, not only in unassigned.csv.
        click.echo(
            say("cli.warn.no_mentors", settings["lang"], label=dataset.labels["mentors"]),
            err=True,
        )
    plan = plan_mentors(dataset, run.rules, run.options)
    # The checker runs alongside the tables and the writing; nothing is published before
    # it passes the plan (see .plans.checking).
    with checking(lambda: check_mentor_plan(dataset, run.rules, plan), run.timings) as check:
        counts = {
            "reserves": len(dataset.reserves),
            "mentors": len(dataset.mentors),
            "assigned": plan.assigned,
            "unassigned": len(plan.unassigned),
            "kept": int(plan.pairs["kept"].sum()),
        }
        tables = {
            # As the 结对名单 lists them: by village, then name (not by generated id).
            "mentor_pairs": roster_order(
                plan.pairs, dataset, "reserve_village", "reserve_name", "reserve_id"
            ).reset_index(drop=True),
            "mentor_load": plan.load,
            "unassigned": localise(plan.unassigned, plan.reasons, settings["lang"]),
        }
        text = render(plan, dataset, settings["out"], settings["lang"])
        finish(run, "mentors", plan, counts, tables, text, check)


def changed_pairs(plan: MentorPlan, dataset) -> list[tuple[str, str, str | None]]:
    """Last year's pairs the plan does not keep: (reserve, last year's mentor, this plan's
    mentor or None when the reserve is left unpaired), in the order of ``previous_pairs``."""
    previous = dataset.previous_pairs
    mentor_of = dict(zip(plan.pairs["reserve_id"], plan.pairs["mentor_id"], strict=True))
    return [
        (str(r), str(m), None if mentor_of.get(r) is None else str(mentor_of[r]))
        for r, m in zip(previous["reserve_id"], previous["mentor_id"], strict=True)
        if mentor_of.get(r) != m
    ]


def _names(dataset) -> dict[str, str]:
    """Reserves' and mentors' names by id."""
    return {
        **dict(zip(dataset.reserves["person_id"], dataset.reserves["name"], strict=True)),
        **dict(zip(dataset.mentors["person_id"], dataset.mentors["name"], strict=True)),
    }


def render(plan: MentorPlan, dataset, out: Path, lang: Lang) -> str:
    """The terminal summary of a mentor plan, in ``lang``."""

    def t(key: str, **params: object) -> str:
        return say(key, lang, **params)

    lines = [
        t(
            "mentors.headline",
            assigned=plan.assigned,
            total=len(dataset.reserves),
            status=status_word(plan.status.value, lang),
            solver=solver_word(plan.solver, lang),
            objective=plan.objective,
            bound=plan.bound,
            seconds=plan.seconds,
        )
    ]
    load = plan.load.groupby("mentor_type")[["load", "capacity"]].sum()
    lines.append("  " + t("mentors.load_by_type"))
    for kind, row in load.iterrows():
        lines.append(
            "    "
            + t(
                "mentors.load_line",
                kind=enum_word("mentor_type", str(kind), lang),
                load=row["load"],
                capacity=row["capacity"],
            )
        )
    kept = int(plan.pairs["kept"].sum())
    changes = changed_pairs(plan, dataset)
    lines.append("  " + t("mentors.changes", kept=kept, changed=len(changes)))
    people = _names(dataset)
    for reserve, before, after in changes[:10]:
        lines.append(
            "    "
            + t(
                "mentors.change_line",
                reserve=named(reserve, people.get(reserve), lang),
                before=named(before, people.get(before), lang),
                after=named(after, people.get(after), lang)
                if after
                else t("mentors.change_unpaired"),
            )
        )
    if len(changes) > 10:
        lines.append(
            "    " + t("cli.more_in_file", count=len(changes) - 10, file="mentor_pairs.csv")
        )
    lines.append("  " + t("mentors.unassigned", count=len(plan.unassigned)))
    village_names = dataset.villages.set_index("village_id")["name"]
    for row in localise(plan.unassigned.head(20), plan.reasons[:20], lang).itertuples(index=False):
        lines.append(
            "    "
            + t(
                "mentors.unassigned_line",
                reserve=named(row.reserve_id, row.reserve_name, lang),
                village=village_names.get(row.reserve_village, row.reserve_village),
                reason=row.reason,
            )
        )
    if len(plan.unassigned) > 20:
        lines.append(
            "    " + t("cli.more_in_file", count=len(plan.unassigned) - 20, file="unassigned.csv")
        )
    for note in plan.notes:
        lines.append("  " + t("cli.note", note=note_text(note, lang)))
    lines.append("  " + t("cli.written_to", out=out))
    return "\n".join(lines)
