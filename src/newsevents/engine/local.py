"""The local engine: one spawned worker process per core, the coder loaded once per worker,
partitions handed out with a bounded number in flight; with one worker, this process codes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from ..events.coder import Coder, CoderOptions
from ..events.parallel import default_workers, exit_with_parent
from .partitions import Partition
from .pipeline import PartitionResult, RunSettings, process_partition

_CODER: dict[str, Coder] = {}
"""This worker process's coder (set once by the pool initializer)."""


def _init_worker(options: CoderOptions) -> None:
    exit_with_parent()
    _CODER["coder"] = Coder(options)


def _run_partition(part: Partition, output: str, settings: RunSettings) -> PartitionResult:
    return process_partition(part, output, _CODER["coder"], settings)


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
            coder = Coder(self.options)
            for part in todo:
                on_result(part, process_partition(part, output, coder, settings))
            return
        # "spawn": workers start clean (no inherited threads, locks or open store connections)
        ctx = multiprocessing.get_context("spawn")
        source = iter(todo)
        with ProcessPoolExecutor(
            max_workers=min(self.workers, len(todo)),
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(self.options,),
        ) as pool:
            pending: dict[Future[Any], Partition] = {}
            exhausted = False
            while pending or not exhausted:
                while not exhausted and len(pending) < 2 * self.workers:
                    nxt = next(source, None)
                    if nxt is None:
                        exhausted = True
                        break
                    pending[pool.submit(_run_partition, nxt, output, settings)] = nxt
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    on_result(pending.pop(fut), fut.result())
