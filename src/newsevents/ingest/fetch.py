"""Fetching over http(s) within limits: timeouts, size and redirect caps, conditional GET."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ..errors import ErrorCode, FetchError
from .base import IngestOptions, Source

ALLOWED_SCHEMES = ("http", "https")


@dataclass(slots=True)
class FetchResult:
    """A completed fetch; ``source`` is None when the server answered 304 Not Modified."""

    url: str
    status: int
    source: Source | None
    etag: str | None
    last_modified: str | None


def is_url(text: str) -> bool:
    """True when the text looks like an absolute URL of any scheme (``x://...``)."""
    return "://" in text[:16]


def check_scheme(url: str) -> None:
    """Refuse anything but http and https (file://, ftp://, javascript:, ...)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            url, f"URL scheme '{scheme}' is not allowed (only http and https)", code=ErrorCode.E014
        )


def fetch(
    url: str,
    options: IngestOptions,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
) -> FetchResult:
    """GET a URL within the limits in ``options``; raises FetchError naming the URL and reason."""
    check_scheme(url)
    headers = {"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    http = client or httpx.Client(
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=httpx.Timeout(options.timeout),
    )
    deadline = time.monotonic() + 3 * options.timeout
    # A watchdog enforces the whole-download deadline even while a server trickles its response
    # headers (httpx only bounds each read): it closes the client, which fails the next read.
    expired = threading.Event()

    def _expire() -> None:
        expired.set()
        http.close()

    watchdog = threading.Timer(3 * options.timeout, _expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        with http.stream("GET", url, headers=headers) as resp:
            final_url = str(resp.url)
            check_scheme(final_url)
            if resp.status_code == 304:
                return FetchResult(final_url, 304, None, etag, last_modified)
            if resp.status_code >= 400:
                raise FetchError(url, f"HTTP {resp.status_code}", code=ErrorCode.E012)
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(
                    url,
                    f"response of {int(declared):,} bytes is larger than the size cap of "
                    f"{options.max_bytes:,} bytes",
                    code=ErrorCode.E005,
                )
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                if total > options.max_bytes:
                    raise FetchError(
                        url,
                        f"response is larger than the size cap of {options.max_bytes:,} bytes",
                        code=ErrorCode.E005,
                    )
                if time.monotonic() > deadline:
                    raise FetchError(
                        url,
                        f"download took longer than {3 * options.timeout:g} s",
                        code=ErrorCode.E013,
                    )
                chunks.append(chunk)
            data = b"".join(chunks)
            return FetchResult(
                final_url,
                resp.status_code,
                Source.from_bytes(
                    url, data, url=final_url, content_type=resp.headers.get("content-type")
                ),
                resp.headers.get("etag"),
                resp.headers.get("last-modified"),
            )
    except (httpx.HTTPError, OSError, RuntimeError) as exc:
        if not expired.is_set():
            raise _as_fetch_error(url, options, exc) from exc
        raise FetchError(
            url, f"download took longer than {3 * options.timeout:g} s", code=ErrorCode.E013
        ) from exc
    finally:
        watchdog.cancel()
        if own:
            http.close()


def _as_fetch_error(url: str, options: IngestOptions, exc: Exception) -> FetchError:
    """Our error for an httpx failure: the URL and a reason a person can act on."""
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError(
            url,
            "redirected to a URL scheme that is not allowed (only http and https)",
            code=ErrorCode.E014,
        )
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError(url, f"more than {options.max_redirects} redirects", code=ErrorCode.E015)
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(url, f"timed out after {options.timeout:g} s", code=ErrorCode.E013)
    return FetchError(url, f"cannot fetch: {exc}", code=ErrorCode.E012)
