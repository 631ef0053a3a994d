"""``plan serve`` in a real browser: Debian's chromium driven by Playwright's Python API.

The flow a clerk follows: upload a zip of forms → read the intake report → run mentors →
read a reason → download the workbook, whose plan must equal ``plan mentors`` on the same
data. Two browser sessions upload and run at once without seeing each other's files.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="plan serve's [web] extra is not installed")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

import uvicorn  # noqa: E402
from web_helpers import QINGXI, cli, zip_of  # noqa: E402

from cadreplan.cli.web.app import LOOPBACK_HOSTS, Config, create_app  # noqa: E402
from cadreplan.scenarios import sample_path  # noqa: E402
from cadreplan.solver.words import header  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The qingxi forms themselves (not their README, answers or checker).
QINGXI_FORMS = ("*.xlsx", "*.csv")

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium (.ci/run's apt-get line)")
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``plan serve`` on a free loopback port, as the command starts it."""
    data_dir = tmp_path_factory.mktemp("serve")
    app = create_app(Config(data_dir=data_dir, allowed_hosts=LOOPBACK_HOSTS))
    port = _free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert instance.started
    yield f"http://127.0.0.1:{port}", data_dir
    app.state.runner.shutdown()
    instance.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def _forms_zip(folder: Path, patterns: tuple[str, ...], target: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for pattern in patterns:
            for path in sorted(folder.glob(pattern)):
                archive.write(path, path.name)
    target.write_bytes(buffer.getvalue())
    return target


def _workbook_pairs(path: Path) -> set[tuple[str, str]]:
    """(reserve, mentor) pairs on the first sheet of a downloaded mentors workbook."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    head = [str(v) for v in rows[0]]
    reserve = next(i for i, h in enumerate(head) if h in ("reserve_id", header("reserve_id", "zh")))
    mentor = next(i for i, h in enumerate(head) if h in ("mentor_id", header("mentor_id", "zh")))
    return {(str(r[reserve]), str(r[mentor])) for r in rows[1:] if r[reserve]}


def _cli_pairs(folder: Path, work: Path) -> set[tuple[str, str]]:
    """The pairs of ``plan mentors`` on the same forms (CSV output of the command line)."""
    import csv

    shutil.copytree(folder, work / "input")
    result = cli(work, "mentors", "--data", "input", "--out", "out", "--lang", "zh", "--quiet")
    assert result.returncode == 0, result.stderr
    with (work / "out" / "mentor_pairs.csv").open(encoding="utf-8-sig") as handle:
        return {(row["reserve_id"], row["mentor_id"]) for row in csv.DictReader(handle)}


def _clerk_flow(browser, base: str, upload: Path, tmp_path: Path) -> tuple[set, str]:
    """Upload → intake report → run mentors → a reason → the downloaded workbook's pairs."""
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/data")
    page.set_input_files("#upload-file", str(upload))
    page.click("#upload-button")
    page.wait_for_selector("#files")
    problem = page.locator("#problem")
    if problem.count():
        raise AssertionError(problem.inner_text())
    assert page.locator("#read-ok").is_visible()
    assert page.locator("#tables-read").is_visible()
    if page.locator("#intake-counts").count():  # the loader's intake report: open it, read it
        assert page.locator("#intake-counts").is_visible()
        page.click("#intake-all summary")
        report = page.locator("#intake-report")
        assert report.is_visible()
        assert "已读取" in report.inner_text()  # each file and column read says so
    page.click("#nav-run")
    page.click("#start-mentors")
    page.wait_for_selector("#summary-text", timeout=90_000)
    run_url = page.url
    reason = page.locator("table.reasons tbody tr").first.inner_text()
    assert reason.strip()
    with page.expect_download() as download:
        page.click("a[href$='/files/mentors.xlsx']")
    saved = tmp_path / "downloaded-mentors.xlsx"
    download.value.save_as(saved)
    context.close()
    return _workbook_pairs(saved), run_url


def test_clerk_flow_on_the_sample_forms(server, browser, tmp_path: Path) -> None:
    """The sample zipped: upload, read, run, a reason, and the workbook equals the CLI's plan."""
    base, _ = server
    upload = tmp_path / "样例街道.zip"
    upload.write_bytes(zip_of(sample_path()))
    pairs, _ = _clerk_flow(browser, base, upload, tmp_path)
    assert pairs == _cli_pairs(sample_path(), tmp_path / "cli")
    assert len(pairs) == 23


def test_clerk_flow_on_the_qingxi_forms(server, browser, tmp_path: Path) -> None:
    """The qingxi office forms zipped: the same flow, the same plan as ``plan mentors``."""
    if not QINGXI.is_dir():
        pytest.skip(f"the shared qingxi forms are not beside this clone ({QINGXI})")
    from cadreplan.solver.dataset import load_dataset
    from cadreplan.solver.errors import CadreplanError

    folder = tmp_path / "qingxi"
    folder.mkdir()
    for pattern in QINGXI_FORMS:
        for path in QINGXI.glob(pattern):
            shutil.copyfile(path, folder / path.name)
    try:
        load_dataset(folder)
    except CadreplanError as error:
        pytest.xfail(f"this version's reader cannot read the qingxi forms yet: {error}")
    upload = _forms_zip(QINGXI, QINGXI_FORMS, tmp_path / "青溪街道表格.zip")
    pairs, _ = _clerk_flow(browser, base=server[0], upload=upload, tmp_path=tmp_path)
    assert pairs == _cli_pairs(folder, tmp_path / "cli")


def _two_districts(folder: Path) -> list[tuple[Path, set[str]]]:
    """The sample, and the sample with reserve R01 renamed 第二会话, each zipped; with the
    sha256 of each zipped file (what a run of that upload must have as its inputs)."""
    import hashlib

    made = []
    for name, renamed in (("第一个.zip", False), ("第二个.zip", True)):
        source = folder / name.replace(".zip", "")
        shutil.copytree(sample_path(), source)
        if renamed:
            reserves = source / "reserves.csv"
            text = reserves.read_text("utf-8")
            reserves.write_text(text.replace("R01,林志鹏,", "R01,第二会话,", 1), "utf-8")
        digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in source.glob("*.csv")}
        path = folder / name
        path.write_bytes(zip_of(source))
        made.append((path, digests))
    return made


