/* tidings: the events page. Every string from the store (article text, names, triggers) is put
   into the page as text nodes (textContent), never as HTML. */
"use strict";

const FILTERS = ["actor", "recipient", "country", "type", "quad_class", "factuality", "mode",
                 "date_from", "date_to", "place", "q"];
const QUAD = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
const QUAD_COLOR = {0: "#999999", 1: "#74c476", 2: "#238b45", 3: "#fd8d3c", 4: "#d62728"};
const PAGE = 100;
const state = {filters: {}, sort: "date", offset: 0, selected: null, document: null};
const views = {timeline: null, items: null, map: null, markers: null, cy: null};
window.tidings = {ready: false, state};  // for tests and the curious

/* ---------- small helpers ---------- */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key === "data") for (const [k, v] of Object.entries(value)) node.dataset[k] = v;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const $ = (sel) => document.querySelector(sel);
function query(extra) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({...state.filters, ...(extra || {})})) if (v !== "" && v != null) params.set(k, v);
  return params.toString();
}
async function api(path) {
  const response = await fetch(path, {headers: {Accept: "application/json"}});
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}
function dateText(date) {
  if (!date || !date.start) return "undated";
  if (date.precision === "year") return date.start.slice(0, 4) + (date.end && date.end.slice(0, 4) !== date.start.slice(0, 4) ? "–" + date.end.slice(0, 4) : "");
  if (date.precision === "month") return date.start.slice(0, 7);
  return date.start + (date.end && date.end !== date.start ? " – " + date.end : "");
}
function names(people) { return (people || []).map((p) => p.name).filter(Boolean); }
function quadBadge(q) { return el("span", {class: "badge q" + (q || 0), title: QUAD[q] || "no class"}, q || "?"); }
function addDays(iso, n) { const d = new Date(iso + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); }
function mix(a, b, t) {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16)), pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return "#" + pa.map((x, i) => Math.round(x + (pb[i] - x) * t).toString(16).padStart(2, "0")).join("");
}
function conflictColor(meanQuad) {  // 1 cooperation (green) -> 2.5 neutral (amber) -> 4 conflict (red)
  if (meanQuad == null) return "#999999";
  const t = Math.min(Math.max((meanQuad - 1) / 3, 0), 1);
  return t < 0.5 ? mix("#238b45", "#e6a23c", t * 2) : mix("#e6a23c", "#d62728", (t - 0.5) * 2);
}

/* ---------- filters, URL and selection ---------- */
function readUrl() {
  const params = new URLSearchParams(location.search);
  for (const k of FILTERS) if (params.get(k)) state.filters[k] = params.get(k);
  if (params.get("sort")) state.sort = params.get("sort");
  if (params.get("event")) state.selected = params.get("event");
}
function writeUrl() {
  const q = query({sort: state.sort !== "date" ? state.sort : "", event: state.selected || ""});
  history.replaceState(null, "", q ? "?" + q : location.pathname);
}
function fillForm() {
  const form = $("#filters");
  for (const k of FILTERS) if (form.elements[k]) form.elements[k].value = state.filters[k] || "";
}
function setFilter(changes) {
  for (const [k, v] of Object.entries(changes)) { if (v) state.filters[k] = v; else delete state.filters[k]; }
  state.offset = 0;
  fillForm();
  refresh();
}
function renderChips() {
  const box = $("#chips");
  box.replaceChildren();
  for (const k of FILTERS) {
    if (!state.filters[k]) continue;
    box.append(el("span", {class: "chip", data: {filter: k}}, k.replace("_", " ") + ": " + state.filters[k],
      el("button", {type: "button", title: "remove", on: {click: () => setFilter({[k]: ""})}}, "×")));
  }
}

