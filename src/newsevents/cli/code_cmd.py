"""`newsevents code`, `events` and `classify-pair`."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO, Any

import click

from ..ingest import IngestOptions, ItemError
from ..ingest.pipeline import Ingester
from ..models import Article
from ..store.events import EventFilter, count_events, query_events
from .filters import event_filter_options
from .output import count_bar, emit_csv, emit_json, table

EVENT_CSV_FIELDS = [
    "event_id",
    "article_id",
    "date",
    "plover_type",
    "plover_mode",
    "cameo_code",
    "quad_class",
    "goldstein",
    "source",
    "target",
    "modality",
    "confidence",
    "trigger",
    "sentence",
]


def _flat(ev: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: ev.get(k) for k in EVENT_CSV_FIELDS},
        "source": "; ".join(f"{a['name']} ({a['actor_id']})" for a in ev["sources"]),
        "target": "; ".join(f"{a['name']} ({a['actor_id']})" for a in ev["targets"]),
        "trigger": ev["evidence"]["trigger"],
        "sentence": ev["evidence"]["sentence"],
    }


def _file_articles(inputs: list[str], on_error: Any) -> Iterator[Article]:
    """Articles parsed from files or standard input, with no store: the store's ids, the input's
    own id kept as ``external_id`` (the one article-id rule, see newsevents.pipeline)."""
    ingester = Ingester(None, IngestOptions(), stdin=sys.stdin.buffer, on_error=on_error)
    for item in ingester.iter_articles(inputs):
        yield item.to_article()


def output_record(article: Article, record: dict[str, Any]) -> dict[str, Any]:
    """An event line of ``code FILE``: the event record with the input's own id as
    ``external_id`` after ``article_id``."""
    out = {"article_id": record["article_id"], "external_id": article.external_id}
    out.update(record)
    return out


@contextmanager
def stop_workers_on_interrupt() -> Iterator[None]:
    """Make Ctrl-C stop at once: worker processes are terminated (a pool would otherwise finish
    the batches in flight first) and KeyboardInterrupt is raised here. The store stays whole:
    each article's events are saved in one transaction, which an interrupt rolls back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        for child in multiprocessing.active_children():
            child.terminate()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@click.command("code")
@click.argument("inputs", nargs=-1, metavar="[PATH...]")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write events as JSONL here (default: standard output when coding files).",
)
@click.option("--recode", is_flag=True, help="Store: code every article again.")
@click.option("--limit", type=click.IntRange(min=1), help="Code at most this many articles.")
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Extra actor/agent dictionary (newsevents JSONL or PETRARCH format); repeatable.",
)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores; 1 codes in this process).",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.0,
    metavar="0-1",
    help="Write only events with at least this confidence (JSONL output; the store keeps "
    "every event: filter it with `events`, `export` or the web app's --min-confidence).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.pass_context
