//! Sign-in for production editing (`sapar serve --no-watch` with `[editing] backend =
//! "sapar"`): the routes of /admin/ (the sign-in page until a session, then the CMS),
//! `POST /admin/login`, `POST /admin/logout`, and the guard of /api/v1. Accounts, sessions and
//! throttling are `editing`'s; this file only speaks HTTP.
//!
//! Every request to /api/v1 needs a live session (else 401) and an `Origin` equal to the
//! site's own (else 403), so that a page elsewhere cannot save with an editor's cookie.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::super::AppState;
pub(crate) use crate::editing::Editor;
use crate::editing::{Service, accounts, sessions};

const SESSION_COOKIE: &str = "sapar_session";
const LANG_COOKIE: &str = "sapar_lang";

/// The value of cookie `name` in the request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The editor of the request's session, if it has a live one.
pub(crate) fn signed_in(app: &AppState, headers: &HeaderMap) -> Option<Editor> {
    let service = app.editing.as_ref()?;
    let token = cookie(headers, SESSION_COOKIE)?;
    let db = service.db.lock().ok()?;
    sessions::check(&db, token)
}

/// Whether the request's `Origin` is the site's own: `base_url`'s, or, when that is a local or
/// placeholder address (tests, a first try-out), the address the server was reached at.
pub(crate) fn same_origin(app: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    if let Some(own) = &app.origin {
        return origin.eq_ignore_ascii_case(own);
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    !host.is_empty() && (origin == format!("http://{host}") || origin == format!("https://{host}"))
}

/// The client's address for throttling and the log: the TLS proxy's `X-Real-IP` when the
/// connection comes from this machine (docs/deploy.md), else the connection's own.
fn client(peer: SocketAddr, headers: &HeaderMap) -> String {
    if peer.ip().is_loopback()
        && let Some(real) = headers.get("x-real-ip").and_then(|v| v.to_str().ok())
        && real.parse::<std::net::IpAddr>().is_ok()
    {
        return real.to_string();
    }
    peer.ip().to_string()
}

#[derive(Deserialize)]
pub(crate) struct LangParam {
    lang: Option<String>,
}

/// The editor's language: `?lang=` (then remembered), the `sapar_lang` cookie, the browser's
/// `Accept-Language`, else the site's default.
pub(crate) fn language(app: &AppState, headers: &HeaderMap, asked: Option<&str>) -> String {
    let Some(live) = app.live() else {
        return "en".into();
    };
    let known = |l: &str| live.has_language(l);
    if let Some(l) = asked.filter(|l| known(l)) {
        return l.to_string();
    }
    if let Some(l) = cookie(headers, LANG_COOKIE).filter(|l| known(l)) {
        return l.to_string();
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for part in accept.split(',') {
        let tag = part
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or("");
        if known(primary) {
            return primary.to_string();
        }
    }
    live.state.as_ref().map_or_else(
        || "en".into(),
        |s| s.linked.site.config.default_language.clone(),
    )
}

/// The sign-in page in `lang`, with `message` (a UI string's key, or none).
fn signin_page(app: &AppState, lang: &str, message: Option<&str>, name: &str) -> Response {
    let Some(state) = app.live().and_then(|l| l.state.clone()) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the site has not built yet: the editing interface starts after the first good build",
        )
            .into_response();
    };
    let strings = &state.strings;
    let text = |k: &str| {
        strings
            .get(lang)
            .map(|s| s.get(k).to_string())
            .unwrap_or_default()
    };
    let page = crate::render::SigninPage {
        lang,
        languages: state
            .linked
            .site
            .config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), l.name.as_str()))
            .collect(),
        message: message.map(text).unwrap_or_default(),
        name,
    };
    match crate::render::signin_page(strings, &state.theme, &page) {
        Ok(html) => (
            [
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(super::CSP_ADMIN),
                ),
            ],
            Html(html),
        )
            .into_response(),
        Err(d) => {
            eprintln!("{d}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the sign-in page is unavailable",
            )
                .into_response()
        }
    }
}

