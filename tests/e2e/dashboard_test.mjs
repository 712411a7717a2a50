// End-to-end test of the dashboard: a real `loka serve` on a fresh database, driven by
// Debian's headless Chromium through playwright-core. Types text and sees its language,
// trains a model from an uploaded TSV and watches the job finish, classifies a message,
// reads the request metrics, adds documents to the knowledge base and searches them, shows the
// Sense charts and the Federation view's ledger of the alerts sent by webhook, corrects and
// confirms helpline tickets in the Inbox and replies to one, hides every view from a refused
// key, and saves screenshots.
// Usage: node dashboard_test.mjs LOKA_BINARY OUT_DIR SOURCE_DIR
// Exit: 0 passed, 1 failed, 77 skipped (no /usr/bin/chromium).
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const [loka, outDir, srcDir] = process.argv.slice(2);
const CHROMIUM = '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.log(`SKIP: ${CHROMIUM} is not installed (scripts/setup.sh installs it)`);
  process.exit(77);
}
const require = createRequire(path.join(srcDir, 'third_party/npm/package.json'));
const { chromium } = require('playwright-core');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loka_e2e_'));
const db = path.join(work, 'node.db');
fs.mkdirSync(outDir, { recursive: true });
let passed = 0;
let failed = 0;
function check(cond, what) {
  if (cond) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}`);
  }
}
const run = (args) => execFileSync(loka, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// A language-ID model: the default one when it exists, else a tiny one built here.
let langid = process.env.LOKA_LANGID_MODEL || path.join(path.dirname(loka), 'models/langid.bin');
if (!fs.existsSync(langid)) {
  langid = path.join(work, 'langid.bin');
  run(['langid', 'train', path.join(srcDir, 'tests/e2e/langid_tiny.tsv'), '-o', langid]);
}
const demoTsv = path.join(srcDir, 'testdata/demo/requests.tsv');
run(['train', demoTsv, '-o', path.join(work, 'requests.bin'), '--threads', '1', '-q']);
const key = run(['keys', 'add', '--db', db, '--scope', 'admin']).trim().split('\n').pop();

// The alerts' webhook: a receiver on loopback that keeps every body the node POSTs (the
// Federation view's ledger must show exactly these bytes as alert_webhook).
const hookBodies = [];
const hook = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    hookBodies.push(body);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  });
});
await new Promise((resolve) => hook.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${hook.address().port}/hook`;

const server = spawn(loka, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--langid-model', langid,
  '--alert-webhook', hookUrl,
  '--seed-model', `requests=${path.join(work, 'requests.bin')}`, '--helpline-model', 'requests',
  '--seed-eval', `requests=${path.join(srcDir, 'testdata/demo/requests_eval.tsv')}`,
  '--readings-retention-days', '0'],
  { stdio: ['ignore', 'pipe', 'inherit'] });
