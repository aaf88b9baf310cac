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
    pub message: String,
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
            message: message.into(),
        }
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
    fn display_names_file_and_line() {
        let d = Diagnostic::error("content/a/index.ru.md", Some(3), "bad");
        assert_eq!(d.to_string(), "error: content/a/index.ru.md:3: bad");
    }
}
