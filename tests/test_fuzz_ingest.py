"""The fuzz harness's fixed-seed subset (issue 15): 1,000 fuzzed inputs through the real ingest CLI.

The same code as ``bench/fuzz_ingest.py`` (the full run of 10,000 inputs is a benchmark): the
inputs go in five batch folders of 200 with planted good items, each ingested by ``python -m
newsevents ingest`` in a subprocess, plus one input of each kind run alone. One fuzz run feeds
every test below; each checks one of the issue's targets and prints the grouped failures when it
is missed.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
INPUTS = 1000
SEED = 15

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _bench_module() -> ModuleType:
    """bench/fuzz_ingest.py (the bench folder is not a package; its helper is imported by name)."""
    bench = str(ROOT / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    return importlib.import_module("fuzz_ingest")


@pytest.fixture(scope="module")
def fuzzed(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str]:
    """(the totals of the fixed-seed subset, their printed summary)."""
    fz = _bench_module()
    totals = fz.fuzz(
        inputs=INPUTS,
        seed=SEED,
        batch=200,
        single=len(fz.KINDS),
        shared=shared_dir,
        work=tmp_path_factory.mktemp("fuzz"),
    )
    return totals, "\n".join(fz.summary(totals))


def test_the_subset_covers_every_kind_of_bad_input(fuzzed: tuple[Any, str]) -> None:
    totals, report = fuzzed
    fz = _bench_module()
    assert (
        totals.inputs == INPUTS and totals.batch_runs == 5 and totals.single_runs == len(fz.KINDS)
    ), report
    assert set(totals.by_kind) == set(fz.KINDS), report
    assert totals.good_expected > 1000 and totals.secrets_planted > 0, report


def test_no_traceback(fuzzed: tuple[Any, str]) -> None:
    totals, report = fuzzed
    assert totals.tracebacks == 0, report


def test_every_exit_code_is_0_1_or_2(fuzzed: tuple[Any, str]) -> None:
    totals, report = fuzzed
    assert totals.bad_exit_codes == 0 and set(totals.exit_codes) <= {"0", "1", "2"}, report


def test_no_run_over_60_seconds(fuzzed: tuple[Any, str]) -> None:
    totals, report = fuzzed
    assert totals.over_timeout == 0, report


def test_peak_rss_under_1_gb(fuzzed: tuple[Any, str]) -> None:
    totals, report = fuzzed
    assert totals.peak_rss_mb < 1024, report


def test_every_planted_good_item_is_stored(fuzzed: tuple[Any, str]) -> None:
    totals, report = fuzzed
    assert totals.good_stored == totals.good_expected, report


def test_no_secret_outside_the_folder_is_stored(fuzzed: tuple[Any, str]) -> None:
    totals, report = fuzzed
    assert totals.secrets_leaked == 0, report
