"""A login that survives a reload: a signed session cookie, valid for a working day.

Streamlit keeps a login in the session of one websocket; a reload opens a new session, which used to log the user
out. After a password login the app now gives the browser a cookie ``maeul_session`` that names the user and is
signed with a server secret; a new session of the same browser that carries a valid cookie is logged in again.

What the cookie holds: ``v1.<name>.<expiry>.<epoch>.<fingerprint>.<signature>`` —
- name: the login name (base64url);
- expiry: Unix seconds, login time + LIFETIME (9 h: an 8-hour office day with the lunch hour, so a login in the
  morning lasts the day and no longer — the next morning asks again);
- epoch: the user's logout counter on this server: a logout increments it, which ends every cookie of that user;
- fingerprint: an HMAC of the user's entry as configured (role, districts, password hash, e-mail), so a password
  change, a role or district change, or removing the user ends the cookie at once;
- signature: HMAC-SHA256 with the server secret over everything before it (a changed byte, or another server's
  secret, and the cookie is ignored).
The secret and the logout counters live in one JSON file beside the database (``var/maeul-session.json`` by
default), created on first use with permissions 0600, never in the repository (``/var/`` is git-ignored).

How the browser gets it without JavaScript: Streamlit 1.67 lets a script read cookies (st.context.cookies) but not
set them. The production entry (serve.py) adds one route, ``/_maeul/session`` (maeul.auth.route), that answers a
one-time, short-lived nonce with ``Set-Cookie: maeul_session=…; HttpOnly; SameSite=Strict; Path=/; Max-Age=…``
(``Secure`` when served over https). The login box draws an invisible same-origin image pointing at that nonce
(maeul.auth.login); logout does the same with a nonce that deletes the cookie. So the cookie is HttpOnly — page
scripts can never read it — and nothing outside the server is requested. Under plain ``streamlit run app.py`` the
route does not exist: logins then last one session, as before.

Pure: no Streamlit. The clock and the file are injectable for tests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from maeul.auth.users import User, find_user, name_key

COOKIE = "maeul_session"
LIFETIME = 9 * 3600          # seconds: a working day (see above)
HANDOFF_SECONDS = 120.0      # how long a nonce waits for the browser to fetch its cookie
ROUTE = "/_maeul/session"    # the path of maeul.auth.route (under server.baseUrlPath)
FILE_NAME = "maeul-session.json"
VERSION = "v1"

log = logging.getLogger("maeul.auth")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- the secret and the logout counters ---------------------------------------------------------------------------

def default_path() -> Path:
    """The session file beside the database file ($MAEUL_DB's folder, var/ by default)."""
    from maeul.plan.db import db_path

    return db_path().parent / FILE_NAME


class SessionStore:
    """The server secret and each user's logout counter, in one JSON file with permissions 0600 (created on first
    use; rewritten atomically). Thread-safe within the process."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _read(self) -> dict | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        if st.st_mode & 0o077:  # readable by others: tighten it (the secret must stay the server's)
            os.chmod(self.path, 0o600)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            bytes.fromhex(data["secret"])
            return data if isinstance(data.get("epochs"), dict) else {**data, "epochs": {}}
        except (ValueError, KeyError, TypeError):
            log.warning("session file %s is damaged: remembered logins are off until it is removed", self.path)
            return {"secret": None, "epochs": {}}

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, self.path)

    def secret(self, create: bool = False) -> bytes | None:
        """The server secret (32 random bytes); with ``create`` made on first use, else None when there is none
        (then no cookie can be valid)."""
        with self._lock:
            data = self._read()
            if data is None and create:
                data = {"secret": secrets.token_hex(32), "epochs": {}}
                self._write(data)
            if data is None or not data.get("secret"):
                return None
            return bytes.fromhex(data["secret"])

    def epoch(self, name: str) -> int:
        with self._lock:
            data = self._read() or {"epochs": {}}
            return int(data["epochs"].get(name_key(name), 0))

    def revoke(self, name: str) -> None:
        """End every cookie of `name` (logout): its counter goes up. Nothing to do without a file."""
        with self._lock:
            data = self._read()
            if data is None or not data.get("secret"):
                return
            k = name_key(name)
            data["epochs"][k] = int(data["epochs"].get(k, 0)) + 1
            self._write(data)


# --- signing and checking -------------------------------------------------------------------------------------

def fingerprint(user: User, secret: bytes) -> str:
    """An HMAC of what the user's entry says (name, role, districts, password hash, e-mail): changes whenever the
    entry does. Keyed with the secret, so it tells nothing about the hash."""
    districts = ",".join(sorted("" if d is None else str(d) for d in user.districts))
    text = "\0".join(["fp", name_key(user.name), user.role, districts, user.password_hash or "", user.email or ""])
    return _b64(hmac.new(secret, text.encode("utf-8"), hashlib.sha256).digest()[:16])


def _signature(payload: str, secret: bytes) -> str:
    return _b64(hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest())


def sign(user: User, secret: bytes, epoch: int, now: float, lifetime: int = LIFETIME) -> str:
    """The cookie value for `user` (the configured entry, with its password hash) logged in at `now`."""
    payload = ".".join([VERSION, _b64(user.name.encode("utf-8")), str(int(now) + int(lifetime)), str(int(epoch)),
                        fingerprint(user, secret)])
    return f"{payload}.{_signature(payload, secret)}"


def verify(value: str | None, users: Mapping[str, User], secret: bytes | None,
           epochs: Mapping[str, int] | None = None, now: float | None = None,
           lifetime: int = LIFETIME) -> User | None:
    """The user (without hash) a cookie value logs in, or None: a malformed, tampered, expired or foreign cookie,
    one for a user no longer configured, whose entry changed (password, role, districts) or who logged out since
    (``epochs``: name_key → counter, or a callable name → counter)."""
    if not value or not secret or len(value) > 1024:
        return None
    parts = value.split(".")
    if len(parts) != 6 or parts[0] != VERSION:
        return None
    payload, sig = ".".join(parts[:5]), parts[5]
    try:
        if not hmac.compare_digest(sig.encode("ascii"), _signature(payload, secret).encode("ascii")):
            return None
        name = _unb64(parts[1]).decode("utf-8")
        expiry, epoch = int(parts[2]), int(parts[3])
    except (ValueError, UnicodeError):
        return None
    now = time.time() if now is None else now
    if not now < expiry <= now + lifetime:
        return None
    user = find_user(users, name)
    if user is None or not hmac.compare_digest(parts[4], fingerprint(user, secret)):
        return None
    current = epochs(name) if callable(epochs) else int((epochs or {}).get(name_key(name), 0))
    if epoch != current:
        return None
    return user.public()


def cookie_header(value: str | None, max_age: int, secure: bool) -> str:
    """The Set-Cookie header that stores `value` for `max_age` seconds, or (value None) deletes the cookie."""
    parts = [f"{COOKIE}={value or ''}", "Path=/", f"Max-Age={max(0, int(max_age)) if value else 0}", "HttpOnly",
             "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


# --- handing a cookie to the browser ------------------------------------------------------------------------------

class Handoff:
    """One-time nonces the browser exchanges at ROUTE for a Set-Cookie: ``offer`` (from the script that logged the
    user in or out) → ``take`` (by the route, once). Expire after HANDOFF_SECONDS; at most MAX kept."""

    MAX = 10_000

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._items: dict[str, tuple[str | None, int, float]] = {}
        self._lock = threading.Lock()

    def offer(self, value: str | None, max_age: int) -> str:
        nonce = secrets.token_urlsafe(24)
        now = self.clock()
        with self._lock:
            for k in [k for k, item in self._items.items() if item[2] <= now]:
                del self._items[k]
            while len(self._items) >= self.MAX:
                del self._items[next(iter(self._items))]
            self._items[nonce] = (value, int(max_age), now + HANDOFF_SECONDS)
        return nonce

    def take(self, nonce: str | None) -> tuple[str | None, int] | None:
        """(value or None to delete, max_age) once for a live nonce; None for an unknown, used or expired one."""
        with self._lock:
            item = self._items.pop(nonce or "", None)
        if item is None or item[2] <= self.clock():
            return None
        return item[0], item[1]

    def pending(self, nonce: str | None) -> bool:
        with self._lock:
            item = self._items.get(nonce or "")
        return item is not None and item[2] > self.clock()


HANDOFF = Handoff()
# Set by maeul.auth.route.routes() when the server serves ROUTE (serve.py); without it no cookie is offered.
ROUTE_ACTIVE = False


def route_path(base_url: str | None) -> str:
    """ROUTE under Streamlit's server.baseUrlPath ('' or 'maeul' → '/_maeul/session' or '/maeul/_maeul/session')."""
    base = (base_url or "").strip("/")
    return f"/{base}{ROUTE}" if base else ROUTE
