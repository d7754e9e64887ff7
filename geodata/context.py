"""The article's other places as evidence: a homonym near them beats a bigger one far away.

Local news names its state or its neighbouring towns: "Paris" in an article that also names
Texas is Paris, Texas; "Alexandria" beside Louisiana is not the Egyptian city; "Oxford" in a
story about Mississippi is Oxford, Mississippi, though the article never says "United States".
After the first pass, the places chosen with their own evidence — first-level areas, curated
places, cities that are the only place of their name — are anchors. A name whose candidates
include one within reach of an anchor (500 km of a first-level area's point, 150 km of a town)
takes that candidate when the first pass chose nothing or a place far from every anchor. The
reason names the anchor and the distance.

Before distances, states decide by code (``NamedStates``): a town or county whose GeoNames
first-level area (``admin1``) the article names beats homonyms elsewhere ("Lancaster,
Pennsylvania"; "Henry County" in a story that names Tennessee); a world city or county that is
the only place of its name lends its state too ("Dublin" beside Akron is Dublin, Ohio). Towns
under 15,000 people (``minor``) are only ever taken this way.
"""

from __future__ import annotations

from collections.abc import Iterable
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


class NamedStates:
    """The first-level areas an article names, by GeoNames code ("US.PA"), with where."""

    def __init__(self, mentions: Iterable[tuple[int, str, Place, bool]]) -> None:
        self.areas: dict[str, tuple[Place, str]] = {}
        self.starts: set[int] = set()
        implied: dict[str, tuple[Place, str]] = {}
        for start, key, place, unique in mentions:
            code = place.extra.get("admin1", "")
            if place.kind == "admin_area" and place.extra.get("level") == 1 and code:
                self.areas.setdefault(code, (place, key))
                self.starts.add(start)
            elif (
                unique and code and place.source == "world" and place.kind in ("city", "admin_area")
            ):
                implied.setdefault(code, (place, key))
        for code, hit in implied.items():
            self.areas.setdefault(code, hit)

    def __bool__(self) -> bool:
        return bool(self.areas)

    def right_after(self, end: int) -> bool:
        """A named state starts just after ``end`` ("Lancaster, Pa.")."""
        return any(end < s <= end + 3 for s in self.starts)

    def town_in(self, key: str, candidates: list[Place], chosen: Place | None):
        """(the first candidate whose state the article names, that state), unless the place
        already chosen lies in a named state."""
        if chosen is not None and chosen.extra.get("admin1", "") in self.areas:
            return None
        for place in candidates:
            if place.kind in _NOT_POINTS or (
                place.kind == "admin_area" and place.extra.get("level") == 1
            ):
                continue
            area, area_key = self.areas.get(place.extra.get("admin1", ""), (None, ""))
            if area is not None and area_key != key:
                return place, area
        return None


def named_states(mentions: Iterable[tuple[int, str, Place, bool]]) -> NamedStates:
    """The first-level areas among an article's first-pass places (start, key, place)."""
    return NamedStates(mentions)
