"""The quality figures the CI gate and ``bench/evaluate_all.py`` compute on the shared gold sets.

One :class:`FigureRunner` per shared folder computes each figure once (several figures share one
run) and reports a figure whose component is not installed yet as unavailable, never as 0.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NewsEventsError
from .classification import ClassificationResult, evaluate_penta, evaluate_plv, model_meta
from .event_coding import PetrarchResult, evaluate_petrarch
from .geoparsing import GeoResult, evaluate_geoparsing
from .ner import NerResult, evaluate_ner
from .newsfeeds import NewsfeedsResult, evaluate_newsfeeds

GSR = "eval/petr2_gsr_gigaword/PETR2_GSR_validation.xml"
FUNCTIONAL = (
    "eval/petrarch_functional_validation/petrarch2_unittest/PETR.UnitTest.records.xml",
    "eval/petrarch_functional_validation/ud_petrarch_2_02/PETR_Validate_records_2_02.xml",
)
PLV = "eval/plv_train/PLV_train.tsv"
PENTA = "eval/conflibert_cameo_train/cameo_class/train.tsv"
CONLL_DEV = "eval/conll2003/dev.txt"
RE3D = "eval/re3d_train/re3d-train.conll"

NEWSFEEDS = "eval/newsfeeds_dev"
LGL = "eval/geoparsing/lgl.xml"
GEOVIRUS = "eval/geoparsing/GeoVirus.xml"
#: LGL is scored on every 2nd article (294 of 588; spaCy NER over all of them takes ~20 s on
#: 2 cores); GeoVirus whole (229 articles, ~10 s).
LGL_STEP = 2
GEOVIRUS_STEP = 1

#: CoNLL-2003 dev runs whole: 3,250 sentences take about 6 s on 2 cores (spaCy sm, NER only).
CONLL_DEV_LIMIT: int | None = None


@dataclass(frozen=True, slots=True)
class FigureSpec:
    """A gated figure: what it measures and the command that reproduces it."""

    name: str
    what: str
    command: str


GATE_FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        "newsfeeds_dev_f1",
        "newsfeeds_dev: end-to-end event record F1 over required gold events (GUIDELINES.md)",
        f"newsevents evaluate ../shared/{NEWSFEEDS}",
    ),
    FigureSpec(
        "newsfeeds_dev_precision",
        "newsfeeds_dev: share of event records that match a gold event",
        f"newsevents evaluate ../shared/{NEWSFEEDS}",
    ),
    FigureSpec(
        "petr2_gsr_root_f1_learned",
        "PETR-2 GigaWord: F1 of (source, target, CAMEO root), country-level actors, the product "
        "(learned) coder",
        f"newsevents evaluate ../shared/{GSR}",
    ),
    FigureSpec(
        "petr2_gsr_root_f1",
        "PETR-2 GigaWord: F1 of (source, target, CAMEO root), country-level actors, the "
        "PETRARCH-pattern coder (the learned coder's pattern signal)",
        f"newsevents evaluate --coder patterns ../shared/{GSR}",
    ),
    FigureSpec(
        "petr2_no_event_empty_rate",
        "PETR-2 GigaWord: share of no-event sentences the pattern coder leaves empty",
        f"newsevents evaluate --coder patterns ../shared/{GSR}",
    ),
    FigureSpec(
        "plv_cv_accuracy",
        "PLV pair roots: 5-fold CV accuracy of the shipped pair head (linear + fine-tuned "
        "MiniLM) recorded in the model meta",
        "src/newsevents/data/models/*.json (plv_cv_accuracy)",
    ),
    FigureSpec(
        "penta_cv_accuracy",
        "ConfliBERT pentaclass: 5-fold CV accuracy recorded in the model meta",
        "src/newsevents/data/models/*.json (penta_cv_accuracy)",
    ),
    FigureSpec(
        "functional_pass_rate",
        "PETRARCH functional suites (both files, own dictionaries): records passed by the "
        "PETRARCH-pattern coder (the suites test its machinery: compounds, passives, negation)",
        "newsevents evaluate --coder patterns on each XML under "
        "../shared/eval/petrarch_functional_validation/",
    ),
    FigureSpec(
        "conll_dev_f1",
        "CoNLL-2003 dev (all 3,250 sentences): NER micro F1 over PER/ORG/LOC",
        f"newsevents evaluate ../shared/{CONLL_DEV}",
    ),
    FigureSpec(
        "re3d_f1",
        "re3d train: NER micro F1 over PER/ORG/LOC",
        f"newsevents evaluate ../shared/{RE3D}",
    ),
    FigureSpec(
        "lgl_161km_acc",
        "LGL (every 2nd article): resolved places within 161 km of gold, over gold toponyms "
        "spaCy's NER finds",
        f"newsevents evaluate ../shared/{LGL} --step {LGL_STEP}",
    ),
    FigureSpec(
        "lgl_161km_acc_no_source",
        "LGL (every 2nd article): within 161 km over the toponyms spaCy's NER finds, resolved "
        "without the source homes (a store with no history of the feed)",
        f"newsevents evaluate ../shared/{LGL} --step {LGL_STEP}",
    ),
    FigureSpec(
        "lgl_country_acc",
        "LGL (every 2nd article): resolved places in the gold country (NER spans)",
        f"newsevents evaluate ../shared/{LGL} --step {LGL_STEP}",
    ),
    FigureSpec(
        "lgl_gold_spans_161km_acc",
        "LGL (every 2nd article): within 161 km given the gold toponym spans",
        f"newsevents evaluate ../shared/{LGL} --step {LGL_STEP}",
    ),
    FigureSpec(
        "lgl_recall",
        "LGL (every 2nd article): gold toponyms that one of our places overlaps (spaCy's "
        "entities and the toponym recogniser)",
        f"newsevents evaluate ../shared/{LGL} --step {LGL_STEP}",
    ),
    FigureSpec(
        "geovirus_161km_acc",
        "GeoVirus: resolved places within 161 km of gold (NER spans)",
        f"newsevents evaluate ../shared/{GEOVIRUS}",
    ),
    FigureSpec(
        "geovirus_country_acc",
        "GeoVirus: resolved places in the gold country (NER spans)",
        f"newsevents evaluate ../shared/{GEOVIRUS}",
    ),
    FigureSpec(
        "geovirus_recall",
        "GeoVirus: gold toponyms that one of our places overlaps",
        f"newsevents evaluate ../shared/{GEOVIRUS}",
    ),
)


@dataclass(slots=True)
class Measurement:
    """One figure's value (``None`` when ``unavailable`` says why) and what it cost."""

    name: str
    value: float | None
    seconds: float = 0.0
    unavailable: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


