"""Fuzz the real ingest CLI: no bad input may crash or hang a run, blow its memory, lose good items.

Seeds come from ``$NEWSEVENTS_SHARED/corpora`` (default ``../shared``): the RSS/Atom/JSON feeds in
``news_feeds/news`` and ``news_feeds/edge_cases``, the pages in ``html_news_pages``, JSONL records
sampled at random (seeded) from ``combined_fulltext_en.jsonl.gz``, and plain text and Markdown made
from those records. Each fuzzed input ("case") is a seed mutated the way attackers and careless
users do (issue 15): byte flips, inserts, deletes, truncation, NUL bytes in a line, invalid UTF-8
and UTF-8-encoded surrogates, BOMs, lone surrogate escapes (``\\ud800``) in JSON strings, deeply
nested lines, integers over 4,300 digits, bad item URLs (``http://[bad/x``, ``http://h:99999/``),
gzip wrapping and truncated gzip, gzip bombs, lines of a few MB, JSON arrays of many ``{}``, entity
bombs and XXE in XML, non-UTF-8 file names, empty files, random binary, and symlinks out of the
folder to a planted secret file (its content must never be stored).

Cases are grouped into batches: a folder of ``--batch`` cases plus **planted good items** (clean
files, clean JSONL lines and feed items next to bad ones, each with a unique marker word). Each
folder is ingested by the real CLI in a subprocess (``python -m newsevents --db DB ingest FOLDER
--json -q``, fresh store, no ``--follow-links``: nothing is fetched) with a 60 s timeout. Per run:
exit code (must be 0, 1 or 2), traceback on stderr (must be none), wall time, peak RSS of the child
(its own VmHWM after exec, written at exit), and, read back from the store (SQLite, read-only),
every planted good item present and no secret stored. A sample of cases (round robin over the
mutation kinds) is also run alone, one folder per case, which names the case behind each failure.

Run:  .venv/bin/python bench/fuzz_ingest.py [--inputs 10000] [--seed 15] [--batch 200]
          [--single N] [--out report.json] [--keep DIR]
Targets (issue 15): 0 tracebacks, every exit code in {0,1,2}, 0 runs over 60 s, peak RSS < 1 GB,
every planted good item stored, no secret stored. ``tests/test_fuzz_ingest.py`` runs the first
1,000 cases of the same seed. The same seed always gives the same inputs (the first N cases of a
larger run are the cases of a smaller one).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gzip
import html
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import string
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _machine import machine, shared_dir

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 60.0
RSS_LIMIT_MB = 1024.0
OK_EXIT_CODES = (0, 1, 2)
MARKER = re.compile(rb"fzmk[a-z]{10}")
SECRET_PATH = b"@@SECRET_PATH@@"
"""Placeholder in a case's bytes for the absolute path of its planted secret file (XXE)."""


# -- seeds ------------------------------------------------------------------------------------
class Seeds:
    """The seed material: corpus records (sampled, seeded), feed files and HTML page paths."""

    def __init__(self, shared: Path, *, seed: int, records: int = 400) -> None:
        corpora = shared / "corpora"
        feeds_dir = corpora / "news_feeds"
        self.feeds: list[tuple[str, bytes]] = [
            (p.name, p.read_bytes())
            for sub in ("news", "edge_cases")
            for p in sorted((feeds_dir / sub).glob("*"))
            if p.is_file()
        ]
        pages = corpora / "html_news_pages"
        self.pages: list[Path] = sorted(
            p for p in pages.rglob("*") if p.name.endswith((".html", ".html.gz")) and p.is_file()
        )
        self.records = _sample_records(
            corpora / "combined_fulltext_en.jsonl.gz", k=records, seed=seed
        )
        if not self.feeds or not self.pages or not self.records:
            raise FileNotFoundError(f"seed corpora missing under {corpora}")
        self._page_cache: dict[Path, bytes] = {}

    def page(self, rng: random.Random) -> tuple[str, bytes]:
        """A real news page (decompressed), by name and bytes."""
        path = rng.choice(self.pages)
        data = self._page_cache.get(path)
        if data is None:
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            if len(self._page_cache) > 64:
                self._page_cache.clear()
            self._page_cache[path] = data
        return path.name.removesuffix(".gz"), data

    def record(self, rng: random.Random, *, min_words: int = 0) -> dict[str, Any]:
        """A copy of a corpus record, with at least ``min_words`` words of text when asked."""
        for _ in range(50):
            rec = dict(rng.choice(self.records))
            if len(str(rec.get("text") or "").split()) >= min_words:
                return rec
        return dict(rec)


def _sample_records(path: Path, *, k: int, seed: int) -> list[dict[str, Any]]:
    """k records of a JSONL.gz by reservoir sampling (one pass, the same sample for a seed)."""
    rng = random.Random(f"records/{seed}")
    sample: list[bytes] = []
    with gzip.open(path, "rb") as fh:
        for n, line in enumerate(fh):
            if n < k:
                sample.append(line)
            else:
                j = rng.randrange(n + 1)
                if j < k:
                    sample[j] = line
    out = []
    for line in sample:
        rec = json.loads(line)
        if isinstance(rec, dict) and str(rec.get("text") or "").strip():
            out.append(rec)
    return out


# -- cases ------------------------------------------------------------------------------------
@dataclass
class FileSpec:
    """One file of a case: a (possibly non-UTF-8) name and its bytes, or a symlink."""

    name: bytes
    data: bytes = b""
    symlink: str | None = None
    """'secret' (link to the case's secret file outside the folder) or 'secretdir' (to a folder)."""


@dataclass
class Case:
    """One fuzzed input: its files, planted good markers (marker -> where) and a secret marker."""

    index: int
    kind: str
    files: list[FileSpec]
    sketch: str
    good: dict[str, str] = field(default_factory=dict)
    secret: str | None = None
    planted: bool = False
    """A clean file added to a batch for its good items; not counted as a fuzzed input."""


def marker(rng: random.Random) -> str:
    """A unique word that survives every parser and normaliser: 'fzmk' + 10 lowercase letters."""
    return "fzmk" + "".join(rng.choice(string.ascii_lowercase) for _ in range(10))


def _title(rec: dict[str, Any]) -> str:
    return " ".join(str(rec.get("title") or "News report").split())[:120]


def _body(rec: dict[str, Any], words: int = 400) -> str:
    return " ".join(str(rec.get("text") or "").split()[:words])


def _with_marker(text: str, mark: str, rng: random.Random) -> str:
    words = text.split()
    pos = rng.randrange(len(words) + 1) if words else 0
    return " ".join([*words[:pos], mark, *words[pos:]])


def clean_record(rng: random.Random, seeds: Seeds, mark: str) -> dict[str, Any]:
    """A corpus record with the marker in its title and text and a unique URL."""
    rec = seeds.record(rng, min_words=20)
    return {
        "id": f"fz-{mark}",
        "title": f"{_title(rec)} {mark}",
        "text": _with_marker(_body(rec, 300), mark, rng),
        "date": rec.get("date") or "2024-01-01",
        "source": rec.get("source") or "Fuzz Wire",
        "url": f"https://fuzz.example/news/{mark}",
    }


