// Checks of the built files themselves: metadata on every page, what the CSP allows, the
// manifest, the JSON-LD of the directory and the service worker's precache list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { PUBLIC, htmlFiles, fileOf, urlOf } from './lib.mjs';

const pages = htmlFiles().map((f) => ({ file: f, url: urlOf(f), html: fs.readFileSync(`${PUBLIC}/${f}`, 'utf8') }));
const redirect = (p) => p.html.includes('http-equiv="refresh"');
// Kiosk screens are self-contained players for the LED panels, tested by kiosk.spec.mjs; the
// translation dashboard and the kiosk overview (in every language) are plain pages for editors,
// outside the portal's theme.
const portal = pages.filter((p) => !redirect(p) && !/^([a-z]{2}\/)?(kiosk|translations)\//.test(p.file));
const attr = (html, re) => { const m = html.match(re); return m ? m[1] : null; };
const LANGS = ['ky', 'ru', 'en'];

test('every page has lang, title, description, theme colour, manifest, icon and Open Graph', () => {
  const bad = [];
  for (const p of portal) {
    const need = {
      lang: /<html lang="(ky|ru|en)"/, title: /<title>[^<]{3,}<\/title>/, description: /<meta name="description" content="[^"]{10,}">/,
      'theme-color': /<meta name="theme-color" content="#[0-9a-f]{6}">/, manifest: /<link rel="manifest" href="\/manifest.webmanifest">/,
      icon: /<link rel="icon" href="\/favicon.svg"/, 'og:locale': /<meta property="og:locale" content="[a-z]{2}_[A-Z]{2}">/,
      'og:title': /<meta property="og:title" content="[^"]+">/, viewport: /<meta name="viewport"/,
    };
    for (const [k, re] of Object.entries(need)) if (!re.test(p.html)) bad.push(`${p.file}: no ${k}`);
  }
  assert.deepEqual(bad, []);
});

test('canonical and hreflang alternates point at built pages; noindex pages have none', () => {
  const bad = [];
  for (const p of portal) {
    const noindex = p.html.includes('<meta name="robots" content="noindex">');
    const canonical = attr(p.html, /<link rel="canonical" href="([^"]+)">/);
    if (noindex) continue;
    if (!canonical) { bad.push(`${p.file}: no canonical`); continue; }
    const local = canonical.replace(/^https?:\/\/[^/]+/, '');
    if (!fileOf(local)) bad.push(`${p.file}: canonical ${canonical} not built`);
    const alts = [...p.html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)];
    if (!alts.some((a) => a[1] === 'x-default')) bad.push(`${p.file}: no x-default`);
    for (const [, , href] of alts) if (!fileOf(href.replace(/^https?:\/\/[^/]+/, ''))) bad.push(`${p.file}: alternate ${href} not built`);
    const locales = [...p.html.matchAll(/<meta property="og:locale:alternate" content="([^"]+)">/g)].map((m) => m[1]);
    const lang = attr(p.html, /<html lang="([^"]+)"/);
    const others = alts.filter((a) => a[1] !== 'x-default' && a[1] !== lang).length;
    if (locales.length !== others) bad.push(`${p.file}: ${locales.length} og:locale:alternate for ${others} other languages`);
  }
  assert.deepEqual(bad, []);
});

test('accessible structure: skip link to main, landmarks, one h1, hotline tel: link in the header', () => {
  const bad = [];
  for (const p of portal) {
    const h = p.html;
    if (!h.includes('<a class="skip" href="#main">')) bad.push(`${p.file}: skip link`);
    if (!/<main id="main"/.test(h)) bad.push(`${p.file}: main#main`);
    if (!/<header class="top">/.test(h)) bad.push(`${p.file}: header`);
    if ((h.match(/<h1[ >]/g) || []).length !== 1) bad.push(`${p.file}: not exactly one h1`);
    if (!/<header class="top">[\s\S]*<a class="hotline" href="tel:1899">[\s\S]*<\/header>/.test(h)) bad.push(`${p.file}: hotline in header`);
    if (p.url !== '/' && !/<footer class="foot">/.test(h)) bad.push(`${p.file}: footer`);
    if (p.url !== '/' && !/<nav class="menu" aria-label="[^"]+">/.test(h)) bad.push(`${p.file}: menu`);
    if (p.url !== '/' && !/<nav class="langs" aria-label="[^"]+">/.test(h)) bad.push(`${p.file}: language switcher`);
  }
  assert.deepEqual(bad, []);
});

