#!/usr/bin/env bash
# `make loadtest`: gunicorn on loopback against the PostgreSQL database of DATABASE_URL, Locust
# headless with community staff at work (scripts/loadtest/locustfile.py), then a check that every
# write the server confirmed is in the database once and nothing else was written
# (`manage.py loadtest verify`), and the figures into docs/performance.md.
# Bounded: LOAD_USERS users (50) for LOAD_SECONDS seconds (60); nothing leaves 127.0.0.1.
# The run's writes stay in the database (marked with the run token): use a benchmark database.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL benchmark database (postgres://…)}"
case "$DATABASE_URL" in postgres*) ;; *) echo "loadtest needs PostgreSQL (DATABASE_URL=postgres://…)"; exit 2 ;; esac
users="${LOAD_USERS:-50}"
seconds="${LOAD_SECONDS:-60}"
port="${LOAD_PORT:-8002}"
workers="${LOAD_WORKERS:-4}"
work=$(mktemp -d)
gunicorn_pid=""
cleanup() { [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# The production settings, served over plain HTTP on loopback (no TLS proxy in front).
export DEBUG=0 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
export SECRET_KEY="${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS=127.0.0.1 CELERY_BROKER_URL="${CELERY_BROKER_URL:-}"

.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py collectstatic --noinput >/dev/null
.venv/bin/python manage.py loadtest prepare --plan "$work/plan.json"
.venv/bin/gunicorn burqin.wsgi --preload --bind "127.0.0.1:$port" --workers "$workers" \
  --access-logfile /dev/null --error-logfile "$work/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/accounts/login/" && break
  sleep 1
done
# Warm every worker (first requests compile templates and open connections): the pages of the
# mix, a few times per worker, in one staff session; not measured.
.venv/bin/python - "$work/plan.json" "$port" "$workers" <<'PY'
import json, sys, urllib.request
plan, port, workers = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
office, session = plan["communities"][0], plan["sessions"][0]["key"]
paths = ["/residents/?q=" + office["searches"][0], f"/households/{office['households'][0]}/",
         "/services/quick/", f"/employment/fairs/{plan['fair']}/checkin/"]
paths += [f"/welfare/enrollments/{pk}/" for pk in office["enrollments"][:1]]
for _ in range(3 * workers):
    for path in paths:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
        request.add_header("Cookie", f"sessionid={session}")
        urllib.request.urlopen(request).read()
PY

LOADTEST_PLAN="$work/plan.json" LOADTEST_RESULTS="$work/results.json" \
  .venv-load/bin/locust -f scripts/loadtest/locustfile.py --headless --only-summary \
  --host "http://127.0.0.1:$port" --users "$users" --spawn-rate "$users" --run-time "${seconds}s" \
  --stop-timeout 10 --csv "$work/locust" --exit-code-on-error 0 2>&1 | tail -n 40

.venv/bin/python manage.py loadtest verify --plan "$work/plan.json" \
  --results "$work/results.json" --stats "$work/locust_stats.csv" \
  --users "$users" --seconds "$seconds" ${LOAD_NO_WRITE:+--no-write}
if grep -q "Traceback" "$work/gunicorn.log"; then
  cat "$work/gunicorn.log"
  echo "gunicorn logged an error"
  exit 1
fi
