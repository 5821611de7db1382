"""`newsevents export` end to end: a real store filled by `ingest` + `code`, every format."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.export import (
    GDELT_COLUMNS,
    iter_flat_batches,
    read_gdelt,
)
from newsevents.store import Store
from newsevents.store.events import EventFilter, Unit
from newsevents.store.records import COLUMN_NAMES, COLUMNS

# Short wire-style articles written for these tests (two outlets report the same talks).
ARTICLES = [
    {
        "id": "wire-1",
        "url": "https://wire.example/2024/06/05/russia-china-talks",
        "source": "Example Wire",
        "published": "2024-06-05",
        "title": "Russia and China hold talks",
        "text": "MOSCOW, June 5 (Example Wire) - Russian Foreign Minister Sergei Lavrov met "
        "Chinese Foreign Minister Wang Yi in Moscow on Wednesday. Russia will provide military "
        "aid to Burkina Faso, officials said.",
    },
    {
        "id": "daily-1",
        "url": "https://daily.example/world/russia-china",
        "source": "Example Daily",
        "published": "2024-06-05",
        "title": "Moscow talks",
        "text": "MOSCOW, June 5 (Example Daily) - The Kremlin said on Wednesday that ties with "
        "the Sahel would deepen. Russia will provide military aid to Burkina Faso, a Kremlin "
        "spokesman said.",
    },
    {
        "id": "wire-2",
        "url": "https://wire.example/2024/02/01/ukraine",
        "source": "Example Wire",
        "published": "2024-02-01",
        "title": "Ukraine accuses Russia",
        "text": "KYIV, Feb 1 (Example Wire) - Ukraine accused Russia of shelling the city of "
        "Kharkiv on Thursday. The United States imposed sanctions on Russia. France sent "
        'humanitarian aid to Ukraine, saying "help is coming, now".',
    },
    {
        "id": "wire-3",
        "url": "https://wire.example/2024/03/10/gaza",
        "source": "Example Wire",
        "published": "2024-03-10",
        "title": "Egypt urges Israel",
        "text": "CAIRO, March 10 (Example Wire) - Egypt urged Israel to accept a ceasefire. "
        "The United Nations condemned the strikes on Gaza.",
    },
]


def run(db: Path, *args: str) -> Result:
    """Invoke the CLI on a store, keeping stdout and stderr apart."""
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the articles above ingested and coded (`code` also builds the stories)."""
    tmp = tmp_path_factory.mktemp("export")
    dump = tmp / "articles.jsonl"
    dump.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = tmp / "store.db"
    assert run(db, "ingest", "--quiet", str(dump)).exit_code == 0
    coded = run(db, "code", "--workers", "1")
    assert coded.exit_code == 0, coded.stderr
    with Store(db) as store:
        assert store._execute("SELECT COUNT(*) FROM events").fetchone()[0] >= 5
        # The two outlets' reports of Russia's promised aid are one story.
        assert store._execute("SELECT MAX(num_articles) FROM stories").fetchone()[0] == 2
    return db


