// Browser tests of the kiosk players (public/kiosk/<id>/index.html) in headless Chromium with
// the network off and a fake clock (Playwright's page.clock). Run through `tests/e2e/run`, which
// builds the site with an extra alert slide active from KIOSK_ALERT_FROM to KIOSK_ALERT_UNTIL.
//
// Kiosks keep their own time zone (utc_offset, +06:00 here), so all times below are Bishkek
// wall-clock times turned into UTC instants.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const SITE = process.env.KIOSK_SITE;
const ALERT_FROM = process.env.KIOSK_ALERT_FROM;
const ALERT_UNTIL = process.env.KIOSK_ALERT_UNTIL;
const ALERT_ID = 'e2e-alert';
if (!SITE || !ALERT_FROM || !ALERT_UNTIL) {
  throw new Error('run through tests/e2e/run (KIOSK_SITE, KIOSK_ALERT_FROM, KIOSK_ALERT_UNTIL)');
}

const kiosks = fs.readdirSync(SITE, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const playlist = (id) => JSON.parse(fs.readFileSync(path.join(SITE, id, 'playlist.json'), 'utf8'));
const pageUrl = (id) => pathToFileURL(path.join(SITE, id, 'index.html')).href;

/** A Bishkek wall-clock time (`2026-12-03`, `12:00`) as a Date (UTC+6, no daylight saving). */
function bishkek(day, hhmm, offsetMinutes = 360) {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.parse(`${day}T00:00:00Z`) + ((h * 60 + m) - offsetMinutes) * 60000);
}
function addDays(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}
const DURING_ALERT = addDays(ALERT_FROM, 1);
const AFTER_ALERT = addDays(ALERT_UNTIL, 5);

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

/**
 * Opens a kiosk offline at a fake time, with the clock paused so that every second is stepped
 * by the test. Returns the page and the requests it made.
 */
async function open(id, at, { javaScriptEnabled = true } = {}) {
  const { screen } = playlist(id);
  const context = await browser.newContext({
    offline: true,
    javaScriptEnabled,
    viewport: { width: screen.width, height: screen.height },
  });
  const page = await context.newPage();
  const url = pageUrl(id);
  const requests = [];
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (javaScriptEnabled) {
    // Paused before the page loads, so the player starts exactly at `at` however slow the load.
    await page.clock.install({ time: new Date(at.getTime() - 1000) });
    await page.clock.pauseAt(at);
  }
  await page.goto(url);
  return { page, context, requests, errors };
}

const state = (page) => page.evaluate(() => window.saparKiosk.state());

/** What is on screen: the one visible frame, checked against the player's own state. */
async function visible(page) {
  const shown = await page.$$eval('.frame', (fs) => fs
    .filter((f) => !f.hidden && getComputedStyle(f).display !== 'none')
    .map((f) => ({ slide: f.dataset.slide, lang: f.dataset.lang, text: f.textContent })));
  assert.equal(shown.length, 1, `exactly one frame on screen, got ${JSON.stringify(shown)}`);
  return shown[0];
}

test('every kiosk plays offline with zero network requests and shows the hotline', async () => {
  assert.equal(kiosks.length, 9, `nine kiosks: ${kiosks}`);
  for (const id of kiosks) {
    const { page, context, requests, errors } = await open(id, bishkek(AFTER_ALERT, '12:00'));
    const f = await visible(page);
    assert.ok(f.text.includes('1899'), `${id}: hotline on screen`);
    assert.equal(await page.isVisible('#static'), false, `${id}: the player replaced the static screen`);
    const s = await state(page);
    assert.equal(s.wrong, false, id);
    assert.equal(s.alert, false, `${id}: no alert after the alert's end`);
    const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    const { screen } = playlist(id);
    assert.deepEqual(size, [screen.width, screen.height], `${id}: page fits the screen`);
    await page.clock.runFor(30000);
    assert.deepEqual(requests, [], `${id}: network requests`);
    assert.deepEqual(errors, [], `${id}: script errors`);
    await context.close();
  }
});

