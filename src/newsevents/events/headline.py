"""Headline case for the parser: 'Iran Temporarily Closes Strait Of Hormuz' -> 'Iran temporarily
closes Strait of Hormuz'.

spaCy's small model reads capitalised words as proper nouns, so title-case and all-caps headlines
parse as strings of names and their verbs are lost. The title is rewritten in sentence case
before parsing, keeping the capitals of words the rest of the article capitalises, of known names
(countries, capitals, nationalities and the like) and of acronyms. Only letter case changes, so
every character offset in the rewritten text is the offset in the original.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "in_capitals",
    "is_caps_text",
    "is_headline_case",
    "is_lower_text",
    "mark_headline_passives",
    "sentence_case",
    "sentence_case_body",
    "sentence_case_title",
]

#: A word: an acronym with dots (U.S., U.N.) or letters with apostrophes and hyphens.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_][\w'’-]*", re.UNICODE)
#: A possessive ending: 's, ’s, or a plural's bare apostrophe.
_POSSESSIVE = re.compile(r"['’]s?$")
#: Short words a title-case headline capitalises that are never names.
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "off",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "upon",
        "via",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "should",
        "must",
        "after",
        "before",
        "amid",
        "against",
        "about",
        "among",
        "says",
        "say",
        "said",
        "new",
    ]
)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_headline_case(title: str) -> bool:
    """True for title-case or all-caps headlines (most words capitalised), which parse badly."""
    words = [w for w in _WORD.findall(title) if any(c.isalpha() for c in w)]
    if len(words) < 3:
        return False
    if all(w.isupper() for w in words if len(w) > 1):
        return True
    long_words = [w for w in words[1:] if w.lower() not in _SMALL or _capitalised(w)]
    if not long_words:
        return False
    caps = sum(1 for w in long_words if _capitalised(w))
    return caps / len(long_words) >= 0.7


def _all_caps_form(word: str, keep: Callable[[str], bool]) -> str:
    """A word of an all-caps headline: a name as the body spells it, an acronym as is."""
    title_form = word.capitalize()
    if keep(title_form):
        return title_form
    if "." in word or (len(word) <= 3 and word.lower() not in _SMALL and word.isalpha()):
        return word  # U.S., UN, EU
    return word.lower()


def sentence_case(title: str, keep: Callable[[str], bool]) -> str:
    """``title`` in sentence case, keeping the words ``keep`` accepts (names) and acronyms.

    The result has the same length as ``title``, character for character.
    """
    all_caps = all(w.isupper() for w in _WORD.findall(title) if len(w) > 1)
    out = list(title)
    first = True
    for m in _WORD.finditer(title):
        word, start = m.group(0), m.start()
        was_first, first = first, False
        if len(word.lower()) != len(word) or keep(word):
            continue  # a name, or a case change that would move offsets
        if all_caps:
            new = _all_caps_form(word, keep)
            if was_first:
                new = new[:1].upper() + new[1:]
        elif was_first or (word.isupper() and len(word) > 1) or not _capitalised(word):
            continue  # the first word, acronyms and lower-case words stay
        else:
            new = word.lower()
        if len(new) == len(word):
            out[start : start + len(word)] = new
    return "".join(out)


#: A body is in capitals when at least this share of its letters (and 20 or more) are capitals:
#: old wire copy (MUC-4, SAPA, 1980s agency texts) that spaCy's small model reads as names.
CAPS_SHARE = 0.8
#: What ends a sentence before a word of an all-caps body.
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n]|--)[\s\"'“”‘’()\[\]]*$")


#: A dotted acronym just before a word ('U.S. INVASION'): no sentence end.
_DOTTED_END = re.compile(r"(?:^|\s)(?:[^\W\d_]\.){2,}\s*$")


def is_caps_text(text: str) -> bool:
    """True for a text written in capitals (see :data:`CAPS_SHARE`)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= CAPS_SHARE * len(letters)


#: A body is in lower case when under this share of its letters (and 20 or more) are capitals:
#: dumps lowercased for search (the Times of India police reports of the shared corpus, some
#: Reuters-21578 stories), where names have lost their capitals as an all-caps text's have.
LOWER_SHARE = 0.01


#: The first letter of a sentence (of the text, or after an end mark or a line break).
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)[\s\"'“‘(]*([^\W\d_])")


