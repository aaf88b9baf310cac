//! Structured data: the contact directory and the source documents.
//!
//! An organisation's phone or site is written once here and shown on every page and in every
//! language that needs it, so that a corrected number is corrected everywhere at once.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, line_of};
use crate::model::config::Config;
use crate::model::contact::{Area, Contact, KINDS, Localized, SourceDoc};
use crate::model::date::{Date, DateValue};
use crate::util::suggest;

pub(crate) const CONTACTS_FILE: &str = "data/contacts.toml";
pub(crate) const SOURCES_FILE: &str = "data/sources.toml";

/// Largest data file read. The whole contact directory is 37 KB; a data file hundreds of
/// times that is a mistake (an export pasted in), and it would be parsed and held in memory.
pub(crate) const MAX_DATA_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    id: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    topics: Vec<Spanned<String>>,
    #[serde(default)]
    countries: Vec<Spanned<String>>,
    #[serde(default)]
    phone: Option<Spanned<String>>,
    #[serde(default)]
    website: Option<Spanned<String>>,
    verified: Spanned<DateValue>,
    #[serde(default)]
    sources: Vec<String>,
    name: Spanned<Localized>,
    #[serde(default)]
    description: Localized,
    #[serde(default)]
    cities: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    address: Localized,
    #[serde(default)]
    hours: Localized,
}

/// The keys an organisation of data/contacts.toml may have.
#[cfg(test)]
pub(crate) fn contact_keys() -> Vec<String> {
    crate::load::explain::accepted_keys::<RawContact>()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContacts {
    #[serde(default)]
    org: Vec<RawContact>,
}

/// A phone number is either a short national number (1899) or E.164 (`+996…`): anything else
/// cannot be dialled reliably from a phone abroad.
/// A two-letter ISO 3166 code in capitals, as the theme names countries (`country_RU`).
pub(crate) fn is_country_code(c: &str) -> bool {
    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// What to write for a country code that is not one.
pub(crate) fn country_hint(c: &str) -> String {
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        format!("write it in capitals: `{}`", c.to_ascii_uppercase())
    } else {
        "write the two-letter ISO code in capitals, like `RU` for Russia or `KZ` for Kazakhstan (or `*` for an organisation that helps everywhere)".into()
    }
}

/// The same number with the spaces, dashes, dots and brackets people write taken out, when
/// that makes it one a phone can dial.
pub(crate) fn phone_suggestion(p: &str) -> Option<String> {
    let compact: String = p
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}'))
        .collect();
    (compact != p && phone_is_valid(&compact)).then_some(compact)
}

pub(crate) fn phone_is_valid(p: &str) -> bool {
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match p.strip_prefix('+') {
        Some(rest) => (8..=15).contains(&rest.len()) && digits_ok(rest) && !rest.starts_with('0'),
        None => (3..=6).contains(&p.len()) && digits_ok(p),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    file: Spanned<String>,
    #[serde(default)]
    year: Option<i64>,
    title: Localized,
    #[serde(default)]
    url: Option<String>,
}

pub(crate) fn read(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let path = root.join(rel);
    if !path.exists() {
        return None;
    }
    match crate::load::read_capped(&path, MAX_DATA_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => Some(crate::util::text::normalize(&s)),
            Err(e) => {
                diags.push(Diagnostic::error(
                    rel,
                    Some(crate::load::invalid_utf8_line(&e)),
                    "the file is not valid UTF-8 text",
                ));
                None
            }
        },
        Err(crate::load::Capped::Io(e)) => {
            diags.push(Diagnostic::error(rel, None, format!("cannot read: {e}")));
            None
        }
        Err(crate::load::Capped::TooLarge(n)) => {
            diags.push(Diagnostic::error(
                rel,
                None,
                format!(
                    "the file is {}; a data file may be at most {}",
                    crate::util::text::human_size(n),
                    crate::util::text::human_size(MAX_DATA_BYTES)
                ),
            ));
            None
        }
    }
}

/// Parses a data file's TOML; a syntax error is reported with its line.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    rel: &str,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    match toml::from_str(text) {
        Ok(r) => Some(r),
        Err(e) => {
            diags.push(crate::load::explain::diagnostic(rel, &e, text));
            None
        }
    }
}

pub(crate) fn load_contacts(config: &Config, diags: &mut Diagnostics) -> Vec<Contact> {
    let Some(text) = read(&config.root, CONTACTS_FILE, diags) else {
        return Vec::new();
    };
    let Some(raw) = parse::<RawContacts>(CONTACTS_FILE, &text, diags) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for c in raw.org {
        let line = line_of(&text, c.id.span().start);
        let id = c.id.get_ref().clone();
        let mut check = ContactCheck {
            id: &id,
            line,
            text: &text,
            diags,
        };
        if !seen.insert(id.clone()) {
            check.push(
                Diagnostic::error(CONTACTS_FILE, Some(line), format!("the contact id `{id}` is used twice"))
                    .pointing_at(id.as_str())
                    .with_hint("every `[[org]]` needs its own id: if both are the same organisation, keep one entry; if not, give this one another id"),
            );
        }
        check.id();
        check.kind(&c.kind);
        check.languages(config, &c);
        let countries = check.countries(&c.countries);
        check.reachable(&c);
        let Some(verified) = check.verified(&c.verified) else {
            continue;
        };
        let at = crate::model::contact::ContactLines {
            topics: c.topics.iter().map(|t| check.line_of(t)).collect(),
            countries: c.countries.iter().map(|t| check.line_of(t)).collect(),
        };
        out.push(Contact {
            id,
            kind: c.kind.into_inner(),
            topics: c.topics.into_iter().map(Spanned::into_inner).collect(),
            countries,
            phone: c.phone.map(Spanned::into_inner),
            website: c.website.map(Spanned::into_inner),
            verified,
            sources: c.sources,
            name: c.name.into_inner(),
            description: c.description,
            cities: c.cities,
            address: c.address,
            hours: c.hours,
            line,
            at,
        });
    }
    out
}