@pytest.fixture(scope="module")
def nocoded_db(coded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the coded store without stories (as a store coded before stories existed)."""
    db = tmp_path_factory.mktemp("nostories") / "store.db"
    with sqlite3.connect(coded_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM stories")
    return db


def n_rows(db: Path, table: str, where: str = "") -> int:
    with Store(db) as store:
        return int(store._execute(f"SELECT COUNT(*) FROM {table} {where}").fetchone()[0])


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_falls_back_to_mentions_and_writes_the_column_contract(
    nocoded_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    result = run(nocoded_db, "export", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert "no stories have been built yet" in result.stderr
    n = n_rows(nocoded_db, "events")
    assert f"Exported {n} events as csv to {out}" in result.stderr
    raw = out.read_bytes()
    assert raw.count(b"\r\n") >= n + 1  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMN_NAMES
    assert len(rows) == n + 1
    # A sentence with a comma and quotes survives quoting.
    quoted = [r for r in rows[1:] if '"help is coming, now"' in r[COLUMN_NAMES.index("sentence")]]
    assert quoted, "the sentence with quotes should be exported intact"
    dates = [r[COLUMN_NAMES.index("date")] for r in rows[1:]]
    assert dates == sorted(dates)  # oldest first

    import pandas as pd

    frame = pd.read_csv(out)
    assert list(frame.columns) == list(COLUMN_NAMES)
    assert len(frame) == n
    assert str(frame["quad_class"].dtype) == "int64"
    assert str(frame["goldstein"].dtype) == "float64"
    assert frame["coder_version"].notna().all()  # filled from the store's coding state


def test_filters_match_the_events_command(coded_db: Path, tmp_path: Path) -> None:
    listed = run(coded_db, "events", "--source", "RUS", "--json")
    assert listed.exit_code == 0, listed.stderr
    expected = {e["event_id"] for e in json.loads(listed.stdout)}
    assert expected, "the fixture should code at least one event with Russia as source"
    out = tmp_path / "rus.csv"
    result = run(coded_db, "export", "--unit", "mentions", "--source", "RUS", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "no stories" not in result.stderr  # mentions asked for: no fallback note
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert {r["event_id"] for r in rows} == expected
    assert all("RUS" in r["source_countries"].split(";") for r in rows)

    mentions = run(coded_db, "export", "-f", "jsonl", "-o", "-", "--unit", "mentions", "-q")
    linked = [json.loads(line) for line in mentions.stdout.splitlines()]
    with Store(coded_db) as store:
        story_of = dict(store._execute("SELECT event_id, story_id FROM events").fetchall())
    assert {r["id"]: r["link"] for r in linked} == story_of  # PLOVER link: the story
    assert all(r["newsevents"]["unit"] == "mention" for r in linked)

    typed = run(coded_db, "export", "-f", "jsonl", "-o", "-", "--type", "accuse", "--limit", "1")
    lines = typed.stdout.splitlines()
    assert typed.exit_code == 0 and len(lines) == 1
    assert json.loads(lines[0])["event"] == ["ACCUSE"]


def test_stdout_output(coded_db: Path) -> None:
    result = run(coded_db, "export", "-f", "csv", "-o", "-", "--unit", "mentions", "-q")
    assert result.exit_code == 0
    assert result.stderr == ""  # --quiet: no summary
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert tuple(rows[0]) == COLUMN_NAMES and len(rows) == n_rows(coded_db, "events") + 1


def test_unwritable_output_is_e024_with_exit_2(coded_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "out.csv"
    result = run(coded_db, "export", "-f", "csv", "-o", str(missing))
    assert result.exit_code == 2
    assert f"error: [E024] {missing}: cannot write" in result.stderr
    assert "Traceback" not in result.stderr and not missing.exists()
    folder = run(coded_db, "export", "-f", "csv", "-o", str(tmp_path))
    assert folder.exit_code == 2 and "[E024]" in folder.stderr and "directory" in folder.stderr
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_usage_errors(coded_db: Path, tmp_path: Path) -> None:
    unknown = run(coded_db, "export", "-o", str(tmp_path / "out.xyz"))
    assert unknown.exit_code == 2 and "give --format" in unknown.stderr
    binary = run(coded_db, "export", "-f", "parquet", "-o", "-")
    assert binary.exit_code == 2 and "Parquet is binary" in binary.stderr


# -- flat rows and Parquet ---------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["mentions", "stories"])
def test_arrow_and_reference_paths_give_the_same_rows(coded_db: Path, unit: Unit) -> None:
    with Store(coded_db) as store:
        flt = EventFilter(limit=None)
        fast = [r for b in iter_flat_batches(store, flt, unit, batch_size=3) for r in b]
        slow = [r for b in iter_flat_batches(store, flt, unit, method="python") for r in b]
    assert len(fast) == len(slow) == n_rows(coded_db, "events" if unit == "mentions" else "stories")
    floats = [i for i, (_, kind) in enumerate(COLUMNS) if kind == "float"]
    for a, b in zip(fast, slow, strict=True):
        b = tuple(float(v) if i in floats and v is not None else v for i, v in enumerate(b))
        assert a == b


def test_parquet_reads_back_with_duckdb_and_pandas(coded_db: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    out = tmp_path / "stories.parquet"
    result = run(coded_db, "export", "-o", str(out))  # format from the suffix, stories default
    assert result.exit_code == 0, result.stderr
    n = n_rows(coded_db, "stories")
    assert f"Exported {n} stories as parquet" in result.stderr

    con = duckdb.connect()
    described = dict(
        (name, kind) for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM '{out}'").fetchall()
    )
    expected_types = {"string": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "date": "DATE"}
    assert described == {name: expected_types[kind] for name, kind in COLUMNS}
    assert con.execute(f"SELECT COUNT(*) FROM '{out}'").fetchone()[0] == n
    multi = con.execute(
        f"SELECT num_articles, num_sources FROM '{out}' WHERE num_articles > 1"
    ).fetchall()
    assert multi == [(2, 2)]  # the promised aid reported by both outlets

    frame = pd.read_parquet(out)
    assert list(frame.columns) == list(COLUMN_NAMES) and len(frame) == n
    assert frame["story_id"].str.startswith("s").all()
    assert str(frame["goldstein"].dtype) == "float64"
    assert str(frame["num_mentions"].dtype) == "int64"
    with Store(coded_db) as store:
        fast = [r for b in iter_flat_batches(store, EventFilter(limit=None), "stories") for r in b]
    assert frame["event_id"].tolist() == [r[0] for r in fast]


# -- JSONL (PLOVER) ----------------------------------------------------------------------------


def test_jsonl_is_plover_shaped(coded_db: Path) -> None:
    result = run(coded_db, "export", "-f", "jsonl", "-o", "-")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == n_rows(coded_db, "stories")
    for rec in records:
        for field in ("id", "date", "actor", "event"):  # PLOVER's required fields
            assert rec[field], field
        assert rec["id"].startswith("s") and rec["newsevents"]["unit"] == "story"
        assert rec["quad_code"] in (1, 2, 3, 4)
        assert isinstance(rec["event_scale"], float)
        actor = rec["actor"][0]
        assert set(actor) >= {"code", "sector", "entity_text", "identifier_id", "identifier_text"}
        assert rec["cite_info"]["url"].startswith("https://")
        assert rec["text_info"]["end"] > rec["text_info"]["start"]
        assert rec["newsevents"]["num_articles"] == len(rec["newsevents"]["article_ids"])
    aid = [r for r in records if r["newsevents"]["num_articles"] == 2]
    assert len(aid) == 1 and aid[0]["event"] == ["AGREE"]
    assert aid[0]["newsevents"]["outlets"] == ["Example Daily", "Example Wire"]
    assert aid[0]["event_loc"]["resolved_place"] == "Moscow"


# -- GDELT -------------------------------------------------------------------------------------


def gdelt_samples(shared_dir: Path) -> list[Path]:
    files = sorted((shared_dir / "corpora" / "gdelt_event_samples" / "gdelt2_events").glob("*"))
    assert files, "the shared GDELT 2.0 samples should be present"
    return files


def test_gdelt_round_trip_is_byte_for_byte(shared_dir: Path, tmp_path: Path) -> None:
    from newsevents.export import write_gdelt

    for sample in gdelt_samples(shared_dir):
        out = tmp_path / sample.name
        with out.open("w", encoding="utf-8", newline="") as fh:
            n = write_gdelt(read_gdelt(sample), fh)
        assert n > 2000
        assert out.read_bytes() == sample.read_bytes(), sample.name


def test_gdelt_header_and_date_formula_match_the_official_files(shared_dir: Path) -> None:
    from newsevents.export.gdelt import _date_fields

    header = shared_dir / "corpora/gdelt_event_samples/schemas"
    names = [
        line.split(",")[0]
        for line in (header / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1:]
    ]
    assert tuple(names) == GDELT_COLUMNS and len(names) == 61
    for sample in gdelt_samples(shared_dir):
        for row in read_gdelt(sample):
            assert isinstance(row.GLOBALEVENTID, int) and isinstance(row.GoldsteinScale, float)
            d = str(row.SQLDATE)
            ours = _date_fields(f"{d[:4]}-{d[4:6]}-{d[6:]}")
            assert ours == (row.SQLDATE, row.MonthYear, row.Year, row.FractionDate)


def test_iso_fips_table_agrees_with_gdelt_pairs(shared_dir: Path) -> None:
    from newsevents.export import iso3_fips

    pairs: Counter[tuple[str, str]] = Counter()
    for sample in gdelt_samples(shared_dir):
        for row in read_gdelt(sample):
            for cc, geo in (
                (row.Actor1CountryCode, row.Actor1Geo_CountryCode),
                (row.Actor2CountryCode, row.Actor2Geo_CountryCode),
            ):
                if cc and geo:
                    pairs[(cc, geo)] += 1
    table = iso3_fips()
    best: dict[str, tuple[str, int]] = {}
    for (cc, geo), n in pairs.most_common():
        best.setdefault(cc, (geo, n))
    # Actor and place often differ (a Ukrainian official quoted in Washington), so only the
    # well-attested pairs are checked.
    checked = [cc for cc, (_, n) in best.items() if n >= 20 and cc in table]
    assert len(checked) >= 8
    for cc in checked:
        assert table[cc][0] == best[cc][0], cc
    assert table["RUS"][0] == "RS" and table["ZAF"][0] == "SF" and table["COD"][0] == "CG"


def test_gdelt_malformed_row_names_file_and_line(tmp_path: Path) -> None:
    from newsevents.errors import ErrorCode, InputError

    good = "\t".join(["1", "20240605", "202406", "2024", "2024.4247"] + [""] * 56)
    bad = tmp_path / "bad.CSV"
    bad.write_text(good + "\n" + "\t".join(["2"] * 60) + "\n", encoding="utf-8")
    rows = read_gdelt(bad)
    assert next(rows).SQLDATE == 20240605
    with pytest.raises(InputError) as err:
        next(rows)
    assert err.value.code is ErrorCode.E025 and f"{bad}:2" in str(err.value)
    assert "found 60" in str(err.value)
    typed = tmp_path / "typed.CSV"
    typed.write_text(good.replace("20240605", "June5"), encoding="utf-8")
    with pytest.raises(InputError, match=r"typed.CSV:1: column SQLDATE must be an integer"):
        list(read_gdelt(typed))


def test_gdelt_export_rows(coded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = run(coded_db, "export", "-o", str(out), "--unit", "stories")
    assert result.exit_code == 0, result.stderr
    rows = list(read_gdelt(out))  # our rows parse with GDELT's column types
    assert len(rows) == n_rows(coded_db, "stories")
    assert all(line.count("\t") == 60 for line in out.read_text(encoding="utf-8").splitlines())
    for row in rows:
        assert row.GLOBALEVENTID is not None
        assert 0 < row.GLOBALEVENTID < 2**53
        assert row.SQLDATE is not None and len(str(row.SQLDATE)) == 8
        assert row.EventRootCode == row.EventCode[:2] and row.QuadClass in (1, 2, 3, 4)
        assert row.AvgTone == 0.0 and row.SOURCEURL.startswith("https://")
        assert row.DATEADDED is not None and len(str(row.DATEADDED)) == 14
        assert row.NumArticles is not None and row.NumSources is not None
    aid = [r for r in rows if r.NumArticles == 2]
    assert len(aid) == 1
    t = aid[0]
    assert (t.Actor1Code, t.Actor1Name, t.Actor1CountryCode) == ("RUSGOV", "RUSSIA", "RUS")
    assert (t.Actor2CountryCode, t.Actor1Type1Code, t.EventRootCode) == ("BFA", "GOV", "03")
    assert (t.Actor1Geo_CountryCode, t.Actor2Geo_CountryCode) == ("RS", "UV")  # FIPS codes
    assert t.Actor1Geo_Type == 1 and t.NumSources == 2
    assert (t.ActionGeo_Type, t.ActionGeo_CountryCode) == (4, "RS")  # Moscow, a world city
    assert t.ActionGeo_FullName.startswith("Moscow") and t.ActionGeo_Lat is not None
    # Stable ids: a second export gives the same GLOBALEVENTIDs.
    again = run(coded_db, "export", "-f", "gdelt", "-o", "-", "-q")
    assert [line.split("\t")[0] for line in again.stdout.splitlines()] == [
        str(r.GLOBALEVENTID) for r in rows
    ]


# -- GraphML -----------------------------------------------------------------------------------

NS = "{http://graphml.graphdrawing.org/xmlns}"


def test_graphml_actor_network(coded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.graphml"
    result = run(coded_db, "export", "-o", str(out), "--unit", "mentions")
    assert result.exit_code == 0, result.stderr
    root = ET.parse(out).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.type")) for k in root.iter(f"{NS}key")}
    assert keys["weight"] == ("edge", "int") and keys["goldstein_mean"] == ("edge", "double")
    assert keys["name"] == ("node", "string")
    graph = root.find(f"{NS}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"

    def data(el: ET.Element) -> dict[str, str]:
        return {d.get("key") or "": d.text or "" for d in el.findall(f"{NS}data")}

    nodes = {n.get("id"): data(n) for n in graph.findall(f"{NS}node")}
    edges = [(e.get("source"), e.get("target"), data(e)) for e in graph.findall(f"{NS}edge")]
    with Store(coded_db) as store:
        records = [json.loads(r) for (r,) in store._execute("SELECT record FROM events")]
    actors = {a["actor_id"] for r in records for a in r["sources"] + r["targets"]}
    assert {n["actor_id"] for n in nodes.values()} == actors
    dyads = Counter(
        (s["actor_id"], t["actor_id"])
        for r in records
        for s in r["sources"]
        for t in r["targets"]
        if s["actor_id"] != t["actor_id"]
    )
    got = {(nodes[s]["actor_id"], nodes[t]["actor_id"]): d for s, t, d in edges}
    assert {k: int(d["weight"]) for k, d in got.items()} == dict(dyads)
    for d in got.values():
        assert sum(int(d[f"quad{q}"]) for q in (1, 2, 3, 4)) == int(d["weight"])
        per_type = sum(int(v) for k, v in d.items() if k.startswith("type_"))
        assert per_type == int(d["weight"])
        assert float(d["goldstein_mean"]) == pytest.approx(
            float(d["goldstein_sum"]) / int(d["weight"])
        )
    sanctions = got[("USA", "RUS")]
    assert int(sanctions["quad4"]) >= 1 and float(sanctions["goldstein_sum"]) < 0

    try:
        import networkx as nx
    except ImportError:
        return  # not a dependency; the ElementTree checks above stand
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == len(nodes) and g.number_of_edges() == len(edges)


def test_gdelt_action_geo_by_precision() -> None:
    """Country, US state, county and world city map to GDELT's geo types with FIPS codes."""
    from newsevents.export.gdelt import _action_geo

    country = _action_geo({"name": "Ukraine", "country": "UKR", "precision": "country"})
    assert (country[0], country[2]) == (1, "UP")
    state = _action_geo(
        {"name": "Ohio", "country": "USA", "admin1": "OH", "precision": "admin1", "lat": 40.4}
    )
    assert (state[0], state[2], state[3]) == (2, "US", "USOH")
    county = _action_geo(
        {
            "name": "Henry County",
            "country": "USA",
            "admin1": "TN",
            "precision": "admin2",
            "lat": 36.3,
            "lon": -88.3,
        }
    )
    assert county[0] == 3 and county[1].startswith("Henry County") and county[5] == 36.3
    city = _action_geo(
        {"name": "Kharkiv", "country": "UKR", "precision": "city", "lat": 50.0, "lon": 36.2}
    )
    assert (city[0], city[2], city[5], city[6]) == (4, "UP", 50.0, 36.2)


def test_mention_rows_carry_their_story_id(coded_db: Path, tmp_path: Path) -> None:
    """Mention rows name the story they belong to, so mentions join to stories in R or pandas."""
    out = tmp_path / "mentions.csv"
    result = run(coded_db, "export", "-f", "csv", "--unit", "mentions", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    with Store(coded_db) as store:
        expected = dict(store._execute("SELECT event_id, story_id FROM events").fetchall())
        stories = {r[0] for r in store._execute("SELECT story_id FROM stories")}
    assert rows and all(r["story_id"] == expected[r["event_id"]] for r in rows)
    assert {r["story_id"] for r in rows} == stories
