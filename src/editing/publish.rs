//! Publishing a save on the deployed portal: one save at a time, written, built, and only then
//! committed as the editor who made it, or undone.
//!
//! The site folder is a Git work tree that matches its last commit in every folder an editor can
//! change (the server sets aside anything else at start, [`Publisher::recover`]). A save is:
//! 1. the CMS's action carried out on the files ([`super::files::act`]: in-place merge, copied
//!    keys, translation stamps, the editable-folders sandbox);
//! 2. a full build through the usual staging folders and swap;
//! 3. when the build succeeds, one commit of exactly the files that changed, authored by the
//!    editor; the caller then serves the new build. When it fails, nothing is published: the
//!    attempt is kept on a `refs/sapar/recovered/…` ref (nothing of the editor's is lost), the
//!    work tree goes back to the last commit, and the editor gets the build's messages.
//!
//! Two editors on one page: every read records which version of each file an editor was shown.
//! A save over a file that another save has changed since is merged three ways (`git
//! merge-file`): changes to different lines both land and the editor is told; changes to the
//! same lines are refused with a 409 that names who saved first, and the refused version is
//! kept on a ref as well.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::files::{self, EDITABLE, Refused};
use super::repo::{Author, Repo, RepoError};
use crate::build::{BaseUrl, BuildOptions, BuildReport, build};
use crate::model::strings::Strings;

/// Besides the editable folders, a save may write the old version of an original that its
/// translations were made from (`sapar translated`'s snapshots).
const ORIGINALS: &str = "originals/";

/// Actions of the CMS's protocol that change files.
const WRITES: &[&str] = &["persistEntry", "persistMedia", "deleteFile", "deleteFiles"];

/// What a successful write gives the server.
pub(crate) struct Published {
    /// The CMS's answer, with `commit` and any `notice` for the editor added.
    pub(crate) answer: Value,
    /// The new build, to be served; `None` when the save changed nothing.
    pub(crate) report: Option<BuildReport>,
    pub(crate) commit: Option<String>,
}

/// A version of a file an editor was shown: its id as the CMS saw it and the commit it came from.
#[derive(Clone)]
struct Seen {
    id: String,
    commit: String,
}

pub(crate) struct Publisher {
    root: PathBuf,
    repo: Repo,
    base_url: BaseUrl,
    /// One save (and its build) at a time; held across the build so that commits follow builds.
    lock: Mutex<()>,
    /// (editor, path) → what that editor last read. At most [`MAX_SEEN`] entries; past that the
    /// oldest half is dropped (a save over a forgotten read is then not merged but checked as
    /// a plain save, like the first save of a new page).
    seen: Mutex<HashMap<(String, String), Seen>>,
}

const MAX_SEEN: usize = 20_000;

impl Publisher {
    pub(crate) fn open(root: &Path, base_url: BaseUrl) -> Result<Publisher, RepoError> {
        Ok(Publisher {
            root: root.to_path_buf(),
            repo: Repo::open(root)?,
            base_url,
            lock: Mutex::new(()),
            seen: Mutex::new(HashMap::new()),
        })
    }

    pub(crate) fn repo(&self) -> &Repo {
        &self.repo
    }

    pub(super) fn root_path(&self) -> &Path {
        &self.root
    }

    /// What `editor` last read of `path`: the file's id and the commit it came from.
    pub(super) fn seen_by(&self, editor: &str, path: &str) -> Option<(String, String)> {
        let seen = self.seen.lock().ok()?;
        let s = seen.get(&(editor.to_string(), path.to_string()))?;
        Some((s.id.clone(), s.commit.clone()))
    }

    /// At start: changes in the editable folders that no commit holds are a save a crash cut
    /// off before it was acknowledged. They are kept on a ref and the folders returned to the
    /// last commit, so that the server builds and serves exactly what was published.
    pub(crate) fn recover(&self) -> Result<Option<String>, RepoError> {
        let under = tracked_folders();
        if self.repo.dirty(&under)?.is_empty() {
            return Ok(None);
        }
        self.repo
            .set_aside(&under, "changes left by a save the server did not finish")
    }

