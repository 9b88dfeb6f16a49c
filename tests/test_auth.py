"""Who may change what: roles and scope, passwords and the failed-login limit, OIDC mapping, the `user` commands,
and the scope enforced by maeul.upload.store whatever the page does (a refused upload leaves the database untouched)."""

from __future__ import annotations

import importlib.util
import io
import logging
import re
import tomllib
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from conftest import figures_of, fingerprint, refused_events
from fixtures.make_fixtures import ACTUALS, codes, csv_bytes

from maeul.auth import users as auth
from maeul.auth.users import ANONYMOUS, AuthConfigError, LoginLimiter, LoginLocked, User
from maeul.cli.main import main
from maeul.read.uploads import list_uploads
from maeul.upload import spec, store
from maeul.upload.errors import IngestError
from maeul.upload.reader import read_upload

ROOT = Path(__file__).resolve().parent.parent
FAST = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)  # cheap hashes for tests; verify reads params
PW = {"kim": "kim-secret-pw-1", "lee": "lee-secret-pw-2", "boss": "boss-secret-pw-3"}
HASH = {n: FAST.hash(p) for n, p in PW.items()}
GANGNAM, SONGPA = "11680", "11710"


def config() -> dict:
    return {"auth": {"users": {
        "kim": {"role": "staff", "districts": ["강남구"], "password_hash": HASH["kim"]},
        "lee": {"role": "staff", "districts": ["송파", "서울시"], "password_hash": HASH["lee"], "email": "Lee@Seoul.go.kr"},
        "boss": {"role": "admin", "password_hash": HASH["boss"]},
    }}}


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch, request):
    """Cheap argon2 parameters for the checks against unknown names and for new hashes (a real-cost hash takes
    ~0.3 s here); test_user_add_prints_a_snippet_that_parses_and_verifies keeps the real parameters."""
    dummy = FAST.hash("dummy-password")
    monkeypatch.setattr(auth, "_dummy_hash", lambda: dummy)
    if request.node.name != "test_user_add_prints_a_snippet_that_parses_and_verifies":
        monkeypatch.setattr(auth, "_hasher", lambda: FAST)


@pytest.fixture
def users() -> dict[str, User]:
    return auth.load_users(config())


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- configuration ---------------------------------------------------------------------------------------------

def test_load_users_resolves_names_codes_and_citywide(users):
    assert users["kim"].districts == frozenset({GANGNAM})
    assert users["lee"].districts == frozenset({SONGPA, None})
    assert users["kim"].scope == {GANGNAM} and users["lee"].scope == {SONGPA, None}
    assert users["boss"].scope is None and users["boss"].is_admin
    codes_only = auth.load_users({"x": {"role": "staff", "districts": [11680, "citywide"], "password_hash": HASH["kim"]}})
    assert codes_only["x"].districts == frozenset({GANGNAM, None})
    # the [auth.users] table itself is accepted too
    assert auth.load_users(config()["auth"]["users"]) == users


def test_load_users_from_the_database_agrees_with_the_csv(con, users):
    assert auth.load_users(config(), con=con) == users
    names = auth.district_names(auth.district_rows(con))
    assert names[auth._key("Gangnam-gu")] == GANGNAM and names[auth._key("서울시 강남구")] == GANGNAM


def test_load_users_collects_every_problem_and_never_shows_a_hash():
    bad = {
        "a": {"role": "owner", "districts": ["강남구"], "password_hash": HASH["kim"]},
        "b": {"role": "staff", "districts": ["강남시"], "password_hash": HASH["kim"]},
        "c": {"role": "staff", "districts": [], "password_hash": HASH["kim"]},
        "d": {"role": "staff", "districts": ["강남구"], "password_hash": "plain-text-password"},
        "e": {"role": "staff", "district": ["강남구"], "districts": ["강남구"], "password_hash": HASH["kim"]},
        "F": {"role": "admin", "password_hash": HASH["kim"]},
        "f": {"role": "admin", "password_hash": HASH["kim"]},
        "g": {"role": "admin"},
        "h i": {"role": "admin", "password_hash": HASH["kim"]},
        "j": {"role": "admin", "email": "x@y.kr"},
        "k": {"role": "admin", "email": "X@y.kr"},
    }
    with pytest.raises(AuthConfigError) as e:
        auth.load_users(bad)
    text = str(e.value)
    for needle in ("'a'", "'b'", "강남시", "'c'", "'d'", "'e'", "district", "'f'", "'g'", "'h i'", "'k'"):
        assert needle in text, needle
    assert len(e.value.problems) == 9
    assert HASH["kim"] not in text and "plain-text-password" not in text
    assert isinstance(e.value, ValueError)  # the CLI prints ValueErrors as "오류: …"


