"""``plan generate``: a synthetic district in the dataset format."""

from __future__ import annotations

from pathlib import Path

import click

from cadreplan.solver.generate import generate_dataset, write_dataset
from cadreplan.solver.words import Lang, has, say

from .options import YEAR, lang_option, quiet_option
from .render.folders import OutPath, staged_file
from .render.output import staged_output


@click.command(
    "generate", help=say("help.generate", "en"), short_help=say("help.generate.short", "en")
)
@click.option(
    "--villages",
    type=click.IntRange(1, 200_000),
    required=True,
    help=say("help.generate.option.villages", "en"),
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help=say("help.generate.option.seed", "en"),
)
@click.option(
    "--year",
    type=YEAR,
    default=None,
    help=say("help.generate.option.year", "en"),
)
@click.option(
    "--out",
    type=OutPath(path_type=Path),
    required=True,
    help=say("help.generate.option.out", "en"),
)
@quiet_option
@lang_option
def command(villages: int, seed: int, year: int | None, out: Path, quiet: bool, lang: Lang) -> None:
    """``plan generate``; its help is the catalogue's ``help.generate`` (solver/words/help.py)."""
    tables = generate_dataset(villages, seed=seed, year=year)
    if out.suffix.lower() == ".xlsx":
        with staged_file(out) as path:  # the folder holding the workbook is left alone
            write_dataset(tables, path)
    else:
        with staged_output(out) as stage:
            write_dataset(tables, stage)
    if not quiet:
        counts = say("list.sep", lang).join(
            say("generate.count", lang, table=table_word(name, lang), count=len(frame))
            for name, frame in tables.items()
        )
        click.echo(say("generate.wrote", lang, out=out, counts=counts))


def table_word(name: str, lang: Lang) -> str:
    """A table's name for a reader: its English name, or its Chinese name in zh."""
    return say(f"table.{name}", lang) if has(f"table.{name}") else name
