"""Readers for PETRARCH/TABARI-format actor and agent dictionaries.

Both the build script (``scripts/build_dictionaries.py``, which converts the Phoenix dictionaries
into our JSONL format) and :class:`~newsevents.actors.dictionary.ActorDictionary` (which accepts
user ``*.actors.txt`` / ``*.agents.txt`` files) use these readers, so one parser decides what the
format means.  The result is always a list of plain dicts in our JSONL entry shape (see
``docs/dictionaries.md``).

Actor files (``dictionaries_format.rst`` in the PETRARCH docs)::

    PRIMARY_PHRASE_  [CODE]      # optional default code
    +SYNONYM_PHRASE              # more surface forms of the same actor
        [CODE 20040309-20120507] # dated roles: YYYYMMDD or YYMMDD; <date, >date, d1-d2
        [CODE]                   # default code on its own line

Primary phrases without a code share the codes of the next block that has some (PETRARCH's own
rule).  Agent files hold ``PHRASE {plural} [~CODE]`` lines and ``!MARKER! = A, B`` substitution
sets; regular plurals are generated.

Errors: in ``strict`` mode (user files) anything that cannot be interpreted raises
:class:`PetrarchFormatError` with the 1-based line number; in lenient mode (the bundled Phoenix
files, which have a few typos) such lines are skipped and reported in ``warnings``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import ErrorCode, NewsEventsError

__all__ = [
    "KNOWN_SECTORS",
    "REGION_CODES",
    "CodeSpec",
    "PetrarchBlock",
    "PetrarchFormatError",
    "blocks_to_entries",
    "clean_phrase",
    "looks_like_actor_file",
    "looks_like_agent_file",
    "natural_case",
    "parse_code",
    "parse_date",
    "read_actor_blocks",
    "read_agents",
    "slug",
]


def _lines_outside_xml_comments(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line) pairs, skipping lines inside ``<!-- ... -->`` blocks, which
    some PETRARCH dictionaries carry."""
    in_comment = False
    for line_no, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if in_comment:
            if "-->" in stripped:
                in_comment = False
            continue
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        yield line_no, raw


def _words(text: str) -> list[str]:
    return text.split()


#: CAMEO role/sector codes kept when a PETRARCH code is split into 3-letter chunks.
KNOWN_SECTORS = frozenset(
    _words(
        """GOV MIL REB OPP PTY COP JUD SPY UAF INS SEP MED EDU BUS CRM CVL LEG ELI HLH HRI LAB REF
    MOD RAD AGR DEV ENV IGO NGO NGM REL CHR CTH ORT PRO MUS SHI SUN SUF JEW BUD HIN SIK JAN
    DOX ATH ZRO CON MRN TAO"""
    )
)

#: CAMEO region codes: a leading region chunk means "no single country".
REGION_CODES = frozenset(
    _words(
        """AFR ASA BLK BLT CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SAS SAM SAF SEA
    SCN WAF WST WEU ARB INT CRB"""
    )
)

#: Leading chunks for actors that belong to no country.
#: (IGO actors get country "IGO" and no "IGO" sector, so that cameo codes read IGO, IGOMIL ...)
_SPECIAL_FIRST: dict[str, list[str]] = {
    "IGO": [],
    "NGO": ["NGO"],
    "NGM": ["NGM"],
    "MNC": ["BUS"],
    "IMG": ["UAF"],
}

