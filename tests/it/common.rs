//! Fixture sites for integration tests: a small three-language site using the shipped theme,
//! built by the real `sapar` binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn sapar() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sapar"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

/// The address test builds publish at: `.test` is reserved for testing (RFC 2606), so it is
/// nobody's real address, and it is not a placeholder that a build for publishing refuses.
pub const TEST_BASE_URL: &str = "https://sapar.test";

pub const SITE_TOML: &str = r#"
base_url = "https://sapar.test"
default_language = "ky"
fallback = ["ky", "ru", "en"]
theme = "portal"
menu = ["guides", "news", "search"]

[[languages]]
code = "ky"
name = "Кыргызча"
title = "Сынак"

[[languages]]
code = "ru"
name = "Русский"
title = "Тест"

[[languages]]
code = "en"
name = "English"
title = "Test"
fallback = ["ru", "ky"]

[[sections]]
name = "guides"
kind = "guide"

[[sections]]
name = "news"
kind = "news"
sort = "date"
"#;

const CONTACTS: &str = r#"
[[org]]
id = "hotline"
kind = "hotline"
topics = ["advice"]
countries = ["*"]
phone = "1899"
verified = 2026-11-01
[org.name]
ky = "Ысык линия"
ru = "Горячая линия"
en = "Hotline"
"#;

const SOURCES: &str = r#"
[doc]
file = "doc.txt"
year = 2022
[doc.title]
ru = "Документ"
en = "Document"
"#;

impl Fixture {
    /// A site with a home page, a guides section with two guides (one missing its Kyrgyz
    /// translation), and a news section with one item.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = Fixture { dir };
        copy_dir(
            &repo().join("themes/portal"),
            &f.root().join("themes/portal"),
        );
        f.write("site.toml", SITE_TOML);
        f.write("data/contacts.toml", CONTACTS);
        f.write("data/sources.toml", SOURCES);
        for (l, t) in [("ky", "Башкы"), ("ru", "Главная"), ("en", "Home")] {
            f.write(
                &format!("content/_index.{l}.md"),
                &format!("+++\ntitle = \"{t}\"\n+++\nHello.\n"),
            );
            f.write(
                &format!("content/guides/_index.{l}.md"),
                &format!("+++\ntitle = \"Guides {l}\"\n+++\n"),
            );
            f.write(
                &format!("content/news/_index.{l}.md"),
                &format!("+++\ntitle = \"News {l}\"\n+++\n"),
            );
            f.write(
                &format!("content/news/opened/index.{l}.md"),
                &format!("+++\ntitle = \"Opened {l}\"\ndate = 2025-05-28\ndescription = \"d\"\n+++\n## Top\n\nText.\n"),
            );
        }
        for l in ["ky", "ru", "en"] {
            f.write(
                &format!("content/guides/russia/index.{l}.md"),
                &format!(
                    "+++\ntitle = \"Russia {l}\"\nweight = 1\ncountry = \"RU\"\nsources = [\"doc:1-2\"]\ncontacts = [\"hotline\"]\n+++\n## Work\n\nSee [Turkey](@/guides/turkey) and [news](@/news/opened#top).\n"
                ),
            );
        }
        for l in ["ru", "en"] {
            // The English translation is up to date: it records the fingerprint of the Russian
            // text (`sapar translated`), so the fixture checks without warnings.
            let stamp = if l == "en" {
                "translated_from = \"ae5f7cbb061f\"\n"
            } else {
                ""
            };
            f.write(
                &format!("content/guides/turkey/index.{l}.md"),
                &format!("+++\ntitle = \"Turkey {l}\"\nweight = 2\noriginal = \"ru\"\n{stamp}+++\nBack to [Russia](@/guides/russia).\n"),
            );
        }
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn build(&self) -> Output {
        sapar()
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run sapar")
    }

    pub fn build_ok(&self) -> Output {
        let out = self.build();
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Every file of the output folders with its bytes, to prove a failed build changed nothing.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut m = BTreeMap::new();
        for dir in ["public", "search_index"] {
            for e in walkdir::WalkDir::new(self.path(dir)).into_iter().flatten() {
                if e.file_type().is_file() {
                    m.insert(
                        e.path().to_path_buf(),
                        std::fs::read(e.path()).expect("read"),
                    );
                }
            }
        }
        m
    }

    /// Names of entries in the site root, to check no staging folder was left behind.
    pub fn root_entries(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.root())
            .expect("read_dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the shipped portal in a temp folder, so tests never write into the repository,
/// with its address set as a deployment sets it: site.toml's placeholder `base_url` replaced
/// by [`TEST_BASE_URL`] (a build for publishing refuses the placeholder).
pub fn shipped_copy() -> tempfile::TempDir {
    let tmp = shipped_copy_as_is();
    let toml = std::fs::read_to_string(tmp.path().join("site.toml")).expect("site.toml");
    let line = toml
        .lines()
        .find(|l| l.starts_with("base_url ="))
        .expect("site.toml has a base_url line");
    let toml = toml.replacen(line, &format!("base_url = \"{TEST_BASE_URL}\""), 1);
    std::fs::write(tmp.path().join("site.toml"), toml).expect("write site.toml");
    tmp
}

/// A copy of the shipped portal with its site.toml exactly as shipped (placeholder address).
pub fn shipped_copy_as_is() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    for d in ["content", "data", "themes", "originals"] {
        copy_dir(&repo().join(d), &tmp.path().join(d));
    }
    std::fs::copy(repo().join("site.toml"), tmp.path().join("site.toml")).expect("copy");
    tmp
}

/// Polls `f` until it holds, for up to 30 s (a watch-mode rebuild, a reload).
pub fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        if f() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

/// A free TCP port on loopback (bound and released; fine for tests).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port")
}

/// A running `sapar serve`, stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
}

impl Server {
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with(root, extra, std::process::Stdio::null())
    }

    /// Like [`Server::start`], with the server's stderr written to `log` (to look for panics).
    pub fn start_logged(root: &Path, extra: &[&str], log: &Path) -> Server {
        let file = std::fs::File::create(log).expect("create log");
        Server::start_with(root, extra, file.into())
    }

    /// `sapar serve` started inside the site's folder without `--root`, as editors run it.
    pub fn start_inside(root: &Path) -> Server {
        Server::spawn(|port| {
            let mut cmd = sapar();
            cmd.current_dir(root)
                .args(["serve", "--port", &port.to_string()])
                .stderr(std::process::Stdio::null());
            cmd
        })
    }

    fn start_with(root: &Path, extra: &[&str], stderr: std::process::Stdio) -> Server {
        let mut stderr = Some(stderr);
        Server::spawn(|port| {
            let mut cmd = sapar();
            cmd.args(["serve", "--root"])
                .arg(root)
                .args(["--port", &port.to_string()])
                .args(extra);
            if let Some(e) = stderr.take() {
                cmd.stderr(e);
            }
            cmd
        })
    }

    /// Like [`Server::start`], with environment variables set for the server.
    pub fn spawn_with_env(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        Server::spawn(|port| {
            let mut cmd = sapar();
            cmd.args(["serve", "--root"])
                .arg(root)
                .args(["--port", &port.to_string()])
                .args(extra)
                .envs(env.iter().copied())
                .stderr(std::process::Stdio::null());
            cmd
        })
    }

    fn spawn(command: impl FnOnce(u16) -> std::process::Command) -> Server {
        // `serve` builds into `root` before it listens, and two builds swapping the same
        // public/ at once can trip over each other: servers on one root start one at a time.
        static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one_at_a_time = STARTING.lock().unwrap_or_else(|e| e.into_inner());
        let port = free_port();
        let child = command(port).spawn().expect("spawn serve");
        let s = Server { child, port };
        // The build (kiosk frames included) can take well over 15 s on a loaded 2-core machine.
        for _ in 0..1200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return s;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("server did not start on port {port}");
    }

    pub fn get(&self, path: &str) -> HttpResponse {
        http(self.port, "GET", path, &[])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client: the path is sent exactly as given (no normalisation), which is
/// what traversal tests need.
pub fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> HttpResponse {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .expect("timeout");
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    HttpResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        let start = i + 2;
        out.extend_from_slice(&b[start..(start + n).min(b.len())]);
        b = &b[(start + n + 2).min(b.len())..];
    }
    out
}

/// The error messages of a command's stderr, each with its location, shown line and hint:
/// a message starts at a line `error: …` and runs until the next message.
pub fn error_blocks(stderr: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    let mut in_error = false;
    for l in stderr.lines() {
        if l.starts_with("error: ") || l.starts_with("warning: ") {
            in_error = l.starts_with("error: ");
            if in_error {
                blocks.push(String::new());
            }
        } else if !in_error || l.starts_with("build failed") {
            in_error = false;
            continue;
        }
        if let Some(b) = blocks.last_mut() {
            b.push_str(l);
            b.push('\n');
        }
    }
    blocks
}

/// Runs `cmd` to its end, killing it and failing the test after `limit` (a server that should
/// have refused to start would otherwise hang the test run).
pub fn output_within(cmd: &mut Command, limit: std::time::Duration) -> Output {
    let log = tempfile::NamedTempFile::new().expect("log");
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(log.reopen().expect("reopen log"))
        .spawn()
        .expect("spawn");
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "still running after {limit:?}:\n{}",
                std::fs::read_to_string(log.path()).unwrap_or_default()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    Output {
        status,
        stdout: Vec::new(),
        stderr: std::fs::read(log.path()).expect("read log"),
    }
}
