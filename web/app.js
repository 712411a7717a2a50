// loka dashboard logic: plain browser JavaScript, no build step. Every call goes to the node's
// JSON API with the key kept in this browser's localStorage.
'use strict';

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = 'loka.apiKey';
let apiKey = localStorage.getItem(KEY_STORAGE) || '';

function show(el, text, cls) {
  el.textContent = text;
  el.className = 'result' + (cls ? ' ' + cls : '');
}

// Calls the API; resolves to the parsed JSON or throws an Error carrying the API's message.
async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + apiKey };
  const init = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {  // no answer at all: the browser says only "Failed to fetch"
    throw new Error(`the node did not answer ${method} ${path.split('?')[0]}: ` +
      'is loka serve still running and reachable?');
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await res.json() : await res.text();
  if (!res.ok) {
    const msg = data && data.error ? data.error.code + ': ' + data.error.message : String(res.status);
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return data;
}

// A probability or share as a percentage with one decimal. From 99.95% up it reads ">99.9%" and
// up to 0.05% "<0.1%", not a rounded "100.0%" or "0.0%" that reads as certainty; only exactly
// 1 and 0 are "100.0%" and "0.0%". Every probability and share on the page goes through here.
function pct(x) {
  if (typeof x !== 'number') return '–';
  if (x >= 0.9995 && x < 1) return '>99.9%';
  if (x <= 0.0005 && x > 0) return '<0.1%';
  return (100 * x).toFixed(1) + '%';
}

// Where a model's metrics were measured ("holdout (12 rows)"), or that it has none stored.
function evaluatedOn(metrics) {
  if (typeof metrics.accuracy !== 'number') return 'no metrics stored';
  return `${metrics.evaluated_on || '?'} (${metrics.examples} rows)`;
}

// ---- API key
$('api-key').value = apiKey;
$('key-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  apiKey = $('api-key').value.trim();
  localStorage.setItem(KEY_STORAGE, apiKey);
  await checkKey();
});

async function checkKey() {
  if (!apiKey) {
    show($('key-status'), 'enter an API key (loka keys add --scope read|write|admin)', 'muted');
    showViews(false);
    return false;
  }
  try {
    await api('GET', '/v1/models');
    $('key-status').textContent = 'key accepted';
    $('key-status').className = 'ok';
    showViews(true);
    refreshAll();
    return true;
  } catch (err) {
    $('key-status').textContent = err.message;
    $('key-status').className = 'error';
    // What the views show was read with an earlier key: hide it until a key is accepted.
    if (err.status === 401) showViews(false);
    return false;
  }
}

function showViews(visible) {
  for (const s of document.querySelectorAll('main > section')) s.hidden = !visible;
}

// ---- Language ID
async function identify() {
  const text = $('langid-text').value;
  const out = $('langid-result');
  if (!text.trim()) {
    show(out, '');
    return;
  }
  try {
    const r = await api('POST', '/v1/langid', { text, k: 3, spans: $('langid-spans').checked });
    const cands = r.candidates.map((c) => `${c.language} ${pct(c.probability)}`).join(', ');
    let line = `${r.language} (${pct(r.probability)}), script ${r.script}; candidates: ${cands}`;
    if (r.spans && r.spans.length > 1) {
      const enc = new TextEncoder();
      const bytes = enc.encode(text);
      const dec = new TextDecoder();
      line += '\nspans: ' + r.spans
        .map((s) => `"${dec.decode(bytes.slice(s.begin, s.end))}" ${s.language}`)
        .join(' | ');
    }
    show(out, line, 'ok');
    out.dataset.language = r.language;
  } catch (err) {
    show(out, err.message, 'error');
  }
}
let identifyTimer = null;
$('langid-button').addEventListener('click', identify);
$('langid-text').addEventListener('input', () => {
  clearTimeout(identifyTimer);
  identifyTimer = setTimeout(identify, 300);
});

// ---- Predict
async function predict() {
  const model = $('predict-model').value;
  const text = $('predict-text').value;
  if (!model) {
    show($('predict-result'), 'no model to classify with: train one below', 'error');
    return;
  }
  if (!text.trim()) {
    show($('predict-result'), 'type a text to classify', 'error');
    return;
  }
  try {
    const r = await api('POST', `/v1/models/${encodeURIComponent(model)}/predict`, { text, k: 3 });
    const cands = r.candidates.map((c) => `${c.label} ${pct(c.probability)}`).join(', ');
    show($('predict-result'), `${r.label} (v${r.version}); ${cands}`, 'ok');
  } catch (err) {
    show($('predict-result'), err.message, 'error');
  }
}
$('predict-button').addEventListener('click', predict);
$('predict-text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') predict();
});

