//! Which slides a kiosk plays, and in which of its languages: its selection, the slides'
//! own `kiosks` lists, alerts for every kiosk they name, and only languages a slide has.

use super::Slide;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::{Kiosk, SlideSelection};

/// A kiosk's loop: slide indices in play order with the languages each is shown in.
pub(super) struct Plan {
    pub(crate) slides: Vec<(usize, Vec<String>)>,
}

/// Kiosk `k`'s loop over `slides` (already in loop order). Warns about a slide that exists in
/// none of the kiosk's languages, and about a kiosk left with nothing but alerts.
pub(super) fn plan(k: &Kiosk, slides: &[Slide], diags: &mut Diagnostics) -> Plan {
    let mut out = Vec::new();
    for (i, s) in slides.iter().enumerate() {
        let for_me = s.kiosks.is_empty() || s.kiosks.contains(&k.id);
        let selected = match &k.slides {
            SlideSelection::All => true,
            SlideSelection::Only(names) => names.contains(&s.name),
        };
        // Alerts go to every kiosk they name (all by default), whatever its selection.
        if !for_me || !(selected || s.alert) {
            continue;
        }
        let langs: Vec<String> = k
            .languages
            .iter()
            .filter(|l| s.texts.contains_key(*l))
            .cloned()
            .collect();
        if langs.is_empty() {
            if let Some(t) = s.texts.values().next() {
                diags.push(Diagnostic::warning(
                    &t.file,
                    None,
                    format!(
                        "kiosk {} shows {}, and this slide exists in none of them; it is left out there",
                        k.id,
                        k.languages.join(", ")
                    ),
                ));
            }
            continue;
        }
        out.push((i, langs));
    }
    if out.iter().all(|(i, _)| slides[*i].alert) {
        diags.push(Diagnostic::warning(
            "site.toml",
            k.line,
            format!(
                "kiosk {} has no regular slides to play; it shows only the hotline",
                k.id
            ),
        ));
    }
    Plan { slides: out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::fixture::{kiosk, slide};

    fn langs(p: &Plan) -> Vec<(usize, Vec<&str>)> {
        p.slides
            .iter()
            .map(|(i, l)| (*i, l.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn a_kiosk_plays_its_selection_and_its_alerts_in_its_language_order() {
        let mut elsewhere = slide("elsewhere", false, &["ky"]);
        elsewhere.kiosks = vec!["batken".into()];
        let slides = [
            slide("a", false, &["ky", "ru", "en"]),
            elsewhere,
            slide("russian", false, &["ru"]),
            slide("alert", true, &["ky", "ru"]),
            slide("unselected", false, &["ky"]),
        ];
        let mut k = kiosk("manas-1", 1920, 1080, &["ru", "ky"]);
        k.slides = SlideSelection::Only(vec!["a".into(), "russian".into(), "elsewhere".into()]);
        let mut diags = Diagnostics::default();
        let p = plan(&k, &slides, &mut diags);
        assert_eq!(
            langs(&p),
            [
                (0, vec!["ru", "ky"]),
                (2, vec!["ru"]),
                (3, vec!["ru", "ky"])
            ]
        );
        assert!(diags.sorted().is_empty());
    }

    #[test]
    fn warns_about_a_slide_in_none_of_its_languages_and_a_loop_of_alerts_only() {
        let slides = [
            slide("kyrgyz", false, &["ky"]),
            slide("alert", true, &["en"]),
        ];
        let k = kiosk("ctgr-osh", 1920, 1080, &["en"]);
        let mut diags = Diagnostics::default();
        let p = plan(&k, &slides, &mut diags);
        assert_eq!(langs(&p), [(1, vec!["en"])]);
        let d = diags.sorted();
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| !d.is_error()));
        assert_eq!(d[0].file.to_str(), Some("content/kiosk/kyrgyz/index.ky.md"));
        assert_eq!(
            d[0].message,
            "kiosk ctgr-osh shows en, and this slide exists in none of them; it is left out there"
        );
        assert_eq!(
            (d[1].file.to_str(), d[1].line),
            (Some("site.toml"), Some(7))
        );
        assert!(
            d[1].message.contains("no regular slides"),
            "{}",
            d[1].message
        );
    }
}
