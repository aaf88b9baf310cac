//! The CMS's form fields for each key of a page's front matter and of a contact, with the
//! labels and hints an editor reads. The choices come from [`Choices`], filled from the same
//! tables the build validates against, so a form can only offer what the build accepts.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::link::vocabulary;
use crate::model::config::SectionKind;
use crate::model::contact::KINDS;
use crate::model::schedule::WEEKDAYS;
use crate::model::site::Site;
use crate::model::strings::Strings;

/// Every list of choices a form offers, each with its label in the original language.
pub(crate) struct Choices {
    /// The language most pages are written in first: the CMS's default locale, whose fields
    /// are required and from which the non-text keys are copied to the translations.
    pub(crate) original: String,
    pub(crate) languages: Vec<String>,
    pub(crate) topics: Vec<(String, String)>,
    pub(crate) countries: Vec<(String, String)>,
    pub(crate) kinds: Vec<String>,
    pub(crate) sources: Vec<String>,
    pub(crate) contacts: Vec<String>,
    pub(crate) kiosks: Vec<String>,
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
    pub(crate) fn of(site: &Site, strings: &BTreeMap<String, Strings>) -> Choices {
        let original = original_language(site);
        let names = strings.get(&original).or_else(|| strings.values().next());
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
            sources: site.sources.keys().cloned().collect(),
            contacts: site.contacts.iter().map(|c| c.id.clone()).collect(),
            kiosks: site.config.kiosks.iter().map(|k| k.id.clone()).collect(),
            pages,
            original,
        }
    }
}

/// How a field is kept across languages: its own text in each (`true`), or written once in
/// the original and copied to every translation (`duplicate`), as Sapar's files repeat it.
const TRANSLATED: &str = "translate";
const COPIED: &str = "duplicate";

/// What a list or table written once in the original says in the other languages' forms.
const ONCE: &str = "Set it in the original language: the other languages get it when you save.";

/// Decap copies only single values to translations (`duplicate` is refused on a list or an
/// object): such a key (`sources`, `schedule`) shows in every language's form, and `sapar
/// serve` copies the original's on saving ([`COPIED_KEYS`]).
fn field(name: &str, label: &str, widget: &str, required: bool, i18n: &str) -> Value {
    let whole = widget == "list" || widget == "object";
    let i18n_value = if i18n == TRANSLATED || whole {
        json!(true)
    } else {
        json!(i18n)
    };
    let mut f = json!({ "name": name, "label": label, "widget": widget, "required": required, "i18n": i18n_value });
    if i18n == COPIED && whole {
        f["hint"] = json!(ONCE);
    }
    f
}

fn with(mut f: Value, key: &str, value: Value) -> Value {
    f[key] = value;
    f
}

fn select(name: &str, label: &str, options: Value, multiple: bool, i18n: &str) -> Value {
    let f = field(name, label, "select", false, i18n);
    let f = with(f, "options", options);
    with(f, "multiple", json!(multiple))
}

fn labelled_options(list: &[(String, String)]) -> Value {
    list.iter()
        .map(|(value, label)| json!({ "label": label, "value": value }))
        .collect()
}

fn date(name: &str, label: &str, required: bool, i18n: &str) -> Value {
    let f = field(name, label, "datetime", required, i18n);
    let f = with(f, "date_format", json!("YYYY-MM-DD"));
    let f = with(f, "time_format", json!(false));
    let f = with(f, "format", json!("YYYY-MM-DD"));
    with(f, "picker_utc", json!(true))
}

fn list_of_text(name: &str, label: &str, i18n: &str) -> Value {
    let f = field(name, label, "list", false, i18n);
    with(
        f,
        "field",
        json!({ "name": "item", "label": label, "widget": "string" }),
    )
}

