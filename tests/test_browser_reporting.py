"""Real-browser journey through one quarter of the reporting cycle (`streamlit run app.py`, Debian chromium):

staff (강남구) log in and download the pre-filled template of the quarter being reported, fill it in and upload it,
write an explanation on the strategy page; the figure reads 잠정; a reviewer approves the quarter on 보고 현황 and
the figure reads 확정; a late correction is refused whole; an admin unlocks with a reason and the correction goes
in. No request leaves the local server. Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.test_browser import (  # noqa: F401 - browser is a fixture
    CHROMIUM,
    assert_no_exception,
    browser,
    serving,
    shot,
    wait_idle,
)

PW = "test-password-보고"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from maeul.auth.users import hash_password
    from tests.apptest_util import make_db

    tmp = tmp_path_factory.mktemp("browser-reporting")
    db = make_db(tmp / "maeul.duckdb")
    h = hash_password(PW)
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        f'[auth.users.kim]\npassword_hash = "{h}"\nrole = "staff"\ndistricts = ["강남구"]\n'
        f'[auth.users.lee]\npassword_hash = "{h}"\nrole = "reviewer"\ndistricts = ["강남구"]\n'
        f'[auth.users.boss]\npassword_hash = "{h}"\nrole = "admin"\n', encoding="utf-8")
    with serving(tmp, db, secrets, "app.py") as base:
        yield base


OUTSIDE: list[str] = []


def _page(browser):  # noqa: F811 - the imported fixture
    """A new tab (its own Streamlit session: its own login) that records requests to other hosts."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="ko-KR", accept_downloads=True)
    pg = ctx.new_page()

    def record(req):
        if not req.url.startswith(("data:", "blob:", "about:")) and \
                urlparse(req.url).hostname not in ("127.0.0.1", "localhost"):
            OUTSIDE.append(req.url)

    pg.on("request", record)
    return pg


def _login(pg, name):
    from playwright.sync_api import expect

    main = pg.locator('[data-testid="stMain"]')
    main.get_by_label("아이디").fill(name)
    main.get_by_label("비밀번호").fill(PW)
    main.get_by_role("button", name="로그인").click()
    wait_idle(pg)
    expect(main).to_contain_text(f"{name} 님 로그인 중", timeout=30_000)


def _filled(template: bytes, quarter: str) -> bytes:
    """The pre-filled template with every 실적 filled in, and a 원인·대책 for 1-1-1."""
    rows = list(csv.reader(io.StringIO(template.decode("utf-8-sig"))))
    header, body = rows[0], [r for r in rows[1:] if r and not r[0].startswith("#")]
    assert body and all(r[0] + "Q" + r[1] == quarter and r[2] == "강남구" for r in body)
    value, cause, measure = header.index("실적"), header.index("원인"), header.index("대책")
    for r in body:
        r[value] = "1"
        if r[header.index("지표코드")] == "1-1-1":
            r[cause], r[measure] = "모임 공간 공사", "다음 분기 집중 지원"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *body])
    return out.getvalue().encode("utf-8-sig")


def _upload(pg, path: Path):
    pg.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    wait_idle(pg)


def _status_line(pg):
    """The selected indicator's status line ('● 지연 · 대표지표 · 연간 실적 · 잠정') on the strategy page."""
    line = pg.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]', has_text="대표지표 · 연간 실적")
    line.first.scroll_into_view_if_needed()
    return line.first