def jline(rec: Any, rng: random.Random) -> bytes:
    return json.dumps(rec, ensure_ascii=rng.random() < 0.5).encode() + b"\n"


def text_doc(rec: dict[str, Any], *, markdown: bool = False) -> bytes:
    """An article as a plain-text (headline, date line, body) or Markdown file."""
    date = str(rec.get("date") or "2024-01-01")[:10]
    body = str(rec.get("text") or "")
    if markdown:
        paras = [p for p in re.split(r"\n\s*\n", body) if p.strip()] or [body]
        paras = [f"**{p.strip()}**" if i == 1 else p.strip() for i, p in enumerate(paras)]
        return (
            f"# {_title(rec)}\n\n_{date}_\n\n" + "\n\n".join(paras) + "\n\n[More](https://e.x/)\n"
        ).encode()
    return f"{_title(rec)}\n\n{date}\n\n{body}\n".encode()


def html_doc(rec: dict[str, Any], *, extra: str = "") -> bytes:
    """A plain news page trafilatura extracts: headline and paragraphs in an <article>."""
    words = str(rec.get("text") or "").split()
    paras = [" ".join(words[i : i + 60]) for i in range(0, len(words), 60)] or ["(empty)"]
    ps = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
    title = html.escape(_title(rec))
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'</head><body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"</header><main><article><h1>{title}</h1>\n{ps}{extra}</article></main>"
        f"<footer>Copyright Fuzz Wire</footer></body></html>\n"
    ).encode()


