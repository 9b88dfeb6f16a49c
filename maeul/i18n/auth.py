"""Login, roles and scope (maeul/auth.py)."""

TEXT = {
    "auth.login_title": ("직원 로그인 (업로드·되돌리기)", "Staff login (upload and roll back)"),
    "auth.name": ("아이디", "User name"),
    "auth.password": ("비밀번호", "Password"),
    "auth.submit": ("로그인", "Log in"),
    "auth.logout": ("로그아웃", "Log out"),
    "auth.logged_in": ("{name} 님 로그인 중 · {role} · 업로드 범위: {scope}",
                       "Logged in as {name} · {role} · may upload for: {scope}"),
    "auth.role.viewer": ("열람", "Viewer"),
    "auth.role.staff": ("담당 직원", "Staff"),
    "auth.role.admin": ("관리자", "Administrator"),
    "auth.scope_all": ("전체 (관리자)", "everything (administrator)"),
    "auth.bad_credentials": ("아이디 또는 비밀번호가 올바르지 않습니다.", "Wrong user name or password."),
    "auth.locked": ("로그인 실패가 {n}번 이어져 이 아이디는 잠시 잠겼습니다. {minutes}분 뒤에 다시 시도하세요.",
                    "{n} failed logins in a row: this user name is locked. Try again in {minutes} min."),
    "auth.config_error": ("사용자 설정(.streamlit/secrets.toml)에 오류가 있어 아무도 로그인할 수 없습니다. 관리자가 "
                          "`python -m maeul user check`로 확인해 주세요.",
                          "The user configuration (.streamlit/secrets.toml) has errors, so nobody can log in. "
                          "The administrator can run `python -m maeul user check`."),
    "auth.oidc_login": ("기관 계정으로 로그인", "Log in with your organisation account"),
    "auth.oidc_login_named": ("{provider} 계정으로 로그인", "Log in with {provider}"),
    "auth.oidc_unknown": ("{email} 계정은 업로드 권한이 등록되어 있지 않습니다. 열람은 할 수 있습니다. 권한이 필요하면 "
                          "관리자에게 secrets.toml의 email 등록을 요청하세요.",
                          "The account {email} has no upload rights (reading is open to all). Ask the administrator "
                          "to register this email in secrets.toml."),
    "auth.oidc_error": ("기관 계정 로그인을 시작할 수 없습니다 ({detail}). 관리자에게 알려 주세요.",
                        "Could not start the organisation login ({detail}). Please tell the administrator."),
    "auth.viewer_note": ("열람은 로그인 없이 누구나 할 수 있습니다. 업로드와 되돌리기는 담당 직원만 할 수 있습니다.",
                         "Anyone may read without logging in. Only staff may upload or roll back."),
    "auth.not_allowed": ("이 작업은 {role} 권한이 필요합니다.", "This action needs the {role} role."),
}
