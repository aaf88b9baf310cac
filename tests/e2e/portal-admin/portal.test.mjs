// Editing on the portal's own server (issue 24), as a ministry editor does it: sign in to /admin/
// of `sapar serve --no-watch` (a wrong password first), with the interface in Russian; edit the
// Russian hotline page; readers see it within 5 s and Git has one commit by that editor touching
// only that file. A save that breaks the build shows the build's message and publishes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, launch, editorPage, signIn, until, git, serverLog, PASSWORDS } from './lib.mjs';

let root, server, browser, page;
before(async () => {
  root = makeSite();
  server = await startServer(root);
  browser = await launch();
  page = await editorPage(browser, 'ru-RU');
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (process.exitCode) console.log(serverLog(root));
});

/** Opens a screen of the CMS on a fresh load and enters it (the proxy backend's one button). */
async function open(hash) {
  await page.goto(server.base + '/admin/' + hash);
  await page.reload();
  const enter = page.getByRole('button', { name: 'Войти' });
  if (await enter.isVisible({ timeout: 3000 }).catch(() => false)) await enter.click();
}

async function publish() {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1') && (r.request().postData() || '').includes('"persistEntry"'));
  await page.getByRole('button', { name: 'Опубликовать', exact: true }).click();
  await page.getByText('Опубликовать сейчас').click();
  return saved;
}

test('a wrong password is refused on the sign-in page, in Russian; the right one opens the editor in Russian', async () => {
  await signIn(page, server.base, 'aigul', 'not-the-password');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.ok(await page.locator('input[name="password"]').isVisible(), 'still the sign-in page');
  assert.match(await page.locator('body').innerText(), /невер|Неправ/i, 'says the name or password is wrong, in Russian');
  await signIn(page, server.base, 'aigul', PASSWORDS.aigul);
  await open('');
  await page.getByText('Коллекции').first().waitFor({ timeout: 30000 });
});

test('editing the Russian hotline page publishes it within 5 s as one commit by that editor touching only that file', async () => {
  const head = git(root, 'rev-parse', 'HEAD').trim();
  await open('#/collections/page-hotline/entries/_index');
  const ruTitle = page.locator('input[id^="title-field-"]').nth(1);
  await ruTitle.waitFor();
  const old = await ruTitle.inputValue();
  assert.equal(old, 'Горячая линия 1899');
  const title = 'Горячая линия 1899 для мигрантов';
  await ruTitle.fill(title);
  const r = await publish();
  const savedAt = Date.now();
  assert.equal(r.status(), 200, await r.text());
  const took = await until(server.base + '/ru/hotline/', title, 5000);
  assert.ok(took !== null, 'readers see the new title within 5 s');
  console.log(`new title served ${took} ms after the save answered (${Date.now() - savedAt} ms to check)`);
  assert.equal(git(root, 'rev-list', '--count', `${head}..HEAD`).trim(), '1', 'one new commit');
  assert.equal(git(root, 'log', '-1', '--format=%an').trim(), 'aigul', 'by the editor who signed in');
  assert.equal(git(root, 'show', '--name-only', '--format=', 'HEAD').trim(), 'content/hotline/_index.ru.md', 'touching only that file');
  assert.equal(git(root, 'status', '--porcelain').trim(), '', 'nothing left uncommitted');
  await page.locator('#sapar-build').getByText('Опубликовано').waitFor({ timeout: 10000 });
});

test('a save that breaks the build shows the build\'s message and publishes nothing', async () => {
  const head = git(root, 'rev-parse', 'HEAD').trim();
  const good = await (await fetch(server.base + '/ru/guides/japan/')).text();
  await open('#/collections/guides/entries/japan/index');
  const country = page.locator('input[id^="country-field-"]').nth(1);
  await country.waitFor();
  await country.fill('XJ');
  const r = await publish();
  assert.equal(r.status(), 422);
  const panel = page.locator('#sapar-build');
  await panel.waitFor({ timeout: 30000 });
  const text = await panel.innerText();
  assert.match(text, /Не опубликовано/, text);
  assert.match(text, /content\/guides\/japan\/index\.ru\.md:\d+/, 'names the file and line');
  assert.match(text, /`JP`/, 'says what to write instead');
  assert.equal(git(root, 'rev-parse', 'HEAD').trim(), head, 'no commit');
  assert.equal(git(root, 'status', '--porcelain').trim(), '', 'the site folder is the last commit');
  assert.equal(await (await fetch(server.base + '/ru/guides/japan/')).text(), good, 'readers keep the last good page');
  assert.match(fs.readFileSync(path.join(root, 'content/guides/japan/index.ru.md'), 'utf8'), /country = "JP"/);
});
