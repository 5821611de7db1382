"""Build src/newsevents/data/cameo/cameo_codes.tsv from the reference codebooks.

Inputs ($NEWSEVENTS_SHARED): the CAMEO codefile (standard labels), GDELT's CAMEO table
(Goldstein scale; its 16x labels
are shifted, so Goldstein values are matched by label first, then by code) and PLOVER's
CAMEO→PLOVER table (type and mode). The output is CC BY-SA 4.0 like the PLOVER table it
derives from (see NOTICE).
Run: .venv/bin/python scripts/build_cameo.py
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSEVENTS_SHARED") or ROOT.parent / "shared")
OUT = ROOT / "src" / "newsevents" / "data" / "cameo" / "cameo_codes.tsv"


def quad_class(code: str) -> int:
    """CAMEO QuadClass: 1 verbal coop (01-05), 2 material coop (06-09), 3 verbal conflict (10-14),
    4 material conflict (15-20)."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def main() -> None:
    table = SHARED / "corpora/gdelt_event_samples/schemas/cameoCodeTable.tsv"
    mapping = SHARED / "reference/PLOVER_CC-BY-SA-4.0/CAMEO2PLOVER-2021.txt"
    codes: dict[str, tuple[str, float]] = {}
    with table.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 4 or not row[0].strip().isdigit():
                continue
            codes[row[0].strip()] = (" ".join(row[1].split()), float(row[2]))
    by_label = {label.lower(): g for label, g in codes.values()}
    labels: dict[str, str] = {}
    codefile = SHARED / "reference/text_to_CAMEO_MIT/CAMEO_codefile.txt"
    for line in codefile.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^LABEL:\s*(\d{2,4})=\s*(.+)$", line.strip())
        if m and m.group(1) not in labels:
            labels[m.group(1)] = m.group(2).strip()
    for code, label in labels.items():
        g = by_label.get(label.lower(), codes.get(code, (label, 0.0))[1])
        codes[code] = (label, g)
    plover: dict[str, tuple[str, str]] = {}
    line_re = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,\s*([^,#]*)")
    for line in mapping.read_text(encoding="utf-8").splitlines():
        m = line_re.match(line.strip())
        if m:
            plover[m.group(1)] = (m.group(2), m.group(3).strip())
    rows = []
    for code in sorted(codes):
        label, goldstein = codes[code]
        ptype, mode = plover.get(code, ("", ""))
        if not ptype:
            # inherit from the nearest mapped parent (e.g. 0241 -> 024 -> 02)
            for n in (3, 2):
                if code[:n] in plover:
                    ptype, mode = plover[code[:n]][0], ""
                    break
        if not ptype and code.startswith("02"):
            ptype = "REQUEST"  # PLOVER folds CAMEO's appeals into REQUEST
        rows.append([code, label, f"{goldstein:g}", str(quad_class(code)), ptype, mode])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# CAMEO codes with labels and Goldstein scores (GDELT CAMEO table) and PLOVER\n"
            "# type/mode (CAMEO2PLOVER-2021, PLOVER manual draft 0.8). Licence: CC BY-SA 4.0.\n"
            "# Built by scripts/build_cameo.py; 01x statements have no PLOVER type, not coded.\n"
        )
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "label", "goldstein", "quad_class", "plover_type", "plover_mode"])
        w.writerows(rows)
    print(f"wrote {len(rows)} codes to {OUT}")


if __name__ == "__main__":
    main()
