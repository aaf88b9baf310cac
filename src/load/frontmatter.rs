//! Front matter: the TOML block between `+++` lines at the top of every page.
//!
//! Strict on purpose: an unknown key is almost always a typo (`tilte`, `sorces`) that would
//! otherwise silently drop information from a page people rely on.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::line_of;
use crate::model::date::{Date, DateValue};
use crate::model::site::QuickFact;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuizItem {
    pub(crate) question: String,
    pub(crate) options: Vec<String>,
    /// 1-based, because editors count options from one.
    pub(crate) answer: usize,
    #[serde(default)]
    pub(crate) explain: String,
}

/// `[schedule]` of a kiosk slide, as written; checked in `load`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSchedule {
    #[serde(default)]
    pub(crate) from: Option<Spanned<DateValue>>,
    #[serde(default)]
    pub(crate) until: Option<Spanned<DateValue>>,
    #[serde(default)]
    pub(crate) weekdays: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) times: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) date: Option<Spanned<DateValue>>,
    #[serde(default)]
    pub(crate) updated: Option<Spanned<DateValue>>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    #[serde(default)]
    pub(crate) slug: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) contacts: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) original: Option<Spanned<String>>,
    /// The fingerprint of the original's text this translation was made from, written by
    /// `sapar translated` (see `load::freshness`).
    #[serde(default)]
    pub(crate) translated_from: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) reviewed: Option<bool>,
    // Country guides.
    #[serde(default)]
    pub(crate) country: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) quick_facts: Vec<QuickFact>,
    // Course modules.
    #[serde(default)]
    pub(crate) duration: Option<Spanned<u32>>,
    #[serde(default)]
    pub(crate) goals: Vec<String>,
    #[serde(default)]
    pub(crate) checklist: Vec<String>,
    #[serde(default)]
    pub(crate) quiz: Vec<Spanned<QuizItem>>,
    // Kiosk slides (`duration` is then in seconds).
    #[serde(default)]
    pub(crate) kiosks: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) alert: Option<Spanned<bool>>,
    #[serde(default)]
    pub(crate) link: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) schedule: Option<Spanned<RawSchedule>>,
}

/// A front matter problem with its line in the whole file (not just in the TOML block).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FrontMatterError {
    pub(crate) line: usize,
    pub(crate) message: String,
    /// Column and width of the mistake on its line, when known.
    pub(crate) column: Option<(usize, usize)>,
    /// What to write instead.
    pub(crate) hint: Option<String>,
    /// The text the caret goes under, when the column is not known.
    pub(crate) needle: Option<String>,
}

impl FrontMatterError {
    /// As a diagnostic of `file`.
    pub(crate) fn into_diagnostic(self, file: &std::path::Path) -> crate::diag::Diagnostic {
        let mut d = crate::diag::Diagnostic::error(file, Some(self.line), self.message);
        if let Some((column, width)) = self.column {
            d = d.at_column(column, width);
        }
        if let Some(n) = self.needle {
            d = d.pointing_at(n);
        }
        match self.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

/// A page file split into its parts. Line numbers count from the top of the file so that
/// errors point where the editor looks.
#[derive(Debug, Clone)]
pub(crate) struct Split<'a> {
    pub(crate) front: &'a str,
    /// 1-based line where the TOML block starts.
    pub(crate) front_line: usize,
    pub(crate) body: &'a str,
    /// 1-based line where the Markdown body starts.
    pub(crate) body_line: usize,
}

/// Splits `+++` front matter from the body. Expects BOM and CRLF already normalised.
pub(crate) fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "+++" {
        return Err(FrontMatterError {
            line: 1,
            message: "the page must start with a `+++` line opening its front matter".into(),
            ..Default::default()
        });
    }
    let start = first_line.len() + 1;
    let rest = text.get(start..).unwrap_or("");
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let front_lines = front.matches('\n').count();
            return Ok(Split {
                front,
                front_line: 2,
                body,
                body_line: 2 + front_lines + 1,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: "the front matter opened by `+++` is never closed by a second `+++` line".into(),
        ..Default::default()
    })
}

/// Parses the TOML block. Errors carry the file line and, where the line has one, the key.
pub(crate) fn parse(split: &Split<'_>) -> Result<FrontMatter, FrontMatterError> {
    toml::from_str::<FrontMatter>(split.front).map_err(|e| {
        let x = crate::load::explain::toml_error(&e, split.front);
        if x.missing {
            // At the `+++` that opens the front matter, where the key is to be added.
            return FrontMatterError {
                line: split.front_line - 1,
                message: format!(
                    "the front matter has no {}",
                    x.message.trim_end_matches(" is missing")
                ),
                hint: x.hint.map(|h| format!("{h} below this line")),
                ..FrontMatterError::default()
            };
        }
        FrontMatterError {
            line: split.front_line + x.line - 1,
            message: x.message,
            column: Some((x.column, x.width)),
            hint: x.hint,
            needle: None,
        }
    })
}

/// The `key` of a `key = value` line, so that a type error names the field.
pub(crate) fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (k, _) = l.split_once('=')?;
    let k = k.trim().trim_matches('"');
    (!k.is_empty()
        && k.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
    .then(|| k.to_string())
}

/// Converts a spanned TOML datetime into a checked calendar date.
pub(crate) fn checked_date(
    split: &Split<'_>,
    key: &str,
    value: &Spanned<DateValue>,
) -> Result<Date, FrontMatterError> {
    Date::from_toml(value.get_ref()).map_err(|m| FrontMatterError {
        line: span_line(split, value.span()),
        message: format!("key `{key}`: {m}"),
        ..Default::default()
    })
}

pub(crate) fn span_line(split: &Split<'_>, span: std::ops::Range<usize>) -> usize {
    split.front_line + line_of(split.front, span.start) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let s = split("+++\ntitle = \"A\"\ntilte = \"B\"\n+++\n").unwrap();
        let e = parse(&s).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("tilte"), "{}", e.message);
    }

    #[test]
    fn wrong_type_names_key() {
        let s = split("+++\ntitle = \"A\"\nweight = \"heavy\"\n+++\n").unwrap();
        let e = parse(&s).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("weight"), "{}", e.message);
    }

    #[test]
    fn impossible_date_is_reported_at_its_line() {
        let s = split("+++\ntitle = \"A\"\ndate = 2025-02-30\n+++\n").unwrap();
        match parse(&s) {
            Ok(fm) => {
                let e = checked_date(&s, "date", fm.date.as_ref().unwrap()).unwrap_err();
                assert_eq!(e.line, 3);
                assert!(e.message.contains("date"));
            }
            // The TOML parser may reject it itself; then it must still name the line.
            Err(e) => assert_eq!(e.line, 3),
        }
    }

    #[test]
    fn unclosed_front_matter() {
        assert!(split("+++\ntitle = \"A\"\n").is_err());
        assert!(split("title = \"A\"\n").is_err());
    }
}
