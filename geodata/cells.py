"""Where in its region a corpus's places lie: cells of half a degree (about 55 km at the Sahel's
latitudes), written as prior keys ("@27,-8") beside its countries and first-level areas.

Among namesake villages that nothing else tells apart (the same first-level area, no population,
the same spelling), the one in or next to a cell the corpus names often goes first: the Madougou
near the other villages of the notes rather than its namesake 150 km away.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from geodata.place import Place

CELL_DEG = 0.5
CELL_SHARE = 0.03  # a cell holding 3 % of the corpus's counted places is one of its own
PREFIX = "@"


def cell_of(lat: float, lon: float) -> str:
    return f"{PREFIX}{math.floor(lat / CELL_DEG)},{math.floor(lon / CELL_DEG)}"


def is_cell(key: str) -> bool:
    return key.startswith(PREFIX)


def cells_around(place: Place) -> set[str]:
    """The place's cell and its eight neighbours (a place near a cell's edge is near the next)."""
    row, col = math.floor(place.lat / CELL_DEG), math.floor(place.lon / CELL_DEG)
    return {f"{PREFIX}{row + dr},{col + dc}" for dr in (-1, 0, 1) for dc in (-1, 0, 1)}


def corpus_cells(counts: dict[str, int], share: float = CELL_SHARE) -> set[str]:
    """The cells holding ``share`` or more of the counted places."""
    cells = {k: n for k, n in counts.items() if is_cell(k)}
    total = sum(cells.values())
    return {k for k, n in cells.items() if total and n / total >= share}


def near_corpus(pool: Iterable[Place], prior: frozenset[str]) -> set[str]:
    """Ids of the places of ``pool`` in or next to one of the corpus's cells."""
    cells = {k for k in prior if is_cell(k)}
    if not cells:
        return set()
    return {p.id for p in pool if cells_around(p) & cells}
