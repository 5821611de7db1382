#!/usr/bin/env bash
# Set everything up in ./.venv, run the main job on the bundled sample corpus, then serve the web
# app on it at http://127.0.0.1:8000/ (Ctrl-C stops it; NEWSEVENTS_NO_SERVE=1 skips serving).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh
echo "Installed newsevents into .venv; running the demo on the bundled sample corpus." >&2
.venv/bin/newsevents demo
if [ "${NEWSEVENTS_NO_SERVE:-0}" != "1" ]; then
    exec .venv/bin/newsevents serve --no-browser
fi
