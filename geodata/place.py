"""The place record shared by every gazetteer source, the matcher and the index."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: Kinds of place, from the vaguest to the most precise. The map draws the first four as areas.
KINDS = (
    "continent_region",  # North Africa, West Africa, the Maghreb, the Sahel, the Sahara
    "country",
    "disputed_area",  # Western Sahara
    "admin_area",  # regions, provinces, wilayas
    "military_zone",  # e.g. the FAR Southern Zone
    "city",
    "town",
    "village",
    "border_crossing",
    "site",  # wells, camps, bases, airports, passes, other named spots
)
AREA_KINDS = frozenset(KINDS[:5])

#: Where a place record comes from, in order of trust: an earlier tier wins a tie.
TIERS = {"override": 0, "curated": 1, "regional": 2, "world": 3, "online": 4}


@dataclass(frozen=True)
class Place:
    id: str  # GeoNames id as a decimal string where one exists, else "local:<slug>"
    name: str
    kind: str
    country: str  # ISO 3166-1 alpha-2; "" for areas spanning several countries
    lat: float
    lon: float
    population: int = 0
    aliases: tuple[str, ...] = ()  # every other name, any language or script
    source: str = "curated"  # a key of TIERS
    coord_source: str = ""  # where lat/lon come from, e.g. "geonames:2538475" or "manual: ..."
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def tier(self) -> int:
        return TIERS[self.source]

    @property
    def is_area(self) -> bool:
        return self.kind in AREA_KINDS

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a 6,371 km sphere: the one distance the project uses."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
