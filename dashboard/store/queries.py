"""Reading the index: every query the CLI, the exports and the app share.

Functions take a ``Connection`` and plain filter values and return small records; nothing here
writes. A date filter keeps events whose date range overlaps it and articles by ``published``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from sqlalchemy import func, or_, select, true
from sqlalchemy.engine import Connection

from articles.text import fold
from dashboard.eventtypes import groups_present, types_in, types_matching
from dashboard.store import index as ix
from dashboard.store.records import EventRecord, event_from_row, source_columns, source_from_row
from geodata.territory import country_label


@dataclass(frozen=True)
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    languages: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    event_groups: tuple[str, ...] = ()  # kinds of event (dashboard.eventtypes.groups)
    actors: tuple[str, ...] = ()  # actor ids
    statuses: tuple[str, ...] = ()  # "past", "planned", "background"; none = every status
    text: str = ""  # free text in event titles, evidence, types and their labels (any language)
    demonym_places: bool = False  # also places named only by a demonym ("Canadian")


@dataclass
class PlaceSummary:
    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    aliases: list[str]
    mentions: int  # in the story (captions excluded)
    caption_mentions: int
    articles: list[str] = field(default_factory=list)  # that name it in the story
    caption_articles: list[str] = field(default_factory=list)  # that name it only in captions
    events: list[str] = field(default_factory=list)
    latest: dt.date | None = None  # most recent event date or article publication
    demonyms: int = 0  # "Canadian", "malien": the country named as an adjective

    @property
    def territory(self) -> str:
        """The country as the interface says it: disputed ground labelled as disputed."""
        return country_label(self.country, self.lat, self.lon, self.kind)

    @property
    def weight(self) -> int:
        return len(self.events) or self.mentions


def _article_clauses(f: Filters) -> list:
    a = ix.articles.c
    clauses = []
    if f.since:
        clauses.append(a.published >= f.since)
    if f.until:
        clauses.append(a.published <= f.until)
    if f.languages:
        clauses.append(a.language.in_(f.languages))
    if f.outlets:
        clauses.append(a.outlet.in_(f.outlets))
    return clauses


def _like(column, text: str):
    """Case-insensitive "contains", with ``%`` and ``_`` taken literally."""
    needle = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{needle}%", escape="\\")


def _event_clauses(f: Filters) -> list:
    e, s = ix.events.c, ix.event_sources.c
    clauses = []
    # Overlap: an event with an unknown date has no range and only shows without a date filter.
    if f.since:
        clauses.append(func.coalesce(e.date_end, e.date_start) >= f.since)
    if f.until:
        clauses.append(e.date_start <= f.until)
    if f.event_types:
        clauses.append(e.type.in_(f.event_types))
    if f.event_groups:  # a short list: the types of the chosen kinds (none: nothing matches)
        clauses.append(e.type.in_(types_in(f.event_groups)))
    if f.statuses:
        clauses.append(e.status.in_(f.statuses))
    if f.actors:
        ea = ix.event_actors.c
        clauses.append(e.id.in_(select(ea.event_id).where(ea.actor_id.in_(f.actors))))
    by_source = _article_clauses(Filters(languages=f.languages, outlets=f.outlets))
    if by_source:
        sourced = (
            select(s.event_id)
            .select_from(ix.event_sources.join(ix.articles, ix.articles.c.id == s.article_id))
            .where(*by_source)
        )
        clauses.append(e.id.in_(sourced))
    if f.text:
        said = select(s.event_id).where(_like(s.sentence, f.text))
        named = e.type.in_(types_matching(f.text))  # "shelling" and "bombardement" alike
        clauses.append(or_(_like(e.title, f.text), e.id.in_(said), named))
    return clauses


def _event_select(f: Filters, place_id: str | None = None):
    """The ids of the filtered events (at ``place_id``, when given), as a subquery (no list of
    ids leaves the database)."""
    return select(ix.events.c.id).where(*_event_clauses_at(f, place_id))


def _article_select(f: Filters):
    """The filtered articles; with an event type or actor filter, only such events' sources."""
    a = ix.articles.c
    clauses = _article_clauses(f)
    if f.event_types or f.event_groups or f.actors:
        s = ix.event_sources.c
        events = _event_select(replace(f, since=None, until=None))
        clauses.append(a.id.in_(select(s.article_id).where(s.event_id.in_(events))))
    if f.text:
        m = ix.mentions.c
        hits = select(m.article_id).where(_like(m.sentence, f.text))
        clauses.append(or_(_like(a.title, f.text), a.id.in_(hits.scalar_subquery())))
    return select(a.id, a.published).where(*clauses)


