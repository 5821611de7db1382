"""Watchlists and alerts through the real CLI, store and coder: an alert per watchlist per story,
stored and delivered once (terminal, JSONL, a webhook receiver on 127.0.0.1), spike rules at a
mocked time, webhook retries after a 500, no redirects followed, acknowledgement."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.store import Store
from newsevents.store.events import get_event
from newsevents.watch.alerts import run_watchlists
from newsevents.watch.deliver import Delivery, JsonlTarget, TerminalTarget, WebhookTarget

NOW = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)

ARTICLES = [
    {
        "id": "kharkiv",
        "published": "2024-03-10T08:00:00Z",
        "url": "https://a.example/1",
        "text": "Russian forces attacked the Ukrainian city of Kharkiv on Sunday, killing three "
        "people, Ukrainian officials said.",
    },
    {
        "id": "odesa",
        "published": "2024-03-10T02:00:00Z",
        "url": "https://b.example/2",
        "text": "Russian forces attacked the port of Odesa on Sunday, killing two workers, "
        "Ukrainian officials said.",
    },
    {
        "id": "dnipro",
        "published": "2024-03-09T20:00:00Z",
        "url": "https://d.example/4",
        "text": "Russian artillery bombarded villages near Dnipro on Saturday, wounding two "
        "civilians, police said.",
    },
    {
        "id": "kherson",
        "published": "2024-02-25T09:00:00Z",
        "url": "https://e.example/5",
        "text": "Russian forces attacked Kherson on Sunday, Ukrainian officials said.",
    },
    {
        "id": "sanctions",
        "published": "2024-03-09T10:00:00Z",
        "url": "https://c.example/3",
        "text": "The United States imposed new sanctions on Iran on Saturday, the Treasury said.",
    },
]

AGAIN = {
    "id": "kharkiv-again",
    "published": "2024-03-10T13:00:00Z",
    "url": "https://f.example/6",
    "text": "Russian forces attacked Kharkiv again on Sunday evening, wounding five people, the "
    "mayor said.",
}

KHARKIV = ("--actor", "Russia", "--text", "Kharkiv")


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def ok(db: Path, *args: str) -> Result:
    result = run(db, *args)
    assert result.exit_code == 0, (args, result.output, result.stderr)
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A coded store: watchlist ``ru`` made before the articles came, ``late`` and
    ``late-backfill`` after them."""
    tmp = tmp_path_factory.mktemp("watch")
    src = tmp / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    db = tmp / "store.db"
    ok(db, "watch", "add", "ru", *KHARKIV)
    ok(db, "ingest", "-q", str(src))
    ok(db, "code", "--workers", "1", "-q")
    ok(db, "stories", "build")
    ok(db, "watch", "add", "late", *KHARKIV)
    ok(db, "watch", "add", "late-backfill", *KHARKIV, "--backfill")
    return db


