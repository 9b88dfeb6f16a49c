"""`python -m maeul user add|check` — make a user entry for .streamlit/secrets.toml, and check that file.

`user add` prints the TOML snippet (with the argon2 hash) on stdout for the operator to paste into the secrets
file; it never writes secrets itself. `user check` lists users, roles and districts — never a hash.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
import tomllib
from pathlib import Path

from maeul.auth import users as auth


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name, ensure_ascii=False)


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    first = getpass.getpass("비밀번호 (password): ")
    second = getpass.getpass("비밀번호 확인 (repeat): ")
    if first != second:
        raise ValueError("두 비밀번호가 다릅니다 (the passwords differ)")
    return first


def snippet(name: str, role: str, districts: list[str], pw_hash: str, email: str | None = None) -> str:
    """The TOML block for one user (what `user add` prints)."""
    lines = [f"[auth.users.{_toml_key(name)}]", f"role = {_toml_str(role)}"]
    if role in auth.DISTRICT_ROLES:
        lines.append("districts = [" + ", ".join(_toml_str(d) for d in districts) + "]")
    if email:
        lines.append(f"email = {_toml_str(email)}")
    lines.append(f"password_hash = {_toml_str(pw_hash)}")
    return "\n".join(lines) + "\n"


def _cmd_add(args: argparse.Namespace) -> int:
    name = args.name.strip()
    if not auth.NAME_RE.match(name):
        raise ValueError("이름은 1–64자의 글자·숫자·._@- 만 쓸 수 있습니다 (invalid user name)")
    rows = auth.district_rows()
    names, valid = auth.district_names(rows), {r[0] for r in rows}
    labels = auth.district_labels(rows)
    shown: list[str] = []
    for d in args.district or []:
        ok, code = auth.resolve_district_entry(d, names, valid)
        if not ok:
            raise ValueError(f"알 수 없는 자치구입니다 (unknown district): {d}")
        if labels[code] not in shown:
            shown.append(labels[code])
    if args.citywide and "서울시" not in shown:
        shown.append("서울시")
    if args.role in auth.DISTRICT_ROLES and not shown:
        raise ValueError(f"{args.role}에는 --district 또는 --citywide가 하나 이상 필요합니다 ({args.role} needs "
                         "--district or --citywide)")
    if args.role == "admin" and shown:
        print("참고: admin은 모든 자치구를 다룹니다; --district/--citywide는 무시합니다 (admin covers everything)",
              file=sys.stderr)
    pw_hash = auth.hash_password(_read_password(args))
    text = snippet(name, args.role, shown, pw_hash, args.email)
    # parse back before printing: what we print must load
    auth.load_users(tomllib.loads(text))
    print(f"# .streamlit/secrets.toml 에 붙여 넣으세요 (paste into .streamlit/secrets.toml); user {name}",
          file=sys.stderr)
    sys.stdout.write(text)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.secrets) if args.secrets else auth.default_secrets_path()
    if not path.exists():
        print(f"파일이 없습니다 (no such file): {path} — 예시: .streamlit/secrets.toml.example", file=sys.stderr)
        return 1
    secrets = auth.read_secrets(path)
    ok = True
    try:
        users = auth.load_users(auth.users_section(secrets))
    except auth.AuthConfigError as e:
        ok = False
        users = {}
        print(f"{path}: 사용자 설정 오류 {len(e.problems)}건 (problems):", file=sys.stderr)
        for p in e.problems:
            print(f"  - {p}", file=sys.stderr)
    providers = auth.oidc_providers(secrets)
    oidc_problems = auth.oidc_problems(secrets)
    if oidc_problems:
        ok = False
        for p in oidc_problems:
            print(f"  - OIDC: {p}", file=sys.stderr)
    labels = auth.district_labels()
    print(f"{path}")
    if providers:
        names = ", ".join("[auth]" if p is None else f"[auth.{p}]" for p in providers)
        print(f"로그인 방식 (login): OIDC st.login — {names}; 사용자는 email로 연결 (users matched by email)")
    else:
        print("로그인 방식 (login): 비밀번호 (password, argon2)")
    if not users and ok:
        print("사용자가 없습니다 (no users): 업로드는 아무도 할 수 없습니다 — python -m maeul user add …")
    for u in users.values():
        scope = auth.scope_label(u.review_scope if u.role == "reviewer" else u.scope, labels, all_label="전체 (all)")
        how = []
        if u.password_hash:
            how.append("password")
        if u.email:
            how.append(f"email {u.email}")
        if providers and not u.email:
            how.append("OIDC에 email 없음 — 로그인 불가 (no email: cannot log in with OIDC)")
        print(f"  {u.name:16s} {u.role:6s} {scope}  ({'; '.join(how)})")
    return 0 if ok else 1


def register(sub) -> None:
    p = sub.add_parser("user", help="staff/reviewer/admin users for .streamlit/secrets.toml (add prints a snippet; "
                                    "check)")
    usub = p.add_subparsers(dest="user_command", required=True)

    a = usub.add_parser("add", help="print a [auth.users.NAME] snippet with an argon2 password hash")
    a.add_argument("name")
    a.add_argument("--role", choices=list(auth.CONFIG_ROLES), required=True)
    a.add_argument("--district", action="append", metavar="자치구",
                   help="자치구 name or MOIS code (강남구, 강남, 11680); repeat for several (staff: where they upload; "
                        "reviewer: what they approve)")
    a.add_argument("--citywide", action="store_true", help="also the citywide (서울시) rows")
    a.add_argument("--email", help="for OIDC login (st.login): the account's email")
    a.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    a.set_defaults(func=_cmd_add)

    c = usub.add_parser("check", help="validate a secrets file and list users, roles and districts (no hashes)")
    c.add_argument("--secrets", help="secrets file (default .streamlit/secrets.toml)")
    c.set_defaults(func=_cmd_check)
