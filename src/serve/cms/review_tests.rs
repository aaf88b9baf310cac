//! The staff pages on the shipped theme and real repositories.

use super::*;
use crate::build::BaseUrl;
use crate::editing::repo::tests::{repo_with, write};
use serde_json::json;

const PAGE: &str = "content/guides/x/index.ru.md";

fn shipped() -> SiteState {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = BaseUrl::Preview {
        given: None,
        local: "http://127.0.0.1:8080/".into(),
    };
    match crate::build::site_state(root, &base) {
        Ok(s) => s,
        Err(_) => panic!("the shipped site loads"),
    }
}

async fn body(r: Response) -> (StatusCode, String) {
    let status = r.status();
    let bytes = axum::body::to_bytes(r.into_body(), 1 << 24).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).to_string())
}

#[tokio::test]
async fn the_history_page_and_a_restore() {
    let site = shipped();
    let (tmp, repo) = repo_with(&[(PAGE, "Позвоните по номеру 1899 днём.\n")]);
    let root = tmp.path();
    let first = repo.head().unwrap();
    write(root, PAGE, "Позвоните по номеру 1900 днём.\n");
    let who = Author::editor("Айгүл");
    repo.commit(&[PAGE.into()], &who, "Новый номер").unwrap();
    let (status, html) = body(history(&site, root, &who, "ru", PAGE, false, "")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("История изменений"), "{html}");
    assert!(html.contains("Новый номер") && html.contains("Айгүл"));
    assert!(
        html.contains("<ins title=\"Добавлено\">1900</ins>"),
        "{html}"
    );
    assert!(html.contains("<del title=\"Удалено\">1899</del>"));
    assert!(
        html.contains(&format!("value=\"{first}\"")),
        "the older version has a restore form"
    );
    assert!(html.contains("Восстановить эту версию"));
    let (_, ky) = body(history(&site, root, &who, "ky", PAGE, false, "")).await;
    assert!(ky.contains("Өзгөртүүлөрдүн тарыхы"));
    let (status, _) = body(history(&site, root, &who, "ru", "site.toml", false, "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // With review on, the restore waits on a branch; the published file stays.
    let state = tempfile::tempdir().unwrap();
    let form = RestoreForm {
        path: PAGE.into(),
        commit: first.clone(),
    };
    let done = restore(&site, root, state.path(), &who, "ru", true, &form);
    assert!(done.published.is_empty());
    let (_, html) = body(done.response).await;
    assert!(html.contains("ждёт проверки"), "{html}");
    assert!(
        std::fs::read_to_string(root.join(PAGE))
            .unwrap()
            .contains("1900")
    );
    assert_eq!(workflow::list(state.path()).len(), 1);

    // Without review, it is a new commit at once.
    let done = restore(&site, root, state.path(), &who, "ru", false, &form);
    assert_eq!(done.published, vec![PAGE.to_string()]);
    let (_, html) = body(done.response).await;
    assert!(
        html.contains("Версия восстановлена как новое изменение."),
        "{html}"
    );
    assert!(
        std::fs::read_to_string(root.join(PAGE))
            .unwrap()
            .contains("1899")
    );
    assert_eq!(repo.history(PAGE, 10).unwrap().len(), 3);
}

#[tokio::test]
async fn the_preview_serves_its_own_folder_only() {
    let state = tempfile::tempdir().unwrap();
    let public = state.path().join("review/guides-x/public");
    write(&public, "index.html", "<p>home</p>");
    write(&public, "ru/guides/x/index.html", "<p>x</p>");
    write(state.path(), "secret.txt", "no");
    let who = Author::editor("a");
    let (status, html) = body(preview(state.path(), &who, "guides-x", "")).await;
    assert_eq!((status, html.as_str()), (StatusCode::OK, "<p>home</p>"));
    let (status, html) = body(preview(state.path(), &who, "guides-x", "ru/guides/x/")).await;
    assert_eq!((status, html.as_str()), (StatusCode::OK, "<p>x</p>"));
    for bad in ["../../../secret.txt", "..", "ru/../../../../secret.txt"] {
        let (status, _) = body(preview(state.path(), &who, "guides-x", bad)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
    }
    let (status, _) = body(preview(state.path(), &who, "..", "secret.txt")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = body(preview(state.path(), &who, "guides-y", "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = body(drafts(state.path(), &who, "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no drafts preview built");
    write(state.path(), "drafts/public/index.html", "<p>drafts</p>");
    let (_, html) = body(drafts(state.path(), &who, "")).await;
    assert_eq!(html, "<p>drafts</p>");
    let (_, json) = body(mirror_json(None, &who)).await;
    assert_eq!(json, "null");
}

#[tokio::test]
async fn the_reviewers_view_and_the_history_query() {
    let (tmp, _repo) = repo_with(&[(PAGE, "+++\ntitle = \"Икс\"\n+++\nСтарое слово.\n")]);
    let state = tempfile::tempdir().unwrap();
    let ed = Author::editor("Айгүл");
    let req = json!({"action": "persistEntry", "params": {
        "dataFiles": [{"path": PAGE, "raw": "+++\ntitle = \"Икс\"\n+++\nНовое слово.\n", "slug": "x"}],
        "assets": [],
        "options": {"useWorkflow": true, "collectionName": "guides", "commitMessage": "m"}}});
    let who = workflow::Who {
        author: &ed,
        reviewer: false,
    };
    assert!(
        workflow::act(tmp.path(), state.path(), &req, "ru", who)
            .unwrap()
            .is_ok()
    );
    let (status, text) = body(review_json(tmp.path(), state.path(), &ed, "guides", "x")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["files"][0]["changes"][0]["removed"], "Старое");
    assert_eq!(v["files"][0]["changes"][0]["added"], "Новое");
    assert_eq!(v["authors"][0], "Айгүл <Айгүл@editors.invalid>");
    let (status, _) = body(review_json(tmp.path(), state.path(), &ed, "guides", "../x")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = body(review_json(tmp.path(), state.path(), &ed, "guides", "y")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let uri: axum::http::Uri = "/admin/history/?path=content/guides/x/index.ru.md&lang=ky"
        .parse()
        .unwrap();
    let axum::extract::Query(q) = axum::extract::Query::<HistoryQuery>::try_from_uri(&uri).unwrap();
    assert_eq!((q.path.as_str(), q.lang.as_deref()), (PAGE, Some("ky")));
}
