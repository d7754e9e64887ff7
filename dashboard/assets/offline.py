"""Make folium maps load every script and stylesheet from the app, so they draw offline.

streamlit-folium does not use the ``<script>``/``<link>`` tags of folium's HTML: ``st_folium``
walks the element tree and sends each element's ``default_js``/``default_css`` URLs to its
iframe, which loads the scripts one after another and gives up on the first failure. So every
element's lists must point at the copies that ``python -m dashboard.assets.vendor`` puts in
``dashboard/ui/static/vendor`` (served by Streamlit at ``/app/static/vendor``), and folium's extras
(jQuery, Bootstrap, awesome-markers, Font Awesome) are dropped: the map uses CircleMarkers and
GeoJSON layers, not icon markers. Tiles stay online-only; ``outline_layer`` draws the country
outlines from a vendored file underneath the markers so the map still means something without.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import folium
from branca.colormap import ColorMap
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template
from folium.utilities import get_obj_in_upper_tree

VENDOR_URL = "/app/static/vendor"
COUNTRIES_FILE = "countries.geojson"
LOCAL_JS = {  # folium's name for the link: path under the vendor folder
    "leaflet": "leaflet/leaflet.js",
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
}
LOCAL_CSS = {
    "leaflet_css": "leaflet/leaflet.css",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
}
UNUSED = frozenset(
    {
        "jquery",
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)
OUTLINE_PANE = "outlines"
OUTLINE_Z_INDEX = 350  # above the tiles (200), below vector markers (overlayPane, 400)
OUTLINE_STYLE = {
    "color": "#5d6d7e",
    "weight": 0.8,
    "opacity": 0.9,
    "fill": True,
    "fillColor": "#fbf8ef",
    "fillOpacity": 0.35,
}

E = TypeVar("E", bound=Element)
Links = list[tuple[str, str]]


def local_js(base_url: str = VENDOR_URL) -> Links:
    return [(name, f"{base_url}/{path}") for name, path in LOCAL_JS.items()]


def local_css(base_url: str = VENDOR_URL) -> Links:
    return [(name, f"{base_url}/{path}") for name, path in LOCAL_CSS.items()]


def asset_urls(base_url: str = VENDOR_URL) -> list[str]:
    """Every script and stylesheet a map may load, in loading order (scripts first)."""
    return [url for _, url in local_js(base_url) + local_css(base_url)]


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _localised(owner: Element, links: Links, local: dict[str, str], base_url: str) -> Links:
    kept: Links = []
    for name, url in links:
        if url.startswith(base_url):
            kept.append((name, url))
        elif name in local:
            kept.append((name, f"{base_url}/{local[name]}"))
        elif name not in UNUSED:
            raise ValueError(
                f"{type(owner).__name__} needs {url} ({name!r}), which is not vendored: add it "
                "to dashboard/assets/vendor.py and dashboard/assets/offline.py, or do without it"
            )
    return kept


def _with_defaults(links: Links, defaults: Links) -> Links:
    names = {name for name, _ in links}
    return links + [(name, url) for name, url in defaults if name not in names]


def use_local_assets(element: E, base_url: str = VENDOR_URL) -> E:
    """Point the scripts and styles of ``element`` and everything under it at the local copies.

    Call it on the finished map, and also on any FeatureGroup given to
    ``st_folium(feature_group_to_add=...)``: st_folium reads the lists of elements added later
    too. A Map gets Leaflet and markercluster (always: clusters may arrive in a feature group
    after the iframe has loaded its scripts). Raises ValueError for an element whose scripts
    have no local copy, and for branca colormaps (st_folium adds d3 from a CDN for those).
    """
    for item in _walk(element):
        if isinstance(item, ColorMap):
            raise ValueError("st_folium loads d3 from a CDN for a branca colormap: draw a legend")
        if not isinstance(item, JSCSSMixin):
            continue
        item.default_js = _localised(item, item.default_js, LOCAL_JS, base_url)
        item.default_css = _localised(item, item.default_css, LOCAL_CSS, base_url)
        if isinstance(item, folium.Map):
            item.default_js = _with_defaults(item.default_js, local_js(base_url))
            item.default_css = _with_defaults(item.default_css, local_css(base_url))
    root = element.get_root()
    if isinstance(root, Figure):
        for name in UNUSED:
            root.header._children.pop(name, None)
    return element


class OutlineLayer(Layer):
    """Country outlines fetched from a GeoJSON URL into their own pane under the markers.

    Not interactive (no clicks, no hover). Fetched rather than embedded, so the megabytes of
    outlines stay out of the script st_folium sends on every rerun; the browser caches them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(null, {{ this.options|tojson }});
        (function (map, layer, name) {
            var pane = map.getPane(name) || map.createPane(name);
            pane.style.zIndex = {{ this.z_index|tojson }};
            pane.style.pointerEvents = "none";
            fetch({{ this.url|tojson }})
                .then(function (response) {
                    if (!response.ok) { throw new Error(response.status + " " + response.url); }
                    return response.json();
                })
                .then(function (data) { layer.addData(data); })
                .catch(function (error) { console.warn("country outlines not loaded:", error); });
        })({{ this.parent_map.get_name() }}, {{ this.get_name() }}, {{ this.pane|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        url: str,
        name: str = "Country outlines",
        style: dict[str, object] | None = None,
        pane: str = OUTLINE_PANE,
        z_index: int = OUTLINE_Z_INDEX,
        show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "OutlineLayer"
        self.url = url
        self.pane = pane
        self.z_index = z_index
        self.options = {"pane": pane, "interactive": False, "style": style or OUTLINE_STYLE}
        self.parent_map: folium.Map | None = None

    def render(self, **kwargs: object) -> None:
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)
        super().render(**kwargs)


def outline_layer(base_url: str = VENDOR_URL, show: bool = True) -> OutlineLayer:
    """The vendored country outlines as a light, non-interactive layer below the markers."""
    return OutlineLayer(f"{base_url}/{COUNTRIES_FILE}", show=show)
