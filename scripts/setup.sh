#!/usr/bin/env bash
# Makes the project's virtual environment, .venv/ in the repository, and installs the project into it
# (editable: the code is read from this checkout), with the extras named as arguments:
#   bash scripts/setup.sh         the project and its dependencies (the README's first command)
#   bash scripts/setup.sh test    the same and the test extras (scripts/test.sh)
# A virtual environment because a stock Debian 12+ or Ubuntu 24.04 Python refuses `pip install`
# into the system (PEP 668, "externally-managed-environment"). It is made by $PYTHON (default
# python3, 3.11 or newer), without --system-site-packages: everything the project needs is
# installed into it. Debian and Ubuntu ship Python without `ensurepip` (which venv needs) unless
# python3-venv is installed: as root this script installs it with apt-get, otherwise it says what
# to install and stops. Run again, it keeps .venv (made again only when it has no pip) and brings
# the installation up to date. The package is then byte-compiled (git ignores __pycache__/).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
venv=.venv
extras=$(IFS=,; echo "$*")

say() { echo "scripts/setup.sh: $*" >&2; }

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "needs Python 3.11 or newer; '$python' is $("$python" -V 2>/dev/null || echo 'not found')." \
        "Run it as PYTHON=/path/to/python3.11 bash scripts/setup.sh"
    exit 1
fi
if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    if ! "$python" -c 'import ensurepip' 2>/dev/null; then
        packages="python3-venv python$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            say "Python's venv cannot install pip here (no ensurepip): apt-get install $packages"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null) || true
        fi
        if ! "$python" -c 'import ensurepip' 2>/dev/null; then
            say "Python's venv cannot install pip here (no ensurepip). Install it, then run this again:" \
                "sudo apt-get install $packages"
            exit 1
        fi
    fi
    "$python" -m venv --clear "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}"
# Byte-compiled as pip compiles an installed wheel (an editable install is not): where
# PYTHONDONTWRITEBYTECODE is set, every command would otherwise compile the package again (0.15 s).
"$venv/bin/python" -m compileall -q pipeline >/dev/null
