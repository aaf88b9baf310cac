//! Diagnostics: every problem a build finds, with the file and line an editor needs to fix it.
//!
//! Stages collect diagnostics instead of stopping at the first one, so an editor who broke three
//! pages sees all three in one run rather than fixing them one build at a time.
//!
//! One convention for every stage: what it finds and can go on with (warnings, and errors in one
//! file that leave the rest usable) goes into the `diags: &mut Diagnostics` it is given (load,
//! link, render, kiosk, and load's parts for data files and UI strings); `Err(Diagnostics)`
//! means it could not hand anything on, and carries the reasons (every stage, index and write
//! too). The driver decides that errors stop the build.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the editor knows it: relative to the site root when possible.
    pub file: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column (in characters) where the problem starts on its line, when known.
    pub column: Option<usize>,
    /// What is wrong, in an editor's words.
    pub message: String,
    /// What to write instead, when there is one thing to say (a "did you mean", an example).
    pub hint: Option<String>,
    /// What the carets under the line point at: found in the line's text when the snippet is
    /// attached, which gives the column where the stage that found the problem had only a line.
    pub(crate) needle: Option<String>,
    /// Width of the marked text in characters (0: one caret at `column`).
    pub(crate) width: usize,
    /// The text of `line`, attached before the diagnostic is shown (see `load::snippets`).
    pub(crate) source: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(
        file: impl AsRef<Path>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            line,
            column: None,
            message: message.into(),
            hint: None,
            needle: None,
            width: 0,
            source: None,
        }
    }

    /// The same diagnostic with what to write instead.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic marking `needle` on its line (the first place it occurs there).
    pub(crate) fn pointing_at(mut self, needle: impl Into<String>) -> Self {
        let needle = needle.into();
        if !needle.is_empty() {
            self.width = needle.chars().count();
            self.needle = Some(needle);
        }
        self
    }

    /// The same diagnostic at a known column, marking `width` characters.
    pub(crate) fn at_column(mut self, column: usize, width: usize) -> Self {
        self.column = Some(column.max(1));
        self.width = width;
        self
    }

    /// Attaches the text of the diagnostic's line, and finds its column from the needle.
    pub(crate) fn attach_source(&mut self, line_text: &str) {
        if self.column.is_none()
            && let Some(needle) = &self.needle
            && let Some(at) = line_text.find(needle.as_str())
        {
            self.column = Some(line_text[..at].chars().count() + 1);
        }
        self.source = Some(line_text.to_string());
    }

    pub(crate) fn warning(
        file: impl AsRef<Path>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(
                f,
                "{kind}: {}:{line}: {}",
                self.file.display(),
                self.message
            ),
            None => write!(f, "{kind}: {}: {}", self.file.display(), self.message),
        }
    }
}

impl Diagnostic {
    /// The diagnostic as an editor reads it: the message, where (file:line:column), the line
    /// itself with carets under the mistake, and what to write instead. Rendered by
    /// annotate-snippets, the layout rustc and cargo use, so that it reads like the messages of
    /// other tools and needs no formatting of ours to keep aligned.
    pub fn render(&self) -> String {
        use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.display().to_string();
        let title = level.primary_title(self.message.as_str());
        let mut group = match (self.line, &self.source) {
            (Some(line), Some(text)) if !text.trim().is_empty() => {
                let text = text.trim_end();
                let snippet = Snippet::source(text).line_start(line).path(path.as_str());
                // Without a column the whole line is marked (from its first non-blank
                // character), which also keeps `path:line` in the location line.
                let (start, end) = match self.column {
                    Some(c) => {
                        let start = byte_at_char(text, c - 1);
                        (start, byte_at_char(text, c - 1 + self.width.max(1)))
                    }
                    None => (text.len() - text.trim_start().len(), text.len()),
                };
                let kind = AnnotationKind::Primary;
                title.element(snippet.annotation(kind.span(start..end.max(start))))
            }
            (Some(line), _) => {
                let origin = Origin::path(path.as_str()).line(line);
                title.element(match self.column {
                    Some(c) => origin.char_column(c),
                    None => origin,
                })
            }
            (None, _) => title.element(Origin::path(path.as_str())),
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.with_name("hint").message(hint.as_str()));
        }
        Renderer::plain().render(&[group])
    }
}

/// Byte offset of the `n`th character of `text` (its length past the end).
fn byte_at_char(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// A bag of diagnostics that stages append to and the command line prints at the end.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Diagnostics {
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.0.iter_mut()
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub(crate) fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    #[cfg(test)]
    pub(crate) fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    #[cfg(test)]
    pub(crate) fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file and line so output is stable across parallel runs, and deduplicated
    /// because one missing UI string would otherwise be reported once per page.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, &a.message, a.severity)
                .cmp(&(&b.file, b.line, &b.message, b.severity))
        });
        self.0.dedup();
        self.0
    }
}

/// Line number (1-based) of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    let mut line = 1;
    for (i, b) in text.as_bytes().iter().enumerate() {
        if i >= end {
            break;
        }
        if *b == b'\n' {
            line += 1;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_of_counts_newlines_before_offset() {
        let t = "a\nb\nc";
        assert_eq!(line_of(t, 0), 1);
        assert_eq!(line_of(t, 2), 2);
        assert_eq!(line_of(t, 4), 3);
        assert_eq!(line_of(t, 100), 3);
    }

    #[test]
    fn render_shows_the_line_with_carets_and_the_hint() {
        let mut d = Diagnostic::error("data/contacts.toml", Some(9), "`consulr` is not a topic")
            .pointing_at("consulr")
            .with_hint("did you mean `consular`?");
        d.attach_source("topics = [\"consulr\"]");
        assert_eq!(d.column, Some(12));
        let text = d.render();
        assert!(
            text.starts_with("error: `consulr` is not a topic"),
            "{text}"
        );
        assert!(text.contains("--> data/contacts.toml:9:12"), "{text}");
        assert!(text.contains("9 | topics = [\"consulr\"]"), "{text}");
        assert!(text.contains("^^^^^^^"), "{text}");
        assert!(text.contains("hint: did you mean `consular`?"), "{text}");
    }

    #[test]
    fn render_without_source_names_file_and_line() {
        let d = Diagnostic::warning("site.toml", Some(3), "old key");
        let text = d.render();
        assert!(text.starts_with("warning: old key"), "{text}");
        assert!(text.contains("--> site.toml:3"), "{text}");
        let d = Diagnostic::error("site.toml", None, "cannot read");
        assert!(d.render().contains("--> site.toml"), "{}", d.render());
    }

    #[test]
    fn display_names_file_and_line() {
        let d = Diagnostic::error("content/a/index.ru.md", Some(3), "bad");
        assert_eq!(d.to_string(), "error: content/a/index.ru.md:3: bad");
    }
}
