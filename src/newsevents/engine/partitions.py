"""Inputs -> partitions: JSONL(.gz) files (local paths, globs or fsspec URLs) cut into line ranges.

A partition is ``n_lines`` consecutive lines of one input, starting at line ``first_line`` (0-based)
and at byte ``start`` of the *uncompressed* stream. Plain files are read from ``start`` with a seek;
a gzip stream cannot be entered in the middle, so a gzip partition decompresses (and discards) the
bytes before ``start`` - cheap next to coding, and it lets one large ``.jsonl.gz`` file be spread
over many workers.

Planning reads each input once to count its lines (skipped with ``partition_lines`` given) and once
to find the partition boundaries; both passes stream, so memory does not grow with the input. The
plan is saved as ``_plan.json`` in the output folder and reused by a rerun, so partition ids stay
the same whatever ``--workers`` or ``--partition-lines`` the rerun is given: that is what makes a
rerun skip finished partitions and never code a line twice.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import math
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from ..errors import ErrorCode, InputError
from ..ingest.base import ItemError
from ..ingest.jsonl import GZIP_MAGIC

PLAN_FILE = "_plan.json"
PLAN_VERSION = 1
#: Largest partition ``partition_lines=None`` chooses (about 30 s of coding on one core).
MAX_AUTO_LINES = 1000
#: Partitions per worker that ``partition_lines=None`` aims for (small tails, even load).
PARTITIONS_PER_WORKER = 8
_GLOB_CHARS = re.compile(r"[*?\[]")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Partition:
    """Lines ``[first_line, first_line + n_lines)`` of one input (uncompressed bytes
    ``[start, end)``)."""

    url: str
    """A local absolute path or an fsspec URL (s3://, gs://, memory://, ...)."""
    size: int | None
    """The input's size in bytes when planned (part of the id: a changed file gets new ids)."""
    first_line: int
    n_lines: int
    start: int
    end: int

    @property
    def id(self) -> str:
        """Stable, readable id: input name, a hash of URL and size, the 1-based line range."""
        base = self.url.rstrip("/").rsplit("/", 1)[-1]
        for suffix in (".gz", ".jsonl", ".json", ".ndjson"):
            base = base.removesuffix(suffix)
        stem = _UNSAFE.sub("_", base).strip("_")[:40] or "input"
        digest = hashlib.sha256(f"{self.url}|{self.size}".encode()).hexdigest()[:10]
        return f"{stem}-{digest}-{self.first_line + 1:09d}-{self.first_line + self.n_lines:09d}"

    def to_list(self) -> list[int]:
        return [self.first_line, self.n_lines, self.start, self.end]


# -- inputs -------------------------------------------------------------------------------------
def _fs(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    return fs, str(path)


def _is_local(fs: Any) -> bool:
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(fs, LocalFileSystem)


def expand_inputs(targets: Sequence[str]) -> tuple[list[str], list[ItemError]]:
    """Input files, in order: globs expanded, folders walked (hidden entries skipped).

    Local files come back as absolute paths, others as full fsspec URLs. Targets that match
    nothing are returned as errors, so the other inputs still run.
    """
    urls: list[str] = []
    errors: list[ItemError] = []
    for target in targets:
        try:
            fs, path = _fs(target)
            if _GLOB_CHARS.search(path):
                found = sorted(p for p in fs.glob(path) if fs.isfile(p))
                if not found:
                    errors.append(ItemError(target, "no file matches", ErrorCode.E001))
            elif fs.isdir(path):
                found = sorted(
                    p
                    for p in fs.find(path)
                    if not any(
                        part.startswith(".") for part in p[len(path.rstrip("/")) :].split("/")
                    )
                )
            elif fs.isfile(path):
                found = [path]
            else:
                errors.append(ItemError(target, "no such file or directory", ErrorCode.E001))
                continue
        except (OSError, ValueError, ImportError) as exc:
            errors.append(ItemError(target, f"cannot read: {exc}", ErrorCode.E001))
            continue
        local = _is_local(fs)
        urls.extend(os.path.abspath(p) if local else fs.unstrip_protocol(p) for p in found)
    return list(dict.fromkeys(urls)), errors


@contextlib.contextmanager
def open_input(url: str) -> Iterator[IO[bytes]]:
    """The input's bytes, decompressed when it is gzip (detected from its first bytes)."""
    fs, path = _fs(url)
    with fs.open(path, "rb") as raw:
        head = raw.read(2)
        raw.seek(0)
        if head == GZIP_MAGIC:
            with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
                yield gz  # type: ignore[misc]
        else:
            yield raw


def input_size(url: str) -> int | None:
    fs, path = _fs(url)
    try:
        size = fs.size(path)
    except (OSError, ValueError):
        return None
    return int(size) if size is not None else None


def count_lines(url: str, limit: int | None = None) -> int:
    """Lines in an input (a last line without a newline counts), at most ``limit``."""
    n = 0
    tail = False
    with open_input(url) as fh:
        while True:
            block = fh.read(1 << 20)
            if not block:
                break
            n += block.count(b"\n")
            tail = not block.endswith(b"\n")
            if limit is not None and n >= limit:
                return limit
    return min(n + int(tail), limit) if limit is not None else n + int(tail)


def _cut(
    url: str,
    size: int | None,
    *,
    first_line: int,
    start: int,
    max_lines: int | None,
    partition_lines: int,
) -> tuple[list[Partition], bool]:
    """Partitions of ``partition_lines`` lines from line ``first_line`` (at byte ``start``);
    True when the input's end was reached."""
    parts: list[Partition] = []
    line, pos, part_line, part_start = first_line, start, first_line, start
    eof = False
    with open_input(url) as fh:
        if start:
            fh.seek(start)
        while max_lines is None or line - first_line < max_lines:
            chunk = fh.readline(1 << 20)
            if not chunk:
                eof = True
                break
            pos += len(chunk)
            while not chunk.endswith(b"\n"):  # a long line: read to its end
                chunk = fh.readline(1 << 20)
                if not chunk:
                    break
                pos += len(chunk)
            line += 1
            if line - part_line >= partition_lines:
                parts.append(Partition(url, size, part_line, line - part_line, part_start, pos))
                part_line, part_start = line, pos
        if not eof and fh.read(1) == b"":
            eof = True
    if line > part_line:
        parts.append(Partition(url, size, part_line, line - part_line, part_start, pos))
    return parts, eof


def auto_partition_lines(total_lines: int, workers: int) -> int:
    """About PARTITIONS_PER_WORKER partitions per worker, at most MAX_AUTO_LINES lines each."""
    return max(1, min(MAX_AUTO_LINES, math.ceil(total_lines / (PARTITIONS_PER_WORKER * workers))))


# -- the plan -----------------------------------------------------------------------------------
@dataclass
class Plan:
    """Every partition of a run, in input order, with what planning reported."""

    partitions: list[Partition] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reused: int = 0
    """Partitions taken from an earlier run's plan."""

    @property
    def lines(self) -> int:
        return sum(p.n_lines for p in self.partitions)


def _read_plan(out_fs: Any, out_dir: str) -> dict[str, Any]:
    path = f"{out_dir}/{PLAN_FILE}"
    if not out_fs.exists(path):
        return {}
    try:
        with out_fs.open(path, "rb") as fh:
            data = json.loads(fh.read())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != PLAN_VERSION:
        return {}
    inputs = data.get("inputs")
    return inputs if isinstance(inputs, dict) else {}


def _write_plan(out_fs: Any, out_dir: str, inputs: dict[str, Any]) -> None:
    out_fs.makedirs(out_dir, exist_ok=True)
    path = f"{out_dir}/{PLAN_FILE}"
    tmp = f"{out_dir}/.{PLAN_FILE}.{os.getpid()}.tmp"
    with out_fs.open(tmp, "wb") as fh:
        fh.write(json.dumps({"version": PLAN_VERSION, "inputs": inputs}, indent=1).encode())
    out_fs.mv(tmp, path)


def make_plan(
    urls: Sequence[str],
    output: str,
    *,
    workers: int,
    limit: int | None = None,
    partition_lines: int | None = None,
) -> Plan:
    """Partitions for ``urls`` (at most ``limit`` lines in all), reusing ``output``'s plan.

    An input already planned there (same URL and size) keeps its partitions; one planned only
    in part (an earlier ``--limit``) is extended from where that plan stopped.
    """
    out_fs, out_dir = _fs(output)
    old = _read_plan(out_fs, out_dir)
    new_inputs: dict[str, Any] = dict(old)
    plan = Plan()
    sizes = {url: input_size(url) for url in urls}
    remaining = limit
    # Inputs not planned before need a partition size; without one given, count their lines.
    fresh = [u for u in urls if not (u in old and old[u].get("size") == sizes[u])]
    if partition_lines is None:
        total = 0
        for url in urls:
            if url in fresh:
                try:
                    total += count_lines(url, None if remaining is None else remaining - total)
                except (OSError, EOFError, zlib.error) as exc:
                    plan.errors.append(ItemError(url, f"cannot read: {exc}", ErrorCode.E006))
            if remaining is not None and total >= remaining:
                break
        lines_each = auto_partition_lines(total, workers)
    else:
        lines_each = partition_lines
    for url in urls:
        if remaining is not None and remaining <= 0:
            break
        if any(e.source == url for e in plan.errors):
            continue
        size = sizes[url]
        rec = old.get(url)
        parts: list[Partition] = []
        try:
            if rec is not None and rec.get("size") == size:
                parts = [Partition(url, size, *map(int, p)) for p in rec["partitions"]]
                covered = sum(p.n_lines for p in parts)
                n_old = len(parts)
                if not rec.get("complete") and (remaining is None or remaining > covered):
                    last = parts[-1] if parts else None
                    more, eof = _cut(
                        url,
                        size,
                        first_line=last.first_line + last.n_lines if last else 0,
                        start=last.end if last else 0,
                        max_lines=None if remaining is None else remaining - covered,
                        partition_lines=lines_each,
                    )
                    parts += more
                    new_inputs[url] = _record(size, parts, eof)
                if remaining is not None:  # a smaller --limit than before: whole partitions
                    kept, n = [], 0
                    for p in parts:
                        if n >= remaining:
                            break
                        kept.append(p)
                        n += p.n_lines
                    parts = kept
                plan.reused += min(n_old, len(parts))
            else:
                if rec is not None:
                    plan.warnings.append(
                        f"{url}: changed since {output} was planned (size {rec.get('size')} -> "
                        f"{size}); its partitions are planned anew, and outputs of the old "
                        "version in that folder are stale"
                    )
                parts, eof = _cut(
                    url,
                    size,
                    first_line=0,
                    start=0,
                    max_lines=remaining,
                    partition_lines=lines_each,
                )
                new_inputs[url] = _record(size, parts, eof)
        except (OSError, EOFError, zlib.error) as exc:
            plan.errors.append(
                ItemError(
                    url,
                    f"cannot read: {exc}",
                    ErrorCode.E001 if isinstance(exc, FileNotFoundError) else ErrorCode.E006,
                )
            )
            continue
        except InputError as exc:
            plan.errors.append(ItemError(exc.source, exc.reason, exc.code))
            continue
        plan.partitions += parts
        if remaining is not None:
            remaining -= sum(p.n_lines for p in parts)
    if new_inputs != old:
        _write_plan(out_fs, out_dir, new_inputs)
    return plan


def _record(size: int | None, parts: list[Partition], complete: bool) -> dict[str, Any]:
    return {"size": size, "complete": complete, "partitions": [p.to_list() for p in parts]}
