"""The main job, written once: articles in, event records out, saved to the store, stories rebuilt.

Every path that codes comes through here: ``newsevents code`` (files and the store), ``demo``
(which runs ``code``), the web app's ingest, both engines of ``newsevents run`` (their workers call
:func:`process_many`) and the public :func:`code_text`. So the rules are written once:

- **Language** (:func:`is_coded`): articles in English, or whose language could not be told, are
  coded; any other language is stored as it came, marked by its ``language``, and left uncoded (no
  events, no ``coded_articles`` row, so a later coder that reads it will find it; engine output
  marks it ``coded = false``). Reports count these as ``non_english``.
- **Article id**: the id is the store's, from the canonical URL when there is one, else from the
  content hash (:func:`newsevents.models.article_id_for`); an input's own id is kept as
  ``external_id`` (the store's column, the engine's articles file, and each event line of
  ``code FILE --output``), never used as the id.
- **Source homes** (:func:`code_store`): each coded article's places are stored with its coding
  (``coded_articles.places``); an article coded from a store takes, as a prior for its place
  names, the home area of its source's other coded articles as the store stood when the run
  began (the same for any number of workers). Text coded without a store has no home.
- **This process's coder** (:func:`process_coder`): one per process, loaded on first use and
  reused; pool and Dask workers load it once at start-up through the same function.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from ._pool import default_workers, unordered_map
from .events.api import CODER_VERSION
from .events.coder import Coder, CoderOptions
from .models import Article, Event
from .store import Store
from .store.events import (
    article_place_counts,
    save_events,
    source_place_counts,
    uncoded_articles,
    with_typed_date,
)

if TYPE_CHECKING:
    from .geo.resolver import Home
    from .stories import StoryReport

__all__ = [
    "CODED_LANGUAGES",
    "CODER_VERSION",
    "CodeReport",
    "Records",
    "code_articles",
    "code_store",
    "code_text",
    "is_coded",
    "process",
    "process_coder",
    "process_many",
    "rebuild_stories",
]

Records = list[dict[str, Any]]
"""An article's events as event JSON records (:meth:`newsevents.models.Event.to_dict`)."""
PlaceCounts = dict[str, int]
"""What a coded article adds to its source's home area (``geo.resolver.place_counts``)."""
HomeOf = Callable[[Article], "Home | None"]
"""An article's source home (``geo.resolver.Home``), or None."""

#: Languages the coder reads (ISO 639-1). Articles of unknown language are coded too.
CODED_LANGUAGES = frozenset({"en"})

#: Text (characters) coded inside one spaCy memory zone, and at most this many articles: a zone
#: holds everything until it closes, so it covers a bounded amount of text (1,000 long articles in
#: one zone peaked at 1.3 GB, against about 0.5 GB with zones of this size).
ZONE_CHARS = 250_000
ZONE_ARTICLES = 200


def is_coded(article: Article) -> bool:
    """The language rule: English and unknown-language articles are coded, others are not."""
    return article.language is None or article.language in CODED_LANGUAGES


# -- this process's coder --------------------------------------------------------------------------
_LOCK = threading.Lock()
_HELD: dict[str, Coder] = {}
"""The coder of this process, keyed by its options; at most one is held (a new options object
replaces it), so a long-lived process never keeps two models' worth of dictionaries."""


def process_coder(options: CoderOptions | None = None) -> Coder:
    """This process's coder for ``options`` (default options when None), loaded on first use."""
    key = repr(options or CoderOptions())
    with _LOCK:
        coder = _HELD.get(key)
        if coder is None:
            if _HELD:
                gc.unfreeze()  # the coder it replaces is the collector's again, to be freed
            _HELD.clear()
            coder = _HELD[key] = Coder(options)
            _settle(coder)
        return coder


def _settle(coder: Coder) -> None:
    """Load what every coded article needs (the gazetteer), then move the loaded models,
    dictionaries and gazetteer out of the cyclic collector's reach (``gc.freeze``): they live
    as long as the process, and the collector's passes over their 800,000 objects took half
    its time in a run (bench/coder_speed.py). No collection first: one found 5 objects to free
    and cost 0.35 s. Before a coder replaces this one, :func:`process_coder` unfreezes, so the
    collector can free what reference counting alone cannot (the pipeline's cycles)."""
    from .geo.gazetteer import load_gazetteer

    load_gazetteer()
    gc.freeze()


