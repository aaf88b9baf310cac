//! What the stages produce: output files, the text of rendered pages for the search index, and
//! the sink pages are written to as they render.

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// A heading of the page, for the table of contents and for anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An `@/` link found in the text, kept for `sapar check`'s anchor pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub target: String,
    pub anchor: Option<String>,
    pub line: usize,
}

pub enum Content {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    /// Already written to this file in the staging folder, as soon as it was rendered, so that
    /// a large site's HTML is never all in memory at once.
    Written(PathBuf),
}

/// One file of the output.
pub struct OutFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub content: Content,
}

/// What the search index needs of a rendered page.
#[derive(Debug, Clone)]
pub struct PageText {
    pub url: String,
    pub lang: String,
    pub content_lang: String,
    pub section: String,
    pub bundle: String,
    pub title: String,
    pub description: String,
    pub headings: Vec<Heading>,
    pub text: String,
    pub country: Option<String>,
    pub is_fallback: bool,
    /// `@/` links of the text, for `sapar check`'s anchor pass.
    pub links: Vec<InternalLink>,
    /// Lines of images written without alt text.
    pub images_without_alt: Vec<usize>,
    /// The source file, for reports.
    pub file: PathBuf,
}

/// Where rendered pages go as soon as they are rendered, so that a large site's HTML is never
/// all in memory at once. Defined here and implemented by the write stage, so that render never
/// touches the file system itself.
pub trait Sink: Sync {
    /// Takes one file (path relative to the output folder); returns where it was put.
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<PathBuf, Diagnostic>;
}
