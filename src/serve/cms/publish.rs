//! /api/v1 on the portal's own server (`[editing] backend = "sapar"`): a signed-in editor's
//! action handed to [`crate::editing::publish`], and a save that built served at once.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use serde_json::Value;

use super::refuse;
use crate::editing::files::Refused;
use crate::editing::publish::Publisher;
use crate::editing::repo::Author;
use crate::model::strings::Strings;
use crate::serve::{AppState, Live};

/// Carries out `request` for `author`, whose session the caller has checked; `lang` is the
/// language of the editor's interface, for the messages.
pub(crate) async fn act(
    app: Arc<AppState>,
    publisher: Arc<Publisher>,
    author: Author,
    lang: String,
    request: Value,
) -> Response {
    let live = app.live();
    let state = live.as_ref().and_then(|l| l.state.clone());
    let original = state
        .as_ref()
        .map(|s| crate::render::admin::fields::original_language(&s.linked.site))
        .unwrap_or_default();
    let strings: Strings = state
        .as_ref()
        .and_then(|s| {
            s.strings
                .get(&lang)
                .or_else(|| s.strings.get(&s.linked.site.config.default_language))
                .cloned()
        })
        .unwrap_or_default();
    let root = app.root.clone();
    let job = tokio::task::spawn_blocking(move || {
        let done = publisher.act(&request, &original, &author, &strings)?;
        // Served before the answer goes back: an editor who opens the page next sees it.
        if let Some(report) = done.report {
            let live = Live::after_build(&root, report).map_err(|d| {
                Refused(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!(
                        "published, but the server could not read the new build: {}",
                        d.sorted()
                            .iter()
                            .map(|d| d.render())
                            .collect::<Vec<_>>()
                            .join("\n")
                    ),
                )
            })?;
            app.set_live(live);
            if let Some(c) = &done.commit {
                eprintln!("published {c} by {}", author.name);
            }
        }
        Ok::<Value, Refused>(done.answer)
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
