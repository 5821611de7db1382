"""What ``create_app`` keeps on ``app.state``: the store hub, and typed access to it.

The routers (api, pages, deps) and the app all import this module and it imports none of them,
so the web package has no import circle."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from fastapi import HTTPException, Request

from ..store import Store

T = TypeVar("T")


class StoreHub:
    """One store connection per server thread; read-only (``PRAGMA query_only``) unless writing."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self.write_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[int, ...], object]] = {}

    def reader(self) -> Store:
        """This thread's read-only store."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.db_path, mode="auto")  # read-only if it may not be written
            store.set_query_only()
            self._local.store = store
        return store

    def fingerprint(self) -> tuple[int, ...]:
        """Changes whenever a write is committed: size and mtime of the store and its WAL."""
        out: list[int] = []
        for path in (self.db_path, self.db_path.with_name(self.db_path.name + "-wal")):
            try:
                st = path.stat()
            except FileNotFoundError:
                out += [0, 0]
            else:
                out += [st.st_mtime_ns, st.st_size]
        return tuple(out)

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, reused until the store changes (any committed write invalidates it)."""
        stamp = self.fingerprint()
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                return cast(T, hit[1])
        value = compute()
        with self._cache_lock:
            self._cache[key] = (stamp, value)
        return value

    def writer(self) -> Store:
        """A fresh writable store (close it when done); only the ingest endpoint uses it."""
        return Store(self.db_path)


def hub_of(request: Request) -> StoreHub:
    """The app's store hub."""
    hub: StoreHub = request.app.state.hub
    return hub


def ingest_allowed(request: Request) -> bool:
    """Whether the server was started with ``--allow-ingest``."""
    return bool(request.app.state.allow_ingest)


#: What a refused write says when the server is read-only.
READ_ONLY = "this server is read-only; start it with --allow-ingest"


def check_write(request: Request, what: str) -> None:
    """Refuse a write (HTTP 403) unless the server was started with ``--allow-ingest`` and the
    request comes from this server's own pages, so no other page can make a visitor's browser
    write: a ``Sec-Fetch-Site`` of another site, or an ``Origin`` of another one, is refused.
    ``Origin: null`` (what a browser sends for a form post under ``Referrer-Policy:
    no-referrer``, and from a sandboxed frame) passes only with ``Sec-Fetch-Site: same-origin``."""
    if not ingest_allowed(request):
        raise HTTPException(403, READ_ONLY)
    site = request.headers.get("sec-fetch-site")
    if site in ("cross-site", "same-site"):
        raise HTTPException(403, f"cross-origin {what} refused (Sec-Fetch-Site {site})")
    origin = request.headers.get("origin")
    if origin == "null":
        if site != "same-origin":
            raise HTTPException(403, f"cross-origin {what} refused (Origin null)")
    elif origin and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
        raise HTTPException(403, f"cross-origin {what} refused (Origin {origin})")
