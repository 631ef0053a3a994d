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


#: Hosts that mean "every address of this computer".
WILDCARDS = ("0.0.0.0", "::", "")


def machine_addresses(ipv6: bool = False) -> list[str]:
    """This computer's own addresses that another computer may reach, best first.

    The address of the route to the outside (found by connecting a UDP socket, which sends
    nothing), then the addresses the computer's name resolves to; loopback addresses last.
    """
    import socket

    family = socket.AF_INET6 if ipv6 else socket.AF_INET
    found: list[str] = []
    probe = "2001:db8::1" if ipv6 else "192.0.2.1"  # documentation ranges: never contacted
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((probe, 9))
            found.append(str(sock.getsockname()[0]))
    except OSError:
        pass
    try:
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, family):
            found.append(str(address[0]).split("%", 1)[0])
    except OSError:
        pass
    unique = list(dict.fromkeys(a for a in found if a))
    unique.sort(key=is_loopback)  # stable: reachable ones first
    return unique


def page_addresses(host: str, port: int, token: str | None) -> list[str]:
    """The addresses to print for ``plan serve --host host``: where a user reaches the page.

    The host itself, except for a wildcard (``0.0.0.0``, ``::``), which listens on every
    address of the computer: then each of its addresses, and 127.0.0.1 (or ::1) for this
    computer. Each carries the access token when there is one.
    """
    if host in WILDCARDS:
        ipv6 = ":" in host
        names = [a for a in machine_addresses(ipv6) if not is_loopback(a)]
        names.append("::1" if ipv6 else "127.0.0.1")
    else:
        names = [host]
    urls = []
    for name in names:
        shown = f"[{name}]" if ":" in name and not name.startswith("[") else name
        urls.append(f"http://{shown}:{port}/" + (f"?token={token}" if token else ""))
    return urls


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
    urls = page_addresses(host, port, token)
    click.echo(say("web.listening", lang, url=urls[0]))  # type: ignore[arg-type]
    for other in urls[1:]:
        click.echo(say("web.listening_also", lang, url=other))  # type: ignore[arg-type]
    # The browser here opens this computer's own address (the last one for a wildcard).
    url = urls[-1]
    if token:
        click.echo(say("web.token_note", lang, host=host, token=token))  # type: ignore[arg-type]
    click.echo(say("web.stop_note", lang))  # type: ignore[arg-type]
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.runner.shutdown()
