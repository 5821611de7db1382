"""``newsevents evaluate``: score the system on a gold file and print per-class tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import NewsEventsError
from .output import emit_json, table

EXIT_CODES = """\b
Exit codes:
  0  the file was evaluated
  2  the file could not be read or evaluated (unknown or unsupported format, malformed
     file, a component it needs is not installed), or the command was used wrongly
"""

COMPONENTS = {
    "petrarch": "the event coder (newsevents.events.coder)",
    "plv": "the pair classifier (newsevents.events.pair_transformer)",
    "penta": "the pentaclass classifier (newsevents.events.classifier)",
    "conll": "the spaCy pipeline",
    "lgl": "the geoparser (newsevents.geo)",
    "geovirus": "the geoparser (newsevents.geo)",
}


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _prf_rows(report: Any, labels: list[str] | None = None) -> list[list[Any]]:
    rows = []
    for label in labels or report.labels():
        c = report.per_class.get(label)
        if c is None:
            continue
        rows.append([label, _f(c.precision), _f(c.recall), _f(c.f1), c.support, c.tp + c.fp])
    return rows


#: CAMEO root codes (CAMEO 1.1b3 manual) for the per-root table.
CAMEO_ROOTS = {
    "01": "make public statement",
    "02": "appeal",
    "03": "express intent to cooperate",
    "04": "consult",
    "05": "engage in diplomatic cooperation",
    "06": "engage in material cooperation",
    "07": "provide aid",
    "08": "yield",
    "09": "investigate",
    "10": "demand",
    "11": "disapprove",
    "12": "reject",
    "13": "threaten",
    "14": "protest",
    "15": "exhibit force posture",
    "16": "reduce relations",
    "17": "coerce",
    "18": "assault",
    "19": "fight",
    "20": "use unconventional mass violence",
}

PRF_HEADERS = ["class", "P", "R", "F1", "gold", "predicted"]
PRF_WIDTHS = [36, 6, 6, 6, 7, 9]


def _figures(rows: list[tuple[str, Any]]) -> str:
    return table([[k, v] for k, v in rows], ["figure", "value"], [72, 72])


def _show_petrarch(result: Any, failures: bool) -> None:
    click.echo(f"PETRARCH validation: {result.path}")
    dicts = ", ".join(Path(d).name for d in result.dictionaries) or "none"
    click.echo(f"dictionaries: {dicts}; bundled actors: {'on' if result.bundled_actors else 'off'}")
    click.echo(
        "matching: (source, target, root); actor codes compared at country/IGO level (first 3 "
        "letters), strict = full codes; root = first two digits of the CAMEO code\n"
    )
    rows_by_root = _prf_rows(result.root_by_class)
    for row in rows_by_root:
        row[0] = f"{row[0]} {CAMEO_ROOTS.get(row[0], '')}".rstrip()
    click.echo(table(rows_by_root, ["CAMEO root", *PRF_HEADERS[1:]], PRF_WIDTHS))
    click.echo("")
    rows: list[tuple[str, Any]] = [
        ("records evaluated / in file", f"{result.records_evaluated} / {result.records_total}"),
    ]
    rows += [(f"skipped: {reason}", n) for reason, n in sorted(result.skipped.items())]
    rows += [
        ("root F1 (country-level actors)", _f(result.root.f1)),
        ("root precision / recall", f"{_f(result.root.precision)} / {_f(result.root.recall)}"),
        ("strict root F1 (full actor codes)", _f(result.strict.f1)),
        ("event-code F1 (full CAMEO code)", _f(result.event_code.f1)),
        ("dyad F1 (source, target only)", _f(result.dyad.f1)),
        ("gold / coded triples", f"{result.root.support} / {result.root.tp + result.root.fp}"),
        (
            "no-event sentences left empty",
            f"{result.no_event_empty} / {result.no_event_total} ({_f(result.no_event_empty_rate)})",
        ),
        ("records passed (country level)", f"{result.passed} ({_f(result.pass_rate)})"),
        ("records passed (strict)", f"{result.strict_passed} ({_f(result.strict_pass_rate)})"),
        ("records with the right dyads", f"{result.dyad_passed} ({_f(result.dyad_pass_rate)})"),
        ("coder errors", result.coder_errors),
        *([("first coder error", result.first_error)] if result.first_error else []),
        ("seconds", f"{result.seconds:.1f}"),
    ]
    if result.bad_dates:
        rows.append(("records with an unreadable date", ", ".join(result.bad_dates)))
    click.echo(_figures(rows))
    if len(result.by_category) > 1:
        click.echo("")
        cat_rows = [
            [k, p, n, _f(p / n if n else 0.0)] for k, (p, n) in sorted(result.by_category.items())
        ]
        click.echo(table(cat_rows, ["category", "passed", "evaluated", "rate"], [20, 6, 9, 6]))
    if failures:
        click.echo("")
        for o in result.outcomes:
            if not o.passed:
                click.echo(f"FAIL {o.id} [{o.category}] {o.text[:100]}")
                click.echo(f"     gold  {sorted(o.gold)}")
                click.echo(f"     coded {sorted(o.coded)}" + (f"  ({o.error})" if o.error else ""))


def _show_classification(result: Any, title: str) -> None:
    click.echo(f"{title}: {result.path}\n")
    click.echo(table(_prf_rows(result.report), PRF_HEADERS, PRF_WIDTHS))
    click.echo("")
    rows: list[tuple[str, Any]] = [
        ("items", result.n),
        (
            "accuracy (TRAINING FIT, see note)" if result.training_fit else "accuracy",
            _f(result.accuracy),
        ),
        ("macro F1", _f(result.macro_f1)),
        (
            f"{result.cv_key} (model meta)",
            _f(result.cv_accuracy) + (f" from {result.cv_source}" if result.cv_source else ""),
        ),
        ("measures training fit", "YES" if result.training_fit else "no"),
        ("seconds", f"{result.seconds:.1f}"),
    ]
    click.echo(_figures(rows))
    for note in result.notes:
        click.echo(f"\nNOTE: {note}")


def _show_ner(result: Any) -> None:
    click.echo(f"NER ({result.scheme}): {result.path} ({result.subset})")
    click.echo(
        "matching: exact span and class after mapping spaCy and gold labels to common classes\n"
    )
    click.echo(table(_prf_rows(result.report), PRF_HEADERS, PRF_WIDTHS))
    click.echo("")
    rows: list[tuple[str, Any]] = [
        ("sentences / tokens", f"{result.sentences} / {result.tokens}"),
        ("F1 (micro, PER/ORG/LOC)", _f(result.f1)),
        ("precision / recall", f"{_f(result.precision)} / {_f(result.recall)}"),
        ("F1 (micro, every mapped class)", _f(result.f1_all_mapped)),
        ("seconds", f"{result.seconds:.1f}"),
    ]
    click.echo(_figures(rows))


def _show_geo(result: Any) -> None:
    name = "LGL" if result.fmt == "lgl" else "GeoVirus"
    sub = f" (every {result.step}-th article)" if result.step > 1 else ""
    click.echo(f"{name} geoparsing: {result.path}{sub}")
    for note in result.notes:
        click.echo(f"{note}")
    click.echo("")
    rows = []
    for label, f in (
        ("spaCy NER spans", result.ner),
        ("no source history", result.ner_alone),
        ("gold toponym spans", result.gold_spans),
    ):
        if f is None:
            continue
        rows.append(
            [
                label,
                f.gold,
                f.found,
                _f(f.recall),
                _f(f.acc_161),
                _f(f.country_acc),
                _f(f.acc_161_all),
                f.places,
                _f(f.precision),
            ]
        )
    click.echo(
        table(
            rows,
            [
                "spans",
                "gold",
                "found",
                "recall",
                "161 km",
                "country",
                "161 km/all",
                "places",
                "prec.",
            ],
            [20, 6, 6, 6, 6, 7, 10, 6, 6],
        )
    )
    click.echo("")
    click.echo(
        _figures(
            [
                ("articles evaluated / in file", f"{result.articles} / {result.articles_total}"),
                (
                    "seconds (NER / resolution)",
                    f"{result.ner_seconds:.1f} / {result.resolve_seconds:.2f}",
                ),
                ("seconds", f"{result.seconds:.1f}"),
            ]
        )
    )


def _evaluate_timeml(path: Path, *, parse: bool, as_json: bool) -> None:
    """TimeBank-style scoring of date values and spans (see docs/time.md)."""
    from xml.etree.ElementTree import ParseError

    from ..time.timeml import evaluate_timeml

    try:
        result = evaluate_timeml(path, use_nlp=parse)
    except (OSError, ValueError, ParseError) as exc:
        _fail(f"{path}: cannot evaluate as timeml: {exc}")
    if result["documents"] == 0:
        _fail(f"{path}: no TimeML (.tml) documents found")
    if as_json:
        emit_json(result)
        return
    click.echo(f"TimeML date resolution ({result['mode']} path): {path}")
    click.echo("")
    span = result["span_date"]
    rows = [
        ("documents / gold DATEs", f"{result['documents']} / {result['gold_dates']}"),
        ("DATE value accuracy", _f(result["value_accuracy"])),
        ("accuracy when an expression was found", _f(result["value_accuracy_when_found"])),
        (
            "DATE span P / R / F1",
            f"{_f(span['precision'])} / {_f(span['recall'])} / {_f(span['f1'])}",
        ),
    ]
    for name, t in result["by_corpus"].items():
        rows.append((f"  {name} value accuracy", f"{_f(t['value_accuracy'])} ({t['gold_dates']})"))
    click.echo(_figures(rows))


def _evaluate_newsfeeds(
    path: Path, *, min_confidence: float, show: bool, as_json: bool, predictions: Path | None
) -> None:
    """End-to-end event records on news-feed items (GUIDELINES.md matching)."""
    from ..evaluate.newsfeeds import CONFIDENT, evaluate_newsfeeds

    try:
        result = evaluate_newsfeeds(path, min_confidence=min_confidence, predictions=predictions)
    except (OSError, ValueError, KeyError) as exc:
        _fail(f"{path}: cannot evaluate as newsfeeds: {exc}")
    except NewsEventsError as exc:
        _fail(f"{path}: cannot evaluate as newsfeeds: {exc}")
    if as_json:
        data = result.to_dict()
        if not show:
            data.pop("misses", None)
            data.pop("extras", None)
        emit_json(data)
        return
    click.echo(f"News-feed event records: {result.path} ({result.items} items)")
    click.echo("matching: GUIDELINES.md (type or alt type, source and target countries)\n")
    rows = [[t, c.get("tp", 0), c.get("fp", 0), c.get("fn", 0)] for t, c in result.by_type.items()]
    click.echo(table(rows, ["type", "tp", "fp", "fn"], [10, 5, 5, 5]))
    click.echo("")
    conf = result.confident_precision
    figures = [
        ("F1", _f(result.f1)),
        ("precision / recall", f"{_f(result.precision)} / {_f(result.recall)}"),
        ("tp / fp / fn", f"{result.tp} / {result.fp} / {result.fn}"),
        (
            f"right among records with confidence >= {CONFIDENT}",
            f"{_f(conf)} ({result.confident_right} of {result.confident})",
        ),
        ("seconds", f"{result.seconds:.1f}"),
    ]
    click.echo(_figures(figures))
    if show:
        for line in result.misses:
            click.echo(f"  miss  {line}")
        for line in result.extras:
            click.echo(f"  extra {line}")


@click.command("evaluate", epilog=EXIT_CODES)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        ["auto", "petrarch", "plv", "penta", "conll", "timeml", "lgl", "geovirus", "newsfeeds"]
    ),
    default="auto",
    show_default=True,
    help="Gold format; detected from the file's content by default.",
)
@click.option(
    "--scheme",
    type=click.Choice(["auto", "conll2003", "re3d"]),
    default="auto",
    show_default=True,
    help="CoNLL: the gold label set (detected from the tags).",
)
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PETRARCH: actor/agent dictionary file for the coder (repeatable; turns the bundled "
    "actors off). Default: the files the XML's <Environment> names when they lie beside it.",
)
@click.option(
    "--coder",
    type=click.Choice(["learned", "patterns"]),
    default="learned",
    show_default=True,
    help="PETRARCH: the product coder (learned), or the PETRARCH-pattern coder alone.",
)
@click.option("--limit", type=click.IntRange(min=1), help="CoNLL: only the first N sentences.")
@click.option(
    "--step",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="LGL/GeoVirus: score every N-th article only (a deterministic subsample).",
)
@click.option(
    "--parse",
    is_flag=True,
    help="TimeML: resolve dates with the spaCy parse (tense from the parse) instead of the "
    "regex path.",
)
@click.option(
    "--failures",
    is_flag=True,
    help="PETRARCH: list every record that did not pass; newsfeeds: every miss and extra.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="newsfeeds: score only records at or above this confidence.",
)
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, path_type=Path),
    help="newsfeeds: also write the scored records as JSON, the input of the set's score.py.",
)
@click.option("--json", "as_json", is_flag=True, help="All figures as JSON.")
def evaluate(
    path: Path,
    fmt: str,
    scheme: str,
    actor_files: tuple[Path, ...],
    coder: str,
    limit: int | None,
    step: int,
    parse: bool,
    failures: bool,
    min_confidence: float,
    predictions: Path | None,
    as_json: bool,
) -> None:
    """Score newsevents on a gold file: PETRARCH XML, PLV TSV, pentaclass TSV, CoNLL NER,
    LGL / GeoVirus geoparsing XML, a folder of TimeML (.tml) files, or a news-feed event set
    (a folder with items.json and gold.json, as ../shared/eval/newsfeeds_dev).

    Prints per-class precision, recall and F1 and the overall figures (see docs/evaluation.md
    for the matching rules).
    """
    from ..evaluate import runners
    from ..evaluate.newsfeeds import is_newsfeeds
    from ..evaluate.readers import detect_format

    if fmt in ("auto", "newsfeeds") and is_newsfeeds(path):
        _evaluate_newsfeeds(
            path,
            min_confidence=min_confidence,
            show=failures,
            as_json=as_json,
            predictions=predictions,
        )
        return
    if fmt == "newsfeeds":
        _fail(f"{path}: not a newsfeeds set (a folder with items.json and gold.json)")
    if path.is_dir():
        if fmt not in ("auto", "timeml"):
            _fail(f"{path}: is a folder; only --format timeml reads folders")
        fmt = "timeml"
    elif fmt == "auto":
        try:
            fmt = detect_format(path)
        except (OSError, ValueError) as exc:
            _fail(str(exc))
    if fmt == "timeml":
        _evaluate_timeml(path, parse=parse, as_json=as_json)
        return
    result: Any = None
    try:
        if fmt == "petrarch":
            result = runners.evaluate_petrarch(
                path, dictionaries=list(actor_files) or None, learned=coder == "learned"
            )
        elif fmt == "plv":
            result = runners.evaluate_plv(path)
        elif fmt == "penta":
            result = runners.evaluate_penta(path)
        elif fmt in ("lgl", "geovirus"):
            result = runners.evaluate_geoparsing(
                path,
                fmt,  # type: ignore[arg-type]
                step=step,
            )
        else:
            result = runners.evaluate_ner(
                path,
                scheme=scheme,  # type: ignore[arg-type]
                limit=limit,
            )
    except ImportError as exc:
        _fail(f"{COMPONENTS[fmt]} is not available in this installation ({exc})")
    except NewsEventsError as exc:  # e.g. a dictionary file the coder cannot read
        _fail(f"{path}: cannot evaluate as {fmt}: {exc}")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        _fail(f"{path}: cannot evaluate as {fmt}: {exc}")
    if as_json:
        data = result.to_dict()
        if fmt == "petrarch" and not failures:
            data.pop("records", None)
        emit_json(data)
        return
    if fmt == "petrarch":
        _show_petrarch(result, failures)
    elif fmt == "plv":
        _show_classification(result, "PLV pair roots")
    elif fmt == "penta":
        _show_classification(result, "ConfliBERT pentaclass")
    elif fmt in ("lgl", "geovirus"):
        _show_geo(result)
    else:
        _show_ner(result)
