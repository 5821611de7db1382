"""The SSRF guard (ingest/netguard.py) and the run-wide budget for followed links.

Nothing here reaches a real private address: a fake resolver and a recording
``socket.create_connection`` stand in for the outside world (:class:`Net`), and the only real
peer is the loopback test server. Links, redirects and web requests to non-public addresses must
be refused before any connection; the user's own loopback URL must still work.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpcore
import pytest
from click.testing import CliRunner, Result

from httpserver import LoopbackServer, Response
from newsevents.cli.main import cli
from newsevents.ingest.netguard import (
    AddressNotAllowed,
    GuardedBackend,
    address_problem,
    allowed_addresses,
    parse_numeric_host,
)
from newsevents.models import article_id_for
from newsevents.store import Store

PUBLIC_IP = "93.184.216.34"
"""A public address the fake resolver gives ``news.example``; :class:`Net` routes its port 80
to the loopback server, so a link to a public host is fetched for real."""

STORY = " ".join(
    f"Paragraph {n}: negotiators from both countries worked through the night on the details "
    "of the agreement, officials said on Tuesday after the talks in Geneva."
    for n in range(1, 6)
)
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Full story</title></head><body>"
    f"<article><h1>Full story</h1><p>{STORY}</p></article></body></html>"
)
SECRET = "<html><body><article><p>" + "Internal credentials. " * 40 + "</p></article></body></html>"


# -- the outside world's edge --------------------------------------------------------------------
class Net:
    """A fake DNS and a recording ``socket.create_connection``.

    Names resolve only through ``names``; numeric hosts go to the real resolver (no DNS). Every
    connection attempt is recorded; only the loopback server and ``PUBLIC_IP:80`` (routed to the
    loopback server) connect, anything else is refused without touching the network.
    """

    def __init__(self, server: LoopbackServer, names: dict[str, list[str]]) -> None:
        self.server = server
        self.names = names
        self.lookups: list[str] = []
        self.connections: list[tuple[str, int]] = []

    @property
    def server_address(self) -> tuple[str, int]:
        host, port = self.server.server_address[:2]
        return str(host), int(port)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> Net:
        real_getaddrinfo = socket.getaddrinfo
        real_connect = socket.create_connection

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            name = host.decode() if isinstance(host, bytes) else str(host)
            try:
                ipaddress.ip_address(name)
            except ValueError:
                pass
            else:
                return real_getaddrinfo(host, port, *args, **kwargs)
            self.lookups.append(name)
            if name not in self.names:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return [
                (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (ip, int(port or 0)))
                for ip in self.names[name]
            ]  # fmt: skip

        def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
            host, port = str(address[0]), int(address[1])
            self.connections.append((host, port))
            if (host, port) == self.server_address:
                return real_connect(address, *args, **kwargs)
            if (host, port) == (PUBLIC_IP, 80):
                return real_connect(self.server_address, *args, **kwargs)
            raise ConnectionRefusedError(f"test network: nothing reachable at {host}:{port}")

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        return self

    def reached(self) -> set[tuple[str, int]]:
        return set(self.connections)


@pytest.fixture()
def http_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture()
def net(http_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> Net:
    return Net(
        http_server,
        {
            "news.example": [PUBLIC_IP],
            "localhost": ["127.0.0.1"],
            "metadata.google.internal": ["169.254.169.254"],
            "rebind.example": [PUBLIC_IP, "10.0.0.1"],
            "intranet.example": ["192.168.10.20"],
            "v6.example": ["fd12:3456::1"],
        },
    ).install(monkeypatch)


def rss(items: Sequence[tuple[str, str]], title: str = "Guard Gazette") -> str:
    """An RSS 2.0 feed of (link, summary) items, titled 'Item N'."""
    body = "".join(
        f"<item><title>Item {n}</title><link>{escape(link)}</link>"
        f"<description>{escape(summary)}</description></item>"
        for n, (link, summary) in enumerate(items, start=1)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}'
        "</channel></rss>"
    )


def serve_feed(server: LoopbackServer, links: Iterable[str], path: str = "/feed.xml") -> str:
    items = [(link, f"Feed summary number {n} of the story.") for n, link in enumerate(links)]
    return server.route(
        path, Response(body=rss(items), content_type="application/rss+xml; charset=utf-8")
    )


def ingest(db_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db_path), "ingest", *args])


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def stored_text(db_path: Path, url: str) -> str | None:
    with Store(db_path) as store:
        article = store.get(article_id_for(url, ""))
        return None if article is None else article.text


# -- numeric spellings and address classes -------------------------------------------------------
@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0xA9.0376.43518", "169.254.169.254"),
        ("012.0.0.5", "10.0.0.5"),
        ("0", "0.0.0.0"),
        ("127.0.0.1.", "127.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("fe80::1%25eth0", "fe80::1%eth0"),
        ("example.com", None),
        ("256.1.1.1", None),
        ("08.1", None),
        ("1.2.3.4.5", None),
    ],
)
def test_numeric_host_spellings_are_read_as_the_c_resolver_reads_them(
    host: str, address: str | None
) -> None:
    parsed = parse_numeric_host(host)
    assert (str(parsed) if parsed else None) == address


REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.5", "private"),
    ("172.16.3.4", "private"),
    ("192.168.1.1", "private"),
    ("fd00::1", "private"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("100.64.0.1", "CGNAT"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("0.0.0.0", "unspecified"),
    ("0.1.2.3", "unspecified"),
    ("::", "unspecified"),
    ("::ffff:127.0.0.1", "IPv4-mapped form of 127.0.0.1, a loopback"),
    ("::ffff:169.254.169.254", "IPv4-mapped form of 169.254.169.254, a link-local"),
    ("::7f00:1", "IPv4-compatible form of 127.0.0.1, a loopback"),
    ("64:ff9b::a00:5", "NAT64 form of 10.0.0.5, a private"),
    ("2002:c0a8:101::", "6to4 form of 192.168.1.1, a private"),
    ("fec0::1", "site-local"),
    ("192.0.2.10", "special-purpose"),
    ("2001:db8::1", "special-purpose"),
]


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_every_non_public_address_class_is_refused(address: str, kind: str) -> None:
    problem = address_problem(ipaddress.ip_address(address))
    assert problem is not None and kind in problem


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None


# -- the connection-level check ------------------------------------------------------------------
class RecordingBackend(httpcore.NetworkBackend):
    """Records every connect_tcp and refuses it: no traffic leaves the test."""

    def __init__(self) -> None:
        self.connects: list[tuple[str, int]] = []

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        self.connects.append((host, port))
        raise httpcore.ConnectError(f"recorded {host}:{port}")


class FakeResolver:
    """Answers from a table, counting lookups; a second answer may differ (DNS rebinding)."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        seq = self.answers[host]
        return seq[min(len(self.calls) - 1, len(seq) - 1)]


