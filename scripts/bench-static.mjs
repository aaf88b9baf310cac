// Driver of scripts/bench-static (issue 16): what a first and a second search costs a reader,
// in requests and bytes on the wire, with Sapar's static bundle (search.js + public/search/) and
// with Pagefind run on the same public/. Run by the wrapper, once per site:
//   node scripts/bench-static.mjs SITE PUBLIC PORT OUT.json BUILD_S PAGEFIND_S QUERIES_JSON
// It serves PUBLIC on 127.0.0.1:PORT (the port the site was built for) like a CDN would:
// gzip level 6 for text types (html css js json wasm svg …), Pagefind's .pagefind and .pf_* files
// as they are (Pagefind writes them gzip-compressed already), `Cache-Control: max-age=600` and an
// ETag on every file (GitHub Pages' policy). Bytes are the bodies the server sent (Content-Length
// of each response), counted by the server itself, so a browser-cache hit costs nothing; HTTP
// headers are not counted (a few hundred bytes a request, the same for both engines).
// Every first query runs in a fresh browser context (empty cache, service workers blocked); the
// second query runs in the same context and counts only what it newly fetched.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [site, pub, port, outFile, buildS, pagefindS, queriesJson] = process.argv.slice(2);
const QUERIES = JSON.parse(queriesJson);
const BASE = `http://127.0.0.1:${port}`;
const SHOWN = 20; // search.js shows its first 20 hits; Pagefind loads as many fragments
const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

// ---- the static server -------------------------------------------------------------------
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.xml': 'application/xml',
  '.txt': 'text/plain', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};
const GZIP = new Set(['.html', '.css', '.js', '.mjs', '.json', '.wasm', '.svg', '.webmanifest', '.xml', '.txt']);
const bodies = new Map(); // file → {body, gz, etag}
function prepared(file) {
  let b = bodies.get(file);
  if (!b) {
    const raw = fs.readFileSync(file);
    const gz = GZIP.has(path.extname(file)) ? zlib.gzipSync(raw, { level: 6 }) : null;
    b = { raw, gz, etag: '"' + crypto.createHash('sha1').update(raw).digest('hex').slice(0, 16) + '"' };
    bodies.set(file, b);
  }
  return b;
}

let log = [];
let inFlight = 0;
let lastActivity = Date.now();
const server = http.createServer((req, res) => {
  inFlight++;
  lastActivity = Date.now();
  const url = new URL(req.url, BASE);
  let rel = decodeURIComponent(url.pathname);
  const entry = { path: url.pathname, status: 200, bytes: 0, gzip: false };
  const done = () => { log.push(entry); inFlight--; lastActivity = Date.now(); };
  res.on('finish', done);
  res.on('close', () => { if (!res.writableFinished) done(); });
  let file = path.join(pub, rel);
  if (!file.startsWith(pub)) { entry.status = 403; res.writeHead(403).end(); return; }
  if (rel.endsWith('/')) file = path.join(file, 'index.html');
  else if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    entry.status = 301; res.writeHead(301, { Location: url.pathname + '/' }).end(); return;
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    entry.status = 404; const body = Buffer.from('not found');
    entry.bytes = body.length; res.writeHead(404, { 'Content-Length': body.length }).end(body); return;
  }
  const b = prepared(file);
  const headers = {
    'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
    'Cache-Control': 'max-age=600', ETag: b.etag, Vary: 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === b.etag) { entry.status = 304; res.writeHead(304, headers).end(); return; }
  const gzip = b.gz && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
  const body = gzip ? b.gz : b.raw;
  if (gzip) headers['Content-Encoding'] = 'gzip';
  headers['Content-Length'] = body.length;
  entry.bytes = body.length; entry.gzip = !!gzip;
  res.writeHead(200, headers).end(body);
});
await new Promise((ok, fail) => { server.once('error', fail); server.listen(Number(port), '127.0.0.1', ok); });

/** Waits until no request has been open or started for `idle` ms, then takes the log. */
async function settle(idle = 1000) {
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (inFlight === 0 && Date.now() - lastActivity >= idle) break;
  }
  const taken = log;
  log = [];
  return taken;
}

