//! Serve: the built site, search answered from the index, on one port.
//!
//! The same binary serves editors' previews and, with `--no-watch`, the production portal
//! behind nginx. Static files come from `public/` through tower-http's `ServeDir`, which refuses
//! any path outside it however it is encoded; search runs on blocking threads so that a burst of
//! queries never stalls static pages.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::build::{BuildOptions, INDEX_DIR, SiteState, build};
use crate::diag::Diagnostics;
use crate::search::{MAX_QUERY_CHARS, Results, SearchError, Searcher};

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub watch: bool,
}

/// What requests read; replaced whole after a successful rebuild.
pub struct Live {
    pub state: SiteState,
    pub searcher: Option<Searcher>,
}

pub struct AppState {
    pub root: PathBuf,
    pub live: RwLock<Arc<Live>>,
}

/// Content Security Policy: the portal needs no third-party anything. Inline scripts are not
/// allowed; the live-reload script of watch mode is served as a file.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const MAX_LIMIT: usize = 50;
const MAX_OFFSET: usize = 1000;

pub fn open_live(root: &std::path::Path, state: SiteState) -> Live {
    let langs = crate::index::site_languages(&state.linked.site.config);
    let searcher = match Searcher::open(&root.join(INDEX_DIR), &langs) {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!("warning: search is unavailable: {e}");
            None
        }
    };
    Live { state, searcher }
}

pub fn router(app: Arc<AppState>, public: PathBuf) -> Router {
    let not_found = ServeFile::new(public.join("404.html"));
    let files = ServeDir::new(&public)
        .append_index_html_on_directories(true)
        .not_found_service(not_found);
    Router::new()
        .route("/api/search", get(api_search))
        .route("/{lang}/search/", get(search_page))
        .fallback_service(files)
        .with_state(app)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
}

#[derive(Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    limit: Option<String>,
    #[serde(default)]
    offset: Option<String>,
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

/// Numbers from the query string: anything unparsable is a 400, never a 5xx.
fn number(v: &Option<String>, name: &str, default: usize, max: usize) -> Result<usize, String> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(format!("{name} must be a whole number from 0 to {max}")),
        },
    }
}

async fn run_search(
    app: &Arc<AppState>,
    q: String,
    lang: Option<String>,
    limit: usize,
    offset: usize,
) -> Result<Results, SearchError> {
    let live = app
        .live
        .read()
        .map(|l| Arc::clone(&l))
        .map_err(|_| SearchError::Index("server state unavailable".into()))?;
    tokio::task::spawn_blocking(move || match &live.searcher {
        Some(s) => s.search(&q, lang.as_deref(), limit, offset),
        None => Err(SearchError::Index(
            "the search index is not available; run `sapar build`".into(),
        )),
    })
    .await
    .map_err(|e| SearchError::Index(e.to_string()))?
}

async fn api_search(
    State(app): State<Arc<AppState>>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(p)) = params else {
        return bad_request("the query string could not be read".into());
    };
    let limit = match number(&p.limit, "limit", 10, MAX_LIMIT) {
        Ok(n) => n.max(1),
        Err(m) => return bad_request(m),
    };
    let offset = match number(&p.offset, "offset", 0, MAX_OFFSET) {
        Ok(n) => n,
        Err(m) => return bad_request(m),
    };
    let lang = match p.lang.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(l) => {
            let known = app
                .live
                .read()
                .map(|live| live.state.linked.site.config.has_language(l))
                .unwrap_or(false);
            if !known {
                return bad_request(format!(
                    "lang: `{}` is not one of the site's languages",
                    truncate(l)
                ));
            }
            Some(l.to_string())
        }
    };
    if p.q.chars().count() > MAX_QUERY_CHARS {
        return bad_request(format!(
            "q: the query is too long (at most {MAX_QUERY_CHARS} characters)"
        ));
    }
    match run_search(&app, p.q, lang, limit, offset).await {
        Ok(r) => Json(json!({
            "query": r.query, "total": r.total, "fuzzy": r.fuzzy, "limit": limit, "offset": offset, "results": r.hits,
        }))
        .into_response(),
        Err(SearchError::BadQuery(m)) => bad_request(m),
        Err(SearchError::Index(m)) => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": m }))).into_response(),
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(20).collect()
}

async fn search_page(
    State(app): State<Arc<AppState>>,
    UrlPath(lang): UrlPath<String>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let live = match app.live.read() {
        Ok(l) => Arc::clone(&l),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    if !live.state.linked.site.config.has_language(&lang) {
        return (StatusCode::NOT_FOUND, Html("not found")).into_response();
    }
    let q = params.map(|Query(p)| p.q).unwrap_or_default();
    let strings = live.state.strings.get(&lang);
    let t = |k: &str| strings.map(|s| s.get(k).to_string()).unwrap_or_default();
    let (status, results, message, shown_q) = if q.chars().count() > MAX_QUERY_CHARS {
        let shown: String = q.chars().take(MAX_QUERY_CHARS).collect();
        (
            StatusCode::BAD_REQUEST,
            Results::default(),
            t("search_too_long"),
            shown,
        )
    } else if q.trim().is_empty() {
        (StatusCode::OK, Results::default(), String::new(), q)
    } else {
        match run_search(&app, q.clone(), Some(lang.clone()), 20, 0).await {
            Ok(r) => (StatusCode::OK, r, String::new(), q),
            Err(SearchError::BadQuery(_)) => (
                StatusCode::BAD_REQUEST,
                Results::default(),
                t("search_too_long"),
                q,
            ),
            Err(SearchError::Index(m)) => {
                eprintln!("error: search: {m}");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Results::default(),
                    t("search_no_results"),
                    q,
                )
            }
        }
    };
    let s = &live.state;
    match crate::render::search_page(
        &s.linked, &s.strings, &s.theme, &lang, &shown_q, &results, &message,
    ) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(d) => {
            eprintln!("{d}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html("search page unavailable"),
            )
                .into_response()
        }
    }
}

pub fn serve(opts: ServeOptions) -> Result<(), Diagnostics> {
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        output: None,
        progress: true,
    };
    let report = build(&build_opts)?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    let public = report.output.clone();
    let live = open_live(&opts.root, report.state);
    let app = Arc::new(AppState {
        root: opts.root.clone(),
        live: RwLock::new(Arc::new(live)),
    });
    let addr: SocketAddr = format!("{}:{}", opts.bind, opts.port)
        .parse()
        .map_err(|_| {
            let mut d = Diagnostics::default();
            d.push(crate::diag::Diagnostic::error(
                "--bind",
                None,
                format!("`{}` is not an IP address", opts.bind),
            ));
            d
        })?;
    if opts.watch {
        eprintln!(
            "note: watching for changes is not available yet; restart `sapar serve` after editing (or use --no-watch)"
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(io_diag)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(io_diag)?;
        eprintln!(
            "serving {} on http://{addr}/ (Ctrl-C to stop)",
            public.display()
        );
        axum::serve(listener, router(app, public))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(io_diag)
    })
}

fn io_diag(e: std::io::Error) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(crate::diag::Diagnostic::error("serve", None, e.to_string()));
    d
}
