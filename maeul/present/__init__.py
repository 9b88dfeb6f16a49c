"""Presentation without Streamlit: one formatter per kind of figure, chart and map builders, exports, and one pure
model per page (maeul.present.models)."""
