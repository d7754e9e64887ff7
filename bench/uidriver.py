"""Driving the dashboard in Debian's chromium for the UI benches (Playwright's async API).

One ``Session`` is one browser context on the page: it clicks the map's markers and changes the
quick date range, timing each action to the DOM change it causes. Every wait polls the page
(``wait_for_function``); nothing sleeps a fixed time. The server is the tests' real
``streamlit run`` (``tests/streamlit_server.py``); ``server_rss`` samples its memory from /proc.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import proctree  # noqa: E402
from streamlit_server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# Offline: every host but this machine fails to resolve (the tiles), for the whole browser.
BROWSER_ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
FIND_MAP = """Object.values(window).find((v) => {
    try { return v instanceof L.Map; } catch (e) { return false; }
})"""

# The markers of places (GeoJSON circle markers) drawn in the visible map, with their pixel.
VISIBLE_MARKERS = f"""() => {{
    const map = {FIND_MAP};
    if (!map) return [];
    const size = map.getSize(); const out = [];
    map.eachLayer((l) => {{
        const f = l.feature;
        if (!(l instanceof L.CircleMarker) || !l._map || !f || !f.properties.id) return;
        const p = map.latLngToContainerPoint(l.getLatLng());
        if (p.x < 30 || p.y < 30 || p.x > size.x - 30 || p.y > size.y - 30) return;
        const name = new DOMParser().parseFromString(f.properties.tooltip, 'text/html')
            .querySelector('b').textContent;
        out.push({{id: String(f.properties.id), name: name, x: p.x, y: p.y,
                   r: l.getRadius()}});
    }});
    return out;
}}"""

# The map is not moving: no zoom or pan animation, and its view and drawn markers the same as
# at the last poll (a map still fitting its first view draws its markers where
# latLngToContainerPoint is not; a busy browser is still clustering them).
MAP_IDLE = f"""() => {{
    const map = {FIND_MAP};
    if (!map || map._animatingZoom || (map._panAnim && map._panAnim._inProgress)) return false;
    let drawn = 0;
    map.eachLayer((l) => {{ if (l instanceof L.CircleMarker || l instanceof L.Marker) drawn++; }});
    const view = map.getZoom() + ',' + map.getCenter().toString() + ',' + drawn;
    const still = window._benchView === view;
    window._benchView = view;
    return still;
}}"""

# A marker is drawn at the pixel: what the pointer would hit there is an interactive path (the
# map knows where a marker goes before a busy browser has drawn it there).
HIT = """([x, y]) => {
    const el = document.elementFromPoint(x, y);
    return !!el && el.classList.contains('leaflet-interactive');
}"""

# Marks the markers drawn now; the map is updated once a marker without the mark is drawn.
MARK_LAYERS = f"""() => {{
    const map = {FIND_MAP}; let n = 0;
    map.eachLayer((l) => {{ if (l instanceof L.CircleMarker) {{ l._benchOld = true; n++; }} }});
    return n;
}}"""
NEW_LAYERS = f"""() => {{
    const map = {FIND_MAP}; let fresh = false;
    map.eachLayer((l) => {{ if (l instanceof L.CircleMarker && !l._benchOld) fresh = true; }});
    return fresh;
}}"""

# The panel shows a place once a heading of the main area reads its name.
PANEL_SHOWS = """(names) => [...document.querySelectorAll('[data-testid="stMain"] h3')]
    .some((h) => names.includes(h.textContent.trim()))"""
EXCEPTION = '[data-testid="stException"]'


STROKE_PX = 2.0  # a marker's stroke and Leaflet's rounding, beyond its radius
LATE_S = 30.0  # how much longer an action that timed out is watched for


class LostAction(Exception):
    """An action whose effect never showed within the time allowed."""


@dataclass
class Tally:
    opens: list[float] = field(default_factory=list)
    clicks: list[float] = field(default_factory=list)
    filters: list[float] = field(default_factory=list)
    lost_clicks: int = 0
    lost_filters: int = 0
    exceptions: int = 0
    never_shown: int = 0  # of the lost clicks and filters, those not shown even LATE_S later
    other_errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.opens += other.opens
        self.clicks += other.clicks
        self.filters += other.filters
        self.lost_clicks += other.lost_clicks
        self.lost_filters += other.lost_filters
        self.exceptions += other.exceptions
        self.never_shown += other.never_shown
        self.other_errors += other.other_errors

    @property
    def errors(self) -> int:
        # Every failed action leaves one message here (a lost click or filter, an exception
        # page, anything else); the counters above say which kinds they were.
        return len(self.other_errors)


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of ``values``, by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, round(q * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summary_line(label: str, values: list[float]) -> str:
    if not values:
        return f"{label:28} no measure"
    return (
        f"{label:28} n={len(values):4}  median {statistics.median(values):6.3f} s  "
        f"p95 {percentile(values, 0.95):6.3f} s  max {max(values):6.3f} s"
    )


async def launch(playwright):
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return await playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)


class Session:
    """One analyst: a browser context with the page open."""

    def __init__(
        self,
        page,
        base: str,
        rng: random.Random,
        presets: list[str],
        timeout_s: float = 10.0,
    ):
        self.page, self.base, self.rng = page, base, rng
        self.presets = presets  # quick ranges that hold places (else nothing is redrawn)
        self.timeout_ms = timeout_s * 1000
        self.tally = Tally()
        self.selected: set[str] = set()  # the places a last click may have selected

    async def frame(self, timeout_ms: float = 60_000):
        iframe = self.page.locator(FRAME)
        await iframe.wait_for(timeout=timeout_ms)
        return await (await iframe.element_handle()).content_frame()

    async def open(self, timeout_ms: float = 120_000) -> float:
        """Load the page; seconds until its map shows markers (all within ``timeout_ms``)."""
        start = time.perf_counter()

        def left() -> float:  # what remains of the one bound, in ms
            return max(1.0, timeout_ms - (time.perf_counter() - start) * 1000)

        await self.page.goto(self.base, timeout=timeout_ms)
        frame = await self.frame(left())
        await frame.wait_for_function(
            f"() => typeof L !== 'undefined' && ({VISIBLE_MARKERS})().length >= 2",
            timeout=left(),
            polling=100,
        )
        await self.check_exception()
        seconds = time.perf_counter() - start
        self.tally.opens.append(seconds)
        return seconds

    async def check_exception(self) -> None:
        if await self.page.locator(EXCEPTION).count():
            self.tally.exceptions += 1
            text = await self.page.locator(EXCEPTION).first.inner_text()
            raise LostAction(f"exception on the page: {text[:200]}")

    async def click_place(self) -> float:
        """Click a marker other than the selected one; seconds until its panel shows."""
        frame = await self.frame()
        await frame.wait_for_function(MAP_IDLE, timeout=self.timeout_ms, polling=200)
        drawn = await frame.evaluate(VISIBLE_MARKERS)

        def under(m: dict) -> list[dict]:  # the circles a click at m's centre falls in
            # Their stroke is part of what the pointer hits: a click 0.1 px outside a circle's
            # radius selects it (a click measured as "lost" was another circle's stroke).
            return [
                o
                for o in drawn
                if (o["x"] - m["x"]) ** 2 + (o["y"] - m["y"]) ** 2 <= (o["r"] + STROKE_PX) ** 2
            ]

        # Circles overlap: a click at a centre selects whichever circle is on top there, so any
        # place under the point counts; a point the selected place covers would change nothing.
        markers = [m for m in drawn if not {o["id"] for o in under(m) + [m]} & self.selected]
        if not markers:
            raise LostAction("no marker to click in the view")
        target = self.rng.choice(markers)
        names = sorted({o["name"] for o in under(target)} | {target["name"]})
        # Clicked through the map's own element: Playwright waits until it stands still (a
        # page still laying out moves the map, and a click at a measured pixel then misses).
        container = frame.locator(".leaflet-container").first
        try:
            point = [target["x"], target["y"]]
            await frame.wait_for_function(HIT, arg=point, timeout=self.timeout_ms, polling=100)
        except Exception as exc:  # Playwright's TimeoutError: no click was made (not "lost")
            raise LostAction(f"{target['name']} never drawn where the map puts it") from exc
        start = time.perf_counter()
        await container.click(
            position={"x": target["x"], "y": target["y"]}, timeout=self.timeout_ms
        )
        try:
            await self.page.wait_for_function(
                PANEL_SHOWS, arg=names, timeout=self.timeout_ms, polling="raf"
            )
        except Exception as exc:  # Playwright's TimeoutError
            self.tally.lost_clicks += 1
            await self.check_exception()
            late = await self._late(self.page, PANEL_SHOWS, names, start)
            raise LostAction(f"click on {target['name']}: no panel within 10 s{late}") from exc
        seconds = time.perf_counter() - start
        self.selected = {o["id"] for o in under(target)} | {target["id"]}
        self.tally.clicks.append(seconds)
        return seconds

    async def _late(self, where, test: str, arg, start: float) -> str:
        """After an action timed out: is it shown later (slow) or never (lost)? Waits up to
        LATE_S more and says which, for the error's message."""
        try:
            await where.wait_for_function(test, arg=arg, timeout=LATE_S * 1000, polling=200)
        except Exception:  # Playwright's TimeoutError, or the page gone
            self.tally.never_shown += 1
            return f", nor within {LATE_S + self.timeout_ms / 1000:.0f} s (lost)"
        return f" (shown after {time.perf_counter() - start:.1f} s: late, not lost)"

    async def change_dates(self) -> float:
        """Choose another quick range; seconds until the map draws its new markers."""
        combo = self.page.get_by_role("combobox", name="Quick range")
        current = await combo.input_value()
        preset = self.rng.choice([p for p in self.presets if p != current])
        frame = await self.frame()
        await frame.evaluate(MARK_LAYERS)
        await combo.click()
        option = self.page.get_by_role("option", name=preset, exact=True)
        await option.wait_for(timeout=self.timeout_ms)
        start = time.perf_counter()
        await option.click()
        try:
            await frame.wait_for_function(NEW_LAYERS, timeout=self.timeout_ms, polling="raf")
        except Exception as exc:
            self.tally.lost_filters += 1
            await self.check_exception()
            late = await self._late(frame, NEW_LAYERS, None, start)
            raise LostAction(f"range {preset}: the map not redrawn within 10 s{late}") from exc
        seconds = time.perf_counter() - start
        self.tally.filters.append(seconds)
        return seconds


def streamlit_pid(port: int) -> int | None:
    """This process's ``streamlit run`` child serving ``port`` (as the tests' helper starts it)."""
    for pid in proctree.descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            args = []
        if b"streamlit" in args[:3] and b"run" in args and str(port).encode() in args:
            return pid
    return None


def server_rss(pid: int) -> int:
    """Resident memory of ``pid`` and every process under it, in bytes."""
    return sum(proctree.rss(p) for p in proctree.descendants(pid))


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (its threads included)."""
    return proctree.cpu_seconds(pid)
