//! Index: the tantivy search index, written with the site into the staged `search_index/`.
//!
//! One document per page in the language it is written in (fallback copies are not indexed:
//! they would only repeat the original) and one per directory entry per language. Each site
//! language has its own fields and analyzer, so Russian is stemmed as Russian and Kyrgyz as
//! Kyrgyz; stored fields hold what result lists and snippets need.

pub(crate) mod analysis;
pub(crate) mod bundle;
pub(crate) mod highlight;
pub(crate) mod kyrgyz;
pub(crate) mod nosync;
pub(crate) mod search;
pub(crate) mod snippet;
pub(crate) mod synonyms;
// Natively the word analysis gives the word splitter its rule and the tests their parity
// proof; the rest of it is what the WebAssembly build (`wasm.rs`) runs.
#[allow(dead_code)]
mod stopwords_ru;
pub(crate) mod tokenizer;
#[allow(dead_code)]
pub(crate) mod words;

use std::path::Path;

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, SchemaBuilder, TextFieldIndexing,
    TextOptions,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::Linked;
use crate::model::config::{Config, SectionKind};
use crate::model::output::PageText;
use crate::model::results::DocKind;
use analysis::Analysis;

const README: &str = "# search_index\n\nWritten by `sapar build` together with `public/`; do not edit. \
Everything here except this README is generated (a tantivy index, one set of fields per language, and synonyms.json, the synonyms of data/synonyms.toml as index terms).\n";

/// The fields of one language.
#[derive(Debug, Clone)]
pub(crate) struct LangFields {
    pub(crate) lang: String,
    pub(crate) title: Field,
    pub(crate) headings: Field,
    pub(crate) body: Field,
    /// Keyboard-folded copies (Kyrgyz): match «олко» to «өлкө» with a lower weight.
    pub(crate) folded: Option<(Field, Field, Field)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub(crate) url: Field,
    pub(crate) lang: Field,
    pub(crate) section: Field,
    pub(crate) country: Field,
    pub(crate) kind: Field,
    pub(crate) title: Field,
    pub(crate) description: Field,
    pub(crate) body: Field,
    pub(crate) langs: Vec<LangFields>,
    /// A stable number per page (a hash of its URL) that orders results of equal score: pages
    /// are indexed as they are rendered, in parallel, so document numbers, which tantivy falls
    /// back on, change from build to build. Added last, so that an index built before it
    /// keeps its fields' numbers.
    pub(crate) order: Field,
}

/// Name of [`Fields::order`].
pub(crate) const ORDER_FIELD: &str = "order";

fn text_options(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// The schema for a list of languages; the index and the searcher both derive it from the
/// site's languages, so adding a language needs no code.
pub(crate) fn schema(langs: &[String]) -> (Schema, Fields) {
    let mut b = SchemaBuilder::new();
    let url = b.add_text_field("url", STRING | STORED);
    let lang = b.add_text_field("lang", STRING | STORED);
    let section = b.add_text_field("section", STRING | STORED);
    let country = b.add_text_field("country", STRING | STORED);
    let kind = b.add_text_field("kind", STRING | STORED);
    let title = b.add_text_field("title", STORED);
    let description = b.add_text_field("description", STORED);
    let body = b.add_text_field("body", STORED);
    let mut lf = Vec::new();
    for l in langs {
        let opts = text_options(&analysis::tokenizer_name(l, false));
        let t = b.add_text_field(&format!("title_{l}"), opts.clone());
        let h = b.add_text_field(&format!("headings_{l}"), opts.clone());
        let bo = b.add_text_field(&format!("body_{l}"), opts);
        let folded = Analysis::for_language(l).folds().then(|| {
            let fo = text_options(&analysis::tokenizer_name(l, true));
            (
                b.add_text_field(&format!("title_{l}_fold"), fo.clone()),
                b.add_text_field(&format!("headings_{l}_fold"), fo.clone()),
                b.add_text_field(&format!("body_{l}_fold"), fo),
            )
        });
        lf.push(LangFields {
            lang: l.clone(),
            title: t,
            headings: h,
            body: bo,
            folded,
        });
    }
    let order = b.add_u64_field(ORDER_FIELD, FAST);
    let fields = Fields {
        order,
        url,
        lang,
        section,
        country,
        kind,
        title,
        description,
        body,
        langs: lf,
    };
    (b.build(), fields)
}

pub fn site_languages(config: &Config) -> Vec<String> {
    config.languages.iter().map(|l| l.code.clone()).collect()
}

/// Warnings for languages that get the default analyzer.
pub(crate) fn analyzer_warnings(config: &Config) -> Vec<Diagnostic> {
    config
        .languages
        .iter()
        .filter(|l| Analysis::for_language(&l.code) == Analysis::Default)
        .map(|l| {
            Diagnostic::warning(
                crate::model::config::CONFIG_FILE,
                None,
                format!(
                    "search has no stemmer for `{}`: its pages are indexed with lowercasing and accent folding only",
                    l.code
                ),
            )
        })
        .collect()
}

/// A document to index, whatever it came from.
pub(crate) struct Doc<'a> {
    pub(crate) url: &'a str,
    pub(crate) lang: &'a str,
    pub(crate) section: &'a str,
    pub(crate) country: &'a str,
    pub(crate) kind: DocKind,
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) headings: String,
    pub(crate) body: &'a str,
}

