// Search on a plain static host: public/ served by a file server that knows nothing of Sapar
// (run-static starts python3's http.server), so /api/search does not exist and the search page
// comes without results. search.js must find the pages with the static bundle, in ky (also
// typed on a Russian keyboard), ru and en; and after one visit, with the network cut, a new
// query must still find pages (the service worker keeps the reader's language of the bundle).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, launch } from '../web/lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function results(page, lang, q) {
  await page.goto(`${BASE}/${lang}/search/?q=${encodeURIComponent(q)}`);
  await page.locator('#static-search h2.count').waitFor({ timeout: 15000 });
  return page.locator('#static-search ol.results li > a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
}

test('a static host has no search API: the page comes without results', async () => {
  const res = await fetch(`${BASE}/api/search?q=x`);
  assert.equal(res.status, 404);
});

for (const [lang, q, want] of [
  ['ky', 'паспорт', '/ky/modules/documents/'],
  // «укуктарыныз» is «укуктарыңыз» (your rights) typed on a Russian keyboard.
  ['ky', 'укуктарыныз', '/ky/modules/workers-rights/'],
  ['ru', 'консульство', '/ru/legal-aid/'],
  ['en', 'passport', '/en/modules/documents/'],
  // One typo: «pasport».
  ['en', 'pasport', '/en/modules/documents/'],
]) {
  test(`static search: ${lang} «${q}» finds ${want}`, async () => {
    const ctx = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const hrefs = await results(page, lang, q);
    assert.ok(hrefs.slice(0, 5).some((h) => h.startsWith(want)), `${want} in the first five: ${hrefs.join(' ')}`);
    // The reader's language first.
    const first = hrefs.findIndex((h) => !h.startsWith(`/${lang}/`));
    assert.ok(first < 0 || hrefs.slice(first).every((h) => !h.startsWith(`/${lang}/`)), hrefs.join(' '));
    assert.match(await page.locator('#static-search h2.count').innerText(), /\d/);
    // The search box shows the query, as the server's page does.
    assert.equal(await page.locator('main input[name="q"]').first().inputValue(), q);
    await ctx.close();
  });
}

// The maps a manifest entry may name for the query's analysis, each given to English here
// through the network (the shipped languages need neither):
// - accents: a language with no stemmer (uz, tg, …) is indexed lowercased and accent-folded,
//   and search.js folds the query's letters by the map;
// - forms: a Snowball language the browser's analysis does not stem (tr, de, …) ships its
//   pages' words with their stems, and search.js looks the query's words up in them.
// Each query is two or more letters off, so no typo match finds the page without its map.
for (const [key, q, map] of [
  ['accents', 'pásspórt', { 'á': 'a', 'ó': 'o' }],
  ['forms', 'pasaportunuz', { pasaportunuz: 'passport' }],
]) {
  test(`static search: a language with a${key === 'accents' ? 'n' : ''} ${key} map finds «${q}» as passport`, async () => {
    const ctx = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    assert.ok(!(await results(page, 'en', q)).some((h) => h.startsWith('/en/modules/documents/')));
    await page.route('**/search/manifest.json', async (route) => {
      const res = await route.fetch();
      const manifest = await res.json();
      manifest.languages.en[key] = `/test-${key}.json`;
      await route.fulfill({ response: res, json: manifest });
    });
    await page.route(`**/test-${key}.json`, (route) => route.fulfill({ json: map }));
    const hrefs = await results(page, 'en', q);
    assert.ok(hrefs.slice(0, 5).includes('/en/modules/documents/'), hrefs.join(' '));
    await ctx.close();
  });
}

