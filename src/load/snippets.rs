//! The lines that diagnostics point at, read back from the files so that a message can show
//! the editor's own line with a caret under the mistake.
//!
//! Done once, at the end, for the diagnostics that will be shown (a handful), instead of every
//! stage keeping every file's text: stages after load hold pages as parsed data, not as lines.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::util::text::normalize;

/// Files larger than this are not read back: a page is at most 4 MB (`MAX_PAGE_BYTES`), and a
/// message without its line is better than reading a runaway file twice.
const MAX_SNIPPET_FILE: u64 = 16 * 1024 * 1024;

/// Attaches to every diagnostic with a line the text of that line, read from its file (taken
/// relative to `root` unless absolute). Files that cannot be read leave their messages as they
/// were: the message and position are still right.
pub(crate) fn attach(root: &Path, diags: &mut Diagnostics) {
    let mut files: HashMap<PathBuf, Option<Vec<String>>> = HashMap::new();
    for d in diags.iter_mut() {
        // Already attached (watch mode shows a full build's errors, which build attached).
        let (Some(line), None) = (d.line, &d.source) else {
            continue;
        };
        let path = if d.file.is_absolute() {
            d.file.clone()
        } else {
            root.join(&d.file)
        };
        let lines = files.entry(path).or_insert_with_key(|p| read_lines(p));
        if let Some(text) = lines.as_ref().and_then(|l| l.get(line.wrapping_sub(1))) {
            d.attach_source(text);
        }
    }
}

/// A file's lines as load sees them (byte-order mark dropped, CRLF as LF), so that line
/// numbers match the ones the stages gave.
fn read_lines(path: &Path) -> Option<Vec<String>> {
    let bytes = crate::load::read_capped(path, MAX_SNIPPET_FILE).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    Some(normalize(&text).lines().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;

    #[test]
    fn attaches_the_line_and_finds_the_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.toml"),
            "\u{feff}x = 1\r\ntopics = [\"consulr\"]\r\n",
        )
        .unwrap();
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::error("a.toml", Some(2), "bad").pointing_at("consulr"));
        diags.push(Diagnostic::error("missing.toml", Some(1), "gone"));
        attach(dir.path(), &mut diags);
        let all = diags.sorted();
        assert_eq!(all[0].source.as_deref(), Some("topics = [\"consulr\"]"));
        assert_eq!(all[0].column, Some(12));
        assert_eq!(all[1].source, None);
    }
}
