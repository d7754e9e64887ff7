"""Hostile text in every field an article or the gazetteer gives, shown in a real browser.

A temp corpus puts script tags, event handlers, a ``javascript:`` link, Markdown links and images
and blank lines in the title, outlet, URL, body sentences, and (through a temp copy of
``geodata/overrides.csv``) the place's name and an alias. The build cannot carry two of them: the
reader refuses a ``javascript:`` URL and actor names come from the word lists, so those two are
written into the built index afterwards, as a tool other than ours could have written it. Then
the real dashboard serves that index and Chromium opens Smara's panel: no dialog may open, no
request may leave this machine except the base map's OpenStreetMap tiles (the app's own, and
aborted here), and every hostile string must be on the page as text.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from support import DATA, REPO, WORLD

from dashboard.build.pipeline import build_index
from dashboard.store import index as ix
from geodata.gazetteer import build_gazetteer, load_curated, load_overrides
from geodata.matcher import PlaceMatcher

SMARA = "2461874"
SMARA_AT = (26.73841, -11.67194)
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
MD_LINK = "[x](http://evil.example/md)"
MD_IMAGE = "![p](http://evil.example/pixel.png)"
HEADING = "## Official correction"
BREAKOUT = f"\n\n{HEADING} {MD_LINK} {MD_IMAGE}\n\n"
PLACE_NAME = f"Smara {SCRIPT}"
ALIAS = f"Smara{SVG}"
ACTOR = f"Polisario {IMG}{BREAKOUT}Front"
EVIL_HOSTS = ("evil.example",)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(
        not (REPO / "dashboard/ui/static/vendor/.complete").exists(),
        reason="map scripts not vendored: run `python -m dashboard.assets.vendor`",
    ),
]


def write(folder: Path, name: str, body: str, **meta: str) -> None:
    # JSON strings are YAML double-quoted strings: blank lines in a title survive as written.
    front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
    (folder / name).write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def hostile_corpus(folder: Path) -> None:
    folder.mkdir()
    write(
        folder,
        "attack.md",
        f"The Polisario Front shelled Smara on 3 March 2024, killing one man {SCRIPT} {IMG} "
        f"{SVG} [y](javascript:alert(1)) {MD_LINK} {MD_IMAGE}.\n\n"
        f"{HEADING} {MD_LINK}\n\nThe shelling of Smara {SVG} also wounded three people.\n\n"
        f"Troops arrived in {ALIAS} on 4 March 2024.\n",
        title=f"Smara shelled {SCRIPT}{IMG}{BREAKOUT}end of title",
        outlet=f"Wire {IMG}{BREAKOUT}end of outlet",
        url=f"https://example.org/a?q={SVG}{BREAKOUT}",
        published="2024-03-05",
        language="en",
    )
    write(
        folder,
        "quiet.md",
        f"Smara was quiet {IMG} {MD_LINK}.\n",
        title=f"Quiet {SVG} day",
        outlet="Second Wire",
        url="https://example.org/quiet",
        published="2024-03-06",
        language="en",
    )


def hostile_matcher(tmp: Path) -> PlaceMatcher:
    """The test gazetteer with a temp copy of overrides.csv that renames Smara and adds an alias."""
    overrides = tmp / "overrides.csv"
    shutil.copy(REPO / "geodata" / "overrides.csv", overrides)
    with overrides.open("a", encoding="utf-8") as out:
        quoted = '"' + ALIAS.replace('"', '""') + '"'
        out.write(f'{quoted},{SMARA},"{PLACE_NAME}",,,,,hostile name and alias\n')
        out.write(f'Smara,{SMARA},"{PLACE_NAME}",,,,,the plain name stays an alias\n')
    gazetteer = build_gazetteer(
        [load_curated(DATA / "mini_gazetteer.csv"), WORLD],
        load_overrides(overrides),
        "overrides.csv",
    )
    assert gazetteer.places[SMARA].name == PLACE_NAME and ALIAS in gazetteer.places[SMARA].aliases
    matcher = PlaceMatcher(gazetteer)
    matcher.fingerprint = "hostile"
    return matcher


def tamper(db: Path) -> None:
    """What the build refuses to write: a ``javascript:`` URL and a hostile actor name."""
    engine = ix.open_index(str(db))
    with engine.begin() as conn:
        a, ac = ix.articles.c, ix.actors.c
        done = conn.execute(
            sa.update(ix.articles).where(a.id == "quiet").values(url="javascript:alert(1)")
        )
        assert done.rowcount == 1
        done = conn.execute(sa.update(ix.actors).where(ac.id == "org:polisario").values(name=ACTOR))
        assert done.rowcount == 1
    engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("hostile")
    hostile_corpus(tmp / "corpus")
    db = tmp / "index.sqlite"
    summary = build_index(tmp / "corpus", db, matcher=hostile_matcher(tmp), workers=1)
    assert summary.rejected == 0 and summary.events >= 1, summary
    tamper(db)
    app = REPO / "dashboard" / "ui" / "app.py"
    with streamlit_server(app, tmp / "streamlit.log", {"NEWSMAP_DB": str(db)}) as url:
        yield url


@pytest.fixture
def page(tmp_path_factory) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.requests, page.dialogs = [], []

        def route(r):
            page.requests.append(r.request.url)
            if urlsplit(r.request.url).hostname in ("127.0.0.1", "localhost"):
                r.continue_()
            else:
                r.abort()

        context.route("**/*", route)  # the context: the map's iframe too
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        yield page
        browser.close()


def left_machine(requests: list[str]) -> list[str]:
    """Requests to another host than this machine, except the base map's tiles (the app's)."""
    out = []
    for url in requests:
        host = urlsplit(url).hostname or ""
        if host in ("127.0.0.1", "localhost") or host.endswith("tile.openstreetmap.org"):
            continue
        out.append(url)
    return out


def shot(page, name: str) -> None:
    (REPO / "test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "test-artifacts" / f"{name}.png"), full_page=True)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_hostile_text_in_every_field_stays_text(server, page):
    page.goto(f"{server}/?place={SMARA}")
    page.get_by_role("heading", name=PLACE_NAME).wait_for(timeout=30_000)
    panel = page.locator('[data-testid="stMain"]')
    panel.get_by_text("Show all", exact=False).first.wait_for(timeout=20_000)
    # A card shows its best sentence; the others wait behind "Show all N sentences".
    other = panel.get_by_text("also wounded three people", exact=False)
    assert other.count() == 1 and not other.is_visible()
    for summary in panel.locator("details summary").all():
        summary.click()  # open every "Show all N sentences"
    other.wait_for(state="visible", timeout=10_000)
    panel.get_by_text("Quiet", exact=False).first.wait_for(timeout=20_000)
    shot(page, "hostile-panel")
    text = flat(panel.inner_text())

    # Every hostile string is on the page, as text (line breaks read as spaces).
    for needle in (SCRIPT, IMG, SVG, MD_LINK, MD_IMAGE, HEADING, PLACE_NAME, ALIAS):
        assert needle in text, needle
    assert flat(f"Smara shelled {SCRIPT}{IMG}{BREAKOUT}end of title") in text
    assert flat(f"Wire {IMG}{BREAKOUT}end of outlet") in text
    assert flat(ACTOR) in text
    assert f"Quiet {SVG} day" in text

    # Nothing became markup: no heading, image, link or handler from the text.
    assert page.get_by_role("heading", name="Official correction").count() == 0
    assert page.locator("h1, h2, h3, h4, h5, h6", has_text="Official correction").count() == 0
    assert page.locator('img[src="x"], img[src*="evil"], svg[onload], [onerror]').count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
    assert hrefs and not [
        h
        for h in hrefs
        if urlsplit(h).scheme not in ("http", "https") or "evil" in urlsplit(h).netloc
    ]
    assert page.locator("script", has_text="alert(1)").count() == 0
    # The http(s) URL with a quote in it is still one link, its quote escaped in the attribute.
    link = panel.locator("a", has_text="Smara shelled").first
    assert flat(link.get_attribute("href")) == flat(f"https://example.org/a?q={SVG}{BREAKOUT}")
    # The javascript: URL of the second article is shown as a title without a link.
    quiet = panel.locator(".no-link", has_text="Quiet")
    assert quiet.count() == 1 and quiet.locator("xpath=ancestor::a").count() == 0

    assert page.dialogs == []
    assert left_machine(page.requests) == []


def test_the_map_tooltip_of_a_hostile_place_is_text(server, page):
    page.goto(f"{server}/?place={SMARA}")
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    inner = iframe.element_handle().content_frame()
    point = inner.evaluate(
        """([lat, lon]) => {
            const map = Object.values(window).find((v) => {
                try { return v instanceof L.Map; } catch (e) { return false; }
            });
            const p = map.latLngToContainerPoint([lat, lon]);
            const r = document.querySelector('.leaflet-container').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        list(SMARA_AT),
    )
    box = iframe.bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=20_000)
    assert PLACE_NAME in tooltip.inner_text()
    assert tooltip.locator("script, img, svg").count() == 0
    assert page.dialogs == []
    assert left_machine(page.requests) == []
