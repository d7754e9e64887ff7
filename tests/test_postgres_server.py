"""The PostgreSQL test server itself: real, reachable, one fresh database per test."""

from __future__ import annotations

import pytest
from postgres_server import PostgresUnavailable, server_bin
from sqlalchemy import create_engine, text


def test_each_test_gets_its_own_empty_database(pg_server, pg_url):
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(text("select current_database()")).scalar() == pg_url.rsplit("/")[-1]
        tables = conn.execute(text("select count(*) from pg_tables where schemaname = 'public'"))
        assert tables.scalar() == 0
        assert conn.execute(text("select lower('ÉTAT-MAJOR')")).scalar() == "état-major"
    engine.dispose()
    other = pg_server.database()
    assert other != pg_url
    pg_server.drop(other)


def test_a_missing_server_program_is_named():
    with pytest.raises(PostgresUnavailable, match="no-such-pg-tool not found on PATH"):
        server_bin("no-such-pg-tool")
