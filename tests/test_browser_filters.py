"""The page as an analyst uses it all day, in a real browser (`streamlit run` + Debian's chromium).

The index is the bundled corpus as it is (14 events), so the counts are the page's own.
Every wait polls the page; nothing sleeps.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import test_browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from streamlit_server import streamlit_server
from support import REPO

from dashboard.build.pipeline import build_index
from geodata.cache import load_matcher

# The browser, a fresh page per test (offline: other hosts aborted) and the skips, shared.
browser, page = test_browser.browser, test_browser.page
pytestmark = test_browser.pytestmark
map_frame, shot = test_browser.map_frame, test_browser.shot
SMARA = "2461874"
MAIN = '[data-testid="stMain"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("filters")
    db = tmp / "index.sqlite"
    build_index(REPO / "articles" / "corpus", db, matcher=load_matcher())
    app = REPO / "dashboard" / "ui" / "app.py"
    with streamlit_server(app, tmp / "streamlit.log", {"NEWSMAP_DB": str(db)}) as url:
        yield url


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def main_text(page) -> str:
    return page.locator(MAIN).inner_text()


def wait_text(page, text: str, timeout: int = 30_000) -> None:
    page.locator(MAIN).get_by_text(text, exact=False).first.wait_for(timeout=timeout)


FIND_MAP = """Object.values(window).find((v) => {
    try { return v instanceof L.Map; } catch (e) { return false; }
})"""


def leaflet(page, script: str, arg=None):
    """Run ``script`` (a function body of ``map`` and ``arg``) inside the map's iframe."""
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    iframe.wait_for(timeout=30_000)
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function(f"() => typeof L !== 'undefined' && !!({FIND_MAP})", timeout=30_000)
    return frame.evaluate(
        f"""([body, arg]) => new Function('map', 'arg', body)({FIND_MAP}, arg)""", [script, arg]
    )


def download(page, label: str):
    button = page.get_by_role("button", name=label)
    if not button.count():  # the files are made on request
        page.get_by_text("Downloads of the filtered events and places").click()
        button.wait_for(timeout=30_000)
    with page.expect_download(timeout=20_000) as info:
        page.get_by_role("button", name=label).click()
    return info.value.path().read_text(encoding="utf-8")


def test_event_downloads_work_twice_after_a_date_filter(server, page):
    page.goto(f"{server}/?since=2023-01-01&until=2023-12-31")
    page.get_by_text("Downloads of the filtered events and places").click(timeout=30_000)
    page.get_by_role("button", name="Events (CSV)").wait_for(timeout=30_000)
    for _ in range(2):
        rows = list(csv.DictReader(io.StringIO(download(page, "Events (CSV)"))))
        events = json.loads(download(page, "Events (JSON)"))
        assert rows and events
        assert {r["id"] for r in rows} == {e["id"] for e in events}
        # one row per event and source article, with coordinates and the evidence
        assert len(rows) == sum(len({s["article_id"] for s in e["sources"]}) for e in events)
        smara = next(r for r in rows if r["type"] == "shelling_artillery")
        assert (float(smara["lat"]), float(smara["lon"])) != (0.0, 0.0)
        assert "Smara" in smara["places"] and "Smara" in smara["evidence"]
        assert all(e["date_end"] >= "2023-01-01" for e in events if e["date_end"])


def test_the_header_counts_add_up_and_lists_events_without_a_place(server, page):
    page.goto(server)
    line = "14 events (12 on the map, 2 without a place — listed below the map)"
    page.get_by_role("heading", name=line).wait_for(timeout=30_000)
    wait_text(page, "Events without a place (2)")
    expect(page.locator("ul.unplaced-events li")).to_have_count(2, timeout=20_000)


