"""The dashboard page: `streamlit run dashboard/ui/app.py` (layout only; logic lives in modules)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from articles.errors import NewsMapError  # noqa: E402
from dashboard.store.queries import Filters  # noqa: E402
from dashboard.ui import appdata, appstate, mapview, panel, sidebar, timeline  # noqa: E402

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

if "initialised" not in st.session_state:
    start, notices = appstate.parse_query({k: st.query_params.get_all(k) for k in st.query_params})
    start, more = appstate.checked(start, (lo, hi), facets, appdata.known_places(url, version))
    st.session_state.update(
        sidebar.initial_state(start, (lo, hi), facets),
        initialised=True,
        url_notices=notices + more,
        place=start.place,
        last_click=None,
        view=None,
        first_view=(start.zoom, start.centre),  # a shared link's map view, else fit the places
        map_view=(start.zoom, start.centre),
    )

for notice in st.session_state.url_notices:
    st.warning(notice, icon="⚠️")
if st.session_state.url_notices and st.button("Dismiss these notices"):
    st.session_state.url_notices = []
    st.rerun()

with st.sidebar:
    sidebar.render((lo, hi), facets)

since, until = st.session_state.dates
filters = Filters(
    since=since if since > lo else None,
    until=until if until < hi else None,
    languages=tuple(st.session_state.languages),
    outlets=tuple(st.session_state.outlets),
    event_types=tuple(st.session_state.event_types),
    event_groups=tuple(st.session_state.event_groups),
    actors=tuple(st.session_state.actors),
    statuses=sidebar.statuses_filter(),
    text=st.session_state.text.strip(),
    demonym_places=st.session_state.demonym_places,
)
places = appdata.places(url, version, filters)
n_events, n_unplaced = appdata.event_counts(url, version, filters)
visible = {p.id: p for p in places}
drawn = [p for p in places if p.events or st.session_state.quiet_places]
if st.session_state.view is None:
    st.session_state.view = mapview.bounds(places)

st.title("Morocco–Mauritania security cooperation: events map")
st.subheader(timeline.count_line(n_events, n_unplaced))
st.caption(
    f"{len(drawn)} place(s) on the map · corpus {lo:%d %b %Y} – {hi:%d %b %Y} · "
    f"{info.counts['articles']} article(s)"
)

map_col, panel_col = st.columns([3, 2], gap="medium")
with map_col:
    zoom, centre = st.session_state.first_view
    result = st_folium(
        mapview.build_base_map(st.session_state.view, zoom=zoom, centre=centre),
        key="map",
        height=560,
        use_container_width=True,
        returned_objects=list(mapview.RETURNED),
        # The same markers whatever is selected: a rerun that keeps the filters leaves the
        # map alone (the highlight follows ?place= in the browser, see dashboard.mapselect).
        feature_group_to_add=mapview.build_markers(drawn),
    )
    moved = mapview.map_view(result)
    if moved is not None:
        st.session_state.map_view = moved
    click = mapview.click_key(result)
    if click is not None and click != st.session_state.last_click:
        st.session_state.last_click = click
        hit = mapview.clicked_place(result, drawn)
        # No second run: the panel below is drawn in this one, and the URL it ends with moves
        # the highlight (a rerun here cost a whole page more per click).
        if hit is not None:
            st.session_state.place = hit.id
    st.markdown(mapview.legend_html(), unsafe_allow_html=True)
    if n_unplaced:
        st.markdown(f"**Events without a place ({n_unplaced})**")
        st.html(appdata.unplaced_html(url, version, filters))

with panel_col:
    # st.html, not st.markdown: it reads no Markdown, so article text cannot become a heading,
    # a link or an image however many blank lines it holds (the HTML is escaped by templates).
    st.html(panel.panel_css())
    chosen = st.session_state.place
    # The selection outlives a filter that leaves its place out: the panel says so.
    place = visible.get(chosen or "") or appdata.known_places(url, version).get(chosen or "")
    if place is None:
        st.info("Click a place on the map to see what happened there, and the sources.")
    else:
        st.html(panel.place_header_html(place, appdata.place_surfaces(url, version, place.id)))
        # Callbacks, not st.rerun(): they run before the script, so the run they start
        # already draws the result (no second run of the whole page).
        st.button("Clear selection", on_click=lambda: st.session_state.update(place=None))
        # How many cards: PANEL_SHOWN for a newly chosen place, more on "Show more".
        if st.session_state.get("panel_for") != place.id:
            st.session_state.update(panel_for=place.id, panel_shown=panel.PANEL_SHOWN)
        shown = st.session_state.panel_shown
        st.html(appdata.place_body_html(url, version, filters, place.id, shown))
        total = appdata.place_event_count(url, version, filters, place.id)
        if total > shown:
            st.button(
                f"Show {min(panel.PANEL_SHOWN, total - shown)} more events",
                on_click=lambda: st.session_state.update(panel_shown=shown + panel.PANEL_SHOWN),
            )

st.subheader("Timeline")
# Every date, so a drag across it can widen the range as well as narrow it.
chart = appdata.timeline_chart(url, version, filters, (since, until))
if chart is None:
    st.caption("No dated events match the filters.")
else:
    st.caption("Drag across the timeline to choose dates; events outside them are pale.")
    st.altair_chart(
        chart,
        width="stretch",
        key="timeline",
        on_select=lambda: sidebar.brushed((lo, hi)),
        selection_mode=timeline.BRUSH,
    )

# Behind a toggle, not in a collapsed expander: an expander's table is built, sent (1.4 MB of
# Arrow for 8,000 events) and laid out by every browser on every page open even when nobody
# opens it; it cost a session about a third of its page-open time on a 10,000-article index.
if st.toggle(f"Events table ({n_events})", key="events_table"):
    st.dataframe(appdata.events_table(url, version, filters), hide_index=True, width="stretch")

# The files are built (and cached) with the page, not passed as callables: a callable gets a
# new deferred id on every rerun and the browser kept clicking the old one ("MediaFileStorageError:
# Deferred file … not found"), while a built file keeps its URL (it is named by its content).
# ``on_click="ignore"``: a download does not rerun the page.
# Built only on request: on a large index the four files cost seconds for every filter change.
if st.toggle("Downloads of the filtered events and places", key="downloads"):
    files = appdata.downloads(url, version, filters)
    for col, (name, (label, mime)) in zip(
        st.columns(len(appdata.DOWNLOADS)), appdata.DOWNLOADS.items(), strict=True
    ):
        col.download_button(label, files[name], name, mime, key=f"dl-{name}", on_click="ignore")

st.caption(
    "Place data: [GeoNames](https://www.geonames.org/) (CC BY 4.0) and a curated regional "
    "gazetteer · Map tiles © OpenStreetMap contributors (online only) · Country outlines: "
    "Natural Earth via world-atlas · Every event links to the sentence it comes from."
)

# Statuses go into the link only when they differ from the default for the dates.
default = set(appstate.default_statuses((since, until)))
linked = filters.statuses or appstate.STATUSES
zoom, centre = st.session_state.map_view
st.query_params.from_dict(
    appstate.to_query(
        appstate.ViewState(
            filters=replace(filters, statuses=() if set(linked) == default else linked),
            place=st.session_state.place,
            zoom=zoom,
            centre=centre,
        )
    )
)
