"""Where alerts go: a terminal line, a JSONL file, a webhook (docs/watch.md, "Alerts").

Each target has a stable ``name``; the store keeps every alert's delivery state per target name,
so a failed delivery is tried again next round and a delivered one is never sent again.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO
from urllib.parse import urlsplit

import httpx

from ..errors import ErrorCode, NewsEventsError
from ..version import __version__

USER_AGENT = f"newsevents/{__version__} (alerts)"
_RETRY_STATUS = frozenset({408, 425, 429})


class DeliveryFailed(Exception):
    """One delivery did not happen; the text says why (for ``alerts show`` and the log)."""


class BadTarget(NewsEventsError, ValueError):
    """A delivery target that cannot be used (a webhook URL that is not http(s))."""

    code = ErrorCode.E014


class Alert(Protocol):
    """What a target needs of an alert (:class:`newsevents.watch.alerts.Alert`)."""

    @property
    def id(self) -> int:
        """The alert's id in the store."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """The alert as JSON."""
        ...

    def line(self) -> str:
        """The alert as one line for people."""
        ...


class Target(Protocol):
    """Somewhere an alert is delivered to."""

    @property
    def name(self) -> str:
        """The target's stable name, under which its delivery state is stored."""
        ...

    def send(self, alert: Alert) -> None:
        """Deliver one alert or raise :class:`DeliveryFailed`."""
        ...


@dataclass(slots=True)
class TerminalTarget:
    """One line per alert on a stream (standard output by default)."""

    stream: TextIO | None = None
    name: str = "terminal"

    def send(self, alert: Alert) -> None:
        """Write the alert's line."""
        out = self.stream if self.stream is not None else sys.stdout
        try:
            out.write(alert.line() + "\n")
            out.flush()
        except OSError as exc:
            raise DeliveryFailed(f"cannot write to the terminal: {exc}") from None


@dataclass(slots=True)
class JsonlTarget:
    """One JSON object per alert appended to a file (created with its folder if missing)."""

    path: Path
    name: str = ""

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if not self.name:
            self.name = f"jsonl:{self.path.resolve()}"

    def send(self, alert: Alert) -> None:
        """Append the alert as one line."""
        line = json.dumps(alert.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
        except OSError as exc:
            raise DeliveryFailed(f"{self.path}: cannot append: {exc.strerror or exc}") from None


def check_webhook_url(url: str) -> str:
    """The URL when it is an absolute http(s) URL with a host; else :class:`BadTarget` (E014)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadTarget(f"webhook {url!r}: give an http:// or https:// URL with a host")
    return url.strip()


def webhook_name(url: str) -> str:
    """A target name that identifies the URL without storing it (it may carry a token)."""
    parts = urlsplit(url)
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    return f"webhook:{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}#{digest}"


@dataclass(slots=True)
class WebhookTarget:
    """POST each alert as JSON to one URL: a timeout per try, ``retries`` more tries with
    exponential backoff (``backoff`` x 2^n seconds) on network errors, 408/425/429 and 5xx.
    Redirects are never followed (the alert goes to the configured URL only), proxies from the
    environment are not used; the address is the user's own, so the SSRF guard does not apply."""

    url: str
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    name: str = ""
    transport: httpx.BaseTransport | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.url = check_webhook_url(self.url)
        if not self.name:
            self.name = webhook_name(self.url)

    def send(self, alert: Alert) -> None:
        """POST the alert; :class:`DeliveryFailed` after the last try fails."""
        headers = {"User-Agent": USER_AGENT, "X-Newsevents-Alert": str(alert.id)}
        error = ""
        with httpx.Client(
            timeout=self.timeout, follow_redirects=False, trust_env=False, transport=self.transport
        ) as client:
            for attempt in range(self.retries + 1):
                if attempt:
                    self.sleep(self.backoff * 2 ** (attempt - 1))
                try:
                    response = client.post(self.url, json=alert.to_dict(), headers=headers)
                except httpx.TimeoutException:
                    error = f"no answer within {self.timeout:g} s"
                    continue
                except httpx.HTTPError as exc:
                    error = f"cannot connect: {exc}"
                    continue
                status = response.status_code
                if 200 <= status < 300:
                    return
                if 300 <= status < 400:
                    where = response.headers.get("location", "?")
                    raise DeliveryFailed(
                        f"webhook answered {status} (redirect to {where}); redirects are not "
                        "followed: configure the final URL"
                    )
                error = f"webhook answered {status}"
                if status < 500 and status not in _RETRY_STATUS:
                    break
        raise DeliveryFailed(error)


@dataclass(slots=True)
class Delivery:
    """The targets a round delivers alerts to."""

    targets: Sequence[Target] = ()

    @property
    def names(self) -> list[str]:
        """The targets' names."""
        return [t.name for t in self.targets]

    def target(self, name: str) -> Target | None:
        """The target with this name, if configured."""
        return next((t for t in self.targets if t.name == name), None)

    @classmethod
    def from_options(
        cls,
        *,
        terminal: bool = True,
        jsonl: Path | None = None,
        webhook: str | None = None,
        webhook_timeout: float = 10.0,
        webhook_retries: int = 3,
        stream: TextIO | None = None,
    ) -> Delivery:
        """The targets the ``watch`` command's options name."""
        targets: list[Target] = []
        if terminal:
            targets.append(TerminalTarget(stream))
        if jsonl is not None:
            targets.append(JsonlTarget(jsonl))
        if webhook:
            targets.append(WebhookTarget(webhook, timeout=webhook_timeout, retries=webhook_retries))
        return cls(targets)