def code_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: Path | None,
    recode: bool,
    limit: int | None,
    actor_files: tuple[Path, ...],
    workers: int | None,
    min_confidence: float,
    quiet: bool,
) -> None:
    """Code articles into PLOVER/CAMEO events.

    With PATHs (text or JSONL files, - for standard input; JSONL records are
    {id, text, title?, published?, url?, source?}) events are written as JSONL and nothing is
    stored; article ids are the store's, each event line keeps the record's own id as
    external_id. Without PATHs, the store's articles not yet coded are coded and their events saved.
    Ctrl-C stops at once (exit 130), each article saved whole; run again to code the rest.
    """
    from ..events.coder import CoderOptions
    from ..pipeline import CodeReport, Records, code_articles, code_store

    errors: list[str] = []

    def on_error(err: ItemError) -> None:
        errors.append(str(err))
        click.echo(f"error: {err}", err=True)

    options = CoderOptions(actor_files=list(actor_files))
    store = None if inputs else ctx.obj.store()
    total: int | None = limit
    if store is not None:
        from ..pipeline import CODER_VERSION
        from ..store.events import count_uncoded

        todo = count_uncoded(store, coder_version=CODER_VERSION, recode=recode)
        total = todo if limit is None else min(limit, todo)
    bar = count_bar(total=total, desc="code", unit="articles", enabled=not quiet)
    out: IO[str] | None = None
    if output is not None:
        out = output.open("w", encoding="utf-8")
    elif inputs:
        out = sys.stdout

    written = [0]

    def done(article: Article, records: Records | None) -> None:
        if out is not None and records is not None:
            for rec in records:
                if float(rec.get("confidence") or 0.0) < min_confidence:
                    continue
                out.write(json.dumps(output_record(article, rec), ensure_ascii=False) + "\n")
                written[0] += 1
        bar.update(1)

    coded = CodeReport()

    def counted(article: Article, records: Records | None) -> None:
        coded.count(records)
        done(article, records)

    try:
        with stop_workers_on_interrupt():
            if store is None:
                report = coded
                articles = _file_articles(list(inputs), on_error)
                for article, records in code_articles(
                    itertools.islice(articles, limit), options, workers=workers
                ):
                    counted(article, records)
            else:
                report = code_store(
                    store, options, workers=workers, limit=limit, recode=recode, on_article=counted
                )
    except KeyboardInterrupt:
        bar.close()
        where = "saved in the store" if store is not None else "written"
        click.echo(
            f"\ninterrupted: {coded.articles} articles coded and {where} (each one whole); "
            + (
                "run `newsevents code` again to code the rest and rebuild the stories"
                if store is not None
                else "the rest were not coded"
            ),
            err=True,
        )
        ctx.exit(130)
    finally:
        bar.close()
        if output is not None and out is not None:
            out.close()
    if not quiet:
        msg = f"Coded {report.articles} articles: {report.events} events"
        if min_confidence > 0 and out is not None:
            msg += f" ({written[0]} with confidence >= {min_confidence:g} written)"
        if report.non_english:
            msg += (
                f"; {report.non_english} non-English articles skipped "
                "(coding is English for now; stored ones keep their language)"
            )
        if errors:
            msg += f"; {len(errors)} inputs or records could not be read (see above)"
        click.echo(msg, err=True)
        if report.stories is not None:
            from .stories_cmd import echo_story_report

            echo_story_report(report.stories)
    if errors:
        ctx.exit(2 if report.articles == 0 else 1)


@click.command("events")
@event_filter_options
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one event record per line.")
@click.option("--csv", "as_csv", is_flag=True, help="Print as CSV.")
@click.pass_context
def events_command(
    ctx: click.Context, /, as_json: bool, as_jsonl: bool, as_csv: bool, **kw: Any
) -> None:
    """List and filter coded events in the store."""
    flt = EventFilter(**kw)
    store = ctx.obj.store()
    found = query_events(store, flt)
    if as_json:
        emit_json(found)
    elif as_jsonl:
        for ev in found:
            click.echo(json.dumps(ev, ensure_ascii=False))
    elif as_csv:
        emit_csv([_flat(e) for e in found], EVENT_CSV_FIELDS)
    else:
        total = count_events(store, flt)
        rows = [
            [
                e["date"],
                e["plover_type"],
                e["cameo_code"],
                ", ".join(a["name"] for a in e["sources"]),
                ", ".join(a["name"] for a in e["targets"]) or "-",
                e["modality"],
                f"{e['confidence']:.2f}",
                e["evidence"]["sentence"],
            ]
            for e in found
        ]
        click.echo(
            table(
                rows,
                ["date", "type", "cameo", "source", "target", "modality", "conf", "evidence"],
                [10, 9, 5, 24, 24, 10, 4, 60],
            )
        )
        click.echo(f"{len(found)} of {total} events", err=True)


@click.command("classify-pair")
@click.argument("sentence")
@click.argument("source")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def classify_pair_command(sentence: str, source: str, target: str, as_json: bool) -> None:
    """PLOVER type of what SOURCE does to TARGET in SENTENCE (both substrings of it)."""
    from ..events.api import classify_pair

    try:
        pred = classify_pair(sentence, source, target)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    if as_json:
        emit_json(
            {"plover_type": pred.plover_type, "confidence": pred.confidence, "scores": pred.scores}
        )
    else:
        click.echo(f"{pred.plover_type}\t{pred.confidence:.3f}")
