#!/usr/bin/env bash
# The test command: installs and starts what the tests need (PostgreSQL, Chromium, the Studio's npm package),
# runs every test project and ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$PP_PG_DIR"' EXIT
export POSTPURCHASE_TEST_POSTGRES

scripts/install-test-deps.sh || { echo "installing test dependencies failed"; exit 1; }
python3 scripts/check-compose.py || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

dotnet build PostPurchase.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"
status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" 2>&1 | tee "$results/$name.log" | grep -E "^(Passed|Failed|Skipped|  Failed|\[xUnit|.*error)" || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

count() { grep -ho "$1=\"[0-9]*\"" "$results"/*.trx 2>/dev/null | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
skipped=$((total - executed))
trx_count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
projects=$(ls tests/*.Tests/*.csproj | wc -l)
if [ "$trx_count" -lt "$projects" ]; then
  echo "a test project produced no results ($trx_count of $projects)"; failed=$((failed + projects - trx_count)); status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
