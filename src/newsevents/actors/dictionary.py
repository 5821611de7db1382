"""Actor dictionaries: countries, IGOs, people with dated roles, organisations, groups, agents.

The bundled dictionaries live in ``newsevents/data/actors/*.jsonl`` (built by
``scripts/build_dictionaries.py`` from the Phoenix/PETRARCH, CountryInfo, mordecai and NGEC
references, plus the hand-written ``curated.jsonl``).  Users may add their own files in the same
JSONL format or in PETRARCH/TABARI format (``*.actors.txt``, ``*.agents.txt``); see
``docs/dictionaries.md``.

Lookup is by normalised token tuples (case-insensitive, accents and dots removed, hyphens and
slashes treated as spaces), longest match first; :class:`ActorDictionary` only answers "which
entries have this token sequence as a surface form", the resolver decides which one applies.
"""

from __future__ import annotations

import gc
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ..errors import ErrorCode, NewsEventsError
from . import petrarch

__all__ = [
    "FORMS",
    "KINDS",
    "ActorDictionary",
    "ActorEntry",
    "Candidate",
    "DictionaryError",
    "Role",
    "bundled_dictionary",
    "entry_from_json",
    "norm_token",
    "pattern_tokens",
]

KINDS = ("country", "person", "organisation", "igo", "group", "agent")
Form = Literal["name", "adjective", "capital", "metonym", "place", "agent"]
FORMS: tuple[Form, ...] = ("name", "adjective", "capital", "metonym", "place", "agent")
_FORM_RANK = {"name": 5, "metonym": 4, "capital": 3, "adjective": 3, "agent": 2, "place": 1}

#: Load priority: later sources win over earlier ones.
PRIORITY_BUNDLED = 1
PRIORITY_CURATED = 2
PRIORITY_USER = 3


class DictionaryError(NewsEventsError):
    """A dictionary file cannot be read; the message names the file and line.

    Code E022 (bad dictionary file).
    """

    code = ErrorCode.E022


# --------------------------------------------------------------------------------- tokenising

_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        # invisible break hints typeset into words ('Palest\u00adinians')
        "\u00ad": "",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
    }
)
_SEPARATORS = re.compile(r"[-‐‑‒–—/]+")
_PATTERN_TOKEN = re.compile(r"[\w.&']+|[^\w\s]")


@lru_cache(maxsize=65536)
def norm_token(text: str) -> str:
    """Normalised form of one token: lower case, no accents, no dots, straight apostrophes, no
    soft hyphens or zero-width characters."""
    t = text.translate(_APOS)
    if not t.isascii():
        t = unicodedata.normalize("NFKD", t.translate(_SPECIAL))
        t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.lower()
    if "." in t:
        stripped = t.replace(".", "")
        t = stripped or t
    return t


def split_subtokens(text: str) -> list[str]:
    """Parts of one token once hyphens, dashes and slashes are treated as spaces."""
    if not _SEPARATORS.search(text):
        return [text]
    return [p for p in _SEPARATORS.split(text) if p]


def pattern_tokens(pattern: str) -> tuple[str, ...]:
    """Normalised token tuple of a surface form, split the way the resolver splits doc tokens."""
    if pattern.isascii() and pattern.replace(" ", "").isalpha():
        return tuple(pattern.lower().split())
    out: list[str] = []
    for word in _PATTERN_TOKEN.findall(_SEPARATORS.sub(" ", pattern.translate(_APOS))):
        low = word.lower()
        if len(word) > 2 and low.endswith("'s"):
            out.extend((norm_token(word[:-2]), "'s"))
        elif len(word) > 1 and word.endswith("'") and not word.startswith("'"):
            out.extend((norm_token(word[:-1]), "'"))
        else:
            out.append(norm_token(word))
    return tuple(t for t in out if t)


# ---------------------------------------------------------------------------------- entries


