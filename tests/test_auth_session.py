"""The signed session cookie that keeps a password login across a reload (maeul.auth.session, maeul.auth.route and
the login box's use of them): signing and checking, the secret's file, the one-time handoff, the route's headers,
and — through AppTest — a new session of the same browser logged in again, and logout ending it."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import stat

import pytest
from argon2 import PasswordHasher

from maeul.auth import route, session
from maeul.auth.users import User, load_users

FAST = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
PW = {"kim": "kim-secret-pw-1", "boss": "boss-secret-pw-3"}
HASH = {n: FAST.hash(p) for n, p in PW.items()}
SECRET = bytes(range(32))
NOW = 1_800_000_000.0


def config(**changes) -> dict:
    users = {"kim": {"role": "staff", "districts": ["강남구"], "password_hash": HASH["kim"]},
             "boss": {"role": "admin", "password_hash": HASH["boss"]}}
    for name, entry in changes.items():
        if entry is None:
            users.pop(name)
        else:
            users[name] = {**users[name], **entry}
    return {"users": users}


@pytest.fixture
def users() -> dict[str, User]:
    return load_users(config()["users"])


def _cookie(users, name="kim", epoch=0, now=NOW, secret=SECRET):
    return session.sign(users[name], secret, epoch, now)


# --- signing and checking -------------------------------------------------------------------------------------

def test_a_signed_cookie_logs_its_user_in_for_nine_hours(users):
    value = _cookie(users)
    user = session.verify(value, users, SECRET, {}, now=NOW + 60)
    assert user == users["kim"] and user.password_hash is None  # the public user, never the hash
    assert HASH["kim"] not in value and "kim" not in value  # the name is encoded; no hash material
    assert session.verify(value, users, SECRET, {}, now=NOW + 9 * 3600 - 1) == users["kim"]
    assert session.verify(value, users, SECRET, {}, now=NOW + 9 * 3600) is None  # expired
    assert session.LIFETIME == 9 * 3600


def test_a_changed_byte_anywhere_or_another_secret_is_refused(users):
    value = _cookie(users)
    for i in range(len(value)):
        if value[i] == ".":
            continue
        bad = value[:i] + ("A" if value[i] != "A" else "B") + value[i + 1:]
        assert session.verify(bad, users, SECRET, {}, now=NOW) is None, i
    assert session.verify(value, users, bytes(32), {}, now=NOW) is None
    assert session.verify(value, users, None, {}, now=NOW) is None  # no secret on this server: nothing valid
    # a cookie made for one user cannot be turned into another's by swapping the name
    parts = value.split(".")
    boss = _cookie(users, "boss").split(".")
    assert session.verify(".".join([parts[0], boss[1], *parts[2:]]), users, SECRET, {}, now=NOW) is None


@pytest.mark.parametrize("value", ["", "x", "v1.a.b.c.d.e", "v2." + "a." * 4 + "a", "v1....." , "v1." * 300])
def test_malformed_cookies_are_refused(users, value):
    assert session.verify(value, users, SECRET, {}, now=NOW) is None


def test_an_expiry_beyond_one_working_day_is_refused(users):
    value = session.sign(users["kim"], SECRET, 0, NOW, lifetime=30 * 24 * 3600)  # as if minted with a longer life
    assert session.verify(value, users, SECRET, {}, now=NOW) is None


@pytest.mark.parametrize("change", [
    {"kim": None},                                                      # the user was removed
    {"kim": {"password_hash": FAST.hash("a-new-password-1")}},          # the password changed
    {"kim": {"role": "reviewer"}},                                      # the role changed
    {"kim": {"districts": ["송파구"]}},                                  # the districts changed
])
def test_a_changed_or_removed_user_ends_the_cookie(users, change):
    value = _cookie(users)
    assert session.verify(value, load_users(config(**change)["users"]), SECRET, {}, now=NOW) is None
    assert session.verify(_cookie(users, "boss"), load_users(config(**change)["users"]), SECRET, {}, now=NOW) is not None


def test_logout_ends_every_cookie_of_that_user(users):
    value = _cookie(users)
    assert session.verify(value, users, SECRET, {"kim": 1}, now=NOW) is None
    assert session.verify(value, users, SECRET, lambda name: 0, now=NOW) == users["kim"]
    again = _cookie(users, epoch=1)  # the next login carries the new counter
    assert session.verify(again, users, SECRET, {"kim": 1}, now=NOW) == users["kim"]


def test_the_fingerprint_covers_the_entry_but_reveals_nothing(users):
    fp = session.fingerprint(users["kim"], SECRET)
    assert fp == session.fingerprint(dataclasses.replace(users["kim"], name="KIM"), SECRET)  # names compare folded
    assert fp != session.fingerprint(dataclasses.replace(users["kim"], email="k@x.go.kr"), SECRET)
    assert fp != session.fingerprint(users["kim"], bytes(32))
    assert len(fp) == 22


# --- the secret's file ----------------------------------------------------------------------------------------

def test_the_secret_is_made_on_first_use_in_a_0600_file(tmp_path):
    store = session.SessionStore(tmp_path / "var" / "maeul-session.json")
    assert store.secret() is None and not store.path.exists()  # checking never creates it
    secret = store.secret(create=True)
    assert len(secret) == 32 and store.secret() == secret == store.secret(create=True)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.epoch("kim") == 0
    store.revoke("KIM ")
    store.revoke("kim")
    assert store.epoch("kim") == 2 and store.epoch("boss") == 0
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600 and store.secret() == secret
    assert json.loads(store.path.read_text())["epochs"] == {"kim": 2}


def test_a_loose_or_damaged_file(tmp_path):
    store = session.SessionStore(tmp_path / "s.json")
    store.revoke("kim")  # no file: nothing to revoke, nothing created
    assert not store.path.exists()
    secret = store.secret(create=True)
    store.path.chmod(0o644)
    assert store.secret() == secret and stat.S_IMODE(store.path.stat().st_mode) == 0o600  # tightened
    store.path.write_text("{not json")
    assert store.secret() is None and store.secret(create=True) is None  # off until removed; never overwritten
    assert store.path.read_text() == "{not json"


def test_the_default_file_lies_beside_the_database(monkeypatch, tmp_path):
    monkeypatch.setenv("MAEUL_DB", str(tmp_path / "db" / "maeul.duckdb"))
    assert session.default_path() == tmp_path / "db" / "maeul-session.json"


# --- handing the cookie to the browser ------------------------------------------------------------------------

def test_the_cookie_header():
    assert session.cookie_header("v1.x", 32400, secure=False) == (
        "maeul_session=v1.x; Path=/; Max-Age=32400; HttpOnly; SameSite=Strict")
    assert session.cookie_header("v1.x", 32400, secure=True).endswith("; SameSite=Strict; Secure")
    assert session.cookie_header(None, 32400, secure=False) == (
        "maeul_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")  # deletes it


def test_a_nonce_is_taken_once_and_expires():
    now = [100.0]
    h = session.Handoff(clock=lambda: now[0])
    n = h.offer("v1.x", 60)
    assert h.pending(n) and h.take(n) == ("v1.x", 60)
    assert not h.pending(n) and h.take(n) is None  # once
    late = h.offer(None, 0)
    now[0] += session.HANDOFF_SECONDS
    assert not h.pending(late) and h.take(late) is None
    assert h.take(None) is None and h.take("made-up") is None


def _get(path: str, scheme: str = "http"):
    from starlette.requests import Request

    path, _, query = path.partition("?")
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query.encode(), "headers": [],
             "scheme": scheme, "server": ("127.0.0.1", 8501)}
    return asyncio.run(route.session_cookie(Request(scope)))


def test_the_route_answers_a_nonce_once_with_an_httponly_cookie(monkeypatch):
    monkeypatch.setattr(session, "HANDOFF", session.Handoff())
    monkeypatch.setattr(session, "ROUTE_ACTIVE", False)
    [r] = route.routes(base_url="")
    assert r.path == "/_maeul/session" and session.ROUTE_ACTIVE
    assert route.routes(base_url="/maeul/")[0].path == "/maeul/_maeul/session"
    nonce = session.HANDOFF.offer("v1.value", 32400)
    res = _get(f"/_maeul/session?n={nonce}")
    assert res.status_code == 204
    assert res.headers["set-cookie"] == "maeul_session=v1.value; Path=/; Max-Age=32400; HttpOnly; SameSite=Strict"
    assert res.headers["cache-control"] == "no-store"
    again = _get(f"/_maeul/session?n={nonce}")
    assert again.status_code == 404 and "set-cookie" not in again.headers
    secure = _get(f"/_maeul/session?n={session.HANDOFF.offer(None, 0)}", scheme="https")
    assert secure.headers["set-cookie"].endswith("Max-Age=0; HttpOnly; SameSite=Strict; Secure")


# --- the login box: a reload (a new session of the same browser) -------------------------------------------------

def _app():
    import streamlit as st

    from maeul.auth import login

    user = login.login_box("ko")
    st.session_state["who"] = None if user is None else user.name


def _run(monkeypatch, tmp_path, cookie=None):
    from streamlit.testing.v1 import AppTest

    from maeul.auth import login

    monkeypatch.setenv("MAEUL_DB", str(tmp_path / "maeul.duckdb"))
    monkeypatch.setattr(login, "request_cookie", lambda: cookie)
    at = AppTest.from_function(_app, default_timeout=20)
    at.secrets["auth"] = config()
    at.run()
    return at


@pytest.fixture
def served(monkeypatch):
    """As under serve.py: the route exists; fast hashes; a fresh handoff table and limiter count."""
    from maeul.auth import login
    from maeul.auth import users as users_mod

    monkeypatch.setattr(session, "ROUTE_ACTIVE", True)
    monkeypatch.setattr(session, "HANDOFF", session.Handoff())
    monkeypatch.setattr(users_mod, "_hasher", lambda: FAST)
    login.LIMITER.success("kim")


@pytest.mark.slow  # AppTest runs (~4 s); the pure checks above stay in the fast lane
def test_login_hands_over_a_cookie_that_logs_a_new_session_in(monkeypatch, tmp_path, served):
    from maeul.auth import login

    at = _run(monkeypatch, tmp_path)
    at.text_input(key="maeul_auth_name").input("kim")
    at.text_input(key="maeul_auth_password").input(PW["kim"])
    at.button[0].click().run()
    assert at.session_state["who"] == "kim"
    nonce = at.session_state["_maeul_cookie_nonce"]
    [img] = [h.proto.body for h in at.get("html") if "_maeul/session" in h.proto.body]
    assert f'src="/_maeul/session?n={nonce}"' in img
    assert "9시간 동안 로그인이 유지됩니다" in " ".join(c.value for c in at.caption)
    value, max_age = session.HANDOFF.take(nonce)  # what the browser fetches
    assert max_age == 9 * 3600
    at.run()
    assert not [h for h in at.get("html") if "_maeul/session" in h.proto.body]  # fetched: no more image
    # the reload: a new session whose request carries the cookie is logged in, without the password
    again = _run(monkeypatch, tmp_path, cookie=value)
    assert again.session_state["who"] == "kim" and not again.text_input
    # a forged or foreign cookie is not
    assert _run(monkeypatch, tmp_path, cookie=value[:-2] + "xx").session_state["who"] is None
    # logout: this browser's cookie is deleted and every cookie of kim ends
    again.button(key="maeul_auth_logout").click().run()
    assert again.session_state["who"] is None
    assert session.HANDOFF.take(again.session_state["_maeul_cookie_nonce"]) == (None, 0)
    assert _run(monkeypatch, tmp_path, cookie=value).session_state["who"] is None
    assert login.session_store().epoch("kim") == 1


def test_without_the_route_no_cookie_is_offered_and_nothing_is_written(monkeypatch, tmp_path):
    from maeul.auth import login
    from maeul.auth import users as users_mod

    monkeypatch.setattr(session, "ROUTE_ACTIVE", False)  # streamlit run app.py
    monkeypatch.setattr(users_mod, "_hasher", lambda: FAST)
    login.LIMITER.success("kim")
    at = _run(monkeypatch, tmp_path)
    at.text_input(key="maeul_auth_name").input("kim")
    at.text_input(key="maeul_auth_password").input(PW["kim"])
    at.button[0].click().run()
    assert at.session_state["who"] == "kim"
    assert "_maeul_cookie_nonce" not in at.session_state
    at.button(key="maeul_auth_logout").click().run()
    assert not (tmp_path / "maeul-session.json").exists()
