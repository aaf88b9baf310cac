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

/// The whole configuration, as JSON (a YAML document too: Decap reads it as config.yml), with
/// the interface, labels, hints and choice names in the editor's language `lang` (a language
/// of the site; another gets the default language's).
pub(crate) fn config(
    site: &Site,
    strings: &BTreeMap<String, Strings>,
    lang: &str,
    backend: Backend,
) -> Value {
    let choices = Choices::of(site, strings, lang);
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
    collections.push(fields::synonyms_collection(&choices));
    json!({
        "backend": backend_json(backend),
        // Decap's own words (buttons, menus, messages): its bundled locale for `ru` and `en`,
        // Sapar's sapar-ky.js for `ky`.
        "locale": choices.lang,
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
                if h.backend == "gitea" {
                    b["auth_endpoint"] = json!(format!("{u}/login/oauth/authorize"));
                }
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
        "label": fields::section_label(name, kind, choices),
        "label_singular": fields::singular(kind, choices),
        // "View Live": the page's own address in the editor's language (link::outputs), from
        // its folder; without it Decap opens the home page.
        "preview_path": format!("{}/{{{{dirname}}}}/", link_prefix(&choices.lang, name)),
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
                    choices.t("admin_page_home"),
                )
            } else {
                (
                    format!("page-{b}"),
                    format!("content/{b}"),
                    choices.fill("admin_page", &[("name", &fields::page_label(b, choices))]),
                )
            };
            json!({
                "name": name,
                "label": label,
                "label_singular": choices.t("admin_singular_page"),
                "preview_path": if b.is_empty() {
                    format!("/{}/", choices.lang)
                } else {
                    format!("{}/", link_prefix(&choices.lang, b))
                },
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

/// The address of a folder in `lang`, `/ru/news`, as link::outputs::page_url writes it for a
/// page with no `slug` of its own (the pages editors open from the CMS).
fn link_prefix(lang: &str, folder: &str) -> String {
    format!("/{lang}/{folder}")
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use serde_json::Value;

    use super::*;
    use crate::load::explain::accepted_keys;
    use crate::load::frontmatter::{FrontMatter, QuizItem, RawSchedule};
    use crate::model::config::{Kiosk, Section, SlideSelection, SortBy};
    use crate::model::contact::{KINDS, SourceDoc};
    use crate::model::site::QuickFact;

    fn site() -> Site {
        let mut config = crate::render::fixture::config();
        for (name, kind) in [
            ("news", SectionKind::News),
            ("kiosk", SectionKind::Kiosk),
            ("legal-aid", SectionKind::Directory),
        ] {
            config.sections.push(Section {
                name: name.into(),
                kind,
                sort: SortBy::Weight,
            });
        }
        config.kiosks.push(Kiosk {
            id: "manas-1".into(),
            place: BTreeMap::new(),
            city: BTreeMap::new(),
            width: 1920,
            height: 1080,
            languages: vec!["ky".into()],
            slides: SlideSelection::All,
            quiet: None,
            utc_offset_minutes: 360,
            line: None,
        });
        let doc = SourceDoc {
            id: "cmw-2025".into(),
            file: "cmw.txt".into(),
            year: None,
            title: BTreeMap::new(),
            url: None,
            line_count: None,
        };
        let sources = BTreeMap::from([("cmw-2025".to_string(), doc)]);
        Site {
            config,
            pages: Vec::new(),
            assets: Vec::new(),
            drafts: Vec::new(),
            contacts: Vec::new(),
            sources,
            synonyms: Vec::new(),
            broken: Default::default(),
            broken_data: Vec::new(),
            snapshots: BTreeMap::new(),
        }
    }

    /// The site with English as a third language, as the shipped portal has.
    fn site3() -> Site {
        let mut s = site();
        let mut en = s.config.languages[1].clone();
        en.code = "en".into();
        en.fallback = vec!["ru".into(), "ky".into()];
        s.config.languages.push(en);
        s
    }

    /// Fake names of a few topics and countries, over the theme's Kyrgyz labels and hints.
    fn strings() -> BTreeMap<String, Strings> {
        let mut text: BTreeMap<String, String> = theme_strings()["ky"]
            .text
            .iter()
            .filter(|(k, _)| k.starts_with("admin_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for k in [
            "topic_advice",
            "topic_legal-aid",
            "country_RU",
            "country_*",
            "nav_home",
        ] {
            text.insert(k.to_string(), format!("name of {k}"));
        }
        BTreeMap::from([("ky".to_string(), Strings { text, months: None })])
    }

    fn names(fields: &Value) -> BTreeSet<String> {
        fields
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["name"].as_str().map(str::to_string))
            .collect()
    }

    fn collection<'a>(c: &'a Value, name: &str) -> &'a Value {
        c["collections"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == name))
            .unwrap_or(&Value::Null)
    }

    fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
        fields
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == name))
            .unwrap_or(&Value::Null)
    }

    #[test]
    fn every_key_the_build_accepts_has_a_field() {
        let c = config(&site(), &strings(), "ky", Backend::Local);
        let kiosk_only = ["kiosks", "alert", "link", "schedule"];
        let mut offered = BTreeSet::new();
        for col in c["collections"].as_array().unwrap() {
            let fields = names(&col["fields"]);
            if col["name"] != "kiosk" {
                for k in kiosk_only {
                    assert!(
                        !fields.contains(k),
                        "{} offers {k}, which the build refuses there",
                        col["name"]
                    );
                }
            }
            offered.extend(fields);
        }
        let keys = accepted_keys::<FrontMatter>();
        assert!(keys.len() > 20, "{keys:?}");
        for k in &keys {
            assert!(
                offered.contains(k),
                "front matter key `{k}` has no field in the editing interface"
            );
        }
        // Inside the tables and lists too.
        let kiosk = &collection(&c, "kiosk")["fields"];
        assert_eq!(
            names(&field(kiosk, "schedule")["fields"]),
            accepted_keys::<RawSchedule>().into_iter().collect()
        );
        let module = &collection(&c, "modules")["fields"];
        assert_eq!(
            names(&field(module, "quiz")["fields"]),
            accepted_keys::<QuizItem>().into_iter().collect()
        );
        let guide = &collection(&c, "guides")["fields"];
        assert_eq!(
            names(&field(guide, "quick_facts")["fields"]),
            accepted_keys::<QuickFact>().into_iter().collect()
        );
        let org = &collection(&c, "directory")["files"][0]["fields"][0]["fields"];
        assert_eq!(
            names(org),
            crate::load::data::contact_keys().into_iter().collect()
        );
        let words = &collection(&c, "search-words")["files"][0]["fields"];
        let langs: BTreeSet<String> = ["ky", "ru"].map(String::from).into();
        assert_eq!(names(words), langs, "one list per language");
        assert_eq!(
            names(&words[0]["fields"]),
            crate::load::synonyms::group_keys().into_iter().collect()
        );
    }

    #[test]
    fn every_choice_list_is_the_builds_table() {
        let site = site();
        let strings = strings();
        let c = config(&site, &strings, "ky", Backend::Local);
        let values = |f: &Value| -> Vec<String> {
            f["options"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| {
                    o.get("value")
                        .unwrap_or(o)
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        };
        let org = &collection(&c, "directory")["files"][0]["fields"][0]["fields"];
        assert_eq!(values(field(org, "kind")), KINDS.to_vec());
        let topics = crate::link::vocabulary::named(&strings, "topic_");
        assert_eq!(values(field(org, "topics")), topics);
        let mut countries = values(field(org, "countries"));
        countries.sort();
        assert_eq!(
            countries,
            crate::link::vocabulary::named(&strings, "country_")
        );
        let kiosk = &collection(&c, "kiosk")["fields"];
        assert_eq!(values(field(kiosk, "kiosks")), vec!["manas-1"]);
        let guide = &collection(&c, "guides")["fields"];
        assert_eq!(values(field(guide, "original")), vec!["ky", "ru"]);
        let pattern = field(guide, "sources")["field"]["pattern"][0]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(pattern.starts_with("^(cmw-2025)"), "{pattern}");
        assert!(
            field(guide, "country")["hint"]
                .as_str()
                .unwrap_or_default()
                .contains("RU")
        );
    }

    #[test]
    fn the_deployed_interface_saves_to_the_git_host() {
        let host = GitHost {
            backend: "gitea".into(),
            repo: "ministry/portal".into(),
            branch: "main".into(),
            base_url: Some("https://git.ministry.test".into()),
            app_id: Some("abc".into()),
        };
        let c = config(&site(), &strings(), "ky", Backend::Host(&host));
        assert_eq!(c["backend"]["name"], "gitea");
        assert_eq!(c["backend"]["api_root"], "https://git.ministry.test/api/v1");
        assert_eq!(c["backend"]["app_id"], "abc");
        assert_eq!(
            config(&site(), &strings(), "ky", Backend::Local)["backend"]["proxy_url"],
            "/api/v1"
        );
    }

    /// The theme's real UI strings, as load::i18n gives them (each language complete here).
    fn theme_strings() -> BTreeMap<String, Strings> {
        let files = [
            ("ky", include_str!("../../../themes/portal/i18n/ky.toml")),
            ("ru", include_str!("../../../themes/portal/i18n/ru.toml")),
            ("en", include_str!("../../../themes/portal/i18n/en.toml")),
        ];
        files
            .into_iter()
            .map(|(l, text)| {
                let table: toml::Table = toml::from_str(text).unwrap();
                let text = table
                    .into_iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
                    .collect();
                (l.to_string(), Strings { text, months: None })
            })
            .collect()
    }

    fn all_strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| all_strings(x, out)),
            Value::Object(m) => m.values().for_each(|x| all_strings(x, out)),
            _ => {}
        }
    }

    #[test]
    fn every_label_the_interface_uses_is_in_every_language() {
        let strings = theme_strings();
        for lang in ["ky", "ru", "en"] {
            let own = BTreeMap::from([(lang.to_string(), strings[lang].clone())]);
            let c = config(&site3(), &own, lang, Backend::Local);
            let mut texts = Vec::new();
            all_strings(&c, &mut texts);
            let missing: Vec<&String> = texts.iter().filter(|t| t.starts_with("admin_")).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }

    #[test]
    fn a_russian_editor_reads_russian_labels_and_names() {
        let strings = theme_strings();
        let c = config(&site3(), &strings, "ru", Backend::Local);
        assert_eq!(c["locale"], "ru");
        let guide = &collection(&c, "guides")["fields"];
        assert_eq!(field(guide, "title")["label"], "Заголовок");
        assert_eq!(field(guide, "description")["label"], "Краткое описание");
        let org = &collection(&c, "directory")["files"][0]["fields"][0]["fields"];
        let countries = field(org, "countries")["options"].to_string();
        assert!(countries.contains("Россия (RU)"), "{countries}");
        assert!(
            field(org, "topics")["options"]
                .to_string()
                .contains("Бесплатная юридическая помощь")
        );
        let ky = config(&site3(), &strings, "ky", Backend::Local);
        assert_eq!(ky["locale"], "ky");
        let guide = &collection(&ky, "guides")["fields"];
        assert_eq!(field(guide, "title")["label"], "Аталышы");
        let en = config(&site3(), &strings, "en", Backend::Local);
        let guide = &collection(&en, "guides")["fields"];
        assert_eq!(field(guide, "title")["label"], "Title");
        // A language the site does not have: the site's default one.
        assert_eq!(
            config(&site3(), &strings, "de", Backend::Local)["locale"],
            "ky"
        );
    }

    /// 28.05.2025 typed into Decap's date widget became 1905-02-08: dates are written as the
    /// editor writes them, through sapar-admin.js's widget, and checked before saving.
    #[test]
    fn dates_are_written_day_month_year_and_checked() {
        let c = config(&site3(), &theme_strings(), "ru", Backend::Local);
        let news = &collection(&c, "news")["fields"];
        let date = field(news, "date");
        assert_eq!(date["widget"], "sapar-date");
        assert_eq!(date["placeholder"], "дд.мм.гггг");
        // What the file keeps, checked in the widget's ISO value (getValidateValue).
        assert_eq!(date["pattern"][0], "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        assert!(date["pattern"][1].as_str().unwrap().contains("28.05.2025"));
        let kiosk = &collection(&c, "kiosk")["fields"];
        assert_eq!(
            field(&field(kiosk, "schedule")["fields"], "from")["widget"],
            "sapar-date"
        );
    }

    #[test]
    fn a_new_page_needs_a_latin_folder_name_and_a_title_without_edge_spaces() {
        let c = config(&site3(), &theme_strings(), "ru", Backend::Local);
        let news = &collection(&c, "news")["fields"];
        let slug = field(news, "slug");
        assert_eq!(slug["widget"], "sapar-slug");
        assert!(
            slug["required_message"]
                .as_str()
                .unwrap()
                .contains("латинскими")
        );
        assert_eq!(slug["pattern"][0], "^[a-z0-9]+(-[a-z0-9]+)*$");
        // Text that starts and ends with a non-space (the browser test types a trailing one).
        assert_eq!(field(news, "title")["pattern"][0], "^\\S(.*\\S)?$");
    }

    #[test]
    fn view_live_opens_the_entrys_own_page_and_choices_have_names() {
        let mut site = site3();
        site.config.kiosks[0].place =
            BTreeMap::from([("ru".to_string(), "Аэропорт Манас".to_string())]);
        let c = config(&site, &theme_strings(), "ru", Backend::Local);
        assert_eq!(
            collection(&c, "news")["preview_path"],
            "/ru/news/{{dirname}}/"
        );
        let kiosk = &collection(&c, "kiosk")["fields"];
        assert_eq!(
            field(kiosk, "kiosks")["options"][0],
            serde_json::json!({ "label": "Аэропорт Манас (manas-1)", "value": "manas-1" })
        );
        let guide = &collection(&c, "guides")["fields"];
        assert_eq!(field(guide, "sources")["summary"], "{{fields.source}}");
        let org = &collection(&c, "directory")["files"][0]["fields"][0];
        assert_eq!(org["summary"], "{{fields.name.ru}} ({{fields.id}})");
    }
}
