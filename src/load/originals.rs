//! Reads `originals/`: the old versions of originals that translations were made from, one
//! `<fingerprint>.txt` each (their normalised text, see `load::freshness`), kept so that
//! `sapar check` can show what changed in an original since its translation. `sapar translated`
//! writes them (`write`); this module reads them, and lists the fingerprints that page files
//! still name, so that the writer can remove the others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::freshness::{is_fingerprint, key_line};

/// The folder at the site root, beside content/.
pub(crate) const ORIGINALS_DIR: &str = "originals";

/// Where the old version with this fingerprint is kept.
pub(crate) fn snapshot_path(root: &Path, fingerprint: &str) -> PathBuf {
    root.join(ORIGINALS_DIR).join(format!("{fingerprint}.txt"))
}

/// The snapshot file's text for a normalised text: the text and a final line end.
pub(crate) fn snapshot_file_text(normalised: &str) -> String {
    format!("{normalised}\n")
}

/// The old versions named by `wanted` that exist, by fingerprint. One that is missing is
/// left out: `sapar check` then says that the old version is not known.
pub(crate) fn read_snapshots<'a>(
    root: &Path,
    wanted: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<String, String> {
    let wanted: BTreeSet<&str> = wanted.into_iter().filter(|f| is_fingerprint(f)).collect();
    let mut found = BTreeMap::new();
    for fp in wanted {
        if let Ok(text) = std::fs::read_to_string(snapshot_path(root, fp)) {
            let text = crate::util::text::normalize(&text);
            let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
            found.insert(fp.to_string(), text);
        }
    }
    found
}

/// The fingerprints every page file under `content` names in `translated_from`, drafts
/// included (a draft translation keeps its old version for when it is published). Read line by
/// line rather than parsed, so that a page with a mistake elsewhere still keeps its snapshot.
pub(crate) fn recorded(content: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(content).into_iter().flatten() {
        let is_page = entry.file_type().is_file()
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.ends_with(".md"));
        if !is_page {
            continue;
        }
        let Ok(bytes) = super::read_capped(entry.path(), super::MAX_PAGE_BYTES) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if let Some(fp) = recorded_in(&text) {
            found.insert(fp);
        }
    }
    found
}

/// The fingerprint a page file's `translated_from` line names, if it has one.
pub(crate) fn recorded_in(text: &str) -> Option<String> {
    let line = &text[key_line(text, "translated_from")?];
    let (_, value) = line.split_once('=')?;
    let value = value.trim().trim_matches('"');
    is_fingerprint(value).then(|| value.to_string())
}

/// The snapshot files in originals/ (by fingerprint); the README and anything else is not one.
pub(crate) fn snapshot_files(root: &Path) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(root.join(ORIGINALS_DIR)) else {
        return Vec::new();
    };
    let mut found: Vec<String> = dir
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let fp = name.strip_suffix(".txt")?;
            is_fingerprint(fp).then(|| fp.to_string())
        })
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_round_trip_and_missing_ones_are_left_out() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(ORIGINALS_DIR);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            snapshot_path(tmp.path(), "0123456789ab"),
            snapshot_file_text("Title\nBody text"),
        )
        .unwrap();
        std::fs::write(dir.join("README.md"), "what this is").unwrap();
        let found = read_snapshots(tmp.path(), ["0123456789ab", "ba9876543210", "../x"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found["0123456789ab"], "Title\nBody text");
        assert_eq!(snapshot_files(tmp.path()), ["0123456789ab"]);
    }

    #[test]
    fn recorded_fingerprints_are_read_from_the_top_table() {
        let page = "+++\ntitle = \"A\"\noriginal = \"ru\"\ntranslated_from = \"0123456789ab\"\n+++\nBody\n";
        assert_eq!(recorded_in(page).as_deref(), Some("0123456789ab"));
        assert_eq!(recorded_in("+++\ntitle = \"A\"\n+++\n"), None);
        let tmp = tempfile::tempdir().unwrap();
        let bundle = tmp.path().join("guides/x");
        std::fs::create_dir_all(&bundle).unwrap();
        std::fs::write(bundle.join("index.ky.md"), page).unwrap();
        std::fs::write(bundle.join("index.ru.md"), "+++\ntitle = \"A\"\n+++\n").unwrap();
        assert_eq!(
            recorded(tmp.path()).into_iter().collect::<Vec<_>>(),
            ["0123456789ab"]
        );
    }
}
