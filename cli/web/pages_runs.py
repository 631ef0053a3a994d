"""The Run, Results and History pages: starting runs, progress, tables, downloads, reruns."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from cadreplan.cli.lang import click_language
from cadreplan.cli.main import COMMANDS
from cadreplan.solver.dataset import this_year
from cadreplan.solver.words import say, solver_word, status_word

from . import charts, described, names, tables
from .app import Config, PageError, Pages, lang_of, read_form, redirect, session_of
from .compare import compare_outputs, recorded_epoch
from .runner import Runner
from .store import Run, Session, Store

#: The commands the Run page offers, in the office's order; those this version lacks are left
#: out.
PLAN_COMMANDS = ("mentors", "backfill", "reserves", "ratings", "budget")
#: Options the Run page sets where the command takes them (click parameter names).
RUN_OPTIONS = ("year", "time_limit", "seed", "solver", "draws", "years")
#: The --solver methods a command really uses, where it accepts more than it uses:
#: plan reserves ranks nominees (or solves with HiGHS/CP-SAT); it builds no min-cost flow.
METHODS = {"reserves": ("auto", "cpsat")}


def available_commands() -> list[str]:
    return [name for name in PLAN_COMMANDS if name in COMMANDS]


def command_params(command: str) -> dict[str, click.Parameter]:
    """The click parameters of ``plan <command>``, by name (the form follows the command)."""
    module = importlib.import_module(f"cadreplan.cli.{command}")
    return {param.name: param for param in module.command.params if param.name}


def _not_found(request: Request) -> PageError:
    return PageError(404, say("web.not_found", lang_of(request)))  # type: ignore[arg-type]


def _run_of(request: Request, store: Store) -> Run:
    run = store.run(request.path_params["run_id"], session_of(request).key)
    if run is None:
        raise _not_found(request)
    return run


# run form ----------------------------------------------------------------------------------
def _run_form_context(session: Session) -> dict[str, Any]:
    commands = []
    for name in available_commands():
        params = command_params(name)
        options = []
        for option in RUN_OPTIONS:
            param = params.get(option)
            if param is None:
                continue
            default = param.default if not callable(param.default) else None
            if option == "year" and default is None:
                default = session.data.get("year") or this_year()
            choices = list(getattr(param.type, "choices", []) or [])
            if option == "solver" and name in METHODS:
                choices = [c for c in choices if c in METHODS[name]]
            options.append({"name": option, "default": default, "choices": choices})
        commands.append({"name": name, "options": options})
    return {"commands": commands}


async def run_page(request: Request, *, pages: Pages, config: Config, **_: Any) -> Response:
    session = session_of(request)
    return pages.render(
        request,
        "run.html",
        nav="run",
        data=session.data,
        problem=None,
        slots=config.max_runs,
        **_run_form_context(session),
    )


class OptionProblem(Exception):
    """A run option the command would refuse, with the command line's message."""


def build_arguments(command: str, values: dict[str, str], session: Session, lang: str) -> list[str]:
    """The command line of a run (relative to its folder), from the form's values.

    Each value is checked by the command's own click type, so a bad value gets the message
    the command line gives.

    Raises
    ------
    OptionProblem
        For a value the command would refuse, with click's message in the page's language.
    """
    params = command_params(command)
    arguments = ["--data", str(session.data["path"]), "--out", "out"]
    if "lang" in params:
        arguments += ["--lang", lang]
    if "rules_path" in params and (session.workspace / "rules.toml").exists():
        arguments += ["--rules", "rules.toml"]
    if "columns" in params and (session.workspace / "columns.toml").exists():
        arguments += ["--columns", "columns.toml"]
    context = click.Context(importlib.import_module(f"cadreplan.cli.{command}").command)
    for option in RUN_OPTIONS:
        param = params.get(option)
        raw = str(values.get(option, "")).strip()
        if param is None or raw == "":
            continue
        with click_language(lang):  # type: ignore[arg-type]
            try:
                param.type.convert(raw, param, context)
            except click.BadParameter as error:
                # Worded now, in the page's language, as the command line words it.
                raise OptionProblem(error.format_message()) from None
        if option == "solver" and raw not in METHODS.get(command, (raw,)):
            raise OptionProblem(
                say(
                    "web.run.method_unused",
                    lang,  # type: ignore[arg-type]
                    command=command,
                    method=solver_word(raw, lang),  # type: ignore[arg-type]
                    methods="、".join(solver_word(m, lang) for m in METHODS[command])  # type: ignore[arg-type]
                    if lang == "zh"
                    else ", ".join(solver_word(m, lang) for m in METHODS[command]),  # type: ignore[arg-type]
                )
            )
        arguments += [f"--{option.replace('_', '-')}", raw]
    return arguments


