"""데이터 업로드 (staff): templates, upload with Korean error table, preview, explicit commit, history, rollback,
sample data. All checks and writes happen in maeul.upload (scope enforced there, not only here)."""

import logging

import streamlit as st

from maeul.auth import login as auth
from maeul.i18n import t
from maeul.ops import backup
from maeul.plan.db import DatabaseError
from maeul.present.filters import Filters
from maeul.present.models import upload as upload_model
from maeul.read import uploads as uploads_read
from maeul.read.reporting import current_quarter, today_kst
from maeul.upload import prefill, sample, store, templates
from maeul.upload.errors import IngestError
from maeul.upload.history import upload_periods
from maeul.upload.spec import MAX_UPLOAD_BYTES
from maeul.web import cache, sidebar, widgets


def templates_section(steps, lang: str) -> None:
    st.subheader(steps.title("templates"))
    st.caption(t("upload.templates_help", lang))
    for col, (title, files) in zip(st.columns(3), upload_model.template_files(lang)):
        with col:
            st.markdown(f"**{title}**")
            for tf in files:
                data = cache.memo("upload.template",
                                  lambda tf=tf: templates.template_bytes(cache.get_con(), tf.kind, tf.fmt),
                                  tf.kind, tf.fmt)
                st.download_button(tf.label, data, file_name=tf.file_name, mime=tf.mime,
                                   key=f"tpl_{tf.kind}_{tf.fmt}", on_click="ignore")


def due_section(user, f: Filters) -> None:
    """What is due for the user's districts (the quarter being reported today, or another one) with the pre-filled
    template of that quarter, and their behind figures still without an explanation."""
    lang = f.lang
    today = today_kst()
    districts = cache.memo("upload.due_scope", lambda: upload_model.due_scope(user.scope, cache.DATA),
                           user.name, tuple(sorted(map(str, user.scope))) if user.scope is not None else None)
    options = cache.memo("upload.due_quarters", lambda: upload_model.due_quarters(today), today)
    q = st.selectbox(t("upload.due_quarter", lang), options, index=options.index(current_quarter(today)),
                     key="up_due_q", help=t("upload.due_quarter_help", lang))
    m = cache.memo("upload.due", lambda: upload_model.due(cache.DATA, f, q, today, districts), *f.key, q, today,
                   districts)
    st.subheader(m["title"])
    widgets.table(m["table"], hide_index=True, column_config={
        "district": t("col.district", lang), "state": widgets.label_column(t("reporting.col.state", lang), m["labels"]),
        "first_upload": t("reporting.col.first_upload", lang), "rows": t("reporting.col.rows", lang),
        "approved": t("reporting.col.approved", lang)})
    st.caption(t("upload.prefill_help", lang))
    c1, c2 = st.columns(2)
    for col, fmt_ in ((c1, "csv"), (c2, "xlsx")):
        data = cache.memo("upload.prefill", lambda fmt_=fmt_: prefill.prefilled_bytes(cache.get_con(), q, districts,
                                                                                        fmt_), q, districts, fmt_)
        col.download_button(t(f"upload.prefill_{fmt_}", lang, quarter=q), data,
                            file_name=prefill.prefilled_filename(q, fmt_), key=f"prefill_{fmt_}", on_click="ignore")
    if not m["unexplained"].empty:
        st.warning(t("upload.due_unexplained", lang, n=len(m["unexplained"]), quarter=q))
        widgets.table(m["unexplained"], hide_index=True, height=min(38 + 35 * len(m["unexplained"]), 280),
                      column_config={
                          "district": t("col.district", lang), "code": t("col.code", lang),
                          "indicator": t("overview.col.indicator", lang),
                          "rate": st.column_config.ProgressColumn(t("col.rate", lang), min_value=0, max_value=100,
                                                                  format="%.0f%%"),
                          "owner": t("reporting.col.owner", lang)})


def errors_section(errors, lang: str, full_key: str) -> None:
    """An error (or warning) table, and every message in full below it (a table cell cuts long ones off)."""
    widgets.table(upload_model.error_table(errors, lang), hide_index=True, width="stretch",
                  column_config={t("upload.err.message", lang): st.column_config.TextColumn(width="large")})
    with st.expander(t(full_key, lang, n=len(errors)), expanded=len(errors) <= 3):
        st.markdown(upload_model.error_lines(errors, lang))


