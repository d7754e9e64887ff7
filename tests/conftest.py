"""Shared fixtures: a small real gazetteer and matcher, and corpora written to temp dirs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_nominatim import nominatim  # noqa: F401  (a fixture, shared)
from postgres_server import PostgresServer, PostgresUnavailable, postgres_server
from support import DATA, WORLD, write_article

from geodata.gazetteer import build_gazetteer, load_curated
from geodata.matcher import PlaceMatcher


@pytest.fixture(scope="session")
def mini_matcher() -> PlaceMatcher:
    gazetteer = build_gazetteer([load_curated(DATA / "mini_gazetteer.csv"), WORLD])
    matcher = PlaceMatcher(gazetteer)
    matcher.fingerprint = "mini"
    return matcher


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_article(
        folder,
        "rabat.md",
        "Rabat hosted on Tuesday the third session of the commission with Mauritania.\n",
        published="2022-05-25",
    )
    write_article(
        folder,
        "smara.fr.md",
        "Le Front Polisario a bombardé la ville de Smara. Nouakchott a réagi.\n",
        language="fr",
    )
    return folder


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session (see ``postgres_server``)."""
    try:
        with postgres_server() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL test server: {exc}", pytrace=False)


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    url = pg_server.database()
    yield url
    pg_server.drop(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path: Path) -> str:
    """Where a test's index goes: a SQLite file, then a database on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "index.sqlite")
    return request.getfixturevalue("pg_url")
