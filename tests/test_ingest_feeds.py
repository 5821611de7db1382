"""Feed ingestion: RSS 2.0, RSS 1.0 (RDF), Atom, JSON Feed, damaged feeds and following links."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsevents.errors import ErrorCode, InputError
from newsevents.ingest.base import IngestOptions, ItemError, Parsed, Source
from newsevents.ingest.feeds import html_to_text, looks_like_feed, parse_feed
from newsevents.ingest.fetch import fetch
from newsevents.models import ArticleInput, canonical_url, content_hash
from newsevents.store import Store

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example Wire</title>
  <link>https://wire.example.com/</link>
  <description>World news</description>
  <item>
    <title>Talks resume in Geneva</title>
    <link>https://wire.example.com/geneva-talks</link>
    <guid>wire-1</guid>
    <description>Short teaser only.</description>
    <content:encoded><![CDATA[<p>Diplomats from <b>Freedonia</b> &amp; Sylvania met in Geneva.</p>
      <script>alert('x')</script>
      <p>They agreed to meet again&nbsp;next month.<br/>A statement followed.</p>]]>
    </content:encoded>
    <pubDate>Tue, 04 Jun 2024 14:30:00 +0200</pubDate>
  </item>
  <item>
    <title>Floods hit the coast</title>
    <link>https://wire.example.com/floods</link>
    <description>&lt;p&gt;Heavy rain &amp;amp; storms caused
      &lt;em&gt;severe&lt;/em&gt; floods.&lt;/p&gt;</description>
    <pubDate>Wed, 05 Jun 2024 08:00:00 GMT</pubDate>
  </item>
  <item>
    <link>https://wire.example.com/empty</link>
    <pubDate>Wed, 05 Jun 2024 09:00:00 GMT</pubDate>
  </item>
  <item>
    <title>Breaking: ceasefire announced</title>
    <link>https://wire.example.com/ceasefire</link>
  </item>
</channel>
</rss>"""

RSS1 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.org/">
    <title>RDF Daily</title>
    <link>https://rdf.example.org/</link>
    <description>An RSS 1.0 feed</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://rdf.example.org/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://rdf.example.org/a">
    <title>Parliament passes budget</title>
    <link>https://rdf.example.org/a</link>
    <description>The budget passed by 201 votes to 150.</description>
    <dc:date>2024-06-03T10:00:00+01:00</dc:date>
  </item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Times</title>
  <id>urn:example:atom</id>
  <updated>2024-06-02T12:00:00Z</updated>
  <entry>
    <title type="html">Election &lt;i&gt;results&lt;/i&gt; are in</title>
    <link rel="alternate" href="https://atom.example.net/election"/>
    <id>urn:example:atom:1</id>
    <published>2024-06-02T09:30:00-04:00</published>
    <updated>2024-06-02T11:00:00-04:00</updated>
    <summary>The summary is shorter.</summary>
    <content type="html">&lt;h2&gt;Turnout high&lt;/h2&gt;
      &lt;p&gt;Voters turned out in record numbers.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Summary only</title>
    <link rel="alternate" href="https://atom.example.net/summary"/>
    <id>urn:example:atom:2</id>
    <updated>2024-06-01T08:00:00Z</updated>
    <summary>Only a summary here.</summary>
  </entry>
