#!/usr/bin/env bash
# `make run` on this checkout: it must migrate SQLite, load the demo and serve the home page.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
setsid make run >"$log" 2>&1 &
pid=$!
trap 'kill -- -"$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null http://127.0.0.1:8000/accounts/login/; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "make run exited"; exit 1; fi
  sleep 1
done
curl -fsS http://127.0.0.1:8000/accounts/login/ | grep -q "登录"
code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8000/)
[ "$code" = 302 ] || { echo "home page answered $code, expected a redirect to log in"; exit 1; }
echo "make run serves http://127.0.0.1:8000/"
