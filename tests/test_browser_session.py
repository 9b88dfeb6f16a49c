"""Real browser against the production entry (`streamlit run serve.py`): a password login survives a reload (the
signed HttpOnly session cookie of maeul.auth.session), logout ends it, and the upload page's file uploader reads in
Korean (English in English mode) and still takes a file. Fails on any request to a host other than the server."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.test_browser import CHROMIUM, LAUNCH_ARGS, login, serving, shot, wait_idle

STAFF, STAFF_PASSWORD = "gangnam_staff", "test-password-강남"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from maeul.auth.users import hash_password
    from tests.apptest_util import make_db

    tmp = tmp_path_factory.mktemp("served")
    db = make_db(tmp / "maeul.duckdb")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[auth.users.{STAFF}]\npassword_hash = "{hash_password(STAFF_PASSWORD)}"\nrole = "staff"\n'
                       'districts = ["강남구"]\n', encoding="utf-8")
    with serving(tmp, db, secrets, "serve.py", MAEUL_WARM="0") as base:
        yield base, tmp


@pytest.fixture()
def browser_page(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        ctx = b.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
        pg = ctx.new_page()
        pg.outside = []
        pg.on("request", lambda req: pg.outside.append(req.url)
              if not req.url.startswith(("data:", "blob:", "about:"))
              and urlparse(req.url).hostname not in ("127.0.0.1", "localhost") else None)
        yield pg
        b.close()


def _after(pg, selector: str) -> str:
    """What CSS draws after the first element matching `selector` (the uploader's replaced texts), once it is drawn
    (the login's rerun may still be adding the uploader)."""
    pg.wait_for_selector(selector, state="attached", timeout=30_000)
    return pg.evaluate(f"getComputedStyle(document.querySelector({selector!r}), '::after').content")


def test_a_reload_keeps_the_login_and_logout_ends_it(browser_page, served):
    from playwright.sync_api import expect

    base, tmp = served
    page = browser_page
    main = login(page, base, STAFF, STAFF_PASSWORD)
    expect(main).to_contain_text("9시간 동안 로그인이 유지됩니다", timeout=30_000)
    deadline = time.time() + 15
    while time.time() < deadline and not [c for c in page.context.cookies() if c["name"] == "maeul_session"]:
        time.sleep(0.2)
    [cookie] = [c for c in page.context.cookies() if c["name"] == "maeul_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]  # http here
    assert 8.9 * 3600 < cookie["expires"] - time.time() <= 9 * 3600
    assert page.evaluate("document.cookie").find("maeul_session") == -1  # scripts cannot read it
    secret_file = tmp / "maeul-session.json"
    assert secret_file.exists() and secret_file.stat().st_mode & 0o777 == 0o600

    page.reload()  # a new websocket session of the same browser
    wait_idle(page)
    expect(main).to_contain_text("업로드 가능 범위", timeout=30_000)
    expect(main.get_by_label("비밀번호")).to_have_count(0)
    shot(page, "session_reload_logged_in")

    # the uploader's own texts in Korean, and a file goes through it
    drop = "[data-testid='stFileUploaderDropzone']"
    assert _after(page, f"{drop} button [data-testid='stMarkdownContainer'] p") == '"파일 선택"'
    assert _after(page, f"{drop} [data-testid='stFileUploaderDropzoneInstructions'] span") == \
        '"파일당 20MB 이하 · CSV, XLSX"'
    csv = "연도,분기,자치구,지표코드,실적,비고\n2022,4,강남구,1-1-1,\"1,234\",\n".encode("cp949")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "강남_2022Q4.csv", "mimeType": "text/csv", "buffer": csv}])
    wait_idle(page)
    expect(main).to_contain_text("미리보기", timeout=30_000)
    expect(main).to_contain_text("영향받는 지표의 진도 — 강남구", timeout=30_000)
    main.get_by_role("button", name="저장하기").click()
    wait_idle(page)
    expect(main).to_contain_text("저장했습니다", timeout=30_000)

    main.get_by_role("button", name="로그아웃").click()
    wait_idle(page)
    expect(main.get_by_label("비밀번호")).to_be_visible(timeout=30_000)
    deadline = time.time() + 15
    while time.time() < deadline and [c for c in page.context.cookies() if c["name"] == "maeul_session"]:
        time.sleep(0.2)
    assert not [c for c in page.context.cookies() if c["name"] == "maeul_session"]
    page.reload()
    wait_idle(page)
    expect(main.get_by_label("비밀번호")).to_be_visible(timeout=30_000)
    assert page.outside == [], sorted(set(page.outside))


def test_a_stolen_cookie_after_logout_logs_nobody_in(browser_page, served):
    """Logout ends the user's cookies on the server too: a copy kept from before (another tab, a stolen value)
    no longer works."""
    from playwright.sync_api import expect

    base, _tmp = served
    page = browser_page
    main = login(page, base, STAFF, STAFF_PASSWORD)
    deadline = time.time() + 15
    while time.time() < deadline and not [c for c in page.context.cookies() if c["name"] == "maeul_session"]:
        time.sleep(0.2)
    kept = [c for c in page.context.cookies() if c["name"] == "maeul_session"]
    main.get_by_role("button", name="로그아웃").click()
    wait_idle(page)
    expect(main.get_by_label("비밀번호")).to_be_visible(timeout=30_000)
    page.context.add_cookies(kept)
    page.reload()
    wait_idle(page)
    expect(main.get_by_label("비밀번호")).to_be_visible(timeout=30_000)
    expect(main).not_to_contain_text("업로드 가능 범위")


def test_the_uploader_reads_english_in_english_mode(browser_page, served):
    from playwright.sync_api import expect

    base, _tmp = served
    page = browser_page
    page.goto(f"{base}/upload?lang=en")
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label("User name").fill(STAFF)
    main.get_by_label("Password", exact=True).fill(STAFF_PASSWORD)
    main.get_by_role("button", name="Log in").click()
    wait_idle(page)
    expect(main).to_contain_text("You may upload for", timeout=30_000)
    drop = "[data-testid='stFileUploaderDropzone']"
    assert _after(page, f"{drop} button [data-testid='stMarkdownContainer'] p") == '"Browse files"'
    assert _after(page, f"{drop} [data-testid='stFileUploaderDropzoneInstructions'] span") == \
        '"Up to 20 MB per file · CSV, XLSX"'
    shot(page, "session_upload_en")
    assert page.outside == [], sorted(set(page.outside))
