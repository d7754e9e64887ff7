"""Building the index: read the corpus, find places, extract events, write SQLite atomically.

Incremental: an article whose bytes (content hash) and path are unchanged since the last build,
with the same matcher, is copied from the old index instead of being parsed again.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from articles.errors import ArticleError
from articles.reader import (
    PROVENANCE,
    Article,
    check_unique_ids,
    content_hash,
    list_corpus,
    parse_article,
    read_bytes,
)
from articles.text import segment_lines
from dashboard.build.analysis import (
    ArticleAnalysis,
    analyse_article,
    extraction_fingerprint,
    merge_problem,
)
from dashboard.build.deadline import TooSlow, time_limit
from dashboard.store import index as ix
from dashboard.store import write as store
from dashboard.store.indexfile import IndexFileError, build_lock, check_target, remove_leftovers
from dashboard.store.previous import read_corpus_prior, read_details, read_previous
from dashboard.store.records import article_from_row
from geodata.cache import LazyMatcher
from geodata.matcher import (
    PlaceMatcher,
)
from geodata.place import Place


@dataclass(frozen=True)
class BuildSummary:
    """What one build did: a complete record on every path (an unchanged index included)."""

    indexed: int = 0  # parsed this time
    skipped: int = 0  # unchanged, copied from the previous index
    rejected: int = 0  # files named in ``errors``
    removed: int = 0
    places: int = 0
    mentions: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # accepted, but worth saying (legacy encoding, unknown field)
    online: tuple[str, ...] = ()  # how the online geocoder's requests went (``--online``)
    unchanged: bool = False  # nothing changed: the index was left as it is
    stages: tuple[tuple[str, float], ...] = ()  # (stage, seconds) in order, for the bench

    def lines(self) -> list[str]:
        return [
            f"articles: {self.indexed} indexed, {self.skipped} unchanged (skipped), "
            f"{self.rejected} rejected, {self.removed} removed",
            f"places: {self.places}  mentions: {self.mentions}  events: {self.events}",
            "index unchanged (nothing to rebuild)"
            if self.unchanged
            else f"built in {self.seconds:.2f} s",
            *self.online,
        ]


def _renamed(payload: dict, article_id: str) -> dict:
    """An unchanged article's extraction under the id its new file name gives it."""
    events = [{**draft, "article_id": article_id} for draft in payload.get("events", [])]
    return {**payload, "events": events}


def _warnings(
    articles: Iterable[tuple[str, Iterable[str], dict]], matcher: PlaceMatcher | LazyMatcher
) -> list[str]:
    """Skipped gazetteer rows (when the matcher was loaded), each article's own warnings, then
    one line per unknown front-matter field (not one per file: a corpus that always carries
    ``seed`` says so once). ``articles``: (path, warnings, extra) of each."""
    gazetteer = getattr(matcher, "gazetteer", None)
    out = list(getattr(gazetteer, "problems", ()))
    fields: dict[str, list[str]] = {}
    for path, warnings, extra in articles:
        out += [f"{path}: {w}" for w in warnings]
        for name in extra:
            if name not in PROVENANCE:
                fields.setdefault(name, []).append(path)
    for name, paths in sorted(fields.items()):
        more = f" and {len(paths) - 1} other file(s)" if len(paths) > 1 else ""
        out.append(f"{paths[0]}{more}: unknown front-matter field {name!r} kept as extra data")
    return out


