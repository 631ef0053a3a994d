"""``plan serve``: start the office's web page on this computer."""

from __future__ import annotations

import ipaddress
import secrets
import threading
import webbrowser
from pathlib import Path

import click

from cadreplan.solver.words import default_lang, say

#: The modules of the ``[web]`` extra.
EXTRA = ("starlette", "uvicorn", "jinja2", "multipart", "tomli_w")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (127.0.0.0/8, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def missing_extra() -> str | None:
    """The first module of the web extra that is not installed, or None."""
    import importlib.util

    for name in EXTRA:
        if importlib.util.find_spec(name) is None:
            return name
    return None


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any other than 127.0.0.1 needs the printed token.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("plan-output") / "serve",
    show_default=True,
    help="Folder of the history (SQLite), the uploaded forms and every run's files.",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help="Open the page in the default browser.",
)
@click.option(
    "--max-runs",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Runs that may execute at once; others wait their turn.",
)
@click.option(
    "--max-upload-mb",
    type=click.IntRange(1, 4096),
    default=50,
    show_default=True,
    help="Largest upload, in MB (a zip may unpack to four times this).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    help="Language of the lines printed here (the page has its own switch).",
)
def command(
    host: str,
    port: int,
    data_dir: Path,
    open_browser: bool,
    max_runs: int,
    max_upload_mb: int,
    lang: str | None,
) -> None:
    """Open the office's web page: upload forms, set rules, run plans, read and download.

    The page is in Chinese (with an English switch) and needs nothing from the internet.
    It listens on 127.0.0.1 (this computer only) unless --host says otherwise; then every
    request needs the access token printed here.

    \b
    Example:
      pip install ".[web]" && plan serve
      plan serve --data-dir D:/cadreplan --port 8800 --no-open
    """
    lang = lang or default_lang()
    if missing_extra() is not None:
        from cadreplan.cli.main import Failure

        raise Failure(say("web.missing_extra", lang), 2, lang)  # type: ignore[arg-type]
    import uvicorn

    from .app import LOOPBACK_HOSTS, Config, create_app

    local = is_loopback(host)
    token = None if local else secrets.token_urlsafe(24)
    config = Config(
        data_dir=data_dir,
        max_runs=max_runs,
        max_upload=max_upload_mb * 1024 * 1024,
        max_unpacked=4 * max_upload_mb * 1024 * 1024,
        token=token,
        allowed_hosts=LOOPBACK_HOSTS if local else None,
    )
    app = create_app(config)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if ":" in shown_host and not shown_host.startswith("["):
        shown_host = f"[{shown_host}]"
    url = f"http://{shown_host}:{port}/" + (f"?token={token}" if token else "")
    click.echo(say("web.listening", lang, url=url))  # type: ignore[arg-type]
    if token:
        click.echo(say("web.token_note", lang, host=host, token=token))  # type: ignore[arg-type]
    click.echo(say("web.stop_note", lang))  # type: ignore[arg-type]
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.runner.shutdown()
