//! Markdown to HTML, with the portal's safety and linking rules.
//!
//! Many people write for the portal, so Markdown is treated as untrusted: raw HTML is shown as
//! text, script-bearing URLs are refused and heading attributes are reduced to an id. Internal
//! links are written by bundle path (`@/guides/russia`) and resolved by the caller, so a renamed
//! page breaks the build instead of breaking a migrant's click.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

pub(crate) use crate::model::output::{Heading, InternalLink};
use crate::util::text::escape_html;

#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    pub(crate) html: String,
    pub(crate) headings: Vec<Heading>,
    /// The text without markup, for search and summaries.
    pub(crate) text: String,
    pub(crate) links: Vec<InternalLink>,
    /// Lines of images with empty alt text: screen-reader users learn nothing from them.
    pub(crate) images_without_alt: Vec<usize>,
}

/// What the renderer needs from the rest of the site.
pub(crate) struct Context<'a> {
    /// Resolves a bundle path (`guides/russia`) to a URL path in the reader's language.
    pub(crate) resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Opening and closing quotes of the reader's language («» for ru and ky).
    pub(crate) quotes: Option<(&'a str, &'a str)>,
    /// 1-based line of the body's first line in the file.
    pub(crate) first_line: usize,
    /// Folders between the site's top and the page (`/ru/guides/russia/` is 3): how many `..`
    /// a relative link may climb before it leaves the site.
    pub(crate) depth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MarkdownError {
    pub(crate) line: usize,
    pub(crate) message: String,
    /// The bundle path of an `@/` link that leads nowhere, for a "did you mean".
    pub(crate) missing: Option<String>,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Turns heading text into an id that keeps Cyrillic letters (so Kyrgyz and Russian anchors
/// stay readable) and drops punctuation.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            dash = false;
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.is_empty() && !dash {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// True for URL schemes that run code in the reader's browser.
pub(crate) fn is_dangerous_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }
    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

pub(crate) fn render(body: &str, cx: &Context<'_>) -> Result<Rendered, Vec<MarkdownError>> {
    let mut c = Converter {
        cx,
        lines: LineIndex::new(body),
        out: Rendered::default(),
        errors: Vec::new(),
        events: Vec::new(),
        ids: HeadingIds::default(),
        heading: None,
        image: None,
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        c.event(event, range.start);
    }
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    let mut out = c.out;
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, c.events.into_iter());
    if out.text.ends_with(' ') {
        out.text.pop();
    }
    Ok(out)
}

/// A heading being read: it is buffered until its end so that its id can come from its text.
struct PendingHeading<'a> {
    level: HeadingLevel,
    /// The id written as `{#id}`, if any.
    explicit: Option<CowStr<'a>>,
    inner: Vec<Event<'a>>,
    text: String,
}

/// An image being read: it is buffered to collect its alt text.
struct PendingImage {
    src: String,
    title: String,
    alt: String,
    line: usize,
}

/// Ids given out so far, and per base id the last number tried: `## A`, `## A`, `## B {#a-1}`
/// must not produce two `a-1`s (anchors would jump to the wrong heading, and the page would be
/// invalid HTML).
#[derive(Default)]
struct HeadingIds {
    used: std::collections::HashSet<String>,
    counters: std::collections::HashMap<String, usize>,
}

impl HeadingIds {
    fn unique(&mut self, base: String) -> String {
        let n = self.counters.entry(base.clone()).or_insert(0);
        let mut id = base.clone();
        while self.used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
}

/// One page's pass over pulldown-cmark's events: the events for its HTML writer, rewritten
/// where the rules above say, and what is collected on the way.
struct Converter<'a, 'c> {
    cx: &'c Context<'c>,
    lines: LineIndex,
    out: Rendered,
    errors: Vec<MarkdownError>,
    events: Vec<Event<'a>>,
    ids: HeadingIds,
    heading: Option<PendingHeading<'a>>,
    image: Option<PendingImage>,
}

impl<'a> Converter<'a, '_> {
    fn line_at(&self, offset: usize) -> usize {
        self.cx.first_line + self.lines.line(offset) - 1
    }

