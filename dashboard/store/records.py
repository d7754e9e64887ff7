"""The records the index holds, each with one way to its row and one way back.

``Place`` (``geodata.place``), ``Mention`` (``geodata.matcher``), ``Actor`` (``articles.actors``)
and the build's ``MergedEvent`` (``articles.merge``) are declared where they are made; an event as
the index holds it (``EventRecord``) and its ``Source`` are declared here. Every
other module that writes or reads these rows goes through the functions below instead of listing
the columns again; a column added to ``index`` without a field here fails the round-trip tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping
from dataclasses import asdict, dataclass, field, fields

from articles.actors import Actor
from articles.merge import MergedEvent
from articles.reader import Article
from dashboard.store import index as ix
from geodata.matcher import Mention
from geodata.place import Place


@dataclass
class Source:
    """One sentence of an article that an event cites, with the article's line."""

    article_id: str
    title: str
    outlet: str
    url: str
    language: str
    published: dt.date
    published_precision: str
    sentence: str
    sentence_start: int


@dataclass
class EventRecord:
    """An event of the index: its ``events`` row, then what its link tables add."""

    id: str
    type: str
    title: str
    language: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    date_basis: str
    date_estimated: bool
    date_text: str | None
    status: str
    family: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    place_relation: str | None = None  # "near", "between" its first place
    places: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    coords: dict[str, tuple[float, float]] = field(default_factory=dict)  # place id -> (lat, lon)
    actors: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    sources: list[Source] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # actor id -> "actor1", "actor2", …


def _mapping(row) -> Mapping:
    """A SQLAlchemy ``Row`` or a plain dict, read by column name."""
    return row._mapping if hasattr(row, "_mapping") else row


def article_row(article: Article) -> dict:
    """The ``articles`` row of ``article`` (its warnings are said by the build, not stored)."""
    row = asdict(article)
    del row["warnings"]
    return row


def article_from_row(row) -> Article:
    m = _mapping(row)
    return Article(**{k: m[k] for k in Article.__dataclass_fields__ if k in m})


def event_row(e: EventRecord) -> dict:
    """The ``events`` row of ``e`` (its places, actors and sources are rows of other tables)."""
    return {c.name: getattr(e, c.name) for c in ix.events.columns}


def event_from_row(row) -> EventRecord:
    """An ``EventRecord`` from an ``events`` row, its lists still empty."""
    m = _mapping(row)
    return EventRecord(**{c.name: m[c.name] for c in ix.events.columns})


#: The ``Source`` fields an ``event_sources`` row holds; the others come from its article.
_SOURCE_OWN = ("sentence", "sentence_start")


def source_columns() -> list:
    """What to select, from ``event_sources`` joined to ``articles``, for ``source_from_row``."""
    s, a = ix.event_sources.c, ix.articles.c
    return [
        a.id.label("article_id")
        if f.name == "article_id"
        else (s if f.name in _SOURCE_OWN else a)[f.name]
        for f in fields(Source)
    ]


def source_from_row(row) -> Source:
    m = _mapping(row)
    return Source(**{f.name: m[f.name] for f in fields(Source)})


def source_row(event_id: str, s: Source, sentence_end: int) -> dict:
    """The ``event_sources`` row of ``s`` (``sentence_end``: ``Source`` does not carry it)."""
    return {
        "event_id": event_id,
        "article_id": s.article_id,
        "sentence": s.sentence,
        "sentence_start": s.sentence_start,
        "sentence_end": sentence_end,
    }


def place_row(p: Place) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "population": p.population,
        "source": p.source,
        "coord_source": p.coord_source,
        "aliases": list(p.aliases),
    }


def place_from_row(row) -> Place:
    m = _mapping(row)
    return Place(
        id=m["id"],
        name=m["name"],
        kind=m["kind"],
        country=m["country"] or "",
        lat=m["lat"],
        lon=m["lon"],
        population=m["population"] or 0,
        aliases=tuple(m["aliases"] or ()),
        source=m["source"],
        coord_source=m["coord_source"] or "",
    )


def mention_row(article_id: str, body: str, m: Mention) -> dict:
    """The ``mentions`` row of ``m`` in the article ``article_id`` whose text is ``body``."""
    return {
        "article_id": article_id,
        "place_id": m.place_id,
        "surface": m.surface,
        "start_offset": m.start,
        "end_offset": m.end,
        "kind": m.kind,
        "sentence": body[m.sentence_start : m.sentence_end],
        "sentence_start": m.sentence_start,
        "sentence_end": m.sentence_end,
        "reason": m.reason,
        "alternatives": list(m.alternatives),
        "role": m.role,
    }


def mention_from_row(row) -> Mention:
    r = _mapping(row)
    return Mention(
        start=r["start_offset"],
        end=r["end_offset"],
        surface=r["surface"],
        place_id=r["place_id"],
        kind=r["kind"],
        sentence_start=r["sentence_start"],
        sentence_end=r["sentence_end"],
        reason=r["reason"],
        alternatives=tuple(r["alternatives"] or ()),
        role=r["role"],
    )


def actor_row(a: Actor) -> dict:
    """The ``actors`` row of ``a`` (its spellings are rows of ``actor_spellings``)."""
    return {"id": a.id, "name": a.name, "kind": a.kind, "titles": sorted(a.titles)}


def spelling_rows(a: Actor, article_ids: Container[str]) -> list[dict]:
    """The ``actor_spellings`` rows of ``a``: each spelling with each article of those given."""
    return [
        {"actor_id": a.id, "spelling": spelling, "article_id": source}
        for spelling, sources in a.spellings.items()
        for source in sorted(sources)
        if source in article_ids
    ]


def actor_from_row(row, spellings=()) -> Actor:
    """An ``Actor`` from its ``actors`` row and its ``actor_spellings`` rows."""
    m = _mapping(row)
    actor = Actor(id=m["id"], name=m["name"], kind=m["kind"], titles=set(m["titles"] or ()))
    for s in map(_mapping, spellings):
        actor.spellings.setdefault(s["spelling"], set()).add(s["article_id"])
    return actor


def event_record(e: MergedEvent, title: str) -> EventRecord:
    """The index's record of a merged event (its lists are filled by the link rows below)."""
    own = {c.name: getattr(e, c.name) for c in ix.events.columns if c.name != "title"}
    return EventRecord(**own, title=title)


def event_link_rows(
    e: MergedEvent, known_places: Container[str], bodies: Mapping[str, str]
) -> tuple[list[dict], list[dict], list[dict]]:
    """The ``event_places``, ``event_actors`` and ``event_sources`` rows of ``e``: its places
    that the index holds, its actors with their roles, and every evidence sentence of every
    report (``bodies``: article id -> body, to cut the sentences from)."""
    places = [{"event_id": e.id, "place_id": p} for p in e.place_ids if p in known_places]
    actors = [{"event_id": e.id, "actor_id": a, "role": e.roles.get(a)} for a in e.actor_ids]
    sources = [
        {
            "event_id": e.id,
            "article_id": d.article_id,
            "sentence": bodies[d.article_id][start:end],
            "sentence_start": start,
            "sentence_end": end,
        }
        for d in e.drafts
        for start, end in d.evidence
    ]
    return places, actors, sources