/* ---------- table ---------- */
function renderTable(page) {
  const body = $("#events tbody");
  body.replaceChildren();
  for (const ev of page.items) {
    const who = (people, role) => el("td", {}, ...(people || []).map((p, i) => [i ? ", " : "",
      el("span", {class: "link", title: "show only events with " + p.name + " as " + role,
        on: {click: (e) => { e.stopPropagation(); setFilter({[role]: p.key}); }}}, p.name)]));
    const row = el("tr", {data: {id: ev.id}, class: ev.id === state.selected ? "selected" : null,
                          on: {click: () => selectEvent(ev.id)}},
      el("td", {class: "date"}, dateText(ev.date)),
      el("td", {}, quadBadge(ev.quad_class), " ", ev.type, ev.mode ? " · " + ev.mode : ""),
      who(ev.actors, "actor"), who(ev.recipients, "recipient"),
      el("td", {}, ev.place ? ev.place.name : ""),
      el("td", {}, ev.factuality),
      el("td", {}, ev.trigger),
      el("td", {}, ev.num_sources));
    body.append(row);
  }
  const last = Math.min(page.offset + page.items.length, page.total);
  $("#count").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : "none match";
  $("#page").textContent = page.total ? `page ${Math.floor(page.offset / PAGE) + 1} of ${Math.ceil(page.total / PAGE)}` : "";
  $("#prev").disabled = page.offset === 0;
  $("#next").disabled = last >= page.total;
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.classList.toggle("sorted", state.sort.replace("-", "") === th.dataset.sort);
    th.classList.toggle("desc", state.sort.startsWith("-"));
  }
}

/* ---------- timeline ---------- */
function itemContent(text) { return el("span", {}, text); }
function renderTimeline(data) {
  if (!views.timeline) {
    views.items = new vis.DataSet();
    views.timeline = new vis.Timeline($("#timeline"), views.items, {
      stack: true, maxHeight: 340, minHeight: 120, zoomMin: 86400000 * 3, showCurrentTime: false,
      margin: {item: {horizontal: 2, vertical: 3}}, orientation: {axis: "bottom"}, tooltip: {followMouse: false},
    });
    views.timeline.on("select", (props) => {
      const id = props.items[0];
      if (!id) return;
      const item = views.items.get(id);
      if (item.bucket) setFilter({date_from: item.bucket.start, date_to: addDays(item.bucket.end, -1)});
      else selectEvent(id);
    });
  }
  const items = [];
  if (data.items) {
    for (const ev of data.items) {
      const wide = ev.end && ev.end !== ev.start;
      items.push({id: ev.id, start: ev.start, end: wide ? addDays(ev.end, 1) : undefined,
        type: wide ? "range" : "box", className: "q" + (ev.quad_class || 0),
        content: itemContent(ev.type + (ev.trigger ? " · " + ev.trigger : ""))});
    }
  } else {
    for (const b of data.buckets) {
      const top = Object.entries(b.quad).sort((x, y) => y[1] - x[1])[0][0];
      items.push({id: "bucket-" + b.start, start: b.start, end: b.end, type: "range", className: "q" + top,
        bucket: b, content: itemContent(String(b.count))});
    }
  }
  views.timeline.setOptions({stack: !data.buckets});  // buckets follow each other on one line
  views.items.clear();
  views.items.add(items);
  if (items.length) views.timeline.fit({animation: false});
  if (state.selected && views.items.get(state.selected)) views.timeline.setSelection([state.selected]);
  const parts = [data.total + " events"];
  if (data.buckets) parts.push("counted per " + data.bucket + "; click a bar to filter to it");
  if (data.undated) parts.push(data.undated + " undated");
  $("#timeline-note").textContent = parts.join(" · ");
}

