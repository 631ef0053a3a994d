"""Progress of a long run on stderr: each phase with its time, and a bar where it has a count.

The library reports phases through a callback (see :mod:`cadreplan.solver.timing`: it never
prints); :class:`Progress` is that callback for the terminal. A phase is announced when it
starts ("求解…" / "solving…"), and when the next one starts its line is completed with the
phase's seconds and the run's elapsed time. A phase that reports a count (explaining the
items left out, writing the files) shows a bar, drawn by ``tqdm``: a small, widely used
library that writes to stderr, redraws in place and throttles itself, which is all a phase
bar needs (``rich`` would bring a whole console layer for the same).

Nothing is shown with ``--quiet``/``--json`` or when stderr is not a terminal (a log file,
a pipe, a test), so outputs meant for scripts stay clean.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, Any

from cadreplan.solver.words import Lang, has, say


class Progress:
    """A progress callback for :class:`cadreplan.solver.timing.Timings` and the commands.

    Parameters
    ----------
    lang
        The language of the phase words.
    quiet
        Show nothing (``--quiet`` or ``--json``).
    stream
        Where to write; ``sys.stderr`` by default. Nothing is shown unless it is a terminal.
    """

    def __init__(self, lang: Lang, quiet: bool = False, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.lang = lang
        isatty = getattr(self.stream, "isatty", None)
        terminal = bool(isatty and isatty())
        # Plain lines (no redrawing, no bar) for plan serve, which reads the last line.
        self.plain = not terminal and bool(os.environ.get("CADREPLAN_PROGRESS"))
        self.enabled = not quiet and (terminal or self.plain)
        self.started = time.perf_counter()
        self.current: str | None = None
        self.current_started = 0.0
        self.seconds: dict[str, float] = {}
        self.bar: Any = None

    def __call__(
        self,
        phase: str,
        done: int | None = None,
        total: int | None = None,
        seconds: float | None = None,
    ) -> None:
        """Receive one report: a phase starts, advances (done of total) or ends (seconds)."""
        if seconds is not None:
            self.seconds[phase] = seconds
            return
        if done is not None and total is not None:
            self._advance(phase, done, total)
            return
        self._begin(phase)

    def _word(self, phase: str) -> str:
        key = f"progress.{phase}"
        return say(key, self.lang) if has(key) else phase

    def _begin(self, phase: str) -> None:
        if phase == self.current:
            return
        self._finish_line()
        self.current = phase
        self.current_started = time.perf_counter()
        if self.enabled:
            line = say("progress.running", self.lang, phase=self._word(phase))
            self.stream.write(line + "\n" if self.plain else line)
            self.stream.flush()

    def _advance(self, phase: str, done: int, total: int) -> None:
        if phase != self.current:
            self._begin(phase)
        if not self.enabled or self.plain:
            return
        if self.bar is None:
            from tqdm import tqdm  # type: ignore[import-untyped]  # only when a bar is shown

            self.stream.write("\r\x1b[2K")
            self.bar = tqdm(
                total=total,
                desc=self._word(phase),
                file=self.stream,
                leave=False,
                mininterval=0.2,
                dynamic_ncols=True,
            )
        self.bar.update(max(0, done - self.bar.n))

    def _finish_line(self) -> None:
        if self.current is None:
            return
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        if self.enabled:
            seconds = self.seconds.get(self.current, time.perf_counter() - self.current_started)
            self.stream.write(
                ("" if self.plain else "\r\x1b[2K")
                + say(
                    "progress.done",
                    self.lang,
                    phase=self._word(self.current),
                    seconds=seconds,
                    elapsed=time.perf_counter() - self.started,
                )
                + "\n"
            )
            self.stream.flush()
        self.current = None

    def close(self) -> None:
        """Complete the last phase's line (call once the run's work is done)."""
        self._finish_line()
