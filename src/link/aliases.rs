//! Old addresses (`aliases`) that redirect to a page: checked to stay inside the site and to
//! lead to one page only.

use std::collections::HashMap;

use super::Alias;
use super::outputs::Outputs;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::site::Site;

/// The aliases of every page shown in its own language (a fallback does not repeat them).
pub(super) fn collect(site: &Site, outputs: &Outputs, diags: &mut Diagnostics) -> Vec<Alias> {
    let mut aliases = Vec::new();
    // Kept apart from page addresses so that a clash names what the other claim is.
    let mut alias_of: HashMap<String, String> = HashMap::new();
    for o in &outputs.list {
        let p = &site.pages[o.source];
        if p.lang != o.lang {
            continue;
        }
        for a in &p.meta.aliases {
            match normalize_alias(&a.value) {
                Ok(from) if outputs.claimed.contains_key(&from) => diags.push(Diagnostic::error(
                    &p.file,
                    Some(a.line),
                    format!(
                        "key `aliases`: `{}` is the address of a page; an alias cannot replace it",
                        a.value
                    ),
                )),
                Ok(from) if alias_of.contains_key(&from) => diags.push(Diagnostic::error(
                    &p.file,
                    Some(a.line),
                    format!(
                        "key `aliases`: `{}` is already an alias of {}; an old address can lead to one page only",
                        a.value, alias_of[&from]
                    ),
                )),
                Ok(from) => {
                    alias_of.insert(from.clone(), p.file.display().to_string());
                    aliases.push(Alias {
                        from,
                        to: o.url.clone(),
                    });
                }
                Err(m) => diags.push(Diagnostic::error(
                    &p.file,
                    Some(a.line),
                    format!("key `aliases`: {m}"),
                )),
            }
        }
    }
    aliases
}

/// An alias becomes a folder with a redirect page, so it must stay inside the output folder.
pub(crate) fn normalize_alias(a: &str) -> Result<String, String> {
    let t = a.trim();
    if !t.starts_with('/') || t.starts_with("//") {
        return Err(format!("`{a}` must be a path on this site starting with /"));
    }
    let mut parts = Vec::new();
    for seg in t.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains(['\\', '\0', ':', '?', '#', '%']) {
            return Err(format!("`{a}` would land outside the site's output folder"));
        }
        parts.push(seg);
    }
    if parts.is_empty() {
        return Err(format!("`{a}` would replace the site's root page"));
    }
    let last = parts[parts.len() - 1];
    if last.ends_with(".html") {
        Ok(format!("/{}", parts.join("/")))
    } else {
        Ok(format!("/{}/", parts.join("/")))
    }
}
