//! Which slides a kiosk plays, and in which of its languages: its selection, the slides'
//! own `kiosks` lists, alerts for every kiosk they name, and only languages a slide has.

use super::Slide;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::{Kiosk, SlideSelection};

/// A kiosk's loop: slide indices in play order with the languages each is shown in.
pub(super) struct Plan {
    pub slides: Vec<(usize, Vec<String>)>,
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