def event_ids(conn: Connection, f: Filters) -> list[str]:
    return list(conn.execute(_event_select(f)).scalars())


def article_ids(conn: Connection, f: Filters) -> list[str]:
    """Filtered articles; with an event type or actor filter, only the sources of such events."""
    return [row.id for row in conn.execute(_article_select(f))]


def place_summaries(conn: Connection, f: Filters = Filters()) -> list[PlaceSummary]:
    """One summary per place named in a filtered article or linked to a filtered event.

    With an event type or actor filter, only places of the matching events. The filters and
    the counting per place and article run in SQL; each place's row is read once.
    """
    m, ep, e = ix.mentions.c, ix.event_places.c, ix.events.c
    arts = _article_select(f).subquery()
    named = conn.execute(
        select(m.place_id, m.article_id, m.kind, m.role, func.count().label("n"), arts.c.published)
        .select_from(ix.mentions.join(arts, arts.c.id == m.article_id))
        .group_by(m.place_id, m.article_id, m.kind, m.role, arts.c.published)
        .order_by(m.place_id, arts.c.published, m.article_id)
    ).all()
    happened = conn.execute(
        select(ep.place_id, ep.event_id, e.date_start, e.date_end)
        .select_from(ix.event_places.join(ix.events, e.id == ep.event_id))
        .where(e.id.in_(_event_select(f)))
        .order_by(ep.place_id, e.date_start, ep.event_id)
    ).all()
    p = ix.places.c
    wanted = or_(  # the same filters again: the places are chosen in SQL too
        p.id.in_(select(m.place_id).where(m.article_id.in_(select(arts.c.id)))),
        p.id.in_(select(ep.place_id).where(ep.event_id.in_(_event_select(f)))),
    )
    by_place: dict[str, PlaceSummary] = {}
    for row in conn.execute(select(ix.places).where(wanted)):
        by_place[row.id] = PlaceSummary(
            id=row.id,
            name=row.name,
            kind=row.kind,
            country=row.country or "",
            lat=row.lat,
            lon=row.lon,
            aliases=list(row.aliases or []),
            mentions=0,
            caption_mentions=0,
        )
    for row in named:
        s = by_place.get(row.place_id)
        if s is None:
            continue
        if row.role == "demonym":
            s.demonyms += row.n
        elif row.kind == "caption":
            s.caption_mentions += row.n
            if not s.caption_articles or s.caption_articles[-1] != row.article_id:
                s.caption_articles.append(row.article_id)
        else:
            s.mentions += row.n
            if not s.articles or s.articles[-1] != row.article_id:
                s.articles.append(row.article_id)
        s.latest = max(filter(None, (s.latest, row.published)))
    for row in happened:
        s = by_place.get(row.place_id)
        if s is None:
            continue
        s.events.append(row.event_id)
        day = row.date_end or row.date_start
        if day:
            s.latest = max(filter(None, (s.latest, day)))
    # A place named only in photo captions is not a place the story happens in.
    # A country named only as an adjective ("Canadian troops") is drawn when asked for.
    out = [
        s for s in by_place.values() if s.mentions or s.events or (f.demonym_places and s.demonyms)
    ]
    if f.event_types or f.event_groups or f.actors:  # kinds of events: only where they are
        out = [s for s in out if s.events]
    for s in out:
        story = set(s.articles)
        s.caption_articles = [a for a in s.caption_articles if a not in story]
    return sorted(out, key=lambda s: s.id)


