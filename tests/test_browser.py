"""The dashboard in a real browser: `streamlit run` on a free port, driven by Debian's chromium.

Every request to a host other than this machine is aborted, which proves the page works offline.
Screenshots of each step are saved in test-artifacts/.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from support import REPO, write_article

from dashboard.build.pipeline import build_index
from geodata.cache import load_matcher

ARTIFACTS = REPO / "test-artifacts"
EVIL = "<img src=x onerror=alert(1)>"
NOUAKCHOTT = (18.08581, -15.9785)
SMARA = "2461874"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(
        not (REPO / "dashboard/ui/static/vendor/.complete").exists(),
        reason="map scripts not vendored: run `python -m dashboard.assets.vendor`",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser")
    corpus = tmp / "corpus"
    shutil.copytree(REPO / "articles" / "corpus", corpus)
    write_article(
        corpus,
        "injection.md",
        "Delegates gathered in Tindouf on 3 March 2024 for a meeting with the Polisario Front. "
        "Canadian observers attended.\n",
        title=EVIL,
        published="2024-03-05",
    )
    db = tmp / "index.sqlite"
    build_index(corpus, db, matcher=load_matcher())
    app = REPO / "dashboard" / "ui" / "app.py"
    with streamlit_server(app, tmp / "streamlit.log", {"NEWSMAP_DB": str(db)}) as url:
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
    page.blocked = []
    page.dialogs = []

    def route(r):
        if urlsplit(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            page.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def map_frame(page):
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    return frame


def act_until_url(page, act, pattern: str, tries: int = 3, timeout_ms: int = 10_000) -> None:
    """Do ``act`` until the URL matches ``pattern``: on a loaded machine a click, keystroke or
    drag sent while the page still reruns can be dropped, so it is tried up to ``tries`` times."""
    for attempt in range(tries):
        act()
        try:
            page.wait_for_url(re.compile(pattern), timeout=timeout_ms)
            return
        except PlaywrightTimeoutError:
            if attempt == tries - 1:
                raise


def wait_panel(page, name: str) -> None:
    """The panel of ``name``: its header, then its body (a second st.html block, drawn after)."""
    page.get_by_role("heading", name=name).wait_for(timeout=20_000)
    page.locator(".place-body h4").first.wait_for(timeout=20_000)


def panel_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def click_marker(page, lat: float, lon: float) -> None:
    """A real mouse click at the marker's pixel, as Leaflet itself places it."""
    map_frame(page)
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    frame = iframe.element_handle().content_frame()
    point = frame.evaluate(
        """([lat, lon]) => {
            const el = document.querySelector('.leaflet-container');
            const map = Object.values(window).find((v) => {
                try { return v instanceof L.Map; } catch (e) { return false; }
            });
            const p = map.latLngToContainerPoint([lat, lon]);
            const r = el.getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        [lat, lon],
    )
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_page_loads_with_markers_offline(server, page):
    page.goto(server)
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() >= 6
    shot(page, "1-loaded")
    assert all("tile" in u or "openstreetmap" in u for u in page.blocked), page.blocked


def test_clicking_nouakchott_shows_its_events_and_sources(server, page):
    page.goto(server)
    click_marker(page, *NOUAKCHOTT)
    wait_panel(page, "Nouakchott")
    text = panel_text(page)
    assert re.search(r"Events \(\d+\)", text)
    assert "Hespress FR" in text and "Le7tv (English edition)" in text
    assert "2025" in text and "2023" in text
    assert page.locator("mark", has_text="Nouakchott").count() >= 1
    page.wait_for_url(re.compile(r"place=2377450"), timeout=20_000)  # may follow the panel
    shot(page, "2-nouakchott")


def test_narrowing_to_2023_drops_the_2025_visit_and_keeps_the_smara_attack(server, page):
    page.goto(f"{server}/?place=2377450")
    wait_panel(page, "Nouakchott")
    assert "Visite à Nouakchott" in panel_text(page)
    map_frame(page)  # the first run has drawn the page

    def choose_2023() -> None:
        page.get_by_role("combobox", name="Quick range").click()
        page.get_by_role("option", name="2023", exact=True).click()

    act_until_url(page, choose_2023, r"since=2023-01-01")
    wait_panel(page, "Nouakchott")
    # Until the rerun's blocks replace the old ones the page can still show the 2025 card.
    page.wait_for_function(
        """() => {
            const t = document.querySelector('[data-testid="stMain"]').innerText;
            return !t.includes('Visite à Nouakchott') && t.includes('Séance de travail');
        }""",
        timeout=20_000,
    )
    text = panel_text(page)
    assert "Visite à Nouakchott" not in text
    assert "Séance de travail de la Commission militaire mixte à Nouakchott" in text
    page.get_by_text("Events table").click()
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for(timeout=20_000)
    shot(page, "3-year-2023")
    page.goto(f"{server}/?place={SMARA}&since=2023-01-01&until=2023-12-31")
    wait_panel(page, "Smara")
    smara = panel_text(page)
    # the type by its label (articles/lexicon/en/events.yaml), the title in its language
    assert "Shelling or artillery" in smara and "Bombardement ou tirs d'artillerie à Smara" in smara
    shot(page, "3b-smara-2023")


def test_url_with_a_place_restores_the_panel(server, page):
    page.goto(f"{server}/?place={SMARA}")
    wait_panel(page, "Smara")
    assert "Front Polisario" in panel_text(page)
    shot(page, "4-url-restores")


def test_html_in_an_article_title_renders_as_text(server, page):
    page.goto(f"{server}/?q=Tindouf")
    map_frame(page)
    page.goto(f"{server}/?place=2476301&q=Tindouf")
    page.get_by_text(EVIL).first.wait_for(timeout=20_000)
    assert page.locator('img[src="x"]').count() == 0
    assert page.dialogs == []
    map_frame(page)
    shot(page, "5-injection-as-text")


def test_smara_is_shown_as_disputed_and_the_demonym_toggle_adds_markers(server, page):
    page.goto(f"{server}/?place={SMARA}")
    wait_panel(page, "Smara")
    assert "Western Sahara (disputed; administered by Morocco)" in panel_text(page)
    frame = map_frame(page)
    before = frame.locator("path.leaflet-interactive").count()
    page.get_by_text("Countries named only by a demonym").click()
    page.wait_for_function(
        """n => [...document.querySelectorAll('iframe')].some(f => {
            const d = f.contentDocument;
            return d && d.querySelectorAll('path.leaflet-interactive').length > n;
        })""",
        arg=before,
        timeout=20_000,
    )
    assert "Western Sahara (disputed; administered by Morocco)" in panel_text(page)
