//! The portal's public address (`base_url`): which address a build writes into everything it
//! hands out, and which addresses are only placeholders.
//!
//! Kiosk QR codes, the sitemap, canonical links, feeds and JSON-LD all start with `base_url`.
//! The shipped site.toml carries a placeholder because the real address is decided at
//! deployment, so a build for publishing refuses one: a printed QR code or a search engine's
//! copy of the sitemap cannot be called back. The rule is narrow on purpose, so that no real
//! address is ever refused. An address is a placeholder when it is
//! - missing or empty;
//! - on a host with a label `example` (`example.com`, `example.net`, `example.org` — the
//!   example domains of RFC 2606 — and by the same word `example.kg` or `portal.example.kg`),
//!   or the labels people write for a domain they do not know yet, `yourdomain` and
//!   `your-domain`;
//! - under the top-level names `.example` or `.invalid`, reserved never to resolve.
//!
//! Loopback (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`) and `.test` (reserved for
//! testing) are accepted: nobody writes them as a stand-in for the portal's address, they are
//! chosen on purpose for a build that is checked on the machine that serves it (tests, staging).
//!
//! An editors' preview is not published: there a placeholder or missing address is replaced by
//! the preview's own (`http://127.0.0.1:1111`), so that even the preview carries no placeholder.

use crate::diag::Diagnostic;
use crate::model::config::CONFIG_FILE;

/// Which address a build writes into what it hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrl {
    /// A build for publishing (`sapar build`, `sapar serve --no-watch`): `--base-url` when
    /// given, else site.toml's `base_url`; a placeholder or none stops the build.
    Publish(Option<String>),
    /// An editors' preview served at `local`: the address as for publishing when it is a real
    /// one, else `local` (a `--base-url` given must still be real).
    Preview {
        given: Option<String>,
        local: String,
    },
}

/// The address a build uses, and for a preview that had to use its own, the line that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub(crate) url: String,
    pub(crate) note: Option<String>,
}

/// The labels that mark a placeholder host wherever they appear in it.
const PLACEHOLDER_LABELS: &[&str] = &["example", "yourdomain", "your-domain"];
/// Top-level names reserved never to resolve (RFC 2606).
const RESERVED_TLDS: &[&str] = &["example", "invalid"];

/// The host of an absolute `http(s)://` address, lowercase and without its port (an IPv6
/// host keeps its brackets: `[::1]`); `None` when `url` is not such an address.
pub(crate) fn host(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.');
    let valid = !host.is_empty()
        && !host.contains(char::is_whitespace)
        && host.split('.').all(|label| !label.is_empty());
    valid.then(|| host.to_string())
}

/// Why `url` cannot be the portal's public address (a few words to follow "is a placeholder"),
/// or `None` when it can. `url` must be an absolute address ([`host`]); an empty one is
/// missing, not a placeholder, and is the caller's to report.
pub(crate) fn placeholder(url: &str) -> Option<String> {
    let host = host(url)?;
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last().copied().unwrap_or("");
    if labels.len() > 1 && RESERVED_TLDS.contains(&tld) {
        return Some(format!(
            "`.{tld}` is reserved for addresses that do not exist"
        ));
    }
    labels
        .iter()
        .find(|l| PLACEHOLDER_LABELS.contains(l))
        .map(|l| format!("`{l}` marks an example address"))
}

/// Why the address matters, said in every hint.
const WHERE: &str = "kiosk QR codes, the sitemap, feeds and links to the portal all carry it";

