"""The upload path: read a staff file, validate it against the plan, preview, commit, roll back; templates and
sample data (which go through the same path)."""
