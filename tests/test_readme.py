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
