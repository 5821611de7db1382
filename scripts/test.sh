#!/usr/bin/env bash
# Run the whole test suite: lint (ruff), types (mypy) and pytest, installing what they need first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh
echo "== ruff" >&2
.venv/bin/ruff check src tests bench scripts
.venv/bin/ruff format --check src tests bench scripts
echo "== mypy" >&2
.venv/bin/mypy
echo "== pytest" >&2
.venv/bin/python -m pytest "$@"
