"""The article's other places as evidence: a homonym near them beats a bigger one far away.

Local news names its state or its neighbouring towns: "Paris" in an article that also names
Texas is Paris, Texas; "Alexandria" beside Louisiana is not the Egyptian city; "Oxford" in a
story about Mississippi is Oxford, Mississippi, though the article never says "United States".
After the first pass, the places chosen with their own evidence — first-level areas, curated
places, cities that are the only place of their name — are anchors. A name whose candidates
include one within reach of an anchor (500 km of a first-level area's point, 150 km of a town)
takes that candidate when the first pass chose nothing or a place far from every anchor. The
reason names the anchor and the distance.
"""

from __future__ import annotations

from dataclasses import dataclass

from geodata.place import Place, great_circle_km

AREA_REACH_KM = 500.0
TOWN_REACH_KM = 150.0
_NOT_POINTS = frozenset({"country", "continent_region", "disputed_area"})


@dataclass(frozen=True)
class Anchor:
    place: Place
    key: str  # the folded name it was found by (a name is no anchor for its own homonyms)

    @property
    def is_area(self) -> bool:
        return self.place.kind == "admin_area"

    @property
    def reach(self) -> float:
        return AREA_REACH_KM if self.place.kind == "admin_area" else TOWN_REACH_KM


def km(a: Place, b: Place) -> float:
    return great_circle_km(a.lat, a.lon, b.lat, b.lon)


def is_anchor(place: Place, alternatives: tuple[str, ...]) -> bool:
    """A place sure enough to place its neighbours: not an area spanning a country."""
    if place.kind in _NOT_POINTS:
        return False
    if place.source in ("curated", "override"):
        return True
    return place.kind == "admin_area" or not alternatives


def nearest(
    key: str, candidates: list[Place], anchors: list[Anchor]
) -> tuple[Place, Anchor, float] | None:
    """The candidate closest to an anchor within that anchor's reach, if any."""
    best = None
    for place in candidates:
        if place.kind in _NOT_POINTS:
            continue
        for anchor in anchors:
            if anchor.key == key or anchor.place.id == place.id:
                continue
            d = km(place, anchor.place)
            if d <= anchor.reach and (best is None or d < best[2]):
                best = (place, anchor, d)
    return best


def far_from_all(place: Place, anchors: list[Anchor], key: str) -> bool:
    return all(
        km(place, a.place) > a.reach for a in anchors if a.key != key and a.place.id != place.id
    )
