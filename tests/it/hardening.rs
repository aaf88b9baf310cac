//! Issue 27 with the real binary: no way out of the site through a symbolic link (the editing
//! interface and the build), a swap cut at each of its steps still leaves a whole build to
//! serve, one build at a time, saves that share no temporary file and leave none, a full disk
//! said once, and the page policy that lets offline search start.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A POST to /api/v1 as the editing interface on this machine sends it.
fn api(port: u16, body: &serde_json::Value) -> (u16, String) {
    use std::io::{Read, Write};
    let body = body.to_string();
    let host = format!("127.0.0.1:{port}");
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let req = format!(
        "POST /api/v1 HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status");
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Every entry of the site folder (hidden ones too, links as links) with its bytes.
fn everything(root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .map(|e| {
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap_or_default()
            } else {
                Vec::new()
            };
            (e.path().to_path_buf(), bytes)
        })
        .collect()
}

/// Temporary files of a save or a writer anywhere in the site folder.
fn temporary_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            n.starts_with(".tmp") || n.ends_with(".sapar-saving") || n.ends_with(".sapar-tmp")
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn russia_en(line: &str) -> String {
    format!(
        "+++\ntitle = \"Russia en\"\nweight = 1\ncountry = \"RU\"\nsources = [\"doc:1-2\"]\ncontacts = [\"hotline\"]\n+++\n## Work\n\n{line}\n\nSee [Turkey](@/guides/turkey) and [news](@/news/opened#top).\n"
    )
}

#[cfg(unix)]
#[test]
fn the_editing_interface_refuses_every_path_through_a_link() {
    use std::os::unix::fs::symlink;
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    // Made once the preview runs (the build itself refuses them, see below).
    symlink("../../site.toml", f.path("content/news/x.en.md")).unwrap();
    symlink("../..", f.path("content/news/evil")).unwrap();
    symlink("/etc", f.path("content/news/etc")).unwrap();
    // The preview's rebuild after the new links is done before the site is compared.
    std::thread::sleep(Duration::from_secs(2));
    let site_toml = f.read("site.toml");
    let before = everything(f.root());
    let persist = |path: &str| {
        serde_json::json!({"action": "persistEntry", "params": {"dataFiles": [
            {"path": path, "raw": "+++\ntitle = \"x\"\n+++\nx\n"}], "assets": []}})
    };
    for (what, body) in [
        (
            "read through a link to a file",
            serde_json::json!({"action": "getEntry", "params": {"path": "content/news/x.en.md"}}),
        ),
        (
            "read through a link to a folder",
            serde_json::json!({"action": "getEntry", "params": {"path": "content/news/evil/site.toml"}}),
        ),
        (
            "read out of the site",
            serde_json::json!({"action": "getEntry", "params": {"path": "content/news/etc/hostname"}}),
        ),
        (
            "write through a link to a folder",
            persist("content/news/evil/NOTES.en.md"),
        ),
        ("write over a link", persist("content/news/x.en.md")),
        (
            "delete a link",
            serde_json::json!({"action": "deleteFile", "params": {"path": "content/news/x.en.md"}}),
        ),
        (
            "delete through a link",
            serde_json::json!({"action": "deleteFile", "params": {"path": "content/news/evil/site.toml"}}),
        ),
        (
            "list through a link",
            serde_json::json!({"action": "entriesByFolder", "params": {"folder": "content/news/evil", "extension": "toml", "depth": 1}}),
        ),
    ] {
        let (status, answer) = api(s.port, &body);
        assert_eq!(status, 403, "{what}: {answer}");
        assert!(!answer.contains("base_url"), "{what}: {answer}");
        assert!(answer.contains("symbolic link"), "{what}: {answer}");
    }
    // Listing the folder that holds the links neither lists nor walks them.
    let (status, answer) = api(
        s.port,
        &serde_json::json!({"action": "entriesByFolder", "params": {"folder": "content/news", "extension": "md", "depth": 3}}),
    );
    assert_eq!(status, 200, "{answer}");
    assert!(
        !answer.contains("base_url") && !answer.contains("content/news/x.en.md"),
        "{answer}"
    );
    assert!(
        answer.contains("content/news/opened/index.en.md"),
        "{answer}"
    );
    assert_eq!(f.read("site.toml"), site_toml);
    assert!(!f.path("NOTES.en.md").exists());
    assert!(
        everything(f.root()) == before,
        "a refused request changed the site"
    );
}

#[cfg(unix)]
#[test]
fn the_build_refuses_links_out_of_the_site_and_follows_those_inside() {
    use std::os::unix::fs::symlink;
    let out = Fixture::new();
    symlink("/etc", out.path("content/guides/russia/etc")).unwrap();
    symlink("/etc/hostname", out.path("content/guides/russia/host.txt")).unwrap();
    let o = out.build();
    assert!(!o.status.success());
    let mut err = stderr(&o);
    // The theme is read once the content loads without errors.
    std::fs::remove_file(out.path("content/guides/russia/etc")).unwrap();
    std::fs::remove_file(out.path("content/guides/russia/host.txt")).unwrap();
    symlink("/etc", out.path("themes/portal/static/etc")).unwrap();
    let o = out.build();
    assert!(!o.status.success());
    err.push_str(&stderr(&o));
    for link in [
        "content/guides/russia/etc",
        "content/guides/russia/host.txt",
        "themes/portal/static/etc",
    ] {
        let blocks: Vec<String> = error_blocks(&err)
            .into_iter()
            .filter(|b| b.contains(link) && !b.contains(&format!("{link}/")))
            .collect();
        assert_eq!(blocks.len(), 1, "{link}:\n{err}");
        assert!(
            blocks[0].contains("outside the site folder"),
            "{}",
            blocks[0]
        );
        assert!(blocks[0].contains("replace the link"), "{}", blocks[0]);
    }
    assert!(!out.path("public").exists(), "nothing was published");

    // Links inside the site are followed, once: a folder and a file of the site.
    let inside = Fixture::new();
    inside.write(
        "library/kz/index.ru.md",
        "+++\ntitle = \"Kz ru\"\nweight = 3\n+++\nText.\n",
    );
    inside.write("library/kz/leaflet.txt", "a leaflet");
    symlink("../../library/kz", inside.path("content/guides/kz")).unwrap();
    symlink(
        "../../../themes/portal/static/favicon.svg",
        inside.path("content/guides/russia/logo.svg"),
    )
    .unwrap();
    inside.build_ok();
    let published: Vec<String> = walkdir::WalkDir::new(inside.path("public"))
        .into_iter()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    for name in ["kz/leaflet.txt", "kz/index.html", "russia/logo.svg"] {
        assert!(
            published.iter().any(|p| p.ends_with(name)),
            "{name} not published"
        );
    }
    // A save's temporary file left in the theme is never published.
    inside.write("themes/portal/static/.images.sapar-saving", "half a file");
    inside.write("themes/portal/static/.tmpA1b2C3", "half a file");
    inside.build_ok();
    assert!(temporary_files(&inside.path("public")).is_empty());
}

/// The page at /en/news/opened/ as served after a failed start build (the build on disk), and
/// whether the served index finds `word`.
fn served(f: &Fixture, word: &str) -> (String, bool) {
    let s = Server::start(f.root(), &["--no-watch"]);
    let page = s.get("/en/news/opened/");
    assert_eq!(page.status, 200, "no whole build to serve");
    let r = s.get(&format!("/api/search?q={word}&lang=en"));
    assert_eq!(r.status, 200, "{}", r.text());
    let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    let found = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .any(|h| h["url"] == "/en/news/opened/");
    (page.text(), found)
}

#[test]
fn a_build_cut_at_any_step_of_the_swap_leaves_a_whole_build() {
    let f = Fixture::new();
    f.build_ok();
    let page = "content/news/opened/index.en.md";
    let broken = "+++\ntitle = \"x\"\ndate = 2025-05-28\nweight = \"x\"\n+++\n## Top\n\nGone.\n";
    for (step, word) in [
        ("synced", "alder"),
        ("journal", "birch"),
        ("swapped-0", "cedar"),
        ("swapped-1", "dogwood"),
        ("journal-removed", "elmwood"),
        ("kept", "fircone"),
    ] {
        f.write(
            page,
            &format!("+++\ntitle = \"{word}\"\ndate = 2025-05-28\n+++\n## Top\n\nText.\n"),
        );
        let o = sapar()
            .args(["build", "--root"])
            .arg(f.root())
            .env("SAPAR_TEST_ABORT_AT", step)
            .output()
            .expect("run");
        assert!(!o.status.success(), "{step}: the build was not cut");
        // The sources broken, so the server serves what is on disk instead of building.
        f.write(page, broken);
        let (text, found) = served(&f, word);
        let new = text.contains(&format!("<h1>{word}")) || text.contains(&format!(">{word}<"));
        assert_eq!(
            new, found,
            "{step}: pages and search index of different builds"
        );
        // Once the journal names the new build, the new build is what ends up in place.
        assert_eq!(new, step != "synced", "{step}: {text}");
        let staging: Vec<String> = f
            .root_entries()
            .into_iter()
            .filter(|e| e.contains("staging") || e.ends_with(".swap"))
            .collect();
        assert!(staging.is_empty(), "{step}: left behind {staging:?}");
    }
}

#[test]
fn two_builds_at_once_end_with_one_consistent_site() {
    let f = Fixture::new();
    f.build_ok();
    let run = || {
        sapar()
            .args(["build", "--root"])
            .arg(f.root())
            .spawn()
            .expect("spawn")
    };
    let (mut a, mut b) = (run(), run());
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    f.write(
        "content/news/opened/index.en.md",
        "+++\ntitle = \"x\"\ndate = 2025-05-28\nweight = \"x\"\n+++\n## Top\n\nGone.\n",
    );
    let (text, found) = served(&f, "Opened");
    assert!(text.contains("Opened en") && found);
    assert!(
        f.root_entries().iter().all(|e| !e.contains("staging")),
        "{:?}",
        f.root_entries()
    );
}

