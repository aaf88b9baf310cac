// The editing interface in the editors' languages (issue 24), in Debian's headless Chromium on
// the `sapar serve` of tests/e2e/run-admin: a Russian browser gets Decap's Russian words and the
// form's labels and country names from the theme's Russian strings; the language chooser
// switches to Kyrgyz and is remembered; a date typed as an editor writes it, 28.05.2025, is
// kept as 2025-05-28; a new page without a folder name or with a title ending in a space is
// refused in the form and writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.SAPAR_BASE;
const ROOT = process.env.SAPAR_ROOT;
if (!BASE || !ROOT) throw new Error('SAPAR_BASE and SAPAR_ROOT are not set: run with tests/e2e/run-admin');

let browser;
let context;
let page;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  // A Russian-speaking editor's browser: Accept-Language ru-RU, no choice made yet.
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ru-RU' });
  page = await context.newPage();
  page.on('pageerror', (e) => console.log('page error:', e.message.slice(0, 300)));
  page.on('dialog', (d) => { console.log('dialog:', d.message()); d.accept(); });
});
after(async () => { await browser?.close(); });

/** Opens a screen of the CMS on a fresh load, entering with the local backend's one button. */
async function open(hash, loginLabel) {
  await page.goto('about:blank');
  await page.goto(BASE + '/admin/' + hash);
  const login = page.getByRole('button', { name: loginLabel });
  await login.or(page.locator('input[id^="title-field-"]').first()).first().waitFor({ timeout: 30000 });
  if (await login.isVisible().catch(() => false)) await login.click();
}

