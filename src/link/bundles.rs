//! Ties the translations of one folder into a bundle, and finds each bundle's parent section.

use std::collections::{BTreeMap, HashMap};

use super::Bundle;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::site::Site;

/// The bundles in the order their first page was loaded, with each bundle's index by path.
/// A folder with both page and section files is reported, and only its first kind kept.
pub(super) fn group(site: &Site, diags: &mut Diagnostics) -> (Vec<Bundle>, HashMap<String, usize>) {
    let mut bundle_of: HashMap<String, usize> = HashMap::new();
    let mut bundles: Vec<Bundle> = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        let b = *bundle_of.entry(p.bundle.clone()).or_insert_with(|| {
            bundles.push(Bundle {
                path: p.bundle.clone(),
                section: p.section.clone(),
                kind: site.config.section(&p.section).kind,
                is_section: p.is_section,
                translations: BTreeMap::new(),
                parent: None,
            });
            bundles.len() - 1
        });
        if bundles[b].is_section != p.is_section {
            diags.push(Diagnostic::error(
                &p.file,
                None,
                format!("`{}` has both index.*.md and _index.*.md files; a folder is a page or a section, not both", p.bundle),
            ));
            continue;
        }
        bundles[b].translations.insert(p.lang.clone(), i);
    }
    set_parents(&mut bundles, &bundle_of);
    (bundles, bundle_of)
}

/// Parents: the nearest ancestor folder that has a section page.
fn set_parents(bundles: &mut [Bundle], bundle_of: &HashMap<String, usize>) {
    for i in 0..bundles.len() {
        let mut path = bundles[i].path.clone();
        while !path.is_empty() {
            path = match path.rfind('/') {
                Some(k) => path[..k].to_string(),
                None => String::new(),
            };
            if let Some(&p) = bundle_of.get(&path)
                && bundles[p].is_section
            {
                bundles[i].parent = Some(p);
                break;
            }
        }
    }
}
