//! The fingerprint of a page's translatable text, which a translation records in
//! `translated_from` to say which version of its original it was made from.
//!
//! Git dates cannot say this: any edit (a fixed typo in the translation, a reordered front
//! matter key, a new source) resets them. The fingerprint hashes only what a translator
//! translates — title, description, quick facts, goals, checklist, quiz questions, options and
//! explanations, and the Markdown body, in that order — with runs of whitespace collapsed, so
//! re-wrapping lines or indenting does not make translations stale but any changed word does.
//! Keys that are not text (weight, sources, contacts, country, dates, kiosk keys, review state,
//! `original`, `translated_from`) are left out.
//!
//! The normalised text is one line per piece (each title, label, value, option and paragraph),
//! which is also what `originals/<fingerprint>.txt` keeps of an old version, so that a word diff
//! can show what changed since.

use std::ops::Range;

use super::frontmatter::{self, FrontMatterError, Split};
use crate::model::site::{Meta, Ref};
use crate::util::hash::fnv1a;

/// Hex digits of a fingerprint: 48 bits, so that two versions of one page colliding is out of
/// the question, and short enough to read and compare by eye.
pub(crate) const FINGERPRINT_LEN: usize = 12;

/// The translatable text of a page file, normalised (see the module's comment). The file's
/// text as it is on disk or about to be saved: a byte-order mark and Windows line ends are
/// fine. `Err` when its front matter cannot be read, with the line.
pub(crate) fn normalised_text(file_text: &str) -> Result<String, FrontMatterError> {
    let text = crate::util::text::normalize(file_text);
    let split = frontmatter::split(&text)?;
    let fm = frontmatter::parse(&split)?;
    let quiz = fm.quiz.iter().map(|q| q.get_ref()).flat_map(|q| {
        std::iter::once(q.question.as_str())
            .chain(q.options.iter().map(String::as_str))
            .chain(std::iter::once(q.explain.as_str()))
    });
    let front = std::iter::once(fm.title.as_str())
        .chain(fm.description.as_deref())
        .chain(
            fm.quick_facts
                .iter()
                .flat_map(|f| [f.label.as_str(), f.value.as_str()]),
        )
        .chain(fm.goals.iter().map(String::as_str))
        .chain(fm.checklist.iter().map(String::as_str))
        .chain(quiz);
    Ok(normalise(front, split.body))
}

/// The fingerprint of a page file's translatable text: 12 lowercase hex digits, the same on
/// every machine. What a translation made from this file records in `translated_from`.
// The editing interface's entry point (it stamps translations it saves); the build computes
// fingerprints of pages it has loaded with `fingerprint_of` and `normalised_page`.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn fingerprint(file_text: &str) -> Result<String, FrontMatterError> {
    normalised_text(file_text).map(|t| fingerprint_of(&t))
}

/// The fingerprint of text already normalised.
pub(crate) fn fingerprint_of(normalised: &str) -> String {
    // FNV-1a is stable across machines and Rust versions (std's DefaultHasher is not); its top
    // 48 bits are the better mixed ones.
    format!("{:012x}", fnv1a(normalised.as_bytes()) >> 16)
}

/// [`normalised_text`] of a page already loaded: its validated front matter and its body.
pub(crate) fn normalised_page(meta: &Meta, body: &str) -> String {
    let quiz = meta.quiz.iter().flat_map(|q| {
        std::iter::once(q.question.as_str())
            .chain(q.options.iter().map(String::as_str))
            .chain(std::iter::once(q.explain.as_str()))
    });
    let front = std::iter::once(meta.title.as_str())
        .chain(meta.description.as_deref())
        .chain(
            meta.quick_facts
                .iter()
                .flat_map(|f| [f.label.as_str(), f.value.as_str()]),
        )
        .chain(meta.goals.iter().map(String::as_str))
        .chain(meta.checklist.iter().map(String::as_str))
        .chain(quiz);
    normalise(front, body)
}

