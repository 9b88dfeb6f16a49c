"""AppTest for the upload page: no accounts, staff login → CP949 upload → preview → commit, bad file errors,
rollback, admin sample load/remove."""

from __future__ import annotations

import pytest

from maeul.auth.users import hash_password
from maeul.plan.db import connect
from tests.apptest_util import assert_no_exception, make_db, run_page, texts

PW = "long-enough-pw"


@pytest.fixture(scope="module")
def hashes():
    return {"kim": hash_password(PW), "boss": hash_password(PW + "!")}


def secrets(hashes):
    return {"users": {"kim": {"role": "staff", "districts": ["강남구"], "password_hash": hashes["kim"]},
                      "boss": {"role": "admin", "password_hash": hashes["boss"]}}}


def login(at, name, pw):
    at.text_input(key="maeul_auth_name").input(name)
    at.text_input(key="maeul_auth_password").input(pw)
    next(b for b in at.button if b.label in ("로그인", "Log in")).click().run()




def run_with_secrets(db, hashes):
    from streamlit.testing.v1 import AppTest

    from tests.apptest_util import APP, use_db

    use_db(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = secrets(hashes)
    at.run()
    at.switch_page("pages/upload.py").run()
    return at


def test_without_accounts_reading_works_and_upload_explains(tmp_path):
    db = make_db(tmp_path / "u.duckdb")
    at = run_page("upload", db)
    assert_no_exception(at)
    assert "계정이 설정되어 있지 않습니다" in texts(at)
    assert len(at.get("download_button")) >= 6  # CSV + XLSX template per kind


def test_staff_uploads_cp949_previews_and_commits(tmp_path, hashes):
    db = make_db(tmp_path / "u.duckdb")
    at = run_with_secrets(db, hashes)
    login(at, "kim", PW)
    assert "업로드 가능 범위" in texts(at)
    data = "연도,분기,자치구,지표코드,실적,비고\n2019,2,강남,1-1-1,\"1,000\",똠 뷁\n".encode("cp949")
    at.file_uploader[0].set_value(("강남.csv", data, "text/csv")).run()
    assert_no_exception(at)
    t = texts(at)
    assert "cp949" in t and "미리보기" in t
    next(b for b in at.button if b.label == "저장하기").click().run()
    assert_no_exception(at)
    assert "저장했습니다" in texts(at)
    con = connect(db)
    assert con.execute("SELECT value, note FROM actual").fetchall() == [(1000.0, "똠 뷁")]
    con.close()


def test_bad_file_shows_korean_errors_and_saves_nothing(tmp_path, hashes):
    db = make_db(tmp_path / "u.duckdb")
    at = run_with_secrets(db, hashes)
    login(at, "kim", PW)
    data = ("연도,분기,자치구,지표코드,실적,비고\n2030,5,송파구,9-9-9,abc,\n"
            f"2022,4,강남구,1-1-1,{'9' * 40},\n").encode("utf-8-sig")
    at.file_uploader[0].set_value(("bad.csv", data, "text/csv")).run()
    assert "저장하지 않았습니다" in texts(at)
    errs = next(d.value for d in at.dataframe if "행(엑셀)" in d.value.columns)  # after the due table
    assert set(errs["행(엑셀)"]) == {"2", "3"} and len(errs) >= 5
    assert any("알 수 없는 지표코드" in m for m in errs["설명"])
    # a long message, cut off in its table cell, reaches the page in full (the list below the table)
    long_message = next(m for m in errs["설명"] if "9" * 40 in m)
    assert len(long_message) > 60
    full = next(e for e in at.expander if "오류 설명 전체 보기" in e.label)
    shown = " ".join(md.value for md in full.markdown).replace("\\", "")
    assert long_message in shown and "- **3행 · 실적** — " in shown
    assert not [b for b in at.button if b.label == "저장하기"]
    con = connect(db)
    assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 0
    con.close()


def test_an_implausible_value_is_stored_only_once_confirmed(tmp_path, hashes):
    db = make_db(tmp_path / "u.duckdb")
    at = run_with_secrets(db, hashes)
    login(at, "kim", PW)
    data = "연도,분기,자치구,지표코드,실적,비고\n2019,2,강남구,1-1-1,999999,\n".encode("utf-8-sig")
    at.file_uploader[0].set_value(("big.csv", data, "text/csv")).run()
    assert_no_exception(at)
    assert "10배를 넘습니다" in texts(at) and "미리보기" in texts(at)
    commit_button = next(b for b in at.button if b.label == "저장하기")
    assert commit_button.disabled
    at.checkbox(key="confirm_implausible").check().run()
    next(b for b in at.button if b.label == "저장하기").click().run()
    assert_no_exception(at)
    assert "저장했습니다" in texts(at)
    con = connect(db)
    assert con.execute("SELECT value FROM actual").fetchall() == [(999999.0,)]
    con.close()


def test_admin_loads_and_removes_sample(tmp_path, hashes):
    db = make_db(tmp_path / "u.duckdb")
    at = run_with_secrets(db, hashes)
    login(at, "boss", PW + "!")
    next(b for b in at.button if b.label == "예시 데이터 불러오기").click().run()
    assert_no_exception(at)
    assert "예시 데이터" in texts(at)
    con = connect(db)
    assert con.execute("SELECT count(*) FROM upload WHERE is_sample").fetchone()[0] > 0
    con.close()
    next(b for b in at.button if b.label == "예시 데이터 모두 지우기").click().run()
    assert_no_exception(at)
    con = connect(db)
    assert con.execute("SELECT count(*) FROM upload WHERE is_sample AND status = 'committed'").fetchone()[0] == 0
    con.close()


def test_admin_backup_button_writes_a_copy(tmp_path, hashes):
    db = make_db(tmp_path / "u.duckdb")
    at = run_with_secrets(db, hashes)
    login(at, "boss", PW + "!")
    next(b for b in at.button if b.label == "백업 만들기").click().run()
    assert_no_exception(at)
    assert "백업을 저장했습니다" in texts(at)
    copies = list((tmp_path / "backups").glob("*.duckdb"))
    assert len(copies) == 1
    assert connect(copies[0]).execute("SELECT count(*) FROM indicator").fetchone()[0] > 0


@pytest.mark.parametrize("kind,data", [
    ("budget", "연도,분기,자치구,예산코드,집행액(백만원),비고\n2019,1,,1-1-1-B1,\"1,000\",=cmd\n"),
    ("spaces", "이름,유형,자치구,행정동코드,주소,위도,경도,개소일,폐소일,열린육아방,비고\n"
               "역삼 마을공간,우리마을공간,강남구,,강남구 역삼동,37.50,127.04,2019-03-01,,Y,\n"),
])
def test_budget_and_spaces_previews_commit(tmp_path, hashes, kind, data):
    db = make_db(tmp_path / "u.duckdb")
    at = run_with_secrets(db, hashes)
    login(at, "boss", PW + "!")
    at.file_uploader[0].set_value((f"{kind}.csv", data.encode("utf-8-sig"), "text/csv")).run()
    assert_no_exception(at)
    assert "미리보기" in texts(at)
    next(b for b in at.button if b.label == "저장하기").click().run()
    assert "저장했습니다" in texts(at)
    table = {"budget": "budget_execution", "spaces": "space"}[kind]
    con = connect(db)
    assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1
    con.close()


def test_another_sessions_pages_show_new_data_on_their_next_rerun(tmp_path):
    """Pages are drawn from cache.memo, shared by sessions and keyed by the data version: data committed elsewhere
    (here straight through maeul.upload.store on the app's connection, without the upload page's cache clearing) must
    reach another session's next rerun, not a figure built before it."""
    from maeul.upload import store
    from maeul.web import cache
    db = make_db(tmp_path / "u.duckdb")
    viewer = run_page("overview", db, q="2019Q4", gu=("11680",))
    assert_no_exception(viewer)

    def latest_upload(at):
        return next(m.value for m in at.metric if m.label == "최근 업로드")

    def progress(at):
        return [m.value for m in at.metric if m.label == "진도 (기대치 대비)"]

    before = progress(viewer)
    viewer.run()  # a rerun before any change: served from memo, unchanged
    assert latest_upload(viewer) == "업로드 없음" and progress(viewer) == before

    data = "연도,분기,자치구,지표코드,실적\n2019,4,강남구,1-1-1,30\n".encode("cp949")
    res = store.commit(cache.get_con(), data, "강남.csv", "kim")
    assert res.upload_id and not res.errors

    viewer.run()
    assert_no_exception(viewer)
    assert latest_upload(viewer) != "업로드 없음"
    assert progress(viewer) != before  # 강남구's 사회적 우정 card now has a rated indicator


# --- issue 16: consecutive step numbers, rollback with confirmation ----------------------------------------------

def _steps(at) -> list[int]:
    import re

    return [int(m.group(1)) for h in at.subheader if (m := re.match(r"^(\d+)\. ", str(h.value)))]


GOOD = "연도,분기,자치구,지표코드,실적,비고\n2019,2,강남구,1-1-1,\"1,000\",\n".encode("utf-8-sig")
BAD = "연도,분기,자치구,지표코드,실적,비고\n2030,5,송파구,9-9-9,abc,\n".encode("utf-8-sig")


def test_step_numbers_are_consecutive_for_every_role_and_state(tmp_path, hashes):
    db = make_db(tmp_path / "u.duckdb")
    at = run_with_secrets(db, hashes)
    assert _steps(at) == [1, 2]  # a viewer: templates, history
    login(at, "kim", PW)
    assert _steps(at) == [1, 2, 3]  # staff, no file yet: templates, upload, history
    at.file_uploader[0].set_value(("bad.csv", BAD, "text/csv")).run()
    assert _steps(at) == [1, 2, 3]  # errors: no preview step, and no gap
    at.file_uploader[0].set_value(("good.csv", GOOD, "text/csv")).run()
    assert _steps(at) == [1, 2, 3, 4]  # with the preview
    at = run_with_secrets(db, hashes)
    login(at, "boss", PW + "!")
    at.file_uploader[0].set_value(("good.csv", GOOD, "text/csv")).run()
    assert _steps(at) == [1, 2, 3, 4, 5]  # the admin's backup step too
    assert_no_exception(at)


def _history(at):
    return next(d.value for d in at.dataframe if "상태" in d.value.columns and "되돌린 시각" in d.value.columns)


def test_rollback_asks_first_then_shows_the_result_on_the_same_run(tmp_path, hashes):
    from maeul.upload import store

    db = make_db(tmp_path / "u.duckdb")
    con = connect(db)
    res = store.commit(con, GOOD, "강남_*2019Q2*.csv", "kim")
    con.close()
    at = run_with_secrets(db, hashes)
    login(at, "kim", PW)
    assert _history(at)["상태"].tolist() == ["반영됨"]
    at.button(key="rollback").click().run()
    # the confirmation names the upload, the file (as text), rows, district and period — nothing written yet
    ask = next(w.value for w in at.warning if "되돌립니다" in w.value)
    assert f"#{res.upload_id}" in ask and "강남\\_\\*2019Q2\\*\\.csv" in ask
    assert "1행" in ask and "강남구" in ask and "2019Q2" in ask
    con = connect(db, read_only=True)
    assert con.execute("SELECT status FROM upload").fetchall() == [("committed",)]
    con.close()
    at.button(key="rollback_cancel").click().run()  # cancel: the question goes, nothing changes
    assert not [w for w in at.warning if "되돌립니다" in w.value]
    assert _history(at)["상태"].tolist() == ["반영됨"]
    at.button(key="rollback").click().run()
    at.button(key="rollback_confirm").click().run()
    assert_no_exception(at)
    assert f"업로드 #{res.upload_id}를 되돌렸습니다" in texts(at)
    assert _history(at)["상태"].tolist() == ["되돌림"]  # this very run, no reload
    assert "되돌릴 수 있는 업로드가 없습니다" in texts(at)
    con = connect(db, read_only=True)
    assert con.execute("SELECT status FROM upload").fetchall() == [("rolled_back",)]
    con.close()
