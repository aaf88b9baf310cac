//! `sapar serve`: static files (validators, compression, headers), and watch mode
//! (a saved edit is served, a broken save keeps the last good page and reports the error).
//! Traversal and hostile clients are in `serve_hardening.rs`.

use crate::common::*;
use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

#[test]
fn static_files_headers_validators_compression() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &["--no-watch"]);
    let r = s.get("/ru/guides/russia/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(
        r.header("content-security-policy")
            .is_some_and(|c| c.contains("default-src 'self'"))
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.header("referrer-policy").is_some());
    assert!(r.header("last-modified").is_some());
    let etag = r.header("etag").expect("etag").to_string();
    assert!(
        !r.text().contains("live.js"),
        "no reload script without watch mode"
    );

    let again = http(
        s.port,
        "GET",
        "/ru/guides/russia/",
        &[("If-None-Match", &etag)],
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let gz = http(
        s.port,
        "GET",
        "/ru/guides/russia/",
        &[("Accept-Encoding", "gzip")],
    );
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert!(gz.body.len() < r.body.len());
    let br = http(
        s.port,
        "GET",
        "/style.css",
        &[("Accept-Encoding", "gzip, br")],
    );
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("text/css; charset=utf-8"));

    let head = http(s.port, "HEAD", "/ru/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let redirect = s.get("/ru/guides");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/ru/guides/"));

    let missing = s.get("/ru/nothing-here/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("lang=\"ru\""),
        "the 404 page of the path's language"
    );

    let post = http(s.port, "POST", "/ru/", &[("Content-Length", "0")]);
    assert_eq!(post.status, 405);
}

/// Reads server-sent events until one contains `needle`.
fn wait_event(port: u16, needle: &str, trigger: impl FnOnce()) -> String {
    let mut sock = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    sock.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    sock.write_all(b"GET /__sapar/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        .expect("send");
    let mut reader = BufReader::new(sock);
    let mut line = String::new();
    // Headers first.
    loop {
        line.clear();
        reader.read_line(&mut line).expect("read");
        if line == "\r\n" || line.is_empty() {
            break;
        }
    }
    trigger();
    // Keep-alive comments arrive while nothing happens: without a deadline of its own, a missing
    // event would hang the test instead of failing it.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("event stream closed before {needle}");
        }
        if std::time::Instant::now() > deadline {
            panic!("no {needle} event within 60 s");
        }
        if line.contains(needle) {
            return line;
        }
    }
}

#[test]
fn watch_mode_serves_edits_and_survives_broken_saves() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    let page = "/ru/guides/russia/";
    assert!(
        s.get(page).text().contains("/__sapar/live.js"),
        "reload script injected in watch mode"
    );

    // An edit of the body.
    let file = "content/guides/russia/index.ru.md";
    let good = f.read(file).replace("## Work", "## Работа изменена");
    let ev = wait_event(s.port, "reload", || f.write(file, &good));
    assert!(ev.contains("reload"));
    wait_for("the edit to be served", || {
        s.get(page).text().contains("Работа изменена")
    });

    // A broken save: the last good page stays, the error reaches the browser with file and line.
    let ev = wait_event(s.port, "error", || {
        f.write(file, "+++\ntitle = \"x\"\nbad key\n+++\n")
    });
    assert!(ev.contains("index.ru.md:3"), "{ev}");
    // The same text as the terminal: the line shown under the message, and what to write.
    assert!(ev.contains("a key without `=` and a value"), "{ev}");
    assert!(ev.contains("3 | bad key"), "{ev}");
    assert!(ev.contains("hint: write `bad = value`"), "{ev}");
    std::thread::sleep(Duration::from_millis(300));
    let r = s.get(page);
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("Работа изменена"),
        "the last good page is still served"
    );

    // Fixing the file clears it.
    let ev = wait_event(s.port, "reload", || {
        f.write(file, &good.replace("изменена", "исправлена"))
    });
    assert!(ev.contains("reload"));
    wait_for("the fix to be served", || {
        s.get(page).text().contains("Работа исправлена")
    });

    // A template change rebuilds everything.
    let tpl = "themes/portal/templates/page.html";
    let t = f
        .read(tpl)
        .replace("<article>", "<article data-marker=\"tpl-changed\">");
    wait_event(s.port, "reload", || f.write(tpl, &t));
    wait_for("the template change", || {
        s.get("/en/news/opened/").text().contains("tpl-changed")
    });

    // Search follows the edit.
    wait_for("search to find the new words", || {
        s.get("/api/search?q=%D0%B8%D1%81%D0%BF%D1%80%D0%B0%D0%B2%D0%BB%D0%B5%D0%BD%D0%B0&lang=ru")
            .text()
            .contains(page)
    });
}

/// After the quick rebuild updates the index in place, a result the server showed before
/// shows the page as it is now: the edited document replaces the old one and the searcher is
/// reloaded (without the reload this fails; that a reload forgets the stored pages the searcher
/// kept is `index::search`'s unit test `a_reload_forgets_the_pages_kept`).
#[test]
fn watch_mode_search_shows_the_edited_text_of_a_result_it_showed_before() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    // «Turkey абзац»: the page has only the first word before the edit.
    let url = "/api/search?q=Turkey%20%D0%B0%D0%B1%D0%B7%D0%B0%D1%86&lang=ru";
    let before = s.get(url).text();
    assert!(before.contains("/ru/guides/russia/"), "{before}");
    let file = "content/guides/russia/index.ru.md";
    // A new line of body text: the quick rebuild, which updates the index in place (a changed
    // line with a link to a heading would take a full build and a new searcher).
    let edited = f
        .read(file)
        .replace("## Work\n\n", "## Work\n\nСвежий абзац о Turkey.\n\n");
    wait_event(s.port, "reload", || f.write(file, &edited));
    wait_for("the search result to show the edited text", || {
        s.get(url).text().contains("Свежий <mark>абзац</mark>")
    });
}

/// In watch mode `public/` stays what a build would write, the static search bundle too: a
/// folder copied from a preview finds an edited page's new words without a Sapar server, and
/// keeps no file the new manifest does not name.
#[test]
fn watch_mode_rewrites_the_static_search_bundle() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    let manifest = |s: &Server| -> serde_json::Value {
        serde_json::from_str(&s.get("/search/manifest.json").text()).unwrap()
    };
    let before = manifest(&s);
    let old_lens = before["languages"]["ru"]["lens"]
        .as_str()
        .unwrap()
        .to_string();
    let file = "content/guides/russia/index.ru.md";
    // A change of the body alone: the quick rebuild, not a build (a heading would take one).
    let edited = f
        .read(file)
        .replace("## Work\n\n", "## Work\n\nZqxjvw.\n\n");
    wait_event(s.port, "reload", || f.write(file, &edited));
    let mut now = before;
    wait_for("the bundle to hold the new word", || {
        now = manifest(&s);
        let Some(shard) = now["languages"]["ru"]["shards"]["z"].as_str() else {
            return false;
        };
        s.get(shard).text().contains("\"zqxjvw\"")
    });
    // The edited page's body is longer, so the field lengths are a new file; the old one is
    // gone from the disk and from the server.
    let lens = now["languages"]["ru"]["lens"].as_str().unwrap();
    assert_ne!(lens, old_lens);
    assert_eq!(s.get(&old_lens).status, 404);
    let dir = f.root().join("public");
    let mut named: Vec<String> = vec!["/search/manifest.json".into()];
    named.push(now["analysis"].as_str().unwrap().into());
    for m in now["languages"].as_object().unwrap().values() {
        named.push(m["lens"].as_str().unwrap().into());
        for u in m["docs"].as_array().unwrap() {
            named.push(u.as_str().unwrap().into());
        }
        for u in m["shards"].as_object().unwrap().values() {
            named.push(u.as_str().unwrap().into());
        }
    }
    let mut on_disk: Vec<String> = walkdir::WalkDir::new(dir.join("search"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&dir).unwrap().to_string_lossy();
            format!("/{}", rel.replace('\\', "/"))
        })
        .collect();
    on_disk.sort();
    named.sort();
    assert_eq!(on_disk, named);
    for u in &named {
        assert_eq!(s.get(u).status, 200, "{u}");
    }
}

#[test]
fn watch_mode_works_when_started_inside_the_site_without_root() {
    let f = Fixture::new();
    let s = Server::start_inside(f.root());
    let page = "/ru/guides/russia/";
    let file = "content/guides/russia/index.ru.md";
    let edited = f.read(file).replace("## Work", "## Работа изнутри");
    let ev = wait_event(s.port, "reload", || f.write(file, &edited));
    assert!(ev.contains("reload"));
    wait_for("the edit to be served", || {
        s.get(page).text().contains("Работа изнутри")
    });
}

#[test]
fn kiosk_players_get_their_own_policy() {
    let site = shipped_copy();
    let s = Server::start(site.path(), &["--no-watch"]);
    let player = s.get("/kiosk/manas-1/");
    assert_eq!(player.status, 200);
    let csp = player.header("content-security-policy").unwrap_or("");
    assert!(
        csp.contains("script-src 'unsafe-inline'"),
        "the self-contained player can run: {csp}"
    );
    assert!(!csp.contains("http"), "no third-party origins: {csp}");
    let page = s.get("/ru/");
    let csp = page.header("content-security-policy").unwrap_or("");
    assert!(
        !csp.contains("unsafe-inline"),
        "portal pages keep the strict policy: {csp}"
    );
}

/// The quick rebuild of an edited page checks what the page names as a full build does: a
/// misspelt contact or a country the theme has no name for is shown in the preview, and the
/// last good page stays.
#[test]
fn watch_mode_checks_references_of_an_edited_page() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    let file = "content/guides/russia/index.ru.md";
    let page = "/ru/guides/russia/";
    let before = s.get(page).text();
    let bad = f
        .read(file)
        .replace("contacts = [\"hotline\"]", "contacts = [\"hotlien\"]");
    let ev = wait_event(s.port, "error", || f.write(file, &bad));
    assert!(ev.contains("`hotlien` is not an organisation"), "{ev}");
    assert!(ev.contains("did you mean `hotline`?"), "{ev}");
    assert_eq!(s.get(page).text(), before, "the last good page stays");
    let bad = f.read(file).replace("country = \"RU\"", "country = \"ZZ\"");
    let bad = bad.replace("hotlien", "hotline");
    // The events stream starts with the errors still standing: wait for the new one.
    let ev = wait_event(s.port, "country `ZZ`", || f.write(file, &bad));
    assert!(
        ev.contains("the theme has no name for the country `ZZ`"),
        "{ev}"
    );
}

/// An edit that adds a link to a heading that does not exist is caught in the preview too (the
/// quick rebuild hands such edits to a full build, which checks every anchor).
#[test]
fn watch_mode_checks_a_new_link_to_a_heading() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    let file = "content/guides/turkey/index.ru.md";
    let bad = format!("{}\nСм. [новости](@/news/opened#nowhere).\n", f.read(file));
    let ev = wait_event(s.port, "#nowhere", || f.write(file, &bad));
    assert!(
        ev.contains("points to a heading that the ru page @/news/opened does not have"),
        "{ev}"
    );
    assert!(
        ev.contains("hint: did you mean") || ev.contains("#top"),
        "{ev}"
    );
}
