//! What a save from the CMS changes in a file: only the keys and text the editor changed.
//!
//! The CMS writes a whole file from its form (its own TOML layout, every language's file of a
//! page at once, dates as quoted text). Written as it comes, one edited Kyrgyz title would
//! rewrite the three files of the page, drop the comments editors and translators leave, and
//! turn `date = 2025-05-28` into text the build refuses. So the new file is compared with the
//! one on disk value by value, and only what differs is put into the old text (with
//! toml_edit, which keeps layout and comments); a file with no difference is not written.

use toml::Value;

use crate::render::admin::fields::COPIED_KEYS;
use toml_edit::{DocumentMut, Item, Table};

/// Keys that hold a date: the CMS gives them as `"2025-05-28"`, Sapar writes `2025-05-28`.
const DATE_KEYS: &[&str] = &["date", "updated", "verified", "from", "until"];

/// The merged text of a page file (`+++` TOML front matter, then Markdown), or `None` when
/// `new` says nothing `old` does not already say.
pub(crate) fn page(old: Option<&str>, new: &str) -> Result<Option<String>, String> {
    let (new_front, new_body) = split(new)?;
    let Some(old) = old else {
        let front = new_document(new_front)?;
        return Ok(Some(format!("+++\n{front}+++\n\n{}\n", new_body.trim())));
    };
    let (old_front, old_body) = split(old)?;
    let front = document(old_front, new_front)?;
    let body_same = old_body.trim() == new_body.trim();
    if front.is_none() && body_same {
        return Ok(None);
    }
    let front = front.unwrap_or_else(|| old_front.to_string());
    let body = if body_same {
        old_body.to_string()
    } else {
        body(old_body, new_body)
    };
    if front == old_front && body == old_body {
        return Ok(None);
    }
    Ok(Some(format!("+++\n{front}+++\n{body}")))
}

/// The body to write: the new body line by line, except that a line the CMS only wrote
/// differently (the same when rendered: its `*` for the file's `-` list markers, escapes it
/// adds, indentation of a nested list) stays the old line, so a one-word edit changes one
/// line. The blank lines around the body and its line endings stay the old file's.
fn body(old: &str, new: &str) -> String {
    let eol = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let lead = &old[..old.len() - old.trim_start().len()];
    let tail = &old[old.trim_end().len()..];
    let old_lines: Vec<&str> = old.trim().lines().collect();
    let new_lines: Vec<&str> = new.trim().lines().collect();
    let old_keys: Vec<String> = old_lines.iter().map(|l| rendered(l)).collect();
    let new_keys: Vec<String> = new_lines.iter().map(|l| rendered(l)).collect();
    let bullet = old_lines.iter().find_map(|l| bullet_of(l));
    let mut out: Vec<String> = Vec::with_capacity(new_lines.len());
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_keys, &new_keys);
    for op in ops {
        let (_, olds, news) = op.as_tag_tuple();
        if matches!(op, similar::DiffOp::Equal { .. }) {
            out.extend(old_lines[olds].iter().map(|l| l.to_string()));
            continue;
        }
        for line in &new_lines[news] {
            out.push(match (bullet, bullet_of(line)) {
                // A new item of a list keeps the list's marker: another one would start a
                // second list.
                (Some(b), Some(n)) if b != n => line.replacen(n, &b.to_string(), 1),
                _ => line.to_string(),
            });
        }
    }
    format!("{lead}{}{tail}", out.join(eol))
}

/// One line of Markdown as HTML, on its own (blank for a blank line), and whether it ends in
/// the two spaces of a line break (which alone it does not show).
fn rendered(line: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(line.trim_start()));
    if line.ends_with("  ") {
        html.push_str("<br />");
    }
    html
}

/// The marker of a bullet list item (`-`, `*` or `+`, then a space).
fn bullet_of(line: &str) -> Option<char> {
    let mut chars = line.trim_start().chars();
    let marker = chars.next().filter(|c| matches!(c, '-' | '*' | '+'))?;
    (chars.next() == Some(' ')).then_some(marker)
}

