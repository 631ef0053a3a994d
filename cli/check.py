"""``plan check``: validate a dataset and print the information-database summary (信息库)."""

from __future__ import annotations

from pathlib import Path

import click

from cadreplan.solver.infobase import database_summary
from cadreplan.solver.rules import load_rules

from .options import data_option, json_option, load, year_option
from .render.output import to_json


@click.command("check")
@data_option
@year_option
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A TOML file whose keys override the bundled rules (for the 1:2 target and vetting).",
)
@json_option
def command(data: Path | None, year: int | None, rules_path: Path | None, as_json: bool) -> None:
    """Validate a dataset and print its information-database summary.

    The summary gives villages by town and category (with the derived large and
    long_tenure), the vacant posts and why, the reserve ratio against 1:2, candidates not
    fully vetted, and the mentors' capacity against the reserves.

    \b
    Example:
      plan check
      plan check --data district/ --year 2027 --json
    """
    rules = load_rules(rules_path)
    dataset = load(data, year, as_json)
    summary = database_summary(dataset, rules)
    if as_json:
        click.echo(to_json(summary))
        return
    click.echo(render_summary(summary))


def render_summary(summary: dict) -> str:
    lines = [
        f"Information database of {summary['source']} (plan year {summary['year']})",
        f"  villages: {summary['villages']} in {len(summary['towns'])} town(s); "
        + ", ".join(f"{k} {v}" for k, v in summary["kinds"].items()),
    ]
    for town, count in list(summary["towns"].items())[:20]:
        lines.append(f"    {town}: {count}")
    if len(summary["towns"]) > 20:
        lines.append(f"    ... and {len(summary['towns']) - 20} more towns")
    lines.append("  by category:")
    for name, entry in summary["categories"].items():
        shown = ", ".join(entry["villages"][:10])
        more = " ..." if entry["count"] > 10 else ""
        lines.append(f"    {name}: {entry['count']}" + (f" ({shown}{more})" if shown else ""))
    vacancies = summary["vacancies"]
    lines.append(f"  vacant posts: {len(vacancies)}")
    for post in vacancies[:30]:
        cats = f" [{', '.join(post['categories'])}]" if post["categories"] else ""
        lines.append(f"    {post['village_id']} {post['name']}{cats}: {post['reason']}")
    if len(vacancies) > 30:
        lines.append(f"    ... and {len(vacancies) - 30} more")
    ratio = summary["reserve_ratio"]
    shortfalls = ratio["shortfalls"]
    lines.append(
        f"  reserves: {summary['reserves']}; villages below 1:{ratio['target_per_post']}: "
        f"{len(shortfalls)} (total shortfall {sum(s['shortfall'] for s in shortfalls)})"
    )
    for item in shortfalls[:30]:
        lines.append(
            f"    {item['village_id']} {item['name']}: {item['reserves']} of {item['target']}"
        )
    if len(shortfalls) > 30:
        lines.append(f"    ... and {len(shortfalls) - 30} more")
    open_items = summary["not_fully_vetted"]
    lines.append(f"  candidates not fully vetted: {len(open_items)}")
    for item in open_items[:30]:
        problems = ", ".join(f"{d} {r}" for d, r in item["departments"].items())
        lines.append(f"    {item['person_id']} {item['name']}: {problems}")
    if len(open_items) > 30:
        lines.append(f"    ... and {len(open_items) - 30} more")
    mentors = summary["mentors"]
    lines.append(
        f"  mentors: {mentors['count']} with capacity {mentors['capacity']} "
        f"for {mentors['reserves']} reserves"
    )
    for kind, entry in mentors["by_type"].items():
        lines.append(f"    {kind}: {entry['count']} (capacity {entry['capacity']})")
    lines.append(f"  dispatched cadres: {summary['dispatched']}")
    method = {
        "road": "shortest paths over roads",
        "great_circle": "great-circle from lat/lon",
        "none": "NONE: no roads and no lat/lon, so distance limits cannot be applied",
    }[summary["distances"]]
    lines.append(f"  distances: {method}")
    return "\n".join(lines)