def test_backend_refuses_when_any_resolved_address_is_not_public() -> None:
    resolver = FakeResolver({"mixed.example": [[PUBLIC_IP, "10.0.0.1"]]})
    inner = RecordingBackend()
    backend = GuardedBackend(resolver=resolver, inner=inner)
    with pytest.raises(AddressNotAllowed) as err:
        backend.connect_tcp("mixed.example", 80)
    assert err.value.reason == "mixed.example resolves to 10.0.0.1, a private address"
    assert inner.connects == []


def test_backend_connects_to_the_checked_address_without_resolving_again() -> None:
    # The first answer is public, a second one would be loopback: a rebinding attack.
    resolver = FakeResolver({"rebind.example": [[PUBLIC_IP], ["127.0.0.1"]]})
    inner = RecordingBackend()
    backend = GuardedBackend(resolver=resolver, inner=inner)
    with pytest.raises(httpcore.ConnectError):
        backend.connect_tcp("rebind.example", 443)
    assert resolver.calls == ["rebind.example"]
    assert inner.connects == [(PUBLIC_IP, 443)]


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "127.1", "::ffff:127.0.0.1", "[::1]"])
def test_backend_checks_numeric_hosts_without_dns(host: str) -> None:
    resolver = FakeResolver({})
    inner = RecordingBackend()
    with pytest.raises(AddressNotAllowed):
        GuardedBackend(resolver=resolver, inner=inner).connect_tcp(host, 80)
    assert resolver.calls == [] and inner.connects == []


