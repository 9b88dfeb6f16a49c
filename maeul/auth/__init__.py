"""Who may change what: users, roles, district scope, password check (maeul.auth.users) and the Streamlit login
(maeul.auth.login)."""
