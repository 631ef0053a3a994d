"""Output folders: checked before solving, written atomically, one run at a time.

A run's files are written into a staging folder ``.<name>.staging-<random>`` beside the
real output folder (after following symlinks, so that every move stays on one filesystem),
then moved in with ``os.replace``, ``summary.json`` last. The stage is *sealed* (a
``.complete`` marker) once every file is in it and before the first move:

- a run killed before the seal leaves the output folder untouched; its stage is stale;
- a run killed during the moves leaves a sealed stage: the next run to that folder finishes
  those moves first (roll forward), so the folder again holds one complete set.

Only one run writes to a folder at a time: writers hold ``.<name>.lock`` beside the folder
(an OS file lock, released by the OS when a process dies). A second run waits for the
first to finish writing (at most :data:`LOCK_WAIT_SECONDS`), then exits 2. While holding
the lock a run finishes or removes every stage of its folder that a killed run left.

``summary.json`` lists the sha256 of every other file of its set (``outputs``), so a
folder that mixes two runs' files can always be detected (:func:`verify_outputs`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from cadreplan.solver.errors import OptionError

#: Seconds a run waits for another run writing to the same folder before exit 2.
LOCK_WAIT_SECONDS = 600.0
#: Test hook: seconds to sleep before sealing a stage and between the files moved in, so
#: that a test can kill a run at those moments.
PAUSE_VARIABLE = "CADREPLAN_TEST_OUTPUT_PAUSE"
SEAL = ".complete"
SUMMARY = "summary.json"


class OutputFolderError(OptionError):
    """The output folder cannot be written (a usage error: exit 2)."""


def real_target(target: Path) -> Path:
    """The output folder with every symlink followed (a link to another disk works)."""
    return Path(os.path.realpath(Path(target).expanduser()))


def check_output_folder(target: Path) -> None:
    """Find, before any solving, why ``target`` could not receive a run's files.

    Checks that ``target`` is a folder or can be made one (no file in the way, at it or at
    any parent), and that a staging folder can be made beside it and files put in it, by
    trying (which also finds read-only disks and folders). Raises
    :class:`OutputFolderError` with one line naming the folder.
    """
    shown = Path(target)
    real = real_target(shown)
    if real.exists() and not real.is_dir():
        raise OutputFolderError(
            f"--out {shown} is a file, not a folder. Choose a folder (it is created if missing)."
        )
    existing = real.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputFolderError(
            f"--out {shown} cannot be created: {existing} is a file, not a folder."
        )
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=f".{real.name}.probe-", dir=real.parent))
        probe.rmdir()
        if real.is_dir():
            with tempfile.TemporaryFile(dir=real):
                pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputFolderError(
            f"--out {shown} cannot be written ({reason}). Choose a folder you may write to."
        ) from None


@contextlib.contextmanager
def output_lock(real: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the writers' lock of output folder ``real`` (``.<name>.lock`` beside it)."""
    lock = FileLock(str(real.parent / f".{real.name}.lock"))
    try:
        lock.acquire(timeout=LOCK_WAIT_SECONDS if wait is None else wait)
    except Timeout:
        raise OutputFolderError(
            f"another run has been writing to {real} for over {LOCK_WAIT_SECONDS:g} s "
            f"(lock file {lock.lock_file}); wait for it to finish or choose another --out."
        ) from None
    try:
        yield
    finally:
        lock.release()


def recover_stages(real: Path) -> list[str]:
    """Finish or remove the stages a killed run left beside ``real`` (hold the lock).

    A sealed stage is moved in (roll forward), an unsealed one removed. Returns what was
    done, one line each.
    """
    done = []
    for stage in sorted(real.parent.glob(f".{real.name}.staging-*")):
        if not stage.is_dir():
            continue
        if (stage / SEAL).exists():
            _move_in(stage, real)
            done.append(f"finished moving in the outputs of an interrupted run ({stage.name})")
        else:
            done.append(f"removed the partial outputs of an interrupted run ({stage.name})")
        shutil.rmtree(stage, ignore_errors=True)
    return done


def file_digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` but summary.json and the seal, by relative path."""
    digests = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in (SUMMARY, SEAL):
            digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def verify_outputs(folder: Path) -> list[str]:
    """Files of ``folder`` that differ from the sha256 its summary.json lists (empty: one set)."""
    summary = json.loads((Path(folder) / SUMMARY).read_text("utf-8"))
    problems = []
    for name, digest in summary.get("outputs", {}).items():
        path = Path(folder) / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name} is not the file of this summary.json")
    return problems


@contextlib.contextmanager
def staged_output(target: Path) -> Iterator[Path]:
    """Yield a staging folder; on success move its files into ``target``, summary.json last.

    The writers' lock is held for the whole write, stale stages of the folder are handled
    first (:func:`recover_stages`), and a failure removes the stage and leaves ``target``
    as it was. Raises :class:`OutputFolderError` when the folder cannot be written.
    """
    check_output_folder(target)
    real = real_target(target)
    with output_lock(real):
        recover_stages(real)
        stage = Path(tempfile.mkdtemp(prefix=f".{real.name}.staging-", dir=real.parent))
        try:
            yield stage
            _pause()
            (stage / SEAL).touch()
            _move_in(stage, real)
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _move_in(stage: Path, real: Path) -> None:
    """Move every file of a stage into ``real`` (folders first, summary.json last)."""
    real.mkdir(parents=True, exist_ok=True)
    files = []
    for path in sorted(stage.rglob("*")):
        relative = path.relative_to(stage)
        if path.is_dir():
            (real / relative).mkdir(parents=True, exist_ok=True)
        elif relative.as_posix() != SEAL:
            files.append(relative)
    files.sort(key=lambda p: p.as_posix() == SUMMARY)
    for relative in files:
        os.replace(stage / relative, real / relative)
        _pause()


def _pause() -> None:
    seconds = os.environ.get(PAUSE_VARIABLE)
    if seconds:
        time.sleep(float(seconds))
