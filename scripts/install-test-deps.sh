#!/usr/bin/env bash
# Installs what the browser tests need: Debian's Chromium (never a downloaded browser build).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium with apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
