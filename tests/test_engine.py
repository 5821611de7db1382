"""`newsevents run` (local and Dask engines), resuming, `load` and querying the Parquet output."""

from __future__ import annotations

import gzip
import json
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.store import Store
from newsevents.store.records import COLUMN_NAMES

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed")

PAIRS = [
    ("Russia", "Ukraine", "attacked"),
    ("Israel", "Iran", "threatened"),
    ("India", "Pakistan", "accused"),
    ("France", "Germany", "praised"),
    ("China", "Japan", "criticised"),
    ("Egypt", "Sudan", "attacked"),
    ("Brazil", "Argentina", "praised"),
]


def write_corpus(path: Path) -> list[str]:
    """Seven short articles, one a line; returns the lines."""
    lines = [
        json.dumps(
            {
                "id": f"d{i}",
                "title": f"{a} and {b}",
                "text": f"{a} {verb} {b} on Monday. {a} and {b} later held talks in Geneva.",
                "published": "2024-03-05",
                "url": f"https://example.org/world/{i}",
                "source": "Example Wire",
            }
        )
        for i, (a, b, verb) in enumerate(PAIRS)
    ]
    path.write_text("\n".join(lines) + "\n")
    return lines


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def events_of(out: Path) -> dict[str, str]:
    """event_id -> full record JSON, read back from the Parquet partitions with DuckDB."""
    rows = duckdb.sql(
        f"SELECT event_id, record FROM read_parquet('{out}/events/*.parquet')"
    ).fetchall()
    found = dict(rows)
    assert len(found) == len(rows), "an event was written twice"
    return found


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A 2-worker Dask LocalCluster on 127.0.0.1, started and stopped by the tests."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
    ) as lc:
        yield lc


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    write_corpus(path)
    return path


def test_local_and_dask_engines_write_the_same_events(
    tmp_path: Path, corpus: Path, cluster: Any
) -> None:
    db = str(tmp_path / "unused.db")
    one = run("--db", db, "run", "-w", "1", "-o", str(tmp_path / "one"), str(corpus))
    assert one.exit_code == 0, one.stderr
    assert "Coded 7 articles" in one.stderr
    two = run(
        "--db", db, "run", "-w", "2", "--partition-lines", "2", "-o", str(tmp_path / "two"),
        str(corpus),
    )  # fmt: skip
    assert two.exit_code == 0, two.stderr
    assert "4 partitions" in two.stderr and "2 workers" in two.stderr
    dask = run(
        "--db", db, "run", "--engine", "dask", "--scheduler", cluster.scheduler_address,
        "--partition-lines", "3", "-o", str(tmp_path / "dask"), str(corpus),
    )  # fmt: skip
    assert dask.exit_code == 0, dask.stderr
    assert "Dask dashboard: http://127.0.0.1:" in dask.stderr
    assert "(dask, 2 workers" in dask.stderr and "3 partitions" in dask.stderr
    reference = events_of(tmp_path / "one")
    assert len(reference) >= 7
    assert events_of(tmp_path / "two") == reference
    assert events_of(tmp_path / "dask") == reference
    assert {json.loads(r)["plover_type"] for r in reference.values()} >= {"ASSAULT", "CONSULT"}
    # Each Dask worker loaded the coder once, through the worker plugin.
    with distributed.Client(cluster, set_as_default=False) as client:
        loaded = client.run(
            lambda dask_worker: (
                "newsevents-coder" in dask_worker.plugins,
                len(__import__("newsevents.pipeline", fromlist=["_"])._HELD),
            )
        )
    assert sorted(loaded.values()) == [(True, 1), (True, 1)]
    assert not list(tmp_path.rglob(".part-*"))  # no temporary files left


def test_dask_engine_without_scheduler_starts_and_stops_a_local_cluster(
    tmp_path: Path, corpus: Path
) -> None:
    local = run("run", "-w", "1", "-o", str(tmp_path / "local"), str(corpus))
    assert local.exit_code == 0, local.stderr
    dask = run(
        "run", "--engine", "dask", "-w", "2", "--partition-lines", "4", "-o",
        str(tmp_path / "dask"), str(corpus),
    )  # fmt: skip
    assert dask.exit_code == 0, dask.stderr
    assert "Dask dashboard: http://127.0.0.1:" in dask.stderr
    assert "(dask, 2 workers" in dask.stderr
    assert events_of(tmp_path / "dask") == events_of(tmp_path / "local")


