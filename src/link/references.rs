//! Checks what pages name outside themselves: source documents and organisations in the data
//! files, and the translation a page says it was made from.

use std::collections::HashMap;

use super::Bundle;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::data::{CONTACTS_FILE, SOURCES_FILE};
use crate::model::site::Site;

/// References into a data file that failed to load are not checked: that file has its own
/// error, and one for every page citing it would bury it.
pub(super) fn check(
    site: &Site,
    bundles: &[Bundle],
    bundle_of: &HashMap<String, usize>,
    diags: &mut Diagnostics,
) {
    for p in &site.pages {
        for s in &p.meta.sources {
            let id = &s.id;
            if !site.sources.contains_key(id) && !site.broken_data.contains(&SOURCES_FILE) {
                diags.push(Diagnostic::error(
                    &p.file,
                    Some(s.line),
                    format!("key `sources`: `{id}` is not a document in data/sources.toml"),
                ));
            }
        }
        for c in &p.meta.contacts {
            if !site.contacts.iter().any(|k| k.id == c.value)
                && !site.broken_data.contains(&CONTACTS_FILE)
            {
                diags.push(Diagnostic::error(
                    &p.file,
                    Some(c.line),
                    format!(
                        "key `contacts`: `{}` is not an organisation in data/contacts.toml",
                        c.value
                    ),
                ));
            }
        }
        if let Some(o) = &p.meta.original
            && *o != p.lang
            && !bundle_of
                .get(&p.bundle)
                .is_some_and(|&b| bundles[b].translations.contains_key(o))
        {
            diags.push(Diagnostic::warning(
                &p.file,
                None,
                format!("key `original`: the original `{o}` version of this page does not exist"),
            ));
        }
    }
}
