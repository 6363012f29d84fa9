#!/usr/bin/env bash
# The production commands of README.md ("Production"), run for real against PostgreSQL and Redis:
# migrate, collectstatic, check --deploy, gunicorn, celery worker + beat; then a request through
# gunicorn and a task through the worker; a private file sent by nginx after the app's
# X-Accel-Redirect (docs/deployment.md). CI runs this after `make test`.
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
chmod 755 "$logs"  # nginx's workers (user nobody) read MEDIA_ROOT below it
export MEDIA_ROOT="$logs/media"
export PRIVATE_FILES_ACCEL_PREFIX=/_protected/
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

echo "== private files: the app answers with X-Accel-Redirect, nginx sends the bytes"
# A finished report with an XLSX and a signed-in session (a superuser of this run only).
made=$(.venv/bin/python manage.py shell -v 0 -c "
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from reports.models import Report
user, _ = get_user_model().objects.get_or_create(
    username='smoke_files', defaults={'is_superuser': True, 'is_staff': True}
)
report = Report.objects.create(period='1999-01', scope='town', status='done')
report.xlsx.save('smoke.xlsx', ContentFile(b'PK smoke workbook'))
client = Client()
client.force_login(user)
print('made', client.cookies['sessionid'].value, f'/reports/{report.pk}/report.xlsx', report.xlsx.name)
")
read -r _ session file_url stored_name < <(grep '^made ' <<<"$made")
https=(-H "X-Forwarded-Proto: https")
headers=$(curl -sS -o /dev/null -D - "${https[@]}" -b "sessionid=$session" "http://127.0.0.1:8001$file_url")
grep -qi "^X-Accel-Redirect: /_protected/$stored_name" <<<"$headers" \
  || { echo "$headers"; echo "an authenticated download did not answer with X-Accel-Redirect"; exit 1; }
grep -qi "^Content-Disposition: attachment" <<<"$headers" || { echo "$headers"; exit 1; }
anonymous=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "${https[@]}" "http://127.0.0.1:8001$file_url")
[[ "$anonymous" == "302 "*"/accounts/login/?next="* ]] \
  || { echo "anonymous download answered $anonymous, not a login redirect"; exit 1; }
media=$(curl -sS -o /dev/null -w '%{http_code}' "${https[@]}" "http://127.0.0.1:8001/media/$stored_name")
[ "$media" = 404 ] || { echo "/media/ answered $media through gunicorn"; exit 1; }
echo "gunicorn: X-Accel-Redirect for the owner, login for anonymous, 404 on /media/"

if command -v nginx >/dev/null; then
  # The location blocks of docs/deployment.md, on loopback, in front of gunicorn.
  mkdir -p "$logs/nginx"
  cat >"$logs/nginx.conf" <<NGINX
worker_processes 1;
pid $logs/nginx/nginx.pid;
error_log $logs/nginx/error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log $logs/nginx/access.log;
  client_body_temp_path $logs/nginx/body;
  proxy_temp_path $logs/nginx/proxy;
  fastcgi_temp_path $logs/nginx/fastcgi;
  uwsgi_temp_path $logs/nginx/uwsgi;
  scgi_temp_path $logs/nginx/scgi;
  server {
    listen 127.0.0.1:8004;
    location /_protected/ {
      internal;
      alias $MEDIA_ROOT/;
      add_header X-Content-Type-Options nosniff always;
      add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
    }
    location /media/ { return 404; }
    location / {
      proxy_pass http://127.0.0.1:8001;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-Proto https;
    }
  }
}
NGINX
  nginx -t -q -c "$logs/nginx.conf"
  nginx -c "$logs/nginx.conf" -g "daemon off;" &
  pids+=($!)
  for _ in $(seq 1 30); do curl -s -o /dev/null http://127.0.0.1:8004/accounts/login/ && break; sleep 0.5; done
  body=$(curl -sS -D "$logs/nginx/headers" -b "sessionid=$session" "http://127.0.0.1:8004$file_url")
  [ "$body" = "PK smoke workbook" ] || { cat "$logs/nginx/headers"; echo "nginx did not send the file"; exit 1; }
  grep -qi "^X-Accel-Redirect" "$logs/nginx/headers" && { echo "nginx leaked X-Accel-Redirect"; exit 1; }
  for header in "Content-Disposition: attachment" "X-Content-Type-Options: nosniff" "Cache-Control: private"; do
    grep -qi "^$header" "$logs/nginx/headers" || { cat "$logs/nginx/headers"; echo "nginx lost $header"; exit 1; }
  done
  for path in "/_protected/$stored_name" "/media/$stored_name"; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:8004$path")
    [ "$code" = 404 ] || { echo "nginx answered $code on $path"; exit 1; }
  done
  code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:8004$file_url")
  [ "$code" = 302 ] || { echo "nginx answered $code to an anonymous download"; exit 1; }
  echo "nginx sends the file to its owner only; /_protected/ and /media/ answer 404"
elif [ "${CI:-}" = true ]; then
  echo "CI=true but nginx is not installed"; exit 1
else
  echo "nginx not installed: the X-Accel-Redirect path through nginx was not exercised"
fi

.venv/bin/python manage.py shell -c "
from burqin.tasks import health_check
print('worker answered:', health_check.delay().get(timeout=60))
"
sleep 2
grep -q "beat: Starting" "$logs/beat.log" || { cat "$logs/beat.log"; echo "celery beat did not start"; exit 1; }
echo "production smoke passed"
