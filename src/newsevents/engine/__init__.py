"""Scale-out coding: one pipeline, two engines.

``newsevents run`` splits JSONL(.gz) inputs into line-range partitions (:mod:`.partitions`); every
partition is read, coded and written as Parquet by the same function
(:func:`.pipeline.process_partition`), whether it runs in a local worker process
(:mod:`.local`) or on a Dask worker (:mod:`.dask_engine`). Finished partitions are skipped on a
rerun, so an interrupted run resumes without coding anything twice. ``newsevents load`` puts the
Parquet output into the store (:mod:`.load`).
"""
