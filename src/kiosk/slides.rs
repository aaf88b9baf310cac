//! Reads the `kiosk` section's bundles into [`Slide`]s: every translation must agree on the
//! settings, `link` must name a portal page, and each language gets its text and QR address.

use std::collections::BTreeMap;

use super::{DEFAULT_DURATION, Slide, SlideText, layout};
use crate::diag::{Diagnostic, Diagnostics};
use crate::link::{Bundle, Linked};
use crate::model::config::{Config, SectionKind};
use crate::model::site::{Meta, PageSource};

/// Reads the `kiosk` section's bundles into slides, checking that every translation agrees on
/// the settings (an editor who changes the duration in one language only would otherwise see
/// it silently ignored) and that `link` names a real page. Slides come in loop order: by
/// weight, then by name.
pub(super) fn collect(linked: &Linked, diags: &mut Diagnostics) -> Vec<Slide> {
    let mut slides: Vec<Slide> = linked
        .bundles
        .iter()
        .filter(|b| b.kind == SectionKind::Kiosk && !b.is_section)
        .filter_map(|b| slide(linked, b, diags))
        .collect();
    slides.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.name.cmp(&b.name)));
    slides
}

/// One bundle as a slide; `None` when its translations disagree or its link is wrong (both
/// are reported) or it has no translation at all.
fn slide(linked: &Linked, b: &Bundle, diags: &mut Diagnostics) -> Option<Slide> {
    let site = &linked.site;
    let name = b
        .path
        .strip_prefix(&format!("{}/", b.section))
        .unwrap_or(&b.path)
        .to_string();
    let reference = reference_translation(&site.config, b)?;
    let r = &site.pages[reference];
    let agreed = translations_agree(linked, b, reference, diags);
    let linked_ok = link_is_a_page(linked, r, diags);
    if !(agreed && linked_ok) {
        return None;
    }
    let link = r
        .meta
        .link
        .as_ref()
        .map(|l| l.value.clone())
        .unwrap_or_default();
    let texts = texts(linked, b, r, &link, diags);
    Some(Slide {
        name,
        duration: r.meta.duration.unwrap_or(DEFAULT_DURATION),
        weight: r.meta.weight,
        kiosks: r.meta.kiosks.iter().map(|k| k.value.clone()).collect(),
        alert: r.meta.alert,
        schedule: r
            .meta
            .schedule
            .as_ref()
            .map(|(s, _)| s.clone())
            .unwrap_or_default(),
        link,
        texts,
    })
}

/// The page whose settings count. Settings come from the default language's file, else the
/// first in fallback order, else any translation.
fn reference_translation(config: &Config, b: &Bundle) -> Option<usize> {
    let order: Vec<&String> = std::iter::once(&config.default_language)
        .chain(
            config
                .language(&config.default_language)
                .map(|l| l.fallback.iter())
                .into_iter()
                .flatten(),
        )
        .collect();
    order
        .iter()
        .find_map(|l| b.translations.get(*l))
        .or_else(|| b.translations.values().next())
        .copied()
}

/// Whether every translation has the reference's settings; each one that differs is an error
/// at the line of the differing key.
fn translations_agree(
    linked: &Linked,
    b: &Bundle,
    reference: usize,
    diags: &mut Diagnostics,
) -> bool {
    let site = &linked.site;
    let r = &site.pages[reference];
    let mut ok = true;
    for &pi in b.translations.values() {
        let p = &site.pages[pi];
        if pi == reference {
            continue;
        }
        if let Some(key) = settings_differ(r, p) {
            let line = p
                .meta
                .kiosk_lines
                .get(key)
                .or_else(|| r.meta.kiosk_lines.get(key))
                .copied();
            diags.push(Diagnostic::error(
                &p.file,
                line,
                format!(
                    "key `{key}`: differs from {}; a slide's settings must be the same in every language",
                    r.file.display()
                ),
            ));
            ok = false;
        }
    }
    ok
}

/// Whether the slide's `link` (if any) names a portal page rather than nothing or another
/// slide; an error otherwise.
fn link_is_a_page(linked: &Linked, r: &PageSource, diags: &mut Diagnostics) -> bool {
    let Some(l) = &r.meta.link else {
        return true;
    };
    if l.value.is_empty() {
        return true;
    }
    let target = linked.bundle_of.get(&l.value).map(|&i| &linked.bundles[i]);
    if !target.is_none_or(|t| t.kind == SectionKind::Kiosk) {
        return true;
    }
    let msg = if target.is_some() {
        format!(
            "key `link`: `{}` is a kiosk slide, not a portal page",
            l.value
        )
    } else {
        format!(
            "key `link`: there is no page `{}` (a folder under content/ with index.<lang>.md or _index.<lang>.md)",
            l.value
        )
    };
    diags.push(Diagnostic::error(&r.file, Some(l.line), msg));
    false
}

/// Each language's title, paragraphs and the absolute address its QR code opens: the linked
/// page in that language, or the language's home page. A language the linked page lacks is an
/// error and left out.
fn texts(
    linked: &Linked,
    b: &Bundle,
    r: &PageSource,
    link: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, SlideText> {
    let site = &linked.site;
    let mut texts = BTreeMap::new();
    for (lang, &pi) in &b.translations {
        let p = &site.pages[pi];
        let path = if link.is_empty() {
            Some(format!("/{lang}/"))
        } else {
            linked.url(link, lang).map(str::to_string)
        };
        let Some(path) = path else {
            diags.push(Diagnostic::error(
                &r.file,
                r.meta.link.as_ref().map(|l| l.line),
                format!("key `link`: `{link}` has no page for {lang} readers"),
            ));
            continue;
        };
        texts.insert(
            lang.clone(),
            SlideText {
                file: p.file.clone(),
                title: p.meta.title.clone(),
                paragraphs: layout::plain_paragraphs(&p.body),
                qr_url: site.config.permalink(&path),
            },
        );
    }
    texts
}

/// The first kiosk setting on which two translations of a slide disagree.
fn settings_differ(a: &PageSource, b: &PageSource) -> Option<&'static str> {
    let (x, y) = (&a.meta, &b.meta);
    let ids = |m: &Meta| m.kiosks.iter().map(|k| k.value.clone()).collect::<Vec<_>>();
    if x.duration != y.duration {
        Some("duration")
    } else if x.weight != y.weight {
        Some("weight")
    } else if ids(x) != ids(y) {
        Some("kiosks")
    } else if x.alert != y.alert {
        Some("alert")
    } else if x.link.as_ref().map(|l| &l.value) != y.link.as_ref().map(|l| &l.value) {
        Some("link")
    } else if x.schedule.as_ref().map(|s| &s.0) != y.schedule.as_ref().map(|s| &s.0) {
        Some("schedule")
    } else {
        None
    }
}
