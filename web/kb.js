// loka dashboard, Knowledge base view: search the node's documents (with the language, tag and
// date filters) and add a document (text, Markdown, HTML or PDF) with its tags and date.
// Uses api(), show() and $() from app.js. Text from the node is set as text, never as HTML.
'use strict';

// The snippet's matched words (`marks`: byte ranges, each between "**") as <mark> elements,
// the rest as text; a "**" of the text itself ("2**3") stays text.
function snippetNodes(snippet, marks) {
  const bytes = new TextEncoder().encode(snippet);
  const dec = new TextDecoder();
  const nodes = [];
  let pos = 0;
  for (const [begin, end] of marks) {
    nodes.push(document.createTextNode(dec.decode(bytes.slice(pos, begin - 2))));
    const m = document.createElement('mark');
    m.textContent = dec.decode(bytes.slice(begin, end));
    nodes.push(m);
    pos = end + 2;
  }
  nodes.push(document.createTextNode(dec.decode(bytes.slice(pos))));
  return nodes;
}

function bdi(text) {
  const e = document.createElement('bdi');
  e.textContent = text;
  return e;
}

function commaList(value) {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

async function kbSearch() {
  const out = $('kb-results');
  const q = $('kb-query').value;
  if (!q.trim()) {
    show(out, '');
    return;
  }
  const params = new URLSearchParams({ q, k: '10' });
  for (const [name, id] of [['lang', 'kb-lang'], ['tag', 'kb-tag'], ['since', 'kb-since'], ['until', 'kb-until']]) {
    const v = $(id).value.trim();
    if (v) params.set(name, v);
  }
  try {
    const r = await api('GET', '/v1/kb/search?' + params.toString());
    out.className = 'result';
    out.replaceChildren();
    out.dataset.results = String(r.results.length);
    if (r.results.length === 0) {
      out.textContent = 'no passage matches';
      return;
    }
    const list = document.createElement('ol');
    for (const hit of r.results) {
      const li = document.createElement('li');
      li.dataset.doc = hit.doc;
      const where = document.createElement('div');
      where.className = 'muted';
      // Headings and passages run in their own direction (Arabic right to left); a file name
      // reads left to right.
      where.append(hit.doc);
      if (hit.heading) where.append(' — ', bdi(hit.heading));
      where.append(` · ${hit.language} · ${hit.score.toFixed(4)}`);
      const text = document.createElement('div');
      text.dir = 'auto';
      text.append(...snippetNodes(hit.snippet, hit.marks));
      li.append(where, text);
      list.appendChild(li);
    }
    out.appendChild(list);
  } catch (err) {
    out.dataset.results = '';
    show(out, err.message, 'error');
  }
}

// Reads the chosen file (text formats as text, anything else as base64) and posts it.
async function kbAdd() {
  const out = $('kb-add-status');
  const file = $('kb-file').files[0];
  if (!file) {
    show(out, 'choose a file', 'error');
    return;
  }
  const body = { name: file.name };
  if (/\.(txt|md|markdown|html?)$/i.test(file.name)) {
    body.text = await file.text();
  } else {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    body.base64 = btoa(binary);
  }
  const tags = commaList($('kb-add-tags').value);
  if (tags.length > 0) body.tags = tags;
  const date = $('kb-add-date').value.trim();
  if (date) body.date = date;
  try {
    const r = await api('POST', '/v1/kb/documents', body);
    show(out, `${r.outcome}: ${r.doc} (${r.passages} passages)`, 'ok');
    kbDocuments();
  } catch (err) {
    show(out, err.message, 'error');
  }
}

async function kbDocuments() {
  const tbody = $('kb-docs').querySelector('tbody');
  try {
    const r = await api('GET', '/v1/kb/documents');
    tbody.replaceChildren();
    for (const d of r.documents) {
      const tr = document.createElement('tr');
      tr.dataset.doc = d.doc;
      for (const v of [d.doc, d.format, String(d.version), String(d.passages), d.date || '', d.tags.join(', ')]) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
    if (r.documents.length === 0) {
      const td = tbody.insertRow().insertCell();
      td.colSpan = 6;
      td.textContent = 'no documents yet: add one above';
      td.className = 'muted';
    }
    $('kb-docs').dataset.rows = String(r.documents.length);
  } catch (err) {
    show($('kb-add-status'), err.message, 'error');
  }
}

$('kb-search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  kbSearch();
});
$('kb-add-button').addEventListener('click', kbAdd);
$('kb-refresh').addEventListener('click', kbDocuments);
