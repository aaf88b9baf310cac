//! Production editing's accounts and sign-in (issue 24) with the real binary: `sapar editors`,
//! a real `sapar serve --no-watch` with `[editing] backend = "sapar"`, sessions by cookie, the
//! Origin check, expiry, sign-out and the throttle; and the state folder never published nor
//! tracked by Git.

use crate::common::*;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

const PASSWORD: &str = "correct horse battery";
/// The fixture's base_url: the site's own origin.
const ORIGIN: &str = "https://sapar.test";

fn sapar_site() -> Fixture {
    let f = Fixture::new();
    let toml = f.read("site.toml");
    f.write(
        "site.toml",
        &format!("{toml}\n[editing]\nbackend = \"sapar\"\n"),
    );
    // Editors' saves are Git commits: the server refuses production editing without a
    // repository.
    f.write(
        ".gitignore",
        "/public/\n/search_index/\n/.public.previous/\n/.search_index.previous/\n/.sapar-build.lock\n/.public.swap\n/.sapar-state/\n",
    );
    git(f.root(), &["init", "-q", "-b", "main"]);
    git(f.root(), &["add", "-A"]);
    git(
        f.root(),
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@sapar.invalid",
            "commit",
            "-qm",
            "site",
        ],
    );
    f
}

/// `sapar editors ARGS` with `stdin` as its standard input: status, stdout, stderr.
fn editors(root: &Path, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = sapar()
        .arg("editors")
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("SAPAR_STATE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One request: status, headers, body.
fn send(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body.to_string())
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Signs in: the `sapar_session=…` cookie, or the refusal's status.
fn sign_in(port: u16, name: &str, password: &str) -> Result<String, u16> {
    let body = format!("name={name}&password={}", password.replace(' ', "+"));
    let (status, h, _) = send(
        port,
        "POST",
        "/admin/login",
        &[
            ("Origin", ORIGIN),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &body,
    );
    if status != 303 {
        return Err(status);
    }
    let c = header(&h, "set-cookie").expect("a cookie");
    assert!(c.contains("HttpOnly"), "{c}");
    assert!(c.contains("SameSite=Strict"), "{c}");
    assert!(c.contains("Secure"), "base_url is https: {c}");
    Ok(c.split(';').next().expect("cookie").to_string())
}

fn api(port: u16, cookie: Option<&str>, origin: Option<&str>, body: &str) -> u16 {
    let mut h = vec![("Content-Type", "application/json")];
    if let Some(c) = cookie {
        h.push(("Cookie", c));
    }
    if let Some(o) = origin {
        h.push(("Origin", o));
    }
    send(port, "POST", "/api/v1", &h, body).0
}

/// The three writes of the CMS's protocol.
fn writes() -> Vec<String> {
    vec![
        r#"{"action":"persistEntry","params":{"dataFiles":[{"path":"content/guides/russia/index.en.md","raw":"+++\ntitle = \"Hacked\"\n+++\nX\n"}],"assets":[]}}"#.to_string(),
        r#"{"action":"deleteFile","params":{"path":"content/news/opened/index.en.md"}}"#.to_string(),
        r#"{"action":"persistMedia","params":{"asset":{"path":"static/images/x.png","content":"aGVsbG8=","encoding":"base64"}}}"#.to_string(),
    ]
}

/// Every file under content/ and data/ with its bytes.
fn sources(f: &Fixture) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for top in ["content", "data", "static"] {
        for e in walkdir::WalkDir::new(f.root().join(top))
            .into_iter()
            .flatten()
        {
            if e.file_type().is_file() {
                out.insert(
                    e.path().to_path_buf(),
                    std::fs::read(e.path()).unwrap_or_default(),
                );
            }
        }
    }
    out
}

fn git(root: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {:?}", out);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn writes_need_a_live_session_and_the_sites_own_origin() {
    let f = sapar_site();
    let (ok, _, err) = editors(f.root(), &["add", "aigul"], &format!("{PASSWORD}\n"));
    assert!(ok, "{err}");
    let s = Server::start(f.root(), &["--no-watch"]);

    // No session: the sign-in page in the browser's language, no CMS configuration.
    let (status, _, page) = send(
        s.port,
        "GET",
        "/admin/",
        &[("Accept-Language", "ru-RU,ru;q=0.9")],
        "",
    );
    assert_eq!(status, 200);
    assert!(page.contains("Вход для редактирования портала"), "{page}");
    assert!(page.contains("action=\"/admin/login\""), "{page}");
    assert_eq!(send(s.port, "GET", "/admin/config.yml", &[], "").0, 401);
    // The editor's chosen language is remembered.
    let (_, h, page) = send(s.port, "GET", "/admin/?lang=ky", &[], "");
    assert!(page.contains("lang=\"ky\""), "{page}");
    assert!(header(&h, "set-cookie").is_some_and(|c| c.starts_with("sapar_lang=ky")));

    let before = sources(&f);
    for w in writes() {
        assert_eq!(api(s.port, None, Some(ORIGIN), &w), 401, "no session: {w}");
    }
    // A read needs a session too.
    assert_eq!(api(s.port, None, Some(ORIGIN), r#"{"action":"info"}"#), 401);

    // A wrong password: the page again, in the editor's language, 401.
    assert_eq!(sign_in(s.port, "aigul", "wrong password!"), Err(401));
    let cookie = sign_in(s.port, "aigul", PASSWORD).expect("signed in");
    let (status, _, cms) = send(s.port, "GET", "/admin/", &[("Cookie", &cookie)], "");
    assert_eq!(status, 200);
    assert!(
        !cms.contains("admin/login"),
        "the CMS, not the sign-in page"
    );
    assert_eq!(
        send(
            s.port,
            "GET",
            "/admin/config.yml",
            &[("Cookie", &cookie)],
            ""
        )
        .0,
        200
    );
    assert_eq!(
        api(s.port, Some(&cookie), Some(ORIGIN), r#"{"action":"info"}"#),
        200
    );
    for w in writes() {
        assert_eq!(
            api(s.port, Some(&cookie), Some("https://evil.test"), &w),
            403,
            "{w}"
        );
        assert_eq!(api(s.port, Some(&cookie), None, &w), 403, "no Origin: {w}");
        assert_eq!(
            api(s.port, Some("sapar_session=00"), Some(ORIGIN), &w),
            401,
            "{w}"
        );
    }
    assert_eq!(sources(&f), before, "a refused write changed a file");

    // An idle session expires: its row made older than the idle limit of 2 hours.
    let db = rusqlite::Connection::open(f.path(".sapar-state/sapar.db")).expect("db");
    db.execute("UPDATE sessions SET last_seen = last_seen - 7201", [])
        .expect("age");
    for w in writes() {
        assert_eq!(
            api(s.port, Some(&cookie), Some(ORIGIN), &w),
            401,
            "expired: {w}"
        );
    }
    // After sign-out.
    let cookie = sign_in(s.port, "aigul", PASSWORD).expect("signed in");
    assert_eq!(
        api(s.port, Some(&cookie), Some(ORIGIN), r#"{"action":"info"}"#),
        200
    );
    let (status, h, _) = send(
        s.port,
        "POST",
        "/admin/logout",
        &[("Cookie", &cookie), ("Origin", ORIGIN)],
        "",
    );
    assert_eq!(status, 303);
    assert!(header(&h, "set-cookie").is_some_and(|c| c.contains("Max-Age=0")));
    for w in writes() {
        assert_eq!(
            api(s.port, Some(&cookie), Some(ORIGIN), &w),
            401,
            "signed out: {w}"
        );
    }
    // Removing the account ends its sessions.
    let cookie = sign_in(s.port, "aigul", PASSWORD).expect("signed in");
    let (ok, _, err) = editors(f.root(), &["remove", "aigul"], "");
    assert!(ok, "{err}");
    assert_eq!(
        api(s.port, Some(&cookie), Some(ORIGIN), r#"{"action":"info"}"#),
        401
    );
    assert_eq!(sources(&f), before, "a refused write changed a file");
}

#[test]
fn wrong_passwords_are_refused_for_a_while_then_the_right_one_works() {
    let f = sapar_site();
    let (ok, _, err) = editors(f.root(), &["add", "bakyt"], &format!("{PASSWORD}\n"));
    assert!(ok, "{err}");
    // The test override: slowed attempts wait 10 ms, a lock lasts 2 s.
    let s = Server::spawn_with_env(
        f.root(),
        &["--no-watch"],
        &[("SAPAR_TEST_THROTTLE", "10,2")],
    );
    for i in 0..10 {
        assert_eq!(
            sign_in(s.port, "bakyt", "not the password"),
            Err(401),
            "attempt {i}"
        );
    }
    assert_eq!(sign_in(s.port, "bakyt", "not the password"), Err(429));
    // Locked: even the right password waits.
    let (status, h, _) = send(
        s.port,
        "POST",
        "/admin/login",
        &[("Origin", ORIGIN)],
        &format!("name=bakyt&password={}", PASSWORD.replace(' ', "+")),
    );
    assert_eq!(status, 429);
    assert!(header(&h, "retry-after").is_some());
    std::thread::sleep(Duration::from_millis(2500));
    assert!(sign_in(s.port, "bakyt", PASSWORD).is_ok(), "the lock ended");
}

#[test]
fn the_state_is_never_published_served_or_tracked() {
    let f = sapar_site();
    git(f.root(), &["init", "-q"]);
    let (ok, _, err) = editors(
        f.root(),
        &["add", "aigul", "--role", "reviewer"],
        &format!("{PASSWORD}\n"),
    );
    assert!(ok, "{err}");
    let s = Server::start(f.root(), &["--no-watch"]);
    assert_eq!(s.get("/.sapar-state/sapar.db").status, 404);
    assert!(!f.path("public/.sapar-state").exists());
    git(f.root(), &["add", "-A"]);
    let tracked = git(f.root(), &["ls-files"]);
    assert!(!tracked.contains(".sapar-state"), "{tracked}");
    assert!(!git(f.root(), &["status", "--porcelain", "--ignored"]).is_empty());
    drop(s);

    // A state folder Git tracks stops the server before it serves.
    git(f.root(), &["add", "-f", ".sapar-state/sapar.db"]);
    let out = output_within(
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
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Git tracks files in the state folder"),
        "{}",
        stderr(&out)
    );

    // Nor inside public/.
    let (ok, _, err) = editors(
        f.root(),
        &["list", "--state", &f.path("public/state").to_string_lossy()],
        "",
    );
    assert!(!ok);
    assert!(err.contains("inside public/"), "{err}");
}

/// What `sapar editors` says to an administrator, word for word
/// (`tests/it/snapshots/editors.txt`).
#[test]
fn editors_messages_are_reviewed() {
    let f = sapar_site();
    let mut text = String::new();
    let mut run = |title: &str, args: &[&str], stdin: &str| {
        let (ok, out, err) = editors(f.root(), args, stdin);
        text.push_str(&format!(
            "## {title}\n$ sapar editors {}\nexit: {}\n{out}{err}\n",
            args.join(" "),
            if ok { 0 } else { 1 }
        ));
    };
    run("no editors yet", &["list"], "");
    run(
        "adding an editor",
        &["add", "aigul.s"],
        &format!("{PASSWORD}\n"),
    );
    run("a short password", &["add", "bakyt"], "short\n");
    run(
        "a name with capitals",
        &["add", "Bakyt"],
        &format!("{PASSWORD}\n"),
    );
    run(
        "a name taken",
        &["add", "aigul.s"],
        &format!("{PASSWORD}\n"),
    );
    run("removing an unknown editor", &["remove", "nurlan"], "");
    run("removing an editor", &["remove", "aigul.s"], "");
    // Times vary: the list's layout is checked on its header.
    let (ok, out, _) = editors(
        f.root(),
        &["add", "bakyt", "--role", "reviewer"],
        &format!("{PASSWORD}\n"),
    );
    assert!(ok, "{out}");
    let (_, list, _) = editors(f.root(), &["list"], "");
    let mut lines = list.lines();
    text.push_str(&format!(
        "## the list's header\n{}\n",
        lines.next().unwrap_or("")
    ));
    let row = lines.next().unwrap_or("");
    assert!(
        row.starts_with("bakyt") && row.contains("reviewer") && row.ends_with("never"),
        "{row}"
    );

    let path = repo().join("tests/it/snapshots/editors.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &text).expect("write snapshot");
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == text,
        "the messages changed; review them and run with UPDATE_SNAPSHOTS=1 to accept:\n{text}"
    );
}
