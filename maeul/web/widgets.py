"""Drawing helpers every page uses: the page guard (errors become a message, never a traceback), banners, tables
drawn from memo's Arrow tables, coloured status columns, downloads, and widgets that survive a language switch."""

from __future__ import annotations

import functools
import logging

import pandas as pd
import streamlit as st

from maeul.i18n import DEFAULT_LANG, LANGS, t
from maeul.plan.db import DatabaseError
from maeul.present import export
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.web import cache, compat


def entry_guard() -> None:
    """Make every page run inside app.py (navigation, sidebar, layout), even for a deep link right after a restart:
    in Streamlit's old pages/ mode, switch the process to st.navigation and rerun, which runs app.py, whose
    navigation resolves the same page (same url_path → same page hash)."""
    if compat.leave_pages_directory_mode():
        # Once per session: AppTest resets the flag before every run, and a rerun there would drop a click.
        if not st.session_state.get("_entry_rerun_done"):
            st.session_state["_entry_rerun_done"] = True
            st.rerun()


def guarded(render):
    """Run a page body inside app.py (entry_guard); a user-caused or unexpected error becomes a clear message,
    never a traceback."""
    @functools.wraps(render)
    def run(*a, **kw):
        entry_guard()
        if not st.session_state.pop("_version_read_by_sidebar", False):  # a page run without app.py's sidebar
            cache.refresh_data_version()
        try:
            return render(*a, **kw)
        except compat.ScriptControlException:  # st.rerun / st.stop / st.switch_page must pass through
            raise
        except DatabaseError as e:  # busy (a command holds the file), damaged, wrong path: say which
            st.error(e.message(_lang()))
        except Exception as e:  # noqa: BLE001 - last line of defence for users
            st.error(t("error.generic", _lang(), detail=type(e).__name__))
            logging.getLogger("maeul").exception("page error")
    return run


def _lang() -> str:
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def banners(f: Filters) -> None:
    """The 예시 데이터 banner on every page while sample rows are present; a note when nothing is uploaded; and what
    the page shows of provisional (not yet approved) figures."""
    actuals, sample = cache.presence()
    if sample:
        st.warning(t("banner.sample", f.lang), icon="⚠️")
    elif not actuals:
        st.info(t("banner.no_data", f.lang))
    if f.verified_only:
        st.info(t("review.banner_verified_only", f.lang))
        return
    total, provisional = cache.memo("review_counts", lambda: cache.cached("review_counts"))
    if provisional:
        st.caption(t("review.banner_provisional", f.lang, total=fmt.number(total), provisional=fmt.number(provisional)))


def page_header(m: dict) -> None:
    """A page's title, subtitle, scope line and (for district scopes) its note, from the page model's header()."""
    st.title(m["title"])
    st.caption(m["subtitle"])
    st.markdown(m["scope"])
    if m.get("note"):
        st.info(m["note"])


def table(df, **kwargs):
    """st.dataframe, with a frame that came out of memo sent as the Arrow table built with it (Streamlit converts a
    DataFrame to Arrow on every rerun otherwise, ~1 ms a table). Same arguments, same result, but a missing cell
    reads '–' (fmt.DASH) unless the caller says otherwise — Streamlit would draw 'None'."""
    kwargs.setdefault("placeholder", fmt.DASH)
    arrow = cache.arrow_of(df)
    return st.dataframe(df if arrow is None else arrow, **kwargs)


def metrics(items, *, key: str) -> None:
    """Metrics side by side in one row that wraps: (label, value) or (label, value, help) each. Fixed st.columns
    squeeze four or six metrics into ~100 px each at 800 px, breaking labels mid-word ("inconsistenci/es"); here
    they share the row but keep a minimum width (theme.METRIC_CSS, for containers keyed "metrics_…") and the rest
    moves to the next line."""
    with st.container(horizontal=True, wrap=True, gap="medium", key=f"metrics_{key}"):
        for label, value, *help_ in items:
            st.metric(label, value, help=help_[0] if help_ else None, width="stretch")


def status_column(label: str, lang: str, **kw):
    """Column config for a status column prepared by charts.status_pills: the status as a label in its colour, as
    wide as the language's longest status label (fmt.status_width; the grid would size it by the stored Korean
    key and cut 'On track' to 'On tr')."""
    from maeul.present.charts import STATUS_TINTS
    from maeul.read.rules import STATUSES

    kw.setdefault("width", fmt.status_width(lang))
    return st.column_config.MultiselectColumn(label, options=list(STATUSES),
                                              color=[STATUS_TINTS[s] for s in STATUSES],
                                              format_func=lambda s: t(f"status.{s}", lang), **kw)


