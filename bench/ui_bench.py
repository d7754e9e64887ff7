"""How fast the dashboard answers on a large index: click to panel, date filter to map.

    python bench/ui_bench.py [--articles 10000] [--clicks 30] [--filters 30]

Builds (once, in build/bench/) or reuses an index of synthetic articles (``bench/bigindex.py``),
serves ``dashboard/ui/app.py`` on it with a real ``streamlit run`` on 127.0.0.1, and drives
Debian's chromium: clicks on the map's markers timed until the place's panel shows, and quick
range changes timed until the map draws its new markers. Prints the median and 95th percentile
of each (target: under 1 s). Offline; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from bigindex import PRESETS, big_index  # noqa: E402
from streamlit_server import streamlit_server  # noqa: E402
from uidriver import LostAction, Session, launch, summary_line  # noqa: E402


async def drive(base: str, clicks: int, filters: int, seed: int) -> Session:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await launch(p)
        context = await browser.new_context(viewport={"width": 1500, "height": 1100})
        session = Session(await context.new_page(), base, random.Random(seed), PRESETS)
        start = time.perf_counter()
        await session.open()
        print(f"page open, markers drawn     {time.perf_counter() - start:6.2f} s")
        # Interleaved, as an analyst does: a range, then a few places in it.
        for n in range(max(clicks, filters)):
            for action, wanted in ((session.click_place, clicks), (session.change_dates, filters)):
                if n < wanted:
                    try:
                        await action()
                    except LostAction as exc:
                        session.tally.other_errors.append(str(exc))
        await browser.close()
    return session


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--filters", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)

    db = big_index(args.articles)
    print(f"index {db} ({db.stat().st_size / 1e6:.0f} MB, {args.articles:,} articles)")
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "streamlit.log"
        with streamlit_server(
            REPO / "dashboard" / "ui" / "app.py", log, {"NEWSMAP_DB": str(db)}
        ) as base:
            session = asyncio.run(drive(base, args.clicks, args.filters, args.seed))
    t = session.tally
    print(summary_line("click -> panel shown", t.clicks))
    print(summary_line("date filter -> map updated", t.filters))
    print(
        f"lost clicks {t.lost_clicks}, filters not redrawn {t.lost_filters}, "
        f"exception pages {t.exceptions}"
    )
    for error in t.other_errors:
        print(f"  {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
