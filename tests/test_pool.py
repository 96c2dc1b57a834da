"""The extraction pool: workers start with the program's imports loaded; a broken pool is replaced.

Each program runs in its own Python process, as a flow run or the `claimledger` command does,
because what the pool preloads depends on the process's main module.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from claimledger import pool
from tests.conftest import discard_extract_pool

REPOSITORY = Path(__file__).resolve().parents[1]

# A module whose import leaves a trace: the id of each process that runs it.
TRACED_MODULE = """
import os
from pathlib import Path

with Path(os.environ["IMPORT_TRACE"]).open("a") as trace:
    trace.write(f"{os.getpid()}\\n")
"""

PROGRAM = """
import json
import os

import traced
from claimledger import pool

if __name__ == "__main__":
    pool.start_extract_pool(2)
    workers = pool.extract_pool(2)
    pids = set()
    while len(pids) < 2:  # until both workers have taken work
        pids.update(future.result() for future in [workers.submit(os.getpid) for _ in range(8)])
    print(json.dumps({"parent": os.getpid(), "workers": sorted(pids),
                      "preloaded": pool.main_module_imports()}))
    workers.shutdown(wait=False, cancel_futures=True)
"""


def run_program(tmp_path: Path, *arguments: str) -> tuple[dict[str, object], list[int]]:
    (tmp_path / "traced.py").write_text(TRACED_MODULE)
    (tmp_path / "program.py").write_text(PROGRAM)
    trace = tmp_path / "imports.txt"
    completed = subprocess.run(
        [sys.executable, *arguments],
        cwd=tmp_path,
        env={"PYTHONPATH": f"{tmp_path}:{REPOSITORY}", "IMPORT_TRACE": str(trace)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    imported_in = [int(line) for line in trace.read_text().split()]
    return json.loads(completed.stdout), imported_in


@pytest.mark.parametrize(
    ("arguments", "main_imports"),
    [
        (["program.py"], ["json", "os", "traced", "claimledger"]),
        (["-m", "program"], ["program"]),
    ],
    ids=["script", "module"],
)
def test_workers_do_not_import_what_the_main_module_imports(
    tmp_path: Path, arguments: list[str], main_imports: list[str]
) -> None:
    report, imported_in = run_program(tmp_path, *arguments)

    assert report["preloaded"] == main_imports
    workers = report["workers"]
    assert isinstance(workers, list) and len(workers) == 2
    # The program imported it, then the fork server once; the workers forked with it loaded.
    assert len(imported_in) == 2 and imported_in[0] == report["parent"]
    assert not set(workers) & set(imported_in)


def test_a_pool_whose_worker_died_is_replaced_by_a_working_one() -> None:
    discard_extract_pool(2)
    pool.start_extract_pool(2)
    broken = pool.extract_pool(2)
    assert broken is not None
    try:
        workers: set[int] = set()
        while len(workers) < 2:  # both started and idle, one of them waiting on the queue's lock
            workers.add(broken.submit(os.getpid).result(timeout=60))
        worker, survivor = sorted(workers)
        os.kill(worker, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            for _ in range(100):  # until the pool has noticed
                broken.submit(os.getpid).result(timeout=60)
                time.sleep(0.05)

        pool.replace_broken_extract_pool(broken, 2)

        fresh = pool.extract_pool(2)
        assert fresh is not None and fresh is not broken
        assert fresh.submit(os.getpid).result(timeout=60) not in {worker, survivor, os.getpid()}
        # The broken pool's other worker is gone too: left blocked on the lock the killed one
        # held, it would hang the program's exit, where the pool joins its workers.
        deadline = time.monotonic() + 30
        while _alive(survivor) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(survivor)
    finally:
        discard_extract_pool(2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
