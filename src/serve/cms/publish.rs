//! /api/v1 on the portal's own server (`[editing] backend = "sapar"`): a signed-in editor's
//! action handed to [`crate::editing::publish`] (and, with review on, first to
//! [`crate::editing::workflow`]), and a change that built served at once.

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use serde_json::Value;

use super::refuse;
use crate::editing::files::Refused;
use crate::editing::publish::{Published, Publisher};
use crate::editing::repo::Author;
use crate::editing::{Editor, Role, workflow};
use crate::model::strings::Strings;
use crate::serve::{AppState, Live};

/// The UI strings of `lang`, for the messages of a save.
pub(crate) fn strings_of(app: &AppState, lang: &str) -> Strings {
    let state = app.live().and_then(|l| l.state.clone());
    state
        .as_ref()
        .and_then(|s| {
            s.strings
                .get(lang)
                .or_else(|| s.strings.get(&s.linked.site.config.default_language))
                .cloned()
        })
        .unwrap_or_default()
}

/// Serves the build a change made, before the answer goes back, so that an editor who opens
/// the page next sees it; and pushes to the mirror, if there is one.
pub(crate) fn serve_published(
    app: &AppState,
    done: Published,
    who: &str,
) -> Result<Value, Refused> {
    if let Some(report) = done.report {
        let live = Live::after_build(&app.root, report).map_err(|d| {
            let why: Vec<String> = d.sorted().iter().map(|d| d.render()).collect();
            Refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!(
                    "published, but the server could not read the new build: {}",
                    why.join("\n")
                ),
            )
        })?;
        app.set_live(live);
        eprintln!(
            "published {} by {who}",
            done.commit.as_deref().unwrap_or("a change")
        );
        if let Some(m) = &app.mirror {
            m.push_soon();
        }
    }
    Ok(done.answer)
}

/// Carries out the CMS's `body` for `editor`, whose session and `Origin` the caller has
/// checked; `lang` is the language of the editor's interface, for the messages.
pub(crate) async fn act(
    app: Arc<AppState>,
    publisher: Arc<Publisher>,
    editor: Editor,
    lang: String,
    body: Bytes,
) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "the request is not JSON");
    };
    let original = app
        .live()
        .and_then(|l| l.state.clone())
        .map(|s| crate::render::admin::fields::original_language(&s.linked.site))
        .unwrap_or_default();
    let strings = strings_of(&app, &lang);
    let review = app
        .editing
        .as_ref()
        .filter(|e| e.config.review)
        .map(|e| e.state.clone());
    let job = tokio::task::spawn_blocking(move || {
        let author = Author::editor(&editor.name);
        let root = app.root.clone();
        let under_review = review.as_ref().and_then(|state| {
            let who = workflow::Who {
                author: &author,
                reviewer: editor.role == Role::Reviewer,
            };
            publisher.committed(&strings, || {
                let answer = workflow::act(&root, state, &request, &original, who)?;
                Some(answer.map(|v| {
                    let paths = published_paths(&v);
                    (v, paths)
                }))
            })
        });
        let done = match under_review {
            Some(done) => done?,
            None => publisher.act(&request, &original, &author, &strings)?,
        };
        serve_published(&app, done, &author.name)
    })
    .await;
    match job {
        Ok(Ok(answer)) => Json(answer).into_response(),
        Ok(Err(Refused(status, why))) => refuse(status, &why),
        Err(_) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the save stopped half-way; nothing was published. Try again",
        ),
    }
}

/// What a workflow answer says it committed on the main work tree (`"published": [paths]`).
fn published_paths(answer: &Value) -> Vec<String> {
    answer
        .get("published")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