    /// One action of the CMS's protocol for a signed-in editor.
    /// `strings` are the editor's language's UI strings, for the messages of a save.
    pub(crate) fn act(
        &self,
        request: &Value,
        original: &str,
        editor: &Author,
        strings: &Strings,
    ) -> Result<Published, Refused> {
        let action = request.get("action").and_then(Value::as_str).unwrap_or("");
        if !WRITES.contains(&action) {
            let answer = files::act(&self.root, request, original, None)?;
            self.remember_reads(&editor.name, &answer);
            return Ok(Published {
                answer,
                report: None,
                commit: None,
            });
        }
        let _one_at_a_time = self.lock.lock().map_err(|_| {
            Refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "an earlier save stopped half-way; the server needs a restart".into(),
            )
        })?;
        self.write(request, original, editor, strings)
    }

    fn write(
        &self,
        request: &Value,
        original: &str,
        editor: &Author,
        strings: &Strings,
    ) -> Result<Published, Refused> {
        let merges = self.prepare_merges(request, &editor.name, strings)?;
        let mut answer = match files::act(&self.root, request, original, None) {
            Ok(a) => a,
            Err(refused) => {
                // The save was refused before or while writing: the folders go back as they were.
                self.undo("a save that was refused");
                return Err(refused);
            }
        };
        let mut notice = None;
        if !merges.is_empty() {
            let others: Vec<String> = self
                .finish_merges(&merges, strings)?
                .into_iter()
                .filter(|o| *o != editor.name)
                .collect();
            if !others.is_empty() {
                notice = Some(strings.fill("publish_merged", &[("who", &others.join(", "))]));
            }
        }
        let changed = self.repo.dirty(&tracked_folders()).map_err(internal)?;
        if changed.is_empty() {
            return Ok(Published {
                answer,
                report: None,
                commit: None,
            });
        }
        let report = match build(&self.build_options()) {
            Ok(r) => r,
            Err(failed) => {
                let kept = self.repo.set_aside(
                    &tracked_folders(),
                    &format!("a save by {} that did not build", editor.name),
                );
                let errors: Vec<String> = failed
                    .sorted()
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.render())
                    .collect();
                return Err(not_built(strings, &errors, kept.ok().flatten()));
            }
        };
        let message = commit_message(request, &changed, &editor.name);
        let commit = self
            .repo
            .commit(&changed, editor, &message)
            .map_err(internal)?;
        if let Some(c) = &commit {
            answer["commit"] = json!(c);
            // The editor's form now holds what is on disk, unless it was merged with another
            // editor's change (then their next save merges again, from what they saw).
            if merges.is_empty() {
                self.saw_own_save(&editor.name, &changed, c);
            }
        }
        if let Some(n) = notice {
            answer["notice"] = json!(n);
        }
        answer["published"] = json!(true);
        answer["said"] = json!(strings.get("publish_done"));
        Ok(Published {
            answer,
            report: Some(report),
            commit,
        })
    }

    /// A change that another part of editing commits on the main work tree itself (a
    /// reviewer's publish, a restored version, a media upload under review), made under the
    /// same one-at-a-time lock and then built. `change` gives its answer and the paths it
    /// committed, or `None` when it is not such a change. A commit that does not build is
    /// reverted by a new commit (the published one stays in the history), and the editor gets
    /// the build's messages.
    pub(crate) fn committed(
        &self,
        strings: &Strings,
        change: impl FnOnce() -> Option<Result<(Value, Vec<String>), Refused>>,
    ) -> Option<Result<Published, Refused>> {
        let Ok(_one_at_a_time) = self.lock.lock() else {
            return Some(Err(Refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "an earlier save stopped half-way; the server needs a restart".into(),
            )));
        };
        let (mut answer, paths) = match change()? {
            Ok(done) => done,
            Err(refused) => return Some(Err(refused)),
        };
        if paths.is_empty() {
            return Some(Ok(Published {
                answer,
                report: None,
                commit: None,
            }));
        }
        Some(match build(&self.build_options()) {
            Ok(report) => {
                answer["said"] = json!(strings.get("publish_done"));
                Ok(Published {
                    answer,
                    report: Some(report),
                    commit: self.repo.head().ok(),
                })
            }
            Err(failed) => Err(self.revert(strings, failed)),
        })
    }

    /// Undoes the last commit by a new one, after it did not build.
    fn revert(&self, strings: &Strings, failed: crate::diag::Diagnostics) -> Refused {
        let head = self.repo.head().unwrap_or_default();
        let undone = self.repo.git(&[
            "-c",
            "user.name=Sapar",
            "-c",
            "user.email=sapar@editors.invalid",
            "revert",
            "--no-edit",
            &head,
        ]);
        if let Err(e) = undone {
            eprintln!("error: a published commit that does not build could not be reverted: {e}");
        }
        let errors: Vec<String> = failed
            .sorted()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render())
            .collect();
        not_built(strings, &errors, Some(head))
    }

    fn build_options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: None,
            progress: false,
            base_url: self.base_url.clone(),
            drafts: false,
        }
    }

    /// Returns the folders to the last commit after a refused save (nothing was published).
    fn undo(&self, reason: &str) {
        if let Err(e) = self.repo.set_aside(&tracked_folders(), reason) {
            eprintln!("error: could not undo {reason}: {e}");
        }
    }

    fn remember_reads(&self, editor: &str, answer: &Value) {
        let entries: Vec<&Value> = match answer {
            Value::Array(a) => a.iter().collect(),
            v => vec![v],
        };
        let Ok(commit) = self.repo.head() else {
            return;
        };
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        if seen.len() > MAX_SEEN {
            let drop: Vec<_> = seen.keys().take(MAX_SEEN / 2).cloned().collect();
            for k in drop {
                seen.remove(&k);
            }
        }
        for e in entries {
            let file = e.get("file").unwrap_or(e);
            if let (Some(path), Some(id)) = (
                file.get("path").and_then(Value::as_str),
                file.get("id").and_then(Value::as_str),
            ) {
                seen.insert(
                    (editor.to_string(), path.to_string()),
                    Seen {
                        id: id.to_string(),
                        commit: commit.clone(),
                    },
                );
            }
        }
    }
}

