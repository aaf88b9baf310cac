//! The editorial workflow on real repositories: saves wait on their branch, only a reviewer
//! publishes, a change published meanwhile is kept, a clash is refused.

use super::*;
use crate::editing::repo::tests::{repo_with, write};

const PAGE: &str = "content/guides/x/index.ru.md";
const START: &str =
    "+++\ntitle = \"Икс\"\noriginal = \"ru\"\n+++\n\nПервая строка.\n\nВторая строка.\n";

fn editor() -> Author {
    Author::editor("Айгүл")
}

fn reviewer() -> Author {
    Author::editor("Бакыт")
}

fn as_editor(a: &Author) -> Who<'_> {
    Who {
        author: a,
        reviewer: false,
    }
}

fn as_reviewer(a: &Author) -> Who<'_> {
    Who {
        author: a,
        reviewer: true,
    }
}

fn save_request(raw: &str) -> Value {
    json!({"action": "persistEntry", "params": {
        "branch": "main",
        "dataFiles": [{"path": PAGE, "raw": raw, "slug": "x"}],
        "assets": [],
        "options": {"useWorkflow": true, "collectionName": "guides", "commitMessage": "Edit x", "status": "draft"},
    }})
}

fn call(root: &Path, state: &Path, req: Value, who: Who<'_>) -> Result<Value, Refused> {
    act(root, state, &req, "ru", who).expect("a workflow action")
}

fn ok(r: Result<Value, Refused>) -> Value {
    match r {
        Ok(v) => v,
        Err(Refused(s, m)) => panic!("{s}: {m}"),
    }
}

fn refused(r: Result<Value, Refused>) -> (StatusCode, String) {
    match r {
        Ok(v) => panic!("not refused: {v}"),
        Err(Refused(s, m)) => (s, m),
    }
}

fn key_params() -> Value {
    json!({"branch": "main", "collection": "guides", "slug": "x"})
}

