"""How long the map layer takes for many places: ``mapview.build_markers`` and its HTML.

    python bench/map_bench.py [--places 5000]

Places are synthetic points and areas spread over the Sahel. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.store.queries import PlaceSummary  # noqa: E402
from dashboard.ui import mapview  # noqa: E402


def places(count: int, rng: random.Random) -> list[PlaceSummary]:
    kinds = ["city", "town", "village", "site", "border_crossing", "admin_area", "country"]
    return [
        PlaceSummary(
            id=str(n),
            name=f"Place <{n}>",
            kind=rng.choice(kinds),
            country="MR",
            lat=rng.uniform(10, 30),
            lon=rng.uniform(-17, 5),
            aliases=[],
            mentions=rng.randrange(1, 50),
            caption_mentions=0,
            articles=[f"a{n}"],
            events=[f"e{n}"] * rng.randrange(0, 5),
        )
        for n in range(count)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=5000)
    args = parser.parse_args(argv)
    data = places(args.places, random.Random(3))
    mapview.build_markers(data[:10])  # imports and folium templates, once
    for label, fn in (
        ("build_markers (GeoJSON layer, clustered)", lambda: mapview.build_markers(data)),
        ("base map with country outlines, rendered", lambda: _render(None)),
        ("base map + markers, rendered to HTML", lambda: _render(data)),
    ):
        best = min(_time(fn) for _ in range(3))
        print(f"{label:44} {best * 1000:8.1f} ms  ({args.places:,} places)")
    return 0


def _render(data: list[PlaceSummary] | None) -> str:
    m = mapview.build_base_map(mapview.bounds(data or []))
    if data:
        mapview.build_markers(data).add_to(m)
    return m.get_root().render()


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
