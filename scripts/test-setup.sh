#!/usr/bin/env bash
# Prepares a machine for `npm test`: starts PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)
# when they are not running, and installs Debian's chromium (the dashboard's end-to-end test drives
# it, see test/e2e/dashboard-browser.ts) when it is missing. Safe to run again: it does only what is
# missing. Used by `npm run test:setup`, `npm run test:all` and .ci/run.
set -euo pipefail

ensure_postgres() {
  if pg_isready -h 127.0.0.1 -p 5432 -q; then return; fi
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && return; sleep 1; done
  echo "PostgreSQL did not start" >&2; exit 1
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then return; fi
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && return; sleep 1; done
  echo "Redis did not start" >&2; exit 1
}

ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium" ]; then return; fi
  echo "installing chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# A Chinese font, so the dashboard's screenshots (docs/screenshots/) show characters, not boxes.
ensure_cjk_font() {
  if fc-list :lang=zh 2>/dev/null | grep -q .; then return; fi
  echo "installing fonts-wqy-zenhei"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >/dev/null
}

ensure_postgres
ensure_redis
ensure_chromium
ensure_cjk_font
echo "test setup: PostgreSQL, Redis, Chromium and a Chinese font ready"
