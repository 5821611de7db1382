"""A small loopback HTTP server for tests: never touches the internet.

Routes map a path to a :class:`Response` (or to a callable returning one). A response can set
status, headers and body, wait before answering, trickle its headers or body slowly, stream its
body without a Content-Length, redirect, and answer 304 to matching conditional requests
(If-None-Match / If-Modified-Since against its ETag / Last-Modified). Every request is recorded
(method, path, headers) so tests can assert what a client sent.

Use it from a test module (``tests/`` is on ``sys.path`` under pytest's default import mode)::

    from httpserver import LoopbackServer, Response

    @pytest.fixture()
    def http_server() -> Iterator[LoopbackServer]:
        with LoopbackServer() as server:
            yield server

    def test_x(http_server):
        http_server.route("/feed.xml", Response(body=RSS, content_type="application/rss+xml"))
        url = http_server.url("/feed.xml")
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

import pytest

__all__ = ["LoopbackServer", "RecordedRequest", "Response", "closed_port_url", "http_date"]


def http_date(epoch: float) -> str:
    """An HTTP date (RFC 9110 IMF-fixdate) for a POSIX time."""
    return formatdate(epoch, usegmt=True)


@dataclass(slots=True, frozen=True)
class RecordedRequest:
    """One request the server received (recorded as soon as its headers were read)."""

    method: str
    path: str
    """The request target's path, without the query string."""
    query: str
    headers: Mapping[str, str]
    """Header names lower-cased (the last value wins for repeated headers)."""

    def header(self, name: str) -> str | None:
        """A header's value by case-insensitive name, or None."""
        return self.headers.get(name.lower())