impl Publisher {
    fn saw_own_save(&self, editor: &str, changed: &[String], commit: &str) {
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        for path in changed {
            if let Ok(bytes) = std::fs::read(self.root.join(path)) {
                seen.insert(
                    (editor.to_string(), path.clone()),
                    Seen {
                        id: super::files::id_of(&bytes),
                        commit: commit.to_string(),
                    },
                );
            }
        }
    }
}

/// Folders a save may change, as Git paths.
pub(super) fn tracked_folders() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = EDITABLE.iter().map(|e| e.trim_end_matches('/')).collect();
    v.push(ORIGINALS.trim_end_matches('/'));
    v
}

/// A file being saved over another editor's newer version: what the saving editor was shown,
/// and what is on disk now.
pub(super) struct Merge {
    pub(super) path: String,
    pub(super) base: Vec<u8>,
    pub(super) theirs: Vec<u8>,
    /// Who saved `theirs`, for the message.
    pub(super) by: String,
}

fn internal(e: RepoError) -> Refused {
    Refused(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("the save could not be recorded in the site's history: {e}"),
    )
}

/// The answer to a save whose site did not build: the build's messages, for the panel.
fn not_built(strings: &Strings, errors: &[String], kept: Option<String>) -> Refused {
    let mut why = strings.get("publish_not_built").to_string();
    if let Some(k) = kept {
        why.push(' ');
        why.push_str(&strings.fill("publish_kept", &[("ref", short(&k))]));
    }
    for e in errors {
        why.push_str("\n\n");
        why.push_str(e);
    }
    Refused(StatusCode::UNPROCESSABLE_ENTITY, why)
}

/// A commit as people quote it: its first ten hex digits (unique in any site's history).
pub(super) fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

/// `Save content/…/index.ru.md` or, for an entry in several languages, its folder.
fn commit_message(request: &Value, changed: &[String], editor: &str) -> String {
    let action = request.get("action").and_then(Value::as_str).unwrap_or("");
    let verb = match action {
        "deleteFile" | "deleteFiles" => "Delete",
        "persistMedia" => "Upload",
        _ => "Edit",
    };
    let shown: Vec<&str> = changed
        .iter()
        .map(String::as_str)
        .filter(|p| !p.starts_with(ORIGINALS))
        .collect();
    let what = match shown.as_slice() {
        [one] => one.to_string(),
        [] => changed.join(", "),
        many => common_folder(many),
    };
    format!("{verb} {what}\n\nSaved by {editor} in the editing interface (/admin/).")
}

fn common_folder(paths: &[&str]) -> String {
    let first = paths.first().copied().unwrap_or("");
    let mut prefix = first.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    while !prefix.is_empty() && !paths.iter().all(|p| p.starts_with(&format!("{prefix}/"))) {
        prefix = prefix.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    }
    if prefix.is_empty() {
        paths.join(", ")
    } else {
        format!("{prefix}/ ({} files)", paths.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_messages_name_the_file_or_its_folder() {
        let save = json!({"action": "persistEntry"});
        let one = vec!["content/news/x/index.ru.md".to_string()];
        assert!(
            commit_message(&save, &one, "aigul").starts_with("Edit content/news/x/index.ru.md\n")
        );
        let three = vec![
            "content/news/x/index.ky.md".to_string(),
            "content/news/x/index.ru.md".to_string(),
            "originals/abc.txt".to_string(),
        ];
        assert!(
            commit_message(&save, &three, "aigul").starts_with("Edit content/news/x/ (2 files)\n")
        );
        let gone = json!({"action": "deleteFile"});
        assert!(commit_message(&gone, &one, "aigul").contains("Saved by aigul"));
        assert!(commit_message(&gone, &one, "aigul").starts_with("Delete "));
    }
}
