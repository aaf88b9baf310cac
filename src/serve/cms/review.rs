//! The staff pages of review and history in `sapar serve`, for signed-in editors only:
//! an entry's preview as it would be published (`/admin/preview/<collection>-<slug>/…`),
//! the reviewer's view of an entry (word diffs, notes) as JSON, a file's history page with
//! "restore this version", and how the last push to the mirror went.
//!
//! Contract: every function here takes an editor whose session the caller has already
//! checked (and, for the POST, whose `Origin` it has checked to be this site's own). None of
//! them looks at cookies or headers.
//!
//! Routes (the coordinator adds them behind the session check):
//! - `GET  /admin/preview/{name}/` and `/admin/preview/{name}/{*path}` → [`preview`]
//! - `GET  /admin/review/{collection}/{slug}` → [`review_json`]
//! - `GET  /admin/history/?path=content/…` → [`history`]
//! - `POST /admin/history/restore` (form `path`, `commit`) → [`restore`]
//! - `GET  /admin/drafts/` and `/admin/drafts/{*path}` → [`drafts`]
//! - `GET  /admin/mirror.json` → [`mirror_json`]

use std::path::{Component, Path};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Json, Response};
use serde::Deserialize;
use serde_json::json;

use crate::build::SiteState;
use crate::editing::files::Refused;
use crate::editing::mirror::Mirror;
use crate::editing::repo::Author;
use crate::editing::{history as file_history, workflow};

/// Where the restore form posts.
pub(crate) const RESTORE_URL: &str = "/admin/history/restore";

fn staff_headers(kind: &'static str) -> [(header::HeaderName, HeaderValue); 4] {
    [
        (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex"),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(super::super::CSP),
        ),
    ]
}

fn refused(r: Refused) -> Response {
    (r.0, Json(json!({ "error": r.1 }))).into_response()
}

/// A file of an entry's preview build. `rest` is the path after `/admin/preview/<name>/`;
/// a folder gives its index.html. Session checked by caller.
pub(crate) fn preview(state: &Path, _editor: &Author, name: &str, rest: &str) -> Response {
    match workflow::preview_dir(state, name) {
        Some(dir) => serve_from(&dir, rest),
        None => (
            StatusCode::NOT_FOUND,
            "this change has no preview (yet): it is built after each save for review",
        )
            .into_response(),
    }
}

/// A file of the drafts preview (`/admin/drafts/…`): the published site with its drafts.
/// Session checked by caller.
pub(crate) fn drafts(state: &Path, _editor: &Author, rest: &str) -> Response {
    match crate::editing::drafts::public(state) {
        Some(dir) => serve_from(&dir, rest),
        None => (
            StatusCode::NOT_FOUND,
            "the preview of drafts has not been built yet",
        )
            .into_response(),
    }
}

/// A file under `dir` (a folder gives its index.html); nothing outside it, links included.
fn serve_from(dir: &Path, rest: &str) -> Response {
    let rest = rest.trim_start_matches('/');
    let plain = Path::new(rest)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        && !rest.contains('\\');
    if !plain {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let mut file = dir.join(rest);
    if rest.is_empty() || rest.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    // The build wrote this folder; a link in it must not lead out of it.
    let inside = match (file.canonicalize(), dir.canonicalize()) {
        (Ok(f), Ok(d)) => f.starts_with(d),
        _ => false,
    };
    match std::fs::read(&file).ok().filter(|_| inside) {
        Some(bytes) => {
            let kind = super::super::files::content_type(&file.to_string_lossy());
            (staff_headers(kind), bytes).into_response()
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The reviewer's view of an entry: who, status, notes, word diffs, the preview's address.
/// Session checked by caller.
pub(crate) fn review_json(
    root: &Path,
    state: &Path,
    _editor: &Author,
    collection: &str,
    slug: &str,
) -> Response {
    match workflow::Key::new(collection, slug).and_then(|k| workflow::review(root, state, &k)) {
        Ok(v) => (staff_headers("application/json"), v.to_string()).into_response(),
        Err(r) => refused(r),
    }
}

/// The query of the history page.
#[derive(Deserialize)]
pub(crate) struct HistoryQuery {
    #[serde(default)]
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) lang: Option<String>,
}

/// The history page of one content file in the editor's language; `message` is shown above
/// the list (after a restore). Session checked by caller.
pub(crate) fn history(
    site: &SiteState,
    root: &Path,
    _editor: &Author,
    lang: &str,
    path: &str,
    review: bool,
    message: &str,
) -> Response {
    if !path.starts_with("content/") || !path.ends_with(".md") {
        return (
            StatusCode::NOT_FOUND,
            "history is kept for pages: open it from a page, with ?path=content/…/index.ru.md",
        )
            .into_response();
    }
    let config = &site.linked.site.config;
    let lang = if config.has_language(lang) {
        lang
    } else {
        config.default_language.as_str()
    };
    let mut view = match file_history::view(root, path, review, RESTORE_URL) {
        Ok(v) => v,
        Err(e) => return (StatusCode::UNPROCESSABLE_ENTITY, e.0).into_response(),
    };
    view.message = message.to_string();
    match crate::render::history_page(&site.linked, &site.strings, &site.theme, lang, &view) {
        Ok(html) => (staff_headers("text/html; charset=utf-8"), Html(html)).into_response(),
        Err(d) => {
            eprintln!("{d}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the history page is unavailable",
            )
                .into_response()
        }
    }
}

/// The restore form.
#[derive(Deserialize)]
pub(crate) struct RestoreForm {
    pub(crate) path: String,
    pub(crate) commit: String,
}

/// What a restore did, for the caller: the page to show, and the paths committed on the
/// published branch (build and swap when not empty).
pub(crate) struct Restored {
    pub(crate) response: Response,
    pub(crate) published: Vec<String>,
}

/// POST /admin/history/restore: the version saved back as a new commit, or with review on,
/// put up for review. Answers with the history page and its message. Session and `Origin`
/// checked by caller.
pub(crate) fn restore(
    site: &SiteState,
    root: &Path,
    state: &Path,
    editor: &Author,
    lang: &str,
    review: bool,
    form: &RestoreForm,
) -> Restored {
    let t = |k: &str| {
        site.strings
            .get(lang)
            .map(|s| s.get(k).to_string())
            .unwrap_or_default()
    };
    let (message, published) = if review {
        let proposed = file_history::restore(root, &form.path, &form.commit)
            .map_err(|e| e.0)
            .and_then(|bytes| {
                let short: String = form.commit.chars().take(10).collect();
                let message = format!("Restore {} as it was in {short}", form.path);
                workflow::propose(root, state, &[(form.path.clone(), bytes)], editor, &message)
                    .map_err(|r| r.1)
            });
        match proposed {
            Ok(_) => (t("history_restored_review"), Vec::new()),
            Err(e) => (e, Vec::new()),
        }
    } else {
        match file_history::restore_now(root, &form.path, &form.commit, editor) {
            Ok(paths) => (t("history_restored"), paths),
            Err(e) => (e.0, Vec::new()),
        }
    };
    Restored {
        response: history(site, root, editor, lang, &form.path, review, &message),
        published,
    }
}

/// How the last push to the mirror went (`null` before the first, or with no mirror).
/// Session checked by caller.
pub(crate) fn mirror_json(mirror: Option<&Mirror>, _editor: &Author) -> Response {
    let last = mirror.and_then(Mirror::last);
    (
        staff_headers("application/json"),
        serde_json::to_string(&last).unwrap_or_else(|_| "null".into()),
    )
        .into_response()
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
