"""Briefings: one document of a scope (the plan, a core value, one or several 자치구) as of a quarter.

``content.build(data, f, strategy=None, review=None)`` makes a format-independent model of the briefing from named
queries (a ``Reader`` or the web layer's cached reader) and ``Filters``; ``pdf``, ``hwpx`` and ``xlsx`` render it;
``charts`` draws its figures for print (matplotlib, offline, Korean fonts bundled). ``render.render(data, f, fmt, …)``
does both in one call. No Streamlit here: the CLI (``python -m maeul briefing``) and the pages use the same code.
"""