/// The address a build uses: the one given on the command line, else site.toml's (`value`,
/// empty when the key is missing, written at `line`). Errors name site.toml and the key's line
/// (or `--base-url`), say why the address cannot be published and what to write instead.
pub(crate) fn resolve(
    wanted: &BaseUrl,
    value: &str,
    line: Option<usize>,
) -> Result<Resolved, Box<Diagnostic>> {
    let (given, local) = match wanted {
        BaseUrl::Publish(given) => (given.as_deref(), None),
        BaseUrl::Preview { given, local } => (given.as_deref(), Some(local.as_str())),
    };
    if let Some(given) = given {
        return given_on_command_line(given).map(|url| Resolved { url, note: None });
    }
    let value = value.trim();
    let problem = if value.is_empty() {
        None
    } else {
        match placeholder(value) {
            None => {
                return Ok(Resolved {
                    url: value.trim_end_matches('/').to_string(),
                    note: None,
                });
            }
            reason => reason,
        }
    };
    if let Some(local) = local {
        let what = match &problem {
            Some(_) => format!("site.toml's base_url `{value}` is a placeholder"),
            None => "site.toml has no base_url".to_string(),
        };
        return Ok(Resolved {
            url: local.to_string(),
            note: Some(format!(
                "{what}: this preview links to its own address, {local} (set the portal's address before publishing)"
            )),
        });
    }
    Err(Box::new(match problem {
        Some(reason) => Diagnostic::error(
            CONFIG_FILE,
            line,
            format!("base_url `{value}` is a placeholder ({reason}), not the address the portal is published at"),
        )
        .pointing_at(value)
        .with_hint(format!(
            "write the address the portal is published at, like `base_url = \"https://…\"` with the portal's own domain, or give it to this build with `--base-url https://…`; {WHERE}"
        )),
        None if line.is_some() => Diagnostic::error(
            CONFIG_FILE,
            line,
            "base_url is empty: a site for publishing needs the address it is published at",
        )
        .pointing_at("base_url")
        .with_hint(format!(
            "write the address the portal is published at, like `base_url = \"https://…\"` with the portal's own domain, or give it to this build with `--base-url https://…`; {WHERE}"
        )),
        None => Diagnostic::error(
            CONFIG_FILE,
            None,
            "site.toml has no base_url: a site for publishing needs the address it is published at",
        )
        .with_hint(format!(
            "add a line `base_url = \"https://…\"` with the portal's own domain at the top of site.toml, or give it to this build with `--base-url https://…`; {WHERE}"
        )),
    }))
}

