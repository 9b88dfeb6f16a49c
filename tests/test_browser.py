"""Real-browser journey: `streamlit run app.py` on a free port, Debian chromium driven by Playwright.

Visits every page, switches the district filter, logs in as staff and uploads a CP949 CSV, and fails on any
request to a host other than the local server (the proof that the dashboard works on an intranet).
Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = ["overview", "strategy", "budget", "map", "districts", "upload", "quality"]
STAFF, STAFF_PASSWORD = "gangnam_staff", "test-password-강남"

SERVER_DB: dict[str, str] = {}  # base URL → the database file the server uses

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(tmp: Path, db: Path, secrets: Path, script: str = "app.py", **env_extra: str):
    """`streamlit run <script>` on a free local port against db and secrets, until the block ends: the base URL.
    The server's log goes to tmp/server.log and is printed if it holds a traceback."""
    port = free_port()
    log = open(tmp / "server.log", "w+", encoding="utf-8")
    env = dict(os.environ, MAEUL_DB=str(db), STREAMLIT_SECRETS_FILES=str(secrets), **env_extra)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / script), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            log.seek(0)
            pytest.fail("server did not start:\n" + log.read())
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.seek(0)
        text = log.read()
        if "Traceback" in text:
            print(text)
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from maeul.auth.users import hash_password
    from tests.apptest_util import make_db

    tmp = tmp_path_factory.mktemp("browser")
    db = make_db(tmp / "maeul.duckdb", sample=True)
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        f'[auth.users.{STAFF}]\npassword_hash = "{hash_password(STAFF_PASSWORD)}"\nrole = "staff"\n'
        f'districts = ["강남구"]\n', encoding="utf-8")
    with serving(tmp, db, secrets, "app.py") as base:
        SERVER_DB[base] = str(db)
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    pg = ctx.new_page()
    pg.outside = []

    def record(req):
        host = urlparse(req.url).hostname
        if req.url.startswith(("data:", "blob:", "about:")):
            return
        if host not in ("127.0.0.1", "localhost"):
            pg.outside.append(req.url)

    pg.on("request", record)
    yield pg
    ctx.close()


def wait_idle(pg, timeout=45_000):
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]'
                         '[data-test-connection-state="CONNECTED"]', timeout=timeout)


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_no_exception(pg) -> None:
    from playwright.sync_api import expect

    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)
    body = pg.locator("body").inner_text()
    assert "Traceback" not in body
    assert "화면을 그리는 중 문제가 생겼습니다" not in body


def test_deep_link_runs_inside_the_app(browser, server):
    """A copied link to a page, opened first thing after a server start, still gets the sidebar filters."""
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.goto(f"{server}/budget?gu=11680&lang=en")
    wait_idle(pg)
    expect(pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')).to_have_count(1, timeout=30_000)
    expect(pg.locator('[data-testid="stSidebar"]')).to_contain_text("Gangnam-gu", timeout=30_000)
    expect(pg.locator('[data-testid="stSidebarNav"]')).to_contain_text("Budget flows")
    ctx.close()


def test_every_page_renders_offline(page, server):
    from playwright.sync_api import expect

    for name in PAGES:
        page.goto(f"{server}/{'' if name == 'overview' else name}")
        wait_idle(page)
        expect(page.locator('[data-testid="stMain"]')).to_contain_text("예시 데이터", timeout=30_000)
        if name == "map":
            expect(page.locator('[data-testid="stDeckGlJsonChart"] canvas').first).to_be_visible(timeout=60_000)
        if name == "budget":
            expect(page.locator('[data-testid="stPlotlyChart"] g.sankey-node').first).to_be_attached(timeout=30_000)
        page.wait_for_timeout(500)
        wait_idle(page)
        assert_no_exception(page)
        shot(page, name)
    assert page.outside == [], f"requests to outside hosts: {sorted(set(page.outside))}"


def test_district_filter_changes_numbers_and_url(page, server):
    from playwright.sync_api import expect

    page.goto(f"{server}/strategy")
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("예시 데이터", timeout=30_000)
    before = main.inner_text()
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').first
    box.click()
    box.fill("강남")
    page.get_by_role("option", name="강남구").first.click()
    page.keyboard.press("Escape")
    wait_idle(page)
    expect(main).to_contain_text("강남구", timeout=30_000)
    wait_idle(page)
    assert "gu=11680" in page.url
    assert main.inner_text() != before
    assert_no_exception(page)
    shot(page, "strategy_gangnam")
    # a copied link opens the same view, on another page too
    page.goto(f"{server}/?gu=11680")
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("강남구", timeout=30_000)
    assert_no_exception(page)
    assert page.outside == [], sorted(set(page.outside))


def test_staff_uploads_cp949_csv(page, server, tmp_path):
    from playwright.sync_api import expect

    csv = "연도,분기,자치구,지표코드,실적,비고\n2022,4,강남구,1-1-1,\"1,234\",똠방각하 뷁\n"
    f = tmp_path / "강남_2022Q4.csv"
    f.write_bytes(csv.encode("cp949"))
    main = login(page, server)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(f))
    wait_idle(page)
    expect(main).to_contain_text("cp949", timeout=30_000)
    expect(main).to_contain_text("미리보기", timeout=30_000)
    shot(page, "upload_preview")
    main.get_by_role("button", name="저장하기").click()
    wait_idle(page)
    expect(main).to_contain_text("저장했습니다", timeout=30_000)
    shot(page, "upload_committed")
    assert_no_exception(page)

    # a bad file: clear Korean errors, nothing saved
    bad = tmp_path / "bad.csv"
    bad.write_bytes("연도,분기,자치구,지표코드,실적,비고\n2030,5,송파구,9-9-9,abc,\n".encode("utf-8-sig"))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    wait_idle(page)
    expect(main).to_contain_text("저장하지 않았습니다", timeout=30_000)
    shot(page, "upload_errors")
    assert_no_exception(page)
    assert page.outside == [], sorted(set(page.outside))


