"""A one-map page for the offline browser test, built like the dashboard's map.

The base map holds two CircleMarkers and the country outlines; a MarkerCluster arrives through
``feature_group_to_add``, as the dashboard's markers do.
"""

import folium
import streamlit as st
from folium.plugins import MarkerCluster
from streamlit_folium import st_folium

from dashboard.assets.offline import outline_layer, use_local_assets

st.set_page_config(page_title="Offline map")

m = folium.Map(location=[22.0, -10.0], zoom_start=4)
outline_layer().add_to(m)
folium.CircleMarker([34.02, -6.84], radius=9, color="#c0392b", fill=True, tooltip="Rabat").add_to(m)
folium.CircleMarker(
    [18.08, -15.98], radius=9, color="#2471a3", fill=True, tooltip="Nouakchott"
).add_to(m)

group = folium.FeatureGroup(name="Clustered")
cluster = MarkerCluster().add_to(group)
for lat, lon in [(27.15, -13.2), (27.2, -13.1), (27.1, -13.25)]:
    folium.CircleMarker([lat, lon], radius=6, color="#16a085", fill=True).add_to(cluster)

st_folium(
    use_local_assets(m),
    feature_group_to_add=use_local_assets(group),
    height=520,
    width=700,
    returned_objects=[],
    key="offline_map",
)