def rss_doc(
    items: list[tuple[str, str, str]], *, prolog: str = "", title: str = "Fuzz Wire"
) -> bytes:
    """An RSS 2.0 feed of (title, link, description) items, given as ready XML fragments."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
        f"<pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>\n"
        for t, link, d in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://fuzz.example/</link>\n{body}</channel></rss>\n"
    ).encode()


def rss_item(rec: dict[str, Any]) -> tuple[str, str, str]:
    return (
        html.escape(str(rec["title"])),
        html.escape(str(rec["url"])),
        html.escape(str(rec["text"])),
    )


def jsonfeed_item(rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rec["id"],
        "url": rec["url"],
        "title": rec["title"],
        "content_text": rec["text"],
        "date_published": "2024-01-01T10:00:00Z",
    }


def jsonfeed_doc(items: list[dict[str, Any]]) -> str:
    """A JSON Feed 1.1 document (as text, so raw escapes can be spliced into it)."""
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Fuzz Wire", "items": items},
        indent=1,
    )


# seed files for the byte-level mutations: (extension, bytes)
def seed_file(rng: random.Random, seeds: Seeds) -> tuple[str, bytes, str]:
    """A seed input for a byte-level mutation: (extension, bytes, description)."""
    pick = rng.choice(["txt", "md", "jsonl", "jsonl", "json", "feed", "feed", "html", "html"])
    if pick == "feed":
        name, data = rng.choice(seeds.feeds)
        return Path(name).suffix, data, f"feed {name}"
    if pick == "html":
        name, data = seeds.page(rng)
        return ".html", data, f"page {name}"
    if pick in ("txt", "md"):
        return f".{pick}", text_doc(seeds.record(rng), markdown=pick == "md"), f"{pick} article"
    recs = [seeds.record(rng) for _ in range(rng.randint(1, 20))]
    if pick == "json":
        return ".json", json.dumps(recs, indent=1).encode(), f"JSON array of {len(recs)} records"
    return ".jsonl", b"".join(jline(r, rng) for r in recs), f"{len(recs)} JSONL records"


def _positions(rng: random.Random, data: bytes, n: int) -> list[int]:
    return sorted(rng.randrange(len(data) + 1) for _ in range(n))


def _junk(rng: random.Random, n: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(n))


INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xe2\x28\xa1", b"\xed\xa0\x80",
                b"\xed\xbf\xbf", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf", b"\x80",
                b"\xf4\x90\x80\x80"]  # fmt: skip
BOMS = [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]


def mutate_bytes(kind: str, rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """A byte-level mutation of ``data`` and a sketch of what was done."""
    if not data:
        data = b"x"
    if kind == "flip":
        buf = bytearray(data)
        pos = _positions(rng, data[:-1] or b"x", rng.randint(1, 40))
        for p in pos:
            buf[min(p, len(buf) - 1)] ^= 1 << rng.randrange(8)
        return bytes(buf), f"{len(pos)} bit flips"
    if kind == "insert":
        out, last = [], 0
        pos = _positions(rng, data, rng.randint(1, 20))
        for p in pos:
            out += [data[last:p], _junk(rng, rng.randint(1, 16))]
            last = p
        out.append(data[last:])
        return b"".join(out), f"{len(pos)} random byte runs inserted"
    if kind == "delete":
        buf = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            if len(buf) < 2:
                break
            p = rng.randrange(len(buf))
            del buf[p : p + rng.randint(1, 64)]
        return bytes(buf), "byte ranges deleted"
    if kind == "truncate":
        cut = rng.randrange(len(data))
        return data[:cut], f"truncated at byte {cut} of {len(data)}"
    if kind == "nul_line":
        lines = data.split(b"\n")
        i = rng.randrange(min(len(lines), 40))
        line = lines[i]
        p = rng.randrange(len(line) + 1)
        lines[i] = line[:p] + b"\x00" * rng.randint(1, 8) + line[p:]
        return b"\n".join(lines), f"NUL bytes in line {i + 1}"
    if kind == "invalid_utf8":
        out, last = [], 0
        bad = []
        for p in _positions(rng, data, rng.randint(1, 6)):
            b = rng.choice(INVALID_UTF8)
            bad.append(b)
            out += [data[last:p], b]
            last = p
        out.append(data[last:])
        return b"".join(out), f"invalid UTF-8 {bad[0]!r}... inserted"
    if kind == "bom":
        bom = rng.choice(BOMS)
        if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) and rng.random() < 0.5:
            enc = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
            text = data.decode("utf-8", errors="replace")
            return bom + text.encode(enc), f"re-encoded as {enc} with its BOM"
        if rng.random() < 0.3:
            return bom + bom + data, f"BOM {bom!r} twice in front of UTF-8"
        return bom + data, f"BOM {bom!r} in front of UTF-8"
    if kind == "gzip":
        return gzip.compress(data, mtime=0), "gzip-wrapped"
    if kind == "gzip_truncated":
        gz = gzip.compress(data, mtime=0)
        cut = rng.randrange(1, max(2, len(gz) - 1))
        return gz[:cut], f"gzip-wrapped and cut at byte {cut} of {len(gz)}"
    raise ValueError(kind)


BYTE_KINDS = ("flip", "insert", "delete", "truncate", "nul_line", "invalid_utf8", "bom",
              "gzip", "gzip_truncated")  # fmt: skip

BAD_URLS = ["http://[bad/x", "http://h:99999/", "http://h:-1/x", "http://[::1/x", "http://a b/",
            "http://h:port/", "http://[fe80::1%25en0/", "https://xn--/", "http:///x", "://x",
            "http://h:65536/", "http://[1:2:3:4:5:6:7:8:9]/"]  # fmt: skip
SURROGATES = ["\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d", "\\ude00x"]


def deep(rng: random.Random) -> str:
    n = rng.choice([1000, 5000, 100_000])
    return "[" * n + "]" * n if rng.random() < 0.5 else '{"a":' * n + "1" + "}" * n


def bad_jsonl_line(kind: str, rng: random.Random, seeds: Seeds) -> tuple[bytes, str]:
    """One bad JSONL line of a per-line kind, and a sketch of it."""
    rec = seeds.record(rng)
    text = json.dumps(_body(rec, 40))
    if kind == "surrogate":
        esc = rng.choice(SURROGATES)
        fld = rng.choice(["text", "title", "source", "id", "url", "date", "lang"])
        base = {"text": _body(rec, 40), "title": _title(rec)}
        line = json.dumps({k: v for k, v in base.items() if k != fld})[:-1]
        value = f'"bad {esc} x"' if fld != "text" else f'"{_body(rec, 20)} {esc} end"'
        sep = ", " if line != "{" else ""
        return f'{line}{sep}"{fld}": {value}}}\n'.encode(), f'{{"{fld}": "bad {esc} x", ...}}'
    if kind == "encoded_surrogate":
        return b'{"text": "bad \xed\xa0\x80 x ' + text[1:-1].encode() + b'"}\n', (
            'UTF-8-encoded surrogate bytes ED A0 80 in "text"'
        )
    if kind == "nul":
        return (
            b'{"text": ' + text.encode() + b', "title": "a\x00b"}\x00\n',
            "raw NUL bytes in the line",
        )
    if kind == "deep":
        return deep(rng).encode() + b"\n", 'a line nested thousands deep ([[[[... or {"a":{...)'
    if kind == "bigint":
        n = rng.choice([4301, 5000, 20_000])
        fld = rng.choice(["n", "id", "date", "text"])
        num = str(rng.randint(1, 9)) + "7" * (n - 1)
        if fld == "text":
            return f'{{"text": {num}}}\n'.encode(), f'{{"text": <{n}-digit integer>}}'
        return (
            f'{{"text": {text}, "{fld}": {num}}}\n'.encode(),
            f'{{"text": ..., "{fld}": <{n}-digit integer>}}',
        )
    if kind == "bad_url":
        url = rng.choice(BAD_URLS)
        return jline({"text": _body(rec, 40), "url": url}, rng), f'{{"text": ..., "url": "{url}"}}'
    if kind == "invalid_utf8":
        b = rng.choice(INVALID_UTF8)
        return b'{"text": "caf' + b + b" " + text[1:-1].encode() + b'"}\n', f"invalid UTF-8 {b!r}"
    if kind == "malformed":
        line = jline({"text": _body(rec, 30)}, rng)
        cut = rng.randrange(1, len(line) - 1)
        return line[:cut] + b"\n", "a JSON line cut short"
    if kind == "odd_value":
        value = rng.choice(
            [
                '{"text": ' + text + ', "date": 1e999}',
                '{"text": ' + text + ', "date": -1e20}',
                '{"text": ' + text + ', "published": NaN}',
                '{"text": ' + text + ', "date": "99999-99-99T99:99"}',
                '{"text": ' + text + ', "date": 99999999999999999999}',
                '{"text": ' + text + ', "date": [1, {"a": 2}]}',
                '{"text": ' + text + ', "date": "0000-00-00"}',
                '{"text": ' + text + ', "date": "+275760-09-13T00:00:00Z"}',
                '{"text": {"a": [1, 2, {"b": null}]}}',
                '{"text": [null, 1.5, true, "x"], "title": {"x": 1}}',
                '{"text": ' + text + ', "title": [], "source": {}, "id": [1], "lang": 7}',
                '{"text": ' + text + ', "lang": "' + "x" * 5000 + '"}',
                '{"text": ' + text + ', "url": 12, "link": true}',
                '{"text": "\\u0000\\u0001\\u001f ' + text[1:-1] + '"}',
                '{"text": "\\ufeff\\u200b\\u202e ' + text[1:-1] + '"}',
                "[]",
                "null",
                "1",
                '"just a string"',
                "{}",
                '{"text": ""}',
                '{"text": "   "}',
            ]
        )
        return value.encode() + b"\n", value[:100]
    if kind == "long_garbage":
        n = rng.randint(1, 3) * 1024 * 1024
        return b"x" * n + b"\n", f"a {n // 1048576} MB line of 'x'"
    raise ValueError(kind)


LINE_KINDS = ("surrogate", "encoded_surrogate", "nul", "deep", "bigint", "bad_url",
              "invalid_utf8", "malformed", "odd_value", "long_garbage")  # fmt: skip
LINE_WEIGHTS = (4, 2, 3, 2, 2, 3, 1, 1, 3, 0.3)


def case_jsonl_mixed(rng: random.Random, seeds: Seeds, index: int, kind: str) -> Case:
    """Clean JSONL lines (planted) around bad lines of one kind: only the bad lines may fail."""
    line_kind = kind.removeprefix("jsonl_")
    marks = [marker(rng) for _ in range(rng.randint(2, 6))]
    lines = [(jline(clean_record(rng, seeds, m), rng), None) for m in marks]
    sketches = []
    for _ in range(rng.randint(1, 3)):
        bad, sk = bad_jsonl_line(line_kind, rng, seeds)
        sketches.append(sk)
        pos = 0 if rng.random() < 0.3 else rng.randrange(len(lines) + 1)
        if bad.startswith(b"["):  # a first line '[...' makes the file one JSON document (by design)
            pos = max(pos, 1)
        lines.insert(pos, (bad, sk))
    data = b"".join(line for line, _ in lines)
    badno = [i + 1 for i, (_, sk) in enumerate(lines) if sk]
    gz = rng.random() < 0.15
    if gz:
        data = gzip.compress(data, mtime=0)
    ext = ".jsonl.gz" if gz else rng.choice([".jsonl", ".jsonl", ".ndjson"])
    host = f"clean line of a JSONL file with a bad '{line_kind}' line"
    return Case(
        index,
        kind,
        [FileSpec(f"{index:05d}_{kind}{ext}".encode(), data)],
        f"{ext} file, {len(marks)} clean lines, bad line(s) {badno}: {sketches[0]}",
        good={m: host for m in marks},
    )


def case_json_array_mixed(rng: random.Random, seeds: Seeds, index: int, kind: str) -> Case:
    """A JSON array document of clean records and one with a lone surrogate or a bad URL."""
    marks = [marker(rng) for _ in range(rng.randint(2, 5))]
    items = [json.dumps(clean_record(rng, seeds, m)) for m in marks]
    if kind.endswith("surrogate"):
        esc = rng.choice(SURROGATES)
        bad, sk = f'{{"text": "bad {esc} value in an array"}}', f'{{"text": "bad {esc} ..."}}'
    else:
        url = rng.choice(BAD_URLS)
        bad = json.dumps({"text": "A record with a bad URL in an array.", "url": url})
        sk = f'{{"url": "{url}"}}'
    items.insert(rng.randrange(len(items) + 1), bad)
    data = ("[\n" + ",\n".join(items) + "\n]\n").encode()
    return Case(
        index,
        kind,
        [FileSpec(f"{index:05d}_{kind}.json".encode(), data)],
        f"JSON array of {len(items)} records, one {sk}",
        good={
            m: f"clean record of a JSON array with a {kind.split('_')[-1]} record" for m in marks
        },
    )


def case_jsonfeed_mixed(rng: random.Random, seeds: Seeds, index: int, kind: str) -> Case:
    """A JSON Feed with clean items (planted) and one item with a lone surrogate or bad URL."""
    marks = [marker(rng) for _ in range(rng.randint(2, 4))]
    items = [jsonfeed_item(clean_record(rng, seeds, m)) for m in marks]
    placeholder = "@@BAD@@"
    bad_item: dict[str, Any] = {"id": "bad", "title": "Bad item", "content_text": "Bad item text."}
    if kind.endswith("surrogate"):
        esc = rng.choice(SURROGATES)
        fld = rng.choice(["title", "content_text", "url", "id", "summary"])
        bad_item[fld] = placeholder
        raw = f"bad {esc} x"
        sk = f'item {{"{fld}": "bad {esc} x"}}'
    else:
        raw = rng.choice(BAD_URLS)
        bad_item["url"] = placeholder
        sk = f'item {{"url": "{raw}"}}'
    items.insert(rng.randrange(len(items) + 1), bad_item)
    doc = jsonfeed_doc(items).replace(placeholder, raw)
    return Case(
        index,
        kind,
        [FileSpec(f"{index:05d}_{kind}.json".encode(), doc.encode())],
        f"JSON Feed of {len(items)} items, one {sk}",
        good={m: f"clean item of a JSON Feed with a {kind.split('_')[-1]} item" for m in marks},
    )


def case_rss_bad_url(rng: random.Random, seeds: Seeds, index: int, kind: str) -> Case:
    """An RSS feed with clean items (planted) and one whose <link> is not a valid URL."""
    marks = [marker(rng) for _ in range(rng.randint(2, 4))]
    items = [rss_item(clean_record(rng, seeds, m)) for m in marks]
    url = rng.choice(BAD_URLS)
    items.insert(
        rng.randrange(len(items) + 1),
        ("Bad link item", html.escape(url), "An item whose link is not a URL."),
    )
    return Case(
        index,
        kind,
        [FileSpec(f"{index:05d}_{kind}.xml".encode(), rss_doc(items))],
        f"RSS feed of {len(items)} items, one with <link>{url}</link>",
        good={m: "clean item of an RSS feed with a bad-URL item" for m in marks},
    )


def case_constructed(rng: random.Random, seeds: Seeds, index: int, kind: str) -> Case:
    """The hand-made attacks: bombs, XXE, odd names, symlinks, empties, binary, huge lines."""
    name = f"{index:05d}_{kind}"
    rec = seeds.record(rng, min_words=30)
    if kind == "huge_line":
        n = rng.randint(1, 4) * 1024 * 1024
        words = (_body(rec, 200) + " ").encode()
        line = (words * (n // len(words) + 1))[:n]
        form = rng.choice(["txt", "jsonl", "html", "md"])
        if form == "jsonl":
            data = b'{"title": "Huge", "text": "' + line.replace(b'"', b"'") + b'"}\n'
        elif form == "html":
            data = b"<html><body><article><p>" + line + b"</p></article></body></html>"
        else:
            data = line
        return Case(
            index, kind, [FileSpec(f"{name}.{form}".encode(), data)], f"{n:,}-byte line ({form})"
        )
    if kind == "json_array_empties":
        # 3 million '{}' (9 MB) took 2.5 GB before issue 15; the smaller ones keep runs quick
        n = rng.choices([1000, 100_000, 500_000, 3_000_000], weights=[3, 3, 2, 1])[0]
        data = b"[" + b"{}," * (n - 1) + b"{}]"
        ext = rng.choice([".json", ".jsonl"])
        return Case(
            index,
            kind,
            [FileSpec(f"{name}{ext}".encode(), data)],
            f"[{{}}, ... x {n:,}] ({len(data):,} bytes)",
        )
    if kind == "entity_bomb":
        prolog = (
            '<!DOCTYPE rss [<!ENTITY a "lollollollollollollollollollol">'
            + "".join(
                f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            )
            + "]>\n"
        )
        data = rss_doc([("Bomb &i;", "https://fuzz.example/b", "Boom &i; &i;")], prolog=prolog)
        return Case(
            index,
            kind,
            [FileSpec(f"{name}.xml".encode(), data)],
            "billion laughs (10^9 'lol') in an RSS item",
        )
    if kind == "xxe":
        secret = marker(rng)
        prolog = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{SECRET_PATH.decode()}">]>\n'
        data = rss_doc(
            [("Leak &xxe;", "https://fuzz.example/x", "The file says: &xxe; and more words here.")],
            prolog=prolog,
        )
        ext = rng.choice([".xml", ".rss", ".atom"])
        return Case(
            index,
            kind,
            [FileSpec(f"{name}{ext}".encode(), data)],
            "RSS item with &xxe; = SYSTEM file://<secret file outside the folder>",
            secret=secret,
        )
    if kind == "xml_charref_surrogate":
        items = [
            (
                "Bad char &#xD800; ref",
                "https://fuzz.example/c",
                "Text with &#xD800; and &#55296; in it.",
            )
        ]
        return Case(
            index,
            kind,
            [FileSpec(f"{name}.xml".encode(), rss_doc(items))],
            "RSS item with &#xD800; / &#55296; character references",
        )
    if kind == "html_charref_surrogate":
        data = html_doc(
            rec, extra="<p>Broken &#xD800; character &#55296; reference &#x110000; here.</p>"
        )
        return Case(
            index,
            kind,
            [FileSpec(f"{name}.html".encode(), data)],
            "news page with &#xD800; &#55296; &#x110000; in a paragraph",
        )
    if kind == "xml_deep":
        n = rng.choice([1000, 20_000, 100_000])
        desc = "&lt;div&gt;" * n if rng.random() < 0.5 else None
        body = "<div>" * n + "deep" + "</div>" * n
        data = rss_doc([("Deep", "https://fuzz.example/d", desc or "x")]).replace(
            b"</channel>", body.encode() + b"</channel>"
        )
        return Case(
            index,
            kind,
            [FileSpec(f"{name}.xml".encode(), data)],
            f"RSS feed with {n:,} nested elements",
        )
    if kind == "html_deep":
        n = rng.choice([1000, 20_000, 100_000])
        data = (
            b"<html><body>" + b"<div>" * n + b"deep text " * 20 + b"</div>" * n + b"</body></html>"
        )
        return Case(
            index,
            kind,
            [FileSpec(f"{name}.html".encode(), data)],
            f"HTML page with {n:,} nested <div>",
        )
    if kind == "jsonfeed_deep_or_bigint":
        if rng.random() < 0.5:
            raw, sk = deep(rng), "nested thousands deep"
        else:
            raw, sk = "9" * rng.choice([4301, 10_000]), "a >4,300-digit integer"
        doc = jsonfeed_doc([{"id": "1", "title": "T", "content_text": "@@V@@"}]).replace(
            '"@@V@@"', raw
        )
        return Case(
            index,
            kind,
            [FileSpec(f"{name}.json".encode(), doc.encode())],
            f"JSON Feed whose item text is {sk}",
        )
    if kind == "bad_filename":
        raw = rng.choice([b"\xff\xfe", b"caf\xe9", b"\xed\xa0\x80", b"\x80abc", b"bad\xc3"])
        ext = rng.choice([b".txt", b".jsonl", b".md"])
        clean = text_doc(rec) if ext != b".jsonl" else jline({"text": _body(rec)}, rng)
        return Case(
            index,
            kind,
            [FileSpec(name.encode() + b"_" + raw + ext, clean)],
            f"clean file named {name}_{raw!r}{ext.decode()} (not UTF-8)",
        )
    if kind == "symlink_out":
        secret = marker(rng)
        ext = rng.choice([".txt", ".md", ".jsonl", ".html"])
        return Case(
            index,
            kind,
            [FileSpec(f"{name}{ext}".encode(), symlink="secret")],
            f"symlink {name}{ext} -> a secret file outside the folder",
            secret=secret,
        )
    if kind == "symlink_dir_out":
        secret = marker(rng)
        return Case(
            index,
            kind,
            [FileSpec(name.encode(), symlink="secretdir")],
            "symlink to a folder outside holding a secret file",
            secret=secret,
        )
    if kind == "empty":
        data = rng.choice(
            [b"", b" ", b"\n\n\n", b"\t \r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x00"]
        )
        ext = rng.choice([".txt", ".md", ".jsonl", ".json", ".xml", ".html", ".jsonl.gz", ""])
        if ext == ".jsonl.gz" and rng.random() < 0.5:
            data = gzip.compress(data, mtime=0)
        return Case(
            index,
            kind,
            [FileSpec(f"{name}{ext}".encode(), data)],
            f"{ext or 'no-extension'} file holding {data[:8]!r}",
        )
    if kind == "random_binary":
        n = rng.choice([1, 10, 1000, 100_000])
        ext = rng.choice(
            [".txt", ".md", ".jsonl", ".json", ".xml", ".rss", ".html", ".jsonl.gz", ".bin", ""]
        )
        data = _junk(rng, n)
        if rng.random() < 0.2:
            data = b"\x1f\x8b" + data  # gzip magic, then garbage
        return Case(
            index,
            kind,
            [FileSpec(f"{name}{ext}".encode(), data)],
            f"{n:,} random bytes named *{ext}",
        )
    if kind == "gzip_bomb":
        form = rng.choice(["zeros", "newlines", "lines"])
        data = _bomb(form)
        return Case(
            index,
            kind,
            [FileSpec(f"{name}.jsonl.gz".encode(), data)],
            f"gzip bomb: {BOMB_SIZES[form]}",
        )
    if kind == "gz_many_invalid":
        n = rng.choice([10_000, 100_000, 300_000])
        data = gzip.compress(b"x\n" * n, mtime=0)
        return Case(
            index,
            kind,
            [FileSpec(f"{name}.jsonl.gz".encode(), data)],
            f"{len(data):,}-byte .jsonl.gz of {n:,} invalid lines",
        )
    if kind == "wrong_format":
        ext, data, desc = seed_file(rng, seeds)
        other = rng.choice([".txt", ".md", ".jsonl", ".json", ".xml", ".html", ".rss", ".jsonl.gz"])
        return Case(
            index, kind, [FileSpec(f"{name}{other}".encode(), data)], f"{desc} named *{other}"
        )
    raise ValueError(kind)


BOMB_SIZES = {
    "zeros": "300 MB of zero bytes (one line)",
    "newlines": "5 MB of newlines",
    "lines": "4 MB of '{}\\n' lines (1.4 million invalid records)",
}
_BOMBS: dict[str, bytes] = {}


def _bomb(form: str) -> bytes:
    """A gzip bomb, compressed once per process (the bytes are the same for every case)."""
    if form not in _BOMBS:
        size = {"zeros": 300 << 20, "newlines": 5 << 20, "lines": 4 << 20}[form]
        unit = {
            "zeros": b"\x00" * (1 << 20),
            "newlines": b"\n" * (1 << 20),
            "lines": b"{}\n" * 349525 + b"\n",
        }[form]
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        out = [comp.compress(unit) for _ in range(size // len(unit))]
        _BOMBS[form] = b"".join(out) + comp.flush()
    return _BOMBS[form]


def case_bytes(rng: random.Random, seeds: Seeds, index: int, kind: str) -> Case:
    """A byte-level mutation of a seed file."""
    ext, data, desc = seed_file(rng, seeds)
    mutated, how = mutate_bytes(kind, rng, data)
    if kind.startswith("gzip") and rng.random() < 0.5:
        ext += ".gz"
    return Case(
        index, kind, [FileSpec(f"{index:05d}_{kind}{ext}".encode(), mutated)], f"{desc}: {how}"
    )


CONSTRUCTED = ("huge_line", "json_array_empties", "entity_bomb", "xxe", "xml_charref_surrogate",
               "html_charref_surrogate", "xml_deep", "html_deep", "jsonfeed_deep_or_bigint",
               "bad_filename", "symlink_out", "symlink_dir_out", "empty", "random_binary",
               "gzip_bomb", "gz_many_invalid", "wrong_format")  # fmt: skip

#: kind -> (weight, generator). Weights keep the slow kinds (MB-sized inputs) rare.
KINDS: dict[str, tuple[float, Callable[[random.Random, Seeds, int, str], Case]]] = {
    **{k: (3.0, case_bytes) for k in BYTE_KINDS},
    **{f"jsonl_{k}": (w, case_jsonl_mixed) for k, w in zip(LINE_KINDS, LINE_WEIGHTS, strict=True)},
    "json_array_surrogate": (1.5, case_json_array_mixed),
    "json_array_bad_url": (1.5, case_json_array_mixed),
    "jsonfeed_surrogate": (2.0, case_jsonfeed_mixed),
    "jsonfeed_bad_url": (2.0, case_jsonfeed_mixed),
    "rss_bad_url": (2.0, case_rss_bad_url),
    **{k: (1.0, case_constructed) for k in CONSTRUCTED},
    "huge_line": (0.4, case_constructed),
    "json_array_empties": (0.4, case_constructed),
    "gzip_bomb": (0.2, case_constructed),
    "gz_many_invalid": (0.3, case_constructed),
    "xml_deep": (0.5, case_constructed),
    "html_deep": (0.5, case_constructed),
}


def make_case(seed: int, index: int, seeds: Seeds) -> Case:
    """Case number ``index`` of a seed, from its own RNG: it does not depend on earlier cases."""
    rng = random.Random(f"fuzz/{seed}/{index}")
    names = list(KINDS)
    if index < len(names):  # the first cases are one of each kind, so any run covers them all
        kind = sorted(names)[index]
    else:
        kind = rng.choices(names, weights=[KINDS[k][0] for k in names])[0]
    return KINDS[kind][1](rng, seeds, index, kind)


def planted_cases(seed: int, batch_no: int, seeds: Seeds) -> list[Case]:
    """Clean files, one of each format, each item with a marker: they must all be stored."""
    rng = random.Random(f"plant/{seed}/{batch_no}")
    out: list[Case] = []

    def add(fmt: str, ext: str, data: bytes, marks: list[str], what: str) -> None:
        out.append(
            Case(
                -1,
                f"clean_{fmt}",
                [FileSpec(f"clean_{batch_no}_{fmt}{ext}".encode(), data)],
                what,
                good=dict.fromkeys(marks, f"clean {what}"),
                planted=True,
            )
        )

    for fmt in ("txt", "md"):
        m = marker(rng)
        rec = clean_record(rng, seeds, m)
        add(fmt, f".{fmt}", text_doc(rec, markdown=fmt == "md"), [m], f".{fmt} file")
    m = marker(rng)
    add("html", ".html", html_doc(clean_record(rng, seeds, m)), [m], ".html page")
    ms = [marker(rng) for _ in range(3)]
    add(
        "rss",
        ".xml",
        rss_doc([rss_item(clean_record(rng, seeds, x)) for x in ms]),
        ms,
        "RSS feed item",
    )
    ms = [marker(rng) for _ in range(2)]
    doc = jsonfeed_doc([jsonfeed_item(clean_record(rng, seeds, x)) for x in ms])
    add("jsonfeed", ".json", doc.encode(), ms, "JSON Feed item")
    ms = [marker(rng) for _ in range(5)]
    add(
        "jsonl",
        ".jsonl",
        b"".join(jline(clean_record(rng, seeds, x), rng) for x in ms),
        ms,
        ".jsonl line",
    )
    ms = [marker(rng) for _ in range(3)]
    data = gzip.compress(b"".join(jline(clean_record(rng, seeds, x), rng) for x in ms), mtime=0)
    add("jsonl_gz", ".jsonl.gz", data, ms, ".jsonl.gz line")
    ms = [marker(rng) for _ in range(3)]
    data = json.dumps([clean_record(rng, seeds, x) for x in ms], indent=1).encode()
    add("json_array", ".json", data, ms, "JSON array record")
    return out


# -- materialising and running ----------------------------------------------------------------
SECRET_TEXT = (
    "Confidential memo\n\n2024-03-01\n\nThe minister of Ruritania met envoys of Borduria in the "
    "capital on Monday and agreed a secret deal. Code word {marker}. Nobody outside the ministry "
    "may read this file.\n"
)


def write_case(case: Case, folder: Path, outside: Path) -> None:
    """Write a case's files into ``folder``; its secret file (if any) goes in ``outside``."""
    secret_path = outside / f"secret_{case.index}.txt"
    if case.secret:
        outside.mkdir(parents=True, exist_ok=True)
        secret_path.write_text(SECRET_TEXT.format(marker=case.secret))
    for spec in case.files:
        target = os.path.join(os.fsencode(folder), spec.name)
        if spec.symlink == "secret":
            os.symlink(os.fsencode(secret_path), target)
        elif spec.symlink == "secretdir":
            sub = outside / f"secretdir_{case.index}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / "memo.txt").write_text(SECRET_TEXT.format(marker=case.secret))
            os.symlink(os.fsencode(sub), target)
        else:
            data = spec.data.replace(SECRET_PATH, os.fsencode(secret_path))
            with open(target, "wb") as fh:
                fh.write(data)