def test_user_hides_its_hash(users):
    u = users["kim"]
    assert u.password_hash and u.password_hash not in repr(u) and u.password_hash not in str(u)
    assert u.public().password_hash is None and u.public() == u


def test_roles_and_rollback_rights(users):
    kim, lee, boss = users["kim"], users["lee"], users["boss"]
    assert kim.can_upload and lee.can_upload and boss.can_upload and not ANONYMOUS.can_upload
    assert ANONYMOUS.scope == set()
    assert kim.can_rollback("kim") and kim.can_rollback(" KIM ") and not kim.can_rollback("lee")
    assert not kim.can_rollback(None)
    assert boss.can_rollback("kim") and boss.can_rollback("anyone") and boss.can_rollback(None)
    assert not ANONYMOUS.can_rollback("")
    assert boss.can_remove_sample and not kim.can_remove_sample


def test_secrets_example_declares_nobody_so_the_first_run_path_works():
    """README's first run appends `user add` output to .streamlit/secrets.toml: whether or not someone copied the
    example first, the file must then hold each user once (the example's entries are commented out)."""
    from maeul.cli.users import snippet

    text = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    assert auth.users_section(tomllib.loads(text)) == {}
    appended = text + snippet("admin", "admin", [], HASH["kim"]) + snippet("kim", "staff", ["강남구"], HASH["kim"])
    assert set(auth.load_users(tomllib.loads(appended))) == {"admin", "kim"}


def test_secrets_example_is_valid_toml_with_placeholder_hashes_only():
    commented = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    entry = re.compile(r"^# (?=\[auth\.users\.|role = |districts = |password_hash = )", re.M)
    example = tomllib.loads(entry.sub("", commented))  # the shapes it shows, uncommented
    with pytest.raises(AuthConfigError) as e:
        auth.load_users(example)
    assert all("password_hash" in p for p in e.value.problems) and len(e.value.problems) == 4
    for entry in auth.users_section(example).values():
        entry["password_hash"] = HASH["kim"]
    users = auth.load_users(example)
    assert {n: (u.role, u.scope) for n, u in users.items()} == {
        "kim": ("staff", {GANGNAM}), "lee": ("staff", {SONGPA, None}), "park": ("reviewer", set()),
        "admin": ("admin", None)}
    assert users["park"].review_scope == {GANGNAM, SONGPA} and users["park"].can_review
    assert auth.oidc_providers(example) == []


# --- passwords and the failed-login limit ----------------------------------------------------------------------

def test_verify(users):
    u = auth.verify(users, "kim", PW["kim"])
    assert u == users["kim"] and u.password_hash is None
    assert auth.verify(users, " Kim ", PW["kim"]) == users["kim"]
    assert auth.verify(users, "kim", PW["lee"]) is None
    assert auth.verify(users, "kim", "") is None
    assert auth.verify(users, "nobody", PW["kim"]) is None
    assert auth.verify(users, "", "") is None


def test_limiter_locks_after_five_failures_and_unlocks_after_the_lockout(users):
    clock = Clock()
    lim = LoginLimiter(clock=clock)
    for _ in range(4):
        assert auth.verify(users, "kim", "wrong-password", lim) is None
        clock.now += 10
    assert lim.failures("kim") == 4
    assert auth.verify(users, "kim", "wrong-password", lim) is None  # the 5th failure locks
    with pytest.raises(LoginLocked) as e:
        auth.verify(users, "kim", PW["kim"], lim)  # even the right password is refused while locked
    assert e.value.retry_after == pytest.approx(300) and e.value.minutes == 5
    assert "5분" in e.value.message("ko") and "5 min" in e.value.message("en")
    assert auth.verify(users, "lee", PW["lee"], lim) == users["lee"]  # other names are not affected
    clock.now += 299
    with pytest.raises(LoginLocked) as e:
        auth.verify(users, "KIM", PW["kim"], lim)  # same name, other case
    assert e.value.minutes == 1
    clock.now += 2
    assert lim.retry_after("kim") == 0
    assert auth.verify(users, "kim", PW["kim"], lim) == users["kim"]


