// Sapar live preview (served only by `sapar serve` in watch mode): reloads the page after a
// successful rebuild, and shows the errors of a broken save without replacing the last good page.
(function () {
  if (!window.EventSource) return;
  var es = new EventSource('/__sapar/events');
  function overlay(errors) {
    var o = document.getElementById('sapar-overlay');
    if (!o) {
      o = document.createElement('div');
      o.id = 'sapar-overlay';
      o.setAttribute('role', 'alert');
      o.style.cssText = 'position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:99999;' +
        'background:#fff4f4;color:#0b0c0c;border-top:6px solid #d4351c;padding:1rem;font:16px/1.4 system-ui,sans-serif';
      document.body.appendChild(o);
    }
    o.textContent = '';
    var h = document.createElement('strong');
    h.textContent = 'Sapar: the last save has errors. This is the last good version of the page.';
    o.appendChild(h);
    errors.forEach(function (t) {
      var p = document.createElement('pre');
      p.style.cssText = 'white-space:pre-wrap;margin:.5rem 0 0';
      p.textContent = t;
      o.appendChild(p);
    });
  }
  es.onmessage = function (e) {
    var m;
    try { m = JSON.parse(e.data); } catch (_) { return; }
    if (m.type === 'reload') location.reload();
    else if (m.type === 'error') overlay(m.errors || []);
  };
})();