def upload_section(user, f: Filters, steps) -> None:
    lang = f.lang
    con = cache.get_con()
    st.subheader(steps.title("file"))
    st.caption(t("upload.scope", lang, scope=upload_model.scope_text(user.scope, cache.DATA, lang)))
    file = widgets.file_uploader(t("upload.choose", lang), key="upload_file", types=["csv", "xlsx"], lang=lang,
                                 max_mb=MAX_UPLOAD_BYTES // 2**20)
    if file is None:
        return
    data = file.getvalue()
    with st.spinner(t("upload.reading", lang)):
        validated = upload_model.pending(con, data, file.name, user.scope)
    st.caption(upload_model.read_info(validated.read, lang))
    if validated.errors and st.session_state.get("_refusal_recorded") != validated.read.sha256:
        if store.record_refusal(con, user.name, file.name, validated.errors):  # once per file: refused for scope
            cache.clear_caches()
        st.session_state["_refusal_recorded"] = validated.read.sha256
    if validated.errors:
        st.error(t("upload.errors", lang, n=len(validated.errors)))
        errors_section(validated.errors, lang, "upload.errors_full")
        widgets.download(upload_model.error_rows(validated.errors, lang), "upload_errors.csv", f, key="dl_errors")
        return
    preview_section(validated, f, steps)
    confirmed = True
    if validated.warnings:  # implausible values: stored only once the user confirms them
        st.warning(t("upload.warnings", lang, n=len(validated.warnings)))
        errors_section(validated.warnings, lang, "upload.warnings_full")
        confirmed = st.checkbox(t("upload.confirm_implausible", lang), key="confirm_implausible")
    if st.button(t("upload.commit", lang), type="primary", key="commit", disabled=not confirmed):
        with st.spinner(t("upload.committing", lang)):
            res = store.commit(con, data, file.name, user.name, scope=user.scope, confirm=confirmed)
        if res.duplicate:
            st.info(t("upload.duplicate", lang, id=res.upload_id))
        elif res.errors:
            st.error(t("upload.errors", lang, n=len(res.errors)))
            errors_section(res.errors, lang, "upload.errors_full")
        else:
            cache.clear_caches()
            st.success(t("upload.committed", lang, id=res.upload_id, rows=res.rows,
                         new=res.counts.get("new", 0), sup=res.counts.get("superseding", 0),
                         same=res.counts.get("unchanged", 0)))


def preview_section(validated, f: Filters, steps) -> None:
    """What a commit would change: row counts, the rows, and the progress of the indicators it touches in the
    districts the file is for."""
    lang = f.lang
    con = cache.get_con()
    st.subheader(steps.title("preview"))
    pv = upload_model.preview(con, validated)
    for col, (label, value) in zip(st.columns(3), upload_model.change_metrics(pv.counts, lang)):
        col.metric(label, value)
    widgets.table(upload_model.preview_table(pv.rows, cache.DATA, lang), hide_index=True, width="stretch",
                  height=260)
    effect = upload_model.progress_effect(con, validated, cache.DATA, f.basis, lang)
    if not effect["table"].empty:
        st.markdown(effect["caption"])
        widgets.table(effect["table"], hide_index=True, width="stretch")
        st.caption(t("upload.effect_note", lang))


_CONFIRM = "_rollback_confirm"  # the upload a user asked to roll back, waiting for confirmation
_RESULT = "_rollback_result"    # (kind, markdown) of the last rollback, shown once at the top of the history


def _rollback_ask(upload_id: int) -> None:
    st.session_state[_CONFIRM] = upload_id


def _rollback_cancel() -> None:
    st.session_state.pop(_CONFIRM, None)


def _rollback_confirmed(user, upload_id: int, lang: str) -> None:
    """on_click of the confirmation: runs before the page is drawn again, so the history table, the sidebar and
    every page of this run already show the rollback (the caches the upload path clears are cleared)."""
    st.session_state.pop(_CONFIRM, None)
    try:
        store.rollback(cache.get_con(), upload_id, user.name, scope=user.scope, own_only=not user.is_admin)
    except IngestError as e:
        st.session_state[_RESULT] = ("error", upload_model.refusal_md(e, lang))
    except DatabaseError as e:
        st.session_state[_RESULT] = ("error", e.message(lang))
    except Exception as e:  # noqa: BLE001 - a callback runs outside the page guard: a message, never a traceback
        logging.getLogger("maeul").exception("rollback")
        st.session_state[_RESULT] = ("error", t("error.generic", lang, detail=type(e).__name__))
    else:
        cache.clear_caches()
        st.session_state[_RESULT] = ("success", t("upload.rollback_done", lang, id=upload_id))


def rollback_confirmation(user, upload_id: int, uploads, lang: str) -> None:
    """The confirmation step: what will be undone (number, file name as text, kind, rows, districts, periods)
    and the buttons that do it or cancel. Nothing is written before 되돌리기 확인."""
    row = uploads[uploads["upload_id"] == upload_id].iloc[0].to_dict()
    periods = upload_periods(cache.get_con(), upload_id)  # one small query, only while asking
    with st.container(border=True, key="rollback_box"):
        st.warning(upload_model.rollback_summary(row, periods, cache.DATA, lang))
        with st.container(horizontal=True):
            st.button(t("upload.rollback_confirm", lang), type="primary", key="rollback_confirm",
                      on_click=_rollback_confirmed, args=(user, upload_id, lang))
            st.button(t("upload.rollback_cancel", lang), key="rollback_cancel", on_click=_rollback_cancel)


def history_section(user, f: Filters, steps) -> None:
    lang = f.lang
    con = cache.get_con()
    st.subheader(steps.title("history"))
    result = st.session_state.pop(_RESULT, None)
    if result is not None:
        (st.success if result[0] == "success" else st.error)(result[1])
    uploads, table = cache.memo("upload.history", lambda: upload_model.history(cache.DATA, lang), lang)
    if uploads.empty:
        st.caption(t("upload.history_empty", lang))
        return
    widgets.table(table, hide_index=True, width="stretch", height=240)
    widgets.download(uploads, "uploads.csv", f, key="dl_uploads")
    if user is None:
        return
    choices = upload_model.rollback_choices(uploads, user)
    if not choices:
        st.caption(t("upload.rollback_none", lang))
        return
    pick = st.selectbox(t("upload.rollback_pick", lang), list(choices), key="rollback_id",
                        format_func=lambda i: choices[i].label)
    upload_id = int(pick)
    if st.session_state.get(_CONFIRM) not in (None, upload_id):  # another upload chosen: ask again
        st.session_state.pop(_CONFIRM)
    with st.container(horizontal=True):
        st.button(t("upload.rollback_ask", lang), key="rollback", on_click=_rollback_ask, args=(upload_id,),
                  disabled=st.session_state.get(_CONFIRM) == upload_id)
        st.download_button(t("upload.raw", lang), lambda: uploads_read.raw_bytes(con, upload_id) or b"",
                           file_name=choices[upload_id].file_name, key="dl_raw", on_click="ignore")  # read on click
    if st.session_state.get(_CONFIRM) == upload_id:
        rollback_confirmation(user, upload_id, uploads, lang)


def sample_section(user, f: Filters) -> None:
    lang = f.lang
    con = cache.get_con()
    has_actuals, has_sample = cache.presence()
    if has_actuals and not has_sample:
        return
    st.subheader(t("upload.sample", lang))
    if not has_actuals:
        st.info(t("upload.sample_offer", lang))
        if user is None or not user.is_admin:
            st.caption(t("upload.sample_admin", lang))
        elif st.button(t("upload.sample_load", lang), key="sample_load"):
            with st.spinner(t("upload.committing", lang)):
                results = sample.load_sample(con, seed=7, user=user.name, scope=user.scope)
            cache.clear_caches()
            st.success(t("upload.sample_loaded", lang, n=len(results)))
            st.rerun()
    elif has_sample:
        if user is not None and user.is_admin:
            if st.button(t("upload.sample_remove", lang), key="sample_remove"):
                n = store.remove_sample(con, user.name, scope=user.scope)
                cache.clear_caches()
                st.success(t("upload.sample_removed", lang, n=n))
                st.rerun()
        else:
            st.caption(t("upload.sample_admin", lang))


def backup_section(user, lang: str, steps) -> None:
    """Admins: a consistent copy of the database while the app keeps running (the CLI needs the app stopped)."""
    if user is None or not user.is_admin:
        return
    st.subheader(steps.title("backup"))
    st.caption(t("upload.backup_help", lang))
    if st.button(t("upload.backup_make", lang), key="backup"):
        with st.spinner(t("upload.committing", lang)):
            path = backup.backup(cache.get_con())
        st.success(t("upload.backup_done", lang, path=str(path)))


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    lang = f.lang
    st.title(t("upload.title", lang))
    widgets.banners(f)
    st.caption(t("upload.intro", lang))
    user = auth.login_box(lang)
    steps = upload_model.Steps(lang)  # step headings numbered 1, 2, 3 … in the order drawn, whatever is shown
    if user is not None and user.can_upload:
        due_section(user, f)
    templates_section(steps, lang)
    if user is not None and user.can_upload:
        upload_section(user, f, steps)
    elif not auth.users_configured():
        st.warning(t("upload.no_users", lang))
    else:
        st.info(t("upload.login_needed", lang))
    sample_section(user, f)
    history_section(user, f, steps)
    backup_section(user, lang, steps)
    st.caption(t("upload.caption", lang))


render()
