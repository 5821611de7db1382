"""The CI quality gate: every figure in tests/quality_floors.json is recomputed on the shared gold
sets and must not fall below its floor; floors themselves may only go up.

Floors are measured values rounded down to 2 decimals (docs/evaluation.md). A figure whose
component is not installed yet is skipped while its floor is 0.0 and fails once the floor is set.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from newsevents.evaluate.figures import GATE_FIGURES, FigureRunner

ROOT = Path(__file__).resolve().parents[1]
FLOORS_FILE = ROOT / "tests" / "quality_floors.json"
#: Floating-point rounding only: far below any real change of a figure (one item of the
#: smallest gold set moves it by more than 0.001).
FLOAT_SLACK = 1e-9
FLOORS: dict[str, float] = json.loads(FLOORS_FILE.read_text())


@pytest.fixture(scope="module")
def runner(shared_dir: Path) -> FigureRunner:
    return FigureRunner(shared_dir)


def test_floors_file_names_every_gated_figure() -> None:
    assert set(FLOORS) == {f.name for f in GATE_FIGURES}
    for name, floor in FLOORS.items():
        assert isinstance(floor, int | float) and 0.0 <= floor <= 1.0, (name, floor)
        assert round(floor, 2) == floor, f"{name}: floors have at most 2 decimals, got {floor}"


@pytest.mark.shared
@pytest.mark.parametrize("name", [f.name for f in GATE_FIGURES])
def test_figure_meets_its_floor(runner: FigureRunner, name: str) -> None:
    floor = FLOORS[name]
    m = runner.measure(name)
    if m.value is None:
        if floor == 0.0:
            pytest.skip(f"{name}: {m.unavailable} (floor still 0.0)")
        pytest.fail(f"{name}: cannot be computed ({m.unavailable}) but its floor is {floor}")
    # figures are ratios of counts: 2 * 27 / (57 + 78) is 0.4 exactly, 0.39999999999999997 in
    # floating point; a figure equal to its floor meets it
    assert m.value >= floor - FLOAT_SLACK, (
        f"quality gate: {name} = {m.value:.4f} is below its floor {floor:.2f} ({m.detail})"
    )


def _committed_floors() -> dict[str, float] | None:
    if shutil.which("git") is None:
        return None
    try:
        out = subprocess.run(
            ["git", "show", "HEAD:tests/quality_floors.json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    data: dict[str, float] = json.loads(out.stdout)
    return data


def test_floors_never_decrease() -> None:
    committed = _committed_floors()
    if committed is None:
        pytest.skip("tests/quality_floors.json is not in git HEAD (or git is unavailable)")
    for name, old in committed.items():
        assert name in FLOORS, f"floor {name} (committed {old}) was removed"
        assert FLOORS[name] >= old, f"floor {name} lowered from {old} to {FLOORS[name]}"
