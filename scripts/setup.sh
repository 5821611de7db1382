#!/usr/bin/env bash
# Set everything up in ./.venv and run the main job on the bundled sample corpus.
# Needs only Python >= 3.11 with venv and pip, and access to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
echo "Installed newsevents into .venv; running the demo on the bundled sample corpus." >&2
.venv/bin/newsevents demo
