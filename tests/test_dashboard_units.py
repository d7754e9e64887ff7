"""Unit tests of the page's pure parts: map building, escaping, URL state, dates, timeline."""

import datetime as dt
import re

from streamlit_folium import _get_feature_group_string

from dashboard.store.queries import Filters, PlaceArticle, PlaceSummary
from dashboard.store.records import EventRecord, Source
from dashboard.ui import appstate, mapview, panel, timeline

EVIL = "<img src=x onerror=alert(1)>"


def place(pid="2377450", name="Nouakchott", kind="city", events=("e1",), mentions=3, **kw):
    return PlaceSummary(
        id=pid,
        name=name,
        kind=kind,
        country=kw.get("country", "MR"),
        lat=kw.get("lat", 18.08581),
        lon=kw.get("lon", -15.9785),
        aliases=[],
        mentions=mentions,
        caption_mentions=0,
        articles=["a1"],
        events=list(events),
    )


def event(**kw):
    fields = dict(
        id="ev-1",
        type="meeting",
        title="Meeting in Nouakchott",
        language="en",
        date_start=dt.date(2023, 10, 30),
        date_end=dt.date(2023, 11, 5),
        date_precision="days",
        date_basis="relative",
        date_estimated=False,
        date_text="last week",
        status="past",
        places=[("2377450", "Nouakchott")],
        actors=[("p:1", "Mohamed Bariz")],
        sources=[
            Source(
                "a1",
                EVIL,
                "Wire",
                "https://example.org/a",
                "fr",
                dt.date(2023, 11, 6),
                "day",
                "Les deux parties ont tenu à Nouakchott une séance.",
                0,
            )
        ],
    )
    fields.update(kw)
    return EventRecord(**fields)


def test_markers_one_feature_per_place_with_escaped_tooltips():
    places = [
        place(),
        place("2542007", "Morocco", "country", events=(), mentions=9, lat=32, lon=-6),
        place("x", EVIL, "town", lat=20, lon=-10),
    ]
    m = mapview.build_base_map(mapview.bounds(places))
    mapview.build_markers(places).add_to(m)
    rendered = m.get_root().render()
    assert "<img src=x" not in rendered and "\\u003cimg" not in rendered
    data = mapview.feature_collection(places, "2377450")
    tooltips = {f["properties"]["id"]: f["properties"]["tooltip"] for f in data["features"]}
    assert tooltips["x"].startswith("<b>&lt;img src=x onerror=alert(1)&gt;</b>")
    assert [f["geometry"]["coordinates"] for f in data["features"]][0] == [-15.9785, 18.08581]
    styles = {f["properties"]["id"]: f["properties"]["style"] for f in data["features"]}
    assert styles["2542007"]["dashArray"]  # an area is a dashed ring
    assert styles["2377450"]["color"] == mapview.SELECTED_COLOUR
    assert styles["x"]["radius"] < styles["2542007"]["radius"]


def _markers_script(places) -> str:
    """The script st_folium sends for the markers (what its iframe compares between reruns)."""
    m = mapview.build_base_map(mapview.bounds(places))
    m.render()
    return _get_feature_group_string(mapview.build_markers(places), map=m, idx=0)


def test_the_markers_script_is_the_same_on_every_rerun_and_follows_the_url():
    places = [place(), place("x", EVIL, "town", lat=20, lon=-10)]
    first = _markers_script(places)
    assert first == _markers_script(places)  # an unchanged rerun: the map is not redrawn
    assert first != _markers_script(places[:1])  # another set of places is
    assert mapview.SELECTED_COLOUR not in first.split("window.__placeHighlight")[0]
    # the highlight: the layers it restyles are the ones in the script, by their st_folium names
    call = re.search(r"\}\)\(\[([\w, ]+)\],\s*\"place\"", first)
    assert call is not None
    for name in call.group(1).split(", "):
        assert f"var {name} = L.geoJson(" in first
    assert "window.parent.location.search" in first


def test_the_busiest_places_carry_their_name_escaped_and_unclickable():
    places = [
        place("a", "Gao", "town", events=("e1", "e2", "e3"), lat=16.3, lon=-0.05),
        place("b", EVIL, "town", events=("e4", "e5"), lat=20, lon=-10),
        place("c", "Quiet", "town", events=(), mentions=30, lat=21, lon=-9),
        place("d", "Mali", "country", events=("e6", "e7", "e8", "e9"), lat=17, lon=-4),
    ]
    assert [p.name for p in mapview.labelled(places, 2)] == ["Gao", EVIL]  # points with events
    m = mapview.build_base_map(mapview.bounds(places))
    mapview.build_markers(places).add_to(m)
    rendered = m.get_root().render()
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;\\u003c/span" in rendered  # JSON of &lt;
    assert "<img src=x" not in rendered and "\\u003cimg" not in rendered
    assert rendered.count("place-label") == 2 and '"interactive": false' in rendered


def test_many_points_cluster_and_use_only_local_scripts():
    many = [place(str(i), f"P{i}", lat=10 + i / 10, lon=-5) for i in range(60)]
    m = mapview.build_base_map(mapview.bounds(many))
    mapview.build_markers(many).add_to(m)
    rendered = m.get_root().render()
    assert "markerClusterGroup" in rendered
    assert "https://" not in "".join(
        src for el in m.get_root()._children.values() for _, src in getattr(el, "default_js", [])
    )


def test_bounds_and_click_resolution():
    p = place()
    (s, w), (n, e) = mapview.bounds([p])
    assert s < p.lat < n and w < p.lon < e
    assert mapview.nearest_place([p], 18.08581, -15.9785) is p
    assert mapview.nearest_place([p], 18.5, -15.9785) is None


def test_panel_escapes_everything_and_highlights_the_place():
    html = panel.event_html(event(title=EVIL), ["Nouakchott"])
    assert EVIL not in html and "&lt;img" in html
    assert "<mark>Nouakchott</mark>" in html
    assert 'href="https://example.org/a"' in html
    art = PlaceArticle(
        "a1",
        EVIL,
        "Out<b>let",
        "https://example.org/?a=1&b=2",
        "en",
        dt.date(2022, 5, 25),
        "estimated",
        [("Rabat hosted <script>x</script>", 0, 5, "body")],
    )
    html = panel.article_html(art)
    assert "<script>" not in html and "<mark>Rabat</mark>" in html
    assert "(est.)" in html and "a=1&amp;b=2" in html
    assert EVIL not in panel.place_header_html(place(name=EVIL), [EVIL])


def test_highlight_ignores_accents_and_case():
    assert panel.highlight("Visite à NOUAKCHOTT.", ["Nouakchott"]) == (
        "Visite à <mark>NOUAKCHOTT</mark>."
    )
    assert panel.highlight("Es-Semara et Smara", ["Smara", "Es-Semara"]).count("<mark>") == 2


def test_dates_are_shown_no_more_precise_than_known():
    d = dt.date
    assert panel.format_date(d(2021, 12, 1), d(2021, 12, 31), "month") == "December 2021"
    assert panel.format_date(d(2022, 1, 1), d(2023, 12, 31), "years") == "2022–2023"
    assert panel.format_date(d(2022, 5, 24), d(2022, 5, 24), "day", True) == "24 May 2022 (est.)"
    assert panel.format_date(d(2023, 10, 30), d(2023, 11, 5), "days").startswith("30 Oct 2023")
    assert panel.format_date(None, None, "unknown") == "date unknown"


