"""Reads of the index behind the dashboard and the exports: filters, search, CSV safety."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from sqlalchemy import event
from support import write_article

from articles import lexicon
from dashboard import eventtypes, export
from dashboard.build.pipeline import build_index
from dashboard.store import index as ix
from dashboard.store import queries
from dashboard.store.queries import Filters
from dashboard.ui import templating


@pytest.fixture
def conn(corpus, db, mini_matcher):
    """The small corpus and a French article, indexed in SQLite and in PostgreSQL."""
    write_article(
        corpus,
        "etat.md",
        "L'État-major a tenu une réunion à Rabat.\n",
        title="État-major : 100% sûr",
        outlet='=HYPERLINK("http://evil")',
        language="fr",
        published="2023-02-01",
    )
    build_index(corpus, db, matcher=mini_matcher)
    engine = ix.open_index(db)
    with engine.connect() as c:
        yield c
    engine.dispose()


def test_event_type_and_actor_filters_narrow_places_and_articles(conn):
    every = {p.name for p in queries.place_summaries(conn)}
    assert {"Rabat", "Smara", "Nouakchott"} <= every
    attacks = Filters(event_types=("shelling_artillery",))
    assert {p.name for p in queries.place_summaries(conn, attacks)} == {"Smara"}
    assert queries.article_ids(conn, attacks) == ["smara.fr"]
    polisario = Filters(actors=("org:polisario",))
    assert queries.article_ids(conn, polisario) == ["smara.fr"]


def test_the_kind_of_event_filter_keeps_the_types_of_that_kind(conn):
    facets = queries.facet_values(conn)
    assert "explosions_remote_violence" in facets["event_groups"]
    assert set(facets["event_groups"]) <= set(eventtypes.groups())
    remote = Filters(event_groups=("explosions_remote_violence",))
    assert {p.name for p in queries.place_summaries(conn, remote)} == {"Smara"}
    assert queries.article_ids(conn, remote) == ["smara.fr"]
    [shelling] = queries.events(conn, remote)
    assert shelling.type == "shelling_artillery"
    talks = {e.type for e in queries.events(conn, Filters(event_groups=("cooperation",)))}
    assert talks and talks <= set(eventtypes.groups()["cooperation"]["types"])
    assert not queries.events(conn, Filters(event_groups=("no_such_kind",)))
    both = Filters(event_groups=("cooperation", "explosions_remote_violence"))
    cooperation = queries.events(conn, Filters(event_groups=("cooperation",)))
    assert len(queries.events(conn, both)) == len(cooperation) + 1
    [row] = list(csv.DictReader(io.StringIO(export.events_csv([shelling]))))
    assert row["kind"] == "explosions_remote_violence"


def test_every_event_type_is_of_exactly_one_kind_labelled_in_every_language():
    labelled = set(eventtypes.type_labels())
    kinds = eventtypes.groups()
    listed = [t for spec in kinds.values() for t in spec["types"]]
    assert sorted(listed) == sorted(labelled)  # each type once, and no type without a label
    for spec in kinds.values():
        assert set(spec["labels"]) == set(lexicon.supported_languages())
    assert eventtypes.group_of("ied_landmine") == "explosions_remote_violence"
    assert eventtypes.group_label("battles", "fr") == "Combats"
    assert eventtypes.types_in(["protests_riots", "unknown"]) == ("protest", "riot")


@pytest.mark.parametrize("text", ["État", "état", "ÉTAT", "major : 100%"])
def test_search_is_case_insensitive_beyond_ascii(conn, text):
    assert queries.article_ids(conn, Filters(text=text)) == ["etat"]


@pytest.mark.parametrize("text", ["%", "_", "100_"])
def test_search_wildcards_are_literal(conn, text):
    found = queries.article_ids(conn, Filters(text=text))
    assert found == (["etat"] if text == "%" else [])


def test_csv_exports_do_not_carry_formulas(conn):
    events = queries.events(conn, Filters(text="État-major"))
    rows = list(csv.DictReader(io.StringIO(export.events_csv(events))))
    assert [r["outlet"][:11] for r in rows] == ["'=HYPERLINK"]


def test_events_csv_has_one_row_per_event_and_source_with_coordinates(conn):
    events = queries.events(conn, Filters(text="bombardé"))
    rows = list(csv.DictReader(io.StringIO(export.events_csv(events))))
    assert [(r["type"], r["article_id"]) for r in rows] == [("shelling_artillery", "smara.fr")]
    [row] = rows
    smara = next(p for p in queries.place_summaries(conn) if p.name == "Smara")
    first = row["places"].split("|")[0]
    place = next(p for p in queries.place_summaries(conn) if p.name == first)
    assert (float(row["lat"]), float(row["lon"])) == (place.lat, place.lon)
    assert "Smara" in row["places"].split("|") and smara.id in row["place_ids"].split("|")
    assert row["evidence"] == "Le Front Polisario a bombardé la ville de Smara."
    assert row["published"] == "2023-11-06" and row["source_language"] == "fr"


def test_the_best_evidence_names_a_place_of_the_event():
    sentences = ["A long sentence that names nothing the event took place in at all.", "In Rabat."]
    assert export.best_sentence(sentences, ["Rabat"]) == "In Rabat."
    assert export.best_sentence(sentences, ["Atar"]) == sentences[0]
    assert export.best_sentence([], ["Atar"]) == ""


@pytest.mark.parametrize(
    "text", ["shelling", "Shelling or Artillery", "bombardement", "artillerie"]
)
def test_search_finds_an_event_by_its_type_in_either_language(conn, text):
    found = queries.events(conn, Filters(text=text))
    assert [e.type for e in found] == ["shelling_artillery"]
    assert "Smara" in {p.name for p in queries.place_summaries(conn, Filters(text=text))}


def test_status_filter_keeps_only_those_events(conn):
    every = queries.events(conn)
    assert {e.status for e in every} >= {"past"}
    past = queries.events(conn, Filters(statuses=("past",)))
    assert past and {e.status for e in past} == {"past"}
    assert len(past) == sum(e.status == "past" for e in every)


def test_links_are_http_only():
    assert templating.safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&c=2"
    for bad in ("javascript:alert(1)", "data:text/html,x", " JAVASCRIPT:x", "", None, "https://"):
        assert templating.safe_url(bad) is None


@pytest.mark.parametrize("query", ["Smara", "SMARA", "es-semara", "Es-Semara", "2461874", "Smara "])
def test_find_places_by_id_name_or_alias_folding_case_and_accents(conn, query):
    assert [p["name"] for p in queries.find_places(conn, query)] == ["Smara"]


def test_find_places_by_an_accented_alias_and_a_spelling_seen_in_an_article(conn):
    assert [p["id"] for p in queries.find_places(conn, "Ès-Sémara")] == ["2461874"]
    assert queries.find_places(conn, "Atlantis") == []


def test_reads_send_no_list_of_ids_however_many_articles(corpus, db, mini_matcher):
    """Filters are subqueries: the number of bound values does not grow with the index."""
    for n in range(30):
        write_article(corpus, f"day-{n}.md", f"Day {n}: a meeting in Rabat on Tuesday.\n")
    build_index(corpus, db, matcher=mini_matcher)
    engine = ix.open_index(db)
    sent: Counter = Counter()

    @event.listens_for(engine, "before_cursor_execute")
    def count(conn, cursor, statement, parameters, context, executemany):
        sent[statement] = max(sent[statement], len(parameters or ()))

    with engine.connect() as c:
        f = Filters(text="rabat", languages=("en",))
        rabat = next(p for p in queries.place_summaries(c, f) if p.name == "Rabat")
        assert len(rabat.articles) == 31 and rabat.mentions == 31
        assert len(queries.events(c, f)) >= 30
        assert len(queries.place_articles(c, rabat.id, f)) == 31
        # The panel's page of a busy place: what it shows, read with the same bound.
        every = queries.events(c, f, place_id=rabat.id)
        assert queries.count_events(c, f, rabat.id) == len(every) >= 30
        assert [e.id for e in queries.events(c, f, place_id=rabat.id, limit=5)] == [
            e.id for e in every[:5]
        ]
        cited = {s.article_id for e in every for s in e.sources}
        others = [a for a in queries.place_articles(c, rabat.id, f) if a.article_id not in cited]
        first, total = queries.other_articles(c, rabat.id, f, 3)
        assert total == len(others)
        assert [a.article_id for a in first] == [a.article_id for a in others[:3]]
        assert [a.sentences for a in first] == [a.sentences for a in others[:3]]
    engine.dispose()
    assert sent and max(sent.values()) < 20  # a constant few, never the 31 articles or events


def test_the_header_counts_and_the_list_of_events_without_a_place_come_from_sql(corpus, db):
    """A count of what ``events`` would give, and the unplaced ones first, without reading all."""
    write_article(corpus, "nowhere.md", "The two ministers met on Tuesday to sign a plan.\n")
    from geodata.cache import load_matcher

    build_index(corpus, db, matcher=load_matcher())
    engine = ix.open_index(db)
    with engine.connect() as c:
        every = queries.events(c)
        unplaced = [e for e in every if not e.places]
        assert unplaced and len(unplaced) < len(every)
        assert queries.count_events(c) == len(every)
        assert queries.count_events(c, unplaced=True) == len(unplaced)
        first = queries.events(c, limit=1, unplaced=True)
        assert [e.id for e in first] == [unplaced[0].id]
    engine.dispose()
