"""Shared click options and the loading step every planning command starts with."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import click

from cadreplan.scenarios import sample_path
from cadreplan.solver.dataset import Dataset, load_dataset, this_year
from cadreplan.solver.intake.report import IntakeReport, closest_word, label_word
from cadreplan.solver.words import LANGS, Lang, say

from .lang import META_KEY, current_lang, help_key
from .render.encodings import CSV_ENCODINGS, DEFAULT_CSV_ENCODING
from .render.folders import OutPath

#: What summaries and `plan check` call the bundled sample district, by language.
SAMPLE_NAME = {"en": "bundled sample (青溪街道)", "zh": "自带样例街道（青溪街道）"}
YEAR = click.IntRange(1900, 2100)


def data_option(func: Callable) -> Callable:
    func = _intake_options(func)
    return click.option(
        "--data",
        type=click.Path(path_type=Path),
        default=None,
        help=say("help.option.data", "en"),
    )(func)


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> object:
    ctx.meta[f"cadreplan.{param.name}"] = value
    return value


def _intake_options(func: Callable) -> Callable:
    """``--columns`` and ``--strict`` on every command that reads data (used by :func:`load`)."""
    func = click.option(
        "--strict",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help=say("help.option.strict", "en"),
    )(func)
    return click.option(
        "--columns",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None,
        expose_value=False,
        callback=_remember,
        help=say("help.option.columns", "en"),
    )(func)


def year_option(func: Callable) -> Callable:
    return click.option(
        "--year",
        type=YEAR,
        default=None,
        help=say("help.option.year", "en"),
    )(func)


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta[META_KEY] = value
    return value


def lang_option(func: Callable) -> Callable:
    """``--lang en|zh`` for a command: the language of every word it prints and writes.

    The default follows the locale (:func:`cadreplan.solver.words.default_lang`); the value
    reaches the command as ``lang`` and is also kept for the error handler of the ``plan``
    group, so that errors raised by the command are shown in the same language.
    """
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        # ``plan --lang zh mentors`` too: the group keeps the --lang of the whole command line
        # (see PlanGroup.make_context); without one, the locale's.
        default=lambda: current_lang(),
        show_default=say("help.default.lang", "en"),
        is_eager=True,
        callback=_remember_lang,
        help=say("help.option.lang", "en"),
    )(func)


def json_option(func: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help=say("help.option.as_json", "en"))(
        func
    )


def quiet_option(func: Callable) -> Callable:
    return click.option("--quiet", "-q", is_flag=True, help=say("help.option.quiet", "en"))(func)


def csv_encoding_option(func: Callable) -> Callable:
    """``--csv-encoding``: how every CSV output of a command is written."""
    return click.option(
        "--csv-encoding",
        type=click.Choice(CSV_ENCODINGS),
        default=DEFAULT_CSV_ENCODING,
        show_default=True,
        help=say("help.option.csv_encoding", "en"),
    )(func)


def out_option(command: str) -> Callable:
    def decorate(func: Callable) -> Callable:
        return click.option(
            "--out",
            type=OutPath(path_type=Path, file_okay=False),
            default=Path("plan-output") / command,
            show_default=True,
            help=say("help.option.out", "en"),
        )(func)

    return decorate


def plan_options(command: str) -> Callable:
    """The options shared by ``plan mentors`` and ``plan backfill``."""

    def decorate(func: Callable) -> Callable:
        option: Any  # click's decorators
        for option in reversed(
            [
                data_option,
                click.option(
                    "--rules",
                    "rules_path",
                    type=click.Path(path_type=Path, dir_okay=False),
                    default=None,
                    help=say("help.option.rules_path", "en"),
                ),
                out_option(command),
                csv_encoding_option,
                year_option,
                click.option(
                    "--time-limit",
                    type=click.FloatRange(min=0, min_open=True),
                    default=60.0,
                    show_default=True,
                    help=say("help.option.time_limit", "en"),
                ),
                click.option(
                    "--seed",
                    type=click.IntRange(min=0),
                    default=0,
                    show_default=True,
                    help=say("help.option.seed", "en"),
                ),
                click.option(
                    "--solver",
                    type=click.Choice(["auto", "flow", "cpsat"]),
                    default="auto",
                    show_default=True,
                    help=say(help_key(command, "solver") or "help.option.solver", "en"),
                ),
                lang_option,
                json_option,
                quiet_option,
            ]
        ):
            func = option(func)
        return func

    return decorate


def load(
    data: Path | None,
    year: int | None,
    quiet: bool,
    lang: Lang | None = None,
    *,
    warn: bool | None = None,
    tables: Collection[str] | None = None,
    used_columns: Mapping[str, Collection[str]] | None = None,
) -> Dataset:
    """Load ``--data`` or, without it, the bundled sample (and say so on stderr).

    ``lang`` is the language of that line; default the running command's ``--lang``.
    ``warn`` (default: not ``quiet``) prints one stderr line for each sheet and column that
    was left unread although it resembles a known one, and for each hidden sheet, so that a
    renamed header never changes a plan without a word (``--strict`` refuses them instead).
    ``tables``: only these tables are read, ``used_columns``: only these of their columns
    are typed (see :func:`load_dataset`); default all.
    """
    if data is None and not quiet:
        click.echo(say("using_sample", lang or current_lang()), err=True)
    meta = click.get_current_context().meta if click.get_current_context(silent=True) else {}
    dataset = load_dataset(
        sample_path() if data is None else data,
        this_year() if year is None else year,
        columns=meta.get("cadreplan.columns"),
        strict=bool(meta.get("cadreplan.strict")),
        tables=tables,
        used_columns=used_columns,
    )
    if (not quiet if warn is None else warn) and dataset.intake is not None:
        for line in ignored_warnings(dataset.intake, lang or current_lang()):
            click.echo(line, err=True)
    if data is None:
        # Named as such, not by its install path (a site-packages folder means nothing to
        # a clerk, and differs between machines).
        name = SAMPLE_NAME.get(lang or current_lang(), SAMPLE_NAME["en"])
        dataset = dataclasses.replace(dataset, source=name)
    return dataset


def ignored_warnings(report: IntakeReport, lang: Lang) -> list[str]:
    """One line per hidden sheet, and per sheet or column ignored though it resembles a known one.

    These are what ``--strict`` refuses; without it the plan goes on, and the terminal says
    what was left out (the full list is in ``intake.csv``).
    """
    lines = []
    for source in report.ignored_sources():
        if source.reason == "intake.source.hidden":
            lines.append(say("cli.warn.hidden_sheet", lang, label=label_word(source.label, lang)))
        elif source.detail and source.header_rows:
            lines.append(
                say(
                    "cli.warn.ignored_sheet",
                    lang,
                    label=label_word(source.label, lang),
                    closest=closest_word(source.detail, lang),
                )
            )
    for column in report.ignored_columns():
        if column.closest:
            # The contract name in brackets means nothing to a Chinese reader.
            closest = column.closest.split(" (")[0] if lang == "zh" else column.closest
            lines.append(
                say(
                    "cli.warn.ignored_column",
                    lang,
                    label=label_word(column.label, lang),
                    header=column.header,
                    closest=closest,
                )
            )
    return lines


def progress(message: str, quiet: bool) -> None:
    """A progress line on stderr, only on a terminal (or for ``plan serve``: the
    CADREPLAN_PROGRESS variable) and without --quiet."""
    if not quiet and (sys.stderr.isatty() or os.environ.get("CADREPLAN_PROGRESS")):
        click.echo(message, err=True)