/* ---------- map ---------- */
function initMap() {
  views.map = L.map("map", {worldCopyJump: true, zoomSnap: 0.5, minZoom: 1, maxZoom: 10}).setView([25, 20], 1.5);
  views.map.attributionControl.setPrefix(false);
  views.map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  views.markers = L.layerGroup().addTo(views.map);
  loadBasemap();  // drawn under the markers whenever it arrives
}
async function loadBasemap() {
  try {
    const world = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
    const land = topojson.feature(world, world.objects.countries);
    L.geoJSON(land, {interactive: false, style: {color: "#9aa5b1", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1}})
      .addTo(views.map).bringToBack();
  } catch (error) { console.warn("no basemap", error); }
}
function renderMap(data) {
  if (!views.map) return;
  views.markers.clearLayers();
  const max = Math.max(1, ...data.items.map((p) => p.count));
  const bounds = [];
  for (const p of data.items) {
    const top = Object.entries(p.quad).sort((x, y) => y[1] - x[1])[0][0];
    const selected = state.selected && p.event_ids.includes(state.selected);
    const marker = L.circleMarker([p.lat, p.lon], {
      radius: 5 + 14 * Math.sqrt(p.count / max), color: selected ? "#000" : "#333", weight: selected ? 3 : 1,
      fillColor: QUAD_COLOR[top], fillOpacity: 0.8,
    });
    marker.bindTooltip(el("span", {}, `${p.name || "?"} · ${p.count} event${p.count > 1 ? "s" : ""}`));
    marker.on("click", () => (p.count === 1 ? selectEvent(p.event_ids[0]) : setFilter({place: p.name})));
    marker.eventIds = p.event_ids;
    marker.addTo(views.markers);
    bounds.push([p.lat, p.lon]);
  }
  if (bounds.length) views.map.fitBounds(bounds, {maxZoom: 5, padding: [30, 30]});
  $("#map-note").textContent = `${data.items.length} place${data.items.length === 1 ? "" : "s"}`;
}
function markSelectedPlace() {
  if (!views.markers) return;
  views.markers.eachLayer((m) => {
    const on = state.selected && m.eventIds.includes(state.selected);
    m.setStyle({color: on ? "#000" : "#333", weight: on ? 3 : 1});
  });
}

/* ---------- network ---------- */
function renderNetwork(data) {
  const max = Math.max(1, ...data.nodes.map((n) => n.events));
  const maxEdge = Math.max(1, ...data.edges.map((e) => e.events));
  const elements = [
    ...data.nodes.map((n) => ({data: {id: n.id, label: n.label, size: 16 + 34 * Math.sqrt(n.events / max), events: n.events}})),
    ...data.edges.map((e, i) => ({data: {id: "e" + i, source: e.source, target: e.target, events: e.events,
      width: 1 + 7 * Math.sqrt(e.events / maxEdge), color: conflictColor(e.mean_quad_class)}})),
  ];
  if (views.cy) views.cy.destroy();
  views.cy = cytoscape({
    container: $("#network"), elements, minZoom: 0.2, maxZoom: 4,
    style: [
      {selector: "node", style: {label: "data(label)", width: "data(size)", height: "data(size)",
        "background-color": "#4f6d8f", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "wrap", "text-max-width": 90, color: "#1d2733"}},
      {selector: "edge", style: {width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.85, "arrow-scale": 0.8}},
      {selector: "node.active", style: {"background-color": "#ffb300", "border-width": 2, "border-color": "#000"}},
      {selector: "edge.active", style: {opacity: 1, "z-index": 10, "underlay-color": "#ffd54f", "underlay-opacity": 0.6, "underlay-padding": 3}},
      {selector: "node.filter", style: {"border-width": 3, "border-color": "#1f4e79"}},
    ],
    layout: {name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90, padding: 20, randomize: false},
  });
  views.cy.on("tap", "node", (e) => setFilter({actor: e.target.id()}));
  const filterNode = state.filters.actor && views.cy.getElementById(state.filters.actor);
  if (filterNode && filterNode.length) filterNode.addClass("filter");
  $("#network-note").textContent = `${data.nodes.length} actors · ${data.edges.length} links · green cooperation → red conflict; click an actor to filter`;
}
function markSelectedActors(event) {
  if (!views.cy) return;
  views.cy.elements().removeClass("active");
  if (!event) return;
  const keys = (list) => (list || []).map((p) => p.kb_id || `${p.name}@${p.country || ""}`);
  const actors = keys(event.actors), recipients = keys(event.recipients);
  for (const k of [...actors, ...recipients]) views.cy.getElementById(k).addClass("active");
  views.cy.edges().filter((e) => actors.includes(e.data("source")) && recipients.includes(e.data("target"))).addClass("active");
}