pub(crate) fn to_document(fields: &Fields, d: &Doc<'_>) -> Option<TantivyDocument> {
    let lf = fields.langs.iter().find(|l| l.lang == d.lang)?;
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.url, d.url);
    doc.add_u64(fields.order, crate::util::hash::fnv1a(d.url.as_bytes()));
    doc.add_text(fields.lang, d.lang);
    doc.add_text(fields.section, d.section);
    doc.add_text(fields.country, d.country);
    doc.add_text(fields.kind, d.kind.as_str());
    doc.add_text(fields.title, d.title);
    doc.add_text(fields.description, d.description);
    doc.add_text(fields.body, d.body);
    doc.add_text(lf.title, d.title);
    doc.add_text(lf.headings, &d.headings);
    doc.add_text(lf.body, d.body);
    if let Some((t, h, b)) = lf.folded {
        doc.add_text(t, d.title);
        doc.add_text(h, &d.headings);
        doc.add_text(b, d.body);
    }
    Some(doc)
}

/// Memory for tantivy's indexing buffers, shared by its [`INDEX_THREADS`]: a 9,000-page site
/// fits in one segment per thread without merges, and the build stays within 400 MiB.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Indexing threads. Rendering is faster than one indexing thread, so with one the index was
/// the last thing running, on one core, for a third of the build; with two, pages waiting for
/// the index no longer pile up in memory either (9,000-page corpus: 1.42 s -> 1.25 s).
const INDEX_THREADS: usize = 2;

/// The site's index in `dir` with its fields, its analyzers registered: what watch mode
/// updates and reads the static bundle from.
fn open_index(linked: &Linked, dir: &Path) -> tantivy::Result<(Index, Fields)> {
    let langs = site_languages(&linked.site.config);
    let (_, fields) = schema(&langs);
    let index = Index::open_in_dir(dir)?;
    analysis::register(index.tokenizers(), &langs);
    Ok((index, fields))
}

/// An index error as the report shows it: "cannot {what}: {error}", naming the folder.
fn failure(dir: &Path, what: &str) -> impl Fn(tantivy::TantivyError) -> Diagnostics + Copy {
    move |e| Diagnostics::from(Diagnostic::error(dir, None, format!("cannot {what}: {e}")))
}

/// Replaces the documents of re-rendered pages in an existing index (watch mode): delete by
/// URL, add the new text, commit.
pub(crate) fn update_documents(
    linked: &Linked,
    pages: &[PageText],
    dir: &Path,
) -> Result<(), Diagnostics> {
    let err = failure(dir, "update the search index");
    let (index, fields) = open_index(linked, dir).map_err(err)?;
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).map_err(err)?;
    for p in pages {
        writer.delete_term(tantivy::Term::from_field_text(fields.url, &p.url));
        if p.is_fallback {
            continue;
        }
        if let Some(d) = to_document(&fields, &page_doc(p)) {
            writer.add_document(d).map_err(err)?;
        }
    }
    writer.commit().map_err(err)?;
    Ok(())
}

/// A stored text field of a document, or "".
fn stored_text(d: &TantivyDocument, f: Field) -> &str {
    d.get_first(f)
        .and_then(|v| tantivy::schema::Value::as_str(&v))
        .unwrap_or("")
}

/// The static search bundle of an existing index (watch mode, after [`update_documents`]), so
/// that `public/` stays what a build would write: the result lines come from the index's
/// stored fields. Headings are not stored, so only the words of a page's title and body give a
/// language the browser does not stem its forms map.
pub(crate) fn bundle_of_index(
    linked: &Linked,
    dir: &Path,
) -> Result<Vec<bundle::File>, Diagnostics> {
    let err = failure(dir, "write the static search bundle");
    let (index, fields) = open_index(linked, dir).map_err(err)?;
    let synonyms = synonyms::Synonyms::analyse(&linked.site.synonyms);
    let builder = bundle::BundleBuilder::new(&synonyms);
    let reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(err)?;
    for segment in reader.searcher().segment_readers() {
        let store = segment.get_store_reader(0).map_err(|e| err(e.into()))?;
        for doc in segment.doc_ids_alive() {
            let d: TantivyDocument = store.get(doc).map_err(err)?;
            builder.add(&Doc {
                url: stored_text(&d, fields.url),
                lang: stored_text(&d, fields.lang),
                section: "",
                country: "",
                kind: DocKind::Page,
                title: stored_text(&d, fields.title),
                description: stored_text(&d, fields.description),
                headings: String::new(),
                body: stored_text(&d, fields.body),
            });
        }
    }
    builder.files(&index, &fields, &synonyms).map_err(err)
}

