// The Nu HTML Checker (vnu-jar, on Java) over every page of the built site, the pages the
// server renders on request (search results) and the stylesheet: no errors allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BASE, PUBLIC, htmlFiles } from './lib.mjs';

const require = createRequire(import.meta.url);
const VNU = String(require('vnu-jar'));

function vnu(files) {
  const r = spawnSync('java', ['-Xss1024k', '-jar', VNU, '--format', 'json', '--also-check-css', '--also-check-svg', ...files],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  // vnu writes its JSON report to stderr and exits 1 when it found errors.
  if (!r.stderr.includes('"messages"')) throw new Error(`vnu failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stderr;
}

function report(files) {
  const raw = vnu(files);
  const json = JSON.parse(raw.slice(raw.indexOf('{')));
  const errors = json.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  const warnings = json.messages.filter((m) => m.type === 'info' && m.subType === 'warning');
  const show = (m) => `${(m.url || '').replace(/^file:.*?public\//, '')}:${m.lastLine || 0}: ${m.message}`;
  return { errors: errors.map(show), warnings: warnings.map(show) };
}

test('every built page, the stylesheet and the icon are valid (Nu HTML Checker)', () => {
  const files = htmlFiles().map((f) => path.join(PUBLIC, f));
  assert.ok(files.length >= 90, `only ${files.length} pages built`);
  files.push(path.join(PUBLIC, 'style.css'), path.join(PUBLIC, 'favicon.svg'));
  const { errors, warnings } = report(files);
  console.log(`vnu: ${files.length} files, ${errors.length} errors, ${warnings.length} warnings`);
  for (const w of warnings) console.log(`  warning: ${w}`);
  assert.deepEqual(errors, []);
});

test('server-rendered search pages are valid (Nu HTML Checker)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapar-vnu-'));
  const queries = [['ru', 'консульство'], ['ky', 'паспорт'], ['en', 'pension'], ['ru', 'zzzqqq'], ['ky', 'x'.repeat(300)], ['en', '<script>']];
  const files = [];
  for (const [lang, q] of queries) {
    const res = await fetch(`${BASE}/${lang}/search/?q=${encodeURIComponent(q)}`);
    const f = path.join(dir, `${files.length}-${lang}.html`);
    fs.writeFileSync(f, await res.text());
    files.push(f);
  }
  const { errors } = report(files);
  console.log(`vnu: ${files.length} search pages, ${errors.length} errors`);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
});
