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
        duration: r.meta.slide_seconds.unwrap_or(DEFAULT_DURATION),
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
    if target.is_none() && linked.is_draft(&l.value) {
        diags.push(crate::link::references::draft_link(
            &r.file, l.line, &l.value,
        ));
        return false;
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
    if x.slide_seconds != y.slide_seconds {
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::kiosk::fixture::{self, at_line, meta, page, slide_page};

    fn collected(pages: Vec<PageSource>) -> (Vec<Slide>, Vec<Diagnostic>) {
        let linked = fixture::linked(fixture::config(Vec::new()), pages, Vec::new());
        let mut diags = Diagnostics::default();
        let slides = collect(&linked, &mut diags);
        (slides, diags.sorted())
    }

    #[test]
    fn slides_come_by_weight_then_name_with_each_language_text() {
        let heavy = Meta {
            weight: 5,
            slide_seconds: Some(7),
            ..meta("Alpha")
        };
        let (slides, diags) = collected(vec![
            slide_page("zeta", "ky", "Бир.\n\n- эки\n- үч", meta("Зета")),
            slide_page("zeta", "ru", "Один.", meta("Зета ru")),
            slide_page("alpha", "ky", "Text.", heavy),
            slide_page("beta", "en", "Text.", meta("Beta")),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        let names: Vec<&str> = slides.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["beta", "zeta", "alpha"]);
        let zeta = &slides[1];
        assert_eq!(zeta.duration, DEFAULT_DURATION);
        assert_eq!(zeta.texts.keys().collect::<Vec<_>>(), ["ky", "ru"]);
        let ky = &zeta.texts["ky"];
        assert_eq!(ky.title, "Зета");
        assert_eq!(ky.paragraphs, ["Бир.", "• эки", "• үч"]);
        assert_eq!(ky.file, PathBuf::from("content/kiosk/zeta/index.ky.md"));
        // Without `link` the QR code opens the home page in the slide's language.
        assert_eq!(zeta.texts["ru"].qr_url, "https://portal.example.kg/ru/");
        assert_eq!(slides[2].duration, 7);
    }

    #[test]
    fn a_setting_that_differs_between_translations_is_an_error_at_its_line() {
        let mut ru = Meta {
            slide_seconds: Some(12),
            ..meta("ru")
        };
        ru.kiosk_lines.insert("duration", 4);
        let (slides, diags) = collected(vec![
            slide_page("s", "ky", "x", meta("ky")),
            slide_page("s", "ru", "x", ru),
            slide_page("s", "en", "x", meta("en")),
            slide_page("fine", "ky", "x", meta("ky")),
        ]);
        assert_eq!(slides.len(), 1, "the slide is left out");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].file, PathBuf::from("content/kiosk/s/index.ru.md"));
        assert_eq!(diags[0].line, Some(4));
        assert_eq!(
            diags[0].message,
            "key `duration`: differs from content/kiosk/s/index.ky.md; a slide's settings must be the same in every language"
        );
    }

    #[test]
    fn without_the_default_language_its_first_fallback_decides() {
        // ky is the default and falls back to ru: the ru file is the reference.
        let heavy = Meta {
            weight: 3,
            ..meta("en")
        };
        let (slides, diags) = collected(vec![
            slide_page("s", "en", "x", heavy),
            slide_page("s", "ru", "x", meta("ru")),
        ]);
        assert!(slides.is_empty());
        assert_eq!(diags[0].file, PathBuf::from("content/kiosk/s/index.en.md"));
        assert!(
            diags[0]
                .message
                .starts_with("key `weight`: differs from content/kiosk/s/index.ru.md"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn a_link_to_a_draft_says_so_and_what_to_do() {
        let pages = vec![slide_page(
            "to-draft",
            "ky",
            "x",
            Meta {
                link: Some(at_line("news/centre", 6)),
                ..meta("ky")
            },
        )];
        let mut linked = fixture::linked(fixture::config(Vec::new()), pages, Vec::new());
        linked.site.drafts = vec!["content/news/centre/index.ru.md".into()];
        let mut diags = Diagnostics::default();
        assert!(collect(&linked, &mut diags).is_empty());
        let d = diags.sorted();
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "the page `@/news/centre` is a draft (`draft = true`), so it is not published and the link to it from content/kiosk/to-draft/index.ky.md would break"
        );
        assert!(
            d[0].hint
                .as_deref()
                .is_some_and(|h| h.starts_with("remove this link")),
            "{:?}",
            d[0].hint
        );
    }

    #[test]
    fn link_must_name_a_portal_page() {
        let linking = |name: &str, to: &str| Meta {
            link: Some(at_line(to, 6)),
            ..meta(name)
        };
        let (slides, diags) = collected(vec![
            page("guides/russia", "guides", "ky", "x", meta("Россия")),
            page("guides/russia", "guides", "ru", "x", meta("Россия")),
            slide_page("to-guide", "ky", "x", linking("ky", "guides/russia")),
            slide_page("to-guide", "en", "x", linking("en", "guides/russia")),
            slide_page("to-nowhere", "ky", "x", linking("ky", "nowhere")),
            slide_page("to-slide", "ky", "x", linking("ky", "kiosk/to-guide")),
        ]);
        let names: Vec<&str> = slides.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["to-guide"]);
        // English readers have no such page: that language is left out, the slide is kept.
        let s = &slides[0];
        assert_eq!(s.link, "guides/russia");
        assert_eq!(s.texts.keys().collect::<Vec<_>>(), ["ky"]);
        assert_eq!(
            s.texts["ky"].qr_url,
            "https://portal.example.kg/ky/guides/russia/"
        );
        let messages: Vec<(&str, Option<usize>, &str)> = diags
            .iter()
            .map(|d| (d.file.to_str().unwrap(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "content/kiosk/to-guide/index.ky.md",
                    Some(6),
                    "key `link`: `guides/russia` has no page for en readers"
                ),
                (
                    "content/kiosk/to-nowhere/index.ky.md",
                    Some(6),
                    "key `link`: there is no page `nowhere` (a folder under content/ with index.<lang>.md or _index.<lang>.md)"
                ),
                (
                    "content/kiosk/to-slide/index.ky.md",
                    Some(6),
                    "key `link`: `kiosk/to-guide` is a kiosk slide, not a portal page"
                ),
            ]
        );
    }

    #[test]
    fn settings_are_compared_in_a_fixed_order() {
        let base = slide_page("s", "ky", "x", meta("a"));
        let with = |m: Meta| slide_page("s", "ru", "y", m);
        assert_eq!(settings_differ(&base, &with(meta("other title"))), None);
        let both = Meta {
            slide_seconds: Some(5),
            alert: true,
            ..meta("a")
        };
        assert_eq!(settings_differ(&base, &with(both)), Some("duration"));
        let ids = Meta {
            kiosks: vec![at_line("manas-1", 3)],
            ..meta("a")
        };
        assert_eq!(settings_differ(&base, &with(ids)), Some("kiosks"));
        let schedule = Meta {
            schedule: Some((
                crate::model::schedule::Schedule {
                    weekdays: vec![4],
                    ..Default::default()
                },
                8,
            )),
            ..meta("a")
        };
        assert_eq!(settings_differ(&base, &with(schedule)), Some("schedule"));
    }
}
