"""Geoparsing entry points: text or an already-parsed spaCy Doc in, resolved places out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .gazetteer import Gazetteer, load_gazetteer
from .names import name_key
from .place import Place
from .resolver import COUNTRY_ONLY, Mention, resolve_mentions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: spaCy entity labels that name places (NORP - nationalities - is not a place).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Components geoparsing does not need (the small model's NER has its own token vectors).
_NOT_NEEDED = ("tagger", "parser", "attribute_ruler", "lemmatizer")


#: Labels the small model often gives country names ('Burkina Faso' as PERSON, 'Sierra Leone' as
#: ORG); such an entity counts as a place only when its whole text is a country's name.
MISLABELLED = frozenset({"PERSON", "ORG"})


def place_mentions(doc: Doc, *, offset: int = 0, gaz: Gazetteer | None = None) -> list[Mention]:
    """The GPE, LOC and FAC entities of a parsed Doc as mentions (offsets + ``offset``), plus
    PERSON/ORG entities that are exactly a country's name (not part of a longer person name)."""
    out: list[Mention] = []
    person_words: set[str] | None = None
    for e in doc.ents:
        if e.label_ in PLACE_LABELS:
            out.append(Mention(offset + e.start_char, offset + e.end_char, e.label_))
        elif e.label_ in MISLABELLED:
            text = e.text.removesuffix("’s").removesuffix("'s")
            gaz = gaz or load_gazetteer()
            if name_key(text) not in gaz.country_keys:
                continue
            if e.label_ == "PERSON":
                if person_words is None:
                    person_words = {
                        w
                        for p in doc.ents
                        if p.label_ == "PERSON" and len(p) > 1
                        for w in p.text.split()
                    }
                if text in person_words:  # 'Michael Jordan' ... 'Jordan'
                    continue
            out.append(
                Mention(offset + e.start_char, offset + e.start_char + len(text), COUNTRY_ONLY)
            )
    return out


def geoparse_doc(doc: Doc) -> list[Place]:
    """Places in an already-parsed spaCy Doc, resolved against the gazetteer."""
    return resolve_mentions(doc.text, place_mentions(doc))


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
