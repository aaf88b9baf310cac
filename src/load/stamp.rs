//! A translation's `translated_from` line written into its page file's text, changing nothing
//! else: the line is replaced where it is, or added below `original = …`. Editors keep their
//! files under version control and read the diffs, so a stamp must be a one-line change with
//! the file's own line ends and byte-order mark kept.

use super::freshness::key_line;
use super::frontmatter::FrontMatterError;

/// `file_text` with `translated_from = "<fingerprint>"` set. `Err` when the page has no
/// `original` line among its first keys to put it below, or when the front matter cannot be
/// read, or when the result would not read back as the same front matter with only that key
/// set (a `translated_from` or `original` inside a multi-line text, say).
pub(crate) fn stamped(file_text: &str, fingerprint: &str) -> Result<String, FrontMatterError> {
    let stamp = |eol: &str| format!("translated_from = \"{fingerprint}\"{eol}");
    let eol_of = |line: &str| {
        if line.ends_with("\r\n") { "\r\n" } else { "\n" }
    };
    let mut out = String::with_capacity(file_text.len() + 40);
    if let Some(r) = key_line(file_text, "translated_from") {
        out.push_str(&file_text[..r.start]);
        out.push_str(&stamp(eol_of(&file_text[r.clone()])));
        out.push_str(&file_text[r.end..]);
    } else if let Some(r) = key_line(file_text, "original") {
        out.push_str(&file_text[..r.end]);
        out.push_str(&stamp(eol_of(&file_text[r.clone()])));
        out.push_str(&file_text[r.end..]);
    } else {
        return Err(FrontMatterError {
            line: 1,
            message: "this page has no `original = …` line saying which language it was translated from".into(),
            hint: Some("add `original = \"ru\"` (the language of the original) to its front matter, below `title`".into()),
            ..Default::default()
        });
    }
    same_but_stamped(file_text, &out, fingerprint)?;
    Ok(out)
}

/// Checks that `after` reads as `before` with `translated_from` set to `fingerprint` and no
/// other key changed.
fn same_but_stamped(before: &str, after: &str, fingerprint: &str) -> Result<(), FrontMatterError> {
    let table = |text: &str| -> Result<toml::Table, FrontMatterError> {
        let text = crate::util::text::normalize(text);
        let split = super::frontmatter::split(&text)?;
        toml::from_str::<toml::Table>(split.front).map_err(|e| {
            let x = super::explain::toml_error(&e, split.front);
            FrontMatterError {
                line: split.front_line + x.line - 1,
                message: x.message,
                hint: x.hint,
                ..Default::default()
            }
        })
    };
    let mut old = table(before)?;
    let mut new = table(after)?;
    old.remove("translated_from");
    let stamped = new.remove("translated_from");
    if old == new && stamped.as_ref().and_then(|v| v.as_str()) == Some(fingerprint) {
        Ok(())
    } else {
        Err(FrontMatterError {
            line: 1,
            message: "could not find the line to write `translated_from` on".into(),
            hint: Some(format!(
                "write `translated_from = \"{fingerprint}\"` by hand on a line of its own below `original = …`"
            )),
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_line_below_original_and_keeps_every_other_byte() {
        let page = "+++\ntitle = \"Орусия\"\noriginal = \"ru\"   # from Russian\nreviewed = false\n\n[[quick_facts]]\nlabel = \"A\"\nvalue = \"B\"\n+++\n\nText  with   spaces\n";
        let out = stamped(page, "0123456789ab").unwrap();
        assert_eq!(
            out,
            page.replace(
                "# from Russian\n",
                "# from Russian\ntranslated_from = \"0123456789ab\"\n"
            )
        );
    }

    #[test]
    fn replaces_an_old_stamp_in_place() {
        let page = "\u{feff}+++\r\ntitle = \"A\"\r\ntranslated_from   =  \"aaaaaaaaaaaa\"\r\noriginal = \"ru\"\r\n+++\r\nBody\r\n";
        let out = stamped(page, "0123456789ab").unwrap();
        assert_eq!(
            out,
            page.replace(
                "translated_from   =  \"aaaaaaaaaaaa\"",
                "translated_from = \"0123456789ab\""
            )
        );
        // Stamping again with the same fingerprint changes nothing.
        assert_eq!(stamped(&out, "0123456789ab").unwrap(), out);
    }

    #[test]
    fn a_page_without_original_cannot_be_stamped() {
        let e = stamped("+++\ntitle = \"A\"\n+++\n", "0123456789ab").unwrap_err();
        assert!(e.message.contains("original"), "{}", e.message);
        // `original` inside a table is not the page's own key.
        let tabled = "+++\ntitle = \"A\"\n[[quiz]]\noriginal = \"ru\"\n+++\n";
        assert!(stamped(tabled, "0123456789ab").is_err());
    }

    #[test]
    fn a_key_lookalike_inside_a_multiline_text_is_refused() {
        let page = "+++\ntitle = \"A\"\ndescription = \"\"\"\noriginal = \"ru\"\n\"\"\"\n+++\n";
        let e = stamped(page, "0123456789ab").unwrap_err();
        assert!(e.hint.unwrap().contains("by hand"));
    }
}
