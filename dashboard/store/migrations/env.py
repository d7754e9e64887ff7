"""Alembic's environment for the index: always run from ``dashboard.store.migrate`` with an open
connection (``config.attributes["connection"]``), on SQLite or PostgreSQL; no alembic.ini."""

from __future__ import annotations

from alembic import context

from dashboard.store.index import metadata

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "the index's migrations run through dashboard.store.migrate, on a connection"
    )
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things: later revisions rebuild tables in batch mode there.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
