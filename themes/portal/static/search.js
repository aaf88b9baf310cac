/* Sapar portal: search without a Sapar server (a plain static host, a USB copy, offline).
   Runs on /{lang}/search/?q=… only when the page came without results, which is what any host
   but `sapar serve` gives; where the server answered, the page already holds them and this
   does nothing. It reads /search/manifest.json (written by `sapar build`), analyses the query
   with the index's own analysis compiled to WebAssembly (src/index/wasm.rs), fetches the shards
   of the query's words and the field lengths of each language they match, ranks as the
   server does (BM25 per field: title four times, headings twice), then fetches the result
   lines of the results it shows. Kyrgyz typed on a Russian keyboard matches at 0.4, a word
   found nowhere matches one typo away at 0.3, the everyday words of data/synonyms.toml call for
   their group's other members at the manifest's synonym weight (a phrase member on the pages
   the build found it in), and pages in the reader's language come first. */
(function () {
  'use strict';
  var box = document.getElementById('static-search');
  var q = (new URLSearchParams(window.location.search).get('q') || '').trim().slice(0, 200);
  if (!box || !q) return;
  var LANG = document.documentElement.lang;
  var K1 = 1.2, B = 0.75, FOLD = 0.4, TYPO = 0.3, PHRASE = 3, SHOWN = 20, ZERO = [0, 0, 0];

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
    // A large shard is split by the terms' next letter (three at most, src/index/bundle/mod.rs).
    return shards[chars.slice(0, 3).join('')] || shards[chars.slice(0, 2).join('')] || shards[chars[0]];
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

  /* Whether `member` (per word position, its terms) stands in the query's positions as
     consecutive positions each sharing a term, compared keyboard-folded: Synonyms::occurs_in. */
  function occursIn(member, positions) {
    if (!member.length) return false;
    for (var i = 0; i + member.length <= positions.length; i++) {
      var all = member.every(function (terms, k) {
        return terms.some(function (t) {
          return positions[i + k].some(function (q) { return fold(q) === fold(t); });
        });
      });
      if (all) return true;
    }
    return false;
  }

  /* The other members of the synonym groups the query's words belong to, the query's own
     words excepted: Synonyms::alternatives. */
  function alternatives(groups, words) {
    var positions = words.filter(function (terms) { return terms.length; }), out = [];
    (groups || []).forEach(function (group) {
      group.forEach(function (member, i) {
        if (!occursIn(member, positions)) return;
        group.forEach(function (other, j) {
          var key = JSON.stringify(other);
          if (j === i || occursIn(other, positions)) return;
          if (!out.some(function (o) { return JSON.stringify(o) === key; })) out.push(other);
        });
      });
    });
    return out;
  }

  /* Scores of one language's documents: {doc number: score}, as the server scores them:
     tantivy's BM25 per field (title, headings, body), each with its own idf and length and
     boosted 4, 2 and 1, over the documents of every language. A posting's value packs a term's
     counts: body × 16 + headings × 4 + title (src/index/bundle/mod.rs, posting_value); `lens`,
     each document's field lengths. */
  function rank(manifest, meta, lens, shards, words, folded, alts, weight) {
    var n = manifest.total_docs || meta.count, scores = {};
    var BOOST = [4, 2, 1];
    function counts(v) { return [v & 3, (v >> 2) & 3, v >> 4]; }
    /* `idfs`: given for a phrase (the sum of its words' idf, per field), else counted here. */
    function add(postings, factor, idfs) {
      var df = [0, 0, 0], i, f;
      for (i = 1; i < postings.length; i += 2) {
        var c = counts(postings[i]);
        for (f = 0; f < 3; f++) if (c[f]) df[f]++;
      }
      var idf = idfs || df.map(function (k) { return Math.log(1 + (n - k + 0.5) / (k + 0.5)); });
      for (i = 0; i < postings.length; i += 2) {
        var d = postings[i], tf = counts(postings[i + 1]), s = 0;
        for (f = 0; f < 3; f++) {
          if (!tf[f]) continue;
          var norm = tf[f] + K1 * (1 - B + B * (lens[d] || ZERO)[f] / (meta.avg_len[f] || 1));
          s += BOOST[f] * idf[f] * tf[f] * (K1 + 1) / norm;
        }
        scores[d] = (scores[d] || 0) + factor * s;
      }
    }
    /* A synonym of one word counts as a word typed, at the synonym weight; a phrase (its pages
       found at build time, in meta.phrases) as the server's phrase query, PHRASE times more. */
    alts.forEach(function (alt) {
      if (alt.length > 1) {
        var key = alt.map(function (terms) { return terms[terms.length - 1]; }).join(' ');
        var phrase = (meta.phrases || {})[key];
        if (phrase) add(phrase.postings, weight * PHRASE, phrase.idf);
        return;
      }
      alt[0].forEach(function (t) {
        var shard = shards[shardOf(meta.shards, t, meta.fold)];
        if (shard && shard[t]) add(shard[t], weight);
      });
    });
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
    hits.slice(0, SHOWN).filter(function (hit) { return hit.doc; }).forEach(function (hit) {
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
      // A language with no stemmer: the index also folds accents (é → e), by the map it ships.
      // A language the index stems but this analysis does not (tr, de, …): the stems of its
      // pages' words, by word.
      var maps = [meta.accents, meta.forms].map(function (url) {
        return url ? json(url).catch(function () { return null; }) : null;
      });
      return Promise.all(maps).then(function (got) {
        return searchLanguage(manifest, analyse, lang, got[0], got[1]);
      });
    })).then(function (per) {
      var hits = [].concat.apply([], per);
      hits.sort(function (a, b) {
        return ((a.lang !== LANG) - (b.lang !== LANG)) || (b.score - a.score);
      });
      return lines(manifest, hits);
    });
  }

  /* Gives the shown hits their result line [url, title, description], from the files that hold
     them (docs_per_file a file): on the 9,000-page corpus 20 results take about 18 small files
     where a language's whole table was 46-86 KB gzip. A hit whose file cannot be fetched
     (offline, another language not saved) is counted but not shown. */
  function lines(manifest, hits) {
    var files = {};
    var shown = hits.slice(0, SHOWN).map(function (hit) {
      var meta = manifest.languages[hit.lang];
      var url = meta.docs[Math.floor(hit.d / meta.docs_per_file)];
      if (url && !files[url]) files[url] = json(url).catch(function () { return []; });
      return { hit: hit, url: url, at: hit.d % meta.docs_per_file };
    });
    return Promise.all(shown.map(function (s) {
      return s.url ? files[s.url].then(function (docs) { s.hit.doc = docs[s.at]; }) : null;
    })).then(function () { return hits; });
  }

  /* One language's hits: [{lang, doc, score}]. */
  function searchLanguage(manifest, analyse, lang, accents, forms) {
    var meta = manifest.languages[lang];
    var words = analyse(lang, false, q).map(function (terms) {
      return terms.map(function (t) {
        if (accents) t = Array.from(t).map(function (c) { return accents[c] || c; }).join('');
        return forms && Object.prototype.hasOwnProperty.call(forms, t) ? forms[t] : t;
      });
    });
    var folded = meta.fold ? analyse(lang, true, q) : [];
    var alts = alternatives(meta.synonyms, words);
    var urls = {};
    var single = alts.filter(function (alt) { return alt.length === 1; });
    words.concat(folded, [].concat.apply([], single)).forEach(function (terms) {
      terms.forEach(function (t) {
        var u = shardOf(meta.shards, t, meta.fold);
        if (u) urls[u] = true;
      });
    });
    var wanted = Object.keys(urls);
    if (!wanted.length) return [];
    // The reader's language's field lengths come with its shards; another language's only
    // once its shards show a match.
    var lens = lang === LANG ? json(meta.lens) : null;
    // A shard that cannot be fetched (offline, not saved) finds nothing; the others still do.
    var shards = wanted.map(function (u) { return json(u).catch(function () { return {}; }); });
    return Promise.all(shards).then(function (got) {
      var byUrl = {};
      wanted.forEach(function (u, i) { byUrl[u] = got[i]; });
      var weight = manifest.synonym_weight || 0;
      // Another language: rank once without the lengths to see whether anything matches.
      if (!lens && !Object.keys(rank(manifest, meta, [], byUrl, words, folded, alts, weight)).length) {
        return [];
      }
      return (lens || json(meta.lens)).then(function (got) {
        var scores = rank(manifest, meta, got, byUrl, words, folded, alts, weight);
        return Object.keys(scores).map(function (d) {
          return { lang: lang, d: Number(d), score: scores[d] };
        });
      });
    }).catch(function () { return []; });
  }

  // The page came from a static host that cannot know the query: show it in the search box, as
  // the server's page does, so that the reader can correct it.
  var form = box.closest('main') || document;
  var input = form.querySelector('input[name="q"]');
  if (input && !input.value) input.value = q;

  /* The analyser (or the manifest) could not start: say that search cannot run here, never
     that nothing matched (a Content-Security-Policy without 'wasm-unsafe-eval' did that). */
  function unavailable() {
    var status = document.createElement('div');
    status.setAttribute('role', 'status');
    var h = document.createElement('h2');
    h.className = 'count unavailable';
    h.textContent = box.dataset.unavailable;
    status.appendChild(h);
    box.appendChild(status);
  }

  if (!window.WebAssembly || !window.fetch) {
    unavailable();
    return;
  }
  box.setAttribute('aria-busy', 'true');
  json('/search/manifest.json').then(function (manifest) {
    return analyser(manifest.analysis).then(function (analyse) {
      return search(manifest, analyse);
    });
  }).then(render, unavailable).then(function () {
    box.removeAttribute('aria-busy');
  });
})();
