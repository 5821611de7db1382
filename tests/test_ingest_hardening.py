"""Issue 15's ingest reproductions, through the real CLI and the real store: one bad value, line,
file name or folder entry costs only itself; memory and time stay bounded on hostile dumps."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.errors import ErrorCode, InputError
from newsevents.ingest import IngestOptions
from newsevents.ingest.base import ItemError, Source
from newsevents.ingest.jsonl import MAX_LEADING_BAD_LINES, parse_jsonl
from newsevents.ingest.pipeline import MAX_KEPT_ERRORS
from newsevents.models import ArticleInput
from newsevents.store import Store

GOOD = '{"text": "Good %d: Russia and China signed a trade deal in Moscow on Monday."}\n'


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def stored(db: Path) -> list[tuple[str, str | None, str]]:
    """(text, url, origin) of every stored article, in the order stored."""
    with Store(db) as s:
        return [
            (str(r[0]), r[1], str(r[2]))
            for r in s._execute("SELECT text, url, origin FROM articles ORDER BY rowid")
        ]


def report(result: Result) -> dict[str, object]:
    out = result.stdout
    return dict(json.loads(out[: out.rindex("}") + 1]))


# -- one bad value -----------------------------------------------------------------------------
def test_lone_surrogate_in_a_jsonl_line_is_repaired_and_nothing_is_lost(tmp_path: Path) -> None:
    dump = tmp_path / "s.jsonl"
    dump.write_text('{"text":"Good: Russia and China signed a deal."}\n{"text":"bad \\ud800 x"}\n')
    result = run(tmp_path / "s.db", "ingest", str(dump))
    assert result.exit_code == 0, result.output
    assert "Read 2 articles" in result.stderr
    texts = [t for t, _, _ in stored(tmp_path / "s.db")]
    assert texts == ["Good: Russia and China signed a deal.", "bad \ufffd x"]


def test_lone_surrogate_in_a_json_feed_is_repaired(tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Wire \\udfff",
        "items": [
            {"id": "1", "title": "T\\ud800", "content_text": "Iran and Iraq met in Baghdad."},
            {"id": "2", "content_text": "Talks \\udc80 resumed in Geneva."},
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed).replace("\\\\u", "\\u"))
    result = run(tmp_path / "f.db", "ingest", str(path))
    assert result.exit_code == 0, result.output
    texts = [t for t, _, _ in stored(tmp_path / "f.db")]
    assert texts == ["Iran and Iraq met in Baghdad.", "Talks \ufffd resumed in Geneva."]
    with Store(tmp_path / "f.db") as s:
        assert [r[0] for r in s._execute("SELECT title FROM articles ORDER BY rowid")] == [
            "T\ufffd",
            None,
        ]


def test_malformed_item_urls_cost_the_url_not_the_article(tmp_path: Path) -> None:
    dump = tmp_path / "u.jsonl"
    dump.write_text(
        GOOD % 1
        + json.dumps({"text": "Good two: Iran met Iraq.", "url": "http://[bad/x"})
        + "\n"
        + json.dumps({"text": "Good three: Peru met Chile.", "url": "http://h:99999/"})
        + "\n"
        + json.dumps({"text": "Good four: Spain met Italy.", "url": "https://ok.example/4"})
        + "\n"
    )
    result = run(tmp_path / "u.db", "ingest", str(dump))
    assert result.exit_code == 1
    assert (
        f"error: {dump}:2: item URL 'http://[bad/x' is malformed (Invalid IPv6 URL); "
        "the article is stored without it [E034]" in result.stderr
    )
    assert f"error: {dump}:3: item URL 'http://h:99999/' is malformed" in result.stderr
    assert [u for _, u, _ in stored(tmp_path / "u.db")] == [
        None,
        None,
        None,
        "https://ok.example/4",
    ]


def test_non_utf8_file_name_in_a_folder_is_read_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia and China signed a deal in Moscow on Monday.")
    bad = os.fsencode(folder) + b"/b\xff\xfe.txt"
    with open(bad, "wb") as fh:
        fh.write(b"Iran and Iraq held talks in Baghdad on Tuesday.")
    (folder / "c.txt").write_text("Peru and Chile agreed a border deal in Lima.")
    result = run(tmp_path / "n.db", "ingest", str(folder), "--json", "-q")
    assert result.exit_code == 0, result.output
    assert report(result)["read"] == 3
    origins = sorted(o for _, _, o in stored(tmp_path / "n.db"))
    assert origins[1] == f"{folder}/b\ufffd\ufffd.txt"


def test_a_bad_file_between_batches_keeps_every_good_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}a.jsonl").write_text("".join(GOOD % (10 * i + j) for j in range(3)))
        (folder / f"{i}b.jsonl").write_text(
            f'{{"text": "x{i} \\ud800", "url": "http://[x"}}\n[[[[\n'
        )
    db = tmp_path / "b.db"
    result = run(db, "ingest", str(folder), "--json", "-q")
    assert result.exit_code == 1
    got = report(result)
    assert got["read"] == 24 and got["added"] == 24
    assert len(stored(db)) == 24
    with Store(db) as s:
        assert s._execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- JSONL line by line --------------------------------------------------------------------------
def test_nul_bytes_cost_their_line_not_the_file(tmp_path: Path) -> None:
    dump = tmp_path / "nul.jsonl"
    dump.write_bytes((GOOD % 1).encode() + b'{"text":"x\x00y"}\n' + (GOOD % 2).encode())
    result = run(tmp_path / "z.db", "ingest", str(dump))
    assert result.exit_code == 1
    assert f"error: {dump}:2: line holds NUL bytes (binary data), skipped [E004]" in result.stderr
    assert len(stored(tmp_path / "z.db")) == 2


def test_a_binary_file_named_jsonl_is_still_refused_whole(tmp_path: Path) -> None:
    blob = tmp_path / "image.jsonl"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    result = run(tmp_path / "z.db", "ingest", str(blob))
    assert result.exit_code == 2
    assert f"error: {blob}: input looks binary, not text [E004]" in result.stderr


def test_deep_nesting_and_huge_integers_cost_their_line(tmp_path: Path) -> None:
    dump = tmp_path / "deep.jsonl"
    dump.write_text(
        GOOD % 1
        + "[" * 100_000
        + "]" * 100_000
        + "\n"
        + '{"text": "n", "x": '
        + "9" * 5000
        + "}\n"
        + GOOD % 2
    )
    result = run(tmp_path / "d.db", "ingest", str(dump))
    assert result.exit_code == 1
    assert f"error: {dump}:2: malformed JSON (nested too deeply) [E007]" in result.stderr
    assert f"error: {dump}:3: malformed JSON (Exceeds the limit (4300 digits)" in result.stderr
    assert len(stored(tmp_path / "d.db")) == 2


def test_one_oversized_line_is_that_line_not_an_empty_input() -> None:
    data = b'{"text": "' + b"a" * 5000 + b'"}'  # no newline at the end either
    out = list(
        parse_jsonl(Source.from_bytes("big.jsonl", data), IngestOptions(max_record_bytes=1000))
    )
    assert out == [
        ItemError("big.jsonl:1", "record larger than 1,000 bytes, skipped", ErrorCode.E005)
    ]
    two = data + b"\n" + (GOOD % 1).encode()
    out = list(
        parse_jsonl(Source.from_bytes("big.jsonl", two), IngestOptions(max_record_bytes=1000))
    )
    assert isinstance(out[0], ItemError) and isinstance(out[1], ArticleInput)
    with pytest.raises(InputError) as err:  # the skipped line still counts against --max-bytes
        list(
            parse_jsonl(
                Source.from_bytes("big.jsonl", two),
                IngestOptions(max_record_bytes=1000, max_bytes=2000),
            )
        )
    assert err.value.code is ErrorCode.E005


def test_a_gzip_of_newlines_is_refused_at_the_cap_quickly(tmp_path: Path) -> None:
    bomb = tmp_path / "nl.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as fh:
        block = b"\n" * (1 << 20)
        for _ in range(64):
            fh.write(block)
    started = time.monotonic()
    result = run(tmp_path / "g.db", "ingest", str(bomb), "--max-bytes", "50000000")
    elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert "larger than the size cap of 50,000,000 bytes" in result.stderr
    assert elapsed < 4.0, f"took {elapsed:.1f} s to refuse 64 MB of newlines"


def test_leading_bad_lines_stop_the_file_after_a_bound() -> None:
    data = b"not json\n" * (MAX_LEADING_BAD_LINES + 500)
    parsed = parse_jsonl(Source.from_bytes("junk.jsonl", data), IngestOptions())
    errors = 0
    with pytest.raises(InputError) as err:
        for item in parsed:
            assert isinstance(item, ItemError)
            errors += 1
    assert errors == MAX_LEADING_BAD_LINES
    assert err.value.code is ErrorCode.E007
    assert f"its first {MAX_LEADING_BAD_LINES:,} lines hold no article" in err.value.reason


def test_errors_are_capped_in_memory_and_on_screen_but_all_counted(tmp_path: Path) -> None:
    n_bad = MAX_KEPT_ERRORS + 1500
    dump = tmp_path / "many.jsonl"
    dump.write_text(GOOD % 1 + "{bad\n" * n_bad + GOOD % 2)
    result = run(tmp_path / "m.db", "ingest", str(dump))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert sum(1 for line in lines if line.endswith("[E007]")) == MAX_KEPT_ERRORS
    assert f"error: more than {MAX_KEPT_ERRORS:,} errors; the rest are counted" in result.stderr
    assert f"Read 2 articles from 1 inputs: 2 added, 0 revised, 0 unchanged; {n_bad} errors" in (
        result.stderr
    )
    result = run(tmp_path / "m2.db", "ingest", str(dump), "--json", "-q")
    got = report(result)
    assert got["error_count"] == n_bad
    assert isinstance(got["errors"], list) and len(got["errors"]) == MAX_KEPT_ERRORS


# -- JSON documents streamed -----------------------------------------------------------------
def test_a_json_array_is_streamed_with_bounded_memory() -> None:
    n = 400_000
    data = ("[" + ",".join(["{}"] * n) + "]").encode()
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as err:
            list(parse_jsonl(Source.from_bytes("empty.json", data), IngestOptions()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"none of its {n:,} JSON records is an article" in err.value.reason
    assert peak < 16 * 2**20, f"peak {peak / 2**20:.0f} MiB for a {len(data) / 2**20:.1f} MiB array"


def test_a_streamed_array_keeps_the_records_before_damage() -> None:
    records = [{}, {"text": "One: Iran met Iraq."}, {"text": "Two: Peru met Chile."}]
    data = ("[\n" + ",\n".join(json.dumps(r) for r in records) + ',\n{"text": "x", ]').encode()
    out: list[object] = []
    with pytest.raises(InputError) as err:
        for item in parse_jsonl(Source.from_bytes("arr.json", data), IngestOptions()):
            out.append(item)
    assert err.value.code is ErrorCode.E007
    assert [type(x).__name__ for x in out] == ["ItemError", "ArticleInput", "ArticleInput"]
    # numbers and strings split across read chunks come back whole
    big = [{"text": "x" * 70_000 + str(i), "n": 12345678901234567890} for i in range(3)]
    data = json.dumps(big).encode()
    got = list(parse_jsonl(Source.from_bytes("big.json", data), IngestOptions()))
    assert [a.text[-1] for a in got if isinstance(a, ArticleInput)] == ["0", "1", "2"]


# -- folders -------------------------------------------------------------------------------------
def test_symlinks_out_of_a_folder_are_not_followed_unless_asked(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret plan: Atlantis invaded Lemuria at dawn.")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("Outside news: Peru and Chile met in Lima.")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Russia and China signed a deal in Moscow on Monday.")
    (folder / "leak.txt").symlink_to(secret)
    (folder / "dir").symlink_to(outside)
    (folder / "sub" / "again.txt").symlink_to(folder / "a.txt")  # inside: fine
    (folder / "sub" / "loop").symlink_to(folder)  # inside: walked once
    db = tmp_path / "l.db"
    result = run(db, "ingest", str(folder))
    assert result.exit_code == 1
    for name in ("leak.txt", "dir"):
        assert (
            f"error: {folder / name}: symbolic link leads out of the folder, not followed "
            "(--follow-symlinks follows it) [E001]" in result.stderr
        )
    texts = {t for t, _, _ in stored(db)}
    assert texts == {"Russia and China signed a deal in Moscow on Monday."}
    result = run(tmp_path / "l2.db", "ingest", str(folder), "--follow-symlinks")
    assert result.exit_code == 0, result.output
    assert {t for t, _, _ in stored(tmp_path / "l2.db")} == {
        "Russia and China signed a deal in Moscow on Monday.",
        "The secret plan: Atlantis invaded Lemuria at dawn.",
        "Outside news: Peru and Chile met in Lima.",
    }


def _as_unprivileged() -> list[str]:
    """A command prefix that drops root (root reads any folder), or none when not root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a folder unreadable")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_an_unreadable_folder_is_an_error_not_zero_inputs(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    prefix = _as_unprivileged()
    base = Path(f"/tmp/newsevents-unreadable-{os.getpid()}")
    base.mkdir(mode=0o777)
    try:
        base.chmod(0o777)
        good = base / "good"
        good.mkdir()
        (good / "a.txt").write_text("Russia and China signed a deal in Moscow on Monday.")
        locked = base / "locked"
        (locked / "inner").mkdir(parents=True)
        (locked / "inner" / "b.txt").write_text("Iran and Iraq met in Baghdad.")
        (good / "sub").mkdir()
        (good / "sub" / "c.txt").write_text("Peru and Chile met in Lima.")
        for p in (base, good, good / "sub", good / "a.txt", good / "sub" / "c.txt"):
            p.chmod(0o777 if p.is_dir() else 0o666)
        locked.chmod(0o000)
        (good / "sub").chmod(0o333)  # can enter, cannot list
        db = base / "u.db"
        cmd = [*prefix, sys.executable, "-m", "newsevents", "--db", str(db), "ingest"]
        proc = subprocess.run([*cmd, str(locked)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert f"error: {locked}: cannot read folder: Permission denied [E001]" in proc.stderr
        assert "Traceback" not in proc.stderr
        proc = subprocess.run([*cmd, str(good)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert f"error: {good / 'sub'}: cannot read folder: Permission denied [E001]" in proc.stderr
        assert "Read 1 articles from 2 inputs" in proc.stderr
    finally:
        for p in (base / "locked", base / "good" / "sub"):
            if p.exists():
                p.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)
