"""Shared test fixtures."""

from pathlib import Path

import pytest

import mdm2io.progress

#: The shared real-data folder (datasets without an open licence are read from here only).
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _quiet_progress(monkeypatch):
    monkeypatch.setattr(mdm2io.progress, "ENABLED", False)


def shared_data(*parts) -> Path:
    """Path inside ../shared/data; skips the test when the folder is absent."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared dataset not available: {p}")
    return p
