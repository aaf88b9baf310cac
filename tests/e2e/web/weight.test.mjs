// The weight budget, from the built files: gzip of the page's HTML plus the CSS and JS it
// references. Home pages ≤ 30 KB, guides and course modules ≤ 50 KB, and no page over 50 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { PUBLIC, htmlFiles, fileOf, urlOf } from './lib.mjs';

const KB = 1024;
const gz = (buf) => zlib.gzipSync(buf, { level: 6 }).length;

/** gzip bytes of the page and of each stylesheet and script it loads. */
export function weigh(file) {
  const html = fs.readFileSync(`${PUBLIC}/${file}`);
  const text = html.toString('utf8');
  const refs = new Set();
  for (const m of text.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)) refs.add(m[0].match(/href="([^"]+)"/)[1]);
  for (const m of text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
  let total = gz(html);
  const parts = [`html ${gz(html)}`];
  for (const r of refs) {
    // Relative references (the kiosk overview's ../../kiosk/overview.css) are resolved against
    // the page's own address, as the browser does.
    const f = fileOf(new URL(r, `http://portal${urlOf(file)}`).pathname);
    assert.ok(f, `${file} references ${r}, which is not built`);
    const n = gz(fs.readFileSync(f));
    parts.push(`${r} ${n}`);
    total += n;
  }
  return { total, parts };
}

function budget(file) {
  const url = urlOf(file);
  if (/^\/[a-z]{2}\/$/.test(url)) return ['home', 30 * KB];
  if (/^\/[a-z]{2}\/guides\/[^/]+\/$/.test(url)) return ['guide', 50 * KB];
  if (/^\/[a-z]{2}\/modules\/[^/]+\/$/.test(url)) return ['module', 50 * KB];
  return ['page', 50 * KB];
}

test('weight budget: gzip of HTML + CSS + JS per page', () => {
  const largest = {};
  const over = [];
  for (const file of htmlFiles()) {
    const { total, parts } = weigh(file);
    const [kind, max] = budget(file);
    if (!largest[kind] || largest[kind].total < total) largest[kind] = { file, total, parts };
    if (total > max) over.push(`${file}: ${(total / KB).toFixed(1)} KB > ${max / KB} KB (${kind})`);
  }
  for (const [kind, { file, total, parts }] of Object.entries(largest)) {
    console.log(`largest ${kind}: ${file} ${(total / KB).toFixed(1)} KB gzip (${parts.join(', ')})`);
  }
  assert.ok(largest.home && largest.guide && largest.module, 'home, guide and module pages are built');
  assert.deepEqual(over, []);
});
