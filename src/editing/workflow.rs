//! Review before publishing (`[editing] review = true`): Decap's editorial workflow over the
//! same /api/v1 protocol. Each entry under review is a Git branch `cms/<collection>/<slug>`
//! checked out as a worktree in the state folder (`<state>/review/<collection>-<slug>`), so a
//! save there goes through the very same [`super::files::act`] (in-place merging, stamping,
//! the editable-folders sandbox) and is then committed as the editor. Its status (draft,
//! pending_review, pending_publish), the reviewers' notes and who worked on it are a small
//! JSON file beside the worktree. Only a reviewer publishes: the entry's files are merged into
//! the main work tree (three-way, so a change published meanwhile is kept, and a clash is
//! refused rather than overwritten) and committed as the reviewer, crediting the editors.
//!
//! An answer that carries `"published": [paths]` means the main work tree changed and was
//! committed: the caller builds and swaps.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::files::{self, Refused};
use super::repo::{Author, Repo, RepoError};

pub(crate) const DRAFT: &str = "draft";
pub(crate) const PENDING_REVIEW: &str = "pending_review";
pub(crate) const PENDING_PUBLISH: &str = "pending_publish";

/// The folders a review branch may change (what an entry's save writes).
const ENTRY_FOLDERS: &[&str] = &[
    "content",
    "data",
    "themes/portal/static/images",
    "originals",
];

/// A note a reviewer left on an entry, in the shape Decap's notes take.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Note {
    pub(crate) id: String,
    pub(crate) author: String,
    pub(crate) content: String,
    /// Seconds since 1970.
    pub(crate) time: i64,
    #[serde(default)]
    pub(crate) resolved: bool,
}

/// What the state folder keeps about one entry under review.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub(crate) collection: String,
    pub(crate) slug: String,
    pub(crate) status: String,
    /// Editors who saved it, as `Name <email>`, first first.
    #[serde(default)]
    pub(crate) authors: Vec<String>,
    /// The last save's commit message.
    #[serde(default)]
    pub(crate) message: String,
    /// The last "send back" note, shown to the editor until the next save.
    #[serde(default)]
    pub(crate) note: Option<String>,
    #[serde(default)]
    pub(crate) notes: Vec<Note>,
    #[serde(default)]
    pub(crate) updated: i64,
}

/// An entry under review: its collection and slug, checked to make a safe branch and folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    pub(crate) collection: String,
    pub(crate) slug: String,
}

impl Key {
    pub(crate) fn new(collection: &str, slug: &str) -> Result<Key, Refused> {
        let ok = |s: &str| {
            !s.is_empty()
                && !s.starts_with(['.', '-'])
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if !ok(collection) || !ok(slug) {
            return Err(Refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "`{collection}/{slug}` cannot be reviewed: a page's folder name may hold only Latin letters, digits and `-`"
                ),
            ));
        }
        Ok(Key {
            collection: collection.into(),
            slug: slug.into(),
        })
    }

    fn branch(&self) -> String {
        format!("cms/{}/{}", self.collection, self.slug)
    }

    /// The folder name under `<state>/review/`, also the preview's address part.
    pub(crate) fn name(&self) -> String {
        format!("{}-{}", self.collection, self.slug)
    }

    fn content_key(&self) -> String {
        format!("{}/{}", self.collection, self.slug)
    }

    /// The entry a page file belongs to: `content/<section>/<slug>/index.<lang>.md`, or a
    /// section's own page (`content/<section>/_index.<lang>.md`, slug = section).
    pub(crate) fn of_path(path: &str) -> Result<Key, Refused> {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["content", section, slug, _file] => Key::new(section, slug),
            ["content", section, _file] => Key::new(section, section),
            _ => Err(unprocessable(format!(
                "`{path}` is not a page, so it cannot wait for review"
            ))),
        }
    }
}

fn unprocessable(why: String) -> Refused {
    Refused(StatusCode::UNPROCESSABLE_ENTITY, why)
}

fn failed(e: RepoError) -> Refused {
    Refused(StatusCode::INTERNAL_SERVER_ERROR, e.0)
}

fn not_found(key: &Key) -> Refused {
    Refused(
        StatusCode::NOT_FOUND,
        format!("`{}` is not waiting for review", key.content_key()),
    )
}

fn review_dir(state: &Path) -> PathBuf {
    state.join("review")
}

