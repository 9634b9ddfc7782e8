#!/usr/bin/env bash
# Makes sure Debian's Chromium and its ChromeDriver are installed, for the dashboard's browser test.
set -euo pipefail

if [ "${TRIBUTARY_SKIP_BROWSER_TEST:-false}" = "true" ]; then
  echo "TRIBUTARY_SKIP_BROWSER_TEST=true: the dashboard's browser test will be skipped"
  exit 0
fi

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "the dashboard test needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages chromium, chromium-driver);" \
       "install them, or set TRIBUTARY_SKIP_BROWSER_TEST=true to skip that one test" >&2
  exit 1
fi
run_as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
echo "installing Debian's chromium and chromium-driver for the dashboard test"
run_as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
