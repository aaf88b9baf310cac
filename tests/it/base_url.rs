//! The portal's address (`base_url`): a build for publishing refuses a placeholder or a missing
//! one, naming site.toml and the line; `--base-url` gives the address instead; the editors'
//! preview on the shipped site links to its own address and says so.

use crate::common::*;
use std::path::Path;
use std::process::Output;

/// The line of `base_url` in the shipped site.toml.
fn shipped_base_url_line() -> usize {
    let toml = std::fs::read_to_string(repo().join("site.toml")).expect("site.toml");
    toml.lines()
        .position(|l| l.starts_with("base_url ="))
        .expect("base_url line")
        + 1
}

fn build(root: &Path, extra: &[&str]) -> Output {
    sapar()
        .arg("build")
        .args(extra)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run sapar")
}

/// A failed build: exit status 1, stderr returned, and no public/ written.
fn refused(root: &Path, extra: &[&str]) -> String {
    let out = build(root, extra);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!root.join("public").exists(), "nothing is published: {err}");
    err
}

/// Every text file under `dir` (PNG frames are checked through playlist.json's `qr`).
fn texts(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_none_or(|x| x != "png"))
        .filter_map(|e| {
            let text = String::from_utf8(std::fs::read(e.path()).ok()?).ok()?;
            Some((e.path().display().to_string(), text))
        })
        .collect()
}

fn assert_no_placeholder(public: &Path) {
    let files = texts(public);
    assert!(files.len() > 50, "{} files", files.len());
    for (file, text) in files {
        assert!(
            !text.contains("example.kg"),
            "{file} carries the placeholder"
        );
    }
}

/// Every QR code address in every kiosk's playlist.
fn qr_addresses(public: &Path) -> Vec<String> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(public.join("kiosk"))
        .expect("kiosk")
        .flatten()
    {
        let Ok(text) = std::fs::read_to_string(e.path().join("playlist.json")) else {
            continue;
        };
        let p: serde_json::Value = serde_json::from_str(&text).expect("json");
        for slide in p["slides"].as_array().expect("slides") {
            for f in slide["frames"].as_array().expect("frames") {
                all.push(f["qr"].as_str().expect("qr").to_string());
            }
        }
    }
    all
}

#[test]
fn publishing_the_shipped_site_toml_is_refused_at_the_line_of_base_url() {
    let site = shipped_copy_as_is();
    let err = refused(site.path(), &[]);
    let line = shipped_base_url_line();
    for needle in [
        "error: base_url `https://portal.example.kg` is a placeholder (`example` marks an example address), not the address the portal is published at".to_string(),
        format!("--> site.toml:{line}:13"),
        "base_url = \"https://portal.example.kg\"".to_string(),
        "= hint: write the address the portal is published at, like `base_url = \"https://…\"` with the portal's own domain, or give it to this build with `--base-url https://…`; kiosk QR codes, the sitemap, feeds and links to the portal all carry it".to_string(),
        "build failed with 1 error".to_string(),
    ] {
        assert!(err.contains(&needle), "missing {needle:?} in:\n{err}");
    }
}