test('rotates through every regular slide, each in every language, for its duration', async () => {
  const id = 'manas-1';
  const p = playlist(id);
  const expected = [];
  for (const s of p.slides.filter((s) => !s.alert)) {
    for (const f of s.frames) expected.push({ slide: s.id, lang: f.lang, duration: s.duration });
  }
  assert.ok(expected.length >= 27, `9 slides × 3 languages, got ${expected.length}`);
  const { page, context } = await open(id, bishkek(AFTER_ALERT, '10:00'));
  const seen = [];
  let last = null;
  let since = 0;
  const total = expected.reduce((a, e) => a + e.duration, 0);
  for (let t = 0; t <= total + 1; t++) {
    const f = await visible(page);
    const key = `${f.slide}/${f.lang}`;
    if (key !== last) {
      if (seen.length) seen[seen.length - 1].shownFor = t - since;
      seen.push({ slide: f.slide, lang: f.lang });
      const html = await page.evaluate(() => [document.documentElement.lang, document.body.dataset.lang]);
      assert.deepEqual(html, [f.lang, f.lang], 'the page language follows the frame');
      last = key; since = t;
    }
    await page.clock.runFor(1000);
  }
  // One whole loop, then back to the first slide.
  assert.deepEqual(seen.slice(0, expected.length).map((s) => `${s.slide}/${s.lang}`),
    expected.map((e) => `${e.slide}/${e.lang}`));
  assert.equal(`${seen[expected.length].slide}/${seen[expected.length].lang}`,
    `${expected[0].slide}/${expected[0].lang}`, 'the loop starts again');
  // Every full showing lasted the slide's duration (the first one started with the page).
  for (let i = 1; i < expected.length; i++) {
    assert.equal(seen[i].shownFor, expected[i].duration, `${seen[i].slide}/${seen[i].lang}`);
  }
  await context.close();
});

test('an active alert shows on every kiosk', async () => {
  for (const id of kiosks) {
    const { page, context, requests } = await open(id, bishkek(DURING_ALERT, '12:00'));
    for (let i = 0; i < 3; i++) {
      const f = await visible(page);
      assert.equal(f.slide, ALERT_ID, `${id}: alert on screen`);
      assert.equal(await page.evaluate(() => document.body.dataset.alert), 'true');
      await page.clock.runFor(7000);
    }
    const langs = new Set();
    for (let i = 0; i < 40; i++) { langs.add((await visible(page)).lang); await page.clock.runFor(1000); }
    assert.deepEqual([...langs].sort(), [...playlist(id).languages].sort(), `${id}: the alert cycles languages`);
    assert.deepEqual(requests, []);
    await context.close();
  }
});

test('an alert pre-empts the loop when it starts and gives it back when it expires', async () => {
  const { page, context } = await open('bishkek-2-station', bishkek(addDays(ALERT_FROM, -1), '23:59'));
  assert.notEqual((await visible(page)).slide, ALERT_ID);
  await page.clock.runFor(62000); // past midnight: the alert's first day
  assert.equal((await visible(page)).slide, ALERT_ID, 'pre-empted within seconds of the start');
  // Jump to the last minute of its last day, then past midnight.
  await page.clock.pauseAt(bishkek(ALERT_UNTIL, '23:59'));
  await page.clock.runFor(2000);
  assert.equal((await visible(page)).slide, ALERT_ID, 'still on its last day');
  await page.clock.runFor(62000);
  assert.notEqual((await visible(page)).slide, ALERT_ID, 'expired: the loop is back');
  await context.close();
});

test('an expired alert never shows', async () => {
  // The shipped example alert (2025) and the test alert are both over at this time.
  for (const id of ['manas-1', 'osh-airport-2']) {
    const { page, context } = await open(id, bishkek(AFTER_ALERT, '09:00'));
    const alerts = playlist(id).slides.filter((s) => s.alert).map((s) => s.id);
    assert.ok(alerts.includes('alert-pre-departure-opening') && alerts.includes(ALERT_ID), `${id}: ${alerts}`);
    for (let t = 0; t < 400; t += 2) {
      const f = await visible(page);
      assert.ok(!alerts.includes(f.slide), `${id}: expired alert ${f.slide} on screen`);
      await page.clock.runFor(2000);
    }
    await context.close();
  }
});

test('a wrong clock plays the loop instead of a black screen', async () => {
  for (const at of [new Date('1970-01-01T00:00:00Z'), new Date('2001-01-01T12:00:00Z')]) {
    const { page, context } = await open('manas-2', at);
    const s = await state(page);
    assert.equal(s.wrong, true, String(at));
    const f = await visible(page);
    assert.ok(f.text.includes('1899'));
    assert.equal(s.alert, false);
    const first = f.slide;
    await page.clock.runFor(60000);
    assert.notEqual((await visible(page)).slide, first, 'it keeps rotating');
    await context.close();
  }
});

test('dims in quiet hours, and only then', async () => {
  // batken: quiet = "22:00-07:00", a window across midnight.
  for (const [hhmm, quiet] of [['23:30', true], ['03:00', true], ['06:59', true], ['12:00', false], ['21:59', false]]) {
    const { page, context } = await open('batken', bishkek(AFTER_ALERT, hhmm));
    const q = await page.evaluate(() => [document.body.classList.contains('quiet'),
      getComputedStyle(document.getElementById('stage')).filter]);
    assert.equal(q[0], quiet, `${hhmm}`);
    assert.equal(q[1].includes('brightness'), quiet, `${hhmm}: ${q[1]}`);
    await context.close();
  }
  // Airports have no quiet hours.
  const { page, context } = await open('manas-1', bishkek(AFTER_ALERT, '03:00'));
  assert.equal(await page.evaluate(() => document.body.classList.contains('quiet')), false);
  await context.close();
});

test('moves the picture a few pixels every minute against burn-in', async () => {
  const { page, context } = await open('ctgr-osh', bishkek(AFTER_ALERT, '12:00'));
  const shifts = new Set();
  for (let i = 0; i < 5; i++) {
    const s = await state(page);
    shifts.add(s.shift.join(','));
    assert.ok(Math.abs(s.shift[0]) <= 4 && Math.abs(s.shift[1]) <= 4, `${s.shift}`);
    await page.clock.runFor(60000);
  }
  assert.ok(shifts.size >= 4, `positions: ${[...shifts]}`);
  assert.match(await page.evaluate(() => document.getElementById('stage').style.transform), /translate\(/);
  await context.close();
});

test('without JavaScript the screen still shows the hotline and the first slide in each language', async () => {
  for (const id of ['manas-1', 'osh-airport-2']) {
    const { page, context, requests } = await open(id, null, { javaScriptEnabled: false });
    assert.equal(await page.isVisible('#static'), true);
    assert.equal(await page.isVisible('#stage'), false);
    const text = await page.textContent('#static');
    assert.ok(text.includes('1899'), 'hotline');
    const first = playlist(id).slides.find((s) => !s.alert);
    for (const f of first.frames) assert.ok(text.includes(f.title), `${id}: ${f.lang} title «${f.title}»`);
    assert.deepEqual(requests, []);
    await context.close();
  }
});

test("the player's schedule decisions agree with the rules' own cases", async () => {
  // schedule-cases.json is the table the Rust unit tests check against the rules in
  // src/model/schedule.rs, with the ranges the build resolves each schedule into: run here
  // through the player's own functions, the script must give the same answers.
  const table = JSON.parse(fs.readFileSync(new URL('./schedule-cases.json', import.meta.url), 'utf8'));
  const { page, context } = await open('manas-1', bishkek(AFTER_ALERT, '12:00'));
  const results = await page.evaluate((table) => {
    const K = window.saparKiosk;
    const minute = (when) => {
      const [day, hhmm] = when.split(' ');
      const [h, m] = hhmm.split(':').map(Number);
      return Date.parse(`${day}T00:00:00Z`) / 60000 + h * 60 + m;
    };
    const out = [];
    for (const c of table.schedules) {
      for (const [when, want] of c.at) out.push([`${c.name}: ${when}`, K.active(c.ranges, minute(when)), want]);
    }
    // 2025-06-06T18:30:00Z is 00:30 on the 7th in Bishkek, the kiosk's time zone.
    out.push(['local clock', K.minute(Date.parse('2025-06-06T18:30:00Z')), minute('2025-06-07 00:30')]);
    return out;
  }, table);
  assert.ok(results.length >= 20, `${results.length} cases`);
  for (const [name, got, want] of results) assert.equal(got, want, name);
  await context.close();
});
