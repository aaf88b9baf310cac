//! The CMS's configuration, generated from the content model: one collection per section, the
//! section pages, and the contact directory as a form, each field with its type, whether it is
//! required and its choices taken from the very tables the build checks against (contact kinds,
//! the theme's topic and country names, source, contact and kiosk ids). Written by hand it would
//! drift from the build the first time a topic is added; generated, it cannot.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::fields::{self, Choices};
use crate::model::config::{GitHost, SectionKind};
use crate::model::site::Site;
use crate::model::strings::Strings;

/// Where the CMS reads and saves.
pub(crate) enum Backend<'a> {
    /// `sapar serve` on the editor's machine: files in the site folder, through /api/v1.
    Local,
    /// The deployed portal's /admin/, against the Git host of `[editing]`.
    Host(&'a GitHost),
}

/// Decap's media library needs a folder for files that belong to no page; pages' own images
/// go beside their Markdown (collection-level `media_folder: ""`), as bundles keep them.
const MEDIA_FOLDER: &str = "themes/portal/static/images";

/// The whole configuration, as JSON (a YAML document too: Decap reads it as config.yml).
pub(crate) fn config(site: &Site, strings: &BTreeMap<String, Strings>, backend: Backend) -> Value {
    let choices = Choices::of(site, strings);
    let locales: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let mut collections: Vec<Value> = site
        .config
        .sections
        .iter()
        .filter(|s| s.kind != SectionKind::Directory)
        .map(|s| section_collection(&s.name, s.kind, &choices))
        .collect();
    collections.extend(page_collections(site, &choices));
    collections.push(fields::directory_collection(&choices));
    json!({
        "backend": backend_json(backend),
        "publish_mode": "simple",
        "media_folder": MEDIA_FOLDER,
        "public_folder": "/images",
        "site_url": site.config.base_url,
        "i18n": {
            "structure": "multiple_files",
            "locales": locales,
            "default_locale": choices.original,
        },
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    })
}

fn backend_json(backend: Backend) -> Value {
    match backend {
        Backend::Local => json!({ "name": "proxy", "proxy_url": "/api/v1", "branch": "main" }),
        Backend::Host(h) => {
            let mut b = json!({ "name": h.backend, "repo": h.repo, "branch": h.branch });
            if let Some(u) = &h.base_url {
                b["base_url"] = json!(u);
                // Gitea and Forgejo answer their API under /api/v1, GitLab under /api/v4.
                let api = if h.backend == "gitlab" {
                    "api/v4"
                } else {
                    "api/v1"
                };
                b["api_root"] = json!(format!("{u}/{api}"));
            }
            if let Some(id) = &h.app_id {
                b["app_id"] = json!(id);
                if h.backend == "gitlab" {
                    b["auth_type"] = json!("pkce");
                }
            }
            b
        }
    }
}

/// A section's pages: `content/<section>/<bundle>/index.<lang>.md`, every language side by side.
fn section_collection(name: &str, kind: SectionKind, choices: &Choices) -> Value {
    json!({
        "name": name,
        "label": fields::section_label(name, kind),
        "label_singular": fields::singular(kind),
        "folder": format!("content/{name}"),
        "path": "{{slug}}/index",
        "extension": "md",
        "format": "toml-frontmatter",
        "create": true,
        "slug": "{{fields.slug}}",
        "summary": "{{title}}",
        "media_folder": "",
        "public_folder": "",
        "i18n": true,
        "fields": fields::page_fields(kind, false, choices),
    })
}

/// Section and standalone pages (`_index.<lang>.md`): the home page, each section's own page,
/// and folders such as hotline/ and about/ that are one page each. Decap keeps languages in
/// separate files only in folder collections, so each is a folder collection of one entry.
fn page_collections(site: &Site, choices: &Choices) -> Vec<Value> {
    let mut bundles: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| p.is_section)
        .map(|p| p.bundle.as_str())
        .collect();
    bundles.sort_unstable();
    bundles.dedup();
    bundles
        .iter()
        .map(|b| {
            let kind = site.config.section(b).kind;
            let (name, folder, label) = if b.is_empty() {
                (
                    "page-home".to_string(),
                    "content".to_string(),
                    "Page: home".to_string(),
                )
            } else {
                (
                    format!("page-{b}"),
                    format!("content/{b}"),
                    format!("Page: {}", fields::page_label(b)),
                )
            };
            json!({
                "name": name,
                "label": label,
                "label_singular": "page",
                "folder": folder,
                "path": "_index",
                "extension": "md",
                "format": "toml-frontmatter",
                "create": false,
                "delete": false,
                "summary": "{{title}}",
                "media_folder": "",
                "public_folder": "",
                "i18n": true,
                "fields": fields::page_fields(kind, true, choices),
            })
        })
        .collect()
}