const serverExited = new Promise((resolve) => server.on('exit', resolve));
const url = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error('node did not start: ' + out)), 20000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/dashboard (http:\/\/\S+)/);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`node exited with ${code}: ${out}`)));
});
console.log(`node at ${url}`);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'loka_chromium_'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1100, height: 1500 },
});
const page = context.pages()[0] || await context.newPage();
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));
// The node's Content-Security-Policy (default-src 'self') blocks inline scripts and styles:
// Chromium reports each blocked one as a console error.
const cspViolations = [];
page.on('console', (m) => {
  if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
});
const T = { timeout: 30000 };
const callApi = async (method, p, body) => {
  const res = await fetch(url.replace(/\/$/, '') + p, {
    method,
    headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
};
// Waits for `fn` (run in the page) to hold; false when it did not within T.
const waitFor = (fn, arg) => page.waitForFunction(fn, arg, T).then(() => true, () => false);
// Whether the text inside `selector` is laid out right to left: its last character (a neutral
// "." or "!") left of its first. Laid out left to right, an Arabic sentence shows its final
// "!" at the right, where it reads as the sentence's start.
const laidOutRtl = (selector) => page.$eval(selector, (el) => {
  const nodes = [];
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.data.trim()) nodes.push(n);
  const left = (n, i) => {
    const r = document.createRange();
    r.setStart(n, i);
    r.setEnd(n, i + 1);
    return r.getBoundingClientRect().left;
  };
  const first = nodes[0], last = nodes[nodes.length - 1];
  return left(last, last.data.trimEnd().length - 1) < left(first, first.data.search(/\S/));
}).catch(() => false);
try {
  const first = await page.goto(url);
  check((await page.title()) === 'loka node', 'dashboard loads');
  const csp = first.headers()['content-security-policy'] || '';
  check(csp.includes("default-src 'self'"), `the dashboard is served with its CSP (${csp})`);

  await page.fill('#api-key', key);
  await page.click('#save-key');
  await page.waitForFunction(() => document.querySelector('#key-status').textContent === 'key accepted', null, T);
  check(true, 'API key accepted');

  // A fresh node: every view says it is empty, and a click on Predict without a text answers.
  await page.waitForFunction(() => /no stations yet/.test(document.querySelector('#sense-status').textContent), null, T);
  await page.waitForFunction(() => document.querySelector('#kb-docs').dataset.rows === '0', null, T);
  check(/no documents yet/.test(await page.textContent('#kb-docs tbody')), 'an empty knowledge base says so');
  check(await waitFor(() => document.querySelector('#alerts-table').dataset.rows === '0') &&
    /no alerts/.test(await page.textContent('#alerts-table tbody')) &&
    await page.$eval('#chart-readings', (e) => e.dataset.points) === '0',
    'a node without stations draws empty charts and says it has no alerts');
  await page.waitForFunction(() => document.querySelector('#egress-table').dataset.rows === '0', null, T);
  check(/nothing has left/.test(await page.textContent('#egress-table tbody')), 'an empty ledger says so');
  await page.click('#predict-button');
  check(/type a text/.test(await page.textContent('#predict-result')), 'Predict without a text says what is missing');

  await page.fill('#langid-text', 'Habari ya asubuhi, maji yamekatika tangu jana usiku');
  await page.click('#langid-button');
  await page.waitForFunction(() => document.querySelector('#langid-result').dataset.language, null, T);
  const lang = await page.$eval('#langid-result', (e) => e.dataset.language);
  const langText = await page.textContent('#langid-result');
  check(lang === 'swh', `typed Swahili is identified as swh (got "${langText}")`);
  // A probability is never shown as a certainty: above 99.95% it reads ">99.9%".
  const shownPct = await page.evaluate(() => [0.99999, 0.9994, 1, 0.0001, 0].map(pct).join(' '));
  check(shownPct === '>99.9% 99.9% 100.0% <0.1% 0.0%' && !langText.includes('100.0%'),
    `probabilities near 1 and 0 are not rounded to certainty (${shownPct}; ${langText})`);

  await page.waitForSelector('#models-table tr[data-model="requests"]', T);
  const seeded = (await page.textContent('#models-table tr[data-model="requests"]')).replace(/\s+/g, ' ');
  check(/v1.*%.*requests_eval\.tsv \(\d+ rows\)/.test(seeded),
    `seeded model is listed with its version and metrics (${seeded})`);

  await page.fill('#train-name', 'uploaded');
  await page.setInputFiles('#train-file', demoTsv);
  await page.click('#train-button');
  await page.waitForFunction(() => /done|failed/.test(document.querySelector('#job-status').textContent), null, { timeout: 120000 });
  const job = await page.textContent('#job-status');
  check(/done: uploaded v1/.test(job), `training job finishes (${job})`);
  await page.waitForSelector('#models-table tr[data-model="uploaded"]', T);
  const row = await page.textContent('#models-table tr[data-model="uploaded"]');
  check(/%/.test(row), `trained model shows its metrics (${row.replace(/\s+/g, ' ')})`);
  // A second version (a tiny TSV trains at once), then "restore previous" serves v1 again.
  await page.setInputFiles('#train-file', path.join(srcDir, 'tests/e2e/langid_tiny.tsv'));
  await page.click('#train-button');
  await page.waitForFunction(() => /done: uploaded v2|failed/.test(document.querySelector('#job-status').textContent), null, { timeout: 120000 });
  await page.waitForSelector('#models-table tr[data-model="uploaded"] button', T);
  await page.click('#models-table tr[data-model="uploaded"] button');
  const restored = await waitFor(() => /restored: uploaded serves v1 again/.test(document.querySelector('#models-status').textContent) &&
    /v1\*/.test(document.querySelector('#models-table tr[data-model="uploaded"]').textContent) &&
    !/v2\*/.test(document.querySelector('#models-table tr[data-model="uploaded"]').textContent));
  check(restored, `"restore previous" says which version is served again (${await page.$eval('#models-status', (e) => e.textContent).catch(() => 'no message')})`);

  await page.selectOption('#predict-model', 'requests');
  await page.fill('#predict-text', 'no water in the taps, the water supply is dry');
  await page.click('#predict-button');
  await page.waitForFunction(() => / \(v\d+\); /.test(document.querySelector('#predict-result').textContent), null, T)
    .catch(() => {});
  const pred = await page.textContent('#predict-result');
  check(pred.startsWith('water'), `classification shows a label (${pred})`);

  await page.click('#metrics-refresh');
  const sawLangid = await page.waitForFunction(
    () => document.querySelector('#metrics-table').textContent.includes('/v1/langid'), null, T)
    .then(() => true, () => false);
  check(sawLangid, 'request metrics list the langid route');
  check(consoleErrors.length === 0, `no page errors (${consoleErrors.join('; ')})`);

  // Knowledge base: add a Markdown advisory and a PDF with tags and a date, search with a
  // typo, filter by tag.
  const advisory = path.join(work, 'maize.md');
  fs.writeFileSync(advisory, '# Maize\n\n## Fall armyworm\n\nSpray neem extract when you find young larvae.\n');
  await page.setInputFiles('#kb-file', advisory);
  await page.fill('#kb-add-tags', 'Maize, pests');
  await page.fill('#kb-add-date', '2024-06-01');
  await page.click('#kb-add-button');
  await page.waitForFunction(() => /added|error/.test(document.querySelector('#kb-add-status').className + document.querySelector('#kb-add-status').textContent), null, T);
  const added = await page.textContent('#kb-add-status');
  check(/^added: maize\.md \(1 passages\)/.test(added), `a Markdown document is added (${added})`);
  await page.setInputFiles('#kb-file', path.join(srcDir, 'testdata/search/advisory.pdf'));
  await page.fill('#kb-add-tags', '');
  await page.fill('#kb-add-date', '');
  await page.click('#kb-add-button');
  await page.waitForFunction(() => /advisory\.pdf|error/.test(document.querySelector('#kb-add-status').textContent), null, T);
  const addedPdf = await page.textContent('#kb-add-status');
  check(/^added: advisory\.pdf/.test(addedPdf), `a PDF is added as base64 (${addedPdf})`);
  await page.waitForFunction(() => document.querySelector('#kb-docs').dataset.rows === '2', null, T);
  const docRow = (await page.textContent('#kb-docs tr[data-doc="maize.md"]')).replace(/\s+/g, ' ');
  check(/2024-06-01.*maize, pests/.test(docRow), `the documents table shows date and folded tags (${docRow})`);
  await page.fill('#kb-query', 'neem extrct larvae');
  await page.click('#kb-search-button');
  await page.waitForFunction(() => document.querySelector('#kb-results').dataset.results, null, T);
  const firstDoc = await page.$eval('#kb-results li', (e) => e.dataset.doc);
  const marked = await page.$$eval('#kb-results li:first-child mark', (m) => m.map((x) => x.textContent));
  check(firstDoc === 'maize.md' && marked.includes('neem'), `a typed query finds the passage, matches marked (${firstDoc}: ${marked})`);
  await page.fill('#kb-tag', 'fertiliser');
  await page.click('#kb-search-button');
  await page.waitForFunction(() => document.querySelector('#kb-results').dataset.results === '0', null, T);
  check(true, 'the tag filter leaves out documents without the tag');
  await page.fill('#kb-tag', '');
  // An Arabic passage reads right to left, its final "." at the left.
  await callApi('POST', '/v1/kb/documents', { name: 'water-ar.txt', text: 'أين الماء؟ الماء في البئر.' });
  await page.fill('#kb-query', 'البئر');
  await page.click('#kb-search-button');
  await page.waitForSelector('#kb-results li[data-doc="water-ar.txt"]', T);
  check(await laidOutRtl('#kb-results li[data-doc="water-ar.txt"] div:last-child'), 'an Arabic passage is laid out right to left');
  // Asterisks of the text itself are text, not a highlight.
  await callApi('POST', '/v1/kb/documents', { name: 'dose.txt', text: 'Use 2**3 kg of urea. Never mix ** with well water.' });
  await page.fill('#kb-query', 'well water');
  await page.click('#kb-search-button');
  await page.waitForSelector('#kb-results li[data-doc="dose.txt"]', T);
  const doseMarks = await page.$$eval('#kb-results li[data-doc="dose.txt"] mark', (m) => m.map((x) => x.textContent));
  const doseText = await page.textContent('#kb-results li[data-doc="dose.txt"] div:last-child');
  check(doseMarks.join(',') === 'well,water' && doseText.includes('2**3') && doseText.includes('mix ** with'),
    `only the matched words are highlighted (${doseMarks}: ${doseText})`);
  check(consoleErrors.length === 0, `no page errors in the Knowledge base view (${consoleErrors.join('; ')})`);

  // Sense: the generated season posted through the API (stations, readings, two maize
  // fields), then the Sense view's charts and alerts.
  execFileSync('python3', [path.join(srcDir, 'scripts/data/post_season.py'), url, key,
    path.join(srcDir, 'testdata/sense/season.csv')], { stdio: ['ignore', 'pipe', 'inherit'] });
  await page.click('#sense-refresh');
  await page.waitForFunction(() => document.querySelector('#sense-advice').dataset.phase, null, T);
  const advice = await page.textContent('#sense-advice');
  check(/maize planted 2014-05-01, growing/.test(advice), `field advice is shown (${advice.split('\n')[0]})`);
  const points = async (id) => Number(await page.$eval(id, (e) => e.dataset.points || '0'));
  await page.waitForFunction(() => Number(document.querySelector('#chart-readings').dataset.points || 0) > 0, null, T);
  const nReadings = await points('#chart-readings');
  check(nReadings >= 300, `readings chart draws 14 days of hourly readings (${nReadings} points)`);
  const nEt0 = await points('#chart-et0');
  check(nEt0 >= 3 * 100, `ET0 chart draws ET0, ETc and rain for the season (${nEt0} points)`);
  const nDep = await points('#chart-depletion');
  check(nDep >= 3 * 100, `depletion chart draws depletion, RAW and TAW (${nDep} points)`);
  check(await page.$$eval('#chart-depletion path.series', (p) => p.length) === 3, 'depletion, RAW and TAW lines');
  const nAlerts = Number(await page.$eval('#alerts-table', (e) => e.dataset.rows || '0'));
  check(nAlerts > 0, `alerts are listed (${nAlerts})`);
  const kinds = await page.$$eval('#alerts-table tbody tr', (rows) => [...new Set(rows.map((r) => r.dataset.kind))]);
  check(kinds.length >= 2, `alerts of several kinds (${kinds.join(', ')})`);
  const alertHead = await page.textContent('#alerts-table thead');
  check(/time \(UTC\)/.test(alertHead) && /readings \(UTC\)/.test(alertHead), `alert times say they are UTC (${alertHead})`);
  const overflow = await page.$$eval('svg.chart', (svgs) => svgs.filter((svg) => svg.dataset.points !== '0')
    .flatMap((svg) => [...svg.querySelectorAll('text')]
      .filter((t) => t.getBBox().x + t.getBBox().width > svg.viewBox.baseVal.width))
    .map((t) => t.textContent));
  check(overflow.length === 0, `every axis label fits in its chart (cut: ${overflow.join(', ')})`);
  const senseShot = path.join(outDir, 'sense.png');
  await (await page.$('#sense-section')).screenshot({ path: senseShot });
  check(fs.statSync(senseShot).size > 10000, `Sense screenshot saved to ${senseShot}`);
  check(consoleErrors.length === 0, `no page errors in the Sense view (${consoleErrors.join('; ')})`);
  check(cspViolations.length === 0, `nothing blocked by the CSP (${cspViolations.join('; ')})`);

  // Federation: the alerts the season raised went to the webhook; the ledger's chart, totals
  // and entries show them, byte for byte what the receiver got.
  const hookBytes = () => hookBodies.reduce((n, b) => n + Buffer.byteLength(b, 'utf8'), 0);
  let shown = -1;
  for (let i = 0; i < 60 && shown !== hookBytes(); i++) {
    await page.click('#fed-refresh');
    await page.waitForFunction(() => document.querySelector('#egress-table').dataset.rows !== undefined, null, T);
    shown = Number(await page.$eval('#egress-totals', (t) => {
      const row = t.querySelector('tr[data-kind="alert_webhook"]');
      return row ? row.dataset.bytes : '-1';
    }));
    if (shown !== hookBytes()) await new Promise((r) => setTimeout(r, 500));
  }
  check(hookBodies.length > 0 && shown === hookBytes(),
    `the ledger shows the webhook's ${hookBodies.length} alerts, ${hookBytes()} bytes (shown ${shown})`);
  check(await points('#chart-egress') >= 1, 'bytes out per day are drawn');
  check(await page.$$eval('#chart-egress rect.bar', (r) => r.length) >= 1, 'as bars');
  const entryKinds = await page.$$eval('#egress-table tbody tr', (rows) => rows.map((r) => r.dataset.kind));
  check(entryKinds.length > 0 && entryKinds.every((k) => k === 'alert_webhook'),
    `latest payloads are listed by kind (${[...new Set(entryKinds)].join(', ')})`);
  check(await page.$eval('#fed-versions', (t) => t.dataset.rows) === '0' &&
    /no federated versions/.test(await page.textContent('#fed-versions')),
    'no federated versions on a node outside a fleet');
  const fedShot = path.join(outDir, 'federation.png');
  await (await page.$('#fed-section')).screenshot({ path: fedShot });
  check(fs.statSync(fedShot).size > 5000, `Federation screenshot saved to ${fedShot}`);
  check(consoleErrors.length === 0, `no page errors in the Federation view (${consoleErrors.join('; ')})`);

  // Inbox: held-out demo lines come in as messages (the desk model is unsure of some, which go
  // to review); a click corrects one ticket's desk and another confirms a suggestion; the API
  // then has both reviews, the accuracy chart draws the day, and a reply by hand is queued.
  const evalLines = fs.readFileSync(path.join(srcDir, 'testdata/demo/requests_eval.tsv'), 'utf8')
    .split('\n').filter((l) => l.includes('\t')).slice(0, 12);
  const inReview = [];
  for (let i = 0; i < evalLines.length; i++) {
    const m = await callApi('POST', '/v1/messages', { from: `+25470000${1000 + i}`, text: evalLines[i].split('\t')[1] });
    if (m.status === 201 && m.json.status === 'needs_review') inReview.push(m.json);
  }
  check(inReview.length >= 2, `messages the desk model is unsure of go to review (${inReview.length} of ${evalLines.length})`);
  await page.click('#inbox-refresh');
  const [fix, keep] = inReview;
  const fixRow = `#inbox-table tr[data-ticket="${fix.ticket}"]`;
  await page.waitForSelector(fixRow, T);
  const rowText = (await page.textContent(fixRow)).replace(/\s+/g, ' ');
  const shownDesk = await page.$eval(`${fixRow} select.desk`, (s) => s.value);
  check(shownDesk === fix.desk && rowText.includes(`${(100 * fix.probability).toFixed(1)}%`),
    `a ticket in review shows its suggested desk (${shownDesk}) and probability (${rowText.slice(0, 100)})`);
  const newDesk = fix.desk === 'health' ? 'roads' : 'health';
  await page.selectOption(`${fixRow} select.desk`, newDesk);
  await page.waitForFunction((id) => new RegExp(`corrected: ticket ${id} is routed`).test(document.querySelector('#inbox-action').textContent), fix.ticket, T);
  await page.waitForSelector(`#inbox-table tr[data-ticket="${keep.ticket}"] button.confirm`, T);
  await page.click(`#inbox-table tr[data-ticket="${keep.ticket}"] button.confirm`);
  await page.waitForFunction((id) => new RegExp(`confirmed: ticket ${id} is routed`).test(document.querySelector('#inbox-action').textContent), keep.ticket, T);
  const routed = (await callApi('GET', '/v1/tickets?status=routed')).json.tickets;
  const fixed = routed.find((t) => t.id === fix.ticket);
  const kept = routed.find((t) => t.id === keep.ticket);
  check(fixed && fixed.desk === newDesk && kept && kept.desk === keep.desk,
    `the API has the correction (${fix.desk} -> ${fixed && fixed.desk}) and the confirmation (${kept && kept.desk})`);
  check(await page.$(fixRow) === null, 'the corrected ticket leaves the review queue');
  const acc = (await callApi('GET', '/v1/helpline/accuracy?days=30')).json;
  check(acc.reviewed === 2 && acc.confirmed === 1, `routing accuracy counts both reviews (${JSON.stringify(acc.by_day)})`);
  await page.waitForFunction(() => Number(document.querySelector('#chart-accuracy').dataset.points || 0) >= 1, null, T);
  check(await page.$$eval('#chart-accuracy rect.bar', (r) => r.length) >= 1, 'the accuracy chart draws the day as a bar');
  await page.selectOption('#inbox-filter-status', '');
  await page.waitForSelector(`#inbox-table tr[data-ticket="${fix.ticket}"] button.reply`, T);
  await page.click(`#inbox-table tr[data-ticket="${fix.ticket}"] button.reply`);
  await page.waitForFunction(() => document.querySelector('#inbox-thread').dataset.messages, null, T);
  const thread = await page.$$eval('#inbox-thread li', (li) => li.map((x) => x.className));
  check(thread.join(',') === 'in,out', `the ticket's conversation is shown: its message and the acknowledgement (${thread})`);
  check(await page.isVisible('#inbox-thread-head') && /\(UTC\)/.test(await page.textContent('#inbox-thread-head')),
    'the conversation\'s times say they are UTC');
  await page.fill('#inbox-reply-text', 'The health desk will call you today.');
  await page.click('#inbox-reply-button');
  await page.waitForFunction(() => /queued|error/.test(document.querySelector('#inbox-reply-status').textContent), null, T);
  const replied = await page.textContent('#inbox-reply-status');
  check(new RegExp(`queued for ticket ${fix.ticket}: 1 SMS \\(gsm7\\)`).test(replied), `a reply by hand is queued (${replied})`);
  await page.waitForFunction(() => document.querySelector('#inbox-thread').dataset.messages === '3', null, T);
  check((await page.textContent('#inbox-thread li:last-child')).endsWith('out (queued): The health desk will call you today.'),
    'the reply joins the conversation');
  await page.waitForSelector(`#inbox-table tr[data-ticket="${fix.ticket}"][data-status="answered"]`, T);
  check(true, 'the replied ticket is answered');
  // Citizens' text is shown as text, in its own direction.
  const rtl = (await callApi('POST', '/v1/messages', { from: '+201000009001', text: 'لا يوجد ماء منذ يومين!' })).json;
  const markup = (await callApi('POST', '/v1/messages', { from: '+201000009002',
    text: '<img src=x onerror="document.title=1"><b>bold</b>' })).json;
  await page.click('#inbox-refresh');
  await page.waitForSelector(`#inbox-table tr[data-ticket="${markup.ticket}"]`, T);
  check((await page.textContent(`#inbox-table tr[data-ticket="${markup.ticket}"]`)).includes('<img src=x') &&
    await page.$$eval('#inbox-table img, #inbox-table b', (e) => e.length) === 0, 'markup in an SMS is shown as text');
  check(await laidOutRtl(`#inbox-table tr[data-ticket="${rtl.ticket}"] td:nth-child(5)`), 'an Arabic SMS is laid out right to left');
  await page.click(`#inbox-table tr[data-ticket="${rtl.ticket}"] button.reply`);
  await page.waitForFunction(() => /يومين/.test(document.querySelector('#inbox-thread').textContent), null, T);
  check(await laidOutRtl('#inbox-thread li:first-child bdi'), 'so is its conversation');
  const inboxShot = path.join(outDir, 'inbox.png');
  await (await page.$('#inbox-section')).screenshot({ path: inboxShot });
  check(fs.statSync(inboxShot).size > 10000, `Inbox screenshot saved to ${inboxShot}`);
  check(consoleErrors.length === 0, `no page errors in the Inbox view (${consoleErrors.join('; ')})`);
  check(cspViolations.length === 0, `nothing blocked by the CSP in the Inbox (${cspViolations.join('; ')})`);

  const shot = path.join(outDir, 'dashboard.png');
  await page.screenshot({ path: shot, fullPage: true });
  check(fs.statSync(shot).size > 10000, `screenshot saved to ${shot}`);

  // A key the node refuses: nothing the previous key read stays on screen; the right key
  // brings it back.
  await page.fill('#api-key', 'loka_not_a_key');
  await page.click('#save-key');
  await waitFor(() => document.querySelector('#key-status').className === 'error');
  const stillShown = [];
  for (const sel of ['#models-table tr[data-model="requests"]', '#inbox-table tbody tr', '#alerts-table tbody tr',
    '#kb-docs tbody tr', '#langid-result']) {
    if (await page.isVisible(sel)) stillShown.push(sel);
  }
  check(stillShown.length === 0, `a refused key hides what the previous key read (still shown: ${stillShown.join(', ')})`);
  await page.fill('#api-key', key);
  await page.click('#save-key');
  check(await waitFor(() => document.querySelector('#key-status').textContent === 'key accepted') &&
    await page.waitForSelector('#models-table tr[data-model="requests"]', { ...T, state: 'visible' }).then(() => true, () => false),
    'the accepted key shows the views again');

  // More alerts at a station than the Sense view lists: two frost readings a day for 51 days
  // raise a frost alert a day; the view says that only the newest are shown.
  const frosty = [];
  for (let d = 0; d < 51; d++) {
    for (const h of [10, 11]) frosty.push({ station: 'frosty', sensor: 'air_temperature', unit: 'C', value: -1,
      time_ms: Date.UTC(2015, 0, 1 + d, h) });
  }
  const posted = await callApi('POST', '/v1/readings', { readings: frosty });
  check(posted.json.accepted === frosty.length, `frost readings accepted (${JSON.stringify(posted.json)})`);
  await page.click('#sense-refresh');
  await page.waitForSelector('#sense-station option[value="frosty"]', { ...T, state: 'attached' });
  await page.selectOption('#sense-station', 'frosty');
  const capped = await waitFor(() => /50 newest alerts are shown: .*GET \/v1\/alerts\?station=frosty .*kind, since, unacknowledged/
    .test(document.querySelector('#alerts-table tbody').textContent));
  check(capped && await page.$eval('#alerts-table', (t) => t.dataset.rows) === '50',
    'a station with more alerts than the Sense view lists says that only the newest are shown');

  // More tickets than the Inbox lists at once: it says that only the newest are shown.
  await Promise.all(Array.from({ length: 100 }, (_, i) => callApi('POST', '/v1/messages',
    { from: `+2547300${String(i).padStart(5, '0')}`, text: 'The water pipe on our street is broken' })));
  await page.click('#inbox-refresh');
  const listed = await waitFor(() => /100 newest tickets are shown/.test(
    document.querySelector('#inbox-table tbody').textContent));
  check(listed && await page.$eval('#inbox-table', (t) => t.dataset.rows) === '100',
    'an Inbox with more tickets than it lists says that only the newest are shown');

  // The node stops while the page is open: every view says the node does not answer.
  server.kill('SIGTERM');
  await serverExited;
  await page.selectOption('#sense-sensor', 'rainfall');
  const senseSays = await waitFor(() => /did not answer/.test(document.querySelector('#sense-status').textContent));
  await page.click('#inbox-refresh');
  const inboxSays = await waitFor(() => /did not answer/.test(document.querySelector('#inbox-status').textContent));
  check(senseSays && inboxSays, 'a stopped node is reported as not answering in the Sense and Inbox views');
  check(consoleErrors.length === 0, `no page errors once the node stopped (${consoleErrors.join('; ')})`);
} catch (err) {
  failed++;
  console.log(`FAIL ${err.message}`);
  await page.screenshot({ path: path.join(outDir, 'dashboard_failure.png'), fullPage: true }).catch(() => {});
} finally {
  await context.close();
  server.kill('SIGTERM');
  await serverExited;
  hook.close();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