@pytest.fixture()
def db(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.db"
    shutil.copy(template, copy)
    return copy


class Receiver(ThreadingHTTPServer):
    """A webhook receiver on 127.0.0.1: answers each POST with the next of ``statuses`` (then
    200) and records the bodies it accepted and every request's headers."""

    def __init__(self, statuses: list[int] | None = None, location: str = "") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.statuses = list(statuses or [])
        self.location = location
        self.accepted: list[dict[str, Any]] = []
        self.requests: list[dict[str, str]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook?token=secret"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.requests.append({k.lower(): v for k, v in self.headers.items()})
            status = self.server.statuses.pop(0) if self.server.statuses else 200
            if status == 200:
                self.server.accepted.append(json.loads(body))
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", self.server.location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_an_alert_is_stored_and_delivered_once_per_watchlist_and_story(
    db: Path, receiver: Receiver, tmp_path: Path
) -> None:
    terminal = io.StringIO()
    jsonl = tmp_path / "out" / "alerts.jsonl"
    sleeps: list[float] = []
    deliver = Delivery(
        [
            TerminalTarget(terminal),
            JsonlTarget(jsonl),
            WebhookTarget(receiver.url, sleep=sleeps.append),
        ]
    )
    with Store(db) as store:
        alerts = run_watchlists(store, deliver=deliver, now=NOW)
        # ``late`` came after the articles: it waits for new ones; the backfilled one does not
        assert sorted(a.watchlist for a in alerts) == ["late-backfill", "ru"]
        for alert in alerts:
            stored = get_event(store, alert.event_id)
            assert stored is not None and stored.story_id == alert.story_id
            assert "Kharkiv" in alert.event["evidence"]["sentence"]
            assert any(s["country"] == "RUS" for s in alert.event["sources"])
            assert alert.rule == {"kind": "match", "filters": {"actor": "RUS", "q": "Kharkiv"}}
    ids = sorted(a.id for a in alerts)
    assert sorted(b["id"] for b in receiver.accepted) == ids
    assert {r["x-newsevents-alert"] for r in receiver.requests} == {str(i) for i in ids}
    assert all(b["evidence"]["sentence"].startswith("Russian forces") for b in receiver.accepted)
    assert sorted(json.loads(line)["id"] for line in jsonl.read_text().splitlines()) == ids
    assert terminal.getvalue().count("ALERT #") == 2 and sleeps == []

    # again, in a new process's store and after a rebuild of the stories: nothing new
    ok(db, "stories", "build")
    with Store(db) as store:
        assert run_watchlists(store, deliver=deliver, now=NOW + timedelta(hours=1)) == []
    assert len(receiver.requests) == 2 and len(jsonl.read_text().splitlines()) == 2
    assert terminal.getvalue().count("ALERT #") == 2

    # a new report of a new attack is a new story: it alerts on every watchlist, once
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps(AGAIN) + "\n")
    ok(db, "ingest", "-q", str(more))
    ok(db, "code", "--workers", "1", "-q")
    with Store(db) as store:
        fresh = run_watchlists(store, deliver=deliver, now=NOW + timedelta(hours=2))
    assert sorted(a.watchlist for a in fresh) == ["late", "late-backfill", "ru"]
    assert all("again" in a.event["evidence"]["sentence"] for a in fresh)  # a new story
    ok(db, "stories", "build")
    with Store(db) as store:
        assert run_watchlists(store, deliver=deliver, now=NOW + timedelta(hours=3)) == []
    assert len(receiver.accepted) == 5 and len(jsonl.read_text().splitlines()) == 5

    listed = json.loads(ok(db, "alerts", "list", "--json", "--watchlist", "ru").stdout)
    ids = sorted(a["id"] for a in listed)
    assert len(ids) == 2
    assert [a["id"] for a in listed] == sorted(ids, reverse=True)
    shown = json.loads(ok(db, "alerts", "show", str(ids[0]), "--json").stdout)
    first = next(a for a in alerts if a.id == ids[0])
    assert shown["acked"] is None and shown["event_id"] == first.event_id
    assert {d["state"] for d in shown["deliveries"].values()} == {"delivered"}
    assert not any("secret" in target for target in shown["deliveries"])  # no token stored

    assert "acknowledged" in ok(db, "alerts", "ack", str(ids[0])).stdout
    unread = json.loads(ok(db, "alerts", "list", "--unread", "--watchlist", "ru", "--json").stdout)
    assert [a["id"] for a in unread] == [ids[1]]
    assert json.loads(ok(db, "alerts", "show", str(ids[0]), "--json").stdout)["acked"]
    missing = run(db, "alerts", "ack", "999")
    assert missing.exit_code == 1 and "[E026]" in missing.stderr and "999" in missing.stderr
    assert "Traceback" not in missing.output


def test_a_story_renamed_by_a_rebuild_does_not_alert_again(db: Path) -> None:
    ok(db, "watch", "remove", "late-backfill")
    with Store(db) as store:
        (alert,) = run_watchlists(store, now=NOW)
    # a rebuild gives the story another id when an earlier report joins it (done by hand here)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE events SET story_id = 's-renamed' WHERE story_id = ?", (alert.story_id,)
        )
        conn.execute(
            "UPDATE stories SET story_id = 's-renamed' WHERE story_id = ?", (alert.story_id,)
        )
    conn.close()
    with Store(db) as store:
        assert get_event(store, alert.event_id).story_id == "s-renamed"  # type: ignore[union-attr]
        assert run_watchlists(store, now=NOW) == []


