#!/usr/bin/env bash
# Build the static dbt docs site and the data-quality report (`make docs`).
#   build-docs.sh [OUT_DIR]     default: <repo>/out  ->  OUT_DIR/docs/index.html, OUT_DIR/dq-report/index.html
# Expects the PG*/DBT_* environment from scripts/with-db. Honours DBT_TARGET_PATH. Works offline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(mkdir -p "${1:-$root/out}" && cd "${1:-$root/out}" && pwd)"
dbt="${DBT_EXECUTABLE:-$root/.venv/dbt/bin/dbt}"
target="${DBT_TARGET_PATH:-$root/dbt/target}"
report="$root/dbt/report/build-report.mjs"
history="$out/dq-report/history.json"
mkdir -p "$out/docs" "$out/dq-report"
dbt_args=(--project-dir "$root/dbt" --profiles-dir "$root/dbt")
# out/ is shared by every DATABASE_URL: runs are recorded and shown per database.
database="${PGDATABASE:-postgres} on ${PGHOST:-127.0.0.1}:${PGPORT:-5432}"

# 1. Record the last build/test before `docs generate` overwrites run_results.json.
node "$report" ingest --target "$target" --history "$history" --database "$database"

# 2. Freshness of the landing tables (sources.json). Stale data is reported, not fatal here.
"$dbt" source freshness --quiet "${dbt_args[@]}" || echo "build-docs: some sources are stale (see the report)"

# 3. Row counts of every warehouse table.
psql -XAtq -v ON_ERROR_STOP=1 >"$out/dq-report/row_counts.json" <<'SQL'
select coalesce(json_agg(json_build_object('schema', table_schema, 'table', table_name, 'rows', row_count)
                         order by table_schema, table_name), '[]')
from (
    select table_schema, table_name,
        (xpath('/row/c/text()', query_to_xml(
            format('select count(*) as c from %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint
            as row_count
    from information_schema.tables
    where table_schema in ('raw', 'staging', 'marts') and table_type = 'BASE TABLE'
) as counts
SQL

# 4. The docs site: one self-contained page (manifest and catalog inlined), opens from file://.
"$dbt" docs generate --static --quiet "${dbt_args[@]}"
cp "$target/static_index.html" "$out/docs/index.html"

# 5. The report page.
node "$report" render --target "$target" --history "$history" \
  --row-counts "$out/dq-report/row_counts.json" --out "$out/dq-report/index.html" --database "$database"
echo "dbt docs:            $out/docs/index.html"
echo "data-quality report: $out/dq-report/index.html (database $database)"
