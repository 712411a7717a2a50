// loka dashboard, Sense view: a station's readings, its daily ET0, a field's soil-water
// depletion against RAW and TAW, the irrigation advice, and the alerts list. Charts are inline
// SVG drawn here (no library). Uses api() and $() from app.js.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(name, attrs, text) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// Draws `series` ([{label, color, points: [[x, y], ...], bars?, slots?}]) into the <svg> `svg`,
// with x as Unix ms and y in `unit`; x spans `xRange` ([x0, x1]) when given, else the points.
// A bar is as wide as one of `slots` (default: one per point) across the plot. Sets
// data-points on the svg (the e2e test reads it).
function drawChart(svg, series, unit, xRange) {
  const W = 900, H = 220, L = 48, R = 10, T = 26, B = 28;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const all = series.flatMap((s) => s.points);
  svg.dataset.points = String(all.length);
  if (all.length === 0) {
    svg.appendChild(svgEl('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' }, 'no data'));
    return;
  }
  let [x0, x1] = xRange || [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let y0 = Math.min(0, ...all.map((p) => p[1])), y1 = Math.max(...all.map((p) => p[1]));
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  const sx = (x) => L + (W - L - R) * (x - x0) / (x1 - x0);
  const sy = (y) => H - B - (H - T - B) * (y - y0) / (y1 - y0);
  for (let i = 0; i <= 4; i++) {  // horizontal grid with labels
    const y = y0 + (y1 - y0) * i / 4;
    svg.appendChild(svgEl('line', { x1: L, x2: W - R, y1: sy(y), y2: sy(y), class: 'grid' }));
    svg.appendChild(svgEl('text', { x: L - 4, y: sy(y) + 4, 'text-anchor': 'end', class: 'axis' },
      (Math.abs(y1 - y0) < 10 ? y.toFixed(1) : y.toFixed(0))));
  }
  for (let i = 0; i <= 4; i++) {  // dates along x; the last ends at the plot's right edge
    const x = x0 + (x1 - x0) * i / 4;
    svg.appendChild(svgEl('text', { x: sx(x), y: H - 8, 'text-anchor': i === 4 ? 'end' : 'middle', class: 'axis' },
      new Date(x).toISOString().slice(0, 10)));
  }
  svg.appendChild(svgEl('text', { x: 4, y: 12, class: 'axis' }, unit));
  let legendX = L + 160;
  for (const s of series) {
    if (s.bars) {
      const w = Math.max(1, (W - L - R) / Math.max(1, s.slots || s.points.length) * 0.7);
      for (const [x, y] of s.points) {
        svg.appendChild(svgEl('rect', { x: sx(x) - w / 2, y: sy(Math.max(0, y)), width: w,
          height: Math.abs(sy(0) - sy(y)), fill: s.color, class: 'bar' }));
      }
    } else {
      const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
      svg.appendChild(svgEl('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 1.6,
        'stroke-dasharray': s.dash || '', class: 'series' }));
    }
    svg.appendChild(svgEl('rect', { x: legendX, y: 3, width: 10, height: 10, fill: s.color }));
    svg.appendChild(svgEl('text', { x: legendX + 14, y: 12, class: 'axis' }, s.label));
    legendX += 24 + 7 * s.label.length;
  }
}

const dayMs = (date) => Date.parse(date + 'T00:00:00Z');
const ALERT_ROWS = 50;  // alerts listed at once, the newest

async function senseStations() {
  const sel = $('sense-station');
  const chosen = sel.value;
  let data;
  try {
    data = await api('GET', '/v1/stations');
  } catch (err) {
    senseError(err);
    return;
  }
  sel.innerHTML = '';
  for (const st of data.stations) {
    const o = document.createElement('option');
    o.value = o.textContent = st.id;
    sel.appendChild(o);
  }
  if (data.stations.some((st) => st.id === chosen)) sel.value = chosen;
  if (sel.value) {
    await senseStation();
    return;
  }
  senseStatus('no stations yet: POST readings to /v1/readings', 'muted');
  $('sense-field').replaceChildren();
  await senseTry(() => Promise.all([senseReadings(''), senseField(), senseAlerts()]));
}

function senseStatus(text, cls) {
  $('sense-status').textContent = text;
  $('sense-status').className = cls;
}

function senseError(err) {
  senseStatus(err.message, 'error');
}

// Runs a refresh of the view; a failure is said in the view's status line.
async function senseTry(refresh) {
  try {
    await refresh();
  } catch (err) {
    senseError(err);
  }
}

async function senseStation() {
  await senseTry(senseStationNow);
}

async function senseStationNow() {
  const station = $('sense-station').value;
  if (!station) return;
  senseStatus('', 'muted');
  const fields = await api('GET', `/v1/fields?station=${encodeURIComponent(station)}`);
  const sel = $('sense-field');
  const chosen = sel.value;
  sel.innerHTML = '';
  for (const f of fields.fields) {
    const o = document.createElement('option');
    o.value = f.id;
    o.textContent = `${f.name || 'field ' + f.id} (${f.crop}, ${f.soil}, ${f.irrigation_method})`;
    sel.appendChild(o);
  }
  if (chosen && fields.fields.some((f) => String(f.id) === chosen)) sel.value = chosen;
  await Promise.all([senseReadings(station), senseField(), senseAlerts()]);
}

