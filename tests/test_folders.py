"""Output folders: checked before solving, staged beside the real target, locked, recoverable."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from cadreplan.cli.main import plan
from cadreplan.cli.render import folders
from cadreplan.cli.render.folders import (
    OutputFolderError,
    output_lock,
    recover_stages,
    staged_output,
    verify_outputs,
)

MENTOR_FILES = [
    "mentor_load.csv",
    "mentor_pairs.csv",
    "mentors.xlsx",
    "summary.json",
    "unassigned.csv",
]


def invoke(*args: str):
    return CliRunner().invoke(plan, list(args))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".staging-" in p.name)


def bad_rules(tmp_path: Path) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text("[mentors]\ncapacity = -1\n", "utf-8")
    return path


@pytest.mark.parametrize("command", ["mentors", "backfill", "budget"])
def test_a_file_where_the_folder_should_be_is_found_before_solving(tmp_path, command) -> None:
    """--out naming a file: exit 2 in one line, before the rules or data are even read."""
    target = tmp_path / "plan.csv"
    target.write_text("mine", "utf-8")
    extra = [] if command == "budget" else ["--rules", str(bad_rules(tmp_path))]
    result = invoke(command, "--out", str(target), "--quiet", *extra)
    assert result.exit_code == 2, result.output
    # click's own usage error (the option's type refuses a file), before any loading.
    assert result.stderr == (
        f"error: Invalid value for '--out': Directory '{target}' is a file. "
        f"See plan {command} -h.\n"
    )
    assert "Traceback" not in result.output and target.read_text("utf-8") == "mine"


def test_library_check_refuses_a_file_as_the_folder(tmp_path) -> None:
    """The library's own check (used by every writer) names a file given as the folder."""
    target = tmp_path / "plan.csv"
    target.write_text("mine", "utf-8")
    with pytest.raises(OutputFolderError, match="is a file, not a folder"):
        folders.check_output_folder(target)


def test_a_file_in_place_of_a_parent_folder_is_found_before_solving(tmp_path) -> None:
    """--out under a file: exit 2 naming the file in the way, before the rules are read."""
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    target = tmp_path / "notes.txt" / "mentors"
    result = invoke("mentors", "--out", str(target), "--rules", str(bad_rules(tmp_path)))
    assert result.exit_code == 2, result.output
    assert result.stderr.endswith(
        f"error: --out {target} cannot be created: {tmp_path / 'notes.txt'} is a file, not a "
        "folder.\n"
    )


