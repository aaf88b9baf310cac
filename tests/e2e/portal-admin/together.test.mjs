// Editing on the portal's own server, continued (issue 24): restoring an earlier version from a
// page's history publishes it again as a new commit; two editors saving one page at once lose
// nothing; the same form in Kyrgyz shows Kyrgyz labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, launch, editorPage, signIn, until, git, serverLog, PASSWORDS } from './lib.mjs';

const HOTLINE = 'content/hotline/_index.ru.md';
let root, server, browser;
before(async () => {
  root = makeSite();
  server = await startServer(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (process.exitCode) console.log(serverLog(root));
});

async function openEntry(page, hash, enter) {
  await page.goto(server.base + '/admin/' + hash);
  await page.reload();
  const button = page.getByRole('button', { name: enter });
  if (await button.isVisible({ timeout: 3000 }).catch(() => false)) await button.click();
}

async function publishRu(page) {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1') && (r.request().postData() || '').includes('"persistEntry"'));
  await page.getByRole('button', { name: 'Опубликовать', exact: true }).click();
  await page.getByText('Опубликовать сейчас').click();
  return saved;
}

test('two editors saving one page lose nothing: different lines both land, and the second is told', async () => {
  const a = await editorPage(browser, 'ru-RU');
  const b = await editorPage(browser, 'ru-RU');
  await signIn(a, server.base, 'aigul', PASSWORDS.aigul);
  await signIn(b, server.base, 'bakyt', PASSWORDS.bakyt);
  // Both open the page before either saves.
  for (const p of [a, b]) {
    await openEntry(p, '#/collections/page-hotline/entries/_index', 'Войти');
    await p.locator('input[id^="title-field-"]').nth(1).waitFor();
  }
  await a.locator('input[id^="title-field-"]').nth(1).fill('Горячая линия 1899: звоните');
  assert.equal((await publishRu(a)).status(), 200);
  const description = b.locator('[id^="description-field-"]').nth(1);
  const old = await description.inputValue();
  await description.fill(old + ' Звонок из Кыргызстана.');
  const r = await publishRu(b);
  assert.equal(r.status(), 200, await r.text());
  assert.match((await r.json()).notice || '', /aigul/, 'the second editor is told who saved meanwhile');
  const file = fs.readFileSync(path.join(root, HOTLINE), 'utf8');
  assert.match(file, /title = "Горячая линия 1899: звоните"/, 'the first editor\'s title is kept');
  assert.match(file, /Звонок из Кыргызстана\./, 'the second editor\'s description is kept');
  assert.ok(await until(server.base + '/ru/hotline/', 'Звонок из Кыргызстана.', 5000) !== null);
  const authors = git(root, 'log', '-2', '--format=%an', '--', HOTLINE).trim().split('\n');
  assert.deepEqual(authors, ['bakyt', 'aigul']);
  await a.context().close();
  await b.context().close();
});

test('restoring an earlier version from the history publishes it as a new commit', async () => {
  const page = await editorPage(browser, 'ru-RU');
  await signIn(page, server.base, 'aigul', PASSWORDS.aigul);
  await page.goto(server.base + '/admin/history/?path=' + HOTLINE);
  const body = await page.locator('body').innerText();
  assert.match(body, /aigul/, 'who changed it');
  assert.match(body, /bakyt/);
  const head = git(root, 'rev-parse', 'HEAD').trim();
  // The oldest version is the shipped one.
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Восстановить эту версию' }).last().click()]);
  assert.ok(await until(server.base + '/ru/hotline/', '<title>Горячая линия 1899 ', 5000) !== null, 'the shipped title is served again');
  const page2 = await (await fetch(server.base + '/ru/hotline/')).text();
  assert.ok(!page2.includes('Звонок из Кыргызстана.'), 'the later description is gone');
  assert.equal(git(root, 'rev-list', '--count', `${head}..HEAD`).trim(), '1', 'one new commit');
  assert.equal(git(root, 'log', '-1', '--format=%an').trim(), 'aigul');
  assert.equal(fs.readFileSync(path.join(root, HOTLINE), 'utf8'), git(root, 'show', `HEAD~3:${HOTLINE}`), 'the file is the shipped version');
  await page.context().close();
});

test('the same form in Kyrgyz shows Kyrgyz labels', async () => {
  const page = await editorPage(browser, 'ky-KG');
  await signIn(page, server.base, 'aigul', PASSWORDS.aigul);
  const config = await page.evaluate(async () => (await fetch('/admin/config.yml')).text());
  assert.match(config, /Аталышы/, 'the title field is labelled in Kyrgyz');
  await openEntry(page, '#/collections/page-hotline/entries/_index', /Кирүү|Войти|Login/);
  await page.locator('input[id^="title-field-"]').first().waitFor();
  assert.ok(await page.getByText('Аталышы').first().isVisible());
  assert.ok(await page.getByText('Кыскача сүрөттөмө').first().isVisible());
  await page.context().close();
});
