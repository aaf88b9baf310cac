//! The publisher on a real copy of the shipped site kept in a real Git repository: a save
//! builds, is published and is one commit by its editor; a save that breaks the build changes
//! nothing; two editors on one page lose nothing.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::publish::Publisher;
use super::repo::Author;
use crate::build::BaseUrl;
use crate::model::strings::Strings;

const HOTLINE: &str = "content/hotline/_index.ru.md";

fn git(root: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(root)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The shipped site, copied and committed once.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "data", "themes", "originals", "site.toml"] {
        let status = Command::new("cp")
            .arg("-r")
            .arg(repo.join(part))
            .arg(tmp.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    std::fs::write(
        tmp.path().join(".gitignore"),
        "/public/\n/search_index/\n/.public.previous/\n/.search_index.previous/\n/.sapar-build.lock\n/.sapar-state/\n",
    )
    .unwrap();
    git(tmp.path(), &["init", "-q", "-b", "main"]);
    git(tmp.path(), &["add", "-A"]);
    git(
        tmp.path(),
        &[
            "-c",
            "user.name=setup",
            "-c",
            "user.email=setup@sapar.invalid",
            "commit",
            "-qm",
            "shipped",
        ],
    );
    tmp
}

fn publisher(root: &Path) -> Publisher {
    let p = Publisher::open(root, BaseUrl::Publish(Some("https://sapar.test".into()))).unwrap();
    // The first build, as the server makes at start.
    crate::build::build(&crate::build::BuildOptions {
        root: root.to_path_buf(),
        output: None,
        progress: false,
        base_url: BaseUrl::Publish(Some("https://sapar.test".into())),
        drafts: false,
    })
    .unwrap_or_else(|d| {
        panic!(
            "{:?}",
            d.sorted().iter().map(|d| d.render()).collect::<Vec<_>>()
        )
    });
    p
}

fn editor(name: &str) -> Author {
    Author {
        name: name.into(),
        email: format!("{name}@editors.invalid"),
    }
}

fn strings() -> Strings {
    let mut s = Strings::default();
    for (k, v) in [
        ("publish_done", "Published."),
        ("publish_not_built", "Not published."),
        ("publish_kept", "Kept as {ref}."),
        ("publish_merged", "{who} saved meanwhile; both kept."),
        ("publish_clash", "Not saved: {who} changed {path}."),
    ] {
        s.text.insert(k.into(), v.into());
    }
    s
}

fn read(p: &Publisher, who: &str, path: &str) -> String {
    let got = p
        .act(
            &json!({"action": "getEntry", "params": {"path": path}}),
            "ru",
            &editor(who),
            &strings(),
        )
        .ok()
        .unwrap();
    got.answer["data"].as_str().unwrap().to_string()
}

fn save(p: &Publisher, who: &str, path: &str, raw: &str) -> Result<Value, (u16, String)> {
    let req = json!({"action": "persistEntry", "params": {"entry": {"path": path, "raw": raw, "slug": "_index"}, "assets": []}});
    match p.act(&req, "ru", &editor(who), &strings()) {
        Ok(done) => Ok(done.answer),
        Err(super::files::Refused(status, why)) => Err((status.as_u16(), why)),
    }
}

fn served(root: &Path) -> String {
    std::fs::read_to_string(root.join("public/ru/hotline/index.html")).unwrap()
}

#[test]
fn a_save_is_built_published_and_one_commit_by_its_editor() {
    let tmp = site();
    let root = tmp.path();
    let p = publisher(root);
    let before = git(root, &["rev-parse", "HEAD"]);
    let text = read(&p, "aigul", HOTLINE);
    let edited = text.replace(
        "Горячая линия 1899\"",
        "Горячая линия 1899 (круглосуточно?)\"",
    );
    assert_ne!(edited, text);
    let answer = save(&p, "aigul", HOTLINE, &edited).unwrap();
    assert_eq!(answer["published"], json!(true));
    assert!(served(root).contains("Горячая линия 1899 (круглосуточно?)"));
    assert_eq!(
        git(
            root,
            &["rev-list", "--count", &format!("{}..HEAD", before.trim())]
        )
        .trim(),
        "1"
    );
    assert_eq!(
        git(root, &["log", "-1", "--format=%an <%ae>"]).trim(),
        "aigul <aigul@editors.invalid>"
    );
    assert_eq!(
        git(root, &["show", "--name-only", "--format=", "HEAD"]).trim(),
        HOTLINE
    );
    assert_eq!(git(root, &["status", "--porcelain"]).trim(), "");
    // A save that changes nothing is no commit.
    let again = read(&p, "aigul", HOTLINE);
    save(&p, "aigul", HOTLINE, &again).unwrap();
    assert_eq!(
        git(
            root,
            &["rev-list", "--count", &format!("{}..HEAD", before.trim())]
        )
        .trim(),
        "1"
    );
}

#[test]
fn a_save_that_breaks_the_build_publishes_nothing_and_keeps_the_attempt() {
    let tmp = site();
    let root = tmp.path();
    let p = publisher(root);
    let head = git(root, &["rev-parse", "HEAD"]);
    let page_before = served(root);
    let text = read(&p, "aigul", HOTLINE);
    // A link to a page that does not exist: the build refuses it.
    let broken = text.replace(
        "[справочнике](@/legal-aid)",
        "[справочнике](@/no-such-page)",
    );
    let (status, why) = save(&p, "aigul", HOTLINE, &broken).unwrap_err();
    assert_eq!(status, 422, "{why}");
    assert!(why.starts_with("Not published."), "{why}");
    assert!(
        why.contains("_index.ru.md"),
        "the message names the file: {why}"
    );
    assert!(why.contains("Kept as "), "{why}");
    assert_eq!(git(root, &["rev-parse", "HEAD"]), head, "no commit");
    assert_eq!(
        git(root, &["status", "--porcelain"]).trim(),
        "",
        "the work tree is the last commit again"
    );
    assert_eq!(served(root), page_before, "readers keep the last good page");
    let kept = git(
        root,
        &[
            "for-each-ref",
            "--format=%(refname)",
            "refs/sapar/recovered/",
        ],
    );
    let kept = kept.lines().next().unwrap();
    assert!(git(root, &["show", &format!("{kept}:{HOTLINE}")]).contains("@/no-such-page"));
}

#[test]
fn two_editors_on_one_page_lose_nothing() {
    let tmp = site();
    let root = tmp.path();
    let p = publisher(root);
    let seen_by_a = read(&p, "aigul", HOTLINE);
    let seen_by_b = read(&p, "bakyt", HOTLINE);
    // Different lines: both land, and the second is told.
    let a = seen_by_a.replace("Когда звонить", "Когда позвонить");
    save(&p, "aigul", HOTLINE, &a).unwrap();
    let b = seen_by_b.replace("Что важно знать", "Что нужно знать");
    let answer = save(&p, "bakyt", HOTLINE, &b).unwrap();
    assert_eq!(answer["notice"], json!("aigul saved meanwhile; both kept."));
    let now = std::fs::read_to_string(root.join(HOTLINE)).unwrap();
    assert!(
        now.contains("Когда позвонить") && now.contains("Что нужно знать"),
        "{now}"
    );
    // The same line: the second is refused, told who saved first, and their version is kept.
    let seen_by_a = read(&p, "aigul", HOTLINE);
    let seen_by_b = read(&p, "bakyt", HOTLINE);
    save(
        &p,
        "aigul",
        HOTLINE,
        &seen_by_a.replace("Когда позвонить", "Когда звонить на 1899"),
    )
    .unwrap();
    let head = git(root, &["rev-parse", "HEAD"]);
    let (status, why) = save(
        &p,
        "bakyt",
        HOTLINE,
        &seen_by_b.replace("Когда позвонить", "В каких случаях звонить"),
    )
    .unwrap_err();
    assert_eq!(status, 409);
    assert!(
        why.starts_with(&format!("Not saved: aigul changed {HOTLINE}.")),
        "{why}"
    );
    assert_eq!(git(root, &["rev-parse", "HEAD"]), head);
    assert!(
        std::fs::read_to_string(root.join(HOTLINE))
            .unwrap()
            .contains("Когда звонить на 1899")
    );
    assert_eq!(git(root, &["status", "--porcelain"]).trim(), "");
    let kept = git(
        root,
        &[
            "for-each-ref",
            "--format=%(refname)",
            "refs/sapar/recovered/",
        ],
    );
    let kept = kept.lines().last().unwrap();
    assert!(git(root, &["show", &format!("{kept}:{HOTLINE}")]).contains("В каких случаях звонить"));
    // The same editor saving twice is not a clash with themself.
    let again = read(&p, "aigul", HOTLINE);
    save(
        &p,
        "aigul",
        HOTLINE,
        &again.replace("на 1899", "по номеру 1899"),
    )
    .unwrap();
    let mine = std::fs::read_to_string(root.join(HOTLINE))
        .unwrap()
        .replace("по номеру 1899", "на 1899 (уточняется)");
    save(&p, "aigul", HOTLINE, &mine).unwrap();
}