/// The worktree of an entry under review (it may not exist).
pub(crate) fn worktree_dir(state: &Path, key: &Key) -> PathBuf {
    review_dir(state).join(key.name())
}

fn meta_path(state: &Path, key: &Key) -> PathBuf {
    review_dir(state).join(format!("{}.json", key.name()))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `2026-12-07T12:41:07Z`, as Decap reads `updatedAt`.
pub(crate) fn iso_time(unix: i64) -> String {
    let day = crate::model::date::Date::from_days_since_epoch(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        s / 3600,
        (s % 3600) / 60,
        s % 60
    )
}

pub(crate) fn read_meta(state: &Path, key: &Key) -> Option<Meta> {
    let text = std::fs::read_to_string(meta_path(state, key)).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_meta(state: &Path, key: &Key, meta: &Meta) -> Result<(), Refused> {
    let text = serde_json::to_string_pretty(meta)
        .map_err(|e| Refused(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    write_whole(&meta_path(state, key), text.as_bytes())
}

/// A temporary file renamed over the old one, so a reader never sees half of it.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Refused> {
    let fail = |e: std::io::Error| {
        Refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("{}: {e}", path.display()),
        )
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.sapar-review"));
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

fn utf8(path: &Path) -> Result<&str, Refused> {
    path.to_str().ok_or_else(|| {
        Refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "the state folder {} has a name Git cannot be given",
                path.display()
            ),
        )
    })
}

/// The entry's worktree, made (with its branch from the published HEAD) when it has none.
fn worktree(main: &Repo, state: &Path, key: &Key) -> Result<Repo, Refused> {
    let dir = worktree_dir(state, key);
    if dir.join(".git").exists() {
        return Repo::open(&dir).map_err(failed);
    }
    std::fs::create_dir_all(review_dir(state)).map_err(|e| {
        Refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the state folder cannot be written: {e}"),
        )
    })?;
    // A worktree whose folder was removed by hand is forgotten first.
    main.git(&["worktree", "prune"]).map_err(failed)?;
    let branch = key.branch();
    let dir_s = utf8(&dir)?;
    let exists = main
        .git(&[
            "rev-parse",
            "-q",
            "--verify",
            &format!("refs/heads/{branch}"),
        ])
        .is_ok();
    if exists {
        main.git(&["worktree", "add", "-q", dir_s, &branch])
    } else {
        main.git(&["worktree", "add", "-q", "-b", &branch, dir_s, "HEAD"])
    }
    .map_err(failed)?;
    Repo::open(&dir).map_err(failed)
}

/// Removes an entry's worktree, branch and state: after publishing or when deleted.
fn forget(main: &Repo, state: &Path, key: &Key) -> Result<(), Refused> {
    let dir = worktree_dir(state, key);
    if dir.exists() {
        main.git(&["worktree", "remove", "--force", utf8(&dir)?])
            .map_err(failed)?;
    }
    let _ = main.git(&["worktree", "prune"]);
    let branch = format!("refs/heads/{}", key.branch());
    if main.git(&["rev-parse", "-q", "--verify", &branch]).is_ok() {
        main.git(&["update-ref", "-d", &branch]).map_err(failed)?;
    }
    let _ = std::fs::remove_file(meta_path(state, key));
    Ok(())
}

/// The entries waiting for review, as Decap's content keys (`collection/slug`).
pub(crate) fn list(state: &Path) -> Vec<Meta> {
    let mut all: Vec<Meta> = std::fs::read_dir(review_dir(state))
        .map(|d| d.filter_map(Result::ok).collect::<Vec<_>>())
        .unwrap_or_default()
        .iter()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|t| serde_json::from_str::<Meta>(&t).ok())
        .collect();
    all.sort_by(|a, b| (&a.collection, &a.slug).cmp(&(&b.collection, &b.slug)));
    all
}

fn str_param<'a>(params: &'a Value, key: &str) -> Result<&'a str, Refused> {
    params
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| unprocessable(format!("`{key}` is missing")))
}

fn key_param(params: &Value) -> Result<Key, Refused> {
    if let Some(id) = params.get("id").and_then(Value::as_str)
        && let Some((c, s)) = id.split_once('/')
    {
        return Key::new(c, s);
    }
    Key::new(str_param(params, "collection")?, str_param(params, "slug")?)
}

