"""Review and approval (maeul.upload.review, maeul.read.review): approving locks a period, a later upload or rollback
touching it is refused whole and changes nothing, an admin unlocks it with a reason; verified figures follow the
approvals; explanations round-trip through the template columns, the form and progress — in the library and on the
command line."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from maeul.plan.db import connect
from maeul.read import review as rv
from maeul.upload import review, store
from maeul.upload.errors import IngestError
from tests.conftest import figures_of, fingerprint, refused_events
from tests.fixtures.make_fixtures import ACTUALS, csv_bytes

EXPL = ACTUALS + ["원인", "대책", "대책 담당", "대책 기한"]


def _commit(con, rows, name="a.csv", user="kim", scope=None, header=ACTUALS):
    return store.commit(con, csv_bytes(header, rows), name, user, scope=scope)


def test_approve_locks_the_period_and_a_late_correction_is_refused_whole(con):
    assert _commit(con, [["2021", "4", "강남구", "1-1-1", "10", ""]]).ok
    approval_id = review.approve(con, "2021Q4", "11680", "lee", scope={"11680"})
    assert approval_id == 1
    before = fingerprint(con)
    # one row in the locked period is enough to refuse the whole file (the 서초구 row too)
    res = _commit(con, [["2021", "4", "서초구", "1-1-1", "3", ""], ["2021", "4", "강남구", "1-1-1", "12", ""]], "b.csv")
    assert [(e.row, e.code, e.value) for e in res.errors] == [(3, "period_locked", "2021Q4")]
    assert "승인되어 잠겨" in res.errors[0].message_ko and "locked" in res.errors[0].message_en
    assert "lee" in res.errors[0].message_ko
    assert fingerprint(con) == before  # nothing at all changed, the audit trail included
    # other quarters and districts are not locked
    assert _commit(con, [["2021", "3", "강남구", "1-1-1", "3", ""], ["2021", "4", "서초구", "1-1-1", "3", ""]],
                   "c.csv").ok
    # a rollback of the approved upload is refused too
    with pytest.raises(IngestError) as e:
        store.rollback(con, 1, "kim")
    assert e.value.code == "rollback_period_locked"


def test_the_lock_is_checked_again_inside_the_transaction(con, monkeypatch):
    """An approval between validation and commit: the store refuses inside its transaction."""
    assert _commit(con, [["2021", "4", "강남구", "1-1-1", "10", ""]]).ok
    import maeul.upload.validate as validate_mod

    monkeypatch.setattr(validate_mod, "locked_periods", lambda cur: {})  # validation does not see the lock
    review.approve(con, "2021Q4", "11680", "lee")
    before = fingerprint(con)
    res = _commit(con, [["2021", "4", "강남구", "1-1-1", "12", ""]], "b.csv")
    assert [e.code for e in res.errors] == ["period_locked"] and res.upload_id is None
    assert fingerprint(con) == before


def test_budget_rows_of_a_locked_period_are_refused(con):
    line = con.execute("SELECT code FROM budget_line WHERE funding = '예산' ORDER BY code LIMIT 1").fetchone()[0]
    header = ["연도", "분기", "자치구", "예산코드", "집행액(백만원)", "비고"]
    review.approve(con, "2021Q2", None, "boss")
    res = store.commit(con, csv_bytes(header, [["2021", "2", "", line, "10", ""]]), "b.csv", "kim")
    assert [e.code for e in res.errors] == ["period_locked"] and "서울시" in res.errors[0].message_ko


def test_unlock_needs_an_admin_and_a_reason_then_uploads_work_again(con):
    assert _commit(con, [["2021", "4", "강남구", "1-1-1", "10", ""]]).ok
    review.approve(con, "2021Q4", "11680", "lee")
    with pytest.raises(IngestError) as e:
        review.unlock(con, "2021Q4", "11680", "lee", "정정", admin=False)
    assert e.value.code == "unlock_admin_only" and refused_events(con) == 1
    with pytest.raises(IngestError) as e:
        review.unlock(con, "2021Q4", "11680", "boss", "   ")
    assert e.value.code == "unlock_reason_needed"
    with pytest.raises(IngestError) as e:
        review.unlock(con, "2021Q4", "11710", "boss", "정정")
    assert e.value.code == "not_approved"
    assert review.unlock(con, "2021Q4", "11680", "boss", "오류 정정") == 1
    row = con.execute("SELECT unlocked_by, unlock_reason FROM approval WHERE approval_id = 1").fetchone()
    assert row == ("boss", "오류 정정")
    assert _commit(con, [["2021", "4", "강남구", "1-1-1", "12", ""]], "b.csv").ok
    assert review.approve(con, "2021Q4", "11680", "lee") == 2  # approved again: a new approval row
    assert con.execute("SELECT count(*) FROM approval").fetchone()[0] == 2  # nothing deleted


def test_approve_refusals(con):
    with pytest.raises(IngestError) as e:
        review.approve(con, "2021Q4", "11710", "lee", scope={"11680"})  # a 강남구 reviewer, 송파구
    assert e.value.code == "approve_not_allowed" and "송파구" in e.value.message_ko
    with pytest.raises(IngestError) as e:
        review.approve(con, "2021Q4", "11680", "kim", scope=set())  # staff: no approval scope
    assert e.value.code == "approve_not_allowed"
    assert refused_events(con) == 2 and con.execute("SELECT count(*) FROM approval").fetchone()[0] == 0
    review.approve(con, "2021Q4", None, "boss")
    with pytest.raises(IngestError) as e:
        review.approve(con, "2021Q4", None, "boss")
    assert e.value.code == "already_approved"
    with pytest.raises(ValueError):
        review.approve(con, "2031Q1", None, "boss")


# --- verified figures -----------------------------------------------------------------------------------------------

def _verified(con, as_of, district, code):
    df = rv.progress(con, as_of, district)
    return df.set_index("code").loc[code, "verified"]


@pytest.mark.slow  # ~1.2 s: a dozen progress calls
def test_verified_follows_the_approvals_of_the_periods_a_figure_is_made_of(con):
    # 1-1-1: annual count; 3-1-3: cumulative; 4-1-1: level (district rows allowed)
    rows = [["2021", q, "강남구", c, "5", ""] for q in ("1", "2") for c in ("1-1-1", "3-1-3", "4-1-1")]
    rows += [["2020", "4", "강남구", "3-1-3", "4", ""]]
    assert _commit(con, rows).ok
    assert _verified(con, "2021Q2", "11680", "1-1-1") is False
    assert _verified(con, "2021Q2", "11680", "1-2-1") is None  # no data
    review.approve(con, "2021Q2", "11680", "lee")
    assert _verified(con, "2021Q2", "11680", "4-1-1") is True   # a level: its latest quarter
    assert _verified(con, "2021Q2", "11680", "1-1-1") is False  # annual: 2021Q1 is not approved yet
    review.approve(con, "2021Q1", "11680", "lee")
    assert _verified(con, "2021Q2", "11680", "1-1-1") is True
    assert _verified(con, "2021Q2", "11680", "3-1-3") is False  # a running total: 2020Q4 too
    review.approve(con, "2020Q4", "11680", "lee")
    assert _verified(con, "2021Q2", "11680", "3-1-3") is True
    # citywide counts are made of every district's rows and the city's: approved here
    assert _verified(con, "2021Q2", None, "1-1-1") is True
    assert _commit(con, [["2021", "2", "서초구", "1-1-1", "5", ""]], "b.csv").ok
    assert _verified(con, "2021Q2", None, "1-1-1") is False
    assert _verified(con, "2021Q2", ("11680", "11650"), "1-1-1") is False
    review.unlock(con, "2021Q1", "11680", "boss", "정정")
    assert _verified(con, "2021Q2", "11680", "1-1-1") is False


def test_sample_is_never_verified_published_always(con):
    from tests.fixtures.make_fixtures import csv_bytes as _csv

    res = store.commit(con, _csv(ACTUALS, [["2021", "1", "강남구", "1-1-1", "5", ""]]), "s.csv", "t", is_sample=True)
    assert res.ok
    review.approve(con, "2021Q1", "11680", "lee")
    assert _verified(con, "2021Q1", "11680", "1-1-1") is False
    published = con.execute("SELECT indicator_code FROM published_actual WHERE district_code IS NULL "
                            "AND year BETWEEN 2018 AND 2021 LIMIT 1").fetchone()[0]
    df = rv.progress(con, "2021Q4", None).set_index("code")
    assert df.loc[published, "source"] == "공표" and df.loc[published, "verified"] is True


def test_verified_only_hides_provisional_figures_and_keeps_the_plan(con):
    assert _commit(con, [["2021", "1", "강남구", "1-1-1", "5", ""], ["2021", "1", "강남구", "1-2-1", "1", ""]]).ok
    full = rv.progress(con, "2021Q1", "11680").set_index("code")
    only = rv.progress(con, "2021Q1", "11680", verified_only=True).set_index("code")
    assert full.loc["1-1-1", "actual"] == 5 and full.loc["1-1-1", "verified"] is False
    assert only.loc["1-1-1", "actual"] is None and only.loc["1-1-1", "status"] == "자료 없음"
    assert only.loc["1-1-1", "rate"] is None and only.loc["1-1-1", "source"] is None
    assert only.loc["1-1-1", "target"] == full.loc["1-1-1", "target"]  # the plan side stays
    review.approve(con, "2021Q1", "11680", "lee")
    only = rv.progress(con, "2021Q1", "11680", verified_only=True).set_index("code")
    assert only.loc["1-1-1", "actual"] == 5 and only.loc["1-1-1", "verified"] is True
    by_d = rv.progress_by_district(con, "2021Q1", codes=("1-1-1",), verified_only=True).set_index("district")
    assert by_d.loc["11680", "verified"] is True and by_d.loc["11680", "actual"] == 5
    assert by_d.loc["11650", "verified"] is None
    # the map's and the district comparison's measures follow the same switch
    from maeul.read.districts import district_measure

    assert _commit(con, [["2021", "1", "서초구", "1-1-1", "4", ""]], "b.csv").ok
    m = district_measure(con, "ind_actual", "2021Q1", "dong", "1-1-1", True).set_index("district_code")
    assert m.loc["11680", "value"] == 5 and pd.isna(m.loc["11650", "value"])
    m = district_measure(con, "ind_actual", "2021Q1", "dong", "1-1-1").set_index("district_code")
    assert m.loc["11650", "value"] == 4


# --- explanations ---------------------------------------------------------------------------------------------------

def test_explanations_round_trip_through_the_template_columns(con):
    rows = [["2021", "4", "강남구", "1-1-1", "3", "", "행사 취소", "하반기 집중 운영", "마을공동체팀", "2022.3.31"],
            ["2021", "4", "강남구", "1-2-1", "1", "", "", "", "", ""]]
    res = _commit(con, rows, header=EXPL)
    assert res.ok, [e.message_ko for e in res.errors]
    ex = rv.explanations(con, "2021Q4", "11680")
    assert len(ex) == 1
    e = ex.iloc[0].to_dict()
    assert (e["indicator_code"], e["cause"], e["measure"], e["measure_owner"], str(e["measure_due"])[:10],
            e["upload_id"], e["user"]) == ("1-1-1", "행사 취소", "하반기 집중 운영", "마을공동체팀", "2022-03-31",
                                            res.upload_id, "kim")
    assert e["text"] == "원인: 행사 취소 / 대책: 하반기 집중 운영 (담당: 마을공동체팀, 기한: 2022-03-31)"
    prog = rv.progress(con, "2021Q4", "11680").set_index("code")
    assert prog.loc["1-1-1", "explanation"] == e["text"] and prog.loc["1-2-1", "explanation"] is None
    assert rv.progress(con, "2021Q4", None).set_index("code").loc["1-1-1", "explanation"] is None  # the city's own
    two = rv.progress(con, "2021Q4", ("11680", "11650")).set_index("code")
    assert two.loc["1-1-1", "explanation"] == "강남구: " + e["text"]


def test_bad_explanation_cells_refuse_the_file(con):
    res = _commit(con, [["2021", "4", "강남구", "1-1-1", "3", "", "", "", "담당자", "다음 달"]], header=EXPL)
    assert sorted(e.code for e in res.errors) == ["bad_date", "explanation_empty"]
    res = _commit(con, [["2021", "4", "강남구", "1-1-1", "3", "", "x" * 2001, "", "", ""]], header=EXPL)
    assert [e.code for e in res.errors] == ["text_too_long"]


def test_the_form_writes_within_scope_and_a_newer_explanation_supersedes(con):
    e = review.Explanation("1-1-1", "11680", "2021Q4", " 참여 저조 ", "홍보 강화", "", "2022-02-28")
    out = review.explain(con, e, "kim", scope={"11680"})
    assert (out.cause, out.measure, out.measure_owner, str(out.measure_due)) == ("참여 저조", "홍보 강화", None,
                                                                                   "2022-02-28")
    review.explain(con, review.Explanation("1-1-1", "11680", "2021Q4", "참여 저조 (수정)", None), "kim",
                   scope={"11680"})
    ex = rv.explanations(con, "2021Q4", "11680")
    assert ex["text"].tolist() == ["원인: 참여 저조 (수정)"]
    assert con.execute("SELECT count(*) FROM explanation").fetchone()[0] == 2  # the older one stays
    with pytest.raises(IngestError) as err:
        review.explain(con, review.Explanation("1-1-1", "11710", "2021Q4", "x"), "kim", scope={"11680"})
    assert err.value.code == "explanation_outside_scope" and refused_events(con) == 1
    for bad, code in [(review.Explanation("1-1-2", "11680", "2021Q4", "x"), "explanation_citywide_only"),
                      (review.Explanation("9-9-9", None, "2021Q4", "x"), "explanation_unknown_indicator"),
                      (review.Explanation("1-1-1", None, "2021Q4", " ", ""), "explanation_empty"),
                      (review.Explanation("1-1-1", None, "2021Q4", "x", None, None, "soon"), "bad_due_date")]:
        with pytest.raises(IngestError) as err:
            review.explain(con, bad, "boss")
        assert err.value.code == code


# --- the command line ---------------------------------------------------------------------------------------------

@pytest.fixture
def secrets(tmp_path):
    from maeul.auth.users import hash_password

    pw = hash_password("long-enough-pw")
    p = tmp_path / "secrets.toml"
    p.write_text(f'[auth.users.kim]\nrole = "staff"\ndistricts = ["강남구"]\npassword_hash = "{pw}"\n'
                 f'[auth.users.lee]\nrole = "reviewer"\ndistricts = ["강남구"]\npassword_hash = "{pw}"\n'
                 f'[auth.users.boss]\nrole = "admin"\npassword_hash = "{pw}"\n', encoding="utf-8")
    return p


@pytest.mark.slow  # ~4 s: a database file and a dozen commands
def test_cli_approve_unlock_and_a_locked_ingest(tmp_path, secrets, capsys):
    from maeul.cli.main import main as cli_main

    db = tmp_path / "m.duckdb"
    connect(db).close()
    first, late = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes(csv_bytes(EXPL, [["2021", "4", "강남구", "1-1-1", "3", "", "행사 취소", "", "", ""]]))
    late.write_bytes(csv_bytes(ACTUALS, [["2021", "4", "강남구", "1-1-1", "4", ""]]))
    run = [f"--db={db}", f"--secrets={secrets}"]
    assert cli_main(["ingest", str(first), "--user", "kim", *run]) == 0
    assert cli_main(["approve", "2021Q4", "--district", "강남구", "--user", "kim", *run]) == 1  # staff
    assert cli_main(["approve", "2021Q4", "--district", "송파구", "--user", "lee", *run]) == 1  # not lee's
    assert cli_main(["approve", "2021Q4", "--district", "없는구", "--user", "lee", *run]) == 2
    assert cli_main(["approve", "2021Q4", "--district", "강남구", "--user", "lee", *run]) == 0
    capsys.readouterr()
    assert cli_main(["progress", "--as-of", "2021Q4", "--district", "강남구", "--format", "json", f"--db={db}"]) == 0
    row = next(r for r in json.loads(capsys.readouterr().out) if r["code"] == "1-1-1")
    assert (row["verified"], row["explanation"]) == (True, "원인: 행사 취소")
    con = connect(db)
    before = fingerprint(con)
    con.close()
    assert cli_main(["ingest", str(late), "--user", "kim", *run]) == 1
    assert "잠겨" in capsys.readouterr().out
    con = connect(db)
    assert fingerprint(con) == before  # the database is unchanged
    con.close()
    assert cli_main(["unlock", "2021Q4", "--district", "11680", "--user", "lee", "--reason", "x", *run]) == 1
    assert cli_main(["unlock", "2021Q4", "--district", "11680", "--user", "boss", *run[:1], "--reason", "정정"]) == 0
    assert cli_main(["ingest", str(late), "--user", "kim", *run]) == 0
    capsys.readouterr()
    assert cli_main(["progress", "--as-of", "2021Q4", "--district", "11680", "--format", "json", f"--db={db}"]) == 0
    row = next(r for r in json.loads(capsys.readouterr().out) if r["code"] == "1-1-1")
    assert row["verified"] is False and row["actual"] == 4
    # the operator (a name not in the secrets) may approve, and is recorded
    assert cli_main(["approve", "2021Q4", "--user", "operator-park", *run]) == 0
    con = connect(db)
    assert con.execute("SELECT approved_by FROM approval WHERE district_code IS NULL").fetchone() == ("operator-park",)
    assert figures_of(fingerprint(con)) != figures_of(before)
    con.close()


def test_the_sidebar_reads_verified_only_from_the_url():
    from maeul.web.sidebar import _parse_url, _url_value

    assert _parse_url("verified", ["1"], set()) is True and _parse_url("verified", ["0"], set()) is False
    assert _parse_url("verified", ["yes"], set()) is None  # anything else is ignored
    assert _url_value("verified", True) == "1" and _url_value("verified", False) is None


def test_the_reviewer_role(capsys, monkeypatch):
    from maeul.auth import users as auth
    from maeul.cli.main import main as cli_main

    h = auth.hash_password("long-enough-pw")
    users = auth.load_users({"lee": {"role": "reviewer", "districts": ["강남구", "서울시"], "password_hash": h},
                             "kim": {"role": "staff", "districts": ["강남구"], "password_hash": h},
                             "boss": {"role": "admin", "password_hash": h}})
    lee, kim, boss = users["lee"], users["kim"], users["boss"]
    assert (lee.review_scope, lee.scope, lee.can_review, lee.can_upload) == ({"11680", None}, set(), True, False)
    assert (kim.review_scope, kim.can_review) == (set(), False)
    assert (boss.review_scope, boss.can_review) == (None, True)
    with pytest.raises(auth.AuthConfigError) as e:
        auth.load_users({"lee": {"role": "reviewer", "password_hash": h}})
    assert "reviewer needs at least one district" in e.value.problems[0]
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough-pw\n"))
    assert cli_main(["user", "add", "park", "--role", "reviewer", "--district", "송파구", "--password-stdin"]) == 0
    out = capsys.readouterr().out
    assert 'role = "reviewer"' in out and 'districts = ["송파구"]' in out
