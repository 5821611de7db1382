"""The ingest run: expand inputs, detect formats, parse, detect language, store in batches.

Ingest sits below the store in the layers (docs/architecture.md): it writes through the small
:class:`ArticleSink` protocol, which :class:`newsevents.store.Store` satisfies, and never imports
the store itself."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import httpx

from ..errors import ErrorCode, FetchError, InputError, StoreError
from ..models import ArticleInput
from .base import IngestOptions, ItemError, Parsed, Source, repair_article, repair_text
from .decode import looks_binary
from .detect import detect_format
from .fetch import FetchResult, fetch, guarded_client, is_url
from .lang import detect_language

E001 = ErrorCode.E001

#: Errors an ingest report keeps in full; beyond them it only counts (a dump of millions of bad
#: lines must not hold millions of messages in memory).
MAX_KEPT_ERRORS = 1000


class Stored(Protocol):
    """What the sink says about one article it was handed (``Store.add_articles`` gives these)."""

    @property
    def id(self) -> str: ...

    @property
    def revision(self) -> int: ...

    @property
    def status(self) -> str:
        """``added``, ``revised`` or ``unchanged``."""
        ...


class ArticleSink(Protocol):
    """Where an ingest run puts its articles and keeps the conditional-GET state of its URLs."""

    def add_articles(self, items: Iterable[ArticleInput]) -> Sequence[Stored]: ...

    def get_fetch_state(self, url: str) -> tuple[str | None, str | None]: ...

    def set_fetch_state(
        self, url: str, *, etag: str | None, last_modified: str | None, status: int
    ) -> None: ...


class Progress(Protocol):
    """Receives progress as inputs are read (the CLI draws a bar with it)."""

    def set_total(self, nbytes: int) -> None: ...

    def advance(self, nbytes: int, articles: int) -> None: ...


@dataclass
class IngestReport:
    """What an ingest run did; ``exit_code`` follows the documented CLI convention.

    ``errors`` keeps the first :data:`MAX_KEPT_ERRORS` errors; ``error_count`` counts them all."""

    inputs: int = 0
    inputs_failed: int = 0
    read: int = 0
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    not_modified: int = 0
    non_english: int = 0
    errors: list[ItemError] = field(default_factory=list)
    error_count: int = 0

    def add_error(self, error: ItemError) -> None:
        """Count an error, keeping it while fewer than MAX_KEPT_ERRORS are kept."""
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(error)

    @property
    def exit_code(self) -> int:
        """0: all read; 1: some items or inputs failed; 2: nothing could be read."""
        if not self.errors and not self.error_count:
            return 0
        if self.read == 0 and self.not_modified == 0:
            return 2
        return 1

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for --json output (``errors`` lists the kept ones, ``error_count`` all)."""
        return {
            "inputs": self.inputs,
            "inputs_failed": self.inputs_failed,
            "read": self.read,
            "added": self.added,
            "revised": self.revised,
            "unchanged": self.unchanged,
            "not_modified": self.not_modified,
            "non_english": self.non_english,
            "errors": [
                {"source": e.source, "code": e.code.name, "reason": e.reason} for e in self.errors
            ],
            "error_count": max(self.error_count, len(self.errors)),
            "exit_code": self.exit_code,
        }