def test_url_state_round_trip_and_bad_values():
    state = appstate.ViewState(
        Filters(
            since=dt.date(2023, 1, 1),
            until=dt.date(2023, 12, 31),
            languages=("fr",),
            outlets=("Atalayar (French edition)",),
            event_groups=("battles", "violence_against_civilians"),
            text="Smara",
        ),
        place="2537881",
    )
    query = appstate.to_query(state)
    assert query["kind"] == ["battles", "violence_against_civilians"]
    assert appstate.from_query(query) == state
    broken = appstate.from_query({"since": ["2023-13-45"], "place": ["x"]})
    assert broken.filters.since is None and broken.place == "x"
    assert appstate.to_query(appstate.ViewState()) == {}


def test_presets_count_back_from_the_end_of_the_corpus():
    span = (dt.date(2006, 7, 21), dt.date(2025, 6, 5))
    assert appstate.preset_range("Last 30 days", span) == (dt.date(2025, 5, 7), dt.date(2025, 6, 5))
    assert appstate.preset_range("2023", span) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert appstate.preset_range("All", span) == span


def test_timeline_draws_months_as_ranges():
    month = event(
        id="ev-2",
        date_start=dt.date(2021, 12, 1),
        date_end=dt.date(2021, 12, 31),
        date_precision="month",
    )
    frame = timeline.timeline_frame([event(), month, event(id="ev-3", date_start=None)])
    assert list(frame["id"]) == ["ev-1", "ev-2"]  # undated events are not placed on a time axis
    row = frame.set_index("id").loc["ev-2"]
    assert (row["end"] - row["start"]).days == 31
    assert timeline.timeline_chart([]) is None
    assert timeline.timeline_chart([month]).to_dict()["mark"]["type"] == "bar"


def test_a_click_is_resolved_by_the_feature_it_landed_on():
    rabat = place("2538475", "Rabat", lat=34.0133, lon=-6.8326)
    sale = place("2537763", "Salé", lat=34.0531, lon=-6.7985)
    clicked = {
        "last_object_clicked": {"lat": 34.05, "lng": -6.80},  # the mouse, nearer to Salé
        "last_active_drawing": {"type": "Feature", "properties": {"id": "2538475"}},
    }
    assert mapview.clicked_place(clicked, [rabat, sale]) is rabat
    assert (
        mapview.clicked_place(
            {"last_object_clicked": {"lat": 34.0531, "lng": -6.7985}}, [rabat, sale]
        )
        is sale
    )
    assert mapview.clicked_place({}, [rabat, sale]) is None
    assert mapview.clicked_place(None, [rabat]) is None


def test_the_events_table_keeps_undated_events():
    dated, undated = event(), event(id="e2", date_start=None, date_end=None)
    table = timeline.events_table([dated, undated])
    assert list(table["when"]) == [
        panel.format_date(dated.date_start, dated.date_end, dated.date_precision),
        "date unknown",
    ]
    assert len(timeline.timeline_frame([dated, undated])) == 1


SPAN = (dt.date(2022, 5, 24), dt.date(2025, 6, 5))
FACETS = {
    "languages": ["en", "fr"],
    "outlets": ["Hespress FR"],
    "event_types": ["visit"],
    "event_groups": ["cooperation"],
}


def test_a_hand_made_link_is_cleaned_and_each_problem_said():
    state, notices = appstate.parse_query(
        {
            "since": ["2024-02-30"],
            "until": ["2023-12-31"],
            "q": ["x" * 10_000],
            "zoom": ["<script>alert(1)</script>"],
            "status": ["past", "nope"],
            "evil": ["1"],
        }
    )
    assert state.filters.since is None and state.filters.until == dt.date(2023, 12, 31)
    assert state.filters.text == "" and state.zoom is None
    assert state.filters.statuses == ("past",)
    said = " ".join(notices)
    assert "`since` in the link is not a date (`2024-02-30`)" in said
    assert "`q` in the link is 10,000 characters long" in said
    assert "`zoom` in the link is not a number" in said
    assert "Unknown status `nope`" in said and "`evil`" in said
    assert len(notices) == 5


