"""Readers for the gold formats the evaluation uses; one function per format, each yielding records.

The PETRARCH validation files are *not* well-formed XML (the GigaWord file closes self-closed
``<Sentence .../>`` tags, the UD suite has ``<`` inside comments), so :func:`read_petrarch` scans
the text with regular expressions the way PETRARCH's own ``validation.py`` does, record by record.
"""

from __future__ import annotations

import csv
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Coding = tuple[str, str, str]
"""One gold coding: (source actor code, target actor code, CAMEO event code)."""


@dataclass(slots=True)
class PetrarchRecord:
    """One ``<Sentence>`` of a PETRARCH validation file."""

    id: str
    date: str
    text: str
    codings: list[Coding]
    no_event: bool
    category: str = ""
    evaluate: bool = True
    """False where the file says ``evaluate="false"`` (PETRARCH bypasses those)."""
    errors: list[str] = field(default_factory=list)
    """``<EventCoding error="..."/>`` values: the record tests error handling, not coding."""
    config: dict[str, str] = field(default_factory=dict)
    """``<Config option= value=>`` settings in force at this record (they persist until changed)."""


@dataclass(slots=True)
class PetrarchEnvironment:
    """The ``<Environment>`` block: dictionary file names and the categories to evaluate."""

    verb_file: str = ""
    actor_files: list[str] = field(default_factory=list)
    agent_files: list[str] = field(default_factory=list)
    discard_file: str = ""
    include: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PairRecord:
    """One PLV row: a sentence, its marked source and target, and the gold PLOVER root."""

    id: str
    sentence: str
    marked_sentence: str
    source: str
    target: str
    gold_root: str
    gold_penta: int | None = None


@dataclass(slots=True)
class PentaRecord:
    """One ConfliBERT pentaclass row: 0 statement, 1 verbal coop, 2 material coop, 3/4 conflict."""

    sentence: str
    label: int


@dataclass(slots=True)
class NerSentence:
    """One CoNLL sentence: tokens and their IOB tags (last column)."""

    tokens: list[str]
    tags: list[str]


# --------------------------------------------------------------------------------------- PETRARCH

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SENTENCE = re.compile(r"<Sentence\b([^>]*?)/?>", re.S)
_SENTENCE_END = re.compile(r"</Sentences?>")
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>", re.S)
_CONFIG = re.compile(r"<Config\b([^>]*?)/?>", re.S)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_PARSE = re.compile(r"<Parse>(.*?)</Parse>", re.S)
_ATTR = re.compile(r"""([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        out[m.group(1).lower()] = html.unescape(value)
    return out


def _tag(block: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return m.group(1).strip() if m else ""


def _split_names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _text_from_parse(block: str) -> str:
    """Rebuild a sentence from its CoNLL-U parse (form column, ``SpaceAfter=No``)."""
    m = _PARSE.search(block)
    if not m:
        return ""
    out: list[str] = []
    for line in m.group(1).splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip().isdigit():
            continue
        out.append(cols[1])
        if not (len(cols) >= 10 and "SpaceAfter=No" in cols[9]):
            out.append(" ")
    return "".join(out).strip()


def read_petrarch_environment(path: Path) -> PetrarchEnvironment:
    """The ``<Environment>`` of a PETRARCH validation file (empty fields when absent)."""
    text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
    m = re.search(r"<Environment>(.*?)</Environment>", text, re.S)
    if not m:
        return PetrarchEnvironment()
    block = m.group(1)
    return PetrarchEnvironment(
        verb_file=_tag(block, "Verbfile"),
        actor_files=_split_names(_tag(block, "Actorfile")),
        agent_files=_split_names(_tag(block, "Agentfile")),
        discard_file=_tag(block, "Discardfile"),
        include=_tag(block, "Include").split(),
    )


def read_petrarch(path: Path) -> Iterator[PetrarchRecord]:
    """Every ``<Sentence>`` record of a PETRARCH validation file, in file order.

    A record runs from its ``<Sentence ...>`` tag to the next one. Comments are dropped first.
    Actor codes keep PETRARCH's spelling (``---`` for an unknown country, quoted new-actor names
    unquoted). ``no_event`` is true where the record says ``<EventCoding noevents="True"/>``
    and has no coding. An empty ``<Text>`` is rebuilt from the record's CoNLL-U ``<Parse>``.
    """
    text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
    start = text.find("<Sentences>")
    body = text[start:] if start >= 0 else text
    heads = list(_SENTENCE.finditer(body))
    config: dict[str, str] = {}
    cursor = 0
    for i, head in enumerate(heads):
        # <Config> tags between records apply from the next record on.
        for c in _CONFIG.finditer(body, cursor, head.start()):
            a = _attrs(c.group(1))
            if "option" in a:
                config[a["option"]] = a.get("value", "")
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        block = body[head.end() : end]
        stop = _SENTENCE_END.search(block)
        inner = block[: stop.start()] if stop else block
        cursor = head.end() + (stop.end() if stop else len(block))
        attrs = _attrs(head.group(1))
        codings: list[Coding] = []
        no_event = False
        errors: list[str] = []
        for c in _CODING.finditer(inner):
            a = _attrs(c.group(1))
            if "error" in a:
                errors.append(a["error"])
            elif "noevents" in a:
                no_event = a["noevents"].strip().lower() == "true"
            elif "eventcode" in a:
                codings.append(
                    (
                        a.get("sourcecode", "").strip().strip('"'),
                        a.get("targetcode", "").strip().strip('"'),
                        a["eventcode"].strip(),
                    )
                )
        tm = _TEXT.search(inner)
        sentence_text = " ".join(tm.group(1).split()) if tm else ""
        if not sentence_text:
            # One GigaWord record (abc12_3) has an empty <Text>; its words survive in the parse.
            sentence_text = _text_from_parse(inner)
        yield PetrarchRecord(
            id=attrs.get("id", f"record-{i + 1}"),
            date=attrs.get("date", ""),
            text=sentence_text,
            codings=codings,
            no_event=no_event and not codings,
            category=attrs.get("category", ""),
            evaluate=attrs.get("evaluate", "true").strip().lower() != "false",
            errors=errors,
            config=dict(config),
        )


# -------------------------------------------------------------------------------------- TSV files


def read_plv(path: Path) -> Iterator[PairRecord]:
    """Rows of a PLV TSV (columns sentence, marked_sentence, source, target, gold_root)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        fields = reader.fieldnames or []
        missing = {"sentence", "source", "target", "gold_root"} - set(fields)
        if missing:
            raise ValueError(f"{path}: not a PLV file, missing column(s) {sorted(missing)}")
        for n, row in enumerate(reader, start=1):
            penta = (row.get("gold_penta") or "").strip()
            yield PairRecord(
                id=(row.get("sentence_id") or "").strip() or str(n),
                sentence=row["sentence"],
                marked_sentence=row.get("marked_sentence") or "",
                source=row["source"],
                target=row["target"],
                gold_root=row["gold_root"].strip().upper(),
                gold_penta=int(penta) if penta.isdigit() else None,
            )


