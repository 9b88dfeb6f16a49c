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


# --- numbered steps --------------------------------------------------------------------------------------------

STEPS = ("templates", "file", "preview", "history", "backup")


class Steps:
    """Numbers the page's step headings in the order the page draws them — 1, 2, 3 … for whatever a role and the
    state of the page show (a viewer sees 양식 and 이력 as 1 and 2; no gap where a step is left out)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.shown: list[str] = []

    def title(self, step: str) -> str:
        """The next number with the step's title: '3. 미리보기: 저장하면 바뀌는 내용'."""
        self.shown.append(step)
        return t("upload.step", self.lang, n=len(self.shown), title=t(f"upload.step.{step}", self.lang))


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
    """The errors with labelled columns, every cell text (row = the row number Excel shows, header = row 1; '–'
    where an error concerns the whole file); the message before the error code, so it gets the room."""
    errs = error_rows(errors, lang)
    errs["row"] = [fmt.DASH if fmt.missing(r) else str(int(r)) for r in errs["row"]]
    for col in ("column", "value"):
        errs[col] = [fmt.text_or_dash(v) for v in errs[col]]
    errs = errs[["row", "column", "value", "message", "code"]]
    return errs.rename(columns={c: t(f"upload.err.{c}", lang) for c in errs.columns})


def error_lines(errors: list[UploadError], lang: str) -> str:
    """Every error's full message as a markdown list ('행 3 · 실적: …'), for reading what a table cell cuts off.
    Texts from the file (column names, quoted values) are escaped: shown as text, never as markdown."""
    lines = []
    for e in errors:
        where = [t("upload.err_line.row", lang, row=e.row) if e.row is not None else t("upload.err_line.file", lang)]
        if e.column:
            where.append(fmt.md_escape(fmt.plain(e.column)))
        lines.append(f"- **{' · '.join(where)}** — {fmt.md_escape(fmt.plain(e.message(lang)))}")
    return "\n".join(lines)


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


_CODE_FIELDS = {"indicator_code", "line_code", "dong_code"}
_DATE_FIELDS = {"opened", "closed", "measure_due"}


def _cell(field: str, v, unit: str | None, lang: str) -> str:
    """One preview cell as a person writes it: values with their unit, amounts in 백만원, dates, yes/no; a missing
    figure '–', a missing text blank — never None, nan or float noise."""
    if field in ("year", "quarter"):
        return fmt.DASH if fmt.missing(v) else str(int(v))
    if field == "value":
        return fmt.num(v, unit, lang)
    if field == "amount_mn":
        return fmt.num(v, "백만원", lang)
    if field in ("lat", "lon"):
        return fmt.number(v, 5)
    if field in _DATE_FIELDS:
        return fmt.date_text(v)
    if field == "has_childcare_room":
        return fmt.DASH if fmt.missing(v) else t("export.yes" if bool(v) else "export.no", lang)
    if field in _CODE_FIELDS:
        return fmt.text_or_dash(fmt.plain(v))
    return fmt.plain(v)  # text users typed (stage, note, name, address …): as text, blank when empty


def preview_table(rows: pd.DataFrame, data, lang: str) -> pd.DataFrame:
    """Preview rows for reading: the change in words first, district names, every cell text formatted as the
    rest of the app formats it (values with their indicator's unit), Korean/English column labels."""
    if rows.empty:
        return pd.DataFrame()
    view = rows.drop(columns=[c for c in rows.columns if c.endswith("upload_id")]).copy()
    view = view.drop(columns=[c for c in EXPLANATION_COLUMNS if c in view.columns and view[c].isna().all()])
    names = district_names(data, lang)
    units = dict(zip(data("hierarchy")["code"], data("hierarchy")["unit"])) if "indicator_code" in view else {}
    row_units = [units.get(c) for c in view["indicator_code"]] if "indicator_code" in view else [None] * len(view)
    out = pd.DataFrame(index=view.index)
    out["change"] = [pick_pair(CHANGE_LABELS.get(c, (c, c)), lang) for c in view["change"]]
    for col in view.columns:
        if col == "change":
            continue
        field = col[4:] if col.startswith("old_") else col
        if field == "district_code":
            out[col] = [names.get(c, c) if isinstance(c, str) else t("sidebar.all", lang) for c in view[col]]
        else:
            out[col] = [_cell(field, v, u, lang) for v, u in zip(view[col], row_units)]
    new_rows = view["change"] == "new"  # a new value has no previous one: '–' rather than a blank
    for col in [c for c in out.columns if c.startswith("old_")]:
        out.loc[new_rows, col] = fmt.DASH
    return out.rename(columns={c: _field_label(c, lang) for c in out.columns}).reset_index(drop=True)


