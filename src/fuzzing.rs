//! Entry points of the fuzz targets in `fuzz/`, one function per target.
//!
//! They live in the library rather than in `fuzz/` so that `tests/it/fuzz_corpus.rs` can replay
//! every saved fuzz input through exactly the same code in plain `cargo test` on stable: cargo
//! fuzz needs nightly flags and a libFuzzer build, which CI does not have, but the inputs it
//! found must keep passing on every commit. Each function takes raw bytes, must never panic on
//! any input, and asserts the cheap invariants that hold for every input, so that a fuzzer
//! finding a broken invariant reports it like a crash.
//!
//! Not a stable API: hidden from the docs, and changed whenever the targets change.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::index::search::{MAX_QUERY_CHARS, SearchError, Searcher};
use crate::index::{analysis, kyrgyz, tokenizer::WordTokenizer};
use crate::load::frontmatter;
use crate::model::config::{Config, Kiosk, Language, Section, SectionKind, SlideSelection, SortBy};
use crate::model::date::Date;
use crate::model::schedule::{TimeWindow, parse_weekday};
use crate::render::markdown::{self, Context};

/// Page files, front matter and queries longer than this are cut: the fuzzer learns nothing more
/// from megabytes of input, and quadratic-looking work on it would only slow every run.
const MAX_INPUT: usize = 64 * 1024;

/// Target `frontmatter`: a whole page file, as `load` reads it (UTF-8, then BOM and CRLF
/// normalised), through `split`, `parse` and the same validation a build runs, for a plain
/// page, a guide and a kiosk slide; plus the small parsers front matter values go through.
pub fn front_matter(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(&data[..data.len().min(MAX_INPUT)]) else {
        return;
    };
    let text = crate::util::text::normalize(raw);
    // Errors must point at a line of the file (or just past its end, for "never closed").
    let max_line = text.lines().count() + 1;
    let in_file = |line: usize| (1..=max_line).contains(&line);
    match frontmatter::split(&text) {
        Err(e) => assert!(in_file(e.line), "line {} of {max_line}", e.line),
        Ok(split) => {
            assert!(text.ends_with(split.body));
            assert!(split.front_line < split.body_line && in_file(split.body_line));
            match frontmatter::parse(&split) {
                Err(e) => {
                    assert!(in_file(e.line), "line {} of {max_line}", e.line);
                    assert!(!e.message.is_empty());
                }
                Ok(fm) => {
                    let config = site_config();
                    for kind in [SectionKind::Page, SectionKind::Guide, SectionKind::Kiosk] {
                        if let Err(errors) = crate::load::validate(config, kind, &split, fm.clone())
                        {
                            assert!(!errors.is_empty());
                            for e in errors {
                                assert!(in_file(e.line), "line {} of {max_line}", e.line);
                                assert!(!e.message.is_empty());
                            }
                        }
                    }
                }
            }
        }
    }
    // The value parsers on the first lines, each as if it were a value: a kiosk slide's
    // weekdays, time windows and dates reach them only through deep TOML, and what they accept
    // must print back to the same value.
    for (n, line) in text.lines().take(64).enumerate() {
        let _ = frontmatter::key_on_line(&text, n + 1);
        let value = line.split_once('=').map_or(line, |(_, v)| v).trim();
        let value = value.trim_matches(['"', '[', ']', ',']);
        if let Ok(d) = Date::parse(value) {
            assert_eq!(Date::parse(&d.to_string()), Ok(d));
        }
        if let Ok(w) = TimeWindow::parse(value) {
            assert_eq!(TimeWindow::parse(&w.to_string()), Ok(w));
        }
        if let Some(d) = parse_weekday(value) {
            assert!(d < 7);
        }
    }
}

