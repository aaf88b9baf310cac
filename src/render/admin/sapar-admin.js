// Sapar's additions to the editing interface (Decap CMS), loaded after it: previews in the
// portal's own style sheet, so that an editor sees headings, lists and tables as readers will.
(function () {
  if (!window.CMS) return;
  window.CMS.registerPreviewStyle('/style.css');
})();
