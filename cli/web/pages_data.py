"""The Data and Rules pages: uploads, the intake report, column mappings, the rules form."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cadreplan.scenarios import sample_path
from cadreplan.solver.dataset import this_year
from cadreplan.solver.errors import CadreplanError
from cadreplan.solver.words import has, say

from . import reading, rules_form
from .app import Config, PageError, Pages, lang_of, read_form, redirect, session_of
from .store import Session, Store
from .uploads import UploadError, data_argument, store_upload

INPUT = "input"


def _lang(request: Request) -> str:
    return lang_of(request)


async def home(request: Request, **_: Any) -> Response:
    return redirect("/data")


async def switch_lang(request: Request, **_: Any) -> Response:
    """Switch the page language and go back where the user was."""
    to = "en" if request.query_params.get("to") == "en" else "zh"
    back = request.query_params.get("next", "/data")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/data"
    response = RedirectResponse(back, status_code=303)
    response.set_cookie("cadreplan_lang", to, max_age=365 * 86400, httponly=True, samesite="strict")
    return response


def _paths(session: Session) -> dict[str, Path]:
    ws = session.workspace
    return {
        "input": ws / INPUT,
        "rules": ws / "rules.toml",
        "columns": ws / "columns.toml",
    }


async def _read(session: Session, store: Store, lang: str) -> reading.DataView | None:
    """Read the session's data as the commands would; records the outcome."""
    data = session.data
    if not data.get("path"):
        return None
    paths = _paths(session)
    view = await run_in_threadpool(
        reading.read_data,
        session.workspace / data["path"],
        int(data.get("year") or this_year()),
        paths["columns"],
        lang,
        session.workspace,
        str(data.get("label") or "") if data.get("kind") != "sample" else "",
    )
    return view


async def data_page(request: Request, *, store: Store, pages: Pages, **_: Any) -> Response:
    session = session_of(request)
    lang = _lang(request)
    view = await _read(session, store, lang)
    return pages.render(
        request,
        "data.html",
        nav="data",
        data=session.data,
        view=view,
        mappings=reading.read_columns(_paths(session)["columns"]),
        known=reading.known_columns(),
        columns_supported=reading.loader_takes_columns(),
        message=request.query_params.get("m"),
        problem=None,
        year=session.data.get("year") or this_year(),
    )


async def _data_error(request: Request, pages: Pages, message: str) -> Response:
    session = session_of(request)
    return pages.render(
        request,
        "data.html",
        status=400,
        nav="data",
        data=session.data,
        view=None,
        mappings=reading.read_columns(_paths(session)["columns"]),
        known=reading.known_columns(),
        columns_supported=reading.loader_takes_columns(),
        message=None,
        problem=message,
        year=session.data.get("year") or this_year(),
    )


async def _refuse_upload(
    request: Request, pages: Pages, problem: str, keep_previous: bool
) -> Response:
    """Refuse an upload; the session's earlier data, when it read well, is put back and the
    message says that it is still the data in use."""
    session = session_of(request)
    current = session.workspace / INPUT
    kept = session.workspace / (INPUT + ".previous")
    if keep_previous and kept.exists():
        shutil.rmtree(current, ignore_errors=True)
        kept.rename(current)
        label = (
            say("web.data.sample_name", _lang(request))  # type: ignore[arg-type]
            if session.data.get("kind") == "sample"
            else str(session.data.get("label") or "")
        )
        kept_line = say("web.data.previous_kept", _lang(request), label=label)  # type: ignore[arg-type]
        problem = f"{problem}\n{kept_line}"
    return await _data_error(request, pages, problem)


def _year(form: Any) -> int:
    raw = str(form.get("year") or "").strip()
    if raw.isdigit() and 1900 <= int(raw) <= 2100:
        return int(raw)
    return this_year()


