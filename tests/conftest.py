"""Shared fixtures: the ../shared data folder (skipped with a reason when absent), fresh stores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.store import Store

ROOT = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    """$NEWSEVENTS_SHARED, else ../shared beside the repository."""
    return Path(os.environ.get("NEWSEVENTS_SHARED") or ROOT.parent / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; tests that need it skip with a clear reason where it is absent."""
    path = shared_path()
    if not (path / "README.md").is_file():
        pytest.skip(f"shared data folder not found at {path} (set NEWSEVENTS_SHARED)")
    return path


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    """Path of a store file that does not exist yet."""
    return tmp_path / "store.db"


@pytest.fixture()
def store(db_path: Path) -> Iterator[Store]:
    """A fresh, real SQLite store."""
    with Store(db_path) as s:
        yield s
