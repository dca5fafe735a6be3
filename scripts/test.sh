#!/usr/bin/env bash
# Install Linli with its test tools and run the whole suite: on SQLite (with the browser journeys),
# then on PostgreSQL (127.0.0.1:5432, started here if installed but stopped). Re-running is safe.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e ".[test]"

# ECharts for the dashboards: the npm package of package.json, served as a static file (no CDN at run time).
if [ ! -f node_modules/echarts/dist/echarts.min.js ]; then
  if ! command -v npm >/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
  fi
  npm ci --no-audit --no-fund --silent
fi

# Debian's chromium (and CJK fonts) for the browser journeys; Playwright cannot download a browser here.
# Pango for the PDF reports (WeasyPrint).
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ] || ! ldconfig -p | grep -q libpangoft2-1.0; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
fi

# PostgreSQL: start the local cluster if it is installed but not running.
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
PG_URL=${LINLI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/linli}

export LINLI_VAR_DIR=${LINLI_VAR_DIR:-$PWD/var/test}
echo "== SQLite =="
.venv/bin/pytest -m "not postgres_only" "$@"
echo "== PostgreSQL =="
DATABASE_URL="$PG_URL" .venv/bin/pytest -m "not browser" "$@"
