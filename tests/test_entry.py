"""The console script's ending (cli/entry.py ``leave``): outputs, exit codes and streams kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadreplan.cli.entry import leave
from cadreplan.cli.main import plan


def console(*args: str, script: str | None = None) -> subprocess.CompletedProcess[str]:
    """``plan ARGS`` as the console script runs it (``python -m cadreplan.cli``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADREPLAN_TEST")}
    argv = (
        [sys.executable, "-c", script, *args]
        if script
        else [
            sys.executable,
            "-m",
            "cadreplan.cli",
            *args,
        ]
    )
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)


def test_console_plan_writes_the_same_files_as_an_in_process_run(tmp_path: Path) -> None:
    """A console run ended by leave() publishes every CSV byte for byte as click's own run."""
    done = console("mentors", "--year", "2026", "--quiet", "--out", str(tmp_path / "console"))
    assert done.returncode == 0, done.stderr
    result = CliRunner().invoke(
        plan, ["mentors", "--year", "2026", "--quiet", "--out", str(tmp_path / "inside")]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "inside").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "console").iterdir())
    for name in names:
        if name.endswith(".csv"):
            assert (tmp_path / "console" / name).read_bytes() == (
                tmp_path / "inside" / name
            ).read_bytes(), name
    summary = json.loads((tmp_path / "console" / "summary.json").read_text(encoding="utf-8"))
    assert summary["command"] == "mentors" and summary["status"] == "optimal"


def test_console_json_on_stdout_arrives_whole_through_a_pipe(tmp_path: Path) -> None:
    """The --json summary printed just before leave() reaches a pipe complete (flushed)."""
    done = console("mentors", "--year", "2026", "--json", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    saved = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert printed["objective"] == saved["objective"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["mentors", "--year", "2026", "--data", "no-such-folder"], 2),
        (["mentors", "--no-such-option"], 2),
        (["--version"], 0),
    ],
)
def test_console_exit_code_and_error_line_are_kept(tmp_path: Path, args, code) -> None:
    """leave() ends with the command's own exit code; an error stays one line on stderr."""
    done = (
        console(*args, "--out", str(tmp_path / "out")) if args[0] == "mentors" else console(*args)
    )
    assert done.returncode == code
    if code:
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
        assert "Traceback" not in done.stderr
    else:
        assert done.stdout.startswith("plan, version ")


LEAVE_AFTER_EXIT_HANDLER = """
import atexit, sys
from pathlib import Path
from cadreplan.cli.entry import leave
atexit.register(lambda: Path(sys.argv[1]).write_text("ran"))
print("last line", end="")
leave(int(sys.argv[2]))
"""


@pytest.mark.parametrize("code", [0, 3])
def test_leave_runs_exit_handlers_flushes_and_keeps_the_code(tmp_path: Path, code) -> None:
    """leave(): atexit handlers run, buffered stdout is flushed, the exit code is the given."""
    marker = tmp_path / "marker"
    done = console(str(marker), str(code), script=LEAVE_AFTER_EXIT_HANDLER)
    assert done.returncode == code
    assert done.stdout == "last line"
    assert marker.read_text() == "ran"


def test_leave_with_a_message_takes_pythons_own_exit() -> None:
    """A message as exit code is left to Python (which prints it): SystemExit is raised."""
    with pytest.raises(SystemExit) as ended:
        leave("a message")
    assert ended.value.code == "a message"


def test_leave_with_another_thread_running_takes_pythons_own_exit() -> None:
    """With a non-daemon thread still running, Python's exit (which waits for it) is taken."""
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as ended:
            leave(4)
        assert ended.value.code == 4
    finally:
        release.set()
        worker.join()


def console_with_stdout(stdout: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``plan ARGS`` with fd 1 closed (``>&-``: ``stdout="closed"``) or sent to a path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADREPLAN_TEST")}
    argv = [sys.executable, "-m", "cadreplan.cli", *args]
    if stdout == "closed":
        return subprocess.run(
            argv,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            preexec_fn=lambda: os.close(1),  # noqa: PLW1509 - only closes fd 1
        )
    with open(stdout, "w") as sink:
        return subprocess.run(
            argv, env=env, stdout=sink, stderr=subprocess.PIPE, text=True, timeout=300
        )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["mentors", "--year", "2026"], 0),
        (["check"], 0),
        (["mentors", "--year", "2026", "--data", "no-such-folder"], 2),
    ],
)
def test_a_closed_stdout_keeps_the_commands_exit_code(tmp_path: Path, args, code) -> None:
    """``plan ... >&-`` (Python's sys.stdout is None): no traceback, the command's own exit
    code, the plan published, and a bad input's one line on stderr."""
    if args[0] == "mentors":
        args = [*args, "--out", str(tmp_path / "out")]
    done = console_with_stdout("closed", *args)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and "AttributeError" not in done.stderr
    if code == 2:
        assert done.stderr.strip().splitlines()[-1].startswith("error: no-such-folder")
    elif args[0] == "mentors":
        assert (tmp_path / "out" / "summary.json").is_file()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["mentors", "--year", "2026"], ["mentors", "--json"], ["check"]])
def test_a_full_stdout_is_one_line_naming_the_terminal_output(tmp_path: Path, args) -> None:
    """``plan ... > /dev/full``: one line naming the terminal output and the fix, exit 1,
    not an internal error, and no traceback from Python's final flush."""
    if args[0] == "mentors":
        args = [*args, "--out", str(tmp_path / "out")]
    done = console_with_stdout("/dev/full", *args)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "error: the terminal output (stdout) could not be written: no space left on the "
        "disk. Free some space where it is redirected, or redirect it to another disk."
    )
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


LEAVE_WITH_A_FULL_STDOUT = """
import sys
from cadreplan.cli.entry import leave
sys.stdout = open(1, "w", buffering=65536, closefd=False)  # the line stays buffered
print("a line that cannot be written", end="")
leave(3)
"""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_leave_with_an_unwritable_stdout_keeps_the_code(tmp_path: Path) -> None:
    """leave() whose stdout cannot be flushed (a full disk) ends with the command's code,
    without Python's "Exception ignored" report (exit 120)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADREPLAN_TEST")}
    with open("/dev/full", "w") as sink:
        done = subprocess.run(
            [sys.executable, "-c", LEAVE_WITH_A_FULL_STDOUT],
            env=env,
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert done.returncode == 3 and done.stderr == ""
