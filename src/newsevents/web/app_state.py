"""Typed access to what ``create_app`` keeps on ``app.state``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from .app import StoreHub


def hub_of(request: Request) -> StoreHub:
    """The app's store hub."""
    hub: StoreHub = request.app.state.hub
    return hub


def ingest_allowed(request: Request) -> bool:
    """Whether the server was started with ``--allow-ingest``."""
    return bool(request.app.state.allow_ingest)
