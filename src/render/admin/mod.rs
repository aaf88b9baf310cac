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
<script src=\"decap-cms.js\"></script>\n<script src=\"sapar-ky.js\"></script>\n<script src=\"sapar-admin.js\"></script>\n{extra}</body>\n</html>\n"
    )
}

/// Shown at /admin/ by a binary built without npm (build.rs says so when it is built).
const NOT_BUILT_IN: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sapar: editing</title></head>\n<body><h1>The editing interface is not in this copy of Sapar</h1>\n<p>It is added when Sapar is built on a machine with Node.js's <code>npm</code> that reaches registry.npmjs.org: install npm, run <code>cargo build --release</code> again, and open this page again. Editors who received a ready-made <code>sapar</code> program have it already.</p></body></html>\n";

/// Sapar's additions to the CMS: the translation status and the portal's look in previews.
pub(crate) const ADMIN_JS: &str = include_str!("sapar-admin.js");

/// Decap's own words in Kyrgyz, which Decap does not ship (`locale: ky` in the configuration).
pub(crate) const KY_LOCALE_JS: &str = include_str!("sapar-ky.js");

/// The cookie that remembers the language an editor chose in the CMS (sapar-admin.js sets it).
pub(crate) const LANG_COOKIE: &str = "sapar_lang";

/// The language of the editing interface for one request: the editor's choice (the
/// `sapar_lang` cookie), else the first of the browser's languages (`Accept-Language`, by its
/// weights) that the site has, else the site's default language.
pub(crate) fn editor_language(
    site: &crate::model::site::Site,
    cookie: Option<&str>,
    accept_language: Option<&str>,
) -> String {
    let known = |code: &str| {
        site.config
            .languages
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(code))
            .map(|l| l.code.clone())
    };
    let chosen = cookie
        .into_iter()
        .flat_map(|c| c.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == LANG_COOKIE).then(|| known(v.trim())).flatten()
        });
    if let Some(l) = chosen {
        return l;
    }
    let mut offered: Vec<(f32, usize, String)> = accept_language
        .unwrap_or("")
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q=").map(str::to_string))
                .map_or(1.0, |q| q.parse::<f32>().unwrap_or(0.0));
            let primary = tag.split('-').next()?;
            let code = known(primary)?;
            (q > 0.0).then_some((q, i, code))
        })
        .collect();
    // Highest weight first; among equal weights, the order the browser gave.
    offered.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    offered
        .into_iter()
        .next()
        .map_or_else(|| site.config.default_language.clone(), |(_, _, c)| c)
}

/// The files of public/admin/ (or of /admin/ in `sapar serve`): the page, the configuration,
/// Sapar's script and the CMS's own files.
pub(crate) fn files(config_yml: String, extra: &str) -> Vec<(String, Vec<u8>)> {
    let mut v = vec![
        ("index.html".to_string(), index_html(extra).into_bytes()),
        ("config.yml".to_string(), config_yml.into_bytes()),
        ("sapar-admin.js".to_string(), ADMIN_JS.as_bytes().to_vec()),
        ("sapar-ky.js".to_string(), KY_LOCALE_JS.as_bytes().to_vec()),
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
    // A static file serves every editor alike: the site's default language.
    let lang = &linked.site.config.default_language;
    let c = config(&linked.site, strings, lang, Backend::Host(host));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> crate::model::site::Site {
        let mut config = crate::render::fixture::config();
        let mut en = config.languages[1].clone();
        en.code = "en".into();
        config.languages.push(en);
        crate::model::site::Site {
            config,
            pages: Vec::new(),
            assets: Vec::new(),
            drafts: Vec::new(),
            contacts: Vec::new(),
            sources: Default::default(),
            synonyms: Vec::new(),
            broken: Default::default(),
            broken_data: Vec::new(),
            snapshots: Default::default(),
        }
    }

    #[test]
    fn the_interface_speaks_the_editors_choice_else_the_browsers_else_the_sites() {
        let s = site();
        // The choice wins over the browser.
        let chosen = editor_language(&s, Some("theme=x; sapar_lang=ru"), Some("en-US,en"));
        assert_eq!(chosen, "ru");
        // A Russian browser, by weight and by order.
        let ru = Some("de-DE,de;q=0.9,ru;q=0.8,en;q=0.7");
        assert_eq!(editor_language(&s, None, ru), "ru");
        assert_eq!(editor_language(&s, None, Some("en;q=0.5,ru-RU")), "ru");
        assert_eq!(editor_language(&s, None, Some("ky-KG,ru;q=0.9")), "ky");
        // A cookie naming no language of the site, a browser with none of them: the default.
        assert_eq!(editor_language(&s, Some("sapar_lang=xx"), Some("de")), "ky");
        assert_eq!(editor_language(&s, None, None), "ky");
        assert_eq!(editor_language(&s, None, Some("ru;q=0")), "ky");
    }

    #[test]
    fn the_page_loads_the_kyrgyz_locale_before_sapars_script() {
        if CMS_FILES.is_empty() {
            return;
        }
        let html = index_html("");
        let ky = html.find("sapar-ky.js").unwrap_or(usize::MAX);
        let cms = html.find("decap-cms.js").unwrap_or(usize::MAX);
        assert!(cms < ky && ky < html.find("sapar-admin.js").unwrap_or(0));
        assert!(KY_LOCALE_JS.contains("registerLocale('ky'"));
        assert!(KY_LOCALE_JS.contains("native speaker"));
    }
}
