"""Property tests for the ingest parsers (issue 15): for any bytes or any JSON value, a parser
either yields articles and per-item errors or raises InputError, never anything else; and every
article it yields holds text that encodes to UTF-8 (no lone surrogates, which the store cannot
write).

Hypothesis runs derandomised (the same examples on every run) and without an example database.
"""

from __future__ import annotations

import gzip
import html
import json
from collections.abc import Callable, Iterable
from typing import Any

import pytest

pytest.importorskip("hypothesis", reason="hypothesis is not installed (it is in the dev extra)")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.errors import InputError
from newsevents.ingest.base import IngestOptions, Parsed, Source
from newsevents.ingest.feeds import parse_feed
from newsevents.ingest.html import extract_html, parse_html
from newsevents.ingest.jsonl import parse_jsonl, parse_line, record_to_article
from newsevents.ingest.text import parse_markdown, parse_text
from newsevents.models import ArticleInput

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
OPTIONS = IngestOptions()
STR_FIELDS = ("text", "title", "source", "url", "origin", "external_id", "language")

# -- strategies -------------------------------------------------------------------------------
NASTY_STRINGS = ["\ud800", "\udfff", "\udc80x", "\x00", "\ufeff", "\u2028", "\u202e", "\U0010ffff",
                 "http://[bad/x", "http://h:99999/", "]]>", "<p>", "&amp;", "&#xD800;", "\r\n",
                 "Russia and China signed a deal.", " "]  # fmt: skip
any_char = st.characters(exclude_categories=())  # every code point, surrogates included
texts = st.one_of(
    st.text(any_char, max_size=40),
    st.sampled_from(NASTY_STRINGS),
    st.lists(st.sampled_from(NASTY_STRINGS) | st.text(any_char, max_size=8), max_size=6).map(
        "".join
    ),
)
FIELD_NAMES = ["text", "title", "body", "content", "date", "published", "url", "link", "id",
               "source", "lang", "language", "headline", "meta", "timestamp"]  # fmt: skip
keys = st.sampled_from(FIELD_NAMES) | st.text(any_char, max_size=6)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=20,
)
records = st.one_of(
    st.fixed_dictionaries(
        {"text": texts}, optional={k: texts | json_values for k in FIELD_NAMES if k != "text"}
    ),
    st.dictionaries(keys, json_values, max_size=7),
    json_values,
)

# raw JSON lines that no encoder writes: huge integers, deep nesting, NUL and surrogate bytes
RAW_LINES = [
    b'{"text": "ok", "n": ' + b"7" * 5000 + b"}",
    b'{"text": ' + b"9" * 4301 + b"}",
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 3000 + b"1" + b"}" * 3000,
    b'{"text": "Russia \x00 and China"}\x00',
    b'{"text": "caf\xed\xa0\x80 signed"}',
    b'{"text": "bad \\ud800 x"}',
    b'{"text": "ok", "url": "http://[bad/x"}',
    b'{"text": "ok", "date": 1e999}',
    b'{"text": "ok", "date": NaN, "title": -Infinity}',
    b'\xef\xbb\xbf{"text": "bom"}',
    b'{"text": "\xff\xfe"}',
]


def _dumps(value: Any, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


json_lines = st.one_of(
    st.builds(_dumps, records, st.booleans()),
    st.sampled_from(RAW_LINES),
    st.binary(max_size=60),
)


# -- helpers ----------------------------------------------------------------------------------
def assert_utf8(item: Parsed) -> None:
    """Every string field of a yielded article encodes to UTF-8 (the store writes UTF-8)."""
    if not isinstance(item, ArticleInput):
        return
    for name in STR_FIELDS:
        value = getattr(item, name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            pytest.fail(f"ArticleInput.{name} cannot be stored as UTF-8 ({exc}): {value!r:.120}")


def drain(parse: Callable[[], Iterable[Parsed]]) -> list[Parsed]:
    """Everything a parser yields; InputError (a refused input) ends it, anything else fails."""
    out: list[Parsed] = []
    try:
        for item in parse():
            assert_utf8(item)
            out.append(item)
    except InputError:
        pass
    return out


def src(data: bytes, name: str) -> Source:
    return Source.from_bytes(name, data)


# -- JSONL ------------------------------------------------------------------------------------
@PROPERTY
@given(line=json_lines)
def test_parse_line_never_raises_and_yields_utf8(line: bytes) -> None:
    drain(lambda: [parse_line(line, origin="dump.jsonl:1", options=OPTIONS)])


@PROPERTY
@given(record=records)
def test_record_to_article_takes_any_json_value(record: Any) -> None:
    drain(lambda: [record_to_article(record, origin="dump.jsonl:1", options=OPTIONS)])


@PROPERTY
@given(
    lines=st.lists(json_lines, max_size=6),
    form=st.sampled_from(["lines", "gzip", "array"]),
)
def test_parse_jsonl_any_dump(lines: list[bytes], form: str) -> None:
    data = b"\n".join(lines) + b"\n"
    if form == "gzip":
        data = gzip.compress(data, mtime=0)
    elif form == "array":
        data = b"[\n" + b",\n".join(lines) + b"\n]"
    drain(lambda: parse_jsonl(src(data, "dump.jsonl"), OPTIONS))


@PROPERTY
@given(data=st.binary(max_size=300))
def test_parse_jsonl_any_bytes(data: bytes) -> None:
    drain(lambda: parse_jsonl(src(data, "dump.jsonl"), OPTIONS))


# -- feeds ------------------------------------------------------------------------------------
json_feed_items = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "id": json_values,
            "url": texts,
            "title": texts,
            "content_html": texts,
            "content_text": texts,
            "summary": texts,
            "date_published": texts,
        },
    )
    | json_values,
    max_size=4,
)


