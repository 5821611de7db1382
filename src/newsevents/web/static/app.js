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

/* ---- months: only "YYYY-MM" is drawn; anything else (1987-W0, 2025-FA, 2026-Q4) is counted
   as "without a month" and left out, never turned into NaN that would blank the chart. ---- */
const MONTH_RE = /^(\d{4})-(\d{2})$/;

function monthIndex(m) {
  const r = MONTH_RE.exec(String(m));
  if (!r) return null;
  const month = Number(r[2]);
  return month >= 1 && month <= 12 ? Number(r[1]) * 12 + month - 1 : null;
}

/* Months and parallel count columns -> {xs (unix seconds, one per month, gaps filled with
   zeros), cols, skipped (counts of entries that are not a month)}. */
function monthly(months, columns) {
  const buckets = new Map();
  let skipped = 0;
  (months || []).forEach((m, i) => {
    const k = monthIndex(m);
    const vals = columns.map((c) => Number((c || [])[i]) || 0);
    if (k === null) { skipped += vals.reduce((a, b) => a + b, 0); return; }
    const b = buckets.get(k) || columns.map(() => 0);
    vals.forEach((v, j) => { b[j] += v; });
    buckets.set(k, b);
  });
  let keys = Array.from(buckets.keys()).sort((a, b) => a - b);
  if (keys.length && keys[keys.length - 1] - keys[0] <= 2400) {
    const filled = [];
    for (let k = keys[0]; k <= keys[keys.length - 1]; k++) filled.push(k);
    keys = filled;
  }
  const xs = keys.map((k) => Date.UTC(Math.floor(k / 12), k % 12, 1) / 1000);
  const cols = columns.map((_, j) => keys.map((k) => (buckets.has(k) ? buckets.get(k)[j] : 0)));
  return { xs: xs, cols: cols, skipped: skipped };
}

function chartNote(el, text) {
  const p = document.createElement("p");
  p.className = "muted chart-note";
  p.textContent = text;
  el.after(p);
}

function drawMonthly(el, months, lines, emptyText) {
  if (!el) return;
  const m = monthly(months, lines.map((l) => l.values));
  el.dataset.months = String(m.xs.length);
  if (!window.uPlot || !m.xs.length) {
    el.textContent = emptyText;
  } else {
    const series = [{}].concat(lines.map((l) => Object.assign({ points: { show: m.xs.length < 60 } }, l.series)));
    new uPlot({ width: el.clientWidth || 600, height: 240, series: series, scales: { x: { time: true } } },
      [m.xs].concat(m.cols), el);
  }
  if (m.skipped) chartNote(el, m.skipped + " events dated only to a week, season, quarter or year are not drawn.");
}

function quadChart(el, data) {
  if (!el) return;
  const quad = (data && data.quad) || {};
  drawMonthly(el, data && data.months, [1, 2, 3, 4].map((q) => ({
    values: quad[String(q)], series: { label: QUAD_NAMES[q], stroke: QUAD_COLOURS[q], width: 2 },
  })), "No events dated to a month.");
}

function dyadChart() {
  const el = document.getElementById("dyad-chart");
  const d = jsonData("dyad-data");
  if (!el || !d) return;
  const s = d.series || {};
  drawMonthly(el, d.months, [
    { values: s.a_b_cooperation, series: { label: d.a + "→" + d.b + " cooperation", stroke: QUAD_COLOURS[2], width: 2 } },
    { values: s.a_b_conflict, series: { label: d.a + "→" + d.b + " conflict", stroke: QUAD_COLOURS[4], width: 2 } },
    { values: s.b_a_cooperation, series: { label: d.b + "→" + d.a + " cooperation", stroke: QUAD_COLOURS[1], width: 2, dash: [6, 4] } },
    { values: s.b_a_conflict, series: { label: d.b + "→" + d.a + " conflict", stroke: QUAD_COLOURS[3], width: 2, dash: [6, 4] } },
  ], "No events between them dated to a month.");
}

/* ---- the map: markers per place; a popup lists the place's latest events, each a link to
   its event page (the evidence sentence), so a map point is two clicks from the evidence. ---- */