// ---- Models
async function refreshModels() {
  const tbody = $('models-table').querySelector('tbody');
  let data;
  try {
    data = await api('GET', '/v1/models');
  } catch (err) {
    tbody.innerHTML = '';
    const tr = tbody.insertRow();
    const td = tr.insertCell();
    td.colSpan = 8;
    td.textContent = err.message;
    td.className = 'error';
    return;
  }
  tbody.innerHTML = '';
  const select = $('predict-model');
  const chosen = select.value;
  select.innerHTML = '';
  for (const m of data.models) {
    const tr = tbody.insertRow();
    tr.dataset.model = m.name;
    const cells = [
      m.name,
      m.version === null ? '–' : 'v' + m.version,
      m.labels.join(', '),
      pct(m.metrics.accuracy),
      pct(m.metrics.macro_f1),
      evaluatedOn(m.metrics),
      m.versions.map((v) => 'v' + v.version + (v.active ? '*' : '')).join(' '),
    ];
    for (const c of cells) tr.insertCell().textContent = c;
    const actions = tr.insertCell();
    if (m.versions.length > 1) {
      const b = document.createElement('button');
      b.textContent = 'restore previous';
      b.className = 'small';
      b.addEventListener('click', async () => {
        try {
          const v = await api('POST', `/v1/models/${encodeURIComponent(m.name)}/restore`);
          show($('models-status'), `restored: ${m.name} serves v${v.version} again`, 'ok');
        } catch (err) {
          show($('models-status'), err.message, 'error');
        }
        refreshModels();
      });
      actions.appendChild(b);
    }
    const opt = document.createElement('option');
    opt.value = opt.textContent = m.name;
    select.appendChild(opt);
  }
  if (chosen) select.value = chosen;
  if (data.models.length === 0) {
    const td = tbody.insertRow().insertCell();
    td.colSpan = 8;
    td.textContent = 'no models yet: train one below';
    td.className = 'muted';
  }
}
$('models-refresh').addEventListener('click', refreshModels);

// ---- Train
async function pollJob(id) {
  const bar = $('train-progress');
  bar.hidden = false;
  for (;;) {
    let job;
    try {
      job = await api('GET', `/v1/jobs/${id}`);
    } catch (err) {
      show($('job-status'), err.message, 'error');
      return;
    }
    bar.value = job.progress;
    if (job.state === 'done') {
      const m = job.metrics;
      show($('job-status'), `job ${id} done: ${job.model} v${job.model_version}, ` +
        `accuracy ${pct(m.accuracy)} on ${m.evaluated_on} (${m.examples} rows), ` +
        `${(m.train_seconds || 0).toFixed(1)} s`, 'ok');
      refreshModels();
      return;
    }
    if (job.state === 'failed') {
      show($('job-status'), `job ${id} failed: ${job.message}`, 'error');
      return;
    }
    show($('job-status'), `job ${id} ${job.state}: ${pct(job.progress)}`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

$('train-button').addEventListener('click', async () => {
  const name = $('train-name').value.trim();
  const file = $('train-file').files[0];
  if (!name || !file) {
    show($('job-status'), 'choose a model name and a TSV file', 'error');
    return;
  }
  try {
    const tsv = await file.text();
    const job = await api('POST', `/v1/models/${encodeURIComponent(name)}/train`, { tsv });
    show($('job-status'), `job ${job.id} queued`);
    pollJob(job.id);
  } catch (err) {
    show($('job-status'), err.message, 'error');
  }
});

// ---- Metrics: parse the Prometheus text the node serves.
function parseProm(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/);
    if (!m) continue;
    const labels = {};
    if (m[2]) {
      for (const kv of m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[kv[1]] = kv[2];
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

async function refreshMetrics() {
  let text;
  try {
    text = await api('GET', '/metrics');
  } catch (err) {
    $('gauges').textContent = err.message;
    return;
  }
  const s = parseProm(text);
  const sums = {};
  const counts = {};
  for (const x of s) {
    const k = x.labels.method + ' ' + x.labels.route;
    if (x.name === 'loka_http_request_duration_seconds_sum') sums[k] = x.value;
    if (x.name === 'loka_http_request_duration_seconds_count') counts[k] = x.value;
  }
  const tbody = $('metrics-table').querySelector('tbody');
  tbody.innerHTML = '';
  for (const x of s.filter((y) => y.name === 'loka_http_requests_total')) {
    const tr = tbody.insertRow();
    const k = x.labels.method + ' ' + x.labels.route;
    const mean = counts[k] ? (1000 * sums[k] / counts[k]).toFixed(2) + ' ms' : '–';
    for (const c of [x.labels.method, x.labels.route, x.labels.status, x.value, mean]) {
      tr.insertCell().textContent = c;
    }
  }
  const g = (name) => s.find((y) => y.name === name);
  const rss = g('loka_process_resident_memory_bytes');
  const q = g('loka_train_queue_depth');
  const up = g('loka_uptime_seconds');
  $('gauges').textContent =
    `memory ${rss ? (rss.value / 1048576).toFixed(1) : '?'} MB · ` +
    `training queue ${q ? q.value : '?'} · up ${up ? Math.round(up.value) : '?'} s`;
}
$('metrics-refresh').addEventListener('click', refreshMetrics);

function refreshAll() {
  refreshModels();
  refreshMetrics();
  if (typeof senseStations === 'function') senseStations();  // web/sense.js
  if (typeof kbDocuments === 'function') kbDocuments();  // web/kb.js
  if (typeof fedRefresh === 'function') fedRefresh();  // web/fed.js
  if (typeof inboxRefresh === 'function') inboxRefresh();  // web/inbox.js
}

checkKey();
setInterval(() => {
  if (apiKey) refreshMetrics();
}, 5000);