def code_text(
    text: str, published: str | date | None = None, *, min_confidence: float = 0.0
) -> list[Event]:
    """Events in a text; ``published`` (ISO date or date) anchors relative dates. The text is
    coded as given (no language rule: it carries no detected language). ``min_confidence``
    keeps only the events whose confidence reaches it (calibrated: docs/classifier.md)."""
    events = process_coder().code_text(text, published=published)
    return [e for e in events if e.confidence >= min_confidence]


# -- articles -> records ---------------------------------------------------------------------------
def zone_chunks(
    articles: Iterable[Article], *, max_chars: int = ZONE_CHARS, max_articles: int = ZONE_ARTICLES
) -> Iterator[list[Article]]:
    """Consecutive groups of articles with a bounded amount of text each (at least one)."""
    chunk: list[Article] = []
    chars = 0
    for article in articles:
        if chunk and (chars + len(article.text) > max_chars or len(chunk) >= max_articles):
            yield chunk
            chunk, chars = [], 0
        chunk.append(article)
        chars += len(article.text)
    if chunk:
        yield chunk


def process_many(
    articles: Iterable[Article],
    options: CoderOptions | None = None,
    *,
    home_of: HomeOf | None = None,
) -> Iterator[tuple[Article, Records | None]]:
    """``(article, records)`` in input order, coded in this process; ``records`` is None for an
    article the language rule leaves uncoded. ``home_of`` gives an article's source home (a
    prior for its place names; :func:`code_store` takes it from the store).

    Articles are parsed in batches (``nlp.pipe``) inside spaCy memory zones of bounded size, which
    free the strings each zone added, so a long-running process's memory stays flat.
    """
    for article, records, _ in _process_many(articles, options, home_of):
        yield article, records


def _process_many(
    articles: Iterable[Article], options: CoderOptions | None, home_of: HomeOf | None
) -> Iterator[tuple[Article, Records | None, PlaceCounts]]:
    """:func:`process_many` with what each coded article adds to its source's home."""
    coder = process_coder(options)
    zone = getattr(coder.nlp, "memory_zone", None)
    for chunk in zone_chunks(articles):
        todo = [a for a in chunk if is_coded(a)]
        coded: dict[int, Records] = {}
        local: dict[str, Counter[str]] = {}
        homes = _homes(todo, home_of)
        if todo:
            with zone() if zone is not None else contextlib.nullcontext():
                for article, events in coder.code_articles(todo, homes=homes, places=local):
                    coded[id(article)] = [
                        with_typed_date(e.to_dict(), article.published) for e in events
                    ]
        for article in chunk:
            yield article, coded.get(id(article)), dict(local.get(article.id, {}))


def _homes(articles: list[Article], home_of: HomeOf | None) -> dict[str, Home]:
    """Each article's source home, by article id, where ``home_of`` knows one."""
    if home_of is None:
        return {}
    out: dict[str, Home] = {}
    for a in articles:
        home = home_of(a)
        if home is not None:
            out[a.id] = home
    return out


def process(article: Article, options: CoderOptions | None = None) -> Records | None:
    """One article's event records, or None when the language rule leaves it uncoded."""
    for _, records in process_many([article], options):
        return records
    return None


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for a in articles:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_coder(options: CoderOptions) -> None:
    process_coder(options)


def _code_batch(
    options: CoderOptions, job: tuple[list[Article], dict[str, Home]]
) -> list[tuple[Article, Records, PlaceCounts]]:
    batch, homes = job
    return [
        (a, r, p)
        for a, r, p in _process_many(batch, options, lambda a: homes.get(a.id))
        if r is not None
    ]


def code_articles(
    articles: Iterable[Article],
    options: CoderOptions | None = None,
    *,
    workers: int | None = 1,
    batch_size: int = 16,
    home_of: HomeOf | None = None,
) -> Iterator[tuple[Article, Records | None]]:
    """``(article, records)`` for every article (``records`` None when not coded), from
    ``workers`` processes (None: every core): in input order with one worker (this process),
    else in completion order, with at most ``2 * workers`` batches in flight so memory stays
    bounded. ``home_of``: as in :func:`process_many`, asked in this process."""
    for article, records, _ in _code_articles(
        articles, options, workers=workers, batch_size=batch_size, home_of=home_of
    ):
        yield article, records


