"""The dashboard under load: concurrent browser sessions on a large index.

    python bench/load.py [--sessions 20] [--seconds 180] [--articles 10000]

One chromium with one context per session (what a 2-core machine survives better than 20
browsers), all opening the page at once against a real ``streamlit run`` on 127.0.0.1, then
clicking places and changing the quick date range until the time is up. Errors (must be 0): an
exception on the page, or a lost click (its panel not shown within 10 s). Prints the median and
95th percentile of click to panel and filter to map, and the server's peak memory (resident
memory of the streamlit process tree, sampled every 0.5 s). Offline; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from bigindex import PRESETS, big_index  # noqa: E402
from streamlit_server import streamlit_server  # noqa: E402
from uidriver import (  # noqa: E402
    LostAction,
    Session,
    Tally,
    launch,
    server_rss,
    streamlit_pid,
    summary_line,
)


async def analyst(session: Session, deadline: float, first_clicks: list[bool]) -> None:
    try:
        await session.open()
        await session.click_place()  # the first click, right after the page opened
        first_clicks.append(True)
    except LostAction as exc:
        first_clicks.append(False)
        session.tally.other_errors.append(f"first click: {exc}")
    except Exception as exc:  # a page that never opened is an error too
        first_clicks.append(False)
        session.tally.other_errors.append(f"open: {exc!r}"[:300])
        return
    while time.monotonic() < deadline:
        action = session.rng.choice(
            [session.click_place, session.click_place, session.change_dates]
        )
        try:
            await action()
        except LostAction as exc:
            session.tally.other_errors.append(str(exc)[:300])
        except Exception as exc:
            session.tally.other_errors.append(repr(exc)[:300])


async def sample_memory(pid: int, peak: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server_rss(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def run(base: str, sessions: int, seconds: float, seed: int) -> tuple[Tally, list, int]:
    from playwright.async_api import async_playwright

    pid = streamlit_pid(urlsplit(base).port)
    peak, stop = [server_rss(pid) if pid else 0], asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pid, peak, stop)) if pid else None
    async with async_playwright() as p:
        browser = await launch(p)
        runs = []
        for n in range(sessions):
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            page = await context.new_page()
            runs.append(Session(page, base, random.Random(seed + n), PRESETS))
        first_clicks: list[bool] = []
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(analyst(s, deadline, first_clicks) for s in runs))
        await browser.close()
    stop.set()
    if sampler:
        await sampler
    total = Tally()
    for s in runs:
        total.add(s.tally)
    return total, first_clicks, peak[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=180.0, help="how long the sessions run")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)

    db = big_index(args.articles)
    print(f"index {db} ({db.stat().st_size / 1e6:.0f} MB, {args.articles:,} articles)")
    print(f"{args.sessions} sessions for {args.seconds:.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "streamlit.log"
        with streamlit_server(
            REPO / "dashboard" / "ui" / "app.py", log, {"NEWSMAP_DB": str(db)}
        ) as base:
            t, first, peak = asyncio.run(run(base, args.sessions, args.seconds, args.seed))
    print(summary_line("click -> panel shown", t.clicks))
    print(summary_line("date filter -> map updated", t.filters))
    print(f"first clicks shown: {sum(first)} of {len(first)}")
    print(
        f"errors {t.errors}: lost clicks {t.lost_clicks}, exception pages {t.exceptions}, "
        f"other {len(t.other_errors) - t.lost_clicks - t.exceptions} "
        f"(filters not redrawn in 10 s: {t.lost_filters})"
    )
    for error in t.other_errors[:20]:
        print(f"  {error}")
    print(f"server peak RSS (streamlit process tree) {peak / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
