"""CAMEO codes: labels, Goldstein scores, QuadClass, PLOVER type/mode, and PLOVER's intent rules."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(slots=True, frozen=True)
class CameoCode:
    """One CAMEO code with what PLOVER and GDELT attach to it."""

    code: str
    label: str
    goldstein: float
    quad_class: int
    plover_type: str
    plover_mode: str


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """The bundled CAMEO table (data/cameo/cameo_codes.tsv), keyed by code."""
    text = (resources.files("newsevents") / "data" / "cameo" / "cameo_codes.tsv").read_text("utf-8")
    rows = csv.reader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    next(rows)
    table: dict[str, CameoCode] = {}
    for code, label, goldstein, quad, ptype, mode in rows:
        table[code] = CameoCode(code, label, float(goldstein), int(quad), ptype, mode)
    return table


def lookup(code: str) -> CameoCode | None:
    """The CAMEO entry for a code, falling back to its parent (0332 -> 033 -> 03)."""
    table = cameo_table()
    for n in (len(code), 3, 2):
        entry = table.get(code[:n])
        if entry is not None and entry.plover_type:
            return entry
    return None


#: Material and verbal cooperation said as a future intention -> CAMEO "express intent" codes.
_INTENT = {
    "04": "036",
    "040": "036",
    "041": "036",
    "042": "036",
    "043": "036",
    "044": "036",
    "045": "039",
    "046": "036",
    "05": "032",
    "050": "032",
    "051": "032",
    "057": "030",
    "06": "031",
    "060": "031",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "07": "033",
    "070": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "075": "033",
    "08": "035",
    "080": "035",
    "081": "0351",
    "0841": "0353",
    "0842": "0353",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
    "0871": "0356",
}
#: Conflict said as a future intention -> threats.
_THREAT = {
    "16": "131",
    "160": "131",
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "134",
    "166": "136",
    "17": "130",
    "171": "130",
    "172": "132",
    "173": "130",
    "174": "130",
    "18": "138",
    "19": "138",
    "190": "138",
    "193": "1384",
    "194": "1384",
    "195": "1384",
    "20": "1385",
}


def intended_code(code: str) -> str | None:
    """PLOVER codes a future promise of cooperation as AGREE and of conflict as THREATEN.

    Returns the CAMEO code of the intention (e.g. 072 provide military aid -> 0332 express
    intent to provide military aid) or None when the code is already verbal.
    """
    for table in (_INTENT, _THREAT):
        for n in (len(code), 3, 2):
            if code[:n] in table:
                return table[code[:n]]
    return None
