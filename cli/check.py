"""``plan check``: validate a dataset and print the information-database summary (信息库)."""

from __future__ import annotations

from pathlib import Path

import click

from cadreplan.solver.dataset import Dataset
from cadreplan.solver.infobase import database_summary
from cadreplan.solver.ratings import cap_of
from cadreplan.solver.rules import load_rules
from cadreplan.solver.words import (
    Lang,
    category_word,
    cut_list,
    enum_word,
    id_and_name,
    named,
    say,
)

from .options import data_option, json_option, lang_option, load, year_option
from .render.output import to_json

#: Share of secretary posts that may be rated 好 (SPEC: floor(0.15 × posts)).
EXCELLENT_SHARE = 0.15


@click.command("check", help=say("help.check", "en"), short_help=say("help.check.short", "en"))
@data_option
@year_option
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=say("help.check.option.rules_path", "en"),
)
@json_option
@lang_option
def command(
    data: Path | None, year: int | None, rules_path: Path | None, as_json: bool, lang: Lang
) -> None:
    """``plan check``; its help is the catalogue's ``help.check`` (solver/words/help.py)."""
    rules = load_rules(rules_path)
    dataset = load(data, year, as_json, lang)
    summary = database_summary(dataset, rules)
    warnings = check_warnings(dataset)
    if as_json:
        if dataset.intake is not None:
            summary["intake"] = dataset.intake.as_dict()
        summary["warnings"] = [w["code"] for w in warnings]
        click.echo(to_json(summary))
        return
    if dataset.intake is not None:
        click.echo(dataset.intake.render(lang))
    click.echo(render_summary(summary, lang))
    for warning in warnings:
        click.echo(say(warning["key"], lang, **warning["params"]), err=True)


def check_warnings(dataset: Dataset) -> list[dict]:
    """Warnings of ``plan check`` (SPEC): more secretaries rated 好 than floor(0.15 × posts)."""
    posts = len(dataset.villages)
    cap = cap_of(EXCELLENT_SHARE, posts)  # the cap of plan ratings (its one count)
    excellent = int((dataset.secretaries["rating"] == "excellent").sum())
    if excellent > cap:
        return [
            {
                "code": "excellent_over_cap",
                "key": "intake.warning.excellent_over_cap",
                "params": {"count": excellent, "cap": cap, "posts": posts},
            }
        ]
    return []


def render_summary(summary: dict, lang: Lang = "en") -> str:
    """The information-database summary for the terminal, in ``lang``."""

    def t(key: str, **params: object) -> str:
        return say(key, lang, **params)

    kinds = t("list.sep").join(
        t("check.kind_count", kind=enum_word("village_kind", k, lang), count=v)
        for k, v in summary["kinds"].items()
    )
    lines = [
        t("check.headline", source=summary["source"], year=summary["year"]),
        "  "
        + t("check.villages", count=summary["villages"], towns=len(summary["towns"]), kinds=kinds),
    ]
    for town, count in list(summary["towns"].items())[:20]:
        lines.append(f"    {town}{'：' if lang == 'zh' else ': '}{count}")
    if len(summary["towns"]) > 20:
        lines.append("    " + t("check.more_towns", count=len(summary["towns"]) - 20))
    lines.append("  " + t("check.by_category"))
    for name, entry in summary["categories"].items():
        line = t("check.category_line", name=category_word(name, lang), count=entry["count"])
        if entry["villages"]:
            shown = entry.get("names", entry["villages"])
            line += t("why.paren", text=cut_list(shown, 10, lang, total=entry["count"]))
        lines.append("    " + line)
    vacancies = summary["vacancies"]
    lines.append("  " + t("check.vacant_posts", count=len(vacancies)))
    for post in vacancies[:30]:
        cats = (
            f" [{t('list.sep').join(category_word(c, lang) for c in post['categories'])}]"
            if post["categories"]
            else ""
        )
        if post.get("reason_code") == "secretary_status":
            secretary = post["secretary"]
            reason = t(
                "check.vacancy.secretary_status",
                person=named(secretary["person_id"], secretary["name"], lang),
                status=enum_word("status", secretary["status"], lang),
            )
        else:
            reason = t("check.vacancy.no_secretary")
        head = id_and_name(post["village_id"], post["name"]) + cats
        lines.append("    " + t("cli.item_line", head=head, text=reason))
    if len(vacancies) > 30:
        lines.append("    " + t("check.and_more", count=len(vacancies) - 30))
    ratio = summary["reserve_ratio"]
    shortfalls = ratio["shortfalls"]
    lines.append(
        "  "
        + t(
            "check.reserves",
            reserves=summary["reserves"],
            target=ratio["target_per_post"],
            below=len(shortfalls),
            shortfall=sum(s["shortfall"] for s in shortfalls),
        )
    )
    for item in shortfalls[:30]:
        lines.append(
            "    "
            + t(
                "check.reserve_line",
                village=id_and_name(item["village_id"], item["name"]),
                reserves=item["reserves"],
                target=item["target"],
            )
        )
    if len(shortfalls) > 30:
        lines.append("    " + t("check.and_more", count=len(shortfalls) - 30))
    open_items = summary["not_fully_vetted"]
    lines.append("  " + t("check.not_vetted", count=len(open_items)))
    for item in open_items[:30]:
        problems = t("list.sep").join(
            t(
                "check.vetting_item",
                department=enum_word("department", d, lang),
                result=t("vetting.missing")
                if r == "missing"
                else enum_word("vetting_result", r, lang),
            )
            for d, r in item["departments"].items()
        )
        head = named(item["person_id"], item["name"], lang)
        lines.append("    " + t("cli.item_line", head=head, text=problems))
    if len(open_items) > 30:
        lines.append("    " + t("check.and_more", count=len(open_items) - 30))
    mentors = summary["mentors"]
    lines.append(
        "  "
        + t(
            "check.mentors",
            count=mentors["count"],
            capacity=mentors["capacity"],
            reserves=mentors["reserves"],
        )
    )
    for kind, entry in mentors["by_type"].items():
        lines.append(
            "    "
            + t(
                "check.mentor_type",
                kind=enum_word("mentor_type", kind, lang),
                count=entry["count"],
                capacity=entry["capacity"],
            )
        )
    lines.append("  " + t("check.dispatched", count=summary["dispatched"]))
    lines.append("  " + t("check.distances", method=t(f"check.distances.{summary['distances']}")))
    return "\n".join(lines)
