"""The ``plan`` command group: it turns library errors into one-line messages and exit codes.

Exit codes: 0 a plan was made; 1 internal error; 2 bad input or usage; 3 no plan.
"""

from __future__ import annotations

import difflib
import importlib
import os
import re
import signal
import sys
import threading

import click

from cadreplan.solver.errors import (
    CadreplanError,
    DataError,
    InfeasibleError,
    NoSolutionError,
    NoSpaceError,
    OptionError,
    PlanCheckError,
    RulesError,
    TooLargeError,
    from_terminal,
    is_no_space,
)
from cadreplan.solver.words import Lang, say

from . import package_version
from .entry import INTERRUPTED_EXIT, command_in_args, interrupted_key, stop
from .lang import (
    META_KEY,
    PlanContext,
    click_in_english,
    click_language,
    current_lang,
    lang_in_args,
    localise_help,
)


class Failure(click.ClickException):
    """A message for the user with the exit code the contract gives it.

    ``message`` is the text after the prefix; ``lang`` chooses the prefix ("error:" /
    "错误：").
    """

    def __init__(self, message: str, exit_code: int, lang: Lang = "en") -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click: a ClassVar
        self.lang = lang

    def show(self, file=None) -> None:  # noqa: D102 - click's signature
        # One line, whatever the data put in the message (a cell may hold a line break),
        # and no terminal control sequence from a quoted value (ESC, BEL, CSI, bidi).
        message = one_safe_line(self.format_message())
        click.echo(say("error.prefix", self.lang, message=message), err=True)


#: ``ctx.meta`` key of the subcommand named on the command line (see ``make_context``).
COMMAND_KEY = "cadreplan.command"


class Interrupted(Failure):
    """A run stopped by Ctrl-C (SIGINT) or a stop signal (SIGTERM): one line, exit 130.

    ``command`` is the subcommand stopped; one that writes nothing (``plan check``) gets a
    line saying so instead of the one about the output folder.
    """

    def __init__(self, lang: Lang = "en", command: str | None = None) -> None:
        super().__init__(say(interrupted_key(command), lang), INTERRUPTED_EXIT, lang)

    def show(self, file=None) -> None:  # noqa: D102 - click's signature
        click.echo(self.format_message(), err=True)


def usage_failure(error: click.UsageError, lang: Lang) -> Failure:
    """click's usage error as one line with the fix (SPEC: one clear line, exit 2).

    click shows "Usage: ... / Try '... --help' ... / Error: ..." in three parts; here the
    message (already worded in ``lang`` by :func:`cadreplan.cli.lang.click_language`) is
    followed by where to read the options, e.g. "see plan mentors -h".
    """
    command = error.ctx.command_path if error.ctx is not None else "plan"
    message = say("cli.usage_fix", lang, message=error.format_message(), command=command)
    return Failure(message, 2, lang)


#: click's "no arguments: print the help" (click >= 8.2), shown as click shows it.
NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


#: What an error line never sends to a terminal: C0 controls but tab, DEL, C1 controls and
#: the bidirectional overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_safe_line(text: str) -> str:
    """``text`` as one line that cannot drive a terminal: controls shown as escapes (\\x1b)."""

    def escape(found: re.Match[str]) -> str:
        character = found.group(0)
        named = {"\n": "\\n", "\r": "\\r"}.get(character)
        if named:
            return named
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return UNSAFE.sub(escape, text)


#: The commands, each defined as ``command`` in the module of its name; a module is imported
#: only when its command runs (or help lists it), so ``plan mentors`` does not pay for the
#: budget report's or the generator's imports.
COMMANDS = ("backfill", "budget", "check", "generate", "mentors", "ratings", "reserves", "serve")


