"""Building the folium map from place summaries (pure: records in, folium objects out).

The base map (tiles, country outlines, initial view) stays the same across reruns so that
streamlit-folium keeps the widget and the user's view; the markers, which change with the
filters, are a separate FeatureGroup handed to ``st_folium(feature_group_to_add=...)``.
One GeoJSON layer per marker family keeps thousands of places cheap to build.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import folium
from folium.plugins import MarkerCluster

from dashboard.assets.offline import outline_layer, use_local_assets
from dashboard.store.queries import PlaceSummary
from dashboard.ui.mapselect import SelectionHighlight
from dashboard.ui.templating import render
from geodata.place import AREA_KINDS

KIND_COLOURS = {
    "city": "#c0392b",
    "town": "#e67e22",
    "village": "#d4ac0d",
    "border_crossing": "#8e44ad",
    "site": "#16a085",
    "military_zone": "#2c3e50",
    "admin_area": "#2471a3",
    "disputed_area": "#7d3c98",
    "country": "#566573",
    "continent_region": "#839192",
}
KIND_LABELS = {
    "city": "City",
    "town": "Town",
    "village": "Village",
    "border_crossing": "Border crossing",
    "site": "Site (camp, well, base…)",
    "military_zone": "Military zone",
    "admin_area": "Province / region",
    "disputed_area": "Disputed territory",
    "country": "Country",
    "continent_region": "Wide region (Sahel, Maghreb…)",
}
SELECTED_COLOUR = "#00bcd4"
SELECTED_STYLE = {"color": SELECTED_COLOUR, "weight": 4, "opacity": 1.0}  # over its own style
DEFAULT_BOUNDS = [[10.0, -20.0], [36.0, 5.0]]  # Maghreb and western Sahel


def marker_radius(weight: int) -> float:
    """Area grows with the count; the square root keeps one busy place from hiding the rest."""
    return round(min(28.0, 5.0 + 4.0 * math.sqrt(max(weight, 0))), 1)


def tooltip_html(place: PlaceSummary) -> str:
    """The hover text (Leaflet sets it as HTML): from an autoescaping template, on one line."""
    return render(
        "tooltip.html",
        place=place,
        kind=KIND_LABELS.get(place.kind, place.kind),
        n_events=len(place.events),
        n_articles=len(place.articles),
    )


def _feature(place: PlaceSummary) -> dict:
    area = place.kind in AREA_KINDS
    colour = KIND_COLOURS.get(place.kind, "#34495e")
    quiet = not place.events  # named in the filtered articles, but no event there
    radius = marker_radius(place.weight) * (0.5 if quiet else 1.0) + (6 if area else 0)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "id": place.id,
            "tooltip": tooltip_html(place),
            "style": {
                "radius": round(radius, 1),
                "color": colour,
                "weight": 2 if area else 1,
                "opacity": 1.0 if not quiet else 0.5,
                "fill": True,
                "fillColor": colour,
                "fillOpacity": 0.08 if area else (0.3 if quiet else 0.75),
                "dashArray": "6 4" if area else None,
            },
        },
    }


def feature_collection(places: Iterable[PlaceSummary], selected: str | None = None) -> dict:
    """The places as GeoJSON; the ``selected`` one styled as the map highlights it."""
    features = [_feature(p) for p in places]
    for f in features:
        if f["properties"]["id"] == selected:
            f["properties"]["style"] = {**f["properties"]["style"], **SELECTED_STYLE}
    return {"type": "FeatureCollection", "features": features}


def _layer(places: Sequence[PlaceSummary], name: str) -> folium.GeoJson:
    return folium.GeoJson(
        feature_collection(places),
        name=name,
        marker=folium.CircleMarker(),
        style_function=lambda feature: feature["properties"]["style"],
        highlight_function=lambda _feature: {"weight": 4},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    )


LABELLED = 8  # the busiest places carry their name on the map


def labelled(places: Sequence[PlaceSummary], count: int = LABELLED) -> list[PlaceSummary]:
    """The point places with the most events (ties by name): those get a written label."""
    busy = [p for p in places if p.kind not in AREA_KINDS and p.events]
    return sorted(busy, key=lambda p: (-len(p.events), p.name, p.id))[:count]


def _label(place: PlaceSummary) -> folium.Marker:
    offset = int(marker_radius(place.weight)) + 3  # right of the circle, not on it
    return folium.Marker(
        [place.lat, place.lon],
        icon=folium.DivIcon(
            html=render("map_label.html", name=place.name),
            icon_size=(160, 16),
            icon_anchor=(-offset, 8),
            class_name="place-label",
        ),
        interactive=False,  # a click goes to the circle under it, never to the text
        keyboard=False,
    )


def build_markers(places: Sequence[PlaceSummary], cluster_over: int = 40) -> folium.FeatureGroup:
    """Areas (countries, regions) as dashed rings, points as filled circles, clustered when many;
    the busiest places labelled with their name.

    The same places give the same script, whatever is selected: the selected place is
    highlighted in the browser from the page's URL (``dashboard.mapselect``), so a click does not
    make streamlit-folium redraw every marker.
    """
    group = folium.FeatureGroup(name="Places")
    areas = [p for p in places if p.kind in AREA_KINDS]
    points = [p for p in places if p.kind not in AREA_KINDS]
    layers = []
    if areas:
        layers.append(_layer(areas, "Countries and regions").add_to(group))
    if points:
        target = group
        if len(points) > cluster_over:
            target = MarkerCluster(name="Places", options={"maxClusterRadius": 40}).add_to(group)
        layers.append(_layer(points, "Places").add_to(target))
    for place in labelled(points):
        _label(place).add_to(group)
    if layers:
        SelectionHighlight(layers, SELECTED_STYLE).add_to(group)
    return use_local_assets(group)


def bounds(places: Iterable[PlaceSummary]) -> list[list[float]]:
    """South-west and north-east corners around the places (points first; areas if alone)."""
    places = list(places)
    points = [p for p in places if p.kind not in AREA_KINDS] or places
    if not points:
        return DEFAULT_BOUNDS
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    pad = 1.5
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]


def view_of(corners: list[list[float]], width_px: int = 700, height_px: int = 560) -> tuple:
    """Centre and zoom that fit the corners in a map of that size (Web Mercator)."""
    (s, w), (n, e) = corners

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_zoom = math.log2(width_px * 360 / (256 * max(e - w, 1e-6)))
    lat_zoom = math.log2(height_px * 2 * math.pi / (256 * max(merc(n) - merc(s), 1e-6)))
    zoom = int(max(2, min(12, math.floor(min(lon_zoom, lat_zoom)))))
    centre_lat = math.degrees(math.atan(math.sinh((merc(n) + merc(s)) / 2)))
    return (round(centre_lat, 4), round((w + e) / 2, 4)), zoom


FIT_PADDING_PX = 40  # no marker of the first view sits on the map's edge


def build_base_map(
    view: list[list[float]], zoom: int | None = None, centre: tuple[float, float] | None = None
) -> folium.Map:
    """Tiles (online only), country outlines from a package (work offline) and the view.

    With ``zoom`` and ``centre`` (a shared link) the map opens there; otherwise Leaflet fits
    the corners ``view`` with a padding, whatever the size the page gives the map.
    """
    start_centre, start_zoom = view_of(view)
    m = folium.Map(
        location=centre or start_centre,
        zoom_start=zoom if zoom is not None and centre else start_zoom,
        tiles=None,
        control_scale=True,
    )
    if zoom is None or centre is None:
        m.fit_bounds(view, padding=(FIT_PADDING_PX, FIT_PADDING_PX))
    folium.TileLayer(
        "OpenStreetMap",
        attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        "contributors",
    ).add_to(m)
    outline_layer().add_to(m)
    return use_local_assets(m)


def nearest_place(
    places: Iterable[PlaceSummary], lat: float, lon: float, tolerance: float = 1e-4
) -> PlaceSummary | None:
    """The place whose marker was clicked: st_folium reports the marker's own coordinates."""
    best, best_d = None, tolerance
    for p in places:
        d = abs(p.lat - lat) + abs(p.lon - lon)
        if d <= best_d:
            best, best_d = p, d
    return best