class FigureRunner:
    """Computes figures on one shared folder, each underlying evaluation once."""

    def __init__(self, shared: Path) -> None:
        self.shared = shared
        self._cache: dict[str, tuple[Any, float]] = {}

    def _run(self, key: str, fn: Callable[[], Any]) -> tuple[Any, float]:
        if key not in self._cache:
            started = time.perf_counter()
            try:
                value: Any = fn()
            except ImportError as exc:
                value = exc
            except NewsEventsError as exc:  # e.g. a dictionary the coder cannot load
                value = ImportError(str(exc))
            self._cache[key] = (value, time.perf_counter() - started)
        return self._cache[key]

    def gsr(self, *, learned: bool = False) -> tuple[PetrarchResult | ImportError, float]:
        return self._run(
            f"gsr-{learned}", lambda: evaluate_petrarch(self.shared / GSR, learned=learned)
        )

    def functional(self) -> tuple[list[PetrarchResult] | ImportError, float]:
        return self._run(
            "functional",
            lambda: [evaluate_petrarch(self.shared / f, learned=False) for f in FUNCTIONAL],
        )

    def newsfeeds(self) -> tuple[NewsfeedsResult | ImportError, float]:
        return self._run("newsfeeds", lambda: evaluate_newsfeeds(self.shared / NEWSFEEDS))

    def plv(self) -> tuple[ClassificationResult | ImportError, float]:
        return self._run("plv", lambda: evaluate_plv(self.shared / PLV))

    def penta(self) -> tuple[ClassificationResult | ImportError, float]:
        return self._run("penta", lambda: evaluate_penta(self.shared / PENTA))

    def conll(self) -> tuple[NerResult | ImportError, float]:
        return self._run(
            "conll", lambda: evaluate_ner(self.shared / CONLL_DEV, limit=CONLL_DEV_LIMIT)
        )

    def re3d(self) -> tuple[NerResult | ImportError, float]:
        return self._run("re3d", lambda: evaluate_ner(self.shared / RE3D))

    def lgl(self) -> tuple[GeoResult | ImportError, float]:
        return self._run(
            "lgl", lambda: evaluate_geoparsing(self.shared / LGL, "lgl", step=LGL_STEP)
        )

    def geovirus(self) -> tuple[GeoResult | ImportError, float]:
        return self._run(
            "geovirus",
            lambda: evaluate_geoparsing(self.shared / GEOVIRUS, "geovirus", step=GEOVIRUS_STEP),
        )

    def measure(self, name: str) -> Measurement:
        """The figure ``name`` of :data:`GATE_FIGURES`."""
        if name in ("plv_cv_accuracy", "penta_cv_accuracy"):
            value, source = model_meta(name)
            if value is None:
                return Measurement(name, None, unavailable=f"no model meta records {name}")
            return Measurement(name, value, detail={"source": source})
        if name in ("newsfeeds_dev_f1", "newsfeeds_dev_precision"):
            feeds, secs = self.newsfeeds()
            if isinstance(feeds, ImportError):
                return Measurement(name, None, secs, f"event coder unavailable: {feeds}")
            value = feeds.f1 if name == "newsfeeds_dev_f1" else feeds.precision
            detail = {"tp": feeds.tp, "fp": feeds.fp, "fn": feeds.fn}
            return Measurement(name, value, secs, detail=detail)
        if name in ("petr2_gsr_root_f1", "petr2_no_event_empty_rate", "petr2_gsr_root_f1_learned"):
            res, secs = self.gsr(learned=name.endswith("_learned"))
            if isinstance(res, ImportError):
                return Measurement(name, None, secs, f"event coder unavailable: {res}")
            if res.records_evaluated and res.coder_errors == res.records_evaluated:
                return Measurement(
                    name, None, secs, f"coder failed on every record: {res.first_error}"
                )
            value = res.no_event_empty_rate if "no_event" in name else res.root.f1
            return Measurement(name, value, secs, detail=res.headline())
        if name == "functional_pass_rate":
            suites, secs = self.functional()
            if isinstance(suites, ImportError):
                return Measurement(name, None, secs, f"event coder unavailable: {suites}")
            broken = [
                s for s in suites if s.records_evaluated and s.records_evaluated == s.coder_errors
            ]
            if broken:
                why = f"coder failed on every record of {Path(broken[0].path).name}"
                return Measurement(name, None, secs, f"{why}: {broken[0].first_error}")
            passed = sum(s.passed for s in suites)
            total = sum(s.records_evaluated for s in suites)
            per_suite = {Path(s.path).name: s.pass_rate for s in suites}
            return Measurement(name, passed / total if total else 0.0, secs, detail=per_suite)
        if name in ("conll_dev_f1", "re3d_f1"):
            ner, secs = self.conll() if name == "conll_dev_f1" else self.re3d()
            if isinstance(ner, ImportError):
                return Measurement(name, None, secs, f"spaCy pipeline not available: {ner}")
            return Measurement(name, ner.f1, secs, detail={"subset": ner.subset, **ner.headline()})
        if name.startswith(("lgl_", "geovirus_")):
            geo, secs = self.lgl() if name.startswith("lgl_") else self.geovirus()
            if isinstance(geo, ImportError):
                return Measurement(name, None, secs, f"geoparser not available: {geo}")
            figs = (
                geo.gold_spans
                if "_gold_spans_" in name
                else geo.ner_alone
                if name.endswith("_no_source")
                else geo.ner
            )
            if figs is None:
                return Measurement(name, None, secs, "NER spans were not evaluated")
            value = (
                figs.country_acc
                if name.endswith("country_acc")
                else figs.recall
                if name.endswith("_recall")
                else figs.acc_161
            )
            return Measurement(name, value, secs, detail=geo.headline())
        raise KeyError(name)