/* ---------- evidence ---------- */
function highlight(text, marks) {
  // split the text at every span boundary; each piece becomes a text node, inside a <mark> if a span covers it
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(Math.max(0, Math.min(m.start, text.length))); cuts.add(Math.max(0, Math.min(m.end, text.length))); }
  const points = [...cuts].sort((a, b) => a - b);
  const order = ["trigger", "actor", "recipient", "place", "date", "attribution", "evidence", "other"];
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const covering = marks.filter((m) => m.start <= a && b <= m.end);
    if (!covering.length) { out.push(document.createTextNode(piece)); continue; }
    covering.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind));
    const top = covering[0];
    const attrs = {class: top.kind, title: covering.map((m) => m.kind + (m.label ? ": " + m.label : "")).join("\n")};
    if (top.kind === "other") {
      attrs.data = {event: top.event};
      attrs.on = {click: () => selectEvent(top.event)};
    }
    out.push(el("mark", attrs, piece));
  }
  return out;
}
function renderDetail(event) {
  const box = $("#detail");
  box.classList.remove("muted");
  const people = (list) => names(list).join(", ") || "—";
  const rows = [
    ["Type", [quadBadge(event.quad_class), " ", event.type, event.mode ? " (" + event.mode + ")" : "",
      event.cameo ? " · CAMEO " + event.cameo : ""]],
    ["Actor", people(event.actors)], ["Recipient", people(event.recipients)],
    ["Date", dateText(event.date) + (event.date && event.date.precision ? " (" + event.date.precision + ")" : "")],
    ["Place", event.location ? event.location.name + (event.location.country ? ", " + event.location.country : "") : "—"],
    ["Factuality", event.factuality + (event.attribution ? " · according to " + event.attribution.text : "")],
    ["Reports", `${event.mentions.length} mention(s) in ${event.num_articles} article(s) from ${event.num_sources} source(s)`],
  ];
  box.replaceChildren(
    el("h3", {}, event.type + " · " + (event.trigger ? event.trigger.text : "")),
    el("dl", {}, rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    el("div", {class: "keys"}, ["trigger", "actor", "recipient", "date", "place", "attribution"].map((k) => el("mark", {class: k}, k))),
  );
  if (event.evidence.length > 1) {
    box.append(el("ol", {class: "mentions"}, event.evidence.map((m) => el("li", {},
      el("span", {class: "link", on: {click: () => showDocument(m.document_id, event)}},
        (m.outlet || m.title || m.document_id) + (m.published ? " · " + m.published : "")),
      " — ", m.sentence.text))));
  }
}
async function showDocument(documentId, event) {
  const doc = await api("/api/documents/" + encodeURIComponent(documentId));
  state.document = doc.id;
  const mention = event.evidence.find((m) => m.document_id === doc.id);
  const marks = mention ? [...mention.spans] : [];
  for (const m of doc.mentions) {
    if (m.event_id === event.id) continue;
    const t = m.spans.find((s) => s.kind === "trigger");
    if (t) marks.push({...t, kind: "other", event: m.event_id, label: m.type});
  }
  // the first line of the clean text is the headline when the document has a title
  const article = $("#article");
  article.replaceChildren(
    el("div", {class: "doc-title"}, doc.title || doc.id, el("span", {class: "muted"},
      [doc.outlet, doc.published, doc.url].filter(Boolean).map((x) => " · " + x).join(""))),
    el("div", {class: "doc-text"}, highlight(doc.text || "", marks)));
  const first = article.querySelector("mark.trigger");
  if (first) first.scrollIntoView({block: "center", behavior: "instant"});
}
async function selectEvent(id) {
  state.selected = id;
  writeUrl();
  for (const row of document.querySelectorAll("#events tbody tr")) row.classList.toggle("selected", row.dataset.id === id);
  if (views.items && views.items.get(id)) views.timeline.setSelection([id]);
  markSelectedPlace();
  try {
    const event = await api("/api/events/" + encodeURIComponent(id));
    markSelectedActors(event);
    renderDetail(event);
    if (event.evidence.length) await showDocument(event.evidence[0].document_id, event);
    document.body.dataset.selected = id;
  } catch (error) {
    $("#detail").textContent = "Cannot show this event: " + error.message;
  }
}

/* ---------- loading ---------- */
let generation = 0;
async function refresh() {
  const mine = ++generation;
  const started = performance.now();
  writeUrl();
  renderChips();
  document.body.dataset.loading = "1";
  const q = query();
  const [page, timeline, places, network] = await Promise.all([
    api(`/api/events?${query({sort: state.sort, limit: PAGE, offset: state.offset})}`),
    api("/api/timeline?" + q), api("/api/places?" + q), api("/api/network?" + q),
  ]);
  if (mine !== generation) return;  // a newer request superseded this one
  const timings = {fetch: performance.now() - started};
  for (const [name, draw, data] of [["table", renderTable, page], ["timeline", renderTimeline, timeline],
                                    ["map", renderMap, places], ["network", renderNetwork, network]]) {
    const t = performance.now();
    draw(data);
    timings[name] = performance.now() - t;
  }
  window.tidings.timings = timings;
  delete document.body.dataset.loading;
  window.tidings.ready = true;
  document.body.dataset.ready = "1";
  if (state.selected) selectEvent(state.selected);
}
async function loadStats() {
  const stats = await api("/api/stats");
  $("#stats").textContent = `${stats.documents} documents · ${stats.events} events · ${stats.mentions} mentions` +
    (stats.first_date ? ` · ${stats.first_date} to ${stats.last_date}` : "");
  const select = $("#filters").elements.type;
  for (const [type, n] of Object.entries(stats.event_types)) select.append(el("option", {value: type}, `${type} (${n})`));
  fillForm();
}
async function loadActors() {
  const actors = await api("/api/actors?limit=500");
  $("#actor-list").replaceChildren(...actors.items.map((a) => el("option", {value: a.name}, `${a.country || ""} · ${a.events} events`)));
}
function wire() {
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    const form = e.target;
    const changes = {};
    for (const k of FILTERS) if (form.elements[k]) changes[k] = form.elements[k].value.trim();
    setFilter(changes);
  });
  $("#reset").addEventListener("click", () => { state.filters = {}; state.selected = null; setFilter({}); });
  $("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
  $("#next").addEventListener("click", () => { state.offset += PAGE; refresh(); });
  $("#use-window").addEventListener("click", () => {
    if (!views.timeline) return;
    const w = views.timeline.getWindow();
    setFilter({date_from: w.start.toISOString().slice(0, 10), date_to: w.end.toISOString().slice(0, 10)});
  });
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.addEventListener("click", () => {
      const key = th.dataset.sort;
      state.sort = state.sort === key ? "-" + key : key;
      state.offset = 0;
      refresh();
    });
  }
  $("#legend").replaceChildren(...[1, 2, 3, 4].map((q) => el("span", {style: `--c: ${QUAD_COLOR[q]}`}, `${q} ${QUAD[q]}`)));
}

async function main() {
  readUrl();
  wire();
  fillForm();
  initMap();
  loadStats().catch(console.error);  // the header and the type list; the views do not wait for them
  for (const name of ["actor", "recipient"]) {  // the actor list is only needed once someone types a name
    $("#filters").elements[name].addEventListener("focus", () => { if (!views.actorsLoaded) { views.actorsLoaded = true; loadActors().catch(console.error); } });
  }
  try { await refresh(); } catch (error) { $("#count").textContent = "cannot load events: " + error.message; }
}
main();
