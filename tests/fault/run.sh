#!/usr/bin/env bash
# The full fault test: 10,000 journeys over three replicas on one PostgreSQL, a random replica SIGKILLed every few
# seconds. Override with FAULT_JOURNEYS, FAULT_REPLICAS, FAULT_KILL_EVERY_SECONDS, FAULT_CLOCK_SPEED,
# FAULT_REFUND_SHARE, FAULT_DUPLICATE_SHARE. Prints the summary line ("FAULT journeys …") and exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
export FAULT_JOURNEYS="${FAULT_JOURNEYS:-10000}" FAULT_KILL_EVERY_SECONDS="${FAULT_KILL_EVERY_SECONDS:-5}" FAULT_CLOCK_SPEED="${FAULT_CLOCK_SPEED:-8640}"
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$PP_PG_DIR"' EXIT
dotnet test tests/PostPurchase.Fault.Tests -c Release --logger "console;verbosity=detailed" 2>&1 | tee /tmp/postpurchase-fault.log | grep -E "^ *FAULT |Passed!|Failed!"