@dataclass
class RunResult:
    """What one CLI run did and what its store holds."""

    mode: str
    """'batch' or 'single'."""
    label: str
    cases: list[Case]
    exit_code: int | None = None
    timed_out: bool = False
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    traceback: str | None = None
    """The traceback's last lines, when stderr has one."""
    stderr_tail: str = ""
    report: dict[str, Any] | None = None
    missing: dict[str, str] = field(default_factory=dict)
    leaked: list[str] = field(default_factory=list)
    expected: int = 0
    store_error: str | None = None


def _limit_memory(mb: int) -> Callable[[], None]:
    def apply() -> None:
        os.setsid()
        if mb > 0:
            resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))

    return apply


#: ``python -m newsevents`` that writes its own peak RSS (kB, VmHWM) to $NE_FUZZ_RSS on exit.
_CLI_REPORTING_PEAK = """
import atexit, os, sys
def _peak():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                with open(os.environ["NE_FUZZ_RSS"], "w") as out:
                    out.write(line.split()[1])
atexit.register(_peak)
sys.argv[0] = "newsevents"
from newsevents.cli.main import main
main()
"""


def run_cli(
    folder: Path, db: Path, *, timeout: float, mem_limit_mb: int
) -> tuple[int | None, bool, float, float, Path, Path]:
    """Run the real CLI on a folder; (exit code, timed out, wall s, peak RSS MB, stdout, stderr)."""
    env = dict(os.environ)
    env.pop("NEWSEVENTS_DB", None)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["PYTHONIOENCODING"] = "utf-8"
    out_path, err_path = db.with_suffix(".stdout"), db.with_suffix(".stderr")
    rss_path = db.with_suffix(".rss")
    env["NE_FUZZ_RSS"] = str(rss_path)
    cmd = [
        sys.executable,
        "-c",
        _CLI_REPORTING_PEAK,
        "--db",
        str(db),
        "ingest",
        str(folder),
        "--json",
        "-q",
    ]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=db.parent, env=env,
            preexec_fn=_limit_memory(mem_limit_mb),  # no threads here
        )  # fmt: skip
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                timed_out = True
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    # The child's own peak (VmHWM after exec); ru_maxrss would also count the pages it shared with
    # this harness between fork and exec. A killed child reports nothing: ru_maxrss then.
    try:
        peak_mb = int(rss_path.read_text().strip()) / 1024
    except (OSError, ValueError):
        peak_mb = usage.ru_maxrss / 1024
    return ((None if timed_out else code), timed_out, wall, peak_mb, out_path, err_path)


