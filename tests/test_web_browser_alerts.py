"""The Alerts page end to end in Debian's chromium via Playwright, on a real uvicorn server
started with --allow-ingest: the header's unread count, the alert with its evidence (markup shown
as text), through to the event page, ack, and a watchlist made from the explorer's filters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsevents.store import Store
from newsevents.store import watch as db
from newsevents.web.app import create_app, missing_assets
from test_web_browser import CHROMIUM, Watched, serving
from test_web_browser import browser as browser  # the module's fixture, shared
from web_alerts_store import EVIDENCE, build_alert_store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian chromium at /usr/bin/chromium (bash scripts/browser_deps.sh)",
    ),
    pytest.mark.skipif(bool(missing_assets()), reason="web assets missing (scripts/web_assets.sh)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:

    path = tmp_path_factory.mktemp("browser-alerts") / "alerts.db"
    assert build_alert_store(path, watchlists={"rus": ["--actor", "RUS"]}) == 1
    with serving(create_app(path, allow_ingest=True)) as url:
        yield url, path


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    w.page.on("dialog", on_dialog)
    yield w
    w.context.close()
    assert not dialogs, f"a script ran: {dialogs}"


def test_alert_listed_opened_and_acknowledged(server: Any, watched: Watched) -> None:
    base, path = server
    page = watched.page
    page.goto(base + "/")
    assert page.inner_text("#unread-count") == "1"
    page.click("#alerts-link")
    page.wait_for_url("**/alerts")
    items = page.locator("li.alert")
    assert items.count() == 1
    item = items.first
    assert "rus" in item.locator(".watchlist").inner_text()
    assert "actor=RUS" in item.locator(".rule").inner_text()
    # the evidence holds <script>: shown as text, never run (no dialog, see the fixture)
    assert item.locator("blockquote.evidence").inner_text() == EVIDENCE
    assert item.locator("blockquote.evidence script").count() == 0
    watched.shot("alerts")
    story = item.locator("a.alert-story-link").get_attribute("href")
    assert story and story.startswith("/stories/")
    item.locator("a.alert-event-link").click()
    page.wait_for_url("**/events/e*")
    page.wait_for_selector("#evidence mark.trigger")
    assert page.inner_text("#unread-count") == "1"
    page.goto(base + story)
    assert page.locator("main h1").count() == 1
    page.goto(base + "/alerts")
    page.click("li.alert form.ack button")
    page.wait_for_selector("li.alert:not(.unread)")
    assert page.inner_text("#unread-count") == "0"
    assert page.locator("form.ack").count() == 0
    with Store(path) as store:
        assert db.count_unread(store) == 0
    watched.check()


def test_watchlist_from_the_explorer_filters(server: Any, watched: Watched) -> None:
    base, path = server
    page = watched.page
    page.goto(base + "/events?actor=RUS")
    # change a filter (htmx swaps the results): the form follows the current filters
    page.select_option("select[name=type]", "AGREE")
    page.wait_for_url("**type=AGREE**", timeout=10000)
    page.wait_for_selector("#watch-form input[name=type][value=AGREE]", state="attached")
    page.fill("#watch-form input[name=name]", "from-browser")
    page.click("#watch-form button[type=submit]")
    page.wait_for_url("**/alerts?added=from-browser**")
    assert "from-browser" in page.inner_text("#added")
    assert "from-browser" in page.inner_text("#watchlists-table")
    with Store(path) as store:
        row = db.get_watchlist(store, "from-browser")
    assert row is not None and row.filters == {"actor": "RUS", "type": "AGREE"}
    watched.check()
