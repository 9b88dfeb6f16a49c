"""The reporting calendar and who has reported (maeul.read.reporting): due dates, grace, what is owed, and the state of
every (district, quarter) as of a reference date — exact dates, uploads at controlled times."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from maeul.read import reporting as r
from maeul.read.rules import Quarter
from maeul.upload import store
from tests.fixtures.make_fixtures import ACTUALS, csv_bytes

D = dt.date


def test_quarter_end_and_default_due_dates():
    assert r.quarter_end(Quarter(2021, 4)) == D(2021, 12, 31)
    assert r.quarter_end(Quarter(2020, 1)) == D(2020, 3, 31)
    assert r.quarter_end(Quarter(2019, 2)) == D(2019, 6, 30)
    default = {"*": (20, None, 10)}
    assert r.due_dates(Quarter(2021, 4), default) == (D(2022, 1, 20), D(2022, 1, 30))
    assert r.due_dates(Quarter(2020, 3), default) == (D(2020, 10, 20), D(2020, 10, 30))


def test_a_quarter_row_overrides_the_default():
    rows = {"*": (20, None, 10), "2020Q1": (45, None, 5), "2020Q2": (None, D(2020, 8, 14), 0)}
    assert r.due_dates(Quarter(2020, 1), rows) == (D(2020, 5, 15), D(2020, 5, 20))
    assert r.due_dates(Quarter(2020, 2), rows) == (D(2020, 8, 14), D(2020, 8, 14))
    assert r.due_dates(Quarter(2020, 3), rows) == (D(2020, 10, 20), D(2020, 10, 30))


def test_calendar_comes_from_data_and_can_be_changed_per_quarter(con):
    cal = r.calendar(con)
    assert len(cal) == 20 and cal.iloc[-1].to_dict()["due"] == D(2023, 1, 20)
    con.execute("INSERT INTO reporting_calendar VALUES ('2021Q4', 30, NULL, 0, 'test')")
    row = r.calendar(con).set_index("quarter").loc["2021Q4"]
    assert (row["due"], row["grace_end"]) == (D(2022, 1, 30), D(2022, 1, 30))


@pytest.mark.parametrize(("uploaded", "today", "expected"), [
    (None, D(2022, 1, 19), ("open", False)),            # nothing yet, not due yet
    (None, D(2022, 1, 20), ("open", False)),            # the due date itself
    (None, D(2022, 1, 21), ("missing", False)),         # nothing by the as-of date after the due date
    (None, D(2022, 1, 25), ("missing", False)),         # … within grace too
    (dt.datetime(2022, 1, 20, 23, 59), D(2022, 3, 1), ("on_time", False)),
    (dt.datetime(2022, 1, 5, 9, 0), D(2022, 1, 10), ("on_time", False)),
    (dt.datetime(2022, 1, 21, 0, 1), D(2022, 3, 1), ("late", True)),   # a day after: late, within grace
    (dt.datetime(2022, 1, 30, 18, 0), D(2022, 3, 1), ("late", True)),  # the last day of grace
    (dt.datetime(2022, 1, 31, 9, 0), D(2022, 3, 1), ("late", False)),  # after grace
])
def test_state_for(uploaded, today, expected):
    assert r.state_for(True, D(2022, 1, 20), D(2022, 1, 30), uploaded, today) == expected


def test_not_required_wins():
    assert r.state_for(False, D(2022, 1, 20), D(2022, 1, 30), None, D(2022, 5, 1)) == ("not_required", False)


def test_current_quarter():
    assert r.current_quarter(D(2021, 1, 10)) == "2020Q4"
    assert r.current_quarter(D(2021, 3, 31)) == "2020Q4"
    assert r.current_quarter(D(2021, 4, 1)) == "2021Q1"
    assert r.current_quarter(D(2017, 5, 1)) == "2018Q1"
    assert r.current_quarter(D(2026, 11, 30)) == "2022Q4"


def test_who_owes_what(con):
    req = r.required_indicators(con, 2021)
    scope = dict(con.execute("SELECT code, scope FROM indicator").fetchall())
    assert req[None] and req["*"]
    assert all(scope[c] == "citywide" for c in req[None])
    assert all(scope[c] != "citywide" for c in req["*"])
    assert "1-1-1" in req["*"] and "1-1-2" in req[None]  # 1-1-1 has district shares; 1-1-2 is citywide only
    assert "1-1-2" not in req["*"] and "1-1-1" not in req[None]
    assert r.owes(req, "11680") == req["*"] and r.owes(req, None) == req[None]


def _upload_at(con, monkeypatch, when: dt.datetime, rows: list[list], name: str, sample: bool = False):
    monkeypatch.setattr(store, "_now", lambda: when)
    res = store.commit(con, csv_bytes(ACTUALS, rows), name, "tester", is_sample=sample)
    assert res.ok, [e.message_ko for e in res.errors]
    return res


@pytest.fixture(scope="module")
def reported(built_db_file):
    """2021Q4: 강남구 on the due date (two indicators), 서초구 a day late, 송파구 after grace, the city never; a
    sample upload for 강동구 (never counts). One database for the module (the tests only read it)."""
    from tests.conftest import copy_of

    con = copy_of(built_db_file)
    with pytest.MonkeyPatch.context() as mp:
        _reported(con, mp)
    yield con
    con.close()


def _reported(con, monkeypatch):
    _upload_at(con, monkeypatch, dt.datetime(2022, 1, 20, 17, 0),
               [["2021", "4", "강남구", "1-1-1", "10", ""], ["2021", "4", "강남구", "1-2-1", "1", ""]], "gangnam.csv")
    _upload_at(con, monkeypatch, dt.datetime(2022, 1, 21, 9, 0), [["2021", "4", "서초구", "1-1-1", "7", ""]],
               "seocho.csv")
    _upload_at(con, monkeypatch, dt.datetime(2022, 2, 3, 9, 0), [["2021", "4", "송파구", "1-1-1", "7", ""]],
               "songpa.csv")
    _upload_at(con, monkeypatch, dt.datetime(2022, 1, 2, 9, 0), [["2021", "4", "강동구", "1-1-1", "7", ""]],
               "sample.csv", sample=True)
    # a correction of 강남구 later on does not move its first upload
    _upload_at(con, monkeypatch, dt.datetime(2022, 3, 2, 9, 0), [["2021", "4", "강남구", "1-1-1", "11", ""]],
               "gangnam2.csv")


def test_reporting_status_of_a_quarter(reported):
    df = r.reporting_status(reported, "2021Q4", D(2022, 3, 1)).set_index("district")
    assert df.loc["서울시", "district_code"] is None
    assert len(df) == 26
    g = df.loc["강남구"]
    assert (g["state"], g["in_grace"], g["rows"], str(g["first_upload_at"])) == ("on_time", False, 2,
                                                                                  "2022-01-20 17:00:00")
    assert (df.loc["서초구", "state"], df.loc["서초구", "in_grace"]) == ("late", True)
    assert (df.loc["송파구", "state"], df.loc["송파구", "in_grace"]) == ("late", False)
    assert (df.loc["서울시", "state"], df.loc["강동구", "state"]) == ("missing", "missing")  # sample never counts
    assert df.loc["강동구", "rows"] == 0
    assert df.loc["강남구", "due"] == D(2022, 1, 20) and df.loc["강남구", "grace_end"] == D(2022, 1, 30)
    assert df.loc["강남구", "required"] == len(r.required_indicators(reported, 2021)["*"])
    assert not df["approved"].any()


def test_uploads_after_the_reference_date_do_not_count_yet(reported):
    df = r.reporting_status(reported, "2021Q4", D(2022, 1, 15)).set_index("district")
    assert df.loc["강남구", "state"] == "open" and df.loc["서초구", "state"] == "open"
    df = r.reporting_status(reported, "2021Q4", D(2022, 1, 21)).set_index("district")
    assert (df.loc["강남구", "state"], df.loc["서초구", "state"], df.loc["송파구", "state"]) == (
        "on_time", "late", "missing")


def test_on_time_counts_over_the_plan_period(reported):
    grid = r.reporting_grid(reported, "2022Q1", D(2022, 3, 1))
    assert set(grid["quarter"]) == {f"{y}Q{q}" for y in range(2018, 2022) for q in range(1, 5)} | {"2022Q1"}
    counts = r.on_time_counts(grid).set_index("district")
    assert counts.index[0] == "서울시"
    g = counts.loc["강남구"]
    # 2018Q1…2021Q4 were due by 2022-03-01 (16 quarters): one on time, 15 missing; 2022Q1 is still open
    assert (g["on_time"], g["late"], g["missing"], g["open"], g["due_quarters"]) == (1, 0, 15, 1, 16)
    assert g["on_time_share"] == pytest.approx(1 / 16)
    assert counts.loc["서초구", "late"] == 1 and counts.loc["서초구", "on_time_share"] == 0


@pytest.mark.slow  # a database file and three commands
def test_cli_reporting_json(tmp_path, monkeypatch, capsys):
    from maeul.cli.main import main as cli_main
    from maeul.plan.db import connect

    db = tmp_path / "m.duckdb"
    con = connect(db)
    _upload_at(con, monkeypatch, dt.datetime(2022, 1, 21, 9, 0), [["2021", "4", "강남구", "1-1-1", "10", ""]], "a.csv")
    con.close()
    assert cli_main(["reporting", "--quarter", "2021Q4", "--date", "2022-02-01", "--db", str(db),
                     "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 26 and rows[0]["district_code"] is None and rows[0]["district"] == "서울시"
    gangnam = next(x for x in rows if x["district_code"] == "11680")
    assert gangnam == {"district_code": "11680", "district": "강남구", "quarter": "2021Q4", "due": "2022-01-20",
                       "first_upload_at": "2022-01-21 09:00:00", "state": "late", "in_grace": True, "rows": 1,
                       "approved": False}
    assert {x["state"] for x in rows} == {"late", "missing"}
    assert cli_main(["reporting", "--quarter", "2030Q1", "--db", str(db)]) == 2
    assert cli_main(["reporting", "--quarter", "2021Q4", "--date", "tomorrow", "--db", str(db)]) == 2