def _traceback(err_path: Path) -> tuple[str | None, str]:
    """(the traceback's tail if stderr holds one, the last 2 KB of stderr)."""
    size = err_path.stat().st_size
    with open(err_path, "rb") as fh:
        found = False
        head = b""
        while chunk := fh.read(1 << 20):
            if b"Traceback (most recent call last)" in head + chunk:
                found = True
                break
            head = chunk[-64:]
        fh.seek(max(0, size - 4096))
        tail = fh.read().decode("utf-8", errors="replace")
    if not found:
        return None, tail[-2048:]
    lines = tail.rstrip().splitlines()
    return "\n".join(lines[-12:]), tail[-2048:]


def _check_store(db: Path, run: RunResult) -> None:
    """Planted markers found and secrets leaked, read back from the store file read-only."""
    expected = {m: host for c in run.cases for m, host in c.good.items()}
    secrets = [c.secret for c in run.cases if c.secret]
    run.expected = len(expected)
    found: set[bytes] = set()
    if db.exists():
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                con.text_factory = bytes
                for title, text in con.execute("SELECT title, text FROM articles"):
                    found.update(MARKER.findall(title or b""))
                    found.update(MARKER.findall(text or b""))
            finally:
                con.close()
        except sqlite3.Error as exc:
            run.store_error = f"{type(exc).__name__}: {exc}"
        raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())
        run.leaked = [s for s in secrets if s.encode() in raw]
    run.missing = {m: host for m, host in expected.items() if m.encode() not in found}