def test_backend_lets_trusted_hosts_through_as_given() -> None:
    inner = RecordingBackend()
    backend = GuardedBackend(resolver=FakeResolver({}), inner=inner, trusted=["127.0.0.1"])
    with pytest.raises(httpcore.ConnectError):
        backend.connect_tcp("127.0.0.1", 8000)
    assert inner.connects == [("127.0.0.1", 8000)]
    with pytest.raises(AddressNotAllowed):
        backend.connect_tcp("127.0.0.2", 8000)


def test_allowed_addresses_lists_every_answer() -> None:
    both = allowed_addresses("dual.example", 80, resolver=lambda h, p: [PUBLIC_IP, "2606:2800::1"])
    assert [str(a) for a in both] == [PUBLIC_IP, "2606:2800::1"]


# -- followed links through the real CLI ---------------------------------------------------------
def test_followed_links_to_non_public_addresses_are_refused(
    http_server: LoopbackServer, net: Net, db_path: Path
) -> None:
    port = net.server_address[1]
    http_server.route("/secret", Response(body=SECRET))
    http_server.route("/story", Response(body=PAGE))
    http_server.route("/to-loopback", Response.redirect(f"http://127.0.0.1:{port}/secret"))
    http_server.route("/to-metadata", Response.redirect("http://169.254.169.254/latest/"))
    http_server.route("/to-decimal", Response.redirect(f"http://2130706433:{port}/secret"))
    refused = {
        f"http://127.0.0.1:{port}/secret": "127.0.0.1 is a loopback address",
        f"http://localhost:{port}/secret": "localhost resolves to 127.0.0.1, a loopback address",
        f"http://0.0.0.0:{port}/secret": "0.0.0.0 is an unspecified address",
        f"http://[::1]:{port}/secret": "::1 is a loopback address",
        f"http://[::ffff:127.0.0.1]:{port}/secret": "IPv4-mapped form of 127.0.0.1, a loopback",
        f"http://2130706433:{port}/secret": "2130706433 is 127.0.0.1, a loopback address",
        f"http://0177.0.0.1:{port}/secret": "0177.0.0.1 is 127.0.0.1, a loopback address",
        f"http://0x7f.1:{port}/secret": "0x7f.1 is 127.0.0.1, a loopback address",
        f"http://127.1:{port}/secret": "127.1 is 127.0.0.1, a loopback address",
        "http://10.0.0.5/admin": "10.0.0.5 is a private address",
        "http://172.16.3.4/": "172.16.3.4 is a private address",
        "http://intranet.example/": "intranet.example resolves to 192.168.10.20, a private",
        "http://[fd00::1]/": "fd00::1 is a private address",
        "http://v6.example/": "v6.example resolves to fd12:3456::1, a private address",
        "http://169.254.169.254/latest/meta-data/": "169.254.169.254 is a link-local address",
        "http://metadata.google.internal/computeMetadata/v1/": (
            "metadata.google.internal resolves to 169.254.169.254, a link-local address"
        ),
        "http://[fe80::1]/": "fe80::1 is a link-local address",
        "http://100.64.0.1/": "100.64.0.1 is a shared (CGNAT) address",
        "http://224.0.0.1/": "224.0.0.1 is a multicast address",
        "http://[ff02::1]/": "ff02::1 is a multicast address",
        "http://240.0.0.1/": "240.0.0.1 is a reserved address",
        "http://[::]/": ":: is an unspecified address",
        "http://rebind.example/": "rebind.example resolves to 10.0.0.1, a private address",
        "http://news.example/to-loopback": "redirected: 127.0.0.1 is a loopback address",
        "http://news.example/to-metadata": "redirected: 169.254.169.254 is a link-local address",
        "http://news.example/to-decimal": "redirected: 2130706433 is 127.0.0.1, a loopback",
    }
    good = "http://news.example/story"
    url = serve_feed(http_server, [*refused, good])

    result = ingest(db_path, url, "--follow-links")

    assert result.exit_code == 1, result.output
    errors = error_lines(result)
    assert len(errors) == len(refused), result.stderr
    for link, reason in refused.items():
        (line,) = [e for e in errors if e.startswith(f"error: {link}: ")]
        assert reason in line, line
        assert line.endswith("; pass --allow-private to allow [E033]"), line
    # Nothing but the feed itself and the public host was ever connected to.
    assert net.reached() == {net.server_address, (PUBLIC_IP, 80)}
    assert "/secret" not in http_server.paths()
    assert http_server.paths().count("/story") == 1
    # Every item is stored: the refused ones with their feed text, the good one with its page.
    with Store(db_path) as store:
        assert store.count() == len(refused) + 1
    for n, link in enumerate(refused):
        assert stored_text(db_path, link) == f"Feed summary number {n} of the story."
    assert (stored_text(db_path, good) or "").endswith(STORY)


