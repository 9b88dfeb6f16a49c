"""Commit, supersede, history, duplicate files, rollback, listing."""

from __future__ import annotations

import hashlib

import pytest
from conftest import fingerprint
from fixtures.make_fixtures import ACTUALS, BUDGET, SPACES, codes, csv_bytes, xlsx_bytes

from maeul.plan.db import data_version
from maeul.read.uploads import has_sample_rows as has_sample
from maeul.read.uploads import latest_upload, list_uploads, raw_bytes
from maeul.upload.errors import IngestError
from maeul.upload.history import history
from maeul.upload.store import commit, remove_sample, rollback


def _actuals(con, values: dict[tuple, str], note: str = "") -> bytes:
    """values: {(district, year, quarter): value} for the test indicator."""
    c = codes(con)
    return csv_bytes(ACTUALS, [[str(y), str(q), d, c.count_both, v, note] for (d, y, q), v in values.items()])


def _current(con) -> list[tuple]:
    return con.execute("SELECT indicator_code, district_code, year, quarter, value, stage, note FROM actual_current "
                       "ORDER BY ALL").fetchall()


def test_commit_records_the_upload(con):
    data = _actuals(con, {("강남구", 2019, 1): "10", ("", 2019, 1): "100"})
    v0 = data_version(con)
    res = commit(con, data, "/some/dir/2019Q1.csv", "김담당")
    assert res.errors == [] and not res.duplicate and res.rows == 2 and res.kind == "actuals"
    assert res.counts == {"new": 2, "superseding": 0, "unchanged": 0}
    up = list_uploads(con)
    assert list(up.columns[:10]) == ["upload_id", "uploaded_at", "user", "file_name", "sha256", "kind", "rows",
                                     "encoding", "status", "is_sample"]
    row = up.iloc[0]
    assert (row.upload_id, row.user, row.file_name, row.kind, row.rows, row.encoding, row.status, row.is_sample) == (
        res.upload_id, "김담당", "2019Q1.csv", "actuals", 2, "utf-8-sig", "committed", False)
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert raw_bytes(con, res.upload_id) == data
    assert data_version(con) == v0 + 1
    assert latest_upload(con)["upload_id"] == res.upload_id
    c = codes(con)
    assert _current(con) == [(c.count_both, "11680", 2019, 1, 10.0, None, None),
                             (c.count_both, None, 2019, 1, 100.0, None, None)]


def test_xlsx_raw_bytes_kept(con):
    c = codes(con)
    data = xlsx_bytes(BUDGET, [["2020", "4", "", c.line_ok, "55.5", ""]])
    res = commit(con, data, "b.xlsx", "t")
    assert res.errors == [] and raw_bytes(con, res.upload_id) == data
    assert con.execute("SELECT line_code, district_code, year, quarter, amount_mn FROM budget_execution_current"
                       ).fetchall() == [(c.line_ok, None, 2020, 4, 55.5)]


def test_supersede_keeps_old_rows_and_history(con):
    r1 = commit(con, _actuals(con, {("강남구", 2019, 1): "10", ("종로구", 2019, 1): "3"}), "1.csv", "a")
    r2 = commit(con, _actuals(con, {("강남구", 2019, 1): "12"}, note="정정"), "2.csv", "b")
    assert r2.counts == {"new": 0, "superseding": 1, "unchanged": 0}
    assert con.execute("SELECT count(*) FROM actual").fetchone()[0] == 3  # nothing deleted
    cur = {(d, v) for _, d, _, _, v, _, _ in _current(con)}
    assert cur == {("11680", 12.0), ("11110", 3.0)}

    c = codes(con)
    h = history(con, "actuals", {"indicator_code": c.count_both, "district_code": "11680", "year": 2019,
                                 "quarter": 1})
    assert h["upload_id"].tolist() == [r1.upload_id, r2.upload_id]
    assert h["value"].tolist() == [10.0, 12.0]
    assert h["current"].tolist() == [False, True]
    assert h["user"].tolist() == ["a", "b"] and h["note"].tolist()[1] == "정정"
    # names and aliases work in the key; a partial key gives every matching key
    h2 = history(con, "actuals", {"indicator": c.count_both, "district": "강남구"})
    assert h2["upload_id"].tolist() == [r1.upload_id, r2.upload_id]
    assert len(history(con, "actuals", {"indicator_code": c.count_both})) == 3
    assert len(history(con, "actuals", {"district_code": None})) == 0


def test_history_other_kinds_and_bad_keys(con):
    c = codes(con)
    commit(con, csv_bytes(BUDGET, [["2019", "1", "", c.line_ok, "5", ""]]), "b1.csv", "t")
    commit(con, csv_bytes(BUDGET, [["2019", "1", "", c.line_ok, "7", ""]]), "b2.csv", "t")
    h = history(con, "budget", {"line_code": c.line_ok, "district_code": None, "year": 2019, "quarter": 1})
    assert h["amount_mn"].tolist() == [5.0, 7.0] and h["current"].tolist() == [False, True]
    sp = ["공간", "기타", "강남구", "", "", "37.5", "127.0", "", "", "N", ""]
    commit(con, csv_bytes(SPACES, [sp]), "s.csv", "t")
    h = history(con, "spaces", {"district_code": "11680", "name": "공간"})
    assert len(h) == 1 and h["current"].tolist() == [True]
    with pytest.raises(IngestError) as e:
        history(con, "actuals", {"colour": "red"})
    assert e.value.code == "bad_history_key"
    with pytest.raises(IngestError):
        history(con, "people", {})


def test_same_file_twice_is_a_duplicate_and_changes_nothing(con):
    data = _actuals(con, {("강남구", 2019, 1): "10"})
    first = commit(con, data, "a.csv", "t")
    before = fingerprint(con)
    again = commit(con, data, "renamed.csv", "someone else")
    assert again.duplicate and again.upload_id == first.upload_id and again.rows == 0 and again.errors == []
    assert fingerprint(con) == before  # not even the data version moved


