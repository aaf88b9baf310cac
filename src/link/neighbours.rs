//! The order of each section's children, which gives listings and every page's previous and
//! next links.

use std::collections::HashMap;

use super::Bundle;
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

/// Orders a section's children by the section's `sort` (then title, then path, so the order is
/// stable). The default language's text decides, so every language lists pages in one order.
pub fn sort_children(site: &Site, bundles: &[Bundle], parent: usize, list: &mut [usize]) {
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