def test_an_unwritable_folder_is_found_before_solving(tmp_path, monkeypatch) -> None:
    """A folder the run may not write to (read-only disk or rights): exit 2, one line."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(folders.tempfile, "mkdtemp", refuse)
    out = tmp_path / "out"
    result = invoke("mentors", "--out", str(out), "--rules", str(bad_rules(tmp_path)), "-q")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: --out {out} cannot be written (Permission denied). Choose a folder you may "
        "write to.\n"
    )


def run_as_nobody(args: list[str]) -> dict:
    """Run ``plan ARGS`` in a forked child that dropped root for user and group 65534."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        code = 1
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            result = invoke(*args)
            outcome = {
                "uid": os.getuid(),
                "exit_code": result.exit_code,
                "stderr": result.stderr,
                "output": result.output,
            }
            os.write(writer, json.dumps(outcome).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        report = pipe.read()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0 and report, "the unprivileged child failed"
    return json.loads(report)


@pytest.mark.skipif(os.name != "posix", reason="file rights and fork are POSIX")
def test_a_read_only_folder_is_found_before_solving(tmp_path) -> None:
    """A real read-only folder: exit 2, one line, before the rules are read (root runs as 65534)."""
    rules = bad_rules(tmp_path)  # never read: the folder is checked first
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("{}", "utf-8")  # earlier outputs
    if os.geteuid() == 0:
        # Root may write anywhere: the command runs as user nobody, in a folder it may read
        # but not write (and beside a parent it may not write either).
        invoke("mentors", "--out", str(tmp_path / "warm"), "--quiet")  # import every module
        shared = Path(tempfile.mkdtemp(prefix="cadreplan-ro-"))
        try:
            shared.chmod(0o755)
            target = shared / "out"
            target.mkdir(mode=0o755)
            (target / "summary.json").write_text("{}", "utf-8")
            rules_copy = shared / "bad.toml"
            rules_copy.write_bytes(rules.read_bytes())
            rules_copy.chmod(0o644)
            result = run_as_nobody(
                ["mentors", "--out", str(target), "--rules", str(rules_copy), "--quiet"]
            )
            assert result["uid"] == 65534
            assert sorted(p.name for p in shared.iterdir()) == ["bad.toml", "out"]
            assert (target / "summary.json").read_text("utf-8") == "{}"
        finally:
            shutil.rmtree(shared)
    else:
        target = out
        out.chmod(0o555)
        try:
            outcome = invoke("mentors", "--out", str(out), "--rules", str(rules), "--quiet")
        finally:
            out.chmod(0o755)
        result = {"exit_code": outcome.exit_code, "stderr": outcome.stderr}
        assert (out / "summary.json").read_text("utf-8") == "{}"
    assert result["exit_code"] == 2, result
    assert result["stderr"] == (
        f"error: --out {target} cannot be written (Permission denied). Choose a folder you "
        "may write to.\n"
    )


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="no sysfs at /sys (not Linux)")
def test_a_folder_on_a_filesystem_that_refuses_writes_even_to_root(tmp_path) -> None:
    """--out on sysfs (no new entries, whoever asks): exit 2 in one line before any solving."""
    target = Path("/sys/kernel/cadreplan-out")
    result = invoke("backfill", "--out", str(target), "--rules", str(bad_rules(tmp_path)), "-q")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: --out {target} cannot be written (")
    assert result.stderr.endswith("). Choose a folder you may write to.\n")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert not target.exists()


def test_out_symlinked_to_another_filesystem_works(tmp_path) -> None:
    """--out as a symlink to another disk: staged beside the real target, no cross-device move."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path / "elsewhere"
    real = Path(os.path.realpath(base)) / f"cadreplan-test-{os.getpid()}-{time.time_ns()}"
    real.mkdir(parents=True)
    try:
        link = tmp_path / "out"
        link.symlink_to(real, target_is_directory=True)
        result = invoke("mentors", "--out", str(link), "--quiet")
        assert result.exit_code == 0, result.output
        assert set(MENTOR_FILES) <= {p.name for p in real.iterdir()}
        assert verify_outputs(real) == []
        assert leftovers(tmp_path) == [] and leftovers(real.parent) == []
    finally:
        shutil.rmtree(real, ignore_errors=True)
        for lock in real.parent.glob(f".{real.name}.lock"):
            lock.unlink()


def test_summary_lists_every_output_sha256(tmp_path) -> None:
    """summary.json names each other file's sha256, so a file from another run is detected."""
    out = tmp_path / "out"
    assert invoke("backfill", "--out", str(out), "--quiet").exit_code == 0
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert set(summary["outputs"]) == {p.name for p in out.iterdir()} - {"summary.json"}
    for name, digest in summary["outputs"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    (out / "unfilled.csv").write_text("from another run\n", "utf-8")
    assert verify_outputs(out) == ["unfilled.csv is not the file of this summary.json"]


def no_exchange(*args) -> None:
    """Stand-in for a filesystem without renameat2(RENAME_EXCHANGE)."""
    raise OSError(errno.EINVAL, "Invalid argument")


def test_without_the_swap_files_are_moved_in_summary_last(tmp_path, monkeypatch) -> None:
    """Fallback (swap refused with EINVAL): files are moved in one by one, summary.json last."""
    out = tmp_path / "out"
    assert invoke("backfill", "--out", str(out), "--quiet").exit_code == 0
    (out / "mine.txt").write_text("kept", "utf-8")
    moved = []
    replace = os.replace

    def record(src, dst):
        if ".staging-" not in str(dst):  # writers may replace files inside their stage
            moved.append(Path(dst).name)
        replace(src, dst)

    monkeypatch.setattr(folders, "exchange", no_exchange)
    monkeypatch.setattr(folders.os, "replace", record)
    assert invoke("backfill", "--out", str(out), "--quiet").exit_code == 0
    assert moved[-1] == "summary.json" and "mine.txt" not in moved
    assert len(moved) == len(list(out.iterdir())) - 1
    assert verify_outputs(out) == [] and leftovers(tmp_path) == []
    assert (out / "mine.txt").read_text("utf-8") == "kept"


def test_budget_summary_lists_its_outputs(tmp_path) -> None:
    """plan budget's summary.json lists the sha256 of its CSVs, workbook and page."""
    out = tmp_path / "b"
    assert invoke("budget", "--draws", "50", "--out", str(out), "--quiet").exit_code == 0
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert set(summary["outputs"]) == {
        "budget_summary.csv",
        "intake.csv",
        "budget.xlsx",
        "budget.html",
    }
    assert verify_outputs(out) == []


def test_stale_unsealed_stage_is_removed_by_the_next_run(tmp_path) -> None:
    """A killed run's partial stage (names of people in it) is removed by the next run."""
    stale = tmp_path / ".out.staging-dead1234"
    stale.mkdir()
    (stale / "mentor_pairs.csv").write_text("reserve_id,reserve_name\nR01,张", "utf-8")
    assert invoke("mentors", "--out", str(tmp_path / "out"), "--quiet").exit_code == 0
    assert leftovers(tmp_path) == []
    assert verify_outputs(tmp_path / "out") == []


def test_sealed_stage_is_rolled_forward(tmp_path) -> None:
    """A stage sealed before its run died is moved in completely, summary.json last."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("new", "utf-8")  # moved before the kill
    (out / "summary.json").write_text('{"outputs": {}}', "utf-8")  # the old set's summary
    stage = tmp_path / ".out.staging-sealed"
    stage.mkdir()
    (stage / "b.csv").write_text("new b", "utf-8")
    digests = {
        "a.csv": hashlib.sha256(b"new").hexdigest(),
        "b.csv": hashlib.sha256(b"new b").hexdigest(),
    }
    (stage / "summary.json").write_text(json.dumps({"outputs": digests}), "utf-8")
    (stage / ".complete").touch()
    done = recover_stages(out)
    assert done == ["finished moving in the outputs of an interrupted run (.out.staging-sealed)"]
    assert verify_outputs(out) == [] and leftovers(tmp_path) == []
    assert (out / "b.csv").read_text("utf-8") == "new b"


def test_a_second_writer_waits_for_the_lock(tmp_path) -> None:
    """Two runs to one folder never interleave: the second waits until the first is done."""
    out = tmp_path / "out"
    lock = FileLock(str(tmp_path / ".out.lock"), thread_local=False)
    lock.acquire()
    releaser = threading.Timer(0.5, lock.release)
    releaser.start()
    started = time.monotonic()
    with staged_output(out) as stage:
        waited = time.monotonic() - started
        (stage / "x.csv").write_text("x", "utf-8")
    releaser.join()
    assert (out / "x.csv").read_text("utf-8") == "x"
    assert waited > 0  # the stage only exists once the lock is ours (no timing bound asserted)
    assert not lock.is_locked


def test_a_second_writer_gives_up_with_exit_2(tmp_path, monkeypatch) -> None:
    """A folder locked for longer than the wait: exit 2 in one line, earlier outputs kept."""
    out = tmp_path / "out"
    assert invoke("mentors", "--out", str(out), "--quiet").exit_code == 0
    before = snapshot(out)
    monkeypatch.setattr(folders, "LOCK_WAIT_SECONDS", 0.2)
    with output_lock(out):
        # Another process holds the lock: simulate with a second lock object in a thread.
        outcome = {}

        def second() -> None:
            outcome["result"] = invoke("mentors", "--out", str(out), "--quiet")

        worker = threading.Thread(target=second)
        worker.start()
        worker.join()
    result = outcome["result"]
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: another run has been writing to {out} for over")
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(out) == before and leftovers(tmp_path) == []


def test_lock_error_is_an_output_folder_error(tmp_path, monkeypatch) -> None:
    """The lock's time-out is a usage error (exit 2), not an internal one."""
    monkeypatch.setattr(folders, "LOCK_WAIT_SECONDS", 0.05)
    holder = FileLock(str(tmp_path / ".o.lock"))
    with holder, pytest.raises(OutputFolderError), staged_output(tmp_path / "o"):
        pass


# --- The switch of the whole set (library) -------------------------------------------------


def tree(folder: Path) -> dict[str, object]:
    """Every entry under ``folder``: file bytes, symlink targets, folder permission bits."""
    entries: dict[str, object] = {".": oct(folder.stat().st_mode & 0o7777)}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[name] = ("link", os.readlink(path))
        elif path.is_dir():
            entries[name] = oct(path.stat().st_mode & 0o7777)
        else:
            entries[name] = path.read_bytes()
    return entries


def keep_user_files(out: Path) -> dict[str, object]:
    """Put files a user keeps into an output folder (a file, a symlink, the folder's rights)."""
    (out / "notes.txt").write_text("my notes", "utf-8")
    (out / "link").symlink_to("notes.txt")
    out.chmod(0o750)
    return {k: v for k, v in tree(out).items() if k in USER_ENTRIES}


USER_ENTRIES = (".", "notes.txt", "link", "mine", "mine/own.txt")


def test_the_set_is_switched_in_one_step_keeping_what_the_user_keeps(tmp_path) -> None:
    """The stage swaps with the folder: new outputs in, user files (nested) kept as hard links."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("old a", "utf-8")
    (out / "gone.csv").write_text("old file the new set does not write", "utf-8")
    (out / "mine").mkdir(mode=0o700)  # a folder the new set writes into too
    (out / "mine" / "own.txt").write_text("deep", "utf-8")
    user = keep_user_files(out)
    notes_inode = (out / "notes.txt").stat().st_ino
    folder_inode = out.stat().st_ino
    with staged_output(out) as stage:
        (stage / "a.csv").write_text("new a", "utf-8")
        (stage / "mine").mkdir()
        (stage / "mine" / "report.csv").write_text("new nested", "utf-8")
    after = tree(out)
    assert {k: v for k, v in after.items() if k in USER_ENTRIES} == user
    assert after["a.csv"] == b"new a" and after["mine/report.csv"] == b"new nested"
    assert after["gone.csv"] == b"old file the new set does not write"
    assert (out / "notes.txt").stat().st_ino == notes_inode  # the same file, not a copy
    assert out.stat().st_ino != folder_inode  # a new folder took the old one's place
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("holding", ["own folder", "many files"])
def test_a_folder_of_the_users_own_is_filled_without_a_swap(tmp_path, monkeypatch, holding):
    """--out holding a subfolder of the user's own (or very many files): roll-forward, the
    user's tree untouched (same folders), the new set complete."""
    out = tmp_path / "out"
    out.mkdir()
    if holding == "own folder":
        (out / "projects" / "deep").mkdir(parents=True)
        (out / "projects" / "deep" / "a.txt").write_text("mine", "utf-8")
    else:
        monkeypatch.setattr(folders, "MAX_CARRIED", 2)
        for name in ("a.txt", "b.txt", "c.txt"):
            (out / name).write_text(name, "utf-8")
    before = tree(out)
    inodes = {p: p.stat().st_ino for p in [out, *out.rglob("*")]}
    with staged_output(out) as stage:
        (stage / "x.csv").write_text("x", "utf-8")
        (stage / "summary.json").write_text(json.dumps({"outputs": {}}), "utf-8")
    assert {p: p.stat().st_ino for p in inodes} == inodes
    assert tree(out) == {**before, "x.csv": b"x", "summary.json": b'{"outputs": {}}'}
    assert leftovers(tmp_path) == []


def test_a_new_folder_appears_complete_with_the_usual_rights(tmp_path) -> None:
    """No folder yet: the stage is renamed into place, with the rights mkdir would give."""
    out = tmp_path / "deeper" / "out"
    umask = os.umask(0o022)
    os.umask(umask)
    with staged_output(out) as stage:
        (stage / "x.csv").write_text("x", "utf-8")
        (stage / "sub").mkdir()
        (stage / "sub" / "y.csv").write_text("y", "utf-8")
    assert tree(out) == {
        ".": oct(0o777 & ~umask),
        "sub": oct(0o777 & ~umask),
        "sub/y.csv": b"y",
        "x.csv": b"x",
    }
    assert leftovers(out.parent) == []


def test_a_process_standing_in_the_folder_is_moved_into_the_new_one(tmp_path, monkeypatch) -> None:
    """--out . : after the swap the process's current folder is the new folder, not the old."""
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    monkeypatch.chdir(out / "sub")
    with staged_output(Path("..")) as stage:
        (stage / "x.csv").write_text("x", "utf-8")
    assert Path("../x.csv").read_text("utf-8") == "x"
    assert os.path.samefile(os.getcwd(), out / "sub")


def test_files_put_in_the_folder_during_the_switch_are_kept(tmp_path, monkeypatch) -> None:
    """A file another program adds, or replaces, between linking and swapping is not lost."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("first", "utf-8")
    pause = folders._pause

    def meddle(moment: str) -> None:
        if moment == "linked":  # the stage is complete; the swap comes next
            (out / "late.txt").write_text("late", "utf-8")
            (out / "notes.txt.tmp").write_text("second", "utf-8")
            os.replace(out / "notes.txt.tmp", out / "notes.txt")  # an editor's save
        pause(moment)

    monkeypatch.setattr(folders, "_pause", meddle)
    with staged_output(out) as stage:
        (stage / "x.csv").write_text("x", "utf-8")
    assert tree(out) == {
        ".": tree(out)["."],
        "late.txt": b"late",
        "notes.txt": b"second",
        "x.csv": b"x",
    }
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "refusal",
    ["exchange", "link"],
    ids=["swap refused (EINVAL)", "hard link refused (EPERM)"],
)
def test_without_the_swap_the_sealed_roll_forward_is_used(tmp_path, monkeypatch, refusal) -> None:
    """Swap or hard link refused: the new outputs are moved in, nothing of the user's lost."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("old a", "utf-8")
    (out / "mine").mkdir()
    (out / "mine" / "own.txt").write_text("deep", "utf-8")
    user = keep_user_files(out)
    if refusal == "exchange":
        monkeypatch.setattr(folders, "exchange", no_exchange)
    else:

        def refuse(*args, **kwargs):
            raise PermissionError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(folders.os, "link", refuse)
    folder_inode = out.stat().st_ino
    with staged_output(out) as stage:
        (stage / "a.csv").write_text("new a", "utf-8")
        (stage / "mine").mkdir()
        (stage / "mine" / "report.csv").write_text("new nested", "utf-8")
    assert out.stat().st_ino == folder_inode  # moved into, not swapped
    after = tree(out)
    assert {k: v for k, v in after.items() if k in USER_ENTRIES} == user
    assert after["a.csv"] == b"new a" and leftovers(tmp_path) == []


@pytest.mark.parametrize("base", ["tmp", "shm"])
def test_exchange_swaps_two_folders_on_this_machine(tmp_path, base) -> None:
    """renameat2(RENAME_EXCHANGE) works here, on the test disk and on tmpfs (/dev/shm)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux-only; elsewhere the sealed roll-forward is used")
    root = tmp_path
    if base == "shm":
        if not os.access("/dev/shm", os.W_OK):
            pytest.skip("no writable /dev/shm (tmpfs) on this machine")
        root = Path(tempfile.mkdtemp(dir="/dev/shm"))
    try:
        (root / "a").mkdir()
        (root / "a" / "x").write_text("in a", "utf-8")
        (root / "b").mkdir()
        folders.exchange(root / "a", root / "b")
        assert (root / "b" / "x").read_text("utf-8") == "in a"
        assert list((root / "a").iterdir()) == []
        with pytest.raises(FileNotFoundError):
            folders.exchange(root / "a", root / "missing")
    finally:
        if base == "shm":
            shutil.rmtree(root)


def test_generate_into_a_workbook_leaves_its_folder_alone(tmp_path) -> None:
    """plan generate --out x.xlsx replaces one file; the folder holding it is not swapped."""
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    folder_inode = tmp_path.stat().st_ino
    out = tmp_path / "district.xlsx"
    for _ in range(2):
        result = invoke("generate", "--villages", "5", "--out", str(out), "--quiet")
        assert result.exit_code == 0, result.output
    assert tmp_path.stat().st_ino == folder_inode
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".district.xlsx.lock",
        "district.xlsx",
        "notes.txt",
    ]


# --- A kill at any moment (real subprocess runs) -------------------------------------------

#: Runs ``plan`` with the swap refused, as on a filesystem without RENAME_EXCHANGE.
FALLBACK = (
    "import errno, sys\n"
    "from cadreplan.cli.render import folders\n"
    "def refuse(*args):\n"
    "    raise OSError(errno.EINVAL, 'Invalid argument')\n"
    "folders.exchange = refuse\n"
    "from cadreplan.cli.main import plan\n"
    "plan(sys.argv[1:], prog_name='plan')\n"
)


def start_run(out: Path, mode: str, pause: str = "", moments: Path | None = None):
    """Start ``plan mentors --out OUT`` in a subprocess, with the test pause hook set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADREPLAN_TEST")}
    if pause:
        env[folders.PAUSE_VARIABLE] = pause
    if moments is not None:
        env[folders.MOMENTS_VARIABLE] = str(moments)
    launch = ["-m", "cadreplan.cli"] if mode == "swap" else ["-c", FALLBACK]
    return subprocess.Popen(
        [sys.executable, *launch, "mentors", "--out", str(out), "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, process: subprocess.Popen, seconds: float = 300) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < end, "the run never reached the moment to kill it"
        time.sleep(0.02)


def stages(parent: Path) -> list[Path]:
    return sorted(parent.glob(".out.staging-*"))


def lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines() if path.exists() else []


@pytest.mark.parametrize("mode", ["swap", "fallback"])
def test_a_kill_at_every_moment_leaves_one_complete_set(tmp_path, mode) -> None:
    """SIGKILL at every moment of the switch (and while solving): the folder holds exactly
    the earlier set, or (swap: once swapped) exactly the new one, and the next run cleans up."""
    base = tmp_path / "base"
    rules = tmp_path / "r.toml"
    rules.write_text("[mentors]\nmax_km = 25\n", "utf-8")
    assert invoke("mentors", "--out", str(base / "out"), "--rules", str(rules), "-q").exit_code == 0
    user = keep_user_files(base / "out")
    old = tree(base / "out")
    names = {k for k in old if k not in USER_ENTRIES}

    def copy(name: str) -> Path:
        shutil.copytree(base, tmp_path / name, symlinks=True)
        return tmp_path / name / "out"

    reference = tmp_path / "moments"
    started = time.monotonic()
    run = start_run(copy("reference"), mode, moments=reference)
    assert run.wait() == 0, run.stderr.read() if run.stderr else ""
    duration = time.monotonic() - started
    moments = lines(reference)
    switched = "exchanged" if mode == "swap" else "moved summary.json"
    assert moments[0] == "staged" and moments[-1] == "done" and switched in moments
    # Kill at two times while the run is still solving, then at every moment of the switch
    # (the fallback shares the linking with the swap: its own moments from there on).
    plans: list[tuple[str, str, int | float]] = [
        ("early", "", 0.3 * duration),
        ("later", "", 0.6 * duration),
    ]
    first = 1 if mode == "swap" else moments.index("linked")
    plans += [(f"k{k}", f"600@{k}", k) for k in [0, *range(first, len(moments))]]
    killed = []
    for batch in range(0, len(plans), 4):  # a few at once: two cores are shared
        running = []
        for name, pause, when in plans[batch : batch + 4]:
            out = copy(name)
            record = tmp_path / f"{name}.moments"
            running.append((name, when, out, record, start_run(out, mode, pause, record)))
            running[-1] += (time.monotonic(),)
        for name, when, out, record, process, begun in running:
            if isinstance(when, int):
                wait_for(lambda record=record, k=when: len(lines(record)) > k, process)
            else:
                time.sleep(max(0.0, begun + when - time.monotonic()))
            process.send_signal(signal.SIGKILL)
            process.wait()
            killed.append((name, out, lines(record)))
    for name, out, reached in killed:
        after = tree(out)
        assert {e: v for e, v in after.items() if e in USER_ENTRIES} == user, name
        if switched in reached:
            assert verify_outputs(out) == [], name
            assert {e for e in after if e not in USER_ENTRIES} == names, name
            assert after["summary.json"] != old["summary.json"], name
        elif "sealed" in reached:  # fallback, killed while moving in: a detectable mix
            assert after["summary.json"] == old["summary.json"], name
        else:
            assert after == old, (name, reached[-1:])
        # The next run cleans up whatever the kill left and writes one complete set.
        assert invoke("mentors", "--out", str(out), "--quiet").exit_code == 0, name
        assert stages(out.parent) == [] and verify_outputs(out) == [], name
        final = tree(out)
        assert {e: v for e, v in final.items() if e in USER_ENTRIES} == user, name
        assert {e for e in final if e not in USER_ENTRIES} == names, name
    report = {
        name: reached[-1] if reached else "(before the switch)" for name, _, reached in killed
    }
    print(f"{mode}: killed at {len(killed)} moments: {report}")
    assert len(killed) == len(plans)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda tmp: Path("/"),
            "error: --out / is the root of the filesystem. Choose a folder below it.\n",
        ),
        (
            lambda tmp: (tmp / "loop").symlink_to(tmp / "loop") or tmp / "loop",
            "error: --out {out} is a symlink that leads nowhere (a loop). Choose a folder.\n",
        ),
        (
            lambda tmp: tmp / ("x" * 300),
            "error: --out {out} cannot be written (File name too long). Choose a folder you may "
            "write to.\n",
        ),
        (
            lambda tmp: tmp / "district",
            "error: --out {out} is the --data folder: its outputs would be read as tables the "
            "next time. Choose another folder.\n",
        ),
    ],
    ids=["filesystem root", "symlink loop", "name too long", "the data folder"],
)
@pytest.mark.parametrize("command", ["mentors", "budget", "ratings"])
def test_an_out_that_cannot_hold_outputs_is_found_before_reading(
    sample_copy, tmp_path, make, message, command
) -> None:
    """More members of kind 4: exit 2 in one line before the rules are read, nothing made."""
    out = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    extra = [] if command == "budget" else ["--rules", str(bad_rules(tmp_path))]
    result = invoke(command, "--data", str(sample_copy), "--out", str(out), "-q", *extra)
    assert result.exit_code == 2, result.output
    assert result.stderr == message.format(out=out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "bad.toml") == before


@pytest.mark.parametrize("command", ["mentors", "generate"])
def test_an_empty_out_is_a_usage_error_not_the_current_folder(tmp_path, monkeypatch, command):
    """--out "" (a script's unset variable) is exit 2, not a run into the current folder."""
    monkeypatch.chdir(tmp_path)
    extra = ["--villages", "3"] if command == "generate" else []
    result = invoke(command, "--out", "", *extra)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "error: Invalid value for '--out': is empty; give the folder for the outputs. "
        f"See plan {command} -h.\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ctrl_c_or_a_stop_signal_is_one_line_exit_130_and_cleans_its_stage(
    tmp_path, sent, lang
) -> None:
    """Ctrl-C (SIGINT) or SIGTERM with the stage complete: exit 130, one line in the run's
    language and no traceback; the stage is removed and the earlier outputs stay as they were."""
    out = tmp_path / "out"
    assert invoke("mentors", "--out", str(out), "-q").exit_code == 0
    old = tree(out)
    record = tmp_path / "moments"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADREPLAN_TEST")}
    env.update({folders.PAUSE_VARIABLE: "600@0", folders.MOMENTS_VARIABLE: str(record)})
    process = subprocess.Popen(
        [sys.executable, "-m", "cadreplan.cli", "mentors", "--out", str(out), "--lang", lang],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: lines(record) == ["staged"], process)
    process.send_signal(sent)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    last = stderr.strip().splitlines()[-1]
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert last.startswith("interrupted:" if lang == "en" else "已中止："), stderr
    assert stages(tmp_path) == [] and tree(out) == old


