"""A run: expand inputs, plan partitions, skip the finished ones, code the rest on an engine."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ..events.coder import CoderOptions
from ..ingest.base import ItemError
from .partitions import Partition, _fs, expand_inputs, make_plan
from .pipeline import ARTICLES_DIR, EVENTS_DIR, PartitionResult, RunSettings

EngineName = Literal["local", "dask"]


class Engine(Protocol):
    name: str
    workers: int
    dashboard: str | None

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def run(
        self,
        partitions: Sequence[Partition],
        output: str,
        settings: RunSettings,
        on_result: Callable[[Partition, PartitionResult], None],
    ) -> None: ...


@dataclass
class RunReport:
    """What a run did; ``exit_code`` follows the CLI convention (0 / 1 some failed / 2 none)."""

    engine: str = "local"
    workers: int = 0
    inputs: int = 0
    partitions: int = 0
    already_done: int = 0
    done: int = 0
    failed: int = 0
    lines: int = 0
    articles: int = 0
    coded: int = 0
    non_english: int = 0
    events: int = 0
    errors: list[ItemError] = field(default_factory=list)
    more_errors: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dashboard: str | None = None
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    """Peak RSS of each worker process (host:pid -> MB)."""
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    """CPU time each worker process used (host:pid -> s), its start-up included."""

    @property
    def exit_code(self) -> int:
        if not self.errors and not self.failures and not self.more_errors:
            return 0
        if self.done == 0 and self.already_done == 0:
            return 2
        return 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "workers": self.workers,
            "inputs": self.inputs,
            "partitions": self.partitions,
            "already_done": self.already_done,
            "done": self.done,
            "failed": self.failed,
            "lines": self.lines,
            "articles": self.articles,
            "coded": self.coded,
            "non_english": self.non_english,
            "events": self.events,
            "errors": [
                {"source": e.source, "code": e.code.name, "reason": e.reason} for e in self.errors
            ],
            "more_errors": self.more_errors,
            "failures": self.failures,
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
            "dashboard": self.dashboard,
            "peak_rss_mb": {k: round(v, 1) for k, v in self.peak_rss_mb.items()},
            "cpu_seconds": {k: round(v, 1) for k, v in self.cpu_seconds.items()},
            "exit_code": self.exit_code,
        }


def finished_partitions(output: str) -> set[str]:
    """Ids of partitions whose events file exists (written last, so the partition is done)."""
    fs, root = _fs(output)
    pattern = f"{root.rstrip('/')}/{EVENTS_DIR}/part-*.parquet"
    names = (p.rsplit("/", 1)[-1] for p in fs.glob(pattern))
    return {n.removeprefix("part-").removesuffix(".parquet") for n in names}


def _remove_stale_tmp(output: str) -> None:
    """Temporary files an interrupted run left behind (never read: they are not part-*)."""
    fs, root = _fs(output)
    for sub in (EVENTS_DIR, ARTICLES_DIR):
        for path in fs.glob(f"{root.rstrip('/')}/{sub}/.part-*.tmp"):
            fs.rm(path)


def make_engine(
    engine: EngineName,
    *,
    options: CoderOptions,
    workers: int | None = None,
    scheduler: str | None = None,
    connect_timeout: float = 10.0,
) -> Engine:
    """The engine by name (the Dask one imports dask only here)."""
    if engine == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(
            options=options, scheduler=scheduler, workers=workers, connect_timeout=connect_timeout
        )
    from .local import LocalEngine

    return LocalEngine(workers=workers, options=options)


def run(
    inputs: Sequence[str],
    output: str,
    *,
    engine: Engine,
    settings: RunSettings,
    limit: int | None = None,
    partition_lines: int | None = None,
    on_error: Callable[[ItemError], None] | None = None,
    on_start: Callable[[RunReport, int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> RunReport:
    """Code ``inputs`` into Parquet partitions under ``output`` with ``engine``.

    ``on_start(report, lines_to_code)`` is called once the plan is known (the CLI prints the
    dashboard link and opens its progress bar there); ``on_progress(lines)`` as partitions finish.
    """
    started = time.perf_counter()
    report = RunReport(engine=engine.name)

    def error(err: ItemError) -> None:
        report.errors.append(err)
        if on_error is not None:
            on_error(err)

    urls, expand_errors = expand_inputs(inputs)
    for err in expand_errors:
        error(err)
    report.inputs = len(urls)
    if not urls:
        report.seconds = time.perf_counter() - started
        return report
    fs, root = _fs(output)
    fs.makedirs(root, exist_ok=True)
    with engine:
        report.workers = engine.workers
        report.dashboard = engine.dashboard
        plan = make_plan(
            urls, output, workers=engine.workers, limit=limit, partition_lines=partition_lines
        )
        for err in plan.errors:
            error(err)
        report.warnings += plan.warnings
        _remove_stale_tmp(output)
        done_ids = finished_partitions(output)
        todo = [p for p in plan.partitions if p.id not in done_ids]
        report.partitions = len(plan.partitions)
        report.already_done = report.partitions - len(todo)
        report.lines = sum(p.n_lines for p in todo)
        # Longest first: fewer idle workers at the end of a run.
        todo.sort(key=lambda p: p.end - p.start, reverse=True)
        if on_start is not None:
            on_start(report, report.lines)

        def on_result(part: Partition, res: PartitionResult) -> None:
            if res.failed:
                report.failed += 1
                report.failures.append(res.failed)
            else:
                report.done += 1
                report.articles += res.articles
                report.coded += res.coded
                report.non_english += res.non_english
                report.events += res.events
            for err in res.item_errors():
                error(err)
            report.more_errors += res.more_errors
            if res.worker:
                report.peak_rss_mb[res.worker] = max(
                    res.peak_rss_mb, report.peak_rss_mb.get(res.worker, 0.0)
                )
                report.cpu_seconds[res.worker] = max(
                    res.cpu_seconds, report.cpu_seconds.get(res.worker, 0.0)
                )
            if on_progress is not None:
                on_progress(part.n_lines)

        engine.run(todo, output, settings, on_result)
    report.seconds = time.perf_counter() - started
    return report