def test_checked_drops_what_the_index_does_not_know_and_fixes_dates():
    state = appstate.ViewState(
        Filters(
            since=dt.date(2030, 1, 1),
            until=dt.date(2023, 1, 1),
            languages=("fr", "xx"),
            outlets=("Hespress FR",),
            event_groups=("cooperation", "battles"),
        ),
        place="999",
    )
    fixed, notices = appstate.checked(state, SPAN, FACETS, {"2461874"})
    assert fixed.filters.event_groups == ("cooperation",)  # no battle in this index
    assert fixed.filters.since == dt.date(2023, 1, 1) and fixed.filters.until == SPAN[1]
    assert fixed.filters.languages == ("fr",) and fixed.filters.outlets == ("Hespress FR",)
    assert fixed.place is None
    said = " ".join(notices)
    assert "reversed" in said and "outside the corpus" in said
    assert "Unknown language `xx`" in said and "Place `999`" in said
    assert "Unknown kind of event `battles`" in said
    ok = appstate.ViewState(Filters(since=dt.date(2023, 1, 1)), place="2461874")
    assert appstate.checked(ok, SPAN, FACETS, {"2461874"}) == (ok, [])


def test_a_markdown_breaking_value_is_shown_cut_and_without_backticks():
    assert appstate.shown("a`b\n c") == "a'b c"
    assert len(appstate.shown("y" * 500)) == 40


def test_map_view_round_trips_through_the_url():
    state = appstate.ViewState(zoom=6, centre=(24.5, -12.25), place="2461874")
    assert appstate.from_query(appstate.to_query(state)) == state
    assert appstate.parse_query({"zoom": ["7"], "lat": ["91"], "lon": ["0"]})[0].centre is None


def test_a_quick_range_is_recognised_from_its_dates():
    assert appstate.preset_for((dt.date(2023, 1, 1), dt.date(2023, 12, 31)), SPAN) == "2023"
    assert appstate.preset_for(SPAN, SPAN) == "All"
    assert appstate.preset_for((dt.date(2025, 5, 7), SPAN[1]), SPAN) == "Last 30 days"
    assert appstate.preset_for((dt.date(2023, 1, 2), dt.date(2023, 12, 31)), SPAN) == "Custom"


def test_a_short_window_shows_only_what_happened_by_default():
    short = (dt.date(2023, 10, 1), dt.date(2023, 12, 28))  # 89 days
    assert appstate.default_statuses(short) == ("past",)
    assert appstate.default_statuses((short[0], dt.date(2023, 12, 29))) == appstate.STATUSES


def test_a_one_day_event_is_drawn_a_few_pixels_wide_on_a_long_axis():
    day = event(date_start=dt.date(2006, 7, 21), date_end=dt.date(2006, 7, 21))
    late = event(id="ev-9", date_start=dt.date(2025, 6, 5), date_end=dt.date(2025, 6, 5))
    frame = timeline.timeline_frame([day, late]).set_index("id")
    assert timeline.min_bar_days([day, late]) == 28  # 6,895 days / 250
    assert (frame.loc["ev-1", "drawn_end"] - frame.loc["ev-1", "start"]).days == 28
    assert (frame.loc["ev-1", "end"] - frame.loc["ev-1", "start"]).days == 1  # the data stays true


def test_the_timeline_brush_becomes_dates():
    ms = dt.datetime(2023, 10, 28, tzinfo=dt.UTC).timestamp() * 1000
    later = dt.datetime(2023, 12, 31, 18, tzinfo=dt.UTC).timestamp() * 1000
    picked = timeline.brush_dates({"brush": {"start": [later, ms]}})
    assert picked == (dt.date(2023, 10, 28), dt.date(2023, 12, 31))
    assert timeline.brush_dates({"brush": {"start": ["2023-01-01T00:00:00", "2023-02-01"]}}) == (
        dt.date(2023, 1, 1),
        dt.date(2023, 2, 1),
    )
    for empty in ({}, {"brush": {}}, None, {"brush": {"start": ["x", 1]}}):
        assert timeline.brush_dates(empty) is None
    spec = timeline.timeline_chart([day_event()]).to_dict()
    assert spec["params"][0]["name"] == "brush" and spec["params"][0]["select"]["encodings"] == [
        "x"
    ]


