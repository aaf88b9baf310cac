//! The editing interface in `sapar serve`: /admin/ (the CMS, its generated configuration, and
//! a banner with the build's messages), and the local backend the CMS saves through, /api/v1,
//! which speaks the protocol of Decap's own file proxy (`decap-server`) so that no Node.js runs
//! on an editor's machine.
//!
//! Only an editor's own machine may write: /api/v1 answers only in watch mode, only to a
//! connection from loopback, and only when the browser says it is on a loopback address (a
//! web page elsewhere cannot reach it through a DNS name that points at 127.0.0.1). In
//! production (`--no-watch`) it refuses every request, and it reads and writes nothing outside
//! content/, data/contacts.toml and the images folder.

pub(crate) mod publish;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use serde_json::{Value, json};

pub(crate) mod signin;

use super::AppState;
use crate::editing::{Editor, files};
use crate::render::admin;

// Routed by the coordinator behind the session check (the `auth` branch).
pub(crate) mod review;
pub(crate) mod staff;

/// Largest save the CMS may send: a page with an image, base64-encoded. The contact directory,
/// the largest text, is 37 KB.
pub(crate) const MAX_SAVE_BYTES: u64 = 24 * 1024 * 1024;

/// The CMS needs what the portal's own pages never do: inline styles (its components style
/// themselves), `eval` (it compiles its configuration schema), and blob: images for uploads,
/// which it also fetches (`connect-src blob:`) to send them to the backend: without that, every
/// upload and every save with an image ended in "Failed to fetch".
/// Still nothing from any other site.
pub(crate) const CSP_ADMIN: &str = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data:; frame-src 'self' blob: about:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The same for the deployed portal's /admin/ (`[editing]`), whose CMS talks to the Git host's
/// API on another https:// address.
pub(crate) const CSP_ADMIN_DEPLOYED: &str = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data: https:; frame-src 'self' blob: about:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The banner script for /admin/ in `sapar serve`.
const ADMIN_LIVE_JS: &str = include_str!("admin-live.js");
const ADMIN_LIVE_TAG: &str = "<script src=\"/__sapar/admin-live.js\"></script>\n";
/// On the portal's own server the panel reads each save's answer (admin-live.js).
const ADMIN_PUBLISH_TAG: &str =
    "<script src=\"/__sapar/admin-live.js\" data-mode=\"publish\"></script>\n";

fn admin_headers(content_type: &'static str) -> [(header::HeaderName, HeaderValue); 3] {
    [
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP_ADMIN),
        ),
    ]
}

/// GET /admin/: the CMS page.
/// GET /admin/ on the portal's own server, for a signed-in editor.
pub(crate) async fn publish_page() -> Response {
    (
        admin_headers("text/html; charset=utf-8"),
        admin::index_html(ADMIN_PUBLISH_TAG),
    )
        .into_response()
}

pub(crate) async fn page() -> Response {
    (
        admin_headers("text/html; charset=utf-8"),
        admin::index_html(ADMIN_LIVE_TAG),
    )
        .into_response()
}

/// GET /admin/{file}: the configuration, generated from the site as last built, and the CMS's
/// own files from the binary.
pub(crate) async fn file(
    State(app): State<Arc<AppState>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    match name.as_str() {
        "" | "index.html" => page().await,
        "config.yml" => match config_yml(&app, &headers) {
            Some(c) => (admin_headers("text/yaml; charset=utf-8"), c).into_response(),
            None => (
                StatusCode::SERVICE_UNAVAILABLE,
                "the site has not built yet: the editing interface starts after the first good build",
            )
                .into_response(),
        },
        "translations.json" => match app.live().and_then(|l| l.state.clone()) {
            Some(state) => (
                admin_headers("application/json"),
                admin::translations::status(&state.linked).to_string(),
            )
                .into_response(),
            None => (StatusCode::SERVICE_UNAVAILABLE, "the site has not built yet").into_response(),
        },
        "sapar-admin.js" => (
            admin_headers("text/javascript; charset=utf-8"),
            admin::ADMIN_JS,
        )
            .into_response(),
        "sapar-ky.js" => (
            admin_headers("text/javascript; charset=utf-8"),
            admin::KY_LOCALE_JS,
        )
            .into_response(),
        _ => match admin::cms_file(&name) {
            Some(bytes) => {
                let kind = if name.ends_with(".wasm") {
                    "application/wasm"
                } else if name.ends_with(".js") {
                    "text/javascript; charset=utf-8"
                } else {
                    "text/plain; charset=utf-8"
                };
                let mut h = admin_headers(kind);
                // Immutable for this binary: the CMS's files change only with Sapar's version.
                h[1].1 = HeaderValue::from_static("public, max-age=3600");
                (h, bytes).into_response()
            }
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    }
}

/// The configuration in the editor's language (admin::editor_language: their choice, else
/// their browser's), generated for each request.
fn config_yml(app: &AppState, headers: &HeaderMap) -> Option<String> {
    let live = app.live()?;
    let state = live.state.as_ref()?;
    let text = |h: header::HeaderName| headers.get(h).and_then(|v| v.to_str().ok());
    let site = &state.linked.site;
    let lang = admin::editor_language(site, text(header::COOKIE), text(header::ACCEPT_LANGUAGE));
    let c = admin::config(site, &state.strings, &lang, admin::Backend::Local);
    serde_json::to_string_pretty(&c).ok()
}

pub(crate) async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        ADMIN_LIVE_JS,
    )
        .into_response()
}

