"""The ``plan`` console script: Ctrl-C and SIGTERM are handled before anything else is loaded.

``cadreplan.cli.main`` imports click, the catalogue and, through the commands, numpy and
OR-Tools: a tenth of a second or more. An interrupt in that time used to end in Python's
own traceback (exit -2). This module imports only the standard library's ``signal`` and
``sys``, installs the handlers, and only then imports the rest, so that Ctrl-C or SIGTERM at
any moment of a run gives the one line of :data:`INTERRUPTED_KEY` and exit 130.
"""

from __future__ import annotations

import contextlib
import signal
import sys

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


def main() -> None:
    """Console-script entry point: handlers first, then :func:`cadreplan.cli.main.main`."""
    for number in (signal.SIGINT, signal.SIGTERM):
        # A signal ignored by whoever started us (a background job of a script) stays so.
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, stop)
    try:
        from cadreplan.cli.main import main as run

        run()
    except KeyboardInterrupt:
        # Stopped while loading, or after the command ended (its outputs published, its
        # terminal lines being printed): the same line as a run stopped mid-way.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sys.unraisablehook = lambda unraisable: None
        with contextlib.suppress(OSError):
            print(interrupted_line(sys.argv[1:]), file=sys.stderr, flush=True)
        sys.exit(INTERRUPTED_EXIT)
