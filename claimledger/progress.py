"""Progress of long work, reported by plain functions and shown by whoever is watching.

The pipeline announces stages ("pages", "claims") and advances them; by default nobody listens.
The CLI installs a rich progress bar for the duration of a command. Flows served by a Prefect
worker have no terminal, so there the reports cost one attribute lookup and go nowhere.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class ProgressReporter(Protocol):
    def start(self, stage: str, total: int) -> None: ...

    def advance(self, stage: str, amount: int = 1) -> None: ...


_reporter: ProgressReporter | None = None


def start(stage: str, total: int) -> None:
    """A stage of `total` units begins (or grows by `total` when it already runs)."""
    if _reporter is not None:
        _reporter.start(stage, total)


def advance(stage: str, amount: int = 1) -> None:
    if _reporter is not None:
        _reporter.advance(stage, amount)


@contextmanager
def reporting(reporter: ProgressReporter) -> Iterator[None]:
    """Send this process's progress reports to `reporter` while the block runs."""
    global _reporter
    previous, _reporter = _reporter, reporter
    try:
        yield
    finally:
        _reporter = previous


class RichProgressBars:
    """One rich progress bar per stage, with count, rate and time left; safe across threads."""

    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("{task.description:>8}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> RichProgressBars:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            self._progress.stop()
            return
        # A failed command ends in its one-line error alone: the bars of the work it did not
        # finish are cleared from a terminal and never written to a file or pipe (stopping
        # the live display itself, as Progress.stop would add an empty line to a file).
        self._progress.live.transient = True
        self._progress.live.stop()

    def start(self, stage: str, total: int) -> None:
        with self._lock:
            task = self._tasks.get(stage)
            if task is None:
                self._tasks[stage] = self._progress.add_task(stage, total=total, rate="")
            else:
                current = self._progress.tasks[task].total or 0
                self._progress.update(task, total=current + total)

    def advance(self, stage: str, amount: int = 1) -> None:
        with self._lock:
            task = self._tasks.get(stage)
            if task is None:
                return
            self._progress.advance(task, amount)
            speed = self._progress.tasks[task].speed
            self._progress.update(task, rate=f"{speed:.1f}/s" if speed else "")
