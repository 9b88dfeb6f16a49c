"""One pure model per page: functions of (data, filters, widget values) that return plain data, display tables,
texts and figures — never calling Streamlit, never reading session state — so each is unit-tested without
Streamlit (tests/test_models_<page>.py). ``data`` is a reader of named queries (maeul.read.registry.Reader in tests
and the CLI, maeul.web.cache.DATA on the server); pages memoise what a model returns (maeul.web.cache.memo)."""