def _copy_inputs(source: Path, target: Path) -> None:
    """Copy a session's (or an earlier run's) data, rules and mappings into a run folder."""
    if (source / "input").is_dir():
        shutil.copytree(source / "input", target / "input")
    for name in ("rules.toml", "columns.toml"):
        if (source / name).is_file():
            shutil.copyfile(source / name, target / name)


async def start_run(
    request: Request, *, store: Store, runner: Runner, pages: Pages, config: Config, **_: Any
) -> Response:
    """Queue a run of the chosen command on the session's data."""
    session = session_of(request)
    lang = lang_of(request)
    form = await read_form(request)
    command = str(form.get("command") or "")
    if command not in available_commands():
        raise PageError(400, say("web.run.not_available", lang, command=command))  # type: ignore[arg-type]
    if not session.data.get("path"):
        raise PageError(400, say("web.run.need_data", lang))  # type: ignore[arg-type]
    values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    try:
        arguments = build_arguments(command, values, session, lang)
    except OptionProblem as error:
        return pages.render(
            request,
            "run.html",
            status=400,
            nav="run",
            data=session.data,
            problem=str(error),
            slots=config.max_runs,
            **_run_form_context(session),
        )
    time_limit = (
        _float(values.get("time_limit")) if "time_limit" in command_params(command) else None
    )
    if time_limit is None and "time_limit" in command_params(command):
        default = command_params(command)["time_limit"].default
        time_limit = float(default) if isinstance(default, int | float) else 60.0
    run = store.add_run(
        session, command, arguments, lang, time_limit, str(session.data.get("label", ""))
    )
    _copy_inputs(session.workspace, run.folder)
    runner.start(run)
    return redirect(f"/runs/{run.id}")


def _float(raw: str | None) -> float | None:
    try:
        return float(raw) if raw not in (None, "") else None
    except ValueError:
        return None


async def rerun(request: Request, *, store: Store, runner: Runner, **_: Any) -> Response:
    """Run the same command on the same copied inputs again (to compare the bytes)."""
    session = session_of(request)
    old = _run_of(request, store)
    await read_form(request)
    # The first run's planning moment, as its summary.json recorded it: the rerun's
    # workbooks are dated with it and so come out with the same bytes.
    epoch = recorded_epoch(old.folder / "out")
    run = store.add_run(
        session,
        old.command,
        old.argv,
        old.lang,
        old.time_limit,
        old.data_label,
        rerun_of=old.id,
        epoch=epoch if epoch is not None else old.epoch,
    )
    _copy_inputs(old.folder, run.folder)
    runner.start(run)
    return redirect(f"/runs/{run.id}")


async def cancel_run(request: Request, *, store: Store, runner: Runner, **_: Any) -> Response:
    run = _run_of(request, store)
    await read_form(request)
    runner.cancel(run.id)
    return redirect(f"/runs/{run.id}")


# progress and results ----------------------------------------------------------------------
def phase_text(run: Run, store: Store, lang: str) -> str:
    """The run's phase in words: waiting, reading, the command's own progress line, outcome."""
    phase = run.phase
    if phase.startswith("progress:"):
        return phase[len("progress:") :]
    if phase.startswith("timeout:"):
        return say("web.phase.timeout", lang, seconds=phase[len("timeout:") :])  # type: ignore[arg-type]
    if phase == "queued":
        return say("web.phase.queued", lang, ahead=store.queued_before(run))  # type: ignore[arg-type]
    if phase in ("started", "done", "cancelled"):
        return say(f"web.phase.{phase}", lang)  # type: ignore[arg-type]
    return say(f"web.status.{run.status}", lang)  # type: ignore[arg-type]


