"""The events timeline (Altair): ranges drawn as ranges, so a month is never a false day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from dashboard.panel import format_date
from dashboard.queries import EventRecord


def timeline_frame(events: Sequence[EventRecord]) -> pd.DataFrame:
    rows = []
    for e in events:
        if e.date_start is None:
            continue
        end = e.date_end or e.date_start
        rows.append(
            {
                "id": e.id,
                "type": e.type,
                "title": e.title,
                "status": e.status,
                "when": format_date(e.date_start, e.date_end, e.date_precision, e.date_estimated),
                "start": pd.Timestamp(e.date_start),
                # the bar covers the whole last day
                "end": pd.Timestamp(end + dt.timedelta(days=1)),
                "places": ", ".join(name for _, name in e.places),
                "sources": len(e.sources),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["id", "type", "title", "status", "when", "start", "end", "places", "sources"],
    )


def events_table(events: Sequence[EventRecord]) -> pd.DataFrame:
    """Every filtered event for the table, undated ones included (the chart cannot place them)."""
    return pd.DataFrame(
        [
            {
                "when": format_date(e.date_start, e.date_end, e.date_precision, e.date_estimated)
                if e.date_start
                else "date unknown",
                "type": e.type,
                "title": e.title,
                "status": e.status,
                "places": ", ".join(name for _, name in e.places),
                "actors": ", ".join(name for _, name in e.actors),
                "fatalities": e.fatalities,
                "injured": e.injured,
                "sources": len({s.article_id for s in e.sources}),
                "id": e.id,
            }
            for e in events
        ],
        columns=[
            "when",
            "type",
            "title",
            "status",
            "places",
            "actors",
            "fatalities",
            "injured",
            "sources",
            "id",
        ],  # fmt: skip
    )


def timeline_chart(events: Sequence[EventRecord]) -> alt.Chart | None:
    frame = timeline_frame(events)
    if frame.empty:
        return None
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2, height=14)
        .encode(
            x=alt.X("start:T", title=None),
            x2="end:T",
            y=alt.Y("type:N", title=None),
            color=alt.Color("type:N", legend=alt.Legend(title="Event type", orient="bottom")),
            opacity=alt.condition(alt.datum.status == "past", alt.value(0.9), alt.value(0.45)),
            tooltip=["when:N", "type:N", "title:N", "status:N", "places:N", "sources:Q"],
        )
        .properties(height=alt.Step(26))
    )
