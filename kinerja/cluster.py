"""Scale-out on Dask distributed: one document per task, results back as each task finishes.

The caller (the `kinerja scan` process) stays the single writer of the store: tasks only read
files and return Results, which are released from the cluster as soon as they are handed on.
A worker that dies on a document (a crash in a library, the nanny's memory limit) fails that
document alone: Dask moves the worker's other tasks elsewhere, and the document itself comes back
as `failed` once the scheduler gives up on it (at once on a local cluster, after
`distributed.scheduler.allowed-failures` retries on a remote one). The files must be readable at
the same path on every worker (a shared folder).
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Union

from kinerja.pipeline import Result, lost_result, scan_file

log = logging.getLogger(__name__)


def parse_cluster(spec: str) -> int:
    """`local:N` -> N workers."""
    kind, _, n = spec.partition(":")
    if kind != "local" or not n.isdigit() or int(n) < 1:
        raise ValueError("expected local:N, e.g. local:2")
    return int(n)


def local_cluster(workers: int, memory_mb: Optional[int] = None) -> Any:
    """A cluster of `workers` single-threaded worker processes on loopback. A task whose worker
    dies is not retried (it would kill the next worker too); `scan_dask` keeps one task per
    worker thread in flight, so a worker's death touches one document only."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, memory_limit=f"{memory_mb + 512}MiB" if memory_mb else "auto",
            silence_logs=logging.ERROR,
        )


def scan_dask(files: list[Path], address: Union[str, Any], lang: str = "id", ocr: Union[bool, str] = True,
              pages: Optional[str] = None, password: Optional[str] = None,
              fn: Callable[..., Result] = scan_file) -> Iterator[Result]:
    """One Result per file, in the order tasks finish, from the Dask scheduler at `address`
    (`tcp://host:8786`) or a cluster object (LocalCluster)."""
    from distributed import Client, as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    if not files:
        return
    with ExitStack() as stack:
        client = stack.enter_context(Client(address))
        queue = list(enumerate(files))[::-1]
        running: dict[Any, Path] = {}
        pending = as_completed()

        def top_up() -> None:
            """As many tasks in flight as the cluster has threads: no worker holds a document
            it is not reading (it would fail with a worker that dies), and a batch of tens of
            thousands of files is not all on the scheduler at once."""
            slots = max(1, sum(client.nthreads().values()))
            while queue and len(running) < slots:
                i, path = queue.pop()
                future = client.submit(fn, path, lang, ocr, pages, password, key=f"kinerja-scan-{i}", pure=False)
                running[future] = path
                pending.add(future)

        try:
            top_up()
            for future in pending:
                path = running.pop(future)
                try:
                    result = future.result()
                except KilledWorker:
                    result = lost_result(path, "the Dask worker died on this file (a crash in a library, or out of memory)")
                except FutureCancelledError:
                    result = lost_result(path, "the Dask task was cancelled")
                except Exception as exc:  # a task that raised (scan_file itself never does)
                    result = lost_result(path, f"the Dask task failed: {type(exc).__name__}: {exc}")
                future.release()
                top_up()
                yield result
        finally:
            for future in running:
                future.cancel()
