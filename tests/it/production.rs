//! The production server (`sapar serve --no-watch`, what deploy/sapar.service runs) never goes
//! dark because of content: a failed build at start keeps the last good site and search served,
//! and the publish step of docs/deploy.md (`sapar build`, then SIGHUP) builds once.

use crate::common::*;
use std::process::Output;
use std::time::Duration;

/// `systemctl reload sapar`: SIGHUP to the server.
fn reload(s: &Server) {
    let ok = std::process::Command::new("kill")
        .args(["-HUP", &s.child.id().to_string()])
        .status()
        .expect("kill")
        .success();
    assert!(ok, "SIGHUP not sent");
}

const OPENED_EN: &str = "content/news/opened/index.en.md";
const EN_URL: &str = "/en/news/opened/";

/// A bad commit: the page's new title and a mistake in its front matter, at line 4.
/// (It keeps its heading: the guides link to it by its anchor, `#top`.)
const BROKEN: &str =
    "+++\ntitle = \"Closed en\"\ndate = 2025-05-28\nweight = \"x\"\n+++\n## Top\n\nGone.\n";
const FIXED: &str = "+++\ntitle = \"Closed en\"\ndate = 2025-05-28\n+++\n## Top\n\nGone.\n";

fn search_urls(s: &Server, q: &str) -> Vec<String> {
    let r = s.get(&format!("/api/search?q={q}&lang=en"));
    assert_eq!(r.status, 200, "{}", r.text());
    let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    v["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|h| h["url"].as_str().map(String::from))
        .collect()
}

fn serve_no_watch(f: &Fixture) -> Output {
    output_within(
        sapar()
            .args([
                "serve",
                "--no-watch",
                "--port",
                &free_port().to_string(),
                "--root",
            ])
            .arg(f.root()),
        Duration::from_secs(120),
    )
}

#[test]
fn a_failed_start_build_keeps_the_last_good_site_and_search_online() {
    let f = Fixture::new();
    f.build_ok();
    let before = f.snapshot();
    f.write(OPENED_EN, BROKEN);
    let log = f.path("serve.log");
    let s = Server::start_logged(f.root(), &["--no-watch"], &log);

    let page = s.get("/en/news/opened/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Opened en"), "the old page is served");
    assert!(search_urls(&s, "Opened").contains(&EN_URL.to_string()));
    // The search page of the build served (it asks /api/search), not one of the broken sources.
    let search_page = s.get("/en/search/?q=Opened");
    assert_eq!(search_page.status, 200);
    assert!(search_page.text().contains("<html lang=\"en\""));
    assert!(f.snapshot() == before, "the last good output is untouched");
    let err = std::fs::read_to_string(&log).expect("log");
    for needle in [
        "--> content/news/opened/index.en.md:4:10\n",
        "4 | weight = \"x\"",
        "the build failed with 1 error; serving the last good build from ",
        "until a build succeeds",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }

    // The mistake fixed and published as docs/deploy.md says: one build, then a reload.
    f.write(OPENED_EN, FIXED);
    f.build_ok();
    reload(&s);
    wait_for("the new page", || {
        s.get("/en/news/opened/").text().contains("Closed en")
    });
    assert_eq!(search_urls(&s, "Closed"), vec![EN_URL]);
    assert!(
        !search_urls(&s, "Opened").contains(&EN_URL.to_string()),
        "the old index is gone"
    );
    let results = s.get("/en/search/?q=Closed").text();
    assert!(
        results.contains("/en/news/opened/"),
        "search pages are rendered again once the sources load: {results}"
    );
    let err = std::fs::read_to_string(&log).expect("log");
    assert!(err.contains("reloaded: serving "), "{err}");
    assert!(
        !err.contains("built "),
        "the server did not build again: {err}"
    );
}