def _code_articles(
    articles: Iterable[Article],
    options: CoderOptions | None,
    *,
    workers: int | None,
    batch_size: int,
    home_of: HomeOf | None,
) -> Iterator[tuple[Article, Records | None, PlaceCounts]]:
    """:func:`code_articles` with what each coded article adds to its source's home."""
    options = options or CoderOptions()
    workers = default_workers() if workers is None else workers
    if workers <= 1:
        yield from _process_many(articles, options, home_of)
        return
    skipped: deque[Article] = deque()

    def coded_only() -> Iterator[Article]:
        for article in articles:
            if is_coded(article):
                yield article
            else:
                skipped.append(article)

    def jobs() -> Iterator[tuple[list[Article], dict[str, Home]]]:
        for batch in _batches(coded_only(), batch_size):
            yield batch, _homes(batch, home_of)

    for _job, done in unordered_map(
        partial(_code_batch, options),
        jobs(),
        workers=workers,
        initializer=_load_coder,
        initargs=(options,),
    ):
        while skipped:
            yield skipped.popleft(), None, {}
        yield from done
    while skipped:
        yield skipped.popleft(), None, {}


# -- the store -------------------------------------------------------------------------------------
@dataclass
class CodeReport:
    """What a coding run did."""

    articles: int = 0
    """Articles coded (their events saved)."""
    events: int = 0
    non_english: int = 0
    """Articles the language rule left uncoded."""
    stories: StoryReport | None = None
    """The story rebuild that followed (None when it was not asked for)."""
    seconds: float = 0.0

    def count(self, records: Records | None) -> None:
        """Count one article: coded with these records, or left uncoded (None)."""
        if records is None:
            self.non_english += 1
        else:
            self.articles += 1
            self.events += len(records)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return {
            "articles": self.articles,
            "events": self.events,
            "non_english": self.non_english,
            "stories": self.stories.to_dict() if self.stories is not None else None,
            "seconds": self.seconds,
        }


def rebuild_stories(store: Store) -> StoryReport:
    """Rebuild near-duplicates and stories from every stored event (after coding or loading)."""
    from .stories import build_stories

    return build_stories(store)


def _store_homes(store: Store) -> HomeOf:
    """An article's source home from the store as it was before this run: the place counts of
    its source's other current coded articles (its own earlier coding left out)."""
    from .geo.resolver import home_from_counts

    totals = source_place_counts(store)

    def home_of(article: Article) -> Home | None:
        total = totals.get(article.source or "")
        if not total:
            return None
        return home_from_counts(total - article_place_counts(store, article))

    return home_of


def code_store(
    store: Store,
    options: CoderOptions | None = None,
    *,
    workers: int | None = None,
    limit: int | None = None,
    recode: bool = False,
    articles: Iterable[Article] | None = None,
    on_article: Callable[[Article, Records | None], None] | None = None,
    stories: bool = True,
) -> CodeReport:
    """Code the store's current articles not yet coded by this coder version (all with
    ``recode``; only ``articles`` when given), save each one's events atomically, then rebuild
    the stories (with ``articles`` given, only when one was coded).

    ``workers`` defaults to every core; ``limit`` caps the articles considered (coded or not);
    ``on_article`` hears of each one as it is done (a progress bar).
    """
    started = time.perf_counter()
    report = CodeReport()
    todo: Iterable[Article] = (
        articles
        if articles is not None
        else uncoded_articles(store, coder_version=CODER_VERSION, recode=recode)
    )

    def limited() -> Iterator[Article]:
        for i, article in enumerate(todo):
            if limit is not None and i >= limit:
                return
            yield article

    home_of = _store_homes(store)
    for article, records, places in _code_articles(
        limited(), options, workers=workers, batch_size=16, home_of=home_of
    ):
        if records is not None:
            save_events(store, article, records, coder_version=CODER_VERSION, places=places)
        report.count(records)
        if on_article is not None:
            on_article(article, records)
    if stories and (articles is None or report.articles):
        report.stories = rebuild_stories(store)
    report.seconds = time.perf_counter() - started
    return report