/// The pattern of a source citation: a document id, then optionally `:` and the lines.
fn sources_field(choices: &Choices, i18n: &str) -> Value {
    let ids = choices
        .sources
        .iter()
        .map(|s| regex_escape(s))
        .collect::<Vec<_>>()
        .join("|");
    let f = list_of_text("sources", "Sources", i18n);
    let f = with(
        f,
        "hint",
        json!(format!(
            "One line per source: the document's id, then `:` and the line numbers it says this on, like `{}:80`. Documents: {}. {ONCE}",
            choices.sources.first().map_or("doc", String::as_str),
            choices.sources.join(", ")
        )),
    );
    with(
        f,
        "field",
        json!({
            "name": "source", "label": "Source", "widget": "string",
            "pattern": [format!("^({ids})(:[0-9]+(-[0-9]+)?(, ?[0-9]+(-[0-9]+)?)*)?$"),
                "write a document id from the list below, then `:` and line numbers, like `cmw-2025:80` or `mgi-2022:632-637`"],
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

/// The fields of a page of `kind`, in the order its front matter is written; a section's own
/// page (`_index`) has only the common ones.
pub(crate) fn page_fields(kind: SectionKind, section_page: bool, c: &Choices) -> Vec<Value> {
    let mut v = vec![
        field("title", "Title", "string", true, TRANSLATED),
        with(
            field(
                "description",
                "Short description",
                "text",
                false,
                TRANSLATED,
            ),
            "hint",
            json!("One or two sentences: shown in listings, search results and link previews."),
        ),
    ];
    if !section_page {
        v.push(slug_field());
        v.extend(kind_fields(kind, c));
    }
    v.extend(common_tail(c));
    v
}

fn slug_field() -> Value {
    let f = field(
        "slug",
        "Folder name (Latin letters)",
        "string",
        false,
        COPIED,
    );
    let f = with(
        f,
        "hint",
        json!(
            "For a new page only: the last part of its address, like `germany`. Small Latin letters, digits and dashes."
        ),
    );
    with(
        f,
        "pattern",
        json!([
            "^[a-z0-9]+(-[a-z0-9]+)*$",
            "small Latin letters, digits and dashes only, like `germany` or `new-rules-2026`"
        ]),
    )
}

fn kind_fields(kind: SectionKind, c: &Choices) -> Vec<Value> {
    let weight = with(
        field("weight", "Order in the list", "number", false, COPIED),
        "value_type",
        json!("int"),
    );
    match kind {
        SectionKind::Guide => vec![weight, country_field(c), quick_facts()],
        SectionKind::Module => vec![
            weight,
            with(
                field("duration", "Duration (minutes)", "number", false, COPIED),
                "value_type",
                json!("int"),
            ),
            list_of_text("goals", "Goals", TRANSLATED),
            list_of_text("checklist", "Checklist", TRANSLATED),
            quiz(),
        ],
        SectionKind::News => vec![
            date("date", "Date", true, COPIED),
            date("updated", "Updated on", false, COPIED),
        ],
        SectionKind::Kiosk => kiosk_fields(weight, c),
        SectionKind::Page | SectionKind::Directory => vec![weight],
    }
}

/// A guide's country: its two-letter code, checked against the names the theme has. Text
/// rather than a closed list: a guide to a new country is a page editors add, and the build
/// then says which name the theme still needs.
fn country_field(c: &Choices) -> Value {
    let codes: Vec<&str> = c
        .countries
        .iter()
        .map(|(v, _)| v.as_str())
        .filter(|v| *v != "*")
        .collect();
    let f = field(
        "country",
        "Country (two-letter code)",
        "string",
        false,
        COPIED,
    );
    let f = with(
        f,
        "hint",
        json!(format!(
            "The country's two-letter ISO code in capitals. Countries the portal names: {}.",
            codes.join(", ")
        )),
    );
    with(
        f,
        "pattern",
        json!(["^[A-Z]{2}$", "two capital Latin letters, like `RU`"]),
    )
}

fn quick_facts() -> Value {
    let f = field("quick_facts", "Quick facts", "list", false, TRANSLATED);
    let f = with(f, "summary", json!("{{fields.label}}: {{fields.value}}"));
    with(
        f,
        "fields",
        json!([
            { "name": "label", "label": "Label", "widget": "string" },
            { "name": "value", "label": "Value", "widget": "string" },
        ]),
    )
}

fn quiz() -> Value {
    let f = field("quiz", "Quiz", "list", false, TRANSLATED);
    let f = with(f, "summary", json!("{{fields.question}}"));
    with(
        f,
        "fields",
        json!([
            { "name": "question", "label": "Question", "widget": "string" },
            { "name": "options", "label": "Answers", "widget": "list",
              "field": { "name": "option", "label": "Answer", "widget": "string" } },
            { "name": "answer", "label": "Number of the right answer (from 1)", "widget": "number",
              "value_type": "int", "min": 1 },
            { "name": "explain", "label": "Explanation", "widget": "text", "required": false },
        ]),
    )
}

fn kiosk_fields(weight: Value, c: &Choices) -> Vec<Value> {
    let days: Vec<Value> = WEEKDAYS.iter().map(|d| json!(d)).collect();
    vec![
        weight,
        with(
            field("duration", "Seconds per language", "number", false, COPIED),
            "value_type",
            json!("int"),
        ),
        with(
            select(
                "kiosks",
                "Kiosks (none chosen: all)",
                json!(c.kiosks),
                true,
                COPIED,
            ),
            "hint",
            json!("Leave empty to play on every kiosk."),
        ),
        with(
            field(
                "alert",
                "Urgent alert: shown on every kiosk",
                "boolean",
                false,
                COPIED,
            ),
            "default",
            json!(false),
        ),
        select(
            "link",
            "Page the QR code opens",
            json!(c.pages),
            false,
            COPIED,
        ),
        with(
            field("schedule", "When it plays", "object", false, COPIED),
            "fields",
            nested(json!([
                date("from", "From", false, COPIED),
                date("until", "Until (an alert needs an end)", false, COPIED),
                select(
                    "weekdays",
                    "Weekdays (none: every day)",
                    json!(days),
                    true,
                    COPIED
                ),
                with(
                    list_of_text("times", "Times of day, like 08:00-20:00", COPIED),
                    "required",
                    json!(false)
                ),
            ])),
        ),
    ]
}

/// Keys every page may have, after its kind's own.
fn common_tail(c: &Choices) -> Vec<Value> {
    vec![
        sources_field(c, COPIED),
        select(
            "contacts",
            "Contacts shown on the page",
            json!(c.contacts),
            true,
            COPIED,
        ),
        with(
            select(
                "original",
                "Language written first",
                json!(c.languages),
                false,
                COPIED,
            ),
            "hint",
            json!("The language the other versions are translated from."),
        ),
        with(
            field(
                "reviewed",
                "Translation checked by a native speaker",
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
            "translated_from",
            "Translation status",
            "sapar-freshness",
            false,
            TRANSLATED,
        ),
        with(
            field("draft", "Draft (not published)", "boolean", false, COPIED),
            "default",
            json!(false),
        ),
        with(
            list_of_text("aliases", "Old addresses that lead here", COPIED),
            "required",
            json!(false),
        ),
        field("body", "Text", "markdown", true, TRANSLATED),
    ]
}

/// The contact directory, data/contacts.toml, as one form with an entry per organisation.
pub(crate) fn directory_collection(c: &Choices) -> Value {
    json!({
        "name": "directory",
        "label": "Contact directory",
        "files": [{
            "name": "contacts",
            "label": "Organisations and phone numbers (data/contacts.toml)",
            "file": "data/contacts.toml",
            "format": "toml",
            "fields": [{
                "name": "org", "label": "Organisations", "label_singular": "organisation",
                "widget": "list", "summary": "{{fields.id}} ({{fields.kind}})", "collapsed": true,
                "fields": contact_fields(c),
            }],
        }],
    })
}

fn localized(name: &str, label: &str, widget: &str, c: &Choices, required: bool) -> Value {
    let subfields: Vec<Value> = c
        .languages
        .iter()
        .map(|l| json!({ "name": l, "label": l, "widget": widget, "required": required && *l == c.original }))
        .collect();
    json!({ "name": name, "label": label, "widget": "object", "required": required, "fields": subfields })
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
        .map(|l| json!({ "name": l, "label": l, "widget": "list", "required": false }))
        .collect();
    vec![
        json!({ "name": "id", "label": "Id (Latin letters, used by pages)", "widget": "string",
                "pattern": ["^[a-z0-9]+(-[a-z0-9]+)*$", "small Latin letters, digits and dashes, like `legal-aid-osh`"] }),
        json!({ "name": "kind", "label": "Kind", "widget": "select", "options": c.kinds }),
        json!({ "name": "topics", "label": "Topics", "widget": "select", "multiple": true,
                "options": labelled_options(&c.topics), "required": false }),
        json!({ "name": "countries", "label": "Countries it helps in", "widget": "select", "multiple": true,
                "options": labelled_options(&countries), "required": false }),
        json!({ "name": "phone", "label": "Phone", "widget": "string", "required": false,
                "hint": "Digits only: a short number like 1899, or + and the country code, like +996312000000.",
                "pattern": ["^(\\+[0-9]{6,15}|[0-9]{3,15})$", "digits only, no spaces: `1899`, or `+` and the full number"] }),
        json!({ "name": "website", "label": "Website", "widget": "string", "required": false }),
        date(
            "verified",
            "Checked on (date someone confirmed these details)",
            true,
            COPIED,
        ),
        sources_field(c, COPIED),
        localized("name", "Name", "string", c, true),
        localized("description", "Description", "text", c, false),
        json!({ "name": "cities", "label": "Cities", "widget": "object", "required": false, "fields": cities }),
        localized("address", "Address", "string", c, false),
        localized("hours", "Opening hours", "string", c, false),
    ]
}

/// data/synonyms.toml, the everyday words search treats as the pages' terms: per language, its
/// groups of words.
pub(crate) fn synonyms_collection(c: &Choices) -> Value {
    let languages: Vec<Value> = c
        .languages
        .iter()
        .map(|l| {
            json!({
                "name": l, "label": format!("Groups in `{l}`"), "label_singular": "group",
                "widget": "list", "required": false, "collapsed": true,
                "summary": "{{fields.words}}",
                "fields": [{
                    "name": "words", "label": "Words that mean the same", "widget": "list",
                    "hint": "At least two: a word the pages use and the everyday words people type for it, like «эмгек акы», «айлык». Words, never numbers, addresses or rules.",
                    "field": { "name": "word", "label": "Word or phrase", "widget": "string" },
                }],
            })
        })
        .collect();
    json!({
        "name": "search-words",
        "label": "Everyday words for search",
        "files": [{
            "name": "synonyms",
            "label": "Words people type for the pages' terms (data/synonyms.toml)",
            "file": "data/synonyms.toml",
            "format": "toml",
            "fields": languages,
        }],
    })
}

/// A section's name as an editor reads it in the CMS's menu.
pub(crate) fn section_label(name: &str, kind: SectionKind) -> String {
    let what = match kind {
        SectionKind::Guide => "country guides",
        SectionKind::Module => "training modules",
        SectionKind::News => "news",
        SectionKind::Kiosk => "kiosk slides and alerts",
        SectionKind::Directory => "directory",
        SectionKind::Page => "pages",
    };
    format!("{} ({what})", page_label(name))
}

pub(crate) fn singular(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Guide => "country guide",
        SectionKind::Module => "module",
        SectionKind::News => "news item",
        SectionKind::Kiosk => "slide",
        SectionKind::Directory | SectionKind::Page => "page",
    }
}

/// `legal-aid` → `Legal-aid`.
pub(crate) fn page_label(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