</feed>"""

JSONFEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Gazette",
        "items": [
            {
                "id": "1",
                "url": "https://json.example.com/1",
                "title": "Summit ends",
                "content_html": (
                    "<p>The summit ended.</p><p>Leaders signed &quot;an accord&quot;.</p>"
                ),
                "date_published": "2024-06-01T18:00:00+02:00",
            },
            {
                "id": "2",
                "url": "https://json.example.com/2",
                "content_text": "Plain text body.",
                "date_published": "2024-06-02T06:00:00Z",
            },
            {"id": "3", "url": "https://json.example.com/3"},
            {"id": "4", "title": "Headline only"},
        ],
    }
).encode()


def run(data: bytes, name: str = "feed.xml", **kwargs: object) -> list[Parsed]:
    """Parse a feed held in memory."""
    options = IngestOptions(**kwargs)  # type: ignore[arg-type]
    return list(parse_feed(Source.from_bytes(name, data), options))


def articles(items: list[Parsed]) -> list[ArticleInput]:
    """The articles among parsed items."""
    return [i for i in items if isinstance(i, ArticleInput)]


def errors(items: list[Parsed]) -> list[ItemError]:
    """The per-item errors among parsed items."""
    return [i for i in items if isinstance(i, ItemError)]


# -- formats ----------------------------------------------------------------------------------
def test_rss2_content_encoded_preferred_and_html_stripped() -> None:
    items = run(RSS2)
    arts = articles(items)
    assert [a.title for a in arts] == [
        "Talks resume in Geneva",
        "Floods hit the coast",
        "Breaking: ceasefire announced",
    ]
    first = arts[0]
    assert first.text == (
        "Diplomats from Freedonia & Sylvania met in Geneva.\n\n"
        "They agreed to meet again next month.\nA statement followed."
    )
    assert "teaser" not in first.text
    assert first.url == "https://wire.example.com/geneva-talks"
    assert first.source == "wire.example.com"  # the site, not the feed title
    assert first.meta["feed_title"] == "Example Wire"
    assert first.origin == "feed.xml#1"
    assert first.external_id == "wire-1"
    assert first.language is None
    assert first.published == datetime(2024, 6, 4, 12, 30, tzinfo=UTC)
    assert arts[1].text == "Heavy rain & storms caused severe floods."  # escaped HTML
    assert arts[1].published == datetime(2024, 6, 5, 8, 0, tzinfo=UTC)
    assert not any("<" in a.text for a in arts)
    dated = [a.published for a in arts if a.published is not None]
    assert all(isinstance(d, datetime) and d.utcoffset() is not None for d in dated)


def test_item_without_text_or_title_is_an_item_error_others_go_on() -> None:
    items = run(RSS2)
    errs = errors(items)
    assert len(errs) == 1
    assert errs[0].code is ErrorCode.E010
    assert errs[0].source == "feed.xml#3"
    assert len(articles(items)) == 3


def test_title_only_item_keeps_title_as_text() -> None:
    ceasefire = articles(run(RSS2))[2]
    assert ceasefire.text == "Breaking: ceasefire announced"
    assert ceasefire.meta["text_from"] == "title"
    assert ceasefire.published is None


def test_rss1_rdf() -> None:
    (art,) = articles(run(RSS1))
    assert art.title == "Parliament passes budget"
    assert art.text == "The budget passed by 201 votes to 150."
    assert art.url == "https://rdf.example.org/a"
    assert art.source == "rdf.example.org"
    assert art.published == datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


def test_atom_content_over_summary_and_html_title() -> None:
    first, second = articles(run(ATOM))
    assert first.title == "Election results are in"
    assert first.text == "Turnout high\n\nVoters turned out in record numbers."
    assert first.url == "https://atom.example.net/election"
    assert first.published == datetime(2024, 6, 2, 13, 30, tzinfo=UTC)
    assert first.source == "atom.example.net"
    assert second.text == "Only a summary here."
    assert second.published == datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def test_json_feed() -> None:
    items = run(JSONFEED, name="feed.json")
    arts = articles(items)
    assert [a.url for a in arts] == [
        "https://json.example.com/1",
        "https://json.example.com/2",
        None,
    ]
    assert arts[0].text == 'The summit ended.\n\nLeaders signed "an accord".'
    assert arts[0].published == datetime(2024, 6, 1, 18, 0, tzinfo=timezone(timedelta(hours=2)))
    assert arts[0].source == "json.example.com"  # no home_page_url: the item link's host
    assert arts[0].external_id == "1"
    assert arts[1].text == "Plain text body."
    assert arts[1].title is None
    assert arts[2].text == "Headline only"
    (err,) = errors(items)
    assert err.source == "feed.json#3"
    assert err.code is ErrorCode.E010


def test_outlet_option_used_when_feed_names_no_site_or_title() -> None:
    data = RSS2.replace(b"<title>Example Wire</title>", b"")
    data = re.sub(rb"<link>[^<]*</link>", b"", data)
    assert articles(run(data, source="Given Outlet"))[0].source == "Given Outlet"
    titled = re.sub(rb"<link>[^<]*</link>", b"", RSS2)
    assert articles(run(titled, source="Given Outlet"))[0].source == "Example Wire"


# -- damage -----------------------------------------------------------------------------------
def test_malformed_xml_recovers_entries() -> None:
    broken = RSS2.replace(b"Short teaser only.", b"Tom & Jerry <unclosed")
    arts = articles(run(broken))
    assert len(arts) == 3
    truncated = RSS2[: RSS2.index(b"<item>\n    <link>https://wire.example.com/empty")]
    assert [a.title for a in articles(run(truncated))] == [
        "Talks resume in Geneva",
        "Floods hit the coast",
    ]


def test_undeclared_rss_prefix_is_repaired() -> None:
    data = (
        b'<?xml?xml version="1.0" ??>\n<rss rss:version=2.0><rss:channel>'
        b"<rss:title>Prefixed</rss:title><rss:item><rss:title>One</rss:title>"
        b"<rss:link>https://p.example/1</rss:link><rss:description>Body one</rss:description>"
        b"</rss:item></rss:channel></rss>"
    )
    (art,) = articles(run(data))
    assert (art.title, art.text, art.source) == ("One", "Body one", "p.example")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"this is not a feed at all <<<>>>", ErrorCode.E008),
        (b"<html><body><p>Hello</p></body></html>", ErrorCode.E008),
        (b"<?xml version='1.0'?><rss", ErrorCode.E008),
        (b'{"version": "https://jsonfeed.org/version/1", "items": [', ErrorCode.E007),
        (b'{"hello": "world"}', ErrorCode.E008),
        (b"", ErrorCode.E002),
        (b" \n\n ", ErrorCode.E002),
        (b"\x00\x01\x02\x03binary\x00\x00\xff" * 50, ErrorCode.E004),
    ],
)
def test_unreadable_feeds_raise_input_error_naming_the_file(data: bytes, code: ErrorCode) -> None:
    with pytest.raises(InputError) as info:
        run(data, name="feeds/broken.xml")
    assert info.value.code is code
    assert "feeds/broken.xml" in str(info.value)


def test_too_large_feed_is_refused() -> None:
    with pytest.raises(InputError) as info:
        run(RSS2, max_bytes=100)
    assert info.value.code is ErrorCode.E005


def test_utf16_feed_with_bom() -> None:
    (art,) = articles(run(RSS1.replace(b"UTF-8", b"UTF-16").decode().encode("utf-16")))
    assert art.title == "Parliament passes budget"


# -- sniffing and HTML to text ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (RSS2[:200], True),
        (RSS1[:200], True),
        (ATOM[:200], True),
        (JSONFEED[:60], True),
        (b"<!-- generated --><?xml version='1.0'?>\n<rss version='0.91'>", True),
        ("<?xml version='1.0'?><rss version='2.0'>".encode("utf-16"), True),
        (b"<!DOCTYPE html><html><head><title>rss</title></head>", False),
        (b'{"id": 1, "text": "a jsonl record"}', False),
        (b"Plain text about <feed> and rss", False),
        (b"", False),
    ],
)
def test_looks_like_feed(head: bytes, expected: bool) -> None:
    assert looks_like_feed(head) is expected


def test_html_to_text() -> None:
    html = (
        "<div><h1>Head</h1><p>One &amp; <a href='#'>two</a>.</p><ul><li>a</li><li>b</li></ul></div>"
    )
    assert html_to_text(html) == "Head\n\nOne & two.\n\na\n\nb"
    assert html_to_text("no markup at all") == "no markup at all"
    assert html_to_text("") == ""


# -- the shared corpus ------------------------------------------------------------------------
def _feed_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file())


def _file_source(path: Path) -> Source:
    return Source(str(path), lambda: path.open("rb"), path.stat().st_size)


@pytest.mark.shared
def test_news_feeds_match_manifest_and_store_idempotently(shared_dir: Path, store: Store) -> None:
    base = shared_dir / "corpora/news_feeds"
    manifest = {e["file"]: e for e in json.loads((base / "feeds_manifest.json").read_text())}
    all_articles: list[ArticleInput] = []
    for path in _feed_files(base / "news"):
        items = list(parse_feed(_file_source(path), IngestOptions()))
        arts = articles(items)
        assert arts, f"{path.name}: no articles"
        assert len(items) == manifest[f"news/{path.name}"]["items"], path.name
        assert not errors(items), f"{path.name}: {errors(items)}"
        for art in arts:
            assert art.text.strip() or (art.title or "").strip(), art.origin
        all_articles.extend(arts)

    keys = set()
    for art in all_articles:
        keys.add(canonical_url(art.url) if art.url else content_hash(art.title, art.text))
    first = store.add_articles(all_articles)
    assert len(first) == len(all_articles)
    assert store.count() == len(keys) == len({r.id for r in first})
    second = store.add_articles(all_articles)
    assert {r.status for r in second} == {"unchanged"}
    assert store.count() == len(keys)


@pytest.mark.shared
def test_edge_case_feeds_never_raise_anything_but_input_error(shared_dir: Path) -> None:
    for path in _feed_files(shared_dir / "corpora/news_feeds/edge_cases"):
        src = _file_source(path)
        try:
            items = list(parse_feed(src, IngestOptions()))
        except InputError as exc:
            assert path.name in str(exc)
            continue
        assert articles(items), f"{path.name}: neither articles nor an InputError"


# -- following links --------------------------------------------------------------------------
ARTICLE_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Full story</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Full story</h1>"
    + "".join(
        f"<p>Paragraph {n} of the full story reports that negotiators from both countries "
        f"worked through the night on the details of the agreement, officials said.</p>"
        for n in range(1, 6)
    )
    + "</article><footer>Copyright Example</footer></body></html>"
).encode()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/story.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(ARTICLE_PAGE)))
            self.end_headers()
            self.wfile.write(ARTICLE_PAGE)
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A loopback HTTP server; its base URL."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_follow_links_uses_page_text_and_reports_failures(server: str) -> None:
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Linked</title>
    <item><title>Good</title><link>{server}/story.html</link>
      <description>Feed summary of the good story.</description></item>
    <item><title>Missing</title><link>{server}/missing.html</link>
      <description>Feed summary of the missing story.</description></item>
    </channel></rss>""".encode()
    options = IngestOptions(follow_links=True, timeout=5.0)

    def fetch_page(url: str) -> Source:
        result = fetch(url, options)
        assert result.source is not None
        return result.source

    items = list(parse_feed(Source.from_bytes("linked.xml", feed), options, fetch_page=fetch_page))
    good, missing = articles(items)
    assert "Paragraph 5 of the full story" in good.text
    assert "Feed summary" not in good.text
    assert good.title == "Good"
    assert good.url == f"{server}/story.html"
    assert good.meta["text_from"] == "page"
    (err,) = errors(items)
    assert err.source == f"{server}/missing.html"
    assert "404" in err.reason
    assert err.code is ErrorCode.E012
    assert missing.text == "Feed summary of the missing story."
    assert missing.url == f"{server}/missing.html"


def test_follow_links_off_without_fetcher() -> None:
    arts = articles(run(RSS2, follow_links=True))
    assert "Diplomats from Freedonia" in arts[0].text
