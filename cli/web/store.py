"""The local history of ``plan serve``: sessions, their data and their runs, in SQLite.

Everything lives under ``--data-dir``: ``history.sqlite`` holds the records; ``work/<id>/``
holds a session's current data (uploaded forms, rules and column mappings) and
``runs/<id>/`` one run's copied inputs, its output folder and its manifest. Directory names
are generated (random hex); a name a user typed never becomes a path.

A session sees only its own data and runs: every lookup of a run is by its id *and* the
session that made it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY,          -- sha256 of the session cookie (the cookie itself is not kept)
    csrf TEXT NOT NULL,
    workspace TEXT NOT NULL,       -- folder name under work/
    data TEXT NOT NULL DEFAULT '{}',  -- JSON: the current data (kind, files, skipped, path)
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    session TEXT NOT NULL,
    command TEXT NOT NULL,
    argv TEXT NOT NULL,            -- JSON list: the plan command line, relative to the run folder
    lang TEXT NOT NULL,
    status TEXT NOT NULL,          -- queued, running, done, failed, cancelled
    phase TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    exit_code INTEGER,
    time_limit REAL,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    rerun_of TEXT,
    data_label TEXT NOT NULL DEFAULT '',
    outputs TEXT NOT NULL DEFAULT '[]',  -- JSON list of {name, size, sha256}
    epoch INTEGER                  -- SOURCE_DATE_EPOCH the run's files are dated with
);
CREATE INDEX IF NOT EXISTS runs_by_session ON runs (session, created);
"""

ACTIVE = ("queued", "running")


def new_id() -> str:
    """A random identifier for a folder or a run: 128 bits, hex (never from user input)."""
    return secrets.token_hex(16)