def execute(
    mode: str,
    label: str,
    cases: list[Case],
    work: Path,
    *,
    timeout: float,
    mem_limit_mb: int,
    keep: Path | None,
) -> RunResult:
    """Write the cases into a fresh folder, ingest it with the CLI, check the store; clean up."""
    run_dir = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=work))
    folder, outside = run_dir / "in", run_dir / "outside"
    folder.mkdir()
    for case in cases:
        write_case(case, folder, outside)
    db = run_dir / "store.db"
    run = RunResult(mode, label, cases)
    code, timed_out, wall, rss, out_path, err_path = run_cli(
        folder, db, timeout=timeout, mem_limit_mb=mem_limit_mb
    )
    run.exit_code, run.timed_out, run.wall_s, run.peak_rss_mb = code, timed_out, wall, rss
    run.traceback, run.stderr_tail = _traceback(err_path)
    if out_path.stat().st_size < 50 << 20:
        try:
            report = json.loads(out_path.read_bytes())
            if isinstance(report, dict):
                report["errors_count"] = len(report.get("errors") or [])
                report["errors"] = (report.get("errors") or [])[:5]
                run.report = report
        except ValueError:
            pass
    _check_store(db, run)
    failed = bool(failures_of(run))
    if keep is not None and failed:
        keep.mkdir(parents=True, exist_ok=True)
        for p in (out_path, err_path):
            with contextlib.suppress(OSError):
                p.with_suffix(p.suffix + ".txt").write_bytes(p.read_bytes()[-(1 << 20) :])
        shutil.move(str(run_dir), keep / run_dir.name)
    else:
        shutil.rmtree(run_dir, ignore_errors=True)
    return run


