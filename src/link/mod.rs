//! Link: ties translations into bundles, picks what each reader sees, and fixes every URL.
//!
//! After this stage every (bundle, language) pair has exactly one URL and one source page, so
//! rendering can run in parallel without looking anything up twice. The steps run in the order
//! of [`link`]: bundles, outputs (with their addresses), aliases, references into the data
//! files, and neighbours (the order of each section's children).

mod aliases;
mod bundles;
mod neighbours;
mod outputs;
mod references;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diag::Diagnostics;
use crate::model::config::SectionKind;
use crate::model::site::{PageSource, Site};

pub use aliases::normalize_alias;
pub use outputs::page_url;

#[derive(Debug, Clone)]
pub struct Bundle {
    pub path: String,
    pub section: String,
    pub kind: SectionKind,
    pub is_section: bool,
    /// Language → index into `Site::pages`.
    pub translations: BTreeMap<String, usize>,
    /// The nearest section page above this bundle, if there is one.
    pub parent: Option<usize>,
}

/// One page of output: a bundle as a reader of one language sees it.
#[derive(Debug, Clone)]
pub struct Output {
    pub bundle: usize,
    pub lang: String,
    /// Index into `Site::pages` of the text shown (another language when falling back).
    pub source: usize,
    pub url: String,
}

impl Output {
    pub fn is_fallback(&self, site: &Site) -> bool {
        site.pages[self.source].lang != self.lang
    }
}

/// Names an [`Output`]: a bundle as a reader of one language sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OutputKey {
    /// Index into [`Linked::bundles`].
    pub bundle: usize,
    /// The reader's language.
    pub lang: String,
}

impl OutputKey {
    pub fn new(bundle: usize, lang: &str) -> OutputKey {
        OutputKey {
            bundle,
            lang: lang.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Alias {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone)]
pub struct Linked {
    pub site: Site,
    pub bundles: Vec<Bundle>,
    pub outputs: Vec<Output>,
    /// Index into `outputs` of each bundle as a reader of each language sees it.
    pub output_of: HashMap<OutputKey, usize>,
    pub bundle_of: HashMap<String, usize>,
    /// Section bundle index → its child bundles, sorted for listing.
    pub children: HashMap<usize, Vec<usize>>,
    pub aliases: Vec<Alias>,
}

impl Linked {
    /// URL path of a bundle for a reader of `lang`.
    pub fn url(&self, bundle: &str, lang: &str) -> Option<&str> {
        if self.site.broken.contains(bundle) && !self.bundle_of.contains_key(bundle) {
            return Some("#");
        }
        let b = *self.bundle_of.get(bundle)?;
        Some(&self.output(b, lang)?.url)
    }

    /// Index into `outputs` of `bundle` as a reader of `lang` sees it.
    pub fn output_index(&self, bundle: usize, lang: &str) -> Option<usize> {
        self.output_of.get(&OutputKey::new(bundle, lang)).copied()
    }

    pub fn output(&self, bundle: usize, lang: &str) -> Option<&Output> {
        self.output_index(bundle, lang).map(|o| &self.outputs[o])
    }

    pub fn page(&self, output: &Output) -> &PageSource {
        &self.site.pages[output.source]
    }
}

/// Links what it can and returns its findings beside the result; the caller decides whether
/// errors stop the build (they do), so that one run reports everything.
pub fn link(site: Site) -> (Linked, Diagnostics) {
    let mut diags = Diagnostics::default();
    let (bundles, bundle_of) = bundles::group(&site, &mut diags);
    let outputs = outputs::assign(&site, &bundles, &mut diags);
    let aliases = aliases::collect(&site, &outputs, &mut diags);
    references::check(&site, &bundles, &bundle_of, &mut diags);
    let children = neighbours::children(&site, &bundles);
    (
        Linked {
            site,
            bundles,
            outputs: outputs.list,
            output_of: outputs.index,
            bundle_of,
            children,
            aliases,
        },
        diags,
    )
}

/// Languages a bundle lacks, for "translation status" checks.
pub fn missing_languages(linked: &Linked, bundle: usize) -> Vec<String> {
    let have: HashSet<&String> = linked.bundles[bundle].translations.keys().collect();
    linked
        .site
        .config
        .languages
        .iter()
        .filter(|l| !have.contains(&l.code))
        .map(|l| l.code.clone())
        .collect()
}
