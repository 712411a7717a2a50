// loka dashboard, Inbox view: the helpline's tickets by status and desk, the review queue with
// each ticket's suggested desk and its probability, one click to confirm it or pick another
// desk, a ticket's conversation and a reply by hand (composed to the SMS budget and queued by
// the node), closing a ticket,
// and the routing accuracy on reviewed tickets per day as a chart (docs/helpline.md). Uses
// api(), show(), pct() and $() from app.js and drawChart() from sense.js. Text from the node
// is set as text, never as HTML.
'use strict';

const INBOX_DAY_MS = 86400000;
const INBOX_ROWS = 100;  // tickets listed at once (the API's default page)
let inboxDesks = [];
let inboxReplyTo = null;  // the ticket a reply goes to

function inboxButton(text, onClick) {
  const b = document.createElement('button');
  b.textContent = text;
  b.className = 'small ' + text;
  b.addEventListener('click', onClick);
  return b;
}

// Runs an action on a ticket, then shows the outcome and reloads the view.
async function inboxAct(what, path, body) {
  try {
    const r = await api('POST', path, body);
    show($('inbox-action'), `${what}: ticket ${r.ticket.id} is ${r.ticket.status} at ${r.ticket.desk || 'no desk'}`, 'ok');
  } catch (err) {
    show($('inbox-action'), err.message, 'error');
  }
  await inboxRefresh();
}

function inboxSetDesk(ticket, desk) {
  return inboxAct(desk === ticket.desk ? 'confirmed' : 'corrected',
    `/v1/tickets/${ticket.id}/desk`, { desk });
}

// The desk cell: a choice of the model's desks (picking one corrects the ticket at once) and,
// while the ticket waits for a person, a button confirming the suggestion.
function inboxDeskCell(td, t) {
  const sel = document.createElement('select');
  sel.className = 'desk';
  sel.setAttribute('aria-label', `desk of ticket ${t.id}`);
  const desks = inboxDesks.includes(t.desk) || !t.desk ? inboxDesks : [t.desk, ...inboxDesks];
  if (!t.desk) sel.appendChild(new Option('(no desk)', ''));
  for (const d of desks) sel.appendChild(new Option(d, d));
  sel.value = t.desk;
  sel.addEventListener('change', () => {
    if (sel.value) inboxSetDesk(t, sel.value);
  });
  td.appendChild(sel);
  if (t.desk && (t.status === 'needs_review' || t.status === 'new')) {
    td.appendChild(inboxButton('confirm', () => inboxSetDesk(t, t.desk)));
  }
}

// The chosen ticket's conversation above the reply box, oldest first.
async function inboxThread() {
  const list = $('inbox-thread');
  if (!inboxReplyTo) return;
  const r = await api('GET', `/v1/tickets/${inboxReplyTo.id}`);
  $('inbox-thread-head').hidden = false;
  list.replaceChildren();
  for (const m of r.messages) {
    const li = document.createElement('li');
    li.className = m.direction;
    const when = new Date(m.at_ms).toISOString().slice(0, 16).replace('T', ' ');
    const text = document.createElement('bdi');  // isolated, in the text's own direction
    text.textContent = m.text;
    li.append(`${when} ${m.direction === 'in' ? 'in' : 'out (' + m.status + ')'}: `, text);
    list.appendChild(li);
  }
  list.dataset.messages = String(r.messages.length);
}

async function inboxChooseReply(t) {
  inboxReplyTo = t;
  $('inbox-reply-ticket').textContent = `to ticket ${t.id} (${t.number}, ${t.language})`;
  $('inbox-reply-text').focus();
  try {
    await inboxThread();
  } catch (err) {
    show($('inbox-reply-status'), err.message, 'error');
  }
}