def test_bad_url_parameters_are_ignored(page, server):
    from playwright.sync_api import expect

    page.goto(f"{server}/strategy?gu=99999,강남구&q=2030Q9&lang=xx&basis=zzz&ind=NOPE")
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("전략 추적", timeout=30_000)
    assert_no_exception(page)


def test_english_mode(page, server):
    from playwright.sync_api import expect

    page.goto(f"{server}/?lang=en")
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Sample data", timeout=30_000)
    assert_no_exception(page)
    # the shared (memo) figures draw in the browser: plotly has rendered the gauge and the status mix
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Achieved", timeout=30_000)
    shot(page, "overview_en")


if shutil.which("fc-list"):
    def test_korean_font_installed():
        out = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout
        assert out.strip(), "no Korean font: Korean would render as boxes (install fonts-nanum)"


def test_print_leaves_out_sidebar_toolbar_and_buttons(page, server):
    """The browser's own print of a page (print media): no sidebar, header or buttons; the PDF is kept in
    tests/artifacts/ to look at."""
    from playwright.sync_api import expect

    page.goto(f"{server}/?gu=11680&q=2021Q4")
    wait_idle(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]').first).to_be_visible(
        timeout=30_000)
    page.emulate_media(media="print")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    assert page.locator("button:visible").count() == 0
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("강남구")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "print_overview.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")


def test_briefing_and_page_downloads(page, server):
    """The sidebar's 브리핑 PDF (built on click) and a page's CSV: scope and quarter in the names, Korean headers."""
    page.goto(f"{server}/?gu=11680&q=2021Q4")
    wait_idle(page)
    side = page.locator('[data-testid="stSidebar"] [data-testid="stDownloadButton"]')
    side.first.wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as dl:
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="브리핑 PDF").click()
    d = dl.value
    assert d.suggested_filename == "maeul_강남구_2021Q4_브리핑.pdf"
    assert Path(d.path()).read_bytes().startswith(b"%PDF")
    main = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]')
    with page.expect_download(timeout=60_000) as dl:
        main.first.locator("button").first.click()
    d = dl.value
    assert d.suggested_filename.startswith("maeul_강남구_2021Q4_") and d.suggested_filename.endswith(".csv")
    head = Path(d.path()).read_bytes()[:200].decode("utf-8-sig", errors="replace")
    assert "상태" in head and "_" not in head.splitlines()[0]
    assert not page.outside, page.outside


# --- hostile user text and the command line beside the served app (issue 13) --------------------------------------

EVIL = "evil.example"


def login(page, server, user: str = STAFF, password: str = STAFF_PASSWORD):
    """Log user in on the upload page (Korean mode) and wait for their upload scope: the page's main area."""
    from playwright.sync_api import expect

    page.goto(f"{server}/upload")
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label("아이디").fill(user)
    main.get_by_label("비밀번호").fill(password)
    main.get_by_role("button", name="로그인").click()
    wait_idle(page)
    expect(main).to_contain_text("업로드 가능 범위", timeout=30_000)
    return main


