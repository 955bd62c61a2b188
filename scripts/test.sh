#!/usr/bin/env bash
# Sets up what the tests need on a fresh machine, then runs the whole test suite in the project's
# virtual environment: .venv with the project and its test extras (scripts/setup.sh test; made on
# the first run), and Debian's chromium + chromedriver for the browser test of `cdpc report` (where
# they cannot be installed, that one test says so and is skipped). Arguments go to pytest, e.g.
# `bash scripts/test.sh -m "not slow"` leaves out the fresh-clone test of the README's commands.
# Hypothesis runs its derandomised `ci` profile unless HYPOTHESIS_PROFILE says otherwise (tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
        || echo "scripts/test.sh: could not install chromium; the browser test will be skipped" >&2
fi
bash scripts/setup.sh test
HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}" .venv/bin/python -m pytest "$@"
