"""The dashboard under load: concurrent sessions on a large index.

    python bench/load.py [--sessions 20] [--browsers 3] [--seconds 180] [--articles 10000]

``--sessions`` analysts open the page at once against a real ``streamlit run`` on 127.0.0.1,
then act for ``--seconds`` after their own page opened, with an analyst's pause (``--think``,
drawn uniformly) between actions. ``--browsers`` of them are real: one chromium, a context
each, clicking places and changing the quick date range; they measure what an analyst sees.
The others speak Streamlit's protocol over the websocket (``bench/wsclient.py``): each action
opens the page on a link to a place or to a year, which is the server's work of a click or a
filter and more. A chromium page costs about 6 s of CPU to draw on this machine (software
rendering), so twenty real browsers on the server's own 2 cores measure the browsers, not the
dashboard (``--browsers 20`` does that). Errors (must be 0): a page not open within
``--open-timeout``, an exception on the page, a click whose panel or a filter whose map is not
shown within 10 s (then watched 30 s more, to tell a late action from a lost one), a protocol
action not finished within 10 s. Prints the median and 95th percentile of each
measure and the server's peak memory (resident memory of the streamlit process tree, sampled
every 0.5 s). Offline; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from bigindex import PRESETS, big_index  # noqa: E402
from google.protobuf.message import DecodeError  # noqa: E402
from streamlit_server import streamlit_server  # noqa: E402
from uidriver import (  # noqa: E402
    LostAction,
    Session,
    Tally,
    launch,
    server_cpu_seconds,
    server_rss,
    streamlit_pid,
    summary_line,
)
from websockets.exceptions import WebSocketException  # noqa: E402
from wsclient import ProtocolError, ProtocolSession  # noqa: E402

ACTION_TIMEOUT_S = 10.0
# What a protocol session can meet: counted as errors, never the end of the run.
PROTOCOL_ERRORS = (ProtocolError, OSError, TimeoutError, WebSocketException, DecodeError)


async def analyst(
    session: Session,
    seconds: float,
    think: tuple[float, float],
    open_s: float,
    first_clicks: list[bool],
) -> None:
    try:
        await session.open(open_s * 1000)
    except Exception as exc:  # a page that never opened (or opened on an exception) is an error
        first_clicks.append(False)
        session.tally.other_errors.append(f"open: {exc!r}"[:300])
        return
    deadline = time.monotonic() + seconds
    try:
        await session.click_place()  # the first click, right after the page opened
        first_clicks.append(True)
    except Exception as exc:
        first_clicks.append(False)
        session.tally.other_errors.append(f"first click: {exc!r}"[:300])
    while time.monotonic() < deadline:
        await asyncio.sleep(session.rng.uniform(*think))
        action = session.rng.choice(
            [session.click_place, session.click_place, session.change_dates]
        )
        try:
            await action()
        except LostAction as exc:
            session.tally.other_errors.append(str(exc)[:300])
        except Exception as exc:
            session.tally.other_errors.append(repr(exc)[:300])


@dataclass
class ProtocolTally:
    opens: list[float] = field(default_factory=list)
    places: list[float] = field(default_factory=list)
    dates: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def protocol_analyst(
    base: str,
    rng: random.Random,
    links: dict[str, list[str]],
    tally: ProtocolTally,
    seconds: float,
    think: tuple[float, float],
    open_s: float,
) -> None:
    """An analyst without a browser: the page, then links to places and years."""
    session = ProtocolSession(base)
    try:
        try:
            tally.opens.append(await session.open_page("", open_s))
        except PROTOCOL_ERRORS as exc:
            tally.errors.append(f"protocol open: {exc!r}"[:300])
            return
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await asyncio.sleep(rng.uniform(*think))
            kind = rng.choice(["places", "places", "dates"])
            query = rng.choice(links[kind])
            try:
                getattr(tally, kind).append(await session.open_page(query, ACTION_TIMEOUT_S))
            except PROTOCOL_ERRORS as exc:
                tally.errors.append(f"protocol {query}: {exc!r}"[:300])
    finally:
        with contextlib.suppress(*PROTOCOL_ERRORS):
            await session.close()


def protocol_links(db: Path) -> dict[str, list[str]]:
    """Links an analyst might open: places of the index, and each year that holds articles."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        ids = [r[0] for r in conn.execute("select distinct place_id from mentions")]
    years = [p for p in PRESETS if p.isdigit()]
    return {
        "places": [f"place={i}" for i in ids],
        "dates": [f"since={y}-01-01&until={y}-12-31" for y in years],
    }