#[test]
fn a_missing_base_url_is_refused_naming_site_toml() {
    let f = Fixture::new();
    f.write(
        "site.toml",
        &SITE_TOML.replace("base_url = \"https://sapar.test\"\n", ""),
    );
    let err = refused(f.root(), &[]);
    for needle in [
        "error: site.toml has no base_url: a site for publishing needs the address it is published at",
        "--> site.toml\n",
        "= hint: add a line `base_url = \"https://…\"` with the portal's own domain at the top of site.toml, or give it to this build with `--base-url https://…`",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    // The same site builds once the address is given on the command line.
    let out = build(f.root(), &["--base-url", "https://sapar.test/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        f.read("public/sitemap.xml")
            .contains("<loc>https://sapar.test/ru/guides/russia/</loc>")
    );
}

#[test]
fn empty_and_placeholder_addresses_are_refused_at_their_line() {
    for (value, needle) in [
        (
            "",
            "error: base_url is empty: a site for publishing needs the address it is published at",
        ),
        (
            "https://example.com",
            "error: base_url `https://example.com` is a placeholder (`example` marks an example address)",
        ),
        (
            "https://www.example.org/portal/",
            "is a placeholder (`example` marks an example address)",
        ),
        (
            "https://portal.invalid",
            "is a placeholder (`.invalid` is reserved for addresses that do not exist)",
        ),
        (
            "https://sapar.example",
            "is a placeholder (`.example` is reserved for addresses that do not exist)",
        ),
        (
            "https://yourdomain.kg",
            "is a placeholder (`yourdomain` marks an example address)",
        ),
    ] {
        let f = Fixture::new();
        f.write("site.toml", &SITE_TOML.replace("https://sapar.test", value));
        let err = refused(f.root(), &[]);
        assert!(
            err.contains(needle),
            "{value}: missing {needle:?} in:\n{err}"
        );
        assert!(err.contains("--> site.toml:2:"), "{value}: {err}");
        assert!(
            err.contains("= hint: write the address the portal is published at"),
            "{value}: {err}"
        );
    }
}

#[test]
fn an_address_without_https_is_an_error_with_the_whole_address_as_hint() {
    let f = Fixture::new();
    f.write(
        "site.toml",
        &SITE_TOML.replace("https://sapar.test", "sapar.test"),
    );
    let err = refused(f.root(), &[]);
    for needle in [
        "error: base_url: `sapar.test` is not an address starting with https:// or http://",
        "--> site.toml:2:13",
        "= hint: write the whole address, like `base_url = \"https://sapar.test\"`",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
}

#[test]
fn base_url_on_the_command_line_must_be_a_real_address_too() {
    let f = Fixture::new();
    let err = refused(f.root(), &["--base-url", "https://portal.example.kg"]);
    for needle in [
        "error: `https://portal.example.kg` is a placeholder (`example` marks an example address), not the address the portal is published at",
        "--> --base-url",
        "= hint: give the address the portal is published at, like `--base-url https://…` with the portal's own domain",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    let err = refused(f.root(), &["--base-url", "sapar.test"]);
    assert!(
        err.contains("error: `sapar.test` is not an address starting with https:// or http://")
            && err
                .contains("= hint: write the whole address, like `--base-url https://sapar.test`"),
        "{err}"
    );
}

#[test]
fn loopback_and_test_addresses_are_published() {
    let f = Fixture::new();
    f.write(
        "site.toml",
        &SITE_TOML.replace("https://sapar.test", "http://127.0.0.1:8080"),
    );
    f.build_ok();
    assert!(
        f.read("public/ru/guides/russia/index.html")
            .contains("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/ru/guides/russia/\">")
    );
}

/// `--base-url` over the shipped placeholder: every address the portal hands out starts with
/// it, the kiosks' QR codes included, and the placeholder is nowhere.
#[test]
fn base_url_given_to_the_build_reaches_every_address() {
    let site = shipped_copy_as_is();
    let out = build(site.path(), &["--base-url", "https://kiosk.sapar.test/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    assert_no_placeholder(&public);
    let qr = qr_addresses(&public);
    assert!(qr.len() > 30, "{} QR codes", qr.len());
    for url in qr {
        assert!(url.starts_with("https://kiosk.sapar.test/"), "{url}");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).expect("sitemap");
    assert!(
        sitemap.contains("<loc>https://kiosk.sapar.test/ky/</loc>"),
        "{sitemap}"
    );
}

/// `cargo run --release -- serve` on the shipped site: the preview works, links to its own
/// address, and says so in one line.
#[test]
fn the_preview_of_the_shipped_site_uses_its_own_address() {
    let site = shipped_copy_as_is();
    let log = site.path().join("serve.log");
    let s = Server::start_logged(site.path(), &[], &log);
    let own = format!("http://127.0.0.1:{}", s.port);
    let page = s.get("/ru/guides/russia/").text();
    assert!(
        page.contains(&format!(
            "<link rel=\"canonical\" href=\"{own}/ru/guides/russia/\">"
        )),
        "{page}"
    );
    let public = site.path().join("public");
    assert_no_placeholder(&public);
    for url in qr_addresses(&public) {
        assert!(url.starts_with(&format!("{own}/")), "{url}");
    }
    let err = std::fs::read_to_string(&log).expect("log");
    let note = format!(
        "note: site.toml's base_url `https://portal.example.kg` is a placeholder: this preview links to its own address, {own} (set the portal's address before publishing)"
    );
    assert_eq!(err.matches(&note).count(), 1, "{err}");
}

/// Production with the shipped placeholder and nothing built before: no site goes out with it.
#[test]
fn a_production_server_refuses_the_placeholder_when_nothing_was_published() {
    let site = shipped_copy_as_is();
    let out = output_within(
        sapar()
            .args([
                "serve",
                "--no-watch",
                "--port",
                &free_port().to_string(),
                "--root",
            ])
            .arg(site.path()),
        std::time::Duration::from_secs(120),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let line = shipped_base_url_line();
    assert!(err.contains(&format!("--> site.toml:{line}:13")), "{err}");
    assert!(
        err.contains("is a placeholder") && err.contains("no earlier good build to serve"),
        "{err}"
    );
}
