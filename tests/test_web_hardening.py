"""The web app's hardening: the Host-header check stays on for any bind address, loopback binds
do not warn, and ``/api/events`` honours ``limit``/``offset`` (validated) instead of ignoring them.

Paging goes through the real app (TestClient over a real, coded store); the bind addresses through
the real ``newsevents serve`` (uvicorn in a subprocess) answering real HTTP on this machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import newsevents
from newsevents.cli.main import cli
from newsevents.store import Store
from newsevents.web.app import create_app, missing_assets
from newsevents.web.hosts import allowed_hosts, is_loopback
from web_store import build_web_store

pytestmark = pytest.mark.skipif(
    bool(missing_assets()), reason="web assets not installed (bash scripts/web_assets.sh)"
)
SRC = Path(newsevents.__file__).resolve().parents[1]


# -- limit and offset on /api/events ---------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("webh") / "web.db"
    build_web_store(path)
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        yield c


def ids(body: dict[str, Any]) -> list[str]:
    return [r["event_id"] for r in body["records"]]


def get(client: TestClient, url: str) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_limit_and_offset_page_the_events(client: TestClient) -> None:
    every = ids(get(client, "/api/events?size=200"))
    assert len(every) >= 8
    body = get(client, "/api/events?limit=3&offset=2")
    assert ids(body) == every[2:5]
    assert (body["offset"], body["size"]) == (2, 3)
    assert ids(get(client, "/api/events?limit=2")) == every[:2]
    assert ids(get(client, "/api/events?offset=5")) == every[5:55]
    assert ids(get(client, "/api/events?limit=4&page=2")) == every[4:8]
    assert ids(get(client, "/api/events?size=4&offset=1")) == every[1:5]
    assert ids(get(client, f"/api/events?offset={len(every)}")) == []
    # same filters, same order: limit/offset agree with page/size where both can say it
    assert ids(get(client, "/api/events?limit=3&offset=3")) == ids(
        get(client, "/api/events?size=3&page=2")
    )
    stories = get(client, "/api/events?unit=stories&size=200")
    if len(stories["records"]) > 2:
        paged = get(client, "/api/events?unit=stories&limit=1&offset=1")
        assert paged["records"] == stories["records"][1:2]


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("limit=0", 422, "E030"),
        ("limit=abc", 422, "E030"),
        ("limit=-3", 422, "E030"),
        ("offset=-1", 422, "E030"),
        ("offset=1.5", 422, "E030"),
        ("limit=201", 400, "E029"),
        ("offset=10001", 400, "E029"),
        ("page=2&offset=3", 422, "E030"),
        ("size=10&limit=5", 422, "E030"),
        ("limit=200&page=100", 400, "E029"),
    ],
)
def test_bad_limit_or_offset_is_refused(
    client: TestClient, query: str, status: int, code: str
) -> None:
    r = client.get(f"/api/events?{query}")
    assert r.status_code == status, (query, r.text)
    assert r.json()["error"].startswith(code), r.text


def test_the_explorer_pages_as_before(client: TestClient) -> None:
    assert client.get("/events?page=2&size=3").status_code == 200
    assert client.get("/events?size=201").status_code == 400


# -- bind addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("127.255.255.254", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.5", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.1.2.3", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_loopback_is_all_of_127_8_and_ipv6_1(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_every_interface_answers_this_machines_names_only() -> None:
    hosts = allowed_hosts("0.0.0.0")
    assert "*" not in hosts
    assert {"127.0.0.1", "localhost", "[::1]", socket.gethostname().lower()} <= set(hosts)
    assert "evil.example" not in hosts
    assert "news.example.org" in allowed_hosts("0.0.0.0", ["news.example.org"])
    assert allowed_hosts("127.0.0.2") == ["127.0.0.1", "localhost", "[::1]", "127.0.0.2"]
    assert "[fd00::5]" in allowed_hosts("fd00::5")


@dataclass
class Served:
    proc: subprocess.Popen[str]
    base: str
    port: int

    def get(self, path: str, host: str | None = None) -> httpx.Response:
        headers = {"host": host} if host is not None else {}
        return httpx.get(self.base + path, headers=headers, timeout=10)


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def serve(tmp_path: Path) -> Iterator[Any]:
    """Start ``newsevents serve`` with the given options; stops it (and keeps stderr) after."""
    db = tmp_path / "served.db"
    with Store(db):
        pass
    started: list[Served] = []

    def start(bind: str, connect: str, *extra: str) -> Served:
        port = _free_port(connect)
        env = {k: v for k, v in os.environ.items() if k != "NEWSEVENTS_DB"}
        env["PYTHONPATH"] = str(SRC)
        args = ["serve", "--no-browser", "--host", bind, "--port", str(port), *extra]
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsevents", "--db", str(db), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        served = Served(proc, f"http://{connect}:{port}", port)
        started.append(served)
        deadline = time.monotonic() + 60
        while True:
            try:
                served.get("/api/health", host="127.0.0.1")
                return served
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(f"serve exited: {proc.communicate()}")
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)

    yield start
    for s in started:
        s.proc.terminate()
        s.proc.communicate(timeout=20)


def stderr_of(served: Served) -> str:
    served.proc.terminate()
    _, err = served.proc.communicate(timeout=20)
    return err


def test_every_interface_bind_keeps_the_host_check(serve: Any) -> None:
    served = serve("0.0.0.0", "127.0.0.1")
    port = served.port
    assert served.get("/api/health", host=f"127.0.0.1:{port}").status_code == 200
    assert served.get("/api/health", host=f"localhost:{port}").status_code == 200
    assert served.get("/api/health", host=f"{socket.gethostname()}:{port}").status_code == 200
    # a rebinding page's name, or any name this machine is not reached by: refused
    assert served.get("/api/health", host=f"evil.example:{port}").status_code == 400
    assert served.get("/", host="attacker.test").status_code == 400
    assert "exposes the store to other machines" in stderr_of(served)


def test_allowed_host_adds_a_name(serve: Any) -> None:
    served = serve("127.0.0.1", "127.0.0.1", "--allowed-host", "news.example.org")
    assert served.get("/api/health", host="news.example.org").status_code == 200
    assert served.get("/api/health", host="www.news.example.org").status_code == 400
    assert served.get("/api/health", host="evil.example").status_code == 400


def test_loopback_alias_bind_does_not_warn_and_checks_hosts(serve: Any) -> None:
    served = serve("127.0.0.2", "127.0.0.2")
    port = served.port
    assert served.get("/api/health", host=f"127.0.0.2:{port}").status_code == 200
    assert served.get("/api/health", host=f"localhost:{port}").status_code == 200
    assert served.get("/api/health", host=f"evil.example:{port}").status_code == 400
    err = stderr_of(served)
    assert "warning" not in err and "exposes" not in err, err


def test_bad_allowed_host_is_e026(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", str(tmp_path / "x.db"), "serve", "--no-browser", "--allowed-host", "a.*.org"],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert "[E026]" in result.stderr and "--allowed-host" in result.stderr


# -- store errors while serving ------------------------------------------------------------------


def test_store_error_while_serving_is_503_with_e017(tmp_path: Path) -> None:
    db = tmp_path / "replaced.db"
    app = create_app(db)
    db.write_bytes(b"not a database any more " * 400)  # replaced under the running server
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        r = c.get("/api/health")
        assert r.status_code == 503, r.text
        assert r.json()["error"].startswith("E017 store error: ")
        assert "not a newsevents store" in r.json()["error"]
        page = c.get("/")
        assert page.status_code == 503 and "E017" in page.text
