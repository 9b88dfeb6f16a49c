"""One call from a scope to a document: ``render(data, f, fmt)`` builds the briefing (content.py) and renders it
as PDF, HWPX or XLSX."""

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


def buttons(data, f, strategy: str | None = None) -> list[dict]:
    """The briefing downloads of the pages: one dict per format with its label, help, file name
    ('maeul_강남구_2021Q4_브리핑.pdf'; with a core value 'maeul_2.주민자치_2021Q4_브리핑.pdf'), MIME type and format;
    the page builds the document with ``render`` on click."""
    from maeul.briefing.content import _strategy_row, scope_text
    from maeul.i18n import t
    from maeul.present.export import export_name

    scope = scope_text(data, f, _strategy_row(data, strategy))
    what = t("brief.file_what", f.lang)
    key = "brief.button.value" if strategy else "brief.button"
    return [{"fmt": fmt, "label": t(f"{key}.{fmt}", f.lang), "help": t("brief.button.help", f.lang),
             "file_name": export_name(scope, f.as_of, what, fmt), "mime": MIME[fmt]} for fmt in FORMATS]
