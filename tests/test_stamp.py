"""Workbooks dated with the run's planning moment, so that a rerun writes the same bytes."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.cli.render.stamp import ENV, fix_zip_times, planning_date, planning_epoch
from cadreplan.solver.errors import OptionError

#: 2025-03-04 05:06:07 UTC.
EPOCH = 1741064767


def _run(command: str, out: Path, *extra: str) -> dict:
    result = CliRunner().invoke(
        plan, [command, "--out", str(out), "--lang", "zh", "--quiet", *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads((out / "summary.json").read_text("utf-8"))


def test_environment_sets_the_planning_moment(monkeypatch) -> None:
    """SOURCE_DATE_EPOCH, when set to digits, is the moment and its local day the date;
    set to anything else it is refused (a usage error), empty it counts as unset."""
    monkeypatch.setenv(ENV, str(EPOCH))
    assert planning_epoch() == EPOCH
    assert planning_date() == dt.datetime.fromtimestamp(EPOCH).date()
    monkeypatch.setenv(ENV, "yesterday")
    with pytest.raises(OptionError):
        planning_epoch()
    monkeypatch.setenv(ENV, "")
    assert planning_epoch() != EPOCH  # unset: the process's own start


@pytest.mark.parametrize("command", ["mentors", "backfill", "budget"])
def test_rerun_with_the_recorded_moment_gives_the_same_bytes(
    tmp_path: Path, monkeypatch, command: str
) -> None:
    """A run records source_date_epoch; a rerun given it writes every file byte for byte
    (summary.json apart from its timing fields), the workbooks' times included."""
    monkeypatch.delenv(ENV, raising=False)
    first = _run(command, tmp_path / "first")
    epoch = first["source_date_epoch"]
    assert isinstance(epoch, int)
    monkeypatch.setenv(ENV, str(epoch))
    second = _run(command, tmp_path / "second")
    names = sorted(p.name for p in (tmp_path / "first").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "second").iterdir())
    for name in names:
        if name == "summary.json":
            continue
        a = (tmp_path / "first" / name).read_bytes()
        b = (tmp_path / "second" / name).read_bytes()
        assert a == b, name
    for summary in (first, second):
        summary.pop("seconds", None), summary.pop("timings", None)
    assert first == second


def test_workbook_times_and_printed_date_come_from_the_moment(tmp_path: Path, monkeypatch) -> None:
    """core.xml's created/modified, every zip member's time and the footer date are the
    planning moment's, not the clock's."""
    monkeypatch.setenv(ENV, str(EPOCH))
    summary = _run("mentors", tmp_path / "out")
    assert summary["source_date_epoch"] == EPOCH
    book = tmp_path / "out" / "mentors.xlsx"
    with zipfile.ZipFile(book) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 3, 4, 5, 6, 6)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2025-03-04T05:06:07Z") == 2
    day = dt.datetime.fromtimestamp(EPOCH).date()
    footer = openpyxl.load_workbook(book).worksheets[0].oddFooter.left.text
    assert footer == f"{day.year}年{day.month}月{day.day}日"


def test_fix_zip_times_keeps_contents_and_order(tmp_path: Path) -> None:
    """Rewriting a zip's times keeps every member's name, order, bytes and compression."""
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("b.txt", "second" * 100, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("a.txt", "first", compress_type=zipfile.ZIP_STORED)
    fix_zip_times(path, 0)  # before 1980: clamped to the zip format's first day
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["b.txt", "a.txt"]
        assert [i.compress_type for i in infos] == [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]
        assert archive.read("b.txt") == b"second" * 100 and archive.read("a.txt") == b"first"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999999999999", "4354819200"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_source_date_epoch_is_one_line_exit_2(tmp_path, monkeypatch, value, lang):
    """SOURCE_DATE_EPOCH that is no moment an xlsx can record: exit 2, one line naming it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "out"
    result = CliRunner().invoke(plan, ["mentors", "--out", str(out), "-q", "--lang", lang])
    assert result.exit_code == 2, result.output
    expected = (
        f"error: SOURCE_DATE_EPOCH is '{value}', not a whole number of seconds since "
        "1970-01-01 UTC from 0 to 4354819199. Set it to such a number (the source_date_epoch "
        "of an earlier summary.json), or unset it to use the current time.\n"
        if lang == "en"
        else f"错误：环境变量 SOURCE_DATE_EPOCH 的值“{value}”无效，应为 0 到 4354819199 之间的"
        "整数秒数（自 1970-01-01 UTC 起）。请改为这样的整数（如以前 summary.json 中的 "
        "source_date_epoch），或取消该变量以使用当前时间。\n"
    )
    assert result.stderr == expected
    assert not out.exists()


def test_the_latest_source_date_epoch_still_stamps_the_workbooks(tmp_path, monkeypatch):
    """The last second a zip can record (2107-12-31 23:59:59 UTC) is accepted and used."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4354819199")
    result = CliRunner().invoke(plan, ["mentors", "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 0, result.output
