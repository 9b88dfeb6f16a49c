"""Who may change what: roles, district scope, password check with a rate limit, OIDC mapping, Streamlit login.

Roles
- viewer — nobody logs in to read; every read page is open. A viewer's upload scope is the empty set.
- staff  — logs in; may upload (and roll back their own uploads) for the districts in `districts` — MOIS codes,
  with None meaning the citywide (서울시) rows.
- reviewer — logs in; checks and approves quarters (which locks them) for the districts in `districts`
  (`review_scope`); may not upload (its upload scope is empty).
- admin  — everything: any district and citywide (scope None = unrestricted), rollback of anyone's upload,
  removal of sample data, approval of any period and unlocking one (with a reason).

Users are configured in Streamlit secrets (`.streamlit/secrets.toml`, git-ignored; see
`.streamlit/secrets.toml.example`):

    [auth.users.kim]
    role = "staff"
    districts = ["강남구", "서울시"]          # names (강남구, 강남) or MOIS codes (11680); 서울시/citywide = citywide rows
    password_hash = "$argon2id$v=19$..."    # python -m maeul user add kim --role staff --district 강남구
    email = "kim@example.go.kr"             # optional: for OIDC (st.login) — maps st.user.email to this entry

The scope is enforced in maeul.upload.store (commit/rollback take `scope=user.scope`), not only in the page.

This module is pure (no Streamlit; tested directly); the Streamlit glue (`login_box`, `current_user`,
`users_configured`) is maeul.auth.login. Password hashes are never
logged, shown or returned: `User` keeps its hash out of repr/str/equality, and every User handed out by `verify`,
`current_user` or `login_box` has no hash at all.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import math
import re
import threading
import time
import tomllib
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from maeul import DATA_DIR, ROOT

ROLES = ("viewer", "staff", "reviewer", "admin")
CONFIG_ROLES = ("staff", "reviewer", "admin")  # roles a configured user may have (a viewer needs no entry)
DISTRICT_ROLES = ("staff", "reviewer")  # roles whose `districts` say where they act
CITYWIDE_WORDS = {"서울시", "서울특별시", "서울", "서울시전체", "시전체", "전체", "citywide", "seoul", "seoulcity", "11000"}
USER_KEYS = {"role", "districts", "password_hash", "email"}
NAME_RE = re.compile(r"^[\w.@-]{1,64}$")  # \w includes Hangul
MAX_PASSWORD = 4096
MIN_PASSWORD = 10

# Failed logins within WINDOW seconds lock for LOCKOUT seconds: MAX_FAILURES for one name from one client (that
# client can no longer try that name), MAX_CLIENT_FAILURES from one client whatever the names (guessing many names),
# MAX_NAME_FAILURES for one name from all clients together (guessing from many machines). So one machine can lock
# itself out but not lock `admin` out for everyone.
MAX_FAILURES = 5
MAX_CLIENT_FAILURES = 20
MAX_NAME_FAILURES = 50
WINDOW_SECONDS = 300.0
LOCKOUT_SECONDS = 300.0

# OIDC provider keys Streamlit's st.login reads (in [auth] itself or in a named [auth.<provider>] section).
OIDC_PROVIDER_KEYS = {"client_id", "client_secret", "server_metadata_url"}
OIDC_SHARED_KEYS = {"redirect_uri", "cookie_secret"}


# --- users and scope -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class User:
    """A configured user. `districts`: MOIS codes, None = citywide rows. `password_hash` never shows in repr/str."""

    name: str
    role: str
    districts: frozenset[str | None] = frozenset()
    email: str | None = None
    password_hash: str | None = field(default=None, repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def scope(self) -> set[str | None] | None:
        """What maeul.upload.store.commit/rollback take: None = unrestricted (admin); a set of codes (None = citywide)
        for staff; the empty set for a viewer (may write nothing)."""
        if self.is_admin:
            return None
        if self.role == "staff":
            return set(self.districts)
        return set()

    @property
    def review_scope(self) -> set[str | None] | None:
        """The periods this user may approve, as maeul.upload.review.approve takes them: None = any (admin), a
        reviewer's districts (None = the citywide rows), the empty set for everyone else."""
        if self.is_admin:
            return None
        return set(self.districts) if self.role == "reviewer" else set()

    @property
    def can_review(self) -> bool:
        return self.is_admin or (self.role == "reviewer" and bool(self.districts))

    @property
    def can_upload(self) -> bool:
        return self.is_admin or (self.role == "staff" and bool(self.districts))

    @property
    def can_remove_sample(self) -> bool:
        return self.is_admin

    def can_rollback(self, upload_user: str | None) -> bool:
        """Admin: any upload. Staff: only uploads recorded under their own name (ingest.rollback then also checks
        that the upload's rows lie inside their scope). Viewer: none."""
        if self.is_admin:
            return True
        if self.role != "staff" or upload_user is None:
            return False
        return name_key(str(upload_user)) == name_key(self.name)

    def public(self) -> User:
        """The same user without the password hash (what the app keeps and hands around)."""
        return dataclasses.replace(self, password_hash=None)


ANONYMOUS = User("", "viewer", frozenset())


class AuthConfigError(ValueError):
    """The users section of the secrets is invalid; `problems` lists every problem (never a hash)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("사용자 설정 오류 (invalid user configuration): " + "; ".join(self.problems))


def name_key(name: str) -> str:
    """How login names are compared: NFC, outer whitespace stripped, case-folded."""
    return unicodedata.normalize("NFC", str(name or "")).strip().casefold()


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).casefold()


# --- districts -------------------------------------------------------------------------------------------------

def district_rows(con=None) -> list[tuple[str, str, str, str]]:
    """(code, name_ko, name_short, name_en) of the 25 자치구: from the database's `district` table when `con` is
    given, else from data/districts.csv (the file that table is built from)."""
    if con is not None:
        with con.cursor() as cur:
            return [tuple(map(str, r)) for r in
                    cur.execute("SELECT code, name_ko, name_short, name_en FROM district ORDER BY code").fetchall()]
    return list(_csv_district_rows())


@functools.cache
def _csv_district_rows() -> tuple[tuple[str, str, str, str], ...]:
    with open(DATA_DIR / "districts.csv", encoding="utf-8", newline="") as fh:
        return tuple((r["code"], r["name_ko"], r["name_short"], r["name_en"]) for r in csv.DictReader(fh))


def district_names(rows: Iterable[tuple[str, str, str, str]]) -> dict[str, str]:
    """Normalised name or code → MOIS code: 강남구, 강남, Gangnam-gu, gangnam, 서울시 강남구, 11680 → '11680'."""
    out: dict[str, str] = {}
    for code, ko, short, en in rows:
        keys = {code, ko, short, en, f"서울특별시{ko}", f"서울시{ko}", f"서울{ko}"}
        if en:
            keys |= {en.replace("-gu", ""), en.replace("-", "")}
        for k in keys:
            if k:
                out[_key(k)] = str(code)
    return out


def district_labels(rows: Iterable[tuple[str, str, str, str]] | None = None) -> dict[str | None, str]:
    """MOIS code → Korean name (None → 서울시), for showing a scope."""
    rows = _csv_district_rows() if rows is None else rows
    return {None: "서울시", **{code: ko for code, ko, _s, _e in rows}}


def resolve_district_entry(text, names: Mapping[str, str], valid_codes: set[str]) -> tuple[bool, str | None]:
    """(ok, code) for one `districts` entry: a code, a name, or 서울시/citywide (→ None). ok False = unknown."""
    raw = str(text).strip()
    if raw in valid_codes:
        return True, raw
    k = _key(raw)
    if not k:
        return False, None
    if k in CITYWIDE_WORDS:
        return True, None
    code = names.get(k)
    if code is not None and code in valid_codes:
        return True, code
    return False, None


# --- loading the configuration ---------------------------------------------------------------------------------

def users_section(secrets: Mapping) -> Mapping:
    """The `[auth.users]` table of a whole secrets mapping ({} when absent)."""
    auth = secrets.get("auth") if isinstance(secrets, Mapping) else None
    users = auth.get("users") if isinstance(auth, Mapping) else None
    return users if isinstance(users, Mapping) else {}


def _entry_districts(entry: Mapping, where: str, names: Mapping[str, str], valid: set[str], problems: list[str]
                     ) -> tuple[set[str | None], bool]:
    """(districts, any_unknown) of one user's `districts` (a list, or one code/name): codes, None for 서울시.
    Appends a problem for a value that is not a list and for every unknown entry."""
    districts_raw = entry.get("districts", [])
    if isinstance(districts_raw, (str, int)):
        districts_raw = [districts_raw]
    if not isinstance(districts_raw, (list, tuple)):
        problems.append(f"{where}: districts는 목록이어야 합니다 (districts must be a list)")
        districts_raw = []
    districts: set[str | None] = set()
    bad_district = False
    for d in districts_raw:
        ok, code = resolve_district_entry(d, names, valid)
        if ok:
            districts.add(code)
        else:
            bad_district = True
            problems.append(f"{where}: 알 수 없는 자치구 '{d}' (unknown district)")
    return districts, bad_district


def _entry_credentials(entry: Mapping, where: str, name: str, seen_emails: dict[str, str], problems: list[str]
                       ) -> tuple[str | None, str | None]:
    """(password_hash, email) of one user: the hash only when it is an argon2 hash, the email stripped (and
    recorded in seen_emails when it is new). Appends a problem for a bad hash, a bad or duplicate email, and an
    entry with neither."""
    pw_hash = entry.get("password_hash")
    if pw_hash is not None:
        if not isinstance(pw_hash, str) or not is_argon2_hash(pw_hash):
            problems.append(f"{where}: password_hash가 argon2 해시가 아닙니다 — `python -m maeul user add`로 "
                            "만드세요 (password_hash is not an argon2 hash)")
            pw_hash = None
    email = entry.get("email")
    if email is not None:
        email = str(email).strip()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
            problems.append(f"{where}: email 형식이 올바르지 않습니다 (invalid email)")
        elif email.casefold() in seen_emails:
            problems.append(f"{where}: email이 '{seen_emails[email.casefold()]}'와(과) 같습니다 (duplicate email)")
        else:
            seen_emails[email.casefold()] = name
    if pw_hash is None and email is None and "password_hash" not in entry:
        problems.append(f"{where}: password_hash(비밀번호 로그인) 또는 email(OIDC 로그인)이 있어야 합니다 "
                        "(needs password_hash or email)")
    return pw_hash, email


def _entry_user(name: str, entry: Mapping, names: Mapping[str, str], valid: set[str], seen_emails: dict[str, str],
                problems: list[str]) -> User | None:
    """The User of one `[auth.users.<name>]` table (None when its role is not staff or admin), appending every
    problem found in it: unknown keys, role, districts (staff need at least one), password hash and email."""
    where = f"사용자 '{name}'"
    unknown = sorted(set(entry) - USER_KEYS)
    if unknown:
        problems.append(f"{where}: 알 수 없는 항목 {', '.join(unknown)} (unknown keys; allowed: "
                        f"{', '.join(sorted(USER_KEYS))})")
    role = str(entry.get("role", "")).strip().lower()
    if role not in CONFIG_ROLES:
        problems.append(f"{where}: role은 staff, reviewer 또는 admin이어야 합니다 (role must be staff, reviewer or "
                        "admin)")
    districts, bad_district = _entry_districts(entry, where, names, valid, problems)
    if role in DISTRICT_ROLES and not districts and not bad_district:
        problems.append(f"{where}: {role}에는 자치구(districts)가 하나 이상 있어야 합니다 "
                        f"({role} needs at least one district or 서울시)")
    pw_hash, email = _entry_credentials(entry, where, name, seen_emails, problems)
    if role not in CONFIG_ROLES:
        return None
    return User(name, role, frozenset(districts) if role in DISTRICT_ROLES else frozenset(), email or None, pw_hash)


def load_users(mapping: Mapping, valid_codes: Iterable[str] | None = None, names: Mapping[str, str] | None = None,
               *, con=None) -> dict[str, User]:
    """Validate the configured users and return {name: User}.

    `mapping` is the `[auth.users]` table ({name: {role, districts, password_hash, email}}) or a whole secrets
    mapping (then its [auth.users] is used). District entries are resolved with `names` (normalised name → code,
    see district_names) and must be in `valid_codes`; both default to the 25 자치구 (from `con`'s district table
    when given, else data/districts.csv). Every problem is collected; any problem raises AuthConfigError (the app
    then lets nobody log in — fail closed)."""
    if isinstance(mapping, Mapping) and isinstance(mapping.get("auth"), Mapping) and "role" not in mapping["auth"]:
        mapping = users_section(mapping)
    if names is None or valid_codes is None:
        rows = district_rows(con)
        names = district_names(rows) if names is None else names
        valid_codes = {r[0] for r in rows} if valid_codes is None else valid_codes
    valid = {str(c) for c in valid_codes}
    problems: list[str] = []
    users: dict[str, User] = {}
    seen_names: dict[str, str] = {}
    seen_emails: dict[str, str] = {}
    for raw_name, entry in (mapping or {}).items():
        name = unicodedata.normalize("NFC", str(raw_name)).strip()
        where = f"사용자 '{name}'"
        if not NAME_RE.match(name):
            problems.append(f"{where}: 이름은 1–64자의 글자·숫자·._@- 만 쓸 수 있습니다 (invalid user name)")
            continue
        if name_key(name) in seen_names:
            problems.append(f"{where}: '{seen_names[name_key(name)]}'와(과) 같은 이름입니다 (duplicate user name)")
            continue
        seen_names[name_key(name)] = name
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: [auth.users.{name}] 표여야 합니다 (must be a table)")
            continue
        user = _entry_user(name, entry, names, valid, seen_emails, problems)
        if user is not None:
            users[name] = user
    if problems:
        raise AuthConfigError(problems)
    return users


_ARGON2_RE = re.compile(r"^\$argon2(id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}$")


def is_argon2_hash(text: str) -> bool:
    """Whether `text` is a well-formed argon2 hash string (PHC format with parameters, salt and hash)."""
    from argon2 import extract_parameters
    from argon2.exceptions import InvalidHashError

    if not _ARGON2_RE.match(text):
        return False
    try:
        extract_parameters(text)
    except (InvalidHashError, ValueError):
        return False
    return True


def find_user(users: Mapping[str, User], name: str) -> User | None:
    """The user called `name` (compared case-insensitively, outer spaces ignored), or None."""
    k = name_key(name)
    if not k:
        return None
    for n, u in users.items():
        if name_key(n) == k:
            return u
    return None


def scope_label(scope: set[str | None] | None, labels: Mapping[str | None, str] | None = None,
                all_label: str = "전체 (관리자)") -> str:
    """A scope as text: 'all' for None, else names sorted with 서울시 first."""
    if scope is None:
        return all_label
    labels = district_labels() if labels is None else labels
    return ", ".join(labels.get(c, str(c)) for c in sorted(scope, key=lambda c: (c is not None, c or "")))


# --- passwords -------------------------------------------------------------------------------------------------

@functools.cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str, hasher=None) -> str:
    """An argon2id hash (argon2-cffi's PasswordHasher defaults: RFC 9106 low-memory profile)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValueError(f"비밀번호는 {MIN_PASSWORD}자 이상이어야 합니다 (password must have at least {MIN_PASSWORD} "
                         "characters)")
    if len(password) > MAX_PASSWORD:
        raise ValueError("비밀번호가 너무 깁니다 (password too long)")
    return (hasher or _hasher()).hash(password)


def check_password(pw_hash: str, password: str, hasher=None) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool((hasher or _hasher()).verify(pw_hash, password))
    except (VerificationError, InvalidHashError, ValueError):
        return False


@functools.cache
def _dummy_hash() -> str:
    import secrets

    return _hasher().hash(secrets.token_hex(16))


class LoginLocked(Exception):
    """Too many failed logins for this name: try again after `retry_after` seconds."""

    def __init__(self, name: str, retry_after: float):
        self.name = name
        self.retry_after = max(0.0, float(retry_after))
        super().__init__(self.message("ko"))

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    def message(self, lang: str = "ko") -> str:
        from maeul.i18n import t

        return t("auth.locked", lang, minutes=self.minutes, n=MAX_FAILURES)


class LoginLimiter:
    """Failed-login rate limits (MAX_FAILURES per name and client, MAX_CLIENT_FAILURES per client, MAX_NAME_FAILURES
    per name): reaching one locks that name-and-client, client or name for `lockout` seconds; a successful login
    clears its name-and-client count. `client` identifies where an attempt comes from (an IP address; None = not
    known, all such attempts count as one client). Locks are kept until they expire whatever else is tracked; when
    the count table is full, name counts are forgotten before client counts, so one client cannot churn its own
    count away (it locks at MAX_CLIENT_FAILURES, long before the table fills). Thread-safe (one instance serves
    every session of the server process). `clock` (seconds, monotonic) is injectable for tests."""

    MAX_TRACKED = 10_000  # failure counts remembered at most (a flood of made-up names cannot grow memory)

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS,
                 lockout: float = LOCKOUT_SECONDS, clock: Callable[[], float] = time.monotonic,
                 max_client_failures: int = MAX_CLIENT_FAILURES, max_name_failures: int = MAX_NAME_FAILURES):
        self.limits = {"pair": int(max_failures), "client": int(max_client_failures),
                       "name": int(max_name_failures)}
        self.max_failures = int(max_failures)
        self.window = float(window)
        self.lockout = float(lockout)
        self.clock = clock
        self._failures: dict[tuple, deque[float]] = {}
        self._locked_until: dict[tuple, float] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(name: str, client: str | None) -> list[tuple]:
        k, c = name_key(name), "" if client is None else str(client)
        return [("pair", k, c), ("client", c), ("name", k)]

    def retry_after(self, name: str, client: str | None = None) -> float:
        """Seconds until `name` may try again from `client` (0 = not locked)."""
        now = self.clock()
        left = 0.0
        with self._lock:
            for key in self._keys(name, client):
                until = self._locked_until.get(key)
                if until is None:
                    continue
                if until <= now:
                    del self._locked_until[key]
                    self._failures.pop(key, None)
                else:
                    left = max(left, until - now)
        return left

    def check(self, name: str, client: str | None = None) -> None:
        """Raise LoginLocked when `name` may not try from `client` now."""
        left = self.retry_after(name, client)
        if left > 0:
            raise LoginLocked(name, left)

    def failure(self, name: str, client: str | None = None) -> float:
        """Record a failed attempt; returns the lock time started by it (0 = nothing locked yet)."""
        now = self.clock()
        started = 0.0
        with self._lock:
            self._prune(now)
            for key in self._keys(name, client):
                q = self._failures.setdefault(key, deque())
                q.append(now)
                while q and q[0] <= now - self.window:
                    q.popleft()
                if len(q) >= self.limits[key[0]]:
                    self._locked_until[key] = now + self.lockout
                    q.clear()
                    started = self.lockout
        return started

    def success(self, name: str, client: str | None = None) -> None:
        key = self._keys(name, client)[0]
        with self._lock:
            self._failures.pop(key, None)
            self._locked_until.pop(key, None)

    def failures(self, name: str, client: str | None = None) -> int:
        """Failures of `name` from `client` counted in the current window."""
        now = self.clock()
        with self._lock:
            q = self._failures.get(self._keys(name, client)[0], ())
            return sum(1 for ts in q if ts > now - self.window)

    def _prune(self, now: float) -> None:
        """Expired locks go; when the failure table is full, stale counts go, then the oldest name counts. Locks
        are never dropped before they expire."""
        for k in [k for k, until in self._locked_until.items() if until <= now]:
            del self._locked_until[k]
        room = self.MAX_TRACKED - 3  # an attempt adds up to three counts
        if len(self._failures) <= room:
            return
        for k in [k for k, q in self._failures.items() if not q or q[-1] <= now - self.window]:
            del self._failures[k]
        # oldest first: name counts, then (only under a flood from thousands of machines) client counts
        for k in [k for k in self._failures if k[0] != "client"] + [k for k in self._failures if k[0] == "client"]:
            if len(self._failures) <= room:
                break
            del self._failures[k]