@dataclass(frozen=True, slots=True)
class Role:
    """A dated position: country and sectors between ``start`` and ``end`` (inclusive, open)."""

    country: str | None
    sectors: tuple[str, ...]
    title: str | None = None
    start: date | None = None
    end: date | None = None

    def valid_at(self, when: date) -> bool:
        """True when ``when`` falls within the role's dates."""
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def describe(self) -> str:
        """``RUS GOV, Foreign Minister, 2004-03-09–`` style text for ``why``."""
        code = " ".join(x for x in (self.country or "", *self.sectors) if x)
        start = self.start.isoformat() if self.start else ""
        end = self.end.isoformat() if self.end else ""
        span = f"{start}–{end}"
        parts = [code, self.title or "", span if span != "–" else ""]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One dictionary entry (see docs/dictionaries.md for the JSONL fields)."""

    id: str
    name: str
    kind: str
    patterns: tuple[str, ...] = ()
    country: str | None = None
    sectors: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    adjectives: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    source: str = ""
    priority: int = PRIORITY_BUNDLED

    def role_at(self, when: date | None) -> Role | None:
        """The role valid at ``when`` (the most recent one that started); without a date, the
        latest role; None when no role applies (then ``country``/``sectors`` are the default)."""
        if not self.roles:
            return None
        if when is None:
            return max(self.roles, key=_role_key)
        valid = [r for r in self.roles if r.valid_at(when)]
        if not valid:
            return None
        return max(valid, key=_role_key)

    def code_at(self, when: date | None) -> tuple[str | None, tuple[str, ...], Role | None]:
        """(country, sectors, role) at ``when``: the valid role, else the entry's default."""
        role = self.role_at(when)
        if role is not None:
            return role.country or self.country, role.sectors, role
        return self.country, self.sectors, None

    @property
    def adjective(self) -> str | None:
        """The first adjective (``Russian``), used to name generic actors."""
        return self.adjectives[0] if self.adjectives else None