/// `Set-Cookie` for `name=value`, with the attributes every cookie here has.
fn set_cookie(app: &AppState, name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let secure = if app.secure { "; Secure" } else { "" };
    let age = max_age.map_or(String::new(), |a| format!("; Max-Age={a}"));
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// GET /admin/: the CMS for a signed-in editor, else the sign-in page.
pub(crate) async fn admin_page(
    State(app): State<Arc<AppState>>,
    Query(q): Query<LangParam>,
    headers: HeaderMap,
) -> Response {
    if signed_in(&app, &headers).is_some() {
        return super::publish_page().await;
    }
    let lang = language(&app, &headers, q.lang.as_deref());
    let mut r = signin_page(&app, &lang, None, "");
    if q.lang.as_deref() == Some(lang.as_str()) {
        let c = set_cookie(&app, LANG_COOKIE, &lang, Some(365 * 86_400));
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

/// GET /admin/{file}: the generated configuration and translation status only when signed
/// in; the CMS's own files (the same in every copy of Sapar) for anyone.
pub(crate) async fn admin_file(
    State(app): State<Arc<AppState>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let private = matches!(
        name.as_str(),
        "" | "index.html" | "config.yml" | "translations.json"
    );
    if private && signed_in(&app, &headers).is_none() {
        return (StatusCode::UNAUTHORIZED, "sign in at /admin/ first").into_response();
    }
    super::file(State(app), UrlPath(name), headers).await
}

/// `name=…&password=…`, form-encoded.
fn form_fields(body: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(body);
    let (mut name, mut password) = (String::new(), String::new());
    for pair in text.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = v.replace('+', " ");
        let v = percent_encoding::percent_decode_str(&v)
            .decode_utf8_lossy()
            .into_owned();
        match k {
            "name" => name = v.trim().to_string(),
            "password" => password = v,
            _ => {}
        }
    }
    (name, password)
}

/// POST /admin/login.
pub(crate) async fn login(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(service) = app.editing.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let addr = client(peer, &headers);
    if !same_origin(&app, &headers) {
        eprintln!("sign-in refused: a form from another site, from {addr}");
        return (
            StatusCode::FORBIDDEN,
            "sign in from the portal's own /admin/ page",
        )
            .into_response();
    }
    let (name, password) = form_fields(&body);
    let lang = language(&app, &headers, None);
    let gate = match service.throttle.lock() {
        Ok(mut t) => t.gate(&name, &addr, Instant::now()),
        Err(_) => sessions::Gate::Go,
    };
    match gate {
        sessions::Gate::Locked(left) => {
            eprintln!("sign-in refused: `{name}` from {addr}: too many wrong passwords");
            let mut r = signin_page(&app, &lang, Some("signin_throttled"), &name);
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            r.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(left.as_secs().max(1)),
            );
            return r;
        }
        sessions::Gate::Slow(d) => tokio::time::sleep(d).await,
        sessions::Gate::Go => {}
    }
    let checked = {
        let (service, name) = (Arc::clone(&service), name.clone());
        tokio::task::spawn_blocking(move || verify_and_start(&service, &name, &password)).await
    };
    match checked {
        Ok(Some(token)) => {
            if let Ok(mut t) = service.throttle.lock() {
                t.succeeded(&name, &addr);
            }
            eprintln!("signed in: `{name}` from {addr}");
            let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, "/admin/")]).into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&app, SESSION_COOKIE, &token, None),
            );
            r
        }
        Ok(None) => {
            if let Ok(mut t) = service.throttle.lock() {
                t.failed(&name, &addr, Instant::now());
            }
            eprintln!("sign-in refused: `{name}` from {addr}: wrong name or password");
            let mut r = signin_page(&app, &lang, Some("signin_wrong"), &name);
            *r.status_mut() = StatusCode::UNAUTHORIZED;
            r
        }
        Err(_) => signin_page(&app, &lang, Some("signin_failed"), &name),
    }
}

/// The password checked and, when right, a session started: its token.
fn verify_and_start(service: &Service, name: &str, password: &str) -> Option<String> {
    let db = service.db.lock().ok()?;
    let editor = accounts::verify(&db, name, password)?;
    sessions::start(&db, &editor.name)
}

/// POST /admin/logout: the session ends and the cookie is cleared.
pub(crate) async fn logout(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let addr = client(peer, &headers);
    if !same_origin(&app, &headers) {
        return (
            StatusCode::FORBIDDEN,
            "sign out from the portal's own /admin/ page",
        )
            .into_response();
    }
    if let (Some(service), Some(token)) = (&app.editing, cookie(&headers, SESSION_COOKIE))
        && let Ok(db) = service.db.lock()
        && let Some(name) = sessions::end(&db, token)
    {
        eprintln!("signed out: `{name}` from {addr}");
    }
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, "/admin/")]).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&app, SESSION_COOKIE, "", Some(0)),
    );
    r
}

/// POST /api/v1 in production: a signed-in editor on the site's own page, else refused before
/// anything is read or written.
pub(crate) async fn api(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let addr = client(peer, &headers);
    let Some(editor) = signed_in(&app, &headers) else {
        eprintln!("editing refused: no session, from {addr}");
        return super::refuse(
            StatusCode::UNAUTHORIZED,
            "you are not signed in, or your session has ended: open /admin/ and sign in again",
        );
    };
    if !same_origin(&app, &headers) {
        eprintln!(
            "editing refused: `{}` from {addr}: a page of another site",
            editor.name
        );
        return super::refuse(
            StatusCode::FORBIDDEN,
            "a page from another site may not save here",
        );
    }
    let lang = language(&app, &headers, None);
    match app.publisher.clone() {
        Some(publisher) => super::publish::act(app, publisher, editor, lang, body).await,
        None => super::act(app, Some(editor), body).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_decoded() {
        let (n, p) = form_fields(b"name=aigul&password=a+b%26c%3D");
        assert_eq!(n, "aigul");
        assert_eq!(p, "a b&c=");
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sapar_session=abc; sapar_lang=ru"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, LANG_COOKIE), Some("ru"));
        assert_eq!(cookie(&h, "b"), None);
    }
}
