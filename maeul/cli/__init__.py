"""`python -m maeul …`: the command line, a thin layer over the library (maeul.cli.main builds the parser)."""