function files(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

test('a Russian browser gets the interface, the labels and the country names in Russian', async () => {
  await open('#/collections/guides/entries/turkey/index', 'Войти');
  await page.locator('input[id^="title-field-"]').first().waitFor();
  // Labels are shown in capitals (CSS): compare without case.
  const form = await page.locator('body').innerText();
  assert.match(form, /Заголовок/i, 'the title field is «Заголовок»');
  assert.match(form, /Краткое описание/i);
  assert.match(form, /Россия \(RU\)/, 'the country hint names the countries in Russian');
  assert.match(form, /Пишем на KY/, "Decap's own words in Russian");
  assert.doesNotMatch(form, /Short description/i);
  const chooser = page.locator('#sapar-lang');
  assert.equal(await chooser.inputValue(), 'ru', 'the chooser shows the language in use');
});

test('the chooser switches the form to Kyrgyz, and the choice is remembered', async () => {
  await Promise.all([page.waitForEvent('load'), page.locator('#sapar-lang').selectOption('ky')]);
  await page.locator('input[id^="title-field-"]').first().waitFor();
  await page.getByText(/KY тилинде жазуу/).first().waitFor();
  const form = await page.locator('body').innerText();
  assert.match(form, /Аталышы/i, 'the title field in Kyrgyz');
  assert.match(form, /Кыскача сүрөттөмө/i);
  assert.match(form, /RU тилинде жазуу/, "Sapar's Kyrgyz locale of Decap's own words");
  const cookie = (await context.cookies(BASE + '/admin/')).find((c) => c.name === 'sapar_lang');
  assert.equal(cookie?.value, 'ky');
  assert.equal(cookie.path, '/admin');
  assert.equal(cookie.sameSite, 'Strict');
  assert.ok(cookie.expires * 1000 > Date.now() + 300 * 86400 * 1000, 'kept for a year');
  // The same browser, still asking for Russian, keeps the editor's choice.
  const yml = await page.evaluate(async () => (await (await fetch('/admin/config.yml')).json()).locale);
  assert.equal(yml, 'ky');
  // Back to Russian for the tests below.
  await Promise.all([page.waitForEvent('load'), page.locator('#sapar-lang').selectOption('ru')]);
});

/** Back to a browser that has chosen nothing: its Russian (a failed test above may leave Kyrgyz). */
async function russian() {
  await context.clearCookies();
}

test('a news item dated 28.05.2025 is saved as 2025-05-28; an empty folder name or a title ending in a space is refused', async () => {
  const news = path.join(ROOT, 'content/news');
  const before = files(news);
  await russian();
  await open('#/collections/news/new', 'Войти');
  const ru = (sel) => page.locator(sel).nth(1);
  const ky = (sel) => page.locator(sel).nth(0);
  await ru('input[id^="title-field-"]').waitFor();
  await ru('input[id^="title-field-"]').fill('Е2Е: новость ');
  await ky('input[id^="title-field-"]').fill('Е2Е: жаңылык');
  const date = ru('input[id^="date-field-"]');
  assert.equal(await date.getAttribute('placeholder'), 'дд.мм.гггг');
  await date.click();
  await page.keyboard.type('28.05.2025');
  assert.equal(await date.inputValue(), '28.05.2025', 'the date stays as typed');
  const bodies = page.locator('[contenteditable="true"]');
  await bodies.nth(1).click();
  await page.keyboard.type('Текст новости.');
  await bodies.nth(0).click();
  await page.keyboard.type('Жаңылыктын тексти.');
  const press = async () => {
    await page.getByRole('button', { name: 'Опубликовать', exact: true }).click();
    await page.getByText('Опубликовать сейчас').click();
  };
  // No folder name, a trailing space: both said in Russian, nothing written.
  await press();
  await page.getByText(/Новой странице нужно имя папки/).first().waitFor();
  await page.getByText(/без пробелов в начале и в конце заголовка/).first().waitFor();
  assert.deepEqual(files(news), before, 'nothing written');
  const ruTitle = ru('input[id^="title-field-"]');
  await ruTitle.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  assert.equal(await ruTitle.inputValue(), 'Е2Е: новость');
  await ru('input[id^="slug-field-"]').fill('e2e-dated');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1') && (r.request().postData() || '').includes('"persistEntry"'));
  await press();
  const r = await saved;
  assert.equal(r.status(), 200, await r.text());
  const file = fs.readFileSync(path.join(news, 'e2e-dated/index.ru.md'), 'utf8');
  assert.match(file, /\ndate = "?2025-05-28"?\n/, file);
  assert.match(file, /\ntitle = "Е2Е: новость"\n/, 'no trailing space');
});

test('a date that is no date is refused with what to write', async () => {
  await russian();
  await open('#/collections/news/entries/e2e-dated/index', 'Войти');
  const date = page.locator('input[id^="date-field-"]').nth(1);
  await date.waitFor();
  assert.equal(await date.inputValue(), '28.05.2025', 'the saved date is shown day first');
  await date.fill('31.02.2025');
  await page.getByRole('button', { name: 'Опубликовать', exact: true }).click();
  await page.getByText('Опубликовать сейчас').click();
  await page.getByText(/напишите дату как день\.месяц\.год, например 28\.05\.2025/).first().waitFor();
  const file = fs.readFileSync(path.join(ROOT, 'content/news/e2e-dated/index.ru.md'), 'utf8');
  assert.match(file, /2025-05-28/, 'the file keeps its date');
});

test('opening another entry by its address shows that entry\'s form, not the previous one\'s', async () => {
  await open('#/collections/guides/entries/bahrain/index', 'Войти');
  const ruTitle = page.locator('input[id^="title-field-"]').nth(1);
  await ruTitle.waitFor();
  const bahrain = await ruTitle.inputValue();
  // The address bar: only the part after # changes, the page is not loaded again by the browser.
  await page.goto(BASE + '/admin/#/collections/guides/entries/slovakia/index');
  const want = /title = "(.*)"/.exec(fs.readFileSync(path.join(ROOT, 'content/guides/slovakia/index.ru.md'), 'utf8'))[1];
  await page.waitForFunction((t) => [...document.querySelectorAll('input[id^="title-field-"]')].some((i) => i.value === t), want, { timeout: 30000 });
  const body = fs.readFileSync(path.join(ROOT, 'content/guides/slovakia/index.ru.md'), 'utf8').split('+++')[2];
  const line = body.split('\n').find((l) => /^[А-Яа-яЁё]/.test(l.trim())).trim().slice(0, 30);
  const bodies = await page.locator('[contenteditable="true"]').allInnerTexts();
  assert.ok(bodies.some((b) => b.includes(line)), `the text editor shows Slovakia's text («${line}»), not Bahrain's («${bahrain}»)`);
});

test('after Publish the left pane stays in the language the editor writes in', async () => {
  await russian();
  await open('#/collections/guides/entries/uae/index', 'Войти');
  const kyTitle = page.locator('input[id^="title-field-"]').nth(0);
  await kyTitle.waitFor();
  const pane = () => page.locator('[role="button"]').filter({ hasText: /\bKY\b/ }).first();
  assert.ok(await pane().isVisible(), 'the left pane is Kyrgyz');
  await kyTitle.fill(`${await kyTitle.inputValue()} (e2e)`);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1') && (r.request().postData() || '').includes('"persistEntry"'));
  await page.getByRole('button', { name: 'Опубликовать', exact: true }).click();
  await page.getByText('Опубликовать сейчас').click();
  assert.equal((await saved).status(), 200);
  await page.waitForTimeout(1500);
  assert.ok(await pane().isVisible(), 'still Kyrgyz after the save');
  assert.match(await page.locator('input[id^="title-field-"]').nth(0).inputValue(), /\(e2e\)$/);
});
