//! Which version of its original a translation saved from the editing interface was made from.
//!
//! A translation whose text the editor changed in this save was made (or brought up to date)
//! while the original, as saved, was beside it in the form: it is stamped with the original's
//! fingerprint (`translated_from`, load::freshness), exactly as `sapar translated` would. One
//! whose text did not change keeps its stamp, so a change to the original alone leaves its
//! translations stale, and `sapar check`, the dashboard and the reader's notice say so.

use std::path::PathBuf;

use super::merge::lang_of;
use crate::load::freshness::{fingerprint_of, normalised_text};
use crate::load::stamp::stamped;

/// One file of a save: where it is, where it goes, what is on disk and what will be written
/// (`None`: nothing changed).
pub(crate) struct Planned {
    pub(crate) rel: String,
    pub(crate) path: PathBuf,
    pub(crate) to: PathBuf,
    pub(crate) old: Option<String>,
    pub(crate) merged: Option<String>,
}

/// Stamps the translations whose text this save changes; gives the original's fingerprint and
/// normalised text when one was stamped (its snapshot is then kept for word diffs).
pub(crate) fn stamp(
    planned: &mut [Planned],
    original: &str,
) -> Result<Option<(String, String)>, String> {
    let Some(source) = planned
        .iter()
        .find(|p| lang_of(&p.rel) == Some(original))
        .and_then(|p| p.merged.clone().or_else(|| p.old.clone()))
    else {
        return Ok(None);
    };
    let explain = |e: crate::load::frontmatter::FrontMatterError| e.message;
    // The original's text is normalised once: its fingerprint and its snapshot both come from it.
    let source_text = normalised_text(&source).map_err(explain)?;
    let made_from = fingerprint_of(&source_text);
    let mut stamped_any = false;
    for p in planned.iter_mut() {
        let Some(lang) = lang_of(&p.rel) else {
            continue;
        };
        let Some(now) = p.merged.clone().or_else(|| p.old.clone()) else {
            continue;
        };
        if lang == original {
            continue;
        }
        let before = p
            .old
            .as_deref()
            .map(normalised_text)
            .transpose()
            .map_err(explain)?;
        let after = normalised_text(&now).map_err(explain)?;
        if before.as_deref() == Some(after.as_str()) {
            continue;
        }
        // A page with no `original` line is not a translation of this one: nothing to record.
        let Ok(text) = stamped(&now, &made_from) else {
            continue;
        };
        if p.old.as_deref() != Some(text.as_str()) {
            p.merged = Some(text);
            stamped_any = true;
        }
    }
    if !stamped_any {
        return Ok(None);
    }
    Ok(Some((
        made_from,
        normalised_text(&source).map_err(explain)?,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::freshness::fingerprint;

    fn planned(rel: &str, old: Option<&str>, merged: Option<&str>) -> Planned {
        Planned {
            rel: rel.into(),
            path: PathBuf::from(rel),
            to: PathBuf::from(rel),
            old: old.map(str::to_string),
            merged: merged.map(str::to_string),
        }
    }

    const RU: &str = "+++\ntitle = \"Россия\"\noriginal = \"ru\"\n+++\n\nТекст.\n";
    const KY: &str = "+++\ntitle = \"Орусия\"\noriginal = \"ru\"\ntranslated_from = \"000000000000\"\n+++\n\nТекст.\n";

    #[test]
    fn an_edited_translation_is_made_from_the_original_as_saved() {
        let ky_new = KY.replace("Орусия", "Орусия!");
        let mut p = vec![
            planned("content/guides/x/index.ru.md", Some(RU), None),
            planned("content/guides/x/index.ky.md", Some(KY), Some(&ky_new)),
        ];
        let (fp, text) = stamp(&mut p, "ru").unwrap().unwrap();
        assert_eq!(fp, fingerprint(RU).unwrap());
        assert!(text.contains("Россия"));
        let ky = p[1].merged.as_deref().unwrap();
        assert_eq!(ky, ky_new.replace("000000000000", &fp));
    }

    #[test]
    fn a_changed_original_leaves_its_untouched_translations_stale() {
        let ru_new = RU.replace("Текст.", "Новый текст.");
        let mut p = vec![
            planned("content/guides/x/index.ru.md", Some(RU), Some(&ru_new)),
            planned("content/guides/x/index.ky.md", Some(KY), None),
        ];
        assert_eq!(stamp(&mut p, "ru").unwrap(), None);
        assert_eq!(p[1].merged, None, "the Kyrgyz file is not written");
    }
}
