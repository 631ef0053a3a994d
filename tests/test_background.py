"""Tests of work run in a forked child: the same value or exception as in-process, always."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from cadreplan.cli import background
from cadreplan.cli.background import Pending, in_background

pytestmark = pytest.mark.skipif(
    not background.can_fork(), reason="forking is used on Linux only (elsewhere: in-process)"
)


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_the_value_is_computed_in_a_child() -> None:
    """The function runs in another process, and its pickled value and seconds come back."""
    with in_background(lambda: (os.getpid(), [1, 2.5, "三"])) as pending:
        assert pending.pid is not None
        (pid, value), seconds = pending.result()
    assert pid != os.getpid() and value == [1, 2.5, "三"] and seconds >= 0


def test_an_error_in_the_child_is_raised_here_as_in_process() -> None:
    """A child that raises gives no result: the function runs here and raises itself."""
    calls: list[int] = []

    def failing() -> None:
        calls.append(os.getpid())
        raise ValueError("a broken rule 3")

    with in_background(failing) as pending, pytest.raises(ValueError, match="^a broken rule 3$"):
        pending.result()
    assert calls == [os.getpid()]  # the child's call is not seen here: one call, here


def test_a_killed_child_leaves_the_value_to_this_process() -> None:
    """A child killed before sending (OOM killer, a stray kill) costs time, not the value."""
    parent = os.getpid()

    def slow() -> int:
        if os.getpid() != parent:
            time.sleep(600)
        return os.getpid()

    with in_background(slow) as pending:
        assert pending.pid is not None
        os.kill(pending.pid, 9)
        value, _ = pending.result()
    assert value == parent


def test_a_value_that_cannot_be_pickled_is_computed_here() -> None:
    """A result pickle refuses (a function) is computed again in-process, not lost."""
    with in_background(lambda: lambda: os.getpid()) as pending:
        value, _ = pending.result()
    assert value() == os.getpid()


def test_a_fork_the_system_refuses_computes_here(monkeypatch) -> None:
    """No process to spare (fork fails with EAGAIN): the value is computed in-process."""

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    pending = Pending(os.getpid)
    assert pending.pid is None and not pending.forked
    assert pending.result()[0] == os.getpid()


def test_sequential_runs_in_process(monkeypatch) -> None:
    """CADREPLAN_SEQUENTIAL=1: nothing is forked; the value is computed when asked for."""
    monkeypatch.setenv(background.SEQUENTIAL_VARIABLE, "1")
    pending = Pending(os.getpid)
    assert pending.pid is None and not pending.done()
    assert pending.result()[0] == os.getpid()


def test_leaving_the_block_stops_a_running_child() -> None:
    """A block left early (an error, Ctrl-C) kills and reaps the child still computing."""
    with pytest.raises(KeyboardInterrupt), in_background(lambda: time.sleep(600)) as pending:
        pid = pending.pid
        raise KeyboardInterrupt
    assert pid is not None and _gone(pid)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left


def test_the_child_dies_with_its_parent(tmp_path) -> None:
    """A parent killed outright (SIGKILL) takes its computing child with it."""
    script = textwrap.dedent(
        """
        import time
        from cadreplan.cli.background import Pending
        pending = Pending(lambda: time.sleep(600))
        print(pending.pid, flush=True)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert not _gone(child)
        parent.kill()
        parent.wait()
        end = time.monotonic() + 30
        while not _gone(child):
            assert time.monotonic() < end, "the child outlived its parent"
            time.sleep(0.05)
    finally:
        parent.kill()
        parent.wait()


@pytest.mark.parametrize("sequential", ["", "1"])
def test_the_cpu_seconds_of_the_computation_come_back(monkeypatch, sequential: str) -> None:
    """The CPU seconds sent back are the computation's own: a sleep costs its wall time, not CPU."""
    monkeypatch.setenv("CADREPLAN_SEQUENTIAL", sequential)
    with in_background(lambda: time.sleep(0.2) or os.getpid()) as pending:
        assert pending.cpu_seconds is None
        pid, seconds = pending.result()
    assert (pid != os.getpid()) == (sequential == "")
    assert pending.cpu_seconds is not None and 0 <= pending.cpu_seconds < seconds
    assert seconds >= 0.2
