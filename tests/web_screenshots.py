"""Screenshots of every ``plan serve`` page in headless Chromium, in Chinese and in English.

Not a test (pytest does not collect it): the pictures are for a person to look at, for the
layout, the Chinese text, the tables and the charts. Run it from a clone with the web and
test extras installed and Debian's chromium::

    python tests/web_screenshots.py /tmp/shots             # the qingxi forms, or the sample

Each page is taken in both languages: Data, the intake report, Rules, Run, a budget run in
progress and a mentors run waiting for the slot, the budget's results with its charts, the
mentors' results with a reason, a result table, a rerun's comparison, History, and a run made
in one language read in the other.
"""

from __future__ import annotations

import io
import socket
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright
from web_helpers import QINGXI

from cadreplan.cli.web.app import LOOPBACK_HOSTS, Config, create_app
from cadreplan.scenarios import sample_path

CHROMIUM = "/usr/bin/chromium"


def _forms_zip() -> Path:
    """The qingxi office forms (or the sample) as the office would zip them."""
    folder = QINGXI if QINGXI.is_dir() else sample_path()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for pattern in ("*.xlsx", "*.csv"):
            for path in sorted(folder.glob(pattern)):
                archive.write(path, "表格/" + path.name)
    target = Path(tempfile.mkdtemp()) / "青溪街道表格.zip"
    target.write_bytes(buffer.getvalue())
    return target


def _serve(data_dir: Path) -> tuple[str, uvicorn.Server, object]:
    app = create_app(Config(data_dir=data_dir, allowed_hosts=LOOPBACK_HOSTS, max_runs=1))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.1)
    return f"http://127.0.0.1:{port}", server, app


def _pages(page: Page, base: str, upload: Path, out: Path, lang: str) -> None:
    def shot(name: str, full: bool = False, scroll_to: str | None = None) -> None:
        if scroll_to:
            page.evaluate(f"document.querySelector('{scroll_to}').scrollIntoView()")
        page.screenshot(path=str(out / f"{lang}-{name}.png"), full_page=full)
        print(out / f"{lang}-{name}.png")

    page.goto(f"{base}/lang?to={lang}&next=/data")
    page.set_input_files("#upload-file", str(upload))
    page.click("#upload-button")
    page.wait_for_selector("#files")
    shot("01-data")
    if page.locator("#intake-all summary").count():
        page.click("#intake-all summary")
        shot("02-intake", scroll_to="#intake-counts")
    page.goto(f"{base}/rules")
    shot("03-rules")
    page.goto(f"{base}/run")
    shot("04-run")
    page.fill("#run-budget input[name=draws]", "200000")
    page.click("#start-budget")
    page.wait_for_selector("#progress")
    budget = page.url
    time.sleep(1.0)
    shot("05-progress")
    page.goto(f"{base}/run")
    page.click("#start-mentors")
    page.wait_for_selector("#progress")
    shot("06-waiting")
    page.goto(budget)
    page.wait_for_selector("#summary-text", timeout=300_000)
    shot("07-budget-results", full=True)
    page.goto(f"{base}/results")  # the newest run: the mentors run
    page.wait_for_selector("#summary-text", timeout=120_000)
    mentors = page.url
    shot("08-mentors-results", full=True)
    page.goto(mentors + "/table/0")
    shot("09-table")
    page.goto(mentors)
    page.click("#rerun-button")
    page.wait_for_selector("#comparison", timeout=120_000)
    shot("10-rerun", scroll_to="#same-bytes")
    page.goto(f"{base}/history")
    shot("11-history")
    other = "en" if lang == "zh" else "zh"
    page.goto(f"{base}/lang?to={other}&next=/data")
    page.goto(mentors)
    shot(f"12-read-in-{other}", scroll_to="#reasons-unassigned")
    page.goto(f"{base}/lang?to={lang}&next=/data")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    base, server, app = _serve(Path(tempfile.mkdtemp()) / "serve")
    upload = _forms_zip()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = context.new_page()
        for lang in ("zh", "en"):
            _pages(page, base, upload, out, lang)
        browser.close()
    app.state.runner.shutdown()  # type: ignore[attr-defined]
    server.should_exit = True


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "web-screenshots"))
