"""The index's Alembic migrations, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from dashboard.store import index as ix
from dashboard.store import migrate


@pytest.fixture
def engine(db):
    engine = ix.make_engine(ix.resolve_db(db))
    yield engine
    engine.dispose()


def schema_differences(conn) -> list:
    return compare_metadata(MigrationContext.configure(conn), ix.metadata)


def test_the_migrations_create_exactly_the_declared_schema(engine):
    with engine.begin() as conn:
        migrate.upgrade(conn)
    with engine.connect() as conn:
        assert schema_differences(conn) == []
        assert migrate.current(conn) == migrate.head()
        assert ix.get_meta(conn)["schema_version"] == str(ix.SCHEMA_VERSION)
    assert ix.read_version(engine) == ix.SCHEMA_VERSION


def test_an_index_at_an_older_revision_is_upgraded(engine):
    with engine.begin() as conn:
        migrate.upgrade(conn)
    with engine.begin() as conn:
        command.downgrade(migrate.config(conn), "base")  # before the first revision: no table
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        assert migrate.current(conn) is None
    with engine.begin() as conn:
        migrate.upgrade(conn)
        migrate.upgrade(conn)  # at the head already: nothing to do, nothing doubled
    with engine.connect() as conn:
        assert schema_differences(conn) == []
        versions = select(ix.meta.c.value).where(ix.meta.c.key == "schema_version")
        assert list(conn.execute(versions).scalars()) == [str(ix.SCHEMA_VERSION)]


def test_an_index_built_before_migrations_is_adopted_with_its_rows(engine):
    with engine.begin() as conn:  # what the code before Alembic wrote
        ix.metadata.create_all(conn)
        ix.set_meta(conn, schema_version=5)
        conn.execute(ix.rejected.insert(), [{"path": "a.md", "problem": "kept"}])
    with engine.begin() as conn:
        migrate.upgrade(conn)
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert conn.execute(select(ix.rejected.c.problem)).scalars().all() == ["kept"]


def test_an_index_from_before_schema_5_is_refused_with_the_reason(engine):
    with engine.begin() as conn:
        ix.metadata.create_all(conn)
        ix.set_meta(conn, schema_version=4)
    refused = pytest.raises(ix.IndexVersionError, match="schema version 4, from before migrations")
    with refused, engine.begin() as conn:
        migrate.upgrade(conn)
