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
from dataclasses import dataclass

PHASES = ("read", "distances", "build", "solve", "explain", "check", "write")


@dataclass
class _Open:
    name: str
    started: float
    nested: float = 0.0


class Timings:
    """Exclusive wall seconds per phase (``time.perf_counter``), accumulated over calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._open: list[_Open] = []
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
        frame = _Open(name, time.perf_counter())
        self._open.append(frame)
        try:
            yield
        finally:
            self._open.pop()
            total = time.perf_counter() - frame.started
            if self._open:
                self._open[-1].nested += total
            self.seconds[name] = self.seconds.get(name, 0.0) + total - frame.nested

    def merge(self, other: dict[str, float]) -> None:
        """Add another run's seconds (a plan's own phases) to these."""
        for name, seconds in other.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def as_dict(self) -> dict[str, float]:
        """Seconds per phase rounded to the millisecond, in :data:`PHASES` order first."""
        names = [p for p in PHASES if p in self.seconds]
        names += [p for p in self.seconds if p not in PHASES]
        return {name: round(self.seconds[name], 3) for name in names}