def test_limiter_window_and_reset_on_success(users):
    clock = Clock()
    lim = LoginLimiter(max_failures=3, window=60, lockout=120, clock=clock)
    lim.failure("kim")
    lim.failure("kim")
    clock.now += 61  # those two fall out of the window
    lim.failure("kim")
    lim.failure("kim")
    lim.check("kim")
    assert lim.failures("kim") == 2
    assert auth.verify(users, "kim", PW["kim"], lim) is not None  # success clears
    assert lim.failures("kim") == 0
    for _ in range(3):
        lim.failure("ghost")  # unknown names are limited the same way
    with pytest.raises(LoginLocked):
        auth.verify(users, "ghost", "x", lim)


def test_limiter_forgets_old_names_when_full():
    clock = Clock()
    lim = LoginLimiter(clock=clock)
    lim.MAX_TRACKED = 50
    for i in range(200):
        lim.failure(f"n{i}")
    assert len(lim._failures) <= 50


def test_nothing_about_passwords_is_logged(users, caplog):
    caplog.set_level(logging.DEBUG)
    lim = LoginLimiter(clock=Clock())
    auth.verify(users, "kim", PW["kim"], lim)
    for _ in range(6):
        with pytest.raises(LoginLocked) if lim.retry_after("kim") else _nullcontext():
            auth.verify(users, "kim", "wrong-password", lim)
    text = caplog.text
    assert PW["kim"] not in text and HASH["kim"] not in text and "wrong-password" not in text


class _nullcontext:
    def __enter__(self):
        return None

    def __exit__(self, *a):
        return False


# --- OIDC --------------------------------------------------------------------------------------------------------

def test_oidc_providers():
    assert auth.oidc_providers({}) == [] and auth.oidc_providers(config()) == []
    default = {"auth": {"redirect_uri": "http://h/oauth2callback", "cookie_secret": "s", "client_id": "c",
                        "client_secret": "x", "server_metadata_url": "https://idp/.well-known/openid-configuration",
                        "users": config()["auth"]["users"]}}
    assert auth.oidc_providers(default) == [None] and auth.oidc_problems(default) == []
    named = {"auth": {"redirect_uri": "u", "sso": {"client_id": "c"}, "users": {}}}
    assert auth.oidc_providers(named) == ["sso"]
    problems = auth.oidc_problems(named)
    assert any("cookie_secret" in p for p in problems) and any("[auth.sso] client_secret" in p for p in problems)
    assert all("u" != p for p in problems)


def test_oidc_email_maps_to_a_configured_user(users):
    claims = {"is_logged_in": True, "email": "lee@seoul.GO.kr", "email_verified": True, "name": "Lee"}
    u = auth.user_for_claims(users, claims)
    assert u == users["lee"] and u.password_hash is None and u.scope == {SONGPA, None}
    assert auth.user_for_claims(users, {**claims, "email_verified": False}) is None
    assert auth.user_for_claims(users, {**claims, "is_logged_in": False}) is None
    assert auth.user_for_claims(users, {**claims, "email": "someone@else.kr"}) is None
    assert auth.user_for_claims(users, {"is_logged_in": True}) is None
    assert auth.user_for_claims(users, {}) is None
    oidc_only = auth.load_users({"park": {"role": "staff", "districts": ["중구"], "email": "park@x.kr"}})
    assert auth.user_for_claims(oidc_only, {"is_logged_in": True, "email": "park@x.kr"}).scope == {"11140"}
    assert auth.verify(oidc_only, "park", "anything-at-all") is None  # no password: no password login


# --- enforced in maeul.upload.store, whatever the page does ------------------------------------------------------------

def _row(con, district: str, value: str = "3") -> list:
    return ["2019", "1", district, codes(con).count_both, value, ""]


def test_upload_refused_without_login(con):
    before = fingerprint(con)
    res = store.commit(con, csv_bytes(ACTUALS, [_row(con, "강남구")]), "a.csv", "anonymous", scope=ANONYMOUS.scope)
    assert res.errors and {e.code for e in res.errors} == {"outside_user_scope"} and res.upload_id is None
    assert figures_of(fingerprint(con)) == figures_of(before) and refused_events(con) == 1


def test_gangnam_staff_cannot_upload_a_songpa_row(con, users):
    kim = users["kim"]
    before = fingerprint(con)
    data = csv_bytes(ACTUALS, [_row(con, "강남구"), _row(con, "송파구")])
    res = store.commit(con, data, "mixed.csv", kim.name, scope=kim.scope)
    assert [(e.row, e.code, e.value) for e in res.errors] == [(3, "outside_user_scope", "송파구")]
    assert "송파구" in res.errors[0].message("ko")
    assert figures_of(fingerprint(con)) == figures_of(before) and refused_events(con) == 1
    ok = store.commit(con, csv_bytes(ACTUALS, [_row(con, "강남구")]), "gangnam.csv", kim.name, scope=kim.scope)
    assert ok.ok and ok.upload_id is not None
    who = con.execute('SELECT "user" FROM upload WHERE upload_id = ?', [ok.upload_id]).fetchone()[0]
    assert who == "kim"  # every change records who made it