def _elapsed(run: Run) -> float:
    if run.started is None:
        return 0.0
    return (run.finished or time.time()) - run.started


async def run_status(request: Request, *, store: Store, **_: Any) -> Response:
    """The run's progress for the page's polling script."""
    run = _run_of(request, store)
    lang = lang_of(request)
    return JSONResponse(
        {
            "status": run.status,
            "status_text": say(f"web.status.{run.status}", lang),  # type: ignore[arg-type]
            "phase": phase_text(run, store, lang),
            "elapsed": round(_elapsed(run), 1),
            "time_limit": run.time_limit,
            "active": run.active,
        }
    )


def _same_bytes(run: Run, store: Store) -> dict[str, Any] | None:
    """A rerun's outputs against its first run's, file by file (None for a first run)."""
    if not run.rerun_of or run.status != "done":
        return None
    old = store.run(run.rerun_of, run.session)
    if old is None:
        return None
    files = compare_outputs(old.outputs, run.outputs, old.folder / "out", run.folder / "out")
    return {
        "run": old.id,
        "files": files,
        "same": sum(f.reproduced for f in files),
        "total": len(files),
    }


async def run_view(request: Request, *, store: Store, pages: Pages, **_: Any) -> Response:
    """A run: its progress while it runs, its results when it is done."""
    run = _run_of(request, store)
    lang = lang_of(request)
    out = run.folder / "out"
    context: dict[str, Any] = {
        "nav": "results",
        "run": run,
        "phase": phase_text(run, store, lang),
        "elapsed": _elapsed(run),
        "text": "",
        "figures": [],
        "sources": [],
        "reasons": [],
        "charts": [],
        "same": _same_bytes(run, store),
        "cell": tables.cell,
        "header": lambda name: names.name_word(name, lang),
        "settings": described.settings(run, lang),
    }
    if run.status == "done":
        stdout = run.folder / "stdout.txt"
        text = stdout.read_text("utf-8", errors="replace") if stdout.exists() else ""
        context["text"] = described.summary_text(text, lang)
        summary_path = out / "summary.json"
        summary = json.loads(summary_path.read_text("utf-8")) if summary_path.exists() else {}
        context["figures"] = figures(summary, lang)
        context["sources"] = tables.sources(out, lang, run.lang)
        context["reasons"] = tables.reasons(out, lang, run.lang)
        context["charts"] = tables.report_charts(out) or charts.plan_charts(out, lang)
    return pages.render(request, "run_view.html", **context)


#: summary.json entries shown as key figures, in this order, where present.
FIGURES = (
    "status",
    "objective",
    "bound",
    "gap",
    "seconds",
    "solver",
    "seed",
    "year",
    "reserves",
    "mentors",
    "assigned",
    "unassigned",
    "kept",
    "vacancies",
    "filled",
    "unfilled",
    "priority_filled",
    "candidates",
    "eligible",
    "draws",
)
#: summary.json entries that are not figures for a reader: the budget's ``headline`` (an
#: English sentence; the summary text above says it in the run's language) and the
#: planning moment the files are dated with (in the manifest).
NOT_FIGURES = ("headline", "source_date_epoch")


def _measure(name: str, value: Any, lang: str) -> str:
    """A solver setting worded for a clerk: gap as a percentage, the time limit in seconds,
    the score scale as the precision of scores (scale 100 → 0.01 分)."""
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        return str(value)
    if name == "gap":
        return f"{value * 100:g}%"
    if name == "time_limit":
        return say("web.figure.seconds_value", lang, seconds=f"{value:g}")  # type: ignore[arg-type]
    if value == 0:
        return str(value)
    return say("web.figure.points_value", lang, points=f"{1 / value:g}")  # type: ignore[arg-type]


