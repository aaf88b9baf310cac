//! The order of each section's children, which gives listings and every page's previous and
//! next links; and, for watch mode, which pages an edit that moves a page in that order touches.

use std::collections::HashMap;

use super::{Bundle, Linked};
use crate::model::config::SortBy;
use crate::model::site::{PageSource, Site};

/// Section bundle index → its child bundles, sorted for listing.
pub(super) fn children(site: &Site, bundles: &[Bundle]) -> HashMap<usize, Vec<usize>> {
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, b) in bundles.iter().enumerate() {
        if let Some(parent) = b.parent {
            children.entry(parent).or_default().push(i);
        }
    }
    for (parent, list) in children.iter_mut() {
        sort_children(site, bundles, *parent, list);
    }
    children
}

impl Linked {
    /// Sorts the listing that `bundle` is in again, after its front matter changed (watch
    /// mode), and returns the bundles whose pages may show it differently: the bundle and its
    /// neighbours before the move and after it, which show it in their previous/next links.
    pub(crate) fn resort_siblings(&mut self, bundle: usize) -> Vec<usize> {
        let Some(parent) = self.bundles[bundle].parent else {
            return Vec::new();
        };
        let mut list = self.children.remove(&parent).unwrap_or_default();
        let mut touched = beside(&list, bundle);
        sort_children(&self.site, &self.bundles, parent, &mut list);
        touched.extend(beside(&list, bundle));
        self.children.insert(parent, list);
        touched
    }
}

/// `bundle` and the bundles just before and after it in `list`.
fn beside(list: &[usize], bundle: usize) -> Vec<usize> {
    match list.iter().position(|&x| x == bundle) {
        Some(i) => list[i.saturating_sub(1)..(i + 2).min(list.len())].to_vec(),
        None => Vec::new(),
    }
}

/// Orders a section's children by the section's `sort` (then title, then path, so the order is
/// stable). The default language's text decides, so every language lists pages in one order.
fn sort_children(site: &Site, bundles: &[Bundle], parent: usize, list: &mut [usize]) {
    let config = &site.config;
    let sort = config.section(&bundles[parent].section).sort;
    let key_page = |b: &Bundle| -> &PageSource {
        let i = b
            .translations
            .get(&config.default_language)
            .or_else(|| b.translations.values().next())
            .copied()
            .unwrap_or(0);
        &site.pages[i]
    };
    list.sort_by(|&a, &b| {
        let (pa, pb) = (key_page(&bundles[a]), key_page(&bundles[b]));
        let by = match sort {
            SortBy::Weight => pa.meta.weight.cmp(&pb.meta.weight),
            SortBy::Date => pb.meta.date.cmp(&pa.meta.date),
            SortBy::Title => std::cmp::Ordering::Equal,
        };
        by.then_with(|| pa.meta.title.cmp(&pb.meta.title))
            .then_with(|| bundles[a].path.cmp(&bundles[b].path))
    });
}
