"""The plan model: the DuckDB schema, the build from data/, opening the database, and the one write path."""
