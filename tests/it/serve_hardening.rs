//! `sapar serve` facing hostile clients, through the real binary on a copy of the shipped site:
//! path traversal in every encoding, oversized and malformed requests, and slow clients. Every
//! abuse must get a 4xx or a clean close — never a 5xx, a hang or a panic — and the server must
//! keep answering everyone else throughout.
//!
//! Requests are written byte for byte on a raw socket: an HTTP client library would normalise
//! exactly the paths and framing these tests are about.

use crate::common::*;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// What came back for one raw request.
struct Reply {
    /// Status of the first response, if one arrived.
    status: Option<u16>,
    bytes: Vec<u8>,
    /// The server had not answered or closed when the deadline passed.
    hung: bool,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
    /// Status lines of every response on the connection (pipelining).
    fn statuses(&self) -> Vec<u16> {
        let t = self.text();
        t.match_indices("HTTP/1.1 ")
            .filter_map(|(i, _)| t.get(i + 9..i + 12)?.parse().ok())
            .collect()
    }
}

/// Sends `request` as is, then reads until the server closes or `deadline` passes. Write errors
/// are ignored: a server may rightly answer and close before a huge request is fully sent.
fn raw_for(port: u16, request: &[u8], deadline: Duration) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout");
    s.set_write_timeout(Some(deadline)).expect("timeout");
    let _ = s.write_all(request);
    let end = Instant::now() + deadline;
    let mut bytes = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    let hung = loop {
        match s.read(&mut buf) {
            Ok(0) => break false,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if Instant::now() > end {
                    break true;
                }
            }
            // Reset after the answer: the server closed on us, which is what we asked for.
            Err(_) => break false,
        }
    };
    let status = bytes
        .starts_with(b"HTTP/1.1 ")
        .then(|| std::str::from_utf8(&bytes[9..12]).ok()?.parse().ok())
        .flatten();
    Reply {
        status,
        bytes,
        hung,
    }
}

fn raw(port: u16, request: &[u8]) -> Reply {
    raw_for(port, request, Duration::from_secs(20))
}

fn get_req(target: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").into_bytes()
}

/// A refused request: a 4xx or the connection closed without an answer; never a 5xx or a hang.
fn assert_refused(port: u16, what: &str, request: &[u8]) -> Reply {
    let r = raw(port, request);
    assert!(!r.hung, "{what}: no answer and no close");
    if let Some(s) = r.status {
        assert!((400..500).contains(&s), "{what}: status {s}");
    } else {
        assert!(
            r.bytes.is_empty(),
            "{what}: an answer that is not HTTP/1.1: {:?}",
            r.text().chars().take(80).collect::<String>()
        );
    }
    r
}

/// A normal reader still gets pages and search answers, quickly.
fn assert_answering(port: u16, what: &str) {
    for target in ["/ru/", "/api/search?q=%D0%B2%D0%B8%D0%B7%D0%B0&lang=ru"] {
        let t = Instant::now();
        let r = raw_for(port, &get_req(target), Duration::from_secs(10));
        let took = t.elapsed();
        assert_eq!(r.status, Some(200), "{what}: {target} not answered");
        assert!(
            took < Duration::from_secs(2),
            "{what}: {target} took {took:?}"
        );
    }
}

fn assert_no_panic(log: &Path) {
    let err = std::fs::read_to_string(log).unwrap_or_default();
    assert!(!err.contains("panicked"), "the server panicked:\n{err}");
}

/// The shipped site with things next to public/ that must never be served, each carrying a
/// marker that would show in a leaked body.
fn site_with_secrets() -> tempfile::TempDir {
    let site = shipped_copy();
    let root = site.path();
    std::fs::write(root.join("secret.txt"), "MARKER-SECRET").expect("write");
    let toml = std::fs::read_to_string(root.join("site.toml")).expect("site.toml");
    std::fs::write(
        root.join("site.toml"),
        format!("{toml}\n# MARKER-SITE-TOML\n"),
    )
    .expect("write");
    let page = root.join("content/_index.ru.md");
    let text = std::fs::read_to_string(&page).expect("page");
    let text = text.replacen("+++\n", "+++\n# MARKER-FRONT-MATTER\n", 1);
    std::fs::write(&page, text).expect("write");
    site
}

#[test]
fn no_path_outside_public_is_served() {
    let site = site_with_secrets();
    let log = site.path().join("serve.log");
    let s = Server::start_logged(site.path(), &["--no-watch"], &log);
    assert!(
        site.path().join("search_index/meta.json").is_file(),
        "the index sits next to public/"
    );
    let long_climb = format!("/{}secret.txt", "../".repeat(5000));
    let long_encoded = format!("/{}secret.txt", "%2e%2e%2f".repeat(2000));
    let targets: Vec<&str> = vec![
        // Plain and percent-encoded dots and slashes.
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/ru/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        // Double encoding: decoded once it is `%2e%2e`, which names nothing.
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/ru/%252e%252e/%252e%252e/site.toml",
        // Backslashes, encoded and raw.
        "/..%5csecret.txt",
        "/..%5c..%5csecret.txt",
        "/ru%5c..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/ru\\..\\..\\secret.txt",
        // Overlong UTF-8 for `.` and `/`.
        "/%c0%ae%c0%ae/secret.txt",
        "/%c0%ae%c0%ae%c0%afsecret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/%c1%9c%c1%9csecret.txt",
        // NUL bytes.
        "/%00",
        "/secret.txt%00",
        "/ru/index.html%00.txt",
        "/%00/../secret.txt",
        // Absolute paths, empty segments and `.` segments.
        "//etc/passwd",
        "///etc/passwd",
        "/etc/passwd",
        "http://127.0.0.1/../secret.txt",
        "http://127.0.0.1/%2e%2e/site.toml",
        "/./secret.txt",
        "/ru/./../../secret.txt",
        "/./././site.toml",
        // What sits next to public/ in the site root.
        "/site.toml",
        "/secret.txt",
        "/content/_index.ru.md",
        "/content/guides/russia/index.ru.md",
        "/data/contacts.toml",
        "/themes/portal/templates/page.html",
        "/search_index/meta.json",
        "/search_index/",
        "/../search_index/meta.json",
        "/%2e%2e/search_index/meta.json",
        "/../content/_index.ru.md",
        "/%2e%2e/site.toml",
        "/public/index.html",
        // Very long paths (still inside the request size limit).
        &long_climb,
        &long_encoded,
    ];
    for target in &targets {
        let r = assert_refused(s.port, target, &get_req(target));
        let body = r.text();
        for marker in [
            "MARKER-SECRET",
            "MARKER-SITE-TOML",
            "MARKER-FRONT-MATTER",
            "root:x:",
        ] {
            assert!(!body.contains(marker), "{target} leaked {marker}");
        }
        assert!(
            !body.contains("\"segments\""),
            "{target} leaked the search index"
        );
    }
    // The same folders' files that *are* public still are: the test can fail.
    let ok = raw(s.port, &get_req("/ru/"));
    assert_eq!(ok.status, Some(200));
    assert!(!ok.text().contains("MARKER-FRONT-MATTER"));
    assert_no_panic(&log);
}

#[test]
fn oversized_and_malformed_requests_are_refused() {
    let site = shipped_copy();
    let log = site.path().join("serve.log");
    let s = Server::start_logged(site.path(), &["--no-watch"], &log);
    let port = s.port;
    let mb = 1024 * 1024;

    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    cases.push((
        "1 MB request line",
        get_req(&format!("/{}", "a".repeat(mb))),
    ));
    cases.push((
        "1 MB query on /api/search",
        get_req(&format!("/api/search?q={}", "a".repeat(mb))),
    ));
    cases.push((
        "1 MB query on the search page",
        get_req(&format!("/ru/search/?q={}", "%D0%B0".repeat(mb / 6))),
    ));
    // Long, but inside the request size limit: the handlers' own limit answers.
    cases.push((
        "40 KB query on /api/search",
        get_req(&format!("/api/search?q={}", "visa+".repeat(8 * 1024))),
    ));
    cases.push((
        "40 KB query on the search page",
        get_req(&format!("/ru/search/?q={}", "visa+".repeat(8 * 1024))),
    ));
    let mut many = String::from("GET /ru/ HTTP/1.1\r\nHost: x\r\n");
    for i in 0..1000 {
        many.push_str(&format!("X-Header-{i}: {i}\r\n"));
    }
    many.push_str("\r\n");
    cases.push(("1000 headers", many.into_bytes()));
    cases.push((
        "100 KB header",
        format!(
            "GET /ru/ HTTP/1.1\r\nHost: x\r\nCookie: {}\r\n\r\n",
            "c".repeat(100 * 1024)
        )
        .into_bytes(),
    ));
    cases.push((
        "huge Content-Length on a page",
        b"GET /ru/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\nabc".to_vec(),
    ));
    cases.push((
        "huge Content-Length on /api/search",
        b"GET /api/search?q=visa HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\nabc"
            .to_vec(),
    ));
    cases.push((
        "chunked body on /api/search",
        b"GET /api/search?q=visa HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\nabc"
            .to_vec(),
    ));
    cases.push((
        "Content-Length not a number",
        b"GET /ru/ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".to_vec(),
    ));
    cases.push((
        "two Content-Lengths",
        b"GET /ru/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
            .to_vec(),
    ));
    cases.push(("garbage request line", b"HELLO THERE\r\n\r\n".to_vec()));
    cases.push((
        "binary junk",
        (0u8..=255).cycle().take(4096).collect::<Vec<u8>>(),
    ));
    cases.push((
        "TLS handshake on the plain port",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
    ));
    cases.push(("HTTP/0.9 request", b"GET /\r\n\r\n".to_vec()));
    cases.push((
        "HTTP/2 preface",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00\x00".to_vec(),
    ));
    cases.push((
        "HTTP/3.0 version",
        b"GET / HTTP/3.0\r\nHost: x\r\n\r\n".to_vec(),
    ));
    cases.push((
        "raw invalid UTF-8 in the path",
        b"GET /ru/\xff\xfe\xc0\xae/ HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
    ));
    cases.push((
        "raw invalid UTF-8 in the query",
        b"GET /api/search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
    ));
    cases.push((
        "encoded invalid UTF-8 in the path",
        get_req("/ru/%ff%fe%c0/"),
    ));
    cases.push((
        "NUL in a header",
        b"GET /ru/ HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n".to_vec(),
    ));
    cases.push((
        "header without a colon",
        b"GET /ru/ HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n".to_vec(),
    ));
    cases.push((
        "bad limit on /api/search",
        get_req("/api/search?q=visa&limit=99999999999999999999"),
    ));
    cases.push((
        "unknown language on /api/search",
        get_req(&format!("/api/search?q=visa&lang={}", "x".repeat(5000))),
    ));
    cases.push((
        "malformed query string",
        get_req("/api/search?q=%&lang=%zz"),
    ));
    for target in ["/", "/ru/", "/api/search?q=visa", "/ru/search/?q=visa"] {
        for method in ["POST", "PUT", "DELETE", "TRACE", "PATCH", "OPTIONS", "BREW"] {
            let req = format!(
                "{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let r = raw(port, req.as_bytes());
            assert_eq!(r.status, Some(405), "{method} {target}: {:?}", r.status);
            assert_answering(port, &format!("after {method} {target}"));
        }
    }
    for (what, req) in &cases {
        assert_refused(port, what, req);
        assert_answering(port, &format!("after {what}"));
    }

    // Oversized requests are refused by size before any handler runs.
    for what in ["1 MB request line", "1000 headers", "100 KB header"] {
        let req = &cases.iter().find(|(w, _)| w == &what).expect("case").1;
        let r = raw(port, req);
        assert!(
            matches!(r.status, Some(414 | 431) | None),
            "{what}: {:?}",
            r.status
        );
    }
    let body = raw(port, &cases[7].1);
    assert_eq!(body.status, Some(413), "{}", cases[7].0);

    // A Range is ignored (the whole file, 200) or honoured (206); either is a good answer.
    let r = raw(
        port,
        b"GET /style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n",
    );
    assert!(matches!(r.status, Some(200 | 206)), "{:?}", r.status);
    let r = raw(
        port,
        b"GET /style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=999999999999999999999-\r\nConnection: close\r\n\r\n",
    );
    assert!(matches!(r.status, Some(200 | 206 | 416)), "{:?}", r.status);

    // Pipelined requests are answered in order on one connection.
    let r = raw(
        port,
        b"GET /ru/ HTTP/1.1\r\nHost: x\r\n\r\nGET /api/search?q=visa HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing/ HTTP/1.1\r\nHost: x\r\n\r\nGET /en/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.statuses(), vec![200, 200, 404, 200], "pipelined");

    let last = raw(port, &get_req("/ru/"));
    assert_eq!(
        last.status,
        Some(200),
        "a final request after all the abuse"
    );
    assert_no_panic(&log);
}

#[test]
fn slow_clients_do_not_starve_others() {
    let site = shipped_copy();
    let log = site.path().join("serve.log");
    let s = Server::start_logged(site.path(), &["--no-watch"], &log);
    let port = s.port;
    let started = Instant::now();

    // Slowloris: half a request line, then nothing.
    let mut loris = Vec::new();
    for _ in 0..200 {
        let mut c = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        c.write_all(b"GET /ru/gui").expect("send");
        loris.push(c);
    }
    // Slow readers: ask for a large file (a self-contained kiosk player, served from memory so
    // that the server is stuck on the readers, not busy) so many times over that the answers
    // cannot all fit in the sockets' buffers (64 MB), and never read a byte.
    let big = "/kiosk/manas-2/";
    let one = raw(port, &get_req(big));
    assert_eq!(one.status, Some(200));
    let times = (64 * 1024 * 1024 / one.bytes.len()).max(200);
    let full = one.bytes.len() * times;
    let mut pipelined = String::new();
    for _ in 0..times {
        pipelined.push_str(&format!("GET {big} HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    let mut stalled = Vec::new();
    for _ in 0..20 {
        let mut c = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        c.write_all(pipelined.as_bytes()).expect("send");
        stalled.push(c);
    }

    // Meanwhile everyone else is served, again and again.
    for i in 0..10 {
        assert_answering(port, &format!("with slow clients open, round {i}"));
    }

    // The half-requests are dropped once the header read timeout (10 s) has passed.
    for (i, c) in loris.iter_mut().enumerate() {
        let left = Duration::from_secs(40).saturating_sub(started.elapsed());
        c.set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .expect("timeout");
        let mut b = [0u8; 1024];
        match c.read(&mut b) {
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!("half-request {i} still open after {:?}", started.elapsed())
            }
            Err(_) => {}
        }
    }
    // Readers that stopped reading are cut off once writes stall for 30 s: draining the
    // socket now ends before all 200 answers arrive.
    std::thread::sleep(Duration::from_secs(45).saturating_sub(started.elapsed()));
    for (i, mut c) in stalled.into_iter().enumerate() {
        c.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let mut got = Vec::new();
        match c.read_to_end(&mut got) {
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!(
                    "stalled reader {i} still open after {:?}",
                    started.elapsed()
                )
            }
            Err(_) => {}
        }
        assert!(
            got.len() < full,
            "stalled reader {i} got every answer ({} bytes)",
            got.len()
        );
    }

    assert_answering(port, "after the slow clients");
    assert_no_panic(&log);
}
