"""The TopoJSON decoder on a hand-written topology: two squares sharing an edge."""

from __future__ import annotations

import pytest

from dashboard.assets.topojson import topojson_to_geojson

# Quantized grid, x = qx * 0.5 + 10 and y = qy * 0.25 + 20:
#   (0,4) ---- (2,4) ---- (4,4)          (10,21) -- (11,21) -- (12,21)
#     |    A     |    B     |       ->      |    A      |    B      |
#   (0,0) ---- (2,0) ---- (4,0)          (10,20) -- (11,20) -- (12,20)
# arc 0 is the shared edge (2,0) -> (2,4); B walks it backwards (index ~0 == -1).
ARCS = [
    [[2, 0], [0, 4]],
    [[2, 4], [-2, 0], [0, -4], [2, 0]],
    [[2, 0], [2, 0], [0, 4], [-2, 0]],
]
RING_A = [[11.0, 20.0], [11.0, 21.0], [10.0, 21.0], [10.0, 20.0], [11.0, 20.0]]
RING_B = [[11.0, 21.0], [11.0, 20.0], [12.0, 20.0], [12.0, 21.0], [11.0, 21.0]]


def topology(**objects: dict) -> dict:
    return {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": ARCS,
        "objects": objects,
    }


def test_polygon_from_delta_encoded_quantized_arcs() -> None:
    geo = topojson_to_geojson(topology(a={"type": "Polygon", "arcs": [[0, 1]]}), "a")
    assert geo == {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [RING_A]},
    }


def test_negative_index_reverses_the_shared_arc() -> None:
    geo = topojson_to_geojson(topology(b={"type": "Polygon", "arcs": [[-1, 2]]}), "b")
    assert geo["geometry"]["coordinates"] == [RING_B]


def test_geometry_collection_becomes_feature_collection() -> None:
    shapes = {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "a", "properties": {"name": "A"}},
            {"type": "MultiPolygon", "arcs": [[[0, 1]], [[-1, 2]]], "properties": {"name": "AB"}},
            {"type": "Point", "coordinates": [4, 4], "properties": {"name": "corner"}},
            {"type": None, "id": "empty"},
        ],
    }
    geo = topojson_to_geojson(topology(shapes=shapes), "shapes")
    assert geo["type"] == "FeatureCollection"
    a, ab, corner, empty = geo["features"]
    assert a["id"] == "a" and a["properties"] == {"name": "A"}
    assert ab["geometry"] == {"type": "MultiPolygon", "coordinates": [[RING_A], [RING_B]]}
    assert corner["geometry"] == {"type": "Point", "coordinates": [12.0, 21.0]}  # not delta
    assert empty == {"type": "Feature", "id": "empty", "properties": {}, "geometry": None}


def test_polygon_with_hole_and_line_strings() -> None:
    outer = [[0, 0], [8, 0], [0, 8], [-8, 0], [0, -8]]
    hole = [[2, 2], [0, 4], [4, 0], [0, -4], [-4, 0]]
    topo = topology(
        holed={"type": "Polygon", "arcs": [[3], [~4]]},
        edge={"type": "LineString", "arcs": [~0]},
        edges={"type": "MultiLineString", "arcs": [[0], [1]]},
    )
    topo["arcs"] = ARCS + [outer, hole]
    rings = topojson_to_geojson(topo, "holed")["geometry"]["coordinates"]
    assert rings[0] == [[10.0, 20.0], [14.0, 20.0], [14.0, 22.0], [10.0, 22.0], [10.0, 20.0]]
    assert rings[1] == [[11.0, 20.5], [13.0, 20.5], [13.0, 21.5], [11.0, 21.5], [11.0, 20.5]]
    assert topojson_to_geojson(topo, "edge")["geometry"]["coordinates"] == [
        [11.0, 21.0],
        [11.0, 20.0],
    ]
    assert len(topojson_to_geojson(topo, "edges")["geometry"]["coordinates"]) == 2


def test_unquantized_arcs_are_absolute() -> None:
    topo = {
        "type": "Topology",
        "arcs": [[[1.5, 2.5], [3.0, 2.5], [3.0, 4.0], [1.5, 2.5]]],
        "objects": {"t": {"type": "Polygon", "arcs": [[~0]]}},
    }
    ring = topojson_to_geojson(topo, "t")["geometry"]["coordinates"][0]
    assert ring == [[1.5, 2.5], [3.0, 4.0], [3.0, 2.5], [1.5, 2.5]]


def test_precision_rounds_coordinates() -> None:
    topo = topology(p={"type": "Point", "coordinates": [1, 1]})
    topo["transform"] = {"scale": [1 / 3, 1 / 7], "translate": [0, 0]}
    assert topojson_to_geojson(topo, "p", precision=3)["geometry"]["coordinates"] == [0.333, 0.143]


def test_unknown_object_and_non_topology_are_refused() -> None:
    with pytest.raises(ValueError, match="no object 'nope'"):
        topojson_to_geojson(topology(), "nope")
    with pytest.raises(ValueError, match="Topology"):
        topojson_to_geojson({"type": "FeatureCollection"}, "x")