@pytest.mark.parametrize(
    ("number", "lang", "line"),
    [
        (
            errno.ENOSPC,
            "en",
            "error: the output folder {out} could not be written: no space left on the disk. "
            "Free some space there, or choose another --out; the folder was left as it was "
            "before this run.",
        ),
        (
            errno.EDQUOT,
            "zh",
            "错误：无法写入输出文件夹 {out}：磁盘配额已用完。请腾出空间，或另选 --out；"
            "该文件夹保持本次运行之前的样子。",
        ),
    ],
)
def test_a_full_disk_under_the_output_folder_is_one_line_not_an_internal_error(
    tmp_path, monkeypatch, number, lang, line
) -> None:
    """A full disk or quota while writing the outputs: one line naming the folder and the
    fix, exit 1, the earlier outputs untouched and no stage left behind."""
    out = tmp_path / "out"
    first = CliRunner().invoke(plan, ["mentors", "--out", str(out), "--quiet"])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(stage, name, *args, **kwargs):
        (stage / name).write_bytes(b"half a")
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr("cadreplan.cli.plans.write_csv", full)
    result = CliRunner().invoke(plan, ["mentors", "--out", str(out), "--lang", lang])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines()[-1] == line.format(out=out)
    assert "internal error" not in result.stderr and "内部错误" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if ".staging-" in p.name] == []


def test_a_full_disk_under_a_single_output_file_names_the_file(tmp_path, monkeypatch) -> None:
    """``plan generate --out district.xlsx`` on a full disk: one line naming the file, exit 1."""
    target = tmp_path / "district.xlsx"
    with pytest.raises(folders.NoSpaceError) as raised, folders.staged_file(target) as path:
        path.write_bytes(b"half a")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(raised.value) == (
        f"the output file {target} could not be written: no space left on the disk. Free "
        "some space there, or choose another --out; the file was left as it was before "
        "this run."
    )
    assert (
        not target.exists() and [p.name for p in tmp_path.iterdir() if ".staging-" in p.name] == []
    )
