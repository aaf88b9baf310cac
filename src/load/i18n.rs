//! UI strings of the theme, per language, falling back like pages do.
//!
//! A missing string is a warning, not an error: a half-translated button is better than no
//! site, but the editor should hear about it.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::Config;
use crate::model::strings::Strings;

/// Loads every language's strings and applies the fallback order.
pub(crate) fn load(config: &Config, diags: &mut Diagnostics) -> BTreeMap<String, Strings> {
    let dir = config.theme_dir().join("i18n");
    let mut raw: BTreeMap<String, Strings> = BTreeMap::new();
    for lang in &config.languages {
        let rel = format!("themes/{}/i18n/{}.toml", config.theme, lang.code);
        let path = dir.join(format!("{}.toml", lang.code));
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => crate::util::text::normalize(&t),
            Err(_) => {
                diags.push(Diagnostic::warning(
                    &rel,
                    None,
                    "no UI strings for this language; using the fallback languages'",
                ));
                continue;
            }
        };
        let table: toml::Table = match toml::from_str(&text) {
            Ok(t) => t,
            Err(e) => {
                diags.push(crate::load::explain::diagnostic(&rel, &e, &text));
                continue;
            }
        };
        let mut s = Strings::default();
        for (k, v) in table {
            match (k.as_str(), v) {
                ("months", toml::Value::Array(a)) => {
                    let names: Vec<String> = a
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect();
                    if names.len() == 12 {
                        s.months = Some(names);
                    } else {
                        diags.push(Diagnostic::error(
                            &rel,
                            None,
                            "key `months`: needs exactly 12 month names",
                        ));
                    }
                }
                (_, toml::Value::String(v)) => {
                    s.text.insert(k, v);
                }
                (_, _) => diags.push(Diagnostic::error(
                    &rel,
                    None,
                    format!("key `{k}`: UI strings must be text"),
                )),
            }
        }
        raw.insert(lang.code.clone(), s);
    }

    let all_keys: BTreeSet<String> = raw.values().flat_map(|s| s.text.keys().cloned()).collect();
    let mut out = BTreeMap::new();
    for lang in &config.languages {
        let mut merged = raw.get(&lang.code).cloned().unwrap_or_default();
        let rel = format!("themes/{}/i18n/{}.toml", config.theme, lang.code);
        for key in &all_keys {
            if merged.text.contains_key(key) {
                continue;
            }
            let found = lang
                .fallback
                .iter()
                .find_map(|l| raw.get(l).and_then(|s| s.text.get(key).map(|v| (l, v))));
            if let Some((from, v)) = found {
                if raw.contains_key(&lang.code) {
                    diags.push(Diagnostic::warning(
                        &rel,
                        None,
                        format!("missing UI string `{key}` (using the `{from}` text)"),
                    ));
                }
                merged.text.insert(key.clone(), v.clone());
            }
        }
        // Months are not borrowed from another language: Russian month names in an Uzbek date
        // would be wrong, and the ISO form is not.
        out.insert(lang.code.clone(), merged);
    }
    out
}