/// One workflow change at a time: two saves of one entry must not both make its worktree,
/// and a publish must not read a branch a save is committing to.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Who is asking: the signed-in editor, and whether their role lets them publish.
#[derive(Clone, Copy)]
pub(crate) struct Who<'a> {
    pub(crate) author: &'a Author,
    pub(crate) reviewer: bool,
}

/// Carries out a workflow action; None when `request` is not one (the caller then uses
/// [`files::act`] on the site folder). `root` is the site folder (the main work tree),
/// `state` the server's state folder.
pub(crate) fn act(
    root: &Path,
    state: &Path,
    request: &Value,
    original: &str,
    who: Who<'_>,
) -> Option<Result<Value, Refused>> {
    let _one = one_at_a_time();
    let action = request.get("action").and_then(Value::as_str).unwrap_or("");
    let params = request.get("params").cloned().unwrap_or(Value::Null);
    let use_workflow = params
        .pointer("/options/useWorkflow")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Some(match action {
        "info" => Ok(info(root)),
        "unpublishedEntries" => Ok(json!(
            list(state)
                .iter()
                .map(|m| format!("{}/{}", m.collection, m.slug))
                .collect::<Vec<_>>()
        )),
        "unpublishedEntry" => key_param(&params).and_then(|k| entry_answer(root, state, &k)),
        "unpublishedEntryDataFile" => data_file(root, state, &params),
        "unpublishedEntryMediaFile" => media_file(root, state, &params),
        "deleteUnpublishedEntry" => key_param(&params).and_then(|k| {
            let main = Repo::open(root).map_err(failed)?;
            forget(&main, state, &k)?;
            Ok(json!({ "message": format!("deleted {}", k.content_key()) }))
        }),
        "persistEntry" if use_workflow => save(root, state, &params, original, who.author),
        "persistEntry" | "deleteFile" | "deleteFiles" if !who.reviewer => Err(Refused(
            StatusCode::FORBIDDEN,
            "changes on this site wait for a reviewer: save the page as a draft for review instead of publishing it directly".into(),
        )),
        "updateUnpublishedEntryStatus" => key_param(&params).and_then(|k| {
            let status = str_param(&params, "newStatus")?;
            set_status(state, &k, status, who)
        }),
        "publishUnpublishedEntry" => key_param(&params).and_then(|k| {
            publish_locked(root, state, &k, who).map(|paths| {
                json!({ "message": format!("{} published", k.content_key()), "published": paths })
            })
        }),
        "persistMedia" => persist_media(root, &params, original, who.author),
        "getNotes" => key_param(&params).map(|k| {
            let notes = read_meta(state, &k).map(|m| m.notes).unwrap_or_default();
            json!({ "notes": notes.iter().map(|n| note_json(n, &k)).collect::<Vec<_>>() })
        }),
        "addNote" => key_param(&params).and_then(|k| {
            let content = params
                .pointer("/note/content")
                .and_then(Value::as_str)
                .unwrap_or("");
            add_note(state, &k, content, who.author).map(|n| json!({ "note": note_json(&n, &k) }))
        }),
        "sendBack" => key_param(&params).and_then(|k| {
            send_back_locked(state, &k, str_param(&params, "note")?, who).map(|m| json!({ "status": m.status }))
        }),
        _ => return None,
    })
}

fn info(root: &Path) -> Value {
    let repo = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| "site".into());
    json!({ "repo": repo, "publish_modes": ["simple", "editorial_workflow"], "type": "local_git" })
}

fn note_json(n: &Note, key: &Key) -> Value {
    json!({
        "id": n.id, "author": n.author, "content": n.content, "timestamp": iso_time(n.time),
        "entrySlug": key.slug, "resolved": n.resolved,
    })
}

/// A workflow save: the entry's files written in its worktree by the usual save, then
/// committed there as the editor.
fn save(
    root: &Path,
    state: &Path,
    params: &Value,
    original: &str,
    editor: &Author,
) -> Result<Value, Refused> {
    let collection = params
        .pointer("/options/collectionName")
        .and_then(Value::as_str)
        .ok_or_else(|| unprocessable("`options.collectionName` is missing".into()))?;
    let slug = params
        .pointer("/dataFiles/0/slug")
        .or_else(|| params.pointer("/entry/slug"))
        .and_then(Value::as_str)
        .ok_or_else(|| unprocessable("the entry has no folder name (slug)".into()))?;
    let key = Key::new(collection, slug)?;
    let main = Repo::open(root).map_err(failed)?;
    let tree = worktree(&main, state, &key)?;
    let request = json!({ "action": "persistEntry", "params": params });
    let answer = files::act(tree.root(), &request, original, None)?;
    let message = params
        .pointer("/options/commitMessage")
        .and_then(Value::as_str)
        .unwrap_or("Change for review");
    commit_entry(&tree, state, &key, editor, message, params)?;
    Ok(answer)
}