/// `--base-url`: an absolute address that is not a placeholder, without its trailing slash.
fn given_on_command_line(given: &str) -> Result<String, Box<Diagnostic>> {
    let given = given.trim();
    if host(given).is_none() {
        let shown = if given.contains("://") || given.is_empty() {
            "https://…".to_string()
        } else {
            format!("https://{given}")
        };
        return Err(Box::new(
            Diagnostic::error(
                "--base-url",
                None,
                format!("`{given}` is not an address starting with https:// or http://"),
            )
            .with_hint(format!(
                "write the whole address, like `--base-url {shown}`"
            )),
        ));
    }
    if let Some(reason) = placeholder(given) {
        return Err(Box::new(Diagnostic::error(
            "--base-url",
            None,
            format!("`{given}` is a placeholder ({reason}), not the address the portal is published at"),
        )
        .with_hint(format!(
            "give the address the portal is published at, like `--base-url https://…` with the portal's own domain; {WHERE}"
        ))));
    }
    Ok(given.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for url in [
            "https://portal.example.kg",
            "https://example.com",
            "http://www.example.net/",
            "https://EXAMPLE.org/portal",
            "https://example.kg",
            "https://portal.example",
            "https://sapar.invalid",
            "https://yourdomain.com",
            "https://www.your-domain.kg",
            "https://user@portal.example.kg:8443/x",
            "https://portal.example.kg./",
        ] {
            assert!(placeholder(url).is_some(), "{url} should be a placeholder");
        }
    }

    #[test]
    fn real_and_test_addresses() {
        for url in [
            "https://kiosk.sapar.test/portal/",
            "https://examples.kg",
            "https://counterexample.org",
            "https://example-portal.kg",
            "https://portal.kg/example/",
            "https://portal.kg/?example",
            "http://127.0.0.1:1111",
            "http://localhost:8080",
            "http://[::1]:1111",
            "https://sapar.test",
            "https://invalid.kg",
        ] {
            assert_eq!(placeholder(url), None, "{url} is not a placeholder");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://A.kg:443/x").as_deref(), Some("a.kg"));
        assert_eq!(host("http://[::1]:1111/").as_deref(), Some("[::1]"));
        assert_eq!(host("https://u:p@h.kg").as_deref(), Some("h.kg"));
        for bad in [
            "portal.kg",
            "https://",
            "ftp://x.kg",
            "https://a..kg",
            "https:// x",
        ] {
            assert_eq!(host(bad), None, "{bad}");
        }
    }

    #[test]
    fn publishing_uses_a_real_address_without_its_slash() {
        let r = resolve(&BaseUrl::Publish(None), "https://sapar.test/", Some(4)).unwrap();
        assert_eq!(r.url, "https://sapar.test");
        assert_eq!(r.note, None);
        let r = resolve(
            &BaseUrl::Publish(Some("https://staging.sapar.test/".into())),
            "https://portal.example.kg",
            Some(4),
        )
        .unwrap();
        assert_eq!(r.url, "https://staging.sapar.test");
    }

    #[test]
    fn publishing_refuses_a_placeholder_at_its_line() {
        let d = resolve(
            &BaseUrl::Publish(None),
            "https://portal.example.kg",
            Some(4),
        )
        .unwrap_err();
        assert_eq!(d.file, std::path::Path::new("site.toml"));
        assert_eq!(d.line, Some(4));
        assert!(d.message.contains("is a placeholder"), "{}", d.message);
        let hint = d.hint.unwrap();
        assert!(
            hint.contains("https://…") && hint.contains("--base-url"),
            "{hint}"
        );
    }

    #[test]
    fn publishing_refuses_a_missing_or_empty_address() {
        let d = resolve(&BaseUrl::Publish(None), "", None).unwrap_err();
        assert_eq!(d.line, None);
        assert!(d.message.contains("no base_url"), "{}", d.message);
        assert!(d.hint.unwrap().contains("add a line"));
        let d = resolve(&BaseUrl::Publish(None), "  ", Some(2)).unwrap_err();
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("empty"), "{}", d.message);
    }

    #[test]
    fn the_command_line_must_be_real_too() {
        for wanted in [
            BaseUrl::Publish(Some("https://example.com".into())),
            BaseUrl::Preview {
                given: Some("https://example.com".into()),
                local: "http://127.0.0.1:1111".into(),
            },
        ] {
            let d = resolve(&wanted, "https://sapar.test", Some(4)).unwrap_err();
            assert_eq!(d.file, std::path::Path::new("--base-url"));
            assert!(d.message.contains("placeholder"), "{}", d.message);
        }
        let d = resolve(&BaseUrl::Publish(Some("portal.kg".into())), "", None).unwrap_err();
        assert_eq!(
            d.hint.as_deref(),
            Some("write the whole address, like `--base-url https://portal.kg`")
        );
    }

    #[test]
    fn a_preview_uses_its_own_address_and_says_so() {
        let local = "http://127.0.0.1:1111".to_string();
        let preview = BaseUrl::Preview {
            given: None,
            local: local.clone(),
        };
        let r = resolve(&preview, "https://portal.example.kg", Some(4)).unwrap();
        assert_eq!(r.url, local);
        let note = r.note.unwrap();
        assert!(
            note.contains("placeholder") && note.contains(&local),
            "{note}"
        );
        let r = resolve(&preview, "", None).unwrap();
        assert_eq!(r.url, local);
        assert!(r.note.unwrap().contains("no base_url"));
        let r = resolve(&preview, "https://sapar.test", Some(4)).unwrap();
        assert_eq!((r.url.as_str(), r.note), ("https://sapar.test", None));
    }
}
