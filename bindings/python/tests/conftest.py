"""Shared fixtures for the datakey binding tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: The repository root (tests live in bindings/python/tests).
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared reference folder beside the repository (override with DATAKEY_SHARED)."""
    path = Path(os.environ.get("DATAKEY_SHARED", REPO.parent / "shared"))
    if not path.is_dir():
        pytest.fail(f"shared reference folder not found at {path} (set DATAKEY_SHARED)")
    return path