def _role_key(role: Role) -> tuple[date, int, date]:
    return (role.start or date.min, 1 if role.sectors else 0, role.end or date.max)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry reachable through one surface form."""

    entry: ActorEntry
    form: Form
    pattern: str
    """The surface form as written in the dictionary (its case tells acronyms apart)."""


def _str_list(obj: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = obj.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key!r} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _opt_str(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string or null")
    return value.strip()


def _opt_date(value: Any, key: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"role {key!r} must be an ISO date string or null")
    text = value.strip()
    if re.fullmatch(r"\d{4}", text):
        text += "-01-01" if key == "start" else "-12-31"
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        y, m = int(text[:4]), int(text[5:7])
        import calendar

        text += "-01" if key == "start" else f"-{calendar.monthrange(y, m)[1]:02d}"
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"role {key!r}: {value!r} is not a date (YYYY-MM-DD)") from None


def entry_from_json(obj: Any, *, where: str = "", priority: int = PRIORITY_BUNDLED) -> ActorEntry:
    """Validate one JSONL object and build an :class:`ActorEntry` (ValueError says why not)."""
    if not isinstance(obj, dict):
        raise ValueError("each line must be a JSON object")
    entry_id = obj.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise ValueError("'id' must be a non-empty string")
    kind = obj.get("kind")
    if kind not in KINDS:
        raise ValueError(f"'kind' must be one of {', '.join(KINDS)} (got {kind!r})")
    patterns = _str_list(obj, "patterns", where)
    adjectives = _str_list(obj, "adjectives", where)
    capitals = _str_list(obj, "capitals", where)
    metonyms = _str_list(obj, "metonyms", where)
    places = _str_list(obj, "places", where)
    if not (patterns or adjectives or capitals or metonyms):
        raise ValueError("an entry needs at least one of 'patterns', 'adjectives', 'capitals'")
    name = obj.get("name") or (patterns or adjectives or capitals or metonyms)[0]
    if not isinstance(name, str):
        raise ValueError("'name' must be a string")
    country = _opt_str(obj, "country")
    if country is not None:
        country = country.upper()
    sectors = tuple(s.upper() for s in _str_list(obj, "sectors", where))
    roles_raw = obj.get("roles") or []
    if not isinstance(roles_raw, list):
        raise ValueError("'roles' must be a list")
    roles = []
    for r in roles_raw:
        if not isinstance(r, dict):
            raise ValueError("each role must be an object")
        r_country = _opt_str(r, "country")
        start = _opt_date(r.get("start"), "start")
        end = _opt_date(r.get("end"), "end")
        if start and end and end < start:
            raise ValueError(f"role ends ({end}) before it starts ({start})")
        roles.append(
            Role(
                country=r_country.upper() if r_country else country,
                sectors=tuple(s.upper() for s in _str_list(r, "sectors", where)),
                title=_opt_str(r, "title"),
                start=start,
                end=end,
            )
        )
    source = obj.get("source") or where
    return ActorEntry(
        id=entry_id.strip(),
        name=name.strip(),
        kind=kind,
        patterns=patterns,
        country=country,
        sectors=sectors,
        roles=tuple(roles),
        adjectives=adjectives,
        capitals=capitals,
        metonyms=metonyms,
        places=places,
        source=str(source),
        priority=priority,
    )


# ------------------------------------------------------------------------------ file reading


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DictionaryError(f"{path}: dictionary file not found", code=ErrorCode.E001) from None
    except OSError as exc:
        raise DictionaryError(f"{path}: cannot read dictionary file: {exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DictionaryError(f"{path}:{line}: dictionary file is not valid UTF-8") from None


def _entry_fast(obj: dict[str, Any], priority: int) -> ActorEntry:
    """Build an entry from a bundled record that the build script and tests have validated."""
    country = obj.get("country")
    return ActorEntry(
        id=obj["id"],
        name=obj["name"],
        kind=obj["kind"],
        patterns=tuple(obj.get("patterns", ())),
        country=country,
        sectors=tuple(obj.get("sectors", ())),
        roles=tuple(
            Role(
                r.get("country") or country,
                tuple(r.get("sectors", ())),
                r.get("title"),
                date.fromisoformat(r["start"]) if r.get("start") else None,
                date.fromisoformat(r["end"]) if r.get("end") else None,
            )
            for r in obj.get("roles", ())
        ),
        adjectives=tuple(obj.get("adjectives", ())),
        capitals=tuple(obj.get("capitals", ())),
        metonyms=tuple(obj.get("metonyms", ())),
        places=tuple(obj.get("places", ())),
        source=obj.get("source", ""),
        priority=priority,
    )


def read_jsonl(text: str, name: str, *, priority: int) -> list[ActorEntry]:
    """Entries of a JSONL dictionary; DictionaryError names ``name`` and the bad line."""
    entries = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DictionaryError(f"{name}:{line_no}: malformed JSON: {exc.msg}") from None
        try:
            entries.append(entry_from_json(obj, where=f"{name}:{line_no}", priority=priority))
        except ValueError as exc:
            raise DictionaryError(f"{name}:{line_no}: {exc}") from None
    return entries


def read_dictionary_file(
    path: Path, *, priority: int = PRIORITY_USER, countries: Iterable[str] = ()
) -> list[ActorEntry]:
    """Entries of one user file: JSONL, PETRARCH actors or PETRARCH agents (by name or content)."""
    text = _read_text(path)
    name = path.name.lower()
    fmt: str
    if name.endswith((".jsonl", ".json", ".ndjson")):
        fmt = "jsonl"
    elif re.search(r"[._]agents([._]|$)", name):
        fmt = "agents"
    elif re.search(r"[._]actors([._]|$)", name):
        fmt = "actors"
    elif text.lstrip().startswith("{"):
        fmt = "jsonl"
    elif petrarch.looks_like_agent_file(text):
        fmt = "agents"
    elif petrarch.looks_like_actor_file(text):
        fmt = "actors"
    else:
        raise DictionaryError(
            f"{path}:1: not a dictionary file (expected JSONL entries, a PETRARCH *.actors.txt "
            "or *.agents.txt file)"
        )
    if fmt == "jsonl":
        return read_jsonl(text, str(path), priority=priority)
    try:
        if fmt == "agents":
            raw = petrarch.read_agents(text, source=path.name, strict=True)
        else:
            blocks = petrarch.read_actor_blocks(text, strict=True)
            raw = petrarch.blocks_to_entries(
                blocks,
                source=path.name,
                countries=frozenset(countries),
                kind_hint="organisation",
                unknown_as_country=True,
            )
    except petrarch.PetrarchFormatError as exc:
        raise DictionaryError(f"{path}:{exc.line}: {exc.reason}") from None
    entries: list[ActorEntry] = []
    by_country: dict[str, dict[str, Any]] = {}
    for obj in raw:
        if fmt == "actors" and obj["kind"] == "organisation" and _is_bare_country(obj):
            # "ARNOR_ [ARN]": a country, with its code as id; one entry per code and file
            code = obj["country"]
            first = by_country.get(code)
            if first is not None:
                first["patterns"].extend(p for p in obj["patterns"] if p not in first["patterns"])
                continue
            obj.update(kind="country", id=code)
            by_country[code] = obj
    for obj in raw:
        if obj["kind"] == "organisation" and _is_bare_country(obj):
            continue  # merged into an earlier block with the same code
        try:
            entries.append(entry_from_json(obj, where=obj["source"], priority=priority))
        except ValueError as exc:
            raise DictionaryError(f"{path}: {obj['source']}: {exc}") from None
    return entries


def _is_bare_country(obj: Mapping[str, Any]) -> bool:
    """``ARNOR_ [ARN]``: a bare country code and no roles means a country (``+GONDOR`` ...)."""
    country = obj.get("country")
    return bool(country) and country != "IGO" and not obj.get("sectors") and not obj.get("roles")


# ----------------------------------------------------------------------------- the dictionary

#: A loaded entry, or a bundled record not yet turned into an :class:`ActorEntry`.
_Record = ActorEntry | dict[str, Any]
_FIELDS = ("patterns", "adjectives", "capitals", "metonyms", "places")
_FIELD_FORMS: tuple[Form, ...] = ("name", "adjective", "capital", "metonym", "place")


def plural_demonyms(adjectives: Sequence[str]) -> tuple[str, ...]:
    """The plural nouns of a country's adjectives that end in -an or -i (``Ukrainian`` ->
    ``Ukrainians``, ``Israeli`` -> ``Israelis``); others (``French``, ``Chinese``) have none
    that a rule can form."""
    return tuple(
        f"{a}s" for a in adjectives if " " not in a and (a.endswith("an") or a.endswith("i"))
    )


class ActorDictionary:
    """Entries plus a token-tuple index of their surface forms (build with :meth:`load`).

    Bundled records become :class:`ActorEntry` objects only when a lookup first reaches them,
    which keeps loading fast; the object is read-only once built.
    """

    __slots__ = ("_cache", "_cand_cache", "_index", "_records", "max_len", "sources")

    def __init__(
        self,
        records: dict[str, tuple[_Record, int]],
        index: dict[tuple[str, ...], tuple[tuple[str, Form, str], ...]],
        max_len: dict[str, int],
        sources: Sequence[str] = (),
    ) -> None:
        self._records = records
        self._index = index
        self._cache: dict[str, ActorEntry] = {}
        self._cand_cache: dict[tuple[str, ...], tuple[Candidate, ...]] = {}
        self.max_len = max_len
        """Longest pattern length (in tokens) for each first token."""
        self.sources = tuple(sources)

    @classmethod
    def load(
        cls, extra: Sequence[Path | str] = (), *, include_bundled: bool = True
    ) -> ActorDictionary:
        """The bundled dictionaries (cached per process) plus user files in ``extra``.

        Later files win: an entry with the same id replaces the earlier one, and for a surface
        form shared by several entries the later file's entry is tried first.  Bad files raise
        :class:`DictionaryError` naming the file and line.
        """
        if include_bundled and not extra:
            return bundled_dictionary()
        records: list[tuple[_Record, int]] = list(_bundled_records()) if include_bundled else []
        countries = {
            r.id if isinstance(r, ActorEntry) else r["id"]
            for r, _ in records
            if (r.kind if isinstance(r, ActorEntry) else r["kind"]) == "country"
        }
        sources = [f"actors/{n}" for n, _ in _bundled_files()] if include_bundled else []
        known: dict[str, _Record] = {
            (r.id if isinstance(r, ActorEntry) else r["id"]): r for r, _ in records
        }
        for item in extra:
            path = Path(item)
            loaded = read_dictionary_file(path, countries=countries)
            for entry in loaded:
                earlier = known.get(entry.id)
                if entry.kind == "country" and earlier is not None:
                    # "RUSSIA_ [RUS]" in a user file adds forms to the country, not replaces it
                    base = earlier if isinstance(earlier, ActorEntry) else _entry_fast(earlier, 1)
                    if base.kind == "country":
                        entry = replace(
                            base,
                            patterns=base.patterns
                            + tuple(p for p in entry.patterns if p not in base.patterns),
                            priority=entry.priority,
                        )
                known[entry.id] = entry
                records.append((entry, entry.priority))
            countries.update(e.id for e in loaded if e.kind == "country")
            sources.append(str(path))
        with _bulk_load():
            return cls._build(records, sources)

    @classmethod
    def from_entries(
        cls, entries: Iterable[ActorEntry], *, sources: Sequence[str] = ()
    ) -> ActorDictionary:
        """A dictionary of exactly these entries; later entries with the same id replace earlier."""
        return cls._build(((e, e.priority) for e in entries), sources)

    @classmethod
    def _build(
        cls, records: Iterable[tuple[_Record, int]], sources: Sequence[str]
    ) -> ActorDictionary:
        by_id: dict[str, tuple[_Record, int]] = {}
        for rec, prio in records:
            by_id[rec.id if isinstance(rec, ActorEntry) else rec["id"]] = (rec, prio)
        raw: dict[tuple[str, ...], list[tuple[int, int, int, str, Form, str]]] = {}
        max_len: dict[str, int] = {}
        for order, (entry_id, (rec, prio)) in enumerate(by_id.items()):
            if isinstance(rec, ActorEntry):
                kind = rec.kind
                lists: tuple[Sequence[str], ...] = (
                    rec.patterns,
                    rec.adjectives,
                    rec.capitals,
                    rec.metonyms,
                    rec.places,
                )
            else:
                kind = rec["kind"]
                lists = tuple(rec.get(f, ()) for f in _FIELDS)
            seen: set[tuple[str, ...]] = set()
            if kind == "country":
                # its people by their plural demonym answer to the country, as 'Palestinians'
                # does: 'killed nine Ukrainians', 'Kenyans protested'
                lists = (tuple(lists[0]) + plural_demonyms(lists[1]), *lists[1:])
            for form, surfaces in zip(_FIELD_FORMS, lists, strict=True):
                if form == "name" and kind == "agent":
                    form = "agent"
                rank = _FORM_RANK[form]
                for surface in surfaces:
                    key = pattern_tokens(surface)
                    if not key or key in seen:
                        continue
                    seen.add(key)
                    item = (prio, rank, order, entry_id, form, surface)
                    bucket = raw.get(key)
                    if bucket is None:
                        raw[key] = [item]
                    else:
                        bucket.append(item)
                    if len(key) > max_len.get(key[0], 0):
                        max_len[key[0]] = len(key)
        index: dict[tuple[str, ...], tuple[tuple[str, Form, str], ...]] = {}
        for key, items in raw.items():
            if len(items) > 1:
                items.sort(reverse=True)
            index[key] = tuple((i[3], i[4], i[5]) for i in items)
        return cls(by_id, index, max_len, sources)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._records

    def get(self, entry_id: str) -> ActorEntry | None:
        """The entry with this id, if any."""
        entry = self._cache.get(entry_id)
        if entry is not None:
            return entry
        found = self._records.get(entry_id)
        if found is None:
            return None
        rec, prio = found
        entry = rec if isinstance(rec, ActorEntry) else _entry_fast(rec, prio)
        self._cache[entry_id] = entry
        return entry

    def entries(self) -> list[ActorEntry]:
        """Every entry (materialises them all: for checks and tools, not for the hot path)."""
        return [e for e in (self.get(i) for i in self._records) if e is not None]

    def ids(self) -> list[str]:
        """Every entry id."""
        return list(self._records)

    def candidates(self, key: tuple[str, ...]) -> tuple[Candidate, ...]:
        """Entries for a normalised token tuple, best first."""
        cached = self._cand_cache.get(key)
        if cached is not None:
            return cached
        found = self._index.get(key)
        if not found:
            return ()
        out = []
        for entry_id, form, pattern in found:
            entry = self.get(entry_id)
            if entry is not None:
                out.append(Candidate(entry, form, pattern))
        result = tuple(out)
        self._cand_cache[key] = result
        return result

    def has_key(self, key: tuple[str, ...]) -> bool:
        """True when some surface form has exactly this token tuple."""
        return key in self._index

    def lookup(self, text: str) -> tuple[Candidate, ...]:
        """Entries whose surface form is exactly ``text`` (case-insensitive), best first."""
        return self.candidates(pattern_tokens(text))

    def country(self, code: str | None) -> ActorEntry | None:
        """The country entry for an ISO3 code (or None)."""
        if not code:
            return None
        entry = self.get(code)
        return entry if entry is not None and entry.kind == "country" else None


# ---------------------------------------------------------------------------- bundled files

_CURATED = "curated.jsonl"


def _bundled_files() -> list[tuple[str, str]]:
    """(file name, text) of the bundled JSONL files, curated last."""
    root = resources.files("newsevents") / "data" / "actors"
    names = sorted(p.name for p in root.iterdir() if p.name.endswith(".jsonl"))
    names.sort(key=lambda n: n == _CURATED)
    return [(n, (root / n).read_text("utf-8")) for n in names]


@lru_cache(maxsize=1)
def _bundled_records() -> tuple[tuple[_Record, int], ...]:
    """Raw bundled records with their priority; a damaged file raises DictionaryError."""
    records: list[tuple[_Record, int]] = []
    for name, text in _bundled_files():
        priority = PRIORITY_CURATED if name == _CURATED else PRIORITY_BUNDLED
        try:
            lines = (ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
            objs = json.loads("[" + ",".join(lines) + "]")
            if not all(isinstance(o, dict) and "id" in o and "kind" in o for o in objs):
                raise ValueError
            records.extend((o, priority) for o in objs)
        except ValueError:
            records.extend(
                (e, priority) for e in read_jsonl(text, f"actors/{name}", priority=priority)
            )
    return tuple(records)


@lru_cache(maxsize=1)
def place_organisations() -> frozenset[str]:
    """Ids of the bundled organisations named after a place of a bundled country ('Gaza', one of
    Palestine's places, is also a Phoenix organisation)."""
    rows = [
        (r.get("id"), r.get("name"), r.get("kind"), r.get("places") or ())
        if isinstance(r, dict)
        else (r.id, r.name, r.kind, r.places)
        for r, _ in _bundled_records()
    ]
    places = {str(p).lower() for _, _, kind, ps in rows if kind == "country" for p in ps}
    return frozenset(
        str(i)
        for i, name, kind, _ in rows
        if kind == "organisation" and str(name).lower() in places
    )


@contextmanager
def _bulk_load() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects (none are cyclic);
    this halves loading time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: A given name opens at least this many of the bundled people's names.
_GIVEN_MIN = 3
#: Name particles and titles that open people's names and other names alike ('Al Jazeera',
#: 'President Hotel').
_PARTICLES = frozenset(
    re.findall(
        r"\S+",
        """al el abu abd abdel bin ben de da van von president general sheikh sir king prince
        princess queen minister pope colonel emir sultan ayatollah imam lord lady saint mrs""",
    )
)


def fold_name(word: str) -> str:
    """A name word lower-cased without accents ('María' -> 'maria')."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First words of the bundled people's names (folded) that open at least three of them
    ('maria', 'jose', 'vladimir'): a name the recogniser tags as a place or an organisation but
    that opens with one is a person's."""
    counts: dict[str, int] = {}
    for rec, _ in _bundled_records():
        kind, name = (
            (rec.get("kind"), rec.get("name")) if isinstance(rec, dict) else (rec.kind, rec.name)
        )
        if kind != "person":
            continue
        words = str(name or "").split()
        if len(words) >= 2 and words[0].isalpha() and len(words[0]) > 2:
            key = fold_name(words[0])
            counts[key] = counts.get(key, 0) + 1
    return frozenset(w for w, n in counts.items() if n >= _GIVEN_MIN and w not in _PARTICLES)


@lru_cache(maxsize=1)
def bundled_dictionary() -> ActorDictionary:
    """The bundled dictionaries, loaded once per process."""
    with _bulk_load():
        return ActorDictionary._build(
            _bundled_records(), [f"actors/{n}" for n, _ in _bundled_files()]
        )
