"""Shared test fixtures."""

import os
from pathlib import Path

import pytest

import mdm2io.progress


def _find_shared_data() -> Path:
    """The shared real-data folder: $MDM2IO_SHARED_DATA, else ../shared/data next to the clone, else /work/shared/data."""
    candidates = [os.environ.get("MDM2IO_SHARED_DATA"), Path(__file__).resolve().parents[2] / "shared" / "data",
                  "/work/shared/data"]
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return Path(candidates[1])


#: The shared real-data folder (datasets without an open licence are read from here only).
SHARED_DATA = _find_shared_data()


@pytest.fixture(autouse=True)
def _quiet_progress(monkeypatch):
    monkeypatch.setattr(mdm2io.progress, "ENABLED", False)


def shared_data(*parts) -> Path:
    """Path inside ../shared/data; skips the test when the folder is absent."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared dataset not available: {p}")
    return p
