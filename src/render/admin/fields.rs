//! The CMS's form fields for each key of a page's front matter and of a contact, with the
//! labels and hints an editor reads. The choices come from [`Choices`], filled from the same
//! tables the build validates against, so a form can only offer what the build accepts.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::link::vocabulary;
use crate::model::config::SectionKind;
use crate::model::contact::{KINDS, pick};
use crate::model::schedule::WEEKDAYS;
use crate::model::site::Site;
use crate::model::strings::Strings;

/// Every list of choices a form offers, each with its label in the editor's language, and the
/// theme's UI strings of that language for the labels and hints.
pub(crate) struct Choices {
    /// The editor's language: labels, hints and choice names are in it.
    pub(crate) lang: String,
    /// The theme's UI strings of `lang` (the fallback languages' already filled in by load).
    pub(crate) ui: Strings,
    /// The language most pages are written in first: the CMS's default locale, whose fields
    /// are required and from which the non-text keys are copied to the translations.
    pub(crate) original: String,
    pub(crate) languages: Vec<String>,
    pub(crate) topics: Vec<(String, String)>,
    pub(crate) countries: Vec<(String, String)>,
    pub(crate) kinds: Vec<String>,
    pub(crate) sources: Vec<(String, String)>,
    pub(crate) contacts: Vec<(String, String)>,
    pub(crate) kiosks: Vec<(String, String)>,
    /// Bundles a kiosk slide's QR code may open: the portal's web pages.
    pub(crate) pages: Vec<String>,
}

/// Keys that say the same in every language of a page: written in the original and copied to
/// the translations. Decap copies single values itself (`duplicate`); lists and tables it
/// cannot, so `sapar serve` copies them when it saves (editing::fresh).
pub(crate) const COPIED_KEYS: &[&str] = &[
    "slug", "weight", "country", "duration", "kiosks", "alert", "link", "schedule", "date",
    "updated", "sources", "contacts", "original", "draft", "aliases",
];

/// The language most pages are written in first (their `original`), else the default one.
pub(crate) fn original_language(site: &Site) -> String {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &site.pages {
        if let Some(o) = &p.meta.original {
            *count.entry(o.as_str()).or_default() += 1;
        }
    }
    count
        .iter()
        .max_by_key(|(_, n)| **n)
        .map_or(site.config.default_language.clone(), |(l, _)| l.to_string())
}

impl Choices {
    /// The choices of `site` with their names in `lang` (a language of the site; another
    /// falls back to the default language's strings).
    pub(crate) fn of(site: &Site, strings: &BTreeMap<String, Strings>, lang: &str) -> Choices {
        let original = original_language(site);
        let known = site.config.languages.iter().any(|l| l.code == lang);
        let lang = if known {
            lang.to_string()
        } else {
            site.config.default_language.clone()
        };
        let names = strings
            .get(&lang)
            .or_else(|| strings.get(&site.config.default_language))
            .or_else(|| strings.values().next());
        let order: Vec<String> = site
            .config
            .languages
            .iter()
            .find(|l| l.code == lang)
            .map_or_else(Vec::new, |l| l.fallback.clone());
        let labelled = |prefix: &str| -> Vec<(String, String)> {
            vocabulary::named(strings, prefix)
                .into_iter()
                .map(|v| {
                    let name = names
                        .and_then(|s| s.text.get(&format!("{prefix}{v}")))
                        .map_or(v.clone(), |n| format!("{n} ({v})"));
                    (v, name)
                })
                .collect()
        };
        let kiosk_sections: Vec<&str> = site
            .config
            .sections
            .iter()
            .filter(|s| s.kind == SectionKind::Kiosk)
            .map(|s| s.name.as_str())
            .collect();
        let mut pages: Vec<String> = site
            .pages
            .iter()
            .filter(|p| !kiosk_sections.contains(&p.section.as_str()) && !p.bundle.is_empty())
            .map(|p| p.bundle.clone())
            .collect();
        pages.sort();
        pages.dedup();
        Choices {
            languages: site
                .config
                .languages
                .iter()
                .map(|l| l.code.clone())
                .collect(),
            topics: labelled("topic_"),
            countries: labelled("country_"),
            kinds: KINDS.iter().map(|k| k.to_string()).collect(),
            sources: site
                .sources
                .iter()
                .map(|(id, d)| (id.clone(), pick(&d.title, &lang, &order).to_string()))
                .collect(),
            contacts: site
                .contacts
                .iter()
                .map(|c| (c.id.clone(), named(pick(&c.name, &lang, &order), &c.id)))
                .collect(),
            kiosks: site
                .config
                .kiosks
                .iter()
                .map(|k| {
                    let place = pick(&k.place, &lang, &order);
                    let city = pick(&k.city, &lang, &order);
                    let at = [place, city]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    (k.id.clone(), named(&at, &k.id))
                })
                .collect(),
            pages,
            original,
            ui: names.cloned().unwrap_or_default(),
            lang,
        }
    }
}

impl Choices {
    /// The UI string `key` in the editor's language; the key itself when no language of the
    /// theme has it (`sapar check` reports that, and the tests below keep every key present).
    pub(crate) fn t(&self, key: &str) -> String {
        self.ui.get(key).to_string()
    }

    /// The UI string `key` with its `{name}` placeholders filled.
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.ui.fill(key, args)
    }
}

/// `Name (id)`, or the id alone when there is no name: the id is what the file holds.
fn named(name: &str, id: &str) -> String {
    if name.is_empty() {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

/// How a field is kept across languages: its own text in each (`true`), or written once in
/// the original and copied to every translation (`duplicate`), as Sapar's files repeat it.
const TRANSLATED: &str = "translate";
const COPIED: &str = "duplicate";

/// A name in the small Latin letters, digits and dashes of addresses and ids.
const LATIN_NAME: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// Decap copies only single values to translations (`duplicate` is refused on a list or an
/// object): such a key (`sources`, `schedule`) shows in every language's form, and `sapar
/// serve` copies the original's on saving ([`COPIED_KEYS`]).
fn field(c: &Choices, name: &str, label: &str, widget: &str, required: bool, i18n: &str) -> Value {
    let whole = widget == "list" || widget == "object";
    let i18n_value = if i18n == TRANSLATED || whole {
        json!(true)
    } else {
        json!(i18n)
    };
    let mut f = json!({ "name": name, "label": c.t(label), "widget": widget, "required": required, "i18n": i18n_value });
    if i18n == COPIED && whole {
        f["hint"] = json!(c.t("admin_once"));
    }
    f
}

fn with(mut f: Value, key: &str, value: Value) -> Value {
    f[key] = value;
    f
}

fn select(
    c: &Choices,
    name: &str,
    label: &str,
    options: Value,
    multiple: bool,
    i18n: &str,
) -> Value {
    let f = field(c, name, label, "select", false, i18n);
    let f = with(f, "options", options);
    with(f, "multiple", json!(multiple))
}

fn labelled_options(list: &[(String, String)]) -> Value {
    list.iter()
        .map(|(value, label)| json!({ "label": label, "value": value }))
        .collect()
}

/// A date as the editor writes it, day.month.year (sapar-admin.js's `sapar-date`), kept in the
/// file as YYYY-MM-DD. Decap's own date widget is the browser's date input, which shows US
/// order in an English browser and, typed into, re-reads a half-typed year as 19xx.
fn date(c: &Choices, name: &str, label: &str, required: bool, i18n: &str) -> Value {
    let f = field(c, name, label, "sapar-date", required, i18n);
    let f = with(f, "placeholder", json!(c.t("admin_date_placeholder")));
    let f = with(f, "hint", json!(c.t("admin_hint_date")));
    with(
        f,
        "pattern",
        json!(["^[0-9]{4}-[0-9]{2}-[0-9]{2}$", c.t("admin_pattern_date")]),
    )
}

fn list_of_text(c: &Choices, name: &str, label: &str, i18n: &str) -> Value {
    let f = field(c, name, label, "list", false, i18n);
    with(
        f,
        "field",
        json!({ "name": "item", "label": c.t(label), "widget": "string" }),
    )
}

/// The pattern of a source citation: a document id, then optionally `:` and the lines. Each
/// item's box shows what it cites, and the hint names each document by its title.
fn sources_field(c: &Choices, i18n: &str) -> Value {
    let ids = c
        .sources
        .iter()
        .map(|(s, _)| regex_escape(s))
        .collect::<Vec<_>>()
        .join("|");
    let documents = c
        .sources
        .iter()
        .map(|(id, title)| named(title, id))
        .collect::<Vec<_>>()
        .join("; ");
    let f = list_of_text(c, "sources", "admin_field_sources", i18n);
    let example = c.sources.first().map_or("doc", |(s, _)| s.as_str());
    let hint = format!(
        "{} {}",
        c.fill(
            "admin_hint_sources",
            &[("example", example), ("list", &documents)]
        ),
        c.t("admin_once")
    );
    let f = with(f, "hint", json!(hint));
    let f = with(f, "summary", json!("{{fields.source}}"));
    with(
        f,
        "field",
        json!({
            "name": "source", "label": c.t("admin_field_source"), "widget": "string",
            "pattern": [format!("^({ids})(:[0-9]+(-[0-9]+)?(, ?[0-9]+(-[0-9]+)?)*)?$"),
                c.t("admin_pattern_source")],
        }),
    )
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let special = "\\^$.|?*+()[]{}/".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// A title: text with no spaces at either end (a trailing space was kept in the file and in
/// every listing).
fn title_field(c: &Choices) -> Value {
    let f = field(c, "title", "admin_field_title", "string", true, TRANSLATED);
    with(
        f,
        "pattern",
        json!(["^\\S(.*\\S)?$", c.t("admin_pattern_title")]),
    )
}

/// The fields of a page of `kind`, in the order its front matter is written; a section's own
/// page (`_index`) has only the common ones.
pub(crate) fn page_fields(kind: SectionKind, section_page: bool, c: &Choices) -> Vec<Value> {
    let mut v = vec![
        title_field(c),
        with(
            field(
                c,
                "description",
                "admin_field_description",
                "text",
                false,
                TRANSLATED,
            ),
            "hint",
            json!(c.t("admin_hint_description")),
        ),
    ];
    if !section_page {
        v.push(slug_field(c));
        v.extend(kind_fields(kind, c));
    }
    v.extend(common_tail(c));
    v
}

/// The folder of a page, which is its address: Decap's slug from a title cannot spell Cyrillic
/// in Latin letters (it drops them), so the editor writes it; a new page cannot be saved
/// without one (`sapar-slug` in sapar-admin.js), an existing page keeps its folder.
fn slug_field(c: &Choices) -> Value {
    let f = field(c, "slug", "admin_field_slug", "sapar-slug", false, COPIED);
    let f = with(f, "hint", json!(c.t("admin_hint_slug")));
    let f = with(f, "required_message", json!(c.t("admin_slug_required")));
    with(f, "pattern", json!([LATIN_NAME, c.t("admin_pattern_slug")]))
}

fn int(f: Value) -> Value {
    with(f, "value_type", json!("int"))
}

fn kind_fields(kind: SectionKind, c: &Choices) -> Vec<Value> {
    let weight = int(field(
        c,
        "weight",
        "admin_field_weight",
        "number",
        false,
        COPIED,
    ));
    match kind {
        SectionKind::Guide => vec![weight, country_field(c), quick_facts(c)],
        SectionKind::Module => vec![
            weight,
            int(field(
                c,
                "duration",
                "admin_field_duration",
                "number",
                false,
                COPIED,
            )),
            list_of_text(c, "goals", "admin_field_goals", TRANSLATED),
            list_of_text(c, "checklist", "admin_field_checklist", TRANSLATED),
            quiz(c),
        ],
        SectionKind::News => vec![
            date(c, "date", "admin_field_date", true, COPIED),
            date(c, "updated", "admin_field_updated", false, COPIED),
        ],
        SectionKind::Kiosk => kiosk_fields(weight, c),
        SectionKind::Page | SectionKind::Directory => vec![weight],
    }
}

/// A guide's country: its two-letter code, checked against the names the theme has. Text
/// rather than a closed list: a guide to a new country is a page editors add, and the build
/// then says which name the theme still needs.
fn country_field(c: &Choices) -> Value {
    let codes: Vec<String> = c
        .countries
        .iter()
        .filter(|(v, _)| v != "*")
        .map(|(_, name)| name.clone())
        .collect();
    let f = field(c, "country", "admin_field_country", "string", false, COPIED);
    let f = with(
        f,
        "hint",
        json!(c.fill("admin_hint_country", &[("list", &codes.join(", "))])),
    );
    with(
        f,
        "pattern",
        json!(["^[A-Z]{2}$", c.t("admin_pattern_country")]),
    )
}

fn quick_facts(c: &Choices) -> Value {
    let f = field(
        c,
        "quick_facts",
        "admin_field_quick_facts",
        "list",
        false,
        TRANSLATED,
    );
    let f = with(f, "summary", json!("{{fields.label}}: {{fields.value}}"));
    with(
        f,
        "fields",
        json!([
            { "name": "label", "label": c.t("admin_field_label"), "widget": "string" },
            { "name": "value", "label": c.t("admin_field_value"), "widget": "string" },
        ]),
    )
}

fn quiz(c: &Choices) -> Value {
    let f = field(c, "quiz", "admin_field_quiz", "list", false, TRANSLATED);
    let f = with(f, "summary", json!("{{fields.question}}"));
    with(
        f,
        "fields",
        json!([
            { "name": "question", "label": c.t("admin_field_question"), "widget": "string" },
            { "name": "options", "label": c.t("admin_field_answers"), "widget": "list",
              "field": { "name": "option", "label": c.t("admin_field_answer"), "widget": "string" } },
            { "name": "answer", "label": c.t("admin_field_right_answer"), "widget": "number",
              "value_type": "int", "min": 1 },
            { "name": "explain", "label": c.t("admin_field_explain"), "widget": "text", "required": false },
        ]),
    )
}

fn kiosk_fields(weight: Value, c: &Choices) -> Vec<Value> {
    let days: Vec<Value> = WEEKDAYS.iter().map(|d| json!(d)).collect();
    let pages: Vec<Value> = c.pages.iter().map(|p| json!(p)).collect();
    vec![
        weight,
        int(field(
            c,
            "duration",
            "admin_field_seconds",
            "number",
            false,
            COPIED,
        )),
        with(
            select(
                c,
                "kiosks",
                "admin_field_kiosks",
                labelled_options(&c.kiosks),
                true,
                COPIED,
            ),
            "hint",
            json!(c.t("admin_hint_kiosks")),
        ),
        with(
            field(c, "alert", "admin_field_alert", "boolean", false, COPIED),
            "default",
            json!(false),
        ),
        select(c, "link", "admin_field_link", json!(pages), false, COPIED),
        with(
            field(
                c,
                "schedule",
                "admin_field_schedule",
                "object",
                false,
                COPIED,
            ),
            "fields",
            nested(json!([
                date(c, "from", "admin_field_from", false, COPIED),
                date(c, "until", "admin_field_until", false, COPIED),
                select(
                    c,
                    "weekdays",
                    "admin_field_weekdays",
                    json!(days),
                    true,
                    COPIED
                ),
                with(
                    list_of_text(c, "times", "admin_field_times", COPIED),
                    "required",
                    json!(false)
                ),
            ])),
        ),
    ]
}

/// Keys every page may have, after its kind's own.
fn common_tail(c: &Choices) -> Vec<Value> {
    let languages: Vec<(String, String)> = c
        .languages
        .iter()
        .map(|l| (l.clone(), named(&c.t(&format!("admin_language_{l}")), l)))
        .collect();
    vec![
        sources_field(c, COPIED),
        select(
            c,
            "contacts",
            "admin_field_contacts",
            labelled_options(&c.contacts),
            true,
            COPIED,
        ),
        with(
            select(
                c,
                "original",
                "admin_field_original",
                labelled_options(&languages),
                false,
                COPIED,
            ),
            "hint",
            json!(c.t("admin_hint_original")),
        ),
        with(
            field(
                c,
                "reviewed",
                "admin_field_reviewed",
                "boolean",
                false,
                TRANSLATED,
            ),
            "default",
            json!(false),
        ),
        // Shows whether this language is up to date with the original (sapar-admin.js); its
        // value, the original's fingerprint, is kept as it is and set by `sapar serve` on save.
        field(
            c,
            "translated_from",
            "admin_field_status",
            "sapar-freshness",
            false,
            TRANSLATED,
        ),
        with(
            field(c, "draft", "admin_field_draft", "boolean", false, COPIED),
            "default",
            json!(false),
        ),
        with(
            list_of_text(c, "aliases", "admin_field_aliases", COPIED),
            "required",
            json!(false),
        ),
        field(c, "body", "admin_field_body", "markdown", true, TRANSLATED),
    ]
}

/// The contact directory, data/contacts.toml, as one form with an entry per organisation,
/// each box showing the organisation's name in the editor's language.
pub(crate) fn directory_collection(c: &Choices) -> Value {
    json!({
        "name": "directory",
        "label": c.t("admin_directory"),
        "files": [{
            "name": "contacts",
            "label": c.t("admin_directory_file"),
            "file": "data/contacts.toml",
            "format": "toml",
            "fields": [{
                "name": "org", "label": c.t("admin_field_orgs"), "label_singular": c.t("admin_field_org"),
                "widget": "list", "summary": format!("{{{{fields.name.{}}}}} ({{{{fields.id}}}})", c.lang),
                "collapsed": true,
                "fields": contact_fields(c),
            }],
        }],
    })
}

fn localized(name: &str, label: &str, widget: &str, c: &Choices, required: bool) -> Value {
    let subfields: Vec<Value> = c
        .languages
        .iter()
        .map(|l| json!({ "name": l, "label": c.t(&format!("admin_language_{l}")), "widget": widget, "required": required && *l == c.original }))
        .collect();
    json!({ "name": name, "label": c.t(label), "widget": "object", "required": required, "fields": subfields })
}

/// Fields inside an object go with it: only the object has a translation setting.
fn nested(mut v: Value) -> Value {
    strip_i18n(&mut v);
    v
}

/// The directory is one file in no language, so its fields carry no translation setting.
fn strip_i18n(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("i18n");
            m.values_mut().for_each(strip_i18n);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_i18n),
        _ => {}
    }
}

fn contact_fields(c: &Choices) -> Vec<Value> {
    let mut v = contact_fields_with_i18n(c);
    v.iter_mut().for_each(strip_i18n);
    v
}

fn contact_fields_with_i18n(c: &Choices) -> Vec<Value> {
    let mut countries = c.countries.clone();
    countries.sort_by_key(|(v, _)| v != "*");
    let cities: Vec<Value> = c
        .languages
        .iter()
        .map(|l| json!({ "name": l, "label": c.t(&format!("admin_language_{l}")), "widget": "list", "required": false }))
        .collect();
    let kinds: Vec<(String, String)> = c
        .kinds
        .iter()
        .map(|k| {
            (
                k.clone(),
                named(&c.t(&format!("admin_contact_kind_{k}")), k),
            )
        })
        .collect();
    vec![
        json!({ "name": "id", "label": c.t("admin_field_id"), "widget": "string",
                "pattern": [LATIN_NAME, c.t("admin_pattern_id")] }),
        json!({ "name": "kind", "label": c.t("admin_field_kind"), "widget": "select", "options": labelled_options(&kinds) }),
        json!({ "name": "topics", "label": c.t("admin_field_topics"), "widget": "select", "multiple": true,
                "options": labelled_options(&c.topics), "required": false }),
        json!({ "name": "countries", "label": c.t("admin_field_countries"), "widget": "select", "multiple": true,
                "options": labelled_options(&countries), "required": false }),
        json!({ "name": "phone", "label": c.t("admin_field_phone"), "widget": "string", "required": false,
                "hint": c.t("admin_hint_phone"),
                "pattern": ["^(\\+[0-9]{6,15}|[0-9]{3,15})$", c.t("admin_pattern_phone")] }),
        json!({ "name": "website", "label": c.t("admin_field_website"), "widget": "string", "required": false }),
        date(c, "verified", "admin_field_verified", true, COPIED),
        sources_field(c, COPIED),
        localized("name", "admin_field_name", "string", c, true),
        localized(
            "description",
            "admin_field_org_description",
            "text",
            c,
            false,
        ),
        json!({ "name": "cities", "label": c.t("admin_field_cities"), "widget": "object", "required": false, "fields": cities }),
        localized("address", "admin_field_address", "string", c, false),
        localized("hours", "admin_field_hours", "string", c, false),
    ]
}

/// data/synonyms.toml, the everyday words search treats as the pages' terms: per language, its
/// groups of words.
pub(crate) fn synonyms_collection(c: &Choices) -> Value {
    let languages: Vec<Value> = c
        .languages
        .iter()
        .map(|l| {
            let language = c.t(&format!("admin_language_{l}"));
            json!({
                "name": l, "label": c.fill("admin_synonyms_groups", &[("language", &language)]),
                "label_singular": c.t("admin_synonyms_group"),
                "widget": "list", "required": false, "collapsed": true,
                "summary": "{{fields.words}}",
                "fields": [{
                    "name": "words", "label": c.t("admin_field_words"), "widget": "list",
                    "hint": c.t("admin_hint_words"),
                    "field": { "name": "word", "label": c.t("admin_field_word"), "widget": "string" },
                }],
            })
        })
        .collect();
    json!({
        "name": "search-words",
        "label": c.t("admin_search_words"),
        "files": [{
            "name": "synonyms",
            "label": c.t("admin_synonyms_file"),
            "file": "data/synonyms.toml",
            "format": "toml",
            "fields": languages,
        }],
    })
}

/// The UI-string key of a kind of section (`admin_section_guide`, …).
fn kind_key(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Guide => "guide",
        SectionKind::Module => "module",
        SectionKind::News => "news",
        SectionKind::Kiosk => "kiosk",
        SectionKind::Directory => "directory",
        SectionKind::Page => "page",
    }
}

/// A section's name as an editor reads it in the CMS's menu: the portal's own menu label when
/// the theme has one, then what kind of pages it holds.
pub(crate) fn section_label(name: &str, kind: SectionKind, c: &Choices) -> String {
    let what = c.t(&format!("admin_section_{}", kind_key(kind)));
    format!("{} ({what})", page_label(name, c))
}

pub(crate) fn singular(kind: SectionKind, c: &Choices) -> String {
    c.t(&format!("admin_singular_{}", kind_key(kind)))
}

/// `legal-aid` → the menu's «Юридическая помощь» when the theme names it, else `Legal-aid`.
pub(crate) fn page_label(name: &str, c: &Choices) -> String {
    if let Some(menu) = c.ui.text.get(&format!("menu_{name}")) {
        return menu.clone();
    }
    let mut ch = name.chars();
    ch.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(ch).collect())
}
