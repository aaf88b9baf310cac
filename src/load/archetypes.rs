//! The theme's archetypes (`themes/<theme>/archetypes/`): the text `sapar new` starts a page
//! from, and what of that text a page about to be published must no longer contain.
//!
//! An archetype is `<kind>.<lang>.md`, or `<kind>.md` for every language without its own. Lines
//! above its first `+++` line are a note for the theme's authors (which translation awaits
//! review, for example) and are not copied into pages. Below it, every quoted value of the front
//! matter (other than a `{placeholder}`) and every line of the body is example text written for
//! the editor to replace: a page that is not a draft and still carries one of them would publish
//! the instructions to migrants (issue 14: a guide with country "XX" and the instruction text as
//! its body), so [`Leftovers`] finds them and load refuses the page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::frontmatter::Split;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::Config;

/// Body lines of fewer words are not taken as instructions: a short line such as `---` or
/// `## FAQ` could as well be a page's own, and an archetype's instructions are sentences.
const MIN_INSTRUCTION_WORDS: usize = 3;

/// The folder of the theme's archetypes.
pub(crate) fn dir(config: &Config) -> PathBuf {
    config.theme_dir().join("archetypes")
}

/// The archetype of `kind` for pages in `lang`: `<kind>.<lang>.md`, else `<kind>.md`, without
/// the note above its first `+++` line. Errors name the file that was looked for.
pub(crate) fn read(config: &Config, kind: &str, lang: &str) -> Result<String, Diagnostics> {
    let dir = dir(config);
    let own = dir.join(format!("{kind}.{lang}.md"));
    let file = if own.is_file() {
        own
    } else {
        dir.join(format!("{kind}.md"))
    };
    let shown = file.strip_prefix(&config.root).unwrap_or(&file);
    match std::fs::read_to_string(&file) {
        Ok(text) => Ok(without_note(&crate::util::text::normalize(&text)).to_string()),
        Err(e) => Err(Diagnostics::from(
            Diagnostic::error(
                shown,
                None,
                format!("cannot read the archetype of `sapar new {kind}`: {e}"),
            )
            .with_hint(format!(
                "the theme needs {} (or {kind}.{lang}.md beside it) to make this kind of page",
                shown.display()
            )),
        )),
    }
}

/// The archetype from its first `+++` line on: what is above is a note for the theme's authors.
fn without_note(text: &str) -> &str {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return &text[at..];
        }
        at += line.len();
    }
    text
}

/// The example text of every archetype of the theme, to be found in pages that are published.
#[derive(Debug, Default, Clone)]
pub(crate) struct Leftovers {
    /// Instruction lines of the archetypes' bodies, trimmed.
    lines: HashSet<String>,
    /// Whether a line of this byte length (the index) occurs in `lines`: most lines of a page
    /// are skipped without hashing them (the check costs about 1% of a build's instructions).
    lengths: Vec<bool>,
    /// Example values of front matter keys (the text between the quotes).
    values: HashSet<String>,
}

/// Example text found in a page: the first place, and the lines of the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Leftover {
    /// 1-based line in the page file.
    pub(crate) line: usize,
    /// The example text as it stands on the line (a value without its quotes, or the line).
    pub(crate) text: String,
    /// The front matter key whose value it is; `None` in the body.
    pub(crate) key: Option<String>,
    /// The lines of the other example text in the same page.
    pub(crate) more: Vec<usize>,
}

