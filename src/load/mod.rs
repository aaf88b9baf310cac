//! Load, the first stage and the only one that reads files: site.toml (`config`), every
//! Markdown translation and its front matter (here, `frontmatter`, `meta`), the data files
//! (`data`), the UI strings (`i18n`), the theme's templates and static files (`theme`), its
//! archetypes (`archetypes`, for `sapar new` and to refuse their example text in published
//! pages) and the kiosk fonts (`fonts`). [`load`] gives the [`Site`]; the driver asks for the rest.
//!
//! Reading and parsing are done in parallel (rayon) because on a large site this stage is
//! mostly file I/O and TOML parsing of thousands of small files.

pub(crate) mod archetypes;
pub(crate) mod config;
pub(crate) mod data;
pub(crate) mod explain;
pub(crate) mod fonts;
pub(crate) mod freshness;
pub(crate) mod frontmatter;
pub(crate) mod i18n;
pub(crate) mod links;
mod meta;
pub(crate) mod originals;
pub(crate) mod snippets;
pub(crate) mod stamp;
pub(crate) mod synonyms;
pub(crate) mod theme;

#[doc(hidden)]
pub(crate) use meta::validate;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::{Config, valid_segment};
use crate::model::site::{Asset, PageSource, Site};
use crate::util::text::{human_size, normalize};
use frontmatter::FrontMatterError;

/// Largest Markdown file a page may be. The biggest shipped page is 16 KB; four megabytes is
/// a thousand printed pages, far more than anyone reads on a phone, while every byte is held
/// in memory several times over (text, HTML, search index) in every language that falls back
/// to it. Without a limit one runaway file (a log pasted in, a generated dump) can take
/// gigabytes and stall the build for every editor.
pub(crate) const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// Why [`read_capped`] gave no bytes.
pub(crate) enum Capped {
    Io(std::io::Error),
    /// The size found, which is over the limit.
    TooLarge(u64),
}

/// Reads a whole file unless it is larger than `limit`. The size is checked before reading
/// and the read itself is bounded, so a file that grows while it is read cannot slip past.
pub(crate) fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, Capped> {
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
    Draft(PathBuf),
    Asset(Asset),
}

/// Loads what it can. Errors in single files are collected and the rest of the site is still
/// returned, so that later stages can report their own problems in the same run; only a
/// missing or broken site.toml or content/ stops here.
pub(crate) fn load(root: &Path, diags: &mut Diagnostics) -> Result<Site, Diagnostics> {
    load_with(root, false, diags)
}

