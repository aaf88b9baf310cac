//! Picks, for every bundle and every reader's language, the text shown (own or a fallback) and
//! the address it is served at; two pages claiming one address is an error.

use std::collections::HashMap;

use super::{Bundle, Output, OutputKey};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::SectionKind;
use crate::model::site::Site;

/// The outputs, how to find them, and which file claimed each address.
pub(super) struct Outputs {
    pub(crate) list: Vec<Output>,
    /// Index into `list` of each output.
    pub(crate) index: HashMap<OutputKey, usize>,
    /// Address → the file shown there, for messages about a second claim.
    pub(crate) claimed: HashMap<String, String>,
}

pub(super) fn assign(site: &Site, bundles: &[Bundle], diags: &mut Diagnostics) -> Outputs {
    let mut out = Outputs {
        list: Vec::new(),
        index: HashMap::new(),
        claimed: HashMap::new(),
    };
    for (bi, b) in bundles.iter().enumerate() {
        // Kiosk slides are built into kiosk screens, not served as pages.
        if b.kind == SectionKind::Kiosk {
            continue;
        }
        for lang in &site.config.languages {
            let chain = std::iter::once(&lang.code).chain(lang.fallback.iter());
            let Some(source) = chain.filter_map(|l| b.translations.get(l)).next().copied() else {
                continue;
            };
            let own = b.translations.get(&lang.code).map(|&i| &site.pages[i]);
            let url = page_url(
                &lang.code,
                &b.path,
                own.and_then(|p| p.meta.slug.as_ref().map(|s| s.value.as_str())),
            );
            let file = &site.pages[source].file;
            if let Some(other) = out.claimed.insert(url.clone(), file.display().to_string()) {
                diags.push(Diagnostic::error(
                    file,
                    None,
                    format!("the address {url} is also used by {other}; change a `slug`"),
                ));
                continue;
            }
            out.index
                .insert(OutputKey::new(bi, &lang.code), out.list.len());
            out.list.push(Output {
                bundle: bi,
                lang: lang.code.clone(),
                source,
                url,
            });
        }
    }
    out
}

/// The address of a bundle for readers of `lang`; a page's own `slug` replaces the last part.
pub(crate) fn page_url(lang: &str, bundle: &str, slug: Option<&str>) -> String {
    if bundle.is_empty() {
        return format!("/{lang}/");
    }
    match (slug, bundle.rfind('/')) {
        (Some(s), Some(k)) => format!("/{lang}/{}/{s}/", &bundle[..k]),
        (Some(s), None) => format!("/{lang}/{s}/"),
        (None, _) => format!("/{lang}/{bundle}/"),
    }
}
