//! The contact directory's organisations and the source documents pages cite, as loaded.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::date::Date;

pub(crate) type Localized = BTreeMap<String, String>;

/// Where an organisation helps: one entry of its `countries` in data/contacts.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Area {
    /// `"*"`: wherever the reader is (the 1899 hotline, the embassies, IOM).
    Everywhere,
    /// An ISO 3166 code such as `RU`.
    Country(String),
}

impl Area {
    /// As editors write it in data/contacts.toml, and as templates and UI string keys
    /// (`country_*`) see it.
    pub(crate) fn code(&self) -> &str {
        match self {
            Area::Everywhere => "*",
            Area::Country(c) => c,
        }
    }
}

/// The kinds of organisation the directory knows (`kind` in data/contacts.toml). The
/// directory's structured data names each as a schema.org type (see render::directory), so a
/// new kind is added here and there together.
pub(crate) const KINDS: &[&str] = &[
    "hotline",
    "state",
    "embassy",
    "international",
    "legal-aid",
    "ngo",
];

/// The lines of a contact's `topics` and `countries` entries, so that a mistake in one of
/// them found after loading (a topic the theme has no name for) points at its line.
#[derive(Debug, Clone, Default)]
pub(crate) struct ContactLines {
    pub(crate) topics: Vec<usize>,
    pub(crate) countries: Vec<usize>,
}

/// One organisation of the directory, with every language's text.
#[derive(Debug, Clone)]
pub(crate) struct Contact {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) topics: Vec<String>,
    /// In the order written, so the directory groups countries as editors list them.
    pub(crate) countries: Vec<Area>,
    pub(crate) phone: Option<String>,
    pub(crate) website: Option<String>,
    pub(crate) verified: Date,
    /// Checked against data/sources.toml by load; not shown yet.
    #[allow(dead_code)]
    pub(crate) sources: Vec<String>,
    pub(crate) name: Localized,
    pub(crate) description: Localized,
    pub(crate) cities: BTreeMap<String, Vec<String>>,
    pub(crate) address: Localized,
    pub(crate) hours: Localized,
    pub(crate) line: usize,
    pub(crate) at: ContactLines,
}

/// What templates see of a contact: one language, with fallbacks already applied.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContactView {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) topics: Vec<String>,
    pub(crate) countries: Vec<String>,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) cities: Vec<String>,
    pub(crate) address: String,
    pub(crate) hours: String,
    /// The language of `name`, `description`, `cities`, `address` and `hours` when it is not
    /// the page's (the data file lacks that translation), else empty.
    pub(crate) name_lang: String,
    pub(crate) description_lang: String,
    pub(crate) cities_lang: String,
    pub(crate) address_lang: String,
    pub(crate) hours_lang: String,
    pub(crate) phone: String,
    /// `tel:` target: E.164 for full numbers, the short number as dialled for 1899.
    pub(crate) tel: String,
    pub(crate) website: String,
    pub(crate) website_label: String,
    pub(crate) verified: String,
    pub(crate) verified_iso: String,
    pub(crate) serves_everywhere: bool,
}

impl Contact {
    #[cfg(test)]
    pub(crate) fn serves(&self, country: &str) -> bool {
        self.serves_everywhere() || self.in_country(country)
    }

    pub(crate) fn serves_everywhere(&self) -> bool {
        self.countries.contains(&Area::Everywhere)
    }

    /// Whether `country` is named in its list (`*` not counted): a guide lists the
    /// organisations of its own country.
    pub(crate) fn in_country(&self, country: &str) -> bool {
        self.countries
            .iter()
            .any(|a| matches!(a, Area::Country(c) if c == country))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SourceDoc {
    /// Its key in data/sources.toml; pages find it by that key, so nothing reads it here yet.
    #[allow(dead_code)]
    pub(crate) id: String,
    pub(crate) file: String,
    pub(crate) year: Option<i64>,
    pub(crate) title: Localized,
    pub(crate) url: Option<String>,
    /// How many lines the document has, when its file was found (see `Config::sources_dir`).
    pub(crate) line_count: Option<usize>,
}

/// Picks a language's text, else the first language in `order` that has it.
pub(crate) fn pick<'a>(map: &'a Localized, lang: &str, order: &[String]) -> &'a str {
    pick_in(map, lang, order).1
}

