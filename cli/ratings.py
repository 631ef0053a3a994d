"""``plan ratings``: the yearly performance ratings (实绩考核) under the cap on 好."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
import pandas as pd

from cadreplan.solver.check_review import check_rating_plan
from cadreplan.solver.errors import DataError
from cadreplan.solver.ratings import RatingPlan, assessment_columns, plan_ratings
from cadreplan.solver.rules import load_rules, rules_as_dict
from cadreplan.solver.words import enum_word, named, say

from . import package_version
from .options import (
    csv_encoding_option,
    data_option,
    json_option,
    lang_option,
    load,
    out_option,
    quiet_option,
)
from .plans import checking, emit, write_plan
from .render.folders import check_output_folder


@click.command("ratings")
@data_option
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A TOML file whose keys override the bundled rules ([ratings]).",
)
@out_option("ratings")
@csv_encoding_option
@lang_option
@json_option
@quiet_option
def command(**settings: Any) -> None:
    """Rate every secretary 好 / 较好 / 一般 / 差 from the assessment, under the cap.

    The rating follows the thresholds of [ratings] (excellent_min, good_min, fair_min); a
    veto (一票否决) gives 差. At most floor(cap_excellent x secretary posts) per scope
    (district or town) keep 好, the highest assessments first; a tied group on the boundary
    is rated 较好 as a whole (no lottery). Ratings already in the data that break the cap
    are reported. It writes ratings.csv, secretaries_next.csv (差 in post -> to_adjust, the
    input of plan backfill), cap_check.csv, ratings.xlsx and summary.json.

    \b
    Example:
      plan ratings
      plan ratings --data district/ --rules town-cap.toml --lang zh --out plans/ratings
    """
    check_output_folder(settings["out"], settings["data"])  # before any reading (exit 2)
    rules = load_rules(settings["rules_path"])
    quiet = settings["quiet"] or settings["as_json"]
    # Only the secretaries (and villages, for the towns) are read; every other table is
    # "not needed by this command" in the intake report.
    dataset = load(settings["data"], None, quiet, tables=("secretaries",))
    lang = settings["lang"]
    roster, has_assessment, has_veto = assessment_columns(dataset)
    if not has_assessment:
        # Without the column only vetoes can be rated, and last year's ratings still be
        # checked against the cap; with none of these there is nothing to do (exit 2).
        last_year = bool((dataset.secretaries["rating"] != "").any())
        if not has_veto and not last_year:
            raise DataError(roster, column="实绩考核得分", key="review.err.no_assessment")
        key = "review.warn.no_assessment" if has_veto else "review.warn.no_assessment_veto"
        click.echo(say(key, lang, file=roster), err=True)
    plan = plan_ratings(dataset, rules, lang=lang)
    # The checker runs alongside the tables and the writing; nothing is published before
    # it passes the ratings (see .plans.checking).
    with checking(lambda: check_rating_plan(dataset, rules, plan)) as check:
        counts = plan.counts()
        rules_file = None
        if settings["rules_path"] is not None:
            rules_file = {
                "path": str(settings["rules_path"]),
                "sha256": hashlib.sha256(Path(settings["rules_path"]).read_bytes()).hexdigest(),
            }
        to_adjust = plan.secretaries_next["status"] == "to_adjust"
        newly = plan.ratings["rating"].eq("poor") & plan.ratings["status"].eq("in_post")
        summary = {
            "command": "ratings",
            "status": "optimal",
            "method": "rules (thresholds, veto, cap per scope, whole tied groups)",
            "scope": plan.scope,
            "secretaries": len(plan.ratings),
            "rated": len(plan.ratings) - counts["not_assessed"],
            "ratings": counts,
            "reason_codes": {
                str(k): int(v)
                for k, v in plan.ratings["reason_code"].value_counts().sort_index().items()
            },
            "caps": plan.caps,
            "excellent_unused": sum(c["unused"] for c in plan.caps.values()),
            "to_adjust": plan.secretaries_next.loc[to_adjust, "person_id"].tolist(),
            "newly_to_adjust": plan.ratings.loc[newly, "person_id"].tolist(),
            "existing_over_cap": plan.over_cap.to_dict("records"),
            "data": dataset.source,
            "inputs": dict(dataset.fingerprints),
            "rules_file": rules_file,
            "rules": rules_as_dict(rules),
            "cadreplan": package_version(),
        }
        tables = {
            "ratings": plan.ratings,
            "secretaries_next": plan.secretaries_next,
            "cap_check": plan.cap_check,
        }
        extra = {}
        if dataset.intake is not None:  # what each input file, sheet, column and row became
            summary["intake"] = dataset.intake.as_dict()
            extra["intake"] = pd.DataFrame(dataset.intake.records(lang))
        write_plan(
            settings["out"],
            tables,
            "ratings.xlsx",
            summary,
            lang,
            csv_encoding=settings["csv_encoding"],
            dataset=dataset,
            csv_only=extra,
            check=check,
        )
        villages = dict(zip(dataset.villages["village_id"], dataset.villages["name"], strict=True))
        text = render(plan, settings["out"], lang, villages)
        emit(summary, text, settings["as_json"], settings["quiet"])


def render(
    plan: RatingPlan, out: Path, lang: str, villages: Mapping[str, object] | None = None
) -> str:
    """The terminal summary of the ratings.

    ``villages``: village id to name; a secretary's village is shown by its name (by its
    id when it has none), as the other plans show villages.
    """
    villages = villages or {}
    counts = plan.counts()
    scope_word = say(f"review.cli.scope_word_{plan.scope}", lang)  # type: ignore[arg-type]
    cap_text = say(
        f"review.cli.cap_{plan.scope}",
        lang,  # type: ignore[arg-type]
        share=plan.share,
        posts=sum(c["posts"] for c in plan.caps.values()),
        cap=sum(c["cap"] for c in plan.caps.values()),
    )
    lines = [
        say(
            "review.cli.ratings_title",
            lang,  # type: ignore[arg-type]
            rated=len(plan.ratings) - counts["not_assessed"],
            scope=scope_word,
            cap_text=cap_text,
            **{k: counts[k] for k in ("excellent", "good", "fair", "poor")},
        )
    ]
    for row in plan.ratings.itertuples(index=False):
        # Not rated: the reason says so (…：不评定), so the line does not say it first too.
        line = say(
            "review.cli.rating_line" if row.rating else "review.cli.person_line",
            lang,  # type: ignore[arg-type]
            name=row.name if isinstance(row.name, str) else "",
            id=row.person_id,
            village=village_name(villages, row.village_id),
            rating=enum_word("rating", row.rating, lang) if row.rating else "",  # type: ignore[arg-type]
            reason=row.reason,
        )
        lines.append("    " + line)
        if len(lines) > 40:
            lines.append(
                "    "
                + say("cli.more_in_file", lang, count=len(plan.ratings) - 40, file="ratings.csv")  # type: ignore[arg-type]
            )
            break
    for name, cap in plan.caps.items():
        if cap["unused"]:
            lines.append(
                "  "
                + say(
                    "review.cli.cap_unused",
                    lang,  # type: ignore[arg-type]
                    unused=cap["unused"],
                    scope=say("review.scope.district", lang)  # type: ignore[arg-type]
                    if name == "district"
                    else name,
                    tied=cap["tied"],
                    tied_at=f"{cap['tied_at']:g}",
                    cap=cap["cap"],
                )
            )
    poor = plan.ratings[plan.ratings["rating"] == "poor"]
    if len(poor):
        sep = say("list.sep", lang)  # type: ignore[arg-type]
        people = sep.join(
            named(p, n, lang)  # type: ignore[arg-type]
            for p, n in zip(poor["person_id"], poor["name"], strict=True)
        )
        lines.append("  " + say("review.cli.to_adjust", lang, people=people))  # type: ignore[arg-type]
    names = dict(zip(plan.ratings["person_id"], plan.ratings["name"], strict=True))
    for row in plan.over_cap.itertuples(index=False):
        over = [person for person in str(row.people).split(";") if person]
        lines.append(
            "  "
            + say(
                "review.cli.existing_over_cap",
                lang,  # type: ignore[arg-type]
                scope=(
                    say("review.scope.district", lang)  # type: ignore[arg-type]
                    if row.scope == "district"
                    else row.scope
                ),
                count=row.excellent_in_data,
                cap=row.cap,
                people=say("list.sep", lang).join(  # type: ignore[arg-type]
                    named(person, names.get(person), lang)  # type: ignore[arg-type]
                    for person in over
                ),
            )
        )
    lines.append("  " + say("review.cli.written", lang, out=out))  # type: ignore[arg-type]
    return "\n".join(lines)


def village_name(villages: Mapping[str, object], village_id: object) -> str:
    """A village as a terminal line names it: its name (何家湾村), else its id."""
    name = villages.get(str(village_id))
    return name if isinstance(name, str) and name else str(village_id)
