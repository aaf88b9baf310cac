// The browser analyses a query with the WebAssembly build of the index's analysis
// (src/index/analysis.wasm, written by scripts/wasm and shipped in public/search/). Every word of
// the shipped content and of ../shared/data/kyrgyz/ must get exactly the terms the index gives
// it (`sapar analyze`, the tantivy analyzers), in every language and in the Kyrgyz keyboard
// fold: otherwise a query typed as the page writes it could miss the page. This also fails when
// the committed .wasm is older than the analysis it was built from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const BIN = process.env.SAPAR_BIN;
const REPO = process.env.SAPAR_REPO;

function texts() {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md') || e.name.endsWith('.toml')) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(REPO, 'content'));
  walk(path.join(REPO, 'data'));
  const shared = path.join(REPO, '../shared/data/kyrgyz');
  for (const f of ['ud-ktmu-train.conllu', 'apertium-noun-paradigms.tsv']) {
    if (fs.existsSync(path.join(shared, f))) out.push(fs.readFileSync(path.join(shared, f), 'utf8'));
  }
  out.push('ЁЛКА Её Ңөү ПАСПОРТУМДУ café x9 ' + 'ы'.repeat(40));
  return out.join('\n');
}

async function wasmAnalyser() {
  const bytes = fs.readFileSync(path.join(REPO, 'src/index/analysis.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const x = instance.exports, enc = new TextEncoder(), dec = new TextDecoder();
  return (lang, folded, text) => {
    const l = enc.encode(lang), t = enc.encode(text);
    const at = x.input(l.length + t.length);
    const mem = new Uint8Array(x.memory.buffer, at, l.length + t.length);
    mem.set(l, 0);
    mem.set(t, l.length);
    const n = x.analyse(l.length, folded ? 1 : 0);
    return dec.decode(new Uint8Array(x.memory.buffer, x.output(), n)).split('\n');
  };
}

const trimEnd = (lines) => { while (lines.length && lines[lines.length - 1] === '') lines.pop(); return lines; };

test('the WebAssembly analysis gives the index terms for every word of the content and the Kyrgyz data', async () => {
  assert.ok(BIN && REPO, 'SAPAR_BIN and SAPAR_REPO are set by run-static');
  const text = texts();
  const analyse = await wasmAnalyser();
  for (const [lang, folded] of [['ky', false], ['ky', true], ['ru', false], ['en', false]]) {
    const args = ['analyze', '--lang', lang].concat(folded ? ['--folded'] : []);
    const index = trimEnd(execFileSync(BIN, args, { input: text, maxBuffer: 1 << 28 }).toString().split('\n'));
    const browser = trimEnd(analyse(lang, folded, text));
    assert.ok(index.length > 100000, `${lang}: ${index.length} words`);
    const differ = [];
    for (let i = 0; i < Math.max(index.length, browser.length) && differ.length < 20; i++) {
      if (index[i] !== browser[i]) differ.push(`word ${i}: index ${JSON.stringify(index[i])}, browser ${JSON.stringify(browser[i])}`);
    }
    assert.deepEqual(differ, [], `${lang} folded=${folded}`);
    assert.equal(browser.length, index.length);
  }
});