def verify(users: Mapping[str, User], name: str, password: str, limiter: LoginLimiter | None = None,
           client: str | None = None) -> User | None:
    """The user (without hash) when `password` is right for `name`; None otherwise. With a limiter: raises
    LoginLocked when the name is locked for `client` (the password is then not even checked), and records the
    outcome. Unknown names cost the same time as known ones and count towards the limits the same way."""
    if limiter is not None:
        limiter.check(name, client)
    user = find_user(users, name)
    ok = False
    if isinstance(password, str) and 0 < len(password) <= MAX_PASSWORD:
        if user is not None and user.password_hash:
            ok = check_password(user.password_hash, password)
        else:
            check_password(_dummy_hash(), password)  # same cost as a real check: no name probing by timing
    if ok and user is not None:
        if limiter is not None:
            limiter.success(name, client)
        return user.public()
    if limiter is not None:
        limiter.failure(name, client)
    return None


# --- OIDC (Streamlit's st.login / st.user) -----------------------------------------------------------------------

def oidc_providers(secrets: Mapping) -> list[str | None]:
    """The OIDC providers configured in secrets' [auth] for st.login: None = the default provider (client_id …
    in [auth] itself), a name = an [auth.<name>] section. [] = OIDC not configured (password login is used)."""
    auth = secrets.get("auth") if isinstance(secrets, Mapping) else None
    if not isinstance(auth, Mapping):
        return []
    out: list[str | None] = []
    if OIDC_PROVIDER_KEYS & set(auth):
        out.append(None)
    for k, v in auth.items():
        if k != "users" and isinstance(v, Mapping) and OIDC_PROVIDER_KEYS & set(v):
            out.append(str(k))
    return out


