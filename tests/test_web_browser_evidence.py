"""In Debian's chromium via Playwright: timelines draw points even when the store holds dates
that are not months, a map point is two clicks from its evidence sentence, clusters break apart,
the explorer's map box filters, and the country box turns a name into its ISO code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from newsevents.events.api import CODER_VERSION
from newsevents.store import Store
from newsevents.store.events import article_events, save_events
from newsevents.web.app import create_app, missing_assets
from test_web_browser import CHROMIUM, Watched, serving
from test_web_browser import browser as browser  # the module's fixture, shared
from web_store import build_web_store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
    pytest.mark.skipif(bool(missing_assets()), reason="web assets missing (scripts/web_assets.sh)"),
]

#: Dates as the coder stored them before typed dates: their first 7 characters are no month.
ODD_DATES = [("1987-W01", "week"), ("2025-FA", "season"), ("2026-Q4", "quarter")]

#: uPlot strokes the QuadClass series in these colours (app.js QUAD_COLOURS).
COUNT_SERIES_PIXELS = """(sel) => {
  const c = document.querySelector(sel + ' canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const colours = [[43, 131, 186], [26, 150, 65], [253, 174, 97], [215, 25, 28]];
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] < 200) continue;
    if (colours.some(([r, g, b]) => Math.abs(d[i] - r) < 10 && Math.abs(d[i + 1] - g) < 10
        && Math.abs(d[i + 2] - b) < 10)) n++;
  }
  return n;
}"""


def _with_odd_dates(db: Path) -> None:
    """Re-date three Russia events the way the old coder stored periods ("1987-W01" sorts before
    every month, "2025-FA" and "2026-Q4" after), as real stores hold them."""
    with Store(db) as store:
        ids = [
            r[0]
            for r in store._execute(
                "SELECT DISTINCT article_id FROM events WHERE source_countries LIKE '%RUS%' "
                "ORDER BY article_id"
            )
        ]
        left = list(ODD_DATES)
        for article_id in ids:
            article = store.get(article_id)
            records = article_events(store, article_id)
            if article is None or not records or not left:
                continue
            date, precision = left.pop()
            records[0] = {**records[0], "date": date, "date_precision": precision}
            save_events(store, article, records, coder_version=CODER_VERSION)
        assert not left, "the test store has too few Russia articles"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:

    db = tmp_path_factory.mktemp("evidence") / "web.db"
    build_web_store(db)
    _with_odd_dates(db)
    with serving(create_app(db)) as url:
        yield url


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.context.close()


@pytest.mark.parametrize("path", ["/", "/actors/RUS", "/countries/RUS", "/dyad/RUS/BFA"])
def test_timeline_has_points_despite_odd_dates(server: str, watched: Watched, path: str) -> None:
    page = watched.page
    page.goto(server + path)
    chart = "#dyad-chart" if path.startswith("/dyad") else "#timeline"
    page.wait_for_selector(chart + " .uplot canvas", timeout=15000)
    page.wait_for_timeout(300)
    dyad = path.startswith("/dyad")  # RUS-BFA events all fall in one month: one point each
    assert page.evaluate(COUNT_SERIES_PIXELS, chart) > (10 if dyad else 50), "no series drawn"
    assert int(page.get_attribute(chart, "data-months") or 0) >= (1 if dyad else 2)
    watched.shot("timeline-" + path.strip("/").replace("/", "-") or "overview")
    # typed dates: /api/timeline gives only YYYY-MM months (test_typed_dates.py), so the chart's
    # note on months it cannot draw stays hidden
    assert not page.locator(".chart-note").is_visible()
    watched.check()


def _in_map(page: Any, selector: str) -> list[Any]:
    """The elements matching ``selector`` that lie inside the map's box (a panned or zoomed map
    keeps others in the DOM outside the view), nearest the map's centre first."""
    box = page.locator("#map").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    found = []
    items = page.locator(selector)
    for i in range(items.count()):
        b = items.nth(i).bounding_box()
        if b is None:
            continue
        x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
        if (
            box["x"] + 30 < x < box["x"] + box["width"] - 30
            and box["y"] + 30 < y < box["y"] + box["height"] - 30
        ):
            found.append(((x - cx) ** 2 + (y - cy) ** 2, i))
    return [items.nth(i) for _, i in sorted(found)]