def test_one_quarter_of_the_reporting_cycle(browser, server, tmp_path):  # noqa: PLR0915, F811 - one journey
    from playwright.sync_api import expect

    from maeul.read.reporting import current_quarter

    quarter = current_quarter()
    staff = _page(browser)
    staff.goto(f"{server}/upload?gu=11680&q={quarter}")
    wait_idle(staff)
    _login(staff, "kim")
    main = staff.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(f"{quarter} 보고 — 마감", timeout=30_000)
    shot(staff, "cycle_1_due")
    # the pre-filled template of the quarter, filled in and uploaded
    with staff.expect_download() as dl:
        main.get_by_role("button", name=f"{quarter} 미리 채운 양식 (CSV)").click()
    filled = tmp_path / "filled.csv"
    filled.write_bytes(_filled(Path(dl.value.path()).read_bytes(), quarter))
    _upload(staff, filled)
    expect(main).to_contain_text("미리보기", timeout=30_000)
    main.get_by_role("button", name="저장하기").click()
    wait_idle(staff)
    expect(main).to_contain_text("저장했습니다", timeout=30_000)
    assert_no_exception(staff)
    shot(staff, "cycle_2_uploaded")

    # an explanation on the strategy page, in the same (logged-in) session
    staff.locator('[data-testid="stSidebarNav"] a', has_text="전략 추적").click()
    wait_idle(staff)
    box = main.locator('[data-testid="stSelectbox"]', has_text="지표 선택")
    box.click()
    staff.keyboard.type("1-2-1")
    staff.keyboard.press("Enter")
    wait_idle(staff)
    expect(main).to_contain_text("1-2-1 · 자치구 마을아카데미 운영", timeout=30_000)
    expect(_status_line(staff)).to_contain_text("잠정", timeout=30_000)  # uploaded, not approved yet
    main.get_by_text("원인·대책 쓰기").click()
    main.get_by_label("원인 (왜 앞서거나 뒤처졌나)").fill("강사 섭외 지연")
    main.get_by_label("대책 (무엇을 하나)").fill("상반기 2회 추가 운영")
    main.get_by_role("button", name="저장").click()
    wait_idle(staff)
    expect(main).to_contain_text("설명을 저장했습니다", timeout=30_000)
    expect(main).to_contain_text("강사 섭외 지연", timeout=30_000)
    assert_no_exception(staff)
    shot(staff, "cycle_3_explained")

    # a reviewer approves the quarter for 강남구
    reviewer = _page(browser)
    reviewer.goto(f"{server}/reporting?gu=11680&q={quarter}")
    wait_idle(reviewer)
    _login(reviewer, "lee")
    rmain = reviewer.locator('[data-testid="stMain"]')
    rmain.get_by_role("button", name="승인하고 잠그기").click()
    wait_idle(reviewer)
    expect(rmain).to_contain_text("승인했습니다", timeout=30_000)
    rmain.get_by_text("승인했습니다").first.scroll_into_view_if_needed()
    assert_no_exception(reviewer)
    shot(reviewer, "cycle_4_approved")
    reader = _page(browser)  # a fresh tab: reading needs no login
    reader.goto(f"{server}/strategy?gu=11680&q={quarter}&ind=1-2-1")
    wait_idle(reader)
    expect(reader.locator('[data-testid="stMain"]')).to_contain_text("1-2-1 · 자치구 마을아카데미 운영",
                                                                    timeout=30_000)
    expect(_status_line(reader)).to_contain_text("확정", timeout=30_000)
    expect(_status_line(reader)).not_to_contain_text("잠정")
    shot(reader, "cycle_5_verified")

    # a late correction is refused whole
    staff.locator('[data-testid="stSidebarNav"] a', has_text="데이터 업로드").click()
    wait_idle(staff)
    fix = tmp_path / "correction.csv"
    fix.write_bytes(f"연도,분기,자치구,지표코드,실적\n{quarter[:4]},{quarter[-1]},강남구,1-2-1,2\n".encode("utf-8-sig"))
    _upload(staff, fix)
    expect(main).to_contain_text("저장하지 않았습니다", timeout=30_000)
    main.get_by_text("저장하지 않았습니다").first.scroll_into_view_if_needed()
    shot(staff, "cycle_6_refused")

    # an admin unlocks with a reason; the correction goes in
    admin = _page(browser)
    admin.goto(f"{server}/reporting?gu=11680&q={quarter}")
    wait_idle(admin)
    _login(admin, "boss")
    amain = admin.locator('[data-testid="stMain"]')
    amain.get_by_label("잠금 해제 사유").fill("강사 수 정정")
    amain.get_by_role("button", name="잠금 해제").click()
    wait_idle(admin)
    expect(amain).to_contain_text("잠금을 풀었습니다", timeout=30_000)
    shot(admin, "cycle_7_unlocked")
    staff.locator('[data-testid="stSidebarNav"] a', has_text="보고 현황").click()
    wait_idle(staff)
    staff.locator('[data-testid="stSidebarNav"] a', has_text="데이터 업로드").click()
    wait_idle(staff)
    _upload(staff, fix)
    expect(main).to_contain_text("미리보기", timeout=30_000)
    main.get_by_role("button", name="저장하기").click()
    wait_idle(staff)
    expect(main).to_contain_text("저장했습니다", timeout=30_000)

    # the audit trail tells the story
    admin.locator('[data-testid="stSidebarNav"] a', has_text="감사 기록").click()
    wait_idle(admin)
    expect(amain).to_contain_text("감사 기록", timeout=30_000)
    assert_no_exception(admin)
    shot(admin, "cycle_8_audit")
    for pg in (staff, reviewer, reader, admin):
        assert_no_exception(pg)
        pg.context.close()
    assert OUTSIDE == [], f"requests to outside hosts: {sorted(set(OUTSIDE))}"
