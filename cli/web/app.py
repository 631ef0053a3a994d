"""The ``plan serve`` application: Starlette routes, safety middleware and page rendering.

Safety, in the order a request meets it:

1. **Host check.** Bound to a loopback address, the server answers only to ``127.0.0.1``,
   ``localhost`` and ``[::1]`` (a web page elsewhere cannot reach it through DNS rebinding).
2. **Access token.** Bound to any other address, every request must carry the token that
   ``plan serve`` printed: as the ``token`` query parameter once (then a cookie), the
   ``X-Cadreplan-Token`` header or ``Authorization: Bearer``.
3. **Size limit.** A body larger than ``--max-upload-mb`` is refused before it is read.
4. **Session.** A random cookie (HttpOnly, SameSite=Strict) names the browser session; a
   session sees only its own data and runs.
5. **CSRF.** Every POST must carry the session's form token (and, when the browser sends an
   Origin, come from this server).

Errors of the library are shown with the message the command line gives; anything else is
an internal error whose details go to the server log only, never to the page.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cadreplan.solver.words import enum_word, has, say

from . import names
from .runner import Runner
from .store import Session, Store

HERE = Path(__file__).parent
SESSION_COOKIE = "cadreplan_session"
TOKEN_COOKIE = "cadreplan_token"
LANG_COOKIE = "cadreplan_lang"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
log = logging.getLogger("cadreplan.web")


@dataclass(frozen=True)
class Config:
    """How ``plan serve`` was started.

    Attributes
    ----------
    data_dir
        Where the history and every file live.
    max_runs
        Runs that may execute at once; others wait.
    max_upload
        Bytes a request body may have.
    max_unpacked
        Bytes a zip of forms may unpack to.
    token
        The access token every request must carry, or None on a loopback address.
    allowed_hosts
        Host names (without port) the server answers to, or None for any.
    """

    data_dir: Path
    max_runs: int = 2
    max_upload: int = 50 * 1024 * 1024
    max_unpacked: int = 200 * 1024 * 1024
    token: str | None = None
    allowed_hosts: tuple[str, ...] | None = LOOPBACK_HOSTS


class PageError(Exception):
    """A problem to show on a page with a status code (message already in the page's language)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _word(kind: str, code: str, lang: str) -> str:
    """An enumeration code as the page's language shows it (the code where it has no word)."""
    try:
        return enum_word(kind, code, lang)  # type: ignore[arg-type]
    except KeyError:
        return code


def lang_of(request: Request) -> str:
    """The page language: the switch's cookie, Chinese by default."""
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "zh"


def session_of(request: Request) -> Session:
    """The request's browser session (set up by the session middleware)."""
    return request.scope["cadreplan_session"]


class Pages:
    """Template rendering with the catalogue's words in the page's language."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        lang = lang_of(request)
        session = request.scope.get("cadreplan_session")

        def t(key: str, **params: Any) -> str:
            return say(key, lang, **params)  # type: ignore[arg-type]

        html = self.env.get_template(template).render(
            t=t,
            has=has,
            word=lambda kind, code: _word(kind, code, lang),
            table_word=lambda table: names.table_word(table, lang),
            column_word=lambda table, column: names.column_word(table, column, lang),
            name_word=lambda name: names.name_word(name, lang),
            file_word=lambda name: names.file_word(name, lang),
            choice_word=lambda option, code: names.choice_word(option, code, lang),
            lang=lang,
            csrf=session.csrf if session else "",
            path=request.url.path,
            query=request.url.query,
            **context,
        )
        return HTMLResponse(html, status_code=status)


async def read_form(request: Request, max_files: int = 1) -> FormData:
    """The POSTed form, after checking its CSRF token and Origin.

    Raises
    ------
    PageError
        403 when the token is missing or wrong, or the Origin is another site's.
    """
    lang = lang_of(request)
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            raise PageError(403, say("web.csrf_failed", lang))  # type: ignore[arg-type]
    form = await request.form(max_files=max_files, max_fields=500)
    sent = form.get("csrf")
    expected = session_of(request).csrf
    if not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        await form.close()
        raise PageError(403, say("web.csrf_failed", lang))  # type: ignore[arg-type]
    return form


def error_page(request: Request, pages: Pages, status: int, message: str) -> HTMLResponse:
    return pages.render(request, "error.html", status=status, message=message)


class Guard:
    """Pure ASGI middleware: host check, access token, body size limit, session cookie."""

    def __init__(self, app: Any, config: Config, store: Store) -> None:
        self.app = app
        self.config = config
        self.store = store

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = _cookies(headers.get("cookie", ""))
        lang = "en" if cookies.get(LANG_COOKIE) == "en" else "zh"
        config = self.config
        if config.allowed_hosts is not None:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in config.allowed_hosts:
                await _plain(send, 400, say("web.bad_host", lang))  # type: ignore[arg-type]
                return
        if config.token is not None:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if hmac.compare_digest(query.get("token", ""), config.token):
                rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
                location = scope["path"] + (f"?{rest}" if rest else "")
                await _redirect(send, location, [_cookie(TOKEN_COOKIE, config.token)])
                return
            bearer = headers.get("authorization", "")
            offered = (
                cookies.get(TOKEN_COOKIE)
                or headers.get("x-cadreplan-token")
                or (bearer[7:] if bearer.lower().startswith("bearer ") else "")
            )
            if not offered or not hmac.compare_digest(offered, config.token):
                await _plain(send, 401, say("web.token_required", lang))  # type: ignore[arg-type]
                return
        length = headers.get("content-length")
        limit_mb = config.max_upload // (1024 * 1024)
        too_large = say("web.too_large", lang, limit=limit_mb)  # type: ignore[arg-type]
        if length is not None and (not length.isdigit() or int(length) > config.max_upload):
            await _plain(send, 413, too_large)
            return
        session = self.store.session(cookies.get(SESSION_COOKIE))
        new_cookie = None
        if session is None:
            new_cookie, session = self.store.new_session()
        scope["cadreplan_session"] = session
        received = 0

        async def limited_receive() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > config.max_upload:
                    raise HTTPException(413, too_large)
            return message

        async def send_with_cookie(message: dict) -> None:
            if message["type"] == "http.response.start" and new_cookie is not None:
                headers_out = list(message.get("headers", []))
                headers_out.append(
                    (b"set-cookie", _cookie(SESSION_COOKIE, new_cookie, 365 * 86400))
                )
                message = {**message, "headers": headers_out}
            await send(message)

        await self.app(scope, limited_receive, send_with_cookie)


def _cookies(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # noqa: BLE001 - a malformed cookie header is no cookie
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _cookie(name: str, value: str, max_age: int | None = None) -> bytes:
    text = f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"
    if max_age is not None:
        text += f"; Max-Age={max_age}"
    return text.encode("latin-1")


async def _plain(send: Callable, status: int, text: str) -> None:
    body = (
        "<!doctype html><html><head><meta charset='utf-8'><title>cadreplan</title></head>"
        f"<body><p>{_escape(text)}</p></body></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Callable, location: str, cookies: list[bytes]) -> None:
    headers = [(b"location", location.encode("latin-1"))]
    headers += [(b"set-cookie", c) for c in cookies]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def create_app(config: Config) -> Starlette:
    """The application of ``plan serve`` (also what the tests drive with TestClient).

    Parameters
    ----------
    config
        Folders, limits and the access rules; see :class:`Config`.
    """
    from . import pages_data, pages_runs

    store = Store(config.data_dir)
    runner = Runner(store, config.max_runs)
    pages = Pages()

    def wrap(handler: Callable[..., Awaitable[Response]]) -> Callable:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(
                    request, store=store, runner=runner, pages=pages, config=config
                )
            except PageError as error:
                return error_page(request, pages, error.status, error.message)
            except HTTPException as error:
                if error.status_code == 413:
                    return error_page(request, pages, 413, str(error.detail))
                raise
            except Exception:
                reference = secrets.token_hex(4)
                log.error("internal error %s:\n%s", reference, traceback.format_exc())
                message = say("web.internal_error", lang_of(request), ref=reference)  # type: ignore[arg-type]
                return error_page(request, pages, 500, message)

        endpoint.__name__ = handler.__name__
        return endpoint

    routes = [
        Route("/", wrap(pages_data.home)),
        Route("/lang", wrap(pages_data.switch_lang)),
        Route("/data", wrap(pages_data.data_page)),
        Route("/data/upload", wrap(pages_data.upload), methods=["POST"]),
        Route("/data/sample", wrap(pages_data.use_sample), methods=["POST"]),
        Route("/data/reread", wrap(pages_data.reread), methods=["POST"]),
        Route("/data/columns", wrap(pages_data.add_mapping), methods=["POST"]),
        Route("/data/columns/remove", wrap(pages_data.remove_mapping), methods=["POST"]),
        Route("/data/columns.toml", wrap(pages_data.download_columns)),
        Route("/rules", wrap(pages_data.rules_page)),
        Route("/rules", wrap(pages_data.save_rules), methods=["POST"]),
        Route("/rules/upload", wrap(pages_data.upload_rules), methods=["POST"]),
        Route("/rules/reset", wrap(pages_data.reset_rules), methods=["POST"]),
        Route("/rules/rules.toml", wrap(pages_data.download_rules)),
        Route("/run", wrap(pages_runs.run_page)),
        Route("/run", wrap(pages_runs.start_run), methods=["POST"]),
        Route("/results", wrap(pages_runs.latest_results)),
        Route("/history", wrap(pages_runs.history_page)),
        Route("/runs/{run_id}", wrap(pages_runs.run_view)),
        Route("/runs/{run_id}/status", wrap(pages_runs.run_status)),
        Route("/runs/{run_id}/cancel", wrap(pages_runs.cancel_run), methods=["POST"]),
        Route("/runs/{run_id}/rerun", wrap(pages_runs.rerun), methods=["POST"]),
        Route("/runs/{run_id}/table/{name}", wrap(pages_runs.table_view)),
        Route("/runs/{run_id}/files/{name}", wrap(pages_runs.download_file)),
        Route("/runs/{run_id}/all.zip", wrap(pages_runs.download_zip)),
        Route("/runs/{run_id}/manifest.json", wrap(pages_runs.download_manifest)),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        message = say("web.not_found", lang_of(request))  # type: ignore[arg-type]
        if status == 405:
            message = "405"
        return error_page(request, pages, status, message)

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.store = store
    app.state.runner = runner
    app.state.config = config
    app.add_middleware(_GuardFactory, config=config, store=store)
    return app


class _GuardFactory(Guard):
    """:class:`Guard` in the form Starlette's ``add_middleware`` builds."""

    def __init__(self, app: Any, config: Config, store: Store) -> None:
        super().__init__(app, config, store)


def redirect(url: str) -> RedirectResponse:
    """A redirect after a POST (303: the browser follows with GET)."""
    return RedirectResponse(url, status_code=303)
