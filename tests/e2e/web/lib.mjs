// Shared by the web tests: where the built site is, the page types, and the browser.
// run-web sets SAPAR_BASE (the `sapar serve` of the built copy) and SAPAR_PUBLIC (its files).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.SAPAR_BASE || '';
export const PUBLIC = process.env.SAPAR_PUBLIC || '';
if (!BASE || !PUBLIC) {
  throw new Error('SAPAR_BASE and SAPAR_PUBLIC are not set: run these tests with tests/e2e/run-web');
}

/** One page of each type the portal has (the list), by URL on the server. */
export const PAGE_TYPES = {
  chooser: '/',
  home: '/ky/',
  'home-ru': '/ru/',
  'guide-list': '/ru/guides/',
  guide: '/ru/guides/russia/',
  'guide-ky': '/ky/guides/south-korea/',
  'module-list': '/ky/modules/',
  module: '/ky/modules/documents/',
  'module-en': '/en/modules/money/',
  directory: '/ru/legal-aid/',
  'directory-ky': '/ky/legal-aid/',
  'news-list': '/en/news/',
  'news-item': '/ky/news/pdorc-opened/',
  hotline: '/ru/hotline/',
  about: '/en/about/',
  search: '/ru/search/',
  'search-results': '/ru/search/?q=' + encodeURIComponent('консульство'),
  'search-none': '/ky/search/?q=zzzqqq',
  '404': '/ky/no-such-page/',
  offline: '/en/offline/',
};

/** Every built HTML file, relative to PUBLIC. */
export function htmlFiles(dir = PUBLIC, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...htmlFiles(dir, r));
    else if (e.name.endsWith('.html')) out.push(r);
  }
  return out.sort();
}

/** The URL a built file answers at: `ky/index.html` → `/ky/`. */
export function urlOf(file) {
  return '/' + file.replace(/(^|\/)index\.html$/, '$1');
}

/** The built file behind a URL path, or null. */
export function fileOf(url) {
  const p = url.split(/[?#]/)[0];
  const f = p.endsWith('/') ? `${p}index.html` : p;
  const full = path.join(PUBLIC, f);
  return fs.existsSync(full) && fs.statSync(full).isFile() ? full : null;
}

export const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export function launch() {
  return chromium.launch(LAUNCH);
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };
