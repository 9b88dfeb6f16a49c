"""The 감사 기록 (audit trail) page's model: the events (maeul.read.audit) filtered by action, quarter, district and
user, as shown and as downloaded.

Pure functions of (data, filters, widget values). The sidebar's districts narrow the district choices; the page's
own filters pick one action, quarter, district ('*' = all, '' = the city's rows) and user ('' = all).
"""

from __future__ import annotations

import json

import pandas as pd

from maeul.i18n import t
from maeul.plan.events import ACTIONS
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.models.common import district_names
from maeul.read.rules import all_quarters

ALL = "*"
CITY = ""


def options(data, f: Filters) -> dict:
    """The page's filter choices with their labels: actions, quarters, districts (the sidebar's, or all and the
    city), users."""
    lang = f.lang
    every = t("audit.filter.all", lang)
    names = district_names(data, lang)
    codes = list(f.districts) if f.districts else [CITY, *names]
    return {
        "actions": [ALL, *ACTIONS],
        "action_labels": {ALL: every, **{a: t(f"audit.action.{a}", lang) for a in ACTIONS}},
        "quarters": [ALL, *[q.label for q in reversed(all_quarters())]],
        "quarter_labels": {ALL: every},
        "districts": [ALL, *codes],
        "district_labels": {ALL: every, CITY: t("reporting.city", lang), **names},
        "users": ["", *data("event_users")],
        "user_labels": {"": every},
    }


def _change(before, after) -> str:
    """'before → after' in one line: superseded values as 'code: old → new', other texts as they are; '–' when the
    event changed no value (an upload's own line, sample data)."""
    if before is None and after is None:
        return fmt.DASH
    try:
        b, a = json.loads(before or "{}"), json.loads(after or "{}")
        if isinstance(b, dict) and isinstance(a, dict):
            return "; ".join(f"{k}: {fmt.number(b.get(k)) if _num(b.get(k)) else b.get(k, '–')} → "
                             f"{fmt.number(a.get(k)) if _num(a.get(k)) else a.get(k, '–')}" for k in (a or b))
    except (TypeError, ValueError):
        pass
    return f"{before or '–'} → {after or '–'}"


def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def table(data, f: Filters, action: str, quarter: str, district: str, user: str) -> dict:
    """The events matching the filters, newest first: as shown (labelled, before → after in one column, '–' where
    an event has no quarter, district, indicator or change) and as data (every column), with the count line."""
    lang = f.lang
    if district == ALL:
        where = ALL
    else:
        where = None if district == CITY else district
    ev = data("events", None if action == ALL else action, None if quarter == ALL else quarter, where, user or None)
    if f.districts and district == ALL:
        ev = ev[ev["district_code"].isin(f.districts)]
    names = district_names(data, lang)
    show = pd.DataFrame({
        "at": [fmt.datetime_text(v) for v in ev["at"]],
        "user": ev["user"],
        "action": [t(f"audit.action.{a}", lang) for a in ev["action"]],
        "quarter": [q or fmt.DASH for q in ev["quarter"]],
        "district": [names.get(c, d) if c else (d or fmt.DASH) for c, d in zip(ev["district_code"], ev["district"])],
        "indicator": [c or fmt.DASH for c in ev["indicator_code"]],
        "change": [_change(b, a) for b, a in zip(ev["before"], ev["after"])],
        "detail": [d or fmt.DASH for d in ev["detail"]],
    })
    return {"table": show, "data": ev, "count": t("audit.count", lang, n=fmt.number(len(ev)))}
