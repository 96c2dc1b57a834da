"""The extraction pool: worker processes that run `claimledger.prepare.prepare_page`.

Module-level, so that every batch (every task thread) of a process shares one pool. Never forked
from the flow's process: it runs Prefect's and SQLAlchemy's threads, which a fork would copy
mid-lock. Workers fork from a fork server instead (where the platform has one): a clean process
that imports, once, the pipeline and what the program's main module imports, so that each worker
starts with all of it loaded.
"""

from __future__ import annotations

import ast
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from pathlib import Path

# The module the workers run: it imports everything a worker needs.
WORKER_MODULE = "claimledger.prepare"

_extract_pools: dict[int, ProcessPoolExecutor] = {}
_extract_pools_lock = threading.Lock()


def extract_pool(processes: int) -> ProcessPoolExecutor | None:
    """The process pool for `prepare_page` once `start_extract_pool` made it; else None, and
    pages are prepared inline."""
    with _extract_pools_lock:
        return _extract_pools.get(processes)


def start_extract_pool(processes: int) -> None:
    """Make the pool of `processes` (none for 0 or 1) and start its processes in the background,
    so that their start (the fork server importing the pipeline, a second or more of CPU time)
    overlaps the first fetches."""
    if processes <= 1:
        return
    with _extract_pools_lock:
        if processes in _extract_pools:
            return
        pool = ProcessPoolExecutor(
            processes, mp_context=_worker_context(), initializer=_exit_with_parent
        )
        _extract_pools[processes] = pool
    threading.Thread(
        target=_start_workers, args=(pool, processes), name="extract-pool-start", daemon=True
    ).start()


def replace_broken_extract_pool(broken: ProcessPoolExecutor, processes: int) -> None:
    """After a worker died (killed, out of memory): shut the broken pool down and start a fresh
    one for the next batches, unless another batch's thread has already."""
    with _extract_pools_lock:
        if _extract_pools.get(processes) is broken:
            del _extract_pools[processes]
    survivors = list((broken._processes or {}).values())
    broken.shutdown(wait=False, cancel_futures=True)
    # A worker killed while it held the work queue's lock leaves the others blocked on that
    # lock for good, and the pool's own clean-up joins them: the program would hang at exit.
    for process in survivors:
        with suppress(ValueError, OSError):  # already gone
            process.kill()
    start_extract_pool(processes)


def pool_process_ids() -> list[int]:
    """The process ids of every extraction pool's workers (for measuring them)."""
    with _extract_pools_lock:
        pools = list(_extract_pools.values())
    return [pid for pool in pools for pid in list(pool._processes or {})]


def _start_workers(pool: ProcessPoolExecutor, processes: int) -> None:
    # A pool shut down or broken meanwhile refuses work; a broken one is replaced by the batch
    # that finds it broken.
    with suppress(RuntimeError):
        for _ in range(processes):
            pool.submit(int)


def _exit_with_parent() -> None:
    """In each worker: leave stopping to the parent, and exit as soon as it is gone.

    Ctrl-C in a terminal sends SIGINT to every process of the command, workers included; a
    worker that raised KeyboardInterrupt would print a traceback and break the pool under the
    pass that is stopping cleanly (`claimledger.stopping`). So workers ignore SIGINT, and end
    with their parent instead: a parent killed outright (SIGKILL, out of memory) never says
    goodbye, and a worker waiting for work would wait forever, holding the fork server up as
    well. SIGTERM keeps its default: the pool stops the workers it has left with it when one
    of them died.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_exit_when_ready, args=(parent.sentinel,), name="parent-watch", daemon=True
        ).start()


def _exit_when_ready(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _worker_context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([WORKER_MODULE, *main_module_imports()])
    return context


def main_module_imports() -> list[str]:
    """What the program's main module imports, for the fork server to import beforehand.

    Every new worker runs the program's main module before it takes work (multiprocessing's
    rule, in case the work names something defined there): a flow run's ``python -m
    prefect.engine``, the ``claimledger`` command's script, a benchmark. That is cheap only when
    the fork server already imported what the main module imports; otherwise each worker
    imported Prefect again, about 1.6 CPU s. (The fork server's own preload of ``__main__`` is
    meant to do this, but Python 3.11 never passes it the main module's path.) A main module
    run by name is imported as it is; a script's top-level imports are read from its source.
    A package's ``__main__``, which workers never run, is left out.
    """
    main = sys.modules["__main__"]
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name:
        return [] if name == "__main__" or name.endswith(".__main__") else [name]
    path = getattr(main, "__file__", None)
    if path is None:
        return []
    try:
        module = ast.parse(Path(path).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return []
    imported: list[str] = []
    for statement in module.body:
        if isinstance(statement, ast.Import):
            imported.extend(alias.name for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            imported.append(statement.module)
    return list(dict.fromkeys(imported))