def oidc_problems(secrets: Mapping) -> list[str]:
    """What st.login would complain about (missing redirect_uri/cookie_secret, incomplete provider), values
    never included. [] when OIDC is not configured or complete."""
    providers = oidc_providers(secrets)
    if not providers:
        return []
    auth = secrets["auth"]
    problems = [f"[auth] {k} 가 없습니다 (missing)" for k in sorted(OIDC_SHARED_KEYS - set(auth))]
    for p in providers:
        section = auth if p is None else auth[p]
        where = "[auth]" if p is None else f"[auth.{p}]"
        problems += [f"{where} {k} 가 없습니다 (missing)" for k in sorted(OIDC_PROVIDER_KEYS - set(section))]
    return problems


def user_for_claims(users: Mapping[str, User], claims: Mapping) -> User | None:
    """The configured user whose `email` matches the identity's email (case-insensitive), or None. An identity
    whose provider says the email is not verified (email_verified false) matches nobody."""
    if not claims or not claims.get("is_logged_in", True):
        return None
    email = str(claims.get("email") or "").strip()
    if not email or claims.get("email_verified") in (False, "false", "False", 0):
        return None
    for u in users.values():
        if u.email and u.email.strip().casefold() == email.casefold():
            return u.public()
    return None


# --- the command line ------------------------------------------------------------------------------------------

