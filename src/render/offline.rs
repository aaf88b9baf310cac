//! Reading offline: the pages a service worker keeps per language, the offline page that lists
//! them, and the worker's list (`sw-precache.js`) with a version hashed from those files' bytes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::view::{Link, OfflineContext, PrecacheList};
use super::{At, HOTLINE_BUNDLE, Renderer, out_path};
use crate::diag::Diagnostic;
use crate::model::config::SectionKind;
use crate::model::output::{Content, OutFile};
use crate::model::theme::kept_offline;
use crate::util::hash::Fnv;

/// `/<lang>/offline/`: the page shown offline when the page asked for is not saved.
const OFFLINE_SUFFIX: &str = "offline/";

/// Written when the theme has a service worker (`static/sw.js`): what it keeps for offline use.
pub(crate) const PRECACHE_FILE: &str = "sw-precache.js";

impl Renderer<'_> {
    /// The pages a service worker keeps for reading offline, in one language: the home page,
    /// the offline page, the hotline page, the directory, the whole course and every country
    /// guide (section pages and pages of the `directory`, `module` and `guide` kinds: guides
    /// matter most abroad, where a reader may have no data), and the search page, which
    /// searches offline with the static search bundle the worker keeps beside it.
    fn offline_pages(&self, lang: &str) -> Vec<Link> {
        let linked = self.linked;
        let mut out = Vec::new();
        // A site without a home page in this language (a `content/_index.<lang>.md`) has nothing
        // at `/<lang>/`: asked to keep it, the worker failed to install, and nothing was kept.
        let home = linked.bundle_of.get("").copied();
        if let Some(o) = home.and_then(|b| linked.output(b, lang)) {
            out.push(Link {
                title: self.t(lang).get("home").to_string(),
                url: o.url.clone(),
            });
        }
        if let Some(url) = self.hotline_url(lang) {
            let b = linked.bundle_of[HOTLINE_BUNDLE];
            let title = linked
                .output(b, lang)
                .map(|o| linked.page(o).meta.title.clone())
                .unwrap_or_default();
            out.push(Link { title, url });
        }
        for (i, b) in linked.bundles.iter().enumerate() {
            let kept = matches!(
                b.kind,
                SectionKind::Directory | SectionKind::Module | SectionKind::Guide
            );
            if !b.is_section || !kept {
                continue;
            }
            if let Some(o) = linked.output(i, lang) {
                out.push(Link {
                    title: linked.page(o).meta.title.clone(),
                    url: o.url.clone(),
                });
            }
            out.extend(self.children(i, lang).into_iter().map(|c| Link {
                title: c.title,
                url: c.url,
            }));
        }
        if self.theme.has("search.html") {
            out.push(Link {
                title: self.t(lang).get("search").to_string(),
                url: format!("/{lang}/search/"),
            });
        }
        out
    }

    /// The output paths of every language's offline pages: their bytes are kept for the
    /// list's version when pages go to a sink. None without a service worker: no list is
    /// written, so no page's bytes need keeping.
    pub(super) fn offline_paths(&self) -> HashSet<String> {
        if !self.theme.service_worker {
            return HashSet::new();
        }
        self.linked
            .site
            .config
            .languages
            .iter()
            .flat_map(|l| self.offline_pages(&l.code))
            .map(|p| out_path(&p.url))
            .collect()
    }

    pub(super) fn offline_path(&self, lang: &str) -> String {
        out_path(&format!("/{lang}/{OFFLINE_SUFFIX}"))
    }

    /// The offline page of a language, listing what is saved.
    pub(super) fn offline_html(&self, lang: &str) -> Result<String, Diagnostic> {
        let cx = OfflineContext {
            base: self.base_context(lang, At::Special(OFFLINE_SUFFIX)),
            page: self.unlisted_page(self.t(lang).get("offline_title"), lang, OFFLINE_SUFFIX),
            saved: self.offline_pages(lang),
        };
        self.render_template("offline.html", &cx, Path::new("offline.html"))
    }

    /// The service worker's list of what to keep offline, computed from the site (never
    /// written by hand): the theme's static files and, per language, `offline_pages`. The
    /// version is a hash of those files' bytes, so a rebuild that changes any of them makes
    /// browsers fetch the list again (they compare a worker's imported scripts byte for byte).
    /// `kept` holds the bytes of the listed pages that went to a sink.
    pub(super) fn precache_file(
        &self,
        files: &[OutFile],
        kept: &BTreeMap<String, Vec<u8>>,
    ) -> Option<OutFile> {
        let config = &self.linked.site.config;
        if !self.theme.service_worker {
            return None;
        }
        let mut common: Vec<String> = self
            .theme
            .statics
            .iter()
            .filter(|f| kept_offline(&f.rel))
            .map(|f| format!("/{}", f.rel))
            .collect();
        common.sort();
        let has_offline = self.theme.has("offline.html");
        let mut pages = BTreeMap::new();
        let mut offline = BTreeMap::new();
        for l in &config.languages {
            let mut urls: Vec<String> = self
                .offline_pages(&l.code)
                .into_iter()
                .map(|p| p.url)
                .collect();
            if has_offline {
                let u = format!("/{}/{OFFLINE_SUFFIX}", l.code);
                urls.insert(1, u.clone());
                offline.insert(l.code.as_str(), u);
            }
            pages.insert(l.code.as_str(), urls);
        }
        let listed = common.iter().chain(pages.values().flatten());
        let list = PrecacheList {
            version: self.precache_version(listed, files, kept),
            default_language: &config.default_language,
            common,
            pages,
            offline,
        };
        Some(OutFile {
            path: PRECACHE_FILE.into(),
            content: Content::Bytes(
                format!(
                    "// Written by `sapar build`: what the service worker (/sw.js) keeps for offline use.\nself.SAPAR_PRECACHE = {};\n",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                )
                .into_bytes(),
            ),
        })
    }

    /// A hash of each listed URL and the bytes of its file, wherever those are now: in memory,
    /// kept aside when the page went to a sink, or (static files) read by the load stage.
    fn precache_version<'u>(
        &self,
        listed: impl Iterator<Item = &'u String>,
        files: &[OutFile],
        kept: &BTreeMap<String, Vec<u8>>,
    ) -> String {
        let by_path: BTreeMap<&str, &Content> = files
            .iter()
            .map(|f| (f.path.as_str(), &f.content))
            .collect();
        // Copies to a listed path are the theme's static files, whose bytes the load stage
        // read. (A bundle file named like a listed page, `index.html` beside its Markdown,
        // would hash as empty.)
        let static_bytes: HashMap<&Path, &[u8]> = self
            .theme
            .statics
            .iter()
            .map(|f| (f.src.as_path(), f.bytes.as_slice()))
            .collect();
        let mut hash = Fnv::new();
        for url in listed {
            hash.write(url.as_bytes());
            let path = out_path(url);
            match by_path.get(path.as_str()) {
                Some(Content::Bytes(b)) => hash.write(b),
                Some(Content::Written(_)) => hash.write(kept.get(&path).map_or(&[][..], |b| b)),
                Some(Content::Copy(src)) => {
                    hash.write(static_bytes.get(src.as_path()).copied().unwrap_or_default())
                }
                None => {}
            }
        }
        format!("{:016x}", hash.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{Memory, linked, page, pages, render_site, text, theme};
    use crate::link::Linked;
    use crate::model::output::Content;

    const STATICS: &[(&str, &[u8])] = &[
        ("app.js", b"one"),
        ("icon-512.png", b"big"),
        ("sw.js", b"worker"),
    ];

    fn list(linked: &Linked, statics: &[(&str, &[u8])]) -> String {
        text(
            &render_site(linked, &theme(statics), None),
            super::PRECACHE_FILE,
        )
    }

    fn version(list: &str) -> &str {
        let at = list.find("\"version\": \"").expect("a version") + 12;
        &list[at..at + 16]
    }

    /// `pages` with one page's body replaced.
    fn edited(bundle: &str, lang: &str, body: &str) -> Linked {
        let mut all = pages();
        for p in all
            .iter_mut()
            .filter(|p| p.bundle == bundle && p.lang == lang)
        {
            *p = page(bundle, lang, &p.meta.title.clone(), body);
        }
        linked(all)
    }

    #[test]
    fn the_list_names_the_home_page_the_course_every_guide_and_the_static_files_pages_load() {
        let list = list(&linked(pages()), STATICS);
        let json = list
            .split_once(" = ")
            .and_then(|(_, j)| j.trim_end().strip_suffix(';'))
            .expect("self.SAPAR_PRECACHE = {...};");
        let v: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(v["common"], serde_json::json!(["/app.js"]));
        assert_eq!(
            v["pages"]["ru"],
            serde_json::json!([
                "/ru/",
                "/ru/guides/",
                // Not translated: its fallback copy, in the reader's language's URL.
                "/ru/guides/kz/",
                "/ru/guides/russia/",
                "/ru/modules/",
                "/ru/modules/first/"
            ])
        );
        assert_eq!(v["default_language"], "ky");
    }

    #[test]
    fn no_service_worker_no_list() {
        let site = render_site(&linked(pages()), &theme(&[("app.js", b"one")]), None);
        assert!(!site.files.iter().any(|f| f.path == super::PRECACHE_FILE));
    }

    #[test]
    fn the_version_follows_the_bytes_of_what_is_listed() {
        let before = list(&linked(pages()), STATICS);
        let course = list(&edited("modules/first", "ky", "Башка сабак."), STATICS);
        assert_ne!(version(&before), version(&course), "a listed page changed");
        let guide = list(&edited("guides/kz", "ky", "Башка текст."), STATICS);
        assert_ne!(version(&before), version(&guide), "a guide changed");
        let about = |body: &str| {
            let mut all = pages();
            all.push(page("about", "ky", "Биз жөнүндө", body));
            list(&linked(all), STATICS)
        };
        assert_eq!(
            version(&about("Текст.")),
            version(&about("Башка текст.")),
            "an unlisted page changed"
        );
        let mut statics = STATICS.to_vec();
        statics[0].1 = b"two";
        let script = list(&linked(pages()), &statics);
        assert_ne!(
            version(&before),
            version(&script),
            "a listed static file changed"
        );
        statics[0].1 = b"one";
        statics[1].1 = b"bigger";
        let icon = list(&linked(pages()), &statics);
        assert_eq!(
            version(&before),
            version(&icon),
            "an unlisted static file changed"
        );
    }

    #[test]
    fn pages_sent_to_a_sink_give_the_same_version() {
        let linked = linked(pages());
        let sink = Memory::default();
        let site = render_site(&linked, &theme(STATICS), Some(&sink));
        let page = site
            .files
            .iter()
            .find(|f| f.path == "ky/modules/first/index.html");
        assert!(matches!(
            page.map(|f| &f.content),
            Some(Content::Written(_))
        ));
        assert!(
            sink.0
                .lock()
                .is_ok_and(|m| m.contains_key("ky/modules/first/index.html"))
        );
        assert_eq!(
            version(&text(&site, super::PRECACHE_FILE)),
            version(&list(&linked, STATICS))
        );
    }
}
