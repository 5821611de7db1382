"""The web app and its JSON API over a real store filled by the real ingest and coder."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from newsevents.store import Store
from newsevents.web.app import CSP, create_app, missing_assets
from web_store import XSS_BODY, XSS_TITLE, build_web_store

pytestmark = pytest.mark.skipif(
    bool(missing_assets()), reason="web assets not installed (bash scripts/web_assets.sh)"
)


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    return path, build_web_store(path)


@pytest.fixture(scope="module")
def client(web_db: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(web_db[0]), base_url="http://127.0.0.1") as c:
        yield c


def api(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json()


def all_events(client: TestClient) -> list[dict[str, Any]]:
    return list(api(client, "/api/events?size=200")["records"])


def test_overview_counts_match_the_store(client: TestClient, web_db: tuple[Path, Any]) -> None:
    with Store(web_db[0]) as store:
        n = store._execute("SELECT COUNT(*) FROM events").fetchone()[0]
        by_quad = dict(store._execute("SELECT quad_class, COUNT(*) FROM events GROUP BY 1"))
        monthly = store._execute("SELECT COUNT(*) FROM events WHERE length(date) >= 7").fetchone()[
            0
        ]
    ov = api(client, "/api/overview")
    assert n > 10 and ov["events"] == n
    assert {int(k): v for k, v in ov["by_quad"].items() if v} == by_quad
    # the monthly timeline holds every event dated to a month or day (year-only dates have no month)
    assert sum(sum(v) for v in ov["timeline"]["quad"].values()) == monthly
    assert ov["places"] and all(-90 <= p["lat"] <= 90 for p in ov["places"])
    assert ("RUS", "BFA") in {(d["source"], d["target"]) for d in ov["dyads"]}
    assert api(client, "/api/health")["events"] == n
    page = client.get("/")
    assert page.status_code == 200 and f"{n:,}" in page.text and 'id="map"' in page.text


@pytest.mark.parametrize(
    ("param", "check"),
    [
        ("actor=RUS", lambda r: "RUS" in _countries(r) or "RUS" in _ids(r)),
        ("source=RUS", lambda r: "RUS" in [a["country"] for a in r["sources"]] + _sids(r)),
        ("target=BFA", lambda r: "BFA" in [a["country"] for a in r["targets"]] + _tids(r)),
        ("type=consult", lambda r: r["plover_type"] == "CONSULT"),
        ("cameo_root=4", lambda r: r["cameo_code"].startswith("04")),
        ("quad_class=4", lambda r: r["quad_class"] == 4),
        ("modality=intended", lambda r: r["modality"] == "intended"),
        ("since=2024-06-01&until=2024-07-01", lambda r: "2024-06-01" <= r["date"] < "2024-07-01"),
        ("min_confidence=0.7", lambda r: r["confidence"] >= 0.7),
        ("country=BFA", lambda r: r["location"]["country"] == "BFA"),
        ("q=Ouagadougou", lambda r: True),
    ],
)
def test_each_filter_selects_only_matching_events(
    client: TestClient, param: str, check: Any
) -> None:
    everything = all_events(client)
    got = api(client, f"/api/events?size=200&{param}")
    assert got["records"], param
    assert len(got["records"]) < len(everything)
    assert got["total"] == len(got["records"])
    assert all(check(r) for r in got["records"]), param


def _countries(r: dict[str, Any]) -> list[str]:
    return [a["country"] for a in r["sources"] + r["targets"]]


def _ids(r: dict[str, Any]) -> list[str]:
    return [a["actor_id"] for a in r["sources"] + r["targets"]]


def _sids(r: dict[str, Any]) -> list[str]:
    return [a["actor_id"] for a in r["sources"]]


def _tids(r: dict[str, Any]) -> list[str]:
    return [a["actor_id"] for a in r["targets"]]


def test_text_filter_uses_article_full_text(client: TestClient) -> None:
    got = api(client, "/api/events?q=Ouagadougou&size=200")["records"]
    for r in got:
        art = api(client, f"/api/articles/{r['article_id']}")["article"]
        assert "ouagadougou" in (art["text"] + (art["title"] or "")).lower()


def test_mode_and_bbox_filters(client: TestClient) -> None:
    modes = {r["plover_mode"] for r in all_events(client) if r["plover_mode"]}
    if modes:
        mode = sorted(modes)[0]
        got = api(client, f"/api/events?mode={mode}&size=200")["records"]
        assert got and {r["plover_mode"] for r in got} == {mode}
    placed = [r for r in all_events(client) if r["location"]["lat"] is not None]
    if placed:
        lat, lon = placed[0]["location"]["lat"], placed[0]["location"]["lon"]
        box = f"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}"
        got = api(client, f"/api/events?bbox={box}&size=200")["records"]
        assert placed[0]["event_id"] in {r["event_id"] for r in got}
    assert api(client, "/api/events?bbox=-1,-1,1,1")["total"] <= len(placed)


def test_sort_and_paging(client: TestClient) -> None:
    asc = [r["confidence"] for r in api(client, "/api/events?sort=confidence&size=200")["records"]]
    assert asc == sorted(asc)
    desc = [r["date"] for r in api(client, "/api/events?size=200")["records"]]
    assert desc == sorted(desc, reverse=True)
    p1 = api(client, "/api/events?size=5")["records"]
    p2 = api(client, "/api/events?size=5&page=2")["records"]
    assert len(p1) == 5 and not {r["event_id"] for r in p1} & {r["event_id"] for r in p2}


def test_stories_unit_and_story_endpoints(client: TestClient, web_db: tuple[Path, Any]) -> None:
    stories = api(client, "/api/events?unit=stories&size=200")
    with Store(web_db[0]) as store:
        n = store._execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    assert stories["total"] == n
    if n:
        sid = stories["records"][0]["story_id"]
        assert api(client, f"/api/stories/{sid}")["mentions"]
        assert client.get(f"/stories/{sid}").status_code == 200
    assert client.get("/api/stories/nope").status_code == 404


def test_event_endpoint_links_the_other_article_of_the_story(
    client: TestClient, web_db: tuple[Path, dict[str, str]]
) -> None:
    ids = web_db[1]
    ev = api(client, f"/api/events?article={ids['xss']}&source=RUS&target=BFA")["records"][0]
    got = api(client, f"/api/events/{ev['event_id']}")
    assert got["article"]["id"] == ids["xss"]
    related = {r["article_id"] for r in got["related"]}
    with Store(web_db[0]) as store:
        if got["story_id"]:
            truth = {
                r[0]
                for r in store._execute(
                    "SELECT article_id FROM events WHERE story_id = ? AND article_id <> ?",
                    [got["story_id"], ids["xss"]],
                )
            }
        else:
            truth = {ids["xss2"]}  # same type, dyad and date
    assert related == truth
    assert client.get("/api/events/e-none").status_code == 404


def test_article_actor_dyad_search_timeline_map_dyads(client: TestClient) -> None:
    ev = all_events(client)[0]
    art = api(client, f"/api/articles/{ev['article_id']}")
    assert ev["event_id"] in {e["event_id"] for e in art["events"]}
    actor = api(client, "/api/actors/RUS")
    assert actor["partners"] and actor["network"]["nodes"][0]["id"] == "RUS"
    assert sum(actor["by_quad"].values()) == api(client, "/api/events?actor=RUS")["total"]
    dyad = api(client, "/api/dyad/RUS/BFA")
    assert (
        sum(dyad["series"]["a_b_cooperation"]) + sum(dyad["series"]["a_b_conflict"])
        == api(client, "/api/events?source=RUS&target=BFA")["total"]
    )
    # the dyad chart is `newsevents trends` by month, every month from the first to the last
    months = dyad["months"]
    assert months and all(len(v) == len(months) for v in dyad["series"].values())
    assert months == sorted(months) and len(set(months)) == len(months)
    hits = api(client, "/api/search?q=Burkina")
    assert hits and all("burkina" in (h["snippet"] + (h["title"] or "")).lower() for h in hits)
    tl = api(client, "/api/timeline?type=CONSULT")
    consult = [e for e in all_events(client) if e["plover_type"] == "CONSULT"]
    assert len(consult) == api(client, "/api/events?type=CONSULT")["total"]
    # the monthly timeline leaves out events dated only to a year (no month to place them in)
    monthly = [e for e in consult if e["date"] and len(e["date"]) >= 7]
    assert monthly and sum(sum(v) for v in tl["quad"].values()) == len(monthly)
    pts = api(client, "/api/map?actor=RUS")
    assert 0 < sum(p["n"] for p in pts) <= api(client, "/api/events?actor=RUS")["total"]
    assert all(d["source"] == "RUS" for d in api(client, "/api/dyads?source=RUS"))


def test_downloads_have_the_flat_columns(client: TestClient) -> None:
    from newsevents.store.records import COLUMN_NAMES

    r = client.get("/api/events.csv?type=CONSULT")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert {row["plover_type"] for row in rows} == {"CONSULT"}
    assert len(rows) == api(client, "/api/events?type=CONSULT")["total"]
    # provenance, as in the CLI's exports: each row cites its article
    for row in rows:
        article = api(client, f"/api/articles/{row['article_id']}")["article"]
        assert row["title"] == (article.get("title") or "") and row["title"]
        assert row["outlet"] == article["source"] and row["published"]
    import pyarrow.parquet as pq

    p = client.get("/api/events.parquet?quad_class=1")
    table = pq.read_table(io.BytesIO(p.content))
    assert table.column_names == list(COLUMN_NAMES)
    assert table.num_rows == api(client, "/api/events?quad_class=1")["total"]
    assert all(table.column("outlet").to_pylist()) and all(table.column("published").to_pylist())


def test_pages_render_and_keep_filters_in_links(client: TestClient) -> None:
    page = client.get("/events?type=CONSULT&source=RUS&sort=confidence")
    assert page.status_code == 200
    assert "/api/events.csv?source=RUS&amp;type=CONSULT&amp;sort=confidence" in page.text
    # the filter form carries every filter a URL may hold, so changing one keeps the others
    html = client.get("/events?modality=negated&min_confidence=0.3&article=a1&bbox=1,2,3,4").text
    assert "<option selected>negated</option>" in html
    assert 'name="min_confidence" value="0.3"' in html
    assert '<input type="hidden" name="article" value="a1">' in html
    assert '<input type="hidden" name="bbox" value="1,2,3,4">' in html
    frag = client.get("/events?type=CONSULT", headers={"HX-Request": "true"})
    assert "<html" not in frag.text and 'id="events-table"' in frag.text
    for url in ["/actors/RUS", "/dyad/RUS/BFA", "/search?q=Burkina", "/search"]:
        assert client.get(url).status_code == 200, url


def test_article_text_is_escaped_everywhere(
    client: TestClient, web_db: tuple[Path, dict[str, str]]
) -> None:
    ids = web_db[1]
    ev = api(client, f"/api/events?article={ids['xss']}")["records"][0]
    pages = [
        f"/events/{ev['event_id']}",
        f"/articles/{ids['xss']}",
        "/events?size=200",
        "/",
        "/search?q=alert",
        "/actors/RUS",
        "/dyad/RUS/BFA",
    ]
    for url in pages:
        html = client.get(url).text
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and '<img src="x' not in html, url
        assert "<i>Outlet</i>" not in html, url
    art = client.get(f"/articles/{ids['xss']}").text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in art
    assert "&lt;img src=x onerror=alert(2)&gt;" in art
    # the JSON API returns the text as data, unchanged
    assert api(client, f"/api/articles/{ids['xss']}")["article"]["title"] == XSS_TITLE
    assert XSS_BODY.split(" <")[0] in api(client, f"/api/articles/{ids['xss']}")["article"]["text"]


def test_evidence_is_highlighted_at_its_offsets(
    client: TestClient, web_db: tuple[Path, dict[str, str]]
) -> None:
    ev = api(client, f"/api/events?article={web_db[1]['xss']}")["records"][0]
    html = client.get(f"/events/{ev['event_id']}").text
    trigger = ev["evidence"]["trigger"]
    assert f'<mark class="trigger">{trigger}</mark>' in html
    assert f'<mark class="source">{ev["sources"][0]["text"]}</mark>' in html
    assert f'<mark class="target">{ev["targets"][0]["text"]}</mark>' in html
    assert 'id="evidence"' in html and str(escape(ev["why"][:20])) in html


def test_event_page_lists_every_mention_of_the_record(client: TestClient) -> None:
    events = all_events(client)
    ev = max(events, key=lambda e: len(e["extra"].get("mention_evidence", [])))
    mentions = ev["extra"]["mention_evidence"]
    assert mentions and ev["mentions"] == len(mentions)
    html = client.get(f"/events/{ev['event_id']}").text
    listed = html.split('<ol id="mentions">', 1)[1].split("</ol>", 1)[0]
    assert listed.count("<li>") == len(mentions)
    for m in mentions:
        assert str(escape(m["sentence"])) in listed
        assert f"characters {m['start']}–{m['end']}" in listed


def test_security_headers(client: TestClient) -> None:
    for url in ["/", "/api/events", "/static/app.js", "/docs"]:
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP
        script_src = r.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        assert script_src.strip() == "'self'"
        assert r.headers["x-content-type-options"] == "nosniff"
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs
    assert "<script>" not in client.get("/").text  # no inline scripts
    assert client.get("/api/openapi.json").json()["paths"]["/api/events"]


def test_api_documents_every_filter(client: TestClient) -> None:
    from newsevents.store.filter_params import FILTER_PARAMS

    spec = client.get("/api/openapi.json").json()["paths"]["/api/events"]["get"]
    documented = {p["name"]: p for p in spec["parameters"]}
    for param in FILTER_PARAMS:
        assert documented[param.name]["description"] == param.help
        assert documented[param.name]["schema"]["anyOf"][0]["maxLength"] == param.max_length
    assert {"sort", "unit", "page", "size"} <= set(documented)


def test_limits_and_bad_values(client: TestClient) -> None:
    r = client.get("/api/events?size=201")
    assert r.status_code == 400 and "E029" in r.json()["error"]
    assert client.get("/api/events?size=200").status_code == 200
    r = client.get("/api/events?page=1000&size=200")
    assert r.status_code == 400 and "narrow the filters" in r.json()["error"]
    r = client.get("/api/events?q=" + "a" * 2100)
    assert r.status_code == 400 and "E029" in r.json()["error"]
    r = client.get("/api/events?q=" + "a" * 250)
    assert r.status_code == 422
    assert client.get("/events?size=500").status_code == 400
    for bad in [
        "quad_class=7",
        "type=HUG",
        "sort=title",
        "since=yesterday",
        "bbox=1,2",
        "unit=x",
        "actor=RUS'--",
        "min_confidence=2",
    ]:
        r = client.get(f"/api/events?{bad}")
        assert r.status_code == 422, bad
        assert r.json()["error"]
    # an SQL-looking value is a parameter, never SQL
    assert api(client, "/api/events?q=%27%29%3B%20DROP%20TABLE%20events%3B--")["total"] == 0
    assert api(client, "/api/events?size=1")["total"] > 0
    # empty form fields mean "no filter"
    assert client.get("/events?actor=&quad_class=&type=&since=").status_code == 200


def test_foreign_host_header_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_ingest_refused_when_read_only(client: TestClient) -> None:
    r = client.post("/api/ingest", json={"text": "Russia attacked Ukraine."})
    assert r.status_code == 403 and "--allow-ingest" in r.json()["error"]
    assert client.get("/ingest").status_code == 403


def test_ingest_with_allow_ingest_codes_the_text(tmp_path: Path) -> None:
    db = tmp_path / "ing.db"
    with TestClient(create_app(db, allow_ingest=True), base_url="http://127.0.0.1") as c:
        assert c.get("/ingest").status_code == 200
        assert c.get("/api/overview").json()["events"] == 0  # cached until the store changes
        text = "France and Germany signed an agreement on energy cooperation on Tuesday."
        r = c.post("/api/ingest", json={"text": text, "title": "Deal", "published": "2024-05-02"})
        assert r.status_code == 201, r.text
        (art,) = r.json()["articles"]
        assert art["events"] >= 1
        assert c.get("/api/events").json()["total"] == art["events"]
        assert c.get("/api/overview").json()["events"] == art["events"]
        # The new events belong to stories, as after `newsevents code`.
        stories = c.get("/api/events", params={"unit": "stories"}).json()
        assert stories["total"] >= 1
        with Store(db) as store:
            assert (
                store._execute("SELECT COUNT(*) FROM events WHERE story_id IS NULL").fetchone()[0]
                == 0
            )
        evil = c.post("/api/ingest", json={"text": text}, headers={"origin": "http://evil.example"})
        assert evil.status_code == 403
        assert c.post("/api/ingest", json={}).status_code == 422


def test_serve_refuses_without_assets_message() -> None:
    from newsevents.web import app as web_app

    assert "swagger-ui/swagger-ui-bundle.js" in web_app.REQUIRED_ASSETS
    assert missing_assets() == []


def test_timeline_leaves_out_dates_without_a_month(tmp_path: Path) -> None:
    from newsevents.models import ArticleInput
    from newsevents.store.events import EventFilter, save_events
    from newsevents.web.queries import timeline
    from test_store_events import make_event

    with Store(tmp_path / "t.db") as store:
        (r,) = store.add_articles([ArticleInput(text="x", title="t")])
        article = store.get(r.id)
        assert article is not None
        evs = [
            make_event(r.id, "042", "CONSULT", 1, "RUS", "BFA", "2024-06-05"),
            make_event(r.id, "190", "ASSAULT", 4, "ISR", "PSE", "2024"),
        ]
        save_events(store, article, [e.to_dict() for e in evs], coder_version="1")
        for flt in (EventFilter(), EventFilter(actor="RUS"), EventFilter(actor="ISR")):
            tl = timeline(store, flt)
            assert all(len(m) == 7 for m in tl["months"]), tl  # "YYYY-MM" only, never "2024"
        assert timeline(store, EventFilter())["months"] == ["2024-06"]
        assert timeline(store, EventFilter(actor="ISR"))["months"] == []
