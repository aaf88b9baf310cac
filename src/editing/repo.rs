//! The site folder as a Git repository: commit the files a save changed, read a file as it was
//! in any commit, list the commits that touched a file, set aside what a crash left half-saved,
//! and push to a mirror. Everything goes through the `git` program (no library to keep in step
//! with the repository format), run with options that keep a user's hooks, pager, signing and
//! prompts out of it.
//!
//! A commit is made in a private index file, so whatever the person at the terminal has staged
//! or changed elsewhere in the work tree stays exactly as it was.

use std::fmt;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

/// Who a commit is by (author and committer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Author {
    pub(crate) name: String,
    pub(crate) email: String,
}

impl Author {
    /// An editor of the portal, who has no e-mail address Git should show: `<name>@editors.invalid`
    /// (a reserved domain, so nobody mails it by mistake).
    pub(crate) fn editor(name: &str) -> Author {
        let local: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '.' || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let local = local.trim_matches(['-', '.']);
        let local = if local.is_empty() { "editor" } else { local };
        Author {
            name: name.trim().to_string(),
            email: format!("{local}@editors.invalid"),
        }
    }
}

/// The site folder's Git work tree.
#[derive(Clone, Debug)]
pub(crate) struct Repo {
    root: PathBuf,
}

/// What went wrong, in words an editor can pass on (Git's own message is kept at the end).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RepoError(pub(crate) String);

impl fmt::Display for RepoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RepoError {}

/// One commit in a file's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) commit: String,
    pub(crate) author: String,
    /// Seconds since 1970 (the author's time).
    pub(crate) time: i64,
    pub(crate) message: String,
    /// Every file the commit changed, not only the one asked about.
    pub(crate) paths: Vec<String>,
}

/// Who sets aside what a crash left behind.
const SAPAR: (&str, &str) = ("Sapar", "sapar@editors.invalid");

/// One commit at a time from this process: two saves must not both read the same HEAD.
static COMMITTING: Mutex<()> = Mutex::new(());

/// Variables from a surrounding Git (a hook, a test run inside `git rebase -x`) that would
/// point these commands at another repository or index.
const INHERITED: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "GIT_COMMITTER_DATE",
];

/// A path relative to the root with nothing that leaves it (`..`, an absolute path).
fn plain(rel: &str) -> Result<&str, RepoError> {
    let clean = rel.trim_start_matches("./");
    let ok = !clean.is_empty()
        && !clean.contains('\0')
        && !clean.contains('\\')
        && Path::new(clean)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(clean)
    } else {
        Err(RepoError(format!(
            "`{rel}` is not a file inside the site folder"
        )))
    }
}

/// A commit name from outside (a URL): a hash or a ref, never an option.
fn revision(commit: &str) -> Result<&str, RepoError> {
    let ok = !commit.is_empty()
        && !commit.starts_with('-')
        && commit
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-^~".contains(c));
    if ok {
        Ok(commit)
    } else {
        Err(RepoError(format!(
            "`{commit}` is not a version of the site"
        )))
    }
}

fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    lines.join(" / ")
}

impl Repo {
    /// The repository whose work tree starts at `root`: the site folder must be the top of a
    /// Git work tree (not a folder inside one, where commits would mix with other things).
    pub(crate) fn open(root: &Path) -> Result<Repo, RepoError> {
        let real = root.canonicalize().map_err(|e| {
            RepoError(format!(
                "the site folder {} cannot be read: {e}",
                root.display()
            ))
        })?;
        let repo = Repo { root: real.clone() };
        let out = repo
            .run(&["rev-parse", "--show-toplevel"], None)
            .map_err(|_| {
                RepoError(format!(
                    "the site folder {} is not kept in Git: run `git init` there and commit it once",
                    root.display()
                ))
            })?;
        let top = PathBuf::from(String::from_utf8_lossy(&out).trim());
        let top = top.canonicalize().unwrap_or(top);
        if top != real {
            return Err(RepoError(format!(
                "the site folder {} is inside the Git work tree {}, not the top of one: saves must be committed in a repository of the site's own",
                root.display(),
                top.display()
            )));
        }
        Ok(repo)
    }

