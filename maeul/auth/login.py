"""The Streamlit side of login: the login box, the current user of a browser session, whether anyone can log in,
and the signed session cookie that keeps a password login across a reload for a working day (maeul.auth.session).

Users, roles, scope, hashing and the rate limiter are in maeul.auth.users (pure, tested without Streamlit).
"""

from __future__ import annotations

import html
import logging
import time

import streamlit as st

from maeul.auth import session
from maeul.auth.users import (
    AuthConfigError,
    LoginLimiter,
    LoginLocked,
    User,
    find_user,
    load_users,
    oidc_providers,
    scope_label,
    user_for_claims,
    users_section,
    verify,
)
from maeul.i18n import t
from maeul.present.format import md_escape

_SESSION_KEY = "maeul_auth_user"  # holds only the user's name — never a hash or password
_NONCE_KEY = "_maeul_cookie_nonce"  # a cookie (or its deletion) waiting for the browser to fetch it
_SEEN_KEY = "_maeul_cookie_seen"  # the request's cookie, once checked (checked once per session)


def _secrets() -> dict:
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - a broken secrets file: nobody logs in, the page says why
        return {"__error__": True}


def _configured(secrets: dict) -> tuple[dict[str, User], str | None]:
    """(users, problem text or None)."""
    if secrets.get("__error__"):
        return {}, "secrets.toml"
    try:
        return load_users(users_section(secrets)), None
    except AuthConfigError as e:
        return {}, "; ".join(e.problems)


# One limiter per server process: every browser session shares it.
LIMITER = LoginLimiter()


def client_key() -> str | None:
    """Where this session's requests come from, for the per-client login limit: the client's IP address
    (st.context.ip_address, Streamlit ≥ 1.45); None when Streamlit does not know it (a localhost connection, no
    script context) — such attempts share one count."""
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001 - no script context, or an older Streamlit
        return None
    return str(ip) if ip else None


def users_configured() -> bool:
    """Whether anyone can log in at all: valid users in [auth.users] (with OIDC, those with an `email`)."""
    secrets = _secrets()
    users, _problem = _configured(secrets)
    return bool(users)


def current_user() -> User | None:
    """The logged-in user of this browser session (without hash), or None (viewer). Looked up against the
    current secrets on every call: a removed user or changed role takes effect at once."""
    secrets = _secrets()
    users, _problem = _configured(secrets)
    if oidc_providers(secrets):
        try:
            claims = st.user.to_dict()
        except Exception:  # noqa: BLE001 - no script context (bare mode)
            return None
        return user_for_claims(users, claims)
    name = st.session_state.get(_SESSION_KEY)
    if not name:
        return _restore(users)
    user = find_user(users, name)
    if user is None:
        st.session_state.pop(_SESSION_KEY, None)
        return None
    return user.public()


def request_cookie() -> str | None:
    """The session cookie the browser sent when this session connected (st.context.cookies), or None."""
    try:
        return st.context.cookies.get(session.COOKIE)
    except Exception:  # noqa: BLE001 - no script context, or an older Streamlit
        return None


def session_store() -> session.SessionStore:
    return session.SessionStore(session.default_path())


def _restore(users: dict[str, User]) -> User | None:
    """A new session of a browser that holds a valid session cookie: logged in again (checked once a session)."""
    value = request_cookie()
    if not value or st.session_state.get(_SEEN_KEY) == value:
        return None
    st.session_state[_SEEN_KEY] = value
    store = session_store()
    try:
        user = session.verify(value, users, store.secret(), store.epoch)
    except OSError:
        logging.getLogger("maeul.auth").exception("session file")
        return None
    if user is not None:
        st.session_state[_SESSION_KEY] = user.name
    return user


def _offer_cookie(value: str | None, max_age: int) -> None:
    """Have the browser fetch (or delete) its cookie on the next run (only where serve.py serves the route)."""
    if session.ROUTE_ACTIVE:
        st.session_state[_NONCE_KEY] = session.HANDOFF.offer(value, max_age)


def remember(users: dict[str, User], name: str) -> None:
    """After a password login: a signed cookie for a working day (see maeul.auth.session)."""
    if not session.ROUTE_ACTIVE:
        return
    user = find_user(users, name)  # the configured entry, with the hash its fingerprint covers
    if user is None:
        return
    try:
        store = session_store()
        value = session.sign(user, store.secret(create=True), store.epoch(user.name), time.time())
    except OSError:  # the folder is read-only or full: this login lasts the session
        logging.getLogger("maeul.auth").exception("session file")
        return
    _offer_cookie(value, session.LIFETIME)


