"""The upload page's model: what is due for the user's districts (the reporting cycle), what it shows about
templates, a chosen file (read, errors, preview, progress effect), the upload history and the uploads a user may roll
back — as texts and display tables.

Pure: no Streamlit, no session state. Cached reads go through ``data(name, ...)`` (maeul.read.registry names);
the functions about a pending file (``pending``, ``preview``, ``progress_effect_table``) take the connection, as
they read the file against the database. Writes (commit, rollback, sample load/removal) are library calls the page
makes itself (maeul.upload.store, maeul.upload.sample).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maeul.i18n import TEXT, pick, pick_pair, t
from maeul.present import format as fmt
from maeul.present.models.common import district_names
from maeul.present.models.reporting import labels, state_key
from maeul.read.reporting import current_quarter
from maeul.read.rules import BEHIND, all_quarters
from maeul.upload import effect
from maeul.upload.errors import UploadError, error_frame
from maeul.upload.messages import CHANGE_LABELS
from maeul.upload.reader import ReadResult, read_upload
from maeul.upload.spec import CITYWIDE_LABEL, EXPLANATION_COLUMNS, KINDS
from maeul.upload.store import Preview
from maeul.upload.store import preview as preview_changes
from maeul.upload.templates import template_filename
from maeul.upload.validate import Validated, validate

CHANGES = ("new", "superseding", "unchanged")
HISTORY_COLUMNS = ["upload_id", "uploaded_at", "user", "file_name", "kind", "rows", "encoding", "status",
                   "is_sample", "rolled_back_at", "rolled_back_by", "sha256"]
_MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass(frozen=True)
class TemplateFile:
    kind: str
    fmt: str        # 'csv' | 'xlsx'
    label: str      # the button's text
    file_name: str
    mime: str


def template_files(lang: str) -> list[tuple[str, list[TemplateFile]]]:
    """Per kind of upload: its title and the template files offered (CSV, XLSX)."""
    return [(t(f"upload.kind.{kind}", lang),
             [TemplateFile(kind, f, t(f"upload.{f}", lang), template_filename(kind, f), mime)
              for f, mime in _MIME.items()])
            for kind in KINDS]


# --- a chosen file ----------------------------------------------------------------------------------------------

def scope_text(scope: set[str | None] | None, data, lang: str) -> str:
    """The districts a user may upload for: all, or their Korean names (서울시 for citywide rows)."""
    if scope is None:
        return t("upload.scope_all", lang)
    names = district_names(data, "ko")
    return ", ".join(CITYWIDE_LABEL if c is None else names.get(c, c) for c in sorted(scope, key=lambda c: c or ""))


def pending(con, file_bytes: bytes, file_name: str, scope: set[str | None] | None) -> Validated:
    """A chosen file read and checked against the plan, within the user's scope (nothing is written)."""
    return validate(con, read_upload(file_bytes, file_name), scope=scope)


def read_info(read: ReadResult, lang: str) -> str:
    """How the file was read: its kind, encoding and number of rows."""
    kind = t(f"upload.kind.{read.kind}", lang) if read.kind else "–"
    return t("upload.read_info", lang, kind=kind, encoding=read.encoding or "–", rows=len(read.df))


def error_rows(errors: list[UploadError], lang: str) -> pd.DataFrame:
    """The errors as data (row, column, value, code, message): what the error download holds (cell values as
    plain text: no control characters)."""
    return fmt.plain_frame(error_frame(errors, lang))


def error_table(errors: list[UploadError], lang: str) -> pd.DataFrame:
    """The errors with labelled columns (row = the row number Excel shows, header = row 1)."""
    errs = error_rows(errors, lang)
    return errs.rename(columns={c: t(f"upload.err.{c}", lang) for c in errs.columns})


def preview(con, validated: Validated) -> Preview:
    """What committing the file would change: each row new, superseding a current value, or unchanged."""
    return preview_changes(con, validated)


def change_metrics(counts: dict[str, int], lang: str) -> list[tuple[str, str]]:
    """(label, count) of new, superseding and unchanged rows."""
    return [(t(f"upload.{k}", lang), fmt.number(counts.get(k, 0))) for k in CHANGES]


def _field_label(col: str, lang: str) -> str:
    base = col[4:] if col.startswith("old_") else col
    key = f"upload.field.{base}"
    text = t(key, lang) if key in TEXT else base
    return t("upload.field.old", lang, field=text) if col.startswith("old_") else text


def preview_table(rows: pd.DataFrame, data, lang: str) -> pd.DataFrame:
    """Preview rows for reading: the change in words first, district names, Korean/English column labels."""
    if rows.empty:
        return pd.DataFrame()
    view = rows.drop(columns=[c for c in rows.columns if c.endswith("upload_id")]).copy()
    view = view.drop(columns=[c for c in EXPLANATION_COLUMNS if c in view.columns and view[c].isna().all()])
    names = district_names(data, lang)
    for col in ("district_code", "old_district_code"):
        if col in view.columns:
            view[col] = view[col].map(lambda c: names.get(c, c) if isinstance(c, str) else t("sidebar.all", lang))
    view["change"] = view["change"].map(lambda c: pick_pair(CHANGE_LABELS.get(c, (c, c)), lang))
    view = fmt.plain_frame(view[["change"] + [c for c in view.columns if c != "change"]])  # notes, names as text
    return view.rename(columns={c: _field_label(c, lang) for c in view.columns})


