"""The map's offline assets: Leaflet and country outlines from npm, served from ui/static/."""