/// Commits what a save changed in an entry's worktree and records it in the entry's state.
fn commit_entry(
    tree: &Repo,
    state: &Path,
    key: &Key,
    editor: &Author,
    message: &str,
    params: &Value,
) -> Result<Option<String>, Refused> {
    let changed = tree.dirty(ENTRY_FOLDERS).map_err(failed)?;
    let commit = tree.commit(&changed, editor, message).map_err(failed)?;
    let mut meta = read_meta(state, key).unwrap_or_else(|| Meta {
        collection: key.collection.clone(),
        slug: key.slug.clone(),
        status: params
            .pointer("/options/status")
            .and_then(Value::as_str)
            .filter(|s| [DRAFT, PENDING_REVIEW, PENDING_PUBLISH].contains(s))
            .unwrap_or(DRAFT)
            .to_string(),
        ..Meta::default()
    });
    let name = format!("{} <{}>", editor.name, editor.email);
    if !meta.authors.contains(&name) {
        meta.authors.push(name);
    }
    meta.message = message.to_string();
    meta.updated = now();
    write_meta(state, key, &meta)?;
    Ok(commit)
}

fn set_status(state: &Path, key: &Key, status: &str, who: Who<'_>) -> Result<Value, Refused> {
    if ![DRAFT, PENDING_REVIEW, PENDING_PUBLISH].contains(&status) {
        return Err(unprocessable(format!("`{status}` is not a review status")));
    }
    if status == PENDING_PUBLISH && !who.reviewer {
        return Err(Refused(
            StatusCode::FORBIDDEN,
            "only a reviewer can mark a change ready to publish: set it to “in review” and a reviewer will look at it".into(),
        ));
    }
    let mut meta = read_meta(state, key).ok_or_else(|| not_found(key))?;
    meta.status = status.to_string();
    meta.updated = now();
    write_meta(state, key, &meta)?;
    Ok(json!({ "message": format!("{} is now {status}", key.content_key()) }))
}

fn add_note(state: &Path, key: &Key, content: &str, author: &Author) -> Result<Note, Refused> {
    let content = content.trim();
    if content.is_empty() {
        return Err(unprocessable(
            "the note is empty: write what should change".into(),
        ));
    }
    let mut meta = read_meta(state, key).ok_or_else(|| not_found(key))?;
    let note = Note {
        id: format!("{}-{}", now(), meta.notes.len() + 1),
        author: author.name.clone(),
        content: content.to_string(),
        time: now(),
        resolved: false,
    };
    meta.notes.push(note.clone());
    write_meta(state, key, &meta)?;
    Ok(note)
}

// Called by its tests; the server reaches it through `act`.
#[cfg_attr(not(test), allow(dead_code))]
/// A reviewer sends a change back to its editor: status draft, with the note kept and shown.
pub(crate) fn send_back(
    state: &Path,
    key: &Key,
    note: &str,
    who: Who<'_>,
) -> Result<Meta, Refused> {
    let _one = one_at_a_time();
    send_back_locked(state, key, note, who)
}

fn send_back_locked(state: &Path, key: &Key, note: &str, who: Who<'_>) -> Result<Meta, Refused> {
    if !who.reviewer {
        return Err(Refused(
            StatusCode::FORBIDDEN,
            "only a reviewer can send a change back".into(),
        ));
    }
    add_note(state, key, note, who.author)?;
    let mut meta = read_meta(state, key).ok_or_else(|| not_found(key))?;
    meta.status = DRAFT.into();
    meta.note = Some(note.trim().to_string());
    meta.updated = now();
    write_meta(state, key, &meta)?;
    Ok(meta)
}

