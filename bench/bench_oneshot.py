"""Benchmark: wall time of `claimledger ingest --once` on a pass with nothing to do.

Copies the bundled offline example to a temporary directory, runs one pass to fill the ledger,
then times passes that find nothing new (the feed is unchanged), each in a fresh process as a
user or cron would run them, with no Prefect API configured:

- before: the pass as a Prefect flow on a temporary Prefect server, which is what the command
  did before it ran passes in-process (the child imports the command line, as the command
  does, then calls the `ingest` flow);
- after: the command itself, `claimledger --config ... ingest --once --json`.

Prints the median and every run of each, their ratio, and the 3 s target. Each child gets its
own empty PREFECT_HOME and no PREFECT_API_URL, like a first run on a new machine, and nothing of
the caller's Prefect analytics settings (the product's defaults apply).

    uv run python bench/bench_oneshot.py            # 5 runs of each
    uv run python bench/bench_oneshot.py --runs 9
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 3.0
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

BEFORE = """
import sys
import claimledger.cli
from flows.ingest import ingest
print(ingest(kind="manual", config_path=sys.argv[1]))
"""


def child_env(prefect_home: Path) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CLAIMLEDGER_", "PREFECT_")) and name != "DO_NOT_TRACK"
    }
    return {**environment, "PREFECT_HOME": str(prefect_home)}


def timed(command: list[str], cwd: Path, prefect_home: Path) -> tuple[float, str]:
    """Wall seconds of one child, and its stderr (to show any telemetry errors)."""
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, env=child_env(prefect_home), capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr}")
    return elapsed, completed.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed passes of each (default 5)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-oneshot-") as scratch:
        workdir = Path(scratch)
        shutil.copytree(EXAMPLES, workdir / "examples")
        config = workdir / "examples" / "claimledger.toml"
        prefect_home = workdir / "prefect-home"
        prefect_home.mkdir()
        command = [sys.executable, "-m", "claimledger", "--config", str(config)]
        after = [*command, "ingest", "--once", "--json"]
        before = [sys.executable, "-c", BEFORE, str(config)]
        timed(after, workdir, prefect_home)  # the first pass stores the example's articles
        results: dict[str, list[float]] = {"before": [], "after": []}
        telemetry_errors = {"before": 0, "after": 0}
        for _ in range(arguments.runs):  # interleaved, so load on the machine hits both alike
            for name, argv in (("before", before), ("after", after)):
                seconds, stderr = timed(argv, workdir, prefect_home)
                results[name].append(seconds)
                telemetry_errors[name] += stderr.count("Failed to send telemetry")
    medians = {name: statistics.median(runs) for name, runs in results.items()}
    print(f"no-op `ingest --once`, wall seconds, median of {arguments.runs} (target < 3 s)")
    labels = {
        "before": "before: flow on a temporary Prefect server",
        "after": "after:  claimledger ingest --once (no API)",
    }
    for name, label in labels.items():
        runs = " ".join(f"{seconds:.2f}" for seconds in results[name])
        errors = telemetry_errors[name]
        print(f"{label}  {medians[name]:6.2f} s   runs: {runs}   telemetry errors: {errors}")
    print(f"speed-up: {medians['before'] / medians['after']:.1f}x")
    print(f"after meets the {TARGET_SECONDS:.0f} s target: {medians['after'] < TARGET_SECONDS}")
    print(f"load average at the end: {', '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
