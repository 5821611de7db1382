"""The web side of watchlists and alerts over a real store (real CLI, coder and watch rules):
the Alerts page and its API, the header's unread count, acknowledging, and watchlists made from
the explorer's filters, stored as ``newsevents watch add`` stores them; writes only with
``--allow-ingest`` and only from the server's own origin."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsevents.store import Store
from newsevents.store import watch as db
from newsevents.web.app import create_app, missing_assets
from web_alerts_store import EVIDENCE, build_alert_store, cli_ok

pytestmark = pytest.mark.skipif(
    bool(missing_assets()), reason="web assets not installed (bash scripts/web_assets.sh)"
)

BASE = "http://127.0.0.1"
SAME_ORIGIN = {"origin": BASE}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-alerts") / "alerts.db"
    # both watchlists match the Russia-Burkina Faso deal; they are run by name, so "bfa"'s
    # alert is the older one
    raised = build_alert_store(
        path, watchlists={"rus": ["--actor", "RUS"], "bfa": ["--target", "BFA"]}
    )
    assert raised == 2
    return path


@pytest.fixture()
def store_path(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "alerts.db"
    shutil.copy(template, copy)
    return copy


@pytest.fixture()
def writable(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path, allow_ingest=True), base_url=BASE) as c:
        yield c


@pytest.fixture()
def read_only(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path), base_url=BASE) as c:
        yield c


def unread_in_header(html: str) -> int:
    found = re.search(r'id="unread-count"[^>]*>(\d+)<', html)
    assert found, "no unread count in the header"
    return int(found.group(1))


def get(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json() if url.startswith("/api") else r.text


def test_api_lists_alerts_newest_first_and_pages(read_only: TestClient) -> None:
    data = get(read_only, "/api/alerts")
    assert (data["total"], data["unread"]) == (2, 2)
    assert [a["watchlist"] for a in data["alerts"]] == ["rus", "bfa"]
    first = data["alerts"][0]
    assert first["evidence"]["sentence"] == EVIDENCE
    assert first["rule"] == {"kind": "match", "filters": {"actor": "RUS"}}
    assert first["event"]["plover_type"] and first["story_id"]
    page2 = get(read_only, "/api/alerts?size=1&page=2")
    assert [a["watchlist"] for a in page2["alerts"]] == ["bfa"]
    assert (page2["page"], page2["size"], page2["offset"]) == (2, 1, 1)
    assert get(read_only, "/api/alerts?watchlist=rus")["total"] == 1
    assert read_only.get("/api/alerts?size=500").status_code == 400
    assert read_only.get("/api/alerts?page=x").status_code == 422
    lists = {w["name"]: w for w in get(read_only, "/api/watchlists")}
    assert lists["rus"]["filters"] == {"actor": "RUS"} and lists["rus"]["unread"] == 1


def test_alerts_page_and_header_escape_evidence(read_only: TestClient) -> None:
    html = get(read_only, "/alerts")
    assert unread_in_header(html) == 2
    for page in ("/", "/events", "/search"):
        assert unread_in_header(get(read_only, page)) == 2
    items = re.findall(r'<li class="alert unread" id="alert-(\d+)"', html)
    assert items == ["2", "1"]  # newest first
    assert "&lt;script&gt;alert(&#34;alert&#34;)&lt;/script&gt;" in html
    assert '<script>alert("alert")' not in html
    alert = get(read_only, "/api/alerts")["alerts"][0]
    assert f'href="/events/{alert["event_id"]}"' in html
    assert f'href="/stories/{alert["story_id"]}"' in html
    # read-only: the list is there, the buttons and the explorer's form are not
    assert 'class="ack"' not in html
    assert 'id="watch-form"' not in get(read_only, "/events?actor=RUS")


def test_writes_refused_when_read_only(read_only: TestClient, store_path: Path) -> None:
    r = read_only.post("/api/alerts/1/ack", headers=SAME_ORIGIN)
    assert r.status_code == 403 and "--allow-ingest" in r.json()["error"]
    r = read_only.post("/api/watchlists", json={"name": "x", "filters": {"actor": "RUS"}})
    assert r.status_code == 403
    assert read_only.post("/alerts/1/ack", headers=SAME_ORIGIN).status_code == 403
    form = {"name": "x", "actor": "RUS"}
    assert read_only.post("/watchlists", data=form, headers=SAME_ORIGIN).status_code == 403
    with Store(store_path) as store:
        assert db.count_unread(store) == 2 and db.get_watchlist(store, "x") is None


def test_ack_marks_read_and_the_count_drops(writable: TestClient) -> None:
    html = get(writable, "/alerts")
    assert html.count('class="ack"') == 2
    r = writable.post("/api/alerts/2/ack", headers=SAME_ORIGIN)
    assert r.status_code == 200 and r.json() == {"id": 2, "acked": True, "was_unread": True}
    assert writable.post("/api/alerts/2/ack").json()["was_unread"] is False
    assert writable.post("/api/alerts/99/ack").status_code == 404
    assert unread_in_header(get(writable, "/events")) == 1
    assert get(writable, "/api/alerts?unread=true")["total"] == 1
    # the page's button: a form post, answered with a redirect back to the list
    # (a browser's form post under Referrer-Policy no-referrer says Origin null, same-origin)
    own_form = {"origin": "null", "sec-fetch-site": "same-origin"}
    r = writable.post("/alerts/1/ack", headers=own_form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/alerts")
    html = get(writable, "/alerts")
    assert unread_in_header(html) == 0 and 'class="ack"' not in html
    assert get(writable, "/api/alerts")["unread"] == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"sec-fetch-site": "cross-site"},
        {"origin": "http://127.0.0.1", "sec-fetch-site": "same-site"},
        {"origin": "null"},  # a sandboxed frame elsewhere
        {"origin": "null", "sec-fetch-site": "cross-site"},
    ],
)
def test_cross_origin_writes_refused(
    writable: TestClient, store_path: Path, headers: dict[str, str]
) -> None:
    assert writable.post("/api/alerts/1/ack", headers=headers).status_code == 403
    assert writable.post("/alerts/1/ack", headers=headers).status_code == 403
    body = {"name": "evil", "filters": {"actor": "RUS"}}
    assert writable.post("/api/watchlists", json=body, headers=headers).status_code == 403
    form = {"name": "evil", "actor": "RUS"}
    assert writable.post("/watchlists", data=form, headers=headers).status_code == 403
    with Store(store_path) as store:
        assert db.count_unread(store) == 2 and db.get_watchlist(store, "evil") is None


def test_api_watchlist_stored_as_the_cli_stores_it(writable: TestClient, tmp_path: Path) -> None:
    options = ["--actor", "RUS", "--type", "agree", "--min-confidence", "0.5", "--text", "deal"]
    cli_db = tmp_path / "cli.db"
    cli_ok(cli_db, "watch", "add", "same", *options)
    body = {
        "name": "same",
        "filters": {"actor": "RUS", "type": "agree", "min_confidence": "0.5", "q": "deal"},
    }
    r = writable.post("/api/watchlists", json=body, headers=SAME_ORIGIN)
    assert r.status_code == 201, r.text
    assert r.json()["filters"] == {
        "actor": "RUS",
        "type": "AGREE",
        "min_confidence": "0.5",
        "q": "deal",
    }
    with Store(cli_db) as store:
        by_cli = db.get_watchlist(store, "same")
    web = {w["name"]: w for w in get(writable, "/api/watchlists")}["same"]
    assert by_cli is not None and web["filters"] == by_cli.filters
    spike = {"name": "surge", "filters": {"country": "ukr"}, "spike": {"k": 3, "min_count": 4}}
    r = writable.post("/api/watchlists", json=spike)
    assert r.status_code == 201 and r.json()["spike"] == {"k": 3.0, "min_count": 4}
    assert r.json()["filters"] == {"country": "UKR"}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"name": "rus", "filters": {"actor": "RUS"}}, 409, ""),
        ({"name": "bad name!", "filters": {"actor": "RUS"}}, 422, "E026"),
        ({"name": "nofilter", "filters": {}}, 422, "E026"),
        ({"name": "unknown", "filters": {"colour": "red"}}, 422, "E026"),
        ({"name": "badtype", "filters": {"type": "NOPE"}}, 422, "E030"),
        ({"name": "badspike", "filters": {}, "spike": {"k": 0.5}}, 422, "E030"),
    ],
)
def test_bad_watchlists_are_coded_errors(
    writable: TestClient, body: dict[str, Any], status: int, code: str
) -> None:
    r = writable.post("/api/watchlists", json=body)
    assert r.status_code == status, r.text
    assert code in r.json()["error"]


def test_explorer_form_makes_a_watchlist_of_the_current_filters(
    writable: TestClient, store_path: Path
) -> None:
    html = get(writable, "/events?actor=RUS&type=AGREE&sort=confidence&size=20")
    form = html[html.index('id="watch-form"') :]
    form = form[: form.index("</form>")]
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert hidden == {"actor": "RUS", "type": "AGREE"}  # filters only: no sort or page size
    r = writable.post(
        "/watchlists",
        data={**hidden, "name": "from-explorer"},
        headers=SAME_ORIGIN,
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/alerts?added=from-explorer")
    with Store(store_path) as store:
        row = db.get_watchlist(store, "from-explorer")
    assert row is not None and row.filters == {"actor": "RUS", "type": "AGREE"}
    assert "from-explorer" in get(writable, "/alerts?added=from-explorer")
    # the same name again, or no filter at all: a coded error page, nothing stored
    again = writable.post("/watchlists", data={**hidden, "name": "from-explorer"})
    assert again.status_code == 409
    empty = writable.post("/watchlists", data={"name": "empty"})
    assert empty.status_code == 422 and "E026" in empty.text
    # without a filter, the explorer's button is disabled
    assert "set a filter to watch" in get(writable, "/events")
