"""Helpers of the ``plan serve`` tests: an app on a temporary data folder, forms, waiting."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

from cadreplan.scenarios import sample_path

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
if not SHARED.is_dir() and os.environ.get("CADREPLAN_SHARED"):
    SHARED = Path(os.environ["CADREPLAN_SHARED"])  # a worktree outside the CI layout
QINGXI = SHARED / "forms" / "qingxi"


def client_for(data_dir: Path, **config):
    """A TestClient of a fresh ``plan serve`` app (its host check set to the test host)."""
    from starlette.testclient import TestClient

    from cadreplan.cli.web.app import Config, create_app

    config.setdefault("allowed_hosts", ("testserver",))
    app = create_app(Config(data_dir=data_dir, **config))
    return TestClient(app)


def csrf_of(client) -> str:
    """The session's form token, as the Data page carries it."""
    page = client.get("/data").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def rules_form(client) -> dict[str, str]:
    """The Rules page's form as it stands: every field's value and each select's choice."""
    page = client.get("/rules").text
    values = dict(re.findall(r'name="([a-z_]+\.[a-z_]+)" id="[^"]+" value="([^"]*)"', page))
    for name, block in re.findall(r'<select name="([a-z_]+\.[a-z_]+)"[^>]*>(.*?)</select>', page):
        values[name] = re.search(r'value="([^"]+)" selected', block).group(1)
    values["csrf"] = csrf_of(client)
    return values


def text_of(html: str) -> str:
    """A page's visible text in one line (tags dropped, entities of < > & kept decoded)."""
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
    text = text.replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


def zip_of(folder: Path, prefix: str = "") -> bytes:
    """A zip of every file in ``folder`` (members under ``prefix``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                archive.write(path, prefix + path.name)
    return buffer.getvalue()


def sample_zip() -> bytes:
    return zip_of(sample_path(), "sample/")


def upload(client, name: str, data: bytes, year: int = 2026):
    return client.post(
        "/data/upload",
        data={"csrf": csrf_of(client), "year": str(year)},
        files={"file": (name, data, "application/octet-stream")},
    )


def start(client, command: str, **options: str):
    """Start a run; returns its page's path."""
    values = {"csrf": csrf_of(client), "command": command, "year": "2026", **options}
    response = client.post("/run", data=values, follow_redirects=False)
    assert response.status_code == 303, text_of(response.text)
    return response.headers["location"]


def wait(client, run: str, limit: float = 120) -> dict:
    """Poll a run until it is over (bounded); returns its last status."""
    deadline = time.monotonic() + limit
    while True:
        state = client.get(run + "/status").json()
        if not state["active"] or time.monotonic() > deadline:
            return state
        time.sleep(0.3)


def cli(cwd: Path, *arguments: str) -> subprocess.CompletedProcess:
    """``plan <arguments>`` as a clerk would type it, in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "cadreplan.cli", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def cli_error(cwd: Path, *arguments: str) -> str:
    """The one-line message the command line gives (without its ``error:`` prefix)."""
    result = cli(cwd, *arguments)
    assert result.returncode == 2, result.stderr
    line = [x for x in result.stderr.splitlines() if x.startswith("error:")][-1]
    return line[len("error:") :].strip()
