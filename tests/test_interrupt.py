"""Ctrl-C at any moment of ``plan``: while it loads, after its outputs are published, in check."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cadreplan.cli import check
from cadreplan.cli.entry import command_in_args
from cadreplan.cli.main import plan

#: Runs the console script's entry with SIGINT sent while ``cadreplan.cli.main`` is imported.
DURING_IMPORT = """
import os, signal, sys
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ.get("INTERRUPT_AT", "cadreplan.cli.main"):
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
from cadreplan.cli.entry import main
sys.argv[0] = "plan"
main()
"""

#: Runs the entry with SIGINT sent once the command has ended (outputs published).
AFTER_THE_COMMAND = """
import os, signal, sys, time
import cadreplan.cli.main as cli_main
original = cli_main.main
def ended_then_interrupted():
    try:
        original()
    finally:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
cli_main.main = ended_then_interrupted
from cadreplan.cli.entry import main
sys.argv[0] = "plan"
main()
"""


def run(script: str, *args: str, at: str | None = None) -> subprocess.CompletedProcess[str]:
    """``plan ARGS`` through ``script``; ``at``: the module whose import is interrupted."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADREPLAN_TEST")}
    if at is not None:
        env["INTERRUPT_AT"] = at
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ctrl_c_while_loading_is_one_line_exit_130(lang) -> None:
    """SIGINT while the commands are imported: the one interrupt line, exit 130, no traceback."""
    done = run(DURING_IMPORT, "mentors", "--lang", lang)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines() == [
        "interrupted: the output folder holds one complete set of outputs, never a "
        "half-written one (exit 130)."
        if lang == "en"
        else "已中止：输出文件夹中始终是一套完整的输出文件，不会留下写了一半的文件（退出码 130）。"
    ]


def test_ctrl_c_after_the_outputs_are_published_is_one_line_exit_130(tmp_path) -> None:
    """SIGINT after the command ended (outputs in place): the one line and exit 130, not -2."""
    out = tmp_path / "out"
    done = run(AFTER_THE_COMMAND, "mentors", "--out", str(out), "-q")
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("interrupted: the output folder")
    assert (out / "summary.json").exists()


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "interrupted: nothing was written, run the command again to finish (exit 130)."),
        ("zh", "已中止：未写入任何文件，请重新运行该命令（退出码 130）。"),
    ],
)
def test_ctrl_c_in_check_says_nothing_was_written(monkeypatch, lang, line) -> None:
    """``plan check`` writes nothing, so its interrupt line speaks of no output folder."""

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(check, "database_summary", interrupted)
    result = CliRunner().invoke(plan, ["check", "--lang", lang])
    assert result.exit_code == 130, result.output
    assert result.output.strip().splitlines()[-1] == line
    assert "output folder" not in result.output


@pytest.mark.parametrize(
    ("at", "lang"),
    [
        ("cadreplan.cli.main", "en"),
        ("cadreplan.cli.check", "en"),  # the command's own module: no subcommand invoked yet
        ("cadreplan.cli.check", "zh"),
    ],
)
def test_ctrl_c_while_check_loads_says_nothing_was_written(at, lang) -> None:
    """``plan check`` stopped before click knows the command still says nothing was
    written (it never writes), not the output folder's line."""
    done = run(DURING_IMPORT, "--lang", lang, "check", at=at)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines() == [
        "interrupted: nothing was written, run the command again to finish (exit 130)."
        if lang == "en"
        else "已中止：未写入任何文件，请重新运行该命令（退出码 130）。"
    ]


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["check", "--data", "x"], "check"),
        (["--lang", "zh", "check"], "check"),
        (["--lang=zh", "mentors"], "mentors"),
        (["--version"], None),
        (["--lang", "check"], None),  # "check" is --lang's (bad) value, not the command
        ([], None),
        (["--", "check"], "check"),
    ],
)
def test_the_command_is_read_from_the_command_line_before_click(args, command) -> None:
    """command_in_args finds the subcommand as click would, skipping --lang and its value."""
    assert command_in_args(args) == command