/// [`pick`], with the language the text is in: templates mark text from another language with
/// `lang`, so that a screen reader reads an organisation's Russian name as Russian.
pub(crate) fn pick_in<'a>(map: &'a Localized, lang: &str, order: &[String]) -> (&'a str, &'a str) {
    pick_entry(map, lang, order)
        .map(|(l, text)| (l, text.as_str()))
        .unwrap_or(("", ""))
}

/// The entry for `lang`, else for the first language in `order` that has one, else any, with
/// the language it is for.
fn pick_entry<'a, V>(
    map: &'a BTreeMap<String, V>,
    lang: &str,
    order: &[String],
) -> Option<(&'a str, &'a V)> {
    map.get_key_value(lang)
        .or_else(|| order.iter().find_map(|l| map.get_key_value(l)))
        .or_else(|| map.iter().next())
        .map(|(l, v)| (l.as_str(), v))
}

impl Contact {
    pub(crate) fn view(
        &self,
        lang: &str,
        order: &[String],
        fmt_date: &dyn Fn(&Date) -> String,
    ) -> ContactView {
        let phone = self.phone.clone().unwrap_or_default();
        let website = self.website.clone().unwrap_or_default();
        let website_label = website
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let (cities_lang, cities) = pick_entry(&self.cities, lang, order)
            .map(|(l, c)| (l, c.clone()))
            .unwrap_or(("", Vec::new()));
        // Empty when in the page's language, or when there is no text at all.
        let other = |l: &str| {
            if l == lang {
                String::new()
            } else {
                l.to_string()
            }
        };
        let (name_lang, name) = pick_in(&self.name, lang, order);
        let (description_lang, description) = pick_in(&self.description, lang, order);
        let (address_lang, address) = pick_in(&self.address, lang, order);
        let (hours_lang, hours) = pick_in(&self.hours, lang, order);
        ContactView {
            id: self.id.clone(),
            kind: self.kind.clone(),
            topics: self.topics.clone(),
            countries: self
                .countries
                .iter()
                .map(|a| a.code().to_string())
                .collect(),
            name: name.to_string(),
            description: description.to_string(),
            cities,
            address: address.to_string(),
            hours: hours.to_string(),
            name_lang: other(name_lang),
            description_lang: other(description_lang),
            cities_lang: other(cities_lang),
            address_lang: other(address_lang),
            hours_lang: other(hours_lang),
            tel: phone.clone(),
            phone,
            website,
            website_label,
            verified: fmt_date(&self.verified),
            verified_iso: self.verified.to_string(),
            serves_everywhere: self.serves_everywhere(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everywhere_serves_every_country_but_names_none() {
        let c = Contact {
            id: "x".into(),
            kind: "hotline".into(),
            topics: vec![],
            countries: vec![Area::Everywhere, Area::Country("KZ".into())],
            phone: None,
            website: None,
            verified: Date::today(),
            sources: vec![],
            name: Localized::new(),
            description: Localized::new(),
            cities: BTreeMap::new(),
            address: Localized::new(),
            hours: Localized::new(),
            line: 1,
            at: ContactLines::default(),
        };
        assert!(c.serves("RU") && c.serves("KZ") && c.serves_everywhere());
        assert!(c.in_country("KZ") && !c.in_country("RU"));
        let v = c.view("ru", &[], &|d| d.to_string());
        assert_eq!(v.countries, ["*", "KZ"]);
        assert!(v.serves_everywhere);
    }

    #[test]
    fn pick_falls_back_in_order() {
        let mut m = Localized::new();
        m.insert("ru".into(), "Привет".into());
        m.insert("en".into(), "Hello".into());
        assert_eq!(pick(&m, "ky", &["en".into(), "ru".into()]), "Hello");
        assert_eq!(pick(&m, "ky", &["ru".into()]), "Привет");
        assert_eq!(pick(&m, "en", &[]), "Hello");
    }
}
