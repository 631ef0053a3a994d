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


def stop(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM: stop the run (its staging folder is removed on the way out).

    Later signals are ignored, so that the clean-up and the one line saying so cannot be
    cut by a second Ctrl-C into a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def interrupted_line(args: list[str]) -> str:
    """The one line for a run stopped outside a command, in the language of ``args``."""
    try:
        from cadreplan.cli.lang import lang_in_args
        from cadreplan.solver.words import say

        return say(INTERRUPTED_KEY, lang_in_args(args))
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
    prints it), another thread still running (Python waits for it), or a stream that
    cannot be flushed (Python reports it).

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
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # not CPython: its own exit
        raise SystemExit(code)
    run_exit_handlers()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(status)


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
