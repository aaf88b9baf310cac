//! What the build checks in the pages it rendered: links to a heading (`@/modules/money#wages`)
//! against the headings of the target page in the reader's language, and images without alt
//! text.
//!
//! Heading anchors come from the heading text, so they differ per language: a link copied from
//! the Russian page into the Kyrgyz one points at a Russian anchor that the Kyrgyz page does not
//! have. Such a link opens the page at its top without a word, so a build error it is (it was
//! only a `sapar check` finding before).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::Linked;
use crate::model::output::PageText;
use crate::util::suggest;

/// What the check needs of one rendered page, taken before the page is handed on (the build
/// does not keep pages in memory).
pub(super) struct Found {
    bundle: String,
    lang: String,
    ids: Vec<String>,
    /// `@/` links with an anchor: target bundle, anchor, line. Empty for a fallback copy, whose
    /// links are the original's and are reported there.
    links: Vec<(String, String, usize)>,
    /// Lines of images without alt text (none for a fallback copy, likewise).
    images_without_alt: Vec<usize>,
    file: PathBuf,
}

impl Found {
    pub(super) fn of(p: &PageText) -> Found {
        Found {
            bundle: p.bundle.clone(),
            lang: p.lang.clone(),
            ids: p.headings.iter().map(|h| h.id.clone()).collect(),
            links: if p.is_fallback {
                Vec::new()
            } else {
                p.links
                    .iter()
                    .filter_map(|l| Some((l.target.clone(), l.anchor.clone()?, l.line)))
                    .collect()
            },
            images_without_alt: if p.is_fallback {
                Vec::new()
            } else {
                p.images_without_alt.clone()
            },
            file: p.file.clone(),
        }
    }
}

/// Reports every link whose anchor is not a heading of its target in the page's language.
pub(super) fn check(linked: &Linked, found: &[Found], diags: &mut Diagnostics) {
    let ids: HashMap<(&str, &str), &[String]> = found
        .iter()
        .map(|f| ((f.bundle.as_str(), f.lang.as_str()), f.ids.as_slice()))
        .collect();
    for f in found {
        for line in &f.images_without_alt {
            diags.push(
                Diagnostic::warning(&f.file, Some(*line), "an image without alt text")
                    .with_hint("describe the image between the brackets for people who cannot see it: ![a map of the route](map.png)"),
            );
        }
        for (target, anchor, line) in &f.links {
            let Some(&b) = linked.bundle_of.get(target) else {
                continue;
            };
            let path = linked.bundles[b].path.as_str();
            let Some(headings) = ids.get(&(path, f.lang.as_str())) else {
                continue;
            };
            if headings.iter().any(|h| h == anchor) {
                continue;
            }
            let known: Vec<&str> = headings.iter().map(String::as_str).collect();
            let hint = match suggest::closest(anchor, known.iter().copied()) {
                Some(c) => format!("did you mean `#{c}`?"),
                None if known.is_empty() => format!(
                    "the {} version of @/{target} has no headings: link to the page without `#{anchor}`",
                    f.lang
                ),
                None => format!(
                    "anchors come from the headings of the {} version of the page: {}",
                    f.lang,
                    known
                        .iter()
                        .take(12)
                        .map(|k| format!("`#{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            diags.push(
                Diagnostic::error(
                    &f.file,
                    Some(*line),
                    format!(
                        "the link @/{target}#{anchor} points to a heading that the {} page @/{target} does not have",
                        f.lang
                    ),
                )
                .pointing_at(format!("#{anchor}"))
                .with_hint(hint),
            );
        }
    }
}
