#!/usr/bin/env python
"""Train the geoparser's toponym recogniser (newsevents.geo.recogniser) and write its two logistic
models to src/newsevents/data/geo/toponym_model.json.

* ``recogniser``: is a gazetteer name the NER did not label as a place (inside an organisation,
  person or facility entity, or outside any entity) a toponym? Positive: it overlaps a gold
  toponym. Features: geo.recogniser.candidates.
* ``backing``: once the resolver has read the accepted names in their article, is the reading
  right? Positive: it overlaps a gold toponym within 161 km of the gold point (or one without
  coordinates). Features: geo.resolver.backing_features.

Data: $NEWSEVENTS_SHARED/eval/geoparsing/lgl.xml and GeoVirus.xml (every article), parsed with the
geoparse NER pipeline. Both models are cross-validated by article (5 folds, fixed: article index
x 7 mod 5); the backing model is trained on readings of out-of-fold recogniser probabilities, and
the script prints the end-to-end cross-validated figures (recall, 161 km and country accuracy,
precision of places) next to those of the shipped weights, which are fitted on everything. Only
weights and feature names (common words around a name) go into the repository, never text.

Needs scikit-learn (the ``train`` extra).

    .venv/bin/python scripts/train_toponym_model.py             # train, report, write
    .venv/bin/python scripts/train_toponym_model.py --no-write  # only report
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsevents" / "data" / "geo" / "toponym_model.json"
#: A feature ('next=court') must occur in this many articles to be kept.
MIN_COUNT = 8
#: Recogniser probability a name needs to be read by the resolver at all.
RECOGNISER_THRESHOLD = 0.3
#: Backing probability a reading needs to be kept.
BACKING_THRESHOLD = 0.5
FOLDS = 5


def _fold(set_no: int, index: int) -> int:
    return (index * 7 + 3 * set_no) % FOLDS


def _fit(x: Any, y: Any) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=3000).fit(x, y)


def _overlaps(t: Any, s: int, e: int) -> bool:
    return min(t.end, e) > max(t.start, s)


def _stage(feats: list[dict[str, float]], y: Any, folds: Any, threshold: float) -> tuple[Any, Any]:
    """One logistic stage: the model fit on every row, with ``threshold`` (a toponym_model
    ``Model``), and its out-of-fold probabilities (by article folds)."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    from newsevents.geo.toponym_model import Model

    dv = DictVectorizer()
    x = dv.fit_transform(feats)
    oof = np.zeros(len(feats))
    for f in range(FOLDS):
        oof[folds == f] = _fit(x[folds != f], y[folds != f]).predict_proba(x[folds == f])[:, 1]
    m = _fit(x, y)
    weights = {k: round(float(w), 4) for k, w in zip(dv.feature_names_, m.coef_[0], strict=True)}
    return Model(weights, round(float(m.intercept_[0]), 4), threshold), oof


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true", help="report only")
    args = ap.parse_args()
    import numpy as np

    from newsevents.evaluate.geoparsing import (
        GeoFigures,
        _CountryOfPoint,
        _gold_country,
        _score_places,
    )
    from newsevents.evaluate.readers import read_geovirus, read_lgl
    from newsevents.geo.api import _ner_pipeline, _person_words, place_mentions
    from newsevents.geo.distance import haversine_km
    from newsevents.geo.gazetteer import load_gazetteer
    from newsevents.geo.names import name_key
    from newsevents.geo.recogniser import candidates
    from newsevents.geo.resolver import (
        RECOGNISED,
        Mention,
        backing_features,
        resolvable_spans,
        resolve_mentions,
    )
    from newsevents.geo.toponym_model import Model

    shared = Path(os.environ.get("NEWSEVENTS_SHARED", ROOT.parent / "shared"))
    sets = [
        ("lgl", list(read_lgl(shared / "eval/geoparsing/lgl.xml"))),
        ("geovirus", list(read_geovirus(shared / "eval/geoparsing/GeoVirus.xml"))),
    ]
    gaz = load_gazetteer()
    nlp = _ner_pipeline()
    of_point = _CountryOfPoint(gaz)
    # per article: (set_no, index, article, base mentions, candidates, gold countries)
    arts: list[tuple[int, int, Any, list[Any], list[Any], list[str | None]]] = []
    for set_no, (_name, articles) in enumerate(sets):
        for i, (a, doc) in enumerate(
            zip(articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True)
        ):
            base = place_mentions(doc, gaz=gaz, extended=True, recogniser=False)
            taken = resolvable_spans(doc.text, base, gaz)
            cands = candidates(
                doc,
                gaz,
                taken,
                person_words=_person_words(doc),
                known={name_key(doc.text[s:e]) for s, e in taken},
            )
            countries = [_gold_country(t, gaz, of_point) for t in a.toponyms]
            arts.append((set_no, i, a, base, cands, countries))
        print(f"{_name}: {len(articles)} articles parsed", file=sys.stderr)

    # Stage 1: the recogniser.
    rows = [(k, c) for k, art in enumerate(arts) for c in art[4]]
    # a feature seen in fewer articles would learn those articles ('prev=taco'), not a pattern
    counts = collections.Counter(f for art in arts for f in {f for c in art[4] for f in c.features})
    feats = [{f: v for f, v in c.features.items() if counts[f] >= MIN_COUNT} for _, c in rows]
    y1 = np.array([any(_overlaps(t, c.start, c.end) for t in arts[k][2].toponyms) for k, c in rows])
    fold1 = np.array([_fold(arts[k][0], arts[k][1]) for k, _ in rows])
    recogniser, p1 = _stage(feats, y1, fold1, RECOGNISER_THRESHOLD)
    print(f"recogniser: {len(rows)} candidates, {int(y1.sum())} toponyms", file=sys.stderr)

    accept_all = Model({}, 0.0, 0.0)

    def readings(prob: dict[tuple[int, int, int], float]) -> list[tuple[int, list[Any], list]]:
        """Per article: its places (recognised ones unfiltered) and each one's recogniser
        probability (None for the NER's and the finder's own mentions)."""
        out = []
        for k, (_s, _i, a, base, cands, _c) in enumerate(arts):
            extra = [
                Mention(c.start, c.end, RECOGNISED, prob[(k, c.start, c.end)])
                for c in cands
                if prob[(k, c.start, c.end)] >= RECOGNISER_THRESHOLD
            ]
            places = resolve_mentions(a.text, base + extra, gaz, backing=accept_all)
            conf = {(m.start, m.end): m.confidence for m in extra}
            out.append((k, places, [conf.get((p.start, p.end)) for p in places]))
        return out

    def stage2_rows(read: list[tuple[int, list[Any], list]]) -> list[tuple[int, int, dict, bool]]:
        out = []
        for k, places, conf in read:
            main = collections.Counter(
                p.country for p, q in zip(places, conf, strict=True) if q is None
            ).most_common(1)
            top = main[0][0] if main else None
            for j, (p, q) in enumerate(zip(places, conf, strict=True)):
                if q is None:
                    continue
                gold = [t for t in arts[k][2].toponyms if _overlaps(t, p.start, p.end)]
                good = bool(gold) and (
                    gold[0].lat is None
                    or haversine_km(gold[0].lat, gold[0].lon, p.lat, p.lon) <= 161
                )
                out.append((k, j, backing_features(p, q, top), good))
        return out

    def key(k: int, c: Any) -> tuple[int, int, int]:
        return (k, c.start, c.end)

    cv_prob = {key(k, c): float(p) for (k, c), p in zip(rows, p1, strict=True)}
    cv_read = readings(cv_prob)
    r2 = stage2_rows(cv_read)
    y2 = np.array([r[3] for r in r2])
    fold2 = np.array([_fold(arts[r[0]][0], arts[r[0]][1]) for r in r2])
    backing, p2 = _stage([r[2] for r in r2], y2, fold2, BACKING_THRESHOLD)

    def figures(read: list[tuple[int, list[Any], list]], keep: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for set_no, (name, _a) in enumerate(sets):
            for label, step in (("", 1), ("_step2", 2)) if name == "lgl" else (("", 1),):
                fig = GeoFigures()
                for k, places, conf in read:
                    s, i, a, _b, _c, countries = arts[k]
                    if s != set_no or i % step:
                        continue
                    kept = [p for j, p in enumerate(places) if conf[j] is None or keep(k, j)]
                    _score_places(fig, a.toponyms, kept, countries)
                out[name + label] = {
                    "recall": round(fig.recall, 4),
                    "acc_161km": round(fig.acc_161, 4),
                    "country_acc": round(fig.country_acc, 4),
                    "precision_of_places": round(fig.precision, 4),
                }
        return out

    cv2 = {(r[0], r[1]): float(p) for r, p in zip(r2, p2, strict=True)}
    cv_figs = figures(cv_read, lambda k, j: cv2[(k, j)] >= BACKING_THRESHOLD)
    fit_prob = {
        key(k, c): recogniser.probability(c.features) for k, art in enumerate(arts) for c in art[4]
    }
    fit_read = readings(fit_prob)
    fit_feats = {(r[0], r[1]): r[2] for r in stage2_rows(fit_read)}
    fit_figs = figures(fit_read, lambda k, j: backing.accepts(fit_feats[(k, j)]))
    print("cross-validated (by article, 5 folds):", json.dumps(cv_figs, indent=1))
    print("shipped weights on their training data:", json.dumps(fit_figs, indent=1))
    if args.no_write:
        return 0
    doc = {
        "about": "newsevents toponym recogniser: logistic weights learned by "
        "scripts/train_toponym_model.py on the LGL and GeoVirus gold sets (see NOTICE)",
        "recogniser": {
            "weights": dict(sorted(recogniser.weights.items())),
            "bias": recogniser.bias,
            "threshold": recogniser.threshold,
        },
        "backing": {
            "weights": dict(sorted(backing.weights.items())),
            "bias": backing.bias,
            "threshold": backing.threshold,
        },
        "cross_validated": cv_figs,
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
