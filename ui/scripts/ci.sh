#!/usr/bin/env bash
# Runs every UI test (type check, unit tests, build, page tests in headless Chromium).
# For CI: installs Debian's Chromium when it is missing, installs the npm packages from
# package-lock.json, and bounds the run with a timeout. Never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "ui: Node.js 20.19 or newer is needed (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "ui: installing Debian's chromium for the page tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

timeout 600 npm ci --no-audit --no-fund --loglevel=error
timeout 1200 npm test
