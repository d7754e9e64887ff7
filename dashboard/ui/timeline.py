"""The events timeline (Altair): ranges drawn as ranges, so a month is never a false day.

The chart is also the coarse date control: dragging across it (an interval selection on the x
axis, named ``BRUSH``) sets the date filter; ``brush_dates`` reads what Streamlit returns.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from dashboard.store.records import EventRecord
from dashboard.ui.panel import format_date, type_label

BRUSH = "brush"
MIN_BAR_FRACTION = 1 / 250  # of the time axis: a day in twenty years is still a few pixels wide
COLUMNS = ["id", "type", "title", "status", "when", "start", "end", "drawn_end", "places"]
MAX_BARS = 1500  # more events than this: one bar per type and month, with its count


def monthly(frame: pd.DataFrame) -> pd.DataFrame:
    """Events counted per type, status and month of their start: what a large index draws
    (8,000 bars made every browser slow to open the page). A bar spans its month."""
    month = frame["start"].dt.to_period("M")
    grouped = (
        frame.assign(month=month)
        .groupby(["type", "status", "month"], observed=True)
        .size()
        .reset_index(name="events")
    )
    start = grouped["month"].dt.start_time
    return pd.DataFrame(
        {
            "type": grouped["type"],
            "status": grouped["status"],
            "when": grouped["month"].dt.strftime("%b %Y"),
            "title": grouped["events"].map(lambda n: f"{n} event(s) this month"),
            "start": start,
            "end": start + pd.offsets.MonthBegin(1),
            "drawn_end": start + pd.offsets.MonthBegin(1),
            "places": "",
            "events": grouped["events"],
        }
    )


def min_bar_days(events: Sequence[EventRecord]) -> int:
    """The narrowest bar, in days, for the span these events cover."""
    days = [d for e in events for d in (e.date_start, e.date_end) if d]
    if not days:
        return 1
    return max(1, math.ceil(((max(days) - min(days)).days + 1) * MIN_BAR_FRACTION))


def timeline_frame(events: Sequence[EventRecord]) -> pd.DataFrame:
    rows = []
    widest = dt.timedelta(days=min_bar_days(events))
    for e in events:
        if e.date_start is None:
            continue
        end = e.date_end or e.date_start
        rows.append(
            {
                "id": e.id,
                "type": type_label(e.type),
                "title": e.title,
                "status": e.status,
                "when": format_date(e.date_start, e.date_end, e.date_precision, e.date_estimated),
                "start": pd.Timestamp(e.date_start),
                # the bar covers the whole last day
                "end": pd.Timestamp(end + dt.timedelta(days=1)),
                "drawn_end": pd.Timestamp(max(end + dt.timedelta(days=1), e.date_start + widest)),
                "places": ", ".join(name for _, name in e.places),
                "sources": len(e.sources),
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, "sources"])


def events_table(events: Sequence[EventRecord]) -> pd.DataFrame:
    """Every filtered event for the table, undated ones included (the chart cannot place them)."""
    return pd.DataFrame(
        [
            {
                "when": format_date(e.date_start, e.date_end, e.date_precision, e.date_estimated)
                if e.date_start
                else "date unknown",
                "type": type_label(e.type),
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


def timeline_chart(
    events: Sequence[EventRecord], window: tuple[dt.date, dt.date] | None = None
) -> alt.Chart | None:
    """Bars per event type; events outside ``window`` (the date filter) are drawn pale.

    Drag across the chart to choose dates (the ``BRUSH`` selection); a double click clears it.
    """
    return chart_of(bars(events), window)


def bars(events: Sequence[EventRecord]) -> pd.DataFrame:
    """What the timeline draws, before the date filter: a bar per event, or per type and month
    when there are more than MAX_BARS (the same for every date range: computed once)."""
    frame = timeline_frame(events)
    return monthly(frame) if len(frame) > MAX_BARS else frame


def chart_of(
    frame: pd.DataFrame, window: tuple[dt.date, dt.date] | None = None
) -> alt.Chart | None:
    """The chart of ``bars``' frame (not changed: the chart gets a copy)."""
    if frame.empty:
        return None
    if "events" in frame.columns:
        tooltip = ["when:N", "type:N", "status:N", "events:Q"]
    else:
        tooltip = ["when:N", "type:N", "title:N", "status:N", "places:N", "sources:Q"]
    frame = frame.copy()
    # Plans and background paler than what happened; outside the date filter paler still.
    frame["alpha"] = frame["status"].map(lambda status: 0.9 if status == "past" else 0.45)
    if window:
        lo, hi = (pd.Timestamp(d) for d in window)
        outside = (frame["end"] <= lo) | (frame["start"] > hi)
        frame.loc[outside, "alpha"] = 0.12
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2, height=14)
        .encode(
            x=alt.X("start:T", title=None),
            x2="drawn_end:T",
            y=alt.Y("type:N", title=None),
            color=alt.Color("type:N", legend=alt.Legend(title="Event type", orient="bottom")),
            opacity=alt.Opacity("alpha:Q", scale=None, legend=None),
            tooltip=tooltip,
        )
        .add_params(brush)
        .properties(height=alt.Step(26))
    )


def _day(value: object) -> dt.date | None:
    """A brush end as Vega sends it: milliseconds since the epoch, or an ISO date-time."""
    try:
        if isinstance(value, (int, float)) and math.isfinite(value):
            return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
        if isinstance(value, str):
            return dt.date.fromisoformat(value[:10])
    except (ValueError, OverflowError, OSError):
        return None
    return None


def brush_dates(selection: Mapping | None) -> tuple[dt.date, dt.date] | None:
    """The dates a drag on the timeline chose (``event.selection`` of ``st.altair_chart``).

    Streamlit returns ``{"brush": {"start": [lo, hi]}}`` for our interval on the ``start``
    field, and an empty ``{}`` once the brush is cleared.
    """
    interval = ((selection or {}).get(BRUSH) or {}).get("start")
    if not isinstance(interval, (list, tuple)) or len(interval) != 2:
        return None
    ends = [_day(v) for v in interval]
    if None in ends:
        return None
    lo, hi = sorted(ends)
    return lo, hi


def count_line(total: int, unplaced: int) -> str:
    """The header's counts, which add up: "15 events (12 on the map, 3 without a place — …)"."""
    noun = "event" if total == 1 else "events"
    if not unplaced:
        return f"{total} {noun}, all on the map"
    return (
        f"{total} {noun} ({total - unplaced} on the map, {unplaced} without a place — "
        "listed below the map)"
    )
