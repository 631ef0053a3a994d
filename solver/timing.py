"""Seconds per phase of a run, for ``summary.json``'s ``timings`` (where the time went).

The phases a plan records are ``read``, ``distances``, ``build``, ``solve``, ``explain``,
``check`` and ``write``. Times are exclusive: a phase opened inside another (the distance
searches inside building the candidate pairs) counts only for itself, so the phases add up
to the run's time without counting anything twice.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

PHASES = ("read", "distances", "build", "solve", "explain", "check", "write")


class Timings:
    """Exclusive wall seconds per phase (``time.perf_counter``), accumulated over calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._open: list[list] = []  # [phase, started, seconds of nested phases]
        self._last = time.perf_counter()

    def split(self, name: str) -> None:
        """Charge the time since the last split (or since creation) to phase ``name``.

        For straight-line code: one call after each step, no indentation.
        """
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self._last
        self._last = now

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Charge the time of the ``with`` block to phase ``name`` (minus nested phases)."""
        frame = [name, time.perf_counter(), 0.0]
        self._open.append(frame)
        try:
            yield
        finally:
            self._open.pop()
            total = time.perf_counter() - frame[1]
            if self._open:
                self._open[-1][2] += total
            self.seconds[name] = self.seconds.get(name, 0.0) + total - frame[2]

    def merge(self, other: dict[str, float]) -> None:
        """Add another run's seconds (a plan's own phases) to these."""
        for name, seconds in other.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def as_dict(self) -> dict[str, float]:
        """Seconds per phase rounded to the millisecond, in :data:`PHASES` order first."""
        names = [p for p in PHASES if p in self.seconds]
        names += [p for p in self.seconds if p not in PHASES]
        return {name: round(self.seconds[name], 3) for name in names}
