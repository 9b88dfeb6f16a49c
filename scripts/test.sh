#!/usr/bin/env bash
# Install everything the tests need (Debian chromium + Korean fonts for the browser test, poppler-utils for the
# briefing tests, Python packages in .venv)
# and run every test: lint, unit, AppTest pages, and the real-browser journey.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi nanum || need_apt+=(fonts-nanum)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)  # the briefing tests read PDFs back (pdftotext, pdffonts)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt

.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