#[test]
fn the_publish_step_builds_once_and_the_server_serves_it_on_reload() {
    let f = Fixture::new();
    let log = f.path("serve.log");
    let s = Server::start_logged(f.root(), &["--no-watch"], &log);
    assert!(s.get("/en/news/opened/").text().contains("Opened en"));
    f.write(OPENED_EN, FIXED);
    f.build_ok();
    reload(&s);
    wait_for("the new page", || {
        s.get("/en/news/opened/").text().contains("Closed en")
    });
    assert_eq!(search_urls(&s, "Closed"), vec![EN_URL]);
    let err = std::fs::read_to_string(&log).expect("log");
    assert_eq!(
        err.matches("built ").count(),
        1,
        "one build, at start: {err}"
    );
    assert_eq!(err.matches("reloaded: serving ").count(), 1, "{err}");

    // A build that fails publishes nothing, and a reload after it changes nothing.
    f.write(OPENED_EN, BROKEN);
    assert!(!f.build().status.success());
    reload(&s);
    wait_for("the second reload", || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .matches("reloaded: serving ")
            .count()
            == 2
    });
    assert!(s.get("/en/news/opened/").text().contains("Closed en"));
    assert_eq!(search_urls(&s, "Closed"), vec![EN_URL]);
    let err = std::fs::read_to_string(&log).expect("log");
    assert!(
        err.contains("warning: reload: the sources have 1 error(s)"),
        "{err}"
    );
}

/// A broken site.toml cannot even say which languages there are: the server takes them from
/// the index it serves.
#[test]
fn even_a_broken_site_toml_keeps_search_online() {
    let f = Fixture::new();
    f.build_ok();
    f.write(
        "site.toml",
        &SITE_TOML.replace("default_language = \"ky\"", "default_language = ky"),
    );
    let log = f.path("serve.log");
    let s = Server::start_logged(f.root(), &["--no-watch"], &log);
    assert!(search_urls(&s, "Opened").contains(&EN_URL.to_string()));
    let bad_lang = s.get("/api/search?q=Opened&lang=de");
    assert_eq!(bad_lang.status, 400, "{}", bad_lang.text());
    let err = std::fs::read_to_string(&log).expect("log");
    assert!(
        err.contains("--> site.toml:3:20\n") && err.contains("3 | default_language = ky"),
        "{err}"
    );
    assert!(err.contains("serving the last good build"), "{err}");
}

#[test]
fn with_no_earlier_build_the_server_stops_and_says_why() {
    let f = Fixture::new();
    f.write(OPENED_EN, BROKEN);
    let out = serve_no_watch(&f);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let public = std::fs::canonicalize(f.root())
        .expect("root")
        .join("public");
    for needle in [
        "--> content/news/opened/index.en.md:4:10\n".to_string(),
        "4 | weight = \"x\"".to_string(),
        format!(
            "error: the build failed with 1 error, and there is no earlier good build to serve: {} does not exist",
            public.display()
        ),
        "= hint: fix the errors above and start the server again".to_string(),
    ] {
        assert!(err.contains(&needle), "missing {needle:?} in:\n{err}");
    }
    assert!(!f.path("public").exists());
}

#[test]
fn without_a_readable_index_the_server_stops_and_says_why() {
    let f = Fixture::new();
    f.build_ok();
    std::fs::remove_dir_all(f.path("search_index")).expect("remove index");
    f.write(OPENED_EN, BROKEN);
    let out = serve_no_watch(&f);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("there is no earlier good build to serve: no readable search index"),
        "{err}"
    );
    assert!(err.contains("search_index"), "{err}");
}

/// deploy/sapar.service and docs/deploy.md say what the tests above check: the unit serves a new
/// build on reload (SIGHUP), and the publish step builds once, then reloads.
#[test]
fn the_unit_and_the_deploy_guide_publish_with_one_build() {
    let unit = std::fs::read_to_string(repo().join("deploy/sapar.service")).expect("unit");
    assert!(
        unit.contains("\nExecReload=/bin/kill -HUP $MAINPID\n"),
        "{unit}"
    );
    assert!(
        unit.lines()
            .any(|l| l.starts_with("ExecStart=") && l.contains(" serve --no-watch ")),
        "{unit}"
    );
    let guide = std::fs::read_to_string(repo().join("docs/deploy.md")).expect("deploy.md");
    assert!(
        guide
            .contains("sudo -u sapar sapar build --root /srv/sapar && sudo systemctl reload sapar"),
        "the publish step builds once and reloads"
    );
}