_PARTICLES = frozenset(
    _words(
        "of the and for de du des la le el al bin ibn van von der den da do dos das di y e in "
        "on to at by with against from"
    )
)
_ABBREVIATIONS = frozenset(
    {
        "ST",
        "ST.",
        "MT",
        "MT.",
        "DR",
        "DR.",
        "MR",
        "MR.",
        "MRS",
        "MRS.",
        "MS",
        "JR",
        "JR.",
        "SR",
        "SR.",
        "FT",
        "FT.",
        "LT",
        "LT.",
    }
)
_ROMAN = re.compile(r"^(?=[IVX]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_DATE_TOKEN = re.compile(r"\d{6,8}")


class PetrarchFormatError(NewsEventsError, ValueError):
    """A line of a PETRARCH-format file that cannot be interpreted (``line`` is 1-based)."""

    code = ErrorCode.E022

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.reason = message


@dataclass(slots=True)
class CodeSpec:
    """One code of an actor: a default (no dates) or a dated role."""

    code: str
    start: date | None = None
    end: date | None = None
    dated: bool = False
    comment: str = ""
    line: int = 0


@dataclass(slots=True)
class PetrarchBlock:
    """A primary phrase with its synonyms and the codes it shares with its group."""

    primary: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[CodeSpec] = field(default_factory=list)
    comment: str = ""
    line: int = 0


# --------------------------------------------------------------------------------------- helpers


def slug(text: str) -> str:
    """Lower-case ASCII identifier part: ``"Sergey V. Lavrov"`` -> ``"sergey_v_lavrov"``."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _split_comment(line: str) -> tuple[str, str]:
    """Split off a ``#`` or ``;`` comment that is not inside ``[...]``."""
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch in "#;" and depth == 0:
            return line[:i], line[i + 1 :].strip()
    return line, ""


def parse_date(text: str, *, lenient: bool = False) -> date:
    """A PETRARCH date: ``YYYYMMDD`` or ``YYMMDD`` (YY <= 30 means 20YY, else 19YY).

    Raises ValueError when the date is impossible; ``lenient`` clamps a day past the month's end
    (``20070631`` -> 2007-06-30), a typo common in the Phoenix files.
    """
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"date {text!r} is not YYYYMMDD or YYMMDD")
    if len(digits) == 8:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    else:
        yy = int(digits[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12 or day < 1:
        raise ValueError(f"date {text!r} has no such month or day")
    last = calendar.monthrange(year, month)[1]
    if day > last:
        if not lenient:
            raise ValueError(f"date {text!r}: month {month} of {year} has {last} days")
        day = last
    return date(year, month, day)


def parse_code(
    code: str, countries: Collection[str], *, unknown_as_country: bool = True
) -> tuple[str | None, list[str]]:
    """Split a CAMEO code into (country, sectors): ``RUSGOV`` -> ("RUS", ["GOV"]).

    ``IGO...`` gives country ``"IGO"`` (and no ``IGO`` sector); ``NGO``/``MNC``/``IMG`` codes
    have no country unless a country chunk follows (``NGOUSAMED`` -> ("USA", ["NGO", "MED"])).
    A leading chunk that is neither a country, a sector, a region nor a special prefix is taken
    as a (possibly fictional) country code when ``unknown_as_country`` is true, otherwise
    ignored; likewise later chunks that are no CAMEO sector are kept (a user dictionary's own
    codes) or dropped (organisation tags inside Phoenix codes such as ``PSEREBHMS``).
    """
    code = code.strip().upper().strip("~").split("/")[0]  # "ELR/GAL": a compound; first actor
    chunks = [code[i : i + 3] for i in range(0, len(code), 3) if len(code[i : i + 3]) == 3]
    if not chunks:
        return None, []
    country: str | None = None
    sectors: list[str] = []
    first, rest = chunks[0], chunks[1:]
    if first in _SPECIAL_FIRST:
        sectors.extend(_SPECIAL_FIRST[first])
        if first == "IGO":
            country = "IGO"
    elif first in countries:
        country = first
    elif first in KNOWN_SECTORS:
        sectors.append(first)
    elif first in REGION_CODES:
        pass
    elif unknown_as_country and first.isalpha():
        country = first
    for chunk in rest:
        if chunk in KNOWN_SECTORS:
            if chunk not in sectors and not (chunk == "IGO" and country == "IGO"):
                sectors.append(chunk)
        elif country is None and chunk in countries:
            country = chunk
        elif unknown_as_country and chunk.isalpha() and chunk not in sectors:
            sectors.append(chunk)  # a user dictionary's own role code ("GONGMO")
    return country, sectors


def natural_case(phrase: str, *, acronyms: Collection[str] = ()) -> str:
    """``SERGEY_V._LAVROV_`` -> ``Sergey V. Lavrov``; ``AL-SHABAAB`` -> ``Al-Shabaab``.

    Words with dots or digits, words without vowels (``UNHCR``), Roman numerals and words listed
    in ``acronyms`` (upper case) stay upper case; particles (of, the, al, bin ...) are lower case
    except at the start.
    """
    words = [w for w in re.split(r"[_\s]+", phrase.strip()) if w]
    out: list[str] = []
    for i, word in enumerate(words):
        upper = word.upper()
        letters = re.sub(r"[^A-Za-z]", "", word)
        if (
            upper in acronyms
            or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?", word)
            or any(c.isdigit() for c in word)
            or (
                len(letters) > 1
                and upper not in _ABBREVIATIONS
                and (
                    not re.search(r"[AEIOUYaeiouy]", letters)
                    or re.search(r"[^AEIOUYaeiouy]{4,}", letters)
                )
            )
            or (_ROMAN.match(upper) and len(upper) > 1 and upper not in {"DI", "MI", "CV"})
        ):
            out.append(upper if not word.islower() or upper in acronyms else word)
            continue
        if word.lower() in _PARTICLES and i > 0:
            out.append(word.lower())
            continue
        out.append(_cap_word(word))
    return " ".join(out)


def _cap_word(word: str) -> str:
    def cap(part: str) -> str:
        if not part:
            return part
        # O'BRIEN -> O'Brien, D'IVOIRE -> D'Ivoire, CHILDREN'S -> Children's
        pieces = re.split(r"(['’])", part)
        res = []
        for j, piece in enumerate(pieces):
            if j == 0:
                res.append(piece[:1].upper() + piece[1:].lower())
            elif piece in ("'", "’"):
                res.append(piece)
            elif len(piece) >= 2 and j == 2 and len(pieces[0]) <= 2:
                res.append(piece[:1].upper() + piece[1:].lower())
            else:
                res.append(piece.lower())
        return "".join(res)

    return "-".join(cap(p) for p in word.split("-"))


def clean_phrase(raw: str) -> list[str]:
    """Phrase text -> surface forms (usually one); splits ``NAME_(ACRONYM)`` into two."""
    text = raw.strip().strip("+").strip()
    if not text:
        return []
    text = re.sub(r"_+", " ", text).strip()
    forms = [text]
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)\s*", text)
    if m:
        forms = [m.group(1).strip(), m.group(2).strip()]
    cleaned = []
    for form in forms:
        form = re.sub(r"\s+", " ", form).strip(" ,")
        if form.upper().startswith("THE ") and len(form) > 4:
            form = form[4:]
        if re.search(r"[A-Za-z0-9]", form):
            cleaned.append(form)
    return cleaned


# ------------------------------------------------------------------------------- actor files


def looks_like_actor_file(text: str) -> bool:
    """Heuristic: PETRARCH actor lines (``NAME_ [CODE]``, ``+SYNONYM``, tab + ``[CODE ...]``)."""
    lines = [ln for ln in text.splitlines()[:400] if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines or lines[0].lstrip().startswith("{"):
        return False
    hits = sum(
        1
        for ln in lines
        if re.match(r"^\s*\+\S", ln)
        or re.match(r"^\s+\[[A-Z0-9~-]+( [<>]?\d)?", ln)
        or re.match(r"^[^\s\[{]+.*\[[A-Z0-9]{3,}[^\]]*\]", ln)
    )
    return hits >= max(1, len(lines) // 3)


def looks_like_agent_file(text: str) -> bool:
    """Heuristic: agent lines carry ``[~CODE]`` or ``[CODE~]``."""
    lines = [ln for ln in text.splitlines()[:400] if ln.strip() and not ln.lstrip().startswith("#")]
    codes = sum(1 for ln in lines if re.search(r"\[(~[A-Z]{3,}|[A-Z]{3,}~)\]", ln))
    return bool(lines) and codes >= max(1, len(lines) // 3)


def _parse_brackets(
    text: str, line_no: int, comment: str, *, strict: bool, warnings: list[str]
) -> list[CodeSpec]:
    specs: list[CodeSpec] = []
    if text.count("[") != text.count("]"):
        _problem(line_no, f"unbalanced brackets in {text.strip()!r}", strict, warnings)
        return specs
    for inner in re.findall(r"\[([^\]]*)\]", text):
        spec = _parse_code_spec(inner, line_no, comment, strict=strict, warnings=warnings)
        if spec is not None:
            specs.append(spec)
    return specs


def _parse_code_spec(
    inner: str, line_no: int, comment: str, *, strict: bool, warnings: list[str]
) -> CodeSpec | None:
    parts = inner.strip().split(None, 1)
    if not parts:
        _problem(line_no, "empty code '[]'", strict, warnings)
        return None
    code = parts[0]
    if not re.fullmatch(r"[^\s\[\]]+", code):
        _problem(line_no, f"bad code {code!r}", strict, warnings)
        return None
    code = code.upper()
    rest = parts[1].strip() if len(parts) > 1 else ""
    if not rest:
        return CodeSpec(code=code, comment=comment, line=line_no)
    try:
        if rest[0] in "<>":
            m = _DATE_TOKEN.search(rest)
            if not m:
                raise ValueError(f"no date after {rest[0]!r}")
            when = parse_date(m.group(0), lenient=not strict)
            if rest[0] == "<":
                return CodeSpec(code, None, when, True, comment, line_no)
            return CodeSpec(code, when, None, True, comment, line_no)
        if "-" in rest:
            left, _, right = rest.partition("-")
            start = parse_date(left.strip(), lenient=not strict) if left.strip() else None
            end = parse_date(right.strip(), lenient=not strict) if right.strip() else None
            if start and end and end < start:
                raise ValueError(f"end date {right.strip()} is before start date {left.strip()}")
            return CodeSpec(code, start, end, True, comment, line_no)
        raise ValueError(f"cannot read date restriction {rest!r} (use <date, >date or d1-d2)")
    except ValueError as exc:
        _problem(line_no, f"[{inner.strip()}]: {exc}", strict, warnings)
        return None


def _problem(line_no: int, message: str, strict: bool, warnings: list[str]) -> None:
    if strict:
        raise PetrarchFormatError(line_no, message)
    warnings.append(f"line {line_no}: {message}")


def read_actor_blocks(
    text: str, *, strict: bool = True, warnings: list[str] | None = None
) -> list[PetrarchBlock]:
    """Parse an actor file into blocks; primaries without codes share the next codes."""
    warns: list[str] = warnings if warnings is not None else []
    blocks: list[PetrarchBlock] = []
    group: list[PetrarchBlock] = []  # primaries sharing the codes collected so far
    codes: list[CodeSpec] = []

    def close_group() -> None:
        nonlocal group, codes
        if group:
            if codes:
                for block in group:
                    block.codes = list(codes)
                    blocks.append(block)
            else:
                for block in group:
                    warns.append(f"line {block.line}: {block.primary!r} has no code; skipped")
        group, codes = [], []

    for line_no, raw in _lines_outside_xml_comments(text):
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if "---STOP---" in stripped:
            break
        if not stripped or stripped.startswith("#"):
            continue
        body, comment = _split_comment(line)
        if not body.strip():
            continue
        if body.strip().startswith("["):  # date restriction or default code line
            if not group:
                _problem(line_no, "code line before any actor phrase", strict, warns)
                continue
            codes.extend(_parse_brackets(body, line_no, comment, strict=strict, warnings=warns))
            continue
        if body.lstrip().startswith("+"):  # synonym
            if not group:
                _problem(line_no, "synonym line '+...' before any actor phrase", strict, warns)
                continue
            phrase_part, _, bracket_part = body.partition("[")
            for piece in phrase_part.strip()[1:].split("+"):
                if piece.strip():
                    group[-1].synonyms.append(piece.strip())
            if bracket_part:
                codes.extend(
                    _parse_brackets(
                        "[" + bracket_part, line_no, comment, strict=strict, warnings=warns
                    )
                )
            continue
        # a primary phrase: closes the previous group once that group has codes
        if codes:
            close_group()
        phrase_part, _, bracket_part = body.partition("[")
        if not phrase_part.strip():
            _problem(line_no, "code without an actor phrase", strict, warns)
            continue
        if "]" in phrase_part:
            _problem(line_no, f"stray ']' in {phrase_part.strip()!r}", strict, warns)
            continue
        group.append(PetrarchBlock(primary=phrase_part.strip(), comment=comment, line=line_no))
        if bracket_part:
            codes.extend(
                _parse_brackets("[" + bracket_part, line_no, comment, strict=strict, warnings=warns)
            )
    close_group()
    return blocks


_PERSON_COMMENT = re.compile(r"countryinfo|rulers", re.I)
_INSTITUTION_WORDS = frozenset(
    _words(
        """ministry ministries department council party army forces force committee union republic
    government court assembly bank agency office commission parliament senate congress police
    guard front movement organization organisation association federation institute university
    company corporation group brigade brigades battalion league alliance authority service
    services administration command state states kingdom federation people's national house
    news radio television tv times press network foundation fund"""
    )
)


def _looks_like_person(block: PetrarchBlock, kind_hint: str) -> bool:
    if _PERSON_COMMENT.search(block.comment):
        return True
    if kind_hint == "person":
        return True
    if not any(c.dated for c in block.codes):
        return False
    words = [w.lower() for w in re.split(r"[_\s]+", block.primary) if w]
    return 2 <= len(words) <= 5 and not any(w.strip(".,") in _INSTITUTION_WORDS for w in words)


def blocks_to_entries(
    blocks: Iterable[PetrarchBlock],
    *,
    source: str,
    countries: Collection[str],
    kind_hint: str = "organisation",
    unknown_as_country: bool = True,
    acronyms: Collection[str] = (),
    id_prefix: str = "",
) -> list[dict[str, Any]]:
    """Turn parsed blocks into JSONL-shaped entry dicts.

    ``kind_hint`` is the kind for blocks that are not people or countries (``organisation``,
    ``group``, ``igo`` ...); IGO codes always give kind ``igo``.  Ids are
    ``<prefix or country or kind>:<slug of primary>``, made unique with ``.2``, ``.3`` ...
    """
    entries: list[dict[str, Any]] = []
    used: dict[str, int] = {}
    for block in blocks:
        forms: list[str] = []
        cleaned = [f for phrase in [block.primary, *block.synonyms] for f in clean_phrase(phrase)]
        local = set(acronyms) | {_initials(f) for f in cleaned if " " in f}
        for form in cleaned:
            letters = [c for c in form if c.isalpha()]
            shouting = sum(c.isupper() for c in letters) > len(letters) / 2
            nice = natural_case(form, acronyms=local) if shouting else form
            if nice.lower() not in {f.lower() for f in forms}:
                forms.append(nice)
        if not forms:
            continue
        default = [c for c in block.codes if not c.dated]
        dated = [c for c in block.codes if c.dated]
        country: str | None = None
        sectors: list[str] = []
        if default:
            country, sectors = parse_code(
                default[-1].code, countries, unknown_as_country=unknown_as_country
            )
        roles = []
        for spec in dated:
            r_country, r_sectors = parse_code(
                spec.code, countries, unknown_as_country=unknown_as_country
            )
            role: dict[str, Any] = {"country": r_country, "sectors": r_sectors}
            title = _role_title(spec.comment)
            if title:
                role["title"] = title
            role["start"] = spec.start.isoformat() if spec.start else None
            role["end"] = spec.end.isoformat() if spec.end else None
            roles.append(role)
        if country is None and roles:
            latest = max(roles, key=lambda r: (r["start"] or "", r["end"] or "9999"))
            country = latest["country"]
        is_person = _looks_like_person(block, kind_hint)
        if is_person:
            kind = "person"
        elif country == "IGO" or "IGO" in sectors:
            kind = "igo"
        elif kind_hint == "country" and country and not sectors and not roles:
            kind = "country"
        else:
            kind = kind_hint if kind_hint not in ("person", "country") else "organisation"
        prefix = id_prefix or (country if country and country != "IGO" else kind_prefix(kind))
        base = f"{prefix}:{slug(forms[0]) or 'x'}"
        n = used.get(base, 0) + 1
        used[base] = n
        entry_id = base if n == 1 else f"{base}.{n}"
        entries.append(
            {
                "id": entry_id,
                "name": forms[0],
                "kind": kind,
                "patterns": forms,
                "country": country,
                "sectors": sectors,
                "roles": roles,
                "source": f"{source}:{block.line}",
            }
        )
    return entries


def _initials(form: str) -> str:
    """``NORTH ATLANTIC TREATY ORGANIZATION`` -> ``NATO`` (particles skipped)."""
    words = [w for w in re.split(r"[\s-]+", form) if w and w.lower() not in _PARTICLES]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def kind_prefix(kind: str) -> str:
    """Id prefix for entries without a country."""
    return {
        "igo": "IGO",
        "organisation": "ORG",
        "group": "GRP",
        "person": "PER",
        "agent": "agent",
        "country": "CTY",
    }.get(kind, kind.upper())


def _role_title(comment: str) -> str | None:
    comment = comment.strip().strip("#;").strip()
    if not comment or _PERSON_COMMENT.search(comment) or len(comment) > 80:
        return None
    return comment


# ------------------------------------------------------------------------------- agent files

_SUBST = re.compile(r"^\s*!([A-Za-z0-9_]+)!\s*=\s*(.+)$")


def _plurals(phrase: str) -> list[str]:
    """Regular plurals of the last word (PETRARCH's rule plus -man/-men)."""
    words = phrase.split(" ")
    last = words[-1]
    low = last.lower()
    out: list[str] = []
    if low.endswith("man") and len(low) > 3:
        out.append(last[:-3] + ("MEN" if last.isupper() else "men"))
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        out.append(last[:-1] + ("IES" if last.isupper() else "ies"))
    elif low.endswith(("s", "x", "ch", "sh", "z")):
        out.append(last + ("ES" if last.isupper() else "es"))
    else:
        out.append(last + ("S" if last.isupper() else "s"))
    return [" ".join([*words[:-1], p]) for p in out]


def read_agents(
    text: str,
    *,
    source: str,
    strict: bool = True,
    warnings: list[str] | None = None,
    code_map: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Parse an agents file into JSONL-shaped ``kind: agent`` entries (plurals included).

    ``code_map`` renames sector chunks (e.g. PLOVER's ``JRN`` -> ``MED``).
    """
    warns: list[str] = warnings if warnings is not None else []
    subst: dict[str, list[str]] = {}
    by_id: dict[str, dict[str, Any]] = {}
    for line_no, raw in _lines_outside_xml_comments(text):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        body, _comment = _split_comment(raw)
        body = body.strip()
        if not body:
            continue
        m = _SUBST.match(body)
        if m and "[" not in body:
            subst[m.group(1).upper()] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        if "[" not in body or "]" not in body:
            _problem(line_no, f"agent line without a [~CODE]: {body!r}", strict, warns)
            continue
        phrase_part, _, code_part = body.partition("[")
        code = code_part.partition("]")[0].strip()
        if not re.fullmatch(r"~?[A-Za-z]{3,}~?", code):
            _problem(line_no, f"bad agent code [{code}]", strict, warns)
            continue
        sectors = [
            (code_map or {}).get(
                code.strip("~").upper()[i : i + 3], code.strip("~").upper()[i : i + 3]
            )
            for i in range(0, len(code.strip("~")), 3)
        ]
        sectors = [s for i, s in enumerate(sectors) if s in KNOWN_SECTORS and s not in sectors[:i]]
        plural_given: str | None = None
        phrase = phrase_part
        if "{" in phrase:
            if "}" not in phrase:
                _problem(line_no, "missing '}'", strict, warns)
                continue
            plural_given = phrase[phrase.index("{") + 1 : phrase.index("}")].strip()
            phrase = phrase[: phrase.index("{")]
        phrase = phrase.strip()
        if not phrase:
            _problem(line_no, "agent line without a phrase", strict, warns)
            continue
        forms: list[str] = []
        if "!" in phrase:
            mm = re.search(r"!([A-Za-z0-9_]+)!", phrase)
            if not mm or mm.group(1).upper() not in subst:
                _problem(line_no, f"undefined substitution marker in {phrase!r}", strict, warns)
                continue
            for item in subst[mm.group(1).upper()]:
                forms.append(_agent_form(phrase[: mm.start()] + item + phrase[mm.end() :]))
        else:
            singular = _agent_form(phrase)
            forms.append(singular)
            if plural_given is None:
                forms.extend(_plurals(singular))
            elif plural_given:
                forms.append(_agent_form(plural_given))
        forms = [f for f in forms if f]
        if not forms:
            continue
        entry_id = f"agent:{slug(forms[0])}"
        entry = by_id.get(entry_id)
        if entry is None:
            by_id[entry_id] = {
                "id": entry_id,
                "name": forms[0],
                "kind": "agent",
                "patterns": forms,
                "country": None,
                "sectors": sectors,
                "roles": [],
                "source": f"{source}:{line_no}",
            }
        else:
            entry["patterns"].extend(f for f in forms if f not in entry["patterns"])
    return list(by_id.values())


def _agent_form(phrase: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"_+", " ", phrase)).strip().lower()