def is_lower_text(text: str) -> bool:
    """True for a text written in lower case: under :data:`LOWER_SHARE` of its letters are
    capitals and most of its sentences open in lower case (a short text that names no one,
    'The hostages are the second set to be released ...', keeps its one capital)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20 or sum(c.isupper() for c in letters) >= LOWER_SHARE * len(letters):
        return False
    starts: list[str] = [m.group(1) for m in _SENTENCE_START.finditer(text)]
    return sum(c.islower() for c in starts) > sum(c.isupper() for c in starts)


def in_capitals(text: str) -> str:
    """``text`` in capitals, character for character (a letter whose capital is longer, 'ß',
    is kept), so that a lower-case text can be cased as an all-caps one is."""
    return "".join(u if len(u := c.upper()) == 1 else c for c in text)


def sentence_case_body(body: str, name_form: Callable[[str], str | None]) -> str:
    """An all-caps ``body`` in sentence case: names in the form ``name_form`` gives a phrase of
    one to three words (the dictionaries' spelling, 'EL SALVADOR' -> 'El Salvador', 'UN' ->
    'UN'; the coder's also capitalises words that are no English word; None: no name), dotted
    acronyms ('U.S.') kept, every other word in lower case, and each sentence's first word
    capitalised. Same length, character for character."""
    out = list(body)
    words = [m for m in _WORD.finditer(body) if m.group(0).isupper()]
    k = 0
    while k < len(words):
        m = words[k]
        word, start = m.group(0), m.start()
        if len(word.lower()) != len(word):
            k += 1
            continue
        if "." in word:
            k += 1
            continue  # U.S., U.N.
        for n in (3, 2, 1):
            group = words[k : k + n]
            if len(group) < n or any(
                body[a.end() : b.start()] != " " for a, b in itertools.pairwise(group)
            ):
                continue
            phrase = body[group[0].start() : group[-1].end()]
            form = name_form(phrase)
            if form is not None and len(form) == len(phrase) and form.lower() == phrase.lower():
                out[group[0].start() : group[-1].end()] = form
                k += n
                break
        else:
            new = word.lower()
            before = body[:start]
            if _SENTENCE_END.search(before) and not _DOTTED_END.search(before):
                new = new[:1].upper() + new[1:]
            out[start : start + len(word)] = new
            k += 1
    return "".join(out)


#: A body's opening repeats the headline when it starts with its words, at least this many.
_REPEAT_WORDS = 3


def sentence_case_title(text: str, title_end: int, is_name: Callable[[str], bool]) -> str:
    """``text`` with its first ``title_end`` characters (the headline) in sentence case when the
    headline is in title case or capitals; words capitalised in the body and names (``is_name``)
    keep their capitals. A body that opens with the headline again has that repeat cased alike."""
    title = text[:title_end]
    if not title.strip() or not is_headline_case(title):
        return text
    body = text[title_end:]
    # a body that opens by repeating the headline (InSight Crime's leads) says nothing of its
    # words' case: they are names when the rest of the body capitalises them
    core = title.strip().rstrip(".?!:;").rstrip()
    lead = len(body) - len(body.lstrip())
    repeat = len(core.split()) >= _REPEAT_WORDS and body[lead:].startswith(core)
    rest = body[:lead] + body[lead + len(core) :] if repeat else body
    seen = {w for w in _WORD.findall(rest) if _capitalised(w) and not w.isupper()}
    seen.update(w for w in _WORD.findall(rest) if w.isupper() and len(w) > 1)
    seen.update([_POSSESSIVE.sub("", w) for w in seen])

    def keep(word: str) -> bool:
        # 'Trump’s', 'Iran’s': the name without its possessive, which feeds write with a
        # curly apostrophe that neither the dictionary nor the body spells
        word = _POSSESSIVE.sub("", word) or word
        return word in seen or (_capitalised(word) and not word.isupper() and is_name(word))

    new_title = sentence_case(title, keep)
    if len(new_title) != len(title):  # never move an offset
        return text
    if repeat:
        new_core = sentence_case(core, keep)
        if len(new_core) == len(core):
            body = body[:lead] + new_core + body[lead + len(core) :]
    return new_title + body


def mark_headline_passives(doc: Doc, title_end: int) -> int:
    """Relabel the subject of a headline passive without its auxiliary ('Student arrested after
    protest', 'Three soldiers killed in ambush') as ``nsubjpass``, as spaCy labels it in the
    full sentence ('was arrested'); its parse makes it the doer. Returns how many changed."""
    changed = 0
    for tok in doc:
        if tok.idx >= title_end:
            break
        if tok.tag_ != "VBN" or tok.dep_ != "ROOT":
            continue
        if any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            continue  # 'has arrested' is active
        for c in tok.children:
            if c.dep_ == "nsubj":
                c.dep_ = "nsubjpass"
                changed += 1
    return changed
