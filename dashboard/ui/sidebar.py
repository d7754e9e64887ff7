"""The sidebar's filter widgets and the callbacks that keep the date controls in step.

Four controls set the same dates: the quick range, two date inputs (typed or picked), the slider
(coarse moves) and a drag across the timeline. Each one's callback calls ``set_dates``, which
writes all of them, so they never disagree; the quick range is then recognised from the dates
(``appstate.preset_for``), so "2023" in a link comes back as "2023".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from dashboard import eventtypes
from dashboard.ui import appstate, timeline
from dashboard.ui.panel import STATUS_LABELS, type_label

Span = tuple[dt.date, dt.date]


def initial_state(state: appstate.ViewState, span: Span, facets: Mapping) -> dict:
    """Session values for a first visit from a (checked) URL state."""
    lo, hi = span
    f = state.filters
    dates = (f.since or lo, f.until or hi)
    return {
        "dates": dates,
        "date_from": dates[0],
        "date_to": dates[1],
        "preset": appstate.preset_for(dates, span),
        "statuses": list(f.statuses or appstate.default_statuses(dates)),
        "statuses_chosen": bool(f.statuses),  # a link or the user chose: no automatic default
        "languages": list(f.languages),
        "outlets": list(f.outlets),
        "event_types": list(f.event_types),
        "event_groups": list(f.event_groups),
        "actors": list(f.actors),
        "text": f.text,
        "demonym_places": False,
        "quiet_places": True,
    }


def set_dates(dates: tuple[dt.date, dt.date], span: Span) -> None:
    """Write the dates into every date control (ordered, clamped to the corpus)."""
    lo, hi = span
    since, until = sorted(min(max(d, lo), hi) for d in dates)
    ss = st.session_state
    ss.dates = (since, until)
    ss.date_from, ss.date_to = since, until
    ss.preset = appstate.preset_for((since, until), span)
    if not ss.statuses_chosen:
        ss.statuses = list(appstate.default_statuses((since, until)))


def _preset_chosen(span: Span) -> None:
    if st.session_state.preset != appstate.CUSTOM:
        set_dates(appstate.preset_range(st.session_state.preset, span), span)


def _inputs_moved(span: Span) -> None:
    ss = st.session_state
    if ss.date_from is None or ss.date_to is None:  # a half-typed date: keep the last one
        ss.date_from, ss.date_to = ss.dates
        return
    set_dates((ss.date_from, ss.date_to), span)


def _statuses_chosen() -> None:
    st.session_state.statuses_chosen = True


def brushed(span: Span) -> None:
    """``on_select`` of the timeline: a drag across it sets the dates."""
    chosen = timeline.brush_dates(st.session_state.timeline.selection)
    if chosen is not None:
        set_dates(chosen, span)


def statuses_filter() -> tuple[str, ...]:
    """The status filter as ``Filters`` takes it: none chosen, or all three, is no filter."""
    chosen = tuple(s for s in appstate.STATUSES if s in st.session_state.statuses)
    return () if len(chosen) in (0, len(appstate.STATUSES)) else chosen


def type_options(facets: Mapping) -> list[str]:
    """The event types offered: those of the chosen kinds (all without one), and those chosen."""
    ss = st.session_state
    kinds = set(eventtypes.types_in(ss.event_groups)) if ss.event_groups else None
    return [t for t in facets["event_types"] if kinds is None or t in kinds or t in ss.event_types]


def render(span: Span, facets: Mapping) -> None:
    lo, hi = span
    st.header("Filters")
    st.selectbox(
        "Quick range",
        [*appstate.presets(span), appstate.CUSTOM],
        key="preset",
        on_change=_preset_chosen,
        args=(span,),
        help="Counted back from the newest date in the corpus.",
    )
    if lo < hi:
        for key, label in (("date_from", "From"), ("date_to", "To")):
            st.date_input(
                label,
                key=key,
                min_value=lo,
                max_value=hi,
                format="YYYY-MM-DD",
                on_change=_inputs_moved,
                args=(span,),
            )
        st.slider(
            "Dates",
            min_value=lo,
            max_value=hi,
            key="dates",
            format="YYYY-MM-DD",
            on_change=lambda: set_dates(st.session_state.dates, span),
            label_visibility="collapsed",
        )
        st.caption("Type or pick the dates, drag the slider, or drag across the timeline.")
    else:
        st.caption(f"Every date in the index is {lo:%d %b %Y}.")
    st.multiselect(
        "Status",
        appstate.STATUSES,
        format_func=STATUS_LABELS.get,
        key="statuses",
        on_change=_statuses_chosen,
    )
    st.caption(
        f"Planned and background events are off by default when the dates span fewer than "
        f"{appstate.SHORT_WINDOW_DAYS} days. None chosen: every status."
    )
    st.multiselect("Language", facets["languages"], key="languages")
    st.multiselect("Outlet", facets["outlets"], key="outlets")
    st.multiselect(
        "Kind of event",
        facets["event_groups"],
        format_func=eventtypes.group_label,
        key="event_groups",
        help="ACLED's event types (battles, explosions and remote violence, violence against "
        "civilians, protests and riots, strategic developments) and cooperation.",
    )
    st.multiselect("Event type", type_options(facets), format_func=type_label, key="event_types")
    actor_names = dict(facets["actors"])
    st.multiselect("Actor", list(actor_names), format_func=actor_names.get, key="actors")
    st.text_input(
        "Search titles, evidence and event types",
        key="text",
        max_chars=appstate.MAX_VALUE_CHARS,
        help='In English or French: "shelling" and "bombardement" find the same attack.',
    )
    st.toggle(
        "Places without events",
        key="quiet_places",
        help="Places the filtered articles name but where no filtered event is: small and pale.",
    )
    st.toggle(
        "Countries named only by a demonym",
        key="demonym_places",
        help='Draw countries an article names only as "Canadian", "malien"… (listed in panels).',
    )
