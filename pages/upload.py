"""데이터 업로드 (staff): templates, upload with Korean error table, preview, explicit commit, history, rollback,
sample data. All checks and writes happen in maeul.upload (scope enforced there, not only here)."""

import streamlit as st

from maeul.auth import login as auth
from maeul.i18n import t
from maeul.ops import backup
from maeul.present.filters import Filters
from maeul.present.models import upload as upload_model
from maeul.read import uploads as uploads_read
from maeul.read.reporting import current_quarter, today_kst
from maeul.upload import prefill, sample, store, templates
from maeul.upload.errors import IngestError
from maeul.web import cache, sidebar, widgets


def templates_section(lang: str) -> None:
    st.subheader(t("upload.templates", lang))
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


def upload_section(user, f: Filters) -> None:
    lang = f.lang
    con = cache.get_con()
    st.subheader(t("upload.file", lang))
    st.caption(t("upload.scope", lang, scope=upload_model.scope_text(user.scope, cache.DATA, lang)))
    file = st.file_uploader(t("upload.choose", lang), type=["csv", "xlsx"], key="upload_file")
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
        widgets.table(upload_model.error_table(validated.errors, lang), hide_index=True, width="stretch")
        widgets.download(upload_model.error_rows(validated.errors, lang), "upload_errors.csv", f, key="dl_errors")
        return
    preview_section(validated, f)
    confirmed = True
    if validated.warnings:  # implausible values: stored only once the user confirms them
        st.warning(t("upload.warnings", lang, n=len(validated.warnings)))
        widgets.table(upload_model.error_table(validated.warnings, lang), hide_index=True, width="stretch")
        confirmed = st.checkbox(t("upload.confirm_implausible", lang), key="confirm_implausible")
    if st.button(t("upload.commit", lang), type="primary", key="commit", disabled=not confirmed):
        with st.spinner(t("upload.committing", lang)):
            res = store.commit(con, data, file.name, user.name, scope=user.scope, confirm=confirmed)
        if res.duplicate:
            st.info(t("upload.duplicate", lang, id=res.upload_id))
        elif res.errors:
            st.error(t("upload.errors", lang, n=len(res.errors)))
            widgets.table(upload_model.error_table(res.errors, lang), hide_index=True, width="stretch")
        else:
            cache.clear_caches()
            st.success(t("upload.committed", lang, id=res.upload_id, rows=res.rows,
                         new=res.counts.get("new", 0), sup=res.counts.get("superseding", 0),
                         same=res.counts.get("unchanged", 0)))


def preview_section(validated, f: Filters) -> None:
    """What a commit would change: row counts, the rows, and the progress of the indicators it touches."""
    lang = f.lang
    con = cache.get_con()
    st.subheader(t("upload.preview", lang))
    pv = upload_model.preview(con, validated)
    for col, (label, value) in zip(st.columns(3), upload_model.change_metrics(pv.counts, lang)):
        col.metric(label, value)
    widgets.table(upload_model.preview_table(pv.rows, cache.DATA, lang), hide_index=True, width="stretch",
                  height=260)
    effect = upload_model.progress_effect_table(con, validated, f.as_of, lang)
    if not effect.empty:
        st.markdown(t("upload.effect", lang, as_of=f.as_of))
        widgets.table(effect, hide_index=True, width="stretch")


def history_section(user, f: Filters) -> None:
    lang = f.lang
    con = cache.get_con()
    st.subheader(t("upload.history", lang))
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
    c1, c2 = st.columns(2)
    if c1.button(t("upload.rollback", lang), key="rollback"):
        try:
            store.rollback(con, int(pick), user.name, scope=user.scope, own_only=not user.is_admin)
        except IngestError as e:
            st.error(upload_model.refusal_md(e, lang))
        else:
            cache.clear_caches()
            st.success(t("upload.rollback_done", lang, id=pick))
    upload_id = int(pick)
    c2.download_button(t("upload.raw", lang), lambda: uploads_read.raw_bytes(con, upload_id) or b"",
                       file_name=choices[upload_id].file_name, key="dl_raw", on_click="ignore")  # read when clicked


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


def backup_section(user, lang: str) -> None:
    """Admins: a consistent copy of the database while the app keeps running (the CLI needs the app stopped)."""
    if user is None or not user.is_admin:
        return
    st.subheader(t("upload.backup", lang))
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
    if user is not None and user.can_upload:
        due_section(user, f)
    templates_section(lang)
    if user is not None and user.can_upload:
        upload_section(user, f)
    elif not auth.users_configured():
        st.warning(t("upload.no_users", lang))
    else:
        st.info(t("upload.login_needed", lang))
    sample_section(user, f)
    history_section(user, f)
    backup_section(user, lang)
    st.caption(t("upload.caption", lang))


render()
