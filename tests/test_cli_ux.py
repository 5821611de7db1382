"""The CLI in ordinary use, through the real entry point: search pages and query errors, outlet
names of the shared feeds, the `code` progress bar and Ctrl-C."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import newsevents
from newsevents.cli.main import cli

SRC = Path(newsevents.__file__).resolve().parents[1]


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def write_jsonl(path: Path, n: int, text: str) -> Path:
    records = [
        {"id": f"a{i}", "published": "2024-03-01", "text": text.format(i=i)} for i in range(n)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def python_cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "newsevents", "--db", str(db), *args]


ENV = {**os.environ, "PYTHONPATH": str(SRC)}

# -- search ---------------------------------------------------------------------------------------


def test_search_pages_through_every_hit_with_a_total(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    src = write_jsonl(tmp_path / "a.jsonl", 25, "A ceasefire was agreed in Gaza, report {i}.")
    assert run(db, "ingest", "-q", str(src)).exit_code == 0
    seen: list[str] = []
    for page in (1, 2, 3):
        result = run(db, "articles", "search", "ceasefire", "--limit", "10", "--page", str(page))
        assert result.exit_code == 0, result.output
        result_json = run(
            db, "articles", "search", "ceasefire", "--limit", "10", "--page", str(page), "--json"
        )
        seen += [r["id"] for r in json.loads(result_json.stdout)]
        assert "of 25 articles" in result.stderr
    assert len(seen) == 25 == len(set(seen))  # three pages, nothing twice, nothing left out
    first = run(db, "articles", "search", "ceasefire", "--limit", "10")
    assert "1-10 of 25 articles (next: --page 2)" in first.stderr
    offset = run(db, "articles", "search", "ceasefire", "--offset", "20", "--json")
    assert [r["id"] for r in json.loads(offset.stdout)] == seen[20:]


def test_bad_query_syntax_is_a_coded_error_not_zero_results(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    src = write_jsonl(tmp_path / "a.jsonl", 3, "Bashar al-Assad met U.S. envoys, report {i}.")
    assert run(db, "ingest", "-q", str(src)).exit_code == 0
    for query in ['"al-Assad', "Assad AND", "(envoys"]:
        result = run(db, "articles", "search", query)
        assert result.exit_code == 2, (query, result.output)
        assert "[E030]" in result.output and "FTS5" in result.output
        assert "No articles match" not in result.output
    # punctuation in plain words is no syntax: searched as the words
    for query in ["al-Assad", "U.S."]:
        result = run(db, "articles", "search", query)
        assert result.exit_code == 0 and "of 3 articles" in result.stderr


# -- outlets --------------------------------------------------------------------------------------


def test_outlets_are_the_feeds_sites_not_their_titles(tmp_path: Path, shared_dir: Path) -> None:
    feeds = shared_dir / "corpora" / "news_feeds" / "news"
    if not feeds.is_dir():
        pytest.skip(f"{feeds} not found")
    db = tmp_path / "feeds.db"
    assert run(db, "ingest", "-q", str(feeds)).exit_code == 0
    outlets = json.loads(run(db, "stats", "--json").stdout)["by_source"]
    for site in ("bbc.co.uk", "washingtonpost.com", "abc.net.au", "economist.com", "time.com"):
        assert site in outlets, sorted(outlets)
    for title in ("World", "Top Stories", "Asia", "BBC News", "World – TIME", "Tech – TIME"):
        assert title not in outlets
    listed = run(db, "articles", "list", "--source", "washingtonpost.com", "--json")
    assert json.loads(listed.stdout)


# -- code: progress and Ctrl-C --------------------------------------------------------------------

DEAL = (
    "Russia and China signed trade deal number {i} in Beijing on Monday, officials said. "
    "Iran accused Israel of attacking its embassy in Damascus on Tuesday."
)


def test_code_progress_bar_has_a_total_and_an_eta(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    assert run(db, "ingest", "-q", str(write_jsonl(tmp_path / "a.jsonl", 3, DEAL))).exit_code == 0
    master, slave = pty.openpty()  # stderr on a terminal, as a person running it sees it
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(
        python_cli(db, "code", "--workers", "1"),
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=ENV,
    )
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0
    text = shown.decode("utf-8", "replace")
    assert "3/3" in text, text  # the total is known
    assert re.search(r"\[\d\d:\d\d<\d\d:\d\d", text), text  # elapsed<remaining (the ETA)
    assert "Coded 3 articles" in text


def coded(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM coded_articles").fetchone()[0])


def test_ctrl_c_stops_code_with_workers_at_once_and_the_store_stays_whole(
    tmp_path: Path,
) -> None:
    db = tmp_path / "c.db"
    n = 120
    assert run(db, "ingest", "-q", str(write_jsonl(tmp_path / "a.jsonl", n, DEAL))).exit_code == 0
    proc = subprocess.Popen(
        python_cli(db, "code", "--workers", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    deadline = time.monotonic() + 180
    while coded(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)  # the workers are up and saving: interrupt in the middle of the run
    assert proc.poll() is None, "coding finished before it could be interrupted"
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    assert took < 2.0, f"Ctrl-C took {took:.1f} s"
    assert proc.returncode == 130, err
    assert b"interrupted:" in err and b"Traceback" not in err, err
    done = coded(db)
    assert 0 < done < n
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # every coded article has its events whole: none has events but no coding, or the reverse
        orphans = conn.execute(
            "SELECT COUNT(*) FROM events WHERE article_id NOT IN "
            "(SELECT article_id FROM coded_articles)"
        ).fetchone()[0]
        assert orphans == 0
    rerun = subprocess.run(
        python_cli(db, "code", "--workers", "2"), capture_output=True, env=ENV, timeout=300
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"Coded {n - done} articles".encode() in rerun.stderr
    assert coded(db) == n
