"""The benchmark (python -m maeul.bench) cannot rot: its generator, one progress measurement against the plain
pandas version, the 100k-ingest path (with a few hundred rows) and the report run here at a tiny scale."""

from __future__ import annotations

import json

import duckdb
import pytest

from maeul.bench.generate import generate, layout
from maeul.bench.ingest import measure_ingest
from maeul.bench.pages import shell_app_script
from maeul.bench.query_layer import AS_OF, DISTRICT, measure_progress
from maeul.bench.reference import compare_progress, load_frames, pandas_progress
from maeul.bench.report import table
from maeul.bench.timing import side_by_side
from maeul.plan import schema
from maeul.read.progress import progress

pytestmark = pytest.mark.slow  # generates a synthetic database and runs the benchmark's measurements


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "tiny.duckdb"
    info = generate(path, 0.1)
    return path, info


def test_generator_writes_the_layout_it_reports(tiny):
    path, info = tiny
    lay = layout(0.1, 68)
    assert info["current"] == lay["keys"] and info["rows"] == lay["keys"] + lay["superseded"]
    con = duckdb.connect(str(path))
    try:
        assert con.execute("SELECT count(*) FROM actual").fetchall()[0][0] == info["rows"]
        assert con.execute("SELECT count(*) FROM actual_current").fetchall()[0][0] == info["current"]
        assert schema.current_is_fresh(con)  # the generator leaves the materialised rows up to date
        assert con.execute("SELECT count(*) FROM upload WHERE status = 'rolled_back'").fetchall()[0][0] == 1
    finally:
        con.close()


def test_one_progress_measurement_agrees_with_pandas(tiny):
    path, _ = tiny
    con = duckdb.connect(str(path))
    try:
        frames = load_frames(con)
        for district in (None, DISTRICT):
            assert compare_progress(progress(con, AS_OF, district),
                                    pandas_progress(frames, AS_OF, district)) == []
        q_ms, p_ms = side_by_side(lambda: progress(con, AS_OF), lambda: pandas_progress(
            frames, AS_OF), repeat=1, warmup=0)
        assert q_ms > 0 and p_ms > 0
        res = measure_progress(con, repeat=1)
        assert res["pandas_mismatches"] == {} and res["budget_ms"] > 0
    finally:
        con.close()


def test_ingest_path_and_report(tiny, tmp_path):
    path, info = tiny
    res = measure_ingest(str(path), repeat=1, n_rows=300)
    assert res["ingest_100k_s"] > 0 and res["ingest_synthetic_indicators"] == 0
    doc = {"scales": {"0.1": {"scale": 0.1, **info, "progress_ms": 1.0, "progress_district_ms": 1.0,
                              "pandas_ratio": 2.0, "budget_ms": 1.0, **res,
                              "page_rerun_ratio": {"upload": 4.0}, "page_rerun_ms": {"upload": 8.0},
                              "empty_rerun_ms": {"upload": 2.0}}}}
    text = table(doc)
    assert "| 0.1× |" in text and "| upload | 4× (8 ms) |" in text and "not measured" in text
    json.dumps(doc, ensure_ascii=False)


def test_shell_floor_runs_the_real_app_shell_over_stand_in_pages(empty_db, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MAEUL_DB", str(empty_db))
    at = AppTest.from_string(shell_app_script(tmp_path), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [x.value for x in at.title] == ["stand-in"]
    assert len(at.sidebar.multiselect) == 1 and len(at.sidebar.selectbox) == 2  # app.py's own sidebar
    assert any("업로드된 실적이 없습니다" in x.value for x in at.info)  # and the banner every page draws
