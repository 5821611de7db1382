"""Which Host headers the server answers (the DNS-rebinding guard), for any bind address.

A page on another site can make a browser send requests to this server under the other site's
name (DNS rebinding); the Host header then carries that name. So the server answers only the
names and addresses it is really reached by: loopback names always, the bound address, and, when
bound to every interface (``0.0.0.0``, ``::``), this machine's names and addresses; plus what the
user allows with ``--allowed-host``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import ErrorCode, NewsEventsError

#: Host headers a server bound to loopback answers.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
#: Bind addresses that mean "every interface".
ANY_ADDRESS = ("0.0.0.0", "::", "")


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine: ``localhost``, all of 127/8,
    and ``::1`` (also as an IPv4-mapped address)."""
    name = host.strip().lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    ip = _ip(name)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def host_pattern(host: str) -> str:
    """``host`` as a Host header spells it: lower case, IPv6 addresses in brackets."""
    host = host.strip().lower()
    ip = _ip(host)
    if isinstance(ip, ipaddress.IPv6Address):
        return f"[{ip.compressed}]"
    if ip is not None:
        return str(ip)
    return host.rstrip(".")


def check_allowed_host(value: str) -> str:
    """An ``--allowed-host`` value: a name, an address, ``*.domain`` or ``*`` (any: no check)."""
    pattern = host_pattern(value)
    bad = (
        not pattern
        or (any(c in pattern for c in "/:@ \t?#") and not pattern.startswith("["))
        or "*" in pattern[1:]
        or (pattern.startswith("*") and pattern != "*" and not pattern.startswith("*."))
    )
    if bad:
        raise NewsEventsError(
            f"--allowed-host {value!r}: give a host name, an IP address, '*.domain' or '*'",
            code=ErrorCode.E026,
        )
    return pattern


def _interface_addresses() -> Iterable[str]:
    """This machine's interface addresses, as far as the platform tells them without extra
    packages (Linux: every IPv4 address by ioctl, IPv6 from /proc); never raises."""
    with contextlib.suppress(OSError, AttributeError, ImportError):
        import fcntl
        import struct

        siocgifaddr = 0x8915
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for _, name in socket.if_nameindex():
                with contextlib.suppress(OSError):
                    packed = struct.pack("256s", name.encode()[:15])
                    raw = fcntl.ioctl(s.fileno(), siocgifaddr, packed)
                    yield socket.inet_ntoa(raw[20:24])
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/if_inet6").read_text().splitlines():
            digits = line.split()[0] if line.split() else ""
            if len(digits) == 32:
                yield str(ipaddress.IPv6Address(bytes.fromhex(digits)))


def machine_hosts() -> list[str]:
    """Names and addresses this machine is reached by: its host name (and ``NAME.local``), its
    fully qualified name, what they resolve to, and its interfaces' addresses. Link-local IPv6
    addresses are left out (a Host header cannot carry their zone)."""
    names: list[str] = []
    with contextlib.suppress(OSError):
        hostname = socket.gethostname()
        names += [hostname, f"{hostname.split('.')[0]}.local"]
        with contextlib.suppress(OSError):
            names.append(socket.getfqdn())
        for name in (hostname, socket.getfqdn()):
            with contextlib.suppress(OSError, UnicodeError):
                for info in socket.getaddrinfo(name, None):
                    names.append(str(info[4][0]))
    names += list(_interface_addresses())
    out: list[str] = []
    for name in names:
        ip = _ip(name.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.is_link_local:
            continue
        if not name or "%" in name:
            continue
        out.append(host_pattern(name))
    return out


def allowed_hosts(bind: str, extra: Sequence[str] = ()) -> list[str]:
    """Host headers a server bound to ``bind`` answers: loopback names, the bound address (or,
    for every interface, this machine's names and addresses), and ``extra`` (``--allowed-host``,
    already checked; ``*`` switches the check off)."""
    hosts = list(LOOPBACK_HOSTS)
    if bind.strip() in ANY_ADDRESS:
        hosts += machine_hosts()
    else:
        hosts.append(host_pattern(bind))
    hosts += [host_pattern(h) for h in extra]
    return list(dict.fromkeys(h for h in hosts if h))
