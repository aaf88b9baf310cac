//! The editing interface at /admin/: the CMS (Decap CMS, built into the binary by build.rs)
//! with a configuration generated from the content model ([`config`]), so that editors who are
//! not programmers fill in forms instead of writing TOML, and can never be offered a topic,
//! country or kind that the build would refuse.
//!
//! `sapar serve` on an editor's machine serves it against the site folder (editing);
//! `sapar build` writes it into public/admin/ only when site.toml names the Git host of a
//! deployed portal (`[editing]`, docs/editing.md).

pub(crate) mod config;
pub(crate) mod fields;
pub(crate) mod translations;

include!(concat!(env!("OUT_DIR"), "/cms_files.rs"));

/// The CMS's name and version, for `sapar --version`-like reports and the docs' figures.
pub(crate) fn cms_version() -> String {
    format!("Decap CMS {CMS_VERSION}")
}

pub(crate) use config::{Backend, config};

/// The page that loads the CMS. `extra` is a script tag for `sapar serve` (the banner that
/// shows the build's messages); the deployed page has none.
pub(crate) fn index_html(extra: &str) -> String {
    if CMS_FILES.is_empty() {
        return NOT_BUILT_IN.to_string();
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n<title>Sapar: editing</title>\n\
<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n<body>\n\
<script src=\"decap-cms.js\"></script>\n<script src=\"sapar-admin.js\"></script>\n{extra}</body>\n</html>\n"
    )
}

/// Shown at /admin/ by a binary built without npm (build.rs says so when it is built).
const NOT_BUILT_IN: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sapar: editing</title></head>\n<body><h1>The editing interface is not in this copy of Sapar</h1>\n<p>It is added when Sapar is built on a machine with Node.js's <code>npm</code> that reaches registry.npmjs.org: install npm, run <code>cargo build --release</code> again, and open this page again. Editors who received a ready-made <code>sapar</code> program have it already.</p></body></html>\n";

/// Sapar's additions to the CMS: the translation status and the portal's look in previews.
pub(crate) const ADMIN_JS: &str = include_str!("sapar-admin.js");

/// The files of public/admin/ (or of /admin/ in `sapar serve`): the page, the configuration,
/// Sapar's script and the CMS's own files.
pub(crate) fn files(config_yml: String, extra: &str) -> Vec<(String, Vec<u8>)> {
    let mut v = vec![
        ("index.html".to_string(), index_html(extra).into_bytes()),
        ("config.yml".to_string(), config_yml.into_bytes()),
        ("sapar-admin.js".to_string(), ADMIN_JS.as_bytes().to_vec()),
    ];
    v.extend(CMS_FILES.iter().map(|(n, b)| (n.to_string(), b.to_vec())));
    v
}

/// public/admin/ of a deployed portal whose site.toml names its Git host (`[editing]`).
pub(crate) fn out_files(
    linked: &crate::link::Linked,
    strings: &std::collections::BTreeMap<String, crate::model::strings::Strings>,
    host: &crate::model::config::GitHost,
) -> Vec<crate::model::output::OutFile> {
    let c = config(&linked.site, strings, Backend::Host(host));
    let yml = serde_json::to_string_pretty(&c).unwrap_or_default();
    let status = translations::status(linked).to_string();
    let mut all = files(yml, "");
    all.push(("translations.json".into(), status.into_bytes()));
    all.into_iter()
        .map(|(name, bytes)| crate::model::output::OutFile {
            path: format!("admin/{name}"),
            content: crate::model::output::Content::Bytes(bytes),
        })
        .collect()
}

/// A CMS file by name, for the server (no copy: the bytes are in the binary).
pub(crate) fn cms_file(name: &str) -> Option<&'static [u8]> {
    CMS_FILES.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}
