"""Records to rows and back (``dashboard.store.records``), through a real index on SQLite and on
the PostgreSQL test server: what is written is what is read, field for field."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace

import pytest
from sqlalchemy import select

from articles.actors import Actor, ActorMention
from articles.events import EventDraft
from articles.merge import MergedEvent
from articles.reader import Article
from dashboard import export
from dashboard.store import index as ix
from dashboard.store import migrate, queries
from dashboard.store.records import (
    EventRecord,
    Source,
    actor_from_row,
    actor_row,
    article_from_row,
    article_row,
    event_from_row,
    event_link_rows,
    event_record,
    event_row,
    mention_from_row,
    mention_row,
    place_from_row,
    place_row,
    source_row,
    spelling_rows,
)
from geodata.matcher import Mention
from geodata.place import Place

BODY = "Ministers met in Nouakchott on 3 March 2024.\n\nLes ministres se sont réunis."
ARTICLE = Article(
    id="a1",
    path="a1.md",
    title="Ministers meet",
    outlet="The Test Courier",
    url="https://example.org/a1",
    published=dt.date(2024, 3, 4),
    published_precision="day",
    language="en",
    body=BODY,
    content_hash="h1",
    extra={"author": "Nobody"},
)
PLACE = Place(
    id="2377450",
    name="Nouakchott",
    kind="city",
    country="MR",
    lat=18.08581,
    lon=-15.9785,
    population=661400,
    aliases=("Nwakshut", "نواكشوط"),
    source="regional",
    coord_source="geonames:2377450",
)
AREA = Place(id="local:sahel", name="Sahel", kind="continent_region", country="", lat=15, lon=0)
MENTION = Mention(
    start=17,
    end=27,
    surface="Nouakchott",
    place_id=PLACE.id,
    kind="body",
    sentence_start=0,
    sentence_end=44,
    reason="unique name",
    alternatives=("local:other",),
    role="place",
)
EVENT = EventRecord(
    id="e1",
    type="meeting",
    title="Meeting in Nouakchott",
    language="en",
    date_start=dt.date(2024, 3, 3),
    date_end=dt.date(2024, 3, 3),
    date_precision="day",
    date_basis="stated",
    date_estimated=False,
    date_text="3 March 2024",
    status="happened",
    family="gathering",
    fatalities=None,
    injured=2,
    place_relation="near",
)
UNDATED = replace(
    EVENT, id="e2", date_start=None, date_end=None, date_precision="none", date_text=None
)
SOURCE = Source(
    article_id=ARTICLE.id,
    title=ARTICLE.title,
    outlet=ARTICLE.outlet,
    url=ARTICLE.url,
    language=ARTICLE.language,
    published=ARTICLE.published,
    published_precision=ARTICLE.published_precision,
    sentence=BODY[0:44],
    sentence_start=0,
)


@pytest.fixture
def conn(db):
    engine = ix.make_engine(ix.resolve_db(db))
    with engine.begin() as conn:
        migrate.upgrade(conn)
        yield conn
    engine.dispose()


def test_an_article_a_place_and_a_mention_come_back_as_written(conn):
    conn.execute(ix.articles.insert(), [article_row(ARTICLE)])
    conn.execute(ix.places.insert(), [place_row(PLACE), place_row(AREA)])
    conn.execute(ix.mentions.insert(), [mention_row(ARTICLE.id, ARTICLE.body, MENTION)])

    article = article_from_row(conn.execute(select(ix.articles)).one())
    assert article == ARTICLE and article.extra == ARTICLE.extra
    by_id = {p.id: p for p in map(place_from_row, conn.execute(select(ix.places)))}
    assert by_id == {PLACE.id: PLACE, AREA.id: AREA}
    assert [(p.population, p.aliases, p.coord_source) for p in by_id.values()] == [
        (661400, ("Nwakshut", "نواكشوط"), "geonames:2377450"),
        (0, (), ""),
    ]
    row = conn.execute(select(ix.mentions)).one()
    assert row.sentence == "Ministers met in Nouakchott on 3 March 2024."
    assert mention_from_row(row) == MENTION


def test_an_event_comes_back_as_written_alone_and_with_its_source(conn):
    conn.execute(ix.articles.insert(), [article_row(ARTICLE)])
    conn.execute(ix.events.insert(), [event_row(EVENT), event_row(UNDATED)])
    conn.execute(ix.event_sources.insert(), [source_row(EVENT.id, SOURCE, sentence_end=44)])

    back = {e.id: e for e in map(event_from_row, conn.execute(select(ix.events)))}
    assert back == {"e1": EVENT, "e2": UNDATED}
    full = {e.id: e for e in queries.events(conn)}
    assert full["e1"] == replace(EVENT, sources=[SOURCE])
    assert full["e2"].sources == []


def test_every_events_column_is_a_field_of_the_record():
    columns = [c.name for c in ix.events.columns]
    assert list(event_row(EVENT)) == columns
    assert set(columns) <= {f.name for f in fields(EventRecord)}


def test_the_json_export_carries_the_row_with_dates_as_text():
    out = export.event_dict(replace(EVENT, places=[(PLACE.id, PLACE.name)], sources=[SOURCE]))
    assert {k: out[k] for k in event_row(EVENT)} == {
        **event_row(EVENT),
        "date_start": "2024-03-03",
        "date_end": "2024-03-03",
    }
    assert out["places"] == [{"id": PLACE.id, "name": "Nouakchott"}]
    assert out["sources"][0]["published"] == "2024-03-04"


ACTOR = Actor(
    id="actor:ghazwani",
    name="Mohamed Ould Ghazouani",
    kind="person",
    titles={"President"},
    spellings={"Ghazouani": {ARTICLE.id}, "Ghazwani": {ARTICLE.id, "not-in-this-index"}},
)


def test_an_actor_and_its_spellings_come_back_as_written(conn):
    conn.execute(ix.articles.insert(), [article_row(ARTICLE)])
    conn.execute(ix.actors.insert(), [actor_row(ACTOR)])
    rows = spelling_rows(ACTOR, {ARTICLE.id})
    assert len(rows) == 2  # the article the index does not hold is left out
    conn.execute(ix.actor_spellings.insert(), rows)

    back = actor_from_row(
        conn.execute(select(ix.actors)).one(), conn.execute(select(ix.actor_spellings))
    )
    assert back == replace(ACTOR, spellings={"Ghazouani": {"a1"}, "Ghazwani": {"a1"}})
    assert list(actor_row(ACTOR)) == [c.name for c in ix.actors.columns]
    assert {c.name for c in ix.actor_spellings.columns} >= set(rows[0])


def test_an_actor_mention_comes_back_from_the_analysis_payload():
    m = ActorMention(3, 9, "Hilale", "person", title="Ambassador", role="actor1", org_id=None)
    assert ActorMention.from_json({**m.__dict__}) == m
    assert ActorMention.from_json({"start": 0, "end": 2, "name": "UN", "kind": "organisation"}) == (
        ActorMention(0, 2, "UN", "organisation")
    )


def test_a_merged_event_becomes_its_row_and_link_rows():
    draft = EventDraft(
        article_id=ARTICLE.id,
        type="meeting",
        language="en",
        trigger="met",
        trigger_start=10,
        date_start="2024-03-03",
        place_ids=[PLACE.id, "not-a-place"],
        evidence=[[0, 44]],
    )
    merged = MergedEvent(
        **{k: getattr(EVENT, k) for k in event_row(EVENT) if k not in ("title",)},
        place_ids=[PLACE.id, "not-a-place"],
        actor_ids=[ACTOR.id],
        drafts=[draft],
        roles={ACTOR.id: "actor1"},
    )
    assert event_row(event_record(merged, EVENT.title)) == event_row(EVENT)
    places, actors, sources = event_link_rows(merged, {PLACE.id}, {ARTICLE.id: BODY})
    assert places == [{"event_id": "e1", "place_id": PLACE.id}]
    assert actors == [{"event_id": "e1", "actor_id": ACTOR.id, "role": "actor1"}]
    assert sources == [
        {
            "event_id": "e1",
            "article_id": "a1",
            "sentence": "Ministers met in Nouakchott on 3 March 2024.",
            "sentence_start": 0,
            "sentence_end": 44,
        }
    ]
    for table, rows in (
        (ix.event_places, places),
        (ix.event_actors, actors),
        (ix.event_sources, sources),
    ):
        assert set(rows[0]) == {c.name for c in table.columns} - {"id"}