/// What the branch changed since it left the published history: `(status letter, path)`.
fn branch_changes(main: &Repo, key: &Key) -> Result<(String, Vec<(char, String)>), Refused> {
    let branch = format!("refs/heads/{}", key.branch());
    let base = main
        .git(&["merge-base", "HEAD", &branch])
        .map_err(|_| not_found(key))?;
    let base = String::from_utf8_lossy(&base).trim().to_string();
    let out = main
        .git(&[
            "diff",
            "--name-status",
            "-z",
            "--no-renames",
            &base,
            &branch,
        ])
        .map_err(failed)?;
    let text = String::from_utf8_lossy(&out);
    let fields: Vec<&str> = text.split('\0').filter(|f| !f.is_empty()).collect();
    let changes = fields
        .chunks(2)
        .filter_map(|c| match c {
            [status, path] => Some((status.chars().next().unwrap_or('M'), path.to_string())),
            _ => None,
        })
        .filter(|(_, p)| !p.starts_with("originals/"))
        .collect();
    Ok((base, changes))
}

fn is_text(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".toml")
}

/// Decap's `unpublishedEntry` answer, with Sapar's review view under `sapar`.
fn entry_answer(root: &Path, state: &Path, key: &Key) -> Result<Value, Refused> {
    let meta = read_meta(state, key).ok_or_else(|| not_found(key))?;
    let main = Repo::open(root).map_err(failed)?;
    let (_, changes) = branch_changes(&main, key)?;
    let diffs: Vec<Value> = changes
        .iter()
        .map(|(s, p)| {
            let status = match s {
                'A' => "added",
                'D' => "deleted",
                _ => "modified",
            };
            json!({ "id": p, "path": p, "oldPath": p, "newPath": p, "status": status,
                    "newFile": *s == 'A', "binary": !is_text(p) })
        })
        .collect();
    Ok(json!({
        "collection": key.collection,
        "slug": key.slug,
        "status": meta.status,
        "diffs": diffs,
        "updatedAt": iso_time(meta.updated),
        "sapar": review(root, state, key)?,
    }))
}

/// What a reviewer needs to judge an entry: who, its status and notes, the words that
/// changed in each page file against the published version, and where its preview is.
pub(crate) fn review(root: &Path, state: &Path, key: &Key) -> Result<Value, Refused> {
    let meta = read_meta(state, key).ok_or_else(|| not_found(key))?;
    let main = Repo::open(root).map_err(failed)?;
    let (base, changes) = branch_changes(&main, key)?;
    let branch = format!("refs/heads/{}", key.branch());
    let mut files = Vec::new();
    for (status, path) in &changes {
        let published = main.file_at("HEAD", path).map_err(failed)?;
        // What publishing would make of the file: the branch's change over what readers see
        // now (so a change published meanwhile is not shown as taken out); on a clash, the
        // branch as it is, marked.
        let (after, clash) = match merged(&main, &base, &branch, path) {
            Ok(Some(result)) => (result, false),
            Ok(None) => (published.clone(), false),
            Err(_) => (main.file_at(&branch, path).map_err(failed)?, true),
        };
        let text = |b: &Option<Vec<u8>>| {
            b.as_deref()
                .map(|b| String::from_utf8_lossy(b).to_string())
                .unwrap_or_default()
        };
        let words: Vec<Value> = if is_text(path) {
            crate::link::changes::word_diff(&text(&published), &text(&after))
                .iter()
                .map(|c| json!({ "removed": c.removed, "added": c.added, "context": c.context, "urgent": c.urgent }))
                .collect()
        } else {
            Vec::new()
        };
        files.push(
            json!({ "path": path, "status": status.to_string(), "changes": words, "clash": clash }),
        );
    }
    Ok(json!({
        "key": key.content_key(),
        "status": meta.status,
        "authors": meta.authors,
        "message": meta.message,
        "note": meta.note,
        "notes": meta.notes,
        "updated": meta.updated,
        "files": files,
        "preview": format!("/admin/preview/{}/", key.name()),
    }))
}

/// An entry's file as its branch has it.
fn branch_file(root: &Path, params: &Value) -> Result<(String, Option<Vec<u8>>), Refused> {
    let key = key_param(params)?;
    let path = str_param(params, "path")?;
    let main = Repo::open(root).map_err(failed)?;
    let bytes = main
        .file_at(&format!("refs/heads/{}", key.branch()), path)
        .map_err(|_| not_found(&key))?;
    Ok((path.to_string(), bytes))
}

fn data_file(root: &Path, _state: &Path, params: &Value) -> Result<Value, Refused> {
    let (_, bytes) = branch_file(root, params)?;
    Ok(json!({ "data": bytes.map(|b| String::from_utf8_lossy(&b).to_string()) }))
}