# -- verdicts ---------------------------------------------------------------------------------
def _where(tb: str) -> str:
    """'ExcType at file:function' of a traceback's innermost newsevents frame."""
    last = tb.strip().splitlines()[-1] if tb.strip() else "?"
    exc = last.split(":", 1)[0].strip()
    frames = re.findall(r'File "([^"]+)", line \d+, in (\S+)', tb)
    ours = [(f, fn) for f, fn in frames if "newsevents" in f]
    if ours:
        f, fn = ours[-1]
        return f"{exc} at {f.split('newsevents/', 1)[-1]}:{fn}"
    return f"{exc} at {frames[-1][1]}" if frames else exc


def failures_of(run: RunResult) -> list[tuple[str, str]]:
    """(kind, example detail) for each way a run failed."""
    out: list[tuple[str, str]] = []
    if run.timed_out:
        out.append((f"run over {TIMEOUT_S:.0f} s", f"killed after {run.wall_s:.0f} s"))
    elif run.exit_code not in OK_EXIT_CODES:
        out.append((f"exit code {run.exit_code}", run.stderr_tail[-400:]))
    if run.traceback:
        out.append((f"traceback: {_where(run.traceback)}", run.traceback.splitlines()[-1][:300]))
    if run.peak_rss_mb > RSS_LIMIT_MB:
        out.append(("peak RSS over 1 GB", f"{run.peak_rss_mb:,.0f} MB"))
    if run.store_error:
        out.append(("store unreadable after the run", run.store_error))
    for secret in run.leaked:
        kinds = [c.kind for c in run.cases if c.secret == secret]
        out.append((f"secret stored ({kinds[0]})", f"secret marker {secret} found in the store"))
    if run.missing and (run.traceback or run.timed_out or run.exit_code not in OK_EXIT_CODES):
        n = len(run.missing)
        out.append(("good items lost: the run was aborted", f"{n} of {run.expected} missing"))
        return out
    hosts: dict[str, int] = {}
    for host in run.missing.values():
        hosts[host] = hosts.get(host, 0) + 1
    for host, n in hosts.items():
        errs = ""
        if run.report and run.report.get("errors"):
            errs = "; first errors: " + " | ".join(
                f"{e.get('code')} {str(e.get('reason'))[:80]}" for e in run.report["errors"][:2]
            )
        out.append((f"good item lost: {host}", f"{n} of its items missing{errs}"))
    return out


@dataclass
class Totals:
    """Counts over a whole fuzz run."""

    inputs: int = 0
    runs: int = 0
    batch_runs: int = 0
    single_runs: int = 0
    tracebacks: int = 0
    bad_exit_codes: int = 0
    over_timeout: int = 0
    peak_rss_mb: float = 0.0
    over_rss: int = 0
    good_expected: int = 0
    good_stored: int = 0
    secrets_planted: int = 0
    secrets_leaked: int = 0
    wall_s: float = 0.0
    exit_codes: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, run: RunResult) -> None:
        self.runs += 1
        if run.mode == "batch":
            self.batch_runs += 1
        else:
            self.single_runs += 1
        key = str(run.exit_code) if not run.timed_out else "timeout"
        self.exit_codes[key] = self.exit_codes.get(key, 0) + 1
        self.tracebacks += bool(run.traceback)
        self.over_timeout += run.timed_out
        self.bad_exit_codes += not run.timed_out and run.exit_code not in OK_EXIT_CODES
        self.peak_rss_mb = max(self.peak_rss_mb, run.peak_rss_mb)
        self.over_rss += run.peak_rss_mb > RSS_LIMIT_MB
        self.good_expected += run.expected
        self.good_stored += run.expected - len(run.missing)
        self.secrets_planted += sum(1 for c in run.cases if c.secret)
        self.secrets_leaked += len(run.leaked)
        for kind, detail in failures_of(run):
            entry = self.failures.setdefault(
                kind, {"runs": 0, "single_run_cases": {}, "example": None}
            )
            entry["runs"] += 1
            example = {
                "run": run.label,
                "detail": detail,
                "cases": [f"{c.kind}: {c.sketch}" for c in run.cases if not c.planted][:3]
                if run.mode == "single"
                else f"{len(run.cases)} files (see single-file runs for the culprit)",
            }
            if run.mode == "single":
                kinds = entry["single_run_cases"]
                kinds[run.cases[0].kind] = kinds.get(run.cases[0].kind, 0) + 1
            # prefer a single-file example: it names the input
            if entry["example"] is None or (
                run.mode == "single" and entry["example_mode"] != "single"
            ):
                entry["example"] = example
                entry["example_mode"] = run.mode

    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def single_sample(cases: list[Case], n: int) -> list[Case]:
    """n cases, round robin over the kinds (sorted), so every kind is run alone at least once."""
    by_kind: dict[str, list[Case]] = {}
    for c in cases:
        by_kind.setdefault(c.kind, []).append(c)
    out: list[Case] = []
    depth = 0
    while len(out) < n and any(len(v) > depth for v in by_kind.values()):
        for kind in sorted(by_kind):
            if len(out) < n and len(by_kind[kind]) > depth:
                out.append(by_kind[kind][depth])
        depth += 1
    return out