/// One file of an entry the CMS saves: its path and the text the CMS wrote.
pub(crate) struct Saved {
    pub(crate) path: String,
    pub(crate) raw: String,
}

/// The language of `content/…/index.ky.md`.
pub(crate) fn lang_of(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?.strip_suffix(".md")?;
    let (stem, lang) = name.rsplit_once('.')?;
    matches!(stem, "index" | "_index").then_some(lang)
}

/// The files of one page as Sapar writes them: the keys that say the same in every language
/// ([`COPIED_KEYS`]) copied from the original to each translation, since the CMS copies only
/// single values; a new page told which language is its original; and no file for a language
/// left empty (a missing translation falls back, an empty one would be an error). A language
/// is empty when its file is not on disk (`on_disk`) and the form gives it no title and no
/// text, only the keys copied here: on a new page and on every later save of a page saved
/// once with that language left empty (which the CMS sends again each time).
/// Also gives the language of the page's original (`None` for the contact directory).
pub(crate) fn entry(
    files: Vec<Saved>,
    default_original: &str,
    on_disk: &dyn Fn(&str) -> bool,
) -> Result<(Vec<Saved>, Option<String>), String> {
    let new_entry = files.iter().all(|f| !on_disk(&f.path));
    let mut parsed = Vec::new();
    for f in files {
        let Some(lang) = lang_of(&f.path).map(str::to_string) else {
            return Ok((vec![f], None));
        };
        let (front, body) = split(&f.raw)?;
        parsed.push((f.path.clone(), lang, parse(front)?, body.to_string()));
    }
    let original = parsed
        .iter()
        .find_map(|(_, _, t, _)| {
            t.get("original")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| default_original.to_string());
    let source = parsed
        .iter()
        .find(|(_, l, _, _)| *l == original)
        .map(|(_, _, t, _)| t.clone());
    let mut out = Vec::new();
    for (path, lang, mut table, body) in parsed {
        if let Some(src) = source.as_ref().filter(|_| lang != original) {
            for k in COPIED_KEYS {
                match src.get(*k) {
                    Some(v) => table.insert(k.to_string(), v.clone()),
                    None => table.remove(*k),
                };
            }
        }
        let untitled = table
            .get("title")
            .and_then(Value::as_str)
            .is_none_or(|t| t.trim().is_empty());
        if untitled && body.trim().is_empty() && !on_disk(&path) {
            continue;
        }
        if new_entry {
            table
                .entry("original")
                .or_insert_with(|| Value::String(original.clone()));
        }
        let front = toml::to_string(&table).map_err(|e| e.to_string())?;
        out.push(Saved {
            path,
            raw: format!("+++\n{front}+++\n{body}"),
        });
    }
    Ok((out, Some(original)))
}

/// The merged text of a TOML document (data/contacts.toml), or `None` when nothing changed.
pub(crate) fn data(old: Option<&str>, new: &str) -> Result<Option<String>, String> {
    match old {
        Some(old) => document(old, new),
        None => new_document(new).map(Some),
    }
}

/// A file that is not on disk yet, as Sapar writes it: dates as dates, no empty keys.
fn new_document(new: &str) -> Result<String, String> {
    let table = clean(parse(new)?, &toml::Table::new());
    toml::to_string(&table).map_err(|e| e.to_string())
}

/// `old` TOML text with `new`'s values put in, or `None` when they hold the same values.
fn document(old: &str, new: &str) -> Result<Option<String>, String> {
    let old_values = parse(old)?;
    let new_values = clean(parse(new)?, &old_values);
    if new_values == old_values {
        return Ok(None);
    }
    let mut doc: DocumentMut = old
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    merge_table(doc.as_table_mut(), &old_values, &new_values)?;
    let mut at = 0;
    renumber(doc.as_table_mut(), &mut at);
    Ok(Some(doc.to_string()))
}

fn parse(text: &str) -> Result<toml::Table, String> {
    toml::from_str(text).map_err(|e| e.message().to_string())
}

/// Splits `+++` front matter from the body.
fn split(text: &str) -> Result<(&str, &str), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\r\n")
        .or_else(|| text.strip_prefix("+++\n"))
        .ok_or("the page does not start with a `+++` line")?;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok((&rest[..at], &rest[at + line.len()..]));
        }
        at += line.len();
    }
    Err("the front matter has no closing `+++` line".into())
}

