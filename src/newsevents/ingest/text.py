"""Plain-text and Markdown articles: headline, date line and body, share-button litter dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..dates import parse_date_line
from ..errors import ErrorCode, InputError
from ..models import ArticleInput
from .base import IngestOptions, Parsed, Source, read_limited
from .decode import decode_text

_SOCIAL_TOKEN = re.compile(
    r"^(icon-[\w-]+|share|shares|tweet|email|print|whatsapp|facebook|twitter|x|linkedin|"
    r"telegram|reddit|pinterest|copy|link|comments?|follow|us|on|this|article|\||•|·)$",
    re.I,
)
_HEADLINE_END = re.compile(r"[.!?;:,]['\"”’)]?$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_QUOTE_OR_ITEM = re.compile(r"^\s{0,3}(>\s?|[-*+]\s+(?=\S))")


def is_social_line(line: str) -> bool:
    """True for lines made only of share-button words ("icon-facebook icon-twitter ...")."""
    tokens = line.split()
    return (
        bool(tokens)
        and all(_SOCIAL_TOKEN.match(t) for t in tokens)
        and (any(t.lower().startswith("icon-") for t in tokens) or len(tokens) <= 6)
    )


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 30 and len(line) <= 250 and not _HEADLINE_END.search(line)


def strip_markdown(line: str) -> str:
    """Markdown inline and block markup removed from one line, the words kept."""
    if _MD_RULE.match(line):
        return ""
    line = _MD_HEADING.sub("", line)
    line = _MD_QUOTE_OR_ITEM.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    return _MD_EMPH.sub(r"\2", line)


def split_article(raw: str, *, markdown: bool = False) -> tuple[str | None, date | None, str]:
    """(title, published, body) from an article's text.

    The first line is the title when it looks like a headline (short, no closing
    punctuation; a Markdown heading always counts); a line among the first few that is only a
    date becomes the publication date; share-button lines are dropped everywhere.
    """
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if markdown:
        in_front_matter = bool(lines) and lines[0].strip() == "---"
        cleaned: list[str] = []
        for i, line in enumerate(lines):
            if in_front_matter:
                if i > 0 and line.strip() == "---":
                    in_front_matter = False
                continue
            cleaned.append(line)
        lines = cleaned
    title: str | None = None
    published: date | None = None
    body: list[str] = []
    seen_content = 0
    for line in lines:
        stripped = line.strip()
        if is_social_line(stripped):
            continue
        is_heading = markdown and bool(_MD_HEADING.match(line))
        text = strip_markdown(line) if markdown else line
        if stripped and seen_content < 4:
            if (
                title is None
                and not body
                and (is_heading or _looks_like_headline(text.strip()))
                and parse_date_line(text) is None
            ):
                title = text.strip()
                seen_content += 1
                continue
            if published is None:
                found = parse_date_line(text)
                if found is not None:
                    published = found
                    seen_content += 1
                    continue
            seen_content += 1
        body.append(text)
    return title, published, "\n".join(body).strip()


def parse_text(src: Source, options: IngestOptions, *, markdown: bool = False) -> Iterator[Parsed]:
    """One article from a plain-text or Markdown file."""
    raw = decode_text(read_limited(src, options), name=src.name)
    title, published, body = split_article(raw, markdown=markdown)
    if not body:
        if not title:
            raise InputError(src.name, "no article text found", code=ErrorCode.E010)
        body = title
    yield ArticleInput(
        text=body,
        title=title,
        published=published,
        source=options.source,
        url=src.url,
        origin=src.name,
    )


def parse_markdown(src: Source, options: IngestOptions) -> Iterator[Parsed]:
    """One article from a Markdown file (headings, links and emphasis reduced to words)."""
    return parse_text(src, options, markdown=True)