def draw_cookie_handoff(box) -> None:
    """An invisible same-origin image whose request brings the Set-Cookie (maeul.auth.route), while one waits."""
    nonce = st.session_state.get(_NONCE_KEY)
    if not nonce:
        return
    if not session.HANDOFF.pending(nonce):  # fetched (or expired): done
        st.session_state.pop(_NONCE_KEY, None)
        return
    src = html.escape(f"{session.route_path(st.get_option('server.baseUrlPath'))}?n={nonce}")
    box.html(f'<img src="{src}" alt="" width="1" height="1" style="position:absolute;opacity:0">')


def logout() -> None:
    """End this session's login and every session cookie of the user (their logout counter goes up), and have
    the browser delete its cookie."""
    name = st.session_state.pop(_SESSION_KEY, None)
    st.session_state[_SEEN_KEY] = request_cookie()  # the cookie this session came with is not taken again
    if name:
        try:
            session_store().revoke(name)
        except OSError:
            logging.getLogger("maeul.auth").exception("session file")
    _offer_cookie(None, 0)


def login_box(lang: str = "ko", *, container=None) -> User | None:
    """The login form (password, or st.login when OIDC is configured) or, when logged in, who is logged in and a
    logout button. Returns the current user or None. `container`: where to draw (default: the page body;
    pass st.sidebar for the sidebar)."""
    box = container if container is not None else st.container()
    secrets = _secrets()
    users, problem = _configured(secrets)
    if problem:
        box.error(t("auth.config_error", lang))
    providers = oidc_providers(secrets)
    if providers:
        return _oidc_box(box, lang, users, providers)
    user = current_user()
    draw_cookie_handoff(box)
    if user is not None:
        _who(box, lang, user)
        if session.ROUTE_ACTIVE:
            box.caption(t("auth.remembered", lang, hours=session.LIFETIME // 3600))
        if box.button(t("auth.logout", lang), key="maeul_auth_logout"):
            logout()
            st.rerun()
        return user
    if not users:
        return None
    with box.form("maeul_auth_login", clear_on_submit=True):
        st.markdown(f"**{t('auth.login_title', lang)}**")
        name = st.text_input(t("auth.name", lang), key="maeul_auth_name", autocomplete="username")
        password = st.text_input(t("auth.password", lang), type="password", key="maeul_auth_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("auth.submit", lang))
    if submitted:
        try:
            user = verify(users, name, password, LIMITER, client=client_key())
        except LoginLocked as e:
            box.error(e.message(lang))
            return None
        if user is None:
            box.error(t("auth.bad_credentials", lang))
            return None
        st.session_state[_SESSION_KEY] = user.name
        remember(users, user.name)
        st.rerun()
    return None


def _who(box, lang: str, user: User) -> None:
    reviewer = user.role == "reviewer"
    scope = scope_label(user.review_scope if reviewer else user.scope, all_label=t("auth.scope_all", lang))
    box.caption(t("auth.logged_in_reviewer" if reviewer else "auth.logged_in", lang, name=md_escape(user.name),
                  role=t(f"auth.role.{user.role}", lang), scope=scope))


def _oidc_box(box, lang: str, users: dict[str, User], providers: list[str | None]) -> User | None:
    claims = st.user.to_dict()
    if claims.get("is_logged_in"):
        user = user_for_claims(users, claims)
        if user is None:
            box.warning(t("auth.oidc_unknown", lang, email=md_escape(str(claims.get("email") or "?"))))
        else:
            _who(box, lang, user)
        if box.button(t("auth.logout", lang), key="maeul_auth_logout"):
            st.logout()
        return user
    for p in providers:
        label = t("auth.oidc_login", lang) if p is None else t("auth.oidc_login_named", lang, provider=p)
        if box.button(label, key=f"maeul_auth_oidc_{p or 'default'}"):
            try:
                st.login(p)
            except Exception as e:  # noqa: BLE001 - Authlib missing or [auth] incomplete: say so, do not crash
                box.error(t("auth.oidc_error", lang, detail=type(e).__name__))
    return None
