"""Output folders: checked before solving, staged beside the real target, locked, recoverable."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
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
    assert result.stderr.endswith(
        f"Error: Invalid value for '--out': Directory '{target}' is a file.\n"
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


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_found_before_solving(tmp_path) -> None:
    """A real read-only folder (non-root users): exit 2 before solving."""
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = invoke("mentors", "--out", str(out), "--quiet")
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2 and "cannot be written" in result.stderr


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
        import shutil

        shutil.rmtree(real, ignore_errors=True)
        for lock in real.parent.glob(f".{real.name}.lock"):
            lock.unlink()


def test_summary_lists_every_output_sha256_and_is_moved_last(tmp_path, monkeypatch) -> None:
    """summary.json is the last file moved in and names each other file's sha256."""
    moved = []
    replace = os.replace

    def record(src, dst):
        if ".staging-" not in str(dst):  # writers may replace files inside their stage
            moved.append(Path(dst).name)
        replace(src, dst)

    monkeypatch.setattr(folders.os, "replace", record)
    out = tmp_path / "out"
    assert invoke("backfill", "--out", str(out), "--quiet").exit_code == 0
    assert moved[-1] == "summary.json" and len(moved) == len(list(out.iterdir()))
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert set(summary["outputs"]) == {p.name for p in out.iterdir()} - {"summary.json"}
    for name, digest in summary["outputs"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    (out / "unfilled.csv").write_text("from another run\n", "utf-8")
    assert verify_outputs(out) == ["unfilled.csv is not the file of this summary.json"]


def test_budget_summary_lists_its_outputs(tmp_path) -> None:
    """plan budget's summary.json lists the sha256 of its CSV, workbook and page."""
    out = tmp_path / "b"
    assert invoke("budget", "--draws", "50", "--out", str(out), "--quiet").exit_code == 0
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert set(summary["outputs"]) == {"budget_summary.csv", "budget.xlsx", "budget.html"}
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


# --- A kill at any moment (subprocess) -----------------------------------------------------


def start_run(out: Path, pause: float) -> subprocess.Popen:
    env = {**os.environ, folders.PAUSE_VARIABLE: str(pause)}
    return subprocess.Popen(
        [sys.executable, "-m", "cadreplan.cli", "mentors", "--out", str(out), "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, process: subprocess.Popen, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < end, "the run never reached the moment to kill it"
        time.sleep(0.02)


def stages(parent: Path) -> list[Path]:
    return sorted(parent.glob(".out.staging-*"))


def test_kill_while_staging_leaves_earlier_outputs_intact(tmp_path) -> None:
    """Killed with its files staged but not sealed: the folder is untouched; next run cleans."""
    out = tmp_path / "out"
    rules = tmp_path / "r.toml"
    rules.write_text("[mentors]\nmax_km = 25\n", "utf-8")
    assert invoke("mentors", "--out", str(out), "--rules", str(rules), "-q").exit_code == 0
    before = snapshot(out)
    run = start_run(out, pause=30)
    wait_for(lambda: any((s / "summary.json").exists() for s in stages(tmp_path)), run)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert snapshot(out) == before
    assert len(stages(tmp_path)) == 1  # what the kill left behind
    assert invoke("mentors", "--out", str(out), "--quiet").exit_code == 0
    assert stages(tmp_path) == [] and verify_outputs(out) == []


def test_kill_while_moving_in_is_finished_by_the_next_run(tmp_path) -> None:
    """Killed between moves: summary.json (moved last) shows the mix; the next run mends it."""
    out = tmp_path / "out"
    rules = tmp_path / "r.toml"
    rules.write_text("[mentors]\nmax_km = 25\n", "utf-8")
    assert invoke("mentors", "--out", str(out), "--rules", str(rules), "-q").exit_code == 0
    old_summary = (out / "summary.json").read_bytes()
    run = start_run(out, pause=2)
    wait_for(
        lambda: any(
            not (s / "mentor_load.csv").exists() and (s / ".complete").exists()
            for s in stages(tmp_path)
        ),
        run,
    )
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert (out / "summary.json").read_bytes() == old_summary
    assert verify_outputs(out) != []  # the mixed set is detected
    with output_lock(out):
        recover_stages(out)
    assert verify_outputs(out) == [] and stages(tmp_path) == []
    assert (out / "summary.json").read_bytes() != old_summary