def test_interrupted_run_resumes_without_coding_twice(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    first = run("run", "-w", "1", "--partition-lines", "2", "-o", str(out), str(corpus))
    assert first.exit_code == 0, first.stderr
    full = events_of(out)
    events_files = sorted((out / "events").glob("part-*.parquet"))
    assert len(events_files) == 4
    # Simulate a run killed while coding partition 2: its files are missing and a temporary
    # file of it lies around.
    lost = events_files[1].name
    (out / "events" / lost).unlink()
    (out / "articles" / lost).unlink()
    (out / "events" / f".{lost}.dead.tmp").write_bytes(b"half a file")
    kept = {p: p.stat().st_mtime_ns for p in (out / "events").glob("part-*.parquet")}
    # The rerun asks for other workers and partition sizes: the saved plan still decides.
    again = run("run", "-w", "2", "--partition-lines", "5", "-o", str(out), str(corpus))
    assert again.exit_code == 0, again.stderr
    assert "Resuming: 3 of 4 partitions already done" in again.stderr
    assert "Coded 2 articles" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in kept} == kept  # finished ones untouched
    assert events_of(out) == full
    assert not list(out.rglob(".part-*"))
    third = run("run", "-o", str(out), str(corpus))
    assert "Coded 0 articles" in third.stderr and third.exit_code == 0


