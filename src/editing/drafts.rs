//! The signed-in editors' preview of drafts: the published commit checked out in a worktree
//! of its own in the state folder (`<state>/drafts`, so the site folder's search index and
//! public/ are never touched) and built with the pages marked `draft = true` included, into
//! `<state>/drafts/public`. Nothing here is ever published.

use std::path::{Path, PathBuf};

use super::repo::Repo;

/// The drafts preview's worktree.
pub(crate) fn dir(state: &Path) -> PathBuf {
    state.join("drafts")
}

/// The built preview, if there is one.
pub(crate) fn public(state: &Path) -> Option<PathBuf> {
    let p = dir(state).join("public");
    p.is_dir().then_some(p)
}

/// Brings the drafts worktree to the site's HEAD and builds it with drafts, to be served at
/// `base_url` (`https://…/admin/drafts/`). Gives the output folder, or the build's messages.
pub(crate) fn build(root: &Path, state: &Path, base_url: &str) -> Result<PathBuf, String> {
    let main = Repo::open(root).map_err(|e| e.0)?;
    let head = main.head().map_err(|e| e.0)?;
    let tree = dir(state);
    let tree_s = tree.to_str().ok_or_else(|| {
        format!(
            "the state folder {} has a name Git cannot be given",
            tree.display()
        )
    })?;
    if tree.join(".git").exists() {
        let wt = Repo::open(&tree).map_err(|e| e.0)?;
        wt.git(&["checkout", "-q", "--force", "--detach", &head])
            .map_err(|e| e.0)?;
    } else {
        std::fs::create_dir_all(state).map_err(|e| format!("{}: {e}", state.display()))?;
        let _ = main.git(&["worktree", "prune"]);
        main.git(&["worktree", "add", "-q", "--detach", tree_s, &head])
            .map_err(|e| e.0)?;
    }
    let output = tree.join("public");
    let opts = crate::build::BuildOptions {
        root: tree,
        output: Some(output.clone()),
        progress: false,
        base_url: crate::build::BaseUrl::Publish(Some(base_url.to_string())),
        drafts: true,
    };
    crate::build::build(&opts).map_err(|d| {
        d.iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editing::repo::Author;
    use crate::editing::workflow::{self, Key, Who};
    use serde_json::json;

    /// A copy of the shipped portal, committed in a repository of its own.
    fn shipped_repo() -> (tempfile::TempDir, Repo) {
        let tmp = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"));
        for d in ["content", "data", "themes", "originals", "site.toml"] {
            for e in walkdir::WalkDir::new(from.join(d)).into_iter().flatten() {
                let dest = tmp.path().join(e.path().strip_prefix(from).unwrap());
                if e.file_type().is_dir() {
                    std::fs::create_dir_all(&dest).unwrap();
                } else {
                    std::fs::copy(e.path(), &dest).unwrap();
                }
            }
        }
        std::fs::write(tmp.path().join(".gitignore"), "/public\n/search_index\n").unwrap();
        let ok = std::process::Command::new("git")
            .current_dir(tmp.path())
            .args(["init", "-q", "-b", "main"])
            .status()
            .unwrap();
        assert!(ok.success());
        let repo = Repo::open(tmp.path()).unwrap();
        let all = repo.dirty(&[]).unwrap();
        repo.commit(&all, &Author::editor("setup"), "shipped site")
            .unwrap();
        (tmp, repo)
    }

    #[test]
    fn drafts_and_entries_under_review_are_previewed_and_never_published() {
        let (tmp, repo) = shipped_repo();
        let root = tmp.path();
        let hotline = "content/hotline/_index.ru.md";
        let text = std::fs::read_to_string(root.join(hotline)).unwrap();
        assert!(text.starts_with("+++\n"));
        // A draft guide, committed as the editing service commits drafts.
        let draft = "content/guides/draft-test/index.ru.md";
        let page = "+++\ntitle = \"Черновик проверки\"\ndescription = \"Черновик.\"\ndraft = true\n+++\nСлово-черновик.\n";
        crate::editing::repo::tests::write(root, draft, page);
        repo.commit(&[draft.into()], &Author::editor("a"), "draft")
            .unwrap();
        let state = tempfile::tempdir().unwrap();
        let out = build(root, state.path(), "http://127.0.0.1:8080/admin/drafts/").unwrap();
        assert!(out.join("ru/guides/draft-test/index.html").is_file());
        assert!(
            !root.join("public").exists() && !root.join("search_index").exists(),
            "the site folder is untouched"
        );
        assert!(repo.dirty(&[]).unwrap().is_empty());
        // A second build follows HEAD.
        assert!(build(root, state.path(), "http://127.0.0.1:8080/admin/drafts/").is_ok());

        // An entry under review builds in its own worktree.
        let (ed, _) = (Author::editor("Айгүл"), ());
        let edited = text.replacen("\n+++\n", "\n+++\nСлово-на-проверке.\n\n", 1);
        let req = json!({"action": "persistEntry", "params": {
            "dataFiles": [{"path": hotline, "raw": edited, "slug": "hotline"}], "assets": [],
            "options": {"useWorkflow": true, "collectionName": "hotline", "commitMessage": "m"}}});
        let who = Who {
            author: &ed,
            reviewer: false,
        };
        let r = workflow::act(root, state.path(), &req, "ru", who).unwrap();
        assert!(r.is_ok(), "{:?}", r.err().map(|e| e.1));
        let key = Key::new("hotline", "hotline").ok().unwrap();
        let out = workflow::build_preview(
            state.path(),
            &key,
            "http://127.0.0.1:8080/admin/preview/hotline-hotline/",
        )
        .unwrap();
        assert_eq!(
            workflow::preview_dir(state.path(), "hotline-hotline"),
            Some(out.clone())
        );
        let html = std::fs::read_to_string(out.join("ru/hotline/index.html")).unwrap();
        assert!(
            html.contains("Слово-на-проверке."),
            "the preview shows the change"
        );
        assert!(
            !std::fs::read_to_string(root.join(hotline))
                .unwrap()
                .contains("Слово-на-проверке")
        );
    }
}
