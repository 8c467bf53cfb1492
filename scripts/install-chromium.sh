#!/usr/bin/env bash
# Installs Debian's Chromium for the browser test (tools/integration/browser.test.ts), unless one is there already.
# playwright-core drives it; nothing downloads a browser of its own. Used by .ci/run and by developers (README).
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  "${CHROMIUM_PATH:-/usr/bin/chromium}" --version
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "Chromium is missing and installing it needs root: run 'apt-get install -y chromium' as root." >&2
    exit 1
  fi
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
