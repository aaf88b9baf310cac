//! Checks what pages name outside themselves: source documents and organisations in the data
//! files, the translation a page says it was made from, and the message for a link to a draft.

use std::collections::HashMap;

use super::Bundle;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::data::{CONTACTS_FILE, SOURCES_FILE};
use crate::model::site::{Site, SourceRef};
use crate::util::suggest;

/// What is wrong with the lines a citation names.
enum BadLines {
    /// Not `12` or `12-15`.
    Form,
    /// Past the end of the document, which has this many lines.
    PastEnd(usize),
}

impl BadLines {
    fn into_diagnostic(self, file: &std::path::Path, s: &SourceRef) -> Diagnostic {
        let lines = s.lines.as_deref().unwrap_or("");
        let d = Diagnostic::error(
            file,
            Some(s.line),
            match self {
                BadLines::Form => format!(
                    "`{}:{lines}`: `{lines}` is not a line or a range of lines",
                    s.id
                ),
                BadLines::PastEnd(n) => format!(
                    "`{}:{lines}` cites lines the document does not have: it has {n} lines",
                    s.id
                ),
            },
        )
        .pointing_at(lines);
        d.with_hint(format!(
            "write the line numbers of the passage in the document, like `\"{}:12\"` or `\"{}:12-15\"`",
            s.id, s.id
        ))
    }
}

/// Checks `12` or `12-15` in order, and within the document when its length is known.
fn cited_lines(s: &SourceRef, line_count: Option<usize>) -> Option<BadLines> {
    let lines = s.lines.as_deref()?;
    let (a, b) = lines.split_once('-').unwrap_or((lines, lines));
    let (Ok(a), Ok(b)) = (a.trim().parse::<usize>(), b.trim().parse::<usize>()) else {
        return Some(BadLines::Form);
    };
    if a == 0 || b < a {
        return Some(BadLines::Form);
    }
    match line_count {
        Some(n) if b > n => Some(BadLines::PastEnd(n)),
        _ => None,
    }
}

/// References into a data file that failed to load are not checked: that file has its own
/// error, and one for every page citing it would bury it.
pub(super) fn check(
    site: &Site,
    bundles: &[Bundle],
    bundle_of: &HashMap<String, usize>,
    diags: &mut Diagnostics,
) {
    let source_ids: Vec<&str> = site.sources.keys().map(String::as_str).collect();
    let contact_ids: Vec<&str> = site.contacts.iter().map(|c| c.id.as_str()).collect();
    for p in &site.pages {
        for s in &p.meta.sources {
            let id = &s.id;
            match site.sources.get(id) {
                Some(doc) => {
                    if let Some(d) = cited_lines(s, doc.line_count) {
                        diags.push(d.into_diagnostic(&p.file, s));
                    }
                }
                None if !site.broken_data.contains(&SOURCES_FILE) => diags.push(
                    Diagnostic::error(
                        &p.file,
                        Some(s.line),
                        format!("`{id}` is not a document in data/sources.toml"),
                    )
                    .pointing_at(id.as_str())
                    .with_hint(suggest::did_you_mean(id, &source_ids)),
                ),
                None => {}
            }
        }
        for c in &p.meta.contacts {
            if !site.contacts.iter().any(|k| k.id == c.value)
                && !site.broken_data.contains(&CONTACTS_FILE)
            {
                diags.push(
                    Diagnostic::error(
                        &p.file,
                        Some(c.line),
                        format!("`{}` is not an organisation in data/contacts.toml", c.value),
                    )
                    .pointing_at(format!("\"{}\"", c.value))
                    .with_hint(suggest::did_you_mean(&c.value, &contact_ids)),
                );
            }
        }
        // A bundle with a file that failed to load has that file's error; its translations
        // saying their original is missing would be the same mistake three times over.
        if let Some(o) = &p.meta.original
            && *o != p.lang
            && !site.broken.contains(&p.bundle)
            && !bundle_of
                .get(&p.bundle)
                .is_some_and(|&b| bundles[b].translations.contains_key(o))
        {
            diags.push(
                Diagnostic::warning(
                    &p.file,
                    p.meta.original_line,
                    format!("key `original`: the original `{o}` version of this page does not exist"),
                )
                .pointing_at(format!("\"{o}\""))
                .with_hint("if this page was translated from another language, write that language here; if its original was removed on purpose, remove this translation too"),
            );
        }
    }
}

/// A link to a page that exists but is a draft (`draft = true`, so not published): most often
/// an editor has just set Draft on the page this one links to. Said so, with the two ways out,
/// instead of "a page that does not exist" about a page the editor can see.
pub(crate) fn draft_link(from: &std::path::Path, line: usize, target: &str) -> Diagnostic {
    let from_name = from.display();
    Diagnostic::error(
        from,
        Some(line),
        format!(
            "the page `@/{target}` is a draft (`draft = true`), so it is not published and the link to it from {from_name} would break"
        ),
    )
    .pointing_at(target)
    .with_hint(format!(
        "remove this link from {from_name}, or keep `{target}` published: take `draft = true` out of its files (content/{target}/)"
    ))
}