def test_watch_add_list_show_remove_and_bad_input(db: Path) -> None:
    listed = json.loads(ok(db, "watch", "list", "--json").stdout)
    assert [w["name"] for w in listed] == ["late", "late-backfill", "ru"]
    assert listed[2]["filters"] == {"actor": "RUS", "q": "Kharkiv"} and listed[2]["spike"] is None
    ok(db, "watch", "add", "surge", "--type", "assault", "--country", "Ukraine", "--spike", "3")
    shown = json.loads(ok(db, "watch", "show", "surge", "--json").stdout)
    assert shown["filters"] == {"type": "ASSAULT", "country": "UKR"}
    assert shown["spike"] == {"k": 3.0, "min_count": 5}
    assert "surge" in ok(db, "watch", "list").stdout

    again = run(db, "watch", "add", "surge", "--type", "ASSAULT")
    assert again.exit_code == 1 and "[E026]" in again.stderr and "exists" in again.stderr
    for args, words in [
        (("watch", "add", "bad name", "--actor", "RUS"), "bad name"),
        (("watch", "add", "x", "--actor", "Atlantis"), "Atlantis"),
        (("watch", "add", "x"), "at least one"),
        (("watch", "add", "x", "--actor", "RUS", "--min-count", "3"), "--spike"),
        (("watch", "add", "x", "--actor", "RUS", "--spike", "0.5"), "from 1 to 1000"),
    ]:
        result = run(db, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output and words in result.output
        assert "[E0" in result.output
    assert "removed" in ok(db, "watch", "remove", "surge").stdout
    gone = run(db, "watch", "remove", "surge")
    assert gone.exit_code == 1 and "no watchlist named 'surge'" in gone.stderr
    assert run(db, "watch", "show", "surge").exit_code == 1


def test_spike_rule_fires_once_at_a_mocked_time(db: Path) -> None:
    for name in ("ru", "late-backfill"):
        ok(db, "watch", "remove", name)
    # 3 assaults reported in the 24 h before NOW, 1 in the 30 days before that
    ok(db, "watch", "add", "surge", "--type", "ASSAULT", "--spike", "2", "--min-count", "2")
    ok(db, "watch", "add", "too-few", "--type", "ASSAULT", "--spike", "2", "--min-count", "4")
    ok(db, "watch", "add", "too-steep", "--type", "ASSAULT", "--spike", "100", "--min-count", "1")
    with Store(db) as store:
        alerts = run_watchlists(store, now=NOW)
        assert [a.watchlist for a in alerts] == ["surge"]
        rule = alerts[0].rule
        assert (rule["kind"], rule["recent"], rule["baseline"]) == ("spike", 3, 1)
        assert "Kharkiv" in alerts[0].event["evidence"]["sentence"]  # the latest reported
        # 13 h later (another day) 2 assaults in 24 h still spike: one alert per 24 h
        assert run_watchlists(store, now=NOW + timedelta(hours=13)) == []
        assert run_watchlists(store, now=NOW + timedelta(days=5)) == []  # quiet again


def test_webhook_retries_after_500_and_a_failed_delivery_is_retried_next_round(
    db: Path, receiver: Receiver
) -> None:
    ok(db, "watch", "remove", "late-backfill")
    receiver.statuses = [500, 503, 500]
    sleeps: list[float] = []
    hook = WebhookTarget(receiver.url, retries=1, backoff=0.5, sleep=sleeps.append)
    with Store(db) as store:
        (alert,) = run_watchlists(store, deliver=Delivery([hook]), now=NOW)
    assert len(receiver.requests) == 2 and receiver.accepted == [] and sleeps == [0.5]
    shown = json.loads(ok(db, "alerts", "show", str(alert.id), "--json").stdout)
    (state,) = shown["deliveries"].values()
    assert state["state"] == "pending" and state["error"] == "webhook answered 503"
    assert (
        "pending after 1 tries (webhook answered 503)"
        in ok(db, "alerts", "show", str(alert.id)).stdout
    )

    with Store(db) as store:  # next round: 500, then 200 after a backoff
        assert run_watchlists(store, deliver=Delivery([hook]), now=NOW) == []
        assert [b["id"] for b in receiver.accepted] == [alert.id] and sleeps == [0.5, 0.5]
        assert run_watchlists(store, deliver=Delivery([hook]), now=NOW) == []
    assert len(receiver.requests) == 4 and len(receiver.accepted) == 1  # never twice
    shown = json.loads(ok(db, "alerts", "show", str(alert.id), "--json").stdout)
    assert [d["state"] for d in shown["deliveries"].values()] == ["delivered"]


def test_webhook_redirect_is_not_followed_to_another_host(db: Path, receiver: Receiver) -> None:
    ok(db, "watch", "remove", "late-backfill")
    elsewhere = Receiver()
    thread = threading.Thread(target=elsewhere.serve_forever, daemon=True)
    thread.start()
    try:
        receiver.statuses = [302]
        receiver.location = elsewhere.url.replace("127.0.0.1", "localhost")
        hook = WebhookTarget(receiver.url, retries=2, sleep=lambda s: None)
        with Store(db) as store:
            (alert,) = run_watchlists(store, deliver=Delivery([hook]), now=NOW)
        assert len(receiver.requests) == 1 and elsewhere.requests == []
        shown = json.loads(ok(db, "alerts", "show", str(alert.id), "--json").stdout)
        (state,) = shown["deliveries"].values()
        assert state["state"] == "pending" and "redirects are not followed" in state["error"]
    finally:
        elsewhere.shutdown()
        elsewhere.server_close()


def test_bad_webhook_url_is_a_coded_error() -> None:
    from newsevents.watch.deliver import BadTarget

    with pytest.raises(BadTarget, match=r"\[E014\].*ftp://x"):
        WebhookTarget("ftp://x/hook")


def test_delivery_options_build_the_targets_and_refuse_a_bad_webhook(tmp_path: Path) -> None:
    import click

    from newsevents.cli.watch_cmd import delivery_options

    seen: list[Delivery] = []

    @click.command()
    @delivery_options
    def rounds(deliver: Delivery) -> None:
        seen.append(deliver)

    jsonl = tmp_path / "a.jsonl"
    args = ["--alerts-jsonl", str(jsonl), "--webhook", "https://hooks.example/x?token=t"]
    result = CliRunner().invoke(rounds, args)
    assert result.exit_code == 0, result.output
    names = seen[0].names
    assert names[:2] == ["terminal", f"jsonl:{jsonl.resolve()}"]
    assert names[2].startswith("webhook:https://hooks.example#") and "token" not in names[2]
    assert CliRunner().invoke(rounds, ["--no-terminal"]).exit_code == 0 and seen[1].names == []
    bad = CliRunner().invoke(rounds, ["--webhook", "file:///etc/passwd"])
    assert bad.exit_code == 2 and "[E014]" in bad.output and "Traceback" not in bad.output
