//! Two editors on one page: a save over a file that changed since the editor read it is merged
//! three ways with the change made meanwhile, or refused with its version kept.
//!
//! The saving editor's form was filled from an older version (the base). Before the CMS's save
//! is carried out, the base is put back on disk, so that the save's in-place merge and stamps
//! apply to what the editor saw; the result ("ours") is then merged with the newer version
//! ("theirs") by `git merge-file`, line by line. Different lines: both changes land. The same
//! lines: the save is refused (409), naming who saved first, and "ours" is kept on a
//! `refs/sapar/recovered/…` ref before the folder returns to "theirs".

use std::process::Command;

use axum::http::StatusCode;
use serde_json::Value;

use super::files::{Refused, id_of};
use super::publish::{Merge, Publisher, short};
use crate::model::strings::Strings;

impl Publisher {
    /// Finds the files of a save that changed since this editor read them, and puts what the
    /// editor read back on disk (the caller undoes it if the save is then refused).
    pub(super) fn prepare_merges(
        &self,
        request: &Value,
        editor: &str,
        strings: &Strings,
    ) -> Result<Vec<Merge>, Refused> {
        let mut merges = Vec::new();
        for path in saved_paths(request) {
            let Some(seen) = self.seen_by(editor, &path) else {
                continue;
            };
            let disk = std::fs::read(self.root_path().join(&path)).ok();
            if disk.as_deref().map(id_of).as_deref() == Some(seen.0.as_str()) {
                continue;
            }
            let base = self
                .repo()
                .file_at(&seen.1, &path)
                .ok()
                .flatten()
                .filter(|b| id_of(b) == seen.0);
            let by = self.last_author(&path, strings);
            let (Some(base), Some(theirs)) = (base, disk) else {
                return Err(changed_meanwhile(strings, &by, &path, None));
            };
            crate::write::write_atomic(&self.root_path().join(&path), &base)
                .map_err(|e| Refused(StatusCode::INTERNAL_SERVER_ERROR, format!("{path}: {e}")))?;
            merges.push(Merge {
                path,
                base,
                theirs,
                by,
            });
        }
        Ok(merges)
    }

    /// Merges each saved file with the version saved meanwhile. `Ok` gives who saved those.
    pub(super) fn finish_merges(
        &self,
        merges: &[Merge],
        strings: &Strings,
    ) -> Result<Vec<String>, Refused> {
        let mut clashes = Vec::new();
        for m in merges {
            let at = self.root_path().join(&m.path);
            let ours = std::fs::read(&at).unwrap_or_else(|_| m.base.clone());
            match merge_three(&ours, &m.base, &m.theirs) {
                Ok(Some(merged)) => crate::write::write_atomic(&at, &merged).map_err(|e| {
                    Refused(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("{}: {e}", m.path),
                    )
                })?,
                Ok(None) => clashes.push(m),
                Err(e) => {
                    return Err(Refused(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("{}: the two versions could not be compared: {e}", m.path),
                    ));
                }
            }
        }
        if let Some(first) = clashes.first() {
            let kept = self
                .repo()
                .set_aside(
                    &super::publish::tracked_folders(),
                    &format!("a save that clashed with {}'s change", first.by),
                )
                .ok()
                .flatten();
            return Err(changed_meanwhile(strings, &first.by, &first.path, kept));
        }
        let mut by: Vec<String> = merges.iter().map(|m| m.by.clone()).collect();
        by.dedup();
        Ok(by)
    }

    fn last_author(&self, path: &str, strings: &Strings) -> String {
        self.repo()
            .history(path, 1)
            .ok()
            .and_then(|h| h.into_iter().next())
            .map_or_else(
                || strings.get("publish_another_editor").to_string(),
                |c| c.author,
            )
    }
}

