"""A rerun against its first run, file by file: what came out with the same bytes.

A rerun runs the same command on the same copied inputs with the first run's planning
moment (``SOURCE_DATE_EPOCH``), so every output file (CSV, workbook, HTML) should have the
same sha256. ``summary.json`` cannot: it records how long the solver and each phase took.
It is compared as JSON without those timing fields, and the page names the ones that
differed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Entries of ``summary.json`` that measure time and so differ from run to run.
TIMING_FIELDS = ("seconds", "timings")
SUMMARY = "summary.json"


@dataclass(frozen=True)
class FileComparison:
    """One output file of a rerun against the first run's file of the same name.

    Attributes
    ----------
    name
        The file name.
    verdict
        ``same`` (same sha256), ``same_but_timings`` (``summary.json`` equal apart from
        :data:`TIMING_FIELDS`), ``differs``, ``missing`` (only the first run wrote it) or
        ``new`` (only the rerun wrote it).
    before, after
        The sha256 of the first run's and the rerun's file ("" where there is none).
    fields
        For ``summary.json``: the timing fields that differ (``same_but_timings``) or the
        other top-level entries that differ (``differs``).
    """

    name: str
    verdict: str
    before: str
    after: str
    fields: tuple[str, ...] = ()

    @property
    def reproduced(self) -> bool:
        return self.verdict in ("same", "same_but_timings")


def _summary(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _summary_fields(before: Path, after: Path) -> tuple[str, tuple[str, ...]]:
    """The verdict on two ``summary.json`` files and the entries that differ."""
    old, new = _summary(before), _summary(after)
    if old is None or new is None:
        return "differs", ()
    changed = tuple(sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k)))
    other = tuple(k for k in changed if k not in TIMING_FIELDS)
    if other:
        return "differs", other
    return "same_but_timings", changed


def compare_outputs(
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    before_folder: Path,
    after_folder: Path,
) -> list[FileComparison]:
    """Compare a rerun's outputs with its first run's, file by file, in name order.

    Parameters
    ----------
    before, after
        The runs' recorded outputs (``name``, ``size``, ``sha256``).
    before_folder, after_folder
        The runs' output folders (``summary.json`` is read from them).
    """
    old = {str(o["name"]): str(o["sha256"]) for o in before}
    new = {str(o["name"]): str(o["sha256"]) for o in after}
    found = []
    for name in sorted(old.keys() | new.keys()):
        was, now = old.get(name, ""), new.get(name, "")
        fields: tuple[str, ...] = ()
        if not was:
            verdict = "new"
        elif not now:
            verdict = "missing"
        elif was == now:
            verdict = "same"
        elif name == SUMMARY:
            verdict, fields = _summary_fields(before_folder / name, after_folder / name)
        else:
            verdict = "differs"
        found.append(FileComparison(name, verdict, was, now, fields))
    return found


def recorded_epoch(out: Path) -> int | None:
    """The planning moment a run's ``summary.json`` recorded (``source_date_epoch``)."""
    summary = _summary(out / SUMMARY)
    value = summary.get("source_date_epoch") if summary else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