def effect_table(eff: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per indicator the upload touches: target, actual and status before and after it (empty when none)."""
    if eff.empty:
        return pd.DataFrame()
    rows = eff.to_dict("records")
    before, after = t("upload.col.before", lang), t("upload.col.after", lang)
    actual, status = t("col.actual", lang), t("col.status", lang)
    return pd.DataFrame({
        t("col.code", lang): [r["code"] for r in rows],
        t("col.name", lang): [pick(r, "name", lang) for r in rows],
        t("col.target", lang): [fmt.num(r["target"], r["unit"], lang) for r in rows],
        f"{actual} ({before})": [fmt.num(r["actual"], r["unit"], lang) for r in rows],
        f"{actual} ({after})": [fmt.num(r["actual_after"], r["unit"], lang) for r in rows],
        f"{status} ({before})": [fmt.status_label(r["status"], lang) for r in rows],
        f"{status} ({after})": [fmt.status_label(r["status_after"], lang) for r in rows],
    })


def progress_effect_table(con, validated: Validated, as_of: str, lang: str) -> pd.DataFrame:
    """effect_table of what the pending upload would do to citywide progress as of `as_of` (rolled back)."""
    return effect_table(effect.progress_effect(con, validated, as_of, district=None), lang)


def refusal_md(e, lang: str) -> str:
    """A refused request (IngestError) as markdown for st.error: its message names users and files, escaped."""
    return fmt.md_escape(e.message(lang))


# --- history and rollback ---------------------------------------------------------------------------------------

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
    view = fmt.plain_frame(view, ["user", "file_name", "rolled_back_by"])  # what users typed, as text
    return view.rename(columns={c: t(f"upload.col.{c}", lang) for c in view.columns})


def history(data, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every upload, newest first, as data; the same as a display table)."""
    uploads = data("list_uploads")
    return uploads, upload_table(uploads, lang)


@dataclass(frozen=True)
class RollbackChoice:
    label: str      # '#id · file · user · uploaded at'
    file_name: str  # the stored file's name, for its download


def rollback_choices(uploads: pd.DataFrame, user) -> dict[int, RollbackChoice]:
    """The committed uploads `user` may roll back (User.can_rollback), newest first as listed: id → choice."""
    if user is None or uploads.empty:
        return {}
    mine = uploads[(uploads["status"] == "committed") & uploads["user"].map(user.can_rollback)]
    return {int(r.upload_id): RollbackChoice(f"#{r.upload_id} · {fmt.plain(r.file_name)} · {fmt.plain(r.user)} · "
                                             f"{r.uploaded_at}", fmt.plain(r.file_name) or "upload")
            for r in mine.itertuples(index=False)}


# --- what is due (the reporting cycle) -----------------------------------------------------------------------------

def due_scope(scope: set[str | None] | None, data) -> tuple:
    """The districts a user reports for, as a memo key: their scope (None = the city's own rows) or, for an admin
    (scope None), the city and every district — the city first."""
    codes = [None, *data("districts")["code"]] if scope is None else list(scope)
    return tuple(sorted(set(codes), key=lambda c: (c is not None, c or "")))


def due_quarters(today) -> list[str]:
    """The quarters one may report for: every plan quarter that has ended by ``today`` (the first one at least),
    newest first."""
    last = current_quarter(today)
    labels_ = [q.label for q in all_quarters()]
    return list(reversed(labels_[:labels_.index(last) + 1]))


def due(data, f, quarter: str, today, districts: tuple) -> dict:
    """What is due for the user's districts: the quarter's due date, each district's state (first upload, rows
    reported of those owed, approval), and their 지연 figures as of that quarter without an explanation (with the
    owner) — as shown and as data."""
    lang = f.lang
    st = data("reporting_status", quarter, today, districts)
    names = district_names(data, lang)
    city = t("reporting.city", lang)
    rows = st.to_dict("records")
    table = pd.DataFrame({
        "district": [city if r["district_code"] is None else names.get(r["district_code"]) for r in rows],
        "state": [[state_key(r["state"], r["in_grace"])] for r in rows],
        "first_upload": [fmt.datetime_text(r["first_upload_at"]) for r in rows],
        "rows": [t("reporting.rows_of", lang, rows=fmt.number(r["rows"]), required=fmt.number(r["required"]))
                 for r in rows],
        "approved": [fmt.verified_text(True, lang) if r["approved"] else "–" for r in rows],
    })
    flagged = []
    hier = data("hierarchy").set_index("code")
    parts = [data("progress_by_district", quarter, f.basis, None)]
    if None in districts:
        parts.append(data("progress", quarter, None, f.basis).assign(district=None))
    prog = pd.concat(parts, ignore_index=True)
    prog = prog[prog["district"].map(lambda d: d in districts) & (prog["status"] == BEHIND)
                & prog["explanation"].isna()]
    order = {c: i for i, c in enumerate(districts)}
    for r in sorted(prog.to_dict("records"), key=lambda r: order[r["district"]]):  # stable: plan order within
        code = r["district"]
        owner = pick(hier.loc[r["code"]], "department", lang) if r["code"] in hier.index else None
        flagged.append({"district": city if code is None else names.get(code), "code": r["code"],
                        "indicator": pick(r, "name", lang), "rate": fmt.rate_value(r.get("rate")),
                        "owner": fmt.text_or_dash(owner)})
    due_date = st["due"].iloc[0] if len(st) else None
    return {"title": t("upload.due_title", lang, quarter=quarter, due=fmt.date_text(due_date)),
            "table": table, "labels": labels(lang), "data": st,
            "unexplained": pd.DataFrame(flagged, columns=["district", "code", "indicator", "rate", "owner"])}
