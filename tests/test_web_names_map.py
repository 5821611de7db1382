"""The JSON behind the forms' autocomplete, the map popups and the country pages, over a real
store filled by the real ingest and coder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from newsevents.store import Store
from newsevents.store.filter_params import FILTER_PARAMS, parse_filters
from newsevents.web.app import create_app, missing_assets
from web_store import XSS_TITLE, build_web_store

pytestmark = pytest.mark.skipif(
    bool(missing_assets()), reason="web assets not installed (bash scripts/web_assets.sh)"
)


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / "web.db"
    build_web_store(path)
    return path


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db), base_url="http://127.0.0.1") as c:
        yield c


def api(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json()


def test_suggest_countries_by_name_alias_and_code(client: TestClient) -> None:
    for q in ("Ukr", "ukraine", "UKR"):
        found = api(client, f"/api/suggest?kind=country&q={q}")
        assert found[0]["code"] == "UKR" and found[0]["name"] == "Ukraine", q
    iran = api(client, "/api/suggest?kind=country&q=Iran")[0]
    assert (iran["code"], iran["exact"]) == ("IRN", True)
    assert api(client, "/api/suggest?kind=country&q=Russian%20Federation")[0]["code"] == "RUS"
    # the country filter takes alpha-3 codes only, so those are all the country box offers
    codes = [s["code"] for s in api(client, "/api/suggest?kind=country&q=a&limit=50")]
    assert codes and all(len(c) == 3 and c.isalpha() for c in codes)
    assert api(client, "/api/suggest?kind=country&q=zzzqqq") == []


def test_suggest_actors_from_the_store(client: TestClient, web_db: Path) -> None:
    with Store(web_db) as store:
        ids = {
            a
            for (row,) in store._execute("SELECT source_actors || ',' || target_actors FROM events")
            for a in row.split(",")
            if a
        }
    assert "RUS:vladimir_putin" in ids
    putin = api(client, "/api/suggest?kind=actor&q=putin")[0]
    assert putin["code"] == "RUS:vladimir_putin" and putin["name"] == "Vladimir Putin"
    assert putin["kind"] == "actor" and putin["events"] >= 1
    # every actor suggested exists in the store or is a country (the actor filters take both)
    for s in api(client, "/api/suggest?q=e&limit=50"):
        assert s["code"] in ids or s["kind"] == "country"
    # it leads to events: the suggested code filters as it should
    assert api(client, "/api/events?actor=" + putin["code"])["total"] >= 1


def test_suggest_refuses_bad_input(client: TestClient) -> None:
    assert client.get("/api/suggest?q=").status_code == 422
    assert client.get("/api/suggest?q=x&kind=planet").status_code == 422
    assert client.get("/api/suggest?q=" + "x" * 500).status_code in (400, 422)


def test_map_places_say_how_their_events_are_selected(client: TestClient) -> None:
    places = api(client, "/api/map")
    assert places
    for p in places:
        assert isinstance(p["placed"], bool) and len(p["country"]) == 3
        if p["placed"]:  # the popup asks for a tiny box around the marker: same events
            d = 0.0001
            box = f"{p['lon'] - d:.4f},{p['lat'] - d:.4f},{p['lon'] + d:.4f},{p['lat'] + d:.4f}"
            got = api(client, f"/api/events?size=200&bbox={box}")
            assert got["total"] == p["n"], p
            assert {r["location"]["name"] for r in got["records"]} == {p["name"]}


def test_bbox_keeps_its_precision_in_links() -> None:
    param = next(p for p in FILTER_PARAMS if p.name == "bbox")
    box = parse_filters({"bbox": "116.39713,39.9074,116.39733,39.9076"})["bbox"]
    assert param.format(box) == "116.39713,39.9074,116.39733,39.9076"
    assert param.format((-180.0, -90.0, 180.0, 90.0)) == "-180,-90,180,90"


def test_country_page_and_api(client: TestClient) -> None:
    data = api(client, "/api/countries/chn")
    assert data["code"] == "CHN" and data["name"] == "China"
    n = api(client, "/api/events?country=CHN")["total"]
    assert n >= 1 and sum(data["by_quad"].values()) == n
    assert all(r["location"]["country"] == "CHN" for r in data["latest"])
    assert sum(sum(v) for v in data["timeline"]["quad"].values()) <= n
    assert all(p["country"] == "CHN" for p in data["places"])
    page = client.get("/countries/CHN")
    assert page.status_code == 200 and 'id="timeline"' in page.text
    assert 'href="/events?country=CHN"' in page.text
    missing = client.get("/countries/XXX")
    assert missing.status_code == 404 and "XXX" in missing.text
    assert client.get("/api/countries/XXX").status_code == 404


def test_actor_page_of_a_country_links_its_country_page(client: TestClient) -> None:
    assert 'href="/countries/RUS"' in client.get("/actors/RUS").text
    assert "/countries/" not in client.get("/actors/RUS:vladimir_putin").text


def test_country_page_escapes_article_text(client: TestClient) -> None:
    page = client.get("/countries/RUS")
    assert page.status_code == 200
    assert str(escape(XSS_TITLE)) in page.text  # the Russia-located XSS article, as text
    assert XSS_TITLE not in page.text and "<script>alert" not in page.text
