"""Bounded worker processes: one document at a time per worker, results back as each finishes.

A worker has a memory limit (RLIMIT_AS over what it maps once its libraries are loaded, so a
bomb raises MemoryError in the worker instead of taking the machine or the main process down) and each document a wall-time limit, enforced from
the parent by killing the worker. A worker that dies or overruns is replaced and its document comes
back as `failed` with the reason, so a batch always goes on. Workers ignore Ctrl-C (the parent
stops them), and die with their parent (PR_SET_PDEATHSIG, or a watcher thread where that is
missing), so a killed main process leaves no orphans. A document whose work grows with its
pages (OCR of a long scan) asks for more time as it goes (`extend`), so one limit fits a two-page
PDF and a 142-page scan alike while a page that hangs is still caught.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import resource
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Generic, Hashable, Iterable, Iterator, Optional, TypeVar

R = TypeVar("R")
Job = tuple[Hashable, tuple[Any, ...]]

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: Optional[float] = 180.0  # seconds per document
    memory_mb: Optional[int] = 256  # address space a worker may add once its libraries are loaded


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        ok = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        ok = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not ok:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


def _address_space() -> int:
    """Bytes of address space this process maps now (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


LIMIT_MB: Optional[int] = None  # in a worker: the memory limit it runs under (for messages)
_CONN: Optional[Connection] = None  # in a worker: its pipe to the parent


@dataclass(frozen=True, slots=True)
class _Extend:
    seconds: float


def extend(seconds: float) -> None:
    """Give the document this worker reads `seconds` more before it times out (a no-op outside
    a worker)."""
    if _CONN is not None:
        _CONN.send(_Extend(seconds))


def _limit_memory(memory_mb: int) -> None:
    """Allow `memory_mb` of address space on top of what the worker maps once its libraries are
    loaded: thread pools and libraries map more on machines with more cores, the documents' needs
    do not."""
    global LIMIT_MB
    LIMIT_MB = memory_mb
    _one_malloc_arena()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + (memory_mb << 20)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


_M_ARENA_MAX = -8


def _one_malloc_arena() -> None:
    """Threads share the main malloc arena: each thread of its own (idle library thread pools,
    onnxruntime's under PyMuPDF's layout module) maps a 64 MB arena after a few seconds, which
    counts against the limit (measured: +280 MB of address space 20 s after `import pymupdf`)."""
    try:
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # not glibc
        pass


def _serve(conn: Connection, parent: int, memory_mb: Optional[int], fn: Callable[..., Any],
           init: Optional[Callable[[], None]]) -> None:
    global _CONN
    _CONN = conn
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    if init is not None:
        init()
    if memory_mb:
        _limit_memory(memory_mb)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if job is None:
            os._exit(0)
        key, args = job
        conn.send((key, fn(*args)))


class _Worker:
    def __init__(self, ctx: Any, fn: Callable[..., Any], memory_mb: Optional[int],
                 init: Optional[Callable[[], None]] = None) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, os.getpid(), memory_mb, fn, init), daemon=True)
        self.proc.start()
        child.close()
        self.job: Optional[Job] = None
        self.started = 0.0
        self.extra = 0.0  # seconds the job asked for on top of the timeout (extend)

    def give(self, job: Job) -> None:
        self.job, self.started, self.extra = job, time.monotonic(), 0.0
        self.conn.send(job)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool(Generic[R]):
    """Run `fn(*args)` for every job in `jobs` worker processes; `lost(key, reason)` makes the
    result of a job whose worker died or overran; `init` runs in each new worker before its
    memory limit is set (to load the libraries the jobs need)."""

    def __init__(self, fn: Callable[..., R], jobs: int, limits: Limits, lost: Callable[[Hashable, str], R],
                 init: Optional[Callable[[], None]] = None) -> None:
        self.fn, self.jobs, self.limits, self.lost, self.init = fn, max(1, jobs), limits, lost, init
        self.ctx = mp.get_context("fork")  # workers inherit the loaded readers (and test patches)

    def run(self, jobs: Iterable[Job]) -> Iterator[R]:
        queue = deque(jobs)
        workers = [self._new() for _ in range(min(self.jobs, len(queue)))]
        try:
            while True:
                for w in workers:
                    if w.job is None and queue:
                        w.give(queue.popleft())
                busy = [w for w in workers if w.job is not None]
                if not busy:
                    return
                ready = set(wait([x for w in busy for x in (w.conn, w.proc.sentinel)], timeout=self._wait(busy)))
                for i, w in enumerate(workers):
                    if w.job is None:
                        continue
                    result = self._check(w, ready)
                    if result is None:
                        continue
                    if w.job is not None:  # the worker is gone: replace it
                        w.kill()
                        w = workers[i] = self._new()
                    yield result
        finally:
            previous = _ignore_sigint()  # a second Ctrl-C must not interrupt the clean-up
            try:
                for w in workers:
                    w.kill()
            finally:
                if previous is not None:
                    signal.signal(signal.SIGINT, previous)

    def _new(self) -> _Worker:
        return _Worker(self.ctx, self.fn, self.limits.memory_mb, self.init)

    def _wait(self, busy: list[_Worker]) -> Optional[float]:
        if not self.limits.timeout:
            return None
        return max(0.0, min(w.started + w.extra for w in busy) + self.limits.timeout - time.monotonic()) + 0.05

    def _check(self, w: _Worker, ready: set[Any]) -> Optional[R]:
        """The result of a busy worker if it has one (its job cleared), or a lost result when it
        died or overran (its job kept, so the caller replaces it); None while it is working."""
        assert w.job is not None
        key = w.job[0]
        if w.conn in ready:
            try:
                message = w.conn.recv()
                if isinstance(message, _Extend):
                    w.extra += message.seconds
                    return None
                w.job = None
                return message[1]
            except (EOFError, OSError):
                pass
        if w.proc.sentinel in ready or not w.proc.is_alive():
            w.proc.join(1)
            code = w.proc.exitcode
            how = f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
            cause = f"out of memory (--memory {self.limits.memory_mb} MB) or a crash in a library" \
                if self.limits.memory_mb else "a crash in a library, or out of memory"
            return self.lost(key, f"the reader's worker process died on this file ({how}: {cause})")
        if self.limits.timeout and time.monotonic() - w.started > self.limits.timeout + w.extra:
            more = f" plus {w.extra:g} s its pages asked for" if w.extra else ""
            return self.lost(key, f"timed out: not read within {self.limits.timeout:g} s (--timeout){more}")
        return None


def _ignore_sigint() -> Any:
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)
