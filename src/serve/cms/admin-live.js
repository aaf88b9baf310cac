// Sapar's editing interface: the panel at the bottom of the editor that says what became of a
// save. In `sapar serve` (watch mode) the site is rebuilt after each save and, when the build
// fails, its messages come here by server-sent events, until a save fixes them. On the portal's
// own server (`data-mode="publish"`) each save is built before it is published, and the answer
// to the save itself carries the outcome, already in the editor's language: "published", or why
// not (the build's messages, or another editor's change to the same lines).
(function () {
  var script = document.currentScript;
  var publish = script && script.getAttribute('data-mode') === 'publish';
  function banner() {
    var b = document.getElementById('sapar-build');
    if (!b) {
      b = document.createElement('div');
      b.id = 'sapar-build';
      b.setAttribute('role', 'alert');
      b.style.cssText = 'position:fixed;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;z-index:2147483647;' +
        'padding:.75rem 1rem;font:15px/1.4 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.2)';
      document.body.appendChild(b);
    }
    return b;
  }
  function show(errors, heading) {
    var b = banner();
    b.style.background = '#fff4f4';
    b.style.borderTop = '6px solid #d4351c';
    b.style.color = '#0b0c0c';
    b.textContent = '';
    var h = document.createElement('strong');
    h.textContent = heading || 'Saved, but the site did not build. Readers still see the last good version. Fix this and save again:';
    b.appendChild(h);
    errors.forEach(function (t) {
      var p = document.createElement('pre');
      p.style.cssText = 'white-space:pre-wrap;margin:.5rem 0 0;font:14px/1.35 ui-monospace,monospace';
      p.textContent = t;
      b.appendChild(p);
    });
  }
  function fixed() {
    var b = document.getElementById('sapar-build');
    if (!b) return;
    b.style.background = '#f3fbf6';
    b.style.borderTop = '6px solid #00703c';
    b.textContent = 'Saved: the site builds again and the preview shows your change.';
    setTimeout(function () { if (b.parentNode) b.parentNode.removeChild(b); }, 4000);
  }
  // The outcome of one save on the portal's server: its answer's `error` (first paragraph the
  // verdict, then the build's messages) or `said` and `notice`.
  function outcome(ok, body) {
    if (!body) return;
    if (!ok && body.error) {
      var parts = String(body.error).split('\n\n');
      var first = parts.shift();
      show(parts, first);
    } else if (ok && body.said) {
      var b = banner();
      b.style.background = '#f3fbf6';
      b.style.borderTop = '6px solid #00703c';
      b.style.color = '#0b0c0c';
      b.textContent = body.said + (body.notice ? ' ' + body.notice : '');
      if (!body.notice) setTimeout(function () { if (b.parentNode) b.parentNode.removeChild(b); }, 6000);
    }
  }
  var WRITES = ['persistEntry', 'persistMedia', 'deleteFile', 'deleteFiles', 'publishUnpublishedEntry'];
  if (publish) {
    var plain = window.fetch;
    window.fetch = function (input, init) {
      var answer = plain.apply(this, arguments);
      var url = typeof input === 'string' ? input : (input && input.url) || '';
      var action = null;
      try { action = JSON.parse(init && init.body).action; } catch (_) { /* not a save */ }
      if (url.indexOf('/api/v1') === -1 || WRITES.indexOf(action) === -1) return answer;
      return answer.then(function (r) {
        r.clone().json().then(function (b) { outcome(r.ok, b); }, function () {});
        return r;
      });
    };
    return;
  }
  if (!window.EventSource) return;
  var es = new EventSource('/__sapar/events');
  es.onmessage = function (e) {
    var m;
    try { m = JSON.parse(e.data); } catch (_) { return; }
    if (m.type === 'error') show(m.errors || []);
    else if (m.type === 'reload') fixed();
  };
})();
