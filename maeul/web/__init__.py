"""The Streamlit glue: cached data (cache), the sidebar and its URL state (sidebar), drawing helpers (widgets), and
every use of Streamlit's internals in one place (compat). Pages import from here and from maeul.present.models."""