def test_map_point_to_evidence_in_two_clicks(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/")
    page.locator("#map .ev-marker").first.wait_for(timeout=15000)
    marker = _in_map(page, "#map .ev-marker")[0]  # a place shown as its own point
    place = marker.get_attribute("title") or ""
    marker.click()  # click 1: the popup lists the place's latest events
    first = page.locator(".leaflet-popup a.popup-event").first
    first.wait_for(timeout=10000)
    texts = page.locator(".leaflet-popup a.popup-event").all_inner_texts()
    assert 1 <= len(texts) <= 5 and all(" · " in t and "→" in t for t in texts)
    first.click()  # click 2: the event page, scrolled to its evidence sentence
    page.wait_for_url("**/events/**")
    evidence = page.locator("#evidence")
    evidence.wait_for(timeout=10000)
    assert place and place in page.inner_text("dl.facts")
    assert evidence.inner_text().strip()
    box = evidence.bounding_box()
    assert box is not None and 0 <= box["y"] < 1000, "the evidence sentence is not in view"
    watched.check()


def test_clusters_break_apart_to_points(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/")
    page.wait_for_selector("#map .ev-cluster", timeout=15000)
    for _ in range(8):
        clusters = _in_map(page, "#map .ev-cluster")
        if not clusters:
            break
        clusters[0].click()  # zooms into the cluster
        page.wait_for_timeout(700)
    assert not _in_map(page, "#map .ev-cluster"), "a cluster in view did not break apart"
    assert len(_in_map(page, "#map .ev-marker")) >= 2
    watched.check()


def test_explorer_map_box_sets_bbox_filter(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/events")
    total = int(page.inner_text("#total").rstrip("+").replace(",", ""))
    page.locator("#map .ev-marker").first.wait_for(timeout=15000)
    marker = _in_map(page, "#map .ev-marker")[0]  # a point no other place clusters with
    place = marker.get_attribute("title") or ""
    located = page.request.get(server + "/api/map").json()
    lat, lon = next((m["lat"], m["lon"]) for m in located if m["name"] == place)
    b = marker.bounding_box()
    assert b is not None
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    page.click("#box-draw")
    page.mouse.move(x - 10, y - 10)
    page.mouse.down()
    page.mouse.move(x, y, steps=4)
    page.mouse.move(x + 10, y + 10, steps=4)
    page.mouse.up()
    page.wait_for_url("**bbox=**", timeout=10000)
    page.wait_for_function(f"() => document.querySelector('#total').innerText != '{total}'")
    west, south, east, north = map(float, page.input_value("input[name=bbox]").split(","))
    assert west < lon < east and south < lat < north
    boxed = int(page.inner_text("#total").replace(",", ""))
    assert 0 < boxed < total
    bbox = parse_qs(urlsplit(page.url).query)["bbox"][0]
    api = page.request.get(server + "/api/events?size=200&bbox=" + bbox).json()
    assert api["total"] == boxed
    places = {r["location"]["name"] for r in api["records"]}
    assert places == {place}
    page.wait_for_function("() => document.querySelector('#map').dataset.places === '1'")
    watched.check()


def test_country_autocomplete_picks_name_sends_code(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/events")
    box = page.locator('input[data-suggest="country"]')
    box.click()
    box.press_sequentially("Ukr", delay=50)
    option = page.locator("#s-country li", has_text="Ukraine")
    option.wait_for(timeout=10000)
    option.click()
    page.wait_for_url("**country=UKR**", timeout=10000)
    assert box.input_value() == "Ukraine"
    assert page.input_value("#f-country") == "UKR"
    # typed in full and left without picking: the name still becomes its code (not "Ira")
    box.fill("")
    box.press_sequentially("Iran", delay=30)
    box.press("Enter")
    page.wait_for_url("**country=IRN**", timeout=10000)
    assert page.input_value("#f-country") == "IRN"
    n = page.request.get(server + "/api/events?country=IRN").json()["total"]
    page.wait_for_function(f"() => document.querySelector('#total').innerText == '{n}'")
    assert n >= 1
    watched.check()


def test_maps_count_the_unplaced_events_instead_of_plotting_them(
    server: str, watched: Watched
) -> None:
    """Events with no place named for them have no marker; the line under each map counts them
    (the explorer's is filled from /api/map/unplaced, refreshed with the filters)."""
    page = watched.page
    unplaced = page.request.get(server + "/api/map/unplaced").json()["events"]
    assert unplaced > 0  # the sample store holds events no place was named for
    markers = page.request.get(server + "/api/map").json()
    assert all(m["placed"] for m in markers)
    page.goto(server + "/events")
    page.locator(f"#map-unplaced[data-events='{unplaced}']").wait_for(
        state="attached", timeout=15000
    )
    assert f"{unplaced} event" in page.inner_text("#map-unplaced")
    assert "not on the map" in page.inner_text("#map-unplaced")
    page.goto(server + "/")
    assert page.get_attribute("#map-unplaced", "data-events") == str(unplaced)
    watched.check()