fn media_file(root: &Path, _state: &Path, params: &Value) -> Result<Value, Refused> {
    let (path, bytes) = branch_file(root, params)?;
    let bytes = bytes.ok_or_else(|| {
        Refused(
            StatusCode::NOT_FOUND,
            format!("`{path}` is not part of this change"),
        )
    })?;
    let name = path.rsplit('/').next().unwrap_or(&path).to_string();
    Ok(json!({
        "id": format!("{:016x}", crate::util::hash::fnv1a(&bytes)),
        "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
        "encoding": "base64",
        "path": path,
        "name": name,
    }))
}

/// An image from the media library: not part of any page's review, so it is saved and
/// committed on the published branch at once (readers see it only once a page shows it).
fn persist_media(
    root: &Path,
    params: &Value,
    original: &str,
    editor: &Author,
) -> Result<Value, Refused> {
    let path = params
        .pointer("/asset/path")
        .and_then(Value::as_str)
        .ok_or_else(|| unprocessable("`asset.path` is missing".into()))?
        .to_string();
    let request = json!({ "action": "persistMedia", "params": params });
    let mut answer = files::act(root, &request, original, None)?;
    let message = params
        .pointer("/options/commitMessage")
        .and_then(Value::as_str)
        .unwrap_or("Upload an image");
    let main = Repo::open(root).map_err(failed)?;
    main.commit(std::slice::from_ref(&path), editor, message)
        .map_err(failed)?;
    answer["published"] = json!([path]);
    Ok(answer)
}

/// The file as it should be published: the branch's change applied over what is published
/// now. `Err` names a clash (both changed the same lines).
fn merged(
    main: &Repo,
    base: &str,
    branch: &str,
    path: &str,
) -> Result<Option<Option<Vec<u8>>>, Refused> {
    let at = |c: &str| main.file_at(c, path).map_err(failed);
    let (b, t, m) = (at(base)?, at(branch)?, at("HEAD")?);
    if m == b {
        return Ok(Some(t));
    }
    if t == b || t == m {
        return Ok(None);
    }
    let clash = || {
        Refused(
            StatusCode::CONFLICT,
            format!(
                "while this change waited for review, another change to `{path}` was published in the same place; open the entry, copy your text, delete the entry and make the change again on the published page"
            ),
        )
    };
    let (Some(b), Some(t), Some(m)) = (b, t, m) else {
        return Err(clash());
    };
    let tmp = tempfile_dir(main)?;
    for (name, bytes) in [("ours", &m), ("base", &b), ("theirs", &t)] {
        std::fs::write(tmp.0.join(name), bytes).map_err(|e| {
            Refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("merging {path}: {e}"),
            )
        })?;
    }
    let file = |n: &str| tmp.0.join(n).display().to_string();
    let (ours, base_f, theirs) = (file("ours"), file("base"), file("theirs"));
    main.git(&["merge-file", "-p", "-q", &ours, &base_f, &theirs])
        .map(|out| Some(Some(out)))
        .map_err(|_| clash())
}

/// A scratch folder inside .git, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempfile_dir(main: &Repo) -> Result<Scratch, Refused> {
    let git_dir = main
        .git(&["rev-parse", "--absolute-git-dir"])
        .map_err(failed)?;
    let dir = PathBuf::from(String::from_utf8_lossy(&git_dir).trim()).join(format!(
        "sapar-merge-{}-{}",
        std::process::id(),
        now()
    ));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Refused(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(Scratch(dir))
}

// Called by its tests; the server reaches it through `act`.
#[cfg_attr(not(test), allow(dead_code))]
/// Publishes an entry under review (a reviewer only): its files merged into the main work
/// tree and committed as the reviewer, crediting its editors; its branch and worktree then
/// go. Gives the paths that changed, for the caller to build and swap.
pub(crate) fn publish(
    root: &Path,
    state: &Path,
    key: &Key,
    who: Who<'_>,
) -> Result<Vec<String>, Refused> {
    let _one = one_at_a_time();
    publish_locked(root, state, key, who)
}

