"""The index's schema migrations (Alembic, ``dashboard/store/migrations/``), run on a connection.

One code path creates and upgrades an index on SQLite and on PostgreSQL: ``upgrade(conn)``
brings the database behind ``conn`` to the newest revision inside the caller's transaction.
Each revision also sets ``meta.schema_version``, which readers check (``index.check_version``).
No ``alembic.ini``: the configuration is built here.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection

from dashboard.store import index as ix

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The revision an index built before migrations existed (schema version 5) is at.
FIRST_REVISION, FIRST_SCHEMA = "0005", 5


def config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    """The newest revision of the migration scripts."""
    found = ScriptDirectory.from_config(config()).get_current_head()
    assert found is not None, f"{MIGRATIONS}: no revision"
    return found


def current(conn: Connection) -> str | None:
    """The revision the database is at (None: no Alembic table)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Create the index's tables, or upgrade them, to ``revision`` (default: the newest)."""
    tables = inspect(conn).get_table_names()
    if "meta" in tables and "alembic_version" not in tables:
        # Built before migrations: schema version 5 is the first revision; older ones predate
        # the migrations and cannot be upgraded in place.
        found = conn.execute(
            select(ix.meta.c.value).where(ix.meta.c.key == "schema_version")
        ).scalar()
        if found != str(FIRST_SCHEMA):
            where = conn.engine.url.render_as_string(hide_password=True)
            raise ix.IndexVersionError(
                f"{where}: index schema version {found}, from before migrations; it cannot be "
                "upgraded in place: drop its tables (or use another database) and build again"
            )
        command.stamp(config(conn), FIRST_REVISION)
    command.upgrade(config(conn), revision)
