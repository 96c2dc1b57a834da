"""Stopping a pass on SIGINT or SIGTERM: within seconds, at a safe point, losing nothing.

A signal does not raise anywhere by itself (an exception thrown into whatever the main thread
happens to run could land between two statements of one transaction, and the worker threads
would go on fetching page after page). It sets a flag. Every thread of the pass checks it at
safe points: before a step starts, before each fetch and, through the fetcher, between short
waits for a slow server, so a fetch in flight is abandoned within a fraction of a second.
There `check` raises `Interrupted`: the transaction open at that moment (if any) rolls back,
pages fetched and not yet stored are dropped, unsent to the database, and their feed entries
stay pending for the next pass. The run's record then says `interrupted` and the command exits
with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM) and one line.

A second signal while the pass winds down ends the process at once (the database rolls back
what was open); the next pass finds everything where a kill would have left it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from claimledger.errors import Interrupted

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_requested = threading.Event()
_signal_number: int = signal.SIGINT
_signals_received = 0
_stopped_run: str | None = None


def request(signal_number: int = signal.SIGINT) -> None:
    """Ask every thread of this process to stop at its next safe point."""
    global _signal_number
    if not _requested.is_set():
        _signal_number = signal_number
    _requested.set()


def requested() -> bool:
    return _requested.is_set()


def record_stopped_run(description: str) -> None:
    """Note the run a stop ended ("ingest run 7"), for the command's one line about it."""
    global _stopped_run
    _stopped_run = description


def check() -> None:
    """Raise `Interrupted` if a stop was asked for; call at points where stopping loses nothing."""
    if _requested.is_set():
        raise Interrupted(_signal_number, _stopped_run)


def wait(seconds: float) -> None:
    """Sleep up to `seconds`, or raise `Interrupted` as soon as a stop is asked for."""
    if _requested.wait(max(seconds, 0.0)):
        raise Interrupted(_signal_number, _stopped_run)


def _on_signal(signal_number: int, frame: FrameType | None) -> None:
    global _signals_received
    _signals_received += 1
    if _signals_received > 1:
        name = signal.Signals(signal_number).name
        print(f"{name} again: stopping now", file=sys.stderr, flush=True)
        os._exit(128 + signal_number)
    request(signal_number)


def as_interrupted(error: BaseException) -> Interrupted | None:
    """Prefect's own exception for SIGTERM in a flow run (its handler replaces ours while the
    flow runs) as the `Interrupted` it amounts to; None for anything else."""
    exceptions = sys.modules.get("prefect.exceptions")  # never imported here: it is slow
    if exceptions is not None and isinstance(error, exceptions.TerminationSignal):
        return Interrupted(error.signal, _stopped_run)
    return None


@contextmanager
def on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM ask the pass to stop instead of raising in the main
    thread or killing the process. Outside it (and in threads other than the main one, which
    cannot install handlers) the handlers in place are left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _on_signal) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