def test_two_browser_sessions_do_not_see_each_others_files(server, browser, tmp_path) -> None:
    """Two sessions upload different forms and run at once: each run planned on its own
    session's forms only (inputs by sha256, reserves counted), and neither session can see
    or download the other's upload, run or files."""
    import json

    base, data_dir = server
    first = browser.new_context()
    second = browser.new_context()
    pages = [first.new_page(), second.new_page()]
    districts = _two_districts(tmp_path)
    names = [path.name for path, _ in districts]
    for page, (path, _) in zip(pages, districts, strict=True):
        page.goto(f"{base}/data")
        page.set_input_files("#upload-file", str(path))
    for page in pages:  # both uploads go before either run starts
        page.click("#upload-button")
    for page in pages:
        page.wait_for_selector("#files")
        page.goto(f"{base}/run")
    for page in pages:
        page.click("#start-mentors")
    runs = []
    for page in pages:
        page.wait_for_selector("#summary-text", timeout=90_000)
        runs.append(page.url)
    assert runs[0] != runs[1]
    for index, page in enumerate(pages):
        manifest = json.loads(
            (data_dir / "runs" / runs[index].rsplit("/", 1)[1] / "manifest.json").read_text("utf-8")
        )
        used = {e["sha256"] for e in manifest["inputs"] if e["path"].endswith(".csv")}
        assert used == districts[index][1] and manifest["data"] == names[index]
        pairs = page.request.get(runs[index] + "/files/mentor_pairs.csv").text().lstrip("\ufeff")
        assert ("第二会话" in pairs) is (index == 1) and ("林志鹏" in pairs) is (index == 0)
        other = 1 - index
        page.goto(f"{base}/data")
        assert names[index] in page.content() and names[other] not in page.content()
        response = page.goto(runs[other])
        assert response is not None and response.status == 404
        response = page.goto(runs[other] + "/files/mentors.xlsx")
        assert response is not None and response.status == 404
        page.goto(f"{base}/history")
        assert runs[other].rsplit("/", 1)[1] not in page.content()
    first.close()
    second.close()
