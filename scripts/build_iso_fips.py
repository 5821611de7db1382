"""Build src/newsevents/data/export/iso3_fips.tsv: ISO 3166 alpha-3 (CAMEO country) -> FIPS 10-4.

GDELT writes FIPS 10-4 country codes in its Geo fields and CAMEO (ISO-like alpha-3) codes in its
actor fields, so a GDELT export needs this table. Source ($NEWSEVENTS_SHARED):
reference/CountryInfo_CC-BY-SA-3.0/CountryInfo.120116.txt (its <FIPS-10> and <ISO3166-alpha3>
fields), with the corrections in ``FIXES`` for entries the file gets wrong or leaves empty (each
is the FIPS 10-4 code; the ones marked "GDELT" are confirmed by the country pairs in the shared
GDELT 2.0 sample rows). The output is CC BY-SA 3.0 like CountryInfo (see NOTICE).
Run: .venv/bin/python scripts/build_iso_fips.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSEVENTS_SHARED") or ROOT.parent / "shared")
SOURCE = SHARED / "reference" / "CountryInfo_CC-BY-SA-3.0" / "CountryInfo.120116.txt"
OUT = ROOT / "src" / "newsevents" / "data" / "export" / "iso3_fips.tsv"

#: alpha-3 -> (FIPS 10-4, name) where CountryInfo.120116.txt is wrong or empty.
FIXES: dict[str, tuple[str, str]] = {
    "AIA": ("AV", "ANGUILLA"),  # the file's Anguilla entry repeats Afghanistan's codes
    "COG": ("CF", "CONGO"),  # FIPS CG is the DR Congo; the file gives CG to both
    "COD": ("CG", "DEMOCRATIC_REPUBLIC_OF_THE_CONGO"),
    "COK": ("CW", "COOK_ISLANDS"),  # CK is Cocos (Keeling) Islands
    "CYP": ("CY", "CYPRUS"),  # empty in the file; GDELT
    "GIN": ("GV", "GUINEA"),  # the file repeats Papua New Guinea's PNG/PP
    "GTM": ("GT", "GUATEMALA"),  # the file repeats Guadeloupe's GLP/GP; GDELT
    "ISR": ("IS", "ISRAEL"),  # the file's alpha-3 is 'IL'; GDELT
    "JPN": ("JA", "JAPAN"),  # the file's alpha-3 is 'JON'; GDELT
    "JON": ("JA", "JAPAN"),  # kept: the file's typo for JPN lives on in derived dictionaries
    "VAT": ("VT", "HOLY_SEE"),  # no FIPS code in the file
    "MMR": ("BM", "MYANMAR"),  # the file repeats Mozambique's MOZ/MZ; GDELT
    "ZAF": ("SF", "SOUTH_AFRICA"),  # SA is Saudi Arabia; GDELT
    "SRB": ("RI", "SERBIA"),  # the file has only Serbia and Montenegro, no code
    "KSV": ("KV", "KOSOVO"),  # 'NOT_YET' in the file; CAMEO/PLOVER use KSV or KOS
    "KOS": ("KV", "KOSOVO"),
    "XKX": ("KV", "KOSOVO"),
}

_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_FIPS = re.compile(r"^[A-Z]{2}$")


def _field(block: str, tag: str) -> str:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", block)
    return m.group(1).strip() if m else ""


def _title(name: str) -> str:
    """'UNITED_STATES_OF_AMERICA' -> 'United States of America'."""
    words = name.replace("_", " ").split()
    small = {"of", "the", "and", "da", "du", "de"}
    return " ".join(
        w.lower() if i and w.lower() in small else w.capitalize() for i, w in enumerate(words)
    )


def main() -> None:
    """Parse CountryInfo, apply the fixes, write the sorted table."""
    text = SOURCE.read_text(encoding="utf-8", errors="replace")
    table: dict[str, tuple[str, str]] = {}
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        fips = _field(block, "FIPS-10")
        name = _field(block, "CountryName")
        if not _FIPS.match(fips):
            continue
        for key in (_field(block, "ISO3166-alpha3"), _field(block, "CountryCode")):
            if _ALPHA3.match(key) and key not in table:
                table[key] = (fips, name)
    table.update(FIXES)
    lines = [
        "# ISO 3166 alpha-3 / CAMEO country code -> FIPS 10-4 country code (GDELT Geo fields).",
        "# From CountryInfo.120116.txt (Philip A. Schrodt, CC BY-SA 3.0) with corrections listed",
        "# in scripts/build_iso_fips.py, which builds it. Licence: CC BY-SA 3.0.",
        "iso3\tfips\tname",
    ]
    for iso3 in sorted(table):
        fips, name = table[iso3]
        lines.append(f"{iso3}\t{fips}\t{_title(name)}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(table)} countries)")


if __name__ == "__main__":
    main()
