// Language-ID peers for bench/langid_bench.py: npm's franc-all, eld and tinyld.
//   node bench/peers/js_langid.mjs TOOL < lines     one code per input line ("und"/"" unknown)
//   node bench/peers/js_langid.mjs TOOL --list      the codes TOOL can answer, one per line
// TOOL: franc (franc-all, ISO 639-3), eld (eld large database, ISO 639-1), tinyld (default
// build, ISO 639-1). Modules come from third_party/npm/node_modules.
import { readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const modules = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'third_party', 'npm',
                     'node_modules');
const load = (p) => import(pathToFileURL(join(modules, p)).href);

async function tool(name) {
  if (name === 'franc') {
    const franc = await load('franc-all/index.js');
    const { data } = await load('franc-all/data.js');
    const { expressions } = await load('franc-all/expressions.js');
    // Trigram languages per script, plus the languages franc answers from the script alone
    // (lower-case keys of its script expressions: cmn, jpn, kor, ...).
    const langs = new Set();
    for (const script of Object.values(data)) for (const code of Object.keys(script)) langs.add(code);
    for (const key of Object.keys(expressions)) if (/^[a-z]{3}$/.test(key)) langs.add(key);
    return { detect: (t) => franc.franc(t), list: () => [...langs] };
  }
  if (name === 'eld') {
    const { eld } = await load('eld/src/entries/static.large.js');
    return { detect: (t) => eld.detect(t).language, list: () => Object.values(eld.info().Languages) };
  }
  if (name === 'tinyld') {
    const t = await load('tinyld/dist/tinyld.normal.node.mjs');
    return { detect: (s) => t.detect(s), list: () => t.supportedLanguages.map((c) => t.toISO2(c) || c) };
  }
  throw new Error('unknown tool ' + name);
}

const [name, flag] = process.argv.slice(2);
const t = await tool(name);
if (flag === '--list') {
  writeSync(1, t.list().join('\n') + '\n');
} else {
  const input = readFileSync(0, 'utf8');
  const lines = input.length ? input.split('\n') : [];
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let out = '';
  for (const line of lines) {
    out += (t.detect(line) || 'und') + '\n';
    if (out.length > 65536) {
      writeSync(1, out);
      out = '';
    }
  }
  writeSync(1, out);
}