class _Counting:
    """A file wrapper that counts the bytes read through it, for byte-based progress."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self.count += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        n = self._fh.readinto(buffer)  # type: ignore[attr-defined]
        self.count += n or 0
        return n or 0

    def readline(self, limit: int = -1) -> bytes:
        data = self._fh.readline(limit)
        self.count += len(data)
        return data

    def seekable(self) -> bool:
        return self._fh.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> _Counting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._fh.closed

    def readable(self) -> bool:
        return True


def expand_inputs(
    targets: Sequence[str], *, follow_symlinks: bool = False
) -> Iterator[str | ItemError]:
    """Inputs in order; directories walked recursively (sorted, hidden entries skipped).

    A folder that cannot be listed, and a symbolic link inside a folder that leads out of it
    (unless ``follow_symlinks``), is an ItemError in its place: never a silent "0 inputs", never a
    file the user did not point at (a planted link to /etc/passwd)."""
    for target in targets:
        path = Path(target)
        if target != "-" and not is_url(target) and path.is_dir():
            yield from _walk_folder(path, follow_symlinks=follow_symlinks)
        else:
            yield target


def _walk_folder(root: Path, *, follow_symlinks: bool) -> Iterator[str | ItemError]:
    """The files under ``root`` in sorted order, with an error for each part that cannot be read."""
    found: list[Path] = []
    errors: list[ItemError] = []
    real_root = root.resolve()
    seen_dirs = {real_root}

    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else root
        reason = exc.strerror or str(exc)
        errors.append(ItemError(repair_text(str(where)), f"cannot read folder: {reason}", E001))

    def outside(path: Path) -> bool:
        real = path.resolve()
        return real != real_root and real_root not in real.parents

    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            unreadable(exc)
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                if is_link and outside(child) and not follow_symlinks:
                    errors.append(
                        ItemError(
                            repair_text(str(child)),
                            "symbolic link leads out of the folder, not followed "
                            "(--follow-symlinks follows it)",
                            E001,
                        )
                    )
                    continue
                if entry.is_dir():
                    real = child.resolve()
                    # A link within the tree is walked where it points to; a followed link out
                    # of it once (a link cycle ends).
                    if (not is_link or outside(child)) and real not in seen_dirs:
                        seen_dirs.add(real)
                        pending.append(child)
                elif entry.is_file():
                    found.append(child)
            except OSError as exc:
                unreadable(exc)
    for item in sorted(found):
        yield str(item)
    yield from errors


def _parse(
    src: Source, fmt: str, options: IngestOptions, fetch_page: Callable[[str], Source] | None
) -> Iterator[Parsed]:
    if fmt == "jsonl":
        from .jsonl import parse_jsonl

        return parse_jsonl(src, options)
    if fmt == "html":
        from .html import parse_html

        return parse_html(src, options)
    if fmt == "feed":
        from .feeds import parse_feed

        return parse_feed(src, options, fetch_page=fetch_page if options.follow_links else None)
    from .text import parse_markdown, parse_text

    return parse_markdown(src, options) if fmt == "markdown" else parse_text(src, options)


class Ingester:
    """One ingest run over many inputs into one store."""

    def __init__(
        self,
        store: ArticleSink | None,
        options: IngestOptions,
        *,
        progress: Progress | None = None,
        stdin: BinaryIO | None = None,
        on_error: Callable[[ItemError], None] | None = None,
        on_stored: Callable[[Stored], None] | None = None,
    ) -> None:
        self.store = store
        self.on_stored = on_stored
        self.options = options
        self.progress = progress
        self.stdin = stdin
        self.on_error = on_error
        self.report = IngestReport()
        self._batch: list[ArticleInput] = []
        self._client: httpx.Client | None = None

    def run(self, targets: Sequence[str]) -> IngestReport:
        """Ingest every target; good items are stored whatever happens to the bad ones."""
        inputs: list[str] = []
        for entry in expand_inputs(targets, follow_symlinks=self.options.follow_symlinks):
            if isinstance(entry, ItemError):
                self.report.inputs += 1
                self.report.inputs_failed += 1
                self._error(entry)
            else:
                inputs.append(entry)
        if self.progress is not None:
            total = 0
            for name in inputs:
                if name != "-" and not is_url(name):
                    with contextlib.suppress(OSError):
                        total += Path(name).stat().st_size
            self.progress.set_total(total)
        try:
            for name in inputs:
                self._ingest_one(name)
        except StoreError:
            raise  # the store failed: no second write (a held lock is not waited for twice)
        except BaseException:
            self._flush()  # Ctrl-C or a bug: what was read so far is still stored
            raise
        else:
            self._flush()
        finally:
            if self._client is not None:
                self._client.close()
        return self.report

    # -- one input -----------------------------------------------------------------------------
    def _ingest_one(self, name: str) -> None:
        read_before = self.report.read
        fetched: list[FetchResult] = []
        for item in self._items_one(name, fetched):
            self._add(item)
        if fetched and fetched[0].source is not None and self.report.read > read_before:
            self._flush()
            if self.store is not None:
                self.store.set_fetch_state(
                    name,
                    etag=fetched[0].etag,
                    last_modified=fetched[0].last_modified,
                    status=fetched[0].status,
                )

    def iter_articles(self, targets: Sequence[str]) -> Iterator[ArticleInput]:
        """Parsed articles from every target, without storing them (errors go to the report)."""
        for name in expand_inputs(targets, follow_symlinks=self.options.follow_symlinks):
            if isinstance(name, ItemError):
                self.report.inputs += 1
                self.report.inputs_failed += 1
                self._error(name)
                continue
            for item in self._items_one(name, []):
                item = self._repaired(item)
                if item.language is None:
                    item.language = detect_language(item.text, item.title)
                self.report.read += 1
                yield item

    def _items_one(self, name: str, fetched: list[FetchResult]) -> Iterator[ArticleInput]:
        """The articles of one input; its errors are recorded, never raised."""
        self.report.inputs += 1
        counter: list[_Counting] = []
        try:
            if is_url(name):
                result = self._fetch(name)
                fetched.append(result)
                if result.source is None:
                    self.report.not_modified += 1
                    return
                src = result.source
            elif name == "-":
                data = (self.stdin or sys.stdin.buffer).read(self.options.max_bytes + 1)
                if len(data) > self.options.max_bytes:
                    raise InputError(
                        "<stdin>",
                        f"larger than the size cap of {self.options.max_bytes:,} bytes",
                        code=ErrorCode.E005,
                    )
                src = Source.from_bytes("<stdin>", data)
            else:
                src = self._file_source(name, counter)
            with src.open() as fh:
                head = fh.read(4096)
            fmt = detect_format(
                src.name, head, content_type=src.content_type, forced=self.options.format
            )
            if not head.strip():
                raise InputError(src.name, "input is empty", code=ErrorCode.E002)
            if fmt in ("text", "markdown") and looks_binary(head):
                raise InputError(src.name, "input looks binary, not text", code=ErrorCode.E004)
            counted = 0
            for item in _parse(src, fmt, self.options, self._fetch_page):
                if isinstance(item, ItemError):
                    self._error(item)
                    continue
                yield item
                if counter and self.progress is not None:
                    self.progress.advance(counter[0].count - counted, 1)
                    counted = counter[0].count
            if counter and self.progress is not None:
                self.progress.advance(counter[0].count - counted, 0)
        except InputError as exc:
            self.report.inputs_failed += 1
            self._error(ItemError(exc.source, exc.reason, exc.code))
        except OSError as exc:
            self.report.inputs_failed += 1
            self._error(ItemError(name, f"cannot read: {exc.strerror or exc}", ErrorCode.E001))
        except RecursionError:
            self.report.inputs_failed += 1
            self._error(ItemError(name, "nested too deeply to parse", ErrorCode.E019))
        except Exception as exc:  # a parser library failed in a way we did not foresee
            self.report.inputs_failed += 1
            self._error(ItemError(name, f"{type(exc).__name__}: {exc}", ErrorCode.E019))

    def _file_source(self, name: str, counter: list[_Counting]) -> Source:
        path = Path(name)
        if not path.exists():
            raise InputError(name, "no such file or directory", code=ErrorCode.E001)
        if not path.is_file():
            raise InputError(name, "not a regular file", code=ErrorCode.E001)
        size = path.stat().st_size
        if size == 0:
            raise InputError(name, "input is empty", code=ErrorCode.E002)

        def opener() -> BinaryIO:
            wrapped = _Counting(path.open("rb"))
            counter[:] = [wrapped]
            return wrapped  # type: ignore[return-value]

        return Source(name, opener, size)

    _follow_deadline: float | None = None
    """When the run's budget for following links ends (``time.monotonic``); set by the first
    followed link."""

    def _fetch(self, url: str) -> FetchResult:
        """Fetch an input URL (the user's own: its host is trusted unless the inputs are not)."""
        if self._client is None or self._client.is_closed:  # a deadline closes it
            self._client = guarded_client(self.options)
        etag, last_modified = (
            self.store.get_fetch_state(url) if self.store is not None else (None, None)
        )
        return fetch(url, self.options, etag=etag, last_modified=last_modified, client=self._client)

    def _fetch_page(self, url: str) -> Source:
        """Fetch a linked page for --follow-links (no conditional GET: pages are stored once).

        A link is never trusted (the SSRF guard checks every address it reaches), and all the
        links of a run share ``options.follow_budget`` seconds; once spent, none is fetched."""
        now = time.monotonic()
        if self._follow_deadline is None:
            self._follow_deadline = now + self.options.follow_budget
        if now >= self._follow_deadline:
            raise FetchError(
                url,
                "link not fetched: the time budget for following links "
                f"({self.options.follow_budget:g} s, see --follow-budget) is spent",
                code=ErrorCode.E013,
            )
        if self._client is None or self._client.is_closed:  # a deadline closes it
            self._client = guarded_client(self.options)
        result = fetch(
            url, self.options, client=self._client, linked=True, deadline=self._follow_deadline
        )
        if result.source is None:
            raise InputError(url, "server answered 304 with nothing cached", code=ErrorCode.E012)
        return result.source

    # -- items ---------------------------------------------------------------------------------
    def _repaired(self, item: ArticleInput) -> ArticleInput:
        """The item made storable (:func:`repair_article`); a dropped URL is reported."""
        error = repair_article(item)
        if error is not None:
            self._error(error)
        return item

    def _add(self, item: ArticleInput) -> None:
        item = self._repaired(item)
        if item.language is None:
            item.language = detect_language(item.text, item.title)
        if item.language not in (None, "en"):
            self.report.non_english += 1
        self.report.read += 1
        self._batch.append(item)
        if len(self._batch) >= self.options.batch_size:
            self._flush()

    def _flush(self) -> None:
        if not self._batch or self.store is None:
            return
        batch, self._batch = self._batch, []  # a failed batch is never written twice
        try:
            results = list(self.store.add_articles(batch))
        except StoreError:
            raise  # the store itself failed (disk full, read-only): the run stops, exit 3
        except Exception:  # one item the store refuses must not cost the batch
            results = []
            for item in batch:
                try:
                    results.extend(self.store.add_articles([item]))
                except StoreError:
                    raise
                except Exception as exc:
                    self.report.read -= 1
                    self._error(
                        ItemError(
                            item.origin or "<item>",
                            f"cannot be stored ({type(exc).__name__}: {exc})",
                            ErrorCode.E019,
                        )
                    )
        for r in results:
            if self.on_stored is not None:
                self.on_stored(r)
            if r.status == "added":
                self.report.added += 1
            elif r.status == "revised":
                self.report.revised += 1
            else:
                self.report.unchanged += 1

    def _error(self, error: ItemError) -> None:
        error = ItemError(repair_text(error.source), repair_text(error.reason), error.code)
        self.report.add_error(error)
        if self.on_error is not None:
            self.on_error(error)


def ingest(
    targets: Iterable[str],
    *,
    store: ArticleSink,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    on_error: Callable[[ItemError], None] | None = None,
    on_stored: Callable[[Stored], None] | None = None,
) -> IngestReport:
    """Ingest files, directories, URLs or '-' (standard input) into ``store`` (a
    :class:`newsevents.store.Store`); ``on_stored`` hears of each article the store took."""
    runner = Ingester(
        store,
        options or IngestOptions(),
        progress=progress,
        stdin=stdin,
        on_error=on_error,
        on_stored=on_stored,
    )
    return runner.run(list(targets))
