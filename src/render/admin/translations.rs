//! Where each translation stands, for the editing interface: the same statuses `sapar check`
//! and the translation dashboard give (link::freshness), keyed the way the CMS names an entry
//! (`collection|slug`, then the language), so that the form shows a translator whether the
//! text beside the original is up to date and, when it is not, what changed in the original.

use serde_json::{Map, Value, json};

use crate::link::Linked;
use crate::link::freshness::{Status, describe, report};
use crate::model::config::SectionKind;

/// The CMS's name for a page: its collection and its slug there (render::admin::config).
fn cms_key(linked: &Linked, bundle: &str, is_section: bool) -> Option<String> {
    if is_section {
        let name = if bundle.is_empty() { "home" } else { bundle };
        return Some(format!("page-{name}|_index"));
    }
    let (section, rest) = bundle.split_once('/')?;
    let kind = linked.site.config.section(section).kind;
    (kind != SectionKind::Directory).then(|| format!("{section}|{rest}/index"))
}

/// `{"guides|russia/index": {"ky": {"status": "stale", "urgent": true, "changes": […]}}}`.
pub(crate) fn status(linked: &Linked) -> Value {
    let mut all = Map::new();
    for e in report(linked) {
        let b = &linked.bundles[e.bundle];
        let Some(first) = b.translations.values().next() else {
            continue;
        };
        let page = &linked.site.pages[*first];
        let Some(key) = cms_key(linked, &page.bundle, page.is_section) else {
            continue;
        };
        let original = e.original.map(|o| linked.site.pages[o].lang.clone());
        // What "up to date" means now: the original's fingerprint, for the form's button.
        let current = e.original.map(|o| linked.site.pages[o].fingerprint.clone());
        let changes: Vec<String> = e.changes.iter().flatten().map(describe).collect();
        let one = json!({
            "status": e.status.name(),
            "urgent": e.urgent(),
            "original": original,
            "current": current,
            "old_version_known": e.status != Status::Stale || e.changes.is_some(),
            "changes": changes,
        });
        let langs = all.entry(key).or_insert_with(|| json!({}));
        langs[e.lang.as_str()] = one;
    }
    Value::Object(all)
}