async def upload(
    request: Request, *, store: Store, pages: Pages, config: Config, **_: Any
) -> Response:
    """Store an uploaded workbook, CSV or zip of forms as the session's data."""
    session = session_of(request)
    lang = _lang(request)
    form = await read_form(request)
    try:
        upload_file = form.get("file")
        if not isinstance(upload_file, UploadFile) or not upload_file.filename:
            return await _data_error(request, pages, say("web.data.no_file", lang))  # type: ignore[arg-type]
        # Good data already read stays the session's data if the new upload cannot be used.
        current = session.workspace / INPUT
        kept = session.workspace / (INPUT + ".previous")
        previous_view = await _read(session, store, lang)
        keep_previous = previous_view is not None and previous_view.error is None
        shutil.rmtree(kept, ignore_errors=True)
        if keep_previous and current.exists():
            current.rename(kept)
        with tempfile.NamedTemporaryFile(dir=session.workspace, delete=False) as temporary:
            while chunk := await upload_file.read(1 << 16):
                temporary.write(chunk)
        try:
            stored = await run_in_threadpool(
                store_upload,
                session.workspace / INPUT,
                upload_file.filename,
                Path(temporary.name),
                max_unpacked=config.max_unpacked,
            )
        except UploadError as error:
            problem = say(error.key, lang, **error.params)  # type: ignore[arg-type]
            return await _refuse_upload(request, pages, problem, keep_previous)
        finally:
            Path(temporary.name).unlink(missing_ok=True)
        if keep_previous:
            view = await run_in_threadpool(
                reading.read_data,
                current,
                _year(form),
                _paths(session)["columns"],
                lang,
                session.workspace,
                upload_file.filename,
            )
            if view.error is not None:
                return await _refuse_upload(request, pages, view.error, keep_previous)
            shutil.rmtree(kept, ignore_errors=True)
    finally:
        await form.close()
    store.set_data(
        session,
        {
            "kind": "upload",
            "label": upload_file.filename,
            "files": stored.files,
            "skipped": stored.skipped,
            "path": data_argument(session.workspace / INPUT, stored.files),
            "year": _year(form),
        },
    )
    return redirect("/data")


async def use_sample(request: Request, *, store: Store, **_: Any) -> Response:
    """Copy the bundled sample district in as the session's data."""
    session = session_of(request)
    form = await read_form(request)
    target = session.workspace / INPUT
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(sample_path(), target, ignore=shutil.ignore_patterns("__*", ".*"))
    files = [
        {"original": p.name, "stored": p.name, "size": p.stat().st_size}
        for p in sorted(target.iterdir())
    ]
    store.set_data(
        session,
        {
            "kind": "sample",
            "label": "sample",
            "files": files,
            "skipped": [],
            "path": INPUT,
            "year": _year(form),
        },
    )
    return redirect("/data")


async def reread(request: Request, *, store: Store, **_: Any) -> Response:
    """Read the data again (after a mapping or with another plan year)."""
    session = session_of(request)
    form = await read_form(request)
    data = dict(session.data)
    data["year"] = _year(form)
    store.set_data(session, data)
    return redirect("/data")


async def add_mapping(request: Request, *, pages: Pages, **_: Any) -> Response:
    """Add ``[table] "header" = "column"`` to the session's --columns file and read again."""
    session = session_of(request)
    lang = _lang(request)
    form = await read_form(request)
    table = str(form.get("table") or "").strip()
    header_text = str(form.get("header") or "").strip()
    column = str(form.get("column") or "").strip()
    known = reading.known_columns()
    if table and header_text and not column:
        problem = say("web.data.mapping_no_target", lang, header=header_text)  # type: ignore[arg-type]
        return await _data_error(request, pages, problem)
    if not table or not header_text or not column:
        return await _data_error(request, pages, say("web.data.mapping_blank", lang))  # type: ignore[arg-type]
    if table not in known or column not in known[table]:
        problem = f"columns.toml: [{table}] '{column}'"
        return await _data_error(request, pages, problem)
    path = _paths(session)["columns"]
    mappings = reading.read_columns(path)
    mappings.setdefault(table, {})[header_text] = column
    reading.write_columns(path, mappings)
    return redirect("/data")