def label_column(label: str, labels: dict, **kw):
    """Column config for a column of one-item (or few-item) lists of keys, drawn as tinted labels: ``labels`` =
    {"options": key → text, "colors": key → tint} (e.g. maeul.present.models.reporting.labels)."""
    keys = list(labels["options"])
    return st.column_config.MultiselectColumn(label, options=keys, color=[labels["colors"][k] for k in keys],
                                              format_func=lambda k: labels["options"].get(k, k), **kw)


def download(df: pd.DataFrame, file_name: str, f: Filters, key: str) -> None:
    """CSV and XLSX downloads of a page's frame, built on click rather than on every rerun, through the one export
    vocabulary (maeul.present.export.page_frame): Korean headers (English in English mode) with units, numbers as
    numbers rounded as shown, rates as whole percents, statuses as words, formulas neutralised, CSV with BOM for
    Korean Excel. ``file_name`` is the page's short name ('overview_plan_2021Q4.csv'); users get
    'maeul_강남구_2021Q4_개요-전체진도.csv'. ``df`` is read when clicked: pass a frame nobody changes afterwards."""
    from maeul.web import sidebar

    scope, names, lang = sidebar.scope_text(f), sidebar.district_names(f.lang), f.lang

    def frame() -> pd.DataFrame:
        return export.page_frame(df, lang, names)

    def xlsx() -> bytes:
        lines = (f"{t('exp.scope', lang)}: {scope} · {t('exp.as_of', lang)}: {f.as_of}",)
        return export.frame_xlsx_bytes(frame(), lines=lines, cols=export.auto_cols(df, lang, names))

    with st.container(horizontal=True):
        st.download_button(t("download.csv", lang), lambda: export.csv_bytes(frame()), mime="text/csv",
                           file_name=export.page_file_name(file_name, f.as_of, scope, lang, "csv"),
                           key=key, on_click="ignore")
        st.download_button(t("download.xlsx", lang), xlsx, key=f"{key}_xlsx", on_click="ignore",
                           file_name=export.page_file_name(file_name, f.as_of, scope, lang, "xlsx"),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def sticky(widget, key: str, default, *args, **kwargs):
    """A page widget whose value survives a language switch and a visit to another page.

    The value lives in st.session_state[key] (a plain key Streamlit never drops); the widget itself is keyed per
    language (its labels change with the language, which otherwise loses or garbles the choice) and is seeded from
    that value, writing it back on change.
    """
    lang = st.session_state.get("lang", DEFAULT_LANG)
    wkey = f"{key}@{lang}"
    if key not in st.session_state:
        st.session_state[key] = default
    if st.session_state.get(wkey) != st.session_state[key]:
        st.session_state[wkey] = st.session_state[key]

    def _save():
        st.session_state[key] = st.session_state[wkey]

    return widget(*args, key=wkey, on_change=_save, **kwargs)


def _css_text(text: str) -> str:
    """A text as a CSS string literal (for `content:`): quotes, backslashes, line breaks and '<' escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ") + '"'


def uploader_css(key: str, lang: str, types: list[str], max_mb: int) -> str:
    """A style sheet, scoped to the file uploader with ``key``, that replaces the texts Streamlit's uploader draws
    in English (the 'Upload' button, '20MB per file • CSV, XLSX', 'Drag and drop a file here') with the page
    language's — drawn by CSS (`content:`), offline, the uploader itself untouched. The button keeps its own
    accessible name as Streamlit gives it."""
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    limit = t("upload.dropzone.limit", lang, mb=max_mb, types=", ".join(x.upper() for x in types))
    size = "font-size: var(--maeul-uploader-size, 0.875rem); line-height: 1.4;"
    return (
        "<style>"
        f"{scope} button [data-testid='stMarkdownContainer'] p {{ font-size: 0; line-height: 0; }}"
        f"{scope} button [data-testid='stMarkdownContainer'] p::after {{ content: "
        f"{_css_text(t('upload.dropzone.button', lang))}; {size} }}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span {{ font-size: 0; line-height: 0; }}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after {{ content: {_css_text(limit)}; "
        f"{size} }}"
        # while a file is dragged over the zone, Streamlit overlays 'Drag and drop a file here'
        f"{scope} > div:not([data-testid]) > span {{ font-size: 0; line-height: 0; }}"
        f"{scope} > div:not([data-testid]) > span::after {{ content: {_css_text(t('upload.dropzone.drop', lang))}; "
        f"{size} }}"
        "</style>"
    )


def file_uploader(label: str, *, key: str, types: list[str], lang: str, max_mb: int, **kwargs):
    """st.file_uploader whose own texts (button, size limit, drop hint) read in the page's language
    (uploader_css): Streamlit 1.67 draws them in English and offers no option to change them."""
    st.html(uploader_css(key, lang, types, max_mb))
    return st.file_uploader(label, type=types, key=key, **kwargs)
