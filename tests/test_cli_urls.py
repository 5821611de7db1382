"""`newsevents ingest URL...` end to end: the real CLI against a loopback HTTP server.

Every URL is served by a real HTTP server on 127.0.0.1; nothing here touches the internet.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner, Result

from httpserver import LoopbackServer, NetworkGuard, Response, closed_port_url, http_date
from newsevents.cli.main import cli
from newsevents.models import article_id_for
from newsevents.store import Store

FEED_TITLE = "Loopback Gazette"
LAST_MODIFIED = http_date(1_709_630_000)
RSS_TYPE = "application/rss+xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


@pytest.fixture()
def http_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


# -- content -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    pub_date: str

    @property
    def path(self) -> str:
        return f"/news/{self.slug}"


STORIES = (
    Story(
        "ceasefire-talks",
        "Ceasefire talks resume in Geneva",
        "Delegations met again to extend the ceasefire.",
        (
            "Negotiators from both delegations met in Geneva on Tuesday for a third round of "
            "talks aimed at extending the fragile ceasefire along the northern border.",
            "Officials said the discussions focused on the withdrawal of heavy weapons, the "
            "exchange of detainees and the return of displaced families to frontier villages.",
            "A spokesperson for the mediators described the atmosphere as constructive but "
            "cautioned that several questions remained open and another meeting was planned.",
        ),
        "Tue, 05 Mar 2024 09:30:00 GMT",
    ),
    Story(
        "port-strike",
        "Dock workers strike at the eastern port",
        "Thousands of dock workers walked out over pay.",
        (
            "Thousands of dock workers walked off the job at the eastern port on Wednesday, "
            "halting container traffic in a dispute over pay and night-shift conditions.",
            "The union said the strike would continue until the port authority reopened talks, "
            "while the authority warned that perishable cargo was already piling up on the quays.",
            "Shipping agents reported that at least a dozen vessels had been diverted to other "
            "harbours along the coast since the stoppage began early in the morning.",
        ),
        "Wed, 06 Mar 2024 07:15:00 GMT",
    ),
    Story(
        "flood-relief",
        "Flood relief convoy reaches the delta",
        "Aid trucks arrived after roads reopened.",
        (
            "A convoy of forty relief trucks reached the flooded delta region on Thursday after "
            "engineers reopened the main highway that had been cut by the rising river.",
            "Aid agencies distributed drinking water, tents and medical supplies to families who "
            "had sheltered on school roofs and embankments for almost a week.",
            "The regional governor said damage to farmland was extensive and asked the national "
            "government for emergency funds to rebuild irrigation channels before the planting.",
        ),
        "Thu, 07 Mar 2024 12:00:00 GMT",
    ),
)


def rss(server: LoopbackServer, stories: tuple[Story, ...] = STORIES) -> str:
    """An RSS 2.0 feed whose items link to the stories' pages on the loopback server."""
    items = "".join(
        f"""
    <item>
      <title>{escape(s.title)}</title>
      <link>{server.url(s.path)}</link>
      <guid isPermaLink="false">story-{s.slug}</guid>
      <description>{escape(s.summary)}</description>
      <pubDate>{s.pub_date}</pubDate>
    </item>"""
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{FEED_TITLE}</title>
    <link>{server.url("/")}</link>
    <description>Test feed served on 127.0.0.1</description>{items}
  </channel>
</rss>
"""


def page(title: str, paragraphs: tuple[str, ...] | list[str]) -> str:
    """A news article page with navigation and footer boilerplate around the story."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World desk menu</a></li></ul></nav>
<article><h1>{escape(title)}</h1>
{body}
</article>
<footer><p>Copyright Loopback Gazette. All rights reserved.</p></footer>
</body></html>
"""


def serve_feed(server: LoopbackServer, path: str = "/feed.xml", **kwargs: object) -> str:
    """Serve the three-story feed at ``path`` with validators; returns its URL."""
    kwargs.setdefault("etag", '"feed-v1"')
    kwargs.setdefault("last_modified", LAST_MODIFIED)
    return server.route(
        path,
        Response(body=rss(server), content_type=RSS_TYPE, **kwargs),  # type: ignore[arg-type]
    )


def serve_pages(server: LoopbackServer) -> None:
    for s in STORIES:
        server.route(s.path, Response(body=page(s.title, s.paragraphs), content_type=HTML_TYPE))


# -- running the CLI and reading the store -------------------------------------------------------
def ingest(db_path: Path, *args: str) -> Result:
    """Run ``newsevents --db DB ingest ARGS...`` through click's test runner."""
    return CliRunner().invoke(cli, ["--db", str(db_path), "ingest", *args])


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def all_rows(db_path: Path) -> list[tuple[object, ...]]:
    """Every stored revision, every column that matters, in a stable order."""
    with Store(db_path) as store:
        return [
            tuple(row)
            for row in store._execute(
                "SELECT id, revision, title, text, published, source, url, content_hash, "
                "is_current, ingested_at FROM articles ORDER BY id, revision"
            ).fetchall()
        ]


def article_for(url: str) -> str:
    """The id under which the article fetched from ``url`` is stored."""
    return article_id_for(url, "")


# -- (a) a feed URL, then the same feed again (304) ----------------------------------------------
def test_feed_url_ingests_items_then_304_adds_nothing(
    http_server: LoopbackServer, db_path: Path
) -> None:
    serve_pages(http_server)
    url = serve_feed(http_server)

    first = ingest(db_path, url)
    assert first.exit_code == 0, first.output
    assert error_lines(first) == []
    assert "3 added" in first.stderr

    with Store(db_path) as store:
        assert store.count() == 3
        for s in STORIES:
            link = http_server.url(s.path)
            art = store.get(article_for(link))
            assert art is not None, s.slug
            assert art.title == s.title
            assert art.text == s.summary  # the feed's text: links are not followed by default
            assert art.url == link
            assert art.source == FEED_TITLE
            assert art.revision == 1
            assert art.origin.startswith(url + "#")
        listed = store.list_articles(limit=10)
        # newest publication first
        assert [a.title for a in listed] == [s.title for s in reversed(STORIES)]
    rows_before = all_rows(db_path)
    # only the feed was fetched, with the newsevents user agent and no validators yet
    assert http_server.paths() == ["/feed.xml"]
    (req1,) = http_server.requests_for("/feed.xml")
    assert (req1.header("User-Agent") or "").startswith("newsevents/")
    assert req1.header("If-None-Match") is None

    second = ingest(db_path, url, "--json")
    assert second.exit_code == 0, second.output
    assert error_lines(second) == []
    report = json.loads(second.stdout)
    assert report["not_modified"] == 1
    assert (report["read"], report["added"], report["revised"]) == (0, 0, 0)
    assert report["errors"] == []

    req2 = http_server.requests_for("/feed.xml")[1]
    assert req2.header("If-None-Match") == '"feed-v1"'
    assert req2.header("If-Modified-Since") == LAST_MODIFIED
    assert http_server.statuses_for("/feed.xml") == [200, 304]
    assert all_rows(db_path) == rows_before


def test_feed_304_with_last_modified_only(http_server: LoopbackServer, db_path: Path) -> None:
    url = serve_feed(http_server, etag=None)
    assert ingest(db_path, url).exit_code == 0
    second = ingest(db_path, url)
    assert second.exit_code == 0, second.output
    assert "not modified" in second.stderr
    req2 = http_server.requests_for("/feed.xml")[1]
    assert req2.header("If-Modified-Since") == LAST_MODIFIED
    assert req2.header("If-None-Match") is None
    assert http_server.statuses_for("/feed.xml") == [200, 304]
    with Store(db_path) as store:
        assert store.count() == 3


# -- (b) an HTML article page URL ----------------------------------------------------------------
def test_html_page_url_ingests_one_article(http_server: LoopbackServer, db_path: Path) -> None:
    story = STORIES[0]
    # no file suffix in the path: the format comes from the Content-Type and the bytes
    url = http_server.route(
        story.path, Response(body=page(story.title, story.paragraphs), content_type=HTML_TYPE)
    )
    result = ingest(db_path, url)
    assert result.exit_code == 0, result.output
    assert error_lines(result) == []

    with Store(db_path) as store:
        assert store.count() == 1
        art = store.get(article_for(url))
        assert art is not None
        assert art.title == story.title
        for para in story.paragraphs:
            assert para in art.text
        assert "World desk menu" not in art.text
        assert "All rights reserved" not in art.text
        assert art.url == url
        assert art.origin == url
        assert art.published is not None and art.published.startswith("2024-03-05T09:30")
        assert [a.id for a in store.list_articles()] == [art.id]


# -- (c) a changed page at the same URL becomes revision 2 ---------------------------------------
def test_changed_page_is_stored_as_revision_2(http_server: LoopbackServer, db_path: Path) -> None:
    story = STORIES[1]
    v1 = story.paragraphs
    v2 = (
        *story.paragraphs[:2],
        "Update: the union and the port authority agreed on Friday to "
        "resume negotiations, and the first container ships were unloaded within hours.",
    )
    url = http_server.route(
        story.path, Response(body=page(story.title, v1), content_type=HTML_TYPE, etag='"p1"')
    )
    assert ingest(db_path, url).exit_code == 0

    http_server.route(
        story.path, Response(body=page(story.title, v2), content_type=HTML_TYPE, etag='"p2"')
    )
    second = ingest(db_path, url)
    assert second.exit_code == 0, second.output
    assert "1 revised" in second.stderr
    assert http_server.requests_for(story.path)[1].header("If-None-Match") == '"p1"'
    assert http_server.statuses_for(story.path) == [200, 200]

    aid = article_for(url)
    with Store(db_path) as store:
        assert store.count() == 1
        revs = store.revisions(aid)
        assert [r.revision for r in revs] == [1, 2]
        assert v1[2] in revs[0].text and v2[2] not in revs[0].text
        assert v2[2] in revs[1].text and v1[2] not in revs[1].text
        current = store.get(aid)
        assert current is not None and current.revision == 2
        old = store.get(aid, revision=1)
        assert old is not None and old.text == revs[0].text

    # unchanged on the server: 304, nothing new
    third = ingest(db_path, url)
    assert third.exit_code == 0, third.output
    assert http_server.requests_for(story.path)[2].header("If-None-Match") == '"p2"'
    assert http_server.statuses_for(story.path)[-1] == 304

    # a new ETag over the same content: fetched again, but no third revision
    http_server.route(
        story.path, Response(body=page(story.title, v2), content_type=HTML_TYPE, etag='"p3"')
    )
    fourth = ingest(db_path, url)
    assert fourth.exit_code == 0, fourth.output
    assert "1 unchanged" in fourth.stderr
    with Store(db_path) as store:
        assert [r.revision for r in store.revisions(aid)] == [1, 2]


# -- (d) good, missing and slow URLs in one run --------------------------------------------------
def test_mixed_run_stores_good_items_and_reports_each_bad_url(
    http_server: LoopbackServer, db_path: Path
) -> None:
    good = serve_feed(http_server)
    missing = http_server.url("/missing.xml")
    slow = http_server.route("/slow.xml", Response(body=rss(http_server), delay=10.0))

    result = ingest(db_path, good, missing, slow, "--timeout", "0.5")
    assert result.exit_code == 1, result.output

    errors = error_lines(result)
    assert len(errors) == 2, result.stderr
    (err404,) = [line for line in errors if missing in line]
    assert "HTTP 404" in err404 and "E012" in err404
    (err_slow,) = [line for line in errors if slow in line]
    assert "timed out" in err_slow and "E013" in err_slow
    assert result.stdout == ""

    with Store(db_path) as store:
        assert store.count() == 3
        assert {a.title for a in store.list_articles()} == {s.title for s in STORIES}


# -- (e) only bad URLs: exit 2, the store untouched ----------------------------------------------
def test_only_bad_urls_exit_2_and_leave_store_intact(
    http_server: LoopbackServer, db_path: Path
) -> None:
    good = serve_feed(http_server)
    assert ingest(db_path, good).exit_code == 0
    before = all_rows(db_path)
    assert len(before) == 3

    missing = http_server.url("/gone.xml")
    broken = http_server.route("/broken.xml", Response(status=500, body="oops"))
    slow = http_server.route("/slow.xml", Response(body="late", delay=10.0))
    refused = closed_port_url("/feed.xml")
    result = ingest(db_path, missing, broken, slow, refused, "--timeout", "0.5")
    assert result.exit_code == 2, result.output

    errors = error_lines(result)
    assert len(errors) == 4, result.stderr
    for url, reason in [
        (missing, "HTTP 404"),
        (broken, "HTTP 500"),
        (slow, "timed out"),
        (refused, "cannot fetch"),
    ]:
        (line,) = [e for e in errors if url + ":" in e]
        assert reason in line, line

    assert all_rows(db_path) == before
    with Store(db_path) as store:
        assert store.count() == 3


# -- (f) --follow-links stores the pages' full text ----------------------------------------------
def test_follow_links_stores_full_page_text(http_server: LoopbackServer, db_path: Path) -> None:
    serve_pages(http_server)
    url = serve_feed(http_server)

    result = ingest(db_path, url, "--follow-links", "--allow-private")
    assert result.exit_code == 0, result.output
    assert error_lines(result) == []

    with Store(db_path) as store:
        assert store.count() == 3
        for s in STORIES:
            art = store.get(article_for(http_server.url(s.path)))
            assert art is not None, s.slug
            assert art.text != s.summary
            for para in s.paragraphs:
                assert para in art.text
            assert "World desk menu" not in art.text
            assert art.title == s.title
    for s in STORIES:
        (req,) = http_server.requests_for(s.path)
        assert (req.header("User-Agent") or "").startswith("newsevents/")


def test_follow_links_bad_link_keeps_feed_text_and_reports_link(
    http_server: LoopbackServer, db_path: Path
) -> None:
    serve_pages(http_server)
    http_server.route(STORIES[2].path, Response(status=404, body="gone"))
    url = serve_feed(http_server)

    result = ingest(db_path, url, "--follow-links", "--allow-private")
    assert result.exit_code == 1, result.output
    bad_link = http_server.url(STORIES[2].path)
    errors = error_lines(result)
    assert len(errors) == 1, result.stderr
    assert bad_link in errors[0] and "HTTP 404" in errors[0]

    with Store(db_path) as store:
        assert store.count() == 3
        kept = store.get(article_for(bad_link))
        assert kept is not None and kept.text == STORIES[2].summary
        full = store.get(article_for(http_server.url(STORIES[0].path)))
        assert full is not None and STORIES[0].paragraphs[0] in full.text


# -- (g) a disallowed scheme -------------------------------------------------------------------
def test_ftp_url_exit_2_without_network(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    guard = NetworkGuard().install(monkeypatch)
    url = "ftp://example.invalid/x"
    result = ingest(db_path, url)
    assert result.exit_code == 2, result.output
    errors = error_lines(result)
    assert errors == [f"error: {url}: URL scheme 'ftp' is not allowed (only http and https) [E014]"]
    assert guard.attempts == []
    with Store(db_path) as store:
        assert store.count() == 0


def test_file_url_is_refused_too(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    secret = db_path.parent / "secret.txt"
    secret.write_text("a local file that must not be read through a file:// URL\n")
    guard = NetworkGuard().install(monkeypatch)
    result = ingest(db_path, secret.as_uri())
    assert result.exit_code == 2, result.output
    (line,) = error_lines(result)
    assert "'file' is not allowed" in line and "E014" in line
    assert guard.attempts == []
    with Store(db_path) as store:
        assert store.count() == 0
