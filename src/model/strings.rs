//! The theme's UI strings of one language, with the fallback languages' already filled in.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    pub(crate) text: BTreeMap<String, String>,
    /// Month names as used inside a date, January first.
    pub(crate) months: Option<Vec<String>>,
}

impl Strings {
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.text.get(key).map(String::as_str).unwrap_or(key)
    }

    pub(crate) fn format_date(&self, d: &crate::model::date::Date) -> String {
        d.format(
            self.text.get("date_format").map(String::as_str),
            self.months.as_deref(),
        )
    }

    /// Fills `{name}` placeholders.
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }
}
