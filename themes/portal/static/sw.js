/* Sapar portal service worker.
   What it keeps comes from /sw-precache.js, written by `sapar build` from the site itself:
   the theme's static files and, per language, the home page, the offline page, the hotline
   page, the legal-aid directory and every course module. It saves the list of the reader's
   language (?lang= of its registration, from app.js) and the offline page of every language. Its `version` changes whenever one of
   those files changes; browsers then install this worker again with the new list.

   Pages: network first (readers get fresh facts when they are online), the saved copy when the
   network fails, and the offline page of the reader's language when nothing is saved.
   Static files: saved copy first (they change only with a new version). */
'use strict';
importScripts('/sw-precache.js');

var LIST = self.SAPAR_PRECACHE;
var CACHE = 'sapar-' + LIST.version;
var LANG = new URL(self.location.href).searchParams.get('lang');
if (!LIST.pages[LANG]) LANG = LIST.default_language;

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
    }).then(function () { return self.skipWaiting(); })
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
        return caches.match(req).then(function (hit) {
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
