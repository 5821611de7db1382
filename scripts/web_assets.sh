#!/usr/bin/env bash
# Install the pinned browser assets (package-lock.json) and copy just the files `newsevents serve`
# needs into src/newsevents/web/static/vendor/. Idempotent; needs node and npm.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if ! command -v npm >/dev/null 2>&1; then
    echo "web_assets.sh: npm not found; install Node.js (>= 18) and npm" >&2
    exit 2
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
NM="$ROOT/node_modules"
OUT="$ROOT/src/newsevents/web/static/vendor"
rm -rf "$OUT"
mkdir -p "$OUT/leaflet/images" "$OUT/markercluster" "$OUT/world-atlas"
cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$OUT/leaflet/"
cp "$NM/leaflet/dist/images/"*.png "$OUT/leaflet/images/"
cp "$NM/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$NM/leaflet.markercluster/dist/MarkerCluster.css" \
   "$NM/leaflet.markercluster/dist/MarkerCluster.Default.css" "$OUT/markercluster/"
cp "$NM/htmx.org/dist/htmx.min.js" "$OUT/htmx.min.js"
cp "$NM/cytoscape/dist/cytoscape.min.js" "$OUT/cytoscape.min.js"
cp "$NM/topojson-client/dist/topojson-client.min.js" "$OUT/topojson-client.min.js"
cp "$NM/uplot/dist/uPlot.iife.min.js" "$NM/uplot/dist/uPlot.min.css" "$OUT/"
cp "$NM/world-atlas/countries-110m.json" "$OUT/world-atlas/countries-110m.json"
mkdir -p "$OUT/swagger-ui"
cp "$NM/swagger-ui-dist/swagger-ui-bundle.js" "$NM/swagger-ui-dist/swagger-ui.css" "$OUT/swagger-ui/"
for pkg in leaflet leaflet.markercluster htmx.org cytoscape topojson-client uplot world-atlas \
    swagger-ui-dist; do
    version="$(node -p "require('$NM/$pkg/package.json').version")"
    echo "$pkg $version"
done > "$OUT/VERSIONS.txt"
echo "web assets: $(wc -l < "$OUT/VERSIONS.txt") packages copied to ${OUT#"$ROOT"/}"