/// The checks of one organisation in data/contacts.toml. They report every problem found, each
/// at the line of its key where it has one, else at the organisation's `id`.
struct ContactCheck<'a> {
    id: &'a str,
    /// Line of `id`.
    line: usize,
    text: &'a str,
    diags: &'a mut Diagnostics,
}

impl ContactCheck<'_> {
    fn error(&mut self, line: usize, message: String) {
        self.diags
            .push(Diagnostic::error(CONTACTS_FILE, Some(line), message));
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// `kind`: one of the kinds the directory knows.
    fn kind(&mut self, kind: &Spanned<String>) {
        let k = kind.get_ref();
        if !KINDS.contains(&k.as_str()) {
            let d = Diagnostic::error(
                CONTACTS_FILE,
                Some(self.line_of(kind)),
                format!(
                    "contact `{}`: `{k}` is not a kind of organisation the directory knows",
                    self.id
                ),
            )
            .pointing_at(format!("\"{k}\""))
            .with_hint(suggest::did_you_mean(k, KINDS));
            self.push(d);
        }
    }

    /// The line of a key's value.
    fn line_of<T>(&self, value: &Spanned<T>) -> usize {
        line_of(self.text, value.span().start)
    }

    /// Ids appear in pages' `contacts` and in the directory's anchors, so they stay plain.
    fn id(&mut self) {
        let id = self.id;
        if !id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            || id.is_empty()
        {
            self.error(
                self.line,
                format!("contact id `{id}`: use lowercase letters, digits and `-`"),
            );
        }
    }

    /// Texts are in the site's languages, and there is a name in at least one.
    fn languages(&mut self, config: &Config, c: &RawContact) {
        let id = self.id;
        for lang in c
            .name
            .get_ref()
            .keys()
            .chain(c.description.keys())
            .chain(c.cities.keys())
        {
            if !config.has_language(lang) {
                self.error(
                    self.line,
                    format!("contact `{id}`: `{lang}` is not one of the site's languages"),
                );
            }
        }
        if c.name.get_ref().is_empty() {
            self.error(
                self.line_of(&c.name),
                format!("contact `{id}`: `name` needs at least one language"),
            );
        }
    }

    /// `"*"` or ISO codes. A wrong code is reported and kept: the build stops on the error.
    fn countries(&mut self, countries: &[Spanned<String>]) -> Vec<Area> {
        let id = self.id;
        let mut areas = Vec::with_capacity(countries.len());
        for spanned in countries {
            let country = spanned.get_ref();
            if country == "*" {
                areas.push(Area::Everywhere);
                continue;
            }
            if !is_country_code(country) {
                let d = Diagnostic::error(
                    CONTACTS_FILE,
                    Some(self.line_of(spanned)),
                    format!("contact `{id}`: `{country}` is not a country code"),
                )
                .pointing_at(format!("\"{country}\""))
                .with_hint(country_hint(country));
                self.push(d);
            }
            areas.push(Area::Country(country.clone()));
        }
        areas
    }

    /// A phone number a phone abroad can dial, and a web address a browser opens.
    fn reachable(&mut self, c: &RawContact) {
        let id = self.id;
        if let Some(p) = &c.phone
            && !phone_is_valid(p.get_ref())
        {
            let hint = match phone_suggestion(p.get_ref()) {
                Some(s) => format!("write `phone = \"{s}\"`: digits only, without spaces or dashes"),
                None => "write the full international number, + and digits only (like the ones on the organisation's own site), or a short number like 1899".into(),
            };
            let d = Diagnostic::error(
                CONTACTS_FILE,
                Some(self.line_of(p)),
                format!("contact `{id}`: the phone number `{}` cannot be dialled from a phone abroad as written", p.get_ref()),
            )
            .pointing_at(p.get_ref().as_str())
            .with_hint(hint);
            self.push(d);
        }
        if let Some(w) = &c.website
            && !(w.get_ref().starts_with("https://") || w.get_ref().starts_with("http://"))
        {
            self.error(
                self.line_of(w),
                format!("contact `{id}`: website must start with https://"),
            );
        }
    }

    /// The date the entry was last checked; an entry whose date is not a real date is left out.
    fn verified(&mut self, verified: &Spanned<DateValue>) -> Option<Date> {
        match Date::from_toml(verified.get_ref()) {
            // A day's slack: Bishkek is six hours ahead of the UTC clock `today` reads.
            Ok(d) if d.days_since_epoch() > Date::today().days_since_epoch() + 1 => {
                let d = Diagnostic::error(
                    CONTACTS_FILE,
                    Some(self.line_of(verified)),
                    format!("contact `{}`: `verified` is {d}, a day that has not come yet", self.id),
                )
                .pointing_at(d.to_string())
                .with_hint("write the day the details were last checked against a source: today or earlier");
                self.push(d);
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                let id = self.id;
                self.error(
                    self.line_of(verified),
                    format!("contact `{id}`: key `verified`: {m}"),
                );
                None
            }
        }
    }
}