/// A site like the shipped one, reduced to what front matter validation looks at: its
/// languages and two kiosks.
fn site_config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let lang = |code: &str, fallback: &[&str]| Language {
            code: code.into(),
            name: code.into(),
            title: code.into(),
            description: String::new(),
            locale: String::new(),
            fallback: fallback.iter().map(|s| s.to_string()).collect(),
        };
        let kiosk = |id: &str| Kiosk {
            id: id.into(),
            place: Default::default(),
            city: Default::default(),
            width: 1920,
            height: 1080,
            languages: vec!["ky".into(), "ru".into()],
            slides: SlideSelection::All,
            quiet: None,
            utc_offset_minutes: 360,
            line: None,
        };
        let section = |name: &str, kind| Section {
            name: name.into(),
            kind,
            sort: SortBy::default(),
        };
        Config {
            root: PathBuf::from("."),
            base_url: "https://portal.example.kg".into(),
            default_language: "ky".into(),
            languages: vec![
                lang("ky", &["ru", "en"]),
                lang("ru", &["ky", "en"]),
                lang("en", &["ru", "ky"]),
            ],
            theme: "portal".into(),
            sections: vec![
                section("guides", SectionKind::Guide),
                section("kiosk", SectionKind::Kiosk),
            ],
            menu: vec!["guides".into()],
            stale_contact_days: 180,
            kiosks: vec![kiosk("manas-1"), kiosk("batken")],
            ..Default::default()
        }
    })
}

/// The bundles an `@/` link may name in the `markdown` target, as Kyrgyz URLs.
const BUNDLES: &[&str] = &[
    "",
    "guides",
    "guides/russia",
    "hotline",
    "modules/trafficking",
];

fn resolve(bundle: &str) -> Option<String> {
    BUNDLES
        .contains(&bundle)
        .then(|| format!("/ky/{bundle}/").replace("//", "/"))
}

/// Target `markdown`: a page body rendered as for a Kyrgyz reader. Whatever the body, the HTML
/// must carry no script (no `<script`, no raw tags, no script URL in `href` or `src`), heading
/// ids must be unique and every reported line must lie in the body.
pub fn markdown(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(&data[..data.len().min(MAX_INPUT)]) else {
        return;
    };
    let first_line = 5;
    let last_line = first_line + body.matches('\n').count();
    let in_body = |line: usize| (first_line..=last_line).contains(&line);
    let cx = Context {
        resolve: &resolve,
        quotes: Some(("«", "»")),
        first_line,
        // A page at /ru/guides/russia/, as most pages are.
        depth: 3,
    };
    match markdown::render(body, &cx) {
        Ok(r) => {
            assert_safe_html(&r.html);
            let mut ids = HashSet::new();
            for h in &r.headings {
                assert!(
                    !h.id.is_empty() && ids.insert(h.id.as_str()),
                    "id {:?}",
                    h.id
                );
                assert!((1..=6).contains(&h.level));
            }
            for l in &r.links {
                assert!(in_body(l.line), "link line {} of {last_line}", l.line);
                assert!(BUNDLES.contains(&l.target.as_str()), "{:?}", l.target);
            }
            for &line in &r.images_without_alt {
                assert!(in_body(line), "image line {line} of {last_line}");
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                assert!(in_body(e.line), "error line {} of {last_line}", e.line);
                assert!(!e.message.is_empty());
            }
        }
    }
    let slug = markdown::slugify(body);
    assert!(!slug.is_empty() && !slug.starts_with('-') && !slug.ends_with('-'));
    assert!(!slug.contains(|c: char| c.is_whitespace() || "\"'<>&".contains(c)));
    let summary = crate::util::text::summarize(body, 180);
    assert!(summary.chars().count() <= 181);
}

/// Tags pulldown-cmark and the image code write; anything else came from the author's text.
const TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];
const ATTRIBUTES: &[&str] = &[
    "alt", "checked", "class", "decoding", "disabled", "href", "id", "loading", "src", "start",
    "style", "title", "type",
];