def clicked_place(result: dict | None, places: Sequence[PlaceSummary]) -> PlaceSummary | None:
    """The place a click on the map chose, from what ``st_folium`` returned.

    A click on a circle reports the mouse position, not the circle's centre, so the feature the
    click landed on (``last_active_drawing``, with our place id) decides; the position is only a
    fallback.
    """
    result = result or {}
    by_id = {p.id: p for p in places}
    drawing = result.get("last_active_drawing") or {}
    place_id = (drawing.get("properties") or {}).get("id")
    if place_id in by_id:
        return by_id[place_id]
    click = result.get("last_object_clicked")
    if click:
        return nearest_place(places, click["lat"], click["lng"])
    return None


# What st_folium sends back. The click count makes every click a new value: without it a click
# at the same spot as an earlier one (the same marker again, after "Clear selection" or a rerun
# that reset the selection) equals the last value, and neither the widget nor the page sees it.
RETURNED = (
    "last_object_clicked",
    "last_object_clicked_count",
    "last_active_drawing",
    "zoom",
    "center",
)


def click_key(result: dict | None) -> tuple | None:
    """What tells one click from the previous one: its count, position and feature."""
    result = result or {}
    click = result.get("last_object_clicked")
    if not click:
        return None
    drawing = result.get("last_active_drawing") or {}
    place_id = (drawing.get("properties") or {}).get("id")
    return (result.get("last_object_clicked_count"), click.get("lat"), click.get("lng"), place_id)


def legend_html() -> str:
    """The legend under the map (fixed text, no article content)."""
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:12px">'
        f'<svg width="14" height="14"><circle cx="7" cy="7" r="6" fill="{colour}" '
        f'fill-opacity="{0.1 if kind in AREA_KINDS else 0.8}" stroke="{colour}" '
        f'stroke-dasharray="{"3 2" if kind in AREA_KINDS else "0"}"/></svg>'
        f"&nbsp;{KIND_LABELS[kind]}</span>"
        for kind, colour in KIND_COLOURS.items()
    )
    return (
        f'<div style="font-size:0.8em;line-height:1.8">{items}<br>Circle size: number of '
        "events (or of mentions where a place has none: those are smaller and paler). Dashed "
        "rings are countries and wide regions, drawn at a representative point.</div>"
    )


def map_view(result: dict | None) -> tuple[int, tuple[float, float]] | None:
    """Zoom and centre from what ``st_folium`` returned (``zoom``, ``center``), rounded."""
    result = result or {}
    zoom, centre = result.get("zoom"), result.get("center") or {}
    try:
        lat, lon = float(centre["lat"]), float(centre["lng"])
        zoom = int(zoom)
    except (KeyError, TypeError, ValueError):
        return None
    if not (-85 <= lat <= 85 and 1 <= zoom <= 18):
        return None
    lon = (lon + 180) % 360 - 180  # Leaflet lets a panned map run past the antimeridian
    return zoom, (round(lat, 4), round(lon, 4))
