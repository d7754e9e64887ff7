"""The selected place's highlight, drawn in the map's iframe from the page's URL.

Why not in the markers: streamlit-folium compares the whole ``feature_group_to_add`` script
with the one it drew last and, when they differ, removes every marker layer and evaluates the
new script (its ``finalizeOnRender``). A highlight baked into the markers' style made every click
a new script, so every click redrew all the markers, and the app reran twice (once for the
click, once more to draw the highlight). With the markers independent of the selection, a rerun
that does not change the filters sends the same script and the map is left alone.

The selection is in the page's URL anyway (``?place=…``, written at the end of every run), and
the component's iframe is served by the same Streamlit server, so the layer below reads
``window.parent.location.search`` on a short timer and restyles the one feature whose id matches.
It only compares strings with the ids the markers carry; nothing read from the URL is inserted
into the page. When the parent is not readable (another origin) it leaves the map as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from folium.elements import MacroElement
from folium.template import Template

SYNC_INTERVAL_MS = 150  # a string comparison per tick: cheap, and quicker than the eye


class SelectionHighlight(MacroElement):
    """Restyles the feature of ``layers`` whose ``properties.id`` is the URL's ``param``.

    ``style`` is merged over the feature's own ``properties.style``; a hover's ``resetStyle``
    (folium's ``highlight_function``) is followed by the highlight again.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (layers, param, chosen, interval) {
            if (window.__placeHighlight) { clearInterval(window.__placeHighlight); }
            var current = null;
            function styleOf(layer) {
                var p = layer.feature && layer.feature.properties;
                if (!p || !p.style) { return null; }
                return p.id === current ? Object.assign({}, p.style, chosen) : p.style;
            }
            function paint() {
                layers.forEach(function (group) {
                    group.eachLayer(function (layer) {
                        var style = styleOf(layer);
                        if (!style) { return; }
                        // Restyled in place, never brought to front: a country's ring on top
                        // would take the clicks meant for the towns inside it.
                        layer.setStyle(style);
                    });
                });
            }
            layers.forEach(function (group) {
                group.on("mouseout", function (e) {
                    var style = e.layer && styleOf(e.layer);
                    if (style) { e.layer.setStyle(style); }
                });
            });
            function sync() {
                var id;
                try {
                    id = new URLSearchParams(window.parent.location.search).get(param);
                } catch (error) {
                    return;  // a parent of another origin: nothing to follow
                }
                if (id === current) { return; }
                current = id;
                paint();
            }
            sync();
            window.__placeHighlight = setInterval(sync, interval);
        })([{{ this.layer_names() }}],
           {{ this.param|tojson }}, {{ this.style|tojson }}, {{ this.interval_ms|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layers: Sequence[MacroElement],
        style: dict[str, object],
        param: str = "place",
        interval_ms: int = SYNC_INTERVAL_MS,
    ) -> None:
        super().__init__()
        self._name = "SelectionHighlight"
        self.layers = list(layers)
        self.style = dict(style)
        self.param = param
        self.interval_ms = interval_ms

    def layer_names(self) -> str:
        """The layers' JavaScript variables (read at render time: st_folium renames them)."""
        return ", ".join(layer.get_name() for layer in self.layers)
