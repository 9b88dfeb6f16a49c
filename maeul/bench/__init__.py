"""`python -m maeul.bench`: the benchmark (not part of the tests; see bench/README.md)."""
