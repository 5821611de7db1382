"""Convert PETRARCH's CAMEO 2.0 verb dictionary into the bundled verb lexicon (JSON).

Input: $NEWSEVENTS_SHARED/reference/petrarch2_phoenix_MIT/CAMEO.2.0.txt (MIT, Open Event Data
Alliance). Output: src/newsevents/data/lexicon/verbs.json:
  {"synsets": {"&NAME": [words]},
   "verbs": {lemma: [{"block": int, "code": code|null, "with": [extra words of a phrasal verb]}]},
   "blocks": [{"name", "code", "patterns": [[before_words, after_words, code, for_verbs]]}]}
Pattern words are lower case; compounds ({A B}) and prepositional groups ((TO X)) become plain
word lists; "$" and "+" (source/target slots) are dropped. ``for_verbs`` are the verbs the
line's comment names (``# SEND , DEPLOY``): the block's verb each pattern was written for, which
decides between lines that repeat one pattern with different codes.
Run: .venv/bin/python scripts/build_verb_lexicon.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSEVENTS_SHARED") or ROOT.parent / "shared")
SRC = SHARED / "reference" / "petrarch2_phoenix_MIT" / "CAMEO.2.0.txt"
OUT = ROOT / "src" / "newsevents" / "data" / "lexicon" / "verbs.json"

_CODE = re.compile(r"\[([0-9-]{2,5})(?::[0-9-]*)?\]")


def _code(text: str) -> str | None:
    m = _CODE.search(text)
    if not m or m.group(1).startswith("-"):
        return None
    return m.group(1)


def _words(text: str) -> list[str]:
    text = re.sub(r"[{}()$+%^=]", " ", text)
    return [w.lower().replace("_", " ") for w in text.split() if w and w != "*"]


def _for_verbs(comment: str) -> list[str]:
    """The verbs a pattern line's comment names, lower case, each the head of a phrasal verb."""
    names = re.split(r"[\s,]+", comment.strip())
    return sorted(
        {n.lstrip("+").split("_")[0].lower() for n in names if re.fullmatch(r"[A-Z_+]+", n)}
    )


def main() -> None:
    lines = SRC.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets: dict[str, list[str]] = {}
    verbs: dict[str, list[dict[str, object]]] = {}
    blocks: list[dict[str, object]] = []
    current_syn: str | None = None
    in_verbs = False
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if "VERB PATTERNS" in raw:
            in_verbs = True
            current_syn = None
            continue
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_syn = line.strip().lower()
                synsets[current_syn] = []
            elif line.startswith("+") and current_syn:
                synsets[current_syn].append(line[1:].strip().lower().replace("_", " "))
            continue
        if line.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+(\[[^\]]*\])", line)
            if m:
                blocks.append(
                    {"name": m.group(1).lower(), "code": _code(m.group(2)), "patterns": []}
                )
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if line.startswith("-"):
            body = line[1:]
            code_m = _CODE.search(body) or re.search(r"\[---\]", body)
            code = _code(body)
            if code_m:
                body = body[: code_m.start()]
            if "*" not in body:
                continue
            before, after = body.split("*", 1)
            named = _for_verbs(raw.split("#", 1)[1]) if "#" in raw else []
            block["patterns"].append([_words(before), _words(after), code, named])  # type: ignore[union-attr]
            continue
        # a verb line: VERB {forms} [code] or +PHRASAL_VERB {forms} [code]
        head = re.sub(r"\{[^}]*\}", " ", line)
        code = _code(head) if "[" in head else block["code"]
        if re.search(r"\[---\]", head):
            code = None
        word = re.sub(r"\[[^\]]*\]", " ", head).strip().lstrip("+").strip()
        if not word:
            continue
        parts = [p for p in word.lower().split("_") if p]
        verbs.setdefault(parts[0], []).append(
            {"block": len(blocks) - 1, "code": code, "with": parts[1:]}
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "source": "PETRARCH CAMEO.2.0.txt (MIT)",
                "synsets": synsets,
                "verbs": verbs,
                "blocks": blocks,
            },
            separators=(",", ":"),
        )
        + "\n",
        encoding="utf-8",
    )
    n_pat = sum(len(b["patterns"]) for b in blocks)  # type: ignore[arg-type]
    print(
        f"wrote {len(verbs)} verbs, {len(blocks)} blocks, {n_pat} patterns, "
        f"{len(synsets)} synsets to {OUT} ({OUT.stat().st_size / 1e3:.0f} kB)"
    )


if __name__ == "__main__":
    main()
