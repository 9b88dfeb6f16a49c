"""데이터 업로드 (staff): templates, upload with Korean error table, preview, explicit commit, history, rollback,
sample data. All checks and writes happen in maeul.upload (scope enforced there, not only here)."""

import pandas as pd
import streamlit as st

from maeul.auth import login as auth
from maeul.i18n import TEXT, t
from maeul.ops import backup
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.read import uploads as uploads_read
from maeul.upload import effect as upload_effect
from maeul.upload import sample, templates
from maeul.upload.errors import IngestError, error_frame
from maeul.upload.reader import read_upload
from maeul.upload.spec import KINDS
from maeul.upload.store import commit, preview, remove_sample, rollback
from maeul.upload.validate import validate
from maeul.web import cache, sidebar, widgets


def templates_section(lang: str) -> None:
    st.subheader(t("upload.templates", lang))
    st.caption(t("upload.templates_help", lang))
    cols = st.columns(3)
    for col, kind in zip(cols, KINDS):
        with col:
            st.markdown(f"**{t(f'upload.kind.{kind}', lang)}**")
            for fmt, mime in (("csv", "text/csv"),
                              ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
                data = cache.memo("upload.template", lambda kind=kind, fmt=fmt: templates.template_bytes(cache.get_con(), kind, fmt),
                               kind, fmt)
                st.download_button(t(f"upload.{fmt}", lang), data,
                                   file_name=templates.template_filename(kind, fmt), mime=mime,
                                   key=f"tpl_{kind}_{fmt}", on_click="ignore")


def error_table(errs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The error list with labelled columns (row = the row number Excel shows, header = row 1)."""
    return errs.rename(columns={c: t(f"upload.err.{c}", lang) for c in errs.columns})


def preview_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Preview rows for reading: the change in words first, district names, Korean/English column labels."""
    from maeul.upload.messages import CHANGE_LABELS

    view = rows.drop(columns=[c for c in rows.columns if c.endswith("upload_id")]).copy()
    names = sidebar.district_names(lang)
    for col in ("district_code", "old_district_code"):
        if col in view.columns:
            view[col] = view[col].map(lambda c: names.get(c, c) if isinstance(c, str) else t("sidebar.all", lang))
    view["change"] = view["change"].map(lambda c: CHANGE_LABELS.get(c, (c, c))[1 if lang == "en" else 0])
    view = view[["change"] + [c for c in view.columns if c != "change"]]

    def label(col: str) -> str:
        base = col[4:] if col.startswith("old_") else col
        key = f"upload.field.{base}"
        text = t(key, lang) if key in TEXT else base
        return t("upload.field.old", lang, field=text) if col.startswith("old_") else text

    return view.rename(columns={c: label(c) for c in view.columns})


def upload_section(user, f: Filters) -> None:
    lang = f.lang
    con = cache.get_con()
    st.subheader(t("upload.file", lang))
    names = sidebar.district_names("ko")
    scope = user.scope
    shown = t("upload.scope_all", lang) if scope is None else ", ".join(
        "서울시" if c is None else names.get(c, c) for c in sorted(scope, key=lambda c: c or ""))
    st.caption(t("upload.scope", lang, scope=shown))
    file = st.file_uploader(t("upload.choose", lang), type=["csv", "xlsx"], key="upload_file")
    if file is None:
        return
    data = file.getvalue()
    with st.spinner(t("upload.reading", lang)):
        read = read_upload(data, file.name)
        validated = validate(con, read, scope=scope)
    kind_label = t(f"upload.kind.{read.kind}", lang) if read.kind else "–"
    st.caption(t("upload.read_info", lang, kind=kind_label, encoding=read.encoding or "–", rows=len(read.df)))
    if validated.errors:
        st.error(t("upload.errors", lang, n=len(validated.errors)))
        errs = error_frame(validated.errors, lang)
        widgets.table(error_table(errs, lang), hide_index=True, width="stretch")
        widgets.download(errs, "upload_errors.csv", f, key="dl_errors")
        return

    st.subheader(t("upload.preview", lang))
    pv = preview(con, validated)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("upload.new", lang), f"{pv.counts.get('new', 0):,}")
    c2.metric(t("upload.superseding", lang), f"{pv.counts.get('superseding', 0):,}")
    c3.metric(t("upload.unchanged", lang), f"{pv.counts.get('unchanged', 0):,}")
    widgets.table(preview_table(pv.rows, lang), hide_index=True, width="stretch", height=260)
    effect = upload_effect.progress_effect(con, validated, f.as_of, district=None)
    if not effect.empty:
        st.markdown(t("upload.effect", lang, as_of=f.as_of))
        view = pd.DataFrame({
            t("col.code", lang): effect["code"],
            t("col.name", lang): effect["name_en"] if lang == "en" else effect["name"],
            t("col.target", lang): effect["target"].map(fmt.num),
            f'{t("col.actual", lang)} ({t("upload.col.before", lang)})': effect["actual"].map(
                fmt.num),
            f'{t("col.actual", lang)} ({t("upload.col.after", lang)})': effect["actual_after"].map(
                fmt.num),
            f'{t("col.status", lang)} ({t("upload.col.before", lang)})': effect["status"].map(
                lambda s: t(f"status.{s}", lang)),
            f'{t("col.status", lang)} ({t("upload.col.after", lang)})': effect["status_after"].map(
                lambda s: t(f"status.{s}", lang)),
        })
        widgets.table(view, hide_index=True, width="stretch")
    if st.button(t("upload.commit", lang), type="primary", key="commit"):
        with st.spinner(t("upload.committing", lang)):
            res = commit(con, data, file.name, user.name, scope=scope)
        if res.duplicate:
            st.info(t("upload.duplicate", lang, id=res.upload_id))
        elif res.errors:
            st.error(t("upload.errors", lang, n=len(res.errors)))
            widgets.table(error_table(error_frame(res.errors, lang), lang), hide_index=True, width="stretch")
        else:
            cache.clear_caches()
            st.success(t("upload.committed", lang, id=res.upload_id, rows=res.rows,
                         new=res.counts.get("new", 0), sup=res.counts.get("superseding", 0),
                         same=res.counts.get("unchanged", 0)))


HISTORY_COLUMNS = ["upload_id", "uploaded_at", "user", "file_name", "kind", "rows", "encoding", "status",
                   "is_sample", "rolled_back_at", "rolled_back_by", "sha256"]


def upload_table(uploads: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The upload list for reading: labelled columns, kinds and statuses in words, the hash shortened."""
    view = uploads[[c for c in HISTORY_COLUMNS if c in uploads.columns]].copy()
    view["kind"] = view["kind"].map(lambda k: t(f"upload.kind.{k}", lang) if k in KINDS else k)
    view["status"] = view["status"].map(lambda s: t(f"upload.status.{s}", lang))
    view["is_sample"] = view["is_sample"].map(lambda b: t("source.예시", lang) if b else "")
    view["sha256"] = view["sha256"].str[:12]
    for col in ("uploaded_at", "rolled_back_at"):  # text, blank when empty: one type per column for Arrow
        if col in view.columns:
            view[col] = [pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S") if pd.notna(v) else "" for v in view[col]]
    if "rolled_back_by" in view.columns:
        view["rolled_back_by"] = view["rolled_back_by"].astype(object).where(view["rolled_back_by"].notna(), "")
    return view.rename(columns={c: t(f"upload.col.{c}", lang) for c in view.columns})


def _history_model(lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    uploads = cache.cached("list_uploads")
    return uploads, upload_table(uploads, lang)


def history_section(user, f: Filters) -> None:
    lang = f.lang
    con = cache.get_con()
    st.subheader(t("upload.history", lang))
    uploads, table = cache.memo("upload.history", lambda: _history_model(lang), lang)
    if uploads.empty:
        st.caption(t("upload.history_empty", lang))
        return
    widgets.table(table, hide_index=True, width="stretch", height=240)
    widgets.download(uploads, "uploads.csv", f, key="dl_uploads")
    if user is None:
        return
    mine = uploads[(uploads["status"] == "committed")
                   & uploads["user"].map(lambda u: user.can_rollback(u))]
    if mine.empty:
        st.caption(t("upload.rollback_none", lang))
        return
    pick = st.selectbox(t("upload.rollback_pick", lang), list(mine["upload_id"]), key="rollback_id",
                        format_func=lambda i: "#{} · {} · {} · {}".format(
                            i, *mine.set_index("upload_id").loc[i, ["file_name", "user", "uploaded_at"]]))
    c1, c2 = st.columns(2)
    if c1.button(t("upload.rollback", lang), key="rollback"):
        try:
            rollback(con, int(pick), user.name, scope=user.scope, own_only=not user.is_admin)
        except IngestError as e:
            st.error(e.message(lang))
        else:
            cache.clear_caches()
            st.success(t("upload.rollback_done", lang, id=pick))
    name = str(mine.set_index("upload_id").loc[pick, "file_name"])
    upload_id = int(pick)
    c2.download_button(t("upload.raw", lang), lambda: uploads_read.raw_bytes(con, upload_id) or b"", file_name=name,
                       key="dl_raw", on_click="ignore")  # the stored file is read only when clicked


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
                n = remove_sample(con, user.name, scope=user.scope)
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
    templates_section(lang)
    user = auth.login_box(lang)
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
