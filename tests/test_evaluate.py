"""Evaluation readers, metrics, runners and the ``evaluate`` command on small inline samples."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsevents.cli.evaluate_cmd import evaluate
from newsevents.evaluate import classification, event_coding, runners
from newsevents.evaluate.metrics import (
    PRF,
    accuracy,
    classification_report,
    confusion,
    f1_score,
    iob_spans,
    set_prf,
    set_report,
)
from newsevents.evaluate.readers import (
    detect_format,
    read_conll,
    read_penta,
    read_petrarch,
    read_petrarch_environment,
    read_plv,
)
from newsevents.models import Actor, Event, Evidence, Location

# ------------------------------------------------------------------------------------- samples
# Written for these tests (fictional countries and actors); quirks copied from the real files:
# a self-closed <Sentence .../> later closed by </Sentence>, comments, a <Config> between records.

PETRARCH_XML = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
<!-- header comment with a stray <Sentence id="NOT-A-RECORD"> tag -->
<Environment>
    <Verbfile>verbs.txt</Verbfile>
    <Actorfile>sample.actors.txt</Actorfile>
    <Agentfile>sample.agents.txt</Agentfile>
    <Include>valid DEMO NEG</Include>
</Environment>
<Sentences>
<Sentence category="DEMO" date="20200102" id="S-1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="ABCGOV" targetcode="XYZ" />
<EventCoding eventcode="0841" sourcecode="XYZ" targetcode="ABCGOV" />
<Text>
Abcland's president visited Xyzia, which
returned two prisoners.
</Text>
<Parse>
1	Abcland	Abcland	PROPN	NNP	_	0	root	_	_
</Parse></Sentence>

<Config option="require_dyad" value="false" />

<Sentence category="DEMO" date="20200103" id="S-2" evaluate="true">
<!-- a comment <EventCoding eventcode="999" sourcecode="QQQ" targetcode="RRR" /> -->
<EventCoding noevents="True" />
<Text>
The weather in Abcland was fine.
</Text>
</Sentence>

<Sentence category="NEG" date="2020" id="S-3" evaluate="true">
<EventCoding eventcode="190" sourcecode="---REB" targetcode="XYZMIL" />
<Text>
</Text>
<Parse>
1	Rebels	rebel	NOUN	NNS	_	2	nsubj	_	_
2	attacked	attack	VERB	VBD	_	0	root	_	_
3	Xyzian	Xyzian	ADJ	JJ	_	4	amod	_	_
4	troops	troop	NOUN	NNS	_	2	obj	_	SpaceAfter=No
5	.	.	PUNCT	.	_	2	punct	_	_
</Parse></Sentence>

<Sentence category="DEMO" date="20200104" id="S-4" evaluate="false">
<EventCoding eventcode="010" sourcecode="ABC" targetcode="XYZ" />
<Text>Skipped on purpose.</Text>
</Sentence>

<Sentence category="OTHER" date="20200104" id="S-5" evaluate="true">
<EventCoding eventcode="010" sourcecode="ABC" targetcode="XYZ" />
<Text>Not in the include list.</Text>
</Sentence>

<Sentence category="DEMO" date="20200104" id="S-6" evaluate="true">
<EventCoding error="storydiscard" />
<Text>Error handling record.</Text>
</Sentence>
</Sentences>
</Validation>
"""

PLV_TSV = (
    "\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_penta\tgold_root\n"
    "0\t1\tAbcland accused Xyzia.\t<s>Abcland</s> accused <t>Xyzia</t>.\tAbcland\tXyzia"
    "\t3\tACCUSE\n"
    "1\t2\tXyzia freed Abcland's envoy.\t<s>Xyzia</s> freed <t>Abcland's envoy</t>.\tXyzia"
    "\tAbcland's envoy\t2\tYIELD\n"
    "2\t3\tAbcland met Xyzia.\t<s>Abcland</s> met <t>Xyzia</t>.\tAbcland\tXyzia\t1\tCONSULT\n"
)

