"""The Streamlit app: map, panel, sidebar, timeline and the Add articles page."""
