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


def buttons(data, f) -> list[dict]:
    """The briefing downloads of the pages (sidebar): one dict per format with its label, help, file name
    ('maeul_강남구_2021Q4_브리핑.pdf'), MIME type and format; the page builds the document with ``render`` on click."""
    from maeul.i18n import t
    from maeul.present.export import export_name
    from maeul.present.models.common import scope_text

    scope = scope_text(data, f)
    what = t("brief.file_what", f.lang)
    return [{"fmt": fmt, "label": t(f"brief.button.{fmt}", f.lang), "help": t("brief.button.help", f.lang),
             "file_name": export_name(scope, f.as_of, what, fmt), "mime": MIME[fmt]} for fmt in FORMATS]