def effect_table(eff: pd.DataFrame, lang: str, names: dict | None = None) -> pd.DataFrame:
    """Per (district, indicator) the upload touches: the district (서울시 전체 for the city's own rows), target,
    actual and status before and after it (empty when none). A district's target is its share of the city's,
    rounded for its unit (fmt.planned: never 40.094건)."""
    if eff.empty:
        return pd.DataFrame()
    names = names or {}
    rows = eff.to_dict("records")
    before, after = t("upload.col.before", lang), t("upload.col.after", lang)
    actual, status = t("col.actual", lang), t("col.status", lang)
    district = [r.get("district") for r in rows]
    district = [None if fmt.missing(d) else d for d in district]
    return pd.DataFrame({
        t("col.district", lang): [t("sidebar.all", lang) if d is None else names.get(d, d) for d in district],
        t("col.code", lang): [r["code"] for r in rows],
        t("col.name", lang): [pick(r, "name", lang) for r in rows],
        t("col.target", lang): [fmt.num(r["target"], r["unit"], lang) if d is None
                                else fmt.planned(r["target"], r["unit"], lang) for r, d in zip(rows, district)],
        f"{actual} ({before})": [fmt.num(r["actual"], r["unit"], lang) for r in rows],
        f"{actual} ({after})": [fmt.num(r["actual_after"], r["unit"], lang) for r in rows],
        f"{status} ({before})": [fmt.status_label(r["status"], lang) for r in rows],
        f"{status} ({after})": [fmt.status_label(r["status_after"], lang) for r in rows],
    })


def progress_effect(con, validated: Validated, data, basis: str, lang: str) -> dict:
    """What the pending upload would do to progress in the districts its rows are for (a 강남구 file: 강남구; the
    city's own rows: 서울시 전체), as of the latest quarter in the file, under the sidebar's target basis (rolled
    back, nothing written): {"caption", "table"} — the table empty when the file changes no indicator."""
    eff = effect.progress_effect(con, validated, None, basis=basis)
    if eff.empty:
        return {"caption": "", "table": pd.DataFrame()}
    names = district_names(data, lang)
    scope = [t("sidebar.all", lang) if d is None else names.get(d, d) for d in effect.file_districts(validated)]
    shown = ", ".join(scope[:5]) + (t("upload.effect_more", lang, n=len(scope) - 5) if len(scope) > 5 else "")
    return {"caption": t("upload.effect_scope", lang, scope=shown, as_of=effect.file_quarter(validated),
                         n=len(scope)),
            "table": effect_table(eff, lang, names)}


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
    view["rows"] = [fmt.number(v) for v in view["rows"]]
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


def _listed(items: list[str], more_key: str, lang: str, limit: int = 5) -> str:
    return ", ".join(items[:limit]) + (t(more_key, lang, n=len(items) - limit) if len(items) > limit else "")


def rollback_summary(upload: dict, periods: list[tuple], data, lang: str) -> str:
    """What confirming a rollback undoes, as markdown for st.warning: the upload's number, its file name (escaped:
    shown as text), kind, rows, districts and periods (``periods``: (year, quarter, district) of its rows, as
    maeul.upload.history.upload_periods gives them)."""
    names = district_names(data, lang)
    districts = sorted({d for _y, _q, d in periods}, key=lambda d: (d is not None, d or ""))
    quarters = sorted({f"{y}Q{q}" for y, q, _d in periods if y is not None})
    kind = upload.get("kind")
    return t("upload.rollback_confirm_text", lang, id=int(upload["upload_id"]),
             file=fmt.md_escape(fmt.plain(upload.get("file_name"))),
             kind=t(f"upload.kind.{kind}", lang) if kind in KINDS else fmt.md_escape(fmt.plain(kind)),
             rows=fmt.number(upload.get("rows")),
             districts=_listed([t("sidebar.all", lang) if d is None else names.get(d, d) for d in districts],
                               "upload.effect_more", lang) or fmt.DASH,
             periods=_listed(quarters, "upload.more", lang) or t("upload.no_period", lang))


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
