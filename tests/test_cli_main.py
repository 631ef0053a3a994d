"""Tests of the ``plan`` group: its command list, unknown commands and lazy imports."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from cadreplan.cli.main import COMMANDS, plan


def test_help_lists_every_command() -> None:
    """``plan -h`` names the five commands, each with its one-line help."""
    result = CliRunner().invoke(plan, ["-h"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1].split()
    for name in ("backfill", "budget", "check", "generate", "mentors"):
        assert name in listed
    assert list(COMMANDS) == sorted(COMMANDS)


def test_unknown_command_exits_2() -> None:
    """A misspelt command is a usage error (exit 2) naming the command."""
    result = CliRunner().invoke(plan, ["mentor"])
    assert result.exit_code == 2
    assert "No such command 'mentor'" in result.output


def test_a_command_loads_only_its_own_modules() -> None:
    """Starting ``plan`` imports no command module, CP-SAT or budget code until asked."""
    probe = (
        "import sys, cadreplan.cli.main as m; "
        "print(sorted(n for n in sys.modules if n.startswith(('cadreplan.cli.budget', "
        "'cadreplan.cli.mentors', 'cadreplan.solver.budget', 'ortools.sat'))))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