impl Leftovers {
    /// The example text of every `*.md` file in the theme's archetypes folder. A theme without
    /// archetypes, or one that cannot be read, has nothing to find: `sapar new` reports a missing
    /// archetype itself, and the build of the site should not fail on it.
    pub(crate) fn load(config: &Config) -> Leftovers {
        let mut found = Leftovers::default();
        let Ok(entries) = std::fs::read_dir(dir(config)) else {
            return found;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md") && p.is_file())
            .collect();
        files.sort();
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                found.add(&crate::util::text::normalize(&text));
            }
        }
        found
    }

    /// Adds one archetype's example text.
    pub(crate) fn add(&mut self, archetype: &str) {
        let text = without_note(archetype);
        let Ok(split) = super::frontmatter::split(text) else {
            return;
        };
        for line in split.front.lines() {
            for value in quoted_values(line) {
                if !value.is_empty() && !value.contains('{') {
                    self.values.insert(value.to_string());
                }
            }
        }
        for line in split.body.lines() {
            let line = line.trim();
            if line.split_whitespace().count() >= MIN_INSTRUCTION_WORDS {
                if self.lengths.len() <= line.len() {
                    self.lengths.resize(line.len() + 1, false);
                }
                self.lengths[line.len()] = true;
                self.lines.insert(line.to_string());
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.values.is_empty()
    }

    /// The example text left in a page, front matter first, or `None`.
    pub(crate) fn find(&self, split: &Split<'_>) -> Option<Leftover> {
        if self.is_empty() {
            return None;
        }
        let mut found: Vec<(usize, String, Option<String>)> = Vec::new();
        for (i, line) in split.front.lines().enumerate() {
            if let Some(v) = quoted_values(line).find(|v| self.values.contains(*v)) {
                let key = super::frontmatter::key_on_line(line, 1);
                found.push((split.front_line + i, v.to_string(), key));
            }
        }
        for (i, line) in split.body.lines().enumerate() {
            let line = line.trim();
            if self.lengths.get(line.len()) == Some(&true) && self.lines.contains(line) {
                found.push((split.body_line + i, line.to_string(), None));
            }
        }
        let mut found = found.into_iter();
        let (line, text, key) = found.next()?;
        Some(Leftover {
            line,
            text,
            key,
            more: found.map(|(l, _, _)| l).collect(),
        })
    }
}

/// The error for example text left in a page that is not a draft.
pub(crate) fn leftover_error(file: &Path, found: &Leftover) -> Diagnostic {
    let what = match &found.key {
        Some(key) => format!("the value of `{key}` is still the example text of a new page"),
        None => "this line is still the example text of a new page".to_string(),
    };
    let more = match found.more.as_slice() {
        [] => String::new(),
        [one] => format!(", as is line {one}"),
        lines => {
            let shown: Vec<String> = lines.iter().take(8).map(usize::to_string).collect();
            let etc = if lines.len() > 8 { ", …" } else { "" };
            format!(", as are lines {}{etc}", shown.join(", "))
        }
    };
    Diagnostic::error(file, Some(found.line), format!("{what}{more}"))
        .pointing_at(found.text.clone())
        .with_hint(
            "replace the example text with this page's own text, or put back `draft = true` to keep the page unpublished until it is ready",
        )
}

/// The contents of the quoted strings of a TOML line before its comment (`"…"` and `'…'`).
fn quoted_values(line: &str) -> impl Iterator<Item = &str> {
    let mut values = Vec::new();
    let mut open: Option<(char, usize)> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match open {
            None if c == '#' => break,
            None if c == '"' || c == '\'' => open = Some((c, i + 1)),
            None => {}
            Some(_) if escaped => escaped = false,
            Some(('"', _)) if c == '\\' => escaped = true,
            Some((q, start)) if c == q => {
                values.push(&line[start..i]);
                open = None;
            }
            Some(_) => {}
        }
    }
    values.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARCHETYPE: &str = "A note for the theme: not copied.\n+++\ntitle = \"{title}\"     # the title\ndescription = \"One sentence on the page.\"\ndraft = true\ncountry = \"XX\"        # e.g. \"DE\"\noriginal = \"{original}\"\n+++\n## Heading of the first part\n\n---\nWrite the text here, in short paragraphs.\n";

    fn leftovers() -> Leftovers {
        let mut l = Leftovers::default();
        l.add(ARCHETYPE);
        l
    }

    fn find(page: &str) -> Option<Leftover> {
        let split = crate::load::frontmatter::split(page).unwrap();
        leftovers().find(&split)
    }

    #[test]
    fn the_note_above_the_front_matter_is_not_part_of_the_archetype() {
        assert!(without_note(ARCHETYPE).starts_with("+++\ntitle"));
        assert_eq!(without_note("+++\nx\n"), "+++\nx\n");
        assert_eq!(without_note("no front matter"), "no front matter");
    }

    #[test]
    fn example_values_and_instruction_lines_are_found_first_one_first() {
        let page = "+++\ntitle = \"Germany\"\ndescription = \"One sentence on the page.\"\ncountry = \"XX\"\n+++\n## Heading of the first part\n\n---\nOwn text.\n";
        let found = find(page).unwrap();
        assert_eq!(found.line, 3);
        assert_eq!(found.text, "One sentence on the page.");
        assert_eq!(found.key.as_deref(), Some("description"));
        assert_eq!(found.more, [4, 6]);
        let d = leftover_error(Path::new("content/a/index.ru.md"), &found);
        assert_eq!(
            d.message,
            "the value of `description` is still the example text of a new page, as are lines 4, 6"
        );
        assert!(d.hint.as_deref().unwrap().contains("draft = true"));
    }

    #[test]
    fn a_page_of_its_own_has_nothing_left() {
        // Placeholders, comments, short lines and the values of other pages are not example text.
        let page = "+++\ntitle = \"{title}\"\ndescription = \"Work in Germany.\" # One sentence on the page.\ncountry = \"DE\"\n+++\n---\nWrite the text here, in short paragraphs, please.\n";
        assert_eq!(find(page), None);
        assert_eq!(
            Leftovers::default().find(&crate::load::frontmatter::split(page).unwrap()),
            None
        );
    }

    #[test]
    fn an_instruction_line_is_found_with_other_indentation() {
        let found =
            find("+++\ntitle = \"A\"\n+++\n\n  Write the text here, in short paragraphs.  \n")
                .unwrap();
        assert_eq!((found.line, found.key.as_deref()), (5, None));
        let d = leftover_error(Path::new("x.md"), &found);
        assert_eq!(
            d.message,
            "this line is still the example text of a new page"
        );
    }

    #[test]
    fn quoted_values_stop_at_the_comment_and_know_escapes() {
        let v: Vec<&str> = quoted_values(r#"a = ["x", 'y # z', "q\"r"] # "c""#).collect();
        assert_eq!(v, ["x", "y # z", r#"q\"r"#]);
        assert_eq!(quoted_values("# \"x\"").count(), 0);
        assert_eq!(quoted_values("a = \"unclosed").count(), 0);
    }

    #[test]
    fn many_leftovers_are_counted_not_all_listed() {
        let found = Leftover {
            line: 3,
            text: "x".into(),
            key: None,
            more: (4..20).collect(),
        };
        let d = leftover_error(Path::new("x.md"), &found);
        assert!(
            d.message
                .ends_with(", as are lines 4, 5, 6, 7, 8, 9, 10, 11, …"),
            "{}",
            d.message
        );
    }
}