def figures(summary: dict[str, Any], lang: str = "zh") -> list[tuple[str, str]]:
    """The summary's main entries as (name, value) pairs, status and solver in words."""
    worded = {
        "status": lambda v: status_word(str(v), lang),  # type: ignore[arg-type]
        "solver": lambda v: solver_word(str(v), lang),  # type: ignore[arg-type]
        "gap": lambda v: _measure("gap", v, lang),
        "time_limit": lambda v: _measure("time_limit", v, lang),
        "score_scale": lambda v: _measure("score_scale", v, lang),
    }
    shown = []
    for name in FIGURES:
        if name in summary and not isinstance(summary[name], dict | list):
            value = summary[name]
            shown.append((name, worded[name](value) if name in worded else str(value)))
    for name, value in summary.items():
        if name in FIGURES or name in NOT_FIGURES:
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown.append((name, worded[name](value) if name in worded else str(value)))
    return shown


async def table_view(request: Request, *, store: Store, pages: Pages, **_: Any) -> Response:
    """One result table with search, sorting and paging (all on the server)."""
    run = _run_of(request, store)
    lang = lang_of(request)
    found = tables.sources(run.folder / "out", lang, run.lang)
    try:
        index = int(request.path_params["name"])
        source = found[index]
    except (ValueError, IndexError):
        raise _not_found(request) from None
    params = request.query_params
    sort_raw = params.get("sort", "")
    page = tables.page_of(
        source,
        lang,
        query=params.get("q", ""),
        sort=int(sort_raw) if sort_raw.isdigit() else None,
        descending=params.get("desc") == "1",
        page=int(params["page"]) if params.get("page", "").isdigit() else 1,
    )
    return pages.render(
        request,
        "table.html",
        nav="results",
        run=run,
        sources=found,
        index=index,
        table=page,
        cell=tables.cell,
        as_written=tables.as_written(source, lang, run.lang),
    )


def _output_path(run: Run, name: str) -> Path | None:
    """The file ``name`` of the run's outputs, only if the run's record lists it."""
    if name not in {o["name"] for o in run.outputs}:
        return None
    out = (run.folder / "out").resolve()
    path = (out / name).resolve()
    if path.parent != out or not path.is_file():
        return None
    return path


def _attachment(name: str) -> dict[str, str]:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return {
        "content-disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(name)}"
    }


async def download_file(request: Request, *, store: Store, **_: Any) -> Response:
    run = _run_of(request, store)
    path = _output_path(run, request.path_params["name"])
    if path is None:
        raise _not_found(request)
    return FileResponse(path, headers=_attachment(path.name))


async def download_zip(request: Request, *, store: Store, **_: Any) -> Response:
    """Every output of the run, with its manifest, as one zip."""
    run = _run_of(request, store)
    if not run.outputs:
        raise _not_found(request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for output in run.outputs:
            path = _output_path(run, output["name"])
            if path is not None:
                archive.write(path, path.name)
        manifest = run.folder / "manifest.json"
        if manifest.exists():
            archive.write(manifest, "manifest.json")
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers=_attachment(f"{run.command}-{run.id[:8]}.zip"),
    )


async def download_manifest(request: Request, *, store: Store, **_: Any) -> Response:
    run = _run_of(request, store)
    path = run.folder / "manifest.json"
    if not path.exists():
        raise _not_found(request)
    return FileResponse(path, media_type="application/json", headers=_attachment("manifest.json"))


async def latest_results(request: Request, *, store: Store, pages: Pages, **_: Any) -> Response:
    runs = store.runs(session_of(request).key, limit=1)
    if runs:
        return redirect(f"/runs/{runs[0].id}")
    return pages.render(request, "history.html", nav="results", runs=[], empty="web.results.none")


async def history_page(request: Request, *, store: Store, pages: Pages, **_: Any) -> Response:
    runs = store.runs(session_of(request).key)
    return pages.render(
        request, "history.html", nav="history", runs=runs, empty="web.none_yet", when=_when
    )


def _when(stamp: float | None) -> str:
    if stamp is None:
        return ""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp))
