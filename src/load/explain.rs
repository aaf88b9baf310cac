//! TOML mistakes in an editor's words: what is wrong, where, and what to write instead.
//!
//! The TOML and serde messages are written for programmers (`invalid type: string "11",
//! expected i64`; `unknown field `descripton`, expected one of …` and 22 keys). Editors need
//! the key, the form it takes shown by example (a date: 2025-05-28; a number: 11, without
//! quotes), the closest key they may have meant, and where a key belongs when it is in the
//! wrong table. Every TOML file goes through here: site.toml, front matter and the data files.

use crate::util::suggest;

/// Keys that belong in a table of their own, and that table, for a key written at the top.
const TABLE_KEYS: &[(&str, &str)] = &[
    ("from", "[schedule]"),
    ("until", "[schedule]"),
    ("weekdays", "[schedule]"),
    ("times", "[schedule]"),
    ("question", "[[quiz]]"),
    ("options", "[[quiz]]"),
    ("answer", "[[quiz]]"),
    ("explain", "[[quiz]]"),
];

/// A TOML mistake explained, positioned in the text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explained {
    /// 1-based line in the parsed text.
    pub(crate) line: usize,
    /// 1-based column (characters) and the width of the mistake on that line.
    pub(crate) column: usize,
    pub(crate) width: usize,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
    /// A required key that is not there: the position is only where the table starts.
    pub(crate) missing: bool,
}

/// Explains `e`, an error from parsing `text`.
pub(crate) fn toml_error(e: &toml::de::Error, text: &str) -> Explained {
    let span = e.span().unwrap_or(0..0);
    let (line, column, width) = position(text, span.clone());
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let key = key_of(line_text);
    let raw = e.message().trim();
    let (message, hint) = explain(raw, key.as_deref(), line_text, &text[clamp(text, span)]);
    Explained {
        line,
        column,
        width,
        missing: raw.starts_with("missing field"),
        message,
        hint,
    }
}