def session_key(cookie: str) -> str:
    """The stored key of a session cookie (its sha256), so the database holds no live cookie."""
    return hashlib.sha256(cookie.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Session:
    """One browser session: its CSRF token, its workspace folder and its current data."""

    key: str
    csrf: str
    workspace: Path
    data: dict[str, Any]


@dataclass(frozen=True)
class Run:
    """One run of a plan command as the history keeps it."""

    id: str
    session: str
    command: str
    argv: list[str]
    lang: str
    status: str
    phase: str
    message: str
    exit_code: int | None
    time_limit: float | None
    created: float
    started: float | None
    finished: float | None
    rerun_of: str | None
    data_label: str
    outputs: list[dict[str, Any]]
    folder: Path
    epoch: int | None = None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


class Store:
    """The SQLite history and the folders under ``--data-dir``.

    Parameters
    ----------
    root
        The ``--data-dir`` folder; created if missing.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        (self.root / "work").mkdir(parents=True, exist_ok=True)
        (self.root / "runs").mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.root / "history.sqlite", check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        with self._lock, self._db:
            self._db.executescript(SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(runs)")}
            if "epoch" not in columns:  # a history written before runs were dated
                self._db.execute("ALTER TABLE runs ADD COLUMN epoch INTEGER")
            # Runs that were active when the server stopped did not finish.
            self._db.execute(
                "UPDATE runs SET status='cancelled', phase='cancelled' WHERE status IN (?, ?)",
                ACTIVE,
            )

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:
            yield self._db

    # sessions -----------------------------------------------------------------------------
    def new_session(self) -> tuple[str, Session]:
        """Create a session; returns its cookie value (shown once) and the session."""
        cookie = secrets.token_urlsafe(32)
        key = session_key(cookie)
        workspace = new_id()
        (self.root / "work" / workspace).mkdir()
        with self._tx() as db:
            db.execute(
                "INSERT INTO sessions (key, csrf, workspace, created) VALUES (?, ?, ?, ?)",
                (key, secrets.token_urlsafe(32), workspace, time.time()),
            )
        session = self.session(cookie)
        assert session is not None
        return cookie, session

    def session(self, cookie: str | None) -> Session | None:
        """The session of a cookie, or None for an unknown cookie."""
        if not cookie:
            return None
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM sessions WHERE key = ?", (session_key(cookie),)
            ).fetchone()
        if row is None:
            return None
        return Session(
            key=row["key"],
            csrf=row["csrf"],
            workspace=self.root / "work" / row["workspace"],
            data=json.loads(row["data"]),
        )

    def set_data(self, session: Session, data: dict[str, Any]) -> None:
        """Record the session's current data (what the Data page shows and runs copy)."""
        with self._tx() as db:
            db.execute(
                "UPDATE sessions SET data = ? WHERE key = ?",
                (json.dumps(data, ensure_ascii=False), session.key),
            )

    # runs ---------------------------------------------------------------------------------
    def add_run(
        self,
        session: Session,
        command: str,
        argv: list[str],
        lang: str,
        time_limit: float | None,
        data_label: str,
        rerun_of: str | None = None,
        epoch: int | None = None,
    ) -> Run:
        """Create a queued run with a fresh folder; returns it.

        ``epoch`` is the planning moment its files are dated with (``SOURCE_DATE_EPOCH``):
        a rerun passes its first run's; by default the moment the run is created.
        """
        run_id = new_id()
        created = time.time()
        (self.root / "runs" / run_id).mkdir()
        with self._tx() as db:
            db.execute(
                "INSERT INTO runs (id, session, command, argv, lang, status, phase, time_limit,"
                " created, rerun_of, data_label, epoch) VALUES (?, ?, ?, ?, ?, 'queued',"
                " 'queued', ?, ?, ?, ?, ?)",
                (
                    run_id,
                    session.key,
                    command,
                    json.dumps(argv, ensure_ascii=False),
                    lang,
                    time_limit,
                    created,
                    rerun_of,
                    data_label,
                    int(created) if epoch is None else int(epoch),
                ),
            )
        run = self.run(run_id, session.key)
        assert run is not None
        return run

    def update_run(self, run_id: str, **values: Any) -> None:
        """Set columns of a run (status, phase, message, exit_code, started, finished, outputs)."""
        if "outputs" in values:
            values["outputs"] = json.dumps(values["outputs"], ensure_ascii=False)
        allowed = {"status", "phase", "message", "exit_code", "started", "finished", "outputs"}
        if not values.keys() <= allowed:
            raise KeyError(sorted(values.keys() - allowed))
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._tx() as db:
            db.execute(f"UPDATE runs SET {assignments} WHERE id = ?", (*values.values(), run_id))

    def run(self, run_id: str, session_key_: str | None) -> Run | None:
        """The run ``run_id`` if it belongs to the session (None for the runner itself)."""
        if not isinstance(run_id, str) or len(run_id) != 32 or not run_id.isalnum():
            return None
        with self._tx() as db:
            row = db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None or (session_key_ is not None and row["session"] != session_key_):
            return None
        return self._run(row)

    def runs(self, session_key_: str, limit: int = 200) -> list[Run]:
        """The session's runs, newest first."""
        with self._tx() as db:
            rows = db.execute(
                "SELECT * FROM runs WHERE session = ? ORDER BY created DESC LIMIT ?",
                (session_key_, limit),
            ).fetchall()
        return [self._run(row) for row in rows]

    def queued_before(self, run: Run) -> int:
        """How many runs (of any session) are ahead of a queued run: those running (holding
        the slots it waits for) and those queued before it."""
        with self._tx() as db:
            row = db.execute(
                "SELECT COUNT(*) FROM runs WHERE status = 'running'"
                " OR (status = 'queued' AND created < ?)",
                (run.created,),
            ).fetchone()
        return int(row[0])

    def _run(self, row: sqlite3.Row) -> Run:
        return Run(
            id=row["id"],
            session=row["session"],
            command=row["command"],
            argv=json.loads(row["argv"]),
            lang=row["lang"],
            status=row["status"],
            phase=row["phase"],
            message=row["message"],
            exit_code=row["exit_code"],
            time_limit=row["time_limit"],
            created=row["created"],
            started=row["started"],
            finished=row["finished"],
            rerun_of=row["rerun_of"],
            data_label=row["data_label"],
            outputs=json.loads(row["outputs"]),
            folder=self.root / "runs" / row["id"],
            epoch=row["epoch"],
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()
