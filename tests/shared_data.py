"""Locating the development data in ../shared/data, for tests that read it.

The data sits beside the repository (never inside it: it is not ours to redistribute), on CI and
on dev machines only. Tests that need it call ``shared_data_dir()``, which skips them with a
clear reason elsewhere instead of failing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data_dir() -> Path:
    """``../shared/data`` relative to the repository root; skips the calling test if absent."""
    if not SHARED_DATA_DIR.is_dir():
        pytest.skip("../shared/data not found: development data is only on CI and dev machines")
    return SHARED_DATA_DIR
