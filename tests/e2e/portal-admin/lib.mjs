// A copy of the shipped site kept in a real Git repository, with `[editing] backend = "sapar"`,
// two accounts made by `sapar editors add`, and `sapar serve --no-watch` on it: what a ministry's
// server runs. Used by the tests of editing on the portal's own server (run-portal-admin).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BIN = process.env.SAPAR_BIN;
const SOURCE = process.env.SAPAR_SOURCE;
if (!BIN || !SOURCE) throw new Error('SAPAR_BIN and SAPAR_SOURCE are not set: run with tests/e2e/run-portal-admin');

export const PASSWORDS = { aigul: 'aigul-long-password-1', bakyt: 'bakyt-long-password-2' };

export function git(root, ...args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/** Makes the site folder: the shipped site, committed once, with two editors. */
export function makeSite({ review = false } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sapar-portal-'));
  for (const part of ['content', 'data', 'themes', 'originals', 'site.toml']) {
    fs.cpSync(path.join(SOURCE, part), path.join(root, part), { recursive: true });
  }
  fs.appendFileSync(path.join(root, 'site.toml'), `\n[editing]\nbackend = "sapar"\nreview = ${review}\n`);
  fs.writeFileSync(path.join(root, '.gitignore'), '/public/\n/search_index/\n/.public.previous/\n/.search_index.previous/\n/.sapar-build.lock\n/.sapar-state/\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, '-c', 'user.name=Setup', '-c', 'user.email=setup@sapar.invalid', 'commit', '-qm', 'The shipped site');
  editor(root, 'aigul', 'editor');
  editor(root, 'bakyt', 'reviewer');
  return root;
}

function editor(root, name, role) {
  const r = spawnSync(BIN, ['editors', 'add', name, '--role', role, '--root', root], { input: PASSWORDS[name] + '\n', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sapar editors add ${name}: ${r.stderr}`);
}

/** Starts `sapar serve --no-watch` on `root`; resolves when /admin/ answers. */
export async function startServer(root, port) {
  port = port || await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(root, '..', `${path.basename(root)}-serve.log`), 'a');
  const child = spawn(BIN, ['serve', '--no-watch', '--root', root, '--bind', '127.0.0.1', '--port', String(port), '--base-url', base],
    { stdio: ['ignore', log, log] });
  const started = Date.now();
  for (;;) {
    try { if ((await fetch(base + '/admin/')).status < 500) break; } catch { /* not yet */ }
    if (child.exitCode !== null) throw new Error(`sapar serve exited: ${serverLog(root)}`);
    if (Date.now() - started > 120000) throw new Error('sapar serve did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, port, child, root, stop: () => stop(child) };
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

export function serverLog(root) {
  const p = path.join(root, '..', `${path.basename(root)}-serve.log`);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8').slice(-4000) : '';
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A browser context as an editor's: its own cookies, the given language. */
export async function editorPage(browser, locale) {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('page error:', e.message.slice(0, 300)));
  page.on('dialog', (d) => d.accept());
  return page;
}

/** Signs in through the sign-in page. */
export async function signIn(page, base, name, password) {
  await page.goto(base + '/admin/');
  await page.locator('input[name="name"]').fill(name);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForNavigation(), page.locator('input[name="password"]').press('Enter')]);
}

/** Fetches `url` until its text contains `text`; the milliseconds it took, or null. */
export async function until(url, text, limitMs) {
  const start = Date.now();
  for (;;) {
    const body = await (await fetch(url)).text();
    if (body.includes(text)) return Date.now() - start;
    if (Date.now() - start > limitMs) return null;
    await new Promise((r) => setTimeout(r, 25));
  }
}
