"""Clicks the page must never lose: during a rerun, and the same marker twice (real browser).

Every wait polls the page; nothing sleeps.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
import test_browser
from streamlit_server import streamlit_server
from support import REPO

from dashboard.build.pipeline import build_index
from dashboard.ui import mapview
from geodata.cache import load_matcher

browser, page = test_browser.browser, test_browser.page
pytestmark = test_browser.pytestmark
click_marker = test_browser.click_marker
NOUAKCHOTT = test_browser.NOUAKCHOTT
NOUAKCHOTT_ID = "2377450"

# The stroke colour of a place's circle in the map's iframe ("" when it is not drawn).
STROKE = """(id) => {
    const map = Object.values(window).find((v) => {
        try { return v instanceof L.Map; } catch (e) { return false; }
    });
    let colour = "";
    map.eachLayer((l) => {
        if (l.feature && l.feature.properties.id === id && l.options) colour = l.options.color;
    });
    return colour;
}"""


def wait_stroke(page, place_id: str, selected: bool) -> None:
    """Poll until the place's circle is (or is no longer) drawn in the highlight colour."""
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle()
    test = f"(id) => (({STROKE})(id) === {mapview.SELECTED_COLOUR!r}) === {str(selected).lower()}"
    frame.content_frame().wait_for_function(test, arg=place_id, timeout=20_000)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("load")
    db = tmp / "index.sqlite"
    build_index(REPO / "articles" / "corpus", db, matcher=load_matcher())
    app = REPO / "dashboard" / "ui" / "app.py"
    with streamlit_server(app, tmp / "streamlit.log", {"NEWSMAP_DB": str(db)}) as url:
        yield url


def test_a_click_during_a_rerun_gets_its_panel(server, page):
    page.goto(server)
    test_browser.map_frame(page)
    page.get_by_role("combobox", name="Quick range").click()
    page.get_by_role("option", name="2025", exact=True).click()
    # At once: the range's rerun is in flight (the server is a round trip away at least).
    click_marker(page, *NOUAKCHOTT)
    page.get_by_role("heading", name="Nouakchott").wait_for(timeout=20_000)
    page.wait_for_url(re.compile(r"place=2377450"), timeout=20_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_the_same_marker_again_after_clearing_the_selection(server, page):
    page.goto(server)
    click_marker(page, *NOUAKCHOTT)
    page.get_by_role("heading", name="Nouakchott").wait_for(timeout=20_000)
    wait_stroke(page, NOUAKCHOTT_ID, selected=True)  # the highlight follows the selection
    page.get_by_role("button", name="Clear selection").click()
    page.get_by_text("Click a place on the map").wait_for(timeout=20_000)
    wait_stroke(page, NOUAKCHOTT_ID, selected=False)
    click_marker(page, *NOUAKCHOTT)  # the same pixel: the same position as the first click
    page.get_by_role("heading", name="Nouakchott").wait_for(timeout=20_000)
    wait_stroke(page, NOUAKCHOTT_ID, selected=True)


def test_a_click_does_not_redraw_the_markers(server, page):
    """The markers stay the same layers across the click's rerun (only their style changes)."""
    page.goto(server)
    test_browser.map_frame(page)
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle()
    frame = frame.content_frame()
    marked = frame.evaluate(
        """() => { let n = 0; const map = Object.values(window).find((v) => {
            try { return v instanceof L.Map; } catch (e) { return false; } });
            map.eachLayer((l) => { if (l.feature) { l._kept = true; n++; } }); return n; }"""
    )
    assert marked >= 2
    click_marker(page, *NOUAKCHOTT)
    page.get_by_role("heading", name="Nouakchott").wait_for(timeout=20_000)
    wait_stroke(page, NOUAKCHOTT_ID, selected=True)
    fresh = frame.evaluate(
        """() => { let n = 0; const map = Object.values(window).find((v) => {
            try { return v instanceof L.Map; } catch (e) { return false; } });
            map.eachLayer((l) => { if (l.feature && !l._kept) n++; }); return n; }"""
    )
    assert fresh == 0


def corpus_line(articles: int) -> re.Pattern:
    """The caption under the title that counts the index's articles."""
    return re.compile(rf"on the map · corpus .* · {articles} article\(s\)$")


def test_a_click_after_a_rebuild_shows_the_new_index_and_after_a_delete_says_how_to_build(
    tmp_path, page
):
    """A click under an open page must notice that the index was rebuilt (the new data) or
    deleted (how to build it), and the click itself is kept."""
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "articles" / "corpus", corpus)
    db, matcher = tmp_path / "index.sqlite", load_matcher()
    build_index(corpus, db, matcher=matcher)
    app = REPO / "dashboard" / "ui" / "app.py"
    with streamlit_server(app, tmp_path / "streamlit.log", {"NEWSMAP_DB": str(db)}) as url:
        page.goto(url)
        page.get_by_text(corpus_line(5)).wait_for(timeout=30_000)
        click_marker(page, *NOUAKCHOTT)
        page.get_by_role("heading", name="Nouakchott").wait_for(timeout=20_000)
        (corpus / "2025-02-19-aldar-strategic-opportunity-mauritania-mali.md").unlink()
        build_index(corpus, db, matcher=matcher)
        page.get_by_role("button", name="Clear selection").click()
        page.get_by_text(corpus_line(4)).wait_for(timeout=20_000)
        page.get_by_text("Click a place on the map").wait_for(timeout=20_000)  # click kept
        click_marker(page, *NOUAKCHOTT)
        page.get_by_role("heading", name="Nouakchott").wait_for(timeout=20_000)
        db.unlink()
        page.get_by_role("button", name="Clear selection").click()
        page.get_by_text("python -m dashboard build").first.wait_for(timeout=20_000)
        assert page.locator('[data-testid="stException"]').count() == 0