class _Clock:
    """Seconds spent in each stage of a build, for ``BuildSummary.stages``."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.stages: list[tuple[str, float]] = []

    def mark(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages.append((stage, now - self.last))
        self.last = now


class _Sized:
    """An iterator with a length, so a progress bar knows the total."""

    def __init__(self, items: Iterator, length: int) -> None:
        self.items, self.length = items, length

    def __iter__(self) -> Iterator:
        return iter(self.items)

    def __len__(self) -> int:
        return self.length


#: Articles below which the build stays in one process (starting workers costs more).
PARALLEL_FROM = 64
#: The most time one article's analysis may take (a news article takes well under a second).
ANALYSIS_SECONDS = 120.0
_worker_matcher: PlaceMatcher | None = None
_worker_prior: frozenset[str] = frozenset()


def _analyse_one(
    article: Article, matcher: PlaceMatcher, geocoder=None, prior: frozenset[str] = frozenset()
) -> ArticleAnalysis | str:
    """The analysis, or what went wrong: one article the code cannot handle stops no other,
    nor one it takes too long on (``ANALYSIS_SECONDS``; with the online geocoder, whose own
    budget bounds its waits, no limit)."""
    limit = 0 if geocoder is not None else ANALYSIS_SECONDS
    try:
        with time_limit(limit):
            lines = segment_lines(article.body)
            return analyse_article(article, matcher, lines, geocoder, prior=prior)
    except TooSlow:
        return f"analysis took longer than {limit:g} s (the limit per article): skipped"
    except Exception as exc:  # noqa: BLE001 - reported per article, the build goes on
        return f"analysis failed: {type(exc).__name__}: {str(exc)[:300]}"


def _ignore_ctrl_c() -> None:
    """In a worker: Ctrl-C reaches the whole process group; the parent alone handles it (and
    ends the pool), so the terminal shows one message, not a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _analyse_remote(
    article: Article, matcher: PlaceMatcher, prior: frozenset[str]
) -> ArticleAnalysis | str:
    """``_analyse_one`` on a Dask worker (imported there by name: a module-level function)."""
    return _analyse_one(article, matcher, None, prior)


def _analyse_in_worker(article: Article) -> ArticleAnalysis | str:
    assert _worker_matcher is not None
    return _analyse_one(article, _worker_matcher, prior=_worker_prior)


