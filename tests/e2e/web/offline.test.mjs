// The service worker: after one visit, the hotline, the directory, the course and every guide open with
// the server gone, and a page that was not saved shows the offline page in the reader's
// language. It runs against its own `sapar serve` of its own copy of the site, which it stops
// to go offline for real.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PHONE, launch } from './lib.mjs';

const BIN = process.env.SAPAR_BIN;
const ROOT = process.env.SAPAR_ROOT;
let server, base, browser, root;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitUp(url) {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

before(async () => {
  assert.ok(BIN && ROOT, 'SAPAR_BIN and SAPAR_ROOT are set by run-web');
  // Its own copy of the site: `sapar serve` rebuilds its root when it starts, which must not
  // swap the files under the server and the tests that share SAPAR_ROOT.
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sapar-offline-'));
  for (const d of ['content', 'data', 'themes', 'site.toml']) fs.cpSync(path.join(ROOT, d), path.join(root, d), { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // Published at its own address: site.toml's base_url is a placeholder, which a build for
  // publishing refuses.
  server = spawn(BIN, ['serve', '--no-watch', '--base-url', base, '--root', root, '--port', String(port), '--bind', '127.0.0.1'], { stdio: 'ignore' });
  await waitUp(`${base}/ru/`);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) server.kill();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('offline: hotline, directory, course and every guide are saved after one visit; other pages show the offline page', async () => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await page.goto(`${base}/ru/guides/russia/`);
  // Wait for the worker to finish saving the reader's language.
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!reg.active) throw new Error('no active worker');
  });
  // The first page loaded before the worker was there; pages opened from now on are kept.
  await page.goto(`${base}/ru/guides/russia/`);
  const saved = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('sapar-')));
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  for (const u of ['/ru/hotline/', '/ru/legal-aid/', '/ru/modules/', '/ru/modules/documents/', '/ru/offline/', '/style.css']) {
    assert.ok(saved.includes(u), `${u} saved (saved: ${saved.join(' ')})`);
  }
  assert.ok(!saved.includes('/ky/hotline/') && !saved.includes('/en/modules/'), 'only the reader\'s language is downloaded in full');
  assert.ok(saved.includes('/ky/offline/') && saved.includes('/en/offline/'), 'the offline page of every language');

  server.kill();
  await new Promise((r) => server.once('exit', r));
  await assert.rejects(fetch(`${base}/ru/`), 'the server is gone');

  for (const [url, h1] of [['/ru/hotline/', /1899/], ['/ru/legal-aid/', /юридическая помощь/i], ['/ru/modules/money/', /.+/], ['/ru/guides/russia/', /Россия/], ['/ru/guides/japan/', /Япония/]]) {
    await page.goto(base + url);
    const text = (await page.content()).slice(0, 300);
    assert.equal(await page.locator('h1').count(), 1, `${url}: ${text}`);
    assert.match(await page.locator('h1').innerText(), h1, url);
    assert.equal(await page.locator('header.top').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(11, 79, 138)', `${url}: styled offline`);
  }
  await page.goto(`${base}/ru/about/`);
  assert.equal(await page.locator('h1').innerText(), 'Нет интернета');
  assert.ok(await page.locator('main a[href="/ru/hotline/"]').count() >= 1, 'the offline page lists saved pages');
  await page.goto(`${base}/en/news/`);
  assert.equal(await page.locator('h1').innerText(), 'You are offline', 'in the language of the page asked for');
  await ctx.close();
});