    /// Takes one event at byte `offset` of the body.
    fn event(&mut self, event: Event<'a>, offset: usize) {
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Text(t) => Event::Text(match self.cx.quotes {
                Some((open, close)) if t.contains(['“', '”']) => {
                    CowStr::from(t.replace('“', open).replace('”', close))
                }
                _ => t,
            }),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.checked_url(dest_url, link_type, offset),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let src = self.checked_url(dest_url, link_type, offset);
                self.image = Some(PendingImage {
                    src: src.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    line: self.line_at(offset),
                });
                return;
            }
            Event::End(TagEnd::Image) => return self.end_image(),
            Event::Start(Tag::Heading { level, id, .. }) => {
                // Classes and attributes are dropped: `{onclick=…}` must never reach the page.
                self.heading = Some(PendingHeading {
                    level,
                    explicit: id,
                    inner: Vec::new(),
                    text: String::new(),
                });
                return;
            }
            Event::End(TagEnd::Heading(_)) => return self.end_heading(),
            other => other,
        };
        self.emit(event);
    }

    /// [`checked_url`] at byte `offset`.
    fn checked_url(&mut self, dest: CowStr<'a>, link_type: LinkType, offset: usize) -> CowStr<'a> {
        let line = self.line_at(offset);
        checked_url(
            dest,
            link_type,
            line,
            self.cx,
            &mut self.out.links,
            &mut self.errors,
        )
    }

    /// The image as HTML, lazy-loaded, with its alt text.
    fn end_image(&mut self) {
        let Some(img) = self.image.take() else { return };
        if img.alt.trim().is_empty() {
            self.out.images_without_alt.push(img.line);
        }
        let title = if img.title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_html(&img.title))
        };
        let html = format!(
            "<img src=\"{}\" alt=\"{}\"{title} loading=\"lazy\" decoding=\"async\">",
            escape_html(&img.src),
            escape_html(&img.alt)
        );
        self.push(Event::Html(html.into()));
    }

    /// The heading with a unique id, from `{#id}` or else from its text.
    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let base = h
            .explicit
            .map(|s| slugify(&s))
            .unwrap_or_else(|| slugify(&h.text));
        let id = self.ids.unique(base);
        self.out.headings.push(Heading {
            level: h.level as u8,
            id: id.clone(),
            text: h.text.trim().to_string(),
        });
        self.events.push(Event::Start(Tag::Heading {
            level: h.level,
            id: Some(id.into()),
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        self.events.extend(h.inner);
        self.events.push(Event::End(TagEnd::Heading(h.level)));
        self.out.text.push(' ');
    }

    /// Passes an event on, collecting its text for search and for the alt text or heading
    /// being read.
    fn emit(&mut self, event: Event<'a>) {
        if let Event::Text(t) | Event::Code(t) = &event {
            if let Some(img) = self.image.as_mut() {
                img.alt.push_str(t);
                return;
            }
            if let Some(h) = self.heading.as_mut() {
                h.text.push_str(t);
            }
            self.out.text.push_str(t);
        }
        if matches!(
            event,
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock)
                | Event::SoftBreak
                | Event::HardBreak
        ) {
            self.out.text.push(' ');
        }
        if let Some(h) = self.heading.as_ref()
            && h.text.is_empty()
            && matches!(event, Event::SoftBreak)
        {
            return;
        }
        self.push(event);
    }

    /// Into the heading being read, if any, else into the page.
    fn push(&mut self, e: Event<'a>) {
        match self.heading.as_mut() {
            Some(h) => h.inner.push(e),
            None => self.events.push(e),
        }
    }
}

/// [`check_url`] for the event loop: a refused URL is recorded and the text kept, so that
/// one pass reports every bad link of the page.
fn checked_url<'a>(
    dest: CowStr<'a>,
    link_type: LinkType,
    line: usize,
    cx: &Context<'_>,
    links: &mut Vec<InternalLink>,
    errors: &mut Vec<MarkdownError>,
) -> CowStr<'a> {
    match check_url(&dest, link_type, line, cx, links) {
        Ok(d) => d,
        Err(e) => {
            errors.push(e);
            dest
        }
    }
}

/// Whether a relative or site-absolute URL has more `..` than there are folders above it.
/// Browsers quietly stop at the top, so such a link never reaches what the editor meant (and
/// `../../../etc/passwd` is a probe, not a link). URLs with a scheme or host are left alone.
fn climbs_out(url: &str, depth: usize) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path.starts_with("//") || path.split('/').next().is_some_and(|s| s.contains(':')) {
        return false;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut level = if decoded.starts_with('/') { 0 } else { depth };
    for seg in decoded.split(['/', '\\']) {
        match seg {
            ".." if level == 0 => return true,
            ".." => level -= 1,
            "" | "." => {}
            _ => level += 1,
        }
    }
    false
}

fn check_url<'a>(
    dest: &CowStr<'a>,
    link_type: LinkType,
    line: usize,
    cx: &Context<'_>,
    links: &mut Vec<InternalLink>,
) -> Result<CowStr<'a>, MarkdownError> {
    if is_dangerous_url(dest) {
        return Err(MarkdownError {
            line,
            message: format!(
                "the link `{}` runs code in the reader's browser and is not allowed",
                truncate(dest)
            ),
            missing: None,
        });
    }
    let Some(rest) = dest.strip_prefix("@/") else {
        if climbs_out(dest, cx.depth) {
            return Err(MarkdownError {
                line,
                message: format!(
                    "the link `{}` climbs above the top of the site with `..`; link to a page as `@/guides/russia` and to a file in the page's own folder by its name",
                    truncate(dest)
                ),
                missing: None,
            });
        }
        return Ok(dest.clone());
    };
    let _ = link_type;
    if rest.split(['/', '#']).any(|s| s == ".." || s == ".") {
        return Err(MarkdownError {
            line,
            message: format!(
                "the link `{}` uses `.` or `..`; an `@/` link names a page by its folder under content/, like `@/guides/russia`",
                truncate(dest)
            ),
            missing: None,
        });
    }
    let (path, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (rest, None),
    };
    let target = path.trim_matches('/');
    let target = target
        .strip_suffix("/index.md")
        .or_else(|| target.strip_suffix("/_index.md"))
        .unwrap_or(target);
    links.push(InternalLink {
        target: target.to_string(),
        anchor: anchor.map(str::to_string),
        line,
    });
    match (cx.resolve)(target) {
        Some(url) => Ok(match anchor {
            Some(a) => format!("{url}#{a}").into(),
            None => url.into(),
        }),
        None => Err(MarkdownError {
            line,
            message: format!("the link `{dest}` points to a page that does not exist"),
            missing: Some(target.to_string()),
        }),
    }
}

