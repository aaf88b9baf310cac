// Sapar's editing interface in `sapar serve`: after each save the site is rebuilt; when the
// build fails, its messages are shown here, over the editor, until a save fixes them (the
// preview keeps the last good site meanwhile).
(function () {
  if (!window.EventSource) return;
  var es = new EventSource('/__sapar/events');
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
  function show(errors) {
    var b = banner();
    b.style.background = '#fff4f4';
    b.style.borderTop = '6px solid #d4351c';
    b.style.color = '#0b0c0c';
    b.textContent = '';
    var h = document.createElement('strong');
    h.textContent = 'Saved, but the site did not build. Readers still see the last good version. Fix this and save again:';
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
  es.onmessage = function (e) {
    var m;
    try { m = JSON.parse(e.data); } catch (_) { return; }
    if (m.type === 'error') show(m.errors || []);
    else if (m.type === 'reload') fixed();
  };
})();
