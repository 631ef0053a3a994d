"""The ``plan`` command group: it turns library errors into one-line messages and exit codes.

Exit codes: 0 a plan was made; 1 internal error; 2 bad input or usage; 3 no plan.
"""

from __future__ import annotations

import importlib
import os

import click

from cadreplan.solver.errors import (
    DataError,
    InfeasibleError,
    NoSolutionError,
    OptionError,
    PlanCheckError,
    RulesError,
    TooLargeError,
)

from . import package_version


class Failure(click.ClickException):
    """A message for the user with the exit code the contract gives it."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click: a ClassVar

    def show(self, file=None) -> None:  # noqa: D102 - click's signature
        click.echo(f"error: {self.format_message()}", err=True)


#: The commands, each defined as ``command`` in the module of its name; a module is imported
#: only when its command runs (or help lists it), so ``plan mentors`` does not pay for the
#: budget report's or the generator's imports.
COMMANDS = ("backfill", "budget", "check", "generate", "mentors")


class PlanGroup(click.Group):
    """A group whose commands report our own errors as one line, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"{__package__}.{name}")
        return module.command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (DataError, RulesError, OptionError, TooLargeError) as error:
            raise Failure(str(error), 2) from None
        except (InfeasibleError, NoSolutionError) as error:
            raise Failure(f"no plan: {error}", 3) from None
        except PlanCheckError as error:
            raise Failure(f"internal error: {error}", 1) from None
        except MemoryError:
            raise Failure(
                "the input is too large for this machine's memory; split it by town or city.", 2
            ) from None
        except Exception as error:
            if os.environ.get("CADREPLAN_DEBUG"):
                raise
            raise Failure(
                f"internal error: {type(error).__name__}: {error} "
                "(set CADREPLAN_DEBUG=1 for a traceback)",
                1,
            ) from None


@click.group(cls=PlanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_version(), "--version", prog_name="plan")
def plan() -> None:
    """Cadre planning for the Lead Goose (头雁) programme.

    Pair reserve cadres with mentors, fill vacant secretary posts, and compare pay schemes.
    Without --data, every command uses the bundled sample district.

    \b
    Example:
      plan check
      plan mentors --out plan-output/mentors
      plan backfill --lang zh
      plan budget
    """


def main() -> None:
    """Console-script entry point."""
    plan(prog_name="plan")