/// The page files a save writes.
fn saved_paths(request: &Value) -> Vec<String> {
    let params = request.get("params").unwrap_or(&Value::Null);
    let files: Vec<&Value> = match params.get("dataFiles").and_then(Value::as_array) {
        Some(a) => a.iter().collect(),
        None => params.get("entry").into_iter().collect(),
    };
    files
        .iter()
        .filter_map(|f| f.get("path").and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

/// Line by line when no line was added or removed on either side (what in-place saves of
/// fields do: `git merge-file` would call two edits on neighbouring lines, a title and a
/// description, a clash); else `git merge-file`. `Ok(None)` when the same lines changed on
/// both sides.
fn merge_three(ours: &[u8], base: &[u8], theirs: &[u8]) -> std::io::Result<Option<Vec<u8>>> {
    let lines = |b: &[u8]| -> Vec<Vec<u8>> {
        b.split_inclusive(|c| *c == b'\n')
            .map(<[u8]>::to_vec)
            .collect()
    };
    let (o, b, t) = (lines(ours), lines(base), lines(theirs));
    if o.len() == b.len() && t.len() == b.len() {
        let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
        for ((o, b), t) in o.iter().zip(&b).zip(&t) {
            let line = match (o == b, t == b) {
                (true, _) => t,
                (false, true) => o,
                (false, false) if o == t => o,
                (false, false) => return Ok(None),
            };
            merged.extend_from_slice(line);
        }
        return Ok(Some(merged));
    }
    merge_file(ours, base, theirs)
}

/// `git merge-file`: `Ok(None)` when the same lines were changed on both sides.
fn merge_file(ours: &[u8], base: &[u8], theirs: &[u8]) -> std::io::Result<Option<Vec<u8>>> {
    let dir = tempfile::tempdir()?;
    let write = |name: &str, bytes: &[u8]| -> std::io::Result<std::path::PathBuf> {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes)?;
        Ok(p)
    };
    let (o, b, t) = (
        write("ours", ours)?,
        write("base", base)?,
        write("theirs", theirs)?,
    );
    let out = Command::new("git")
        .args(["merge-file", "-p", "-q"])
        .arg(&o)
        .arg(&b)
        .arg(&t)
        .env("LC_ALL", "C")
        .output()?;
    match out.status.code() {
        Some(0) => Ok(Some(out.stdout)),
        Some(n) if n > 0 && n < 127 => Ok(None),
        _ => Err(std::io::Error::other(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )),
    }
}

fn changed_meanwhile(strings: &Strings, by: &str, path: &str, kept: Option<String>) -> Refused {
    let mut why = strings.fill("publish_clash", &[("who", by), ("path", path)]);
    if let Some(k) = kept {
        why.push(' ');
        why.push_str(&strings.fill("publish_kept", &[("ref", short(&k))]));
    }
    Refused(StatusCode::CONFLICT, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn different_lines_merge_and_the_same_lines_clash() {
        let base = b"a\nb\nc\nd\ne\n";
        let ours = b"a\nB\nc\nd\ne\n";
        let theirs = b"a\nb\nc\nd\nE\n";
        assert_eq!(
            merge_three(ours, base, theirs).unwrap().unwrap(),
            b"a\nB\nc\nd\nE\n"
        );
        let clash = b"a\nb2\nc\nd\ne\n";
        assert_eq!(merge_three(ours, base, clash).unwrap(), None);
        // Neighbouring lines (a title and a description) are not a clash.
        let next = b"a\nb\nC\nd\ne\n";
        assert_eq!(
            merge_three(ours, base, next).unwrap().unwrap(),
            b"a\nB\nC\nd\ne\n"
        );
        // A line added on one side: git merge-file.
        let added = b"a\nb\nc\nd\ne\nf\n";
        assert_eq!(
            merge_three(ours, base, added).unwrap().unwrap(),
            b"a\nB\nc\nd\ne\nf\n"
        );
    }

    #[test]
    fn a_save_names_its_page_files() {
        let req = serde_json::json!({"action": "persistEntry", "params": {"dataFiles": [
            {"path": "content/a/index.ru.md", "raw": ""},
            {"path": "content/a/index.ky.md", "raw": ""}]}});
        assert_eq!(
            saved_paths(&req),
            vec!["content/a/index.ru.md", "content/a/index.ky.md"]
        );
    }
}