function kind(p) {
  if (p.startsWith('/search/') && p.endsWith('.wasm')) return 'code';
  if (p.startsWith('/pagefind/') && /wasm\.|\.js$|\.css$/.test(p)) return 'code';
  if (p === '/search.js') return 'code';
  if (p.startsWith('/search/') || p.startsWith('/pagefind/')) return 'index';
  return 'page';
}

function sum(entries) {
  const by = { page: 0, code: 0, index: 0 };
  for (const e of entries) by[kind(e.path)] += e.bytes;
  return {
    requests: entries.length,
    bytes: entries.reduce((s, e) => s + e.bytes, 0),
    page: by.page, code: by.code, index: by.index,
    files: entries.map((e) => `${e.status} ${e.bytes} ${e.path}`),
  };
}

// ---- the Pagefind pages, put beside Sapar's search page in this copy only ----------------
// The same page as Sapar's /<lang>/search/ (same HTML, CSS, app.js, icons), with search.js
// left out and Pagefind put in its place, so that both engines pay the same page around them.
function pagefindPages(lang) {
  const src = fs.readFileSync(path.join(pub, lang, 'search', 'index.html'), 'utf8');
  const bare = src.replace(/<script src="\/search\.js" defer><\/script>\n?/, '');
  if (bare === src) throw new Error(`${lang}/search/index.html: no search.js script to replace`);
  const slot = /<div id="static-search"[^>]*><\/div>/;
  if (!slot.test(bare)) throw new Error(`${lang}/search/index.html: no #static-search element`);
  // The JS API: load the index for the page's language, search, load the data (title, URL,
  // excerpt) of as many results as search.js shows, and list them.
  const api = bare.replace(slot, `<div id="pf-api"></div>
<script type="module">
const pagefind = await import('/pagefind/pagefind.js');
window.pfSearch = async (q, n) => {
  const r = await pagefind.search(q);
  const data = await Promise.all(r.results.slice(0, n).map((x) => x.data()));
  const box = document.getElementById('pf-api');
  box.innerHTML = '';
  const h = document.createElement('h2'); h.className = 'count'; h.textContent = String(r.results.length);
  const ol = document.createElement('ol');
  for (const d of data) {
    const li = document.createElement('li'), a = document.createElement('a');
    a.href = d.url; a.textContent = d.meta.title || d.url; li.appendChild(a);
    const p = document.createElement('p'); p.innerHTML = d.excerpt; li.appendChild(p); ol.appendChild(li);
  }
  box.append(h, ol);
  return { total: r.results.length, shown: data.length };
};
const q = new URLSearchParams(location.search).get('q');
const n = Number(new URLSearchParams(location.search).get('n') || ${SHOWN});
window.pfFirst = q ? window.pfSearch(q, n) : null;
</script>`);
  // Pagefind's default UI, as its documentation sets it up (five results, then "load more").
  const ui = bare
    .replace('</head>', '<link href="/pagefind/pagefind-ui.css" rel="stylesheet">\n<script src="/pagefind/pagefind-ui.js"></script>\n</head>')
    .replace(slot, `<div id="search"></div>
<script>window.addEventListener('DOMContentLoaded', () => { new PagefindUI({ element: '#search' }); });</script>`);
  for (const [dir, html] of [['pagefind-api', api], ['pagefind-ui', ui]]) {
    fs.mkdirSync(path.join(pub, lang, dir), { recursive: true });
    fs.writeFileSync(path.join(pub, lang, dir, 'index.html'), html);
  }
}

// ---- the runs ------------------------------------------------------------------------------
const browser = await chromium.launch(LAUNCH);
const rows = [];

const say = (m) => { if (process.env.BENCH_STATIC_VERBOSE) console.error(`   ${new Date().toISOString().slice(11, 19)} ${m}`); };

