#!/usr/bin/env bash
# Environment of the load test: production settings on PostgreSQL `smedt_bench`, fresh keys kept in
# var/bench/bench.env (generated once, so the seeded encrypted columns stay readable). Source it.
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/../.." && pwd)"
export SMEDT_BENCH_VAR="${SMEDT_BENCH_VAR:-$REPO_DIR/var/bench}"
mkdir -p "$SMEDT_BENCH_VAR"
if [ ! -f "$SMEDT_BENCH_VAR/bench.env" ]; then
  {
    echo "SMEDT_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
    echo "SMEDT_DATA_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    echo "SMEDT_INDEX_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
    echo "SMEDT_AUDIT_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
  } > "$SMEDT_BENCH_VAR/bench.env"
  chmod 600 "$SMEDT_BENCH_VAR/bench.env"
fi
set -a
# shellcheck disable=SC1091
. "$SMEDT_BENCH_VAR/bench.env"
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/smedt_bench}"
export DJANGO_SETTINGS_MODULE=config.settings
export SMEDT_DATA_DIR="$SMEDT_BENCH_VAR/data"
export SMEDT_ALLOWED_HOSTS="127.0.0.1,localhost"
# the locust client logs in with the password in clear (the SM2 step of the browser is not replayed)
export SMEDT_LOGIN_ALLOW_PLAIN_PASSWORD=true
# every simulated user comes from 127.0.0.1: per-address limits would throttle the whole test
export SMEDT_LOGIN_RATE_PER_IP=0
export SMEDT_LOGIN_CAPTCHA_AFTER=0
export SMEDT_MAX_SESSIONS_PER_USER=0
# in-process benchmarks run in one process, so the process-memory cache may cache (run.sh sets Redis)
export SMEDT_PUBLIC_CACHE_SECONDS=60
export SMEDT_AGGREGATE_CACHE_SECONDS=300
# and may keep the resolved role grants and the sessions in it (on by default with Redis, as run.sh starts)
export SMEDT_GRANTS_CACHE_SECONDS=300
export SMEDT_SESSION_CACHE=true
export SMEDT_USER_CACHE_SECONDS=300
set +a