@PROPERTY
@given(items=json_feed_items, title=json_values, ascii_only=st.booleans())
def test_parse_feed_any_json_feed(items: list[Any], title: Any, ascii_only: bool) -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items}
    data = _dumps(doc, ascii_only)
    drain(lambda: parse_feed(src(data, "feed.json"), OPTIONS))


def _rss(items: list[tuple[str, str, str]], escape: bool) -> bytes:
    esc = html.escape if escape else str
    body = "".join(
        f"<item><title>{esc(t)}</title><link>{esc(link)}</link>"
        f"<description>{esc(d)}</description></item>"
        for t, link, d in items
    )
    doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'
    return doc.encode("utf-8", "surrogatepass")


@PROPERTY
@given(items=st.lists(st.tuples(texts, texts, texts), max_size=4), escape=st.booleans())
def test_parse_feed_any_rss_items(items: list[tuple[str, str, str]], escape: bool) -> None:
    drain(lambda: parse_feed(src(_rss(items, escape), "feed.xml"), OPTIONS))


FEED_HEADS = [b"", b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>',
              b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>',
              b'{"version": "https://jsonfeed.org/version/1", "items": [{"title": "']  # fmt: skip


@PROPERTY
@given(head=st.sampled_from(FEED_HEADS), data=st.binary(max_size=300))
def test_parse_feed_any_bytes(head: bytes, data: bytes) -> None:
    drain(lambda: parse_feed(src(head + data, "feed.xml"), OPTIONS))


# -- HTML -------------------------------------------------------------------------------------
def _page(title: str, paragraphs: list[str], escape: bool) -> bytes:
    esc = html.escape if escape else str
    ps = "".join(f"<p>{esc(p)} Russia and China signed a trade deal in Moscow today.</p>"
                 for p in paragraphs)  # fmt: skip
    doc = (
        f"<!DOCTYPE html><html><head><title>{esc(title)}</title></head><body><article>"
        f"<h1>{esc(title)}</h1>{ps}</article></body></html>"
    )
    return doc.encode("utf-8", "surrogatepass")


@PROPERTY
@given(title=texts, paragraphs=st.lists(texts, min_size=1, max_size=4), escape=st.booleans())
def test_html_extraction_any_page(title: str, paragraphs: list[str], escape: bool) -> None:
    page = _page(title, paragraphs, escape)
    drain(lambda: parse_html(src(page, "page.html"), OPTIONS))
    article = extract_html(page, url="https://example.com/a")
    if article is not None:
        assert_utf8(article)


@PROPERTY
@given(data=st.binary(max_size=400))
def test_html_extraction_any_bytes(data: bytes) -> None:
    drain(lambda: parse_html(src(b"<html><body><p>" + data, "page.html"), OPTIONS))
    article = extract_html(data)
    if article is not None:
        assert_utf8(article)


# -- text and Markdown ------------------------------------------------------------------------
@PROPERTY
@given(data=st.binary(max_size=300) | texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_text_and_markdown_any_bytes(data: bytes) -> None:
    drain(lambda: parse_text(src(data, "a.txt"), OPTIONS))
    drain(lambda: parse_markdown(src(data, "a.md"), OPTIONS))
