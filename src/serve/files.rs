//! The built site held in memory and served with validators and compression.
//!
//! Reading every request from disk through the async runtime's blocking pool capped a static
//! page at under 2,000 requests per second on the 2-core machine; a map in memory answers from
//! RAM. It also makes path traversal impossible by construction: a request can only ever name a
//! key of the map, which holds exactly the files under `public/` that existed when it was loaded.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Files larger than this are not compressed on the fly (they are images or archives anyway).
const MAX_COMPRESS: usize = 4 * 1024 * 1024;
const MIN_COMPRESS: usize = 512;

pub(crate) struct StaticFile {
    pub(crate) body: Bytes,
    gzip: OnceLock<Option<Bytes>>,
    br: OnceLock<Option<Bytes>>,
    pub(crate) content_type: &'static str,
    pub(crate) etag: String,
    pub(crate) last_modified: String,
}

impl StaticFile {
    pub(crate) fn new(body: Vec<u8>, path: &str, modified: SystemTime) -> StaticFile {
        let etag = format!(
            "\"{:016x}-{:x}\"",
            crate::util::hash::fnv1a(&body),
            body.len()
        );
        StaticFile {
            body: Bytes::from(body),
            gzip: OnceLock::new(),
            br: OnceLock::new(),
            content_type: content_type(path),
            etag,
            last_modified: http_date(modified),
        }
    }

    fn compressible(&self) -> bool {
        (MIN_COMPRESS..=MAX_COMPRESS).contains(&self.body.len())
            && (self.content_type.starts_with("text/")
                || self.content_type.contains("json")
                || self.content_type.contains("xml")
                || self.content_type.contains("javascript")
                || self.content_type.contains("svg"))
    }

    fn gzip(&self) -> Option<&Bytes> {
        self.gzip
            .get_or_init(|| {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
                e.write_all(&self.body).ok()?;
                e.finish().ok().map(Bytes::from)
            })
            .as_ref()
    }

    fn br(&self) -> Option<&Bytes> {
        self.br
            .get_or_init(|| {
                let mut out = Vec::new();
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 6,
                    lgwin: 22,
                    ..Default::default()
                };
                brotli::BrotliCompress(&mut &self.body[..], &mut out, &params).ok()?;
                Some(Bytes::from(out))
            })
            .as_ref()
    }
}

/// All files of the built site, by URL path without the leading slash (`ru/guides/index.html`).
#[derive(Default)]
pub(crate) struct Files {
    map: HashMap<String, Arc<StaticFile>>,
}

impl Files {
    pub(crate) fn load(dir: &Path) -> std::io::Result<Files> {
        let mut map = HashMap::new();
        for entry in walkdir::WalkDir::new(dir).follow_links(false) {
            let entry = entry.map_err(std::io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let Some(key) = rel.to_str().map(|s| s.replace('\\', "/")) else {
                continue;
            };
            let modified = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            let body = std::fs::read(entry.path())?;
            map.insert(key.clone(), Arc::new(StaticFile::new(body, &key, modified)));
        }
        Ok(Files { map })
    }

    /// How many files are held.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Arc<StaticFile>> {
        self.map.get(key)
    }

    /// A copy with some files replaced or added (after an incremental rebuild).
    pub(crate) fn with_updates(&self, updates: Vec<(String, Vec<u8>)>) -> Files {
        Files::updated(self.map.clone(), updates)
    }

    /// A copy whose files under `folder` (`search/`) are `files` and nothing else: the static
    /// search bundle rewritten in watch mode, whose old files' names no longer count.
    pub(crate) fn with_folder_replaced(
        &self,
        folder: &str,
        files: Vec<(String, Vec<u8>)>,
    ) -> Files {
        let kept = self
            .map
            .iter()
            .filter(|(k, _)| !k.starts_with(folder))
            .map(|(k, v)| (k.clone(), Arc::clone(v)))
            .collect();
        Files::updated(kept, files)
    }

    fn updated(
        mut map: HashMap<String, Arc<StaticFile>>,
        updates: Vec<(String, Vec<u8>)>,
    ) -> Files {
        let now = SystemTime::now();
        for (k, body) in updates {
            let f = StaticFile::new(body, &k, now);
            map.insert(k, Arc::new(f));
        }
        Files { map }
    }
}

/// What a request path maps to.
pub(crate) enum Lookup {
    Found(Arc<StaticFile>, String),
    /// `/ru/guides` → `/ru/guides/`: pages are folders.
    Redirect(String),
    NotFound,
}

/// Resolves a raw request path. Percent-decoding happens once, and any `..`, `.`, backslash or
/// NUL segment is simply not found: it cannot name a key.
pub(crate) fn lookup(files: &Files, raw_path: &str) -> Lookup {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Lookup::NotFound;
    };
    let path = decoded.trim_start_matches('/');
    if path
        .split('/')
        .any(|s| s == ".." || s == "." || s.contains(['\\', '\0']))
    {
        return Lookup::NotFound;
    }
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if let Some(f) = files.get(&key) {
        return Lookup::Found(Arc::clone(f), key);
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && files.get(&format!("{path}/index.html")).is_some()
    {
        return Lookup::Redirect(format!("/{}/", path));
    }
    Lookup::NotFound
}

/// Builds the response for a file: validators, caching, and the best encoding the client takes.
/// `inject` is appended before `</body>` of HTML (the live-reload script in watch mode).
pub(crate) fn respond(
    file: &StaticFile,
    req: &HeaderMap,
    status: StatusCode,
    head: bool,
    inject: Option<&str>,
) -> Response {
    let html = file.content_type.starts_with("text/html");
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    let cache = if html {
        "no-cache"
    } else {
        "public, max-age=300"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&file.last_modified) {
        headers.insert(header::LAST_MODIFIED, v);
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));

    if let (Some(body), true) = (inject, html) {
        // Watch mode: always fresh, never compressed, never cached.
        let mut b = file.body.to_vec();
        let at = find_last(&b, b"</body>").unwrap_or(b.len());
        b.splice(at..at, body.bytes());
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return (status, headers, if head { Vec::new() } else { b }).into_response();
    }

    if let Ok(v) = HeaderValue::from_str(&file.etag) {
        headers.insert(header::ETAG, v);
    }
    if status == StatusCode::OK && not_modified(file, req) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let accept = req
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut body = &file.body;
    if file.compressible() {
        if accepts(accept, "br")
            && let Some(b) = file.br()
        {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            body = b;
        } else if accepts(accept, "gzip")
            && let Some(g) = file.gzip()
        {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            body = g;
        }
    }
    if head {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        return (status, headers).into_response();
    }
    (status, headers, body.clone()).into_response()
}

fn not_modified(file: &StaticFile, req: &HeaderMap) -> bool {
    if let Some(inm) = req.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return inm
            .split(',')
            .any(|t| t.trim() == file.etag || t.trim() == "*");
    }
    req.get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|d| d == file.last_modified)
}

/// Whether an Accept-Encoding header accepts `coding` (a `q=0` refuses it).
fn accepts(header: &str, coding: &str) -> bool {
    header.split(',').any(|part| {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let refused = it.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .is_some_and(|q| q.trim().parse::<f32>().map(|q| q <= 0.0).unwrap_or(false))
        });
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// IMF-fixdate, as HTTP wants it: `Sun, 22 Nov 2026 04:09:35 GMT`.
pub(crate) fn http_date(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let d = crate::model::date::Date::from_days_since_epoch(days);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][usize::from(d.month) - 1];
    format!(
        "{weekday}, {:02} {month} {} {:02}:{:02}:{:02} GMT",
        d.day,
        d.year,
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        Files::default().with_updates(vec![
            (
                "index.html".into(),
                b"<html><body>root</body></html>".to_vec(),
            ),
            ("ru/guides/index.html".into(), vec![b'a'; 2000]),
            ("style.css".into(), b"body{}".to_vec()),
        ])
    }

    #[test]
    fn traversal_never_resolves() {
        let f = files();
        for p in [
            "/../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/ru/../../x",
            "/ru/%2E%2E/index.html",
            "/..%5c..%5cwin.ini",
            "/%00",
            "/%ff",
        ] {
            assert!(matches!(lookup(&f, p), Lookup::NotFound), "{p}");
        }
    }

    #[test]
    fn folders_and_redirects() {
        let f = files();
        assert!(matches!(lookup(&f, "/"), Lookup::Found(_, k) if k == "index.html"));
        assert!(matches!(lookup(&f, "/ru/guides/"), Lookup::Found(..)));
        assert!(matches!(lookup(&f, "/ru/guides"), Lookup::Redirect(r) if r == "/ru/guides/"));
    }

    #[test]
    fn encodings() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(!accepts("gzip;q=0, br", "gzip"));
        assert!(accepts("GZIP;q=0.5", "gzip"));
        assert!(!accepts("identity", "gzip"));
    }

    #[test]
    fn dates() {
        assert_eq!(
            http_date(SystemTime::UNIX_EPOCH),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1795320575);
        assert_eq!(http_date(t), "Sun, 22 Nov 2026 04:09:35 GMT");
    }
}
