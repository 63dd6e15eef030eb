#!/usr/bin/env bash
# HTTP benchmark: Gongkai under gunicorn (2 sync workers, PostgreSQL, production settings) against
# nginx serving the same HTML saved as static files, in one run. See bench/README.md.
#
#   bash bench/run.sh [http_bench.py options]      e.g.  bash bench/run.sh --duration 5s --url catalog=/b/xiuwu/catalog/
#
# Environment: BENCH_DB (default gongkai_bench, dropped and re-created), BENCH_GUNICORN_PORT (8701),
# BENCH_NGINX_PORT (8702), BENCH_WORKERS (2), BENCH_KEEP_DB=1 to keep the database afterwards.
# The "reference" URL is a plain Django view rendering the same record through a one-row template
# (bench/reference/, served by this gunicorn only): the baseline the record page is compared with.
# Only 127.0.0.1 is ever contacted; every wait loop and every wrk run is bounded.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
DB="${BENCH_DB:-gongkai_bench}"
GUNICORN_PORT="${BENCH_GUNICORN_PORT:-8701}"
NGINX_PORT="${BENCH_NGINX_PORT:-8702}"
WORKERS="${BENCH_WORKERS:-2}"
PG="postgres://postgres@127.0.0.1:5432"
WORK=$(mktemp -d /tmp/gongkai-bench.XXXXXX)
chmod 755 "$WORK"
GUNICORN_PID=""

log() { printf '\n== [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

cleanup() {
    if [[ -n "$GUNICORN_PID" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    fi
    if [[ "${BENCH_KEEP_DB:-0}" != "1" ]]; then
        psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

log "Tools"
missing=()
for pkg in nginx-light wrk postgresql-client; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if command -v nginx >/dev/null; then
    # Any Debian nginx flavour will do; do not pull in nginx-light over an installed nginx-full.
    missing=("${missing[@]/nginx-light/}")
fi
missing=(${missing[@]+"${missing[@]}"})
if ((${#missing[@]})); then
    echo "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# nginx-light's postinst may start a system nginx on port 80; it is left alone (ours uses its own port).
nginx -v 2>&1
wrk --version 2>&1 | head -1 || true

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

make --no-print-directory venv
PY="$ROOT/.venv/bin/python"

log "Database $DB: create, migrate, load the demo"
psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null
psql "$PG/postgres" -q -c "CREATE DATABASE \"$DB\"" >/dev/null
export DATABASE_URL="$PG/$DB"
export GONGKAI_VAR_DIR="$WORK/var"
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
# The demo loader refuses production settings, so the data is loaded with the development profile.
DJANGO_ENV=development "$PY" manage.py migrate --noinput >/dev/null
DJANGO_ENV=development "$PY" manage.py load_demo --quiet

log "Production settings: collectstatic, gunicorn with $WORKERS sync workers on 127.0.0.1:$GUNICORN_PORT"
export DJANGO_ENV=production DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
"$PY" manage.py collectstatic --noinput --verbosity 0
# reference.settings (bench/reference/) = the production settings plus one benchmark-only URL, the baseline
# "plain Django view rendering one row through a template"; the application's URLs are unchanged.
DJANGO_SETTINGS_MODULE=reference.settings "$ROOT/.venv/bin/gunicorn" gongkai.wsgi:application --pythonpath "$ROOT/src,$ROOT/bench" \
    --bind "127.0.0.1:$GUNICORN_PORT" --workers "$WORKERS" --worker-class sync \
    --log-level warning --error-logfile "$WORK/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$GUNICORN_PORT/healthz" && break
    kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log"; echo "gunicorn exited"; exit 1; }
    sleep 0.2
done
curl -sf "http://127.0.0.1:$GUNICORN_PORT/healthz" || { cat "$WORK/gunicorn.log"; echo "gunicorn does not answer"; exit 1; }
echo

log "Benchmark"
# A published record of the demo (its URL holds a random UUID, so it is looked up here).
RECORD_PATH=$("$PY" manage.py shell -v0 -c "from gongkai.records.models import Record; r = Record.objects.filter(status='published', bureau__code='xiuwu').order_by('pk').first(); print(f'/records/{r.uuid}/' if r else '')" 2>/dev/null | tail -1)
# A policy with its interpretation: the record page with its links (a second query).
POLICY_PATH=$("$PY" manage.py shell -v0 -c "from gongkai.records.models import Record; r = Record.objects.filter(status='published', bureau__code='xiuwu', interpretations__status='published').order_by('pk').first(); print(f'/records/{r.uuid}/' if r else '')" 2>/dev/null | tail -1)
EXTRA=()
if [[ -n "$RECORD_PATH" ]]; then
    EXTRA+=(--url "record=$RECORD_PATH" --url "reference=/bench/one-row${RECORD_PATH#/records}" --baseline reference)
fi
if [[ -n "$POLICY_PATH" ]]; then
    EXTRA+=(--url "policy=$POLICY_PATH")
fi
"$PY" bench/http_bench.py --gunicorn "http://127.0.0.1:$GUNICORN_PORT" --nginx-port "$NGINX_PORT" \
    --workdir "$WORK" --label "gunicorn ${WORKERS} sync workers, PostgreSQL, DJANGO_ENV=production" "${EXTRA[@]}" "$@"
