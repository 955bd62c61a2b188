#!/usr/bin/env bash
# Sets up what the tests need on a fresh machine, then runs the whole test suite:
# the project with its test extras, and Debian's chromium + chromedriver for the browser test
# of `cdpc report` (where they cannot be installed, that one test says so and is skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
        || echo "scripts/test.sh: could not install chromium; the browser test will be skipped" >&2
fi
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
python3 -m pytest
