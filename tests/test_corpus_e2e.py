"""End to end: the real corpus, the real gazetteer (curated + Sahel extract + world cities).

What a careful reader expects is written down, with reasons, in ``tests/expected_events.yaml``;
``bench/accuracy.py`` prints the same comparison as figures.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from support import REPO, write_article

from dashboard import cli
from dashboard.build.pipeline import build_index
from dashboard.evaluation import load_expected, score
from dashboard.store import index as ix
from dashboard.store import queries
from geodata.cache import load_matcher

EXPECTED = REPO / "tests" / "expected_events.yaml"

#: Where the places really are (lat, lon), from OpenStreetMap and Wikipedia, not the gazetteer.
TRUE_POSITIONS = {
    "Rabat": (34.0209, -6.8416),
    "Nouakchott": (18.0735, -15.9582),
    "Guerguerat": (21.3724, -16.9583),
    "Smara": (26.7385, -11.6719),
    "Casablanca": (33.5731, -7.5898),
    "Marrakech": (31.6295, -7.9811),
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("e2e") / "index.sqlite"
    summary = build_index(REPO / "articles" / "corpus", db, matcher=load_matcher())
    assert (summary.indexed, summary.rejected) == (5, 0)
    return db


def geojson(db: Path, capsys, *extra: str) -> dict[str, dict]:
    assert cli.main(["export", "places", "--format", "geojson", "--db", str(db), *extra]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    return {f["properties"]["name"]: f for f in features}


def test_seed_places_are_found_near_their_true_position_and_linked(corpus_db, capsys):
    expected_articles = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["places"]
    places = geojson(corpus_db, capsys)
    for name, truth in TRUE_POSITIONS.items():
        lon, lat = places[name]["geometry"]["coordinates"]
        assert km((lat, lon), truth) < 10, name
        assert set(places[name]["properties"]["articles"]) == set(expected_articles[name]), name


def test_no_place_comes_from_a_person_a_photo_credit_or_a_common_word(corpus_db, capsys):
    names = set(geojson(corpus_db, capsys))
    assert not names & {"El Mokhtâr", "Salem", "Sanandaj", "Mission District", "Gediz"}
    assert {p["properties"]["country"] for p in geojson(corpus_db, capsys).values()} <= {
        "MA", "MR", "EH", "DZ", "ML", "SN", "ES", "DE", "GB", "US", "",
    }  # fmt: skip


def test_events_match_what_a_careful_reader_finds(corpus_db):
    expected, data = load_expected(EXPECTED)
    with ix.open_index(corpus_db).connect() as conn:
        events = queries.events(conn)
    report = score(events, expected)
    assert [e.key for e in report.missed] == []
    assert report.wrong_dates == [] and report.wrong_status == [] and report.wrong_places == []
    assert report.precision >= 0.85, [(e.type, e.title) for e in report.extra]
    assert report.missed_actors == []
    assert report.actor_precision >= 0.9, report.wrong_actors
    silent = set(data["no_events"])
    assert not [e for e in events if {s.article_id for s in e.sources} & silent]


def test_the_2025_visit_is_one_event_with_an_english_and_a_french_source(corpus_db):
    with ix.open_index(corpus_db).connect() as conn:
        visits = [e for e in queries.events(conn) if e.type == "visit"]
    [visit] = [e for e in visits if ("2377450", "Nouakchott") in e.places]
    assert {(s.outlet, s.language) for s in visit.sources} == {
        ("Le7tv (English edition)", "en"),
        ("Hespress FR", "fr"),
    }
    actors = {name for _, name in visit.actors}
    assert {"Idriss Hadd Zine", "Iselmou Bedy Messaoud"} <= actors
    assert visit.date_basis == "published" and visit.date_estimated


def test_two_sessions_of_the_commission_stay_two(corpus_db):
    with ix.open_index(corpus_db).connect() as conn:
        sessions = [e for e in queries.events(conn) if e.type == "commission_session"]
    by_place = {(e.places[0][1], str(e.date_start)) for e in sessions}
    assert ("Rabat", "2022-05-24") in by_place
    assert ("Nouakchott", "2020-11-25") in by_place
    assert ("Nouakchott", "2023-10-30") in by_place
    assert len(sessions) == 3


def test_spellings_of_one_person_are_one_actor_with_their_sources(corpus_db):
    engine = ix.open_index(corpus_db)
    with engine.connect() as conn:
        rows = conn.execute(
            ix.actor_spellings.select().where(ix.actor_spellings.c.spelling.like("%Cha%bane%"))
        ).all()
    by_actor = {}
    for r in rows:
        by_actor.setdefault(r.actor_id, set()).add(r.spelling)
    assert len(by_actor) == 1
    [spellings] = by_actor.values()
    assert {"El Mokhtar Bolle Chaâbane", "Mokhtar Bellah Chaabane"} <= spellings


#: A test article about other places of the region, in French, with their true positions.
SAHEL_FR = (
    "Une patrouille mauritanienne a été attaquée mardi près de Bassikounou, à la frontière "
    "malienne, selon l'état-major à Nouakchott. Les blessés ont été évacués vers Néma puis "
    "Kiffa. Le même jour, un convoi a quitté Zouérat pour Bir Moghreïn, près de Tindouf en "
    "Algérie. À Dakhla, le ministre a reçu son homologue malien venu de Gao.\n"
)
SAHEL_TRUTH = {
    "Bassikounou": (15.866, -5.959),
    "Néma": (16.617, -7.257),
    "Kiffa": (16.620, -11.404),
    "Zouérat": (22.735, -12.471),
    "Bir Moghrein": (25.237, -11.572),
    "Tindouf": (27.675, -8.147),
    "Dakhla": (23.684, -15.958),
    "Gao": (16.272, -0.044),
}


def test_an_article_about_other_places_of_the_region_maps_them(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "sahel.md", SAHEL_FR, language="fr", published="2024-03-06")
    db = tmp_path / "index.sqlite"
    assert build_index(corpus, db, matcher=load_matcher()).indexed == 1
    places = geojson(db, capsys)
    for name, truth in SAHEL_TRUTH.items():
        lon, lat = places[name]["geometry"]["coordinates"]
        assert km((lat, lon), truth) < 10, name
    with ix.open_index(db).connect() as conn:
        # "une patrouille a été attaquée": an attack on armed men, a clash
        [attack] = [e for e in queries.events(conn) if e.family == "conflict"]
    assert attack.type == "armed_clash"
    assert str(attack.date_start) == "2024-03-05"  # mardi, from a Wednesday publication
    assert ("2381152", "Bassikounou") in attack.places
