"""HTML page ingestion: trafilatura extraction, dates, errors, and the scrapinghub benchmark."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsevents.errors import ErrorCode, InputError
from newsevents.ingest.base import IngestOptions, Source
from newsevents.ingest.evaluate_extraction import score_scrapinghub, token_f1
from newsevents.ingest.html import extract_html, parse_html
from newsevents.models import ArticleInput

PARAGRAPHS = [
    "The foreign ministers of Freedonia and Sylvania met in Geneva on Tuesday to discuss the "
    "disputed border region, according to officials from both governments who attended.",
    "The talks, the first in almost three years, lasted more than six hours and ended with a "
    "joint statement pledging to reopen two crossings that have been closed since the spring.",
    "Analysts said the agreement was modest but significant, because both sides had refused to "
    "negotiate directly after a series of deadly clashes along the river last year.",
    "A second round of talks is planned for next month in Vienna, where delegations are expected "
    "to discuss the return of displaced families and the exchange of detained fishermen.",
]


def page(
    *,
    head: str = "",
    paragraphs: list[str] = PARAGRAPHS,
    title: str = "Freedonia and Sylvania agree to reopen border crossings",
) -> str:
    """A small news page with navigation, share links and footer boilerplate around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Example Times</title>
<meta property="og:site_name" content="Example Times">
{head}
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/sport">Sport section link</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
{body}
</article>
<aside class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></aside>
</main>
<footer><p>Copyright 2024 Example Times Media Group. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of service</a></footer>
</body></html>"""


def parse_one(
    html: str | bytes,
    *,
    name: str = "page.html",
    url: str | None = None,
    options: IngestOptions | None = None,
) -> ArticleInput:
    """Parse a page and return its one article."""
    data = html.encode("utf-8") if isinstance(html, str) else html
    items = list(parse_html(Source.from_bytes(name, data, url=url), options or IngestOptions()))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, ArticleInput)
    return item


def test_extracts_title_text_outlet_and_timezone_aware_date() -> None:
    head = '<meta property="article:published_time" content="2024-06-05T14:30:00+02:00">'
    art = parse_one(page(head=head), url="https://example.com/world/border-talks")
    assert art.title == "Freedonia and Sylvania agree to reopen border crossings"
    assert art.source == "Example Times"
    assert art.url == "https://example.com/world/border-talks"
    assert art.origin == "page.html"
    assert art.language is None
    assert art.published == datetime(2024, 6, 5, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    for para in PARAGRAPHS:
        assert para in art.text
    assert "\n\n" in art.text  # paragraphs separated by blank lines


def test_boilerplate_is_left_out() -> None:
    art = parse_one(page())
    for junk in ("World news menu", "Sport section link", "Share on Facebook", "Copyright 2024"):
        assert junk not in art.text
    assert "Privacy policy" not in art.text


def test_jsonld_date_in_utc() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "datePublished": "2023-11-20T08:15:00Z"}</script>'
    )
    art = parse_one(page(head=head))
    assert art.published == datetime(2023, 11, 20, 8, 15, tzinfo=UTC)


def test_bare_day_becomes_a_date() -> None:
    art = parse_one(page(head='<meta name="date" content="2022-03-14">'))
    assert type(art.published) is date
    assert art.published == date(2022, 3, 14)


def test_canonical_url_used_without_source_url() -> None:
    head = '<link rel="canonical" href="https://example.com/world/2024/border-talks">'
    art = parse_one(page(head=head))
    assert art.url == "https://example.com/world/2024/border-talks"


def test_source_url_wins_over_canonical() -> None:
    head = '<link rel="canonical" href="https://example.com/canonical">'
    art = parse_one(page(head=head), url="https://example.com/fetched")
    assert art.url == "https://example.com/fetched"


def test_declared_legacy_charset_is_honoured() -> None:
    html = page(paragraphs=[*PARAGRAPHS, "The café near the crossing reopened: déjà vu."])
    data = html.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    art = parse_one(data)
    assert "The café near the crossing reopened: déjà vu." in art.text


def test_http_charset_header_is_honoured() -> None:
    html = page(paragraphs=[*PARAGRAPHS, "Le café près du poste-frontière a rouvert."])
    data = html.replace('<meta charset="utf-8">', "").encode("cp1252")
    src = Source.from_bytes("p.html", data, content_type="text/html; charset=windows-1252")
    (art,) = parse_html(src, IngestOptions())
    assert isinstance(art, ArticleInput)
    assert "Le café près du poste-frontière a rouvert." in art.text


def test_outlet_falls_back_to_option() -> None:
    html = page().replace('<meta property="og:site_name" content="Example Times">', "")
    html = html.replace(" | Example Times", "")
    art = parse_one(html, options=IngestOptions(source="Given Outlet"))
    assert art.source == "Given Outlet"


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", ErrorCode.E002, "empty"),
        (b"   \n\t  ", ErrorCode.E002, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, ErrorCode.E004, "binary"),
        (
            b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
            ErrorCode.E009,
            "no main text",
        ),
        (
            (
                "<html><body><header><nav><ul>"
                + "".join(f"<li><a href='/s{i}'>Section number {i}</a></li>" for i in range(15))
                + "</ul></nav></header><footer>Copyright 2024 Example</footer></body></html>"
            ).encode(),
            ErrorCode.E009,
            "no main text",
        ),
    ],
)
def test_unreadable_pages_raise_coded_errors_naming_the_input(
    data: bytes, code: ErrorCode, words: str
) -> None:
    with pytest.raises(InputError) as info:
        list(parse_html(Source.from_bytes("bad/page.html", data), IngestOptions()))
    assert info.value.code is code
    assert "bad/page.html" in str(info.value)
    assert words in info.value.reason


def test_too_large_page_is_refused() -> None:
    src = Source.from_bytes("big.html", page().encode())
    with pytest.raises(InputError) as info:
        list(parse_html(src, IngestOptions(max_bytes=100)))
    assert info.value.code is ErrorCode.E005


def test_extract_html_reuse_api() -> None:
    art = extract_html(page(), url="https://example.com/a")
    assert art is not None
    assert art.url == "https://example.com/a"
    assert PARAGRAPHS[0] in art.text
    assert extract_html(b"<html><body><nav>Home</nav></body></html>", url=None) is None
    assert extract_html(b"", url=None) is None


def test_token_f1() -> None:
    assert token_f1("The cat sat.", "the CAT sat") == 1.0
    assert token_f1(None, "gold text") == 0.0
    assert token_f1("", "") == 1.0
    assert token_f1("a b", "a c") == pytest.approx(0.5)


@pytest.mark.shared
def test_scrapinghub_extraction_quality(shared_dir: Path) -> None:
    result = score_scrapinghub(shared_dir / "corpora/html_news_pages/scrapinghub_aeb")
    assert result["n"] == 181
    assert result["mean"] >= 0.93, f"mean token-F1 {result['mean']:.4f} below 0.93"
