"""The watch loop: every round, each source through ingest (conditional GET for feeds), the new
articles through the main job (:func:`newsevents.pipeline.code_store`), stories rebuilt, then
the watchlists (:func:`newsevents.watch.alerts.run_watchlists`) and their deliveries.

A source that fails is put off with exponential backoff (state in the store, see
:mod:`newsevents.store.watch_state`) while the others go on; a round is bounded in time (sources
and articles not reached wait for the next round); one process per store (:class:`WatchLock`);
a stop request (Ctrl-C, SIGTERM) ends the round after the current source or article, with every
write committed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

from ..errors import ErrorCode, StoreError
from ..ingest import IngestOptions, IngestReport, ItemError, ingest
from ..ingest.fetch import is_url
from ..pipeline import CODER_VERSION, CodeReport, code_store, rebuild_stories
from ..store import Store
from ..store.events import count_uncoded
from ..store.watch_state import (
    FeedState,
    feed_states,
    get_meta,
    record_failure,
    record_success,
    set_meta,
)
from .alerts import run_watchlists
from .deliver import Delivery

#: File suffixes read as feeds whatever they hold (an HTML page there is an error).
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})


@dataclass(kw_only=True)
class WatchOptions:
    """How the loop runs (the CLI's flags map onto it)."""

    every: float = 900.0
    """Seconds from the start of one round to the start of the next."""
    round_limit: float | None = None
    """Seconds a round may take (None: ``every``); sources and articles not reached by then
    wait for the next round."""
    backoff_base: float | None = None
    """The first backoff after an error, in seconds (None: ``every``); it doubles with each
    further failure in a row."""
    backoff_cap: float = 6 * 3600.0
    """The longest backoff, in seconds."""
    workers: int = 1
    """Coding processes (1: this one, which lets a stop request end after the current article)."""
    ingest: IngestOptions = field(default_factory=IngestOptions)

    @property
    def limit(self) -> float:
        """Seconds a round may take."""
        return self.every if self.round_limit is None else self.round_limit

    @property
    def backoff(self) -> tuple[float, float]:
        """(first backoff, cap) in seconds."""
        base = self.every if self.backoff_base is None else self.backoff_base
        return base, max(base, self.backoff_cap)


class Clock(Protocol):
    """Time as the loop sees it (a test gives a fake one to run a thousand rounds at once)."""

    def time(self) -> float:
        """POSIX seconds now."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait (a stop request may cut the wait short)."""
        ...


class StopFlag:
    """Set by a signal handler (or a test): the loop stops at the next safe point."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: str | None = None

    def set(self, reason: str = "stop") -> None:
        """Ask the loop to stop after the current source or article."""
        self.reason = self.reason or reason
        self._event.set()

    def is_set(self) -> bool:
        """Whether a stop was asked for."""
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when a stop was asked for meanwhile."""
        return self._event.wait(max(0.0, seconds))


class SystemClock:
    """The real clock; sleeping ends early on a stop request."""

    def __init__(self, stop: StopFlag) -> None:
        self._stop = stop

    def time(self) -> float:
        """POSIX seconds now."""
        return time.time()

    def sleep(self, seconds: float) -> None:
        """Wait, or less when a stop is asked for."""
        self._stop.wait(seconds)


@dataclass
class FeedFailure:
    """A source that failed this round, and when it will be tried again."""

    source: str
    error: str
    state: FeedState


@dataclass
class RoundReport:
    """What one round did; ``exit_code`` follows the ingest convention (0, 1, 2)."""

    number: int
    started: float
    """The round's start on the loop's clock (POSIX seconds)."""
    feeds: int = 0
    """Sources in the watch list."""
    fetched: int = 0
    """Sources tried this round."""
    not_modified: int = 0
    failed: int = 0
    backing_off: int = 0
    deferred: int = 0
    """Sources not reached before the round's time ran out."""
    added: int = 0
    revised: int = 0
    events: int = 0
    coded: int = 0
    alerts: int | None = None
    """Alerts raised by the watchlists; None when the watchlists module is not installed."""
    alert_error: str | None = None
    seconds: float = 0.0
    stopped: str | None = None
    """Why the round ended early (``stop``, ``time``), or None."""
    failures: list[FeedFailure] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)

    @property
    def exit_code(self) -> int:
        """0: every source read (or not modified); 1: some failed or wait out a backoff;
        2: none could be read."""
        if not self.failed and not self.backing_off and self.alert_error is None:
            return 0
        if self.ingest.read == 0 and self.not_modified == 0:
            return 2
        return 1

    def line(self) -> str:
        """The one progress line of the round."""
        at = datetime.fromtimestamp(self.started, UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        parts = [f"{self.fetched} fetched", f"{self.not_modified} not modified"]
        parts.append(f"{self.failed} failed")
        if self.backing_off:
            parts.append(f"{self.backing_off} backing off")
        if self.deferred:
            parts.append(f"{self.deferred} deferred to the next round")
        new = f"{self.added} new articles"
        if self.revised:
            new += f" ({self.revised} revised)"
        text = f"round {self.number} at {at}: {self.feeds} feeds ({', '.join(parts)}), {new}"
        text += f", {self.events} events"
        if self.alerts is not None:
            text += f", {self.alerts} alerts"
        text += f", {self.seconds:.1f} s"
        if self.stopped == "stop":
            text += " (stopped)"
        elif self.stopped == "time":
            text += " (round time limit reached)"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (kept in the store as the last round, printed by ``--json``)."""
        return {
            "round": self.number,
            "started": datetime.fromtimestamp(self.started, UTC).isoformat(timespec="seconds"),
            "feeds": self.feeds,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "failed": self.failed,
            "backing_off": self.backing_off,
            "deferred": self.deferred,
            "added": self.added,
            "revised": self.revised,
            "coded": self.coded,
            "events": self.events,
            "alerts": self.alerts,
            "alert_error": self.alert_error,
            "seconds": round(self.seconds, 3),
            "stopped": self.stopped,
            "failures": [
                {
                    "source": f.source,
                    "error": f.error,
                    "failures": f.state.failures,
                    "next_attempt": _iso(f.state.next_attempt),
                }
                for f in self.failures
            ],
            "exit_code": self.exit_code,
        }


def _iso(epoch: float | None) -> str | None:
    return (
        None if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")
    )


class _Stop(Exception):
    """Raised between two articles to end coding early (a stop request or the round's time)."""


class WatchLock:
    """One watch loop per store: an exclusive lock on ``STORE.watch.lock`` beside the store,
    held while the loop runs; the operating system lets go of it when the process ends."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path = db.with_name(db.name + ".watch.lock")
        self._fh: IO[str] | None = None

    def __enter__(self) -> WatchLock:
        fh = self.path.open("a+", encoding="utf-8")
        try:
            _lock_file(fh)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip()
            fh.close()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise StoreError(
                f"{self.db}: another `newsevents watch` is already running on this store{who}",
                code=ErrorCode.E017,
                hint="rounds never overlap: stop the other one first, or let a timer's next "
                "--once run go ahead when this one is done",
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.seek(0)
                self._fh.truncate()
            self._fh.close()  # closing the file releases the lock
            self._fh = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_file(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock_file(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


class Watcher:
    """Runs rounds over a fixed list of sources (:func:`.sources.expand_sources` makes it)."""

    def __init__(
        self,
        store: Store,
        sources: Sequence[str],
        options: WatchOptions | None = None,
        *,
        clock: Clock | None = None,
        stop: StopFlag | None = None,
        on_error: Callable[[ItemError], None] | None = None,
        deliver: Delivery | None = None,
    ) -> None:
        self.store = store
        self.deliver = deliver
        """Where each round's new alerts go (terminal, JSONL, webhook); None: stored only."""
        self.sources = list(dict.fromkeys(sources))
        self.options = options or WatchOptions()
        self.stop = stop or StopFlag()
        self.clock: Clock = clock or SystemClock(self.stop)
        self.on_error = on_error
        self.rounds = 0

    # -- one round ------------------------------------------------------------------------------
    def run_round(self) -> RoundReport:
        """Ingest every due source, code what is new, rebuild stories, run the watchlists."""
        started_perf = time.perf_counter()
        now = self.clock.time()
        self.rounds += 1
        report = RoundReport(self.rounds, now, feeds=len(self.sources))
        deadline = now + self.options.limit
        states = feed_states(self.store)
        due: list[tuple[float, int, str]] = []
        for index, source in enumerate(self.sources):
            state = states.get(source)
            if state is not None and state.backing_off(now):
                report.backing_off += 1
                continue
            # sources the last round did not reach (or never tried) go first
            last = state.last_attempt if state is not None and state.last_attempt else 0.0
            due.append((last, index, source))
        for _, _, source in sorted(due):
            if self.stop.is_set():
                report.stopped = "stop"
                report.deferred += 1
                continue
            if self.clock.time() >= deadline:
                report.stopped = "time"
                report.deferred += 1
                continue
            self._ingest_source(source, report)
        if report.stopped != "stop":
            self._code(report, deadline)
        if report.stopped != "stop":
            self._alerts(report)
        report.seconds = time.perf_counter() - started_perf
        set_meta(self.store, "last_round", json.dumps(report.to_dict()))
        return report

    def _options_for(self, source: str) -> IngestOptions:
        """A URL source (or a feed file: .xml, .rss, .atom, .rdf) is a feed: an HTML page or
        anything else in its place is an error (backoff), not an article; other files and
        folders are read as ``ingest`` reads them."""
        options = self.options.ingest
        feed = is_url(source) or Path(source).suffix.lower() in FEED_SUFFIXES
        if feed and options.format is None:
            return replace(options, format="feed")
        return options

    def _ingest_source(self, source: str, report: RoundReport) -> None:
        report.fetched += 1
        errors: list[ItemError] = []

        def on_error(err: ItemError) -> None:
            errors.append(err)
            if self.on_error is not None:
                self.on_error(err)

        try:
            one = ingest(
                [source], store=self.store, options=self._options_for(source), on_error=on_error
            )
        except StoreError:
            raise  # the store itself failed: the loop cannot go on (exit 3)
        except Exception as exc:  # a failure nobody foresaw must not stop the loop
            one = IngestReport(inputs=1, inputs_failed=1)
            on_error(ItemError(source, f"{type(exc).__name__}: {exc}", ErrorCode.E019))
            one.add_error(errors[-1])
        _merge(report.ingest, one)
        report.added += one.added
        report.revised += one.revised
        report.not_modified += one.not_modified
        at = self.clock.time()
        # failed: nothing read, no 304, and an error (a broken or truncated feed, an HTML page,
        # a 500, a timeout); a well-formed feed with no items is not a failure
        if one.read == 0 and one.not_modified == 0 and (one.inputs_failed or one.error_count):
            report.failed += 1
            message = str(errors[0]) if errors else "nothing could be read"
            state = record_failure(
                self.store, source, at=at, error=message, backoff=self.options.backoff
            )
            report.failures.append(FeedFailure(source, message, state))
        else:
            record_success(self.store, source, at=at, added=one.added)

    def _code(self, report: RoundReport, deadline: float) -> None:
        """Code every uncoded article through the main job; rebuild stories when any was coded
        (or a stopped round left them stale)."""

        def check() -> None:
            now = self.clock.time()
            if self.stop.is_set():
                raise _Stop("stop")
            if now >= deadline:
                raise _Stop("time")

        coded = CodeReport()

        def counted(article: object, records: list[dict[str, Any]] | None) -> None:
            coded.count(records)
            check()

        if count_uncoded(self.store, coder_version=CODER_VERSION):
            # marked before coding, cleared after the rebuild: a loop killed in between (even
            # by SIGKILL) leaves the mark, and the next round rebuilds the stories
            set_meta(self.store, "stories_stale", "1")
            try:
                code_store(
                    self.store, workers=self.options.workers, stories=False, on_article=counted
                )
            except _Stop as stop:
                report.stopped = str(stop)
        report.coded, report.events = coded.articles, coded.events
        if get_meta(self.store, "stories_stale") is None or report.stopped == "stop":
            return  # nothing coded since the last rebuild, or stopping: the next round does it
        rebuild_stories(self.store)
        set_meta(self.store, "stories_stale", None)

    def _alerts(self, report: RoundReport) -> None:
        """Run the watchlists and deliver their alerts; a failure is reported, never fatal."""
        try:
            now = datetime.fromtimestamp(self.clock.time(), UTC)
            report.alerts = len(run_watchlists(self.store, deliver=self.deliver, now=now))
        except StoreError:
            raise
        except Exception as exc:
            report.alert_error = f"watchlists failed: {type(exc).__name__}: {exc}"

    # -- the loop -------------------------------------------------------------------------------
    def run(
        self,
        *,
        once: bool = False,
        rounds: int | None = None,
        on_round: Callable[[RoundReport], None] | None = None,
    ) -> RoundReport | None:
        """Rounds every ``options.every`` seconds until a stop request (one with ``once``; at
        most ``rounds``). A round that overruns is followed at once by the next, never
        overlapped. Returns the last round's report."""
        last: RoundReport | None = None
        while not self.stop.is_set():
            start = self.clock.time()
            last = self.run_round()
            if on_round is not None:
                on_round(last)
            if once or (rounds is not None and self.rounds >= rounds) or self.stop.is_set():
                break
            wait = start + self.options.every - self.clock.time()
            if wait > 0:
                self.clock.sleep(wait)
        return last


def _merge(total: IngestReport, one: IngestReport) -> None:
    """Add one source's ingest report to the round's."""
    for name in (
        "inputs",
        "inputs_failed",
        "read",
        "added",
        "revised",
        "unchanged",
        "not_modified",
        "non_english",
    ):
        setattr(total, name, getattr(total, name) + getattr(one, name))
    for err in one.errors:
        total.add_error(err)
    total.error_count += max(0, one.error_count - len(one.errors))


def status_rows(store: Store, *, now: float) -> list[dict[str, Any]]:
    """Each source the loop has tried: its failures in a row, backoff, last success, articles
    added and last error (for ``newsevents watch status``)."""
    rows = []
    for state in feed_states(store).values():
        if state.backing_off(now):
            condition = f"backing off ({state.failures} failed)"
        elif state.failures:
            condition = f"failing ({state.failures}), due"
        else:
            condition = "ok"
        rows.append(
            {
                "source": state.source,
                "state": condition,
                "failures": state.failures,
                "next_attempt": _iso(state.next_attempt),
                "last_attempt": _iso(state.last_attempt),
                "last_success": _iso(state.last_success),
                "added": state.added,
                "last_error": state.last_error,
            }
        )
    return rows


def last_round(store: Store) -> dict[str, Any] | None:
    """The last round's report as stored, or None before the first round."""
    value = get_meta(store, "last_round")
    return json.loads(value) if value else None
