"""Reads of the index behind the dashboard and the exports: filters, search, CSV safety."""

from __future__ import annotations

import csv
import io

import pytest
from support import write_article

from dashboard import export, queries
from dashboard import index as ix
from dashboard.build import build_index
from dashboard.queries import Filters


@pytest.fixture
def conn(corpus, tmp_path, mini_matcher):
    write_article(
        corpus,
        "etat.md",
        "L'État-major a tenu une réunion à Rabat.\n",
        title="État-major : 100% sûr",
        outlet='=HYPERLINK("http://evil")',
        language="fr",
        published="2023-02-01",
    )
    db = tmp_path / "index.sqlite"
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
    assert [r["sources"][:11] for r in rows] == ["'=HYPERLINK"]
