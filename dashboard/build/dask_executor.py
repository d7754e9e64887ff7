"""The per-article analysis on a Dask distributed cluster (``build --executor dask``).

The analysis of an article is a pure function of the article, the matcher and the corpus prior,
so it can run anywhere: the matcher is sent once to every worker (``scatter`` with
``broadcast``: a worker needs no gazetteer files nor disk cache of its own, only this code and
its dependencies, at the same versions), the articles go in chunks, and the results come back in
the order they were sent, so the rest of the build (the merge, the one write) is the local one.

A worker analyses in its threads, where the per-article time limit
(``dashboard.build.deadline``) is not applied; the cluster's own means (``dask worker
--lifetime``, restarts) bound a stuck task. A chunk the cluster loses (a worker killed) is
analysed here instead, as the local pool does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from articles.errors import NewsMapError
from articles.reader import Article
from dashboard.build.analysis import ArticleAnalysis
from geodata.matcher import PlaceMatcher

#: Articles per task: enough to make the scheduler's cost per task negligible.
CHUNK = 32
#: Seconds to wait for the scheduler to answer before saying it cannot be reached.
CONNECT_SECONDS = 10.0

Analyse = Callable[[Article, PlaceMatcher, frozenset[str]], "ArticleAnalysis | str"]


class SchedulerUnreachable(NewsMapError, ConnectionError):
    """The Dask scheduler named by ``--scheduler`` does not answer."""


def connect(address: str, timeout: float | None = None):
    """A ``distributed.Client`` on the scheduler at ``address``, or ``SchedulerUnreachable``.

    Called before the build loads the matcher, so a wrong address is said in seconds."""
    from distributed import Client

    timeout = timeout or CONNECT_SECONDS
    if "://" not in address:
        raise SchedulerUnreachable(
            f"{address}: not a scheduler address; give one like tcp://HOST:8786"
        )
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        said = " ".join(str(exc).split()) or type(exc).__name__
        raise SchedulerUnreachable(
            f"{address}: cannot reach the Dask scheduler within {timeout:g} s ({said}); start "
            "one with `dask scheduler` (and workers with `dask worker ADDRESS`) or check "
            "--scheduler"
        ) from None


def _chunk(
    analyse: Analyse, articles: list[Article], matcher: PlaceMatcher, prior: frozenset[str]
) -> list[ArticleAnalysis | str]:
    """On a worker: one chunk's results, in order."""
    return [analyse(article, matcher, prior) for article in articles]


def analyse_on_dask(
    client,
    articles: list[Article],
    matcher: PlaceMatcher,
    prior: frozenset[str],
    analyse: Analyse,
) -> Iterator[tuple[Article, ArticleAnalysis | str]]:
    """Each article with its analysis (or what went wrong), in order, computed on the cluster
    of ``client`` (from ``connect``; closed at the end)."""
    try:
        if not client.scheduler_info().get("workers"):
            try:
                client.wait_for_workers(1, timeout=CONNECT_SECONDS * 6)
            except TimeoutError:
                raise SchedulerUnreachable(
                    f"{client.scheduler.address}: the Dask scheduler has no worker (start some "
                    "with `dask worker ADDRESS`)"
                ) from None
        remote = client.scatter(matcher, broadcast=True, hash=False)
        chunks = [articles[i : i + CHUNK] for i in range(0, len(articles), CHUNK)]
        futures = [client.submit(_chunk, analyse, c, remote, prior, pure=False) for c in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                results = future.result()
            except Exception:  # noqa: BLE001 - a lost worker: analysed here, the build goes on
                results = _chunk(analyse, chunk, matcher, prior)
            future.release()
            yield from zip(chunk, results, strict=True)
    finally:
        client.close()
