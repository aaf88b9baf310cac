//! What the stages produce: output files, the text of rendered pages for the search index, and
//! the sink pages are written to as they render.

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// A heading of the page, for the table of contents and for anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// An `@/` link found in the text, kept for `sapar check`'s anchor pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InternalLink {
    pub(crate) target: String,
    pub(crate) anchor: Option<String>,
    pub(crate) line: usize,
}

pub(crate) enum Content {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    /// Already written to this file in the staging folder, as soon as it was rendered, so that
    /// a large site's HTML is never all in memory at once.
    Written(PathBuf),
}

/// One file of the output.
pub(crate) struct OutFile {
    /// Relative to the output folder, with `/` separators.
    pub(crate) path: String,
    pub(crate) content: Content,
}

/// What the search index needs of a rendered page.
#[derive(Debug, Clone)]
pub(crate) struct PageText {
    pub(crate) url: String,
    pub(crate) lang: String,
    pub(crate) section: String,
    pub(crate) bundle: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) headings: Vec<Heading>,
    pub(crate) text: String,
    pub(crate) country: Option<String>,
    pub(crate) is_fallback: bool,
    /// `@/` links of the text, for `sapar check`'s anchor pass.
    pub(crate) links: Vec<InternalLink>,
    /// Lines of images written without alt text.
    pub(crate) images_without_alt: Vec<usize>,
    /// The source file, for reports.
    pub(crate) file: PathBuf,
}

/// Where rendered pages go as soon as they are rendered, so that a large site's HTML is never
/// all in memory at once. Defined here and implemented by the write stage, so that render never
/// touches the file system itself.
pub(crate) trait Sink: Sync {
    /// Takes one file (path relative to the output folder); returns where it was put.
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<PathBuf, Diagnostic>;
}
