"""Tests of the ``plan`` group: its command list, unknown commands and lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
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


def test_a_closed_pipe_on_stdout_ends_quietly() -> None:
    """``plan check | head -1``: the reader leaving early is exit 0 with nothing on stderr.

    The reading end is closed before the command prints, so every write to stdout fails
    with EPIPE (without the handling this exits 1 with an internal-error line).
    """
    script = (
        "import sys\n"
        "from cadreplan.cli.main import main\n"
        "sys.argv = ['plan', 'check']\n"
        "main()\n"
    )
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        process.stdout.close()  # what `head` does once it has its lines
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0
        assert b"BrokenPipe" not in err and b"internal error" not in err


def test_a_resembling_ignored_column_is_named_on_the_terminal(tmp_path) -> None:
    """A renamed header that the intake leaves unread is one warning line, in both languages."""
    from cadreplan.scenarios import sample_path

    data = tmp_path / "data"
    data.mkdir()
    for csv in sample_path().glob("*.csv"):
        text = csv.read_text(encoding="utf-8")
        if csv.name == "reserves.csv":
            text = text.replace("needs", "needs_list", 1)
        (data / csv.name).write_text(text, encoding="utf-8")
    for lang, expected in (
        ("en", "warning: reserves.csv, column 'needs_list' was not read although it resembles"),
        ("zh", "注意：reserves.csv 的列“needs_list”未读取，但与"),
    ):
        result = CliRunner().invoke(
            plan, ["mentors", "--data", str(data), "--out", str(tmp_path / lang), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        assert expected in result.stderr
        quiet = CliRunner().invoke(
            plan,
            ["mentors", "--data", str(data), "--out", str(tmp_path / lang), "--quiet"],
        )
        assert quiet.exit_code == 0 and quiet.stderr == ""


@pytest.mark.parametrize(
    ("lang", "jobs"),
    [
        (
            "en",
            ["Check a district", "mentors", "vacant secretary", "review the reserve pool",
             "rate the secretaries", "pay schemes", "generate a synthetic", "web page"],
        ),
        (
            "zh",
            ["检查街道数据表", "安排导师", "空缺书记岗位", "评议后备干部队伍", "评定书记等次",
             "报酬方案", "生成模拟街道数据", "网页"],
        ),
    ],
)
def test_plan_help_describes_every_job(lang, jobs) -> None:
    """``plan -h`` names every command's job (check, reserves, ratings, generate, serve too)."""
    result = CliRunner().invoke(plan, ["--lang", lang, "-h"])
    assert result.exit_code == 0
    description = result.output.split("Commands:" if lang == "en" else "示例")[0]
    flat = "".join(description.split())  # the help is wrapped at any character in zh
    assert [job for job in jobs if "".join(job.split()) not in flat] == []
