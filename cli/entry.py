"""The ``plan`` console script: Ctrl-C and SIGTERM are handled before anything else is loaded.

``cadreplan.cli.main`` imports click, the catalogue and, through the commands, numpy and
OR-Tools: a tenth of a second or more. An interrupt in that time used to end in Python's
own traceback (exit -2). This module imports only the standard library's ``signal`` and
``sys``, installs the handlers, and only then imports the rest, so that Ctrl-C or SIGTERM at
any moment of a run gives the one line of :data:`INTERRUPTED_KEY` and exit 130.

Once the command has ended (its files written and published, its lines printed), the
process ends at once through :func:`leave`: the terminal streams are flushed and the exit
handlers run, but the interpreter's teardown (freeing every module of pandas, numpy,
OR-Tools and openpyxl one object at a time: a fifth of a second, more than the whole plan
of the sample district) is skipped, as the operating system frees the memory anyway.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from typing import NoReturn

#: Exit code of a run stopped by Ctrl-C or a stop signal (the shell's 128 + SIGINT).
INTERRUPTED_EXIT = 130
#: The catalogue's line for a stopped run (solver/words/cli.py).
INTERRUPTED_KEY = "cli.interrupted"
#: The line for a stopped command that writes no file (``plan check``) at any moment.
NOTHING_WRITTEN_KEY = "cli.interrupted_nothing_written"
#: Commands that write no file: stopped, they say so instead of the output folder's line.
WRITE_NOTHING = ("check",)


def stop(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM: stop the run (its staging folder is removed on the way out).

    Later signals are ignored, so that the clean-up and the one line saying so cannot be
    cut by a second Ctrl-C into a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def command_in_args(args: list[str]) -> str | None:
    """The subcommand named on a command line (``check`` in ``plan --lang zh check``).

    Read before click parses anything, so that a run stopped while loading knows which
    command it was. The group's only option taking a value is ``--lang``.
    """
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--":
            return args[position + 1] if position + 1 < len(args) else None
        if arg == "--lang":
            position += 2
            continue
        if not arg.startswith("-"):
            return arg
        position += 1
    return None


def interrupted_key(command: str | None) -> str:
    """The catalogue's line for stopping ``command``: a command writing nothing says so."""
    return NOTHING_WRITTEN_KEY if command in WRITE_NOTHING else INTERRUPTED_KEY


def interrupted_line(args: list[str]) -> str:
    """The one line for a run stopped outside a command, in the language of ``args``.

    ``plan check`` (which writes nothing) says that nothing was written, at any moment.
    """
    key = interrupted_key(command_in_args(args))
    try:
        from cadreplan.cli.lang import lang_in_args
        from cadreplan.solver.words import say

        return say(key, lang_in_args(args))
    except Exception:  # noqa: BLE001 - the words could not be loaded: the English line
        return "interrupted (exit 130)."


def leave(code: object = 0) -> NoReturn:
    """End the process with ``code`` (as ``sys.exit(code)``) once the command is over.

    The terminal streams are flushed and the exit handlers (``atexit``, which also removes
    a temporary folder still open) run as at a normal exit; then the process ends with
    ``os._exit``, skipping the teardown of the interpreter's modules. Every output file is
    closed and published before this is called (the commands write with ``with`` blocks
    and switch the staged folder in before returning). Where skipping the teardown could
    lose anything, Python's own exit is taken instead: a ``code`` that is a message (Python
    prints it) or another thread still running (Python waits for it). A terminal stream
    that is closed (``plan check >&-``: Python sets it to ``None``) or cannot be written
    (a full disk, a reader gone) is skipped, its unwritten lines dropped (the command has
    already said so on stderr where it could): the command's own exit code is kept.

    Raises
    ------
    SystemExit
        In the cases above, with ``code``.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        raise SystemExit(code)
    main_thread = threading.main_thread()
    if any(t is not main_thread and not t.daemon for t in threading.enumerate()):
        raise SystemExit(code)
    # Stopped from here on, the run would lose nothing: the signals are ignored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    flush_terminal()
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # not CPython: its own exit
        raise SystemExit(code)
    run_exit_handlers()
    flush_terminal()
    os._exit(status)


def flush_terminal() -> None:
    """Flush stdout and stderr; one closed or unwritable is pointed at the null device.

    A stream set to ``None`` (its descriptor was closed when Python started) is skipped.
    One whose flush fails (ENOSPC on ``> /dev/full``, EPIPE, a closed file) gets the null
    device as its descriptor, so that no later flush (Python's own at exit) fails again.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)
                stream.flush()


def main() -> None:
    """Console-script entry point: handlers first, then :func:`cadreplan.cli.main.main`.

    The process ends through :func:`leave` with the command's exit code.
    """
    for number in (signal.SIGINT, signal.SIGTERM):
        # A signal ignored by whoever started us (a background job of a script) stays so.
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, stop)
    try:
        from cadreplan.cli.main import main as run

        run()
        code: object = 0
    except SystemExit as ended:
        code = ended.code
    except KeyboardInterrupt:
        # Stopped while loading, or after the command ended (its outputs published, its
        # terminal lines being printed): the same line as a run stopped mid-way.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sys.unraisablehook = lambda unraisable: None
        with contextlib.suppress(OSError):
            print(interrupted_line(sys.argv[1:]), file=sys.stderr, flush=True)
        sys.exit(INTERRUPTED_EXIT)
    leave(code)
