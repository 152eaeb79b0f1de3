#!/usr/bin/env bash
# Load test of issue 13: seed PostgreSQL `smedt_bench` (idempotent), start production settings
# (gunicorn + Redis cache), run the locust mix at each user count, write a results table.
#
#   bench/load/run.sh                        # 200 500 1000 users, 60 s each
#   USERS="200 500 1000 2000" DURATION=60s bench/load/run.sh
#   SEED_ARGS="--assessments 200000" bench/load/run.sh   # smaller data set
#   SKIP_SEED=1 bench/load/run.sh            # data already there
#   NGINX=1 bench/load/run.sh                # production topology: nginx (micro-cache) → gunicorn
#   RATE=10 STEADY=1 DURATION=160s …         # users start at 10/s; statistics count from the end of the ramp
#
# Results: var/bench/results-<time>.md (and locust CSVs next to it); the table is printed at the end.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
cd "$REPO_DIR/backend"

USERS="${USERS:-200 500 1000}"
DURATION="${DURATION:-60s}"
PORT="${PORT:-8613}"
REDIS_PORT="${REDIS_PORT:-6393}"
WORKERS="${WORKERS:-4}"
THREADS="${THREADS:-4}"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$SMEDT_BENCH_VAR/run-$STAMP"
mkdir -p "$OUT"

DB_NAME="${DATABASE_URL##*/}"
psql "${DATABASE_URL%/*}/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 ||
  psql "${DATABASE_URL%/*}/postgres" -c "CREATE DATABASE \"$DB_NAME\""
if [ -z "${SKIP_SEED:-}" ]; then
  # shellcheck disable=SC2086
  uv run --frozen python "$HERE/seed.py" ${SEED_ARGS:-}
fi

pids=()
# stop in reverse order (gunicorn before the Redis it uses)
cleanup() { for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; sleep 1; done; wait 2>/dev/null || true; }
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --save "" --appendonly no --daemonize no >"$OUT/redis.log" 2>&1 &
pids+=($!)
export SMEDT_CACHE_URL="redis://127.0.0.1:$REDIS_PORT/1"

uv run --frozen gunicorn config.wsgi -b "127.0.0.1:$PORT" -w "$WORKERS" -k gthread --threads "$THREADS" \
  --timeout 30 --keep-alive 10 --access-logfile - --error-logfile "$OUT/gunicorn.err" >/dev/null &
# keep-alive longer than the longest think time (5 s): with gunicorn's default of 2 s the server closes
# idle connections just as clients reuse them ("Remote end closed connection"), as nginx would not
pids+=($!)
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/api/health/live" >/dev/null 2>&1 && break
  sleep 1
done

# production topology: nginx in front with the micro-cache of anonymous public answers
# (deploy/nginx/snippets/smedt-microcache.conf); locust then talks to nginx
TARGET_PORT="$PORT"
if [ -n "${NGINX:-}" ]; then
  NGINX_PORT="${NGINX_PORT:-8614}"
  NGX="$OUT/nginx"
  mkdir -p "$NGX/conf" "$NGX/cache"
  ln -sfn "$REPO_DIR/deploy/nginx/snippets" "$NGX/conf/snippets"
  sed -e "s|@PREFIX@|$NGX|g" -e "s|@PORT@|$PORT|g" -e "s|@NGINX_PORT@|$NGINX_PORT|g" \
    -e "s|@DIST@|$REPO_DIR/frontend/dist|g" "$HERE/nginx.conf.in" >"$NGX/conf/nginx.conf"
  env -u NGINX nginx -p "$NGX" -c "$NGX/conf/nginx.conf" -g "daemon off;" &
  pids+=($!)
  for _ in $(seq 1 20); do
    curl -fsS "http://127.0.0.1:$NGINX_PORT/api/health/live" >/dev/null 2>&1 && break
    sleep 0.5
  done
  TARGET_PORT="$NGINX_PORT"
fi

