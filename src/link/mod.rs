//! Link: ties translations into bundles, picks what each reader sees, and fixes every URL.
//!
//! After this stage every (bundle, language) pair has exactly one URL and one source page, so
//! rendering can run in parallel without looking anything up twice. The steps run in the order
//! of [`link`]: bundles, outputs (with their addresses), aliases, references into the data
//! files, and neighbours (the order of each section's children).

mod aliases;
mod bundles;
pub(crate) mod changes;
pub(crate) mod freshness;
mod neighbours;
mod outputs;
pub(crate) mod references;
#[cfg(test)]
mod tests;
pub(crate) mod vocabulary;

use std::collections::{BTreeMap, HashMap};

use crate::diag::Diagnostics;
use crate::model::config::SectionKind;
use crate::model::site::{PageSource, Site};

#[derive(Debug, Clone)]
pub(crate) struct Bundle {
    pub(crate) path: String,
    pub(crate) section: String,
    pub(crate) kind: SectionKind,
    pub(crate) is_section: bool,
    /// Language → index into `Site::pages`.
    pub(crate) translations: BTreeMap<String, usize>,
    /// The nearest section page above this bundle, if there is one.
    pub(crate) parent: Option<usize>,
}

/// One page of output: a bundle as a reader of one language sees it.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    pub(crate) bundle: usize,
    pub(crate) lang: String,
    /// Index into `Site::pages` of the text shown (another language when falling back).
    pub(crate) source: usize,
    pub(crate) url: String,
}

impl Output {
    pub(crate) fn is_fallback(&self, site: &Site) -> bool {
        site.pages[self.source].lang != self.lang
    }
}

/// Names an [`Output`]: a bundle as a reader of one language sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct OutputKey {
    /// Index into [`Linked::bundles`].
    pub(crate) bundle: usize,
    /// The reader's language.
    pub(crate) lang: String,
}

impl OutputKey {
    pub(crate) fn new(bundle: usize, lang: &str) -> OutputKey {
        OutputKey {
            bundle,
            lang: lang.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Alias {
    pub(crate) from: String,
    pub(crate) to: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Linked {
    pub(crate) site: Site,
    pub(crate) bundles: Vec<Bundle>,
    pub(crate) outputs: Vec<Output>,
    /// Index into `outputs` of each bundle as a reader of each language sees it.
    pub(crate) output_of: HashMap<OutputKey, usize>,
    pub(crate) bundle_of: HashMap<String, usize>,
    /// Section bundle index → its child bundles, sorted for listing.
    pub(crate) children: HashMap<usize, Vec<usize>>,
    pub(crate) aliases: Vec<Alias>,
}

impl Linked {
    /// Whether `bundle` (`news/x`) has no page only because its files are drafts.
    pub(crate) fn is_draft(&self, bundle: &str) -> bool {
        let folder = std::path::Path::new("content").join(bundle);
        !self.bundle_of.contains_key(bundle)
            && self
                .site
                .drafts
                .iter()
                .any(|d| d.parent() == Some(folder.as_path()))
    }

    /// URL path of a bundle for a reader of `lang`.
    pub(crate) fn url(&self, bundle: &str, lang: &str) -> Option<&str> {
        if self.site.broken.contains(bundle) && !self.bundle_of.contains_key(bundle) {
            return Some("#");
        }
        let b = *self.bundle_of.get(bundle)?;
        Some(&self.output(b, lang)?.url)
    }

    /// Index into `outputs` of `bundle` as a reader of `lang` sees it.
    pub(crate) fn output_index(&self, bundle: usize, lang: &str) -> Option<usize> {
        self.output_of.get(&OutputKey::new(bundle, lang)).copied()
    }

    pub(crate) fn output(&self, bundle: usize, lang: &str) -> Option<&Output> {
        self.output_index(bundle, lang).map(|o| &self.outputs[o])
    }

    pub(crate) fn page(&self, output: &Output) -> &PageSource {
        &self.site.pages[output.source]
    }
}

/// Links what it can and adds its findings to `diags`; the caller decides whether errors stop
/// the build (they do), so that one run reports everything.
/// The checks of what pages name (sources, contacts, originals, countries), again on a linked
/// site whose pages were edited: watch mode's quick rebuild re-reads only the edited pages and
/// must not let a mistake in them through that a full build would stop.
pub(crate) fn recheck(
    linked: &Linked,
    strings: &BTreeMap<String, crate::model::strings::Strings>,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    references::check(&linked.site, &linked.bundles, &linked.bundle_of, &mut diags);
    vocabulary::check(&linked.site, strings, &mut diags);
    diags
}

pub(crate) fn link(site: Site, diags: &mut Diagnostics) -> Linked {
    let (bundles, bundle_of) = bundles::group(&site, diags);
    let outputs = outputs::assign(&site, &bundles, diags);
    let aliases = aliases::collect(&site, &outputs, diags);
    references::check(&site, &bundles, &bundle_of, diags);
    let children = neighbours::children(&site, &bundles);
    Linked {
        site,
        bundles,
        outputs: outputs.list,
        output_of: outputs.index,
        bundle_of,
        children,
        aliases,
    }
}