async function sapar(lang, q1, q2) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const out = { engine: 'sapar', lang, queries: [] };
  await settle(100);
  for (const q of [q1, q2]) {
    say(`sapar ${lang} «${q}»`);
    await page.goto(`${BASE}/${lang}/search/?q=${encodeURIComponent(q)}`);
    await page.locator('#static-search h2.count').waitFor({ timeout: 30000 });
    const shown = await page.locator('#static-search ol.results li').count();
    const count = await page.locator('#static-search h2.count').innerText();
    out.queries.push({ q, total: Number((count.match(/\d+/) || ['0'])[0]), shown, ...sum(await settle()) });
  }
  await ctx.close();
  // With the service worker: what it fetches beyond the first query (offline support).
  const sw = await browser.newContext();
  const swPage = await sw.newPage();
  await settle(100);
  await swPage.goto(`${BASE}/${lang}/search/?q=${encodeURIComponent(q1)}`);
  await swPage.locator('#static-search h2.count').waitFor({ timeout: 30000 });
  // A worker whose install fails (a precached URL answers 404) never becomes ready.
  const state = await swPage.evaluate(() => Promise.race([
    navigator.serviceWorker.ready.then(() => 'installed'),
    new Promise((r) => setTimeout(() => r('not installed after 20 s'), 20000)),
  ]));
  const all = sum(await settle(2000));
  out.with_service_worker = { state, requests: all.requests, bytes: all.bytes, files: all.files };
  out.precache = { requests: all.requests - out.queries[0].requests, bytes: all.bytes - out.queries[0].bytes };
  await sw.close();
  return out;
}

async function pagefindApi(lang, q1, q2, n1, n2) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const out = { engine: 'pagefind-api', lang, queries: [] };
  await settle(100);
  await page.goto(`${BASE}/${lang}/pagefind-api/?q=${encodeURIComponent(q1)}&n=${n1}`);
  // The module awaits its import after the load event: wait for the search to have begun.
  await page.waitForFunction(() => window.pfFirst, null, { timeout: 30000 });
  const r1 = await page.evaluate(() => window.pfFirst);
  out.queries.push({ q: q1, ...r1, ...sum(await settle()) });
  const r2 = await page.evaluate(([q, n]) => window.pfSearch(q, n), [q2, n2]);
  out.queries.push({ q: q2, ...r2, ...sum(await settle()) });
  await ctx.close();
  return out;
}

async function pagefindUi(lang, q1, q2) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const out = { engine: 'pagefind-ui', lang, queries: [] };
  await settle(100);
  await page.goto(`${BASE}/${lang}/pagefind-ui/`);
  const input = page.locator('.pagefind-ui__search-input');
  for (const q of [q1, q2]) {
    await input.fill(q);
    // The UI debounces typing, says «Searching for q...», searches, then shows the count and
    // loads each shown result's fragment (a grey placeholder until it has come).
    await page.waitForFunction((q) => {
      const m = document.querySelector('.pagefind-ui__message');
      if (!m || !m.textContent.includes(q) || /\.\.\.|…/.test(m.textContent)) return false;
      const results = document.querySelectorAll('.pagefind-ui__result').length;
      const zero = !/[1-9]/.test(m.textContent);
      return (zero || results > 0) && !document.querySelector('.pagefind-ui__loading');
    }, q, { timeout: 30000 });
    const fetched = sum(await settle());
    const shown = await page.locator('.pagefind-ui__result-link').count();
    const msg = await page.locator('.pagefind-ui__message').innerText();
    // «3,003 results», «3 003 результата»: the digits of the first number.
    const total = Number((msg.replace(/(\d)[,\s\u00a0\u202f](?=\d{3})/g, '$1').match(/\d+/) || ['0'])[0]);
    out.queries.push({ q, total, shown, ...fetched });
  }
  await ctx.close();
  return out;
}

function diskSize(dir) {
  let files = 0, bytes = 0, gz = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) { walk(f); continue; }
      const raw = fs.readFileSync(f);
      files++; bytes += raw.length;
      gz += GZIP.has(path.extname(f)) ? zlib.gzipSync(raw, { level: 6 }).length : raw.length;
    }
  };
  walk(dir);
  return { files, bytes, wire_bytes: gz };
}

// SEARCH_JS=file: measure a candidate search.js instead of the built one (this copy only).
if (process.env.SEARCH_JS) fs.copyFileSync(process.env.SEARCH_JS, path.join(pub, 'search.js'));

