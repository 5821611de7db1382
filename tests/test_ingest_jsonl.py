"""JSONL dumps: field mapping, nested fields, bad lines, truncated gzip, caps, real corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsevents.errors import ErrorCode, InputError
from newsevents.ingest import IngestOptions, ingest
from newsevents.ingest.base import ItemError, Source
from newsevents.ingest.jsonl import parse_field_map, parse_jsonl
from newsevents.models import ArticleInput
from newsevents.store import Store


def lines(*records: object) -> bytes:
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records
    )


def parse(data: bytes, **opts: object) -> list[object]:
    return list(parse_jsonl(Source.from_bytes("dump.jsonl", data), IngestOptions(**opts)))  # type: ignore[arg-type]


def test_default_field_names() -> None:
    (a,) = parse(
        lines(
            {
                "id": 7,
                "headline": "H",
                "body": "Text body",
                "date": "2024-06-05T10:00:00Z",
                "link": "https://x.org/7",
                "outlet": "Wire",
                "lang": "EN",
            }
        )
    )
    assert isinstance(a, ArticleInput)
    assert (a.title, a.text, a.url, a.source, a.language, a.external_id) == (
        "H",
        "Text body",
        "https://x.org/7",
        "Wire",
        "en",
        "7",
    )
    assert a.published is not None and a.published.isoformat() == "2024-06-05T10:00:00+00:00"


def test_field_map_and_nested_fields() -> None:
    data = lines({"story": {"words": "Nested text", "when": "5 June 2024"}, "text": "ignored"})
    (a,) = parse(data, field_map=parse_field_map("text=story.words,published=story.when"))
    assert isinstance(a, ArticleInput) and a.text == "Nested text"
    assert a.published is not None and a.published.year == 2024


@pytest.mark.parametrize("spec", ["text", "text=", "nonsense=body", "=body"])
def test_bad_field_map(spec: str) -> None:
    with pytest.raises(InputError) as err:
        parse_field_map(spec)
    assert err.value.code is ErrorCode.E016


def test_bad_lines_skip_only_themselves_with_line_numbers() -> None:
    data = lines({"text": "one"}, b"{not json", [1, 2], {"title": "no text"}, b"", {"text": "two"})
    out = parse(data)
    good = [o.text for o in out if isinstance(o, ArticleInput)]
    bad = {o.source: o for o in out if isinstance(o, ItemError)}
    assert good == ["one", "two"]
    assert set(bad) == {"dump.jsonl:2", "dump.jsonl:3", "dump.jsonl:4"}
    assert (
        bad["dump.jsonl:2"].code is ErrorCode.E007
        and "malformed JSON" in bad["dump.jsonl:2"].reason
    )
    assert bad["dump.jsonl:3"].code is ErrorCode.E007
    assert bad["dump.jsonl:4"].code is ErrorCode.E010


def test_gzip_and_truncated_gzip() -> None:
    body = lines(*({"text": f"article number {i}"} for i in range(200)))
    packed = gzip.compress(body)
    assert len([o for o in parse(packed) if isinstance(o, ArticleInput)]) == 200
    out: list[object] = []
    with pytest.raises(InputError) as err:
        for item in parse_jsonl(
            Source.from_bytes("cut.jsonl.gz", packed[: len(packed) // 2]), IngestOptions()
        ):
            out.append(item)
    assert err.value.code is ErrorCode.E006 and "cut.jsonl.gz" in str(err.value)
    assert 0 < len(out) < 200  # what came before the cut was still read


def test_oversized_record_skipped_others_read() -> None:
    data = lines({"text": "small"}, {"text": "x" * 5000}, {"text": "also small"})
    out = parse(data, max_record_bytes=1000)
    assert [o.text for o in out if isinstance(o, ArticleInput)] == ["small", "also small"]
    (err,) = [o for o in out if isinstance(o, ItemError)]
    assert err.source == "dump.jsonl:2" and err.code is ErrorCode.E005


def test_invalid_utf8_line() -> None:
    out = parse(lines({"text": "ok"}) + b'{"text": "caf\xe9"}\n')
    assert isinstance(out[1], ItemError) and out[1].code is ErrorCode.E003


def test_real_corpus_sample_ingests_with_sources_and_dates(
    shared_dir: Path, tmp_path: Path
) -> None:
    src = shared_dir / "corpora" / "ir_demo_candidates_en.jsonl.gz"
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        head = [next(fh) for _ in range(300)]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(head), encoding="utf-8")
    texts = {json.loads(line)["text"].strip() for line in head}
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(sample)], store=store)
        assert report.exit_code == 0 and report.read == 300
        assert store.count() <= len(texts) and store.count() >= len(texts) - 5
        again = ingest([str(sample)], store=store)
        assert again.added == 0 and again.unchanged == 300
        stats = store.stats()
    assert stats["by_language"] == {"en": stats["articles"]}
    assert all(s != "(unknown)" for s in stats["by_source"])


def test_pretty_printed_json_documents() -> None:
    array = json.dumps([{"text": "first"}, {"title": "no text"}, {"body": "second"}], indent=2)
    out = parse(array.encode())
    assert [o.text for o in out if isinstance(o, ArticleInput)] == ["first", "second"]
    (err,) = [o for o in out if isinstance(o, ItemError)]
    assert err.source == "dump.jsonl[1]" and err.code is ErrorCode.E010
    (single,) = parse(json.dumps({"text": "only one", "title": "T"}, indent=2).encode())
    assert isinstance(single, ArticleInput) and single.title == "T"
    with pytest.raises(InputError) as bad:
        parse(b'[\n  {"text": "unterminated"\n')
    assert bad.value.code is ErrorCode.E007 and "line" in bad.value.reason