fn git_log(root: &Path) -> String {
    let out = std::process::Command::new("git")
        .current_dir(root)
        .args(["log", "-1", "--format=%an|%B", "--name-only"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// An editor's save for review, and what the CMS then reads of it.
fn saved_for_review(root: &Path, state: &Path, main: &Repo, ed: &Author) {
    let head = main.head().unwrap();
    let edited = START.replace("Первая строка.", "Первая новая строка.");
    ok(call(root, state, save_request(&edited), as_editor(ed)));

    // Readers' site folder and history are untouched.
    assert_eq!(std::fs::read_to_string(root.join(PAGE)).unwrap(), START);
    assert_eq!(main.head().unwrap(), head);
    let listed = ok(call(
        root,
        state,
        json!({"action": "unpublishedEntries", "params": {}}),
        as_editor(ed),
    ));
    assert_eq!(listed, json!(["guides/x"]));
    let entry = ok(call(
        root,
        state,
        json!({"action": "unpublishedEntry", "params": key_params()}),
        as_editor(ed),
    ));
    assert_eq!(entry["status"], "draft");
    assert_eq!(entry["diffs"][0]["path"], PAGE);
    assert_eq!(entry["diffs"][0]["binary"], false);
    let words = &entry["sapar"]["files"][0]["changes"][0];
    assert_eq!(words["added"], "новая");
    assert_eq!(entry["sapar"]["preview"], "/admin/preview/guides-x/");
    let mut p = key_params();
    p["path"] = json!(PAGE);
    let data = ok(call(
        root,
        state,
        json!({"action": "unpublishedEntryDataFile", "params": p}),
        as_editor(ed),
    ));
    assert!(
        data["data"]
            .as_str()
            .unwrap()
            .contains("Первая новая строка.")
    );
}

#[test]
fn a_save_waits_for_a_reviewer_and_then_publishes() {
    let (tmp, main) = repo_with(&[(PAGE, START)]);
    let root = tmp.path();
    let state = tempfile::tempdir().unwrap();
    let state = state.path();
    let (ed, rv) = (editor(), reviewer());
    saved_for_review(root, state, &main, &ed);

    // An editor can neither publish nor mark it ready; a reviewer can.
    let publish = json!({"action": "publishUnpublishedEntry", "params": key_params()});
    assert_eq!(
        refused(call(root, state, publish.clone(), as_editor(&ed))).0,
        StatusCode::FORBIDDEN
    );
    let mut ready = key_params();
    ready["newStatus"] = json!("pending_publish");
    let status = json!({"action": "updateUnpublishedEntryStatus", "params": ready});
    assert_eq!(
        refused(call(root, state, status.clone(), as_editor(&ed))).0,
        StatusCode::FORBIDDEN
    );
    ok(call(root, state, status, as_reviewer(&rv)));
    assert_eq!(
        read_meta(state, &Key::new("guides", "x").ok().unwrap())
            .unwrap()
            .status,
        PENDING_PUBLISH
    );

    // Meanwhile another line of the page is published: both changes are kept.
    let other = START.replace("Вторая строка.", "Вторая другая строка.");
    write(root, PAGE, &other);
    main.commit(&[PAGE.to_string()], &rv, "Other fix").unwrap();

    // The reviewer sees only the editor's words, not the published fix as taken out.
    let view = review(root, state, &Key::new("guides", "x").ok().unwrap())
        .ok()
        .unwrap();
    assert_eq!(
        view["files"][0]["changes"].as_array().unwrap().len(),
        1,
        "{view}"
    );
    assert_eq!(view["files"][0]["changes"][0]["added"], "новая");

    let answer = ok(call(root, state, publish, as_reviewer(&rv)));
    assert_eq!(answer["published"], json!([PAGE]));
    let now = std::fs::read_to_string(root.join(PAGE)).unwrap();
    assert!(
        now.contains("Первая новая строка.") && now.contains("Вторая другая строка."),
        "{now}"
    );
    let log = git_log(root);
    assert!(log.starts_with("Бакыт|Edit x"), "{log}");
    assert!(
        log.contains("Co-authored-by: Айгүл <Айгүл@editors.invalid>"),
        "{log}"
    );
    assert!(log.contains(PAGE));
    assert!(main.dirty(&[]).unwrap().is_empty(), "{:?}", main.dirty(&[]));
    // The entry is gone: its branch, worktree and state.
    let listed = ok(call(
        root,
        state,
        json!({"action": "unpublishedEntries", "params": {}}),
        as_editor(&ed),
    ));
    assert_eq!(listed, json!([]));
    assert!(
        main.git(&["rev-parse", "-q", "--verify", "refs/heads/cms/guides/x"])
            .is_err()
    );
    assert!(!state.join("review/guides-x").exists());
    let gone = refused(call(
        root,
        state,
        json!({"action": "unpublishedEntry", "params": key_params()}),
        as_editor(&ed),
    ));
    assert_eq!(
        gone.0,
        StatusCode::NOT_FOUND,
        "the CMS reads 404 as not under review"
    );
}

#[test]
fn a_clash_with_a_published_change_is_refused_and_writes_nothing() {
    let (tmp, main) = repo_with(&[(PAGE, START)]);
    let root = tmp.path();
    let state = tempfile::tempdir().unwrap();
    let (ed, rv) = (editor(), reviewer());
    let edited = START.replace("Первая строка.", "Первая правка редактора.");
    ok(call(
        root,
        state.path(),
        save_request(&edited),
        as_editor(&ed),
    ));
    let other = START.replace("Первая строка.", "Первая правка другого.");
    write(root, PAGE, &other);
    let head = main
        .commit(&[PAGE.to_string()], &rv, "Other")
        .unwrap()
        .unwrap();
    let publish = json!({"action": "publishUnpublishedEntry", "params": key_params()});
    let (status, message) = refused(call(root, state.path(), publish, as_reviewer(&rv)));
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(message.contains(PAGE), "{message}");
    assert_eq!(std::fs::read_to_string(root.join(PAGE)).unwrap(), other);
    assert_eq!(main.head().unwrap(), head);
    let view = review(root, state.path(), &Key::new("guides", "x").ok().unwrap())
        .ok()
        .unwrap();
    assert_eq!(view["files"][0]["clash"], true);
    // Still waiting, nothing lost.
    assert!(read_meta(state.path(), &Key::new("guides", "x").ok().unwrap()).is_some());
}

#[test]
fn with_review_on_an_editor_cannot_publish_directly() {
    let (tmp, _main) = repo_with(&[(PAGE, START)]);
    let state = tempfile::tempdir().unwrap();
    let ed = editor();
    let mut direct = save_request("x");
    direct["params"]["options"]["useWorkflow"] = json!(false);
    let (status, _) = refused(call(
        tmp.path(),
        state.path(),
        direct.clone(),
        as_editor(&ed),
    ));
    assert_eq!(status, StatusCode::FORBIDDEN);
    let delete = json!({"action": "deleteFile", "params": {"path": PAGE}});
    assert_eq!(
        refused(call(tmp.path(), state.path(), delete, as_editor(&ed))).0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(PAGE)).unwrap(),
        START
    );
    // A reviewer's direct save and reads are the ordinary actions (None: not the workflow's).
    let rv = reviewer();
    assert!(act(tmp.path(), state.path(), &direct, "ru", as_reviewer(&rv)).is_none());
    let read = json!({"action": "getEntry", "params": {"path": PAGE}});
    assert!(act(tmp.path(), state.path(), &read, "ru", as_editor(&ed)).is_none());
    let info = ok(call(
        tmp.path(),
        state.path(),
        json!({"action": "info"}),
        as_editor(&ed),
    ));
    assert_eq!(
        info["publish_modes"],
        json!(["simple", "editorial_workflow"])
    );
}

#[test]
fn sent_back_with_a_note_and_saved_again() {
    let (tmp, _main) = repo_with(&[(PAGE, START)]);
    let root = tmp.path();
    let state = tempfile::tempdir().unwrap();
    let state = state.path();
    let (ed, rv) = (editor(), reviewer());
    ok(call(
        root,
        state,
        save_request(&START.replace("Первая", "1")),
        as_editor(&ed),
    ));
    let key = Key::new("guides", "x").ok().unwrap();
    assert!(send_back(state, &key, "Номер телефона неверный", as_editor(&ed)).is_err());
    let mut p = key_params();
    p["note"] = json!("Номер телефона неверный");
    ok(call(
        root,
        state,
        json!({"action": "sendBack", "params": p}),
        as_reviewer(&rv),
    ));
    let entry = ok(call(
        root,
        state,
        json!({"action": "unpublishedEntry", "params": key_params()}),
        as_editor(&ed),
    ));
    assert_eq!(entry["status"], "draft");
    assert_eq!(entry["sapar"]["note"], "Номер телефона неверный");
    let notes = ok(call(
        root,
        state,
        json!({"action": "getNotes", "params": key_params()}),
        as_editor(&ed),
    ));
    assert_eq!(notes["notes"][0]["author"], "Бакыт");
    // The editor saves again on the same branch: two commits there, one entry.
    ok(call(
        root,
        state,
        save_request(&START.replace("Первая", "2")),
        as_editor(&ed),
    ));
    let tree = Repo::open(&worktree_dir(state, &key)).unwrap();
    assert_eq!(tree.history(PAGE, 10).unwrap().len(), 3);
    let del = json!({"action": "deleteUnpublishedEntry", "params": key_params()});
    ok(call(root, state, del, as_editor(&ed)));
    assert!(list(state).is_empty());
    assert!(!worktree_dir(state, &key).exists());
}

#[test]
fn a_restored_version_waits_for_review() {
    let (tmp, main) = repo_with(&[(PAGE, START)]);
    let root = tmp.path();
    let state = tempfile::tempdir().unwrap();
    let first = main.head().unwrap();
    write(root, PAGE, "+++\ntitle = \"Икс\"\n+++\nиспорчено\n");
    main.commit(&[PAGE.to_string()], &editor(), "bad").unwrap();
    let bytes = main.file_at(&first, PAGE).unwrap().unwrap();
    let key = propose(
        root,
        state.path(),
        &[(PAGE.to_string(), bytes)],
        &editor(),
        "Restore",
    )
    .ok()
    .unwrap();
    assert_eq!(key, Key::new("guides", "x").ok().unwrap());
    assert_eq!(
        read_meta(state.path(), &key).unwrap().status,
        PENDING_REVIEW
    );
    assert!(
        std::fs::read_to_string(root.join(PAGE))
            .unwrap()
            .contains("испорчено")
    );
    let paths = publish(root, state.path(), &key, as_reviewer(&reviewer()))
        .ok()
        .unwrap();
    assert_eq!(paths, vec![PAGE.to_string()]);
    assert_eq!(std::fs::read_to_string(root.join(PAGE)).unwrap(), START);
}

#[test]
fn keys_and_times() {
    assert!(Key::new("guides", "../x").is_err());
    assert!(Key::new("guides", "-x").is_err());
    assert!(Key::new("", "x").is_err());
    assert_eq!(
        Key::of_path("content/hotline/_index.ru.md").ok().unwrap(),
        Key::new("hotline", "hotline").ok().unwrap()
    );
    assert!(Key::of_path("data/contacts.toml").is_err());
    assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
    assert_eq!(iso_time(1_796_647_267), "2026-12-07T12:41:07Z");
    assert!(preview_dir(Path::new("/tmp"), "../etc").is_none());
}
