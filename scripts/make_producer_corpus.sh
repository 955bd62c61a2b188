#!/usr/bin/env bash
# Makes the corpus of PDFs from real producers, tests/producers/ (committed; CI never runs this):
# installs LibreOffice Writer, Chromium, Ghostscript and the fonts with apt (as root, Debian or
# Ubuntu), then prints every variant of rendering/producers.py with them and writes each PDF's
# truth next to it. Arguments: variant names to make again (default: all).
#   bash scripts/make_producer_corpus.sh
#   bash scripts/make_producer_corpus.sh chromium-2020-dejavuserif-a4-landscape
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        libreoffice-writer-nogui fonts-dejavu fonts-liberation ghostscript chromium poppler-utils >/dev/null
fi
for tool in soffice chromium gs; do
    command -v "$tool" >/dev/null || { echo "scripts/make_producer_corpus.sh: $tool is not installed" >&2; exit 1; }
done
PYTHONPATH=. .venv/bin/python -m rendering.producers tests/producers "$@"
