//! Index: the search index written with the site.
//!
//! The full tantivy index is its own piece of work (see the search issue); until it lands this
//! stage writes the folder's README so that `search_index/` is always produced and swapped
//! together with `public/`.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::Linked;
use crate::render::PageText;

const README: &str = "# search_index\n\nWritten by `sapar build` together with `public/`; do not edit. \
Everything here except this README is generated.\n";

pub fn write_index(_linked: &Linked, _pages: &[PageText], dir: &Path) -> Result<(), Diagnostics> {
    std::fs::write(dir.join("README.md"), README).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error(
            dir,
            None,
            format!("cannot write the search index: {e}"),
        ));
        d
    })
}
