"""Disputed ground labelled as disputed: the policy, in one place.

Western Sahara is a non-self-governing territory (UN); most of it is administered by Morocco,
east of the berm by the Polisario Front's SADR. GeoNames codes Smara, Laâyoune or Dakhla as
``MA`` or ``EH`` depending on the record. The dashboard never shows such a place silently as
Morocco: every place whose point lies inside the territory's outline gets the label
``Western Sahara (disputed; administered by Morocco)`` in the panel, tooltips and exports,
whatever code its source gives. The outline is a simplified polygon of the territory's
boundaries (27.67° N in the north, 8.67° W in the east, 26° N / 12° W and 21.33° N with
Mauritania, the Atlantic coast slightly offshore), good to a few kilometres inland, which is
enough to label towns, crossings and villages; it is not a border to draw.
"""

from __future__ import annotations

WESTERN_SAHARA_LABEL = "Western Sahara (disputed; administered by Morocco)"
WESTERN_SAHARA_EAST_LABEL = (
    "Western Sahara (disputed; east of the berm, held by the Polisario Front)"
)

#: A rough line of the Moroccan berm, (lat, lon) north to south: places west of it are
#: administered by Morocco. Approximate to tens of kilometres (Mahbes, just west of the wall,
#: falls east of this line).
_BERM = ((27.667, -8.8), (26.3, -11.1), (24.0, -13.2), (21.333, -15.8))

#: (lon, lat) vertices, clockwise from the north-west coast.
_WESTERN_SAHARA = (
    (-13.45, 27.667),
    (-8.667, 27.667),
    (-8.667, 26.0),
    (-12.0, 26.0),
    (-12.0, 23.45),
    (-13.0, 23.0),
    (-13.0, 21.333),
    (-17.25, 21.333),
    (-16.35, 23.75),
    (-14.75, 26.1),
)


def _inside(lon: float, lat: float, polygon: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: whether (lon, lat) lies inside the polygon."""
    inside = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def in_western_sahara(lat: float, lon: float) -> bool:
    return _inside(lon, lat, _WESTERN_SAHARA)


def _west_of_berm(lat: float, lon: float) -> bool:
    for (lat1, lon1), (lat2, lon2) in zip(_BERM, _BERM[1:], strict=False):
        if lat2 <= lat <= lat1:
            return lon < lon1 + (lat1 - lat) / (lat1 - lat2) * (lon2 - lon1)
    return True


def country_label(country: str, lat: float, lon: float, kind: str = "") -> str:
    """What the interface and exports say for a place's country: the ISO code, or the
    disputed label for Western Sahara (the territory itself included)."""
    if kind in ("country", "continent_region", "disputed_area") and country != "EH":
        return country
    if country == "EH" and kind in ("country", "disputed_area"):
        return "Western Sahara (disputed)"
    if country == "EH" or in_western_sahara(lat, lon):
        return WESTERN_SAHARA_LABEL if _west_of_berm(lat, lon) else WESTERN_SAHARA_EAST_LABEL
    return country
