/* Sapar portal: search without a Sapar server (a plain static host, a USB copy, offline).
   Runs on /{lang}/search/?q=… only when the page came without results, which is what any host
   but `sapar serve` gives; where the server answered, the page already holds them and this
   does nothing. It reads /search/manifest.json (written by `sapar build`), analyses the query
   with the index's own analysis compiled to WebAssembly (src/index/wasm.rs), fetches the shards
   of the query's words and the document table of each language, and ranks BM25-style: title
   words count four times, Kyrgyz typed on a Russian keyboard matches at 0.4, a word found
   nowhere matches one typo away at 0.3, and pages in the reader's language come first. */
(function () {
  'use strict';
  var box = document.getElementById('static-search');
  var q = (new URLSearchParams(window.location.search).get('q') || '').trim().slice(0, 200);
  if (!box || !q || !window.WebAssembly || !window.fetch) return;
  var LANG = document.documentElement.lang;
  var K1 = 1.2, B = 0.75, FOLD = 0.4, TYPO = 0.3, SHOWN = 20;

  function json(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  function analyser(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.arrayBuffer();
    }).then(function (bytes) {
      return WebAssembly.instantiate(bytes, {});
    }).then(function (m) {
      var x = m.instance.exports, enc = new TextEncoder(), dec = new TextDecoder();
      /* Terms per word of `text`: [[term, term], …]; a stop word gives []. */
      return function (lang, folded, text) {
        var l = enc.encode(lang), t = enc.encode(text);
        var at = x.input(l.length + t.length);
        var mem = new Uint8Array(x.memory.buffer, at, l.length + t.length);
        mem.set(l, 0);
        mem.set(t, l.length);
        var n = x.analyse(l.length, folded ? 1 : 0);
        var out = dec.decode(new Uint8Array(x.memory.buffer, x.output(), n));
        if (!out) return [];
        return out.split('\n').map(function (w) { return w ? w.split('\t') : []; });
      };
    });
  }

  function fold(s) { return s.replace(/ң/g, 'н').replace(/ө/g, 'о').replace(/ү/g, 'у'); }

  function shardOf(shards, term, folds) {
    var k = folds ? fold(term) : term;
    var chars = Array.from(k);
    return shards[chars.slice(0, 2).join('')] || shards[chars[0]];
  }

  /* Whether a and b are at most one edit apart (insert, delete, substitute). */
  function oneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) return a.slice(i + 1) === b.slice(i + 1);
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* Scores of one language's documents: {doc number: score}. */
  function rank(meta, table, shards, words, folded) {
    var n = meta.count, avg = meta.avg_len || 1, scores = {};
    function add(postings, factor) {
      var df = postings.length / 2;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (var i = 0; i < postings.length; i += 2) {
        var d = postings[i], tf = postings[i + 1];
        var norm = tf + K1 * (1 - B + B * table.len[d] / avg);
        scores[d] = (scores[d] || 0) + factor * idf * tf * (K1 + 1) / norm;
      }
    }
    words.forEach(function (terms, w) {
      var found = false, folds = meta.fold ? (folded[w] || []) : [];
      terms.forEach(function (t) {
        var shard = shards[shardOf(meta.shards, t, meta.fold)];
        if (shard && shard[t]) { add(shard[t], 1); found = true; }
      });
      folds.forEach(function (f) {
        var shard = shards[shardOf(meta.shards, f, true)] || {};
        Object.keys(shard).forEach(function (t) {
          if (terms.indexOf(t) < 0 && fold(t) === f) { add(shard[t], FOLD); found = true; }
        });
      });
      if (found) return;
      terms.forEach(function (t) {
        if (Array.from(t).length < 4) return;
        var shard = shards[shardOf(meta.shards, t, meta.fold)] || {};
        Object.keys(shard).forEach(function (s) { if (oneEdit(s, t)) add(shard[s], TYPO); });
      });
    });
    return scores;
  }

  function langNames() {
    var names = {};
    document.querySelectorAll('nav.langs [lang]').forEach(function (e) {
      names[e.getAttribute('lang')] = e.textContent.trim();
    });
    return names;
  }

  function render(hits) {
    var names = langNames();
    var status = document.createElement('div');
    status.setAttribute('role', 'status');
    var h = document.createElement('h2');
    h.className = 'count';
    h.textContent = hits.length ? box.dataset.results + ': ' + hits.length : box.dataset.none;
    status.appendChild(h);
    box.appendChild(status);
    if (!hits.length) {
      var p = document.createElement('p');
      p.textContent = box.dataset.help;
      box.appendChild(p);
      return;
    }
    var ol = document.createElement('ol');
    ol.className = 'results';
    hits.slice(0, SHOWN).forEach(function (hit) {
      var li = document.createElement('li'), a = document.createElement('a');
      var other = hit.lang !== LANG;
      a.href = hit.doc[0];
      a.textContent = hit.doc[1];
      li.appendChild(a);
      var p = document.createElement('p');
      p.textContent = hit.doc[2];
      if (other) {
        a.hreflang = hit.lang;
        a.lang = hit.lang;
        p.lang = hit.lang;
        var tag = document.createElement('span');
        tag.className = 'tag';
        tag.textContent = names[hit.lang] || hit.lang;
        li.appendChild(document.createTextNode(' '));
        li.appendChild(tag);
      }
      li.appendChild(p);
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  function search(manifest, analyse) {
    var langs = Object.keys(manifest.languages);
    return Promise.all(langs.map(function (lang) {
      var meta = manifest.languages[lang];
      var words = analyse(lang, false, q);
      var folded = meta.fold ? analyse(lang, true, q) : [];
      var urls = {};
      words.concat(folded).forEach(function (terms) {
        terms.forEach(function (t) {
          var u = shardOf(meta.shards, t, meta.fold);
          if (u) urls[u] = true;
        });
      });
      var wanted = Object.keys(urls);
      if (!wanted.length) return [];
      // A shard that cannot be fetched (offline, not saved) finds nothing; the others still do.
      var shards = wanted.map(function (u) { return json(u).catch(function () { return {}; }); });
      return Promise.all([json(meta.docs)].concat(shards)).then(function (got) {
        var shards = {};
        wanted.forEach(function (u, i) { shards[u] = got[i + 1]; });
        var scores = rank(meta, got[0], shards, words, folded);
        return Object.keys(scores).map(function (d) {
          return { lang: lang, doc: got[0].docs[d], score: scores[d] };
        });
      }).catch(function () { return []; });
    })).then(function (per) {
      var hits = [].concat.apply([], per);
      hits.sort(function (a, b) {
        return ((a.lang !== LANG) - (b.lang !== LANG)) || (b.score - a.score);
      });
      return hits;
    });
  }

  box.setAttribute('aria-busy', 'true');
  json('/search/manifest.json').then(function (manifest) {
    return analyser(manifest.analysis).then(function (analyse) {
      return search(manifest, analyse);
    });
  }).then(render, function () {
    render([]);
  }).then(function () {
    box.removeAttribute('aria-busy');
  });
})();
