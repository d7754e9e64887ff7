"""Cached reads for the Streamlit app, keyed on the index's data version.

The app never parses articles: everything comes from the index. A rebuild changes
``index.data_version`` (a SQLite file's identity and mtime, a server index's ``meta`` row), which
changes every cache key here, so the page shows the new index on its next rerun.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

import streamlit as st

from articles.errors import IndexMissingError
from dashboard import export
from dashboard.store import index as ix
from dashboard.store import queries
from dashboard.store.queries import Filters, PlaceSummary
from dashboard.store.records import EventRecord
from dashboard.ui import panel, timeline


def index_url() -> str:
    """The index the app reads: ``$NEWSMAP_DB`` or the default file ``build`` writes."""
    return ix.resolve_db(None).render_as_string(hide_password=False)


def index_version(url: str) -> str:
    """The cache key of the index; raises ``IndexMissingError`` when it is not built yet."""
    parsed = ix.resolve_db(url)
    path = ix.sqlite_path(parsed)
    if path is not None and not path.exists():
        raise IndexMissingError(f"No index at {path}.")
    version = ix.data_version(parsed, _version_engine(url) if path is None else None)
    if not version:
        raise IndexMissingError(f"No index at {parsed.render_as_string(hide_password=True)}.")
    return version


@st.cache_resource
def _version_engine(url: str):
    """A server's engine (its pool) for the one-row version read of every rerun."""
    return ix.make_engine(ix.resolve_db(url))


@st.cache_resource(max_entries=4)
def _engine(url: str, version: str):
    return ix.open_index(url)


# Query results shared by every session as they are (st.cache_resource): unpickling 8,000 events
# from st.cache_data took 0.6 s on every rerun of a 10,000-article index. Nothing in the app
# changes a record it is given; the cache keeps the last SHARED_ENTRIES filter sets.
SHARED_ENTRIES = 64


@dataclass(frozen=True)
class Overview:
    span: tuple[dt.date, dt.date]
    facets: dict
    counts: dict


@st.cache_data(show_spinner=False)
def overview(url: str, version: str) -> Overview:
    with _engine(url, version).connect() as conn:
        lo, hi = queries.corpus_span(conn)
        today = dt.date.today()
        return Overview(
            span=(lo or today, hi or today),
            facets=queries.facet_values(conn),
            counts=queries.counts(conn),
        )


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def places(url: str, version: str, filters: Filters) -> list[PlaceSummary]:
    with _engine(url, version).connect() as conn:
        return queries.place_summaries(conn, filters)


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def known_places(url: str, version: str) -> dict[str, PlaceSummary]:
    """Every place of the index by id, unfiltered (a link's place is checked against it)."""
    with _engine(url, version).connect() as conn:
        return {p.id: p for p in queries.place_summaries(conn, Filters(demonym_places=True))}


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def events(
    url: str, version: str, filters: Filters, place_id: str | None = None
) -> list[EventRecord]:
    with _engine(url, version).connect() as conn:
        return queries.events(conn, filters, place_id=place_id)


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def place_surfaces(url: str, version: str, place_id: str) -> list[str]:
    """How the articles spell a place."""
    with _engine(url, version).connect() as conn:
        return queries.place_surfaces(conn, place_id)


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def place_event_count(url: str, version: str, filters: Filters, place_id: str) -> int:
    with _engine(url, version).connect() as conn:
        return queries.count_events(conn, filters, place_id)


@st.cache_data(show_spinner=False, max_entries=SHARED_ENTRIES)
def place_body_html(url: str, version: str, filters: Filters, place_id: str, shown: int) -> str:
    """The panel under a place's header: its newest ``shown`` events as cards, then the other
    articles naming it. Only what is shown is read: a busy capital has thousands of both."""
    place = known_places(url, version)[place_id]
    surfaces = place_surfaces(url, version, place_id)
    total = place_event_count(url, version, filters, place_id)
    with _engine(url, version).connect() as conn:
        found = queries.events(conn, filters, place_id=place_id, limit=shown)
        others, n_others = queries.other_articles(conn, place_id, filters, panel.ARTICLES_SHOWN)
        outside = 0
        if not total:
            outside = queries.count_events(conn, replace(filters, since=None, until=None), place_id)
    return str(
        panel.place_body_html(
            place, surfaces, found, others, outside, shown, n_events=total, n_others=n_others
        )
    )


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def timeline_chart(url: str, version: str, filters: Filters, window: tuple[dt.date, dt.date]):
    """The timeline of every date (so a drag can widen the range), pale outside the filter's."""
    bars = timeline_bars(url, version, replace(filters, since=None, until=None))
    return timeline.chart_of(bars, window if filters.since or filters.until else None)


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def timeline_bars(url: str, version: str, filters: Filters):
    """The timeline's bars for filters without dates: one per date range would redo them."""
    return timeline.bars(events(url, version, filters))


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def events_table(url: str, version: str, filters: Filters):
    """The filtered events as the table under the timeline (a DataFrame, shared: not changed)."""
    return timeline.events_table(events(url, version, filters))


@st.cache_data(show_spinner=False, max_entries=SHARED_ENTRIES)
def unplaced_html(url: str, version: str, filters: Filters) -> str:
    """The list of the filtered events without a place (cards rendered once per filter set;
    only those shown are read)."""
    _, unplaced = event_counts(url, version, filters)
    with _engine(url, version).connect() as conn:
        first = queries.events(conn, filters, limit=panel.UNPLACED_SHOWN, unplaced=True)
    return str(panel.unplaced_html(first, total=unplaced))


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def event_counts(url: str, version: str, filters: Filters) -> tuple[int, int]:
    """How many events the filters keep, and how many of them have no place (the header)."""
    with _engine(url, version).connect() as conn:
        return (
            queries.count_events(conn, filters),
            queries.count_events(conn, filters, unplaced=True),
        )


DOWNLOADS = {  # file name -> (button label, MIME type)
    "events.csv": ("Events (CSV)", "text/csv"),
    "events.json": ("Events (JSON)", "application/json"),
    "places.csv": ("Places (CSV)", "text/csv"),
    "places.geojson": ("Places (GeoJSON)", "application/geo+json"),
}


@st.cache_resource(show_spinner=False, max_entries=8)  # shared: each file can be tens of MB
def downloads(url: str, version: str, filters: Filters) -> dict[str, str]:
    """The filtered events and places as the files of ``DOWNLOADS``, by file name."""
    found, where = events(url, version, filters), places(url, version, filters)
    return {
        "events.csv": export.events_csv(found),
        "events.json": export.events_json(found),
        "places.csv": export.places_csv(where),
        "places.geojson": json.dumps(export.places_geojson(where), ensure_ascii=False),
    }
