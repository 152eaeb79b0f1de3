#!/usr/bin/env bash
# Serve the whole platform on one machine: web (gunicorn), background worker, scheduler.
# `manage.py run_all` supervises them: a process that dies is restarted (with backoff, logged)
# while the others keep serving. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/../backend"
UV=${UV:-uv}
exec "$UV" run --frozen python manage.py run_all \
  --host "${SMEDT_HOST:-127.0.0.1}" --port "${SMEDT_PORT:-8000}" --web-workers "${SMEDT_WEB_WORKERS:-3}"