fn truncate(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(p: &str) -> Option<String> {
        (p == "guides/russia").then(|| "/ky/guides/russia/".to_string())
    }

    fn md(s: &str) -> Result<Rendered, Vec<MarkdownError>> {
        render(
            s,
            &Context {
                resolve: &resolve,
                quotes: Some(("«", "»")),
                depth: 3,
                first_line: 5,
            },
        )
    }

    #[test]
    fn links_that_climb_out_of_the_site() {
        assert!(md("[x](../../../../etc/passwd)").is_err());
        assert!(md("![x](../../../../secret.png)").is_err());
        assert!(md("[x](/../x)").is_err());
        assert!(md("[x](%2e%2e/%2e%2e/%2e%2e/%2e%2e/x)").is_err());
        assert!(md("[x](..%5c..%5c..%5c..%5cx)").is_err());
        assert!(md("[x](@/../../x)").is_err());
        // Inside the site, and other sites, are fine.
        assert!(md("[x](../../../ky/)").is_ok());
        assert!(md("![x](photo.png)").is_ok());
        assert!(md("[x](https://example.org/../../x)").is_ok());
        assert!(md("[x](mailto:a@b.kg)").is_ok());
    }

    #[test]
    fn cyrillic_heading_ids() {
        assert_eq!(slugify("Эмгек укуктары!"), "эмгек-укуктары");
        assert_eq!(
            slugify("Права работника — кратко"),
            "права-работника-кратко"
        );
        assert_eq!(slugify("???"), "section");
        let r = md("## Өлкө\n\n## Өлкө\n").unwrap();
        assert!(r.html.contains("<h2 id=\"өлкө\">Өлкө</h2>"), "{}", r.html);
        assert!(r.html.contains("id=\"өлкө-1\""));
        assert_eq!(r.headings.len(), 2);
    }

    /// Found by fuzzing: an explicit id equal to a numbered duplicate gave two headings one id.
    #[test]
    fn heading_ids_stay_unique_with_explicit_ids() {
        let r = md("# A\n# A\n# B {#a-1}\n# A\n# C {#a}\n").unwrap();
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-1-1", "a-2", "a-3"]);
    }

    #[test]
    fn raw_html_is_escaped() {
        let r = md("Hi <script>alert(1)</script>\n\n<div onclick=\"x\">a</div>\n").unwrap();
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(!r.html.contains("<div"));
    }

    #[test]
    fn heading_attributes_cannot_inject() {
        let r = md("## Title {#ok .cls onclick=alert(1)}\n").unwrap();
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(r.html.contains("id=\"ok\""));
    }

    #[test]
    fn javascript_links_are_refused_with_line() {
        let e = md("text\n\n[x](javascript:alert(1))\n").unwrap_err();
        assert_eq!(e[0].line, 7);
        let e = md("[x](JaVaScript:alert(1)) [y](&#106;avascript:alert(1))").unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(md("![x](data:text/html;base64,AAA)").is_err());
    }

    #[test]
    fn internal_links_resolve_or_fail() {
        let r = md("[Россия](@/guides/russia#виза)").unwrap();
        assert!(
            r.html
                .contains("href=\"/ky/guides/russia/#%D0%B2%D0%B8%D0%B7%D0%B0\"")
                || r.html.contains("href=\"/ky/guides/russia/#виза\""),
            "{}",
            r.html
        );
        let e = md("line\n[x](@/guides/nowhere)").unwrap_err();
        assert_eq!(e[0].line, 6);
        assert!(e[0].message.contains("@/guides/nowhere"));
    }

    #[test]
    fn typographic_quotes_follow_language() {
        let r = md("\"Шанс\" борбору").unwrap();
        assert!(r.html.contains("«Шанс»"), "{}", r.html);
    }

    #[test]
    fn images_are_lazy_with_alt() {
        let r = md("![Карта *Бишкек*](map.png)").unwrap();
        assert!(
            r.html
                .contains("<img src=\"map.png\" alt=\"Карта Бишкек\" loading=\"lazy\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn tables_footnotes_tasks_strike() {
        let r =
            md("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n")
                .unwrap();
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
    }
}