function make(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function actorNames(list) {
  return (list || []).map((a) => a.name || a.actor_id).join(", ") || "—";
}

/* The query that selects a marker's events: its lat/lon (a tiny box). Events with no place
   named for them have no marker (the line under the map counts them). */
function placeQuery(p) {
  const d = 0.0001;
  return "bbox=" + [p.lon - d, p.lat - d, p.lon + d, p.lat + d].map((v) => v.toFixed(4)).join(",");
}

function joinQuery(a, b) {
  return [a, b].filter((x) => x).join("&");
}

/* Fills a popup box with the place's latest events; resolves once it is filled. */
function fillPopup(box, p, filters) {
  const q = joinQuery(filters, placeQuery(p));
  const list = make("ol", "popup-events");
  box.appendChild(list);
  return fetch("/api/events?size=5&" + q).then((r) => r.json()).then((j) => {
    (j.records || []).forEach((r) => {
      const li = make("li");
      const a = make("a", "popup-event", (r.date || "?") + " · " + r.plover_type + " · " + actorNames(r.sources) + " → " + actorNames(r.targets));
      a.href = "/events/" + encodeURIComponent(r.event_id);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!(j.records || []).length) list.appendChild(make("li", "muted", "no events"));
    const all = make("a", "popup-all", "All " + (j.total_is_lower_bound ? j.total + "+" : j.total) + " events here →");
    all.href = "/events?" + q;
    box.appendChild(all);
    if (p.country) {
      box.appendChild(document.createTextNode(" · "));
      const c = make("a", "popup-country", "everything in " + p.country + " →");
      c.href = "/countries/" + encodeURIComponent(p.country);
      box.appendChild(c);
    }
  }).catch(() => { list.appendChild(make("li", "muted", "could not load the events")); });
}

function makeMap(node) {
  const map = L.map(node, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([20, 10], 2);
  map.attributionControl.addAttribution("Natural Earth via world-atlas");
  fetch(node.dataset.geo)
    .then((r) => r.json())
    .then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, {
        interactive: false,
        style: { color: "#9aa4ad", weight: 0.6, fillColor: "#eef1f3", fillOpacity: 1 },
      }).addTo(map).bringToBack();
    });
  let cluster = null;
  function draw(places, filters) {
    if (cluster) map.removeLayer(cluster);
    // Clusters split as one zooms in and are gone from zoom 9 on: every place is its own point
    // there; places that share a spot fan out (spiderfy) when a cluster is clicked at that zoom.
    cluster = L.markerClusterGroup({
      maxClusterRadius: 40,
      disableClusteringAtZoom: 9,
      spiderfyOnMaxZoom: true,
      showCoverageOnHover: false,
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
      // The popup is filled once its events have loaded; setting the content then re-lays it
      // out and pans the map so the whole list (and every link) is in view.
      marker.bindPopup(make("div", "popup muted", p.name + " …"), { minWidth: 260, maxWidth: 380 });
      marker.on("popupopen", () => {
        const box = make("div", "popup");
        box.appendChild(make("b", "", p.name));
        box.appendChild(make("div", "muted", p.by_quad.map((n, i) => (n ? QUAD_NAMES[i + 1] + " " + n : "")).filter((x) => x).join(" · ")));
        fillPopup(box, p, filters).then(() => marker.setPopupContent(box));
      });
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
  }
  return { map: map, draw: draw };
}

/* The explorer's filters as a query string (empty values, paging, sort and unit left out). */
function formQuery(form) {
  const params = new URLSearchParams();
  new FormData(form).forEach((v, k) => {
    if (String(v).trim() && !["page", "sort", "unit", "size"].includes(k)) params.append(k, String(v));
  });
  return params.toString();
}

function initMap() {
  const node = document.getElementById("map");
  if (!node || !window.L) return;
  const m = makeMap(node);
  const form = node.dataset.form ? document.getElementById(node.dataset.form) : null;
  if (!form) {
    m.draw(jsonData("places-data") || [], node.dataset.filters || "");
    return;
  }
  let box = null;
  let latest = 0;  // responses of an older refresh (slower than a newer one) are dropped
  function refresh() {
    const q = formQuery(form);
    const mine = ++latest;
    fetch(node.dataset.source + (q ? "?" + q : "")).then((r) => r.json()).then((places) => {
      if (mine !== latest) return;
      if (Array.isArray(places)) m.draw(places, q);
      node.dataset.places = String(Array.isArray(places) ? places.length : 0);
    });
    const note = document.getElementById("map-unplaced");
    if (note && note.dataset.source) {
      // events with no place named for them have no marker; say how many the map leaves out
      fetch(note.dataset.source + (q ? "?" + q : "")).then((r) => r.json()).then((u) => {
        if (mine !== latest) return;
        const n = (u && u.events) || 0;
        note.dataset.events = String(n);
        note.textContent = n
          ? n.toLocaleString("en") + (n === 1 ? " event" : " events") + " not on the map: no place was named for " + (n === 1 ? "it" : "them") + " (unplaced)."
          : "";
      });
    }
    const bbox = form.querySelector("input[name=bbox]").value;
    if (box) { m.map.removeLayer(box); box = null; }
    const label = document.getElementById("box-label");
    label.textContent = bbox ? "box " + bbox.split(",").map((v) => Number(v).toFixed(2)).join(", ") : "";
    document.getElementById("box-clear").hidden = !bbox;
    if (bbox) {
      const [w, s, e, n] = bbox.split(",").map(Number);
      box = L.rectangle([[s, w], [n, e < w ? e + 360 : e]], { color: "#1d4ed8", weight: 1, fill: false, interactive: false }).addTo(m.map);
    }
  }
  boxPicker(m.map, form, node);
  refresh();
  document.body.addEventListener("htmx:afterSettle", (evt) => {
    if (evt.detail && evt.detail.target && evt.detail.target.id === "results") refresh();
  });
}

function wrapLon(x) {
  return ((((x + 180) % 360) + 360) % 360) - 180;
}

/* Drag a box on the explorer's map: it becomes the bbox filter (west,south,east,north). */
function boxPicker(map, form, node) {
  const button = document.getElementById("box-draw");
  const input = form.querySelector("input[name=bbox]");
  let active = false, start = null, rect = null;
  function setActive(on) {
    active = on;
    button.setAttribute("aria-pressed", String(on));
    node.classList.toggle("drawing", on);
    if (on) map.dragging.disable(); else map.dragging.enable();
  }
  button.addEventListener("click", () => setActive(!active));
  document.getElementById("box-clear").addEventListener("click", () => {
    input.value = "";
    form.requestSubmit();
  });
  map.on("mousedown", (e) => {
    if (!active) return;
    start = e.latlng;
    rect = L.rectangle([start, start], { color: "#1d4ed8", weight: 1, interactive: false }).addTo(map);
  });
  map.on("mousemove", (e) => { if (active && start && rect) rect.setBounds(L.latLngBounds(start, e.latlng)); });
  map.on("mouseup", (e) => {
    if (!active || !start) return;
    const b = L.latLngBounds(start, e.latlng);
    map.removeLayer(rect);
    start = null; rect = null;
    setActive(false);
    if (b.getNorth() - b.getSouth() < 1e-6 || b.getEast() - b.getWest() < 1e-6) return;
    const clampLat = (v) => Math.max(-90, Math.min(90, v));
    const wide = b.getEast() - b.getWest() >= 360;
    const west = wide ? -180 : wrapLon(b.getWest());
    const east = wide ? 180 : wrapLon(b.getEast());
    input.value = [west, clampLat(b.getSouth()), east, clampLat(b.getNorth())].map((v) => v.toFixed(4)).join(",");
    form.requestSubmit();
  });
}

/* ---- name boxes: type a name ("Ukraine", "Putin"), pick a suggestion, the code is sent. ---- */
function suggestBox(input) {
  const hidden = document.getElementById(input.dataset.for);
  const list = input.parentElement.querySelector(".suggest-list");
  const form = input.form;
  let items = [], current = -1, seq = 0;
  function url(q) {
    return "/api/suggest?limit=8&kind=" + encodeURIComponent(input.dataset.suggest) + "&q=" + encodeURIComponent(q);
  }
  function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); current = -1; }
  function pick(item) {
    input.value = item.name;
    hidden.value = item.code;
    close();
    form.requestSubmit();
  }
  function show(found) {
    items = found;
    list.textContent = "";
    found.forEach((item, i) => {
      const li = make("li", "suggestion");
      li.setAttribute("role", "option");
      li.dataset.code = item.code;
      li.appendChild(make("span", "", item.name));
      li.appendChild(make("span", "muted", " " + item.code + (item.events ? " · " + item.events + " events" : "")));
      li.addEventListener("mousedown", (evt) => { evt.preventDefault(); pick(items[i]); });
      list.appendChild(li);
    });
    list.hidden = !found.length;
    input.setAttribute("aria-expanded", String(!!found.length));
  }
  function highlight(i) {
    current = i;
    Array.from(list.children).forEach((li, j) => li.classList.toggle("current", j === i));
  }
  input.addEventListener("input", () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { show([]); return; }
    fetch(url(q)).then((r) => (r.ok ? r.json() : [])).then((found) => { if (mine === seq) show(found); });
  });
  input.addEventListener("keydown", (evt) => {
    if (evt.key === "ArrowDown" && items.length) { evt.preventDefault(); highlight(Math.min(items.length - 1, current + 1)); }
    else if (evt.key === "ArrowUp" && items.length) { evt.preventDefault(); highlight(Math.max(0, current - 1)); }
    else if (evt.key === "Escape") close();
    else if (evt.key === "Enter") {
      evt.preventDefault();
      if (!list.hidden && current >= 0) pick(items[current]); else resolve(true);
    }
  });
  // The form submits itself on "change"; this box does it once its text has become a code.
  input.addEventListener("change", (evt) => { evt.stopPropagation(); resolve(true); });
  input.addEventListener("blur", () => setTimeout(close, 150));
  /* Typed text without a pick: an exact name, alias or code becomes its code; anything else is
     sent as typed, so the server answers with a clear error rather than silently nothing. */
  function resolve(submit) {
    const q = input.value.trim();
    const done = (code) => {
      if (hidden.value === code) return;
      hidden.value = code;
      if (submit) form.requestSubmit();
    };
    if (!q) { done(""); return; }
    if (q === hidden.value) return;
    fetch(url(q)).then((r) => (r.ok ? r.json() : [])).then((found) => {
      const hit = found.find((f) => f.exact);
      if (hit) input.value = hit.name;
      done(hit ? hit.code : q);
    });
  }
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
  document.querySelectorAll("input[data-suggest]").forEach(suggestBox);
  quadChart(document.getElementById("timeline"), jsonData("timeline-data"));
  dyadChart();
  network();
  ingestForm();
  scrollToEvidence();
});