/// [`load`]; with `drafts`, pages marked `draft = true` are loaded as pages too (the signed-in
/// editors' preview of drafts, never a published build).
pub(crate) fn load_with(
    root: &Path,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Result<Site, Diagnostics> {
    let (site, found) = load_site(root, drafts)?;
    diags.extend(found);
    Ok(site)
}

/// [`load`], with its findings beside the site.
fn load_site(root: &Path, drafts: bool) -> Result<(Site, Diagnostics), Diagnostics> {
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
    let leftovers = archetypes::Leftovers::load(&config);

    // Reading is what a cold page cache makes slow, so files are read on more threads than
    // there are cores (see util::IO_THREADS); parsing them there as well costs nothing extra.
    let read_all = || -> Vec<Result<Entry, Diagnostics>> {
        files
            .par_iter()
            .map(|p| load_file(&config, &leftovers, &content, p, drafts))
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
    let mut drafts = Vec::new();
    let mut broken = std::collections::HashSet::new();
    for (r, path) in results.into_iter().zip(&files) {
        match r {
            Ok(Entry::Page(p)) => pages.push(*p),
            Ok(Entry::Asset(a)) => assets.push(a),
            Ok(Entry::Draft(file)) => drafts.push(file),
            Err(d) => {
                if let Some(dir) = path.parent().and_then(|d| d.strip_prefix(&content).ok()) {
                    broken.insert(dir.to_string_lossy().replace('\\', "/"));
                }
                diags.extend(d);
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
    let snapshots = originals::read_snapshots(
        &config.root,
        pages
            .iter()
            .filter_map(|p| p.meta.translated_from.as_ref().map(|t| t.value.as_str())),
    );
    let errors = diags.error_count();
    let synonyms = synonyms::load_synonyms(&config, &mut diags);
    if diags.error_count() > errors {
        broken_data.push(crate::model::synonyms::SYNONYMS_FILE);
    }
    diags.extend(synonyms::unused_groups(&synonyms, &pages));
    Ok((
        Site {
            config,
            pages,
            assets,
            drafts,
            contacts,
            sources,
            synonyms,
            broken,
            broken_data,
            snapshots,
        },
        diags,
    ))
}

const MD_FOLDER: &str = "this is a folder, but a name ending in .md is a page file; a page is a file such as index.ru.md inside its bundle folder";

/// Every file under `content/`, sorted as a walk that visits names in order would find them,
/// and the problems met on the way. Folders are read on [`crate::util::IO_THREADS`] threads:
/// one at a time, the 10,000 folders of a large site took a second when they were not in memory.
/// Hidden files and folders (`.git`, editors' swap files, a save's temporary file) are not part
/// of the site. Symbolic links are followed only while they stay inside the site folder
/// ([`links`]); one leading out is an error and is not walked.
fn find_files(root: &Path, content: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let site = links::SiteFolder::new(root);
    if content
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
        && let Err(d) = site.check_link(content)
    {
        return (Vec::new(), vec![d]);
    }
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    ignore::WalkBuilder::new(content)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .threads(crate::util::IO_THREADS)
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let mut next = ignore::WalkState::Continue;
                let item = match entry {
                    Ok(e) if e.path_is_symlink() && e.depth() > 0 => {
                        match site.check_link(e.path()) {
                            Ok(()) => found_entry(root, e),
                            Err(d) => {
                                next = ignore::WalkState::Skip;
                                Err(d)
                            }
                        }
                    }
                    Ok(e) => found_entry(root, e),
                    Err(e) => Err(walk_error(&site, root, &e)),
                };
                if let Ok(mut found) = found.lock() {
                    match item {
                        Ok(Some(path)) => found.0.push(path),
                        Ok(None) => {}
                        Err(d) => found.1.push(d),
                    }
                }
                next
            })
        });
    let (mut files, errors) = found.into_inner().unwrap_or_default();
    files.sort();
    (files, errors)
}

/// What one entry of the content walk adds: a file, nothing (a folder), or an error.
fn found_entry(root: &Path, e: ignore::DirEntry) -> Result<Option<PathBuf>, Diagnostic> {
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

fn walk_error(site: &links::SiteFolder, root: &Path, e: &ignore::Error) -> Diagnostic {
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
    if is_loop && let Some(link) = path {
        return site.loop_error(link);
    }
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
pub(crate) fn reload_page(config: &Config, path: &Path) -> Result<Option<PageSource>, Diagnostics> {
    let leftovers = archetypes::Leftovers::load(config);
    match load_file(config, &leftovers, &config.content_dir(), path, false)? {
        Entry::Page(p) => Ok(Some(*p)),
        _ => Ok(None),
    }
}

fn load_file(
    config: &Config,
    leftovers: &archetypes::Leftovers,
    content: &Path,
    path: &Path,
    drafts: bool,
) -> Result<Entry, Diagnostics> {
    let file = rel(&config.root, path);
    let (bundle, name) = bundle_and_name(&file, path.strip_prefix(content).unwrap_or(path))?;
    if !name.ends_with(".md") {
        return Ok(Entry::Asset(Asset {
            src: path.to_path_buf(),
            bundle,
            name,
        }));
    }
    let (is_section, lang) = page_name(config, &file, &name, &bundle)?;
    let text = read_page_text(&file, path)?;
    let fm_err = |e: FrontMatterError| e.into_diagnostic(&file);
    let split = frontmatter::split(&text).map_err(fm_err)?;
    let fm = frontmatter::parse(&split).map_err(fm_err)?;
    if fm.draft && !drafts {
        return Ok(Entry::Draft(file));
    }
    // Before the keys are validated: "XX" is a well-formed country code, and what the editor
    // needs to hear is that it is the example of a new page. A draft may still have it.
    if !fm.draft
        && let Some(found) = leftovers.find(&split)
    {
        return Err(archetypes::leftover_error(&file, &found).into());
    }
    let section = bundle.split('/').next().unwrap_or("").to_string();
    let kind = config.section(&section).kind;
    let meta = validate(config, kind, &split, fm).map_err(|errors| {
        let mut d = Diagnostics::default();
        for e in errors {
            d.push(e.into_diagnostic(&file));
        }
        d
    })?;
    freshness::check_translation(&meta, lang).map_err(fm_err)?;
    let fingerprint = freshness::fingerprint_of(&freshness::normalised_page(&meta, split.body));
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
        fingerprint,
    })))
}