pub(crate) fn refuse(status: StatusCode, why: &str) -> Response {
    (status, Json(json!({ "error": why }))).into_response()
}

/// POST /api/v1 on a production server: nothing here can write.
pub(crate) async fn api_refused() -> Response {
    refuse(
        StatusCode::FORBIDDEN,
        "this server publishes the portal and cannot save: edit on your own machine with `sapar serve`, or through the Git host (docs/editing.md)",
    )
}

/// Whether a request may use the local backend: see the module's documentation.
fn allowed(peer: SocketAddr, headers: &HeaderMap) -> Result<(), &'static str> {
    if !peer.ip().is_loopback() {
        return Err("the editing interface saves only for a browser on this machine");
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let name = match host.rsplit_once(':') {
        Some((n, port)) if port.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => host,
    };
    if !matches!(name, "localhost" | "127.0.0.1" | "[::1]") {
        return Err(
            "open the editing interface at http://127.0.0.1:… or http://localhost:… to save",
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok())
        && origin != format!("http://{host}")
    {
        return Err("a page from another site may not save here");
    }
    Ok(())
}

/// POST /api/v1: one action of the CMS's proxy protocol.
pub(crate) async fn api(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(why) = allowed(peer, &headers) {
        return refuse(StatusCode::FORBIDDEN, why);
    }
    act(app, None, body).await
}

/// One action of the CMS's proxy protocol, once the request may act: `editor` is the
/// signed-in editor of production editing, `None` on an editor's own machine.
pub(crate) async fn act(app: Arc<AppState>, editor: Option<Editor>, body: Bytes) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "the request is not JSON");
    };
    let root = app.root.clone();
    // Only a save needs the language new pages are written in first: counting it walks every
    // page, which the CMS's many reads (a list, an entry, the media) need not pay for.
    let saves = request.get("action").and_then(Value::as_str) == Some("persistEntry");
    let original = app
        .live()
        .filter(|_| saves)
        .and_then(|l| {
            l.state
                .as_ref()
                .map(|s| admin::fields::original_language(&s.linked.site))
        })
        .unwrap_or_default();
    let answer = tokio::task::spawn_blocking(move || {
        files::act(&root, &request, &original, editor.as_ref())
    })
    .await;
    match answer {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(files::Refused(status, why))) => refuse(status, &why),
        Err(_) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the save stopped half-way; try again",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(host: &str, origin: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
        }
        h
    }

    #[test]
    fn only_this_machine_may_save() {
        let local: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let lan: SocketAddr = "192.168.1.20:5000".parse().unwrap();
        assert!(
            allowed(
                local,
                &headers("127.0.0.1:1111", Some("http://127.0.0.1:1111"))
            )
            .is_ok()
        );
        assert!(allowed(local, &headers("localhost:1111", None)).is_ok());
        assert!(allowed(lan, &headers("127.0.0.1:1111", None)).is_err());
        // DNS rebinding: a name of the attacker's pointing at 127.0.0.1.
        assert!(allowed(local, &headers("evil.example:1111", None)).is_err());
        assert!(
            allowed(
                local,
                &headers("127.0.0.1:1111", Some("http://evil.example"))
            )
            .is_err()
        );
    }
}