PENTA_TSV = (
    "Abcland said the talks went well.\t0\n"
    "Xyzian troops shelled a village near the border.\t4\n"
    "Abcland accused Xyzia of lying about the dam.\t3\n"
    "Abcland sent grain to Xyzia after the floods.\t2\n"
)

CONLL_2003 = """-DOCSTART- -X- -X- O

Maria NNP B-NP B-PER
Lopez NNP I-NP I-PER
visited VBD B-VP O
Paris NNP B-NP B-LOC
. . O O

Acme NNP B-NP B-ORG
Corp NNP I-NP I-ORG
hired VBD B-VP O
German JJ B-NP B-MISC
staff NN I-NP O
"""

RE3D_CONLL = (
    "\nThe\tB-Organisation\nArmy\tI-Organisation\nentered\tO\nHoms\tB-Location\non\tO\n"
    "Monday\tB-Temporal\n.\tO\n\nSyrian\tB-Nationality\nofficials\tO\nmet\tO\nJohn\tB-Person\n"
    "Smith\tI-Person\n.\tO\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def actor(country: str | None, *sectors: str) -> Actor:
    return Actor(
        text="x", name="x", actor_id="x", country=country, sectors=list(sectors), kind="country"
    )


def event(code: str, sources: list[Actor], targets: list[Actor]) -> Event:
    return Event(
        article_id="t",
        plover_type="CONSULT",
        plover_mode=None,
        cameo_code=code,
        quad_class=1,
        goldstein=1.0,
        sources=sources,
        targets=targets,
        date=None,
        date_precision="unknown",
        location=Location(),
        modality="asserted",
        attribution=None,
        confidence=1.0,
        evidence=Evidence(sentence="x", start=0, end=1, trigger="x"),
        why="test",
    )


# ------------------------------------------------------------------------------------- readers


def test_read_petrarch_records(tmp_path: Path) -> None:
    recs = list(read_petrarch(write(tmp_path, "s.xml", PETRARCH_XML)))
    assert [r.id for r in recs] == ["S-1", "S-2", "S-3", "S-4", "S-5", "S-6"]
    one, two, three, four, _, six = recs
    assert one.codings == [("ABCGOV", "XYZ", "042"), ("XYZ", "ABCGOV", "0841")]
    assert not one.no_event
    assert one.date == "20200102" and one.category == "DEMO"
    assert one.text == "Abcland's president visited Xyzia, which returned two prisoners."
    assert two.no_event and two.codings == []  # the commented coding does not count
    assert two.config == {"require_dyad": "false"}
    assert three.text == "Rebels attacked Xyzian troops."  # rebuilt from the parse
    assert three.codings == [("---REB", "XYZMIL", "190")]
    assert not four.evaluate
    assert six.errors == ["storydiscard"] and not six.no_event


def test_read_petrarch_environment(tmp_path: Path) -> None:
    env = read_petrarch_environment(write(tmp_path, "s.xml", PETRARCH_XML))
    assert env.actor_files == ["sample.actors.txt"]
    assert env.agent_files == ["sample.agents.txt"]
    assert env.include == ["valid", "DEMO", "NEG"]


def test_read_plv(tmp_path: Path) -> None:
    recs = list(read_plv(write(tmp_path, "p.tsv", PLV_TSV)))
    assert len(recs) == 3
    assert recs[1].source == "Xyzia" and recs[1].target == "Abcland's envoy"
    assert recs[1].gold_root == "YIELD" and recs[1].gold_penta == 2
    assert recs[0].marked_sentence.startswith("<s>Abcland</s>")


def test_read_plv_rejects_other_tsv(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a PLV file"):
        list(read_plv(write(tmp_path, "p.tsv", PENTA_TSV)))


def test_read_penta(tmp_path: Path) -> None:
    recs = list(read_penta(write(tmp_path, "c.tsv", "sentence\tlabel\n" + PENTA_TSV)))
    assert [r.label for r in recs] == [0, 4, 3, 2]
    assert recs[1].sentence.startswith("Xyzian troops")


def test_read_conll_both_layouts(tmp_path: Path) -> None:
    a = list(read_conll(write(tmp_path, "a.txt", CONLL_2003)))
    assert [s.tokens for s in a] == [
        ["Maria", "Lopez", "visited", "Paris", "."],
        ["Acme", "Corp", "hired", "German", "staff"],
    ]
    assert a[0].tags == ["B-PER", "I-PER", "O", "B-LOC", "O"]
    b = list(read_conll(write(tmp_path, "b.conll", RE3D_CONLL)))
    assert len(b) == 2 and b[1].tags[3:5] == ["B-Person", "I-Person"]


# ------------------------------------------------------------------------------------- metrics


def test_classification_report_by_hand() -> None:
    gold = ["A", "A", "B", "C"]
    pred = ["A", "B", "B", "A"]
    rep = classification_report(gold, pred)
    a, b, c = rep.per_class["A"], rep.per_class["B"], rep.per_class["C"]
    assert (a.tp, a.fp, a.fn) == (1, 1, 1)
    assert a.precision == 0.5 and a.recall == 0.5 and a.f1 == 0.5
    assert b.precision == 0.5 and b.recall == 1.0 and b.f1 == pytest.approx(2 / 3)
    assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0)
    assert rep.macro_f1() == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)
    assert rep.micro().f1 == 0.5
    assert accuracy(gold, pred) == 0.5
    assert confusion(gold, pred) == {
        "A": {"A": 1, "B": 1, "C": 0},
        "B": {"A": 0, "B": 1, "C": 0},
        "C": {"A": 1, "B": 0, "C": 0},
    }


