"""Shared fixtures for the datakey binding tests."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The repository root (tests live in bindings/python/tests).
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO
