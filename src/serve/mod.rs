//! Serve: the built site, search answered from the index, live preview for editors.
//!
//! The same binary serves editors' previews and, with `--no-watch`, the production portal
//! behind nginx. Static files are held in memory ([`files`]), search runs on blocking threads so
//! that a burst of queries never stalls static pages, and in watch mode ([`watch`]) a saved file
//! is rebuilt and open browsers reload — or show what is wrong while the last good page stays.
//!
//! In production a failed build never takes the portal down: the server builds once at start
//! and, when that build fails, logs why and serves the last good `public/` and `search_index/`
//! as they are ([`last_good`]). On SIGHUP (`systemctl reload`) it serves what `sapar build` has
//! just written, without building again, so that a deployment builds once.

pub(crate) mod cms;
pub(crate) mod files;
pub(crate) mod listen;
pub(crate) mod reload;
pub(crate) mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::build::{BaseUrl, BuildOptions, INDEX_DIR, SiteState, build};
use crate::diag::{Diagnostic, Diagnostics};
use crate::index::search::{MAX_QUERY_CHARS, SearchError, Searcher};
use crate::model::results::Results;
use files::{Files, Lookup};

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub watch: bool,
    /// `--base-url`: the address to publish at, over site.toml's.
    pub base_url: Option<String>,
    /// `--state`: the state folder of production editing, over `SAPAR_STATE` and the default.
    pub state: Option<PathBuf>,
}

/// What requests read; replaced whole after every rebuild, so a request always sees one
/// consistent site.
pub(crate) struct Live {
    /// The site as built, for search pages and incremental rebuilds; `None` while serving the
    /// last good build after a failed one (its own search pages are served then).
    pub(crate) state: Option<Arc<SiteState>>,
    pub(crate) searcher: Option<Arc<Searcher>>,
    pub(crate) files: Arc<Files>,
    /// The errors of the last failed rebuild, shown as an overlay until a save fixes them.
    pub(crate) errors: Vec<String>,
}

impl Live {
    /// What a full build gives the server: its warnings printed, the new files read into
    /// memory and the new index opened. Used at start and after every full rebuild.
    pub(crate) fn after_build(
        root: &std::path::Path,
        report: crate::build::BuildReport,
    ) -> Result<Live, Diagnostics> {
        for w in &report.warnings {
            eprintln!("{w}");
        }
        let files = Files::load(&report.output).map_err(|e| io_diag("public", e))?;
        let searcher = open_searcher(root, &report.state);
        Ok(Live {
            state: Some(Arc::new(report.state)),
            searcher,
            files: Arc::new(files),
            errors: Vec::new(),
        })
    }

    /// Whether the site served has pages in `lang`.
    pub(crate) fn has_language(&self, lang: &str) -> bool {
        match (&self.state, &self.searcher) {
            (Some(s), _) => s.linked.site.config.has_language(lang),
            (None, Some(searcher)) => searcher.has_language(lang),
            (None, None) => false,
        }
    }
}

pub(crate) struct AppState {
    pub(crate) root: PathBuf,
    pub(crate) public: PathBuf,
    pub(crate) watch: bool,
    /// The address every build of this server writes into its output.
    pub(crate) base_url: BaseUrl,
    pub(crate) live: RwLock<Arc<Live>>,
    pub(crate) events: broadcast::Sender<String>,
    /// Saves on the portal's own server (`[editing] backend = "sapar"`, `--no-watch`): each
    /// built, then committed as its editor.
    pub(crate) publisher: Option<Arc<crate::editing::publish::Publisher>>,
    /// `[editing] mirror`: the Git remote each publish is pushed to, in the background.
    pub(crate) mirror: Option<crate::editing::mirror::Mirror>,
    /// Production editing (`--no-watch` with `[editing] backend = "sapar"`): accounts,
    /// sessions and the sign-in throttle.
    pub(crate) editing: Option<Arc<crate::editing::Service>>,
    /// The site's own origin (`https://host[:port]`) for the `Origin` check of production
    /// editing; `None` when `base_url` is local or a placeholder, and the `Host` is used.
    pub(crate) origin: Option<String>,
    /// Whether cookies are `Secure`: `base_url` is https.
    pub(crate) secure: bool,
}

impl AppState {
    pub(crate) fn live(&self) -> Option<Arc<Live>> {
        self.live.read().ok().map(|l| Arc::clone(&l))
    }

    pub(crate) fn set_live(&self, live: Live) {
        if let Ok(mut l) = self.live.write() {
            *l = Arc::new(live);
        }
    }
}

/// Content Security Policy: the portal needs no third-party anything and no inline script
/// (the live-reload script is a file too). `'wasm-unsafe-eval'` lets the search page start its
/// query analyser (WebAssembly) when the reader is offline. deploy/nginx.conf sends the same
/// three policies; a test below compares them, so the two cannot drift apart.
pub(crate) const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Kiosk players: inline script and style allowed (the file must work alone), nothing else.
pub(crate) const CSP_KIOSK: &str = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const MAX_LIMIT: usize = 50;
const MAX_OFFSET: usize = 1000;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__sapar/live.js\" defer></script>";

pub(crate) fn open_searcher(root: &std::path::Path, state: &SiteState) -> Option<Arc<Searcher>> {
    let langs = crate::index::site_languages(&state.linked.site.config);
    match Searcher::open(&root.join(INDEX_DIR), &langs) {
        Ok(s) => Some(Arc::new(s)),
        Err(e) => {
            eprintln!("warning: search is unavailable: {e}");
            None
        }
    }
}

pub(crate) fn router(app: Arc<AppState>) -> Router {
    let watch = app.watch;
    let saves = watch || app.editing.is_some();
    let editing = if app.editing.is_some() && !watch {
        // Production editing: the same CMS and backend, for signed-in editors.
        Router::new()
            .route(
                "/admin",
                get(|| async { axum::response::Redirect::permanent("/admin/") }),
            )
            .route("/admin/", get(cms::signin::admin_page))
            .route("/admin/login", axum::routing::post(cms::signin::login))
            .route("/admin/logout", axum::routing::post(cms::signin::logout))
            .route("/admin/{file}", get(cms::signin::admin_file))
            .route("/__sapar/admin-live.js", get(cms::live_js))
            .route("/admin/history/", get(cms::staff::history))
            .route(
                "/admin/history/restore",
                axum::routing::post(cms::staff::restore),
            )
            .route("/admin/preview/{name}/", get(cms::staff::preview_home))
            .route("/admin/preview/{name}/{*rest}", get(cms::staff::preview))
            .route("/admin/drafts/", get(cms::staff::drafts))
            .route("/admin/drafts/{*rest}", get(cms::staff::drafts))
            .route(
                "/admin/review/{collection}/{slug}",
                get(cms::staff::review_json),
            )
            .route("/admin/mirror.json", get(cms::staff::mirror_json))
            .route(
                "/api/v1",
                axum::routing::post(cms::signin::api).layer(axum::extract::DefaultBodyLimit::max(
                    cms::MAX_SAVE_BYTES as usize,
                )),
            )
    } else if watch {
        Router::new()
            .route(
                "/admin",
                get(|| async { axum::response::Redirect::permanent("/admin/") }),
            )
            .route("/admin/", get(cms::page))
            .route("/admin/{file}", get(cms::file))
            .route("/__sapar/admin-live.js", get(cms::live_js))
            .route(
                "/api/v1",
                axum::routing::post(cms::api).layer(axum::extract::DefaultBodyLimit::max(
                    cms::MAX_SAVE_BYTES as usize,
                )),
            )
    } else {
        Router::new().route("/api/v1", axum::routing::any(cms::api_refused))
    };
    Router::new()
        .merge(editing)
        .route("/api/search", get(api_search))
        .route("/{lang}/search/", get(search_page))
        .route("/__sapar/live.js", get(live_js))
        .route("/__sapar/events", get(events))
        .fallback(static_file)
        .with_state(app)
        .layer(axum::middleware::from_fn(move |req, next| {
            refuse_bodies(saves, req, next)
        }))
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

/// Largest request body the server lets a client announce. Every route is a GET and none reads
/// a body, so a declared upload is either a mistake or an attempt to make the server wait for
/// (or buffer) data it will throw away; it is refused before anything is read.
pub(crate) const MAX_REQUEST_BODY: u64 = 16 * 1024;

/// The one exception: saves from the editing interface in watch mode (`cms::MAX_SAVE_BYTES`).
async fn refuse_bodies(
    saves: bool,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let h = req.headers();
    let limit = if saves && req.uri().path() == "/api/v1" && req.method() == Method::POST {
        cms::MAX_SAVE_BYTES
    } else {
        MAX_REQUEST_BODY
    };
    let chunked = h.contains_key(header::TRANSFER_ENCODING);
    let too_long = h
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .is_some_and(|n| n > limit);
    if chunked || too_long {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(header::CONNECTION, "close")],
            "request bodies are not accepted",
        )
            .into_response();
    }
    next.run(req).await
}

async fn static_file(
    State(app): State<Arc<AppState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let head = method == Method::HEAD;
    let Some(live) = app.live() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let inject = app.watch.then_some(LIVE_TAG);
    match files::lookup(&live.files, uri.path()) {
        Lookup::Found(f, key) if key.starts_with("kiosk/") => {
            // Kiosk players are single self-contained files (inline script, style and SVG) so
            // that they play with no network; they get their own policy, still with no
            // third-party anything. No live-reload script either: its tag is not inline.
            let mut r = files::respond(&f, &headers, StatusCode::OK, head, inject);
            r.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP_KIOSK),
            );
            r
        }
        Lookup::Found(f, key) if key.starts_with("admin/") => {
            // The editing interface of a deployed portal (`[editing]`): the CMS's own policy,
            // and no live-reload script.
            let mut r = files::respond(&f, &headers, StatusCode::OK, head, None);
            r.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(cms::CSP_ADMIN_DEPLOYED),
            );
            r
        }
        Lookup::Found(f, _) => files::respond(&f, &headers, StatusCode::OK, head, inject),
        Lookup::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
        }
        Lookup::NotFound => {
            // The 404 page in the language of the path, if it names one.
            let lang = uri
                .path()
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("");
            let page = live
                .files
                .get(&format!("{lang}/404.html"))
                .or_else(|| live.files.get("404.html"));
            match page {
                Some(f) => files::respond(f, &headers, StatusCode::NOT_FOUND, head, inject),
                None => (StatusCode::NOT_FOUND, "not found").into_response(),
            }
        }
    }
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

/// Server-sent events for open previews: `reload`, or the errors of a broken save.
async fn events(State(app): State<Arc<AppState>>) -> Response {
    if !app.watch {
        return StatusCode::NOT_FOUND.into_response();
    }
    let current = app.live().map(|l| l.errors.clone()).unwrap_or_default();
    let first =
        (!current.is_empty()).then(|| json!({"type": "error", "errors": current}).to_string());
    let rx = BroadcastStream::new(app.events.subscribe());
    let stream = tokio_stream::iter(first)
        .chain(rx.filter_map(Result::ok))
        .map(|msg| Ok::<Event, std::convert::Infallible>(Event::default().data(msg)));
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[derive(Deserialize)]
pub(crate) struct SearchParams {
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
    let searcher = app.live().and_then(|l| l.searcher.clone()).ok_or_else(|| {
        SearchError::Index("the search index is not available; run `sapar build`".into())
    })?;
    tokio::task::spawn_blocking(move || searcher.search(&q, lang.as_deref(), limit, offset))
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
            let known = app.live().is_some_and(|live| live.has_language(l));
            if !known {
                let shown: String = l.chars().take(20).collect();
                return bad_request(format!(
                    "lang: `{shown}` is not one of the site's languages"
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

async fn search_page(
    State(app): State<Arc<AppState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    UrlPath(lang): UrlPath<String>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(live) = app.live() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let Some(s) = live.state.clone() else {
        // The last good build served as it is: its own search page, which asks /api/search.
        return static_file(State(app), method, uri, headers).await;
    };
    if !s.linked.site.config.has_language(&lang) {
        return (StatusCode::NOT_FOUND, Html("not found")).into_response();
    }
    let q = params.map(|Query(p)| p.q).unwrap_or_default();
    let strings = s.strings.get(&lang);
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
    match crate::render::search_page(
        &s.linked, &s.strings, &s.theme, &lang, &shown_q, &results, &message,
    ) {
        Ok(mut html) => {
            if app.watch
                && let Some(at) = html.rfind("</body>")
            {
                html.insert_str(at, LIVE_TAG);
            }
            (status, Html(html)).into_response()
        }
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

fn io_diag(what: &str, e: impl std::fmt::Display) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(Diagnostic::error(what, None, e.to_string()));
    d
}

/// The address a preview at `addr` links to: its own, with loopback for "every interface"
/// (browsers refuse to open 0.0.0.0).
fn own_address(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

pub fn serve(opts: ServeOptions) -> Result<(), Diagnostics> {
    let addr: SocketAddr = format!("{}:{}", opts.bind, opts.port)
        .parse()
        .map_err(|_| io_diag("--bind", format!("`{}` is not an IP address", opts.bind)))?;
    // The watcher reports absolute paths, and each is matched against the root: with a relative
    // root (the default `.`) none matched, and every save was silently ignored. A root that
    // cannot be resolved is left as it is for the build to report.
    let root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let base_url = if opts.watch {
        BaseUrl::Preview {
            given: opts.base_url.clone(),
            local: own_address(addr),
        }
    } else {
        BaseUrl::Publish(opts.base_url.clone())
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| io_diag("serve", e))?;
    // Caught before the first build: SIGHUP's default ends the process, and systemd does not
    // restart a unit that SIGHUP ended, so a reload sent during that build would stop search.
    let reloads = (!opts.watch).then(|| reload::signal(&runtime)).flatten();
    let (editing, origin, secure) = production_editing(&opts, &root)?;
    // Before the first build: a save a crash cut off is set aside, so that what is built and
    // served is exactly what was published.
    let publisher = match &editing {
        Some(_) => Some(publisher(&root, &base_url)?),
        None => None,
    };
    let mirror = editing.as_ref().and_then(|e| {
        e.config
            .mirror
            .as_deref()
            .map(|remote| crate::editing::mirror::Mirror::new(&root, &e.state, remote))
    });
    let (live, public) = first_build(&root, &base_url, opts.watch)?;
    let (events, _) = broadcast::channel(16);
    let app = Arc::new(AppState {
        root: root.clone(),
        public: public.clone(),
        watch: opts.watch,
        base_url,
        live: RwLock::new(Arc::new(live)),
        events,
        publisher,
        mirror,
        editing,
        origin,
        secure,
    });
    let _watcher = if opts.watch {
        Some(watch::start(Arc::clone(&app)).map_err(|e| io_diag("watch", e))?)
    } else {
        None
    };
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| io_diag("serve", e))?;
        if let Some(signal) = reloads {
            tokio::spawn(reload::on_signal(Arc::clone(&app), signal));
        }
        let mode = if opts.watch {
            "watching content/, themes/, data/ and site.toml"
        } else {
            "not watching; SIGHUP serves a new build"
        };
        eprintln!(
            "serving {} on http://{addr}/ ({mode}; Ctrl-C to stop)",
            public.display()
        );
        if opts.watch && addr.ip().is_loopback() {
            eprintln!(
                "editing interface ({}): http://{addr}/admin/",
                crate::render::admin::cms_version()
            );
        } else if opts.watch {
            eprintln!(
                "editing interface: open http://127.0.0.1:{}/admin/ on this machine (it saves only for a browser on the machine that runs Sapar)",
                addr.port()
            );
        }
        listen::run(listener, router(app), async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| io_diag("serve", e))
    })
}

/// Production editing, when `--no-watch` and site.toml says `[editing] backend = "sapar"`: the
/// state opened (the server refuses to start when it cannot be, rather than serve an
/// editing interface nobody can sign in to), the site's own origin and whether it is https.
type Production = (Option<Arc<crate::editing::Service>>, Option<String>, bool);

fn production_editing(opts: &ServeOptions, root: &Path) -> Result<Production, Diagnostics> {
    let Ok(config) = crate::load::config::read(root) else {
        return Ok((None, None, false));
    };
    let Some(settings) = config.sapar_editing().filter(|_| !opts.watch) else {
        return Ok((None, None, false));
    };
    let service = crate::editing::Service::open(root, opts.state.as_deref(), settings.clone())
        .map_err(|e| {
            Diagnostics::from(
                Diagnostic::error("site.toml", None, format!("production editing: {e}"))
                    .with_hint("the server did not start; fix the state folder and start it again"),
            )
        })?;
    let url = opts
        .base_url
        .clone()
        .unwrap_or_else(|| config.base_url.clone());
    let secure = url.trim().to_ascii_lowercase().starts_with("https://");
    let local = crate::model::address::host(&url).is_none_or(|h| {
        h == "localhost" || h == "[::1]" || h.starts_with("127.") || h.ends_with(".localhost")
    });
    let origin = if local || crate::model::address::placeholder(&url).is_some() {
        None
    } else {
        origin_of(&url)
    };
    eprintln!(
        "production editing: sign in at /admin/ (state in {}; review {})",
        crate::editing::state::state_dir(root, opts.state.as_deref()).display(),
        if service.config.review { "on" } else { "off" }
    );
    Ok((Some(Arc::new(service)), origin, secure))
}

/// The publisher of production editing: the site folder must be a Git repository, and
/// changes no commit holds (a save a crash cut off) are kept on a ref and undone.
fn publisher(
    root: &Path,
    base_url: &BaseUrl,
) -> Result<Arc<crate::editing::publish::Publisher>, Diagnostics> {
    let refuse = |e: crate::editing::repo::RepoError| {
        Diagnostics::from(
            Diagnostic::error("site.toml", None, format!("production editing: {e}"))
                .with_hint("editors' saves are Git commits: make the site folder a Git repository (`git init`, then commit the site once) and start the server again"),
        )
    };
    let p = crate::editing::publish::Publisher::open(root, base_url.clone()).map_err(refuse)?;
    if let Some(kept) = p.recover().map_err(refuse)? {
        eprintln!(
            "production editing: changes no commit held (a save cut off by a crash or a stop) were set aside as {kept}; the site is served as last published"
        );
    }
    Ok(Arc::new(p))
}

/// `scheme://host[:port]` of an absolute address, lowercase.
fn origin_of(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| format!("{scheme}://{authority}"))
}

/// The build the server starts with, and the folder it serves. In production (`watch` off) a
/// failed build leaves the last good one served; an editors' preview stops, showing why.
fn first_build(
    root: &Path,
    base_url: &BaseUrl,
    watch: bool,
) -> Result<(Live, PathBuf), Diagnostics> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: None,
        progress: true,
        base_url: base_url.clone(),
        drafts: false,
    };
    match build(&opts) {
        Ok(report) => {
            if let Some(note) = &report.base_url_note {
                eprintln!("note: {note}");
            }
            let total: usize = report.counts.values().sum();
            eprintln!(
                "built {total} pages in {:.2} s",
                report.elapsed.as_secs_f64()
            );
            let public = report.output.clone();
            Ok((Live::after_build(root, report)?, public))
        }
        Err(failed) if !watch => {
            let public = crate::build::output_dir(root, None);
            Ok((last_good(root, &public, failed)?, public))
        }
        Err(failed) => Err(failed),
    }
}

/// After a failed build in production: its messages logged as `sapar build` prints them, and
/// the last good `public/` and `search_index/` served as they are, so that a restart or reboot
/// after a bad commit keeps the portal and its search online. `Err` only when there is no good
/// build to serve: no `public/` (or one without its home page) or no readable index.
fn last_good(root: &Path, public: &Path, failed: Diagnostics) -> Result<Live, Diagnostics> {
    let all = failed.sorted();
    let errors = all.iter().filter(|d| d.is_error()).count();
    for d in &all {
        eprintln!("{}", d.render());
    }
    let noun = if errors == 1 { "error" } else { "errors" };
    let index = root.join(INDEX_DIR);
    let served = reload::read_build(public, &index);
    match served {
        Ok((files, searcher)) => {
            eprintln!(
                "the build failed with {errors} {noun}; serving the last good build from {} and {} until a build succeeds",
                public.display(),
                index.display()
            );
            Ok(Live {
                state: None,
                searcher: Some(Arc::new(searcher)),
                files: Arc::new(files),
                errors: Vec::new(),
            })
        }
        Err((at, why)) => Err(Diagnostics::from(
            Diagnostic::error(
                at,
                None,
                format!(
                    "the build failed with {errors} {noun}, and there is no earlier good build to serve: {why}"
                ),
            )
            .with_hint("fix the errors above and start the server again"),
        )),
    }
}

#[cfg(test)]
mod tests {
    /// The policies deploy/nginx.conf sends, in the order they appear.
    fn nginx_policies() -> Vec<String> {
        let conf = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"),
        )
        .unwrap();
        conf.lines()
            .filter_map(|l| {
                l.trim()
                    .strip_prefix("add_header Content-Security-Policy \"")
            })
            .map(|rest| rest.split('"').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn the_server_sends_the_policies_nginx_sends() {
        let nginx = nginx_policies();
        for (name, ours) in [("pages", super::CSP), ("kiosk players", super::CSP_KIOSK)] {
            assert!(
                nginx.iter().any(|p| p == ours),
                "deploy/nginx.conf has no policy for {name} equal to the server's:\n{ours}\nnginx has:\n{nginx:#?}"
            );
        }
        // The search page's analyser is WebAssembly: without this it cannot start offline.
        assert!(super::CSP.contains("script-src 'self' 'wasm-unsafe-eval'"));
        // The editing interface's policy comes from Sapar alone: nginx passes /admin/ to it.
        assert!(
            !nginx.iter().any(|p| p.contains("'unsafe-eval'")),
            "{nginx:#?}"
        );
        assert_eq!(nginx.len(), 2, "{nginx:#?}");
    }
}