/// The CMS's values in Sapar's terms: dates as dates, and the empty values a form gives for
/// every field left blank dropped (a key the file had is then removed: the editor cleared
/// it), unless the file says the same (`draft = false` stays where it was written).
fn clean(new: toml::Table, old: &toml::Table) -> toml::Table {
    new.into_iter()
        .filter_map(|(k, v)| {
            let before = old.get(&k);
            let v = normalise(&k, v, before);
            (!is_empty(&v) || before == Some(&v)).then_some((k, v))
        })
        .collect()
}

fn normalise(key: &str, v: Value, before: Option<&Value>) -> Value {
    match v {
        // Spaces a form keeps at the ends of a title or a description are never meant.
        Value::String(s) if s.trim().len() != s.len() => {
            normalise(key, Value::String(s.trim().to_string()), before)
        }
        Value::String(s)
            if DATE_KEYS.contains(&key) || matches!(before, Some(Value::Datetime(_))) =>
        {
            as_date(&s).map_or(Value::String(s), Value::Datetime)
        }
        Value::Datetime(d) if DATE_KEYS.contains(&key) => {
            as_date(&d.to_string()).map_or(Value::Datetime(d), Value::Datetime)
        }
        Value::Table(t) => {
            let old = match before {
                Some(Value::Table(o)) => o.clone(),
                _ => toml::Table::new(),
            };
            Value::Table(clean(t, &old))
        }
        Value::Array(a) => {
            let olds: Vec<Value> = match before {
                Some(Value::Array(o)) => o.clone(),
                _ => Vec::new(),
            };
            Value::Array(
                a.into_iter()
                    .enumerate()
                    .map(|(i, x)| match x {
                        Value::Table(t) => {
                            let old = match_old(&t, &olds, i);
                            Value::Table(clean(t, &old))
                        }
                        Value::String(s) => Value::String(s.trim().to_string()),
                        other => other,
                    })
                    .collect(),
            )
        }
        other => other,
    }
}

/// A date written `2025-05-28`, or a midnight date-time (how the CMS may give back a date it
/// read), as a TOML local date.
fn as_date(s: &str) -> Option<toml::value::Datetime> {
    let day = s.get(..10)?;
    let rest = s.get(10..)?;
    let midnight = match rest.strip_prefix("T00:00:00") {
        Some(zone) => matches!(zone.trim_start_matches(".000"), "" | "Z" | "+00:00"),
        None => rest.is_empty(),
    };
    if !midnight || crate::model::date::Date::parse(day).is_err() {
        return None;
    }
    day.parse().ok()
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Table(t) => t.is_empty(),
        Value::Boolean(b) => !b,
        _ => false,
    }
}

