"""Tests of the progress display (cli/progress.py) and the phase reports of a plan."""

from __future__ import annotations

import io

import pytest

from cadreplan.cli.progress import Progress
from cadreplan.solver.mentors import plan_mentors
from cadreplan.solver.network import SolveOptions
from cadreplan.solver.rules import load_rules


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_each_phase_is_announced_and_timed_in_chinese() -> None:
    """On a terminal every phase gets a line with its seconds and the elapsed time."""
    stream = Terminal()
    progress = Progress("zh", stream=stream)
    progress("read")
    progress("read", seconds=0.25)
    progress("solve")
    progress("explain", done=0, total=300)
    progress("explain", done=200, total=300)
    progress.close()
    text = stream.getvalue()
    assert "读取数据：0.2 秒" in text or "读取数据：0.3 秒" in text
    assert "求解……" in text and "求解：" in text
    assert "说明未安排的原因：" in text


@pytest.mark.parametrize(("quiet", "stream"), [(True, Terminal()), (False, io.StringIO())])
def test_silent_when_quiet_or_not_a_terminal(
    quiet: bool, stream: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --quiet, or when stderr is a file or pipe, nothing is written."""
    monkeypatch.delenv("CADREPLAN_PROGRESS", raising=False)
    progress = Progress("en", quiet=quiet, stream=stream)
    progress("solve")
    progress("explain", done=1, total=2)
    progress.close()
    assert stream.getvalue() == ""


def test_plain_lines_for_the_web_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    """With CADREPLAN_PROGRESS set and no terminal, whole lines are written (no redrawing)."""
    monkeypatch.setenv("CADREPLAN_PROGRESS", "1")
    stream = io.StringIO()
    progress = Progress("en", stream=stream)
    progress("solve")
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "solving…"
    assert lines[1].startswith("solving: ") and "elapsed" in lines[1]
    assert "\r" not in stream.getvalue()


def test_a_plan_reports_its_phases_in_order(sample) -> None:
    """plan_mentors reports distances, build, solve and explain, each started and ended."""
    events: list[tuple] = []

    def report(phase, done=None, total=None, seconds=None):
        kind = "end" if seconds is not None else "count" if done is not None else "start"
        events.append((phase, kind))

    plan_mentors(
        sample,
        load_rules(),
        SolveOptions(progress=report),
    )
    started = [phase for phase, kind in events if kind == "start"]
    assert started == ["distances", "build", "solve", "explain"]
    assert ("explain", "end") in events
