"""Per-article analysis (places, then events) and the cross-article merge into the index."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from articles.reader import Article
from articles.text import Span
from geodata.matcher import Mention, PlaceMatcher
from geodata.place import Place


@dataclass
class ArticleAnalysis:
    mentions: list[Mention]
    payload: dict  # what event extraction found in this article (JSON), merged across articles
    places: dict[str, Place] = field(default_factory=dict)  # places first met online


def analyse_article(
    article: Article, matcher: PlaceMatcher, lines: list[Span], geocoder=None
) -> ArticleAnalysis:
    mentions = matcher.find(article.body, lines)
    places = {m.place_id: matcher.gazetteer.places[m.place_id] for m in mentions}
    if geocoder is not None:
        for mention, place in geocoder.find_unknown(article, mentions, lines):
            mentions.append(mention)
            places[place.id] = place
        mentions.sort(key=lambda m: m.start)
    return ArticleAnalysis(mentions=mentions, payload={}, places=places)


def merge_extractions(
    conn: Connection, articles: list[Article], analyses: dict[str, ArticleAnalysis]
) -> int:
    """Merge per-article events into the index's events; returns how many were written."""
    return 0