async function inboxTickets() {
  const params = new URLSearchParams({ limit: String(INBOX_ROWS) });
  const status = $('inbox-filter-status').value;
  const desk = $('inbox-filter-desk').value;
  if (status) params.set('status', status);
  if (desk) params.set('desk', desk);
  const r = await api('GET', '/v1/tickets?' + params.toString());
  const tbody = $('inbox-table').querySelector('tbody');
  tbody.replaceChildren();
  for (const t of r.tickets) {
    const tr = tbody.insertRow();
    tr.dataset.ticket = String(t.id);
    tr.dataset.status = t.status;
    tr.dataset.desk = t.desk;
    for (const c of [String(t.id), new Date(t.last_message_at_ms).toISOString().slice(0, 16).replace('T', ' '),
      t.number, t.language]) {
      tr.insertCell().textContent = c;
    }
    // The citizen's text runs in its own direction (Arabic right to left, its "?" at the left).
    const text = tr.insertCell();
    text.dir = 'auto';
    text.textContent = t.text + (t.messages > 1 ? ` (+${t.messages - 1})` : '');
    inboxDeskCell(tr.insertCell(), t);
    tr.insertCell().textContent = t.desk ? pct(t.probability) : '–';
    tr.insertCell().textContent = t.status.replace('_', ' ');
    const actions = tr.insertCell();
    actions.appendChild(inboxButton('reply', () => inboxChooseReply(t)));
    if (t.status !== 'closed') {
      actions.appendChild(inboxButton('close', () => inboxAct('closed', `/v1/tickets/${t.id}/status`, { status: 'closed' })));
    }
  }
  const note = r.tickets.length === 0
    ? (status === 'needs_review' ? 'nothing waits for review' : 'no tickets')
    : (r.tickets.length === INBOX_ROWS
      ? `the ${INBOX_ROWS} newest tickets are shown: choose a status or desk to see others` : '');
  if (note) {
    const td = tbody.insertRow().insertCell();
    td.colSpan = 9;
    td.textContent = note;
    td.className = 'muted';
  }
  $('inbox-table').dataset.rows = String(r.tickets.length);
}

async function inboxSummary() {
  const h = await api('GET', '/v1/helpline');
  inboxDesks = h.desks;
  const sel = $('inbox-filter-desk');
  const chosen = sel.value;
  sel.replaceChildren(new Option('every desk', ''));
  for (const d of h.desks) sel.appendChild(new Option(d, d));
  sel.value = h.desks.includes(chosen) ? chosen : '';
  const counts = Object.entries(h.tickets).map(([s, n]) => `${s.replace('_', ' ')} ${n}`).join(' · ');
  const model = h.desk_model ? `desk model ${h.desk_model}` + (h.model_version ? ` v${h.model_version}, ` +
    `threshold ${pct(h.threshold)}` : ' (not loaded)') : 'no desk model (loka serve --helpline-model)';
  show($('inbox-status'), `${model}; tickets: ${counts || 'none yet'}`);
}

async function inboxAccuracy() {
  const r = await api('GET', '/v1/helpline/accuracy?days=30');
  // The axis spans the 30 days; a day without a review has no bar (not a bar of 0%).
  const today = Math.floor(Date.now() / INBOX_DAY_MS);
  drawChart($('chart-accuracy'), [{
    label: 'suggested desk kept (%)',
    color: '#2b6cb0',
    bars: true,
    slots: 30,
    points: r.by_day.map((d) => [d.day * INBOX_DAY_MS, 100 * d.share]),
  }], '% of reviewed tickets',
    [(today - 29.5) * INBOX_DAY_MS, (today + 0.5) * INBOX_DAY_MS]);
  $('inbox-accuracy').textContent = r.reviewed === 0 ? 'no ticket reviewed in the last 30 days'
    : `${r.reviewed} tickets reviewed in the last 30 days; the person kept the suggested desk on ${pct(r.share)}`;
}

async function inboxRefresh() {
  try {
    await inboxSummary();
    await Promise.all([inboxTickets(), inboxAccuracy()]);
  } catch (err) {
    show($('inbox-status'), err.message, 'error');
  }
}

async function inboxReply() {
  const out = $('inbox-reply-status');
  const text = $('inbox-reply-text').value;
  if (!inboxReplyTo) {
    show(out, 'choose a ticket (its reply button) first', 'error');
    return;
  }
  try {
    const r = await api('POST', `/v1/tickets/${inboxReplyTo.id}/reply`, { text });
    show(out, `queued for ticket ${r.ticket.id}: ${r.reply.parts} SMS (${r.reply.encoding}), ${r.reply.status}`, 'ok');
    out.dataset.reply = String(r.reply.id);
    $('inbox-reply-text').value = '';
    await inboxThread();
  } catch (err) {
    show(out, err.message, 'error');
  }
  await inboxRefresh();
}

$('inbox-refresh').addEventListener('click', inboxRefresh);
$('inbox-filter-status').addEventListener('change', inboxTickets);
$('inbox-filter-desk').addEventListener('change', inboxTickets);
$('inbox-reply-button').addEventListener('click', inboxReply);
