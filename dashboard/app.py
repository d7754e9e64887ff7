"""The dashboard page: `streamlit run dashboard/app.py` (layout only; logic lives in modules)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.errors import NewsMapError  # noqa: E402
from dashboard import appdata, appstate, export, mapview, panel, timeline  # noqa: E402
from dashboard.queries import Filters  # noqa: E402

st.set_page_config(page_title="Morocco–Mauritania security news map", page_icon="🗺️", layout="wide")

url = appdata.index_url()
try:
    version = appdata.index_version(url)
    info = appdata.overview(url, version)
except NewsMapError as exc:
    st.error(f"{exc}")
    st.markdown(
        "Build the index first, then reload this page:\n\n"
        "```\npython -m dashboard build\n```\n\n(`make run` does both.)"
    )
    st.stop()

if not info.counts.get("articles"):
    st.info(
        "The index is empty: add articles to the corpus folder and run `python -m dashboard build`."
    )
    st.stop()
lo, hi = info.span
facets = info.facets

CUSTOM = "Custom (the slider)"

if "initialised" not in st.session_state:
    start = appstate.from_query({k: st.query_params.get_all(k) for k in st.query_params})
    f = start.filters
    since = min(max(f.since or lo, lo), hi)
    until = max(min(f.until or hi, hi), since)
    st.session_state.update(
        initialised=True,
        dates=(since, until),
        languages=[v for v in f.languages if v in facets["languages"]],
        outlets=[v for v in f.outlets if v in facets["outlets"]],
        event_types=[v for v in f.event_types if v in facets["event_types"]],
        actors=[v for v in f.actors if v in dict(facets["actors"])],
        text=f.text,
        demonym_places=False,
        place=start.place,
        preset="All" if (since, until) == (lo, hi) else CUSTOM,
        last_click=None,
        view=None,
    )


def apply_preset() -> None:
    if st.session_state.preset != CUSTOM:
        st.session_state.dates = appstate.preset_range(st.session_state.preset, (lo, hi))


def dates_moved() -> None:
    st.session_state.preset = CUSTOM


with st.sidebar:
    st.header("Filters")
    years = [str(y) for y in range(hi.year, lo.year - 1, -1)]
    st.selectbox(
        "Quick range",
        ["All", "Last 30 days", "Last 12 months", *years, CUSTOM],
        key="preset",
        on_change=apply_preset,
        help="Counted back from the newest date in the corpus.",
    )
    if lo < hi:
        st.slider(
            "Dates",
            min_value=lo,
            max_value=hi,
            key="dates",
            format="YYYY-MM-DD",
            on_change=dates_moved,
        )
    else:
        st.caption(f"Every date in the index is {lo:%d %b %Y}.")
    st.multiselect("Language", facets["languages"], key="languages")
    st.multiselect("Outlet", facets["outlets"], key="outlets")
    st.multiselect("Event type", facets["event_types"], key="event_types")
    actor_names = dict(facets["actors"])
    st.multiselect("Actor", list(actor_names), format_func=actor_names.get, key="actors")
    st.text_input("Search titles and evidence", key="text")
    st.toggle(
        "Countries named only by a demonym",
        key="demonym_places",
        help='Draw countries an article names only as "Canadian", "malien"… (listed in panels).',
    )

since, until = st.session_state.dates
filters = Filters(
    since=since if since > lo else None,
    until=until if until < hi else None,
    languages=tuple(st.session_state.languages),
    outlets=tuple(st.session_state.outlets),
    event_types=tuple(st.session_state.event_types),
    actors=tuple(st.session_state.actors),
    text=st.session_state.text.strip(),
    demonym_places=st.session_state.demonym_places,
)
places = appdata.places(url, version, filters)
events = appdata.events(url, version, filters)
visible = {p.id: p for p in places}
if st.session_state.view is None:
    st.session_state.view = mapview.bounds(places)

st.title("Morocco–Mauritania security cooperation: events map")
st.caption(
    f"{len(events)} event(s) at {len(places)} place(s) · corpus {lo:%d %b %Y} – {hi:%d %b %Y} · "
    f"{info.counts['articles']} article(s)"
)

map_col, panel_col = st.columns([3, 2], gap="medium")
with map_col:
    selected = st.session_state.place if st.session_state.place in visible else None
    result = st_folium(
        mapview.build_base_map(st.session_state.view),
        key="map",
        height=560,
        use_container_width=True,
        returned_objects=["last_object_clicked", "last_active_drawing"],
        feature_group_to_add=mapview.build_markers(places, selected),
    )
    click = (result or {}).get("last_object_clicked")
    if click and click != st.session_state.last_click:
        st.session_state.last_click = click
        hit = mapview.clicked_place(result, places)
        if hit is not None and hit.id != st.session_state.place:
            st.session_state.place = hit.id
            st.rerun()
    st.markdown(mapview.legend_html(), unsafe_allow_html=True)

with panel_col:
    # st.html, not st.markdown: it reads no Markdown, so article text cannot become a heading,
    # a link or an image however many blank lines it holds (the HTML is escaped by templates).
    st.html(panel.panel_css())
    place = visible.get(st.session_state.place or "")
    if place is None:
        st.info("Click a place on the map to see what happened there, and the sources.")
        if st.session_state.place:
            st.caption("The place selected before is outside the current filters.")
    else:
        articles, surfaces = appdata.place_detail(url, version, filters, place.id)
        st.html(panel.place_header_html(place, surfaces))
        if st.button("Clear selection"):
            st.session_state.place = None
            st.rerun()
        place_events = appdata.events(url, version, filters, place.id)
        st.html(panel.place_body_html(place, surfaces, place_events, articles))

st.subheader("Timeline")
chart = timeline.timeline_chart(events)
if chart is None:
    st.caption("No dated events match the filters.")
else:
    st.altair_chart(chart, width="stretch")

with st.expander(f"Events table ({len(events)})"):
    st.dataframe(timeline.events_table(events), hide_index=True, width="stretch")

# Built only when a button is clicked, not on every rerun.
cols = st.columns(4)
cols[0].download_button(
    "Events (CSV)", lambda: export.events_csv(events), "events.csv", "text/csv", key="dl-ev-csv"
)
cols[1].download_button(
    "Events (JSON)", lambda: export.events_json(events), "events.json", "application/json"
)
cols[2].download_button("Places (CSV)", lambda: export.places_csv(places), "places.csv", "text/csv")
cols[3].download_button(
    "Places (GeoJSON)",
    lambda: json.dumps(export.places_geojson(places), ensure_ascii=False),
    "places.geojson",
    "application/geo+json",
)

st.caption(
    "Place data: [GeoNames](https://www.geonames.org/) (CC BY 4.0) and a curated regional "
    "gazetteer · Map tiles © OpenStreetMap contributors (online only) · Country outlines: "
    "Natural Earth via world-atlas · Every event links to the sentence it comes from."
)

st.query_params.from_dict(
    appstate.to_query(appstate.ViewState(filters=filters, place=st.session_state.place))
)
