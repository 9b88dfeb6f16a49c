"""Every named read query in one table, and a Reader that runs them on a connection.

Pages and page models ask for data by name — ``data("progress", "2021Q4", None, "dong")`` — so that the web layer
can cache each call by data version (maeul.web.cache.CachedReader) while tests and the CLI run the same call
directly (Reader). A query is a plain function ``fn(con, *args)`` returning a DataFrame, dict or scalar; arguments
must be hashable (tuples, not lists) so a cache can key on them.
"""

from __future__ import annotations

from collections.abc import Callable

from maeul.read import audit, budget, districts, indicators, queries, reporting, review, uploads

QUERIES: dict[str, Callable] = {
    # the plan
    "districts": queries.districts,
    "district_stats": queries.district_stats,
    "hierarchy": queries.hierarchy,
    "strategies": queries.strategies,
    "tasks": queries.tasks,
    "unit_projects": queries.unit_projects,
    "targets": queries.targets,
    "stages": queries.stages,
    "quality_notes": queries.quality_notes,
    "published": queries.published,
    # progress (with `verified` and `explanation`, and a verified-only view: maeul.read.review)
    "progress": review.progress,
    "progress_by_district": review.progress_by_district,
    "yearly_targets": indicators.yearly_targets,
    "scope_series": indicators.scope_series,
    "indicator_series": queries.indicator_series,
    "latest_quarter_with_data": queries.latest_quarter_with_data,
    "coverage": queries.coverage,
    "stale_districts": queries.stale_districts,
    "indicator_data": budget.indicator_data,
    # budget
    "budget": queries.budget,
    "budget_lines": queries.budget_lines,
    "budget_names": budget.budget_names,
    "budget_flows": queries.budget_flows,
    "execution_flows": budget.execution_flows,
    "budget_execution": queries.budget_execution,
    "execution_by_districts": budget.execution_by_districts,
    "budget_scope": indicators.budget_scope,
    "viii_reconciliation": budget.viii_reconciliation,
    "project_budget_weights": queries.project_budget_weights,
    # districts, spaces, map
    "geo_districts": districts.geo_districts,
    "geo_dongs": districts.geo_dongs,
    "geo_attribution": districts.geo_attribution,
    "district_facts": districts.district_facts,
    "stat_source": districts.stat_source,
    "district_indicator_options": districts.indicator_options,
    "indicator_by_district": districts.indicator_by_district,
    "district_measure": districts.district_measure,
    "spaces": queries.spaces,
    "spaces_as_of": districts.spaces_as_of,
    "space_summary": districts.space_summary,
    "spaces_status": districts.spaces_status,
    # the reporting cycle: calendar, who has reported, approvals, explanations, audit
    "reporting_calendar": reporting.calendar,
    "reporting_status": reporting.reporting_status,
    "reporting_grid": reporting.reporting_grid,
    "required_indicators": reporting.required_indicators,
    "approvals": review.approvals,
    "explanations": review.explanations,
    "series_verified": review.series_verified,
    "review_counts": review.review_counts,
    "events": audit.events,
    "event_users": audit.event_users,
    # uploads
    "list_uploads": uploads.list_uploads,
    "latest_upload": uploads.latest_upload,
    "has_sample_rows": uploads.has_sample_rows,
    "has_actuals": uploads.has_actuals,
}


def check_args(name: str, args: tuple, kwargs: dict) -> None:
    """A query's arguments must be hashable values a cache can key on: a known name, tuples rather than lists."""
    if name not in QUERIES:
        raise KeyError(f"unknown query: {name}")
    for a in (*args, *kwargs.values()):
        if isinstance(a, (list, dict, set)):
            raise TypeError(f"query {name!r}: pass tuples, not {type(a).__name__}")


class Reader:
    """The queries of QUERIES on one connection, uncached: ``reader("hierarchy")``. The web layer's CachedReader
    answers the same calls from st.cache_data; page models take either and cannot tell them apart."""

    def __init__(self, con):
        self.con = con

    def __call__(self, name: str, *args, **kwargs):
        check_args(name, args, kwargs)
        return QUERIES[name](self.con, *args, **kwargs)