/// The element of `olds` that `t` is an edit of: the one with the same `id` (organisations,
/// which editors reorder), else the one at the same place.
fn match_old(t: &toml::Table, olds: &[Value], i: usize) -> toml::Table {
    let by_id = t.get("id").and_then(|id| {
        olds.iter().find_map(|o| match o {
            Value::Table(ot) if ot.get("id") == Some(id) => Some(ot.clone()),
            _ => None,
        })
    });
    by_id
        .or_else(|| match olds.get(i) {
            Some(Value::Table(ot)) if t.get("id").is_none() => Some(ot.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

fn merge_table(doc: &mut Table, old: &toml::Table, new: &toml::Table) -> Result<(), String> {
    let gone: Vec<String> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .cloned()
        .collect();
    for k in gone {
        doc.remove(&k);
    }
    for (k, nv) in new {
        let Some(ov) = old.get(k) else {
            doc.insert(k, item(k, nv)?);
            continue;
        };
        if ov == nv {
            continue;
        }
        let Some(slot) = doc.get_mut(k) else {
            doc.insert(k, item(k, nv)?);
            continue;
        };
        match (slot, ov, nv) {
            (Item::Table(t), Value::Table(o), Value::Table(n)) => merge_table(t, o, n)?,
            (Item::ArrayOfTables(aot), Value::Array(o), Value::Array(n)) => {
                let mut merged = toml_edit::ArrayOfTables::new();
                for (i, nt) in n.iter().enumerate() {
                    let Value::Table(nt) = nt else {
                        return Err(format!("`{k}` mixes tables and values"));
                    };
                    let ot = match_old(nt, o, i);
                    let mut table = old_table(aot, o, &ot).unwrap_or_default();
                    merge_table(&mut table, &ot, nt)?;
                    merged.push(table);
                }
                *aot = merged;
            }
            (Item::Value(v), _, _) => {
                let decor = v.decor().clone();
                let Item::Value(mut nv) = item(k, nv)? else {
                    doc.insert(k, item(k, nv)?);
                    continue;
                };
                *nv.decor_mut() = decor;
                *v = nv;
            }
            (slot, _, _) => *slot = item(k, nv)?,
        }
    }
    Ok(())
}

/// Puts every `[table]` in the order of the document's tree. toml_edit writes tables in the
/// order of their positions, and a table made for a new organisation has none in this
/// document: without this, a new organisation's `[org.name]` was written inside the first one.
fn renumber(table: &mut Table, at: &mut usize) {
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => {
                *at += 1;
                t.set_position(Some(*at as isize));
                renumber(t, at);
            }
            Item::ArrayOfTables(aot) => {
                for t in aot.iter_mut() {
                    *at += 1;
                    t.set_position(Some(*at as isize));
                    renumber(t, at);
                }
            }
            _ => {}
        }
    }
}

/// The table in `aot` whose values are `wanted` (with its comments and layout).
fn old_table(
    aot: &toml_edit::ArrayOfTables,
    olds: &[Value],
    wanted: &toml::Table,
) -> Option<Table> {
    let i = olds
        .iter()
        .position(|o| matches!(o, Value::Table(t) if t == wanted && !t.is_empty()))?;
    aot.get(i).cloned()
}

/// `v` as toml_edit writes a new key: a value, a `[table]` or `[[array of tables]]`.
fn item(key: &str, v: &Value) -> Result<Item, String> {
    let mut t = toml::Table::new();
    t.insert(key.to_string(), v.clone());
    let text = toml::to_string(&t).map_err(|e| e.to_string())?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    doc.remove(key)
        .ok_or_else(|| format!("`{key}` could not be written"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(path: &str, raw: &str) -> Saved {
        Saved {
            path: path.into(),
            raw: raw.into(),
        }
    }

    #[test]
    fn translations_get_the_originals_lists_and_tables() {
        let files = vec![
            saved(
                "content/kiosk/a/index.ky.md",
                "+++\ntitle = \"Кабар\"\nalert = true\n+++\nТекст.",
            ),
            saved(
                "content/kiosk/a/index.ru.md",
                "+++\ntitle = \"Весть\"\nalert = true\nsources = [\"cmw-2025:80\"]\n[schedule]\nuntil = \"2099-12-31\"\n+++\nТекст.",
            ),
            saved("content/kiosk/a/index.en.md", "+++\nalert = true\n+++\n"),
        ];
        let (out, original) = entry(files, "ru", &|_| false).unwrap();
        assert_eq!(original.as_deref(), Some("ru"));
        assert_eq!(out.len(), 2, "no file for the language left empty");
        let ky = &out[0].raw;
        assert!(
            ky.contains("sources = [\"cmw-2025:80\"]") && ky.contains("[schedule]"),
            "{ky}"
        );
        assert!(ky.contains("original = \"ru\""), "{ky}");
        let merged = page(None, ky).unwrap().unwrap();
        assert!(merged.contains("until = 2099-12-31"), "{merged}");
    }

    #[test]
    fn a_language_left_empty_stays_unwritten_on_every_later_save() {
        // What the CMS sends on the second save of an alert whose English was left empty: the
        // English file with only the keys copied from the original.
        let files = || {
            vec![
                saved(
                    "content/kiosk/a/index.ru.md",
                    "+++\ntitle = \"Весть\"\nalert = true\noriginal = \"ru\"\n[schedule]\nuntil = \"2099-12-31\"\n+++\nТекст.",
                ),
                saved(
                    "content/kiosk/a/index.en.md",
                    "+++\nalert = true\n[schedule]\nuntil = \"2099-12-31\"\n+++\n",
                ),
            ]
        };
        let ru_only = |p: &str| p.ends_with(".ru.md");
        let (out, _) = entry(files(), "ru", &ru_only).unwrap();
        let paths: Vec<&str> = out.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["content/kiosk/a/index.ru.md"]);
        // A file that is on disk is the editor's to empty: it is kept (and the build says why).
        let (out, _) = entry(files(), "ru", &|_| true).unwrap();
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn spaces_around_values_go_and_the_body_keeps_them() {
        let old = "+++\ntitle = \"Орусия\"\n+++\n\nText.\n";
        let new = "+++\ntitle = \"Россия  \"\ndescription = \" Кратко \"\ntags = [\" a \"]\n+++\n\nText.  \nMore.\n";
        let merged = page(Some(old), new).unwrap().unwrap();
        assert!(merged.contains("title = \"Россия\"\n"), "{merged}");
        assert!(merged.contains("description = \"Кратко\"\n"), "{merged}");
        assert!(merged.contains("tags = [\"a\"]"), "{merged}");
        assert!(merged.contains("Text.  \nMore."), "{merged}");
        // A title that only gained a trailing space is no change at all.
        let same = "+++\ntitle = \"Орусия \"\n+++\n\nText.\n";
        assert_eq!(page(Some(old), same).unwrap(), None);
    }

    #[test]
    fn a_one_word_edit_changes_one_line_of_the_body() {
        let old = "+++\ntitle = \"T\"\n+++\n\n## Work\n\n- one\n- two_three\n  - nested\n\n1. first\n\nText here.\n";
        // As the CMS writes it back: `*` markers, escaped underscores, its own indentation.
        let new = "+++\ntitle = \"T\"\n+++\n## Work\n\n* one\n* two\\_three\n    * nested\n\n1. first\n\nText there.";
        let merged = page(Some(old), new).unwrap().unwrap();
        assert_eq!(merged, old.replace("Text here.", "Text there."));
        // Nothing but the CMS's way of writing: no change, nothing written.
        let rewritten = new.replace("Text there.", "Text here.");
        assert_eq!(page(Some(old), &rewritten).unwrap(), None);
        // A new item of the list keeps the list's own marker.
        let added = new.replace("* two\\_three", "* two\\_three\n* four");
        let merged = page(Some(old), &added).unwrap().unwrap();
        assert!(
            merged.contains("- two_three\n- four\n  - nested"),
            "{merged}"
        );
    }

    const OLD: &str = "+++\ntitle = \"Орусия\"   # the country's name\nweight = 1\ndate = 2025-05-28\nsources = [\"mgi-2022:479\"]\n\n[[quick_facts]]\nlabel = \"A\"\nvalue = \"B\"\n+++\n\nText.\n";

    #[test]
    fn a_changed_title_changes_that_line_only() {
        let new = "+++\ntitle = \"Россия\"\nweight = 1\ndate = \"2025-05-28\"\nsources = [ \"mgi-2022:479\" ]\ndraft = false\ndescription = \"\"\n[[quick_facts]]\nlabel = \"A\"\nvalue = \"B\"\n+++\nText.";
        let merged = page(Some(OLD), new).unwrap().unwrap();
        assert_eq!(merged, OLD.replace("\"Орусия\"", "\"Россия\""));
    }

    #[test]
    fn the_same_values_in_another_layout_are_no_change() {
        let new = "+++\nsources = [\"mgi-2022:479\"]\ntitle = \"Орусия\"\nweight = 1\ndate = 2025-05-28T00:00:00.000Z\nreviewed = false\n[[quick_facts]]\nlabel = \"A\"\nvalue = \"B\"\n+++\n\nText.\n\n";
        assert_eq!(page(Some(OLD), new).unwrap(), None);
    }

    #[test]
    fn dates_stay_dates_and_cleared_keys_go() {
        let new = "+++\ntitle = \"Орусия\"\nweight = 1\ndate = \"2025-06-01\"\nsources = []\n[[quick_facts]]\nlabel = \"A\"\nvalue = \"C\"\n+++\nText.";
        let merged = page(Some(OLD), new).unwrap().unwrap();
        assert!(merged.contains("date = 2025-06-01\n"), "{merged}");
        assert!(!merged.contains("sources"), "{merged}");
        assert!(merged.contains("value = \"C\""), "{merged}");
        assert!(merged.contains("# the country's name"), "{merged}");
    }

    #[test]
    fn a_new_page_gets_real_dates_and_no_empty_keys() {
        let new = "+++\ntitle = \"Alert\"\nalert = true\ndraft = false\nkiosks = []\n[schedule]\nuntil = \"2026-12-31\"\nweekdays = []\n+++\nCall 1899.";
        let merged = page(None, new).unwrap().unwrap();
        assert_eq!(
            merged,
            "+++\ntitle = \"Alert\"\nalert = true\n\n[schedule]\nuntil = 2026-12-31\n+++\n\nCall 1899.\n"
        );
    }

    #[test]
    fn organisations_are_matched_by_id_and_keep_their_comments() {
        let old = "# Directory\n\n[[org]]\nid = \"a\"\nphone = \"1899\"\nverified = 2026-11-22\n[org.name]\nru = \"А\"\n\n# second\n[[org]]\nid = \"b\"\nverified = 2026-11-22\n[org.name]\nru = \"Б\"\n";
        let new = "[[org]]\nid = \"a\"\nphone = \"1899\"\nverified = \"2026-11-22\"\nwebsite = \"\"\n[org.name]\nru = \"А\"\nky = \"\"\n[[org]]\nid = \"b\"\nverified = \"2026-11-22\"\n[org.name]\nru = \"Бэ\"\n[[org]]\nid = \"c\"\nkind = \"ngo\"\nverified = \"2026-11-29\"\n[org.name]\nru = \"В\"\n";
        let merged = data(Some(old), new).unwrap().unwrap();
        assert!(
            merged.starts_with("# Directory\n\n[[org]]\nid = \"a\"\nphone = \"1899\""),
            "{merged}"
        );
        assert!(merged.contains("# second\n[[org]]\nid = \"b\""), "{merged}");
        assert!(merged.contains("ru = \"Бэ\""), "{merged}");
        assert!(
            merged.contains("id = \"c\"") && merged.contains("verified = 2026-11-29"),
            "{merged}"
        );
        assert!(
            !merged.contains("website") && !merged.contains("ky ="),
            "{merged}"
        );
        assert_eq!(data(Some(old), old).unwrap(), None);
    }

    #[test]
    fn a_group_of_search_words_added_keeps_the_files_comments() {
        let old = "# Everyday words.\n\n[[ky]]\n# wages\nwords = [\"эмгек акы\", \"айлык\"]\n\n[[ru]]\nwords = [\"зарплата\", \"оплата труда\"]\n";
        let new = "[[ky]]\nwords = [\"эмгек акы\", \"айлык\"]\n[[ky]]\nwords = [\"иш берүүчү\", \"кожоюн\"]\n[[ru]]\nwords = [\"зарплата\", \"оплата труда\"]\n";
        let merged = data(Some(old), new).unwrap().unwrap();
        assert!(
            merged.starts_with(
                "# Everyday words.\n\n[[ky]]\n# wages\nwords = [\"эмгек акы\", \"айлык\"]\n"
            ),
            "{merged}"
        );
        assert!(
            merged.contains("[[ky]]\nwords = [\"иш берүүчү\", \"кожоюн\"]\n"),
            "{merged}"
        );
        let ky_new = merged.find("кожоюн").unwrap();
        assert!(ky_new < merged.find("[[ru]]").unwrap(), "{merged}");
    }
}
