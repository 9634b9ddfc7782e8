#!/usr/bin/env bash
# Makes sure docker-compose (Debian's package) is installed, so the tests can check docker-compose.yml with
# "docker-compose config". Nothing is run in containers; no Docker engine is needed. Run by deployment-checks'
# ComposeFileTest when it runs, never by a build that skips the tests.
set -euo pipefail

if command -v docker-compose >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "the compose check needs docker-compose on the PATH (Debian package docker-compose)" >&2
  exit 1
fi
run_as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
echo "installing Debian's docker-compose for the compose check"
run_as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
