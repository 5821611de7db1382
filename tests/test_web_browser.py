"""End to end in Debian's chromium via Playwright: pages, filters, evidence, stories, no leaks."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsevents.web.app import create_app, missing_assets
from web_store import build_web_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian chromium at /usr/bin/chromium (bash scripts/browser_deps.sh)",
    ),
    pytest.mark.skipif(bool(missing_assets()), reason="web assets missing (scripts/web_assets.sh)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port for the block; yields its base URL."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    db = tmp_path_factory.mktemp("browser") / "web.db"
    ids = build_web_store(db)
    with serving(create_app(db)) as url:
        yield url, ids


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    pw_sync = pytest.importorskip("playwright.sync_api")
    with pw_sync.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


class Watched:
    """A page whose requests and console errors are recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", self._on_response)

    def _on_console(self, m: Any) -> None:
        if m.type == "error":
            self.errors.append(m.text)

    def _on_response(self, r: Any) -> None:
        if r.status >= 400:
            self.errors.append(f"{r.status} {r.url}")

    def check(self) -> None:
        hosts = {
            urlsplit(u).hostname for u in self.requests if not u.startswith(("data:", "blob:"))
        }
        assert hosts <= {"127.0.0.1"}, f"requests left 127.0.0.1: {sorted(hosts, key=str)}"
        assert not self.errors, f"console errors: {self.errors}"

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.context.close()


def test_overview_map_timeline_and_no_foreign_requests(server: Any, watched: Watched) -> None:
    base, _ = server
    page = watched.page
    page.goto(base + "/")
    page.wait_for_selector("#map .leaflet-interactive, #map path", timeout=15000)
    page.wait_for_selector("#map .ev-marker, #map .ev-cluster", timeout=15000)
    page.wait_for_selector("#timeline .uplot", timeout=15000)
    assert int(page.inner_text("#count-events").replace(",", "")) > 10
    page.wait_for_timeout(500)
    watched.shot("overview")
    watched.check()
    assert any(
        u.endswith("/static/vendor/world-atlas/countries-110m.json") for u in watched.requests
    )


def test_explorer_filters_and_open_event_highlight(server: Any, watched: Watched) -> None:
    base, _ = server
    page = watched.page
    page.goto(base + "/events")
    total = int(page.inner_text("#total").rstrip("+").replace(",", ""))
    page.select_option("select[name=type]", "CONSULT")
    page.wait_for_url("**type=CONSULT**", timeout=10000)
    page.wait_for_function(f"() => document.querySelector('#total').innerText != '{total}'")
    filtered = int(page.inner_text("#total").replace(",", ""))
    assert 0 < filtered < total
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == filtered
    assert all(t.startswith("CONSULT") for t in rows.locator("td:nth-child(2)").all_inner_texts())
    watched.shot("explorer")
    # the URL keeps the filters: reloading it shows the same set
    page.goto(page.url)
    assert int(page.inner_text("#total").replace(",", "")) == filtered
    assert "type=CONSULT" in page.get_attribute("#dl-csv", "href")
    page.locator("a.event-link").first.click()
    page.wait_for_selector("#evidence mark.trigger")
    assert page.locator("#evidence mark.source").count() >= 1
    assert page.locator("#evidence mark.target").count() >= 1
    assert page.inner_text("#why")
    watched.shot("event")
    watched.check()


def test_xss_event_story_and_escaping(server: Any, watched: Watched) -> None:
    base, ids = server
    page = watched.page
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(base + f"/articles/{ids['xss']}")
    title = page.inner_text("#article-title")
    assert "<script>" in title and "onerror" in title  # shown as text, not run
    assert page.locator("main img").count() == 0
    page.locator("a.evidence-link").first.click()
    page.wait_for_selector("#evidence mark.trigger")
    related = page.locator("#related a.event-link, #related td a[href^='/events/']")
    if page.locator("#story-link").count():
        page.click("#story-link")
        page.wait_for_selector("#mentions table")
        assert page.locator("#mentions tbody tr").count() >= 1
    else:
        assert related.count() >= 1
    assert not dialogs, dialogs
    watched.check()


@pytest.mark.parametrize("path", ["/actors/RUS", "/dyad/RUS/BFA", "/search?q=Burkina", "/docs"])
def test_other_pages_load_cleanly(server: Any, watched: Watched, path: str) -> None:
    base, _ = server
    page = watched.page
    page.goto(base + path)
    if path.startswith("/actors"):
        page.wait_for_selector("#network canvas", timeout=15000)
        page.wait_for_selector("#timeline .uplot", timeout=15000)
        watched.shot("actor")
    elif path.startswith("/dyad"):
        page.wait_for_selector("#dyad-chart .uplot", timeout=15000)
    elif path.startswith("/search"):
        assert page.locator("ol.hits li").count() >= 1
        assert page.locator(".snippet mark").count() >= 1
    else:
        page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    watched.check()


def test_screenshots_saved_as_artifacts() -> None:
    """Each run leaves real screenshots in test-artifacts/; with NEWSEVENTS_UPDATE_DOC_IMAGES=1
    they also refresh the README's docs/img (tests never touch tracked files otherwise)."""
    names = ["overview", "explorer", "event"]
    if not all((ARTIFACTS / f"{n}.png").is_file() for n in names):
        pytest.skip("no screenshots from this run")
    assert all((ARTIFACTS / f"{n}.png").stat().st_size > 10_000 for n in names)
    if os.environ.get("NEWSEVENTS_UPDATE_DOC_IMAGES") == "1":
        img = Path(__file__).resolve().parents[1] / "docs" / "img"
        img.mkdir(parents=True, exist_ok=True)
        for n in names:
            shutil.copyfile(ARTIFACTS / f"{n}.png", img / f"web-{n}.png")
