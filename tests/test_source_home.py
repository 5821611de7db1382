"""A source's home area (a local paper's "local lexicon"): learned from the places of its other
coded articles in the store, a prior for its next article's ambiguous names (real gazetteer,
spaCy model, SQLite store and CLI)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.geo.gazetteer import load_gazetteer
from newsevents.geo.resolver import (
    HOME_MIN_PLACES,
    Mention,
    home_from_counts,
    place_counts,
    resolve_mentions,
)
from newsevents.store import Store


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def test_a_home_turns_an_ambiguous_town_to_the_papers_area() -> None:
    gaz = load_gazetteer()
    text = "A man was arrested in Alexandria on Monday after a fire at a mobile home."
    at = text.index("Alexandria")
    mention = [Mention(at, at + len("Alexandria"), "GPE")]
    (alone,) = resolve_mentions(text, mention, gaz)
    assert alone.admin1 != "Louisiana"
    # a paper whose other stories are in Louisiana towns and parishes
    local = [
        resolve_mentions(t, [Mention(0, t.index(","), "GPE")], gaz)
        for t in ("Pineville, Louisiana", "Lafayette, Louisiana", "Shreveport, Louisiana")
    ]
    counts = sum((place_counts(gaz, p) for p in local), Counter[str]())
    assert counts["US"] >= 3 and counts["US|Louisiana"] >= 3
    home = home_from_counts(counts + counts)  # six places: over the minimum of five
    assert home is not None and home.regions["US|Louisiana"] == 1.0
    (placed,) = resolve_mentions(text, mention, gaz, home=home)
    assert (placed.country, placed.admin1) == ("USA", "Louisiana"), placed
    assert "of the source's other places are in Louisiana" in placed.why
    # a national outlet's home spreads over the country: no support for a namesake hamlet
    national = Counter({"US": 40})
    for state in ("Washington", "Texas", "California", "New York", "Florida", "Ohio", "Iowa"):
        national[f"US|{state}"] = 5
    spread = home_from_counts(national)
    assert spread is not None
    kashmir = "Troops fired across the line in Kashmir on Monday."
    k = kashmir.index("Kashmir")
    places = resolve_mentions(kashmir, [Mention(k, k + 7, "GPE")], gaz, home=spread)
    assert all(p.country != "USA" for p in places), places  # not Cashmere, Washington
    # too few places make no home; a country named is no evidence of where the paper is
    assert home_from_counts(Counter({"US": HOME_MIN_PLACES - 1})) is None
    (france,) = resolve_mentions("France", [Mention(0, 6, "GPE")], gaz)
    assert place_counts(gaz, [france]) == Counter()


def article(n: int, text: str, source: str) -> dict[str, str]:
    return {
        "id": f"a{n}",
        "title": text.split(".")[0],
        "text": text,
        "published": "2009-03-20",
        "source": source,
        "url": f"https://{source.replace(' ', '').lower()}.example.com/{n}",
    }


def test_the_store_learns_a_source_home_and_codes_with_it(tmp_path: Path, db_path: Path) -> None:
    paper = "Town Talk"
    local = [
        "Police in Pineville, Louisiana, arrested two men on Friday after a robbery.",
        "The sheriff of Rapides Parish, Louisiana, said deputies detained a suspect in Boyce.",
        "Officers in Lafayette, Louisiana, arrested a woman over an arson attack on a store.",
    ]
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps(article(n, t, paper)) + "\n" for n, t in enumerate(local)))
    assert run(db_path, "ingest", str(first)).exit_code == 0
    assert run(db_path, "code", "-w", "1").exit_code == 0
    with Store(db_path) as store:
        rows = store._execute("SELECT places FROM coded_articles").fetchall()
    stored = [json.loads(r[0]) for r in rows if r[0]]
    assert len(stored) == 3 and all(s.get("US|Louisiana", 0) >= 1 for s in stored), stored
    # the paper's next story names a town that, alone, is a great city abroad
    story = "Police arrested a man in Alexandria on Monday after a fire at a mobile home."
    second = tmp_path / "second.jsonl"
    second.write_text(
        json.dumps(article(10, story, paper))
        + "\n"
        + json.dumps(article(11, story + " ", "Elsewhere Wire"))
        + "\n"
    )
    assert run(db_path, "ingest", str(second)).exit_code == 0
    result = run(db_path, "code", "-w", "2")
    assert result.exit_code == 0, result.output
    events = json.loads(run(db_path, "events", "--json").stdout)
    with Store(db_path) as store:
        source_of = dict(store._execute("SELECT id, source FROM articles"))
    alexandria = {
        source_of[e["article_id"]]: e for e in events if "Alexandria" in e["evidence"]["sentence"]
    }
    where = {source: e["location"] for source, e in alexandria.items()}
    # two workers: the home was computed in this process and sent along with the article
    assert where[paper]["admin1"] == "Louisiana", where
    assert (
        "source home: 100% of the source's other places are in Louisiana"
        in (alexandria[paper]["why"])
    )
    assert where["Elsewhere Wire"]["country"] != "USA", where  # no history: the great city
    assert "source home" not in alexandria["Elsewhere Wire"]["why"]