/// [`toml_error`] as the diagnostic of a whole TOML file.
/// The keys serde accepts in `T`, as its "unknown field" message lists them: the very list the
/// build checks front matter and data files against, for the tests that compare the editing
/// interface's forms with it.
#[cfg(test)]
pub(crate) fn accepted_keys<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let Err(e) = toml::from_str::<T>("zz_not_a_key = 1") else {
        return Vec::new();
    };
    let message = e.message().to_string();
    // "expected one of `a`, `b`, `c`", "expected `a` or `b`", or "expected `a`".
    let list = message.split_once("expected ").map_or("", |(_, l)| l);
    let list = list.strip_prefix("one of ").unwrap_or(list);
    list.split(", ")
        .flat_map(|k| k.split(" or "))
        .map(|k| k.trim().trim_matches('`').to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

pub(crate) fn diagnostic(
    file: impl AsRef<std::path::Path>,
    e: &toml::de::Error,
    text: &str,
) -> crate::diag::Diagnostic {
    let x = toml_error(e, text);
    let d = crate::diag::Diagnostic::error(file, Some(x.line), x.message);
    let d = if x.missing {
        d
    } else {
        d.at_column(x.column, x.width)
    };
    match x.hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

fn clamp(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let end = span.end.min(text.len());
    let start = span.start.min(end);
    if text.is_char_boundary(start) && text.is_char_boundary(end) {
        start..end
    } else {
        0..0
    }
}

/// Line, column and width (in characters, within the line) of a byte span.
fn position(text: &str, span: std::ops::Range<usize>) -> (usize, usize, usize) {
    let span = clamp(text, span);
    let before = &text[..span.start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let marked = text[span].split('\n').next().unwrap_or("");
    (line, column, marked.chars().count())
}

/// The key of a `key = value` line, its last dotted part (`schedule.until` → `until`).
fn key_of(line: &str) -> Option<String> {
    let key = super::frontmatter::key_on_line(line, 1)?;
    Some(key.rsplit('.').next().unwrap_or(&key).to_string())
}

/// The message and hint for one raw TOML/serde message.
fn explain(raw: &str, key: Option<&str>, line: &str, marked: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        return unknown_key(rest);
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        return wrong_type(rest, key.unwrap_or("this key"));
    }
    if let Some(field) = raw.strip_prefix("missing field ") {
        let field = field.trim_matches('`');
        return (
            format!("`{field}` is missing"),
            Some(format!("add a line `{field} = {}`", example_of(field))),
        );
    }
    syntax(raw, key, line, marked)
}

/// `unknown field `x`, expected one of `a`, `b``: the closest key, or the table it belongs in.
fn unknown_key(rest: &str) -> (String, Option<String>) {
    let mut parts = rest.split('`');
    let word = parts.nth(1).unwrap_or("").to_string();
    let known: Vec<&str> = rest
        .split_once("expected")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let message = format!("`{word}` is not a key that can be used here");
    if let Some(c) = suggest::closest(&word, known.iter().copied()) {
        return (message, Some(format!("did you mean `{c}`?")));
    }
    if let Some((_, table)) = TABLE_KEYS.iter().find(|(k, _)| *k == word)
        && !known.contains(&word.as_str())
    {
        return (
            message,
            Some(format!(
                "`{word}` belongs under `{table}`: write `{table}` on a line of its own after the other keys, and `{word} = …` below it"
            )),
        );
    }
    let hint = if known.is_empty() {
        "check the spelling of the key (docs/content.md lists every key)".to_string()
    } else {
        format!(
            "the keys here are {} (docs/content.md explains each)",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    (message, Some(hint))
}

/// What a value of serde's `found` kind looks like to an editor.
fn found_as(found: &str) -> &'static str {
    match found.split_whitespace().next().unwrap_or("") {
        "string" => "text in quotes",
        "integer" | "floating" => "a number",
        "boolean" => "true or false",
        "sequence" => "a list",
        "map" => "a table",
        _ => "something else",
    }
}

/// `string "11", expected i64` and the like.
fn wrong_type(rest: &str, key: &str) -> (String, Option<String>) {
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    // The value as written: `string "11"`, `integer `3``.
    let value = found
        .split_once(' ')
        .map(|(_, v)| v.trim_matches(['"', '`']))
        .unwrap_or("");
    let is_string = found.starts_with("string");
    let (want, hint) = match expected {
        e if e.contains("datetime") => (
            "a date",
            match day_month_year(value) {
                Some(iso) => format!("write `{key} = {iso}` (year-month-day, without quotes)"),
                None => {
                    format!("write it like `{key} = 2025-05-28` (year-month-day, without quotes)")
                }
            },
        ),
        "i64" | "i32" | "u32" | "u64" | "usize" | "u8" | "u16" => (
            "a whole number",
            match value.trim().parse::<i64>() {
                Ok(n) if is_string => format!("write `{key} = {n}`, without quotes"),
                _ => format!("write a whole number, like `{key} = 11`, without quotes"),
            },
        ),
        "a boolean" => (
            "true or false",
            format!("write `{key} = true` or `{key} = false`, without quotes"),
        ),
        "a string" | "a borrowed string" => (
            "text in quotes",
            format!("put the text in straight double quotes: `{key} = \"{value}\"`"),
        ),
        "a sequence" => (
            "a list",
            if is_string {
                format!("write a list in square brackets: `{key} = [\"{value}\"]`")
            } else {
                format!("write a list in square brackets: `{key} = [\"…\", \"…\"]`")
            },
        ),
        _ => (
            "a table",
            format!(
                "`{key}` is a table of its own: write `[{key}]` on a line by itself, with its keys on the lines below"
            ),
        ),
    };
    (
        format!("`{key}` must be {want}, not {}", found_as(found)),
        Some(hint),
    )
}

/// `28.05.2025` or `28/05/2025` as `2025-05-28`, the form TOML dates take.
fn day_month_year(v: &str) -> Option<String> {
    let parts: Vec<&str> = v.trim().split(['.', '/', '-']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    if let (1..=31, 1..=12, 1900..=2200) = (d, m, y) {
        Some(format!("{y:04}-{m:02}-{d:02}"))
    } else if let (1900..=2200, 1..=12, 1..=31) = (d, m, y) {
        // Already year first, only quoted.
        Some(format!("{d:04}-{m:02}-{y:02}"))
    } else {
        None
    }
}

/// An example value for a key, by what such keys hold.
fn example_of(key: &str) -> &'static str {
    match key {
        "date" | "updated" | "verified" | "from" | "until" => "2025-05-28",
        "weight" | "duration" | "answer" | "year" => "1",
        "draft" | "alert" | "reviewed" => "true",
        "options" | "topics" | "countries" | "sources" | "kiosks" => "[\"…\"]",
        _ => "\"…\"",
    }
}

/// Mistakes in the TOML itself: quotes, `=`, a key written twice.
fn syntax(raw: &str, key: Option<&str>, line: &str, marked: &str) -> (String, Option<String>) {
    const TYPOGRAPHIC: [char; 7] = ['«', '»', '“', '”', '„', '‘', '’'];
    if marked.contains(TYPOGRAPHIC) || (raw.contains("quoted") && line.contains(TYPOGRAPHIC)) {
        return (
            "typographic quotes («…», “…”) cannot start or end a key or a text".into(),
            Some(format!(
                "use straight double quotes around it: `{} = \"…\"`; inside the text «…» are fine",
                key.unwrap_or("title")
            )),
        );
    }
    if raw.starts_with("string values must be quoted") {
        return (
            "text must be written in double quotes".into(),
            Some(format!("write `{} = \"…\"`", key.unwrap_or("key"))),
        );
    }
    if raw.starts_with("invalid basic string") || raw.starts_with("invalid literal string") {
        return (
            "this text is not closed: its closing `\"` is missing".into(),
            Some(
                "end the text with `\"` on the same line; text over several lines goes between `\"\"\"` and `\"\"\"`"
                    .into(),
            ),
        );
    }
    if raw.starts_with("key with no value") {
        return (
            "a key without `=` and a value".into(),
            Some(format!(
                "write `{} = value`",
                line.split_whitespace().next().unwrap_or("key")
            )),
        );
    }
    if raw.starts_with("duplicate key") {
        return (
            format!("`{}` is written twice", key.unwrap_or(marked.trim())),
            Some("keep one of the two lines".into()),
        );
    }
    if raw.starts_with("invalid date") || raw.starts_with("invalid time") {
        return (
            format!(
                "`{}` is not a real date ({})",
                key.unwrap_or("date"),
                raw.trim_start_matches("invalid date, ")
            ),
            Some("write the date as year-month-day, like 2025-05-28".into()),
        );
    }
    if raw.starts_with("invalid unquoted key") {
        return (
            "a key may only have Latin letters, digits, `-` and `_`".into(),
            Some("check the start of the line: it should look like `title = \"…\"`".into()),
        );
    }
    (raw.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use toml::value::Datetime;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Page {
        title: String,
        #[serde(default)]
        description: Option<String>,
        #[serde(default)]
        date: Option<Datetime>,
        #[serde(default)]
        weight: Option<i64>,
        #[serde(default)]
        draft: bool,
        #[serde(default)]
        sources: Vec<String>,
        #[serde(default)]
        schedule: Option<Schedule>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Schedule {
        until: Option<Datetime>,
    }

    fn explained(text: &str) -> Explained {
        let e = toml::from_str::<Page>(text).unwrap_err();
        toml_error(&e, text)
    }

    #[test]
    fn a_quoted_date_is_shown_as_the_date_to_write() {
        let e = explained("title = \"A\"\ndate = \"28.05.2025\"\n");
        assert_eq!((e.line, e.column), (2, 8));
        assert_eq!(e.message, "`date` must be a date, not text in quotes");
        assert_eq!(
            e.hint.as_deref(),
            Some("write `date = 2025-05-28` (year-month-day, without quotes)")
        );
    }

    #[test]
    fn a_quoted_number_is_shown_without_quotes() {
        let e = explained("title = \"A\"\nweight = \"11\"\n");
        assert_eq!(
            e.message,
            "`weight` must be a whole number, not text in quotes"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("write `weight = 11`, without quotes")
        );
    }

    #[test]
    fn unknown_keys_suggest_the_closest_or_their_table() {
        let e = explained("title = \"A\"\ndescripton = \"x\"\n");
        assert_eq!((e.line, e.column, e.width), (2, 1, 10));
        assert_eq!(e.hint.as_deref(), Some("did you mean `description`?"));
        let e = explained("title = \"A\"\nuntil = 2025-01-01\n");
        assert!(
            e.hint
                .as_deref()
                .unwrap_or("")
                .contains("under `[schedule]`"),
            "{e:?}"
        );
        let e = explained("title = \"A\"\nweather = 1\n");
        assert!(
            e.hint
                .as_deref()
                .unwrap_or("")
                .starts_with("the keys here are `title`"),
            "{e:?}"
        );
    }

    #[test]
    fn syntax_mistakes_say_what_to_write() {
        let e = explained("«title» = \"x\"\n");
        assert!(e.message.contains("typographic quotes"), "{e:?}");
        let e = explained("title = «Россия»\n");
        assert!(e.message.contains("typographic quotes"), "{e:?}");
        let e = explained("title = \"A\ndate = 2025-01-01\n");
        assert!(e.message.contains("not closed"), "{e:?}");
        let e = explained("title = \"A\"\ntitle = \"B\"\n");
        assert_eq!(e.message, "`title` is written twice");
        let e = explained("weight = 1\n");
        assert_eq!(e.message, "`title` is missing");
        assert_eq!(e.hint.as_deref(), Some("add a line `title = \"…\"`"));
        let e = explained("title = \"A\"\ndraft = \"yes\"\n");
        assert_eq!(
            e.message,
            "`draft` must be true or false, not text in quotes"
        );
        let e = explained("title = \"A\"\nsources = \"doc:1\"\n");
        assert_eq!(
            e.hint.as_deref(),
            Some("write a list in square brackets: `sources = [\"doc:1\"]`")
        );
    }

    #[test]
    fn dates_are_turned_year_first() {
        assert_eq!(day_month_year("28.05.2025").as_deref(), Some("2025-05-28"));
        assert_eq!(day_month_year("2025-05-28").as_deref(), Some("2025-05-28"));
        assert_eq!(day_month_year("May 28"), None);
    }
}
