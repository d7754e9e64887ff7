"""Exports of places and events as GeoJSON, CSV and JSON (pure: records in, text out)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict

from articles.text import fold
from dashboard.eventtypes import group_of
from dashboard.store.queries import PlaceSummary
from dashboard.store.records import EventRecord, Source, event_row

PLACE_COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "territory",
    "lat",
    "lon",
    "mentions",
    "caption_mentions",
    "demonyms",
    "articles",
    "caption_articles",
    "events",
)
EVENT_COLUMNS = (
    "id",
    "type",
    "kind",
    "title",
    "date_start",
    "date_end",
    "date_precision",
    "date_basis",
    "date_estimated",
    "status",
    "family",
    "fatalities",
    "injured",
    "place_relation",
    "lat",
    "lon",
    "place_ids",
    "places",
    "actors",
    "article_id",
    "outlet",
    "source_language",
    "published",
    "url",
    "evidence",
    "other_places",
)


def places_geojson(places: Iterable[PlaceSummary]) -> dict:
    """A FeatureCollection, one Point per place; coordinates are [lon, lat] as GeoJSON says."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "country": p.country,
                    "territory": p.territory,
                    "mentions": p.mentions,
                    "caption_mentions": p.caption_mentions,
                    "demonyms": p.demonyms,
                    "articles": p.articles,
                    "caption_articles": p.caption_articles,
                    "events": p.events,
                },
            }
            for p in places
        ],
    }


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (``=HYPERLINK(…)``) is quoted with ``'``."""
    if isinstance(value, str) and value.lstrip(" \n")[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(rows: Iterable[dict], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def places_csv(places: Iterable[PlaceSummary]) -> str:
    """One row per place; list fields are ``|``-separated ids."""
    rows = []
    for p in places:
        row = asdict(p)
        row["territory"] = p.territory
        row["articles"] = "|".join(p.articles)
        row["caption_articles"] = "|".join(p.caption_articles)
        row["events"] = "|".join(p.events)
        rows.append(row)
    return _csv(rows, PLACE_COLUMNS)


def event_dict(e: EventRecord) -> dict:
    return {
        **{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in event_row(e).items()},
        "kind": group_of(e.type),  # ACLED's event type, or cooperation
        "places": [{"id": i, "name": n} for i, n in e.places],
        "actors": [{"id": i, "name": n, "role": e.roles.get(i)} for i, n in e.actors],
        "sources": [
            {
                "article_id": s.article_id,
                "outlet": s.outlet,
                "url": s.url,
                "language": s.language,
                "published": s.published.isoformat(),
                "sentence": s.sentence,
            }
            for s in e.sources
        ],
    }


def events_json(events: Iterable[EventRecord]) -> str:
    return json.dumps([event_dict(e) for e in events], ensure_ascii=False, indent=2)


def best_sentence(sentences: Sequence[str], names: Iterable[str]) -> str:
    """The evidence to show for one source: the first sentence that names one of the event's
    places (accents and case ignored), else the longest; a source cites several sentences."""
    keys = [fold(n) for n in names if n]
    for sentence in sentences:
        folded = fold(sentence)
        if any(k in folded for k in keys):
            return sentence
    return max(sentences, key=len, default="")


def events_csv(events: Iterable[EventRecord]) -> str:
    """One row per event and source article, with its best evidence sentence.

    ``lat``/``lon`` are the event's first place (``other_places`` counts the rest); places and
    actors are ``|``-separated (an actor's role in brackets: ``JNIM (actor1)``). An event without
    a source still has one row.
    """
    rows = []
    for e in events:
        base = event_dict(e)
        first = e.coords.get(e.places[0][0]) if e.places else None
        base.update(
            lat=first[0] if first else None,
            lon=first[1] if first else None,
            place_ids="|".join(i for i, _ in e.places),
            places="|".join(n for _, n in e.places),
            other_places=max(len(e.places) - 1, 0),
            actors="|".join(
                f"{a['name']} ({a['role']})" if a["role"] else a["name"] for a in base["actors"]
            ),
        )
        by_article: dict[str, list[Source]] = {}
        for s in e.sources:
            by_article.setdefault(s.article_id, []).append(s)
        if not by_article:
            rows.append(base)
        names = [n for _, n in e.places]
        for article_id, cited in by_article.items():
            s = cited[0]
            rows.append(
                {
                    **base,
                    "article_id": article_id,
                    "outlet": s.outlet,
                    "source_language": s.language,
                    "published": s.published.isoformat(),
                    "url": s.url,
                    "evidence": best_sentence([c.sentence for c in cited], names),
                }
            )
    return _csv(rows, EVENT_COLUMNS)
