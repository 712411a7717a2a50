// loka dashboard, Federation view: the sovereignty ledger (bytes that left the site per day and
// kind as a chart, the totals, the latest entries) and the model versions this node took from
// its fleet with what it measured of them (docs/fed.md). Uses api(), show(), pct() and $() from
// app.js and drawChart() from sense.js. Text from the node is set as text, never as HTML.
'use strict';

const FED_COLORS = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1', '#b7791f', '#c53030'];
const MS_PER_DAY = 86400000;

function fedRow(tbody, cells, data) {
  const tr = tbody.insertRow();
  for (const [k, v] of Object.entries(data || {})) tr.dataset[k] = String(v);
  for (const c of cells) tr.insertCell().textContent = c;
  return tr;
}

function fedEmpty(tbody, colspan, text) {
  const td = tbody.insertRow().insertCell();
  td.colSpan = colspan;
  td.textContent = text;
  td.className = 'muted';
}

async function fedLedger() {
  const r = await api('GET', '/v1/egress?limit=20&days=30');
  const kinds = [...new Set(r.by_day.map((d) => d.kind))].sort();
  // Every day of the window, days without traffic as 0, so the axis spans the 30 days.
  const last = Math.max(Math.floor(Date.now() / MS_PER_DAY), ...r.by_day.map((d) => d.day));
  const days = Array.from({ length: 30 }, (_, i) => last - 29 + i);
  drawChart($('chart-egress'), kinds.map((kind, i) => ({
    label: kind,
    color: FED_COLORS[i % FED_COLORS.length],
    bars: true,
    points: days.map((day) => {
      const d = r.by_day.find((x) => x.kind === kind && x.day === day);
      return [day * MS_PER_DAY, d ? d.bytes : 0];
    }),
  })), 'bytes per day');
  const totals = $('egress-totals').querySelector('tbody');
  totals.replaceChildren();
  for (const t of r.totals) {
    fedRow(totals, [t.kind, String(t.messages), String(t.bytes)], { kind: t.kind, bytes: t.bytes });
  }
  if (r.totals.length === 0) fedEmpty(totals, 3, 'nothing has left this node');
  const entries = $('egress-table').querySelector('tbody');
  entries.replaceChildren();
  for (const e of r.entries) {
    fedRow(entries, [new Date(e.time_ms).toISOString().slice(0, 19).replace('T', ' '), e.kind,
      e.destination, String(e.bytes), e.content_hash.slice(0, 16)], { kind: e.kind });
  }
  if (r.entries.length === 0) fedEmpty(entries, 5, 'nothing has left this node');
  $('egress-table').dataset.rows = String(r.entries.length);
}

async function fedVersions() {
  const r = await api('GET', '/v1/models');
  const tbody = $('fed-versions').querySelector('tbody');
  tbody.replaceChildren();
  let n = 0;
  for (const m of r.models) {
    for (const v of m.versions) {
      const x = v.metrics || {};
      if (x.source !== 'federation') continue;
      fedRow(tbody, [m.name, 'v' + v.version + (v.active ? '*' : ''), String(x.fleet),
        String(x.global_version), String(x.round), pct(x.accuracy), pct(x.previous_accuracy),
        String(x.holdout_examples)], { model: m.name, version: v.version });
      n++;
    }
  }
  if (n === 0) fedEmpty(tbody, 8, 'no federated versions yet (loka serve --fed)');
  $('fed-versions').dataset.rows = String(n);
}

async function fedRefresh() {
  try {
    await Promise.all([fedLedger(), fedVersions()]);
    show($('fed-status'), '');
  } catch (err) {
    show($('fed-status'), err.message, 'error');
  }
}

$('fed-refresh').addEventListener('click', fedRefresh);
