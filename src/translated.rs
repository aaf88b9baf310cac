//! `sapar translated`: marks translations as made from their originals as they are now.
//!
//! A translator runs it after bringing a translation up to date. It writes the original's
//! fingerprint (`load::freshness`) into the translation's `translated_from` line, changing
//! only that line, and keeps the original's text in originals/ so that the next change to the
//! original can be shown word by word (`link::freshness`). Snapshots no translation names any
//! more are removed, so the folder holds only what `sapar check` may need.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::freshness::{fingerprint_of, normalised_text};
use crate::load::frontmatter;
use crate::model::config::Config;

/// What `sapar translated` did: one line per file, and the problems with the files it could
/// not mark (the others are marked all the same).
#[derive(Debug, Default)]
pub struct Outcome {
    pub done: Vec<String>,
    pub errors: Diagnostics,
}

/// Marks each of `files` (or, with `all`, every translation of the site) as made from its
/// original as it is now.
pub fn translated(root: &Path, files: &[PathBuf], all: bool) -> Outcome {
    let mut out = Outcome::default();
    let config = match crate::load::config::read(root) {
        Ok(c) => c,
        Err(d) => {
            out.errors = d;
            return out;
        }
    };
    let targets = if all {
        match every_translation(&config) {
            Ok(t) => t,
            Err(d) => {
                out.errors = d;
                crate::load::snippets::attach(root, &mut out.errors);
                return out;
            }
        }
    } else {
        let mut found = Vec::new();
        for f in files {
            match crate::load::locate(&config.root, f) {
                Ok(p) => found.push(p),
                Err(d) => out.errors.push(d),
            }
        }
        found
    };
    for path in &targets {
        match stamp_one(&config, path) {
            Ok(line) => out.done.push(line),
            Err(d) => out.errors.push(d),
        }
    }
    let named = crate::load::originals::recorded(&config.content_dir());
    match crate::write::prune_snapshots(&config.root, &named) {
        Ok(removed) if !removed.is_empty() => out.done.push(format!(
            "removed {} old version(s) of originals that no translation names any more from {}/",
            removed.len(),
            crate::load::originals::ORIGINALS_DIR
        )),
        Ok(_) => {}
        Err(e) => out.errors.push(Diagnostic::error(
            crate::load::originals::ORIGINALS_DIR,
            None,
            format!("cannot remove old versions: {e}"),
        )),
    }
    crate::load::snippets::attach(root, &mut out.errors);
    out
}

/// Every translation's file, from the site as a build loads it; the site's errors when it has
/// any (marking translations of a site that does not build would hide them).
fn every_translation(config: &Config) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let site = crate::load::load(&config.root, &mut diags)?;
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(site
        .pages
        .iter()
        .filter(|p| p.meta.original.as_ref().is_some_and(|o| *o != p.lang))
        .map(|p| config.root.join(&p.file))
        .collect())
}

/// Marks one translation; the line to print, or what is wrong with the file.
fn stamp_one(config: &Config, path: &Path) -> Result<String, Diagnostic> {
    let file = path
        .strip_prefix(&config.root)
        .unwrap_or(path)
        .to_path_buf();
    let (_, is_section, lang) = crate::load::identify_page(config, path)?;
    let raw = crate::load::read_raw_page(&file, path)?;
    let text = crate::util::text::normalize(&raw);
    let fm_err = |e: frontmatter::FrontMatterError| e.into_diagnostic(&file);
    let split = frontmatter::split(&text).map_err(fm_err)?;
    let fm = frontmatter::parse(&split).map_err(fm_err)?;
    let name = if is_section { "_index" } else { "index" };
    let original_lang = match &fm.original {
        None => return Err(no_original(&file)),
        Some(o) if *o.get_ref() == lang => {
            let line = frontmatter::span_line(&split, o.span());
            return Err(is_original(&file, line, config, name, &lang));
        }
        Some(o) => o.get_ref().clone(),
    };
    let original_path = path.with_file_name(format!("{name}.{original_lang}.md"));
    let original_file = file.with_file_name(format!("{name}.{original_lang}.md"));
    if !original_path.is_file() {
        return Err(Diagnostic::error(
            &file,
            None,
            format!(
                "its original {} does not exist, so there is nothing to mark it as translated from",
                original_file.display()
            ),
        )
        .with_hint("if it was translated from another language, write that language in `original`; if the original was removed on purpose, remove this translation too"));
    }
    let original_raw = crate::load::read_raw_page(&original_file, &original_path)?;
    let normalised = normalised_text(&original_raw).map_err(|e| {
        e.into_diagnostic(&original_file).with_hint(
            "the original has a mistake that the build reports too: fix it first (`sapar check`)",
        )
    })?;
    let fingerprint = fingerprint_of(&normalised);
    let stamped = crate::load::stamp::stamped(&raw, &fingerprint).map_err(fm_err)?;
    let cannot = |e: std::io::Error| Diagnostic::error(&file, None, format!("cannot write: {e}"));
    crate::write::save_snapshot(&config.root, &fingerprint, &normalised).map_err(cannot)?;
    let shown = format!("{} ({fingerprint})", original_file.display());
    if stamped == raw {
        return Ok(format!(
            "{}: already marked as translated from {shown}",
            file.display()
        ));
    }
    crate::write::replace_source(path, stamped.as_bytes()).map_err(cannot)?;
    Ok(format!(
        "{}: marked as translated from {shown} as it is now",
        file.display()
    ))
}

fn no_original(file: &Path) -> Diagnostic {
    Diagnostic::error(
        file,
        None,
        "this page does not say which language it was translated from, so it has no original to be marked against",
    )
    .with_hint("in a translation, add `original = \"ru\"` (the language of the original) below `title`; an original needs no marking")
}

fn is_original(file: &Path, line: usize, config: &Config, name: &str, lang: &str) -> Diagnostic {
    let example = config
        .languages
        .iter()
        .find(|l| l.code != lang)
        .map(|l| {
            file.with_file_name(format!("{name}.{}.md", l.code))
                .display()
                .to_string()
        })
        .unwrap_or_else(|| "its translations".into());
    Diagnostic::error(
        file,
        Some(line),
        format!("this page is the original (`original = \"{lang}\"` is its own language); only translations are marked as made from it"),
    )
    .pointing_at("original")
    .with_hint(format!("run it on a translation of this page once it is up to date, e.g. `sapar translated {example}`"))
}