def test_staff_roll_back_their_own_uploads_only_admin_any(con, users):
    kim, lee, boss = users["kim"], users["lee"], users["boss"]
    k = store.commit(con, csv_bytes(ACTUALS, [_row(con, "강남구", "1")]), "k.csv", kim.name, scope=kim.scope)
    b = store.commit(con, csv_bytes(ACTUALS, [_row(con, "송파구", "2")]), "b.csv", boss.name, scope=boss.scope)
    uploads = list_uploads(con)
    owner = dict(zip(uploads["upload_id"], uploads["user"]))
    # what the page offers each user
    assert [i for i in owner if kim.can_rollback(owner[i])] == [k.upload_id]
    assert not lee.can_rollback(owner[b.upload_id])  # lee's districts cover 송파구, but it is not lee's upload
    assert sorted(i for i in owner if boss.can_rollback(owner[i])) == sorted([k.upload_id, b.upload_id])
    # and what maeul refuses whatever the page does: rows outside the scope
    before = fingerprint(con)
    with pytest.raises(IngestError) as e:
        store.rollback(con, b.upload_id, kim.name, scope=kim.scope)
    assert e.value.code == "rollback_outside_scope"
    assert figures_of(fingerprint(con)) == figures_of(before) and refused_events(con) == 1
    store.rollback(con, k.upload_id, kim.name, scope=kim.scope)
    store.rollback(con, b.upload_id, boss.name, scope=boss.scope)
    rows = con.execute("SELECT upload_id, status, rolled_back_by FROM upload ORDER BY upload_id").fetchall()
    assert rows == [(k.upload_id, "rolled_back", "kim"), (b.upload_id, "rolled_back", "boss")]


def test_upload_size_cap_agrees_with_streamlit_config():
    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert conf["server"]["maxUploadSize"] * 1024 * 1024 == spec.MAX_UPLOAD_BYTES
    res = read_upload(b"x" * (spec.MAX_UPLOAD_BYTES + 1), "big.csv")
    assert [e.code for e in res.errors] == ["file_too_large"]
    assert "20,971,520" in res.errors[0].message("ko") and "Split" in res.errors[0].message("en")


# --- the command line --------------------------------------------------------------------------------------------

