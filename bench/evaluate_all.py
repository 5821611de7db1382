"""Run every evaluation on the shared gold sets and print one summary table (or JSON).

Run: .venv/bin/python bench/evaluate_all.py [--json]
Targets are the floors in tests/quality_floors.json (the CI gate); training-fit figures on the data
the shipped classifiers were trained on are printed for reference only and are never targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from _machine import machine, shared_dir
from newsevents.evaluate.figures import (
    FUNCTIONAL,
    GATE_FIGURES,
    PENTA,
    PLV,
    FigureRunner,
    Measurement,
)

ROOT = Path(__file__).resolve().parents[1]


def _extra_rows(runner: FigureRunner) -> list[dict[str, Any]]:
    """Reference figures next to the gated ones: strict variants, per-suite rates, training fit."""
    rows: list[dict[str, Any]] = []
    for learned, suffix, flag in ((False, "", " --coder patterns"), (True, "_learned", "")):
        gsr, secs = runner.gsr(learned=learned)
        if isinstance(gsr, ImportError):
            continue
        for name, value in (
            ("petr2_gsr_strict_root_f1", gsr.strict.f1),
            ("petr2_gsr_event_code_f1", gsr.event_code.f1),
            ("petr2_gsr_root_precision", gsr.root.precision),
            ("petr2_gsr_root_recall", gsr.root.recall),
        ):
            command = f"newsevents evaluate{flag} (GigaWord XML)"
            rows.append(_row(name + suffix, value, None, command, secs))
    suites, secs = runner.functional()
    if not isinstance(suites, ImportError):
        for path, suite in zip(FUNCTIONAL, suites, strict=True):
            rows.append(
                _row(
                    f"functional_pass_rate[{Path(path).name}]",
                    suite.pass_rate,
                    None,
                    f"newsevents evaluate ../shared/{path}",
                    suite.seconds,
                )
            )
    for kind, rel in (("plv", PLV), ("penta", PENTA)):
        res, secs = runner.plv() if kind == "plv" else runner.penta()
        if isinstance(res, ImportError):
            continue
        label = "TRAINING FIT" if res.training_fit else "accuracy"
        rows.append(
            _row(
                f"{kind}_train_accuracy ({label}, not a target)",
                res.accuracy,
                None,
                f"newsevents evaluate ../shared/{rel}",
                secs,
            )
        )
    return rows


def _row(
    name: str,
    value: float | None,
    target: float | None,
    command: str,
    seconds: float,
    note: str = "",
) -> dict[str, Any]:
    return {
        "figure": name,
        "value": value,
        "target": target,
        "command": command,
        "seconds": round(seconds, 2),
        "note": note,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="figures as JSON on stdout")
    args = parser.parse_args(argv)
    shared = shared_dir()
    if not (shared / "eval").is_dir():
        print(f"shared data not found: {shared} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    floors: dict[str, float] = json.loads((ROOT / "tests" / "quality_floors.json").read_text())
    runner = FigureRunner(shared)
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    for spec in GATE_FIGURES:
        m: Measurement = runner.measure(spec.name)
        rows.append(
            _row(spec.name, m.value, floors.get(spec.name), spec.command, m.seconds, m.unavailable)
        )
    rows += _extra_rows(runner)
    total = time.perf_counter() - started
    where = machine()
    if args.json:
        out = {
            "date": dt.date.today().isoformat(),
            "machine": where,
            "seconds": round(total, 2),
            "figures": rows,
        }
        print(json.dumps(out, indent=2))
        return 0
    headers = ["figure", "value", "target", "s", "command"]
    table = [
        [
            r["figure"],
            "n/a" if r["value"] is None else f"{r['value']:.4f}",
            "-" if r["target"] is None else f">= {r['target']:.2f}",
            f"{r['seconds']:.1f}",
            r["command"] + (f"  [{r['note']}]" if r["note"] else ""),
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(str(r[i])) for r in table)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in table:
        print("  ".join(str(c).ljust(widths[i]) for i, c in enumerate(r)).rstrip())
    print(f"\nmachine: {where}")
    print(f"date: {dt.date.today().isoformat()}; total {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