test('CSP-safe: no inline scripts, styles or handlers; scripts are external and deferred (app.js; search.js on search pages)', () => {
  const bad = [];
  for (const p of portal) {
    for (const m of p.html.matchAll(/<script\b([^>]*)>/g)) {
      const a = m[1];
      if (/type="application\/ld\+json"/.test(a)) continue;
      const known = /\bsrc="\/app\.js"/.test(a) || (/\bsrc="\/search\.js"/.test(a) && p.file.endsWith('search/index.html'));
      if (!known || !/\bdefer\b/.test(a)) bad.push(`${p.file}: <script${a}>`);
    }
    if (/\sstyle="/.test(p.html)) bad.push(`${p.file}: style attribute`);
    if (/<style[\s>]/.test(p.html)) bad.push(`${p.file}: <style>`);
    if (/\son[a-z]+="/.test(p.html)) bad.push(`${p.file}: event handler attribute`);
  }
  assert.deepEqual(bad, []);
});

test('tel: links are E.164 or a short number, and no page calls the hotline free', () => {
  const bad = [];
  for (const p of portal) {
    for (const [, tel] of p.html.matchAll(/href="tel:([^"]*)"/g)) {
      if (!/^(\+[1-9]\d{6,14}|\d{3,6})$/.test(tel)) bad.push(`${p.file}: tel:${tel}`);
    }
    if (/free hotline|бесплатн\w* горяч|акысыз ысык/i.test(p.html)) bad.push(`${p.file}: calls the hotline free`);
  }
  assert.deepEqual(bad, []);
});

test('directory: JSON-LD with GovernmentOrganization and ContactPoint, safe inside <script>', () => {
  for (const lang of LANGS) {
    const html = fs.readFileSync(`${PUBLIC}/${lang}/legal-aid/index.html`, 'utf8');
    const m = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
    assert.ok(m, `${lang}: JSON-LD block`);
    assert.ok(!/<\/|<!--/.test(m[1]), 'nothing in it can close the script element');
    const data = JSON.parse(m[1]);
    assert.equal(data['@context'], 'https://schema.org');
    const orgs = data['@graph'];
    const ids = [...html.matchAll(/<article class="contact" id="org-([^"]+)">/g)].map((x) => x[1]);
    assert.equal(orgs.length, ids.length, 'one organisation per directory entry');
    assert.ok(orgs.some((o) => o['@type'] === 'GovernmentOrganization'));
    const points = orgs.filter((o) => o.contactPoint).map((o) => o.contactPoint);
    assert.ok(points.length >= 1 && points.every((c) => c['@type'] === 'ContactPoint' && /^(\+\d+|\d{3,6})$/.test(c.telephone)));
    // Every phone in the data is one the page shows, none added.
    for (const c of points) assert.ok(html.includes(`href="tel:${c.telephone}"`), c.telephone);
  }
  for (const p of portal.filter((x) => !x.url.includes('/legal-aid/'))) {
    assert.ok(!p.html.includes('application/ld+json'), `${p.file}: JSON-LD only on the directory`);
  }
});

test('directory: grouped by topic and by country, with "last checked" dates', () => {
  const html = fs.readFileSync(`${PUBLIC}/ru/legal-aid/index.html`, 'utf8');
  assert.match(html, /id="topic-legal-aid"/);
  assert.match(html, /id="country-KG"/);
  assert.match(html, /id="country-RU"/);
  const cards = html.match(/<article class="contact"/g).length;
  const dates = html.match(/<dt>Данные проверены<\/dt><dd><time datetime="\d{4}-\d{2}-\d{2}">/g).length;
  assert.equal(dates, cards, 'every entry has its verification date');
});

test('web app manifest is valid JSON and its icons exist', () => {
  const m = JSON.parse(fs.readFileSync(`${PUBLIC}/manifest.webmanifest`, 'utf8'));
  for (const k of ['name', 'short_name', 'start_url', 'display', 'theme_color', 'background_color']) assert.ok(m[k], k);
  assert.ok(m.icons.some((i) => i.sizes === '512x512'));
  for (const i of m.icons) assert.ok(fileOf(i.src), i.src);
});

test('the precache list is generated from the site and covers hotline, directory and course in every language', () => {
  const ctx = { self: {} };
  vm.runInNewContext(fs.readFileSync(`${PUBLIC}/sw-precache.js`, 'utf8'), ctx);
  const list = ctx.self.SAPAR_PRECACHE;
  assert.match(list.version, /^[0-9a-f]{16}$/);
  assert.ok(list.common.includes('/style.css') && list.common.includes('/app.js'));
  for (const u of list.common) assert.ok(fileOf(u), u);
  for (const lang of LANGS) {
    const urls = list.pages[lang];
    for (const u of urls) assert.ok(fileOf(u), `${u} is built`);
    for (const u of [`/${lang}/hotline/`, `/${lang}/legal-aid/`, `/${lang}/modules/`, `/${lang}/offline/`]) assert.ok(urls.includes(u), `${lang}: ${u}`);
    const modules = fs.readdirSync(`${PUBLIC}/${lang}/modules`).filter((d) => fs.existsSync(`${PUBLIC}/${lang}/modules/${d}/index.html`));
    assert.equal(modules.length, 8, 'eight course modules');
    for (const d of modules) assert.ok(urls.includes(`/${lang}/modules/${d}/`), `${lang}: module ${d}`);
    assert.equal(list.offline[lang], `/${lang}/offline/`);
  }
});

test('unreviewed translations link to the original in the footer notice', () => {
  let reviewed = 0;
  for (const p of portal) {
    if (!p.html.includes('class="notice review"')) continue;
    reviewed++;
    const m = p.html.match(/<p class="notice review">[^<]*<a href="([^"]+)" hreflang="([a-z]{2})">/);
    assert.ok(m, `${p.file}: the notice links to the original`);
    assert.ok(fileOf(m[1]), `${p.file}: ${m[1]} is built`);
    assert.ok(m[1].startsWith(`/${m[2]}/`));
  }
  assert.ok(reviewed > 0, 'the shipped content has unreviewed translations');
});
