"""Briefings: one document of a scope (the plan, a core value, one or several 자치구) as of a quarter.

``content.build(data, f, strategy=None, review=None)`` makes a format-independent model of the briefing from named
queries (a ``Reader`` or the web layer's cached reader) and ``Filters``; ``pdf``, ``hwpx`` and ``xlsx`` render it;
``charts`` draws its figures for print (matplotlib, offline, Korean fonts bundled). ``render(data, f, fmt, …)``
does both in one call. No Streamlit here: the CLI (``python -m maeul briefing``) and the pages use the same code.
"""

from __future__ import annotations

FORMATS = ("pdf", "hwpx", "xlsx")
MIME = {"pdf": "application/pdf", "hwpx": "application/hwp+zip",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def render(data, f, fmt: str, strategy: str | None = None, review=None, made=None) -> bytes:
    """The briefing of ``f``'s scope (narrowed to one core value by ``strategy``) as PDF, HWPX or XLSX bytes."""
    from maeul.briefing import content

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    b = content.build(data, f, strategy=strategy, review=review, made=made)
    if fmt == "xlsx":
        from maeul.briefing import xlsx
        return xlsx.render(b)
    if fmt == "hwpx":
        from maeul.briefing import hwpx
        return hwpx.render(b)
    from maeul.briefing import pdf
    return pdf.render(b)
