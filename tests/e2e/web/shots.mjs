// Screenshots of the main page types at phone (360×740) and desktop (1280×900) size, for a
// person to look at. Not a test. run-web calls it when SAPAR_SHOTS names a folder:
//   SAPAR_SHOTS=/tmp/shots tests/e2e/run-web
// PARTS=n also takes the next n-1 screens further down each page.
import { BASE, PHONE, DESKTOP, launch } from './lib.mjs';

const out = process.env.SAPAR_SHOTS;
const parts = Number(process.env.PARTS || 1);
const PAGES = {
  home: '/ky/', guide: '/ru/guides/russia/', module: '/ky/modules/documents/', directory: '/ru/legal-aid/',
  news: '/ru/news/', 'news-item': '/ky/news/pdorc-opened/', search: '/ru/search/?q=' + encodeURIComponent('консульство'),
  chooser: '/', '404': '/ky/no-such-page/', offline: '/en/offline/',
};
const browser = await launch();
for (const [tag, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  const ctx = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  for (const [name, url] of Object.entries(PAGES)) {
    await page.goto(BASE + url);
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let i = 0; i < parts && i * viewport.height < total; i++) {
      const h = Math.min(viewport.height, total - i * viewport.height);
      await page.screenshot({ path: `${out}/${name}-${tag}${parts > 1 ? `-${i + 1}` : ''}.png`, fullPage: true, clip: { x: 0, y: i * viewport.height, width: viewport.width, height: h } });
    }
  }
  await ctx.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
