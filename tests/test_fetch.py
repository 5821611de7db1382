"""newsevents.ingest.fetch.fetch against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import pytest

from httpserver import LoopbackServer, NetworkGuard, Response, closed_port_url, http_date
from newsevents.errors import ErrorCode, FetchError
from newsevents.ingest.base import USER_AGENT, IngestOptions
from newsevents.ingest.fetch import fetch

PAGE = "<html><head><title>Hello</title></head><body><p>Hello, loopback.</p></body></html>"
LAST_MODIFIED = http_date(1_700_000_000)


@pytest.fixture()
def http_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


def fetch_error(url: str, **options: object) -> tuple[FetchError, float]:
    """The FetchError fetch raises for ``url`` and the seconds it took to raise it."""
    start = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(url, IngestOptions(**options))  # type: ignore[arg-type]
    return info.value, time.monotonic() - start


# -- success -------------------------------------------------------------------------------------
def test_200_returns_bytes_and_source(http_server: LoopbackServer) -> None:
    url = http_server.route("/page", Response(body=PAGE, content_type="text/html; charset=utf-8"))
    result = fetch(url, IngestOptions())
    assert result.status == 200
    assert result.url == url
    assert result.source is not None
    assert result.source.name == url
    assert result.source.url == url
    assert result.source.content_type == "text/html; charset=utf-8"
    assert result.source.size == len(PAGE.encode())
    with result.source.open() as fh:
        assert fh.read() == PAGE.encode()
    assert result.etag is None and result.last_modified is None


def test_sends_newsevents_user_agent(http_server: LoopbackServer) -> None:
    url = http_server.route("/ua", Response(body="ok"))
    fetch(url, IngestOptions())
    (req,) = http_server.requests_for("/ua")
    assert req.method == "GET"
    assert req.header("User-Agent") == USER_AGENT
    assert (req.header("User-Agent") or "").startswith("newsevents/")
    assert req.header("If-None-Match") is None
    assert req.header("If-Modified-Since") is None


def test_custom_user_agent_from_options(http_server: LoopbackServer) -> None:
    url = http_server.route("/ua", Response(body="ok"))
    fetch(url, IngestOptions(user_agent="probe/9"))
    assert http_server.requests_for("/ua")[0].header("User-Agent") == "probe/9"


def test_upper_case_scheme_is_allowed(http_server: LoopbackServer) -> None:
    http_server.route("/ok", Response(body="ok"))
    result = fetch(http_server.url("/ok").replace("http://", "HTTP://"), IngestOptions())
    assert result.status == 200
    assert http_server.paths() == ["/ok"]


def test_gzip_body_is_decoded(http_server: LoopbackServer) -> None:
    url = http_server.route(
        "/gz", Response(body=gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"})
    )
    result = fetch(url, IngestOptions())
    assert result.source is not None
    with result.source.open() as fh:
        assert fh.read() == PAGE.encode()


# -- HTTP errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [404, 500])
def test_http_error_status_is_e012_naming_url(http_server: LoopbackServer, status: int) -> None:
    url = http_server.route("/bad", Response(status=status, body="nope"))
    err, _ = fetch_error(url)
    assert err.code is ErrorCode.E012
    assert err.source == url
    assert err.reason == f"HTTP {status}"
    assert url in str(err) and f"HTTP {status}" in str(err)


def test_unknown_path_is_404(http_server: LoopbackServer) -> None:
    url = http_server.url("/nowhere")
    err, _ = fetch_error(url)
    assert (err.code, err.reason) == (ErrorCode.E012, "HTTP 404")
    assert http_server.paths() == ["/nowhere"]


def test_truncated_body_is_e012(http_server: LoopbackServer) -> None:
    # the server promises 100 bytes, sends 10 and hangs up
    url = http_server.route(
        "/cut", Response(body=b"x" * 10, headers={"Content-Length": "100", "Connection": "close"})
    )
    err, elapsed = fetch_error(url, timeout=5.0)
    assert err.code is ErrorCode.E012
    assert err.source == url
    assert err.reason.startswith("cannot fetch")
    assert elapsed < 2.0


def test_connection_refused_is_e012() -> None:
    url = closed_port_url("/x")
    err, elapsed = fetch_error(url, timeout=2.0)
    assert err.code is ErrorCode.E012
    assert err.source == url
    assert err.reason.startswith("cannot fetch")
    assert elapsed < 2.0


# -- timeouts ------------------------------------------------------------------------------------
def test_slow_server_times_out_e013(http_server: LoopbackServer) -> None:
    timeout = 0.3
    url = http_server.route("/slow", Response(body="late", delay=10.0))
    err, elapsed = fetch_error(url, timeout=timeout)
    assert err.code is ErrorCode.E013
    assert err.source == url
    assert "timed out" in err.reason
    assert timeout * 0.9 <= elapsed < timeout * 4
    assert http_server.paths() == ["/slow"]


def test_slow_body_after_headers_times_out_e013(http_server: LoopbackServer) -> None:
    timeout = 0.3
    url = http_server.route("/stall", Response(body="x" * 100, body_delay=10.0))
    err, elapsed = fetch_error(url, timeout=timeout)
    assert err.code is ErrorCode.E013
    assert elapsed < timeout * 4


def test_trickled_body_hits_whole_download_deadline(http_server: LoopbackServer) -> None:
    # every piece arrives well within the read timeout, but the whole body would take 10 s
    timeout = 0.3
    url = http_server.route(
        "/trickle", Response(body=b"x" * 200, chunked=True, chunk_size=2, trickle=0.1)
    )
    err, elapsed = fetch_error(url, timeout=timeout)
    assert err.code is ErrorCode.E013
    assert 3 * timeout <= elapsed < 3 * timeout + 1.0


def test_trickled_headers_hit_whole_download_deadline(http_server: LoopbackServer) -> None:
    timeout = 0.2
    url = http_server.route(
        "/slowloris",
        Response(body="x", header_delay=0.1, headers={f"X-Pad-{i}": "v" for i in range(20)}),
    )
    err, elapsed = fetch_error(url, timeout=timeout)
    assert err.code is ErrorCode.E013
    assert elapsed < 3 * timeout + 0.6


# -- size cap ------------------------------------------------------------------------------------
def test_declared_content_length_over_cap_is_e005_before_body(
    http_server: LoopbackServer,
) -> None:
    # the server declares a huge body and then stalls: the cap must apply to the header alone
    url = http_server.route(
        "/huge",
        Response(body=b"x" * 10, headers={"Content-Length": "5000000"}, body_delay=10.0),
    )
    err, elapsed = fetch_error(url, max_bytes=1000, timeout=5.0)
    assert err.code is ErrorCode.E005
    assert err.source == url
    assert "5,000,000 bytes" in err.reason and "1,000" in err.reason
    assert elapsed < 2.0


def test_streamed_body_over_cap_without_content_length_is_e005(
    http_server: LoopbackServer,
) -> None:
    url = http_server.route("/stream", Response(body=b"x" * 5000, chunked=True, chunk_size=500))
    err, _ = fetch_error(url, max_bytes=1000)
    assert err.code is ErrorCode.E005
    assert err.source == url
    assert "1,000 bytes" in err.reason


def test_streamed_body_at_cap_is_accepted(http_server: LoopbackServer) -> None:
    url = http_server.route("/exact", Response(body=b"y" * 1000, chunked=True, chunk_size=300))
    result = fetch(url, IngestOptions(max_bytes=1000))
    assert result.source is not None and result.source.size == 1000
    over = http_server.route("/over", Response(body=b"y" * 1001, chunked=True, chunk_size=300))
    err, _ = fetch_error(over, max_bytes=1000)
    assert err.code is ErrorCode.E005


def test_gzip_bomb_is_capped_after_decompression(http_server: LoopbackServer) -> None:
    compressed = gzip.compress(b"a" * 200_000)
    assert len(compressed) < 1000  # small on the wire, big once decoded
    url = http_server.route(
        "/bomb", Response(body=compressed, headers={"Content-Encoding": "gzip"})
    )
    err, _ = fetch_error(url, max_bytes=10_000)
    assert err.code is ErrorCode.E005


# -- redirects -----------------------------------------------------------------------------------
def test_redirect_chain_within_cap_is_followed(http_server: LoopbackServer) -> None:
    final = http_server.route("/final", Response(body=PAGE))
    first = http_server.redirect_chain("/hop", 3, "/final")
    result = fetch(first, IngestOptions(max_redirects=3))
    assert result.status == 200
    assert result.url == final
    assert result.source is not None
    assert result.source.name == first and result.source.url == final
    assert http_server.paths() == ["/hop/0", "/hop/1", "/hop/2", "/final"]
    # the user agent goes with every hop
    assert {r.header("User-Agent") for r in http_server.requests} == {USER_AGENT}


def test_redirect_chain_longer_than_cap_is_e015(http_server: LoopbackServer) -> None:
    http_server.route("/final", Response(body=PAGE))
    first = http_server.redirect_chain("/hop", 4, "/final")
    err, _ = fetch_error(first, max_redirects=3)
    assert err.code is ErrorCode.E015
    assert err.source == first
    assert "3 redirects" in err.reason
    assert "/final" not in http_server.paths()


def test_redirect_loop_is_e015(http_server: LoopbackServer) -> None:
    a = http_server.route("/loop/a", Response.redirect("/loop/b", status=301))
    http_server.route("/loop/b", Response.redirect("/loop/a", status=307))
    err, elapsed = fetch_error(a)
    assert err.code is ErrorCode.E015
    assert err.source == a
    assert elapsed < 2.0
    # the default cap of 5 redirects: the first request plus 5 followed ones, no more
    assert len(http_server.paths()) == 6


@pytest.mark.parametrize("target", ["ftp://example.invalid/x", "file:///etc/passwd"])
def test_redirect_to_disallowed_scheme_is_e014(http_server: LoopbackServer, target: str) -> None:
    url = http_server.route("/away", Response.redirect(target))
    err, _ = fetch_error(url)
    assert err.code is ErrorCode.E014
    assert err.source == url
    assert "not allowed" in err.reason and "http and https" in err.reason
    # nothing is fetched from the redirect target
    assert http_server.paths() == ["/away"]


# -- schemes -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("ftp://example.invalid/x", "ftp"),
        ("file:///etc/passwd", "file"),
        ("FILE:///etc/passwd", "file"),
        ("gopher://example.invalid/", "gopher"),
        ("javascript:alert(1)", "javascript"),
    ],
)
def test_disallowed_scheme_is_e014_without_network(
    monkeypatch: pytest.MonkeyPatch, url: str, scheme: str
) -> None:
    guard = NetworkGuard().install(monkeypatch)
    err, _ = fetch_error(url)
    assert err.code is ErrorCode.E014
    assert err.source == url
    assert f"'{scheme}'" in err.reason and "http and https" in err.reason
    assert guard.attempts == []


def test_network_guard_sees_an_allowed_url(monkeypatch: pytest.MonkeyPatch) -> None:
    # the guard used above really notices a connection attempt
    guard = NetworkGuard().install(monkeypatch)
    err, _ = fetch_error("http://example.invalid/x")
    assert err.code is ErrorCode.E012
    assert guard.attempts


# -- conditional GET -----------------------------------------------------------------------------
def test_conditional_get_with_etag(http_server: LoopbackServer) -> None:
    url = http_server.route("/feed", Response(body=PAGE, etag='"v1"', last_modified=LAST_MODIFIED))
    first = fetch(url, IngestOptions())
    assert (first.status, first.etag, first.last_modified) == (200, '"v1"', LAST_MODIFIED)
    assert first.source is not None

    second = fetch(url, IngestOptions(), etag=first.etag, last_modified=first.last_modified)
    assert second.status == 304
    assert second.source is None
    assert (second.etag, second.last_modified) == ('"v1"', LAST_MODIFIED)
    req1, req2 = http_server.requests_for("/feed")
    assert req1.header("If-None-Match") is None and req1.header("If-Modified-Since") is None
    assert req2.header("If-None-Match") == '"v1"'
    assert req2.header("If-Modified-Since") == LAST_MODIFIED


def test_conditional_get_with_last_modified_only(http_server: LoopbackServer) -> None:
    url = http_server.route("/lm", Response(body=PAGE, last_modified=LAST_MODIFIED))
    first = fetch(url, IngestOptions())
    assert (first.etag, first.last_modified) == (None, LAST_MODIFIED)
    second = fetch(url, IngestOptions(), last_modified=first.last_modified)
    assert (second.status, second.source) == (304, None)
    req2 = http_server.requests_for("/lm")[1]
    assert req2.header("If-Modified-Since") == LAST_MODIFIED
    assert req2.header("If-None-Match") is None


def test_stale_etag_gets_new_content(http_server: LoopbackServer) -> None:
    url = http_server.route("/page", Response(body="new content", etag='"v2"'))
    result = fetch(url, IngestOptions(), etag='"v1"')
    assert result.status == 200
    assert result.etag == '"v2"'
    assert result.source is not None
    with result.source.open() as fh:
        assert fh.read() == b"new content"
    assert http_server.requests_for("/page")[0].header("If-None-Match") == '"v1"'
