//! Load: reads site.toml, every Markdown translation and the data files into a [`Site`].
//!
//! Reading and parsing are done in parallel (rayon) because on a large site this stage is
//! mostly file I/O and TOML parsing of thousands of small files.

pub mod config;
pub mod data;
pub mod fonts;
pub mod frontmatter;
pub mod i18n;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::{Config, SectionKind, valid_segment};
use crate::model::schedule::{Schedule, TimeWindow, parse_weekday};
use crate::model::site::{Asset, Meta, PageSource, Quiz, Ref, Site};
use crate::util::text::{human_size, normalize};
use frontmatter::{FrontMatterError, Split};

/// Largest Markdown file a page may be. The biggest shipped page is 16 KB; four megabytes is
/// a thousand printed pages, far more than anyone reads on a phone, while every byte is held
/// in memory several times over (text, HTML, search index) in every language that falls back
/// to it. Without a limit one runaway file (a log pasted in, a generated dump) can take
/// gigabytes and stall the build for every editor.
pub const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// Why [`read_capped`] gave no bytes.
pub enum Capped {
    Io(std::io::Error),
    /// The size found, which is over the limit.
    TooLarge(u64),
}

/// Reads a whole file unless it is larger than `limit`. The size is checked before reading
/// and the read itself is bounded, so a file that grows while it is read cannot slip past.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, Capped> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(Capped::Io)?;
    let len = f.metadata().map_err(Capped::Io)?.len();
    if len > limit {
        return Err(Capped::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Capped::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

enum Entry {
    Page(Box<PageSource>),
    Draft,
    Asset(Asset),
}

/// Loads what it can. Errors in single files are collected and the rest of the site is still
/// returned, so that later stages can report their own problems in the same run; only a
/// missing or broken site.toml or content/ stops here.
pub fn load(root: &Path) -> Result<(Site, Diagnostics), Diagnostics> {
    let config = config::read(root)?;
    let mut diags = Diagnostics::default();
    let content = config.content_dir();
    if !content.is_dir() {
        diags.push(Diagnostic::error(
            "content",
            None,
            "there is no content/ folder",
        ));
        return Err(diags);
    }

    let (files, walk_errors) = find_files(root, &content);
    diags.extend(walk_errors);

    // Reading is what a cold page cache makes slow, so files are read on more threads than
    // there are cores (see write::IO_THREADS); parsing them there as well costs nothing extra.
    let read_all = || -> Vec<Result<Entry, Diagnostic>> {
        files
            .par_iter()
            .map(|p| load_file(&config, root, &content, p))
            .collect()
    };
    let results = match rayon::ThreadPoolBuilder::new()
        .num_threads(crate::util::IO_THREADS)
        .thread_name(|n| format!("sapar-read-{n}"))
        .build()
    {
        Ok(pool) => pool.install(read_all),
        Err(_) => read_all(),
    };
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    let mut broken = std::collections::HashSet::new();
    for (r, path) in results.into_iter().zip(&files) {
        match r {
            Ok(Entry::Page(p)) => pages.push(*p),
            Ok(Entry::Asset(a)) => assets.push(a),
            Ok(Entry::Draft) => {}
            Err(d) => {
                if let Some(dir) = path.parent().and_then(|d| d.strip_prefix(&content).ok()) {
                    broken.insert(dir.to_string_lossy().replace('\\', "/"));
                }
                diags.push(d);
            }
        }
    }
    let mut broken_data = Vec::new();
    let errors = diags.error_count();
    let contacts = data::load_contacts(&config, &mut diags);
    if diags.error_count() > errors {
        broken_data.push(data::CONTACTS_FILE);
    }
    let errors = diags.error_count();
    let sources = data::load_sources(&config, &mut diags);
    if diags.error_count() > errors {
        broken_data.push(data::SOURCES_FILE);
    }
    Ok((
        Site {
            config,
            pages,
            assets,
            contacts,
            sources,
            broken,
            broken_data,
        },
        diags,
    ))
}

const MD_FOLDER: &str = "this is a folder, but a name ending in .md is a page file; a page is a file such as index.ru.md inside its bundle folder";

/// Every file under `content/`, sorted as a walk that visits names in order would find them,
/// and the problems met on the way. Folders are read on [`crate::util::IO_THREADS`] threads:
/// one at a time, the 10,000 folders of a large site took a second when they were not in memory.
/// Hidden files and folders (`.git`, editors' swap files) are not part of the site.
fn find_files(root: &Path, content: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    ignore::WalkBuilder::new(content)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .threads(crate::util::IO_THREADS)
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let item = match entry {
                    Ok(e) => {
                        let kind = e.file_type();
                        let is_dir = kind.is_some_and(|k| k.is_dir());
                        let md_name = e.file_name().to_str().is_some_and(|n| n.ends_with(".md"));
                        if kind.is_some_and(|k| k.is_file()) {
                            Ok(Some(e.into_path()))
                        } else if is_dir && md_name && e.depth() > 0 {
                            // Otherwise the page it was meant to be is silently missing (or shown
                            // in another language) and nothing tells the editor why.
                            Err(Diagnostic::error(rel(root, e.path()), None, MD_FOLDER))
                        } else {
                            Ok(None)
                        }
                    }
                    Err(e) => Err(walk_error(root, &e)),
                };
                if let Ok(mut found) = found.lock() {
                    match item {
                        Ok(Some(path)) => found.0.push(path),
                        Ok(None) => {}
                        Err(d) => found.1.push(d),
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let (mut files, errors) = found.into_inner().unwrap_or_default();
    files.sort();
    (files, errors)
}

fn walk_error(root: &Path, e: &ignore::Error) -> Diagnostic {
    /// The path the error is about, and whether it is a symbolic link loop.
    fn about(e: &ignore::Error) -> (Option<&Path>, bool) {
        match e {
            ignore::Error::Loop { child, .. } => (Some(child), true),
            ignore::Error::WithPath { path, err } => {
                let (inner, is_loop) = about(err);
                (inner.or(Some(path)), is_loop)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                about(err)
            }
            ignore::Error::Partial(errs) => errs.first().map(about).unwrap_or((None, false)),
            _ => (None, false),
        }
    }
    let (path, is_loop) = about(e);
    let path = path
        .map(|p| rel(root, p))
        .unwrap_or_else(|| PathBuf::from("content"));
    let msg = if is_loop {
        "symbolic link loop".to_string()
    } else if let Some(io) = e.io_error() {
        io.to_string()
    } else {
        e.to_string()
    };
    Diagnostic::error(path, None, msg)
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

fn hash_str(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Loads one page file again (watch mode). `Ok(None)` for a draft or an asset.
pub fn reload_page(config: &Config, path: &Path) -> Result<Option<PageSource>, Diagnostic> {
    match load_file(config, &config.root, &config.content_dir(), path)? {
        Entry::Page(p) => Ok(Some(*p)),
        _ => Ok(None),
    }
}

fn load_file(
    config: &Config,
    root: &Path,
    content: &Path,
    path: &Path,
) -> Result<Entry, Diagnostic> {
    let file = rel(root, path);
    let relative = path.strip_prefix(content).unwrap_or(path);
    let mut segments = Vec::new();
    for c in relative.components() {
        match c.as_os_str().to_str() {
            Some(s) => segments.push(s.to_string()),
            None => {
                return Err(Diagnostic::error(
                    &file,
                    None,
                    "the file or folder name is not valid UTF-8; rename it",
                ));
            }
        }
    }
    let Some(name) = segments.pop() else {
        return Err(Diagnostic::error(&file, None, "unexpected path"));
    };
    for s in &segments {
        if !valid_segment(s) {
            return Err(Diagnostic::error(
                &file,
                None,
                format!(
                    "the folder name `{s}` cannot be part of a web address (no spaces, #, ?, %, quotes)"
                ),
            ));
        }
    }
    let bundle = segments.join("/");

    if !name.ends_with(".md") {
        return Ok(Entry::Asset(Asset {
            src: path.to_path_buf(),
            bundle,
            name,
        }));
    }
    let stem = &name[..name.len() - 3];
    let (is_section, lang) = match stem.split_once('.') {
        Some(("index", lang)) => (false, lang),
        Some(("_index", lang)) => (true, lang),
        _ => {
            return Err(Diagnostic::error(
                &file,
                None,
                "a page file must be named index.<lang>.md or _index.<lang>.md (for example index.ru.md)",
            ));
        }
    };
    if !config.has_language(lang) {
        let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(Diagnostic::error(
            &file,
            None,
            format!(
                "`{lang}` is not one of the site's languages ({})",
                known.join(", ")
            ),
        ));
    }
    if !is_section && bundle.is_empty() {
        return Err(Diagnostic::error(
            &file,
            None,
            "the home page is content/_index.<lang>.md, not index.<lang>.md",
        ));
    }

    let bytes = read_capped(path, MAX_PAGE_BYTES).map_err(|e| match e {
        Capped::Io(e) => Diagnostic::error(&file, None, format!("cannot read: {e}")),
        Capped::TooLarge(n) => Diagnostic::error(
            &file,
            None,
            format!(
                "the file is {}; a page may be at most {} (split it into several pages, or link to a document)",
                human_size(n),
                human_size(MAX_PAGE_BYTES)
            ),
        ),
    })?;
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(Diagnostic::error(
            &file,
            Some(line),
            "the file contains a NUL byte, so it is not plain text (saved as UTF-16, or a binary file renamed to .md?); save it as UTF-8 text",
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = ok.iter().filter(|b| **b == b'\n').count() + 1;
            return Err(Diagnostic::error(
                &file,
                Some(line),
                "the file is not valid UTF-8 text; save it as UTF-8",
            ));
        }
    };
    let text = normalize(&text);
    let fm_err = |e: FrontMatterError| Diagnostic::error(&file, Some(e.line), e.message);
    let split = frontmatter::split(&text).map_err(fm_err)?;
    let fm = frontmatter::parse(&split).map_err(fm_err)?;
    if fm.draft {
        return Ok(Entry::Draft);
    }
    let section = bundle.split('/').next().unwrap_or("").to_string();
    let kind = config.section(&section).kind;
    let meta = validate(config, kind, &split, fm).map_err(fm_err)?;
    Ok(Entry::Page(Box::new(PageSource {
        bundle,
        section,
        is_section,
        lang: lang.to_string(),
        file,
        meta,
        body: std::sync::Arc::from(split.body),
        body_line: split.body_line,
        front_hash: hash_str(split.front),
    })))
}

/// Checks parsed front matter the way [`load`] does for one page of a section of `kind`.
///
/// Public (but not part of the stable surface) so that the fuzz targets in `fuzz/` and their
/// replay test can check front matter exactly as a build does without a site on disk.
#[doc(hidden)]
pub fn validate(
    config: &Config,
    kind: SectionKind,
    split: &Split<'_>,
    fm: frontmatter::FrontMatter,
) -> Result<Meta, FrontMatterError> {
    let at = |span: std::ops::Range<usize>| frontmatter::span_line(split, span);
    let err = |span: std::ops::Range<usize>, message: String| FrontMatterError {
        line: at(span),
        message,
    };
    if fm.title.trim().is_empty() {
        return Err(FrontMatterError {
            line: split.front_line,
            message: "key `title`: the title is empty".into(),
        });
    }
    let date = fm
        .date
        .as_ref()
        .map(|d| frontmatter::checked_date(split, "date", d))
        .transpose()?;
    let updated = fm
        .updated
        .as_ref()
        .map(|d| frontmatter::checked_date(split, "updated", d))
        .transpose()?;
    let refs = |v: Vec<toml::Spanned<String>>| -> Vec<Ref> {
        v.into_iter()
            .map(|s| Ref {
                line: at(s.span()),
                value: s.into_inner(),
            })
            .collect()
    };
    if let Some(slug) = &fm.slug
        && !valid_segment(slug.get_ref())
    {
        return Err(err(
            slug.span(),
            format!(
                "key `slug`: `{}` cannot be part of a web address",
                slug.get_ref()
            ),
        ));
    }
    let original = match fm.original {
        Some(o) if !config.has_language(o.get_ref()) => {
            return Err(err(
                o.span(),
                format!(
                    "key `original`: `{}` is not one of the site's languages",
                    o.get_ref()
                ),
            ));
        }
        Some(o) => Some(o.into_inner()),
        None => None,
    };
    let country = match fm.country {
        Some(c)
            if !(c.get_ref().len() == 2 && c.get_ref().bytes().all(|b| b.is_ascii_uppercase())) =>
        {
            return Err(err(
                c.span(),
                format!(
                    "key `country`: `{}` is not an ISO 3166 code like `RU`",
                    c.get_ref()
                ),
            ));
        }
        Some(c) => Some(c.into_inner()),
        None => None,
    };
    let mut quiz = Vec::new();
    for q in fm.quiz {
        let span = q.span();
        let q = q.into_inner();
        if q.options.len() < 2 {
            return Err(err(
                span,
                "key `quiz`: a question needs at least two options".into(),
            ));
        }
        if q.answer == 0 || q.answer > q.options.len() {
            return Err(err(
                span,
                format!(
                    "key `answer`: {} is not an option number (1 to {})",
                    q.answer,
                    q.options.len()
                ),
            ));
        }
        quiz.push(Quiz {
            question: q.question,
            options: q.options,
            answer: q.answer,
            explain: q.explain,
        });
    }
    let mut kiosk_lines = BTreeMap::new();
    let kiosk_keys = [
        ("kiosks", fm.kiosks.first().map(|k| k.span())),
        ("alert", fm.alert.as_ref().map(|a| a.span())),
        ("link", fm.link.as_ref().map(|l| l.span())),
        ("schedule", fm.schedule.as_ref().map(|s| s.span())),
    ];
    for (key, span) in kiosk_keys {
        if let Some(span) = span {
            if kind != SectionKind::Kiosk {
                return Err(err(
                    span,
                    format!("key `{key}`: only kiosk slides (content/kiosk/) have `{key}`"),
                ));
            }
            kiosk_lines.insert(key, at(span));
        }
    }
    if kind == SectionKind::Kiosk
        && let Some(d) = &fm.duration
    {
        kiosk_lines.insert("duration", at(d.span()));
        if !(3..=300).contains(d.get_ref()) {
            return Err(err(
                d.span(),
                format!(
                    "key `duration`: {} seconds; a slide shows each language for 3 to 300 seconds",
                    d.get_ref()
                ),
            ));
        }
    }
    for k in &fm.kiosks {
        if !config.kiosks.iter().any(|c| c.id == *k.get_ref()) {
            return Err(err(
                k.span(),
                format!(
                    "key `kiosks`: `{}` is not a kiosk id in site.toml",
                    k.get_ref()
                ),
            ));
        }
    }
    if let Some(l) = &fm.link {
        // `@/modules` as in Markdown links, or `modules`; "/" is the home page.
        let v = link_bundle(l.get_ref());
        if (v.is_empty() && l.get_ref().trim().is_empty())
            || (!v.is_empty() && v.split('/').any(|s| !valid_segment(s)))
        {
            return Err(err(
                l.span(),
                format!(
                    "key `link`: `{}` is not a bundle path like \"hotline\" or \"modules/trafficking\"",
                    l.get_ref()
                ),
            ));
        }
    }
    let schedule = match fm.schedule {
        Some(s) => {
            let line = at(s.span());
            Some((check_schedule(split, s.into_inner())?, line))
        }
        None => None,
    };
    let alert = fm.alert.as_ref().is_some_and(|a| *a.get_ref());
    if alert && schedule.as_ref().is_none_or(|(s, _)| s.until.is_none()) {
        return Err(FrontMatterError {
            line: fm.alert.as_ref().map_or(split.front_line, |a| at(a.span())),
            message: "key `alert`: an alert pre-empts every kiosk, so it needs an end: add `until` under `[schedule]`".into(),
        });
    }
    Ok(Meta {
        title: fm.title,
        description: fm.description,
        date,
        updated,
        weight: fm.weight.unwrap_or(0),
        slug: fm.slug.map(|s| Ref {
            line: at(s.span()),
            value: s.into_inner(),
        }),
        aliases: refs(fm.aliases),
        sources: refs(fm.sources),
        contacts: refs(fm.contacts),
        original,
        reviewed: fm.reviewed,
        country,
        quick_facts: fm.quick_facts,
        duration: fm.duration.map(toml::Spanned::into_inner),
        goals: fm.goals,
        checklist: fm.checklist,
        quiz,
        kiosks: refs(fm.kiosks),
        alert,
        link: fm.link.map(|l| Ref {
            line: at(l.span()),
            value: link_bundle(l.get_ref()),
        }),
        schedule,
        kiosk_lines,
    })
}

/// The bundle path a kiosk `link` names.
fn link_bundle(s: &str) -> String {
    let t = s.trim();
    t.strip_prefix('@')
        .unwrap_or(t)
        .trim_matches('/')
        .to_string()
}

/// Checks a slide's `[schedule]`: real dates in order, known weekdays, valid time windows.
fn check_schedule(
    split: &Split<'_>,
    raw: frontmatter::RawSchedule,
) -> Result<Schedule, FrontMatterError> {
    let at = |span: std::ops::Range<usize>| frontmatter::span_line(split, span);
    let from = raw
        .from
        .as_ref()
        .map(|d| frontmatter::checked_date(split, "schedule.from", d))
        .transpose()?;
    let until = raw
        .until
        .as_ref()
        .map(|d| frontmatter::checked_date(split, "schedule.until", d))
        .transpose()?;
    if let (Some(f), Some(u), Some(span)) = (from, until, raw.until.as_ref().map(|u| u.span())) {
        if u < f {
            return Err(FrontMatterError {
                line: at(span),
                message: format!("key `schedule.until`: {u} is before `from` {f}"),
            });
        }
    }
    let mut weekdays = Vec::new();
    for w in &raw.weekdays {
        match parse_weekday(w.get_ref()) {
            Some(d) if !weekdays.contains(&d) => weekdays.push(d),
            Some(_) => {}
            None => {
                return Err(FrontMatterError {
                    line: at(w.span()),
                    message: format!(
                        "key `schedule.weekdays`: `{}` is not a day like \"mon\" … \"sun\"",
                        w.get_ref()
                    ),
                });
            }
        }
    }
    weekdays.sort_unstable();
    let mut times = Vec::new();
    for t in &raw.times {
        times.push(
            TimeWindow::parse(t.get_ref()).map_err(|m| FrontMatterError {
                line: at(t.span()),
                message: format!("key `schedule.times`: {m}"),
            })?,
        );
    }
    Ok(Schedule {
        from,
        until,
        weekdays,
        times,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_sorted_without_hidden_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        for f in [
            "b/index.ru.md",
            "a.x/index.ru.md",
            "a/z/index.en.md",
            "a/index.ru.md",
            "a/.index.ru.md.swp",
            ".git/HEAD",
            "guides/.drafts/index.ru.md",
        ] {
            let p = content.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir_all(content.join("c/index.ky.md")).unwrap();
        let (files, errors) = find_files(tmp.path(), &content);
        let rel: Vec<String> = files
            .iter()
            .map(|f| {
                f.strip_prefix(&content)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        // The order of a walk that visits each folder's names in order.
        assert_eq!(
            rel,
            [
                "a/index.ru.md",
                "a/z/index.en.md",
                "a.x/index.ru.md",
                "b/index.ru.md"
            ]
        );
        assert_eq!(errors.len(), 1);
        let shown = errors[0].to_string();
        assert!(
            shown.contains("content/c/index.ky.md") && shown.contains("folder"),
            "{shown}"
        );
    }

    #[test]
    fn normalize_strips_bom_and_crlf() {
        assert_eq!(normalize("\u{feff}a\r\nb\r\n"), "a\nb\n");
        assert_eq!(normalize("a\rb"), "a\nb");
    }
}
