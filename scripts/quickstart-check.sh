#!/usr/bin/env bash
# The README's quick start, checked from this checkout: start the server exactly as the README says
# (dotnet run --project src/PostPurchase.Server, no Data__Directory), wait for /health, run
# scripts/send-sample-purchase.sh, and wait for the order confirmation .eml in data/outbox/. Stops the server.
# Ends with "quick start: passed" (exit 0) or "quick start: FAILED: <why>" (exit 1); the server log is kept in
# artifacts/quickstart/server.log.
#   QUICKSTART_PORT     port instead of the README's 5080 (sets Urls)     default 5080
#   QUICKSTART_START_S  seconds to wait for /health (includes the build)  default 900
#   QUICKSTART_MAIL_S   seconds to wait for the .eml                      default 60
set -uo pipefail
cd "$(dirname "$0")/.."
port=${QUICKSTART_PORT:-5080}
url="http://localhost:$port"
logs=artifacts/quickstart
mkdir -p "$logs"
outbox=data/outbox
server=""

fail() { echo "quick start: FAILED: $*"; exit 1; }
stop() {
  [ -n "$server" ] || return 0
  kill -TERM -- "-$server" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 -- "-$server" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- "-$server" 2>/dev/null || true
}
trap stop EXIT
count_mail() { find "$outbox" -maxdepth 1 -name '*.eml' 2>/dev/null | wc -l; }

before=$(count_mail)
echo "quick start: dotnet run --project src/PostPurchase.Server (on $url)"
# Its own process group, so stopping it also stops the app that dotnet run started.
Urls="$url" setsid dotnet run --project src/PostPurchase.Server >"$logs/server.log" 2>&1 &
server=$!

deadline=$((SECONDS + ${QUICKSTART_START_S:-900}))
until curl -sf "$url/health" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { tail -n 30 "$logs/server.log"; fail "the server exited before answering /health"; }
  [ $SECONDS -lt $deadline ] || { tail -n 30 "$logs/server.log"; fail "no /health answer within ${QUICKSTART_START_S:-900} s"; }
  sleep 2
done
echo "quick start: server healthy after ${SECONDS} s"

sent=$(scripts/send-sample-purchase.sh samples/purchase.json "$url" 2>&1) || { echo "$sent"; fail "scripts/send-sample-purchase.sh failed"; }
echo "$sent"
grep -q '"accepted"' <<<"$sent" || fail "the purchase was not accepted"

deadline=$((SECONDS + ${QUICKSTART_MAIL_S:-60}))
until [ "$(count_mail)" -gt "$before" ]; do
  [ $SECONDS -lt $deadline ] || { tail -n 30 "$logs/server.log"; fail "no confirmation .eml in $outbox within ${QUICKSTART_MAIL_S:-60} s"; }
  sleep 1
done
mail=$(ls -t "$outbox"/*.eml | head -n 1)
grep -qi '^To:.*ada@example.com' "$mail" || fail "$mail is not addressed to the sample customer"
echo "quick start: confirmation $mail"
echo "quick start: passed"