async def remove_mapping(request: Request, **_: Any) -> Response:
    session = session_of(request)
    form = await read_form(request)
    path = _paths(session)["columns"]
    mappings = reading.read_columns(path)
    mappings.get(str(form.get("table")), {}).pop(str(form.get("header")), None)
    reading.write_columns(path, mappings)
    return redirect("/data")


async def download_columns(request: Request, **_: Any) -> Response:
    session = session_of(request)
    path = _paths(session)["columns"]
    text = path.read_text("utf-8") if path.exists() else ""
    return Response(
        text,
        media_type="application/toml; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="columns.toml"'},
    )


# rules -------------------------------------------------------------------------------------
def _rules_context(session: Session, lang: str) -> dict[str, Any]:
    path = _paths(session)["rules"]
    override = rules_form.read_override(path)
    sections: dict[str, list[rules_form.Field]] = {}
    for item in rules_form.fields(override):
        sections.setdefault(item.section, []).append(item)

    def section_title(section: str) -> str:
        key = f"web.section.{section}"
        return say(key, lang) if has(key) else section  # type: ignore[arg-type]

    return {
        "nav": "rules",
        "sections": sections,
        "section_title": section_title,
        "override_text": path.read_text("utf-8") if path.exists() else "",
    }


async def rules_page(request: Request, *, pages: Pages, **_: Any) -> Response:
    session = session_of(request)
    lang = _lang(request)
    saved = request.query_params.get("saved") == "1"
    return pages.render(
        request, "rules.html", saved=saved, problem=None, **_rules_context(session, lang)
    )


def _rules_problem(error: Exception, session: Session, lang: str) -> str:
    if isinstance(error, CadreplanError):
        text = error.render(lang)
    elif isinstance(error, rules_form.FormError):
        text = say(error.key, lang, **error.params)  # type: ignore[arg-type]
    else:
        text = str(error)
    return reading.strip_folder(
        reading.strip_folder(text, session.workspace / "check"), session.workspace
    )


async def save_rules(request: Request, *, pages: Pages, **_: Any) -> Response:
    """Save the form's rules after checking them as --rules is checked."""
    session = session_of(request)
    lang = _lang(request)
    form = await read_form(request)
    path = _paths(session)["rules"]
    values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    try:
        override = rules_form.override_from_form(values, rules_form.read_override(path))
        await run_in_threadpool(rules_form.save, path, override)
    except (CadreplanError, rules_form.FormError) as error:
        return pages.render(
            request,
            "rules.html",
            status=400,
            saved=False,
            problem=_rules_problem(error, session, lang),
            **_rules_context(session, lang),
        )
    return redirect("/rules?saved=1")


async def upload_rules(request: Request, *, pages: Pages, **_: Any) -> Response:
    """Replace the session's rules by an uploaded TOML file, checked as --rules is."""
    session = session_of(request)
    lang = _lang(request)
    form = await read_form(request)
    upload_file = form.get("file")
    if not isinstance(upload_file, UploadFile) or not upload_file.filename:
        raise PageError(400, say("web.data.no_file", lang))  # type: ignore[arg-type]
    raw = await upload_file.read()
    await form.close()
    path = _paths(session)["rules"]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace")
    try:
        await run_in_threadpool(rules_form.save_text, path, text)
    except CadreplanError as error:
        return pages.render(
            request,
            "rules.html",
            status=400,
            saved=False,
            problem=_rules_problem(error, session, lang),
            **_rules_context(session, lang),
        )
    return redirect("/rules?saved=1")


async def reset_rules(request: Request, **_: Any) -> Response:
    session = session_of(request)
    await read_form(request)
    _paths(session)["rules"].unlink(missing_ok=True)
    return redirect("/rules")


async def download_rules(request: Request, **_: Any) -> Response:
    """Every rule in force as one TOML file (usable as --rules)."""
    session = session_of(request)
    text = await run_in_threadpool(rules_form.full_toml, _paths(session)["rules"])
    return Response(
        text,
        media_type="application/toml; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="rules.toml"'},
    )
