#!/usr/bin/env bash
# The production commands of README.md ("Production"), run for real against PostgreSQL and Redis:
# migrate, collectstatic, check --deploy, gunicorn, celery worker + beat; then a request through
# gunicorn and a task through the worker. CI runs this after `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database}"
: "${CELERY_BROKER_URL:?set CELERY_BROKER_URL to the Redis broker}"
export DEBUG=0
export SECRET_KEY="${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export ADMIN_URL="${ADMIN_URL:-guanli-$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(4))')/}"
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1}"
logs=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput >/dev/null
.venv/bin/python manage.py check --deploy --fail-level WARNING
.venv/bin/gunicorn burqin.wsgi --bind 127.0.0.1:8001 --workers 2 >"$logs/gunicorn.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A burqin worker --loglevel INFO --concurrency 2 >"$logs/worker.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A burqin beat --loglevel INFO >"$logs/beat.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" http://127.0.0.1:8001/accounts/login/ && break
  sleep 1
done
page=$(curl -fsS -H "X-Forwarded-Proto: https" http://127.0.0.1:8001/accounts/login/)
grep -q "登录" <<<"$page" || { echo "login page through gunicorn is not in Chinese"; exit 1; }
css=$(grep -o '/static/bootstrap/css/bootstrap\.min\.[0-9a-f]*\.css' <<<"$page" | head -n 1)
[ -n "$css" ] || { echo "whitenoise did not serve a hashed Bootstrap file name"; exit 1; }
curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:8001$css"
echo "gunicorn serves the login page and $css"
headers=$(curl -fsS -o /dev/null -D - -H "X-Forwarded-Proto: https" http://127.0.0.1:8001/accounts/login/)
grep -qi "^content-security-policy: default-src 'self'; script-src 'self';" <<<"$headers" \
  || { echo "$headers"; echo "no strict Content-Security-Policy"; exit 1; }
grep -qi "^permissions-policy: .*camera=()" <<<"$headers" || { echo "no Permissions-Policy"; exit 1; }

.venv/bin/python manage.py shell -c "
from burqin.tasks import health_check
print('worker answered:', health_check.delay().get(timeout=60))
"
sleep 2
grep -q "beat: Starting" "$logs/beat.log" || { cat "$logs/beat.log"; echo "celery beat did not start"; exit 1; }
echo "production smoke passed"
