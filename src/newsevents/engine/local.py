"""The local engine: one spawned worker process per core, the coder loaded once per worker (by
the main job's :func:`~newsevents.pipeline.process_coder`), partitions handed out with a bounded
number in flight; with one worker, this process codes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from .._pool import default_workers, unordered_map
from ..events.coder import CoderOptions
from ..pipeline import process_coder
from .partitions import Partition
from .pipeline import PartitionResult, RunSettings, process_partition


def _init_worker(options: CoderOptions) -> None:
    process_coder(options)  # load the model once, before the first partition arrives


def _run_partition(
    output: str, settings: RunSettings, options: CoderOptions, part: Partition
) -> PartitionResult:
    return process_partition(part, output, settings, options)


class LocalEngine:
    """Runs partitions on ``workers`` local processes (all cores by default)."""

    name = "local"

    def __init__(self, *, workers: int | None, options: CoderOptions) -> None:
        self.workers = workers or default_workers()
        self.options = options
        self.dashboard: str | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(
        self,
        partitions: Iterable[Partition],
        output: str,
        settings: RunSettings,
        on_result: Callable[[Partition, PartitionResult], None],
    ) -> None:
        """Process every partition, calling ``on_result`` (in this process) as each finishes."""
        todo = list(partitions)
        if not todo:
            return
        if self.workers <= 1 or len(todo) == 1:
            for part in todo:
                on_result(part, process_partition(part, output, settings, self.options))
            return
        for part, result in unordered_map(
            partial(_run_partition, output, settings, self.options),
            todo,
            workers=min(self.workers, len(todo)),
            initializer=_init_worker,
            initargs=(self.options,),
        ):
            on_result(part, result)
