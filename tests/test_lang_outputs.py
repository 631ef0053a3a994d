"""Every word of the files people open follows --lang: xlsx cells, sheets, charts, headers, HTML.

Uses the scanner of ``helpers_lang`` (shared with the terminal tests): in ``zh`` no English
word may remain beyond ids, numbers, units, file names and the documented allowlist; in
``en`` no Chinese may remain that does not come from the data (names of people, villages,
towns, units, skills). Columns that hold stable codes by contract (``reason_code``) and
sha256 digests are ids for this purpose.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_lang import chinese_labels, data_strings, english_words

from cadreplan.cli.main import plan
from cadreplan.scenarios import sample_path

#: Columns whose values are codes by contract (documented, English snake_case) in any language.
CODE_COLUMNS = {"reason_code", "原因代码"}
#: The reasons of plan reserves and plan ratings are written by their own module
#: (solver/words/review.py), scanned by its tests; here their workbooks are scanned for
#: everything the rendering adds: sheet names, headers, values, page headers and footers.
REVIEW_TEXT_COLUMNS = {"reason", "原因"}
REVIEW_BOOKS = {"reserves.xlsx", "ratings.xlsx"}
HEX = re.compile(r"\b[0-9a-f]{64}\b")


def workbook_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every sheet name, cell, page header/footer and chart text."""
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        yield f"{path.name}: sheet name", sheet.title
        for part in ("left", "center", "right"):
            for header in (sheet.oddHeader, sheet.oddFooter):
                text = getattr(header, part).text
                if text:
                    yield (
                        f"{path.name}: {sheet.title} header/footer",
                        text.replace("&P", "").replace("&N", ""),
                    )
        codes: set[int] = set()
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                if cell.row == 1 and value in CODE_COLUMNS:
                    codes.add(cell.column)
                if cell.row == 1 and path.name in REVIEW_BOOKS and value in REVIEW_TEXT_COLUMNS:
                    codes.add(cell.column)
                if cell.column in codes and cell.row > 1:
                    continue
                if isinstance(value, str):
                    yield f"{path.name}: {sheet.title}!{cell.coordinate}", HEX.sub(" ", value)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/charts/chart"):
                xml = archive.read(name).decode("utf-8")
                for text in re.findall(r"<a:t>([^<]*)</a:t>", xml):
                    yield f"{path.name}: {name}", html.unescape(text)


def html_text(path: Path) -> str:
    page = path.read_text("utf-8")
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    page = re.sub(r'aria-label="([^"]*)"', r"> \1 <", page)
    text = re.sub(r"<[^>]+>", " ", page)
    return HEX.sub(" ", html.unescape(text))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated district (its names are the generator's Chinese names)."""
    out = tmp_path_factory.mktemp("district") / "data"
    result = CliRunner().invoke(
        plan, ["generate", "--villages", "30", "--seed", "3", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def run_all(out: Path, lang: str, data: Path | None) -> list[Path]:
    files = []
    for command in ("mentors", "backfill", "reserves", "ratings", "budget"):
        args = [command, "--lang", lang, "--quiet", "--out", str(out / command)]
        args += ["--data", str(data)] if data is not None else []
        if command != "ratings":
            args += ["--draws", "300"] if command == "budget" else ["--year", "2026"]
        result = CliRunner().invoke(plan, args)
        assert result.exit_code == 0, result.output
        book = "budget.xlsx" if command == "budget" else f"{command}.xlsx"
        files.append(out / command / book)
    files.append(out / "budget" / "budget.html")
    return files


@pytest.mark.parametrize("district", ["sample", "generated"])
def test_zh_outputs_hold_no_english_words(tmp_path: Path, generated: Path, district: str) -> None:
    """Under --lang zh, no English word is left in any workbook or in budget.html."""
    data = None if district == "sample" else generated
    found = []
    for path in run_all(tmp_path, "zh", data):
        if path.suffix == ".html":
            words = english_words(html_text(path))
            found += [(path.name, w) for w in words]
            continue
        for where, text in workbook_texts(path):
            words = english_words(text)
            if words:
                found.append((where, text, words))
    assert not found, found[:20]


@pytest.mark.parametrize("district", ["sample", "generated"])
def test_en_outputs_hold_no_chinese_label(tmp_path: Path, generated: Path, district: str) -> None:
    """Under --lang en, Chinese appears only where it comes from the data."""
    data_folder = sample_path() if district == "sample" else generated
    data = data_strings(Path(data_folder))
    found = []
    for path in run_all(tmp_path, "en", None if district == "sample" else generated):
        if path.suffix == ".html":
            labels = chinese_labels(html_text(path), data)
            found += [(path.name, w) for w in labels]
            continue
        for where, text in workbook_texts(path):
            labels = chinese_labels(text, data)
            if labels:
                found.append((where, text, labels))
    assert not found, found[:20]