def _run(argv: list[str], capsys, monkeypatch, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def test_user_add_prints_a_snippet_that_parses_and_verifies(capsys, monkeypatch):
    rc, out, err = _run(["user", "add", "kim", "--role", "staff", "--district", "강남", "--district", "11710",
                         "--citywide", "--password-stdin"], capsys, monkeypatch, stdin="a long passphrase\n")
    assert rc == 0, err
    parsed = tomllib.loads(out)
    entry = parsed["auth"]["users"]["kim"]
    assert entry["role"] == "staff" and entry["districts"] == ["강남구", "송파구", "서울시"]
    assert PasswordHasher().verify(entry["password_hash"], "a long passphrase")
    assert not PasswordHasher().check_needs_rehash(entry["password_hash"])  # argon2-cffi's recommended parameters
    u = auth.load_users(parsed)["kim"]
    assert u.scope == {GANGNAM, SONGPA, None}
    assert entry["password_hash"] not in err and "a long passphrase" not in out + err


def test_user_add_prompts_twice_and_refuses_bad_input(capsys, monkeypatch):
    answers = iter(["first password!", "second password!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    rc, out, err = _run(["user", "add", "kim", "--role", "staff", "--district", "강남구"], capsys, monkeypatch)
    assert rc == 2 and out == "" and "다릅니다" in err
    answers = iter(["same password!", "same password!"])
    rc, out, err = _run(["user", "add", "관리자", "--role", "admin", "--email", "boss@seoul.go.kr"],
                        capsys, monkeypatch)
    assert rc == 0
    entry = tomllib.loads(out)["auth"]["users"]["관리자"]
    assert entry["role"] == "admin" and entry["email"] == "boss@seoul.go.kr" and "districts" not in entry
    rc, out, err = _run(["user", "add", "kim", "--role", "staff", "--password-stdin"], capsys, monkeypatch,
                        stdin="a long passphrase\n")
    assert rc == 2 and out == "" and "--district" in err
    rc, out, err = _run(["user", "add", "kim", "--role", "staff", "--district", "강남시", "--password-stdin"],
                        capsys, monkeypatch, stdin="a long passphrase\n")
    assert rc == 2 and "강남시" in err
    rc, out, err = _run(["user", "add", "kim", "--role", "staff", "--district", "강남구", "--password-stdin"],
                        capsys, monkeypatch, stdin="short\n")
    assert rc == 2 and out == ""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "secrets.toml"
    p.write_text(text, encoding="utf-8")
    return p


def _toml(cfg: dict) -> str:
    lines = []
    for name, entry in cfg["auth"]["users"].items():
        lines.append(f"[auth.users.{name}]")
        for k, v in entry.items():
            lines.append(f"{k} = " + ("[" + ", ".join(f'"{x}"' for x in v) + "]" if isinstance(v, list) else f'"{v}"'))
    return "\n".join(lines) + "\n"


def test_user_check_lists_users_and_never_prints_a_hash(tmp_path, capsys, monkeypatch):
    path = _write(tmp_path, _toml(config()))
    rc, out, err = _run(["user", "check", "--secrets", str(path)], capsys, monkeypatch)
    assert rc == 0, err
    assert "kim" in out and "강남구" in out and "lee" in out and "서울시, 송파구" in out and "admin" in out
    assert "$argon2" not in out + err and all(h not in out + err for h in HASH.values())
    bad = _toml(config()).replace('"staff"', '"owner"', 1) + '[auth.users.x]\nrole = "admin"\npassword_hash = "$argon2id$v=19$m=1,t=1,p=1$abc$def"\n'
    rc, out, err = _run(["user", "check", "--secrets", str(_write(tmp_path, bad))], capsys, monkeypatch)
    assert rc == 1 and "role" in err and "'x'" in err
    assert "$argon2" not in out + err
    rc, out, err = _run(["user", "check", "--secrets", str(tmp_path / "missing.toml")], capsys, monkeypatch)
    assert rc == 1 and "missing.toml" in err


def test_scope_for_cli_user(tmp_path, con):
    path = _write(tmp_path, _toml(config()))
    assert auth.scope_for_cli_user("kim", path) == {GANGNAM}
    assert auth.scope_for_cli_user("LEE", path, con) == {SONGPA, None}
    assert auth.scope_for_cli_user("boss", path) is None  # admin: unrestricted
    assert auth.scope_for_cli_user("operator", path) is None  # not a configured user: the operator
    assert auth.scope_for_cli_user("kim", tmp_path / "none.toml") is None  # no secrets file: operator
    assert auth.cli_user("kim", path).password_hash is None
    with pytest.raises(ValueError):
        auth.scope_for_cli_user("kim", _write(tmp_path, "[auth.users.kim]\nrole = 'owner'\n"))
    with pytest.raises(ValueError):
        auth.scope_for_cli_user("kim", _write(tmp_path, "[auth.users.kim\n"))


# --- the Streamlit glue ------------------------------------------------------------------------------------------

def _login_app():
    import streamlit as st

    from maeul.auth import login

    user = login.login_box("ko")
    st.session_state["who"] = None if user is None else (user.name, user.role, sorted(user.scope or [""]))
    st.session_state["configured"] = login.users_configured()


def test_login_box_logs_in_limits_and_logs_out():
    from streamlit.testing.v1 import AppTest

    from maeul.auth import login

    login.LIMITER.success("kim")
    at = AppTest.from_function(_login_app, default_timeout=20)
    at.secrets["auth"] = config()["auth"]
    at.run()
    assert at.session_state["who"] is None and at.session_state["configured"]
    at.text_input(key="maeul_auth_name").input("kim")
    at.text_input(key="maeul_auth_password").input("wrong-password")
    at.button[0].click().run()
    assert at.session_state["who"] is None and at.error and "올바르지" in at.error[0].value
    at.text_input(key="maeul_auth_name").input("kim")
    at.text_input(key="maeul_auth_password").input(PW["kim"])
    at.button[0].click().run()
    assert at.session_state["who"] == ("kim", "staff", [GANGNAM])
    assert "maeul_auth_password" not in at.session_state or not at.session_state["maeul_auth_password"]
    page_text = " ".join(str(e.value) for e in at.caption)
    assert "kim" in page_text and "강남구" in page_text and "$argon2" not in page_text
    at.button(key="maeul_auth_logout").click().run()
    assert at.session_state["who"] is None


def test_login_box_without_users_or_with_a_broken_config():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_login_app, default_timeout=20)
    at.run()
    assert at.session_state["who"] is None and not at.session_state["configured"] and not at.text_input
    at = AppTest.from_function(_login_app, default_timeout=20)
    at.secrets["auth"] = {"users": {"kim": {"role": "owner", "password_hash": HASH["kim"]}}}
    at.run()
    assert at.error and "user check" in at.error[0].value and HASH["kim"] not in at.error[0].value
    assert not at.session_state["configured"]


def test_login_box_with_oidc_offers_the_provider_button_instead_of_the_password_form():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_login_app, default_timeout=20)
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 40,
                          "client_id": "maeul", "client_secret": "s",
                          "server_metadata_url": "https://sso.invalid/.well-known/openid-configuration",
                          "users": config()["auth"]["users"]}
    at.run()
    assert not at.text_input and at.session_state["who"] is None
    assert [b.label for b in at.button] == ["기관 계정으로 로그인"]
    at.button[0].click().run()  # here Authlib is not installed (or the IdP unreachable): a message, no traceback
    assert not at.exception
    assert at.session_state["who"] is None
    if importlib.util.find_spec("authlib") is None:
        assert "기관 계정 로그인을 시작할 수 없습니다" in at.error[0].value


