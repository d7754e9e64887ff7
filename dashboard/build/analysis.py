"""Per-article analysis (places, then events) and the cross-article merge into the index."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection

from articles.actors import ActorMention, actor_lookup, find_actors, resolve_actors
from articles.events import EventDraft, PlaceSpan, extract
from articles.merge import event_title, merge_drafts
from articles.reader import Article
from articles.text import Span
from articles.windows import SpanSet
from dashboard.store import index as ix
from dashboard.store.bulk import insert_rows
from dashboard.store.records import (
    actor_row,
    event_link_rows,
    event_record,
    event_row,
    spelling_rows,
)
from geodata.matcher import Mention, PlaceMatcher
from geodata.place import AREA_KINDS, Place

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "articles"


@cache
def extraction_fingerprint() -> str:
    """A hash of the extraction code and word lists: change either and every article is redone."""
    digest = hashlib.sha256()
    files = sorted([*ARTICLES_DIR.glob("*.py"), *ARTICLES_DIR.glob("lexicon/**/*.yaml")])
    for path in files:
        digest.update(path.relative_to(ARTICLES_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class ArticleAnalysis:
    mentions: list[Mention]
    payload: dict  # what event extraction found in this article (JSON), merged across articles
    places: dict[str, Place] = field(default_factory=dict)  # places first met online
    # Copied from the previous index, whose mentions rows stay as they are (``mentions`` is not
    # loaded): only a write that changes that index in place may take it.
    stored: bool = False


def place_mentions(
    body: str,
    matcher: PlaceMatcher,
    lines: list[Span],
    actors: list[ActorMention],
    prior: frozenset[str] = frozenset(),
) -> list[Mention]:
    """The matcher's place mentions, less those inside an actor's name.

    "El Mokhtar" in "El Mokhtar Bolle Chaâbane" is a man, not the village of that name; "Macina"
    in "Katiba Macina" names an armed group, not where it acted. A military zone is a command
    and a place at once ("the Moroccan Southern Zone"): it stays.
    """
    names = SpanSet((a.start, a.end) for a in actors)

    places = matcher.gazetteer.places
    return [
        m
        for m in matcher.find(body, lines, prior)
        if places[m.place_id].kind == "military_zone" or not names.contains(m.start, m.end)
    ]


def analyse_article(
    article: Article,
    matcher: PlaceMatcher,
    lines: list[Span],
    geocoder=None,
    prior: frozenset[str] = frozenset(),
) -> ArticleAnalysis:
    actors = find_actors(article.body, article.language)
    mentions = place_mentions(article.body, matcher, lines, actors, prior)
    places = {m.place_id: matcher.gazetteer.places[m.place_id] for m in mentions}
    if geocoder is not None:
        for mention, place in geocoder.find_unknown(article, mentions, lines):
            mentions.append(mention)
            places[place.id] = place
        mentions.sort(key=lambda m: m.start)
    spans = [
        PlaceSpan(m.start, m.end, m.place_id, places[m.place_id].kind in AREA_KINDS)
        for m in mentions
        if m.kind == "body" and m.role == "place"  # "Malian troops" do not place an event
    ]
    return ArticleAnalysis(
        mentions=mentions, payload=extract(article, spans, lines, actors), places=places
    )


def merge_extractions(
    conn: Connection, articles: list[Article], analyses: dict[str, ArticleAnalysis]
) -> int:
    """Resolve actors and merge events across articles; write them; return the event count."""
    pairs = [
        (a.id, ActorMention.from_json(m))
        for a in articles
        for m in analyses[a.id].payload.get("actors", [])
    ]
    actors = resolve_actors(pairs)
    actor_of = actor_lookup(actors)

    drafts = [
        EventDraft.from_json(d) for a in articles for d in analyses[a.id].payload.get("events", [])
    ]
    merged = merge_drafts(drafts, actor_of)
    known_places = set(conn.execute(select(ix.places.c.id)).scalars())
    place_names = dict(conn.execute(select(ix.places.c.id, ix.places.c.name)).all())
    actor_names = {a.id: a.name for a in actors}
    article_ids = {a.id for a in articles}
    insert_rows(conn, ix.actors, [actor_row(a) for a in actors])
    insert_rows(
        conn, ix.actor_spellings, [r for a in actors for r in spelling_rows(a, article_ids)]
    )
    bodies = {a.id: a.body for a in articles}
    event_rows, place_rows, actor_rows, source_rows = [], [], [], []
    for event in merged:
        event_rows.append(
            event_row(event_record(event, event_title(event, place_names, actor_names)))
        )
        places, actors_of, sources = event_link_rows(event, known_places, bodies)
        place_rows += places
        actor_rows += actors_of
        source_rows += sources
    for table, rows in (
        (ix.events, event_rows),
        (ix.event_places, place_rows),
        (ix.event_actors, actor_rows),
        (ix.event_sources, source_rows),
    ):
        insert_rows(conn, table, rows)
    return len(merged)


def merge_problem(article: Article, analysis: ArticleAnalysis) -> str | None:
    """What goes wrong when this article alone is merged and stored, or None.

    Run only after a build's merge or write failed, to find the article(s) responsible: the
    same pure steps as ``merge_extractions`` (actors, drafts, titles) plus the JSON encoding of
    what is stored, on one article, so one bad article is rejected instead of aborting the build.
    """
    try:
        json.dumps(article.extra)
        json.dumps(analysis.payload)
        pairs = [
            (article.id, ActorMention.from_json(m)) for m in analysis.payload.get("actors", [])
        ]
        actors = resolve_actors(pairs)
        drafts = [EventDraft.from_json(d) for d in analysis.payload.get("events", [])]
        names = {a.id: a.name for a in actors}
        for event in merge_drafts(drafts, actor_lookup(actors)):
            event_title(event, {}, names)
    except Exception as exc:  # noqa: BLE001 - the message becomes the article's rejection
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    return None
