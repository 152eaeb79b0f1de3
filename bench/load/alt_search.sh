#!/usr/bin/env bash
# Name and public search, before/after alternately (issue 13, branch i13q). The "before" checkout is a `git
# archive` export of an older commit; its rounds run with the name trigram index that the after code drops.
#   BEFORE=/tmp/i13q-before/backend OUT=/tmp/i13q-bench BENCH_DATABASE_URL=postgres://…/smedt_<branch>_bench \
#     SMEDT_BENCH_VAR=/work/bench-var bench/load/alt_search.sh
#   then: bench_lists.py --compare $OUT/before-1.json,$OUT/before-2.json $OUT/after-1.json,$OUT/after-2.json
set -u
cd "$(dirname "$0")/../../backend"
# shellcheck disable=SC1091
source ../bench/load/env.sh
OUT=${OUT:-/tmp/i13q-bench}
mkdir -p "$OUT"
PSQL="psql ${DATABASE_URL} -q"
for i in $(seq "${FIRST:-1}" "${LAST:-2}"); do
  $PSQL -c "CREATE INDEX IF NOT EXISTS orgs_organization_name_trgm ON orgs_organization USING gin ((UPPER(name::text)) gin_trgm_ops)"
  uptime
  uv run --frozen python ../bench/load/bench_lists.py --backend "$BEFORE" --kind "name search,public search" \
    --requests "${N:-30}" --json > "$OUT/before-$i.json"
  $PSQL -c "DROP INDEX IF EXISTS orgs_organization_name_trgm"
  uptime
  uv run --frozen python ../bench/load/bench_lists.py --kind "name search,public search" --requests "${N:-30}" \
    --json > "$OUT/after-$i.json"
done