def _analyse_all(
    articles: list[Article],
    matcher: PlaceMatcher,
    geocoder,
    workers: int | None,
    prior: frozenset[str] = frozenset(),
    cluster=None,
) -> Iterator[tuple[Article, ArticleAnalysis | str]]:
    if cluster is not None:  # a Dask client (``dask_executor.connect``)
        from dashboard.build.dask_executor import analyse_on_dask

        yield from analyse_on_dask(cluster, articles, matcher, prior, _analyse_remote)
        return
    workers = workers or os.cpu_count() or 1
    if geocoder is not None or workers < 2 or len(articles) < PARALLEL_FROM:
        for article in articles:
            yield article, _analyse_one(article, matcher, geocoder, prior)
        return
    global _worker_matcher, _worker_prior
    _worker_matcher = matcher  # inherited by the forked workers, not pickled per task
    _worker_prior = prior
    done = 0
    context = multiprocessing.get_context("fork")
    # What is alive now (the matcher's millions of objects) out of the collector's sight while
    # the workers are forked and run: their collections never walk it, so they do not write to
    # (and copy) its pages. Back in sight once the analysis ends.
    gc.freeze()
    # concurrent.futures, not multiprocessing.Pool: when a worker dies (killed, out of memory)
    # the Pool waits forever for its lost tasks, the executor raises BrokenProcessPool.
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_ctrl_c)
    try:
        chunk = max(1, min(64, len(articles) // (workers * 8)))
        for article, result in zip(
            articles, pool.map(_analyse_in_worker, articles, chunksize=chunk), strict=True
        ):
            yield article, result
            done += 1
    except BrokenProcessPool:
        # A worker died: what it had not sent back is analysed here, one article at a time.
        for article in articles[done:]:
            yield article, _analyse_one(article, matcher, None, prior)
    finally:
        # Ctrl-C or an error: do not wait for the queued work (the executor's default).
        pool.shutdown(wait=False, cancel_futures=True)
        _worker_matcher = None
        gc.unfreeze()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _loaded(matcher: PlaceMatcher | LazyMatcher) -> PlaceMatcher:
    return matcher.load() if isinstance(matcher, LazyMatcher) else matcher


def _about(articles: Iterable[Article]) -> Iterator[tuple[str, Iterable[str], dict]]:
    return ((a.path, a.warnings, a.extra) for a in articles)


def build_index(
    corpus: Path,
    db: str | Path | URL | None = None,
    *,
    matcher: PlaceMatcher | LazyMatcher,
    online=None,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
    workers: int | None = None,
    on_wait: Callable[[str], None] = _say,
    scheduler: str | None = None,
) -> BuildSummary:
    """Index every article of ``corpus``; rejected files are reported, the rest still indexed.

    Articles are analysed in ``workers`` processes (default: one per CPU) when there are many
    and no online geocoder (whose rate limit and cache live in this process). ``matcher``: a
    ``LazyMatcher`` is loaded only when some article needs analysis (a build with nothing to
    do then takes well under a second). ``scheduler``: the address of a Dask distributed
    scheduler (``tcp://HOST:8786``) whose workers analyse the articles instead of local
    processes (not with an online geocoder); the rest of the build runs here. A SQLite target
    that is not a writable index is refused before any work; a second build of the same index
    waits for the first (``on_wait`` is told why).
    """
    if not corpus.is_dir():
        raise ArticleError(str(corpus), "corpus folder does not exist")
    if scheduler and online:
        raise ValueError("a Dask scheduler and the online geocoder do not combine")
    url = db if isinstance(db, URL) else ix.resolve_db(db)
    path = ix.sqlite_path(url)
    if path is None:  # a server index: builds take turns through an advisory lock
        with store.build_lock(url, on_wait):
            return _build(corpus, url, matcher, online, progress, workers, scheduler)
    check_target(path)
    with build_lock(path, on_wait):
        check_target(path)  # the build we waited for may have left another file there
        remove_leftovers(path)  # of killed builds, even if this one finds nothing to do
        return _build(corpus, url, matcher, online, progress, workers, scheduler)


def _build(
    corpus: Path,
    url: URL,
    matcher: PlaceMatcher | LazyMatcher,
    online,
    progress: Callable[[Iterable], Iterable],
    workers: int | None,
    scheduler: str | None = None,
) -> BuildSummary:
    started = time.perf_counter()
    # An online build finds places an offline one does not: switching re-analyses every article
    # (the geocoder's cache is carried over, so no name is asked again).
    mode = "+online" if online else ""
    fingerprint = f"{getattr(matcher, 'fingerprint', '')}+{extraction_fingerprint()}{mode}"
    clock = _Clock()
    prev = read_previous(url, fingerprint)
    clock.mark("read previous index (ids, hashes)")
    skipped = 0
    errors: list[ArticleError] = []
    found: list[Article] = []
    analyses_by_path: dict[str, ArticleAnalysis] = {}
    geocoder = online(prev.geocode_rows) if online else None
    parsed: set[str] = set()
    to_analyse: list[Article] = []
    reused: list[str] = []
    renamed: dict[str, Article] = {}  # old path -> the same bytes under a new file name
    paths, listing_errors = list_corpus(corpus)
    errors += listing_errors
    current = {str(p) for p in paths}
    gone = {h: p for p, h in prev.hashes.items() if p not in current}
    for path in paths:
        key = str(path)
        try:
            data = read_bytes(path)
        except ArticleError as exc:
            errors.append(exc)
            continue
        digest = content_hash(data)
        if prev.hashes.get(key) == digest:
            reused.append(key)  # its row is read below, only if the index is written
            skipped += 1
            continue
        try:
            article = parse_article(data, path)
        except ArticleError as exc:
            errors.append(exc)
            continue
        if digest in gone:  # renamed, same bytes: the same article, not analysed again
            renamed[gone.pop(digest)] = article
            found.append(article)
            skipped += 1
            continue
        to_analyse.append(article)
    unchanged = set(reused) == set(prev.hashes)
    clock.mark("read and hash the corpus, parse changed files")
    if prev.current and unchanged and not (to_analyse or errors or prev.counts["rejected"]):
        # Nothing changed since the last build with this matcher: the index stands as it is.
        about = [*((k, (), prev.extras[k]) for k in reused), *_about(found)]
        return BuildSummary(
            skipped=skipped,
            places=prev.counts["places"],
            mentions=prev.counts["mentions"],
            events=prev.counts["events"],
            seconds=time.perf_counter() - started,
            warnings=tuple(_warnings(sorted(about, key=lambda t: str(t[0])), matcher)),
            unchanged=True,
            stages=tuple(clock.stages),
        )
    cluster = None
    if to_analyse and scheduler:
        from dashboard.build.dask_executor import connect

        cluster = connect(scheduler)  # before the matcher: a wrong address is said at once
        clock.mark("connect to the Dask scheduler")
    if to_analyse:
        try:
            matcher = _loaded(matcher)
        except BaseException:
            if cluster is not None:  # else closed once the analysis is done
                cluster.close()
            raise
        clock.mark("load the matcher")
    # The corpus's region: countries named by the articles to analyse (a cheap first pass) and by
    # the previous index's confident mentions. Articles that did not change keep their analysis.
    prior = read_corpus_prior(url, matcher, to_analyse) if to_analyse else frozenset()
    clock.mark("corpus prior (countries named)")
    if reused or renamed:
        read_details(url, prev, with_mentions=set(renamed))
        clock.mark("read previous rows and extractions")
        for key in reused:
            found.append(article_from_row(prev.article_rows[key]))
            analyses_by_path[key] = prev.analyses[key]
        for old, article in renamed.items():
            analysis = prev.analyses[old]
            payload = _renamed(analysis.payload, article.id)
            analyses_by_path[article.path] = ArticleAnalysis(analysis.mentions, payload)
    places: dict[str, Place] = dict(prev.places)
    analysed = _Sized(
        _analyse_all(to_analyse, matcher, geocoder, workers, prior, cluster), len(to_analyse)
    )
    for article, analysis in progress(analysed):
        if isinstance(analysis, str):
            errors.append(ArticleError(str(article.path), analysis))
            continue
        found.append(article)
        for mention in analysis.mentions:
            places.setdefault(mention.place_id, analysis.places[mention.place_id])
        analyses_by_path[article.path] = analysis
        parsed.add(article.path)
    clock.mark("analyse articles")
    found.sort(key=lambda a: str(a.path))  # corpus order, whichever were parsed
    unique = check_unique_ids(found)
    errors += unique.errors
    kept = unique.articles
    analyses = {a.id: analyses_by_path[a.path] for a in kept}
    for analysis in analyses.values():
        for m in analysis.mentions:
            if m.place_id not in places:
                places[m.place_id] = _loaded(matcher).gazetteer.places[m.place_id]
    geocode_rows = geocoder.cache_rows() if geocoder else prev.geocode_rows
    clock.mark("check ids")
    try:
        n_places, n_mentions, n_events = store.write(
            url, kept, analyses, places, errors, geocode_rows, fingerprint
        )
    except (IndexFileError, KeyboardInterrupt):
        raise
    except Exception:
        # The merge or the write failed: find the articles that fail on their own, reject
        # them, and write the rest (any other failure is not an article's: raise it).
        culprits = {a.id: p for a in kept if (p := merge_problem(a, analyses[a.id])) is not None}
        if not culprits:
            raise
        errors += [
            ArticleError(a.path, f"merge failed: {culprits[a.id]}")
            for a in kept
            if a.id in culprits
        ]
        kept = [a for a in kept if a.id not in culprits]
        analyses = {a.id: analyses[a.id] for a in kept}
        n_places, n_mentions, n_events = store.write(
            url, kept, analyses, places, errors, geocode_rows, fingerprint
        )
    clock.mark("merge events and write the index")
    return BuildSummary(
        indexed=sum(a.path in parsed for a in kept),
        skipped=skipped,
        rejected=len(errors),
        removed=len(prev.ids - {a.id for a in kept}),
        places=n_places,
        mentions=n_mentions,
        events=n_events,
        seconds=time.perf_counter() - started,
        errors=tuple(str(e) for e in errors),
        warnings=tuple(_warnings(_about(kept), matcher)),
        online=tuple(geocoder.report()) if geocoder else (),
        stages=tuple(clock.stages),
    )
