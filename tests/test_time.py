"""TIME: date expressions found in text and resolved against the publication date."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from newsevents.time import TimeExpr, find_candidates, resolve_dates, resolve_in_doc
from newsevents.time.expressions import find_candidates_exhaustive
from newsevents.time.timeml import evaluate_timeml, normalize_value, read_timeml

PUB = date(2024, 6, 5)  # a Wednesday

# TimeBank (TBAQ-cleaned) DATE value accuracy of the regex path, rounded down to 2 decimals.
# Floors only rise: raise this when the method improves, never lower it.
TIMEBANK_VALUE_ACCURACY_FLOOR = 0.85


def one(text: str, published: date | datetime | str | None = PUB) -> TimeExpr:
    found = resolve_dates(text, published)
    assert len(found) == 1, found
    expr = found[0]
    assert text[expr.start : expr.end] == expr.text
    return expr


def check(text: str, span: str, value: str | None, precision: str) -> None:
    expr = one(text)
    assert expr.text == span
    assert expr.value == value, (text, expr)
    assert expr.precision == precision, (text, expr)


# --- the expression types of the spec -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value", "precision"),
    [
        # weekday: same weekday as the article = that day; otherwise past unless future tense
        ("Lavrov announced on Wednesday that Russia will help.", "Wednesday", "2024-06-05", "day"),
        ("The minister travelled to Paris on Friday.", "Friday", "2024-05-31", "day"),
        ("The minister will travel to Paris on Friday.", "Friday", "2024-06-07", "day"),
        ("Rebels attacked the town on Monday.", "Monday", "2024-06-03", "day"),
        ("Talks resume next Monday.", "next Monday", "2024-06-10", "day"),
        ("It happened last Wednesday.", "last Wednesday", "2024-05-29", "day"),
        ("The vote was held Sunday.", "Sunday", "2024-06-02", "day"),
        ("Police dispersed the crowd Friday night.", "Friday night", "2024-05-31TNI", "day"),
        ("Troops moved in on Tuesday morning.", "Tuesday morning", "2024-06-04TMO", "day"),
        ("The deadline is 9 a.m. Thursday.", "9 a.m. Thursday", "2024-05-30T09:00", "day"),
        # months
        ("He died in a plane crash last August.", "last August", "2023-08", "month"),
        ("Elections were held in May.", "May", "2024-05", "month"),
        ("Elections will be held in May.", "May", "2025-05", "month"),
        ("Talks began in June.", "June", "2024-06", "month"),
        ("Parliament will sit again next March.", "next March", "2025-03", "month"),
        ("Fighting flared in early March.", "early March", "2024-03", "month"),
        ("The pact was signed in July last year.", "July last year", "2023-07", "month"),
        ("Prices fell in August 2021.", "August 2021", "2021-08", "month"),
        ("Protests began earlier this month.", "earlier this month", "2024-06", "month"),
        ("Exports will rise next month.", "next month", "2024-07", "month"),
        ("Exports fell last month.", "last month", "2024-05", "month"),
        # days
        ("He arrived two days ago.", "two days ago", "2024-06-03", "day"),
        ("Yesterday the army attacked.", "Yesterday", "2024-06-04", "day"),
        ("The summit opens today.", "today", "2024-06-05", "day"),
        ("The summit opens tomorrow.", "tomorrow", "2024-06-06", "day"),
        ("Leaders will dine tonight.", "tonight", "2024-06-05TNI", "day"),
        ("Shelling resumed last night.", "last night", "2024-06-04TNI", "day"),
        ("The accord was signed June 5, 2024.", "June 5, 2024", "2024-06-05", "day"),
        ("The accord was signed on 2024-06-05.", "2024-06-05", "2024-06-05", "day"),
        ("The accord was signed on 5 June 2024.", "5 June 2024", "2024-06-05", "day"),
        ("Protests erupted on March 10.", "March 10", "2024-03-10", "day"),
        ("The ceasefire started on December 25.", "December 25", "2023-12-25", "day"),
        ("The ceasefire collapsed on 25 December.", "25 December", "2023-12-25", "day"),
        ("The ceasefire will start on Dec. 25.", "Dec. 25", "2024-12-25", "day"),
        ("Ballots are due by June 20.", "June 20", "2024-06-20", "day"),
        ("On Monday, June 3, rebels struck.", "Monday, June 3", "2024-06-03", "day"),
        ("Wed Jun 05 2024", "Wed Jun 05 2024", "2024-06-05", "day"),
        ("The report, dated 6/1/2024, leaked.", "6/1/2024", "2024-06-01", "day"),
        ("Shops close on Christmas Day.", "Christmas Day", "2023-12-25", "day"),
        # weeks
        ("Officials met this week.", "this week", "2024-W23", "week"),
        ("Officials will meet next week.", "next week", "2024-W24", "week"),
        ("Officials met last week.", "last week", "2024-W22", "week"),
        ("Clashes broke out over the weekend.", "over the weekend", "2024-W22-WE", "week"),
        # quarters and halves
        ("Output shrank in the first quarter.", "the first quarter", "2024-Q1", "quarter"),
        ("Output will grow in the third quarter.", "the third quarter", "2024-Q3", "quarter"),
        ("GDP rose in Q4 2023.", "Q4 2023", "2023-Q4", "quarter"),
        ("Growth slowed in the first half of 2023.", "the first half of 2023", "2023-H1", "year"),
        ("Profits will fall in the last half of 2024.", "the last half of 2024", "2024-H2", "year"),
        (
            "Sales grew in the first two quarters of 2023.",
            "the first two quarters of 2023",
            "2023-H1",
            "year",
        ),
        # the week of a day; spelled-out years inside expressions
        ("A hearing is set for the week of March 6.", "the week of March 6", "2024-W10", "week"),
        (
            "January nineteen ninety-seven was cold.",
            "January nineteen ninety-seven",
            "1997-01",
            "month",
        ),
        (
            "Prices spiked in the winter of nineteen ninety-four.",
            "the winter of nineteen ninety-four",
            "1994-WI",
            "quarter",
        ),
        # reported future: "would" points forward like "will"
        ("He said the funds would be paid in January.", "January", "2025-01", "month"),
        # years
        ("A coup took place in 2022.", "2022", "2022", "year"),
        ("Exports fell last year.", "last year", "2023", "year"),
        ("Exports will rise next year.", "next year", "2025", "year"),
        ("Turnout was higher this year.", "this year", "2024", "year"),
        ("Inflation peaked in mid-2023.", "mid-2023", "2023", "year"),
        ("The company lost money in fiscal 2023.", "fiscal 2023", "2023", "year"),
        ("Talks stalled three years ago.", "three years ago", "2021", "year"),
        ("the 2024 election", "2024", "2024", "year"),
        # seasons, decades, centuries
        ("Fighting intensified last summer.", "last summer", "2023-SU", "quarter"),
        ("Violence peaked in the 1990s.", "the 1990s", "199", "decade"),
        ("It began in the late 1980s.", "the late 1980s", "198", "decade"),
        ("Trade boomed in the '80s.", "the '80s", "198", "decade"),
        ("Wars marked the 20th century.", "the 20th century", "19", "unknown"),
        # references and durations
        ("Prices are now falling.", "now", "PRESENT_REF", "unknown"),
        ("He recently resigned.", "recently", "PAST_REF", "unknown"),
        ("Talks may resume in the near future.", "the near future", "FUTURE_REF", "unknown"),
        ("Over the past three years, attacks doubled.", "the past three years", "P3Y", "unknown"),
    ],
)
def test_expression_types(text: str, span: str, value: str, precision: str) -> None:
    check(text, span, value, precision)


def test_mod_and_type() -> None:
    expr = one("Inflation peaked in mid-2023.")
    assert (expr.mod, expr.type) == ("MID", "DATE")
    assert one("Protests began earlier this month.").mod == "START"
    assert one("Leaders will dine tonight.").type == "TIME"
    dur = one("Over the past three years, attacks doubled.")
    assert dur.type == "DURATION"
    d = dur.to_dict()
    assert d["value"] == "P3Y" and d["start"] == dur.start and set(d) >= {"text", "precision"}


def test_offsets_index_the_input_text() -> None:
    text = (
        "MOSCOW — On Wednesday, officials said the talks held last August and in 2022 "
        "would resume next week, two days after Dec. 25."
    )
    found = resolve_dates(text, PUB)
    assert [e.text for e in found] == [
        "Wednesday",
        "last August",
        "2022",
        "next week",
        "Dec. 25",
    ]
    for e in found:
        assert text[e.start : e.end] == e.text


def test_possessive_weekday() -> None:
    expr = one("Wednesday's vote was close.")
    assert (expr.text, expr.value) == ("Wednesday", "2024-06-05")
    # A far future cue does not bind a possessive weekday: the ruling is a known, past event.
    expr = one("Critics said they would look for ways around Monday's ruling.")
    assert (expr.text, expr.value) == ("Monday", "2024-06-03")


def test_the_previous_weekday_counts_from_the_last_date() -> None:
    found = resolve_dates(
        "Shares closed on Friday, June 7, 2024, down from the previous Friday.", PUB
    )
    assert [(e.text, e.value) for e in found][-1] == ("the previous Friday", "2024-05-31")


def test_latest_quarter_is_at_most_the_last_completed_one() -> None:
    # Written in the fourth quarter: the latest quarter reported is the third.
    expr = one("Losses widened in the latest quarter.", "1989-11-02")
    assert expr.value == "1989-Q3"


def test_sentence_break_just_before_the_expression_stops_the_cue() -> None:
    # "would" belongs to the previous sentence; "Over the weekend" takes no tense from it.
    text = "The offer would give him control. Over the weekend, he called for an auction."
    expr = next(e for e in resolve_dates(text, "1989-10-30") if e.text == "Over the weekend")
    assert expr.value == "1989-W43-WE"


def test_past_tense_beside_a_month_day_wins_over_a_nearer_future_date() -> None:
    # "ended Jan. 31" written on Oct. 31: the past January, though next January is nearer.
    assert one("In the fiscal year ended Jan. 31, sales rose.", "1989-10-31").value == "1989-01-31"


def test_published_as_datetime_and_string() -> None:
    assert one("It rained yesterday.", datetime(2024, 6, 5, 23, 59)).value == "2024-06-04"
    assert one("It rained yesterday.", "2024-06-05T08:00:00Z").value == "2024-06-04"


def test_relative_to_the_previous_date() -> None:
    found = resolve_dates("The deal closed on March 3, 2021. The following year it failed.", PUB)
    assert [(e.text, e.value) for e in found] == [
        ("March 3, 2021", "2021-03-03"),
        ("The following year", "2022"),
    ]


def test_year_earlier_follows_the_quarter_in_focus() -> None:
    text = "Net income rose in the third quarter to $5 million from $4 million a year earlier."
    found = resolve_dates(text, date(1989, 10, 26))
    assert [(e.text, e.value) for e in found] == [
        ("the third quarter", "1989-Q3"),
        ("a year earlier", "1988-Q3"),
    ]


# --- false positives ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "You may go home.",
        "Officials may decide later.",
        "A protest march blocked the road.",
        "Thousands march through the capital.",
        "Theresa May spoke to reporters.",
        "Police said 2,000 people joined the rally.",
        "The firm laid off 1,100 contract employees.",
        "About 2000 people marched.",
        "The plant produced 1500 tons of steel.",
        "Shares rose to $2010 apiece.",
        "Turnout reached 2024.5 thousand.",
        "He scored 1999 points in total.",
        "The pasta dispute was settled.",
        "The talks led nowhere.",
        "Past performance is no guide.",
    ],
)
def test_false_positives(text: str) -> None:
    assert resolve_dates(text, PUB) == []


def test_may_and_march_as_months_still_found() -> None:
    assert one("Fighting resumed in May.").value == "2024-05"
    assert one("The march in March drew crowds.").text == "March"
    assert one("Talks collapsed on May 2.").value == "2024-05-02"


# --- no anchor -------------------------------------------------------------------------------


def test_none_anchor_only_absolute_values() -> None:
    text = "He left on Wednesday, last August, in 2022, on June 5, 2024, in the 1990s and now."
    found = {e.text: e for e in resolve_dates(text, None)}
    values = {t: e.value for t, e in found.items()}
    assert values["Wednesday"] is None
    assert values["last August"] is None
    assert values["2022"] == "2022"
    assert values["June 5, 2024"] == "2024-06-05"
    assert values["the 1990s"] == "199"
    assert values["now"] == "PRESENT_REF"
    assert found["last August"].precision == "month"


def test_unparseable_anchor_is_none() -> None:
    assert one("It rained yesterday.", "not a date").value is None


# --- the scanner -----------------------------------------------------------------------------


def test_dispatch_scan_equals_exhaustive_scan() -> None:
    text = (
        "On Monday, June 3, the 1988 third quarter and the year-ago period were compared; "
        "the past three years, mid-2023, the '80s, the weekend, 9 a.m. Tuesday, noon today, "
        "last night, this coming Sunday, two thousand and one, nineteen ninety-six, "
        "the end of the month, fiscal 1989, FY2024, Q3 2024, 2024-06-05, 6/1/2024, "
        "Christmas Eve, a year earlier, the following day, the latest quarter, recent weeks."
    )
    a = [(c.start, c.end, c.kind) for c in find_candidates(text)]
    b = [(c.start, c.end, c.kind) for c in find_candidates_exhaustive(text)]
    assert a == b
    assert len(a) >= 20


# --- spaCy path ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsevents.nlp import ModelError, load_nlp

    try:
        return load_nlp()
    except ModelError as exc:  # pragma: no cover - depends on the environment
        pytest.skip(f"spaCy model unavailable: {exc}")


def test_resolve_in_doc_uses_the_parse(nlp: Any) -> None:
    doc = nlp("The minister will travel to Paris on Friday, and you may join him in May.")
    found = resolve_in_doc(doc, PUB)
    assert [(e.text, e.value) for e in found] == [("Friday", "2024-06-07"), ("May", "2025-05")]
    doc = nlp("In 2022 the army killed 2000 people.")
    assert [e.text for e in resolve_in_doc(doc, PUB)] == ["2022"]


# --- the canonical example -------------------------------------------------------------------


def test_canonical_example(shared_dir: Path) -> None:
    text = (shared_dir / "examples" / "russia-burkina-faso-2024-06-05.txt").read_text("utf-8")
    found = {e.text: e for e in resolve_dates(text, "2024-06-05")}
    assert (found["Wednesday"].value, found["Wednesday"].precision) == ("2024-06-05", "day")
    assert (found["2022"].value, found["2022"].precision) == ("2022", "year")
    assert (found["last August"].value, found["last August"].precision) == ("2023-08", "month")
    for e in found.values():
        assert text[e.start : e.end] == e.text


def test_canonical_example_in_doc(shared_dir: Path, nlp: Any) -> None:
    text = (shared_dir / "examples" / "russia-burkina-faso-2024-06-05.txt").read_text("utf-8")
    found = {e.text: e.value for e in resolve_in_doc(nlp(text), date(2024, 6, 5))}
    assert found["Wednesday"] == "2024-06-05"
    assert found["2022"] == "2022"
    assert found["last August"] == "2023-08"


# --- TimeML reader and TimeBank accuracy -----------------------------------------------------


def test_read_timeml(tmp_path: Path) -> None:
    tml = tmp_path / "doc.tml"
    tml.write_text(
        '<?xml version="1.0" ?><TimeML><DOCID>d1</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">'
        "08/07/1998</TIMEX3></DCT><TEXT>Bombs <EVENT eid='e1'>exploded</EVENT> "
        '<TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> and '
        '<TIMEX3 tid="t2" type="DATE" value="1997">last year</TIMEX3>.</TEXT></TimeML>',
        "utf-8",
    )
    doc = read_timeml(tml)
    assert doc.dct == date(1998, 8, 7)
    assert doc.text == "Bombs exploded Friday and last year."
    assert [(t.text, t.value) for t in doc.timexes] == [
        ("Friday", "1998-08-07"),
        ("last year", "1997"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    result = evaluate_timeml(tmp_path)
    assert result["gold_dates"] == 2 and result["value_accuracy"] == 1.0
    assert result["span_date"]["recall"] == 1.0

    # The same folder through the CLI: detected as TimeML, figures printed or as JSON.
    from click.testing import CliRunner

    from newsevents.cli.main import cli

    runner = CliRunner()
    out = runner.invoke(cli, ["evaluate", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert "DATE value accuracy" in out.output and "1.000" in out.output
    out = runner.invoke(cli, ["evaluate", "--format", "timeml", "--json", str(tmp_path)])
    assert out.exit_code == 0 and json.loads(out.output)["correct"] == 2
    # A folder with another format, or with no TimeML in it, is a usage error (exit 2).
    out = runner.invoke(cli, ["evaluate", "--format", "plv", str(tmp_path)])
    assert out.exit_code == 2 and "only --format timeml reads folders" in out.output
    empty = tmp_path / "empty"
    empty.mkdir()
    out = runner.invoke(cli, ["evaluate", str(empty)])
    assert out.exit_code == 2 and "no TimeML (.tml) documents found" in out.output


def test_normalize_value() -> None:
    assert normalize_value("2000-W7") == normalize_value("2000-W07") == "2000-W07"
    assert normalize_value(" present_ref ") == "PRESENT_REF"
    assert normalize_value(None) == ""
    # Decades and centuries: TIDES' 198X / 19XX are TimeML's 198 / 19.
    assert normalize_value("198X") == normalize_value("198") == "198"
    assert normalize_value("19XX") == "19"
    assert normalize_value("1998-XX") == "1998-XX"


@pytest.mark.shared
def test_timebank_value_accuracy(shared_dir: Path) -> None:
    result = evaluate_timeml(shared_dir / "eval" / "timebank" / "TBAQ-cleaned")
    assert result["documents"] == 256
    assert result["gold_dates"] >= 1500
    assert result["value_accuracy"] >= TIMEBANK_VALUE_ACCURACY_FLOOR, result
    assert result["span_date"]["f1"] >= 0.85, result


@pytest.mark.shared
def test_regex_path_is_fast(shared_dir: Path) -> None:
    """Well under 1 ms per sentence: check the scanner on 200 real articles (generous bound)."""
    import time

    texts: list[str] = []
    with gzip.open(shared_dir / "corpora" / "combined_fulltext_en.jsonl.gz", "rt") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) == 200:
                break
    sentences = sum(t.count(". ") + 1 for t in texts)
    start = time.perf_counter()
    for t in texts:
        resolve_dates(t, PUB)
    per_sentence_ms = (time.perf_counter() - start) * 1000 / sentences
    assert per_sentence_ms < 0.5, per_sentence_ms
