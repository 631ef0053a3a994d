"""``plan generate``: a synthetic district in the dataset format."""

from __future__ import annotations

from pathlib import Path

import click

from cadreplan.solver.generate import generate_dataset, write_dataset

from .options import YEAR, quiet_option
from .render.output import staged_output


@click.command("generate")
@click.option(
    "--villages",
    type=click.IntRange(1, 200_000),
    required=True,
    help="How many villages (a province has about 26,000).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Random seed; the same seed gives the same bytes.",
)
@click.option(
    "--year",
    type=YEAR,
    default=None,
    help="Year the birth and Party years are drawn against. Default: this year.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="A folder for CSV tables, or a path ending in .xlsx for one workbook.",
)
@quiet_option
def command(villages: int, seed: int, year: int | None, out: Path, quiet: bool) -> None:
    """Write a synthetic dataset of VILLAGES villages, valid for every command.

    Towns hold 10-20 villages on a connected road network; there are about 2 reserves per
    village, a mentor per 3 reserves, 8% vacant posts and 5% vetting failures.

    \b
    Example:
      plan generate --villages 300 --seed 1 --out city/
      plan generate --villages 50 --out district.xlsx
    """
    tables = generate_dataset(villages, seed=seed, year=year)
    if out.suffix.lower() == ".xlsx":
        with staged_output(out.parent) as stage:
            write_dataset(tables, stage / out.name)
    else:
        with staged_output(out) as stage:
            write_dataset(tables, stage)
    if not quiet:
        counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
        click.echo(f"Wrote {out}: {counts}")