def _upload(page, main, name: str, data: bytes) -> None:
    from playwright.sync_api import expect

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    expect(main).not_to_contain_text("저장했습니다", timeout=30_000)  # the previous commit's message is gone
    wait_idle(page)
    expect(main).to_contain_text("미리보기", timeout=30_000)
    main.get_by_role("button", name="저장하기").click()
    wait_idle(page)
    expect(main).to_contain_text("저장했습니다", timeout=30_000)


def test_hostile_names_and_notes_render_as_text_on_every_page(page, server):
    """A file whose name and notes are Markdown/HTML pointing at an outside host, and a space whose name and address
    are: every page shows them as text — no request to that host, no link or image pointing at it."""
    from playwright.sync_api import expect

    md = (f"![a](https://{EVIL}/a.png) <img src=https://{EVIL}/i.png> [다시 로그인](https://{EVIL}/login) "
          f"https://{EVIL}/auto www.{EVIL} x@{EVIL}")
    note = md + ' <a href="https://' + EVIL + '/b">b</a>'
    actuals = ("연도,분기,자치구,지표코드,실적,비고\r\n2022,4,강남구,1-1-1,12,\"" + note.replace('"', '""') + "\"\r\n")
    spaces = ("이름,유형,자치구,행정동코드,주소,위도,경도,개소일,폐소일,열린육아방,비고\r\n"
              f"\"<img src=https://{EVIL}/s.png>공간\",기타,강남구,,\"[주소](https://{EVIL}/m)\",37.4979,127.0276,"
              f"2019-01-01,,N,\"{note.replace(chr(34), chr(34) * 2)}\"\r\n")
    name = f"![a](https:{EVIL}?x) [다시 로그인](https:{EVIL}?y) <img src=https:{EVIL}?z>"
    main = login(page, server)
    _upload(page, main, name + " 공간.csv", spaces.encode("utf-8-sig"))
    _upload(page, main, name + ".csv", actuals.encode("utf-8-sig"))
    main.get_by_text("4. 업로드 이력").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    shot(page, "hostile_upload_history")
    for p in PAGES:
        page.goto(f"{server}/{'' if p == 'overview' else p}?gu=11680")
        wait_idle(page)
        expect(page.locator('[data-testid="stMain"]')).to_contain_text("예시 데이터", timeout=30_000)
        if p == "overview":  # the latest upload's name is shown, as text
            expect(page.locator('[data-testid="stMain"]')).to_contain_text(f"[다시 로그인](https:{EVIL}?y) <img",
                                                                            timeout=30_000)
            assert "공간.csv" not in page.locator('[data-testid="stMain"]').inner_text()  # the actuals file is latest
        page.wait_for_timeout(500)
        wait_idle(page)
        assert_no_exception(page)
        assert page.locator(f'[href*="{EVIL}"], [src*="{EVIL}"], [srcset*="{EVIL}"]').count() == 0, p
        shot(page, f"hostile_{p}")
    assert [u for u in page.outside if EVIL in u] == []
    assert page.outside == [], sorted(set(page.outside))


def test_cli_runs_while_the_dashboard_serves_a_connected_browser(page, server, tmp_path):
    """With the app serving and a browser connected and idle on a page, `maeul progress` and `maeul ingest` from a
    shell succeed — or say in one line that the database is busy (exit 75) — and never print a traceback; the
    page then shows the new upload."""
    from playwright.sync_api import expect

    db = SERVER_DB[server]
    page.goto(f"{server}/")
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("예시 데이터", timeout=30_000)
    page.wait_for_timeout(1500)  # idle: the app has released the file (MAEUL_DB_IDLE = 1 s)
    f = tmp_path / "셸에서_올린_파일.csv"
    f.write_bytes("연도,분기,자치구,지표코드,실적,비고\r\n2022,3,강남구,1-1-1,7,셸\r\n".encode("utf-8-sig"))
    for argv in (["progress", "--as-of", "2022Q4"], ["ingest", str(f), "--user", "operator"],
                 ["uploads", "--format", "csv"]):
        res = subprocess.run([sys.executable, "-m", "maeul", *argv, "--db", db], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
        assert "Traceback" not in res.stderr, res.stderr
        assert res.returncode == 0 or (res.returncode == 75 and len(res.stderr.strip().splitlines()) == 1), \
            (argv, res.returncode, res.stderr)
        assert res.returncode == 0, (argv, res.stderr)  # with the idle release, the file is free
    page.reload()
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("셸에서_올린_파일", timeout=30_000)
    assert_no_exception(page)