def test_a_selected_place_outside_the_dates_stays_selected(server, page):
    page.goto(f"{server}/?place={SMARA}&since=2024-01-01&until=2024-12-31")
    page.get_by_role("heading", name="Smara").wait_for(timeout=30_000)
    wait_text(page, "No events of Smara in this range")
    assert re.search(r"No events of Smara in this range \(\d+ outside it\)", main_text(page))
    assert params(page)["place"] == [SMARA]
    # the range of the brief overlaps the attack (22–29 Oct 2023): Smara keeps it
    page.goto(f"{server}/?place={SMARA}&since=2023-10-28&until=2023-10-31")
    page.get_by_role("heading", name="Smara").wait_for(timeout=30_000)
    wait_text(page, "Events (1)")
    assert params(page)["place"] == [SMARA]


def type_month(page, month, value: str, expected: str) -> None:
    """Type a month into a date field and leave it (it commits on blur); on a loaded machine a
    keystroke sent while the page reruns can be dropped, so the typing is tried up to 3 times."""

    def enter() -> None:
        month.click()
        page.keyboard.type(value)
        page.get_by_role("heading", name="Filters").click()  # the field commits on blur

    test_browser.act_until_url(page, enter, expected)


def test_a_year_round_trips_and_typed_dates_set_the_filter(server, page):
    page.goto(f"{server}/?since=2023-01-01&until=2023-12-31")
    preset = page.get_by_role("combobox", name="Quick range")
    preset.wait_for(timeout=30_000)
    expect(preset).to_have_value("2023", timeout=20_000)
    month = page.get_by_role("spinbutton", name="month, From")
    type_month(page, month, "10", r"since=2023-10-01")
    expect(preset).to_have_value("Custom", timeout=20_000)
    # 92 days: plans still shown; the rule is written beside the filter
    expect(page.locator('[data-testid="stMultiSelect"]', has_text="Status")).to_contain_text(
        "planned"
    )
    assert "fewer than 90 days" in page.locator('[data-testid="stSidebar"]').inner_text()
    type_month(page, month, "11", r"since=2023-11-01")
    statuses = page.locator('[data-testid="stMultiSelect"]', has_text="Status")
    expect(statuses).to_contain_text("happened", timeout=20_000)
    expect(statuses).not_to_contain_text("planned", timeout=20_000)  # 61 days: plans off


def open_list(page, label: str, option: str) -> None:
    """Open a sidebar multiselect until `option` shows: a click's own scroll, or a rerun
    that redraws the sidebar, closes the list."""
    box = page.get_by_role("combobox", name=label)
    for _ in range(10):
        box.scroll_into_view_if_needed()
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).wait_for(timeout=3_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the {label!r} list never showed {option!r}")


def test_a_kind_of_event_narrows_the_types_offered_and_lives_in_the_link(server, page):
    page.goto(server)
    map_frame(page)
    kinds = page.locator('[data-testid="stMultiSelect"]', has_text="Kind of event")
    open_list(page, "Kind of event", "Explosions and remote violence")
    page.get_by_role("option", name="Explosions and remote violence", exact=True).click()
    page.keyboard.press("Escape")  # an open list hides the rest of the page from the a11y tree
    page.get_by_role("heading", name=re.compile(r"^1 event")).wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"kind=explosions_remote_violence"), timeout=30_000)
    open_list(page, "Event type", "Shelling or artillery")
    offered = [o for o in page.get_by_role("option").all_inner_texts() if o != "Select all"]
    assert offered == ["Shelling or artillery"], offered  # the kind's types in this index
    page.keyboard.press("Escape")
    page.goto(page.url)  # the shared link shows the same selection
    page.get_by_role("heading", name=re.compile(r"^1 event")).wait_for(timeout=30_000)
    expect(kinds).to_contain_text("Explosions and remote violence")


@pytest.mark.parametrize("word", ["shelling", "bombardement"])
def test_search_in_either_language_finds_the_smara_attack(server, page, word):
    page.goto(f"{server}/?q={word}")
    page.get_by_role("heading", name=re.compile(r"^1 event")).wait_for(timeout=30_000)
    page.get_by_text("Events table").click()
    assert params(page)["q"] == [word]
    csv_text = download(page, "Events (CSV)")
    [row] = list(csv.DictReader(io.StringIO(csv_text)))
    assert row["type"] == "shelling_artillery" and "Smara" in row["places"]


