/* Sapar portal: the only script, loaded with `defer`. It only enhances: every page works
   without it. It registers the service worker that keeps the hotline, the directory and the
   course readable offline, for the reader's language only (?lang=), so that one visit does not
   spend a migrant's metered data on languages they do not read. Data Saver: nothing is stored. */
(function () {
  'use strict';
  var nav = window.navigator;
  if (!('serviceWorker' in nav) || !window.isSecureContext) return;
  if (nav.connection && nav.connection.saveData) return;
  var lang = document.documentElement.lang || '';
  window.addEventListener('load', function () {
    nav.serviceWorker
      .register('/sw.js?lang=' + encodeURIComponent(lang), { scope: '/', updateViaCache: 'none' })
      .catch(function () { /* the site works without it */ });
  });
})();