def read_penta(path: Path) -> Iterator[PentaRecord]:
    """Rows of a ``sentence<TAB>label`` file (label 0-4); a header row, if any, is skipped."""
    with path.open(encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            sentence, sep, label = line.rpartition("\t")
            label = label.strip()
            if not sep or not label.lstrip("-").isdigit():
                if n == 1:
                    continue  # header
                raise ValueError(f"{path}:{n}: expected 'sentence<TAB>label', got {line[:60]!r}")
            yield PentaRecord(sentence=sentence, label=int(label))


# ------------------------------------------------------------------------------------------ CoNLL


def read_conll(path: Path) -> Iterator[NerSentence]:
    """Sentences of a CoNLL NER file: token first column, tag last; blank lines end sentences.

    ``-DOCSTART-`` lines are skipped. Columns may be separated by tabs or spaces.
    """
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    yield NerSentence(tokens, tags)
                    tokens, tags = [], []
                continue
            cols = line.split("\t") if "\t" in line else line.split(" ")
            cols = [c for c in cols if c != ""] if "\t" not in line else cols
            if cols[0] == "-DOCSTART-":
                continue
            tokens.append(cols[0])
            tags.append(cols[-1].strip() if len(cols) > 1 else "O")
    if tokens:
        yield NerSentence(tokens, tags)


# ---------------------------------------------------------------------------- format detection

FORMATS = ("petrarch", "plv", "penta", "conll", "timeml")

_IOB_TAG = re.compile(r"^(O|[BIESLU]-\S+)$")


def detect_format(path: Path) -> str:
    """Which gold format a file holds, from its content (name only for TimeML's ``.tml``).

    XML with ``<Sentence`` records -> ``petrarch``; ``<articles>`` with ``<toponyms>`` -> ``lgl``,
    with ``<locations>`` -> ``geovirus``; TSV whose header has ``marked_sentence`` ->
    ``plv``; two-column TSV ending in an integer label -> ``penta``; token-per-line files whose last
    column is an IOB tag -> ``conll``; ``<TimeML`` or ``.tml`` -> ``timeml``.
    Raises ``ValueError`` naming the file when none fits.
    """
    with path.open("rb") as fh:
        raw = fh.read(256 * 1024)
    head = raw.decode("utf-8", errors="replace")
    if path.suffix.lower() == ".tml" or "<TimeML" in head:
        return "timeml"
    if re.search(r"<Sentence\b", head):
        return "petrarch"
    if "<articles>" in head and re.search(r"<toponyms\b", head):
        return "lgl"
    if "<articles>" in head and re.search(r"<locations\b", head):
        return "geovirus"
    lines = [ln.rstrip("\r") for ln in head.splitlines()[:-1] or head.splitlines()]
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        raise ValueError(f"{path}: file is empty")
    first = nonblank[0].split("\t")
    if "marked_sentence" in [c.strip() for c in first]:
        return "plv"
    sample = nonblank[:200]
    cols = [ln.split("\t") for ln in sample]
    if all(len(c) == 2 for c in cols):
        labelled = [c for c in cols if c[1].strip().lstrip("-").isdigit()]
        if len(labelled) >= max(1, len(cols) - 1) and any(len(c[0].split()) > 2 for c in cols):
            return "penta"
    tagged = 0
    considered = 0
    for ln in sample:
        if ln.startswith("-DOCSTART-"):
            continue
        parts = ln.split("\t") if "\t" in ln else ln.split()
        considered += 1
        if len(parts) >= 2 and _IOB_TAG.match(parts[-1].strip()):
            tagged += 1
    if considered and tagged >= 0.95 * considered:
        return "conll"
    raise ValueError(
        f"{path}: cannot tell the format (expected PETRARCH XML, PLV TSV, pentaclass TSV, "
        "CoNLL or TimeML); pass --format"
    )


# ------------------------------------------------------------------------------------ geoparsing


@dataclass(slots=True)
class GoldToponym:
    """One gold toponym: its span in the article text and the gold coordinates."""

    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    country: str | None = None
    """The gold country's English name where the corpus gives it (LGL), else None."""
    geonames_id: int | None = None
    feature_code: str = ""
    page: str = ""
    """The Wikipedia page GeoVirus links the toponym to."""


@dataclass(slots=True)
class GeoArticle:
    """One geoparsing gold article: its text and toponyms."""

    id: str
    text: str
    toponyms: list[GoldToponym]
    source: str | None = None
    """The publication it came from (LGL's feed id), where the corpus says."""


def _near_offset(text: str, phrase: str, start: int, end: int) -> tuple[int, int]:
    """The phrase's true span near the stated one (GeoVirus offsets are one too far)."""
    if text[start:end] == phrase:
        return start, end
    for d in (-1, 1, -2, 2, -3, 3):
        s = start + d
        if s >= 0 and text[s : s + len(phrase)] == phrase:
            return s, s + len(phrase)
    return start, end


def _float(el: ET.Element | None) -> float | None:
    try:
        return float(el.text or "") if el is not None else None
    except ValueError:
        return None


def read_lgl(path: Path) -> Iterator[GeoArticle]:
    """LGL (Lieberman et al. 2010, as in Gritta et al.'s corpora): ``<article docid>`` with
    ``<text>`` and ``<toponyms>``; toponyms without a ``<gaztag>`` have no coordinates."""
    root = ET.parse(path).getroot()
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops: list[GoldToponym] = []
        for tp in art.iter("toponym"):
            phrase = tp.findtext("phrase") or ""
            s, e = _near_offset(
                text, phrase, int(tp.findtext("start") or 0), int(tp.findtext("end") or 0)
            )
            gaz = tp.find("gaztag")
            if gaz is None:
                tops.append(GoldToponym(s, e, phrase, None, None))
                continue
            gid = gaz.get("geonameid")
            tops.append(
                GoldToponym(
                    s,
                    e,
                    phrase,
                    _float(gaz.find("lat")),
                    _float(gaz.find("lon")),
                    gaz.findtext("country"),
                    int(gid) if gid and gid.isdigit() else None,
                    gaz.findtext("fcode") or "",
                )
            )
        feed = (art.findtext("feedid") or "").strip() or None
        yield GeoArticle(art.get("docid") or str(n), text, tops, feed)


def read_geovirus(path: Path) -> Iterator[GeoArticle]:
    """GeoVirus (Gritta et al. 2018): ``<article>`` with ``<source>``, ``<text>`` and
    ``<locations>`` (name, start, end, lat, lon, Wikipedia page); offsets are corrected."""
    root = ET.parse(path).getroot()
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops: list[GoldToponym] = []
        for loc in art.iter("location"):
            phrase = loc.findtext("name") or ""
            s, e = _near_offset(
                text, phrase, int(loc.findtext("start") or 0), int(loc.findtext("end") or 0)
            )
            tops.append(
                GoldToponym(
                    s,
                    e,
                    phrase,
                    _float(loc.find("lat")),
                    _float(loc.find("lon")),
                    page=loc.findtext("page") or "",
                )
            )
        yield GeoArticle(f"{n}:{art.findtext('source') or ''}", text, tops)
