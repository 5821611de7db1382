"""Geoparsing entry points: text or an already-parsed spaCy Doc in, resolved places out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Place
from .finder import FOUND, names_in
from .gazetteer import Gazetteer, load_gazetteer
from .names import name_key
from .recogniser import recognise
from .resolver import COUNTRY_ONLY, DEMONYM, Mention, resolvable_spans, resolve_mentions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

#: spaCy entity labels that name places (NORP - nationalities - is not a place).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Components geoparsing does not need (the small model's NER has its own token vectors).
_NOT_NEEDED = ("tagger", "parser", "attribute_ruler", "lemmatizer")


#: Labels the small model often gives country names ('Burkina Faso' as PERSON, 'Sierra Leone' as
#: ORG); such an entity counts as a place only when its whole text is a country's name.
MISLABELLED = frozenset({"PERSON", "ORG"})
#: Verbs of speech and feeling: a one-word 'place' as their subject is a person ('Carney joked',
#: 'Carney emphasized') unless the name is a country, a region or a large city or capital, which
#: stand for their governments ('Moscow said').
PERSON_VERBS = frozenset(
    {
        "say", "tell", "add", "announce", "emphasize", "emphasise", "joke", "insist", "admit",
        "argue", "vow", "urge", "warn", "recall", "laugh", "smile", "tweet", "write", "praise",
        "thank", "apologize", "apologise", "declare", "claim", "explain", "note", "reply",
        "respond", "acknowledge", "stress", "suggest", "promise", "pledge", "believe", "think",
        "hope", "want", "feel",
    }
)  # fmt: skip
#: A town at least this large (or a capital) named as a speaker stands for its government.
SPEAKING_TOWN = 100_000


def _a_persons_name(e: Span, gaz: Gazetteer | None, surnames: set[str]) -> bool:
    """A one-word GPE/LOC entity that is the subject of a verb of speech or feeling, or a word
    that ends a longer person's name in the same text ('Pedro Sánchez' ... 'against Sánchez';
    not a first word, which the small model often takes from a town: 'Erie GM'), and
    names no country, region, capital or town of SPEAKING_TOWN people: a surname the small
    model took for a place ('Carney', a town in Maryland, for Canada's prime minister;
    'Sánchez', a town in the Dominican Republic, for Spain's). Only a parsed doc has subjects
    (the NER-only pipeline of :func:`geoparse` has none; the names are there)."""
    if len(e) != 1:
        return False
    speaking = e.root.dep_ == "nsubj" and e.root.head.lemma_.lower() in PERSON_VERBS
    if not speaking and e.text not in surnames:
        return False
    gaz = gaz or load_gazetteer()
    key = name_key(e.text)
    if key in gaz.country_keys or key in gaz.region_keys:
        return False
    return not any(
        c.population >= SPEAKING_TOWN or c.feature_code == "PPLC" for c, _ in gaz.cities(key)
    )


def place_mentions(
    doc: Doc,
    *,
    offset: int = 0,
    gaz: Gazetteer | None = None,
    extended: bool = False,
    recogniser: bool = True,
) -> list[Mention]:
    """The GPE, LOC and FAC entities of a parsed Doc as mentions (offsets + ``offset``), plus
    PERSON/ORG entities that are exactly a country's name (not part of a longer person name).

    ``extended`` (geoparse output; event locations leave it off) adds NORP entities that are a
    country's demonym ('Russian', 'Israelis'; resolved to the country), and prominent gazetteer
    names the NER did not label as places: inside organisation names ('the Mansfield Police
    Department'), one-word PERSON entities that are no person's name in the article
    ('Alexandria'), and capitalised words outside any entity ('flights from Fargo'); then, with
    ``recogniser`` (off only to train it), the gazetteer names geo/recogniser.py's model accepts
    (label ``RECOGNISED``, ``confidence`` its probability; the resolver keeps one only where the
    article backs its reading)."""
    out: list[Mention] = []
    # spaCy joins the tokens' text on every access: once only, and only where it is read
    full = doc.text if extended else ""
    person_words = _person_words(doc)
    surnames = {p[-1].text for p in doc.ents if p.label_ == "PERSON" and len(p) > 1}
    gaps: list[tuple[int, int]] = []
    speakers: list[tuple[int, int]] = []
    prev = 0
    for e in doc.ents:
        gaps.append((prev, e.start_char))
        prev = e.end_char
        if e.label_ in PLACE_LABELS:
            if e.label_ != "FAC" and _a_persons_name(e, gaz, surnames):
                speakers.append((offset + e.start_char, offset + e.end_char))
                continue
            out.append(Mention(offset + e.start_char, offset + e.end_char, e.label_))
            continue
        if e.label_ == "NORP" and extended:
            text = e.text.removesuffix("’s").removesuffix("'s")
            gaz = gaz or load_gazetteer()
            if name_key(text) in gaz.demonyms:
                out.append(
                    Mention(offset + e.start_char, offset + e.start_char + len(text), DEMONYM)
                )
            continue
        if e.label_ not in MISLABELLED:
            continue
        text = e.text.removesuffix("’s").removesuffix("'s")
        gaz = gaz or load_gazetteer()
        if e.label_ == "PERSON" and text in person_words:  # 'Michael Jordan' ... 'Jordan'
            continue
        if name_key(text) in gaz.country_keys:
            out.append(
                Mention(offset + e.start_char, offset + e.start_char + len(text), COUNTRY_ONLY)
            )
        elif extended and e.label_ == "ORG":
            base = offset + e.start_char
            known = {name_key(full[m.start - offset : m.end - offset]) for m in out}
            for s, t in names_in(
                gaz, text, base, cue=False, skip=person_words, first_only=True, known=known
            ):
                out.append(Mention(s, t, FOUND))
        elif extended and len(e) == 1:
            cued = full[max(0, e.start_char - 12) : e.start_char] + text
            for s, t in names_in(
                gaz, cued, offset + e.start_char - len(cued) + len(text), cue=True
            ):
                out.append(Mention(s, t, FOUND))
    if extended:
        gaps.append((prev, len(full)))
        gaz = gaz or load_gazetteer()
        for a, b in gaps:
            if b - a > 2:
                seg = full[a:b]
                for s, t in names_in(gaz, seg, offset + a, cue=True, skip=person_words):
                    out.append(Mention(s, t, FOUND))
    if extended and recogniser:
        gaz = gaz or load_gazetteer()
        named = resolvable_spans(full, out, gaz, offset=offset)
        out += recognise(
            doc,
            gaz,
            named,
            person_words=person_words,
            known={name_key(full[s:e]) for s, e in named},
            offset=offset,
        )
    if speakers:  # nor do the finder or the recogniser take them back
        out = [m for m in out if not any(a < m.end and m.start < b for a, b in speakers)]
    return out


def _person_words(doc: Doc) -> set[str]:
    """Words of the article's person names of two words or more."""
    return {w for p in doc.ents if p.label_ == "PERSON" and len(p) > 1 for w in p.text.split()}


def geoparse_doc(doc: Doc) -> list[Place]:
    """Places in an already-parsed spaCy Doc, resolved against the gazetteer, with the extended
    mentions of :func:`place_mentions` (a demonym such as 'Russian' is a country mention whose
    ``why`` starts with 'a demonym')."""
    return resolve_mentions(doc.text, place_mentions(doc, extended=True))


def _ner_pipeline() -> Language:
    """A separate cached pipeline with only what NER needs (the coder's stays untouched)."""
    from ..nlp.model import load_nlp

    return load_nlp(disable=_NOT_NEEDED)


def geoparse(text: str, *, nlp: Language | None = None) -> list[Place]:
    """Places named in ``text`` (NER, then gazetteer resolution); ``nlp`` defaults to the
    verified spaCy model with only its NER running."""
    if not text.strip():
        return []
    return geoparse_doc((nlp or _ner_pipeline())(text))
