/* newsevents web pages: map, charts, network and the ingest form. No inline script anywhere
   (the Content-Security-Policy forbids it); data come from <script type="application/json">. */
"use strict";

const QUAD_COLOURS = { 1: "#2b83ba", 2: "#1a9641", 3: "#fdae61", 4: "#d7191c" };
const QUAD_NAMES = {
  1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
};

function jsonData(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

function initMap() {
  const el = document.getElementById("map");
  if (!el || !window.L) return;
  const map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 10 }).setView([20, 10], 2);
  map.attributionControl.addAttribution("Natural Earth via world-atlas");
  fetch(el.dataset.geo)
    .then((r) => r.json())
    .then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, {
        interactive: false,
        style: { color: "#9aa4ad", weight: 0.6, fillColor: "#eef1f3", fillOpacity: 1 },
      }).addTo(map).bringToBack();
    });
  const places = jsonData("places-data") || [];
  const cluster = L.markerClusterGroup({
    iconCreateFunction: (c) => {
      const counts = [0, 0, 0, 0];
      c.getAllChildMarkers().forEach((m) => m.options.byQuad.forEach((n, i) => { counts[i] += n; }));
      const total = counts.reduce((a, b) => a + b, 0);
      const quad = 1 + counts.indexOf(Math.max(...counts));
      return L.divIcon({
        html: "<span>" + total + "</span>", className: "ev-cluster q" + quad, iconSize: [36, 36],
      });
    },
  });
  places.forEach((p) => {
    const icon = L.divIcon({ className: "ev-marker q" + p.quad, iconSize: [14, 14] });
    const marker = L.marker([p.lat, p.lon], { icon: icon, byQuad: p.by_quad, title: p.name });
    const box = document.createElement("div");
    const b = document.createElement("b");
    b.textContent = p.name;
    box.appendChild(b);
    p.by_quad.forEach((n, i) => {
      if (!n) return;
      const line = document.createElement("div");
      line.textContent = QUAD_NAMES[i + 1] + ": " + n;
      box.appendChild(line);
    });
    marker.bindPopup(box);
    cluster.addLayer(marker);
  });
  map.addLayer(cluster);
}

function quadChart(el, data) {
  if (!el || !window.uPlot || !data || !data.months.length) {
    if (el) el.textContent = "No dated events.";
    return;
  }
  const xs = data.months.map((m) => Date.UTC(+m.slice(0, 4), +m.slice(5, 7) - 1, 1) / 1000);
  const series = [{}];
  const values = [xs];
  [1, 2, 3, 4].forEach((q) => {
    series.push({ label: QUAD_NAMES[q], stroke: QUAD_COLOURS[q], width: 2 });
    values.push(data.quad[String(q)]);
  });
  new uPlot({ width: el.clientWidth || 600, height: 240, series: series, scales: { x: { time: true } } },
    values, el);
}

function dyadChart() {
  const el = document.getElementById("dyad-chart");
  const d = jsonData("dyad-data");
  if (!el || !d) return;
  if (!d.months.length || !window.uPlot) { el.textContent = "No dated events between them."; return; }
  const xs = d.months.map((m) => Date.UTC(+m.slice(0, 4), +m.slice(5, 7) - 1, 1) / 1000);
  const s = d.series;
  new uPlot({
    width: el.clientWidth || 700, height: 260, scales: { x: { time: true } },
    series: [{},
      { label: d.a + "→" + d.b + " cooperation", stroke: QUAD_COLOURS[2], width: 2 },
      { label: d.a + "→" + d.b + " conflict", stroke: QUAD_COLOURS[4], width: 2 },
      { label: d.b + "→" + d.a + " cooperation", stroke: QUAD_COLOURS[1], width: 2, dash: [6, 4] },
      { label: d.b + "→" + d.a + " conflict", stroke: QUAD_COLOURS[3], width: 2, dash: [6, 4] }],
  }, [xs, s.a_b_cooperation, s.a_b_conflict, s.b_a_cooperation, s.b_a_conflict], el);
}

function network() {
  const el = document.getElementById("network");
  const net = jsonData("network-data");
  if (!el || !net || !window.cytoscape) return;
  const max = Math.max(1, ...net.edges.map((e) => e.weight));
  const elements = net.nodes.map((n) => ({ data: { id: n.id, label: n.label }, classes: n.ego ? "ego" : "" }))
    .concat(net.edges.map((e, i) => ({
      data: { id: "e" + i, source: e.source, target: e.target, w: 1 + 6 * e.weight / max },
      classes: e.conflict ? "conflict" : "coop",
    })));
  const cy = cytoscape({
    container: el, elements: elements,
    layout: { name: "concentric", concentric: (n) => (n.hasClass("ego") ? 2 : 1), minNodeSpacing: 30 },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": "#6c7a89", width: 14, height: 14 } },
      { selector: "node.ego", style: { "background-color": "#222", width: 22, height: 22 } },
      { selector: "edge", style: { width: "data(w)", "line-color": QUAD_COLOURS[1], opacity: 0.7 } },
      { selector: "edge.conflict", style: { "line-color": QUAD_COLOURS[4] } },
    ],
  });
  cy.on("tap", "node", (evt) => { window.location.href = "/actors/" + encodeURIComponent(evt.target.id()); });
}

function ingestForm() {
  const form = document.getElementById("ingest-form");
  if (!form) return;
  form.addEventListener("submit", (evt) => {
    evt.preventDefault();
    const body = {};
    new FormData(form).forEach((v, k) => { if (String(v).trim()) body[k] = String(v); });
    const out = document.getElementById("ingest-result");
    out.textContent = "Coding…";
    fetch(form.dataset.endpoint, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    }).then((r) => r.json().then((j) => ({ ok: r.ok, j: j }))).then(({ ok, j }) => {
      out.textContent = "";
      if (!ok) { out.textContent = j.error || "failed"; return; }
      j.articles.forEach((a) => {
        const link = document.createElement("a");
        link.href = "/articles/" + encodeURIComponent(a.article_id);
        link.textContent = a.article_id + ": " + (a.coded
          ? a.events + " events"
          : "stored, not coded (language " + a.language + "; coding is English for now)");
        const p = document.createElement("p");
        p.appendChild(link);
        out.appendChild(p);
      });
      j.errors.forEach((e) => { const p = document.createElement("p"); p.textContent = e; out.appendChild(p); });
    });
  });
}

function scrollToEvidence() {
  const ev = document.getElementById("evidence");
  if (ev) ev.scrollIntoView({ block: "center" });
}

document.addEventListener("DOMContentLoaded", () => {
  initMap();
  quadChart(document.getElementById("timeline"), jsonData("timeline-data"));
  dyadChart();
  network();
  ingestForm();
  scrollToEvidence();
});
