"""What the previous index holds, read before a build so unchanged articles are copied.

Read in steps, each only when the build needs it: ids, paths and hashes first (enough to know
whether anything changed: a build with nothing to do reads no more), then the article rows and
extractions when some article is copied, and the mentions only of articles written again under a
new id (a renamed file): the others' mentions stay where they are in the index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import URL

from articles.errors import NewsMapError
from articles.reader import Article
from dashboard.build.analysis import ArticleAnalysis
from dashboard.store import index as ix
from dashboard.store.records import mention_from_row, place_from_row
from geodata.matcher import (
    Mention,
    PlaceMatcher,
    corpus_prior,
    is_confident,
    named_country_counts,
)
from geodata.place import Place


@dataclass
class Previous:
    """What the old index holds, by article path."""

    hashes: dict[str, str] = field(default_factory=dict)
    extras: dict[str, dict] = field(default_factory=dict)  # front-matter extras (warnings)
    article_rows: dict[str, dict] = field(default_factory=dict)  # ``read_details``
    analyses: dict[str, ArticleAnalysis] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    geocode_rows: list[dict] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table
    current: bool = False  # an index built with this matcher and extraction code


def read_previous(url: URL, fingerprint: str) -> Previous:
    """What a build needs first: article hashes and rows (details come later, if needed)."""
    prev = Previous()
    try:
        engine = ix.open_index(url)
    except NewsMapError:
        return prev
    with engine.connect() as conn:
        prev.geocode_rows = [dict(r._mapping) for r in conn.execute(select(ix.geocode_cache))]
        if ix.get_meta(conn).get("matcher") != fingerprint:
            engine.dispose()
            return prev
        prev.current = True
        prev.counts = {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in (
                ("rejected", ix.rejected),
                ("places", ix.places),
                ("mentions", ix.mentions),
                ("events", ix.events),
            )
        }
        a = ix.articles.c
        for r in conn.execute(select(a.id, a.path, a.content_hash, a.extra)):
            prev.hashes[r.path] = r.content_hash
            prev.extras[r.path] = r.extra or {}
            prev.ids.add(r.id)
    engine.dispose()
    return prev


def read_corpus_prior(url: URL, matcher: PlaceMatcher, articles: list[Article]) -> frozenset[str]:
    """``corpus_prior`` over the countries each article names: the articles to analyse, and
    the previous index's confidently placed mentions (one count per article and country)."""
    counts = named_country_counts(matcher, [a.body for a in articles])
    try:
        engine = ix.open_index(url)
    except NewsMapError:
        return corpus_prior(counts)
    query = select(ix.mentions.c.article_id, ix.places.c.country, ix.mentions.c.reason).join(
        ix.places, ix.places.c.id == ix.mentions.c.place_id
    )
    with engine.connect() as conn:
        named = {(a, c) for a, c, reason in conn.execute(query) if is_confident(reason)}
    engine.dispose()
    counts.update(c for _, c in named)
    return corpus_prior(counts)


def read_details(url: URL, prev: Previous, with_mentions: set[str] = frozenset()) -> None:
    """Article rows, places and extractions of the previous index, to copy unchanged articles;
    the mentions only of the articles at ``with_mentions`` (paths)."""
    engine = ix.open_index(url)
    with engine.connect() as conn:
        prev.article_rows = {r.path: dict(r._mapping) for r in conn.execute(select(ix.articles))}
        prev.places = {r.id: place_from_row(r) for r in conn.execute(select(ix.places))}
        ids = [prev.article_rows[p]["id"] for p in sorted(with_mentions)]
        by_article: dict[str, list[Mention]] = {}
        for start in range(0, len(ids), 500):  # bounded lists of ids
            query = select(ix.mentions).where(
                ix.mentions.c.article_id.in_(ids[start : start + 500])
            )
            for r in conn.execute(query.order_by(ix.mentions.c.id)):
                by_article.setdefault(r.article_id, []).append(mention_from_row(r))
        payloads = {r.article_id: r.payload for r in conn.execute(select(ix.extractions))}
        for path, row in prev.article_rows.items():
            prev.analyses[path] = ArticleAnalysis(
                mentions=by_article.get(row["id"], []),
                payload=payloads.get(row["id"], {}),
                stored=path not in with_mentions,
            )
    engine.dispose()
