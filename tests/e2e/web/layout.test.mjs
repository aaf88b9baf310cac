// What a person sees: no sideways scrolling at 320 px (WCAG reflow) or at 200% zoom, the
// hotline in the same place on every page type, a visible focus indicator, and print output
// that keeps checklists and contacts but drops navigation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BASE, PAGE_TYPES, PHONE, launch } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function each(viewport, fn, opts = {}) {
  const ctx = await browser.newContext({ viewport, serviceWorkers: 'block', ...opts });
  const page = await ctx.newPage();
  const out = [];
  for (const [type, url] of Object.entries(PAGE_TYPES)) {
    await page.goto(BASE + url);
    const r = await fn(page, type);
    if (r) out.push(`${type}: ${r}`);
  }
  await ctx.close();
  return out;
}

const overflow = (page) => page.evaluate(() => {
  const w = document.documentElement.clientWidth;
  const sw = document.documentElement.scrollWidth;
  return sw > w ? `scrolls sideways (${sw} > ${w})` : null;
});

test('reflow: no sideways scrolling at 320 CSS px (400% zoom of 1280)', async () => {
  assert.deepEqual(await each({ width: 320, height: 640 }, overflow), []);
});

test('200% zoom of a 1280×900 window (640×450 CSS px): no sideways scrolling', async () => {
  assert.deepEqual(await each({ width: 640, height: 450 }, overflow, { deviceScaleFactor: 2 }), []);
});

test('the hotline is a tel: link at the same place at the top of every page type', async () => {
  const spots = new Set();
  const bad = await each(PHONE, async (page) => {
    const a = page.locator('header.top a.hotline');
    if (await a.count() !== 1) return 'no hotline link';
    if (await a.getAttribute('href') !== 'tel:1899') return 'not tel:1899';
    const b = await a.boundingBox();
    if (!b || b.y > 60 || b.height < 44) return `hotline at y=${b?.y} h=${b?.height}`;
    spots.add(Math.round(b.x + b.width));
    return null;
  });
  assert.deepEqual(bad, []);
  assert.equal(spots.size, 1, `right edge the same on every page: ${[...spots]}`);
});

test('focus is visible: keyboard focus on links and buttons gets the yellow focus style', async () => {
  const ctx = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/ru/`);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    return { cls: e.className, bg: getComputedStyle(e).backgroundColor, visible: r.left >= 0 && r.top >= 0 && r.width > 0 };
  });
  assert.equal(skip.cls, 'skip');
  assert.ok(skip.visible, 'the skip link appears when focused');
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return { tag: e.tagName, bg: s.backgroundColor, outline: s.outlineStyle + ' ' + s.outlineColor, shadow: s.boxShadow };
    });
    if (f.tag === 'BODY') break;
    const yellow = f.bg === 'rgb(255, 221, 0)' || f.outline.includes('rgb(255, 221, 0)');
    assert.ok(yellow, `focused ${f.tag} shows the focus style (${JSON.stringify(f)})`);
  }
  await ctx.close();
});

test('print: navigation hidden; checklists, contacts and phone numbers printed', async () => {
  const ctx = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.emulateMedia({ media: 'print' });
  await page.goto(`${BASE}/ru/modules/documents/`);
  for (const sel of ['nav.menu', 'nav.langs', 'nav.crumbs', 'nav.pager']) {
    assert.equal(await page.locator(sel).isVisible(), false, `${sel} hidden in print`);
  }
  assert.equal(await page.locator('.checklist').isVisible(), true);
  assert.ok(await page.locator('.checklist li').count() >= 3);
  assert.equal(await page.locator('.help .contact').first().isVisible(), true);
  await page.goto(`${BASE}/ru/legal-aid/`);
  assert.equal(await page.locator('.orgs .contact a.tel').first().isVisible(), true);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000, 'prints to PDF');
  if (process.env.SAPAR_SHOTS) fs.writeFileSync(`${process.env.SAPAR_SHOTS}/directory-print.pdf`, pdf);
  await ctx.close();
});
