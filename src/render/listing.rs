//! Listings of pages: the summaries a section page shows of its bundles, the home page's
//! sections, and a page's neighbours among its siblings.

use std::collections::BTreeMap;

use super::Renderer;
use super::view::Summary;
use crate::link::Output;

/// Position among siblings, for "module 3 of 8" and the links to the neighbours.
#[derive(Default)]
pub(super) struct Position {
    pub(crate) prev: Option<Summary>,
    pub(crate) next: Option<Summary>,
    pub(crate) number: usize,
    pub(crate) total: usize,
}

impl Renderer<'_> {
    pub(super) fn summary(&self, o: &Output) -> Summary {
        let p = self.linked.page(o);
        let (date, date_iso) = self.fmt_date(&o.lang, p.meta.date);
        Summary {
            title: p.meta.title.clone(),
            description: p.meta.description.clone().unwrap_or_default(),
            url: o.url.clone(),
            date,
            date_iso,
            weight: p.meta.weight,
            country: p.meta.country.clone().unwrap_or_default(),
            duration: p.meta.minutes,
            lang: p.lang.clone(),
            is_fallback: p.lang != o.lang,
        }
    }

    /// The bundles of a section in a language, in the section's order.
    pub(super) fn children(&self, bundle: usize, lang: &str) -> Vec<Summary> {
        self.linked
            .children
            .get(&bundle)
            .map(|list| {
                list.iter()
                    .filter_map(|&b| self.linked.output(b, lang))
                    .map(|o| self.summary(o))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The home page's listings: each configured section's bundles, by section name.
    pub(super) fn sections(&self, lang: &str) -> BTreeMap<String, Vec<Summary>> {
        let mut sections = BTreeMap::new();
        for s in &self.linked.site.config.sections {
            if let Some(b) = self.section_bundle(&s.name) {
                sections.insert(s.name.clone(), self.children(b, lang));
            }
        }
        sections
    }

    /// Position among siblings (course modules: "module 3 of 8").
    pub(super) fn position(&self, o: &Output) -> Position {
        let linked = self.linked;
        let mut at = Position::default();
        let parent = linked.bundles[o.bundle].parent;
        if let Some(siblings) = parent.and_then(|b| linked.children.get(&b)) {
            at.total = siblings.len();
            if let Some(i) = siblings.iter().position(|&b| b == o.bundle) {
                at.number = i + 1;
                at.prev = i
                    .checked_sub(1)
                    .and_then(|j| linked.output(siblings[j], &o.lang))
                    .map(|x| self.summary(x));
                at.next = siblings
                    .get(i + 1)
                    .and_then(|&j| linked.output(j, &o.lang))
                    .map(|x| self.summary(x));
            }
        }
        at
    }
}