def find_places(conn: Connection, query: str) -> list[dict]:
    """Places whose id, name or alias matches ``query`` (accent- and case-folded)."""
    p, m = ix.places.c, ix.mentions.c
    key = fold(query.strip())
    named = select(p.id).where(ix.folded(conn, p.name) == key)
    if conn.dialect.name == "sqlite":
        alias = func.json_each(p.aliases).table_valued("value")
    else:  # the JSON type is json (not jsonb) on PostgreSQL
        alias = func.json_array_elements_text(p.aliases).table_valued("value").lateral()
    aliased = (
        select(p.id)
        .select_from(ix.places.join(alias, true()))
        .where(ix.folded(conn, alias.c.value) == key)
    )
    found = or_(p.id == query.strip(), p.id.in_(named), p.id.in_(aliased))
    out = [dict(r._mapping) for r in conn.execute(select(ix.places).where(found).order_by(p.name))]
    if not out:
        spelled = select(m.place_id).where(func.lower(m.surface) == key)
        rows = conn.execute(select(ix.places).where(p.id.in_(spelled)).order_by(p.name))
        out = [dict(r._mapping) for r in rows]
    return out


@dataclass
class PlaceArticle:
    article_id: str
    title: str
    outlet: str
    url: str
    language: str
    published: dt.date
    published_precision: str
    sentences: list[tuple[str, int, int, str]]  # (sentence, start, end of the name in it, kind)


def place_articles(conn: Connection, place_id: str, f: Filters = Filters()) -> list[PlaceArticle]:
    """Articles naming a place, newest first, each with the sentences that name it."""
    kept = select(_article_select(f).subquery().c.id)  # a subquery, not a list of ids
    return _articles_naming(conn, place_id, kept)


def other_articles(
    conn: Connection, place_id: str, f: Filters, limit: int
) -> tuple[list[PlaceArticle], int]:
    """The articles naming a place that are no source of its events under ``f``: the newest
    ``limit`` of them with their sentences, and how many there are (a capital has thousands)."""
    m, a, s = ix.mentions.c, ix.articles.c, ix.event_sources.c
    kept = select(_article_select(f).subquery().c.id)
    cited = select(s.article_id).where(s.event_id.in_(_event_select(f, place_id)))
    naming = (
        select(m.article_id)
        .where(m.place_id == place_id, m.article_id.in_(kept), m.article_id.not_in(cited))
        .distinct()
    )
    total = conn.execute(select(func.count()).select_from(naming.subquery())).scalar_one()
    first = select(a.id).where(a.id.in_(naming)).order_by(a.published.desc(), a.id).limit(limit)
    return _articles_naming(conn, place_id, first), total


def _articles_naming(conn: Connection, place_id: str, ids) -> list[PlaceArticle]:
    m, a = ix.mentions.c, ix.articles.c
    rows = conn.execute(
        select(m, a.title, a.outlet, a.url, a.language, a.published, a.published_precision)
        .select_from(ix.mentions.join(ix.articles, a.id == m.article_id))
        .where(m.place_id == place_id, m.article_id.in_(ids))
        .order_by(a.published.desc(), a.id, m.start_offset)
    )
    out: dict[str, PlaceArticle] = {}
    for r in rows:
        pa = out.setdefault(
            r.article_id,
            PlaceArticle(
                r.article_id,
                r.title,
                r.outlet,
                r.url,
                r.language,
                r.published,
                r.published_precision,
                [],
            ),
        )
        offset = r.start_offset - r.sentence_start
        kind = "demonym" if r.role == "demonym" else r.kind
        item = (r.sentence, offset, offset + len(r.surface), kind)
        if item not in pa.sentences:
            pa.sentences.append(item)
    return list(out.values())


def _event_clauses_at(f: Filters, place_id: str | None, unplaced: bool = False) -> list:
    e, ep = ix.events.c, ix.event_places.c
    clauses = _event_clauses(f)
    if place_id:
        clauses.append(e.id.in_(select(ep.event_id).where(ep.place_id == place_id)))
    if unplaced:
        clauses.append(e.id.not_in(select(ep.event_id)))
    return clauses


def count_events(
    conn: Connection,
    f: Filters = Filters(),
    place_id: str | None = None,
    *,
    unplaced: bool = False,
) -> int:
    """How many events ``events`` would give, without reading them."""
    e = ix.events.c
    return conn.execute(
        select(func.count(e.id)).where(*_event_clauses_at(f, place_id, unplaced))
    ).scalar_one()