def test_rolled_back_file_can_be_uploaded_again(con):
    data = _actuals(con, {("강남구", 2019, 1): "10"})
    first = commit(con, data, "a.csv", "t")
    rollback(con, first.upload_id, "t")
    again = commit(con, data, "a.csv", "t")
    assert not again.duplicate and again.upload_id != first.upload_id
    assert [r[4] for r in _current(con)] == [10.0]


def test_rollback_of_the_latest_of_three_restores_the_second_exactly(con):
    commit(con, _actuals(con, {("강남구", 2019, 1): "10", ("종로구", 2019, 1): "3", ("", 2019, 1): "90"}), "1.csv", "t")
    commit(con, _actuals(con, {("강남구", 2019, 1): "11", ("중구", 2019, 2): "4"}, note="둘째"), "2.csv", "t")
    after_second = _current(con)
    after_second_budget = con.execute("SELECT * FROM budget_execution_current ORDER BY ALL").fetchall()
    third = commit(con, _actuals(con, {("강남구", 2019, 1): "15", ("종로구", 2019, 1): "5", ("성북구", 2019, 3): "1"},
                                 note="셋째"), "3.csv", "t")
    assert _current(con) != after_second
    v = data_version(con)
    rollback(con, third.upload_id, "관리자")
    assert _current(con) == after_second
    assert con.execute("SELECT * FROM budget_execution_current ORDER BY ALL").fetchall() == after_second_budget
    assert data_version(con) == v + 1
    up = con.execute("SELECT status, rolled_back_by, rolled_back_at IS NOT NULL FROM upload WHERE upload_id = ?",
                     [third.upload_id]).fetchone()
    assert up == ("rolled_back", "관리자", True)
    assert con.execute("SELECT count(*) FROM actual").fetchone()[0] == 8  # rows are never deleted
    h = history(con, "actuals", {"district_code": "11680", "year": 2019, "quarter": 1})
    assert h["status"].tolist() == ["committed", "committed", "rolled_back"]
    assert h["current"].tolist() == [False, True, False]
    assert latest_upload(con)["upload_id"] == third.upload_id - 1


def test_rollback_of_an_older_upload_keeps_later_values(con):
    first = commit(con, _actuals(con, {("강남구", 2019, 1): "10", ("종로구", 2019, 1): "3"}), "1.csv", "t")
    commit(con, _actuals(con, {("강남구", 2019, 1): "11"}), "2.csv", "t")
    rollback(con, first.upload_id, "t")
    assert {(d, v) for _, d, _, _, v, _, _ in _current(con)} == {("11680", 11.0)}


def test_rollback_refusals(con):
    res = commit(con, _actuals(con, {("강남구", 2019, 1): "10"}), "1.csv", "t")
    with pytest.raises(IngestError) as e:
        rollback(con, 999, "t")
    assert e.value.code == "upload_not_found" and "999" in str(e.value)
    with pytest.raises(IngestError) as e:
        rollback(con, res.upload_id, "t", scope={"11110"})
    assert e.value.code == "rollback_outside_scope"
    before = fingerprint(con)
    rollback(con, res.upload_id, "t", scope={"11680"})
    assert fingerprint(con) != before
    before = fingerprint(con)
    with pytest.raises(IngestError) as e:
        rollback(con, res.upload_id, "t")
    assert e.value.code == "already_rolled_back"
    assert e.value.message_ko in str(e.value) and e.value.message_en in str(e.value)
    assert fingerprint(con) == before


def test_commit_with_errors_writes_nothing(con):
    before = fingerprint(con)
    res = commit(con, _actuals(con, {("강남구", 2019, 1): "10", ("없는구", 2019, 1): "3"}), "bad.csv", "t")
    assert res.upload_id is None and [e.code for e in res.errors] == ["unknown_district"]
    assert fingerprint(con) == before


def test_failure_inside_the_transaction_leaves_nothing(con, monkeypatch):
    import maeul.plan.write as write

    before = fingerprint(con)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(write, "bump_data_version", broken)
    with pytest.raises(RuntimeError):
        commit(con, _actuals(con, {("강남구", 2019, 1): "10"}), "a.csv", "t")
    after = fingerprint(con)
    after.pop("seq:upload_seq"), before.pop("seq:upload_seq")  # a sequence may advance; ids may skip
    assert after == before
    monkeypatch.undo()
    assert commit(con, _actuals(con, {("강남구", 2019, 1): "10"}), "a.csv", "t").errors == []


def test_sample_flag_and_remove_sample(con):
    assert not has_sample(con)
    s = commit(con, _actuals(con, {("강남구", 2019, 1): "10"}, note="예시 데이터"), "s.csv", "t", is_sample=True)
    real = commit(con, _actuals(con, {("종로구", 2019, 1): "3"}), "r.csv", "t")
    assert has_sample(con)
    assert con.execute("SELECT is_sample FROM actual_current WHERE district_code = '11680'").fetchone()[0] is True
    assert remove_sample(con, "관리자") == 1
    assert not has_sample(con)
    assert {r[1] for r in _current(con)} == {"11110"}
    assert con.execute("SELECT status FROM upload WHERE upload_id = ?", [s.upload_id]).fetchone()[0] == "rolled_back"
    assert con.execute("SELECT status FROM upload WHERE upload_id = ?", [real.upload_id]).fetchone()[0] == "committed"
    before = fingerprint(con)
    assert remove_sample(con, "관리자") == 0
    assert fingerprint(con) == before


def test_latest_upload_empty(con):
    assert latest_upload(con) is None
    assert list_uploads(con).empty
