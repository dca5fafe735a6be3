#!/usr/bin/env bash
# Install Linli, load the demo district into SQLite and serve it at http://127.0.0.1:8000
# Usage: scripts/demo.sh [--scale district]      (re-running is safe)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e .
.venv/bin/linli demo "$@"
echo "打开 http://127.0.0.1:8000 ，用上面的演示账号登录。按 Ctrl+C 停止。"
exec .venv/bin/linli runserver 127.0.0.1:8000 --noreload