# --- per-client limits, locks that churn cannot reset (issue 13) -------------------------------------------------

def test_one_client_cannot_lock_a_name_out_for_everyone(users):
    lim = LoginLimiter(clock=Clock())
    for _ in range(5):
        assert auth.verify(users, "kim", "wrong-password", lim, client="10.0.0.66") is None
    with pytest.raises(LoginLocked):
        auth.verify(users, "kim", PW["kim"], lim, client="10.0.0.66")
    assert auth.verify(users, "kim", PW["kim"], lim, client="10.0.0.7") == users["kim"]


def test_a_client_guessing_many_names_is_locked_for_every_name(users):
    lim = LoginLimiter(clock=Clock())
    for i in range(auth.MAX_CLIENT_FAILURES):
        auth.verify(users, f"guess{i}", "x", lim, client="10.0.0.66")
    with pytest.raises(LoginLocked):
        auth.verify(users, "kim", PW["kim"], lim, client="10.0.0.66")
    assert auth.verify(users, "kim", PW["kim"], lim, client="10.0.0.7") == users["kim"]


def test_many_clients_guessing_one_name_lock_that_name(users):
    lim = LoginLimiter(clock=Clock())
    for i in range(auth.MAX_NAME_FAILURES):
        lim.failure("kim", client=f"10.0.1.{i % 12}")  # 12 machines, each under its own limits
    with pytest.raises(LoginLocked):
        lim.check("kim", client="10.0.0.7")
    lim.check("lee", client="10.0.0.7")


def test_a_flood_of_junk_names_resets_nobodys_count_or_lock(users):
    clock = Clock()
    lim = LoginLimiter(clock=clock)
    lim.MAX_TRACKED = 60
    for _ in range(5):
        lim.failure("admin", client="10.0.0.66")
    for _ in range(3):
        lim.failure("kim", client="10.0.0.5")
    for i in range(10_000):  # made-up names from many clients
        lim.failure(f"junk{i}", client=f"10.9.{i // 250}.{i % 250}")
    assert len(lim._failures) <= lim.MAX_TRACKED
    with pytest.raises(LoginLocked):
        lim.check("admin", client="10.0.0.66")  # still locked
    clock.now += 100
    for i in range(30):  # one client flooding junk names stops at its own limit, and stays stopped
        lim.failure(f"more{i}", client="10.0.0.99")
    with pytest.raises(LoginLocked):
        lim.check("anything", client="10.0.0.99")
    clock.now += auth.LOCKOUT_SECONDS + 1
    lim.check("admin", client="10.0.0.66")


def test_the_login_box_identifies_the_client_by_ip(monkeypatch):
    import streamlit as st

    from maeul.auth import login

    class Ctx:
        ip_address = "10.1.2.3"

    monkeypatch.setattr(st, "context", Ctx())
    assert login.client_key() == "10.1.2.3"
    Ctx.ip_address = None
    assert login.client_key() is None

    class Broken:
        @property
        def ip_address(self):
            raise RuntimeError("no script context")

    monkeypatch.setattr(st, "context", Broken())
    assert login.client_key() is None
