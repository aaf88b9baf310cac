//! A content file's history for the staff page, from Git: every commit that touched it, who
//! made it and when, and the words that changed against the version before (the same word
//! diff `sapar check` shows for originals); and the bytes of an earlier version, to be saved
//! back as a new change ("restore this version"), never by rewriting history.

use std::path::Path;

use super::repo::{Author, Repo, RepoError};
use crate::render::{HistoryView, Version, Words};

/// Versions shown on the page.
pub(crate) const LIMIT: usize = 50;

/// The file at `path` as it was in `commit`: the bytes to save for "restore this version".
pub(crate) fn restore(root: &Path, path: &str, commit: &str) -> Result<Vec<u8>, RepoError> {
    let repo = Repo::open(root)?;
    repo.file_at(commit, path)?.ok_or_else(|| {
        RepoError(format!(
            "`{path}` did not exist in that version, so it cannot be restored from it: choose a version listed on the file's history page"
        ))
    })
}

/// Restores an earlier version at once (no review): written over the file and committed as
/// `author`. Gives the paths committed (empty when the file already reads so), for the caller
/// to build and publish.
pub(crate) fn restore_now(
    root: &Path,
    path: &str,
    commit: &str,
    author: &Author,
) -> Result<Vec<String>, RepoError> {
    let bytes = restore(root, path, commit)?;
    let repo = Repo::open(root)?;
    let file = repo.root().join(path);
    let tmp = file.with_file_name(format!(
        ".{}.sapar-restoring",
        file.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    ));
    let io = |e: std::io::Error| RepoError(format!("{path}: {e}"));
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(&tmp, &bytes).map_err(io)?;
    std::fs::rename(&tmp, &file).map_err(io)?;
    let short: String = commit.chars().take(10).collect();
    let message = format!("Restore {path} as it was in {short}");
    Ok(repo
        .commit(&[path.to_string()], author, &message)?
        .map(|_| vec![path.to_string()])
        .unwrap_or_default())
}

/// `2026-12-07 12:41 UTC`.
fn when(unix: i64) -> String {
    let day = crate::model::date::Date::from_days_since_epoch(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!("{day} {:02}:{:02} UTC", s / 3600, (s % 3600) / 60)
}

fn text(repo: &Repo, commit: &str, path: &str) -> Result<Option<String>, RepoError> {
    Ok(repo
        .file_at(commit, path)?
        .map(|b| String::from_utf8_lossy(&b).to_string()))
}

/// The page's data: the file's versions, newest first, each with its words changed.
pub(crate) fn view(
    root: &Path,
    path: &str,
    review: bool,
    restore_url: &str,
) -> Result<HistoryView, RepoError> {
    let repo = Repo::open(root)?;
    let mut versions = Vec::new();
    for (i, change) in repo.history(path, LIMIT)?.into_iter().enumerate() {
        let new = text(&repo, &change.commit, path)?;
        // The first commit has no parent: everything in it is new.
        let parent = format!("{}^", change.commit);
        let old = match repo.resolve(&parent) {
            Ok(p) => text(&repo, &p, path)?,
            Err(_) => None,
        };
        let changes = crate::link::changes::word_diff(
            old.as_deref().unwrap_or(""),
            new.as_deref().unwrap_or(""),
        )
        .into_iter()
        .map(|c| Words {
            removed: c.removed,
            added: c.added,
            context: c.context,
            urgent: c.urgent,
        })
        .collect();
        versions.push(Version {
            short: change.commit.chars().take(10).collect(),
            commit: change.commit,
            author: change.author,
            when: when(change.time),
            message: change.message,
            changes,
            deleted: new.is_none(),
            current: i == 0 && new.is_some(),
        });
    }
    Ok(HistoryView {
        path: path.to_string(),
        versions,
        message: String::new(),
        review,
        restore_url: restore_url.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editing::repo::tests::{repo_with, write};

    const PAGE: &str = "content/guides/x/index.ru.md";

    #[test]
    fn versions_with_their_words_and_a_restore() {
        let (tmp, repo) = repo_with(&[(PAGE, "Позвоните по номеру 1899 днём.\n")]);
        let root = tmp.path();
        let first = repo.head().unwrap();
        write(root, PAGE, "Позвоните по номеру 1900 днём.\n");
        let who = Author::editor("Айгүл");
        repo.commit(&[PAGE.into()], &who, "Новый номер").unwrap();
        let v = view(root, PAGE, false, "/admin/history/restore").unwrap();
        assert_eq!(v.versions.len(), 2);
        let newest = &v.versions[0];
        assert_eq!(
            (newest.author.as_str(), newest.message.as_str()),
            ("Айгүл", "Новый номер")
        );
        assert!(newest.current);
        assert_eq!(newest.changes.len(), 1);
        assert_eq!(
            (
                newest.changes[0].removed.as_str(),
                newest.changes[0].added.as_str()
            ),
            ("1899", "1900")
        );
        assert!(newest.changes[0].urgent, "a changed number is urgent");
        assert!(!v.versions[1].current);
        assert!(v.versions[1].when.ends_with(" UTC"));

        assert_eq!(
            restore(root, PAGE, &first).unwrap(),
            "Позвоните по номеру 1899 днём.\n".as_bytes()
        );
        assert!(restore(root, "content/none.md", &first).is_err());
        let paths = restore_now(root, PAGE, &first, &who).unwrap();
        assert_eq!(paths, vec![PAGE.to_string()]);
        assert_eq!(
            std::fs::read_to_string(root.join(PAGE)).unwrap(),
            "Позвоните по номеру 1899 днём.\n"
        );
        // A new commit on top: the history keeps all three.
        let v = view(root, PAGE, false, "").unwrap();
        assert_eq!(v.versions.len(), 3);
        assert!(
            v.versions[0]
                .message
                .starts_with("Restore content/guides/x/index.ru.md")
        );
        // Restoring what is already there changes nothing.
        assert!(restore_now(root, PAGE, &first, &who).unwrap().is_empty());
    }
}
