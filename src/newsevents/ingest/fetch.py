"""Fetching over http(s) within limits: timeouts, size and redirect caps, conditional GET, and
the SSRF guard (:mod:`newsevents.ingest.netguard`) on every URL the user did not give."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ..errors import ErrorCode, FetchError
from .base import IngestOptions, Source
from .netguard import (
    TRUST_EXTENSION,
    AddressNotAllowed,
    GuardedTransport,
    Resolver,
    address_problem,
    parse_numeric_host,
)

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


def guarded_client(options: IngestOptions, *, resolver: Resolver | None = None) -> httpx.Client:
    """The HTTP client of an ingest run: redirects within the cap, and every connection through
    the SSRF guard unless ``options.allow_private`` (proxies from the environment are not used
    then: a proxy would connect on the guard's behalf, unchecked)."""
    if options.allow_private:
        return httpx.Client(
            follow_redirects=True,
            max_redirects=options.max_redirects,
            timeout=httpx.Timeout(options.timeout),
        )
    return httpx.Client(
        transport=GuardedTransport(resolver=resolver),
        trust_env=False,
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=httpx.Timeout(options.timeout),
    )


def _guard_hint(options: IngestOptions) -> str:
    """What a user can do about a refused address."""
    if options.untrusted_inputs:
        return "only public addresses are fetched for web requests"
    return "pass --allow-private to allow"


def _trusted_host(url: str, options: IngestOptions, *, linked: bool) -> str | None:
    """The host of a URL the user gave (trusted, whatever it resolves to), else None.

    A URL with a numeric host that is not trusted is checked here already (no DNS needed), so
    spellings httpx refuses to parse (``0177.0.0.1``) still get the guard's answer."""
    try:
        host = urlsplit(url).hostname or ""
        trusted = None if linked or options.untrusted_inputs else httpx.URL(url).host
    except (ValueError, httpx.InvalidURL) as exc:
        raise FetchError(url, f"malformed URL ({exc})", code=ErrorCode.E012) from exc
    if trusted is None and not options.allow_private:
        numeric = parse_numeric_host(host)
        problem = address_problem(numeric) if numeric is not None else None
        if numeric is not None and problem is not None:
            refusal = AddressNotAllowed(host, numeric, problem)
            raise FetchError(url, f"{refusal.reason}; {_guard_hint(options)}", code=ErrorCode.E033)
    return trusted


def fetch(
    url: str,
    options: IngestOptions,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
    linked: bool = False,
    deadline: float | None = None,
) -> FetchResult:
    """GET a URL within the limits in ``options``; raises FetchError naming the URL and reason.

    ``linked``: the URL came from fetched content (a feed item's link), not from the user, so
    even its own host gets the SSRF guard (a user's URL gets it on redirects to other hosts;
    ``options.untrusted_inputs`` guards those fully too). ``deadline`` (``time.monotonic``)
    ends the download early: the run-wide budget for following links. The ``client`` should
    come from :func:`guarded_client`; without one, a guarded client is made for this call.
    """
    check_scheme(url)
    trusted = _trusted_host(url, options, linked=linked)
    headers = {"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    http = client or guarded_client(options)
    extensions = {TRUST_EXTENSION: trusted} if trusted else {}
    limit = 3 * options.timeout
    timeout = options.timeout
    budget_cut = False  # the budget, not the timeout, bounds this download
    if deadline is not None:
        remaining = max(0.001, deadline - time.monotonic())
        budget_cut = remaining < limit
        limit = min(limit, remaining)
        timeout = min(timeout, remaining)  # a silent server is only cut off by a read timeout
    end = time.monotonic() + limit
    # A watchdog enforces the whole-download deadline even while a server trickles its response
    # headers (httpx only bounds each read): it closes the client, which fails the next read.
    expired = threading.Event()

    def _expire() -> None:
        expired.set()
        http.close()

    watchdog = threading.Timer(limit, _expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        with http.stream(
            "GET", url, headers=headers, extensions=extensions, timeout=httpx.Timeout(timeout)
        ) as resp:
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
                if time.monotonic() > end:
                    raise _too_slow(url, options, budget_cut=budget_cut)
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
    except AddressNotAllowed as exc:
        # the URL parsed (it got as far as a connection), so httpx.URL cannot fail here
        where = "" if exc.host.lower() == httpx.URL(url).host else "redirected: "
        raise FetchError(
            url, f"{where}{exc.reason}; {_guard_hint(options)}", code=ErrorCode.E033
        ) from exc
    except (httpx.HTTPError, httpx.InvalidURL, OSError, RuntimeError) as exc:
        budget_timeout = timeout < options.timeout and isinstance(exc, httpx.TimeoutException)
        if not expired.is_set() and not budget_timeout:
            raise _as_fetch_error(url, options, exc) from exc
        raise _too_slow(url, options, budget_cut=budget_cut) from exc
    finally:
        watchdog.cancel()
        if own:
            http.close()


def _too_slow(url: str, options: IngestOptions, *, budget_cut: bool) -> FetchError:
    """The error for a download cut off by its deadline or by the budget for following links."""
    if budget_cut:
        return FetchError(
            url,
            "not fetched in full: the time budget for following links "
            f"({options.follow_budget:g} s, see --follow-budget) ran out",
            code=ErrorCode.E013,
        )
    return FetchError(
        url, f"download took longer than {3 * options.timeout:g} s", code=ErrorCode.E013
    )


def _as_fetch_error(url: str, options: IngestOptions, exc: BaseException) -> FetchError:
    """Our error for an httpx failure: the URL and a reason a person can act on."""
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError(
            url,
            "redirected to a URL scheme that is not allowed (only http and https)",
            code=ErrorCode.E014,
        )
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError(url, f"more than {options.max_redirects} redirects", code=ErrorCode.E015)
    if isinstance(exc, httpx.InvalidURL):
        return FetchError(url, f"malformed URL ({exc})", code=ErrorCode.E012)
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(url, f"timed out after {options.timeout:g} s", code=ErrorCode.E013)
    return FetchError(url, f"cannot fetch: {exc}", code=ErrorCode.E012)
