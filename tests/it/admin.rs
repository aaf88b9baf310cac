//! The editing interface (issue 15) with the real binary: the configuration `sapar serve`
//! generates from the shipped content, the local backend that saves in place and only for this
//! machine, production refusing every save, and /admin/ of a portal deployed with a Git host.

use crate::common::*;
use std::time::Duration;

/// A POST with a JSON body; `host` and `origin` as a browser would send them.
fn post(port: u16, host: &str, origin: Option<&str>, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    let req = format!(
        "POST /api/v1 HTTP/1.1\r\nHost: {host}\r\n{origin}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
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

/// Every file an editor edits (content/ and data/) with its bytes.
fn sources(f: &Fixture) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    ["content", "data"]
        .iter()
        .flat_map(|d| walkdir::WalkDir::new(f.path(d)).into_iter().flatten())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

fn values(options: &serde_json::Value) -> Vec<String> {
    options
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            o.get("value")
                .unwrap_or(o)
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn the_preview_offers_exactly_the_shipped_contacts_topics_kiosks_and_sources() {
    let site = shipped_copy();
    let s = Server::start(site.path(), &[]);
    let r = s.get("/admin/config.yml");
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-security-policy")
            .unwrap_or("")
            .contains("connect-src 'self'")
    );
    let c: serde_json::Value =
        serde_json::from_slice(&r.body).expect("config.yml is JSON, which YAML reads");
    assert_eq!(c["backend"]["proxy_url"], "/api/v1");
    let read = |rel: &str| -> toml::Table {
        toml::from_str(&std::fs::read_to_string(site.path().join(rel)).unwrap()).unwrap()
    };
    let collection = |name: &str| {
        c["collections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap()
            .clone()
    };
    let field = |fields: &serde_json::Value, name: &str| {
        fields
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap()
            .clone()
    };
    let contacts = read("data/contacts.toml");
    let ids: Vec<String> = contacts["org"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let guides = collection("guides")["fields"].clone();
    assert_eq!(values(&field(&guides, "contacts")["options"]), ids);
    let sources = read("data/sources.toml");
    let pattern = field(&guides, "sources")["field"]["pattern"][0]
        .as_str()
        .unwrap()
        .to_string();
    for id in sources.keys() {
        assert!(
            pattern.contains(&id.replace('.', "\\.")),
            "{id} is offered: {pattern}"
        );
    }
    let org = collection("directory")["files"][0]["fields"][0]["fields"].clone();
    let mut topics: Vec<String> = ["ky", "ru", "en"]
        .iter()
        .flat_map(|l| {
            read(&format!("themes/portal/i18n/{l}.toml"))
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        })
        .filter_map(|k| k.strip_prefix("topic_").map(str::to_string))
        .collect();
    topics.sort();
    topics.dedup();
    assert_eq!(values(&field(&org, "topics")["options"]), topics);
    let kiosks: Vec<String> = read("site.toml")["kiosks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap().to_string())
        .collect();
    let slides = collection("kiosk")["fields"].clone();
    assert_eq!(values(&field(&slides, "kiosks")["options"]), kiosks);
    assert_eq!(
        c["i18n"]["default_locale"], "ru",
        "the shipped pages are written in Russian first"
    );
    // The CMS itself is served from the binary, never from a third party.
    let html = s.get("/admin/").text();
    assert!(
        html.contains("<script src=\"decap-cms.js\"></script>"),
        "{html}"
    );
    assert!(!html.contains("https://"), "{html}");
    assert_eq!(s.get("/admin/decap-cms.js").status, 200);
}

#[test]
fn a_save_changes_only_what_the_editor_changed_and_only_from_this_machine() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    let before = sources(&f);
    let ky = f.read("content/guides/russia/index.ky.md");
    let raw = |t: &str, l: &str| {
        format!(
            "+++\\ntitle = \\\"{t}\\\"\\nweight = 1\\ncountry = \\\"RU\\\"\\nsources = [\\\"doc:1-2\\\"]\\ncontacts = [\\\"hotline\\\"]\\n+++\\n## Work\\n\\nSee [Turkey](@/guides/turkey) and [news](@/news/opened#top).\\n{l}"
        )
    };
    let body = format!(
        r#"{{"action":"persistEntry","params":{{"dataFiles":[{{"path":"content/guides/russia/index.ky.md","raw":"{}"}},{{"path":"content/guides/russia/index.ru.md","raw":"{}"}}],"assets":[]}}}}"#,
        raw("Орусия", ""),
        raw("Russia ru", "")
    );
    let host = format!("127.0.0.1:{}", s.port);
    // Another site's page, or a name that points at this machine, may not save.
    let (status, answer) = post(s.port, &host, Some("http://evil.test"), &body);
    assert_eq!(status, 403, "{answer}");
    let (status, _) = post(s.port, &format!("evil.test:{}", s.port), None, &body);
    assert_eq!(status, 403);
    assert_eq!(sources(&f), before, "nothing written by a refused save");

    let (status, answer) = post(s.port, &host, Some(&format!("http://{host}")), &body);
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer.contains("content/guides/russia/index.ky.md"),
        "{answer}"
    );
    let after = sources(&f);
    let changed: Vec<_> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(
        f.read("content/guides/russia/index.ky.md"),
        ky.replace("Russia ky", "Орусия")
    );
    wait_for("the preview shows the new title", || {
        s.get("/ky/guides/russia/").text().contains("Орусия")
    });
}

#[test]
fn production_saves_nothing_and_has_no_editing_interface_without_a_git_host() {
    let f = Fixture::new();
    f.build_ok();
    let s = Server::start(f.root(), &["--no-watch"]);
    let body = r#"{"action":"getEntry","params":{"path":"content/_index.ky.md"}}"#;
    let (status, answer) = post(s.port, &format!("127.0.0.1:{}", s.port), None, body);
    assert_eq!(status, 403);
    assert!(answer.contains("cannot save"), "{answer}");
    assert_eq!(s.get("/admin/").status, 404);
    assert!(!f.path("public/admin").exists());
}

const EDITING: &str = "\n[editing]\nbackend = \"gitea\"\nrepo = \"ministry/portal\"\nbase_url = \"https://git.ministry.test\"\napp_id = \"0123\"\n";

#[test]
fn a_portal_deployed_with_a_git_host_gets_its_editing_interface() {
    let f = Fixture::new();
    f.write("site.toml", &format!("{SITE_TOML}{EDITING}"));
    f.build_ok();
    let c: serde_json::Value =
        serde_json::from_str(&f.read("public/admin/config.yml")).expect("config");
    assert_eq!(c["backend"]["name"], "gitea");
    assert_eq!(c["backend"]["repo"], "ministry/portal");
    assert_eq!(c["backend"]["api_root"], "https://git.ministry.test/api/v1");
    assert!(f.path("public/admin/decap-cms.js").is_file());
    let s = Server::start(f.root(), &["--no-watch"]);
    let r = s.get("/admin/");
    assert_eq!(r.status, 200);
    let csp = r.header("content-security-policy").unwrap_or("");
    assert!(
        csp.contains("'unsafe-eval'") && csp.contains("connect-src 'self' blob: data: https:"),
        "the CMS fetches its own blob: uploads: {csp}"
    );
    assert!(
        !r.text().contains("admin-live.js"),
        "no preview banner on the deployed portal"
    );
    let (status, _) = post(s.port, &format!("127.0.0.1:{}", s.port), None, "{}");
    assert_eq!(
        status, 403,
        "the deployed portal saves through the Git host, never itself"
    );
    // Not a page for readers: not in the sitemap.
    assert!(!f.read("public/sitemap.xml").contains("/admin/"));
}

#[test]
fn a_mistake_in_editing_names_the_line_and_what_to_write() {
    let f = Fixture::new();
    let bad = EDITING
        .replace("\"gitea\"", "\"gitee\"")
        .replace("ministry/portal", "portal");
    f.write("site.toml", &format!("{SITE_TOML}{bad}"));
    let out = f.build();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("error: `gitee` is not a way the editing interface can save"),
        "{err}"
    );
    assert!(
        err.contains("`gitea`") && err.contains("Forgejo is `gitea`"),
        "{err}"
    );
    assert!(
        err.contains("error: `portal` is not a repository name"),
        "{err}"
    );
    assert!(err.contains("like `repo = \"ministry/portal\"`"), "{err}");
    assert!(err.contains("site.toml:"), "{err}");
}

#[test]
fn dates_as_the_cms_writes_them_on_a_git_host_build() {
    // On a Git host the CMS saves the files itself, every date it edits in quotes.
    let f = Fixture::new();
    f.write(
        "content/news/opened/index.ru.md",
        "+++\ntitle = \"Opened ru\"\ndescription = \"d\"\ndate = \"2025-06-01\"\n+++\n## Top\n\nText.\n",
    );
    let contacts = f
        .read("data/contacts.toml")
        .replace("verified = 2026-11-01", "verified = \"2026-11-01\"");
    f.write("data/contacts.toml", &contacts);
    f.build_ok();
    assert!(f.read("public/ru/news/opened/index.html").contains("2025"));
    // Anything else in quotes still gets the message that says what to write.
    f.write(
        "content/news/opened/index.ru.md",
        "+++\ntitle = \"Opened ru\"\ndescription = \"d\"\ndate = \"01.06.2025\"\n+++\n## Top\n\nText.\n",
    );
    let err = stderr(&f.build());
    assert!(err.contains("write `date = 2025-06-01`"), "{err}");
}

/// POSTs one action of the CMS's protocol as the browser on this machine does.
fn act(s: &Server, action: serde_json::Value) -> (u16, String) {
    let host = format!("127.0.0.1:{}", s.port);
    post(
        s.port,
        &host,
        Some(&format!("http://{host}")),
        &action.to_string(),
    )
}

fn save(files: &[(&str, &str)]) -> serde_json::Value {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|(path, raw)| serde_json::json!({ "path": path, "raw": raw }))
        .collect();
    serde_json::json!({"action": "persistEntry", "params": {"dataFiles": files, "assets": []}})
}

/// An urgent alert saved with its English left empty (issue 24): the CMS sends the empty
/// language again on every save, with the keys copied from the original. Each later save
/// answered 422 "the front matter has no `title`", so the alert could be neither corrected
/// nor ended.
#[test]
fn an_alert_saved_with_a_language_left_empty_can_be_corrected_and_ended() {
    let site = shipped_copy();
    let s = Server::start(site.path(), &[]);
    let dir = "content/kiosk/e2e-flood";
    let files = |title: &str, until: &str| {
        let ru = format!(
            "+++\ntitle = \"{title}\"\nalert = true\n[schedule]\nuntil = \"{until}\"\n+++\nЗвоните 1899."
        );
        let ky = format!(
            "+++\ntitle = \"Шашылыш: 1899\"\nalert = true\n[schedule]\nuntil = \"{until}\"\n+++\n1899 номерине чалыңыз."
        );
        let en = format!("+++\nalert = true\n[schedule]\nuntil = \"{until}\"\n+++\n");
        save(&[
            (&format!("{dir}/index.ru.md"), &ru),
            (&format!("{dir}/index.ky.md"), &ky),
            (&format!("{dir}/index.en.md"), &en),
        ])
    };
    let (status, answer) = act(&s, files("Срочно: 1899", "2099-12-31"));
    assert_eq!(status, 200, "{answer}");
    let en = site.path().join(dir).join("index.en.md");
    assert!(!en.exists(), "no English file for the language left empty");
    // Corrected: a typo in the title.
    let (status, answer) = act(&s, files("Срочно: звоните 1899", "2099-12-31"));
    assert_eq!(status, 200, "{answer}");
    let ru = std::fs::read_to_string(site.path().join(dir).join("index.ru.md")).expect("ru");
    assert!(ru.contains("title = \"Срочно: звоните 1899\""), "{ru}");
    // Ended: its last day moved to the past.
    let (status, answer) = act(&s, files("Срочно: звоните 1899", "2025-01-31"));
    assert_eq!(status, 200, "{answer}");
    let ru = std::fs::read_to_string(site.path().join(dir).join("index.ru.md")).expect("ru");
    assert!(ru.contains("until = 2025-01-31"), "{ru}");
    assert!(!en.exists());
}

/// A one-word edit of a shipped guide, sent as the CMS writes the body back (`*` list markers,
/// its own blank lines), changes exactly that one line of the file (issue 24: it rewrote every
/// list marker, and translators were told the original changed on each line).
#[test]
fn a_one_word_edit_of_a_shipped_guide_changes_one_line() {
    let site = shipped_copy();
    let s = Server::start(site.path(), &[]);
    let rel = "content/guides/kazakhstan/index.ru.md";
    let old = std::fs::read_to_string(site.path().join(rel)).expect("guide");
    let (front, body) = old[4..].split_once("\n+++\n").expect("front matter");
    assert!(body.lines().filter(|l| l.starts_with("- ")).count() >= 10);
    let edited_line = body
        .lines()
        .find(|l| !l.starts_with('-') && !l.starts_with('#') && l.contains(" работ"))
        .expect("a line of text");
    let cms_body: String = body
        .trim()
        .lines()
        .map(|l| match l.strip_prefix("- ") {
            Some(item) => format!("* {item}\n"),
            None if l == edited_line => format!("{}\n", l.replacen(" работ", " труд", 1)),
            None => format!("{l}\n"),
        })
        .collect();
    let raw = format!("+++\n{front}\n+++\n{cms_body}");
    let (status, answer) = act(&s, save(&[(rel, &raw)]));
    assert_eq!(status, 200, "{answer}");
    let now = std::fs::read_to_string(site.path().join(rel)).expect("guide");
    let (was, is): (Vec<&str>, Vec<&str>) = (old.lines().collect(), now.lines().collect());
    assert_eq!(was.len(), is.len(), "no line added or removed:\n{now}");
    let changed: Vec<(&&str, &&str)> = was.iter().zip(&is).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert_eq!(*changed[0].0, edited_line);
}

#[test]
fn the_editing_interface_may_fetch_its_own_uploads() {
    let f = Fixture::new();
    let s = Server::start(f.root(), &[]);
    let csp = s
        .get("/admin/")
        .header("content-security-policy")
        .unwrap_or("")
        .to_string();
    let connect = csp
        .split(';')
        .find(|d| d.trim().starts_with("connect-src"))
        .unwrap_or("");
    assert!(
        connect.contains("blob:") && connect.contains("data:"),
        "{csp}"
    );
    assert!(
        !connect.contains("https:"),
        "the preview talks to no other site: {csp}"
    );
}
