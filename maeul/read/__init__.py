"""Reads: named queries, progress against the plan's targets and its rules, and the registry of named queries."""
