"""Coded exceptions: every error a user can see carries a stable code and names its input."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes; documented in docs/errors.md and never renumbered."""

    E001 = "input not found"
    E002 = "input is empty"
    E003 = "input is not valid UTF-8 text"
    E004 = "input looks binary"
    E005 = "input is larger than the size cap"
    E006 = "gzip stream is truncated or corrupt"
    E007 = "malformed JSON"
    E008 = "malformed XML or feed"
    E009 = "malformed or empty HTML"
    E010 = "record has no text"
    E011 = "unknown input format"
    E012 = "fetch failed"
    E013 = "fetch timed out"
    E014 = "URL scheme not allowed"
    E015 = "too many redirects"
    E016 = "bad field mapping"
    E017 = "store error"
    E018 = "store schema is newer than this version of newsevents"
    E019 = "unexpected error while reading input"
    E020 = "language model not installed"
    E021 = "language model files do not match their recorded sha256"
    E022 = "bad dictionary file"
    E023 = "gazetteer data missing or corrupt"
    E024 = "output cannot be written"
    E025 = "malformed GDELT event row"
    E026 = "bad option value"
    E027 = "distributed engine unavailable"
    E028 = "unreadable Parquet input"
    E029 = "request too large"
    E030 = "bad filter or request parameter"
    E031 = "web app assets not installed"
    E032 = "event coder model file missing or corrupt"
    E033 = "address not allowed"
    E034 = "malformed item URL"


class NewsEventsError(Exception):
    """Base class for every error newsevents raises on purpose."""

    code: ErrorCode = ErrorCode.E017

    def __init__(self, message: str, *, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code.name}] {self.message}"


class InputError(NewsEventsError):
    """An input (file, URL, record) could not be read; names the input and the reason."""

    def __init__(self, source: str, message: str, *, code: ErrorCode) -> None:
        super().__init__(f"{source}: {message}", code=code)
        self.source = source
        self.reason = message


class FetchError(InputError):
    """A URL could not be fetched within the limits."""


class StoreError(NewsEventsError):
    """The article store could not be opened or written; ``hint`` says what the user can do
    (free disk space, fix permissions, retry when another process has let go of the lock)."""

    code = ErrorCode.E017

    def __init__(
        self, message: str, *, code: ErrorCode | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.hint = hint
