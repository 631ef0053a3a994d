"""Seconds per phase of a run, for ``summary.json``'s ``timings`` (where the time went).

The phases a plan records are ``read``, ``distances``, ``build``, ``solve``, ``explain``,
``check`` and ``write``. Times are exclusive: a phase opened inside another (the distance
searches inside building the candidate pairs) counts only for itself, so the phases add up
to the run's time without counting anything twice.

**Progress.** A :class:`Timings` may carry a ``report`` callback (the library never prints;
``cadreplan.cli.progress`` shows it on the terminal). It is called as
``report(phase)`` when a phase starts (:meth:`Timings.start`, :meth:`Timings.phase`),
``report(phase, done=d, total=n)`` as a counted phase advances (:meth:`Timings.count`), and
``report(phase, seconds=s)`` when it ends (:meth:`Timings.split`, :meth:`Timings.phase`),
``s`` being the phase's seconds so far.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

PHASES = ("read", "distances", "build", "solve", "explain", "check", "write")

#: ``report(phase, done=None, total=None, seconds=None)``: see the module docstring.
Report = Callable[..., None]


@dataclass
class _Open:
    name: str
    started: float
    nested: float = 0.0


class Timings:
    """Exclusive wall seconds per phase (``time.perf_counter``), accumulated over calls."""

    def __init__(self, report: Report | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self._open: list[_Open] = []
        self._last = time.perf_counter()
        self.report = report

    def start(self, name: str) -> None:
        """Say that phase ``name`` begins (for progress; timing is :meth:`split`'s)."""
        if self.report is not None:
            self.report(name)

    def count(self, name: str, done: int, total: int) -> None:
        """Say how far a counted phase is: ``done`` of ``total`` items."""
        if self.report is not None:
            self.report(name, done=done, total=total)

    def split(self, name: str) -> None:
        """Charge the time since the last split (or since creation) to phase ``name``.

        For straight-line code: one call after each step, no indentation.
        """
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self._last
        self._last = now
        if self.report is not None:
            self.report(name, seconds=self.seconds[name])

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Charge the time of the ``with`` block to phase ``name`` (minus nested phases)."""
        frame = _Open(name, time.perf_counter())
        self._open.append(frame)
        self.start(name)
        try:
            yield
        finally:
            self._open.pop()
            total = time.perf_counter() - frame.started
            if self._open:
                self._open[-1].nested += total
            self.seconds[name] = self.seconds.get(name, 0.0) + total - frame.nested
            if self.report is not None:
                self.report(name, seconds=self.seconds[name])

    def merge(self, other: dict[str, float]) -> None:
        """Add another run's seconds (a plan's own phases) to these."""
        for name, seconds in other.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def as_dict(self) -> dict[str, float]:
        """Seconds per phase rounded to the millisecond, in :data:`PHASES` order first."""
        names = [p for p in PHASES if p in self.seconds]
        names += [p for p in self.seconds if p not in PHASES]
        return {name: round(self.seconds[name], 3) for name in names}