const runs = [];
try {
  for (const [lang, q1, q2] of QUERIES) {
    pagefindPages(lang);
    const s = await sapar(lang, q1, q2);
    runs.push(s);
    // Pagefind loads as many results' data as search.js shows for the same query.
    runs.push(await pagefindApi(lang, q1, q2, s.queries[0].shown || SHOWN, s.queries[1].shown || SHOWN));
    runs.push(await pagefindUi(lang, q1, q2));
  }
} finally {
  await browser.close();
  server.close();
}

const result = {
  site,
  date: new Date().toISOString(),
  build_seconds: { sapar: Number(buildS), pagefind: Number(pagefindS) },
  index_on_disk: { sapar: diskSize(path.join(pub, 'search')), pagefind: diskSize(path.join(pub, 'pagefind')) },
  serving: 'gzip -6 for html css js json wasm svg; .pagefind/.pf_* as written (pre-compressed); Cache-Control max-age=600 + ETag',
  runs,
};
fs.writeFileSync(outFile, JSON.stringify(result, null, 1));

// ---- the table -----------------------------------------------------------------------------
const kb = (n) => (n / 1024).toFixed(1);
const lines = [];
lines.push(`### ${site}`, '');
lines.push(`Build: sapar build ${Number(buildS).toFixed(2)} s (pages + tantivy index + static bundle); pagefind --site public ${Number(pagefindS).toFixed(2)} s (indexing only).`);
const ds = result.index_on_disk;
lines.push(`Index on disk: public/search ${ds.sapar.files} files, ${kb(ds.sapar.bytes)} KB (${kb(ds.sapar.wire_bytes)} KB gzip); public/pagefind ${ds.pagefind.files} files, ${kb(ds.pagefind.bytes)} KB (as served: ${kb(ds.pagefind.wire_bytes)} KB).`, '');
lines.push('| engine | lang | query | hits (shown) | requests | KB on the wire | page | search code | index data |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const r of runs) {
  r.queries.forEach((q, i) => {
    lines.push(`| ${r.engine} | ${r.lang} | ${i ? '2nd' : '1st'} «${q.q}» | ${q.total} (${q.shown}) | ${q.requests} | ${kb(q.bytes)} | ${kb(q.page)} | ${kb(q.code)} | ${kb(q.index)} |`);
  });
}
lines.push('');
for (const r of runs.filter((x) => x.precache)) {
  lines.push(`- sapar ${r.lang}: with the service worker allowed (${r.with_service_worker.state}), the first visit fetches ${r.with_service_worker.requests} requests, ${kb(r.with_service_worker.bytes)} KB; the worker's precache (offline support) adds ${r.precache.requests} requests, ${kb(r.precache.bytes)} KB beyond the first query.`);
}
// The targets of issue 16, per language: a first query on the shipped site at most 100 KB;
// on the corpus, fewer bytes than Pagefind (its JS API with as many results, and its UI).
lines.push('');
for (const lang of [...new Set(runs.map((r) => r.lang))]) {
  const of = (engine) => runs.find((r) => r.engine === engine && r.lang === lang);
  const [s, api, ui] = [of('sapar'), of('pagefind-api'), of('pagefind-ui')];
  const cmp = (i) => `${kb(s.queries[i].bytes)} KB against Pagefind API ${kb(api.queries[i].bytes)} / UI ${kb(ui.queries[i].bytes)} KB`;
  const first = s.queries[0].bytes;
  const target = site === 'shipped' ? (first <= 100 * 1024 ? ' (target ≤ 100 KB: met)' : ' (target ≤ 100 KB: MISSED)') : '';
  lines.push(`- ${lang}: first query ${kb(first)} KB${target}; `
    + `Sapar fewer bytes than Pagefind on the 1st query: ${first < Math.min(api.queries[0].bytes, ui.queries[0].bytes) ? 'yes' : 'NO'} (${cmp(0)}), `
    + `on the 2nd: ${s.queries[1].bytes < Math.min(api.queries[1].bytes, ui.queries[1].bytes) ? 'yes' : 'NO'} (${cmp(1)}).`);
}
console.log(lines.join('\n'));
if (process.env.BENCH_STATIC_VERBOSE) {
  for (const r of runs) for (const q of r.queries) console.log(`\n${r.engine} ${r.lang} «${q.q}»\n  ` + q.files.join('\n  '));
}