    /// The top of the work tree.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(&self.root)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env("GIT_PAGER", "cat")
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env_remove("GIT_ASKPASS")
            .env_remove("SSH_ASKPASS");
        for var in INHERITED {
            cmd.env_remove(var);
        }
        for opt in [
            "core.hooksPath=/dev/null",
            "commit.gpgSign=false",
            "tag.gpgSign=false",
            "core.fsmonitor=false",
            "core.quotePath=false",
            "core.pager=cat",
            "credential.interactive=never",
            "advice.detachedHead=false",
        ] {
            cmd.args(["-c", opt]);
        }
        cmd.args(args).stdin(Stdio::null());
        cmd
    }

    /// Runs git, its standard output when it succeeds, its message when not.
    fn run(&self, args: &[&str], index: Option<&Path>) -> Result<Vec<u8>, RepoError> {
        let mut cmd = self.command(args);
        if let Some(index) = index {
            cmd.env("GIT_INDEX_FILE", index);
        }
        let out = cmd.output().map_err(|e| {
            RepoError(format!(
                "the `git` program could not be started (is Git installed?): {e}"
            ))
        })?;
        checked(args, out)
    }

    fn run_as(
        &self,
        args: &[&str],
        index: Option<&Path>,
        author: &Author,
        input: Option<&[u8]>,
    ) -> Result<Vec<u8>, RepoError> {
        let mut cmd = self.command(args);
        if let Some(index) = index {
            cmd.env("GIT_INDEX_FILE", index);
        }
        cmd.env("GIT_AUTHOR_NAME", &author.name)
            .env("GIT_AUTHOR_EMAIL", &author.email)
            .env("GIT_COMMITTER_NAME", &author.name)
            .env("GIT_COMMITTER_EMAIL", &author.email)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| {
            RepoError(format!(
                "the `git` program could not be started (is Git installed?): {e}"
            ))
        })?;
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(input.unwrap_or_default());
        }
        let out = child
            .wait_with_output()
            .map_err(|e| RepoError(format!("git {}: {e}", args.join(" "))))?;
        checked(args, out)
    }

    /// The commit HEAD names, None on a branch with no commit yet.
    fn head_opt(&self) -> Result<Option<String>, RepoError> {
        let out = self
            .command(&["rev-parse", "-q", "--verify", "HEAD^{commit}"])
            .output()
            .map_err(|e| RepoError(format!("the `git` program could not be started: {e}")))?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
    }

    /// A private index holding `base`'s tree with `paths` taken from the work tree (added,
    /// changed, or removed when gone); gives the tree it writes.
    fn tree_with(&self, base: Option<&str>, paths: &[&str]) -> Result<String, RepoError> {
        let index = PrivateIndex::new(&self.root)?;
        match base {
            Some(base) => self.run(&["read-tree", base], Some(&index.0))?,
            None => self.run(&["read-tree", "--empty"], Some(&index.0))?,
        };
        let mut args = vec!["update-index", "--add", "--remove", "--"];
        args.extend_from_slice(paths);
        self.run(&args, Some(&index.0))?;
        let tree = self.run(&["write-tree"], Some(&index.0))?;
        Ok(String::from_utf8_lossy(&tree).trim().to_string())
    }

    fn tree_of(&self, commit: Option<&str>) -> Result<Option<String>, RepoError> {
        match commit {
            None => Ok(None),
            Some(c) => {
                let spec = format!("{c}^{{tree}}");
                let out = self.run(&["rev-parse", "--verify", &spec], None)?;
                Ok(Some(String::from_utf8_lossy(&out).trim().to_string()))
            }
        }
    }

    /// A commit of `tree` on `parent`, not yet on any branch.
    fn commit_tree(
        &self,
        tree: &str,
        parent: Option<&str>,
        author: &Author,
        message: &str,
    ) -> Result<String, RepoError> {
        let mut args = vec!["commit-tree", tree];
        if let Some(p) = parent {
            args.extend(["-p", p]);
        }
        let out = self.run_as(&args, None, author, Some(message.as_bytes()))?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// Commits exactly `paths` (added, changed or deleted files, relative to the root) on the
    /// current branch, as `author` (committer too), leaving anything else staged or changed
    /// alone. Ok(None) when none of them changed.
    pub(crate) fn commit(
        &self,
        paths: &[String],
        author: &Author,
        message: &str,
    ) -> Result<Option<String>, RepoError> {
        let paths: Vec<&str> = paths.iter().map(|p| plain(p)).collect::<Result<_, _>>()?;
        if paths.is_empty() {
            return Ok(None);
        }
        let _one = COMMITTING.lock().unwrap_or_else(|e| e.into_inner());
        let head = self.head_opt()?;
        let tree = self.tree_with(head.as_deref(), &paths)?;
        if self.tree_of(head.as_deref())?.as_deref() == Some(tree.as_str())
            || (head.is_none() && tree == EMPTY_TREE)
        {
            return Ok(None);
        }
        let commit = self.commit_tree(&tree, head.as_deref(), author, message)?;
        let reflog = format!("sapar: {}", message.lines().next().unwrap_or("save"));
        // The old value makes this fail rather than lose a commit someone made meanwhile.
        let old = head.as_deref().unwrap_or(ZERO);
        self.run(&["update-ref", "-m", &reflog, "HEAD", &commit, old], None)
            .map_err(|e| {
                RepoError(format!(
                    "the save could not be recorded in Git because the site's history changed at the same moment; save again ({e})"
                ))
            })?;
        // The real index now agrees with the new HEAD for these files (and only these). The
        // commit is made whatever happens here: a locked index (someone running git at that
        // moment) only leaves `git status` showing them staged back, which is no loss.
        let mut args = vec!["reset", "-q", "--"];
        args.extend_from_slice(&paths);
        if let Err(e) = self.run(&args, None) {
            eprintln!("warning: after commit {commit}: {e}");
        }
        Ok(Some(commit))
    }

    /// Runs any other git command in the work tree (the review branches' worktrees, merges):
    /// its standard output, or Git's message.
    pub(crate) fn git(&self, args: &[&str]) -> Result<Vec<u8>, RepoError> {
        self.run(args, None)
    }

    /// The commit the work tree is on.
    pub(crate) fn head(&self) -> Result<String, RepoError> {
        self.head_opt()?.ok_or_else(|| {
            RepoError("the site's Git repository has no commit yet: commit the site once".into())
        })
    }

    /// The branch the work tree is on (`main`), None when HEAD is detached.
    pub(crate) fn branch(&self) -> Result<Option<String>, RepoError> {
        let out = self
            .command(&["symbolic-ref", "-q", "--short", "HEAD"])
            .output()
            .map_err(|e| RepoError(format!("the `git` program could not be started: {e}")))?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
    }

    /// Uncommitted changes (including untracked files) under these paths; everywhere when
    /// `under` is empty.
    pub(crate) fn dirty(&self, under: &[&str]) -> Result<Vec<String>, RepoError> {
        let under: Vec<&str> = under.iter().map(|p| plain(p)).collect::<Result<_, _>>()?;
        let mut args = vec![
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
        ];
        args.extend_from_slice(&under);
        let out = self.run(&args, None)?;
        let mut paths: Vec<String> = out
            .split(|b| *b == 0)
            .filter(|r| r.len() > 3)
            .map(|r| String::from_utf8_lossy(&r[3..]).to_string())
            .collect();
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// Keeps uncommitted changes under `under` in a commit on `refs/sapar/recovered/<unix time>`
    /// (nothing lost) and returns the work tree there to HEAD. Used at server start after a
    /// crash mid-save.
    pub(crate) fn set_aside(
        &self,
        under: &[&str],
        reason: &str,
    ) -> Result<Option<String>, RepoError> {
        let _one = COMMITTING.lock().unwrap_or_else(|e| e.into_inner());
        let dirty = self.dirty(under)?;
        if dirty.is_empty() {
            return Ok(None);
        }
        let paths: Vec<&str> = dirty.iter().map(String::as_str).collect();
        let head = self.head_opt()?;
        let tree = self.tree_with(head.as_deref(), &paths)?;
        let author = Author {
            name: SAPAR.0.into(),
            email: SAPAR.1.into(),
        };
        let commit = self.commit_tree(&tree, head.as_deref(), &author, reason)?;
        let now = unix_now();
        let mut name = format!("refs/sapar/recovered/{now}");
        let mut n = 1;
        while self.resolves(&name)? {
            name = format!("refs/sapar/recovered/{now}-{n}");
            n += 1;
        }
        self.run(&["update-ref", "-m", reason, &name, &commit, ZERO], None)?;
        self.restore_to_head(head.as_deref(), &paths)?;
        Ok(Some(commit))
    }

    /// Puts `paths` back as HEAD has them, in the index and the work tree; a file HEAD does not
    /// have is removed.
    fn restore_to_head(&self, head: Option<&str>, paths: &[&str]) -> Result<(), RepoError> {
        let tracked: Vec<String> = match head {
            None => Vec::new(),
            Some(h) => {
                let mut args = vec!["ls-tree", "-z", "--name-only", h, "--"];
                args.extend_from_slice(paths);
                let out = self.run(&args, None)?;
                out.split(|b| *b == 0)
                    .filter(|p| !p.is_empty())
                    .map(|p| String::from_utf8_lossy(p).to_string())
                    .collect()
            }
        };
        let mut untracked = Vec::new();
        for p in paths {
            if tracked.iter().any(|t| t == p) {
                continue;
            }
            untracked.push(*p);
            let file = self.root.join(p);
            if file.is_file() || file.is_symlink() {
                std::fs::remove_file(&file).map_err(|e| RepoError(format!("{p}: {e}")))?;
            }
        }
        if !untracked.is_empty() {
            let mut args = vec!["rm", "-q", "--cached", "--ignore-unmatch", "--"];
            args.extend_from_slice(&untracked);
            self.run(&args, None)?;
        }
        if let (Some(h), false) = (head, tracked.is_empty()) {
            let mut args = vec!["checkout", "-q", h, "--"];
            args.extend(tracked.iter().map(String::as_str));
            self.run(&args, None)?;
        }
        Ok(())
    }

    fn resolves(&self, name: &str) -> Result<bool, RepoError> {
        let out = self
            .command(&["rev-parse", "-q", "--verify", name])
            .output()
            .map_err(|e| RepoError(format!("the `git` program could not be started: {e}")))?;
        Ok(out.status.success())
    }

    /// The full hash of `commit`, refused when it names no commit of this repository.
    pub(crate) fn resolve(&self, commit: &str) -> Result<String, RepoError> {
        let spec = format!("{}^{{commit}}", revision(commit)?);
        let out = self
            .command(&["rev-parse", "-q", "--verify", &spec])
            .output()
            .map_err(|e| RepoError(format!("the `git` program could not be started: {e}")))?;
        if !out.status.success() {
            return Err(RepoError(format!(
                "`{commit}` is not a version of the site this server knows"
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// The file at `path` as it was in `commit`; None when it did not exist then.
    pub(crate) fn file_at(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, RepoError> {
        let commit = self.resolve(commit)?;
        let path = plain(path)?;
        let listed = self.run(&["ls-tree", "-z", &commit, "--", path], None)?;
        // `<mode> blob <hash>\t<path>`: only a file (not a folder of that name) has bytes.
        let entry = String::from_utf8_lossy(&listed);
        let Some(hash) = entry
            .split('\0')
            .find(|e| e.ends_with(&format!("\t{path}")))
            .and_then(|e| {
                let mut f = e.split_whitespace();
                let (_mode, kind, hash) = (f.next()?, f.next()?, f.next()?);
                (kind == "blob").then(|| hash.to_string())
            })
        else {
            return Ok(None);
        };
        self.run(&["cat-file", "blob", &hash], None).map(Some)
    }

    /// Commits that touched `path`, newest first.
    pub(crate) fn history(&self, path: &str, limit: usize) -> Result<Vec<Change>, RepoError> {
        let path = plain(path)?;
        if self.head_opt()?.is_none() || limit == 0 {
            return Ok(Vec::new());
        }
        let n = format!("-n{limit}");
        let out = self.run(
            &[
                "log",
                "-z",
                &n,
                "--full-diff",
                "--name-only",
                "--no-renames",
                "--format=%x1e%H%x1f%an%x1f%at%x1f%B%x1f",
                "--",
                path,
            ],
            None,
        )?;
        Ok(parse_log(&String::from_utf8_lossy(&out)))
    }

    /// Pushes the current branch to a remote (name or URL); the error says why.
    pub(crate) fn push(&self, remote: &str) -> Result<(), RepoError> {
        if remote.is_empty() || remote.starts_with('-') || remote.contains('\0') {
            return Err(RepoError(format!(
                "`{remote}` is not a Git remote: write a remote's name or its address in [editing] mirror"
            )));
        }
        let Some(branch) = self.branch()? else {
            return Err(RepoError(
                "the site's work tree is on no branch (HEAD is detached), so there is nothing to push".into(),
            ));
        };
        let spec = format!("refs/heads/{branch}:refs/heads/{branch}");
        self.run(&["push", "--quiet", "--porcelain", remote, &spec], None)
            .map(|_| ())
            .map_err(|e| RepoError(format!("pushing to {remote} failed: {e}")))
    }
}

/// `git log -z --name-only` with the format above: each commit starts with U+001E, its fields
/// end with U+001F, then the file names, each ended by NUL.
fn parse_log(text: &str) -> Vec<Change> {
    text.split('\u{1e}')
        .filter(|r| !r.is_empty())
        .filter_map(|record| {
            let mut head = record.splitn(4, '\u{1f}');
            let commit = head.next()?.trim().to_string();
            let author = head.next()?.to_string();
            let time = head.next()?.trim().parse().unwrap_or(0);
            let (message, files) = head.next()?.rsplit_once('\u{1f}')?;
            let paths = files
                .split('\0')
                .map(|p| p.trim_start_matches('\n'))
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            Some(Change {
                commit,
                author,
                time,
                message: message.trim_end().to_string(),
                paths,
            })
        })
        .collect()
}

const ZERO: &str = "0000000000000000000000000000000000000000";
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

fn checked(args: &[&str], out: Output) -> Result<Vec<u8>, RepoError> {
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let why = first_line(&out.stderr);
        let verb = args.first().copied().unwrap_or("git");
        Err(RepoError(if why.is_empty() {
            format!("git {verb} failed ({})", out.status)
        } else {
            format!("git {verb}: {why}")
        }))
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// An index file of one operation's own inside .git (same file system, so Git may rename
/// within it), removed when done.
struct PrivateIndex(PathBuf);

impl PrivateIndex {
    fn new(root: &Path) -> Result<PrivateIndex, RepoError> {
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let git_dir = Command::new("git")
            .current_dir(root)
            .env("LC_ALL", "C")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .args(["rev-parse", "--absolute-git-dir"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
            .ok_or_else(|| RepoError("the site's .git folder could not be found".into()))?;
        Ok(PrivateIndex(
            git_dir.join(format!("sapar-index-{}-{n}", std::process::id())),
        ))
    }
}

impl Drop for PrivateIndex {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_file(self.0.with_extension("lock"));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fresh repository with one commit of `files`.
    pub(crate) fn repo_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Repo) {
        let tmp = tempfile::tempdir().unwrap();
        let st = Command::new("git")
            .current_dir(tmp.path())
            .args(["init", "-q", "-b", "main"])
            .status()
            .unwrap();
        assert!(st.success());
        let repo = Repo::open(tmp.path()).unwrap();
        let mut paths = Vec::new();
        for (p, text) in files {
            write(tmp.path(), p, text);
            paths.push(p.to_string());
        }
        if !paths.is_empty() {
            repo.commit(&paths, &Author::editor("setup"), "start")
                .unwrap();
        }
        (tmp, repo)
    }

    pub(crate) fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn git(root: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    #[test]
    fn open_wants_the_top_of_a_work_tree() {
        let (tmp, _repo) = repo_with(&[("content/a.md", "a")]);
        assert!(Repo::open(tmp.path()).is_ok());
        let inner = Repo::open(&tmp.path().join("content")).unwrap_err();
        assert!(inner.0.contains("not the top"), "{inner}");
        let plain = tempfile::tempdir().unwrap();
        // A temporary folder may itself sit in a work tree on some machines; either way it is
        // refused.
        assert!(Repo::open(plain.path()).is_err());
    }

    #[test]
    fn commit_takes_exactly_the_named_files() {
        let (tmp, repo) = repo_with(&[
            ("content/a.md", "a"),
            ("content/b.md", "b"),
            ("site.toml", "x"),
        ]);
        let root = tmp.path();
        let before = repo.head().unwrap();
        write(root, "content/a.md", "a2");
        write(root, "content/new.md", "new");
        std::fs::remove_file(root.join("content/b.md")).unwrap();
        // Someone at the terminal has staged one change and left another unstaged.
        write(root, "site.toml", "staged");
        git(root, &["add", "site.toml"]);
        write(root, "site.toml", "staged and more");
        write(root, "notes.txt", "mine");
        let editor = Author::editor("Айгүл Асанова");
        let paths: Vec<String> = ["content/a.md", "content/new.md", "content/b.md"]
            .map(String::from)
            .to_vec();
        let commit = repo.commit(&paths, &editor, "Edited a").unwrap().unwrap();
        assert_eq!(repo.head().unwrap(), commit);
        assert_ne!(commit, before);
        let files = git(
            root,
            &[
                "show",
                "--name-status",
                "--format=%an <%ae>|%cn|%s",
                &commit,
            ],
        );
        assert!(
            files.starts_with(
                "Айгүл Асанова <Айгүл-Асанова@editors.invalid>|Айгүл Асанова|Edited a"
            ),
            "{files}"
        );
        assert!(files.contains("M\tcontent/a.md"));
        assert!(files.contains("A\tcontent/new.md"));
        assert!(files.contains("D\tcontent/b.md"));
        assert!(!files.contains("site.toml"));
        // The terminal's staged change is still staged, its unstaged one still unstaged.
        assert_eq!(
            git(root, &["diff", "--cached", "--name-only"]),
            "site.toml\n"
        );
        assert_eq!(git(root, &["show", ":site.toml"]), "staged");
        assert_eq!(
            std::fs::read_to_string(root.join("site.toml")).unwrap(),
            "staged and more"
        );
        assert_eq!(repo.dirty(&["content"]).unwrap(), Vec::<String>::new());
        // Saving the same again changes nothing.
        assert_eq!(repo.commit(&paths, &editor, "again").unwrap(), None);
        assert_eq!(repo.head().unwrap(), commit);
    }

    #[test]
    fn commit_refuses_paths_outside() {
        let (_tmp, repo) = repo_with(&[("a.md", "a")]);
        let who = Author::editor("x");
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(repo.commit(&[bad.to_string()], &who, "m").is_err(), "{bad}");
        }
    }

    #[test]
    fn the_first_commit_of_an_empty_repository() {
        let (tmp, repo) = repo_with(&[]);
        assert!(repo.head().is_err());
        write(tmp.path(), "content/a.md", "a");
        let c = repo
            .commit(&["content/a.md".into()], &Author::editor("x"), "first")
            .unwrap();
        assert!(c.is_some());
        assert_eq!(repo.file_at("HEAD", "content/a.md").unwrap().unwrap(), b"a");
    }

    #[test]
    fn dirty_lists_changed_and_untracked_files_under_the_folders() {
        let (tmp, repo) = repo_with(&[("content/a.md", "a"), ("site.toml", "x")]);
        let root = tmp.path();
        write(root, "content/a.md", "changed");
        write(root, "content/deep/new.md", "n");
        write(root, "site.toml", "y");
        assert_eq!(
            repo.dirty(&["content"]).unwrap(),
            vec![
                "content/a.md".to_string(),
                "content/deep/new.md".to_string()
            ]
        );
        assert_eq!(repo.dirty(&[]).unwrap().len(), 3);
    }

    #[test]
    fn set_aside_keeps_everything_and_cleans_the_work_tree() {
        let (tmp, repo) = repo_with(&[
            ("content/a.md", "a"),
            ("content/b.md", "b"),
            ("site.toml", "x"),
        ]);
        let root = tmp.path();
        let head = repo.head().unwrap();
        write(root, "content/a.md", "half saved");
        write(root, "content/new.md", "new");
        std::fs::remove_file(root.join("content/b.md")).unwrap();
        write(root, "site.toml", "not mine to touch");
        let kept = repo
            .set_aside(&["content"], "crash mid-save")
            .unwrap()
            .unwrap();
        assert_eq!(repo.head().unwrap(), head, "HEAD does not move");
        assert_eq!(
            std::fs::read_to_string(root.join("content/a.md")).unwrap(),
            "a"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("content/b.md")).unwrap(),
            "b"
        );
        assert!(!root.join("content/new.md").exists());
        assert_eq!(
            std::fs::read_to_string(root.join("site.toml")).unwrap(),
            "not mine to touch"
        );
        assert!(repo.dirty(&["content"]).unwrap().is_empty());
        let refs = git(
            root,
            &[
                "for-each-ref",
                "--format=%(refname) %(objectname)",
                "refs/sapar/recovered/",
            ],
        );
        assert!(refs.contains(&kept), "{refs}");
        assert_eq!(
            repo.file_at(&kept, "content/a.md").unwrap().unwrap(),
            b"half saved"
        );
        assert_eq!(
            repo.file_at(&kept, "content/new.md").unwrap().unwrap(),
            b"new"
        );
        assert_eq!(repo.file_at(&kept, "content/b.md").unwrap(), None);
        assert_eq!(repo.file_at(&kept, "site.toml").unwrap().unwrap(), b"x");
        // Nothing more to set aside: nothing happens.
        assert_eq!(repo.set_aside(&["content"], "again").unwrap(), None);
        // A second crash in the same second gets a ref of its own.
        write(root, "content/a.md", "second");
        let second = repo.set_aside(&["content"], "again").unwrap().unwrap();
        let refs = git(
            root,
            &[
                "for-each-ref",
                "--format=%(objectname)",
                "refs/sapar/recovered/",
            ],
        );
        assert!(refs.contains(&kept) && refs.contains(&second), "{refs}");
    }

    #[test]
    fn file_at_and_history() {
        let (tmp, repo) = repo_with(&[("content/a.md", "one")]);
        let root = tmp.path();
        let first = repo.head().unwrap();
        write(root, "content/a.md", "two");
        write(root, "content/b.md", "b");
        let who = Author::editor("Bakyt");
        let second = repo
            .commit(
                &["content/a.md".into(), "content/b.md".into()],
                &who,
                "Second\n\nwith a body",
            )
            .unwrap()
            .unwrap();
        write(root, "content/b.md", "b2");
        repo.commit(&["content/b.md".into()], &who, "only b")
            .unwrap();
        assert_eq!(
            repo.file_at(&first, "content/a.md").unwrap().unwrap(),
            b"one"
        );
        assert_eq!(
            repo.file_at(&second, "content/a.md").unwrap().unwrap(),
            b"two"
        );
        assert_eq!(repo.file_at(&first, "content/b.md").unwrap(), None);
        assert_eq!(
            repo.file_at(&first, "content").unwrap(),
            None,
            "a folder is no file"
        );
        assert!(repo.file_at("--output=/tmp/x", "content/a.md").is_err());
        assert!(repo.file_at("0123abcd", "content/a.md").is_err());
        let h = repo.history("content/a.md", 10).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].commit, second);
        assert_eq!(h[0].author, "Bakyt");
        assert_eq!(h[0].message, "Second\n\nwith a body");
        assert_eq!(
            h[0].paths,
            vec!["content/a.md".to_string(), "content/b.md".to_string()]
        );
        assert!(h[0].time > 1_600_000_000);
        assert_eq!(h[1].commit, first);
        assert_eq!(h[1].message, "start");
        assert_eq!(repo.history("content/a.md", 1).unwrap().len(), 1);
        assert!(repo.history("content/none.md", 5).unwrap().is_empty());
    }

    #[test]
    fn push_to_a_bare_mirror_and_say_why_not() {
        let (tmp, repo) = repo_with(&[("content/a.md", "a")]);
        let bare = tempfile::tempdir().unwrap();
        git(bare.path(), &["init", "-q", "--bare", "-b", "main"]);
        let url = bare.path().display().to_string();
        repo.push(&url).unwrap();
        assert_eq!(
            git(bare.path(), &["rev-parse", "main"]).trim(),
            repo.head().unwrap()
        );
        write(tmp.path(), "content/a.md", "b");
        repo.commit(&["content/a.md".into()], &Author::editor("x"), "m")
            .unwrap();
        repo.push(&url).unwrap();
        assert_eq!(
            git(bare.path(), &["rev-parse", "main"]).trim(),
            repo.head().unwrap()
        );
        let missing = repo.push("/nonexistent/mirror.git").unwrap_err();
        assert!(
            missing
                .0
                .contains("pushing to /nonexistent/mirror.git failed"),
            "{missing}"
        );
        assert!(repo.push("--upload-pack=x").is_err());
    }

    #[test]
    fn editor_addresses() {
        assert_eq!(Author::editor("Ali").email, "Ali@editors.invalid");
        assert_eq!(Author::editor("a b <c>").email, "a-b--c@editors.invalid");
        assert_eq!(Author::editor("  ").email, "editor@editors.invalid");
    }
}