fn page_doc(p: &PageText) -> Doc<'_> {
    Doc {
        url: &p.url,
        lang: &p.lang,
        section: &p.section,
        country: p.country.as_deref().unwrap_or(""),
        kind: DocKind::Page,
        title: &p.title,
        description: &p.description,
        headings: p
            .headings
            .iter()
            .map(|h| h.text.as_str())
            .collect::<Vec<_>>()
            .join(" \n "),
        body: &p.text,
    }
}

/// A new index being written while the site renders: each page is handed over as soon as it
/// is rendered, so tantivy's indexing thread runs beside the renderers instead of after them
/// (on two cores that was most of a build's idle time).
pub(crate) struct IndexBuilder {
    writer: IndexWriter,
    fields: Fields,
    dir: std::path::PathBuf,
    /// The same documents for the static search bundle (`bundle.rs`).
    bundle: bundle::BundleBuilder,
    /// The site's synonym groups, analysed: written beside the index and into the bundle.
    synonyms: synonyms::Synonyms,
}

impl IndexBuilder {
    pub(crate) fn create(
        config: &Config,
        synonyms: synonyms::Synonyms,
        dir: &Path,
    ) -> Result<IndexBuilder, Diagnostics> {
        let err = |m: String| Diagnostics::from(write_error(dir, m));
        std::fs::write(dir.join("README.md"), README).map_err(|e| err(e.to_string()))?;
        let langs = site_languages(config);
        let (schema, fields) = schema(&langs);
        let directory = nosync::NoSyncDirectory::open(dir).map_err(|e| err(e.to_string()))?;
        let index = Index::create(directory, schema, tantivy::IndexSettings::default())
            .map_err(|e| err(e.to_string()))?;
        analysis::register(index.tokenizers(), &langs);
        let writer: IndexWriter = index
            .writer_with_num_threads(INDEX_THREADS, WRITER_MEMORY)
            .map_err(|e| err(e.to_string()))?;
        Ok(IndexBuilder {
            writer,
            fields,
            dir: dir.to_path_buf(),
            bundle: bundle::BundleBuilder::new(&synonyms),
            synonyms,
        })
    }

    /// Adds a rendered page; fallback copies are skipped (they would only repeat the original).
    pub(crate) fn add_page(&self, p: &PageText) -> Result<(), Diagnostic> {
        if p.is_fallback {
            return Ok(());
        }
        self.add(&page_doc(p))
    }

    fn add(&self, doc: &Doc<'_>) -> Result<(), Diagnostic> {
        if let Some(d) = to_document(&self.fields, doc) {
            self.writer
                .add_document(d)
                .map_err(|e| write_error(&self.dir, e.to_string()))?;
            self.bundle.add(doc);
        }
        Ok(())
    }

    /// Adds the directory entries, so a search for an organisation lands on its card, and
    /// writes everything out; returns the static search bundle's files (path in the output,
    /// bytes) for the caller to write into the site.
    pub(crate) fn finish(mut self, linked: &Linked) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
        let config = &linked.site.config;
        let directory = linked
            .bundles
            .iter()
            .position(|b| b.kind == SectionKind::Directory && b.is_section);
        if let Some(dir_bundle) = directory {
            for l in &config.languages {
                let Some(o) = linked.output(dir_bundle, &l.code) else {
                    continue;
                };
                for c in &linked.site.contacts {
                    let name = crate::model::contact::pick(&c.name, &l.code, &l.fallback);
                    let description =
                        crate::model::contact::pick(&c.description, &l.code, &l.fallback);
                    let cities = c
                        .cities
                        .get(&l.code)
                        .map(|v| v.join(", "))
                        .unwrap_or_default();
                    let body = format!(
                        "{description} {cities} {}",
                        c.phone.clone().unwrap_or_default()
                    );
                    let url = format!("{}#org-{}", o.url, c.id);
                    self.add(&Doc {
                        url: &url,
                        lang: &l.code,
                        section: &linked.bundles[dir_bundle].section,
                        country: "",
                        kind: DocKind::Contact,
                        title: name,
                        description,
                        headings: String::new(),
                        body: &body,
                    })
                    .map_err(Diagnostics::from)?;
                }
            }
        }
        let syn = std::mem::take(&mut self.synonyms);
        let json =
            serde_json::to_string(&syn).map_err(|e| write_error(&self.dir, e.to_string()))?;
        std::fs::write(self.dir.join(synonyms::FILE), json)
            .map_err(|e| write_error(&self.dir, e.to_string()))?;
        let err =
            |e: tantivy::TantivyError| Diagnostics::from(write_error(&self.dir, e.to_string()));
        let bundle = std::mem::take(&mut self.bundle);
        self.writer.commit().map_err(err)?;
        let index = self.writer.index().clone();
        self.writer.wait_merging_threads().map_err(err)?;
        // The bundle's terms are the committed index's own (see `bundle::read`).
        bundle.files(&index, &self.fields, &syn).map_err(err)
    }
}

fn write_error(dir: &Path, m: String) -> Diagnostic {
    Diagnostic::error(dir, None, format!("cannot write the search index: {m}"))
}
