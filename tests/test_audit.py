"""The audit trail: every change records itself in the same transaction (maeul.plan.write + maeul.plan.events),
refused requests are recorded on their own, nothing is ever deleted, and an event outlives what it describes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from maeul.plan.events import ACTIONS, Event, track
from maeul.plan.write import Rollback, write
from maeul.read.audit import events
from maeul.upload import review, store
from maeul.upload.errors import IngestError
from tests.fixtures.make_fixtures import ACTUALS, csv_bytes

ROOT = Path(__file__).resolve().parent.parent


def _commit(con, rows, name="a.csv", user="kim", scope=None, **kw):
    return store.commit(con, csv_bytes(ACTUALS, rows), name, user, scope=scope, **kw)


def test_events_are_stored_with_the_change_or_not_at_all(con):
    def change(cur):
        track(Event("approve", "lee", "2021Q4", "11680", "district"))
        return 1

    assert write(con, change) == 1
    assert write(con, change, commit=False) == 1  # a preview: rolled back, no event

    def refused(cur):
        track(Event("approve", "lee"))
        raise Rollback("no")

    assert write(con, refused) == "no"

    def broken(cur):
        track(Event("approve", "lee"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write(con, broken)
    assert events(con)["action"].tolist() == ["approve"]
    with pytest.raises(RuntimeError):
        track(Event("approve", "lee"))  # outside a write
    with pytest.raises(ValueError):
        Event("delete", "lee")


def test_an_upload_records_one_event_per_quarter_and_district_with_before_and_after(con):
    assert _commit(con, [["2021", "4", "강남구", "1-1-1", "10", ""], ["2021", "4", "강남구", "1-2-1", "1", ""],
                         ["2021", "3", "강남구", "1-1-1", "4", ""], ["2021", "4", "", "1-1-2", "2", ""]]).ok
    res = _commit(con, [["2021", "4", "강남구", "1-1-1", "12", ""], ["2021", "4", "강남구", "1-2-1", "1", ""]],
                  "b.csv")
    ev = events(con, "upload")
    assert len(ev) == 4
    last = ev.iloc[0].to_dict()
    assert (last["user"], last["quarter"], last["district_code"], last["district"], last["upload_id"]) == (
        "kim", "2021Q4", "11680", "강남구", res.upload_id)
    assert json.loads(last["before"]) == {"1-1-1": 10.0} and json.loads(last["after"]) == {"1-1-1": 12.0}
    assert "바뀐 값 1" in last["detail"] and "같은 값 1" in last["detail"]
    first = events(con, "upload", district=None)
    assert first[["quarter", "district", "scope"]].values.tolist() == [["2021Q4", "서울시", "city"]]
    assert first.iloc[0]["before"] is None  # new values supersede nothing


def test_an_event_survives_the_rollback_of_what_it_describes(con):
    res = _commit(con, [["2021", "4", "강남구", "1-1-1", "10", ""]])
    store.rollback(con, res.upload_id, "kim")
    ev = events(con)
    assert ev["action"].tolist() == ["rollback", "upload"]
    assert ev["upload_id"].tolist() == [res.upload_id, res.upload_id]
    assert ev.iloc[0][["before", "after"]].tolist() == ["committed", "rolled_back"]


def test_every_kind_of_event(con):
    store.rollback(con, _commit(con, [["2021", "3", "강남구", "1-1-1", "9", ""]]).upload_id, "kim")
    _commit(con, [["2021", "4", "강남구", "1-1-1", "10", ""]], "b.csv")
    review.approve(con, "2021Q4", "11680", "lee")
    review.unlock(con, "2021Q4", "11680", "boss", "정정")
    review.explain(con, review.Explanation("1-1-1", "11680", "2021Q4", "원인"), "kim")
    _commit(con, [["2021", "4", "송파구", "1-1-1", "1", ""]], "s.csv", is_sample=True)
    store.remove_sample(con, "boss")
    with pytest.raises(IngestError):
        review.approve(con, "2021Q4", "11710", "kim", scope=set())
    assert set(events(con)["action"]) == set(ACTIONS)
    ex = events(con, "explanation").iloc[0]
    assert ex["indicator_code"] == "1-1-1" and ex["after"] == "원인: 원인" and ex["before"] is None
    assert events(con, "unlock").iloc[0]["detail"].endswith("정정")
    refused = events(con, "refused").iloc[0]
    assert (refused["user"], refused["quarter"], refused["district"]) == ("kim", "2021Q4", "송파구")
    assert events(con, user="LEE")["action"].tolist() == ["approve"]
    assert events(con, quarter="2021Q4", district="11680")["action"].tolist() == [
        "explanation", "unlock", "approve", "upload"]


def test_nothing_in_maeul_deletes_or_updates_an_event():
    pattern = re.compile(r"(DELETE\s+FROM|UPDATE|TRUNCATE|DROP\s+TABLE(\s+IF\s+EXISTS)?)\s+\"?event\b", re.I)
    found = [f"{p.relative_to(ROOT)}" for p in (ROOT / "maeul").rglob("*.py")
             if pattern.search(p.read_text(encoding="utf-8"))]
    assert not found


@pytest.mark.slow  # a database file and three commands
def test_cli_audit_json(tmp_path, capsys):
    from maeul.cli.main import main as cli_main
    from maeul.plan.db import connect

    db = tmp_path / "m.duckdb"
    con = connect(db)
    _commit(con, [["2021", "4", "강남구", "1-1-1", "10", ""]])
    review.approve(con, "2021Q4", "11680", "lee")
    con.close()
    assert cli_main(["audit", "--db", str(db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in rows] == ["approve", "upload"]
    assert set(rows[0]) == {"at", "user", "action", "quarter", "district_code", "detail"}
    assert (rows[0]["user"], rows[0]["quarter"], rows[0]["district_code"]) == ("lee", "2021Q4", "11680")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows[0]["at"])
    assert cli_main(["audit", "--db", str(db), "--format", "json", "--action", "upload", "--district", "강남구"]) == 0
    assert [r["action"] for r in json.loads(capsys.readouterr().out)] == ["upload"]
    assert cli_main(["audit", "--db", str(db), "--action", "erase"]) == 2
