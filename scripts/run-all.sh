#!/usr/bin/env bash
# Serve the whole platform on one machine: web (gunicorn), background worker, scheduler.
# Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/../backend"
UV=${UV:-uv}
HOST=${SMEDT_HOST:-127.0.0.1}
PORT=${SMEDT_PORT:-8000}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
"$UV" run --frozen python manage.py run_worker &
pids+=($!)
"$UV" run --frozen python manage.py run_scheduler &
pids+=($!)
echo "平台已启动： http://$HOST:$PORT   （Ctrl-C 停止）"
"$UV" run --frozen gunicorn config.wsgi:application --bind "$HOST:$PORT" \
  --workers "${SMEDT_WEB_WORKERS:-3}" --timeout 120 --access-logfile - &
pids+=($!)
wait -n
