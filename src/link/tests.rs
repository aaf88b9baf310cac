//! Link on sites built in memory.

use super::aliases::normalize_alias;
use super::outputs::page_url;

#[test]
fn urls() {
    assert_eq!(page_url("ky", "", None), "/ky/");
    assert_eq!(page_url("ky", "guides/russia", None), "/ky/guides/russia/");
    assert_eq!(
        page_url("ru", "guides/russia", Some("rossiya")),
        "/ru/guides/rossiya/"
    );
}

#[test]
fn aliases_cannot_escape() {
    assert!(normalize_alias("/../etc/passwd").is_err());
    assert!(normalize_alias("../x").is_err());
    assert!(normalize_alias("//evil.example/x").is_err());
    assert!(normalize_alias("/a/%2e%2e/b").is_err());
    assert!(normalize_alias("/").is_err());
    assert_eq!(normalize_alias("/ru/old").unwrap(), "/ru/old/");
    assert_eq!(normalize_alias("/old.html").unwrap(), "/old.html");
}
