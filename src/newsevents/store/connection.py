"""The store's SQLite connection: how it is opened (to write, or read-only) and how SQLite's
failures of the disk, the file or the lock become one coded :class:`StoreError` with a hint.

Every statement of the store runs through :class:`StoreConnection`, so no ``sqlite3`` error
about the environment (disk full, read-only file, lock held past the timeout, unopenable or
damaged file) reaches a caller; SQL errors (a bad FTS query, a constraint) stay ``sqlite3``
errors, since the store's own code handles them or they are bugs.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, Self
from urllib.parse import quote

from ..errors import StoreError

StoreMode = Literal["write", "read", "auto"]
"""How a store opens: ``write`` creates and migrates it and refuses at once when it cannot be
written; ``read`` opens an existing store read-only; ``auto`` writes when the file and its
folder allow it and reads otherwise (what the command line uses)."""

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
_PERM, _BUSY, _LOCKED, _NOMEM, _READONLY, _IOERR, _CORRUPT = 3, 5, 6, 7, 8, 10, 11
_FULL, _CANTOPEN, _AUTH, _NOTADB = 13, 14, 23, 26

_Params = Any
"""Statement parameters, as sqlite3 takes them (a sequence or a mapping)."""


def _reason_and_hint(primary: int, path: str, *, timeout: float | None) -> tuple[str, str] | None:
    """What went wrong and what to do about it, for an error of the disk, file or lock."""
    name = Path(path).name
    if primary == _FULL:
        return (
            "the disk (or the store's size limit) is full",
            "free disk space, then run the command again; what was committed before is kept",
        )
    if primary in (_READONLY, _PERM, _AUTH):
        return (
            "the store is read-only here",
            f"check the permissions of {path} and its folder (writing also creates {name}-wal "
            f"and {name}-shm beside it), or point --db at a writable copy",
        )
    if primary in (_BUSY, _LOCKED):
        waited = f" for {timeout:g} s" if timeout is not None else ""
        return (
            f"the store is locked: another process holds it (waited{waited})",
            "another newsevents process is writing this store; retry when it has finished",
        )
    if primary == _CANTOPEN:
        return (
            "the store file cannot be opened",
            "check that the folder exists and that you may read it (and, to write, create files "
            "in it)",
        )
    if primary in (_CORRUPT, _NOTADB):
        return (
            "the file is not a newsevents store or is damaged",
            "check that --db names a newsevents store; restore it from a backup if it is damaged",
        )
    if primary == _IOERR:
        return ("the disk could not be read or written", "check the disk and its file system")
    if primary == _NOMEM:
        return ("SQLite ran out of memory", "free memory, then run the command again")
    return None


def store_error(
    exc: sqlite3.Error, path: str, *, timeout: float | None = None
) -> StoreError | None:
    """``exc`` as a coded store error with a hint, or None when it is not about the disk, the file
    or the lock (an SQL error the caller handles, or a bug)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    found = _reason_and_hint(int(code) & 0xFF, path, timeout=timeout)
    if found is None:
        return None
    reason, hint = found
    return StoreError(f"{path}: {reason} ({exc})", hint=hint)


class StoreCursor(sqlite3.Cursor):
    """A cursor whose failures of the disk, file or lock are :class:`StoreError`."""

    connection: StoreConnection

    def _fail(self, exc: sqlite3.Error) -> BaseException:
        conn = self.connection
        return store_error(exc, conn.store_path, timeout=conn.store_timeout) or exc

    def execute(self, sql: str, parameters: _Params = (), /) -> Self:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def executemany(self, sql: str, seq_of_parameters: Iterable[_Params], /) -> Self:
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        try:
            return super().fetchmany(size)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc


class StoreConnection(sqlite3.Connection):
    """The store's connection: every statement runs on a :class:`StoreCursor`."""

    store_path: str = ""
    store_timeout: float | None = None

    def execute(self, sql: str, parameters: _Params = (), /) -> StoreCursor:
        return StoreCursor(self).execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[_Params], /) -> StoreCursor:
        return StoreCursor(self).executemany(sql, parameters)

    def rollback_quietly(self) -> None:
        """Undo the open transaction, if SQLite has not already (it may after a full disk or a
        busy lock); a failure here must not hide the error that led to it."""
        if self.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                super().execute("ROLLBACK")


def writable_problem(path: Path) -> str | None:
    """Why the store at ``path`` cannot be written here (None when it can): the file or its folder
    is read-only. SQLite in WAL mode also creates ``-wal`` and ``-shm`` files beside the store."""
    folder = path.parent
    if not folder.is_dir():
        return None  # no folder (it is created) or not a folder: opening says what is wrong
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is read-only"
    if not os.access(folder, os.W_OK | os.X_OK):
        wal = [Path(f"{path}{s}") for s in ("-wal", "-shm")]
        if path.exists() and all(p.exists() and os.access(p, os.W_OK) for p in wal):
            return None  # SQLite can work with the -wal and -shm files already there
        return f"its folder {folder} is read-only (SQLite must create {path.name}-wal there)"
    return None


def connect(path: Path, *, mode: Literal["write", "read"], timeout: float) -> StoreConnection:
    """Open ``path``: read-write (creating it), or read-only.

    Read-only uses SQLite's ``mode=ro``; when the folder cannot be written and no ``-wal`` file
    is there, it adds ``immutable=1``, since SQLite could not create the ``-shm`` file it needs to
    read a WAL store otherwise (no other process can be writing it: a writer needs that folder).
    """
    if mode == "write":
        conn = sqlite3.connect(
            str(path),
            timeout=timeout,
            isolation_level=None,
            check_same_thread=True,
            factory=StoreConnection,
        )
    else:
        uri = f"file:{quote(str(path.absolute()))}?mode=ro"
        wal = Path(f"{path}-wal")
        if not os.access(path.parent, os.W_OK | os.X_OK) and not wal.exists():
            uri += "&immutable=1"
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=timeout,
            isolation_level=None,
            check_same_thread=True,
            factory=StoreConnection,
        )
    conn.store_path = str(path)
    conn.store_timeout = timeout
    return conn
