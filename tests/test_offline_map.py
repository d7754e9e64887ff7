"""The map loads only the app's own scripts and styles, and draws with the network cut off."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import branca.colormap
import folium
import pytest
import streamlit_folium
from folium.plugins import Fullscreen, MarkerCluster
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from support import DATA, REPO

from dashboard.assets import offline, vendor
from dashboard.assets.offline import asset_urls, outline_layer, use_local_assets

VENDORED = REPO / "dashboard" / "ui" / "static" / "vendor"
SCREENSHOT = REPO / "test-artifacts" / "offline_map.png"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def sample_map() -> tuple[folium.Map, folium.FeatureGroup]:
    m = folium.Map(location=[22.0, -10.0], zoom_start=4)
    outline_layer().add_to(m)
    folium.CircleMarker([34.02, -6.84], radius=8).add_to(m)
    folium.GeoJson(
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-16, 18]}},
        marker=folium.CircleMarker(),
    ).add_to(m)
    group = folium.FeatureGroup(name="Clustered")
    cluster = MarkerCluster().add_to(group)
    folium.CircleMarker([27.15, -13.2]).add_to(cluster)
    return m, group


def test_rendered_map_links_only_local_assets() -> None:
    m, group = sample_map()
    group.add_to(m)
    html = use_local_assets(m).get_root().render()
    urls = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", html)
    assert urls == asset_urls()
    assert not [u for u in urls if u.startswith(("http://", "https://", "//"))]
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()


def test_st_folium_sends_only_local_links(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    m, group = sample_map()
    streamlit_folium.st_folium(use_local_assets(m), feature_group_to_add=use_local_assets(group))
    assert sent["js_links"] + sent["css_links"] == asset_urls()
    assert 'fetch("/app/static/vendor/countries.geojson")' in sent["script"]
    assert not re.search(r"<script\b[^>]*\bsrc=|<link\b", sent["header"])


def test_folium_class_defaults_are_left_alone() -> None:
    use_local_assets(sample_map()[1])
    assert MarkerCluster.default_js[0][1].startswith("https://")
    assert folium.Map.default_js[0][1].startswith("https://")


def test_unvendored_plugins_and_colormaps_are_refused() -> None:
    m = folium.Map()
    Fullscreen().add_to(m)
    with pytest.raises(ValueError, match="Fullscreen needs https://"):
        use_local_assets(m)
    m = folium.Map()
    branca.colormap.LinearColormap(["red", "blue"]).add_to(m)
    with pytest.raises(ValueError, match="d3"):
        use_local_assets(m)


def test_every_local_asset_is_vendored() -> None:
    paths = list(offline.LOCAL_JS.values()) + list(offline.LOCAL_CSS.values())
    assert set(paths) <= set(vendor.COPIES)
    assert "leaflet/images" in vendor.COPIES


@pytest.fixture
def offline_app(tmp_path: Path) -> Iterator[str]:
    """The test page served by a real Streamlit; its URL.

    Streamlit serves ``static/`` beside the main script, so the page runs from a temp folder
    whose ``static`` links to the dashboard's.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (make chromium installs it)")
    if not (VENDORED / vendor.MARKER).exists():
        pytest.skip("the vendor folder is not built: run python -m dashboard.assets.vendor")
    script = tmp_path / "offline_map_app.py"
    shutil.copyfile(DATA / "offline_map_app.py", script)
    (tmp_path / "static").symlink_to(REPO / "dashboard" / "ui" / "static", target_is_directory=True)
    with streamlit_server(script, tmp_path / "streamlit.log") as base:
        yield base


@pytest.mark.browser
def test_map_draws_offline(offline_app: str) -> None:
    from playwright.sync_api import Route, expect, sync_playwright

    blocked: list[tuple[str, str]] = []

    def local_only(route: Route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append((route.request.resource_type, route.request.url))
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 760})
            page.route("**/*", local_only)
            page.goto(offline_app)
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            expect(frame.locator(".leaflet-container")).to_be_visible(timeout=60_000)
            expect(frame.locator("path.leaflet-interactive")).to_have_count(2, timeout=30_000)
            outlines = frame.locator(".leaflet-outlines-pane path")
            expect(outlines.first).to_be_attached(timeout=30_000)
            assert outlines.count() > 100
            expect(frame.locator(".marker-cluster")).to_have_count(1)
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert {kind for kind, _ in blocked} <= {"image"}, f"remote non-tile requests: {blocked}"