def default_secrets_path() -> Path:
    """.streamlit/secrets.toml in the working directory (where Streamlit looks), else in the checkout."""
    here = Path.cwd() / ".streamlit" / "secrets.toml"
    return here if here.exists() else ROOT / ".streamlit" / "secrets.toml"


def read_secrets(path: str | Path | None = None) -> dict:
    """The parsed secrets file ({} when it does not exist). A TOML syntax error raises ValueError."""
    p = Path(path) if path else default_secrets_path()
    if not p.exists():
        return {}
    try:
        with open(p, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{p}: TOML 형식 오류 (syntax error): {e}") from None


def cli_user(name: str | None, secrets_path: str | Path | None = None, con=None) -> User | None:
    """On the command line: the configured user called `name` (without hash), or None when `name` is not a
    configured user — then the person running the command acts as an operator (the server's operator can edit
    the database file anyway). An invalid secrets file raises AuthConfigError/ValueError (fail closed)."""
    secrets = read_secrets(secrets_path)
    section = users_section(secrets)
    if not name or not section:
        return None
    user = find_user(load_users(section, con=con), name)
    return None if user is None else user.public()


def scope_for_cli_user(name: str | None, secrets_path: str | Path | None = None, con=None) -> set[str | None] | None:
    """The scope for `--user NAME`: that user's scope when NAME is a configured user (a staff member's districts;
    None for an admin), else None = operator, unrestricted."""
    user = cli_user(name, secrets_path, con)
    return None if user is None else user.scope