def test_allow_private_lets_followed_loopback_links_through(
    http_server: LoopbackServer, net: Net, db_path: Path
) -> None:
    story = http_server.route("/story", Response(body=PAGE))
    url = serve_feed(http_server, [story])

    refused = ingest(db_path, url, "--follow-links")
    assert refused.exit_code == 1, refused.output
    assert "[E033]" in refused.stderr
    assert http_server.paths() == ["/feed.xml"]

    result = ingest(db_path, url, "--follow-links", "--allow-private")
    assert result.exit_code == 0, result.output
    assert error_lines(result) == []
    assert http_server.paths() == ["/feed.xml", "/feed.xml", "/story"]
    assert (stored_text(db_path, story) or "").endswith(STORY)


def test_a_proxy_from_the_environment_cannot_bypass_the_guard(
    http_server: LoopbackServer, net: Net, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loopback server plays an open proxy: a proxied request would reach it as an absolute URL.
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HTTP_PROXY", http_server.base_url)
    monkeypatch.setenv("ALL_PROXY", http_server.base_url)
    url = serve_feed(http_server, ["http://10.0.0.5/admin"])
    result = ingest(db_path, url, "--follow-links")
    assert result.exit_code == 1, result.output
    (line,) = error_lines(result)
    assert "10.0.0.5 is a private address" in line and line.endswith("[E033]")
    assert http_server.paths() == ["/feed.xml"]
    assert net.reached() == {net.server_address}


# -- the user's own URLs and their redirects -----------------------------------------------------
def test_user_given_loopback_url_still_works(http_server: LoopbackServer, db_path: Path) -> None:
    story = http_server.url("/story")
    url = serve_feed(http_server, [story, story + "?2", story + "?3"])
    result = ingest(db_path, url)
    assert result.exit_code == 0, result.output
    assert error_lines(result) == []
    assert "Read 3 articles from 1 inputs: 3 added" in result.stderr
    with Store(db_path) as store:
        assert store.count() == 3


def test_user_url_redirects_within_its_host_but_not_beyond(
    http_server: LoopbackServer, net: Net, db_path: Path
) -> None:
    port = net.server_address[1]
    feed = serve_feed(http_server, ["http://news.example/story"])
    http_server.route("/moved", Response.redirect("/feed.xml"))
    http_server.route("/to-private", Response.redirect("http://10.0.0.5/feed.xml"))
    http_server.route("/to-localhost", Response.redirect(f"http://localhost:{port}/feed.xml"))

    same_host = ingest(db_path, http_server.url("/moved"))
    assert same_host.exit_code == 0, same_host.output
    assert "Read 1 articles from 1 inputs" in same_host.stderr

    for path, reason in [
        ("/to-private", "redirected: 10.0.0.5 is a private address"),
        ("/to-localhost", "redirected: localhost resolves to 127.0.0.1, a loopback address"),
    ]:
        url = http_server.url(path)
        result = ingest(db_path, url)
        assert result.exit_code == 2, result.output
        assert error_lines(result) == [
            f"error: {url}: {reason}; pass --allow-private to allow [E033]"
        ]
    assert net.reached() == {net.server_address}
    assert http_server.paths() == ["/moved", "/feed.xml", "/to-private", "/to-localhost"]
    assert feed.endswith("/feed.xml")


def test_user_url_redirect_allowed_with_allow_private(
    http_server: LoopbackServer, db_path: Path
) -> None:
    port = http_server.server_address[1]
    serve_feed(http_server, ["http://news.example/story"])
    url = http_server.route("/to-localhost", Response.redirect(f"http://localhost:{port}/feed.xml"))
    result = ingest(db_path, url, "--allow-private")
    assert result.exit_code == 0, result.output
    assert http_server.paths() == ["/to-localhost", "/feed.xml"]


# -- the run-wide budget for followed links ------------------------------------------------------
def test_follow_budget_stops_following_links(http_server: LoopbackServer, db_path: Path) -> None:
    fast = http_server.route("/fast", Response(body=PAGE))
    slow = http_server.route("/slow", Response(body=PAGE, delay=30))
    later = [http_server.route(f"/later{n}", Response(body=PAGE)) for n in range(3)]
    url = serve_feed(http_server, [fast, slow, *later])

    start = time.monotonic()
    result = ingest(
        db_path,
        url,
        "--follow-links",
        "--allow-private",
        "--follow-budget",
        "1.5",
        "--timeout",
        "20",
    )
    elapsed = time.monotonic() - start

    assert result.exit_code == 1, result.output
    assert elapsed < 10, elapsed  # the slow page alone would take 30 s, its timeout 60 s
    errors = error_lines(result)
    assert errors[0] == (
        f"error: {slow}: not fetched in full: the time budget for following links "
        "(1.5 s, see --follow-budget) ran out [E013]"
    )
    assert errors[1:] == [
        f"error: {link}: link not fetched: the time budget for following links "
        "(1.5 s, see --follow-budget) is spent [E013]"
        for link in later
    ]
    assert not any(p.startswith("/later") for p in http_server.paths())
    assert (stored_text(db_path, fast) or "").endswith(STORY)
    for n, link in enumerate([slow, *later], start=1):
        assert stored_text(db_path, link) == f"Feed summary number {n} of the story."


def test_follow_budget_zero_follows_nothing(http_server: LoopbackServer, db_path: Path) -> None:
    story = http_server.route("/story", Response(body=PAGE))
    url = serve_feed(http_server, [story])
    result = ingest(db_path, url, "--follow-links", "--allow-private", "--follow-budget", "0")
    assert result.exit_code == 1, result.output
    (line,) = error_lines(result)
    assert "is spent [E013]" in line
    assert http_server.paths() == ["/feed.xml"]


# -- the web app's ingest endpoint ---------------------------------------------------------------
def test_web_ingest_refuses_a_private_url(
    http_server: LoopbackServer, net: Net, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from newsevents.web.app import create_app, missing_assets

    if missing_assets():
        pytest.skip("web assets not installed (bash scripts/web_assets.sh)")
    page = http_server.route("/story", Response(body=PAGE))
    db = tmp_path / "web.db"
    with TestClient(create_app(db, allow_ingest=True), base_url="http://127.0.0.1") as client:
        for url, reason in [
            (page, "127.0.0.1 is a loopback address"),
            ("http://metadata.google.internal/", "resolves to 169.254.169.254, a link-local"),
            ("http://2130706433/", "2130706433 is 127.0.0.1, a loopback address"),
        ]:
            r = client.post("/api/ingest", json={"url": url})
            assert r.status_code == 201, r.text
            body = r.json()
            assert body["articles"] == []
            (error,) = body["errors"]
            assert error.startswith(f"{url}: ") and error.endswith(" [E033]"), error
            assert reason in error, error
            assert "only public addresses are fetched for web requests" in error
    assert http_server.paths() == []
    assert net.connections == []
    with Store(db) as store:
        assert store.count() == 0
