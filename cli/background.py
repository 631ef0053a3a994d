"""A computation run in a forked child process while this process goes on with other work.

``plan`` writes a plan's files while the plan's independent checker re-verifies it. On a
machine with two cores the two then take about the time of the longer one, not their sum.
The child is forked, so it starts with the plan and the data as they are: nothing is copied
or pickled to start it. It sends back only its result, pickled through a pipe.

The child only computes. It never writes an output and never prints, so nothing that happens
to it can change an output (a child that makes a workbook saves it in a scratch folder of its
own, which the parent removes, and sends the bytes back: see ``plans.workbook_alongside``):

- it dies with this process (``PR_SET_PDEATHSIG`` on Linux), and by Ctrl-C or SIGTERM as a
  plain process does (the default signal handling: no message, no traceback);
- when it gives no result (it raised, it was killed, or its result cannot be pickled), the
  function is run again here, as it is when no child can be forked (too many processes).
  The caller then gets exactly what a run without the child gives: the same value or the
  same exception, hence the same message and exit code. (Exceptions are not sent across:
  ours do not all survive pickling unchanged.)

Where ``fork`` is not available (Windows), where the ``spawn`` start method is the only
safe one (macOS), or when :data:`SEQUENTIAL_VARIABLE` is set, the function runs here when
its result is first asked for.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Set (to anything but ``0`` or empty) to run every background computation in-process.
SEQUENTIAL_VARIABLE = "CADREPLAN_SEQUENTIAL"
#: ``prctl`` option asking the kernel to signal this process when its parent dies.
PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether work may go to a forked child here: Linux, unless :data:`SEQUENTIAL_VARIABLE`."""
    if os.environ.get(SEQUENTIAL_VARIABLE, "") not in ("", "0"):
        return False
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Pending(Generic[T]):
    """The result of ``function()``, computed in a forked child or, failing that, here.

    Parameters
    ----------
    function
        A function of no arguments whose result can be pickled. It must not write files or
        print (in the child such effects would be lost or doubled), and it must give the
        same result when run twice (it is run again here when the child gives none).
    """

    def __init__(self, function: Callable[[], T]) -> None:
        self.function = function
        self.pid: int | None = None
        self.reader: int | None = None
        #: CPU seconds the computation took (``time.process_time`` in the process that ran
        #: it), set by :meth:`result`. Unlike the wall seconds it returns, they do not grow
        #: while other processes compete for the cores.
        self.cpu_seconds: float | None = None
        self.started = time.perf_counter()
        self.forked = can_fork()
        if self.forked:
            self._fork()

    def _fork(self) -> None:
        reader, writer = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no process to spare (EAGAIN, ENOMEM): computed here instead
            os.close(reader)
            os.close(writer)
            self.forked = False
            return
        if pid == 0:  # the child: compute, send, leave without running any cleanup
            try:
                os.close(reader)
                _child(self.function, writer, parent)
            finally:
                os._exit(0)
        os.close(writer)
        self.pid, self.reader = pid, reader

    def done(self) -> bool:
        """Whether the result is ready (always False before an in-process run)."""
        if self.reader is None:
            return False
        ready, _, _ = select.select([self.reader], [], [], 0)
        return bool(ready)

    def result(self) -> tuple[T, float]:
        """Wait for the result; return it with the seconds its computation took.

        Raises
        ------
        Exception
            Whatever ``function`` raises (run here, when the child gave no result).
        """
        payload = self._receive()
        if payload is not None:
            value, seconds, self.cpu_seconds = payload
            return value, seconds
        started, cpu_started = time.perf_counter(), time.process_time()
        value = self.function()
        self.cpu_seconds = time.process_time() - cpu_started
        return value, time.perf_counter() - started

    def _receive(self) -> tuple[T, float, float] | None:
        """The child's pickled (value, wall seconds, CPU seconds), or None when it sent none."""
        if self.reader is None:
            return None
        chunks = []
        try:
            while chunk := os.read(self.reader, 1 << 16):
                chunks.append(chunk)
        finally:
            self.close()
        try:
            return pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # noqa: BLE001 - a cut message: computed here instead
            return None

    def close(self) -> None:
        """Stop the child if it still runs, and release its pipe and process entry."""
        if self.reader is not None:
            os.close(self.reader)
            self.reader = None
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None


def _child(function: Callable[[], Any], writer: int, parent: int) -> None:
    """In the child: die with the parent and by signals, compute, send (value, seconds, CPU
    seconds): the CPU seconds are the child's own (``time.process_time``), the work of the
    function whatever else runs on the machine."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        return
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        value = function()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        data = pickle.dumps((value, seconds, cpu))
    except BaseException:  # noqa: BLE001 - the parent runs it again and reports it
        return
    with open(writer, "wb") as pipe:
        pipe.write(data)


@contextlib.contextmanager
def in_background(function: Callable[[], T]) -> Iterator[Pending[T]]:
    """Start ``function`` in a forked child for the ``with`` block (see :class:`Pending`).

    The child is stopped when the block ends, whether or not its result was taken.
    """
    pending = Pending(function)
    try:
        yield pending
    finally:
        pending.close()
