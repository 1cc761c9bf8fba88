#!/usr/bin/env bash
# The test command: installs and starts what the tests need (PostgreSQL, Chromium, the Studio's npm package),
# runs every test project and ends with "N passed, N failed, N skipped".
#   PP_TEST_PROJECTS  an extended regex: build and run only the test projects whose path matches it (e.g.
#                     'Commerce|Workflows'), for trying a change or .ci/run quickly. Unset: the whole solution, every project.
set -uo pipefail
cd "$(dirname "$0")/.."
projects=$(ls tests/*.Tests/*.csproj | grep -E "${PP_TEST_PROJECTS:-.}")
[ -n "$projects" ] || { echo "PP_TEST_PROJECTS='${PP_TEST_PROJECTS:-}' matches no test project"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$PP_PG_DIR"' EXIT
export POSTPURCHASE_TEST_POSTGRES

scripts/install-test-deps.sh || { echo "installing test dependencies failed"; exit 1; }
python3 scripts/check-compose.py || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

if [ -n "${PP_TEST_PROJECTS:-}" ]; then
  for project in $projects; do dotnet build "$project" -c Release -nologo -v quiet || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }; done
else
  dotnet build PostPurchase.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"
status=0
for project in $projects; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" 2>&1 | tee "$results/$name.log" | grep -E "^(Passed|Failed|Skipped|  Failed|\[xUnit|.*error)" || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

count() { grep -ho "$1=\"[0-9]*\"" "$results"/*.trx 2>/dev/null | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
skipped=$((total - executed))
trx_count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
project_count=$(wc -w <<<"$projects")
if [ "$trx_count" -lt "$project_count" ]; then
  echo "a test project produced no results ($trx_count of $project_count)"; failed=$((failed + project_count - trx_count)); status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
