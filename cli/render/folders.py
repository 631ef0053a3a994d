"""Output folders: checked before solving, switched in one step, one run at a time.

A run's files are written into a staging folder ``.<name>.staging-<random>`` beside the
real output folder (after following symlinks, so that every rename stays on one
filesystem). When every file is written, the whole set is switched in at once:

1. The stage is completed into the folder's next content: the new outputs plus a hard link
   of every other file of the real folder (files a user keeps there, earlier files the new
   run does not write; inside a subfolder the new set writes too, likewise), and the stage
   and such subfolders take the permission bits of the ones they replace.
2. Stage and folder are swapped in one step with Linux ``renameat2(RENAME_EXCHANGE)``
   (through libc: :mod:`os` has no wrapper), or the stage is simply renamed into place when
   the folder does not exist yet.
3. The old content, now under the stage's name, is removed (an entry another program put
   into the folder during the instant of the switch is moved back in first).

A kill at any moment therefore leaves the folder holding exactly the earlier set or exactly
the new one, never a mix; what is left beside it is an unsealed stage that the next run
removes. A process whose current folder was the output folder is moved into the new one.

**Fallback: sealed roll-forward.** Where the swap is unsupported (another OS, a libc
without ``renameat2``, or a filesystem that refuses it with ``EINVAL``/``EXDEV``, such as an
overlay folder from a lower layer), where the output folder is a mount point, where a hard
link cannot be made (another user's file under ``fs.protected_hardlinks``), or where the
folder holds a subfolder of the user's own or more than :data:`MAX_CARRIED` other entries
(``--out`` given as a home or project folder: recreating that tree would move folders other
programs stand in, and take long), the stage keeps
only the new outputs, is *sealed* (a ``.complete`` marker) and its files are moved in one by
one with ``os.replace``, ``summary.json`` last:

- a run killed before the seal leaves the output folder untouched; its stage is stale;
- a run killed during the moves leaves a folder mixing old and new files (detectable,
  see below) and a sealed stage: the next run to that folder finishes those moves first
  (roll forward), so the folder again holds one complete set.

Only one run writes to a folder at a time: writers hold ``.<name>.lock`` beside the folder
(an OS file lock, released by the OS when a process dies). A second run waits for the
first to finish writing (at most :data:`LOCK_WAIT_SECONDS`), then exits 2. While holding
the lock a run finishes or removes every stage of its folder that a killed run left.

``summary.json`` lists the sha256 of every other file of its set (``outputs``), so a
folder that mixes two runs' files can always be detected (:func:`verify_outputs`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import click
from filelock import FileLock, Timeout

from cadreplan.solver.errors import NoSpaceError, OptionError, from_terminal, is_no_space
from cadreplan.solver.words import say

#: Seconds a run waits for another run writing to the same folder before exit 2.
LOCK_WAIT_SECONDS = 600.0
#: Test hook: seconds to sleep at every moment of the switch (``"2"``), or at the k-th
#: moment only, counted from 0 (``"30@k"``), so that a test can kill a run there.
PAUSE_VARIABLE = "CADREPLAN_TEST_OUTPUT_PAUSE"
#: Test hook: a file to which each moment's name is appended as the run reaches it.
MOMENTS_VARIABLE = "CADREPLAN_TEST_OUTPUT_MOMENTS"
#: ``renameat2`` flag swapping two paths (linux/fs.h) and the "current folder" descriptor.
RENAME_EXCHANGE = 2
AT_FDCWD = -100
#: Most entries of the user's own (other files in the folder) carried into a swap by hard
#: links; a folder holding more is filled by the sealed roll-forward.
MAX_CARRIED = 1000
SEAL = ".complete"
SUMMARY = "summary.json"


class OutputFolderError(OptionError):
    """The output folder cannot be written (a usage error: exit 2)."""


def real_target(target: Path) -> Path:
    """The output folder with every symlink followed (a link to another disk works)."""
    return Path(os.path.realpath(Path(target).expanduser()))


def check_output_folder(target: Path, data: Path | None = None) -> None:
    """Find, before any solving, why ``target`` could not receive a run's files.

    Checks that ``target`` is a folder or can be made one (no file in the way, at it or at
    any parent; not the root of the filesystem; not a symlink that leads nowhere; not the
    ``data`` folder the run reads, whose next reading would take the outputs for tables),
    and that a staging folder can be made beside it (or, while its parents do not exist
    yet, in the nearest one that does) and files put in it, by trying (which also finds
    read-only disks and folders). Makes no folder. Raises :class:`OutputFolderError` with
    one line naming the folder.
    """
    shown = Path(target)
    try:
        _check_folder(shown, real_target(shown), data)
    except OSError as error:  # a name too long, a loop of symlinks, a disk that refuses
        raise OutputFolderError(
            key="err.out.unwritable", params={"out": shown, "reason": error}
        ) from None


def _check_folder(shown: Path, real: Path, data: Path | None) -> None:
    if real.parent == real:
        raise OutputFolderError(key="err.out.root", params={"out": shown})
    if os.path.lexists(real) and not os.path.exists(real):
        raise OutputFolderError(key="err.out.loop", params={"out": shown})
    if real.exists() and not real.is_dir():
        raise OutputFolderError(key="err.out.file", params={"out": shown})
    if data is not None and Path(data).is_dir() and real == real_target(Path(data)):
        raise OutputFolderError(key="err.out.data_folder", params={"out": shown})
    existing = real.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputFolderError(
            key="err.out.parent_file", params={"out": shown, "existing": existing}
        )
    # Probe where the first new folder would be made; make none yet: a run that fails
    # later (bad rules, bad data) leaves no folder behind.
    probe = Path(tempfile.mkdtemp(prefix=f".{real.name}.probe-", dir=existing))
    probe.rmdir()
    if real.is_dir():
        with tempfile.TemporaryFile(dir=real):
            pass


class OutPath(click.Path):
    """``--out``'s type: a folder path, where an empty text is a usage error (exit 2).

    ``--out ""`` (a script's unset variable) would otherwise mean the current folder.
    """

    def convert(self, value, param, ctx):  # noqa: D102 - click's signature
        if isinstance(value, str) and not value.strip():
            from cadreplan.cli.lang import current_lang

            self.fail(say("err.out.empty", current_lang()), param, ctx)
        return super().convert(value, param, ctx)


@contextlib.contextmanager
def output_lock(real: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the writers' lock of output folder ``real`` (``.<name>.lock`` beside it)."""
    lock = FileLock(str(real.parent / f".{real.name}.lock"))
    try:
        lock.acquire(timeout=LOCK_WAIT_SECONDS if wait is None else wait)
    except Timeout:
        raise OutputFolderError(
            key="err.out.locked",
            params={"folder": real, "seconds": f"{LOCK_WAIT_SECONDS:g}", "lock": lock.lock_file},
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
    """Yield a staging folder; on success switch it in as ``target``'s new content.

    The writers' lock is held for the whole write, stale stages of the folder are handled
    first (:func:`recover_stages`), the set is switched in one step where the filesystem
    allows it (see the module's description) and a failure removes the stage and leaves
    ``target`` as it was. Raises :class:`OutputFolderError` when the folder cannot be
    written.
    """
    check_output_folder(target)
    real = real_target(target)
    with _stage_beside(real, "err.nospace.folder", out=target) as stage:
        yield stage
        _pause("staged")
        _switch(stage, real)
    _pause("done")


@contextlib.contextmanager
def _stage_beside(real: Path, no_space: str, **params: object) -> Iterator[Path]:
    """A stage folder beside ``real``, under its writers' lock, removed whatever happens.

    Stale stages of ``real`` are handled first (:func:`recover_stages`). A full disk while
    staging or switching in raises :class:`NoSpaceError` with the message ``no_space``
    (exit 1 with the fix), naming ``params``; any other ``OSError`` passes through.
    """
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(real):
            recover_stages(real)
            stage = Path(tempfile.mkdtemp(prefix=f".{real.name}.staging-", dir=real.parent))
            try:
                yield stage
            finally:
                shutil.rmtree(stage, ignore_errors=True)
    except OSError as error:
        if is_no_space(error) and not from_terminal(error):
            raise NoSpaceError.of(error, no_space, **params) from error
        raise


@contextlib.contextmanager
def staged_file(target: Path) -> Iterator[Path]:
    """Yield a path to write one file to; on success it replaces ``target`` in one rename.

    For an output that is a single file (``plan generate --out district.xlsx``): the folder
    holding it is left as it is, only the file is replaced. It is written in a stage beside
    it, under the same lock and cleaning as :func:`staged_output`. Raises
    :class:`OutputFolderError` when the file cannot be written there or is a folder.
    """
    target = Path(target)
    if target.is_dir():
        raise OutputFolderError(
            key="err.out.is_folder", params={"out": target, "suffix": target.suffix or ".xlsx"}
        )
    check_output_folder(target.parent)
    real = real_target(target.parent) / target.name
    with _stage_beside(real, "err.nospace.file", file=target) as stage:
        yield stage / real.name
        _pause("staged")
        os.replace(stage / real.name, real)


class _NoSwap(OSError):
    """The folder is not swapped: the sealed roll-forward fills it instead."""


def _switch(stage: Path, real: Path) -> None:
    """Make the complete stage the content of ``real``: one swap, else sealed roll-forward."""
    inside = _cwd_inside(real)
    if not os.path.lexists(real):
        os.chmod(stage, 0o777 & ~_umask())
        try:
            os.rename(stage, real)  # the folder appears complete, in one step
            _pause("renamed")
            return
        except OSError:
            if not real.is_dir():  # created meanwhile by someone else: swap with it below
                raise
    linked: list[str] = []  # relative paths of the hard links put into the stage
    try:
        if os.stat(real).st_dev != os.stat(real.parent).st_dev:
            raise _NoSwap("the folder is a mount point")
        _complete_stage(real, stage, "", linked)
        _copy_owner_and_mode(real, stage)
        _pause("linked")
        exchange(stage, real)
    except OSError:
        for relative in linked:  # the stage keeps only the new outputs
            (stage / relative).unlink()
        (stage / SEAL).touch()
        _pause("sealed")
        _move_in(stage, real)
        return
    _pause("exchanged")
    if inside is not None:
        with contextlib.suppress(OSError):
            os.chdir(real / inside)
    _rescue(stage, real, "", set(linked))
    _pause("rescued")


def exchange(first: Path, second: Path) -> None:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    Raises
    ------
    OSError
        ``ENOSYS`` off Linux or without ``renameat2`` in libc; otherwise the kernel's error
        (``EINVAL`` where the filesystem does not support the swap, ``EXDEV`` across
        filesystems). Nothing has changed when it raises.
    """
    if not sys.platform.startswith("linux"):
        raise OSError(errno.ENOSYS, "renameat2 is available on Linux only")
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        raise OSError(errno.ENOSYS, "this C library has no renameat2") from None
    path, descriptor = ctypes.c_char_p, ctypes.c_int
    function.argtypes = [descriptor, path, descriptor, path, ctypes.c_uint]
    function.restype = ctypes.c_int
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE):
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def _complete_stage(real: Path, stage: Path, prefix: str, linked: list[str]) -> None:
    """Hard-link into ``stage`` every entry of ``real`` the new set does not replace.

    Raises :class:`_NoSwap` for a folder of the user's own (one the new set does not write
    too) or more than :data:`MAX_CARRIED` entries to carry over: recreating such a tree
    would change folders other programs may stand in, and take long; the roll-forward
    leaves them as they are. Raises :class:`OSError` where a hard link cannot be made.
    """
    with os.scandir(real) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            relative = prefix + entry.name
            destination = stage / entry.name
            is_dir = entry.is_dir(follow_symlinks=False)
            if os.path.lexists(destination):
                if is_dir and destination.is_dir() and not destination.is_symlink():
                    _copy_owner_and_mode(Path(entry.path), destination)  # the folder's rights
                    _complete_stage(Path(entry.path), destination, relative + "/", linked)
                continue  # a new output of that name replaces the old entry
            if is_dir:
                raise _NoSwap(f"{relative} is a folder of the user's own")
            if len(linked) >= MAX_CARRIED:
                raise _NoSwap(f"more than {MAX_CARRIED} other entries")
            os.link(entry.path, destination, follow_symlinks=False)
            linked.append(relative)
            _pause(f"linked {relative}")


def _rescue(old: Path, new: Path, prefix: str, linked: set[str]) -> None:
    """Move back into ``new`` what another program put in the folder during the switch."""
    with os.scandir(old) as entries:
        for entry in entries:
            relative = prefix + entry.name
            target = new / entry.name
            if not os.path.lexists(target):
                os.rename(entry.path, target)  # appeared after the stage was completed
            elif entry.is_dir(follow_symlinks=False):
                if target.is_dir() and not target.is_symlink():
                    _rescue(Path(entry.path), target, relative + "/", linked)
            elif relative in linked and not os.path.samestat(
                entry.stat(follow_symlinks=False), os.lstat(target)
            ):
                os.replace(entry.path, target)  # replaced by its owner after it was linked


def _copy_owner_and_mode(source: Path, destination: Path) -> None:
    """Give ``destination`` the permission bits (and, as root, the owner) of ``source``."""
    status = os.lstat(source)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        mine = os.lstat(destination)
        if (mine.st_uid, mine.st_gid) != (status.st_uid, status.st_gid):
            os.chown(destination, status.st_uid, status.st_gid)
    os.chmod(destination, stat.S_IMODE(status.st_mode))


def _cwd_inside(real: Path) -> Path | None:
    """Where this process stands inside ``real`` (relative), or None when outside it."""
    try:
        here = Path(os.getcwd())
    except OSError:
        return None
    if here == real or real in here.parents:
        return here.relative_to(real)
    return None


def _umask() -> int:
    """This process's umask (read from /proc where possible: setting it is not thread-safe)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current


def _move_in(stage: Path, real: Path) -> None:
    """Move every file of a sealed stage into ``real`` (folders first, summary.json last)."""
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
        _pause(f"moved {relative.as_posix()}")


_moments = 0


def _pause(moment: str) -> None:
    """Test hook: record ``moment`` and sleep there (see :data:`PAUSE_VARIABLE`)."""
    global _moments
    record = os.environ.get(MOMENTS_VARIABLE)
    setting = os.environ.get(PAUSE_VARIABLE)
    if not record and not setting:
        return
    index = _moments
    _moments += 1
    if record:
        with open(record, "a", encoding="utf-8") as moments:
            moments.write(f"{moment}\n")
    if setting:
        seconds, _, at = setting.partition("@")
        if not at or int(at) == index:
            time.sleep(float(seconds))
