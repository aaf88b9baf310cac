// Sapar's additions to the editing interface (Decap CMS), loaded after it:
// - previews in the portal's own style sheet, so an editor sees headings, lists and tables as
//   readers will;
// - "Translation status" in each language's form: whether the text is up to date with the
//   original, and if not, which words of the original changed since (the statuses of
//   `sapar check` and the translation dashboard, from translations.json). Saving an edited
//   translation records it as made from the original beside it.
// - dates written as the editor writes them, day.month.year (`sapar-date`), kept as YYYY-MM-DD:
//   Decap's own date widget is the browser's date input, in US order in an English browser,
//   and it re-read a half-typed year as 19xx (28.05.2025 was saved as 1905-02-08);
// - the folder name of a new page, required there (`sapar-slug`): Decap cannot spell a Cyrillic
//   title in Latin letters, and an empty name wrote the section's own page;
// - a chooser of the interface's language, remembered in the `sapar_lang` cookie;
// - the left pane keeps the language the editor chose after Publish (Decap switches it to the
//   original's before it checks and saves: EditorInterface.handleOnPublish);
// - opening another entry by its address loads the page afresh: Decap keeps the editor's
//   widgets mounted across entries, and the text editor kept the previous entry's body under
//   the new entry's title.
(function () {
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  if (!CMS || !h || !createClass) return;
  CMS.registerPreviewStyle('/style.css');

  var TEXT = {
    original: 'This is the original: the other languages are translated from it.',
    fresh: 'Up to date with the original.',
    stale: 'The original has changed since this translation was made. Update the text, then save: it is then recorded as up to date.',
    urgent: 'URGENT: a number, date or link in the original changed.',
    unknown: 'The earlier version of the original is not known, so the changes cannot be shown.',
    unrecorded: 'Not yet recorded which version of the original this was translated from: check it against the original, then save.',
    orphan: 'The original this page says it was translated from does not exist.',
    missing: 'Not translated yet: readers of this language see the page in another language.',
    none: 'Saved translations are recorded as made from the original beside them.',
    mark: 'Mark as up to date with the original',
    marked: 'It will be recorded as up to date when you publish.'
  };
  var COLOURS = { fresh: '#00703c', stale: '#d4351c', unrecorded: '#b58105', orphan: '#d4351c', missing: '#505a5f' };

  var Control = createClass({
    getInitialState: function () { return { status: null }; },
    componentDidMount: function () {
      var self = this;
      fetch('translations.json', { cache: 'no-store' })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (all) {
          var e = self.props.entry;
          var key = e.get('collection') + '|' + e.get('slug');
          self.setState({ status: (all[key] || {})[self.props.locale] || null });
        })
        .catch(function () {});
    },
    render: function () {
      var s = this.state.status;
      var name = s ? s.status : 'none';
      var lines = [h('strong', { key: 'head', 'data-status': name }, TEXT[name] || name)];
      if (s && s.urgent) lines.push(h('div', { key: 'urgent' }, TEXT.urgent));
      if (s && name === 'stale' && !s.old_version_known) lines.push(h('div', { key: 'unknown' }, TEXT.unknown));
      var self = this;
      if (s && s.current && (name === 'stale' || name === 'unrecorded')) {
        lines.push(this.props.value === s.current
          ? h('div', { key: 'marked' }, TEXT.marked)
          : h('button', {
            key: 'mark', type: 'button', style: { marginTop: '.4rem' },
            // On a Git host nothing stamps a save, so the translator says it.
            onClick: function () { self.props.onChange(s.current); }
          }, TEXT.mark));
      }
      if (s && s.changes && s.changes.length) {
        lines.push(h('ul', { key: 'changes' }, s.changes.slice(0, 12).map(function (c, i) {
          return h('li', { key: i }, c);
        })));
      }
      return h('div', {
        id: this.props.forID,
        className: 'sapar-freshness',
        role: 'status',
        style: { padding: '.6rem .8rem', borderLeft: '5px solid ' + (COLOURS[name] || '#1d70b8'), background: '#f8f8f8' }
      }, lines);
    }
  });
  var Preview = createClass({ render: function () { return null; } });
  CMS.registerWidget('sapar-freshness', Control, Preview);

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  // What the file holds (a string, or the TOML parser's date) as YYYY-MM-DD, else ''.
  function isoOf(v) {
    if (!v) return '';
    var s = typeof v === 'string' ? v : (v.toISOString ? v.toISOString() : String(v));
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
    return m ? m[0] : '';
  }
  function shown(v) {
    var iso = isoOf(v);
    return iso ? iso.slice(8, 10) + '.' + iso.slice(5, 7) + '.' + iso.slice(0, 4) : (typeof v === 'string' ? v : '');
  }
  // 28.05.2025, 28/05/2025, 28-05-2025 or 28052025 → 2025-05-28; null for no real date.
  function parse(text) {
    var t = text.trim();
    var m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t) || /^(\d{2})(\d{2})(\d{4})$/.exec(t);
    if (!m) return /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
    var d = +m[1], mo = +m[2], y = +m[3];
    var at = new Date(Date.UTC(y, mo - 1, d));
    if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
    return y + '-' + pad(mo) + '-' + pad(d);
  }
  var DateControl = createClass({
    getInitialState: function () { return { text: shown(this.props.value) }; },
    componentDidUpdate: function (before) {
      // A value set from outside (the entry loaded, another language copied): show it.
      var v = this.props.value;
      if (v !== before.value && isoOf(v) !== (parse(this.state.text) || '')) {
        if (typeof v !== 'string' || isoOf(v)) this.setState({ text: shown(v) });
      }
    },
    // Decap checks the field's pattern (YYYY-MM-DD) against this: the date as it will be kept.
    getValidateValue: function () {
      var t = this.state.text;
      return t.trim() === '' ? '' : (parse(t) || t);
    },
    onInput: function (e) {
      var t = e.target.value;
      this.setState({ text: t });
      var iso = parse(t);
      this.props.onChange(t.trim() === '' ? '' : (iso || t));
    },
    render: function () {
      var f = this.props.field;
      return h('input', {
        id: this.props.forID, type: 'text', inputMode: 'numeric', autoComplete: 'off',
        className: this.props.classNameWrapper, value: this.state.text,
        placeholder: f.get('placeholder') || 'dd.mm.yyyy', disabled: this.props.isDisabled,
        onChange: this.onInput, onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle
      });
    }
  });
  var DatePreview = createClass({ render: function () { return h('span', {}, shown(this.props.value)); } });
  CMS.registerWidget('sapar-date', DateControl, DatePreview);

  var SlugControl = createClass({
    // Required on a new page only: an existing page keeps its folder, whatever this says.
    isValid: function () {
      var e = this.props.entry;
      var isNew = e && e.get && e.get('newRecord');
      if (!isNew || this.props.isDisabled || (this.props.value || '').trim() !== '') return true;
      return { error: { type: 'PRESENCE', message: this.props.field.get('required_message') } };
    },
    render: function () {
      var self = this;
      return h('input', {
        id: this.props.forID, type: 'text', autoComplete: 'off', spellCheck: false,
        className: this.props.classNameWrapper, value: this.props.value || '',
        disabled: this.props.isDisabled,
        onChange: function (e) { self.props.onChange(e.target.value.trim()); },
        onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle
      });
    }
  });
  CMS.registerWidget('sapar-slug', SlugControl, Preview);

  // The interface's language: the editor's choice, remembered for a year for /admin/ only.
  var NAMES = { ky: 'Кыргызча', ru: 'Русский', en: 'English' };
  function chooser(config) {
    var langs = (config.i18n && config.i18n.locales) || [];
    if (langs.length < 2 || document.getElementById('sapar-lang')) return;
    var sel = document.createElement('select');
    sel.id = 'sapar-lang';
    sel.setAttribute('aria-label', 'Тил / Язык / Language');
    sel.title = 'Тил / Язык / Language';
    sel.style.cssText = 'position:fixed;bottom:8px;left:8px;z-index:9999;font-size:14px;padding:2px 4px';
    langs.forEach(function (l) {
      var o = document.createElement('option');
      o.value = l; o.textContent = NAMES[l] || l;
      if (l === config.locale) o.selected = true;
      sel.appendChild(o);
    });
    sel.addEventListener('change', function () {
      document.cookie = 'sapar_lang=' + encodeURIComponent(sel.value) + '; Path=/admin; SameSite=Strict; Max-Age=31536000';
      location.reload();
    });
    document.body.appendChild(sel);
  }
  // The left pane's language menu: the first menu button naming a language code ("KY").
  var LOCALES = [];
  function paneButton() {
    var all = document.querySelectorAll('[role="button"]');
    for (var i = 0; i < all.length; i++) {
      var text = all[i].textContent || '';
      for (var j = 0; j < LOCALES.length; j++) {
        if (new RegExp('(^|[^A-Za-z])' + LOCALES[j].toUpperCase() + '([^A-Za-z]|$)').test(text)) {
          return { el: all[i], locale: LOCALES[j] };
        }
      }
    }
    return null;
  }
  var kept = null;
  // Before React handles the press of Publish (capture phase): the pane's language then.
  document.addEventListener('mousedown', function (e) {
    var b = e.target && e.target.closest && e.target.closest('button, [role="button"]');
    if (!b || b.closest('[role="menu"]')) return;
    var p = paneButton();
    if (p && !b.contains(p.el) && !p.el.contains(b)) kept = p.locale;
  }, true);
  function restore() {
    var want = kept;
    if (!want) return;
    var tries = 0;
    (function again() {
      var p = paneButton();
      if (p && p.locale === want) return;
      if (!p || tries++ > 40) { if (tries <= 40) setTimeout(again, 100); return; }
      p.el.click();
      setTimeout(function () {
        var items = document.querySelectorAll('[role="menuitem"]');
        for (var i = 0; i < items.length; i++) {
          if ((items[i].textContent || '').trim() === want) { items[i].click(); return; }
        }
        setTimeout(again, 100);
      }, 50);
    })();
  }
  var ENTRY = /^#\/collections\/[^/]+\/entries\//;
  window.addEventListener('hashchange', function (e) {
    var from = (e.oldURL.split('#')[1] || ''), to = (e.newURL.split('#')[1] || '');
    if (ENTRY.test('#' + from) && ENTRY.test('#' + to) && from !== to) location.reload();
  });

  if (CMS.registerEventListener) {
    CMS.registerEventListener({ name: 'postSave', handler: function () { setTimeout(restore, 50); } });
  }

  fetch('config.yml', { cache: 'no-store', credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (c) {
      LOCALES = (c.i18n && c.i18n.locales) || [];
      chooser(c);
    })
    .catch(function () {});

})();