fn publish_locked(
    root: &Path,
    state: &Path,
    key: &Key,
    who: Who<'_>,
) -> Result<Vec<String>, Refused> {
    if !who.reviewer {
        return Err(Refused(
            StatusCode::FORBIDDEN,
            "only a reviewer can publish a change: set it to “in review” and a reviewer will publish it".into(),
        ));
    }
    let meta = read_meta(state, key).ok_or_else(|| not_found(key))?;
    let main = Repo::open(root).map_err(failed)?;
    let (base, changes) = branch_changes(&main, key)?;
    let branch = format!("refs/heads/{}", key.branch());
    // Keep the snapshots the entry's translations were stamped from, too.
    let out = main
        .git(&[
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            &base,
            &branch,
            "--",
            "originals",
        ])
        .map_err(failed)?;
    let mut paths: Vec<String> = changes.into_iter().map(|(_, p)| p).collect();
    paths.extend(
        String::from_utf8_lossy(&out)
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(str::to_string),
    );
    let unsaved = main
        .dirty(&paths.iter().map(String::as_str).collect::<Vec<_>>())
        .map_err(failed)?;
    if let Some(p) = unsaved.first() {
        return Err(Refused(
            StatusCode::CONFLICT,
            format!(
                "`{p}` has changes in the site folder that are not saved in Git; nothing was published"
            ),
        ));
    }
    let mut plan = Vec::new();
    for p in &paths {
        if let Some(result) = merged(&main, &base, &branch, p)? {
            plan.push((p.clone(), result));
        }
    }
    for (p, result) in &plan {
        let file = root.join(p);
        match result {
            Some(bytes) => write_whole(&file, bytes)?,
            None => {
                let _ = std::fs::remove_file(&file);
            }
        }
    }
    let changed: Vec<String> = plan.into_iter().map(|(p, _)| p).collect();
    main.commit(&changed, who.author, &publish_message(&meta, who.author))
        .map_err(failed)?;
    forget(&main, state, key)?;
    Ok(changed)
}

fn publish_message(meta: &Meta, reviewer: &Author) -> String {
    let subject = meta
        .message
        .lines()
        .next()
        .filter(|l| !l.trim().is_empty())
        .map_or_else(
            || format!("Change to {}/{}", meta.collection, meta.slug),
            str::to_string,
        );
    let mut text = format!("{subject}\n\n");
    for a in &meta.authors {
        text.push_str(&format!("Co-authored-by: {a}\n"));
    }
    text.push_str(&format!(
        "Reviewed-by: {} <{}>\n",
        reviewer.name, reviewer.email
    ));
    text
}

/// Puts whole files (a restored version) into an entry's review branch as `editor`, waiting
/// for review; gives the entry.
pub(crate) fn propose(
    root: &Path,
    state: &Path,
    files: &[(String, Vec<u8>)],
    editor: &Author,
    message: &str,
) -> Result<Key, Refused> {
    let _one = one_at_a_time();
    let first = files
        .first()
        .ok_or_else(|| unprocessable("nothing to save".into()))?;
    let key = Key::of_path(&first.0)?;
    let main = Repo::open(root).map_err(failed)?;
    let tree = worktree(&main, state, &key)?;
    for (path, bytes) in files {
        if Key::of_path(path)? != key {
            return Err(unprocessable(format!("`{path}` belongs to another page")));
        }
        write_whole(&tree.root().join(path), bytes)?;
    }
    let params = json!({ "options": { "status": PENDING_REVIEW } });
    commit_entry(&tree, state, &key, editor, message, &params)?;
    Ok(key)
}

/// Builds an entry's worktree, drafts left out as for readers, into its `public/`, for the
/// reviewer's preview under `base_url` (`https://…/admin/preview/<name>/`).
pub(crate) fn build_preview(state: &Path, key: &Key, base_url: &str) -> Result<PathBuf, String> {
    let dir = worktree_dir(state, key);
    if !dir.is_dir() {
        return Err(format!("`{}` is not waiting for review", key.content_key()));
    }
    let output = dir.join("public");
    let opts = crate::build::BuildOptions {
        root: dir,
        output: Some(output.clone()),
        progress: false,
        base_url: crate::build::BaseUrl::Publish(Some(base_url.to_string())),
        drafts: false,
    };
    crate::build::build(&opts).map_err(|diags| {
        diags
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    Ok(output)
}

/// The built preview of the entry named `name` (`<collection>-<slug>`), if there is one.
pub(crate) fn preview_dir(state: &Path, name: &str) -> Option<PathBuf> {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let dir = review_dir(state).join(name).join("public");
    (plain && dir.is_dir()).then_some(dir)
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
