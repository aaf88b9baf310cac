/* Sapar portal service worker.
   What it keeps comes from /sw-precache.js, written by `sapar build` from the site itself:
   the theme's static files and, per language, the home page, the offline page, the hotline
   page, the legal-aid directory and every course module. It saves the list of the reader's
   language (?lang= of its registration, from app.js) and the offline page of every language. Its `version` changes whenever one of
   those files changes; browsers then install this worker again with the new list.

   Pages: network first (readers get fresh facts when they are online), the saved copy when the
   network fails, and the offline page of the reader's language when nothing is saved.
   Static files: saved copy first (they change only with a new version).

   Search (/search/, written by `sapar build`; search.js reads it where no Sapar server answers):
   the manifest network first, every other file saved for good once fetched (its name carries
   its content's hash). At install and whenever a new manifest arrives, the worker keeps the
   reader's language whole (field lengths, result lines and every shard, so that a new query
   works offline) plus the query analysis, if the language's files fit SEARCH_BUDGET; files no
   longer named by the manifest are dropped. Measured on the shipped portal (93 pages, 31 per
   language): a language's lengths, result lines and shards are 58-90 KB (21-27 KB gzip) in
   40-49 files, the analysis 80 KB (34 KB gzip); SEARCH_BUDGET (2 MB a language) leaves room
   for a portal twenty times larger before the worker keeps only the shards a reader has used.
   The pages
   list now holds every country guide too: 11 pages, 160-250 KB (51-65 KB gzip) a language. */
'use strict';
importScripts('/sw-precache.js');

var LIST = self.SAPAR_PRECACHE;
var CACHE = 'sapar-' + LIST.version;
var LANG = new URL(self.location.href).searchParams.get('lang');
if (!LIST.pages[LANG]) LANG = LIST.default_language;
/* Kept across versions: the files' names change with their content. */
var SEARCH = 'search-bundle';
var SEARCH_MANIFEST = '/search/manifest.json';
/* Most bytes (uncompressed, as the manifest counts them) of one language kept ahead of use. */
var SEARCH_BUDGET = 2 * 1024 * 1024;

/* Saves the reader's language of the search bundle named by `manifest`, drops what it no
   longer names. Never fails: search offline is a bonus. */
function keepSearch(manifest) {
  var lang = manifest.languages[LANG];
  var named = [manifest.analysis];
  Object.keys(manifest.languages).forEach(function (l) {
    var m = manifest.languages[l];
    named.push(m.lens);
    named.push.apply(named, m.docs);
    if (m.accents) named.push(m.accents);
    if (m.forms) named.push(m.forms);
    Object.keys(m.shards).forEach(function (k) { named.push(m.shards[k]); });
  });
  var wanted = [manifest.analysis];
  // A language with no stemmer needs the index's accent folding to analyse a query, and one
  // the analysis does not stem the stems of its pages' words.
  if (lang && lang.accents) wanted.push(lang.accents);
  if (lang && lang.forms) wanted.push(lang.forms);
  if (lang && lang.bytes <= SEARCH_BUDGET) {
    wanted.push(lang.lens);
    wanted.push.apply(wanted, lang.docs);
    Object.keys(lang.shards).forEach(function (k) { wanted.push(lang.shards[k]); });
  }
  return caches.open(SEARCH).then(function (cache) {
    return cache.keys().then(function (keys) {
      return Promise.all(keys.map(function (req) {
        var path = new URL(req.url).pathname;
        if (path !== SEARCH_MANIFEST && named.indexOf(path) < 0) return cache.delete(req);
      }));
    }).then(function () {
      return Promise.all(wanted.map(function (url) {
        return cache.match(url).then(function (hit) { return hit || cache.add(url); });
      }));
    });
  }).catch(function () {});
}

function refreshSearch() {
  return fetch(SEARCH_MANIFEST, { cache: 'no-cache' }).then(function (res) {
    if (!res.ok) return;
    var copy = res.clone();
    return caches.open(SEARCH).then(function (cache) { return cache.put(SEARCH_MANIFEST, copy); })
      .then(function () { return res.json(); }).then(keepSearch);
  }).catch(function () {});
}

function langOf(path) {
  var first = path.split('/')[1];
  return LIST.pages[first] ? first : LANG;
}

self.addEventListener('install', function (event) {
  // The reader's language in full; of the others only the small offline page, so that a page
  // asked for in any language can say "you are offline" in that language.
  var urls = LIST.common.concat(LIST.pages[LANG]);
  Object.keys(LIST.offline).forEach(function (l) {
    if (urls.indexOf(LIST.offline[l]) < 0) urls.push(LIST.offline[l]);
  });
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      // Another language's worker may already have saved some of these: fetch only the rest.
      return Promise.all(
        urls.map(function (url) {
          return cache.match(url).then(function (hit) {
            return hit || cache.add(new Request(url, { cache: 'no-cache' }));
          });
        })
      );
    }).then(refreshSearch).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(
        keys.filter(function (k) { return k.indexOf('sapar-') === 0 && k !== CACHE; })
          .map(function (k) { return caches.delete(k); })
      );
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) return;

  if (url.pathname === SEARCH_MANIFEST) {
    event.respondWith(
      fetch(req).then(function (res) {
        if (res.ok) {
          var copy = res.clone(), read = res.clone();
          event.waitUntil(caches.open(SEARCH).then(function (cache) {
            return cache.put(SEARCH_MANIFEST, copy);
          }).then(function () { return read.json(); }).then(keepSearch).catch(function () {}));
        }
        return res;
      }).catch(function () {
        return caches.match(SEARCH_MANIFEST, { cacheName: SEARCH }).then(function (hit) {
          return hit || Response.error();
        });
      })
    );
    return;
  }
  if (url.pathname.indexOf('/search/') === 0) {
    event.respondWith(
      caches.open(SEARCH).then(function (cache) {
        return cache.match(req).then(function (hit) {
          return hit || fetch(req).then(function (res) {
            if (res.ok) cache.put(req, res.clone());
            return res;
          });
        });
      })
    );
    return;
  }

  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).then(function (res) {
        // Keep a fresh copy of pages already saved, and of pages the reader opens.
        if (res.ok && !url.search && res.type === 'basic' && !res.redirected) {
          var copy = res.clone();
          caches.open(CACHE).then(function (cache) { cache.put(req, copy); });
        }
        return res;
      }).catch(function () {
        // The search page answers any query offline (search.js reads the saved bundle).
        var any = /\/search\/$/.test(url.pathname);
        return caches.match(req, { ignoreSearch: any }).then(function (hit) {
          return hit || caches.match(LIST.offline[langOf(url.pathname)]);
        }).then(function (hit) {
          return hit || caches.match(LIST.offline[LANG]);
        }).then(function (hit) {
          return hit || new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
        });
      })
    );
    return;
  }

  event.respondWith(
    caches.match(req).then(function (hit) { return hit || fetch(req); })
  );
});
