"""The README is the newcomer's door: its commands run and its tables match the code."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.solver.schema import SCHEMAS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_setup_commands_are_the_ci_commands() -> None:
    """The README's install-and-run and test commands are what .ci/run executes."""
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    assert blocks[0].strip() == "pip install . && plan mentors"
    assert blocks[1].strip() == 'pip install ".[test]" && ruff check . && mypy && pytest'
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text("utf-8")
    assert blocks[1].strip() in ci


@pytest.mark.parametrize(
    "command", ["mentors", "backfill", "budget", "check", "reserves", "ratings"]
)
def test_commands_shown_in_the_readme_run_on_the_sample(command: str, tmp_path: Path) -> None:
    """Each command the README shows runs on the bundled sample with exit code 0."""
    assert f"plan {command}" in README
    args = [command] + ([] if command == "check" else ["--out", str(tmp_path), "--quiet"])
    result = CliRunner().invoke(plan, args)
    assert result.exit_code == 0, result.output


def test_generate_example_runs(tmp_path: Path) -> None:
    """The README's generate example runs."""
    line = re.search(r"`(plan generate --villages N --seed S --out PATH)`", README).group(1)
    args = shlex.split(
        line.replace("N", "20").replace("S", "1").replace("PATH", str(tmp_path / "d"))
    )
    assert CliRunner().invoke(plan, args[1:]).exit_code == 0


def test_every_column_and_alias_is_documented() -> None:
    """Every table, column and Chinese header alias of the loader appears in the README."""
    for table in SCHEMAS.values():
        assert f"**`{table.name}`**" in README
        for column in table.columns:
            assert f"`{column.name}`" in README
            for alias in column.aliases:
                assert alias in README, alias


def test_schema_tables_in_the_readme_are_generated_from_the_schema() -> None:
    """The README's table of headers and form fields is exactly what solver/schema.py holds."""
    from cadreplan.solver.schema import schema_markdown

    begin = README.index("<!-- schema:begin")
    begin = README.index("\n", begin) + 1
    end = README.index("<!-- schema:end -->")
    assert README[begin:end] == schema_markdown()


def test_commands_block_lists_every_command_with_options_it_has() -> None:
    """The README's Commands block has one line per `plan` command, and every option a line
    shows is an option of that command (common options stand for the planning ones)."""
    from cadreplan.cli.main import COMMANDS

    block = README[README.index("## Commands") :].split("```")[1]
    lines = {line.split()[1]: line for line in block.strip().splitlines()}
    assert set(lines) == {*COMMANDS, "serve"}
    context = plan.make_context("plan", ["check"], resilient_parsing=True)
    for name, line in lines.items():
        command = plan.get_command(context, name)
        assert command is not None, name
        opts = {opt for param in command.params for opt in [*param.opts, *param.secondary_opts]}
        for shown in re.findall(r"--[a-z-]+", line):
            assert shown in opts, (name, shown)
        if "[common options]" in line:
            assert {"--time-limit", "--seed", "--solver", "--lang", "--json"} <= opts, name


def test_rules_block_is_the_bundled_rules_file() -> None:
    """The README's "keys with their defaults" block is scenarios/rules.toml, word for word,
    so [reserves], [reserves.structure] and [ratings] are shown as the code reads them."""
    from cadreplan.solver.rules import default_rules_text

    start = README.index("The keys with their defaults:")
    block = README[start:].split("```toml\n", 1)[1].split("```", 1)[0]
    assert block == default_rules_text()
    for section in ("[reserves]", "[reserves.structure]", "[ratings]"):
        assert f"\n{section}" in block, section