@dataclass(slots=True)
class Response:
    """What a route answers."""

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    """Extra headers, sent as given (e.g. Location, Content-Encoding, or a lying Content-Length)."""
    etag: str | None = None
    """Sent as ETag; a request whose If-None-Match matches it gets 304 Not Modified."""
    last_modified: str | None = None
    """Sent as Last-Modified; a request with If-Modified-Since at or after it gets 304
    (only when the request has no If-None-Match, as RFC 9110 says)."""
    delay: float = 0.0
    """Seconds to wait before sending anything (a slow server)."""
    header_delay: float = 0.0
    """Seconds to wait before each header line (headers trickled slowly)."""
    body_delay: float = 0.0
    """Seconds to wait after the headers, before the body."""
    chunked: bool = False
    """Send the body with Transfer-Encoding: chunked and no Content-Length."""
    chunk_size: int = 0
    """Split the body into pieces of this many bytes (0: one piece)."""
    trickle: float = 0.0
    """Seconds to wait between body pieces (a slowly trickled body)."""

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Response:
        """A redirect to ``location`` (a path or an absolute URL)."""
        return cls(status=status, content_type=None, headers={"Location": location})

    def body_bytes(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Handler = Callable[[RecordedRequest], Response]


def _not_modified(req: RecordedRequest, resp: Response) -> bool:
    inm = req.header("If-None-Match")
    if inm is not None:
        if resp.etag is None:
            return False
        tags = [t.strip() for t in inm.split(",")]
        weak = resp.etag.removeprefix("W/")
        return "*" in tags or any(t.removeprefix("W/") == weak for t in tags)
    ims = req.header("If-Modified-Since")
    if ims is not None and resp.last_modified is not None:
        try:
            return parsedate_to_datetime(resp.last_modified) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LoopbackServer
    _headers_buffer: list[bytes]  # BaseHTTPRequestHandler's private header buffer (not in typeshed)
    timeout = 10  # a keep-alive connection left idle this long is dropped

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0 and self.server.stopping.wait(seconds):
            raise ConnectionAbortedError("server is stopping")

    def _answer(self, *, send_body: bool) -> None:
        parts = urlsplit(self.path)
        req = RecordedRequest(
            method=self.command,
            path=parts.path,
            query=parts.query,
            headers={k.lower(): v for k, v in self.headers.items()},
        )
        self.server.record(req)
        resp = self.server.resolve(req)
        try:
            self._send(req, resp, send_body=send_body)
        except (ConnectionError, TimeoutError, OSError):
            # the client gave up (timed out, hit a size cap) or the server is stopping
            self.close_connection = True

    def _send(self, req: RecordedRequest, resp: Response, *, send_body: bool) -> None:
        self._sleep(resp.delay)
        status = resp.status
        body = resp.body_bytes()
        if _not_modified(req, resp):
            status, body = 304, b""
        self.server.record_status(req.path, status)
        headers: list[tuple[str, str]] = []
        if resp.content_type and status != 304:
            headers.append(("Content-Type", resp.content_type))
        if resp.etag:
            headers.append(("ETag", resp.etag))
        if resp.last_modified:
            headers.append(("Last-Modified", resp.last_modified))
        headers.extend(resp.headers.items())
        names = {k.lower() for k, _ in headers}
        chunked = resp.chunked and status != 304
        if chunked:
            headers.append(("Transfer-Encoding", "chunked"))
        elif "content-length" not in names and status != 304:
            headers.append(("Content-Length", str(len(body))))
        self.send_response(status)
        if resp.header_delay:
            self.wfile.write(b"".join(self._headers_buffer))
            self._headers_buffer = []
            self.wfile.flush()
        for name, value in headers:
            if resp.header_delay:
                self._sleep(resp.header_delay)
                self.wfile.write(f"{name}: {value}\r\n".encode("latin-1"))
                self.wfile.flush()
            else:
                self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        if not send_body or status == 304:
            return
        self._sleep(resp.body_delay)
        size = resp.chunk_size or max(len(body), 1)
        pieces = [body[i : i + size] for i in range(0, len(body), size)]
        for i, piece in enumerate(pieces):
            if i:
                self._sleep(resp.trickle)
            if chunked:
                self.wfile.write(f"{len(piece):x}\r\n".encode("ascii") + piece + b"\r\n")
            else:
                self.wfile.write(piece)
            self.wfile.flush()
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()


class LoopbackServer(ThreadingHTTPServer):
    """A threaded HTTP/1.1 server on 127.0.0.1 (a free port), serving a route table.

    Start and stop it with ``with LoopbackServer() as server:`` (or :meth:`start`/:meth:`stop`).
    Unknown paths answer 404. Stopping wakes every sleeping handler and drops open connections,
    so a test never waits on a slow route it set up.
    """

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[RecordedRequest] = []
        self.statuses: list[tuple[str, int]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._thread: threading.Thread | None = None

    # -- routes --------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        assert isinstance(host, str)  # bound to "127.0.0.1" in __init__
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, response: Response | Handler) -> str:
        """Serve ``response`` at ``path`` (replacing any earlier route); returns its URL."""
        with self._lock:
            self.routes[path] = response
        return self.url(path)

    def redirect_chain(self, prefix: str, hops: int, final: str) -> str:
        """``hops`` redirects ``prefix/0 -> prefix/1 -> ... -> final``; returns the first URL."""
        for i in range(hops):
            target = f"{prefix}/{i + 1}" if i + 1 < hops else final
            self.route(f"{prefix}/{i}", Response.redirect(target))
        return self.url(f"{prefix}/0")

    def resolve(self, req: RecordedRequest) -> Response:
        with self._lock:
            handler = self.routes.get(req.path)
        if handler is None:
            return Response(status=404, body=b"not found", content_type="text/plain")
        return handler(req) if callable(handler) else handler

    # -- recorded requests ---------------------------------------------------------------------
    def record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(req)

    def record_status(self, path: str, status: int) -> None:
        with self._lock:
            self.statuses.append((path, status))

    def statuses_for(self, path: str) -> list[int]:
        """Status codes the server answered for one path, in order (304 included)."""
        with self._lock:
            return [s for p, s in self.statuses if p == path]

    def requests_for(self, path: str) -> list[RecordedRequest]:
        """Requests received for one path, in order."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def paths(self) -> list[str]:
        """Every requested path, in order."""
        with self._lock:
            return [r.path for r in self.requests]

    # -- connections ---------------------------------------------------------------------------
    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        with self._lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        with self._lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-response is normal in these tests

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> LoopbackServer:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def closed_port_url(path: str = "/") -> str:
    """A loopback URL on a port nothing listens on (connection refused, no internet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def wait_until(predicate: Callable[[], bool], timeout: float = 2.0) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` passes; returns its last value."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


class NetworkGuard:
    """Refuses and records every attempt to resolve a name or open a connection.

    Install it with pytest's ``monkeypatch`` to prove code makes no network access at all::

        guard = NetworkGuard().install(monkeypatch)
        ...
        assert guard.attempts == []
    """

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def _refuse(self, what: str) -> OSError:
        self.attempts.append(what)
        return OSError(f"network access blocked in this test: {what}")

    def install(self, monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
        guard = self

        def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> object:
            raise guard._refuse(f"getaddrinfo {host}:{port}")

        def create_connection(address: object, *args: object, **kwargs: object) -> object:
            raise guard._refuse(f"create_connection {address}")

        def connect(sock: socket.socket, address: object) -> None:
            raise guard._refuse(f"connect {address}")

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        monkeypatch.setattr(socket.socket, "connect", connect)
        return self