/// Lines in a source document, or `None` when it cannot be read (then lines are not checked).
fn count_lines(path: &Path) -> Option<usize> {
    let bytes = crate::load::read_capped(path, MAX_DATA_BYTES).ok()?;
    let newlines = bytes.iter().filter(|b| **b == b'\n').count();
    Some(newlines + usize::from(!bytes.is_empty() && !bytes.ends_with(b"\n")))
}

pub(crate) fn load_sources(
    config: &Config,
    diags: &mut Diagnostics,
) -> BTreeMap<String, SourceDoc> {
    let Some(text) = read(&config.root, SOURCES_FILE, diags) else {
        return BTreeMap::new();
    };
    let Some(raw) = parse::<BTreeMap<String, RawSource>>(SOURCES_FILE, &text, diags) else {
        return BTreeMap::new();
    };
    // Without the folder (a server that has no copy of the documents) nothing is counted.
    let dir = config.sources_dir.as_deref().filter(|d| d.is_dir());
    raw.into_iter()
        .map(|(id, r)| {
            let line_count = dir.and_then(|d| count_lines(&d.join(r.file.get_ref())));
            if let Some(d) = dir
                && line_count.is_none()
            {
                diags.push(
                    Diagnostic::warning(
                        SOURCES_FILE,
                        Some(line_of(&text, r.file.span().start)),
                        format!(
                            "`{id}`: the document `{}` is not in {}, so the lines pages cite from it are not checked",
                            r.file.get_ref(),
                            d.strip_prefix(&config.root).unwrap_or(d).display()
                        ),
                    )
                    .pointing_at(r.file.get_ref().as_str())
                    .with_hint("write the document's file name as it is in that folder"),
                );
            }
            let doc = SourceDoc {
                id: id.clone(),
                line_count,
                file: r.file.into_inner(),
                year: r.year,
                title: r.title,
                url: r.url,
            };
            (id, doc)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert!(phone_is_valid("1899"));
        assert!(phone_is_valid("+996312000000"));
        assert!(!phone_is_valid("0312 00 00 00"));
        assert!(!phone_is_valid("+0123456789"));
        assert!(!phone_is_valid("12"));
    }

    #[test]
    fn star_means_everywhere_and_bad_codes_are_reported() {
        let mut diags = Diagnostics::default();
        let mut check = ContactCheck {
            id: "x",
            line: 3,
            text: "",
            diags: &mut diags,
        };
        let spanned = |s: &str| Spanned::new(0..0, s.to_string());
        let areas = check.countries(&[spanned("RU"), spanned("*"), spanned("ru")]);
        assert_eq!(
            areas,
            [
                Area::Country("RU".into()),
                Area::Everywhere,
                Area::Country("ru".into())
            ]
        );
        let errors = diags.sorted();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("`ru`"), "{}", errors[0].message);
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("write it in capitals: `RU`")
        );
    }

    #[test]
    fn view_names_the_language_of_text_borrowed_from_another() {
        let text = |pairs: &[(&str, &str)]| -> Localized {
            pairs
                .iter()
                .map(|(l, t)| (l.to_string(), t.to_string()))
                .collect()
        };
        let c = Contact {
            id: "x".into(),
            kind: "ngo".into(),
            topics: vec![],
            countries: vec![Area::Country("RU".into())],
            phone: None,
            website: None,
            verified: Date::today(),
            sources: vec![],
            name: text(&[("ky", "Ат"), ("ru", "Имя")]),
            description: text(&[("ru", "Описание")]),
            cities: BTreeMap::from([("ru".to_string(), vec!["Москва".to_string()])]),
            address: text(&[("en", "Street")]),
            hours: Localized::new(),
            line: 1,
            at: Default::default(),
        };
        let v = c.view("ky", &["ru".into(), "en".into()], &|d| d.to_string());
        assert_eq!((v.name.as_str(), v.name_lang.as_str()), ("Ат", ""));
        assert_eq!(
            (v.description.as_str(), v.description_lang.as_str()),
            ("Описание", "ru")
        );
        assert_eq!(
            (v.cities[0].as_str(), v.cities_lang.as_str()),
            ("Москва", "ru")
        );
        assert_eq!(
            (v.address.as_str(), v.address_lang.as_str()),
            ("Street", "en")
        );
        assert_eq!((v.hours.as_str(), v.hours_lang.as_str()), ("", ""));
    }
}