# warm every worker (imports, jieba dictionary, connections) before anything is measured
for _ in $(seq 1 $((WORKERS * 4))); do
  for path in /api/portal/public/home /api/portal/public/announcements /api/providers/catalogue \
    "/api/portal/public/search?q=%E6%95%B0%E5%AD%97%E5%8C%96" /api/portal/public/cases; do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path" || true
  done
done

RESULTS="$OUT/results.md"
{
  echo "# Load test $STAMP"
  echo
  echo "gunicorn $WORKERS workers × $THREADS threads (gthread)${NGINX:+ behind nginx (micro-cache)}, Redis cache, PostgreSQL $DB_NAME; think time 1–5 s; $DURATION per step; users started at ${RATE:-a tenth of the step} per second${STEADY:+; statistics from the end of the ramp (steady state)}."
  echo
  echo "| users | requests/s | average | median | p95 | failed | server CPU per request | load generator CPU | load average before → after |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$RESULTS"

# CPU seconds used so far by the gunicorn master and workers (utime + stime), from /proc
server_cpu() {
  local total=0 pid matched
  # `uv run` starts gunicorn as a child: every process whose command line has the bind address
  # (uv, the gunicorn master) and their children (the workers), each counted once
  matched="$(pgrep -f "gunicorn config.wsgi -b 127.0.0.1:$PORT" || true)"
  for pid in $( (for m in $matched; do echo "$m"; pgrep -P "$m" || true; done) | sort -u); do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
TICKS="$(getconf CLK_TCK)"

for u in $USERS; do
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  cpu_before="$(server_cpu)"
  # the load generator runs on the same machine: its CPU (user + system seconds, bash's `time` of the
  # locust process tree) is reported beside the results, since it competes with the server for the cores
  TIMEFORMAT='%U %S'
  # shellcheck disable=SC2086
  { time uv run --frozen locust -f "$HERE/locustfile.py" --headless -u "$u" -r "${RATE:-$((u / 10 > 1 ? u / 10 : 1))}" \
    -t "$DURATION" ${STEADY:+--reset-stats} --host "http://127.0.0.1:$TARGET_PORT" --csv "$OUT/u$u" --only-summary \
    >"$OUT/u$u.log" 2>&1 || true; } 2>"$OUT/u$u.locust-cpu"
  locust_cpu="$(awk '{printf "%.0f", $1 + $2}' "$OUT/u$u.locust-cpu")"
  after="$(cut -d' ' -f1-3 /proc/loadavg)"
  cpu_after="$(server_cpu)"
  python3 - "$OUT/u${u}_stats.csv" "$u" "$before" "$after" "$(((cpu_after - cpu_before)))" "$TICKS" "$locust_cpu" \
    "${STEADY:-}" >>"$RESULTS" <<'PY'
import csv, sys
path, users, before, after, ticks, hz, locust_cpu, steady = sys.argv[1:]
rows = {r["Name"]: r for r in csv.DictReader(open(path))}
a = rows["Aggregated"]
n, failed = int(a["Request Count"]), int(a["Failure Count"])
ms = lambda v: f"{float(v):.0f} ms" if float(v) < 1000 else f"{float(v) / 1000:.1f} s"
# with STEADY the request count covers the steady state only, the CPU the whole step: no per-request figure
cpu = "—" if steady else f"{int(ticks) / int(hz) * 1000 / n if n else 0:.1f} ms"
print(f"| {users} | {float(a['Requests/s']):.0f} | {ms(a['Average Response Time'])} | {ms(a['Median Response Time'])} "
      f"| {ms(a['95%'])} | {failed / n * 100 if n else 0:.1f} % | {cpu} | {locust_cpu} s | {before} → {after} |")
PY
done

{
  echo
  echo "Per endpoint (last step): see $OUT/u${u}_stats.csv"
} >>"$RESULTS"
cat "$RESULTS"
cp "$RESULTS" "$SMEDT_BENCH_VAR/results-$STAMP.md"
