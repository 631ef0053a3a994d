"""Runs of the ``plan`` commands for the page: a queue with at most N at once, cancellable.

Each run is the command line itself (``python -m cadreplan.cli <command> ...``) started in
the run's own folder: the same option handling, the same prepare/finish path, the same
messages and exit codes as a clerk's terminal would give, and outputs written atomically by
the command (a cancelled run leaves no partial file). A process can be stopped at any
moment, which a solver running inside the server could not.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from cadreplan.cli import package_version
from cadreplan.solver.words import LANGS, say

from .store import Run, Store

#: Seconds a run may go past its --time-limit (reading the data, writing the files) before
#: it is stopped.
GRACE_SECONDS = 120.0
#: Seconds allowed to a command that has no --time-limit (budget, ratings).
DEFAULT_LIMIT = 600.0


def plan_argv(command: str, arguments: list[str]) -> list[str]:
    """The process command line of ``plan <command> <arguments>`` with this interpreter."""
    return [sys.executable, "-m", "cadreplan.cli", command, *arguments]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            digest.update(chunk)
    return digest.hexdigest()


def outputs_of(folder: Path) -> list[dict[str, object]]:
    """Every file a run wrote (under ``out/``), with size and sha256, by name."""
    out = folder / "out"
    if not out.is_dir():
        return []
    return [
        {"name": path.name, "size": path.stat().st_size, "sha256": sha256_file(path)}
        for path in sorted(out.iterdir())
        if path.is_file()
    ]


class Runner:
    """Starts runs in the background, at most ``slots`` at once; others wait in order.

    Parameters
    ----------
    store
        The history, which records each run's status, phase and outputs.
    slots
        Runs that may execute at the same time (``plan serve --max-runs``).
    """

    def __init__(self, store: Store, slots: int) -> None:
        self.store = store
        self.slots = slots
        self._semaphore = threading.BoundedSemaphore(slots)
        self._cancel: dict[str, threading.Event] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self._order = threading.Condition()
        self._queue: list[str] = []

    def start(self, run: Run) -> None:
        """Queue ``run``; it starts as soon as a slot is free (first come, first served)."""
        event = threading.Event()
        thread = threading.Thread(target=self._work, args=(run, event), daemon=True)
        with self._lock:
            self._cancel[run.id] = event
            self._threads[run.id] = thread
        with self._order:
            self._queue.append(run.id)
        thread.start()

    def cancel(self, run_id: str) -> None:
        """Ask a queued or running run to stop; a no-op for a finished one."""
        with self._lock:
            event = self._cancel.get(run_id)
        if event is not None:
            event.set()
        with self._order:
            self._order.notify_all()

    def wait(self, run_id: str, timeout: float | None = None) -> None:
        """Block until a run's worker has finished (for tests and shutdown)."""
        with self._lock:
            thread = self._threads.get(run_id)
        if thread is not None:
            thread.join(timeout)

    def shutdown(self) -> None:
        """Cancel every run and wait for the workers."""
        with self._lock:
            ids = list(self._cancel)
        for run_id in ids:
            self.cancel(run_id)
        for run_id in ids:
            self.wait(run_id, 10)

    # -------------------------------------------------------------------------------------
    def _acquire(self, run: Run, event: threading.Event) -> bool:
        """Wait for this run's turn and a free slot; False when cancelled while waiting."""
        with self._order:
            while True:
                if event.is_set():
                    self._queue.remove(run.id)
                    self._order.notify_all()
                    return False
                if self._queue[0] == run.id and self._semaphore.acquire(blocking=False):
                    self._queue.pop(0)
                    self._order.notify_all()
                    return True
                self._order.wait(0.2)

    def _release(self) -> None:
        self._semaphore.release()
        with self._order:
            self._order.notify_all()

    def _work(self, run: Run, event: threading.Event) -> None:
        store = self.store
        try:
            if not self._acquire(run, event):
                store.update_run(
                    run.id, status="cancelled", phase="cancelled", finished=time.time()
                )
                return
            try:
                self._execute(run, event)
            finally:
                self._release()
        except Exception as error:  # noqa: BLE001 - a worker must never die silently
            store.update_run(
                run.id,
                status="failed",
                phase="failed",
                message=f"internal error: {type(error).__name__}: {error}",
                exit_code=1,
                finished=time.time(),
            )
        finally:
            with self._lock:
                self._cancel.pop(run.id, None)

    def _execute(self, run: Run, event: threading.Event) -> None:
        store = self.store
        folder = run.folder
        started = time.time()
        store.update_run(run.id, status="running", phase="started", started=started)
        limit = (run.time_limit or DEFAULT_LIMIT) + GRACE_SECONDS
        env = dict(os.environ)
        env.update(
            {
                "PYTHONIOENCODING": "utf-8",
                "PYTHONUTF8": "1",
                "CADREPLAN_PROGRESS": "1",
                "COLUMNS": "100",
            }
        )
        if run.epoch is not None:
            # Every file of the run is dated with its planning moment; a rerun gets the
            # first run's, so that its workbooks come out with the same bytes.
            env["SOURCE_DATE_EPOCH"] = str(run.epoch)
        env.pop("CADREPLAN_DEBUG", None)
        stdout_path = folder / "stdout.txt"
        stderr_path = folder / "stderr.txt"
        with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr_file:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and argv
                plan_argv(run.command, run.argv),
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr_file,
                env=env,
                start_new_session=True,
            )
            outcome = ""
            while True:
                try:
                    process.wait(0.2)
                    break
                except subprocess.TimeoutExpired:
                    pass
                phase = _last_line(stderr_path)
                if phase and not phase.startswith(ERROR_PREFIXES):
                    store.update_run(run.id, phase="progress:" + phase)
                if event.is_set():
                    outcome = "cancelled"
                elif time.time() - started > limit:
                    outcome = "timeout"
                if outcome:
                    _stop(process)
                    break
        finished = time.time()
        stderr_text = stderr_path.read_text("utf-8", errors="replace")
        message = error_message(stderr_text)
        code = process.returncode
        if outcome == "cancelled":
            status, phase = "cancelled", "cancelled"
        elif outcome == "timeout":
            status, phase = "failed", f"timeout:{int(finished - started - limit + GRACE_SECONDS)}"
        elif code == 0:
            status, phase = "done", "done"
        else:
            status, phase = "failed", "failed"
            if not message:
                message = stderr_text.strip().splitlines()[-1] if stderr_text.strip() else ""
        outputs = outputs_of(folder) if status == "done" else []
        final: dict[str, Any] = {
            "status": status,
            "phase": phase,
            "message": message,
            "exit_code": code,
            "finished": finished,
            "outputs": outputs,
        }
        # The manifest is on disk before the history says the run has ended, so a page that
        # sees it ended can always offer it.
        ended = store.run(run.id, None)
        assert ended is not None  # the runner's own run: never removed while it runs
        write_manifest(replace(ended, **final))
        store.update_run(run.id, **final)