// The result lines come from small files (32 pages each) fetched for the shown results only:
// each shown title and description must be its own page's, in the reader's language and in
// another (a Russian word searched from the English page lists Russian and Kyrgyz pages, in
// more than one file: «паспорт» is on more than 32 pages).
test('static search: every shown result has its own page\'s title and description', async () => {
  const ctx = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const fetched = [];
  page.on('request', (r) => { if (/\/search\/\w+\/docs\d+\./.test(r.url())) fetched.push(r.url()); });
  const hrefs = await results(page, 'en', 'паспорт');
  assert.ok(hrefs.length >= 10 && hrefs.some((h) => h.startsWith('/ru/')), hrefs.join(' '));
  const shown = await page.locator('#static-search ol.results li').evaluateAll((lis) => lis.map((li) => ({
    href: li.querySelector('a').getAttribute('href'),
    title: li.querySelector('a').textContent,
    description: li.querySelector('p').textContent,
  })));
  const other = await ctx.newPage();
  for (const r of shown) {
    await other.goto(BASE + r.href);
    const text = await other.evaluate(() => [document.title,
      document.querySelector('meta[name="description"]')?.content || '', document.body.innerText].join('\n'));
    assert.ok(r.title && text.includes(r.title), `${r.href}: its page does not show «${r.title}»`);
    assert.ok(r.description && text.includes(r.description.slice(0, 40)), `${r.href}: its page does not show «${r.description}»`);
  }
  // Only the files of the shown results, each once.
  assert.ok(fetched.length >= 2 && new Set(fetched).size === fetched.length, fetched.join(' '));
  await ctx.close();
});

test('static search: nothing found says so and gives the help line', async () => {
  const ctx = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  assert.deepEqual(await results(page, 'ky', 'zzzqqqxxx'), []);
  assert.ok((await page.locator('#static-search p').innerText()).includes('1899'));
  await ctx.close();
});

// An analyser that cannot start (a Content-Security-Policy without 'wasm-unsafe-eval' did
// this on the Sapar server) must say that search is unavailable, never that nothing matched.
for (const lang of ['ky', 'ru', 'en']) {
  test(`static search: an analyser that cannot start says search is unavailable (${lang})`, async () => {
    const ctx = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(`${BASE}/${lang}/search/?q=passport`);
    const h2 = page.locator('#static-search h2.count');
    await h2.waitFor({ timeout: 15000 });
    const box = page.locator('#static-search');
    const unavailable = await box.getAttribute('data-unavailable');
    assert.ok(unavailable && unavailable.length > 10, `no message in ${lang}`);
    assert.equal(await h2.innerText(), unavailable);
    assert.equal(await page.locator('#static-search ol.results').count(), 0);
    await ctx.close();
  });
}

test('offline after one visit: a new query still finds pages, and every country guide opens', async () => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  assert.ok((await results(page, 'ky', 'паспорт')).length > 0);
  const kept = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const cache = await caches.open('search-bundle');
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(kept.includes('/search/manifest.json') && kept.some((p) => p.endsWith('.wasm')), kept.join(' '));
  assert.ok(kept.filter((p) => p.startsWith('/search/ky/')).length > 10, 'the reader\'s language whole');
  await page.goto(`${BASE}/ky/offline/`);
  const offlineTitle = await page.locator('h1').innerText();
  await ctx.setOffline(true);
  // The worker leaves /api/ to the network, which is gone.
  await assert.rejects(page.evaluate(() => fetch('/api/search?q=x').then((r) => r.text())));
  const hrefs = await results(page, 'ky', 'мигранттардын укуктары');
  assert.ok(hrefs.length > 0, 'a new query finds pages offline');
  assert.ok(hrefs.every((h) => h.startsWith('/ky/')), hrefs.join(' '));
  // Guides never opened are readable too.
  for (const url of ['/ky/guides/', '/ky/guides/russia/', '/ky/guides/south-korea/', '/ky/guides/uae/']) {
    await page.goto(BASE + url);
    const h1 = await page.locator('h1').innerText();
    assert.ok(h1 && h1 !== offlineTitle, `${url}: ${h1}`);
  }
  await ctx.close();
});
