// Bytes a first and a second static-search query cost on a built site, as gzip would send
// them: `node static-search/measure.mjs BASE PUBLIC LANG QUERY [QUERY2]` with PUBLIC served at
// BASE by a plain file server (run-static's set-up). Prints each request and the gzip -9 size
// of the file behind it. Not a test: figures for the report (issue 16).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const [base, pub, lang, q1, q2] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
const ctx = await browser.newContext({ serviceWorkers: 'block' });
const page = await ctx.newPage();
let seen = [];
page.on('request', (r) => seen.push(new URL(r.url()).pathname));
function size(p) {
  let f = path.join(pub, decodeURIComponent(p));
  if (p.endsWith('/')) f = path.join(f, 'index.html');
  return fs.existsSync(f) ? zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length : 0;
}
for (const q of [q1, q2].filter(Boolean)) {
  seen = [];
  await page.goto(`${base}/${lang}/search/?q=${encodeURIComponent(q)}`);
  await page.locator('#static-search h2.count').waitFor();
  const rows = seen.map((p) => [p, size(p)]);
  const total = rows.reduce((s, [, n]) => s + n, 0);
  for (const [p, n] of rows) console.log(`  ${String(n).padStart(7)}  ${p}`);
  console.log(`«${q}»: ${rows.length} requests, ${total} bytes gzip (no browser cache between queries: each page load fetches again)`);
}
await browser.close();
