//! Routes of the staff pages of production editing (history and restore, previews of changes
//! under review and of drafts, the reviewer's view, the mirror's last push): each checks the
//! session (and, for the restore, the `Origin`) and hands over to [`super::review`].

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;

use super::review;
use super::signin::{language, same_origin, signed_in};
use crate::editing::repo::Author;
use crate::editing::{Editor, workflow};
use crate::serve::AppState;

/// The signed-in editor, or the answer for a request without one: to the sign-in page.
fn editor(app: &AppState, headers: &HeaderMap) -> Result<(Editor, Author), Response> {
    match signed_in(app, headers) {
        Some(e) => {
            let a = Author::editor(&e.name);
            Ok((e, a))
        }
        None => Err(Redirect::to("/admin/").into_response()),
    }
}

fn state_dir(app: &AppState) -> Option<std::path::PathBuf> {
    app.editing.as_ref().map(|e| e.state.clone())
}

/// GET /admin/history/?path=…
pub(crate) async fn history(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<review::HistoryQuery>,
) -> Response {
    let (_, author) = match editor(&app, &headers) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let Some(site) = app.live().and_then(|l| l.state.clone()) else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let lang = language(&app, &headers, q.lang.as_deref());
    let on = app.editing.as_ref().is_some_and(|e| e.config.review);
    review::history(&site, &app.root, &author, &lang, &q.path, on, "")
}

/// POST /admin/history/restore (form `path`, `commit`): the version saved back as a new
/// commit and published, or, with review on, put up for review.
pub(crate) async fn restore(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (_, author) = match editor(&app, &headers) {
        Ok(e) => e,
        Err(_) => return super::refuse(StatusCode::UNAUTHORIZED, "sign in at /admin/ first"),
    };
    if !same_origin(&app, &headers) {
        return super::refuse(
            StatusCode::FORBIDDEN,
            "a page from another site may not save here",
        );
    }
    let Ok(form) = serde_urlencoded_form(&body) else {
        return super::refuse(
            StatusCode::BAD_REQUEST,
            "the form needs `path` and `commit`",
        );
    };
    let (Some(site), Some(publisher), Some(state)) = (
        app.live().and_then(|l| l.state.clone()),
        app.publisher.clone(),
        state_dir(&app),
    ) else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let lang = language(&app, &headers, None);
    let strings = super::publish::strings_of(&app, &lang);
    let on = app.editing.as_ref().is_some_and(|e| e.config.review);
    let job = tokio::task::spawn_blocking(move || {
        let mut page = None;
        let done = publisher.committed(&strings, || {
            let r = review::restore(&site, &app.root, &state, &author, &lang, on, &form);
            page = Some(r.response);
            Some(Ok((Value::Null, r.published)))
        });
        match done {
            Some(Ok(published)) => {
                match super::publish::serve_published(&app, published, &author.name) {
                    Ok(_) => page.unwrap_or_else(|| StatusCode::NO_CONTENT.into_response()),
                    Err(r) => super::refuse(r.0, &r.1),
                }
            }
            Some(Err(r)) => super::refuse(r.0, &r.1),
            None => StatusCode::NO_CONTENT.into_response(),
        }
    })
    .await;
    job.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn serde_urlencoded_form(body: &[u8]) -> Result<review::RestoreForm, ()> {
    let text = String::from_utf8_lossy(body);
    let (mut path, mut commit) = (None, None);
    for pair in text.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_encoding::percent_decode_str(&v.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned();
        match k {
            "path" => path = Some(v),
            "commit" => commit = Some(v),
            _ => {}
        }
    }
    match (path, commit) {
        (Some(path), Some(commit)) => Ok(review::RestoreForm { path, commit }),
        _ => Err(()),
    }
}

/// GET /admin/preview/{name}/{*rest}: the change under review as it would be published; the
/// page itself (an empty `rest`) is built afresh from the entry's branch first.
pub(crate) async fn preview(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath((name, rest)): UrlPath<(String, String)>,
) -> Response {
    let (_, author) = match editor(&app, &headers) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let Some(state) = state_dir(&app) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if rest.is_empty() || rest.ends_with('/') {
        let own = own_origin(&app, &headers);
        let key = workflow::list(&state)
            .into_iter()
            .filter_map(|m| workflow::Key::new(&m.collection, &m.slug).ok())
            .find(|k| k.name() == name);
        if let Some(key) = key {
            let base = format!("{own}/admin/preview/{name}");
            let st = state.clone();
            let built =
                tokio::task::spawn_blocking(move || workflow::build_preview(&st, &key, &base))
                    .await;
            if let Ok(Err(why)) = built {
                return (StatusCode::UNPROCESSABLE_ENTITY, why).into_response();
            }
        }
    }
    review::preview(&state, &author, &name, &rest)
}

pub(crate) async fn preview_home(
    app: State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
) -> Response {
    preview(app, headers, UrlPath((name, String::new()))).await
}

/// GET /admin/drafts/{*rest}: the published site with its drafts, built afresh for the page.
pub(crate) async fn drafts(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    rest: Option<UrlPath<String>>,
) -> Response {
    let (_, author) = match editor(&app, &headers) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let Some(state) = state_dir(&app) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let rest = rest.map(|UrlPath(r)| r).unwrap_or_default();
    if rest.is_empty() || rest.ends_with('/') {
        let base = format!("{}/admin/drafts", own_origin(&app, &headers));
        let (root, st) = (app.root.clone(), state.clone());
        let built =
            tokio::task::spawn_blocking(move || crate::editing::drafts::build(&root, &st, &base))
                .await;
        if let Ok(Err(why)) = built {
            return (StatusCode::UNPROCESSABLE_ENTITY, why).into_response();
        }
    }
    review::drafts(&state, &author, &rest)
}

/// GET /admin/review/{collection}/{slug}: the reviewer's view of an entry, as JSON.
pub(crate) async fn review_json(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath((collection, slug)): UrlPath<(String, String)>,
) -> Response {
    let (_, author) = match editor(&app, &headers) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let Some(state) = state_dir(&app) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    review::review_json(&app.root, &state, &author, &collection, &slug)
}

/// GET /admin/mirror.json
pub(crate) async fn mirror_json(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    match editor(&app, &headers) {
        Ok((_, author)) => review::mirror_json(app.mirror.as_ref(), &author),
        Err(r) => r,
    }
}

/// The address previews link to: the site's own origin, or the one it was reached at.
fn own_origin(app: &AppState, headers: &HeaderMap) -> String {
    if let Some(o) = &app.origin {
        return o.clone();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}
