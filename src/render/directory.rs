//! The directory section page's extra context: every contact grouped by topic and by country,
//! and the same as schema.org JSON-LD.

use serde::Serialize;

use super::Renderer;
use super::view::{ContactPoint, Country, Directory, Group, JsonLd, Organization};
use crate::model::contact::ContactView;

impl Renderer<'_> {
    /// Every contact of the directory, in the reader's language.
    pub(super) fn all_contacts(&self, lang: &str) -> Vec<ContactView> {
        self.contact_views(lang, self.linked.site.contacts.iter().map(|c| c.id.clone()))
    }

    /// The directory grouped by topic and by country, as the legal-aid page shows it. Each
    /// group carries its contacts (not just their ids) so templates need no lookups.
    pub(super) fn directory<'b>(&self, lang: &str, all: &'b [ContactView]) -> Directory<'b> {
        let t = self.t(lang);
        let mut topics: Vec<&str> = Vec::new();
        let mut countries: Vec<&str> = Vec::new();
        for c in all {
            for x in &c.topics {
                if !topics.contains(&x.as_str()) {
                    topics.push(x);
                }
            }
            for x in &c.countries {
                if !countries.contains(&x.as_str()) {
                    countries.push(x);
                }
            }
        }
        let group = |prefix: &str, id: &'b str, members: Vec<&'b ContactView>| Group {
            id,
            label: t.get(&format!("{prefix}_{id}")).to_string(),
            items: members.iter().map(|c| c.id.as_str()).collect(),
            contacts: members,
        };
        let by_topic = topics
            .iter()
            .map(|&topic| {
                let members = all.iter().filter(|c| c.topics.iter().any(|x| x == topic));
                group("topic", topic, members.collect())
            })
            .collect();
        let by_country = countries
            .iter()
            .map(|&country| {
                let members = all
                    .iter()
                    .filter(|c| c.countries.iter().any(|x| x == country));
                group("country", country, members.collect())
            })
            .collect();
        Directory {
            all,
            by_topic,
            by_country,
        }
    }

    /// schema.org data of the directory: one organisation per entry, with a ContactPoint where
    /// the sources give a phone number. Only facts from data/contacts.toml, nothing added.
    pub(super) fn directory_json_ld<'b>(
        &self,
        lang: &str,
        url: &str,
        directory: &Directory<'b>,
    ) -> JsonLd<'b> {
        let t = self.t(lang);
        let page = self.linked.site.config.permalink(url);
        let non_empty = |s: &'b str| (!s.is_empty()).then_some(s);
        let graph = directory
            .all
            .iter()
            .map(|c| {
                let kind = match c.kind.as_str() {
                    "state" | "hotline" | "embassy" => "GovernmentOrganization",
                    "ngo" => "NGO",
                    _ => "Organization",
                };
                let area: Vec<Country> = c
                    .countries
                    .iter()
                    .filter(|code| *code != "*")
                    .map(|code| Country {
                        kind: "Country",
                        identifier: code,
                        name: t.get(&format!("country_{code}")).to_string(),
                    })
                    .collect();
                let topic = c.topics.first().map_or("", String::as_str);
                let contact_point = non_empty(&c.tel).map(|tel| ContactPoint {
                    kind: "ContactPoint",
                    area_served: area.clone(),
                    contact_type: non_empty(topic).map(|x| t.get(&format!("topic_{x}")).into()),
                    telephone: tel,
                });
                Organization {
                    id: format!("{page}#org-{}", c.id),
                    kind,
                    address: non_empty(&c.address),
                    area_served: area,
                    contact_point,
                    description: non_empty(&c.description),
                    name: &c.name,
                    url: non_empty(&c.website),
                }
            })
            .collect();
        JsonLd {
            context: "https://schema.org",
            graph,
        }
    }
}

