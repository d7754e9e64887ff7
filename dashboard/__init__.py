"""Dashboard: the build, the index (store), the Streamlit app (ui), map assets and the CLI."""