/// What a page file is, from its path under the site root: its bundle, whether it is a
/// section page, and its language. `Err` for a file that is not a page file of the site.
pub(crate) fn identify_page(
    config: &Config,
    path: &Path,
) -> Result<(String, bool, String), Diagnostic> {
    let file = rel(&config.root, path);
    let not_a_page = |why: &str| {
        Diagnostic::error(&file, None, format!("this is not a page file: {why}"))
            .with_hint("name a page file such as content/guides/russia/index.ky.md")
    };
    let Ok(relative) = path.strip_prefix(config.content_dir()) else {
        return Err(not_a_page("it is not in the site's content/ folder"));
    };
    let (bundle, name) = bundle_and_name(&file, relative)?;
    if !name.ends_with(".md") {
        return Err(not_a_page("pages are Markdown files ending in .md"));
    }
    let (is_section, lang) = page_name(config, &file, &name, &bundle)?;
    Ok((bundle, is_section, lang.to_string()))
}

/// A file named on the command line, as a path under the site root: from the root
/// (`sapar translated --root site content/…`), or else as given from the current folder.
pub(crate) fn locate(root: &Path, given: &Path) -> Result<PathBuf, Diagnostic> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for candidate in [root.join(given), given.to_path_buf()] {
        if let Ok(c) = candidate.canonicalize()
            && c.is_file()
        {
            return Ok(match c.strip_prefix(&canonical_root) {
                Ok(rel) => root.join(rel),
                Err(_) => c,
            });
        }
    }
    Err(Diagnostic::error(given, None, "there is no such file"))
}

/// The bundle a file belongs to (its folder under content/, with `/`) and the file's name.
/// Every folder name becomes part of a web address, so each must be one.
fn bundle_and_name(file: &Path, relative: &Path) -> Result<(String, String), Diagnostic> {
    let mut segments = Vec::new();
    for c in relative.components() {
        match c.as_os_str().to_str() {
            Some(s) => segments.push(s.to_string()),
            None => {
                return Err(Diagnostic::error(
                    file,
                    None,
                    "the file or folder name is not valid UTF-8; rename it",
                ));
            }
        }
    }
    let Some(name) = segments.pop() else {
        return Err(Diagnostic::error(file, None, "unexpected path"));
    };
    for s in &segments {
        if !valid_segment(s) {
            return Err(Diagnostic::error(
                file,
                None,
                format!(
                    "the folder name `{s}` cannot be part of a web address (no spaces, #, ?, %, quotes)"
                ),
            ));
        }
    }
    Ok((segments.join("/"), name))
}

/// Whether a page file (`index.<lang>.md` or `_index.<lang>.md`) is a section page, and its
/// language, which must be one of the site's.
fn page_name<'n>(
    config: &Config,
    file: &Path,
    name: &'n str,
    bundle: &str,
) -> Result<(bool, &'n str), Diagnostic> {
    let stem = &name[..name.len() - 3];
    let (is_section, lang) = match stem.split_once('.') {
        Some(("index", lang)) => (false, lang),
        Some(("_index", lang)) => (true, lang),
        _ => {
            return Err(Diagnostic::error(
                file,
                None,
                "a page file must be named index.<lang>.md or _index.<lang>.md (for example index.ru.md)",
            ));
        }
    };
    if !config.has_language(lang) {
        let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(Diagnostic::error(
            file,
            None,
            format!(
                "`{lang}` is not one of the site's languages ({})",
                known.join(", ")
            ),
        ));
    }
    if !is_section && bundle.is_empty() {
        return Err(Diagnostic::error(
            file,
            None,
            "the home page is content/_index.<lang>.md, not index.<lang>.md",
        ));
    }
    Ok((is_section, lang))
}

/// A page file's text, normalised: at most [`MAX_PAGE_BYTES`], UTF-8, and no NUL bytes.
fn read_page_text(file: &Path, path: &Path) -> Result<String, Diagnostic> {
    read_raw_page(file, path).map(|t| normalize(&t))
}

/// A page file's text exactly as it is on disk (byte-order mark and line ends kept), for
/// commands that change one line of it and must keep every other byte; checked as
/// [`read_page_text`] checks it. `file` is the name messages give.
pub(crate) fn read_raw_page(file: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes = read_capped(path, MAX_PAGE_BYTES).map_err(|e| match e {
        Capped::Io(e) => Diagnostic::error(file, None, format!("cannot read: {e}")),
        Capped::TooLarge(n) => Diagnostic::error(
            file,
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
            file,
            Some(line),
            "the file contains a NUL byte, so it is not plain text (saved as UTF-16, or a binary file renamed to .md?); save it as UTF-8 text",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(t) => Ok(t),
        Err(e) => Err(Diagnostic::error(
            file,
            Some(invalid_utf8_line(&e)),
            "the file is not valid UTF-8 text; save it as UTF-8",
        )),
    }
}

/// The line of the first byte that is not UTF-8, for the error message.
fn invalid_utf8_line(e: &std::string::FromUtf8Error) -> usize {
    let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
    ok.iter().filter(|b| **b == b'\n').count() + 1
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
