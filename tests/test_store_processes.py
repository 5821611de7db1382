"""The store under real processes: a reader while a writer ingests, and kill -9 mid-ingest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newsevents.store import Store

BATCH = 500  # IngestOptions.batch_size: one transaction per batch


def write_dump(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            record = {
                "id": f"doc-{i}",
                "title": f"Report {i} on talks between delegations",
                "text": f"Article {i}: officials met for round {i} of negotiations. " * 6,
                "date": "2024-06-05",
                "source": "test wire",
            }
            fh.write(json.dumps(record) + "\n")


def start_ingest(db: Path, dump: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsevents", "--db", str(db), "ingest", "--quiet", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_reader_during_ingest_sees_whole_batches_never_locked(tmp_path: Path) -> None:
    db, dump = tmp_path / "s.db", tmp_path / "big.jsonl"
    n = 20_000
    write_dump(dump, n)
    with Store(db):
        pass  # create the schema before the reader starts
    writer = start_ingest(db, dump)
    seen: list[int] = []
    errors: list[str] = []
    with Store(db, timeout=5) as reader:
        while writer.poll() is None:
            try:
                with reader.snapshot():
                    count = reader.count()
                    indexed = reader._execute(
                        "SELECT COUNT(*) FROM articles_fts_docsize"
                    ).fetchone()[0]
                    reader.search("negotiations", limit=3)
                if count != indexed:
                    errors.append(f"torn read: {count} articles but {indexed} indexed")
                if count % BATCH and count != n:
                    errors.append(f"partial batch visible: {count}")
                seen.append(count)
            except sqlite3.OperationalError as exc:  # "database is locked" would land here
                errors.append(str(exc))
            time.sleep(0.01)
        final = reader.count()
    _, err = writer.communicate()
    assert writer.returncode == 0, err.decode()
    assert errors == []
    assert final == n
    assert seen == sorted(seen)  # never goes backwards
    assert any(0 < c < n for c in seen), "the reader never saw the ingest in progress"


def test_kill9_midway_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    db, dump = tmp_path / "s.db", tmp_path / "big.jsonl"
    n = 40_000
    write_dump(dump, n)
    proc = start_ingest(db, dump)
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with Store(db, timeout=5) as s:
                    count = s.count()
            except Exception:
                count = 0
            if count >= 2 * BATCH:
                break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed; make the dump larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(db) as s:
        assert s.integrity_check() == "ok"
        partial = s.count()
    assert 0 < partial < n

    rerun = start_ingest(db, dump)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    with Store(db) as s:
        assert s.integrity_check() == "ok"
        assert s.count() == n
        total, distinct = s._execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()
        assert total == distinct == n
        assert s._execute("SELECT COUNT(*) FROM articles_fts_docsize").fetchone()[0] == n
