"""``plan budget``: Monte-Carlo comparison of pay schemes for the finance office."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click
import pandas as pd

from cadreplan.solver.budget import (
    BUDGET_COLUMNS,
    BUDGET_TABLES,
    bundled_scenarios,
    load_scenario,
    ratings_used,
    run_budget,
)
from cadreplan.solver.words import Lang

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
from .render.budget_book import write_budget_workbook
from .render.budget_html import budget_html
from .render.budget_report import headline, money, say, scenario_label
from .render.folders import check_output_folder, file_digests
from .render.output import staged_output, to_json, write_csv, write_json
from .render.stamp import planning_epoch


@click.command("budget", help=say("help.budget", "en"), short_help=say("help.budget.short", "en"))
@click.argument("scenarios", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@data_option
@click.option(
    "--draws",
    type=click.IntRange(1, 10_000_000),
    default=10_000,
    show_default=True,
    help=say("help.budget.option.draws", "en"),
)
@click.option(
    "--years",
    type=click.IntRange(1, 50),
    default=None,
    help=say("help.budget.option.years", "en"),
)
@out_option("budget")
@csv_encoding_option
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help=say("help.budget.option.seed", "en"),
)
@lang_option
@json_option
@quiet_option
def command(
    scenarios: tuple[Path, ...],
    data: Path | None,
    draws: int,
    years: int | None,
    out: Path,
    csv_encoding: str,
    seed: int,
    lang: str,
    as_json: bool,
    quiet: bool,
) -> None:
    """``plan budget``; its help is the catalogue's ``help.budget`` (solver/words/help.py)."""
    check_output_folder(out, data)
    paths = list(scenarios) or bundled_scenarios()
    loaded = [load_scenario(p) for p in paths]
    # The budget needs the posts and the secretaries' status, ages and ratings: the other
    # tables (a province's million vetting rows) are assigned by their headers only, and the
    # other columns of these two are reported as not needed and left untyped.
    dataset = load(data, None, quiet or as_json, tables=BUDGET_TABLES, used_columns=BUDGET_COLUMNS)
    result = run_budget(loaded, dataset, draws=draws, years=years, seed=seed)
    tables = {
        "summary": pd.DataFrame(result.period_rows()),
        "per_year": pd.DataFrame(result.summary_rows()),
        "payers": pd.DataFrame(result.payer_rows()),
        "comparison": pd.DataFrame(
            result.comparison_rows(),
            columns=[
                "scenario",
                "vs",
                "year",
                "item",
                "difference_mean",
                "difference_p5",
                "difference_p50",
                "difference_p95",
            ],
        ),
        "assumptions": pd.DataFrame(result.assumption_rows()),
    }
    summary = {
        "command": "budget",
        "headline": headline(result, "en"),
        "draws": draws,
        "seed": seed,
        "scenarios": [
            {
                "name": sim.scenario.name,
                "file": sim.scenario.source,
                "sha256": sim.scenario.sha256,
                "headcount": sim.population.headcount,
                "headcount_source": sim.population.source,
                "ratings_source": sim.population.ratings_source,
                "years": list(sim.years),
                "total_first_year_mean": float(sim.total[0].mean()),
            }
            for sim in result.simulations
        ],
        "data": dataset.source,
        "inputs": dict(dataset.fingerprints),
        "cadreplan": package_version(),
    }
    if dataset.intake is not None:  # what each input file, sheet and column became
        summary["intake"] = dataset.intake.as_dict()
    with staged_output(out) as stage:
        # Scenario names are names, not codes: they follow the run's language, as in the
        # workbook (基准方案（2,500元/月）); items keep their codes for scripts.
        per_year = tables["per_year"].assign(
            scenario=tables["per_year"]["scenario"].map(lambda v: scenario_label(str(v), lang))
        )
        write_csv(stage, "budget_summary.csv", per_year, csv_encoding)
        if dataset.intake is not None:  # the tables and columns not needed are named there
            write_csv(
                stage,
                "intake.csv",
                pd.DataFrame(dataset.intake.records(cast(Lang, lang))),
                csv_encoding,
            )
        write_budget_workbook(stage, result, tables, lang)
        (stage / "budget.html").write_text(budget_html(result, tables, lang), encoding="utf-8")
        summary["source_date_epoch"] = planning_epoch()  # a rerun given it repeats the bytes
        summary["outputs"] = file_digests(stage)
        write_json(stage, "summary.json", summary)
    if as_json:
        click.echo(to_json(summary))
    elif not quiet:
        click.echo(headline(result, lang))
        for sim in result.simulations:
            source = sim.population.source
            if source.startswith("data"):
                source = say("budget.headcount.data", lang, posts=sim.population.headcount)
            else:
                source = say("budget.headcount.scenario", lang)
            click.echo(
                say(
                    "budget.line.scenario",
                    lang,
                    name=scenario_label(sim.scenario.name, lang),
                    headcount=sim.population.headcount,
                    source=source,
                    first=sim.years[0],
                    last=sim.years[-1],
                    total=money(float(sim.total[0].mean()), lang),
                )
            )
            if sim.scenario.ratings["source"] == "data":  # the year's ratings (plan ratings)
                used = ratings_used(sim.population, lang)
                click.echo(say("review.cli.budget_ratings", lang, source=used))
        click.echo(say("budget.line.written", lang, out=out))
