"""Store failures through the real CLI: a full disk, a read-only store, a held lock and an
unopenable file are each one E017 line with a hint and exit code 3, never a traceback; what was
committed stays; a read-only store (even in a read-only folder) can still be read.

The full disk is SQLite's own: ``PRAGMA max_page_count`` on the CLI's store connection makes the
store fail exactly as on a full disk ("database or disk is full"), without filling a real one.
Permissions are real ``chmod``s; as root (who ignores them) the CLI runs as user ``nobody``
through ``setpriv``, and the tests skip only where neither is possible.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

import newsevents
from newsevents.cli.main import AppContext, cli
from newsevents.models import ArticleInput
from newsevents.store import Store
from newsevents.web.app import missing_assets

SRC = Path(newsevents.__file__).resolve().parents[1]


def run(app: AppContext, *args: str) -> Result:
    """The CLI in this process over ``app``'s store (its timeout and size cap)."""
    return CliRunner().invoke(cli, list(args), obj=app, catch_exceptions=False)


def jsonl(path: Path, n: int, tag: str = "a") -> Path:
    lines = [
        json.dumps(
            {
                "id": f"{tag}{i}",
                "title": f"Deal {tag}{i}",
                "text": f"Report {tag}{i}: Russia and China signed a trade deal in Beijing on "
                "Monday, officials said. " * 3,
            }
        )
        for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_one_store_error(result: Result, *words: str) -> None:
    """Exit 3, one ``error: [E017]`` line naming the cause, one hint, no traceback."""
    err = result.stderr
    assert result.exit_code == 3, (result.exit_code, err)
    assert err.count("[E017]") == 1, err
    assert "Traceback" not in err and "sqlite3." not in err, err
    line = next(x for x in err.splitlines() if x.startswith("error: [E017]"))
    for word in words:
        assert word in err, (word, err)
    assert "hint: " in err, err
    assert line


# -- a full disk ---------------------------------------------------------------------------------


def test_ingest_on_a_full_disk_keeps_the_committed_batches(tmp_path: Path) -> None:
    db = tmp_path / "full.db"
    with Store(db) as s:
        pages = int(s._execute("PRAGMA page_count").fetchone()[0])
    dump = jsonl(tmp_path / "many.jsonl", 3000)
    # room for about two batches of 500 of these articles (90 pages each), not six
    app = AppContext(db, max_page_count=pages + 250)
    result = run(app, "ingest", str(dump))
    assert_one_store_error(result, "full", "database or disk is full", "free disk space")
    with Store(db) as s:
        assert s.integrity_check() == "ok"
        stored = s.count()
    assert 0 < stored < 3000 and stored % 500 == 0, stored  # whole batches, none rolled back
    # with room again, the same run stores the rest and keeps the first ones
    again = run(AppContext(db), "ingest", str(dump))
    assert again.exit_code == 0, again.stderr
    with Store(db) as s:
        assert s.count() == 3000 and s.integrity_check() == "ok"


def test_full_store_fails_the_write_and_stays_usable(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    with Store(db) as s:
        pages = int(s._execute("PRAGMA page_count").fetchone()[0])
    from newsevents.errors import StoreError

    with Store(db, max_page_count=pages + 100) as s:
        s.add_articles([ArticleInput(text=f"First {i} " * 20, origin="t") for i in range(50)])
        with pytest.raises(StoreError) as info:
            s.add_articles(
                [ArticleInput(text=f"Second {i} " * 40, origin="t") for i in range(3000)]
            )
        assert info.value.code.name == "E017" and info.value.hint
        assert "disk is full" in str(info.value)
        assert s.count() == 50 and s.integrity_check() == "ok"


# -- a held lock ---------------------------------------------------------------------------------


def test_store_locked_past_the_timeout_is_e017(tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    dump = jsonl(tmp_path / "few.jsonl", 5)
    with Store(db) as holder, holder.transaction():  # another writer holds the lock throughout
        start = time.monotonic()
        result = run(AppContext(db, timeout=0.3), "ingest", str(dump))
        assert time.monotonic() - start < 20
    assert_one_store_error(result, "locked", "another process", "retry")
    with Store(db) as s:
        assert s.count() == 0 and s.integrity_check() == "ok"
    assert run(AppContext(db), "ingest", str(dump)).exit_code == 0


# -- a file that is no store -----------------------------------------------------------------------


def test_unopenable_store_is_e017_with_a_hint(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x")
    db = not_a_folder / "news.db"  # its "folder" is a file
    result = CliRunner().invoke(cli, ["--db", str(db), "stats"], catch_exceptions=False)
    assert_one_store_error(result, "plain-file/news.db", "cannot be opened")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database " * 500)
    result = CliRunner().invoke(cli, ["--db", str(garbage), "stats"], catch_exceptions=False)
    assert_one_store_error(result, "garbage.db", "not a newsevents store")


# -- read-only stores, for real -------------------------------------------------------------------


def _nobody() -> tuple[int, int] | None:
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


AS_ROOT = os.geteuid() == 0
NOBODY = _nobody()
CAN_DROP = AS_ROOT and NOBODY is not None and shutil.which("setpriv") is not None
needs_permissions = pytest.mark.skipif(
    AS_ROOT and not CAN_DROP,
    reason="running as root, which ignores file permissions, and cannot run as nobody (setpriv)",
)


def _prefix() -> list[str]:
    """Run as ``nobody`` when we are root (root ignores permissions)."""
    if not AS_ROOT:
        return []
    assert NOBODY is not None
    uid, gid = NOBODY
    return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSEVENTS_DB"}
    env["PYTHONPATH"] = str(SRC)
    env["HOME"] = str(home)
    return env


def cli_as_user(
    folder: Path, db: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m newsevents --db DB ARGS`` in a subprocess, as a user the permissions bind."""
    return subprocess.run(
        [*_prefix(), sys.executable, "-m", "newsevents", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=folder,
        env=_env(folder),
        check=False,
    )


@pytest.fixture(scope="module")
def filled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store with coded events (built once, copied by each test)."""
    from web_store import build_web_store

    path = tmp_path_factory.mktemp("ro-source") / "source.db"
    build_web_store(path, samples=6)
    return path


@pytest.fixture()
def place() -> Iterator[Path]:
    """A folder the test user owns (``nobody``'s when we are root), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="newsevents-ro-"))
    if AS_ROOT and NOBODY is not None:
        os.chown(folder, *NOBODY)
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for p in [folder, *folder.rglob("*")]:
            if p.is_dir():
                os.chmod(p, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def make_read_only(place: Path, source: Path, *, folder_too: bool) -> Path:
    """A copy of ``source`` in ``place/store/``: the file read-only, and its folder too if asked."""
    store_dir = place / "store"
    store_dir.mkdir()
    db = store_dir / "news.db"
    shutil.copyfile(source, db)
    if AS_ROOT and NOBODY is not None:
        for p in (store_dir, db):
            os.chown(p, *NOBODY)
    os.chmod(db, 0o444)
    if folder_too:
        os.chmod(store_dir, 0o555)
    return db


def _expected_counts(source: Path) -> tuple[int, int]:
    with Store(source) as s:
        return s.count(), int(s._execute("SELECT COUNT(*) FROM events").fetchone()[0])


def _check_reading_commands(place: Path, db: Path, source: Path) -> None:
    articles, events = _expected_counts(source)
    assert articles > 0 and events > 0
    stats = cli_as_user(place, db, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert (data["articles"], data["events"]) == (articles, events)
    listed = cli_as_user(place, db, "articles", "list", "--limit", "100", "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == articles
    stories = cli_as_user(place, db, "stories", "list", "--json")
    assert stories.returncode == 0 and json.loads(stories.stdout), stories.stderr
    found = cli_as_user(place, db, "events", "--limit", "1000", "--json")
    assert found.returncode == 0, found.stderr
    assert len(json.loads(found.stdout)) == events
    out = place / "events.csv"
    exported = cli_as_user(
        place, db, "export", "--format", "csv", "--unit", "mentions", "--output", str(out), "-q"
    )
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == events


def _check_writing_refused(place: Path, db: Path) -> None:
    dump = jsonl(place / "new.jsonl", 3, tag="new")
    if AS_ROOT and NOBODY is not None:
        os.chown(dump, *NOBODY)
    before = db.read_bytes()
    result = cli_as_user(place, db, "ingest", str(dump))
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("[E017]") == 1 and "Traceback" not in result.stderr
    assert "read-only" in result.stderr and "hint: check the permissions" in result.stderr
    build = cli_as_user(place, db, "stories", "build")
    assert build.returncode == 3 and build.stderr.count("[E017]") == 1, build.stderr
    assert "Traceback" not in build.stderr and "hint: " in build.stderr
    assert db.read_bytes() == before


@needs_permissions
def test_read_only_store_file_reads_and_refuses_writes(place: Path, filled_store: Path) -> None:
    db = make_read_only(place, filled_store, folder_too=False)
    _check_reading_commands(place, db, filled_store)
    _check_writing_refused(place, db)


@needs_permissions
def test_read_only_store_in_a_read_only_folder_can_be_read(place: Path, filled_store: Path) -> None:
    db = make_read_only(place, filled_store, folder_too=True)
    _check_reading_commands(place, db, filled_store)
    _check_writing_refused(place, db)
    assert sorted(p.name for p in db.parent.iterdir()) == ["news.db"]  # nothing created there


@needs_permissions
def test_writable_store_in_a_read_only_folder_can_be_read(place: Path, filled_store: Path) -> None:
    db = make_read_only(place, filled_store, folder_too=True)
    os.chmod(db.parent, 0o755)
    os.chmod(db, 0o644)
    os.chmod(db.parent, 0o555)
    stats = cli_as_user(place, db, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["articles"] == _expected_counts(filled_store)[0]
    _check_writing_refused(place, db)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@needs_permissions
@pytest.mark.skipif(bool(missing_assets()), reason="web assets not installed")
def test_serve_reads_a_read_only_store_in_a_read_only_folder(
    place: Path, filled_store: Path
) -> None:
    db = make_read_only(place, filled_store, folder_too=True)
    articles, events = _expected_counts(filled_store)
    refused = cli_as_user(place, db, "serve", "--allow-ingest", "--no-browser", timeout=60)
    assert refused.returncode == 3 and "[E017]" in refused.stderr, refused.stderr
    port = _free_port()
    proc = subprocess.Popen(
        [
            *_prefix(),
            sys.executable,
            "-m",
            "newsevents",
            "--db",
            str(db),
            "serve",
            "--no-browser",
            "--port",
            str(port),
        ],
        cwd=place,
        env=_env(place),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(base + "/api/health", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "events": events, "articles": articles}
        page = httpx.get(base + "/api/events?size=200", timeout=10)
        assert page.status_code == 200 and len(page.json()["records"]) == events
        assert httpx.get(base + "/events", timeout=10).status_code == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
    assert sorted(p.name for p in db.parent.iterdir()) == ["news.db"]
    assert stat.S_IMODE(db.stat().st_mode) == 0o444