/// The HTML of a rendered page can run no script: raw HTML is escaped, so every tag and
/// attribute is one the renderer writes itself, and no `href` or `src` holds a script URL.
/// Relies on what the renderer guarantees: text and attribute values are escaped, so every `<`
/// opens a tag and every attribute value is `"`-quoted without a `"` inside.
pub fn assert_safe_html(html: &str) {
    for tag in html.split('<').skip(1) {
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let end = tag.find(['>', ' ', '/']).unwrap_or(tag.len());
        let (name, mut rest) = tag.split_at(end);
        assert!(TAGS.contains(&name), "tag <{name}> in {html}");
        loop {
            rest = rest.trim_start_matches([' ', '/']);
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest.find(['=', ' ', '>', '/']).unwrap_or(rest.len());
            let (attr, after) = rest.split_at(end);
            assert!(ATTRIBUTES.contains(&attr), "attribute {attr} in <{tag}");
            rest = after;
            let Some(quoted) = rest.strip_prefix("=\"") else {
                continue;
            };
            let close = quoted.find('"');
            assert!(close.is_some(), "unclosed {attr} value in <{tag}");
            let value = &quoted[..close.unwrap_or(quoted.len())];
            rest = &quoted[close.map_or(quoted.len(), |i| i + 1)..];
            if attr == "href" || attr == "src" {
                let cleaned: String = value
                    .replace("&amp;", "&")
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(!cleaned.starts_with(scheme), "{attr}={value:?} in {html}");
                }
            }
        }
    }
}

/// Target `kyrgyz`: the stemmer and keyboard fold on every word of the input, and the whole
/// input through each language's analyzer chain. Stems are never empty for a non-empty word
/// and never longer than it, and a word has at most four; the word tokenizer agrees with tantivy's `SimpleTokenizer`, whose
/// rule it claims to implement faster.
pub fn kyrgyz(data: &[u8]) {
    let text = String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)]);
    check_word(&text);
    for w in text.split_whitespace().take(256) {
        check_word(w);
        check_word(&w.to_lowercase());
    }
    let folded = kyrgyz::fold_keyboard(&text);
    assert_eq!(folded.chars().count(), text.chars().count());
    assert_eq!(kyrgyz::fold_keyboard(&folded), folded);

    use tantivy::tokenizer::{SimpleTokenizer, TokenStream, Tokenizer};
    let tokens = |stream: &mut dyn TokenStream| {
        let mut v = Vec::new();
        while stream.advance() {
            let t = stream.token();
            v.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        v
    };
    let mut ours = WordTokenizer::default();
    let mut simple = SimpleTokenizer::default();
    let a = tokens(&mut ours.token_stream(&text));
    assert_eq!(a, tokens(&mut simple.token_stream(&text)));
    for (word, _, from, to) in &a {
        assert_eq!(text.get(*from..*to), Some(word.as_str()));
    }
    for (lang, folded) in [
        ("ky", false),
        ("ky", true),
        ("ru", false),
        ("en", false),
        ("uz", false),
    ] {
        let mut analyzer = analysis::analyzer(analysis::Analysis::for_language(lang), folded);
        let terms = analysis::terms(&mut analyzer, &text);
        // A Kyrgyz word may stand for several stems at its one position.
        assert!(
            terms.windows(2).all(|w| w[0].0 <= w[1].0),
            "{lang} positions"
        );
        assert!(terms.len() <= a.len() * kyrgyz::MAX_STEMS);
    }
}

fn check_word(w: &str) {
    let stems = kyrgyz::stems(w);
    assert!((1..=kyrgyz::MAX_STEMS).contains(&stems.len()), "{w:?}");
    for s in &stems {
        if !w.is_empty() {
            assert!(!s.is_empty(), "empty stem of {w:?}");
        }
        assert!(
            s.chars().count() <= w.chars().count(),
            "stem {s:?} longer than {w:?}"
        );
    }
    assert_eq!(kyrgyz::stems_cached(w), stems);
}

/// The languages of the tiny index the `search` target queries.
fn search_langs() -> Vec<String> {
    ["ky", "ru", "en"].map(String::from).to_vec()
}

/// A searcher over a handful of pages in RAM, built once per process: enough documents in each
/// language that queries hit, miss, rank, fall back to fuzzy matching and make snippets.
fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        use crate::index::{Doc, schema, to_document};
        let langs = search_langs();
        let (schema, fields) = schema(&langs);
        let index = tantivy::Index::create_in_ram(schema);
        analysis::register(index.tokenizers(), &langs);
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("an index writer in RAM");
        for (i, (lang, title, body)) in SEARCH_DOCS.iter().enumerate() {
            let url = format!("/{lang}/page-{i}/");
            let doc = Doc {
                url: &url,
                lang,
                section: "guides",
                country: "",
                kind: crate::model::results::DocKind::Page,
                title,
                description: "Сүрөттөмө <b>&amp;</b> описание",
                headings: title.to_string(),
                body,
            };
            let d = to_document(&fields, &doc).expect("a language of the schema");
            writer.add_document(d).expect("a document in RAM");
        }
        writer.commit().expect("a commit in RAM");
        // Synonyms too, so that expanded queries (words and phrases) are fuzzed as well.
        let groups = [
            ("ky", &["эмгек акы", "айлык"][..]),
            ("ru", &["зарплата", "оплата труда", "не платят"][..]),
            ("en", &["wages", "salary", "passport was taken"][..]),
        ]
        .map(|(lang, words)| crate::model::synonyms::SynonymGroup {
            lang: lang.to_string(),
            words: words.iter().map(|w| w.to_string()).collect(),
            line: 1,
        });
        Searcher::from_index(index, &langs)
            .expect("a reader in RAM")
            .with_synonyms(crate::index::synonyms::Synonyms::analyse(&groups))
    })
}

const SEARCH_DOCS: &[(&str, &str, &str)] = &[
    (
        "ky",
        "Россияда иштөө",
        "Мигранттардын укуктары: паспорт, патент жана каттоо. Ысык линия 1899. \
         Өлкөгө барганда эмгек келишимин түзүңүз. <script>alert(1)</script> & «Шанс»",
    ),
    (
        "ky",
        "Адам сатуудан сактануу",
        "Паспортуңузду эч кимге бербеңиз. Жумуш берүүчү укуктарыңызды бузса, 1899га чалыңыз.",
    ),
    (
        "ru",
        "Работа в России",
        "Права мигрантов: паспорт, патент и регистрация. Горячая линия 1899. Её права.",
    ),
    (
        "ru",
        "Торговля людьми",
        "Никому не отдавайте паспорт. Трудовой договор защищает работника <i>всегда</i>.",
    ),
    (
        "en",
        "Working in Russia",
        "Migrant workers' rights: passport, patent and registration. Hotline 1899.",
    ),
];

/// Target `search`: any text as a visitor's query. The language, page size and offset come
/// from the input's length, so that seeds stay plain queries. Queries up to the limit must be
/// answered (the index is fine, so an index error is a bug), longer ones refused as bad
/// queries; snippets are escaped HTML whose only tags are the `<mark>`s around matches.
pub fn search(data: &[u8]) {
    let query = String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)]);
    let lang = [None, Some("ky"), Some("ru"), Some("en")][data.len() % 4];
    let limit = [10, 1, 3][data.len() / 4 % 3];
    let offset = data.len() / 12 % 3;
    match searcher().search(&query, lang, limit, offset) {
        Ok(results) => {
            assert!(query.chars().count() <= MAX_QUERY_CHARS);
            assert!(results.hits.len() <= limit && results.hits.len() <= results.total);
            let mut others_seen = false;
            for hit in &results.hits {
                let plain = hit.snippet.replace("<mark>", "").replace("</mark>", "");
                assert!(!plain.contains(['<', '>']), "snippet {:?}", hit.snippet);
                assert!(hit.score.is_finite());
                if let Some(l) = lang {
                    others_seen |= hit.lang != l;
                    assert!(hit.lang != l || !others_seen, "{l} hits not first");
                }
            }
        }
        Err(SearchError::BadQuery(_)) => assert!(query.chars().count() > MAX_QUERY_CHARS),
        Err(SearchError::Index(e)) => panic!("index error on a sound index: {e}"),
    }
}
