// axe-core in Debian's headless Chromium on every page type, at phone size (360×740) and at
// desktop size: no WCAG 2.2 A/AA violations. Quiz answers are opened first so that their
// content is checked too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE, PAGE_TYPES, PHONE, DESKTOP, launch } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function audit(viewport) {
  // The portal's CSP allows no injected scripts; the test lifts it to inject axe.
  const ctx = await browser.newContext({ viewport, bypassCSP: true, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const found = {};
  for (const [type, url] of Object.entries(PAGE_TYPES)) {
    await page.goto(BASE + url);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.addScriptTag({ path: AXE });
    const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
    found[type] = r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    found[type + ':passes'] = r.passes.length;
  }
  await ctx.close();
  return found;
}

for (const [name, viewport] of [['phone 360×740', PHONE], ['desktop 1280×900', DESKTOP]]) {
  test(`axe-core: no WCAG 2.2 AA violations on any page type (${name})`, async () => {
    const found = await audit(viewport);
    const violations = Object.entries(found).filter(([k]) => !k.endsWith(':passes')).flatMap(([type, v]) => v.map((x) => `${type}: ${x}`));
    const types = Object.keys(PAGE_TYPES).length;
    for (const t of Object.keys(PAGE_TYPES)) assert.ok(found[`${t}:passes`] > 10, `axe ran on ${t}`);
    console.log(`axe ${name}: ${types} page types, ${violations.length} violations`);
    assert.deepEqual(violations, []);
  });
}

test('axe-core really reports problems here (a page with known faults)', async () => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><img src="x.png"><p style="color:#999;background:#fff">low contrast</p><a href="/a" style="display:inline-block;width:8px;height:8px"></a></body></html>');
  await page.addScriptTag({ path: AXE });
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  const ids = r.violations.map((v) => v.id);
  for (const id of ['html-has-lang', 'image-alt', 'color-contrast', 'link-name']) assert.ok(ids.includes(id), `${id} found (${ids})`);
  await ctx.close();
});
