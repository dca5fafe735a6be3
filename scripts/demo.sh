#!/usr/bin/env bash
# Install Linli, load the demo district into SQLite and serve it at http://127.0.0.1:8000
# Usage: scripts/demo.sh [--scale district]      (re-running is safe)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e .

# ECharts for the dashboards: the npm package of package.json, served as a static file (no CDN at run time).
if [ ! -f node_modules/echarts/dist/echarts.min.js ]; then
  if ! command -v npm >/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
  fi
  npm ci --no-audit --no-fund --silent
fi
# Chinese fonts and Pango for the PDF reports (WeasyPrint).
if [ ! -d /usr/share/fonts/opentype/noto ] || ! ldconfig -p | grep -q libpangoft2-1.0; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
fi
# The demo log-ins work with the password alone; staff may still turn on two-factor (账号安全) to try it.
.venv/bin/linli demo "$@"
# The background worker (queued notifications, 督办 cards, dashboard roll-ups) beside the web server.
.venv/bin/linli worker --interval 60 > var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null' EXIT
echo "打开 http://127.0.0.1:8000 ，用上面的演示账号登录。按 Ctrl+C 停止。（后台工作进程日志：var/worker.log）"
.venv/bin/linli runserver 127.0.0.1:8000 --noreload
