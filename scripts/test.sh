#!/usr/bin/env bash
# Sets up what the tests need on a fresh machine, checks the code (ruff, mypy), then runs the whole
# test suite in the project's virtual environment: .venv with the project and its test extras
# (scripts/setup.sh test; made on the first run), Debian's chromium + chromedriver for the browser tests of `cdpc report` and
# `cdpc site`, and axe-core (the npm package, pinned; its axe.min.js and LICENSE kept in
# .cache/axe-core/) for the site's accessibility test. Where they cannot be installed, the tests
# that need them say so and are skipped. Arguments go to pytest, e.g.
# `bash scripts/test.sh -m "not slow"` leaves out the fresh-clone test of the README's commands.
# Hypothesis runs its derandomised `ci` profile unless HYPOTHESIS_PROFILE says otherwise (tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
        || echo "scripts/test.sh: could not install chromium; the browser test will be skipped" >&2
fi
axe=.cache/axe-core
if [ ! -f "$axe/axe.min.js" ]; then
    command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm >/dev/null) || true
    mkdir -p "$axe"
    (cd "$axe" && npm pack --silent axe-core@4.14.1 >/dev/null && tar -xzf axe-core-4.14.1.tgz --strip-components=1 package/axe.min.js package/LICENSE \
        && rm axe-core-4.14.1.tgz) || echo "scripts/test.sh: could not fetch axe-core; the accessibility test will be skipped" >&2
fi
bash scripts/setup.sh test
# Lint, format check and type check first (ruff and mypy, pinned in the test extra, configured in pyproject.toml):
# seconds, where the suite takes minutes, so a finding stops the run before it; `bash scripts/test.sh -k x`
# checks too, a bare pytest does not.
.venv/bin/python -m ruff check pipeline tests scripts rendering
.venv/bin/python -m ruff format --check pipeline tests scripts rendering
.venv/bin/python -m mypy
HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}" .venv/bin/python -m pytest "$@"