#[test]
fn a_build_that_cannot_get_the_lock_says_which_process_holds_it() {
    use std::io::Write;
    let f = Fixture::new();
    let mut lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(f.path(".sapar-build.lock"))
        .unwrap();
    lock.lock().unwrap();
    writeln!(lock, "4242").unwrap();
    let o = sapar()
        .args(["build", "--root"])
        .arg(f.root())
        .env("SAPAR_BUILD_WAIT", "1")
        .output()
        .expect("run");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("process 4242"), "{err}");
    assert!(err.contains("waited 1 s"), "{err}");
    assert!(!f.path("public").exists());
    lock.unlock().unwrap();
    f.build_ok();
}

#[test]
fn fifty_saves_at_once_are_each_whole_and_leave_no_temporary_file() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    let port = s.port;
    // Fifty saves of one page at the same moment.
    let answers: Vec<(u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|n| {
                scope.spawn(move || {
                    let body = serde_json::json!({"action": "persistEntry", "params": {"dataFiles": [
                        {"path": "content/guides/russia/index.en.md", "raw": russia_en(&format!("Save number {n}."))}
                    ], "assets": []}});
                    api(port, &body)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (status, answer) in &answers {
        assert_eq!(*status, 200, "{answer}");
        assert!(answer.contains("entry persisted"), "{answer}");
    }
    let text = f.read("content/guides/russia/index.en.md");
    let saves: Vec<usize> = (0..50)
        .filter(|n| text.contains(&format!("Save number {n}.\n")))
        .collect();
    assert_eq!(saves.len(), 1, "not one whole save on disk:\n{text}");
    assert_eq!(text.matches("Save number").count(), 1, "{text}");

    // Fifty images at the same moment, each its own file.
    let answers: Vec<(u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|n| {
                scope.spawn(move || {
                    use base64::Engine as _;
                    let content = base64::engine::general_purpose::STANDARD
                        .encode(format!("image {n}"));
                    let body = serde_json::json!({"action": "persistMedia", "params": {"asset": {
                        "path": format!("themes/portal/static/images/p{n}.png"), "content": content}}});
                    api(port, &body)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (status, answer) in &answers {
        assert_eq!(*status, 200, "{answer}");
    }
    for n in 0..50 {
        assert_eq!(
            f.read(&format!("themes/portal/static/images/p{n}.png")),
            format!("image {n}")
        );
    }
    wait_for("no temporary file left", || {
        temporary_files(f.root()).is_empty()
    });

    // A refused save (aimed at the images folder itself) leaves the site byte-identical.
    wait_for("the rebuilds to settle", || {
        let a = everything(f.root());
        std::thread::sleep(Duration::from_millis(1500));
        a == everything(f.root())
    });
    let before = everything(f.root());
    let body = serde_json::json!({"action": "persistMedia", "params": {"asset": {
        "path": "themes/portal/static/images", "content": "aGk="}}});
    let (status, answer) = api(port, &body);
    assert_eq!(status, 422, "{answer}");
    assert!(answer.contains("is a folder"), "{answer}");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        everything(f.root()) == before,
        "a refused save changed the site"
    );
    assert!(f.path("themes/portal/static/images").is_dir());
}

#[test]
fn a_full_disk_is_said_once_with_what_to_free() {
    let f = Fixture::new();
    f.build_ok();
    let before = f.snapshot();
    f.write(
        "content/news/opened/index.en.md",
        &f.read("content/news/opened/index.en.md")
            .replace("Text.", "New text."),
    );
    let o = sapar()
        .args(["build", "--root"])
        .arg(f.root())
        .env("SAPAR_TEST_FULL_DISK", ".html")
        .output()
        .expect("run");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.matches("disk is full").count(), 1, "{err}");
    assert!(err.contains("free space on the disk"), "{err}");
    assert!(f.snapshot() == before, "the site being served changed");
}

#[test]
fn pages_let_the_search_analyser_start_and_say_when_it_cannot() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &["--no-watch"]);
    let page = s.get("/en/");
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    let nginx = std::fs::read_to_string(repo().join("deploy/nginx.conf")).unwrap();
    assert!(
        nginx.contains(&format!("\"{csp}\"")),
        "nginx.conf sends another policy"
    );
    // The static search page's message for an analyser that cannot start, in each language.
    for lang in ["ky", "ru", "en"] {
        let html =
            std::fs::read_to_string(f.path(&format!("public/{lang}/search/index.html"))).unwrap();
        let at = html.find("data-unavailable=\"").expect("data-unavailable") + 18;
        assert!(
            html[at..].len() > 20 && !html[at..].starts_with('"'),
            "{lang}"
        );
    }
}
