// Dashboard: offline map (Natural Earth boundaries + clustered records), uPlot timeline whose
// brush sets the date filter, small running-total charts. Data comes from the JSON API with the
// same query string as the filter form; the table is swapped by htmx on the same form.
(function () {
  "use strict";
  const TYPE_COLOURS = {
    "Battles": "#d32f2f", "Explosions/Remote violence": "#f57c00",
    "Violence against civilians": "#7b1fa2", "Protests": "#1976d2", "Riots": "#0097a7",
    "Strategic developments": "#546e7a",
  };
  const form = document.getElementById("filters");
  const mapDiv = document.getElementById("map");
  if (!form || !mapDiv) return;

  // Empty filter fields mean "no filter": leave them out of htmx requests too.
  document.body.addEventListener("htmx:configRequest", e => {
    const fd = e.detail.formData;
    if (fd) for (const [k, v] of [...fd.entries()]) if (v === "") fd.delete(k);
  });

  function query() {
    const params = new URLSearchParams(new FormData(form));
    for (const [k, v] of [...params.entries()]) if (!v) params.delete(k);
    return params.toString();
  }
  function colour(type) { return TYPE_COLOURS[type] || "#455a64"; }
  function radius(killed) { return 5 + Math.min(18, 3 * Math.sqrt(killed || 0)); }
  function text(s) { const d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }

  // --- map ---
  const map = L.map(mapDiv, { maxZoom: 12, minZoom: 2, worldCopyJump: true, preferCanvas: false })
    .setView([20, 20], 2);
  window.cwMap = map;
  const tiles = mapDiv.dataset.tiles;
  if (tiles) L.tileLayer(tiles, { maxZoom: 12, attribution: "tiles: see configuration" }).addTo(map);
  // Boundaries go on a canvas: thousands of SVG polygons stall the page for seconds on zoom.
  const canvas = L.canvas({ padding: 0.3 });
  const countryStyle = { renderer: canvas, color: "#607d8b", weight: 1, fillColor: "#eceff1", fillOpacity: tiles ? 0 : 1 };
  const adminStyle = { renderer: canvas, color: "#90a4ae", weight: 0.6, dashArray: "2 3", fill: false };
  fetch("/static/boundaries/countries.geojson").then(r => r.json()).then(g => {
    L.geoJSON(g, { style: countryStyle, interactive: false }).addTo(map);
    mapDiv.dataset.boundaries = "1";
  });
  // admin1 outlines only for the countries that have records, and only once zoomed in
  const withRecords = new Set((mapDiv.dataset.countries || "").split(",").filter(Boolean));
  let admin1 = null, admin1Loading = false;
  function showAdmin1() {
    const wanted = map.getZoom() >= 5;
    if (wanted && !admin1 && !admin1Loading) {
      admin1Loading = true;
      fetch("/static/boundaries/admin1.geojson").then(r => r.json()).then(g => {
        g.features = g.features.filter(f => withRecords.has(f.properties.iso));
        admin1 = L.geoJSON(g, { style: adminStyle, interactive: false });
        if (map.getZoom() >= 5) admin1.addTo(map);
      });
    } else if (admin1) {
      if (!wanted && map.hasLayer(admin1)) map.removeLayer(admin1);
      else if (wanted && !map.hasLayer(admin1)) admin1.addTo(map);
    }
  }
  map.on("zoomend", showAdmin1);

  // Town names from the offline gazetteer once zoomed in, so the base map is never blank.
  const towns = L.layerGroup().addTo(map);
  let townsAsked = "";
  function showTowns() {
    if (map.getZoom() < 6) { towns.clearLayers(); townsAsked = ""; return; }
    const b = map.getBounds();
    const box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
      .map((v, i) => Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)).toFixed(2)).join(",");
    if (box === townsAsked) return;
    townsAsked = box;
    fetch("/api/places?limit=40&bbox=" + box).then(r => r.ok ? r.json() : { items: [] }).then(data => {
      towns.clearLayers();
      for (const [name, lat, lon] of data.items) {
        towns.addLayer(L.marker([lat, lon], { interactive: false, icon: L.divIcon({ className: "town-label", html: `<span dir="auto">· ${text(name)}</span>`, iconSize: null }) }));
      }
    });
  }
  map.on("moveend", showTowns);

  const clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false, chunkedLoading: true,
    chunkProgress: (done, total) => { if (done === total) mapDiv.dataset.ready = "1"; } });
  const noteControl = L.control({ position: "topright" });
  let note = null;
  noteControl.onAdd = function () { note = L.DomUtil.create("div", "legend map-note"); return note; };
  noteControl.addTo(map);
  map.addLayer(clusters);
  const labels = L.layerGroup().addTo(map);
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    const div = L.DomUtil.create("div", "legend");
    div.innerHTML = Object.entries(TYPE_COLOURS).map(([t, c]) => `<i style="background:${c}"></i>${text(t)}`).join("<br>")
      + "<br><span class='muted'>size: killed</span>";
    return div;
  };
  legend.addTo(map);

  let firstFit = true, mapRequest = 0;
  function loadMap() {
    const mine = ++mapRequest;  // an older, slower response must not overwrite a newer one
    // The newest MAX_POINTS only: thousands more make the first paint slow, and filtering
    // (dates, area, brushing the timeline) brings the rest into view.
    const max = mapDiv.dataset.maxPoints || "3000";
    fetch(mapDiv.dataset.points + "?" + query() + "&limit=" + max).then(r => r.json()).then(data => {
      if (mine !== mapRequest) return;
      clusters.clearLayers(); labels.clearLayers();
      note.textContent = data.truncated ? `newest ${data.items.length} shown: filter to see others` : "";
      const markers = [], places = new Map();
      const base = mapDiv.dataset.mode === "incidents" ? "/incidents/" : "/events/";
      for (const [id, lat, lon, type, killed, date, place, grade] of data.items) {
        const m = L.circleMarker([lat, lon], {
          radius: radius(killed), color: "#fff", weight: 1, fillColor: colour(type), fillOpacity: 0.85,
        });
        m.options.cwId = id;
        m.bindPopup(`<b dir="auto">${text(place)}</b><br>${text(date)} · ${text(type)}<br>killed: ${killed == null ? "?" : text(killed)}${grade ? " · " + text(grade) : ""}`
          + `<br><a class="open-record" href="${base}${encodeURIComponent(id)}">open</a>`);
        markers.push(m);
        if (place && !places.has(place)) places.set(place, [lat, lon]);
      }
      mapDiv.dataset.ready = "0";
      mapDiv.dataset.count = String(markers.length);
      clusters.addLayers(markers);
      if (!markers.length) mapDiv.dataset.ready = "1";
      if (places.size <= 300) for (const [place, ll] of places) {
        labels.addLayer(L.marker(ll, { interactive: false, icon: L.divIcon({ className: "place-label", html: `<span dir="auto">${text(place)}</span>`, iconSize: null, iconAnchor: [-8, 16] }) }));
      }
      if (firstFit && markers.length) { map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 8 }); firstFit = false; }
    });
  }

  // --- timeline ---
  const tlDiv = document.getElementById("timeline");
  let plot = null;
  function day(s) { return Date.parse(s + "T00:00:00Z") / 1000; }
  function iso(t) { return new Date(t * 1000).toISOString().slice(0, 10); }
  function loadTimeline() {
    const params = new URLSearchParams(query());
    params.delete("date_from"); params.delete("date_to");  // the timeline shows the whole span
    fetch(mapDiv.dataset.timeline + "?" + params.toString()).then(r => r.json()).then(data => {
      const xs = data.items.map(p => day(p.period));
      const ev = data.items.map(p => p.events), kd = data.items.map(p => p.killed);
      if (plot) { plot.destroy(); plot = null; }
      if (!xs.length) { tlDiv.textContent = "no dated records"; return; }
      tlDiv.textContent = "";
      plot = new uPlot({
        width: Math.max(260, tlDiv.clientWidth || 300), height: 170, tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
        scales: { x: { time: true }, k: { auto: true } },
        series: [{}, { label: mapDiv.dataset.mode === "incidents" ? "incidents" : "records", stroke: "#1565c0", fill: "rgba(21,101,192,.15)", paths: uPlot.paths.bars({ size: [0.8, 20] }) },
                 { label: "killed", stroke: "#c62828", scale: "k", width: 2 }],
        axes: [{}, { label: "events" }, { side: 1, scale: "k", label: "killed", grid: { show: false } }],
        cursor: { drag: { x: true, y: false } },
        hooks: { setSelect: [u => {
          if (u.select.width < 2) return;
          const from = u.posToVal(u.select.left, "x"), to = u.posToVal(u.select.left + u.select.width, "x");
          // each bar is one UTC day centred on its midnight: round to the nearest day
          form.elements["date_from"].value = iso(Math.round(from / 86400) * 86400);
          form.elements["date_to"].value = iso(Math.round(to / 86400) * 86400);
          u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
          htmx.trigger(form, "submit");
        }] },
      }, [xs, ev, kd], tlDiv);
    });
  }

  // --- running totals ---
  function sparks() {
    for (const fig of document.querySelectorAll(".spark")) {
      const pts = JSON.parse(fig.dataset.points || "[]");
      if (pts.length < 1) continue;
      new uPlot({ width: 140, height: 60, legend: { show: false }, cursor: { show: false },
        axes: [{ show: false }, { show: false }], scales: { x: { time: true } },
        series: [{}, { stroke: "#c62828", width: 1.5, points: { show: pts.length < 3 } }] },
        [pts.map(p => day(p[0])), pts.map(p => p[1])], fig);
    }
  }

  function updateExports() {
    for (const a of document.querySelectorAll("a.export")) a.href = a.dataset.base + a.dataset.format + "?" + query();
  }
  function refresh() { loadMap(); updateExports(); }
  form.addEventListener("change", refresh);
  form.addEventListener("submit", e => { e.preventDefault(); refresh(); });
  loadMap(); loadTimeline(); sparks();
})();
