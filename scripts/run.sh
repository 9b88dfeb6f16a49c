#!/usr/bin/env bash
# Install the dashboard's dependencies into .venv and start it (http://localhost:8501).
# serve.py serves app.py and warms every page in the background at start and after each upload (maeul.web.warm).
# Environment: MAEUL_DB (database file, default var/maeul.duckdb), PORT (default 8501), ADDRESS (default 0.0.0.0).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --disable-pip-version-check -q -r requirements.txt
.venv/bin/python -m maeul build >/dev/null
exec .venv/bin/python -m streamlit run serve.py \
  --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}" \
  --server.headless true --browser.gatherUsageStats false