def day_event():
    return event(date_start=dt.date(2023, 5, 1), date_end=dt.date(2023, 5, 1))


def test_a_search_with_markup_in_a_link_is_dropped():
    state, notices = appstate.parse_query({"q": ["<script>alert(1)</script>"]})
    assert state.filters.text == "" and "holds markup" in notices[0]
    assert appstate.parse_query({"q": ["Smara 100%"]}) == (
        appstate.ViewState(Filters(text="Smara 100%")),
        [],
    )


def test_places_without_events_are_drawn_smaller_and_paler():
    busy = place(mentions=4, events=("e1", "e2", "e3", "e4"))
    quiet = place("2", "Atar", events=(), mentions=4, lat=20.5, lon=-13)
    styles = [
        f["properties"]["style"] for f in mapview.feature_collection([busy, quiet])["features"]
    ]
    assert styles[1]["radius"] < styles[0]["radius"]
    assert styles[1]["fillOpacity"] < styles[0]["fillOpacity"]
    assert styles[1]["opacity"] < styles[0]["opacity"]


def test_the_first_view_fits_with_a_padding_and_a_link_view_wins():
    rendered = mapview.build_base_map([[15, -17], [28, -8]]).get_root().render()
    assert "fitBounds" in rendered and '"padding": [40, 40]' in rendered.replace("'", '"')
    shared = mapview.build_base_map([[15, -17], [28, -8]], zoom=9, centre=(26.7, -11.7))
    html = shared.get_root().render()
    assert "fitBounds" not in html and "26.7" in html and '"zoom": 9' in html


def test_map_view_from_st_folium():
    assert mapview.map_view({"zoom": 6, "center": {"lat": 26.73841, "lng": -371.6719}}) == (
        6,
        (26.7384, -11.6719),
    )
    for bad in (
        None,
        {},
        {"zoom": None, "center": {"lat": 1, "lng": 2}},
        {"zoom": 40, "center": {"lat": 1, "lng": 2}},
    ):
        assert mapview.map_view(bad) is None


def test_text_for_a_markdown_message_stays_text():
    assert appstate.plain("[x](javascript:alert(1)) *b* <i>") == (
        "\\[x\\]\\(javascript:alert\\(1\\)\\) \\*b\\* \\<i\\>"
    )


def test_events_without_a_place_are_listed_escaped_with_their_card():
    listed = panel.unplaced_html([event(title=EVIL, places=[])])
    assert listed.count("<li>") == 1 and "&lt;img src=x" in listed and "<img" not in listed
    assert listed.count('class="event ') == 1  # the card, with its sources, behind the line
    assert "more:" not in listed
    many = panel.unplaced_html([event(id=f"e{i}", places=[]) for i in range(7)], shown=5)
    assert many.count("<li>") == 5 and "… and 2 more" in many


def test_a_large_timeline_draws_one_bar_per_type_and_month_with_its_count():
    many = [
        event(
            id=f"e{i}",
            date_start=dt.date(2023, 1 + i % 3, 1 + i % 28),
            date_end=None,
            date_precision="day",
        )
        for i in range(timeline.MAX_BARS + 10)
    ]
    spec = timeline.timeline_chart(many).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 3  # meetings in January, February, March 2023
    assert sum(r["events"] for r in rows) == len(many)
    assert {r["when"] for r in rows} == {"Jan 2023", "Feb 2023", "Mar 2023"}
    assert spec["params"][0]["name"] == timeline.BRUSH  # still the date control