async function senseReadings(station) {
  const sensor = $('sense-sensor').value;
  // The last 14 days that have readings: ask the station for its sensors' last time first.
  const st = station ? await api('GET', `/v1/stations/${encodeURIComponent(station)}`) : {};
  const s = (st.sensors || []).find((x) => x.name === sensor || x.kind === sensor);
  if (!s || !s.last_time) {
    drawChart($('chart-readings'), [], sensor);
    return;
  }
  const to = Date.parse(s.last_time) + 1000;
  const from = to - 14 * 86400000;
  const q = `sensor=${encodeURIComponent(s.name)}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
  const r = await api('GET', `/v1/stations/${encodeURIComponent(station)}/readings?${q}`);
  drawChart($('chart-readings'), [{ label: s.name, color: '#1f6f50',
    points: r.readings.map((x) => [x.time_ms, x.value]) }], s.unit);
}

async function senseField() {
  const id = $('sense-field').value;
  const out = $('sense-advice');
  if (!id) {
    out.textContent = $('sense-station').value ? 'no field on this station: POST /v1/fields' : '';
    out.className = 'result';
    drawChart($('chart-et0'), [], 'mm/day');
    drawChart($('chart-depletion'), [], 'mm');
    return;
  }
  let a;
  try {
    a = await api('GET', `/v1/fields/${id}/advice`);
  } catch (err) {
    out.textContent = err.message;
    out.className = 'result error';
    return;
  }
  const days = a.days.concat(a.outlook);
  drawChart($('chart-et0'), [
    { label: 'ET0', color: '#7aa6c2', bars: true, points: a.days.map((d) => [dayMs(d.date), d.et0_mm]) },
    { label: 'ETc adj', color: '#1f6f50', points: a.days.map((d) => [dayMs(d.date), d.etc_adj_mm]) },
    { label: 'rain', color: '#3b5bdb', dash: '2 2', points: a.days.map((d) => [dayMs(d.date), d.rain_mm]) },
  ], 'mm/day');
  drawChart($('chart-depletion'), [
    { label: 'depletion', color: '#b3261e', points: days.map((d) => [dayMs(d.date), d.depletion_mm]) },
    { label: 'RAW', color: '#e8a33d', dash: '5 3', points: days.map((d) => [dayMs(d.date), d.raw_mm]) },
    { label: 'TAW', color: '#66707a', dash: '5 3', points: days.map((d) => [dayMs(d.date), d.taw_mm]) },
  ], 'mm below field capacity');
  const adv = a.advice;
  let text = `${a.field.crop} planted ${a.field.planting_date}, ${a.phase}; data to ${a.as_of}; ` +
    `${a.gdd_total.toFixed(0)} degree days.`;
  if (adv) {
    text += adv.irrigate
      ? `\nIrrigate ${adv.date}: ${adv.net_mm.toFixed(1)} mm net, ${adv.gross_mm.toFixed(1)} mm gross.`
      : (adv.irrigate_in_days !== null
        ? `\nIrrigate in ${adv.irrigate_in_days} day(s): about ${adv.net_mm.toFixed(1)} mm net, ${adv.gross_mm.toFixed(1)} mm gross.`
        : '\nNo irrigation needed in the next two weeks.');
    text += '\n' + adv.reason;
  }
  const frost = a.alerts.filter((x) => x.kind === 'frost').length;
  const heat = a.alerts.filter((x) => x.kind === 'heat').length;
  text += `\nSeason so far: ${frost} frost and ${heat} heat-stress day(s).`;
  out.textContent = text;
  out.className = 'result ok';
  out.dataset.phase = a.phase;
}

async function senseAlerts() {
  const station = $('sense-station').value;
  // One more than listed, to know whether there are others.
  const r = station ? await api('GET', `/v1/alerts?limit=${ALERT_ROWS + 1}&station=${encodeURIComponent(station)}`)
    : { alerts: [] };
  const alerts = r.alerts.slice(0, ALERT_ROWS);
  const tbody = $('alerts-table').querySelector('tbody');
  tbody.innerHTML = '';
  for (const a of alerts) {
    const tr = tbody.insertRow();
    tr.dataset.kind = a.kind;
    tr.className = a.severity === 'alert' ? 'error' : '';
    const vals = a.readings.map((x) => `${x.time.slice(5, 16)} ${x.value}`).join('; ');
    for (const c of [a.time.slice(0, 16).replace('T', ' '), a.kind, a.severity, a.sensor, a.reason, vals]) {
      tr.insertCell().textContent = c;
    }
    const td = tr.insertCell();
    if (!a.acknowledged) {
      const b = document.createElement('button');
      b.className = 'small';
      b.textContent = 'ack';
      b.addEventListener('click', async () => {
        await api('POST', `/v1/alerts/${a.id}/ack`).catch((err) => alert(err.message));
        senseTry(senseAlerts);
      });
      td.appendChild(b);
    } else {
      td.textContent = '✓';
    }
  }
  const note = alerts.length === 0 ? 'no alerts' : (r.alerts.length > ALERT_ROWS
    ? `the ${ALERT_ROWS} newest alerts are shown: see others with GET /v1/alerts?station=${station} ` +
      'and its kind, since, unacknowledged and limit filters' : '');
  if (note) {
    const td = tbody.insertRow().insertCell();
    td.colSpan = 7;
    td.textContent = note;
    td.className = 'muted';
  }
  $('alerts-table').dataset.rows = String(alerts.length);
}

$('sense-refresh').addEventListener('click', senseStations);
$('sense-station').addEventListener('change', senseStation);
$('sense-field').addEventListener('change', () => senseTry(senseField));
$('sense-sensor').addEventListener('change', () => senseTry(() => senseReadings($('sense-station').value)));
