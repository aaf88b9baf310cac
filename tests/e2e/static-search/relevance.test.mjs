// The everyday queries of tests/relevance.toml (what migrants type: their own words, the first
// person, colloquial) must find their page in the top 3 in the static search too, as they do on
// the server (tests/it/relevance.rs): the same table, run through search.js, the WebAssembly
// analysis, the bundle's shards and the synonyms in its manifest, on a host with no Sapar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BASE, PHONE, launch } from '../web/lib.mjs';

const cases = JSON.parse(fs.readFileSync(process.env.SAPAR_RELEVANCE, 'utf8'));

let browser, ctx;
before(async () => {
  browser = await launch();
  ctx = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
});
after(async () => { await browser?.close(); });

test('the table has the everyday queries of all three languages', () => {
  for (const lang of ['ky', 'ru', 'en']) {
    assert.ok(cases.filter((c) => c.lang === lang).length >= 7, `${lang}: ${cases.length} cases in all`);
  }
});

for (const c of cases) {
  test(`static search, ${c.lang}: «${c.q}» finds ${c.url} in the top 3`, async () => {
    const page = await ctx.newPage();
    await page.goto(`${BASE}/${c.lang}/search/?q=${encodeURIComponent(c.q)}`);
    await page.locator('#static-search h2.count').waitFor({ timeout: 15000 });
    const hrefs = await page.locator('#static-search ol.results li > a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    await page.close();
    assert.ok(hrefs.slice(0, 3).includes(c.url), `${c.why}\n  top 3: ${hrefs.slice(0, 3).join(' ')}`);
  });
}