class PlanGroup(click.Group):
    """A group whose commands report our own errors as one line, never a traceback.

    Every message, click's usage errors included, is in the language of ``--lang`` (read
    from the command line before click parses it, see :mod:`cadreplan.cli.lang`).
    """

    context_class = PlanContext

    def main(self, args=None, *posargs, **kwargs):  # noqa: D102 - click's signature
        args = list(sys.argv[1:] if args is None else args)
        lang = lang_in_args(args)
        self.options_metavar = say("cli.options_metavar", lang)
        self.subcommand_metavar = say("cli.subcommand_metavar", lang)
        localise_help(self, "plan", lang)
        # ``plan -h`` prints while its arguments are parsed, before make_context below keeps
        # the language in ctx.meta: the command list takes it from here.
        self.help_lang = lang
        # SIGTERM stops a run as Ctrl-C does (its staging folder is cleaned up); the console
        # script (cli/entry.py) installed both before importing this module.
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.getsignal(signal.SIGTERM) if main_thread else None
        if main_thread and previous is not signal.SIG_IGN:
            signal.signal(signal.SIGTERM, stop)
        try:
            with click_language(lang):
                return super().main(args, *posargs, **kwargs)
        finally:
            if main_thread and previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def make_context(self, info_name, args, parent=None, **extra):  # noqa: D102
        lang = lang_in_args(list(args))
        # The command named, known before click resolves it (a Ctrl-C while its module
        # loads has no ``invoked_subcommand`` yet): ``plan check`` says nothing was written.
        named = command_in_args(list(args))
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except NO_ARGS_IS_HELP:
            raise
        except click.UsageError as error:  # plan --bogus, plan --lang fr
            raise usage_failure(error, lang) from None
        except KeyboardInterrupt:  # while click parses (it would say "Aborted!", exit 1)
            sys.unraisablehook = lambda unraisable: None
            raise Interrupted(lang, named) from None
        ctx.meta.setdefault(META_KEY, lang)
        ctx.meta.setdefault(COMMAND_KEY, named)
        return ctx

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        with click_in_english():  # words click fixes at import stay English (see there)
            module = importlib.import_module(f"{__package__}.{name}")
        command = module.command
        lang = ctx.meta.get(META_KEY, getattr(self, "help_lang", "en"))
        command.options_metavar = say("cli.options_metavar", lang)
        localise_help(command, name, lang)
        command.context_class = PlanContext
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]):  # noqa: D102
        name = args[0] if args else ""
        if args and name not in COMMANDS and not name.startswith("-"):
            lang = current_lang()
            message = say("cli.no_such_command", lang, name=name)
            close = difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.6)
            if close:
                message += say("cli.did_you_mean", lang, match=close[0])
            else:
                message += say("cli.commands_are", lang, commands=", ".join(COMMANDS))
            ctx.fail(message)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            # A bad SOURCE_DATE_EPOCH is found before any work, not when the files are stamped.
            from .render.stamp import planning_epoch

            planning_epoch()
            return super().invoke(ctx)
        except NO_ARGS_IS_HELP:
            raise
        except click.UsageError as error:  # a command's bad option or value, an unknown command
            raise usage_failure(error, current_lang()) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            # The stage was removed on the way out; a half-written workbook's generators
            # would report their broken state at collection: nothing a user can act on.
            sys.unraisablehook = lambda unraisable: None
            command = ctx.invoked_subcommand or ctx.meta.get(COMMAND_KEY)
            raise Interrupted(current_lang(), command) from None
        except BrokenPipeError:
            # The reader of stdout went away (``plan check | head``): not an error of ours.
            _quiet_stdout()
            raise click.exceptions.Exit(0) from None
        except (DataError, RulesError, OptionError, TooLargeError) as error:
            raise Failure(error.render(current_lang()), 2, current_lang()) from None
        except (InfeasibleError, NoSolutionError) as error:
            lang = current_lang()
            raise Failure(say("error.no_plan", lang, message=error.render(lang)), 3, lang) from None
        except PlanCheckError as error:
            lang = current_lang()
            message = say("error.internal", lang, message=error.render(lang))
            raise Failure(message, 1, lang) from None
        except MemoryError:
            lang = current_lang()
            raise Failure(say("error.memory", lang), 2, lang) from None
        except NoSpaceError as error:  # a full disk or quota: not an internal error
            raise Failure(error.render(current_lang()), 1, current_lang()) from None
        except OSError as error:
            lang = current_lang()
            if not is_no_space(error) or os.environ.get("CADREPLAN_DEBUG"):
                raise internal_failure(error, lang) from None
            stream = from_terminal(error)
            if stream is not None:
                failure = NoSpaceError.of(error, "err.nospace.terminal", stream=stream)
            else:  # a file written outside an output folder's stage
                what = error.filename or "?"
                failure = NoSpaceError.of(error, "err.nospace.file", file=what)
            raise Failure(failure.render(lang), 1, lang) from None
        except Exception as error:
            raise internal_failure(error, current_lang()) from None


def internal_failure(error: Exception, lang: Lang) -> Failure:
    """An unexpected error as one line, exit 1 (re-raised as it is with CADREPLAN_DEBUG)."""
    if os.environ.get("CADREPLAN_DEBUG"):
        raise error
    message = error.render(lang) if isinstance(error, CadreplanError) else str(error)
    say_kind = say("error.internal_unexpected", lang, kind=type(error).__name__, message=message)
    return Failure(say_kind, 1, lang)


@click.group(
    cls=PlanGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=say("help.plan", "en"),
)
@click.version_option(
    package_version(), "--version", prog_name="plan", help=say("help.option.version", "en")
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    is_eager=True,
    expose_value=False,
    help=say("help.plan.option.lang", "en"),
)
def plan() -> None:
    """The ``plan`` group; its help is the catalogue's ``help.plan`` (solver/words/help.py)."""


def _quiet_stdout() -> None:
    """Point stdout at the null device, so that Python's final flush cannot fail again."""
    if sys.stdout is None:
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main() -> None:
    """Console-script entry point.

    A closed pipe on stdout (``plan budget | head -3``) ends the command quietly with exit 0:
    whatever it wrote to its output folder is complete; only the terminal lines were cut.
    """
    try:
        plan(prog_name="plan")
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    finally:
        # fd 1 closed when Python started (``plan check >&-``): sys.stdout is None.
        if sys.stdout is not None:
            try:
                sys.stdout.flush()
            except OSError:  # a reader gone, a full disk: the command has said what it could
                _quiet_stdout()