/// One line per non-empty piece, whitespace collapsed: the front matter's texts, then each
/// paragraph of the body (paragraphs are separated by blank lines).
fn normalise<'a>(front: impl Iterator<Item = &'a str>, body: &str) -> String {
    let mut out = String::new();
    let mut push = |piece: &str| {
        let mut words = piece.split_whitespace().peekable();
        if words.peek().is_none() {
            return;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    };
    front.for_each(&mut push);
    let mut paragraph = String::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            push(&paragraph);
            paragraph.clear();
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
    }
    push(&paragraph);
    out
}

/// Whether `s` is written as a fingerprint: 12 lowercase hex digits.
pub(crate) fn is_fingerprint(s: &str) -> bool {
    s.len() == FINGERPRINT_LEN && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `translated_from`, checked to be a fingerprint as `sapar translated` writes it.
pub(crate) fn checked_translated_from(
    split: &Split<'_>,
    value: Option<&toml::Spanned<String>>,
) -> Result<Option<Ref>, FrontMatterError> {
    let Some(v) = value else {
        return Ok(None);
    };
    let line = frontmatter::span_line(split, v.span());
    if !is_fingerprint(v.get_ref()) {
        return Err(FrontMatterError {
            line,
            message: format!(
                "key `translated_from`: `{}` is not a fingerprint of an original (12 letters and digits such as \"3f9a0c1b2d4e\")",
                v.get_ref()
            ),
            hint: Some("do not write it by hand: once the translation matches its original, run `sapar translated` with this file's name, which writes it".into()),
            needle: Some(v.get_ref().clone()).filter(|s| !s.is_empty()),
            ..Default::default()
        });
    }
    Ok(Some(Ref {
        value: v.get_ref().clone(),
        line,
    }))
}

/// An original (a page with no `original`, or whose `original` is its own language) cannot
/// say which version of an original it was translated from.
pub(crate) fn check_translation(meta: &Meta, lang: &str) -> Result<(), FrontMatterError> {
    let Some(t) = &meta.translated_from else {
        return Ok(());
    };
    let (message, hint) = match meta.original.as_deref() {
        Some(o) if o != lang => return Ok(()),
        Some(o) => (
            format!("key `translated_from`: this page is the original (`original = \"{o}\"` is its own language), and only a translation records the version of the original it was made from"),
            "remove this line; the translations of this page record it (`sapar translated FILE` writes it in each)".to_string(),
        ),
        None => (
            "key `translated_from`: this page does not say which language it was translated from".to_string(),
            "add `original = \"ru\"` (the language of the original) above this line; or, if this page is the original, remove this line".to_string(),
        ),
    };
    Err(FrontMatterError {
        line: t.line,
        message,
        hint: Some(hint),
        needle: Some("translated_from".into()),
        ..Default::default()
    })
}

/// The byte range of a top-level front matter key's line (with its line end) in `text`, the
/// file's own text (a byte-order mark and Windows line ends are kept). Lines after the first
/// `[table]` header belong to that table.
pub(crate) fn key_line(text: &str, key: &str) -> Option<Range<usize>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut at = text.len() - body.len();
    let mut lines = body.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "+++" {
        return None;
    }
    at += first.len();
    for line in lines {
        let t = line.trim();
        if t == "+++" || t.starts_with('[') {
            return None;
        }
        if frontmatter::key_on_line(t, 1).as_deref() == Some(key) {
            return Some(at..at + line.len());
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"Россия\"\ndescription = \"\"\"Работа  в\n России\"\"\"\nweight = 1\noriginal = \"ru\"\nsources = [\"mgi-2022:1\"]\n\n[[quick_facts]]\nlabel = \"Пенсия\"\nvalue = \"С 2021 года\"\n\n[[quiz]]\nquestion = \"Нужно ли разрешение?\"\noptions = [\"Да\", \"Нет\"]\nanswer = 2\nexplain = \"ЕАЭС\"\n+++\n\n## Учёт\n\nВ течение 15 дней,\nесли едете\n  больше чем на 3 месяца.\n\n\nЗвоните 1899.\n";

    #[test]
    fn normalised_text_keeps_the_words_in_order() {
        assert_eq!(
            normalised_text(PAGE).unwrap(),
            "Россия\nРабота в России\nПенсия\nС 2021 года\nНужно ли разрешение?\nДа\nНет\nЕАЭС\n## Учёт\nВ течение 15 дней, если едете больше чем на 3 месяца.\nЗвоните 1899."
        );
    }

    #[test]
    fn fingerprint_is_stable() {
        // A fixed text has a fixed fingerprint on every machine and in every release: the
        // shipped translations record it, and a change here would make them all stale. (The
        // value is FNV-1a 64 of the normalised text above, top 48 bits, computed apart.)
        assert_eq!(fingerprint(PAGE).unwrap(), "89f098737f5f");
        assert!(is_fingerprint(&fingerprint(PAGE).unwrap()));
    }

    #[test]
    fn reformatting_and_other_keys_do_not_change_the_fingerprint() {
        let rewrapped = PAGE
            .replace(
                "В течение 15 дней,\nесли едете\n",
                "В течение 15 дней, если едете\n",
            )
            .replace("weight = 1", "weight = 7\nreviewed = true")
            .replace(
                "sources = [\"mgi-2022:1\"]",
                "sources = []\ntranslated_from = \"0123456789ab\"",
            )
            .replace('\n', "\r\n");
        assert_eq!(
            fingerprint(&format!("\u{feff}{rewrapped}")).unwrap(),
            fingerprint(PAGE).unwrap()
        );
    }

    #[test]
    fn any_changed_word_changes_the_fingerprint() {
        let base = fingerprint(PAGE).unwrap();
        for (from, to) in [
            ("15 дней", "30 дней"),
            ("Звоните 1899", "Звоните 1898"),
            ("С 2021 года", "С 2022 года"),
            ("\"Нет\"", "\"Нет, не нужно\""),
            ("explain = \"ЕАЭС\"", "explain = \"ЕАЭС.\""),
            ("Россия\"", "Россия!\""),
        ] {
            assert_ne!(
                fingerprint(&PAGE.replace(from, to)).unwrap(),
                base,
                "{from} → {to}"
            );
        }
        // A paragraph break is a change too: the words go to another piece.
        let split = PAGE.replace("если едете\n", "если едете\n\n");
        assert_ne!(fingerprint(&split).unwrap(), base);
    }

    #[test]
    fn loaded_pages_normalise_as_their_files_do() {
        let split = frontmatter::split(PAGE).unwrap();
        let fm = frontmatter::parse(&split).unwrap();
        let mut config = crate::model::config::Config::default();
        config.languages.push(crate::model::config::Language {
            code: "ru".into(),
            name: String::new(),
            title: String::new(),
            description: String::new(),
            locale: String::new(),
            fallback: Vec::new(),
        });
        let meta = super::super::validate(
            &config,
            crate::model::config::SectionKind::Guide,
            &split,
            fm,
        )
        .unwrap();
        assert_eq!(
            normalised_page(&meta, split.body),
            normalised_text(PAGE).unwrap()
        );
    }

    #[test]
    fn broken_front_matter_is_an_error_with_its_line() {
        let e = fingerprint("+++\ntitle = \"A\"\ntilte = \"B\"\n+++\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(fingerprint("no front matter").is_err());
    }

    #[test]
    fn key_lines_are_found_in_the_top_table_only() {
        let text = "\u{feff}+++\r\ntitle = \"A\"\r\noriginal = \"ru\"\r\n[schedule]\r\ntranslated_from = \"x\"\r\n+++\r\n";
        let r = key_line(text, "original").unwrap();
        assert_eq!(&text[r], "original = \"ru\"\r\n");
        assert_eq!(key_line(text, "translated_from"), None);
        assert_eq!(key_line("title = \"A\"\n", "title"), None);
    }
}