def test_limit_then_full_run_codes_each_line_once(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    first = run("run", "-w", "1", "--limit", "3", "-o", str(out), str(corpus))
    assert "Coded 3 articles" in first.stderr, first.stderr
    rest = run("run", "-w", "1", "-o", str(out), str(corpus))
    assert "Coded 4 articles" in rest.stderr, rest.stderr
    whole = run("run", "-w", "1", "-o", str(tmp_path / "whole"), str(corpus))
    assert whole.exit_code == 0
    assert events_of(out) == events_of(tmp_path / "whole")
    n_articles = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/articles/*.parquet')")
    assert n_articles.fetchall() == [(7,)]


def test_gzip_glob_and_fsspec_memory_inputs_give_the_same_events(
    tmp_path: Path, corpus: Path
) -> None:
    fsspec = pytest.importorskip("fsspec")
    plain = run("run", "-w", "1", "-o", str(tmp_path / "plain"), str(corpus))
    assert plain.exit_code == 0
    reference = events_of(tmp_path / "plain")
    gz_dir = tmp_path / "gz"
    gz_dir.mkdir()
    data = corpus.read_bytes()
    half = data.index(b"\n", len(data) // 2) + 1
    (gz_dir / "a.jsonl.gz").write_bytes(gzip.compress(data[:half]))
    (gz_dir / "b.jsonl.gz").write_bytes(gzip.compress(data[half:]))
    gz = run(
        "run", "-w", "1", "--partition-lines", "2", "-o", str(tmp_path / "gzout"),
        str(gz_dir / "*.jsonl.gz"),
    )  # fmt: skip
    assert gz.exit_code == 0, gz.stderr
    assert events_of(tmp_path / "gzout") == reference
    mem = fsspec.filesystem("memory")
    with mem.open("/newsevents-test/in.jsonl", "wb") as fh:
        fh.write(data)
    try:
        remote = run(
            "run", "-w", "1", "--partition-lines", "3", "-o", str(tmp_path / "mem"),
            "memory://newsevents-test/*.jsonl",
        )  # fmt: skip
    finally:
        mem.rm("/newsevents-test", recursive=True)
    assert remote.exit_code == 0, remote.stderr
    assert events_of(tmp_path / "mem") == reference
    origins = duckdb.sql(
        f"SELECT DISTINCT origin FROM read_parquet('{tmp_path}/mem/articles/*.parquet')"
    ).fetchall()
    assert ("memory:///newsevents-test/in.jsonl:7",) in origins  # fsspec's canonical URL


def test_bad_records_are_named_and_the_good_ones_coded(tmp_path: Path) -> None:
    dump = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "a1", "text": "Russia attacked Ukraine on Monday."})
    dump.write_text(good + "\n{broken\n" + json.dumps({"id": "a2", "text": "  "}) + "\n")
    result = run("run", "-w", "1", "-o", str(tmp_path / "out"), str(dump))
    assert result.exit_code == 1
    assert f"{dump}:2: malformed JSON" in result.stderr
    assert f"{dump}:3: record has no text" in result.stderr
    assert "Coded 1 articles" in result.stderr
    missing = run("run", "-w", "1", "-o", str(tmp_path / "o2"), str(tmp_path / "nope.jsonl"))
    assert missing.exit_code == 2 and "nope.jsonl: no such file or directory" in missing.stderr


def test_load_is_idempotent_and_matches_the_parquet(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    db = tmp_path / "store.db"
    assert (
        run("run", "-w", "1", "--partition-lines", "3", "-o", str(out), str(corpus)).exit_code == 0
    )
    first = run("--db", str(db), "load", str(out))
    assert first.exit_code == 0, first.stderr
    assert "7 articles (7 added, 0 revised, 0 unchanged)" in first.stderr
    second = run("--db", str(db), "load", str(out), "--json")
    report = json.loads(second.stdout)
    assert (report["added"], report["unchanged"], report["loaded"]) == (0, 7, 3)
    parquet = events_of(out)
    with Store(db) as store:
        stored = dict(store._execute("SELECT event_id, record FROM events").fetchall())
        assert store._execute("SELECT COUNT(*) FROM coded_articles").fetchone() == (7,)
        assert store.count() == 7
        # Loaded events are clustered into stories, as `code` does.
        assert store._execute("SELECT COUNT(*) FROM stories").fetchone()[0] >= 1
        assert store._execute("SELECT COUNT(*) FROM events WHERE story_id IS NULL").fetchone() == (
            0,
        )
    assert stored.keys() == parquet.keys()
    # the store adds each event's typed date (date_start, date_end, date_precision, date_flag)
    typed = {"date_start", "date_end", "date_precision", "date_flag"}

    def untyped(record: str) -> dict[str, object]:
        return {k: v for k, v in json.loads(record).items() if k not in typed}

    assert all(untyped(stored[k]) == untyped(parquet[k]) for k in parquet)
    assert all(json.loads(stored[k])["date_start"] for k in parquet)
    listed = json.loads(run("--db", str(db), "events", "--type", "ASSAULT", "--json").stdout)
    assert {e["sources"][0]["country"] for e in listed} == {"RUS", "EGY"}


def test_duckdb_queries_the_partitions_directly(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    assert (
        run("run", "-w", "1", "--partition-lines", "4", "-o", str(out), str(corpus)).exit_code == 0
    )
    con = duckdb.connect()
    columns = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM '{out}/events/*.parquet'").fetchall()]
    assert columns == [*COLUMN_NAMES, "record"]
    by_type = dict(
        con.sql(
            f"SELECT plover_type, count(*) FROM read_parquet('{out}/events/*.parquet') GROUP BY 1"
        ).fetchall()
    )
    assert by_type["ASSAULT"] == 2 and by_type["CONSULT"] >= 7
    joined = con.sql(
        f"SELECT a.title, e.source_countries, e.target_countries "
        f"FROM read_parquet('{out}/events/*.parquet') e "
        f"JOIN read_parquet('{out}/articles/*.parquet') a USING (article_id) "
        "WHERE e.plover_type = 'ASSAULT' ORDER BY 1"
    ).fetchall()
    assert joined == [("Egypt and Sudan", "EGY", "SDN"), ("Russia and Ukraine", "RUS", "UKR")]
    # each event row cites its article without a join (provenance, as in `export`)
    cited = con.sql(
        f"SELECT DISTINCT e.url = a.url, e.title = a.title, e.outlet, e.published = a.published "
        f"FROM read_parquet('{out}/events/*.parquet') e "
        f"JOIN read_parquet('{out}/articles/*.parquet') a USING (article_id)"
    ).fetchall()
    assert cited == [(True, True, "Example Wire", True)]


def test_unreadable_parquet_is_e028_and_the_rest_loads(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    assert (
        run("run", "-w", "1", "--partition-lines", "4", "-o", str(out), str(corpus)).exit_code == 0
    )
    (out / "events" / "part-zz-broken.parquet").write_bytes(b"not parquet at all")
    result = run("--db", str(tmp_path / "s.db"), "load", str(out))
    assert result.exit_code == 1
    assert (
        "part-zz-broken.parquet: not a Parquet events file written by newsevents" in result.stderr
    )
    assert "[E028]" in result.stderr and "Loaded 2 of 3 partitions" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_is_e027_quickly(tmp_path: Path, corpus: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    result = run(
        "run", "--engine", "dask", "--scheduler", address, "--connect-timeout", "1",
        "-o", str(tmp_path / "out"), str(corpus),
    )  # fmt: skip
    assert time.monotonic() - started < 15
    assert result.exit_code == 2
    assert "[E027]" in result.stderr and f"cannot reach the Dask scheduler at {address}" in (
        result.stderr
    )
    assert not (tmp_path / "out" / "events").exists()


def test_dask_engine_without_dask_installed_is_e027(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    result = run("run", "--engine", "dask", "-o", str(tmp_path / "out"), str(corpus))
    assert result.exit_code == 2
    assert "[E027]" in result.stderr and "pip install 'newsevents[dask]'" in result.stderr