def test_the_map_view_lives_in_the_url_and_first_view_has_no_marker_on_the_edge(server, page):
    page.goto(server)
    map_frame(page)
    page.wait_for_url(re.compile(r"zoom=\d+"), timeout=30_000)  # the fitted view, reported
    inside = leaflet(
        page,
        """const size = map.getSize(); const out = [];
        map.eachLayer((l) => {  // points; countries named in passing may lie outside
            if (l instanceof L.CircleMarker && l._map && !l.options.dashArray) {
                const p = map.latLngToContainerPoint(l.getLatLng());
                out.push(Math.min(p.x, p.y, size.x - p.x, size.y - p.y));
            }
        });
        return out;""",
    )
    assert len(inside) >= 5 and min(inside) >= 20, inside  # none on the edge
    zoom = int(params(page)["zoom"][0])
    leaflet(page, "map.setView([26.7384, -11.6719], arg); return true;", zoom + 2)
    page.wait_for_url(re.compile(rf"zoom={zoom + 2}\b"), timeout=30_000)
    shared = page.url
    assert abs(float(params(page)["lat"][0]) - 26.7384) < 0.01
    page.goto(shared)
    assert leaflet(page, "return map.getZoom();") == zoom + 2
    centre = leaflet(page, "const c = map.getCenter(); return [c.lat, c.lng];")
    assert abs(centre[0] - 26.7384) < 0.01 and abs(centre[1] + 11.6719) < 0.01


def test_places_without_events_are_smaller_and_can_be_hidden(server, page):
    page.goto(server)
    count = "return document.querySelectorAll('path.leaflet-interactive').length;"
    before = leaflet(page, count)
    page.get_by_text("Places without events").click()
    page.wait_for_function(
        """n => [...document.querySelectorAll('iframe')].some(f => {
            const d = f.contentDocument;
            return d && d.querySelectorAll('path.leaflet-interactive').length
                && d.querySelectorAll('path.leaflet-interactive').length < n;
        })""",
        arg=before,
        timeout=30_000,
    )


def test_dragging_across_the_timeline_sets_the_dates(server, page):
    page.goto(server)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=30_000)
    chart.scroll_into_view_if_needed()
    canvas = chart.locator("canvas, svg").first
    canvas.wait_for(timeout=20_000)

    attempts = iter([0.55, 0.5, 0.45])

    def drag() -> None:
        # Each try another interval, as an analyst drags again: a drag made while the map's
        # first value reruns the page can be lost (README, known limits), and the same brush
        # again sends no new selection.
        start = next(attempts)
        box = canvas.bounding_box()
        y = box["y"] + box["height"] * 0.3
        page.mouse.move(box["x"] + box["width"] * start, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * (start + 0.15), y, steps=8)
        page.mouse.up()

    test_browser.act_until_url(page, drag, r"since=\d{4}-\d\d-\d\d", timeout_ms=15_000)
    q = params(page)
    assert q["since"][0] < q.get("until", ["9999"])[0]


def test_a_hand_made_link_is_ignored_with_notices(server, page):
    evil = "<script>alert(1)</script>"
    page.goto(f"{server}/?place={evil}&since=2030-01-01&until=2020-01-01&q={'x' * 10_000}&zoom=x")
    wait_text(page, "not in the index")
    text = main_text(page)
    assert "10,000 characters long" in text and "zoom in the link is not a number" in text
    assert "reversed" in text
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.dialogs == []
    map_frame(page)
    shot(page, "filters-bad-link")


def test_whole_page_screenshot(server, page):
    page.set_viewport_size({"width": 1500, "height": 2600})  # the page scrolls inside itself
    page.goto(f"{server}/?place={SMARA}&since=2023-01-01&until=2023-12-31")
    page.get_by_role("heading", name="Smara").wait_for(timeout=30_000)
    map_frame(page)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    shot(page, "filters-whole-page")
