"""The "Add articles" page in a real browser: add a URL served on 127.0.0.1, see its places and
evidence, save, and find the new marker on the map. Offline, URL fetching is off and says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from news_site import serve
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from support import REPO, write_article
from test_browser import click_marker, map_frame, panel_text, shot

from articles.reader import read_corpus
from dashboard.build.pipeline import build_index
from geodata.cache import load_matcher

NOUAKCHOTT = (18.08581, -15.9785)
TITLE = "Morocco and Mauritania hold border talks in Nouakchott"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(
        not (REPO / "dashboard/ui/static/vendor/.complete").exists(),
        reason="map scripts not vendored: run `python -m dashboard.assets.vendor`",
    ),
]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve() as base:
        yield base


def _corpus(tmp: Path) -> tuple[Path, Path]:
    corpus = tmp / "corpus"
    corpus.mkdir()
    write_article(
        corpus,
        "smara.md",
        "The Polisario Front shelled Smara on 29 October 2023, killing one civilian.\n",
        published="2023-10-30",
    )
    db = tmp / "index.sqlite"
    build_index(corpus, db, matcher=load_matcher())
    return corpus, db


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("browser-add")
    corpus, db = _corpus(tmp)
    env = {"NEWSMAP_DB": str(db), "NEWSMAP_CORPUS": str(corpus)}
    with streamlit_server(REPO / "dashboard" / "ui" / "app.py", tmp / "streamlit.log", env) as url:
        yield url, corpus


@pytest.fixture(scope="module")
def offline_app(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser-add-offline")
    corpus, db = _corpus(tmp)
    env = {"NEWSMAP_DB": str(db), "NEWSMAP_CORPUS": str(corpus), "NEWSMAP_OFFLINE": "1"}
    with streamlit_server(REPO / "dashboard" / "ui" / "app.py", tmp / "streamlit.log", env) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_add_a_url_see_its_places_save_and_find_the_marker(app, site, page):
    url, corpus = app
    page.goto(url)
    before = map_frame(page).locator("path.leaflet-interactive").count()

    page.goto(f"{url}/add_articles")
    page.get_by_role("heading", name="Add articles").wait_for(timeout=30_000)
    page.get_by_label("URLs, one per line").fill(f"{site}/news/border-talks\n{site}/missing")
    page.get_by_role("button", name="Fetch and preview").click()
    page.get_by_text("Found (1 to save)").wait_for(timeout=60_000)
    page.get_by_text(f"{site}/missing: HTTP 404").wait_for(timeout=30_000)
    page.locator(".preview").first.wait_for(timeout=30_000)  # st.html draws it after the header
    text = main_text(page)
    assert TITLE in text and "Sahel Test Wire" in text and "published 2024-03-05" in text
    assert "Places (" in text and "Nouakchott" in text and "Rabat" in text
    assert "Military delegations from Morocco and Mauritania met in Nouakchott" in text
    assert page.locator("mark", has_text="Nouakchott").count() >= 1
    assert f"{site}/missing: HTTP 404" in text
    assert not list(corpus.glob("2024-*.md"))  # nothing saved before "Save"
    shot(page, "add-1-preview")

    page.get_by_role("button", name="Save 1 article(s)").click()
    page.get_by_text("Saved.").wait_for(timeout=120_000)
    assert "articles: 1 indexed, 1 unchanged" in main_text(page)
    assert [a.title for a in read_corpus(corpus).articles if a.title == TITLE] == [TITLE]
    shot(page, "add-2-saved")

    page.get_by_role("link", name="Open the map").click()
    frame = map_frame(page)
    page.wait_for_function(
        """n => [...document.querySelectorAll('iframe')].some(f => {
            const d = f.contentDocument;
            return d && d.querySelectorAll('path.leaflet-interactive').length > n;
        })""",
        arg=before,
        timeout=30_000,
    )
    assert frame.locator("path.leaflet-interactive").count() > before
    click_marker(page, *NOUAKCHOTT)
    page.get_by_role("heading", name="Nouakchott").wait_for(timeout=20_000)
    page.locator(".place-body").first.wait_for(timeout=20_000)  # drawn after the header
    page.get_by_text(TITLE).first.wait_for(timeout=20_000)
    assert TITLE in panel_text(page) and "Sahel Test Wire" in panel_text(page)
    shot(page, "add-3-on-the-map")
    assert page.dialogs == []


def test_offline_app_turns_fetching_off_and_says_so(offline_app, page):
    page.goto(f"{offline_app}/add_articles")
    page.get_by_text("Fetching from the web is off").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Fetch and preview").is_disabled()
