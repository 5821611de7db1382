"""The SSRF guard: which network addresses a fetch may connect to, checked at every connection.

A URL that did not come from the user's own command line (a feed item's link, a redirect to
another host, a URL posted to the web app) must not reach loopback, private, link-local, shared
(CGNAT), multicast, reserved or unspecified addresses, in IPv4 or IPv6 (IPv4-mapped and other
embedded forms included). The check runs inside the HTTP connection pool
(:class:`GuardedBackend`): the host is parsed as a number first (``2130706433``, ``0177.0.0.1``,
``0x7f.1``, ``127.1`` are 127.0.0.1, as the C library reads them), else resolved once; every
address it resolves to must be allowed, and the socket then connects to the checked address
itself, so a second DNS answer cannot slip in (no DNS-rebinding gap). Redirects open their
connections through the same check.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import unquote

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

Resolver = Callable[[str, int], Sequence[str]]
"""Resolve a host name for a TCP port: the IP addresses it names, as strings."""

TRUST_EXTENSION = "newsevents.trusted_host"
"""Request extension naming the host the user gave (trusted, whatever it resolves to); a request
without it gets the full guard. httpx carries request extensions across redirects."""

_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_THIS_NETWORK = ipaddress.IPv4Network("0.0.0.0/8")
_PRIVATE = (
    ipaddress.IPv4Network("10.0.0.0/8"),
    ipaddress.IPv4Network("172.16.0.0/12"),
    ipaddress.IPv4Network("192.168.0.0/16"),
    ipaddress.IPv6Network("fc00::/7"),
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_INET_ATON_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


class AddressNotAllowed(Exception):
    """A host names an address the guard refuses; ``reason`` says which and why, for people."""

    def __init__(self, host: str, address: IPAddress, kind: str) -> None:
        self.host = host
        self.address = address
        self.kind = kind
        numeric = parse_numeric_host(host)
        if numeric is None:
            self.reason = f"{host} resolves to {address}, {kind}"
        elif _bare(host) == str(address) or numeric.version == 6:
            self.reason = f"{_bare(host)} is {kind}"
        else:
            self.reason = f"{host} is {address}, {kind}"
        super().__init__(self.reason)


def _bare(host: str) -> str:
    """A URL host without IPv6 brackets, percent-escapes (zone ids) or a trailing dot."""
    host = unquote(host).strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host[:-1] if host.endswith(".") else host


def parse_numeric_host(host: str) -> IPAddress | None:
    """The address a numeric host spelling means, or None for a host name.

    IPv4 follows inet_aton, as the C resolver does: one to four parts, each decimal, octal
    (leading 0) or hex (0x); the last part fills the remaining bytes (``127.1``, ``2130706433``).
    """
    text = _bare(host)
    if ":" in text:
        try:
            return ipaddress.IPv6Address(text)
        except ValueError:
            return None
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_ATON_PART.fullmatch(p) for p in parts):
        return None
    values = [
        int(p[2:] or "0", 16) if p[:2].lower() == "0x" else int(p, 8 if p.startswith("0") else 10)
        for p in parts
    ]
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = 0
    for v in head:
        number = number << 8 | v
    number = number << 8 * (5 - len(values)) | last
    return ipaddress.IPv4Address(number)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo)."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip.packed[:12] == bytes(12) and int(ip) > 1:
        return "IPv4-compatible", ipaddress.IPv4Address(ip.packed[12:])
    if ip in _NAT64:
        return "NAT64", ipaddress.IPv4Address(ip.packed[12:])
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    if ip.teredo is not None:
        return "Teredo", ip.teredo[1]
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why a fetch may not connect to ``ip`` (e.g. "a private address"), or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            form, inner = embedded
            problem = address_problem(inner)
            if problem is not None:
                return f"an {form} form of {inner}, {problem}"
            if form in ("IPv4-mapped", "NAT64"):
                return None  # reaches the public IPv4 address and nothing else
        ip = ipaddress.IPv6Address(ip.packed)  # drop any zone id
    if ip.is_unspecified or (isinstance(ip, ipaddress.IPv4Address) and ip in _THIS_NETWORK):
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "a shared (CGNAT) address"
    if any(ip in net for net in _PRIVATE if net.version == ip.version):
        return "a private address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "a special-purpose address, not a public one"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host`` (one lookup, TCP)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def allowed_addresses(host: str, port: int, *, resolver: Resolver | None = None) -> list[IPAddress]:
    """The addresses to connect to for ``host``; raises AddressNotAllowed when any is refused.

    A numeric host is never resolved; a name is resolved once and every answer must pass.
    Resolution failures raise OSError.
    """
    numeric = parse_numeric_host(host)
    if numeric is not None:
        addresses: list[IPAddress] = [numeric]
    else:
        answers = (resolver or system_resolver)(_bare(host), port)
        addresses = [ipaddress.ip_address(a) for a in answers]
        if not addresses:
            raise OSError(f"{host} resolves to no address")
    for address in addresses:
        problem = address_problem(address)
        if problem is not None:
            raise AddressNotAllowed(host, address, problem)
    return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to allowed addresses.

    Hosts in ``trusted`` (the user's own URLs) connect as given; any other host is resolved and
    checked by :func:`allowed_addresses`, and the socket connects to the checked IP (TLS still
    verifies and sends SNI for the host name: httpcore passes it to ``start_tls`` separately).
    """

    def __init__(
        self,
        *,
        resolver: Resolver | None = None,
        inner: httpcore.NetworkBackend | None = None,
        trusted: Iterable[str] = (),
    ) -> None:
        self.resolver = resolver
        self.inner = inner or httpcore.SyncBackend()
        self.trusted = {_bare(h).lower() for h in trusted}

    def trust(self, host: str) -> None:
        """Let ``host`` through unchecked from now on (a host the user named)."""
        self.trusted.add(_bare(host).lower())

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        if _bare(host).lower() in self.trusted:
            return self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = allowed_addresses(host, port, resolver=self.resolver)
        except (OSError, UnicodeError, ValueError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return self.inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None  # allowed_addresses never returns an empty list
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _pool_transport(
    backend: httpcore.NetworkBackend, ssl_context: ssl.SSLContext
) -> httpx.HTTPTransport:
    """An httpx transport whose connection pool opens every connection through ``backend``."""
    transport = httpx.HTTPTransport(verify=ssl_context)
    transport._pool.close()
    transport._pool = httpcore.ConnectionPool(  # httpx 0.28 takes no network_backend itself
        ssl_context=ssl_context,
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=backend,
    )
    return transport


class GuardedTransport(httpx.BaseTransport):
    """Two guarded connection pools behind one transport.

    Requests carrying :data:`TRUST_EXTENSION` (the user's own URLs and their redirects) use a
    pool that trusts every host the user named; all others (followed links, web requests) use a
    pool that trusts no host. Separate pools mean a connection opened to a trusted host is never
    reused for an untrusted request.
    """

    def __init__(
        self, *, resolver: Resolver | None = None, inner: httpcore.NetworkBackend | None = None
    ) -> None:
        ssl_context = httpx.create_ssl_context()  # SSL_CERT_FILE/DIR still apply; proxies do not
        self._inputs_backend = GuardedBackend(resolver=resolver, inner=inner)
        self._inputs = _pool_transport(self._inputs_backend, ssl_context)
        self._links = _pool_transport(GuardedBackend(resolver=resolver, inner=inner), ssl_context)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.extensions.get(TRUST_EXTENSION)
        if isinstance(host, str) and host:
            self._inputs_backend.trust(host)
            return self._inputs.handle_request(request)
        return self._links.handle_request(request)

    def close(self) -> None:
        self._inputs.close()
        self._links.close()
