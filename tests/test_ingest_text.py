"""Plain-text and Markdown articles: headline, date line, share-button litter, encodings."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from newsevents.errors import ErrorCode, InputError
from newsevents.ingest import IngestOptions, ingest
from newsevents.ingest.base import Parsed, Source
from newsevents.ingest.text import is_social_line, parse_text, split_article
from newsevents.models import ArticleInput
from newsevents.store import Store

CANONICAL = "examples/russia-burkina-faso-2024-06-05.txt"


def parse_bytes(data: bytes, name: str = "a.txt") -> list[Parsed]:
    return list(parse_text(Source.from_bytes(name, data), IngestOptions()))


def test_canonical_example_title_date_clean_text(shared_dir: Path, store: Store) -> None:
    report = ingest([str(shared_dir / CANONICAL)], store=store)
    assert report.exit_code == 0 and report.added == 1
    (article,) = store.list_articles()
    assert article.title == (
        "Russia Announces More Military Aid to Enhance Burkina Faso Defense Capabilities"
    )
    assert article.published == "2024-06-05"
    assert article.language == "en"
    assert "icon-" not in article.text
    assert "Wed Jun 05 2024" not in article.text
    assert article.text.startswith("MOSCOW: Russian Foreign Minister Sergei Lavrov announced")
    assert article.text.endswith("St Petersburg International Economic Forum.")


def test_headline_and_date_line() -> None:
    title, published, body = split_article(
        "Talks resume in Doha\n\nPublished: 12 March 2025 14:05 GMT\n\nDOHA: Negotiators met.\n"
    )
    assert title == "Talks resume in Doha"
    assert isinstance(published, datetime) and published.hour == 14
    assert body == "DOHA: Negotiators met."


def test_first_line_that_is_a_sentence_is_not_a_title() -> None:
    title, published, body = split_article("Negotiators met in Doha on Tuesday.\nThey left.")
    assert title is None and published is None
    assert body.startswith("Negotiators met")


def test_date_without_time_is_a_day() -> None:
    _, published, _ = split_article("Headline here\nWed Jun 05 2024\nBody text.")
    assert published == date(2024, 6, 5) and not isinstance(published, datetime)


@pytest.mark.parametrize(
    "line,expected",
    [
        ("icon-facebook icon-twitter icon-whatsapp", True),
        ("Share on Facebook", True),
        ("icon-facebook icon-twitter icon-whatsappShare", True),
        ("Facebook said on Monday it would share data.", False),
        ("Share prices fell sharply on Monday after the announcement.", False),
        ("Follow us", True),
    ],
)
def test_social_lines(line: str, expected: bool) -> None:
    assert is_social_line(line) is expected


def test_markdown_is_reduced_to_words() -> None:
    md = (
        b"---\nlayout: post\n---\n# Sanctions widened\n\n*2025-02-24*\n\n"
        b"The **EU** adopted a [new package](https://example.org) of sanctions.\n\n- item one\n"
    )
    from newsevents.ingest.text import parse_markdown

    (item,) = list(parse_markdown(Source.from_bytes("s.md", md), IngestOptions()))
    assert isinstance(item, ArticleInput)
    assert item.title == "Sanctions widened"
    assert item.published == date(2025, 2, 24)
    assert item.text == "The EU adopted a new package of sanctions.\n\nitem one"


def test_utf16_with_bom_is_read() -> None:
    (item,) = parse_bytes("Headline\n\nCorps du texte en français.".encode("utf-16"))
    assert isinstance(item, ArticleInput)
    assert item.text == "Corps du texte en français."


@pytest.mark.parametrize(
    "data,code,reason",
    [
        (b"", ErrorCode.E002, "empty"),
        (b"   \n\n  ", ErrorCode.E002, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ErrorCode.E004, "binary"),
        ("Caf\u00e9 au lait".encode("latin-1"), ErrorCode.E003, "not valid UTF-8"),
    ],
)
def test_bad_text_inputs(data: bytes, code: ErrorCode, reason: str) -> None:
    with pytest.raises(InputError) as err:
        parse_bytes(data, name="bad.txt")
    assert err.value.code is code
    assert "bad.txt" in str(err.value) and reason in str(err.value)


def test_oversized_text_is_refused() -> None:
    with pytest.raises(InputError) as err:
        list(
            parse_text(Source.from_bytes("big.txt", b"word " * 1000), IngestOptions(max_bytes=100))
        )
    assert err.value.code is ErrorCode.E005 and "size cap" in str(err.value)
