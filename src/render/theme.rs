//! The theme, ready to render with: Tera compiled from the template texts the load stage read,
//! and the theme's static files.

use tera::Tera;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::theme::{StaticFile, ThemeFiles};
use crate::util::text::escape_html;

/// The theme's templates compiled once per build (and kept by the server for search pages),
/// and its static files.
#[derive(Clone)]
pub(crate) struct Theme {
    pub(super) tera: Tera,
    pub(super) rel_templates: String,
    pub(super) statics: Vec<StaticFile>,
    pub(super) service_worker: bool,
}

impl Theme {
    /// Compiles the templates the load stage read; the theme needs at least a page and a
    /// section template.
    pub(crate) fn new(files: ThemeFiles) -> Result<Theme, Diagnostics> {
        let tera = templates(&files)?;
        let rel_templates = files.templates_dir;
        let mut diags = Diagnostics::default();
        for needed in ["page.html", "section.html"] {
            if !tera.get_template_names().any(|n| n == needed) {
                diags.push(Diagnostic::error(
                    &rel_templates,
                    None,
                    format!("the theme has no {needed}"),
                ));
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Theme {
            tera,
            rel_templates,
            statics: files.statics,
            service_worker: files.service_worker,
        })
    }

    /// Whether the theme has a template of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders template `name` with `cx` for the output file `file`; an error names the
    /// template and the file.
    pub(crate) fn render(
        &self,
        name: &str,
        cx: &impl serde::Serialize,
        file: &std::path::Path,
    ) -> Result<String, Diagnostic> {
        tera::Context::from_serialize(cx)
            .and_then(|cx| self.tera.render(name, &cx))
            .map_err(|e| {
                Diagnostic::error(
                    format!("{}/{name}", self.rel_templates),
                    None,
                    format!("while rendering {}: {}", file.display(), tera_message(&e)),
                )
            })
    }
}

/// Builds Tera from the theme's template texts; errors name the template file.
fn templates(files: &ThemeFiles) -> Result<Tera, Diagnostics> {
    let rel_dir = files.templates_dir.as_str();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which bloats every URL; quotes, `<`, `>` and `&` are
    // what matters for safety in text and attribute values.
    tera.set_escape_fn(escape_html);
    if let Err(e) = tera.add_raw_templates(files.templates.clone()) {
        // Tera names the failing template inside its message; point the editor at that file.
        let msg = tera_message(&e);
        let file = files
            .templates
            .iter()
            .map(|(n, _)| n)
            .find(|n| msg.contains(&format!("'{n}'")))
            .map(|n| format!("{rel_dir}/{n}"))
            .unwrap_or_else(|| rel_dir.to_string());
        let mut diags = Diagnostics::default();
        diags.extend(files.unreadable.iter().cloned());
        diags.push(Diagnostic::error(file, None, msg));
        return Err(diags);
    }
    Ok(tera)
}

/// A Tera error with the chain of its causes, where the useful part (the line of the template,
/// the missing variable) usually is.
pub(crate) fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::super::fixture::theme_files;
    use super::*;

    fn errors(files: ThemeFiles) -> Vec<(String, String)> {
        match Theme::new(files) {
            Ok(_) => Vec::new(),
            Err(d) => d
                .errors()
                .map(|e| (e.file.display().to_string(), e.message.clone()))
                .collect(),
        }
    }

    #[test]
    fn a_broken_template_is_named() {
        let mut files = theme_files(&[]);
        files.templates[1].1 = "{% if %}".into();
        let errs = errors(files);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].0, "themes/portal/templates/section.html");
        assert!(errs[0].1.contains("'section.html'"), "{}", errs[0].1);
    }

    #[test]
    fn page_and_section_templates_are_required() {
        let mut files = theme_files(&[]);
        files.templates.retain(|(n, _)| n != "section.html");
        assert_eq!(
            errors(files),
            [(
                "themes/portal/templates".to_string(),
                "the theme has no section.html".to_string()
            )]
        );
    }

    #[test]
    fn templates_are_escaped_for_html_but_urls_keep_their_slashes() {
        let mut files = theme_files(&[]);
        files.templates.push(("x.html".into(), "{{ v }}".into()));
        let theme = Theme::new(files).expect("a theme");
        let mut cx = tera::Context::new();
        cx.insert("v", "/ky/?a=1&b=\"<x>\"");
        let html = theme.tera.render("x.html", &cx).expect("rendered");
        assert_eq!(html, "/ky/?a=1&amp;b=&quot;&lt;x&gt;&quot;");
    }
}
