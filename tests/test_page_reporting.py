"""AppTest of the reporting cycle on the pages: a reviewer approves on 보고 현황 and the figure turns from 잠정 to
확정, an admin unlocks with a reason, staff write an explanation on the strategy page's form (within scope), the
upload page opens on what is due, the audit page lists it all, and 'verified figures only' hides provisional ones."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from maeul.auth.users import hash_password
from maeul.plan.db import connect
from maeul.upload import store
from tests.apptest_util import APP, assert_no_exception, make_db, texts, use_db
from tests.fixtures.make_fixtures import ACTUALS, csv_bytes

PW = "long-enough-pw"


@pytest.fixture(scope="module")
def pw_hash():
    return hash_password(PW)


@pytest.fixture
def db(tmp_path):
    path = make_db(tmp_path / "r.duckdb")
    con = connect(path)
    res = store.commit(con, csv_bytes(ACTUALS, [["2021", "4", "강남구", "1-1-1", "3", ""],
                                                ["2021", "4", "강남구", "1-2-1", "2", ""]]), "a.csv", "kim")
    assert res.ok
    con.close()
    return path


def _app(db, pw_hash, page: str, state: dict | None = None) -> AppTest:
    use_db(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"users": {
        "kim": {"role": "staff", "districts": ["강남구"], "password_hash": pw_hash},
        "lee": {"role": "reviewer", "districts": ["강남구"], "password_hash": pw_hash},
        "boss": {"role": "admin", "password_hash": pw_hash}}}
    at.session_state["q"] = "2021Q4"
    for k, v in (state or {}).items():
        at.session_state[k] = v
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    return at


def _login(at, name):
    at.text_input(key="maeul_auth_name").input(name)
    at.text_input(key="maeul_auth_password").input(PW)
    next(b for b in at.button if b.label in ("로그인", "Log in")).click().run()


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _tree_verified(db, pw_hash, **state):
    at = _app(db, pw_hash, "strategy", {"gu": ["11680"], **state})
    assert_no_exception(at)
    tree = next(d.value for d in at.dataframe if "verified" in d.value.columns and "explanation" in d.value.columns)
    return tree.set_index("code")


def test_reviewer_approves_and_the_figure_turns_verified_then_admin_unlocks(db, pw_hash):
    assert _tree_verified(db, pw_hash).loc["1-2-1", "verified"] == "잠정"
    at = _app(db, pw_hash, "reporting")
    assert_no_exception(at)
    assert "승인하려면 검토자 또는 관리자로 로그인하세요." in texts(at)
    _login(at, "lee")
    assert_no_exception(at)
    # lee reviews 강남구 only; its 2021Q4 rows were uploaded today, long after the due date
    assert at.selectbox(key="rp_approve_pick").options == ["강남구 · 지연 보고 · 2개 지표"]
    _button(at, "승인하고 잠그기").click().run()
    assert_no_exception(at)
    assert "승인했습니다" in texts(at)
    con = connect(db)
    assert con.execute("SELECT approved_by, district_code FROM approval").fetchall() == [("lee", "11680")]
    con.close()
    tree = _tree_verified(db, pw_hash)
    assert tree.loc["1-2-1", "verified"] == "확정" and tree.loc["1-1-1", "verified"] == "확정"
    # a reviewer cannot unlock; the admin can, with a reason
    assert not [b for b in at.button if b.label == "잠금 해제"]
    at = _app(db, pw_hash, "reporting")
    _login(at, "boss")
    at.text_input(key="rp_unlock_reason").input("정정 요청")
    _button(at, "잠금 해제").click().run()
    assert_no_exception(at)
    assert "잠금을 풀었습니다" in texts(at)
    assert _tree_verified(db, pw_hash).loc["1-2-1", "verified"] == "잠정"


def test_verified_only_hides_provisional_figures(db, pw_hash):
    tree = _tree_verified(db, pw_hash, verified=True)
    assert tree.loc["1-2-1", "actual"] == "–"
    at = _app(db, pw_hash, "overview", {"verified": True})
    assert "확정 수치만 보는 중" in texts(at)


def test_staff_writes_an_explanation_on_the_strategy_page(db, pw_hash):
    at = _app(db, pw_hash, "upload")
    _login(at, "kim")
    assert_no_exception(at)
    t = texts(at)
    assert "2022Q4 보고 — 마감 2023-01-20" in t  # opens on what is due: the quarter being reported today
    assert any(b.label.endswith("미리 채운 양식 (CSV)") for b in at.get("download_button"))
    at.switch_page("pages/strategy.py").run()
    at.session_state["gu"] = ["11680"]
    at.session_state["ind"] = "1-1-1"
    at.run()
    assert_no_exception(at)
    at.text_area[0].input("행사 취소")
    at.text_area[1].input("하반기 확대")
    next(b for b in at.button if b.label == "저장").click().run()
    assert_no_exception(at)
    con = connect(db)
    assert con.execute('SELECT cause, measure, "user", district_code FROM explanation').fetchall() == [
        ("행사 취소", "하반기 확대", "kim", "11680")]
    con.close()
    audit = _app(db, pw_hash, "audit")
    assert_no_exception(audit)
    shown = audit.dataframe[0].value
    assert list(shown["action"][:2]) == ["설명", "업로드"]


def test_a_file_refused_for_scope_on_the_upload_page_is_recorded_once(db, pw_hash):
    at = _app(db, pw_hash, "upload")
    _login(at, "kim")
    data = csv_bytes(ACTUALS, [["2021", "4", "송파구", "1-1-1", "3", ""]])
    at.file_uploader[0].set_value(("songpa.csv", data, "text/csv")).run()
    assert not at.exception
    assert "저장하지 않았습니다" in texts(at)  # the error box, in Korean
    at.run()  # a rerun with the same file records nothing more
    con = connect(db)
    rows = con.execute("SELECT \"user\", detail FROM event WHERE action = 'refused'").fetchall()
    con.close()
    assert len(rows) == 1 and rows[0][0] == "kim" and "songpa.csv" in rows[0][1] and "outside_user_scope" in rows[0][1]
