#!/usr/bin/env bash
# Signs a purchase (Standard Webhooks) and posts it to a running server's /webhooks/purchase.
# Usage: scripts/send-sample-purchase.sh [body.json] [server-url]
#   The secret is $Webhooks__Secret, else the one the server generated in $Data__Directory/webhook-secret.txt
#   (default: this checkout's data/, where the server keeps its data however it was started from the checkout).
#   A body with "orderId": "A-1001" gets a fresh order id per run, so each run starts a new journey.
set -euo pipefail
cd "$(dirname "$0")/.."
BODY_FILE="${1:-samples/purchase.json}"
URL="${2:-http://localhost:5080}"
SECRET_FILE="${Data__Directory:-data}/webhook-secret.txt"
SECRET="${Webhooks__Secret:-$(cat "$SECRET_FILE" 2>/dev/null || true)}"
[ -n "$SECRET" ] || { echo "No secret: set Webhooks__Secret, or start the server once (it writes data/webhook-secret.txt in this checkout; if the server runs with Data__Directory, set the same here)." >&2; exit 2; }

ORDER="A-$(date +%s)"
BODY=$(sed "s/\"A-1001\"/\"$ORDER\"/" "$BODY_FILE" | tr -d '\n')
ID="msg_$(date +%s%N)"
TS=$(date +%s)
KEY_HEX=$(printf '%s' "${SECRET#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
SIG=$(printf '%s' "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | base64)
echo "order $ORDER → $URL/webhooks/purchase"
curl -sS --fail-with-body "$URL/webhooks/purchase" \
  -H 'content-type: application/json' \
  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" \
  --data-binary "$BODY"
echo
