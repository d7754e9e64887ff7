"""Decode TopoJSON into GeoJSON, in pure Python.

Follows the TopoJSON specification and topojson-client's ``feature()``: arcs may be quantized and
delta-encoded (when the topology has a ``transform``), lines and rings are stitched from arcs
(a negative index ``~i`` means arc ``i`` reversed), and a GeometryCollection object becomes a
FeatureCollection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Position = list[float]


class _Decoder:
    def __init__(self, topology: dict[str, Any], precision: int | None) -> None:
        self.precision = precision
        transform = topology.get("transform")
        self.quantized = bool(transform)
        if transform:
            (self.kx, self.ky), (self.dx, self.dy) = transform["scale"], transform["translate"]
            self.arcs = [self._absolute_arc(arc) for arc in topology.get("arcs", [])]
        else:
            self.arcs = [[self._round(list(p)) for p in arc] for arc in topology.get("arcs", [])]

    def _round(self, position: Position) -> Position:
        if self.precision is None:
            return position
        return [round(position[0], self.precision), round(position[1], self.precision)] + list(
            position[2:]
        )

    def _absolute_arc(self, arc: Sequence[Sequence[float]]) -> list[Position]:
        x = y = 0.0
        positions = []
        for dx, dy, *rest in arc:
            x += dx
            y += dy
            positions.append(self._round(self._scaled(x, y) + rest))
        return positions

    def _scaled(self, x: float, y: float) -> Position:
        return [x * self.kx + self.dx, y * self.ky + self.dy]

    def point(self, position: Sequence[float]) -> Position:
        if not self.quantized:
            return self._round(list(position))
        return self._round(self._scaled(position[0], position[1]) + list(position[2:]))

    def line(self, arc_indexes: Sequence[int]) -> list[Position]:
        points: list[Position] = []
        for index in arc_indexes:
            if points:
                points.pop()
            arc = self.arcs[~index] if index < 0 else self.arcs[index]
            points.extend(list(p) for p in (reversed(arc) if index < 0 else arc))
        if len(points) < 2 and points:
            points.append(points[0])
        return points

    def ring(self, arc_indexes: Sequence[int]) -> list[Position]:
        points = self.line(arc_indexes)
        while points and len(points) < 4:
            points.append(points[0])
        return points

    def geometry(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        kind = obj.get("type")
        if kind is None:
            return None
        if kind == "GeometryCollection":
            geometries = [self.geometry(g) for g in obj.get("geometries", [])]
            return {"type": kind, "geometries": [g for g in geometries if g is not None]}
        if kind == "Point":
            coordinates: Any = self.point(obj["coordinates"])
        elif kind == "MultiPoint":
            coordinates = [self.point(p) for p in obj["coordinates"]]
        elif kind == "LineString":
            coordinates = self.line(obj["arcs"])
        elif kind == "MultiLineString":
            coordinates = [self.line(arcs) for arcs in obj["arcs"]]
        elif kind == "Polygon":
            coordinates = [self.ring(arcs) for arcs in obj["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[self.ring(arcs) for arcs in polygon] for polygon in obj["arcs"]]
        else:
            raise ValueError(f"unknown TopoJSON geometry type: {kind!r}")
        return {"type": kind, "coordinates": coordinates}

    def feature(self, obj: dict[str, Any]) -> dict[str, Any]:
        feature: dict[str, Any] = {"type": "Feature"}
        if "id" in obj:
            feature["id"] = obj["id"]
        if "bbox" in obj:
            feature["bbox"] = obj["bbox"]
        feature["properties"] = obj.get("properties") or {}
        feature["geometry"] = self.geometry(obj)
        return feature


def topojson_to_geojson(
    topology: dict[str, Any], object_name: str, precision: int | None = None
) -> dict[str, Any]:
    """The GeoJSON of one named object of ``topology``.

    A GeometryCollection gives a FeatureCollection (one Feature per geometry, keeping ``id`` and
    ``properties``); any other object gives a single Feature. ``precision`` rounds coordinates
    to that many decimals (the quantized grid is coarser than the floats it decodes to).
    """
    if topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON topology (type must be 'Topology')")
    objects = topology.get("objects", {})
    if object_name not in objects:
        raise ValueError(f"no object {object_name!r} in topology; it has {sorted(objects)}")
    decoder = _Decoder(topology, precision)
    obj = objects[object_name]
    if obj.get("type") == "GeometryCollection":
        return {
            "type": "FeatureCollection",
            "features": [decoder.feature(g) for g in obj.get("geometries", [])],
        }
    return decoder.feature(obj)
