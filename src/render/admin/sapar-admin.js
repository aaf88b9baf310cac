// Sapar's additions to the editing interface (Decap CMS), loaded after it:
// - previews in the portal's own style sheet, so an editor sees headings, lists and tables as
//   readers will;
// - "Translation status" in each language's form: whether the text is up to date with the
//   original, and if not, which words of the original changed since (the statuses of
//   `sapar check` and the translation dashboard, from translations.json). Saving an edited
//   translation records it as made from the original beside it.
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
})();
