#!/usr/bin/env bash
# Set everything up in ./.venv and run the main job on the bundled sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh
echo "Installed newsevents into .venv; running the demo on the bundled sample corpus." >&2
.venv/bin/newsevents demo