#: How the command line starts its one-line error message, in each language.
ERROR_PREFIXES = tuple(sorted({say("error.prefix", lang, message="").strip() for lang in LANGS}))


def error_message(stderr: str) -> str:
    """The command's error message from its stderr: the last ``error:``/``错误：`` line."""
    for line in reversed(stderr.splitlines()):
        for prefix in ERROR_PREFIXES:
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
    return ""


def _last_line(path: Path) -> str:
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _stop(process: subprocess.Popen) -> None:
    """Stop a run's process group: politely, then for good."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        process.wait(5)


def input_files(folder: Path) -> list[dict[str, object]]:
    """Every input file of a run (data, rules, column mappings), with size and sha256."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or relative.parts[0] in ("out",) or len(relative.parts) > 2:
            continue
        if relative.name in ("stdout.txt", "stderr.txt", "manifest.json"):
            continue
        found.append(
            {"path": relative.as_posix(), "size": path.stat().st_size, "sha256": sha256_file(path)}
        )
    return found


def write_manifest(run: Run) -> None:
    """Write ``manifest.json`` beside a finished run: command, inputs, outputs, outcome."""
    manifest = {
        "run": run.id,
        "cadreplan": package_version(),
        "command": ["plan", run.command, *run.argv],
        "lang": run.lang,
        "status": run.status,
        "exit_code": run.exit_code,
        "message": run.message,
        "created": run.created,
        "started": run.started,
        "finished": run.finished,
        "rerun_of": run.rerun_of,
        "source_date_epoch": run.epoch,
        "data": run.data_label,
        "inputs": input_files(run.folder),
        "outputs": run.outputs,
    }
    path = run.folder / "manifest.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    temporary.replace(path)
