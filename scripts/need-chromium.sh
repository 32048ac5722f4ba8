#!/usr/bin/env bash
# `make test` runs browser tests on Debian's chromium: install it when we may (root), otherwise stop at once
# with one line saying what to install. SPALK_CHROMIUM=/path/to/chromium points at another build.
set -euo pipefail
if [ -n "${SPALK_CHROMIUM:-}" ] && [ -x "${SPALK_CHROMIUM}" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "spalk: installing Debian's chromium for the browser tests (apt-get install chromium)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
fi
echo "spalk: make test needs Debian's chromium for the browser tests: run 'sudo apt-get install chromium' (or set SPALK_CHROMIUM=/path/to/chromium)" >&2
exit 1
