"""The schema of index version 5 (conflict events, mention roles): every table, created.

The first revision under Alembic. An index built before migrations existed (schema version 5, no
``alembic_version`` table) is stamped with this revision instead of being created again.

Revision ID: 0005
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = None
branch_labels = None
depends_on = None

#: The ``meta`` row this revision leaves; each later revision updates it.
SCHEMA_VERSION = 5


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outlet", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("published_precision", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_articles_published"), "articles", ["published"], unique=False)
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=False),
        sa.Column("date_basis", sa.String(length=16), nullable=False),
        sa.Column("date_estimated", sa.Boolean(), nullable=False),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("family", sa.String(length=16), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("place_relation", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_events_date_end"), "events", ["date_end"], unique=False)
    op.create_index(op.f("ix_events_date_start"), "events", ["date_start"], unique=False)
    op.create_index(op.f("ix_events_type"), "events", ["type"], unique=False)
    op.create_table(
        "geocode_cache",
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("query", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("provider", "query"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("coord_source", sa.Text(), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rejected",
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("path"),
    )
    op.create_table(
        "actor_spellings",
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("spelling", sa.String(length=300), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.PrimaryKeyConstraint("actor_id", "spelling", "article_id"),
    )
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id"),
    )
    op.create_index("ix_event_actors_actor", "event_actors", ["actor_id"], unique=False)
    op.create_table(
        "event_places",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("place_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "place_id"),
    )
    op.create_index("ix_event_places_place", "event_places", ["place_id"], unique=False)
    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_event_sources_article_id"), "event_sources", ["article_id"], unique=False
    )
    op.create_index(op.f("ix_event_sources_event_id"), "event_sources", ["event_id"], unique=False)
    op.create_table(
        "extractions",
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("place_id", sa.String(length=200), nullable=False),
        sa.Column("surface", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("alternatives", sa.JSON(), nullable=True),
        sa.Column("role", sa.String(length=16), server_default="place", nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_mentions_article_id"), "mentions", ["article_id"], unique=False)
    op.create_index(op.f("ix_mentions_place_id"), "mentions", ["place_id"], unique=False)

    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(meta, [{"key": "schema_version", "value": str(SCHEMA_VERSION)}])


def downgrade() -> None:
    op.drop_index(op.f("ix_mentions_place_id"), table_name="mentions")
    op.drop_index(op.f("ix_mentions_article_id"), table_name="mentions")
    op.drop_table("mentions")
    op.drop_table("extractions")
    op.drop_index(op.f("ix_event_sources_event_id"), table_name="event_sources")
    op.drop_index(op.f("ix_event_sources_article_id"), table_name="event_sources")
    op.drop_table("event_sources")
    op.drop_index("ix_event_places_place", table_name="event_places")
    op.drop_table("event_places")
    op.drop_index("ix_event_actors_actor", table_name="event_actors")
    op.drop_table("event_actors")
    op.drop_table("actor_spellings")
    op.drop_table("rejected")
    op.drop_table("places")
    op.drop_table("meta")
    op.drop_table("geocode_cache")
    op.drop_index(op.f("ix_events_type"), table_name="events")
    op.drop_index(op.f("ix_events_date_start"), table_name="events")
    op.drop_index(op.f("ix_events_date_end"), table_name="events")
    op.drop_table("events")
    op.drop_index(op.f("ix_articles_published"), table_name="articles")
    op.drop_table("articles")
    op.drop_table("actors")