async def sample_memory(pid: int, peak: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server_rss(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def run(
    base: str,
    sessions: int,
    browsers: int,
    seconds: float,
    think: tuple[float, float],
    open_s: float,
    seed: int,
    links: dict[str, list[str]],
) -> tuple[Tally, list, ProtocolTally, int, tuple[float, float]]:
    from playwright.async_api import async_playwright

    pid = streamlit_pid(urlsplit(base).port)
    peak, stop = [server_rss(pid) if pid else 0], asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pid, peak, stop)) if pid else None
    cpu0, wall0 = server_cpu_seconds(pid) if pid else 0.0, time.perf_counter()
    async with async_playwright() as p:
        browser = await launch(p)
        runs = []
        for n in range(browsers):
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            page = await context.new_page()
            runs.append(Session(page, base, random.Random(seed + n), PRESETS))
        first_clicks: list[bool] = []
        proto = ProtocolTally()
        await asyncio.gather(
            *(analyst(s, seconds, think, open_s, first_clicks) for s in runs),
            *(
                protocol_analyst(
                    base, random.Random(seed + n), links, proto, seconds, think, open_s
                )
                for n in range(browsers, sessions)
            ),
        )
        await browser.close()
    cpu = (server_cpu_seconds(pid) - cpu0 if pid else 0.0, time.perf_counter() - wall0)
    stop.set()
    if sampler:
        await sampler
    total = Tally()
    for s in runs:
        total.add(s.tally)
    return total, first_clicks, proto, peak[0], cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument(
        "--browsers", type=int, default=3, help="how many of the sessions are real browsers"
    )
    parser.add_argument(
        "--seconds", type=float, default=180.0, help="how long each session runs once open"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 4.0),
        metavar=("MIN", "MAX"),
        help="seconds an analyst pauses between actions (uniform)",
    )
    parser.add_argument(
        "--open-timeout", type=float, default=300.0, help="seconds a page may take to open"
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    if not 0 <= args.browsers <= args.sessions:
        parser.error("--browsers must be between 0 and --sessions")

    db = big_index(args.articles)
    print(f"index {db} ({db.stat().st_size / 1e6:.0f} MB, {args.articles:,} articles)")
    print(
        f"{args.sessions} sessions ({args.browsers} in chromium, the others over the "
        f"websocket) opening at once, then {args.seconds:.0f} s each, "
        f"{args.think[0]:g}-{args.think[1]:g} s between actions"
    )
    links = protocol_links(db)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "streamlit.log"
        with streamlit_server(
            REPO / "dashboard" / "ui" / "app.py", log, {"NEWSMAP_DB": str(db)}
        ) as base:
            t, first, proto, peak, (cpu, wall) = asyncio.run(
                run(
                    base,
                    args.sessions,
                    args.browsers,
                    args.seconds,
                    tuple(args.think),
                    args.open_timeout,
                    args.seed,
                    links,
                )
            )
    print(f"in chromium ({args.browsers} sessions):")
    print(summary_line("page open -> markers", t.opens))
    print(summary_line("click -> panel shown", t.clicks))
    print(summary_line("date filter -> map updated", t.filters))
    print(f"first clicks shown: {sum(first)} of {len(first)}")
    print(
        f"errors {t.errors}: lost clicks {t.lost_clicks}, filters not redrawn in 10 s "
        f"{t.lost_filters}, exception pages {t.exceptions}, "
        f"other {max(0, t.errors - t.lost_clicks - t.lost_filters - t.exceptions)}; of the "
        f"clicks and filters, shown later {t.lost_clicks + t.lost_filters - t.never_shown}, "
        f"never {t.never_shown}"
    )
    for error in t.other_errors[:20]:
        print(f"  {error}")
    print(f"over the websocket ({args.sessions - args.browsers} sessions), to script finished:")
    print(summary_line("page open", proto.opens))
    print(summary_line("link to a place", proto.places))
    print(summary_line("link to a year", proto.dates))
    opening = sum("to open" in e or "did not open" in e for e in proto.errors)
    print(f"errors {len(proto.errors)} ({opening} waiting for the stream to open)")
    for error in proto.errors[:20]:
        print(f"  {error}")
    print(f"server peak RSS (streamlit process tree) {peak / 1e6:.0f} MB")
    print(
        f"server CPU {cpu:.0f} s over {wall:.0f} s ({cpu / wall:.0%} of one core; its scripts "
        "share one interpreter lock)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