def iter_batches(
    seed: int, inputs: int, batch: int, seeds: Seeds
) -> Iterator[tuple[int, list[Case]]]:
    """(batch number, cases with the batch's planted clean files shuffled in)."""
    for b, start in enumerate(range(0, inputs, batch)):
        cases = [make_case(seed, i, seeds) for i in range(start, min(start + batch, inputs))]
        yield b, cases


def fuzz(
    *,
    inputs: int,
    seed: int,
    batch: int,
    single: int,
    shared: Path,
    work: Path,
    timeout: float = TIMEOUT_S,
    mem_limit_mb: int = 4096,
    keep: Path | None = None,
    log: Callable[[str], None] | None = None,
) -> Totals:
    """The whole fuzz run: every batch through the CLI, then ``single`` cases alone."""
    seeds = Seeds(shared, seed=seed)
    totals = Totals(inputs=inputs)
    start = time.perf_counter()
    all_cases: list[Case] = []
    for b, cases in iter_batches(seed, inputs, batch, seeds):
        for c in cases:
            totals.by_kind[c.kind] = totals.by_kind.get(c.kind, 0) + 1
        plants = planted_cases(seed, b, seeds)
        mixed: list[Case] = [*cases, *plants]
        random.Random(f"order/{seed}/{b}").shuffle(mixed)
        # interleave: rename so that the CLI's sorted walk follows the shuffled order
        for pos, case in enumerate(mixed):
            for spec in case.files:
                spec.name = f"{pos:04d}_".encode() + spec.name
        run = execute(
            "batch",
            f"batch{b:03d}",
            mixed,
            work,
            timeout=timeout,
            mem_limit_mb=mem_limit_mb,
            keep=keep,
        )
        totals.add(run)
        if log:
            log(_run_line(run))
        for case in cases:
            for spec in case.files:
                spec.name = spec.name[5:]
        all_cases.extend(c for c in cases)
        del plants, mixed
    for case in single_sample(all_cases, single):
        run = execute(
            "single",
            f"case{case.index:05d}",
            [case],
            work,
            timeout=timeout,
            mem_limit_mb=mem_limit_mb,
            keep=keep,
        )
        totals.add(run)
        if log and failures_of(run):
            log(_run_line(run))
    totals.wall_s = time.perf_counter() - start
    return totals


def _run_line(run: RunResult) -> str:
    fails = "; ".join(k for k, _ in failures_of(run)) or "ok"
    return (
        f"{run.label}: {len(run.cases)} files, exit {run.exit_code}, {run.wall_s:.1f} s, "
        f"{run.peak_rss_mb:,.0f} MB, good {run.expected - len(run.missing)}/{run.expected}: {fails}"
    )


def summary(t: Totals) -> list[str]:
    """The printed counts and the failures grouped by kind, one example each."""
    lines = [
        f"inputs: {t.inputs:,} fuzzed ({len(t.by_kind)} kinds); runs: {t.runs} "
        f"({t.batch_runs} batches, {t.single_runs} single-file) in {t.wall_s:,.0f} s",
        f"exit codes: {dict(sorted(t.exit_codes.items()))} (must be 0, 1 or 2)",
        f"tracebacks: {t.tracebacks} (target 0); runs over {TIMEOUT_S:.0f} s: {t.over_timeout} "
        f"(target 0)",
        f"peak RSS: {t.peak_rss_mb:,.0f} MB (target < 1,024 MB; runs over: {t.over_rss})",
        f"planted good items stored: {t.good_stored:,}/{t.good_expected:,}; secrets stored: "
        f"{t.secrets_leaked}/{t.secrets_planted} (target 0)",
        f"failure kinds: {len(t.failures)}",
    ]
    for kind, entry in sorted(t.failures.items(), key=lambda kv: -kv[1]["runs"]):
        ex = entry["example"]
        lines.append(f"  [{entry['runs']} runs] {kind}")
        if entry["single_run_cases"]:
            lines.append(f"      single-file cases: {entry['single_run_cases']}")
        lines.append(f"      e.g. {ex['run']}: {ex['cases']}")
        lines.append(f"      -> {ex['detail'][:300]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the fuzz, print the figures; exit 1 when any target is missed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=10_000, help="fuzzed inputs (default 10,000)")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--batch", type=int, default=200, help="fuzzed inputs per batch folder")
    ap.add_argument(
        "--single",
        type=int,
        default=None,
        help="cases also run alone (default inputs/100, at least one per kind)",
    )
    ap.add_argument("--timeout", type=float, default=TIMEOUT_S)
    ap.add_argument(
        "--mem-limit-mb",
        type=int,
        default=4096,
        help="address-space cap of a child (protects the machine; 0: none)",
    )
    ap.add_argument("--out", type=Path, help="write the full report as JSON here")
    ap.add_argument("--keep", type=Path, help="keep the folders of failing runs here")
    ap.add_argument("--quiet", "-q", action="store_true", help="no line per batch")
    args = ap.parse_args(argv)
    shared = shared_dir()
    if not (shared / "corpora").is_dir():
        print(f"corpora not found under {shared} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    single = args.single if args.single is not None else max(len(KINDS), args.inputs // 100)
    log = None if args.quiet else (lambda s: print(s, flush=True))
    with tempfile.TemporaryDirectory(prefix="fuzz-ingest-") as work:
        totals = fuzz(
            inputs=args.inputs, seed=args.seed, batch=args.batch, single=single, shared=shared,
            work=Path(work), timeout=args.timeout, mem_limit_mb=args.mem_limit_mb, keep=args.keep,
            log=log,
        )  # fmt: skip
    command = (
        f"python bench/fuzz_ingest.py --inputs {args.inputs} --seed {args.seed} "
        f"--batch {args.batch} --single {single}"
    )
    print(f"command: {command}")
    print(f"machine: {machine()}")
    for line in summary(totals):
        print(line)
    if args.out:
        data = {"command": command, "machine": machine(), **totals.to_dict()}
        args.out.write_text(json.dumps(data, indent=2, default=str))
    return 0 if totals.ok() else 1


if __name__ == "__main__":
    raise SystemExit(main())
