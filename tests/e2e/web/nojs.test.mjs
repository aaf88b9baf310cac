// With JavaScript off, the portal is fully usable: search submits and the server shows
// results, quiz answers open, the language switcher and the menu are plain links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, launch } from './lib.mjs';

let browser, ctx, page;
before(async () => {
  browser = await launch();
  ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, serviceWorkers: 'block' });
  page = await ctx.newPage();
});
after(async () => { await browser?.close(); });

test('no JS: the search form on the home page submits and results are shown', async () => {
  await page.goto(`${BASE}/ru/`);
  await page.fill('main input[type=search]', 'консульство');
  await Promise.all([page.waitForURL(/\/ru\/search\/\?q=/), page.click('main form[role=search] button')]);
  assert.match(await page.locator('main [role=status]').innerText(), /\d/);
  const results = page.locator('ol.results > li');
  assert.ok(await results.count() >= 1, 'at least one result');
  const first = results.first().locator('a').first();
  const href = await first.getAttribute('href');
  assert.match(href, /^\/ru\//);
  await Promise.all([page.waitForURL((u) => u.pathname === href.split('#')[0]), first.click()]);
  assert.ok(await page.locator('h1').count() === 1);
});

test('no JS: an empty result says so and suggests the hotline', async () => {
  await page.goto(`${BASE}/ky/search/?q=zzzqqq`);
  assert.match(await page.locator('main').innerText(), /1899/);
});

test('no JS: quiz answers open in <details>', async () => {
  await page.goto(`${BASE}/ky/modules/documents/`);
  const details = page.locator('.quiz details').first();
  assert.equal(await details.getAttribute('open'), null);
  assert.equal(await details.locator('p').isVisible(), false, 'answer hidden at first');
  await details.locator('summary').click();
  assert.equal(await details.locator('p').isVisible(), true, 'answer shown');
  assert.match(await details.locator('p').innerText(), /15/);
});

test('no JS: the language switcher goes to the same page in another language', async () => {
  await page.goto(`${BASE}/ky/guides/russia/`);
  await Promise.all([page.waitForURL(`${BASE}/ru/guides/russia/`), page.click('nav.langs a[hreflang=ru]')]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
});

test('no JS: the menu, breadcrumbs and previous/next links work', async () => {
  await page.goto(`${BASE}/en/`);
  await Promise.all([page.waitForURL(/\/en\/modules\/$/), page.click('nav.menu a[href="/en/modules/"]')]);
  await page.click('main ol.list a >> nth=0');
  await page.waitForURL(/\/en\/modules\/[^/]+\/$/);
  const first = page.url();
  await page.click('nav.pager a[rel=next]');
  await page.waitForURL((u) => u.href !== first);
  await page.click('nav.pager a[rel=prev]');
  await page.waitForURL(first);
  await page.click('nav.crumbs a >> nth=0');
  await page.waitForURL(`${BASE}/en/`);
});
