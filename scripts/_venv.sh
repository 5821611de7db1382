# Sourced by setup.sh and test.sh: create ./.venv if needed, install newsevents with its dev tools
# and the Dask extra, and the web assets. Needs Python >= 3.11 with venv and pip, Node.js with npm,
# and access to PyPI and npm.
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,dask]'
# The web app's pinned browser assets (npm ci, then the needed files copied into the package).
bash scripts/web_assets.sh >&2
