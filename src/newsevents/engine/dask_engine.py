"""The Dask engine: the same partitions and the same :func:`process_partition`, as tasks on a
Dask distributed cluster. A worker plugin loads the coder once per worker process (the main job's
:func:`~newsevents.pipeline.process_coder`); tasks write
their Parquet files themselves, so only small result summaries travel back to the client.

Without a scheduler address a ``LocalCluster`` (one single-threaded worker process per core,
bound to 127.0.0.1) is started and closed with the run.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from .._pool import default_workers
from ..errors import ErrorCode, NewsEventsError
from ..events.coder import CoderOptions
from ..pipeline import process_coder
from .partitions import Partition
from .pipeline import PartitionResult, RunSettings, process_partition

PLUGIN_NAME = "newsevents-coder"


class EngineError(NewsEventsError):
    """The distributed engine cannot be used (dask missing, scheduler unreachable)."""

    code = ErrorCode.E027


def _plugin_class() -> type:
    from distributed import WorkerPlugin

    class CoderPlugin(WorkerPlugin):
        """Loads the coder when a worker starts (or joins later), once per worker process."""

        name = PLUGIN_NAME

        def __init__(self, options: CoderOptions) -> None:
            self.options = options

        def setup(self, worker: Any) -> None:
            process_coder(self.options)

    return CoderPlugin


def _dask_partition(
    part: Partition, output: str, settings: RunSettings, options: CoderOptions
) -> PartitionResult:
    # One partition at a time per process, even on a worker started with several threads.
    with _RUN_LOCK:
        return process_partition(part, output, settings, options)


_RUN_LOCK = threading.Lock()


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise EngineError(
            f"the Dask engine needs dask[distributed]: pip install 'newsevents[dask]' ({exc})"
        ) from exc
    return distributed


class DaskEngine:
    """Connects to a scheduler (or starts a LocalCluster) on ``__enter__``; closes on exit."""

    name = "dask"

    def __init__(
        self,
        *,
        options: CoderOptions,
        scheduler: str | None = None,
        workers: int | None = None,
        connect_timeout: float = 10.0,
    ) -> None:
        self.options = options
        self.scheduler = scheduler
        self.n_workers = workers or default_workers()
        self.connect_timeout = connect_timeout
        self.client: Any = None
        self.cluster: Any = None
        self.workers = 0
        self.dashboard: str | None = None

    def __enter__(self) -> DaskEngine:
        distributed = _import_distributed()
        if self.scheduler:
            try:
                self.client = distributed.Client(
                    self.scheduler, timeout=self.connect_timeout, set_as_default=False
                )
            except (OSError, TimeoutError, ValueError) as exc:
                raise EngineError(
                    f"cannot reach the Dask scheduler at {self.scheduler} within "
                    f"{self.connect_timeout:g} s ({type(exc).__name__}: {exc})"
                ) from exc
            try:
                self.client.wait_for_workers(1, timeout=self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                self.client.close()
                raise EngineError(
                    f"the Dask scheduler at {self.scheduler} has no workers "
                    f"(waited {self.connect_timeout:g} s)"
                ) from exc
        else:
            import dask

            # Dask's statistical profiler samples each worker's stack every 10 ms; on long spaCy
            # tasks it cost about 6 % CPU and 80 MB per worker (bench/scaling.py), so it is off.
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self.cluster = distributed.LocalCluster(
                    n_workers=self.n_workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                )
            self.client = distributed.Client(self.cluster, set_as_default=False)
        self.workers = len(self.client.scheduler_info().get("workers", {})) or 1
        self.dashboard = self.client.dashboard_link
        plugin = _plugin_class()(self.options)
        if hasattr(self.client, "register_plugin"):
            self.client.register_plugin(plugin, name=PLUGIN_NAME)
        else:  # distributed < 2023.9
            self.client.register_worker_plugin(plugin, name=PLUGIN_NAME)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def run(
        self,
        partitions: Iterable[Partition],
        output: str,
        settings: RunSettings,
        on_result: Callable[[Partition, PartitionResult], None],
    ) -> None:
        """Submit every partition as a task; ``on_result`` runs here as each one completes."""
        from distributed import as_completed

        futures: dict[Any, Partition] = {}
        run_token = uuid.uuid4().hex[:8]  # two runs on one scheduler never share a task key
        for part in partitions:
            fut = self.client.submit(
                _dask_partition,
                part,
                output,
                settings,
                self.options,
                key=f"newsevents-{run_token}-{part.id}",
                pure=False,
                retries=1,
            )
            futures[fut] = part
        for fut in as_completed(list(futures), loop=self.client.loop):  # type: ignore[no-untyped-call]
            part = futures.pop(fut)
            try:
                result = fut.result()
            except Exception as exc:  # a worker died twice on it, or the task could not run
                result = PartitionResult(
                    partition_id=part.id,
                    lines=part.n_lines,
                    failed=f"[{ErrorCode.E027.name}] {part.id}: {type(exc).__name__}: {exc}",
                )
            fut.release()
            on_result(part, result)