def events(
    conn: Connection,
    f: Filters = Filters(),
    place_id: str | None = None,
    limit: int | None = None,
    *,
    unplaced: bool = False,
) -> list[EventRecord]:
    """Filtered events, newest first, with their places, actors and sources (the newest
    ``limit`` only, when given; ``unplaced``: only those without a place)."""
    e = ix.events.c
    clauses = _event_clauses_at(f, place_id, unplaced)
    order = (e.date_start.desc().nulls_last(), e.id)
    # The same filter as a subquery, never a list of ids (bind limits on large indexes).
    ids = select(e.id).where(*clauses).order_by(*order).limit(limit)
    query = select(ix.events).where(*clauses).order_by(*order).limit(limit)
    records = {r.id: event_from_row(r) for r in conn.execute(query)}
    if not records:
        return []
    ep, p = ix.event_places.c, ix.places.c
    for r in conn.execute(
        select(ep.event_id, p.id, p.name, p.lat, p.lon)
        .select_from(ix.event_places.join(ix.places, p.id == ep.place_id))
        .where(ep.event_id.in_(ids))
        .order_by(p.name)
    ):
        records[r.event_id].places.append((r.id, r.name))
        records[r.event_id].coords[r.id] = (r.lat, r.lon)
    ea, ac = ix.event_actors.c, ix.actors.c
    for r in conn.execute(
        select(ea.event_id, ea.role, ac.id, ac.name)
        .select_from(ix.event_actors.join(ix.actors, ac.id == ea.actor_id))
        .where(ea.event_id.in_(ids))
        .order_by(ac.name)
    ):
        records[r.event_id].actors.append((r.id, r.name))
        if r.role:
            records[r.event_id].roles[r.id] = r.role
    s, a = ix.event_sources.c, ix.articles.c
    for r in conn.execute(
        select(s.event_id, *source_columns())  # not the article's body
        .select_from(ix.event_sources.join(ix.articles, a.id == s.article_id))
        .where(s.event_id.in_(ids))
        .order_by(a.published, a.id, s.sentence_start)
    ):
        records[r.event_id].sources.append(source_from_row(r))
    return list(records.values())


def corpus_span(conn: Connection) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest date in the index: publications and event dates."""
    a, e = ix.articles.c, ix.events.c
    lo_a, hi_a = conn.execute(select(func.min(a.published), func.max(a.published))).one()
    lo_e, hi_e = conn.execute(select(func.min(e.date_start), func.max(e.date_end))).one()
    lows = [d for d in (lo_a, lo_e) if d]
    highs = [d for d in (hi_a, hi_e) if d]
    return (min(lows) if lows else None, max(highs) if highs else None)


def facet_values(conn: Connection) -> dict[str, list]:
    """Values for the app's filter widgets."""
    a, e, ac = ix.articles.c, ix.events.c, ix.actors.c
    types = list(conn.execute(select(e.type).distinct().order_by(e.type)).scalars())
    return {
        "languages": list(
            conn.execute(select(a.language).distinct().order_by(a.language)).scalars()
        ),
        "outlets": list(conn.execute(select(a.outlet).distinct().order_by(a.outlet)).scalars()),
        "event_types": types,
        "event_groups": groups_present(types),
        "actors": [tuple(r) for r in conn.execute(select(ac.id, ac.name).order_by(ac.name))],
    }


def counts(conn: Connection) -> dict[str, int]:
    out = defaultdict(int)
    for name, table in (
        ("articles", ix.articles),
        ("places", ix.places),
        ("mentions", ix.mentions),
        ("events", ix.events),
        ("actors", ix.actors),
        ("rejected", ix.rejected),
    ):
        out[name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
    return dict(out)


def place_surfaces(conn: Connection, place_id: str) -> list[str]:
    """Every spelling of a place seen in the articles."""
    m = ix.mentions.c
    query = select(m.surface).distinct().where(m.place_id == place_id).order_by(m.surface)
    return list(conn.execute(query).scalars())
