"""Dashboard: the SQLite index, the CLI and the Streamlit app."""