/// JSON for a `<script type="application/ld+json">` block. `<`, `>` and `&` only occur inside
/// JSON strings, where `\u003c` means the same, so the text can never close the script element
/// (`</script>`) or open a comment (`<!--`) whatever an editor writes.
pub(crate) fn json_ld(v: &impl Serialize) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{linked, pages};
    use super::*;
    use crate::model::contact::Contact;
    use crate::model::date::Date;
    use serde_json::{Value, json};

    fn contact(id: &str, kind: &str, topics: &[&str], countries: &[&str]) -> Contact {
        let ky = |s: &str| [("ky".to_string(), s.to_string())].into_iter().collect();
        Contact {
            id: id.into(),
            kind: kind.into(),
            topics: topics.iter().map(|s| s.to_string()).collect(),
            countries: countries
                .iter()
                .map(|&s| match s {
                    "*" => crate::model::contact::Area::Everywhere,
                    code => crate::model::contact::Area::Country(code.to_string()),
                })
                .collect(),
            phone: None,
            website: None,
            verified: Date::parse("2025-01-01").expect("a date"),
            sources: Vec::new(),
            name: ky(&id.to_uppercase()),
            description: Default::default(),
            cities: Default::default(),
            address: Default::default(),
            hours: Default::default(),
            line: 1,
            at: Default::default(),
        }
    }

    /// An NGO with every fact schema.org has a key for, and a state body with only a name.
    fn contacts() -> Vec<Contact> {
        let mut ngo = contact("a", "ngo", &["labour", "documents"], &["RU", "*"]);
        ngo.phone = Some("+79001234567".into());
        ngo.website = Some("https://a.example".into());
        ngo.description = [("ky".into(), "Жардам".into())].into_iter().collect();
        ngo.address = [("ky".into(), "Бишкек".into())].into_iter().collect();
        vec![ngo, contact("b", "state", &["documents"], &[])]
    }

    #[test]
    fn directory_groups_and_json_ld() {
        let mut linked = linked(pages());
        linked.site.contacts = contacts();
        let strings = Default::default();
        let theme = super::super::fixture::theme(&[]);
        let r = Renderer::new(&linked, &strings, &theme);
        let all = r.all_contacts("ky");
        let directory = r.directory("ky", &all);
        let groups = |g: &[Group]| -> Vec<(String, Vec<String>)> {
            g.iter()
                .map(|g| {
                    (
                        g.id.to_string(),
                        g.items.iter().map(|s| s.to_string()).collect(),
                    )
                })
                .collect()
        };
        assert_eq!(
            groups(&directory.by_topic),
            [
                ("labour".into(), vec!["a".into()]),
                ("documents".into(), vec!["a".into(), "b".into()])
            ]
        );
        assert_eq!(
            groups(&directory.by_country),
            [
                ("RU".into(), vec!["a".into()]),
                ("*".into(), vec!["a".into()])
            ]
        );
        let ld = r.directory_json_ld("ky", "/ky/legal-aid/", &directory);
        let area = r#"[{"@type":"Country","identifier":"RU","name":"country_RU"}]"#;
        let page = "https://portal.example.kg/ky/legal-aid/";
        assert_eq!(
            json_ld(&ld),
            format!(
                r#"{{"@context":"https://schema.org","@graph":[{{"@id":"{page}#org-a","@type":"NGO","address":"Бишкек","areaServed":{area},"contactPoint":{{"@type":"ContactPoint","areaServed":{area},"contactType":"topic_labour","telephone":"+79001234567"}},"description":"Жардам","name":"A","url":"https://a.example"}},{{"@id":"{page}#org-b","@type":"GovernmentOrganization","name":"B"}}]}}"#
            )
        );
        // The keys in name order, as serde_json wrote the json! maps this replaced.
        let sorted = serde_json::to_value(&ld).map(|v| json_ld(&v));
        assert_eq!(sorted.ok(), Some(json_ld(&ld)));
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let v = json!({"name": "</script><script>alert(1)</script><!-- & >"});
        let s = json_ld(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v, "and means the same");
    }
}