def test_prf_edge_cases() -> None:
    assert PRF().f1 == 0.0 and PRF().precision == 0.0
    assert f1_score(1.0, 0.5) == pytest.approx(2 / 3)
    assert set_prf([("a",), ("a",), ("b",)], [("a",)]) == PRF(tp=1, fp=0, fn=1)
    with pytest.raises(ValueError):
        accuracy(["a"], [])


def test_set_report_sums_over_sentences() -> None:
    pairs = [
        (
            {("USA", "CHN", "04"), ("CHN", "USA", "04")},
            {("USA", "CHN", "04"), ("USA", "RUS", "19")},
        ),
        (set(), {("ABC", "XYZ", "01")}),
        ({("ABC", "XYZ", "11")}, set()),
    ]
    overall, by_root = set_report(pairs)
    assert (overall.tp, overall.fp, overall.fn) == (1, 2, 2)
    assert overall.precision == pytest.approx(1 / 3)
    assert overall.recall == pytest.approx(1 / 3)
    assert overall.f1 == pytest.approx(1 / 3)
    assert (by_root.per_class["04"].tp, by_root.per_class["04"].fn) == (1, 1)
    assert by_root.per_class["19"].fp == 1 and by_root.per_class["11"].fn == 1


def test_iob_spans_iob1_iob2_bioes() -> None:
    assert iob_spans(["B-PER", "I-PER", "O", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    assert iob_spans(["I-PER", "I-PER", "B-PER", "I-ORG"]) == {
        (0, 2, "PER"),
        (2, 3, "PER"),
        (3, 4, "ORG"),
    }
    assert iob_spans(["S-LOC", "B-ORG", "E-ORG", "O"]) == {(0, 1, "LOC"), (1, 3, "ORG")}


# ------------------------------------------------------------------------------------- runners


def fake_coder(record: object) -> list[Event]:
    rid = record.id  # type: ignore[attr-defined]
    if rid == "S-1":  # one right (country level; strict differs: XYZGOV vs XYZ), one wrong root
        return [
            event("043", [actor("ABC", "GOV")], [actor("XYZ", "GOV")]),
            event("190", [actor("XYZ")], [actor("ABC", "GOV")]),
        ]
    if rid == "S-2":  # no-event sentence kept empty
        return []
    if rid == "S-3":  # no source country: ---
        return [event("193", [actor(None, "REB")], [actor("XYZ", "MIL")])]
    raise AssertionError(f"skipped record {rid} was coded")


def test_evaluate_petrarch_matching_rule(tmp_path: Path) -> None:
    res = runners.evaluate_petrarch(write(tmp_path, "s.xml", PETRARCH_XML), code=fake_coder)
    assert res.records_total == 6 and res.records_evaluated == 3
    assert sum(res.skipped.values()) == 3
    # gold triples (country level): S-1 {ABC XYZ 04, XYZ ABC 08}, S-3 {--- XYZ 19}
    # coded: S-1 {ABC XYZ 04, XYZ ABC 19}, S-3 {--- XYZ 19}  -> tp 2, fp 1, fn 1
    assert (res.root.tp, res.root.fp, res.root.fn) == (2, 1, 1)
    assert res.root.f1 == pytest.approx(2 / 3)
    # strict: S-1 coded ABCGOV XYZGOV 04 differs from gold ABCGOV XYZ 04 -> tp 1 (S-3 only)
    assert (res.strict.tp, res.strict.fp, res.strict.fn) == (1, 2, 2)
    # full event code: 042 vs 043 and 190 vs 193 -> nothing matches
    assert res.event_code.tp == 0
    assert (res.no_event_total, res.no_event_empty, res.no_event_empty_rate) == (1, 1, 1.0)
    assert (res.passed, res.strict_passed) == (2, 2)  # S-2 and S-3
    # dyads ignore the code: S-1 {ABC-XYZ, XYZ-ABC} both found -> all records have the right dyads
    assert (res.dyad.tp, res.dyad.fp, res.dyad.fn) == (3, 0, 0) and res.dyad_passed == 3
    assert res.pass_rate == pytest.approx(2 / 3)
    assert res.bad_dates == ["S-3: '2020'"]
    data = res.to_dict()
    assert data["root_f1"] == pytest.approx(2 / 3)
    assert json.dumps(data)


def test_evaluate_petrarch_survives_coder_errors(tmp_path: Path) -> None:
    def broken(record: object) -> list[Event]:
        raise RuntimeError("boom")

    res = runners.evaluate_petrarch(write(tmp_path, "s.xml", PETRARCH_XML), code=broken)
    assert res.coder_errors == 3 and res.root.tp == 0 and res.no_event_empty == 1


def test_petrarch_dictionaries_beside_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "s.xml", PETRARCH_XML)
    assert runners.petrarch_dictionaries(path) is None
    write(tmp_path, "sample.actors.txt", "ABCLAND [ABC]\n")
    write(tmp_path, "sample.agents.txt", "PRESIDENT [~GOV]\n")
    assert runners.petrarch_dictionaries(path) == [
        tmp_path / "sample.actors.txt",
        tmp_path / "sample.agents.txt",
    ]


def test_code_helpers() -> None:
    assert runners.actor_code(actor("RUS", "GOV")) == "RUSGOV"
    assert runners.actor_code(actor(None, "REB")) == "---REB"
    assert runners.actor_code(None) == "---"
    assert runners.country_level("IGOUNO") == "IGO"
    assert runners.root_of("0841") == "08"
    assert runners.plv_root("retreat") == "YIELD"


def fake_classify(sentence: str, source: str, target: str) -> str:
    return {"Abcland accused Xyzia.": "ACCUSE", "Xyzia freed Abcland's envoy.": "RETREAT"}.get(
        sentence, "AGREE"
    )


def test_evaluate_plv(tmp_path: Path) -> None:
    res = runners.evaluate_plv(write(tmp_path, "p.tsv", PLV_TSV), classify=fake_classify)
    assert res.n == 3 and res.accuracy == pytest.approx(2 / 3)  # RETREAT counts as YIELD
    assert res.report.per_class["CONSULT"].fn == 1 and res.report.per_class["AGREE"].fp == 1
    assert not res.training_fit
    assert res.to_dict()["format"] == "plv"


def test_training_fit_is_flagged(tmp_path: Path) -> None:
    path = write(tmp_path, "PLV_train.tsv", PLV_TSV)
    res = runners.evaluate_plv(path, classify=fake_classify)
    assert res.training_fit and "TRAINING FIT" in res.notes[0]


def test_evaluate_penta(tmp_path: Path) -> None:
    res = runners.evaluate_penta(write(tmp_path, "c.tsv", PENTA_TSV), predict=lambda s: 4)
    assert res.accuracy == 0.25
    assert res.report.per_class["4 material conflict"].precision == 0.25


def test_evaluate_ner_with_mapping(tmp_path: Path) -> None:
    def tagger(batch: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        return [
            [(0, 2, "PERSON"), (3, 4, "GPE")],
            [(0, 1, "ORG"), (3, 4, "NORP"), (2, 3, "DATE")],
        ]

    res = runners.evaluate_ner(write(tmp_path, "a.txt", CONLL_2003), tagger=tagger)
    assert res.scheme == "conll2003"
    per = res.report.per_class
    assert per["PER"].tp == 1 and per["LOC"].tp == 1 and per["MISC"].tp == 1
    assert per["ORG"].fp == 1 and per["ORG"].fn == 1  # "Acme" vs "Acme Corp"
    assert res.f1 == pytest.approx(2 / 3)  # PER/ORG/LOC: tp 2, fp 1, fn 1
    assert res.f1_all_mapped == pytest.approx(0.75)


def test_evaluate_re3d_mapping(tmp_path: Path) -> None:
    def tagger(batch: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        return [[(3, 4, "GPE"), (5, 6, "DATE")], [(0, 1, "NORP"), (3, 5, "PERSON")]]

    res = runners.evaluate_ner(write(tmp_path, "r.conll", RE3D_CONLL), tagger=tagger)
    assert res.scheme == "re3d"
    per = res.report.per_class
    assert per["LOC"].tp == 1 and per["NAT"].tp == 1 and per["PER"].tp == 1
    assert per["ORG"].fn == 1 and "Temporal" not in per
    assert res.recall == pytest.approx(2 / 3) and res.precision == 1.0


def test_ner_scheme_detection() -> None:
    assert runners.detect_ner_scheme(["B-Person", "O"]) == "re3d"
    assert runners.detect_ner_scheme(["B-MISC", "I-PER"]) == "conll2003"
    with pytest.raises(ValueError, match="unknown NER tag set"):
        runners.detect_ner_scheme(["B-S", "I-T"])


# ----------------------------------------------------------------------------- format detection


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("s.xml", PETRARCH_XML, "petrarch"),
        ("p.tsv", PLV_TSV, "plv"),
        ("c.tsv", PENTA_TSV, "penta"),
        ("a.txt", CONLL_2003, "conll"),
        ("r.conll", RE3D_CONLL, "conll"),
        ("d.tml", "<TimeML>x</TimeML>", "timeml"),
        ("d.xml", '<?xml version="1.0"?>\n<TimeML><TEXT>x</TEXT></TimeML>', "timeml"),
    ],
)
def test_detect_format(tmp_path: Path, name: str, text: str, expected: str) -> None:
    assert detect_format(write(tmp_path, name, text)) == expected


def test_detect_format_unknown(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot tell the format"):
        detect_format(write(tmp_path, "x.txt", "just some prose\nand more prose here\n"))


# ------------------------------------------------------------------------------------------ CLI


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(evaluate, list(args))
    return result.exit_code, result.output


def test_cli_petrarch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        event_coding, "_make_coder", lambda dictionaries, bundled, learned: fake_coder
    )
    code, out = invoke(str(write(tmp_path, "s.xml", PETRARCH_XML)), "--failures")
    assert code == 0, out
    assert "CAMEO root" in out and "19 fight" in out and "root F1 (country-level actors)" in out
    assert "0.667" in out and "no-event sentences left empty" in out
    assert "FAIL S-1" in out
    code, out = invoke(str(tmp_path / "s.xml"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["root_f1"] == pytest.approx(2 / 3) and "records" not in data


def test_cli_plv_and_training_fit_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    orig = runners.evaluate_plv
    monkeypatch.setattr(runners, "evaluate_plv", functools.partial(orig, classify=fake_classify))
    code, out = invoke(str(write(tmp_path, "PLV_train.tsv", PLV_TSV)))
    assert code == 0, out
    assert "ACCUSE" in out and "accuracy" in out and "0.667" in out
    assert "TRAINING FIT" in out and "plv_cv_accuracy" in out


def test_cli_penta_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    orig = runners.evaluate_penta
    monkeypatch.setattr(runners, "evaluate_penta", functools.partial(orig, predict=lambda s: 0))
    code, out = invoke(str(write(tmp_path, "c.tsv", PENTA_TSV)), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["format"] == "penta" and data["accuracy"] == 0.25 and data["n"] == 4


def test_cli_conll_with_the_real_pipeline(tmp_path: Path) -> None:
    code, out = invoke(str(write(tmp_path, "a.txt", CONLL_2003)))
    assert code == 0, out
    assert "NER (conll2003)" in out and "PER" in out and "F1 (micro, PER/ORG/LOC)" in out


def test_cli_forced_format_and_bad_file(tmp_path: Path) -> None:
    code, out = invoke(str(write(tmp_path, "x.txt", "prose only\nmore prose\n")))
    assert code == 2 and "cannot tell the format" in out
    code, out = invoke(str(write(tmp_path, "y.tsv", PENTA_TSV)), "--format", "plv")
    assert code == 2 and "not a PLV file" in out


def test_cli_timeml_single_file_and_bad_input(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "doc.tml",
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-06-05" '
        'functionInDocument="CREATION_TIME">June 5</TIMEX3></DCT><TEXT>Talks ended '
        '<TIMEX3 tid="t1" type="DATE" value="2024-06-04">yesterday</TIMEX3>.</TEXT></TimeML>',
    )
    code, out = invoke(str(path))
    assert code == 0 and "DATE value accuracy" in out and "1.000" in out
    code, out = invoke(str(write(tmp_path, "c.tsv", PENTA_TSV)), "--format", "timeml")
    assert code == 2 and "cannot evaluate as timeml" in out


def test_model_meta_and_training_fit_by_sha(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    data = write(tmp_path, "mine.tsv", PLV_TSV)
    models = tmp_path / "models"
    models.mkdir()
    sha = hashlib.sha256(data.read_bytes()).hexdigest()
    (models / "plover_pair.json").write_text(
        json.dumps({"meta": {"plv_cv_accuracy": 0.61, "training_sha256": sha}})
    )
    monkeypatch.setattr(classification, "_models_dir", lambda: models)
    assert runners.model_meta("plv_cv_accuracy") == (0.61, "plover_pair.json")
    assert runners.model_meta("penta_cv_accuracy") == (None, "")
    res = runners.evaluate_plv(data, classify=fake_classify)
    assert res.training_fit and res.cv_accuracy == 0.61
    assert "0.610" in res.notes[0]


def test_talks_held_with_someone_are_cameo_negotiation_both_ways() -> None:
    # one directed record by GUIDELINES (the initiator as source); PETRARCH's gold codes
    # negotiation (CAMEO 046) both ways, so the comparison maps the record to both
    import newsevents

    talks = newsevents.code_text(
        "The US commander in Iraq, General David Petraeus, held talks with President Michel "
        "Suleiman during a surprise visit to Beirut on Wednesday.",
        published="2008-08-06",
    )
    assert [(e.cameo_code, len(e.sources), len(e.targets)) for e in talks] == [("046", 1, 1)]
    assert runners.event_triples(talks) == {("USA", "LBN", "04"), ("LBN", "USA", "04")}
    # a visit is one way
    visit = newsevents.code_text(
        "Indian Prime Minister Narendra Modi visited French President Emmanuel Macron in Paris "
        "on Wednesday.",
        published="2024-06-05",
    )
    assert {t for t in runners.event_triples(visit) if t[2] == "04"} == {("IND", "FRA", "04")}
