# Sourced by setup.sh and test.sh: create ./.venv if needed and install newsevents with its dev tools.
# Needs only Python >= 3.11 with venv and pip, and access to PyPI.
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,dask]'
