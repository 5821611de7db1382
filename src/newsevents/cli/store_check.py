"""The error every command that needs an existing store gives when ``--db`` names none."""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError


def missing_store_error(db: Path) -> StoreError:
    """The error of a command that needs an existing store at ``db`` and finds none."""
    blocked = next((p for p in db.parents if p.exists()), None)
    if blocked is not None and not blocked.is_dir():
        return StoreError(
            f"{db}: the store cannot be opened: {blocked} is a file, not a folder",
            hint="check the --db path (or $NEWSEVENTS_DB)",
        )
    return StoreError(
        f"{db}: no store here (the file does not exist)",
        hint="check --db (or $NEWSEVENTS_DB); `newsevents ingest`, `demo` or `load` create a store",
    )
