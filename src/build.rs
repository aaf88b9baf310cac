//! The build pipeline: load → link → render → index → kiosk → write, as design.md lays out.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::output::{Content, OutFile};
use crate::write::{Staged, Start};

pub use crate::model::address::BaseUrl;

pub const INDEX_DIR: &str = "search_index";

pub struct BuildOptions {
    pub root: PathBuf,
    /// Where the site goes; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// Show stage progress on stderr (only when it is a terminal).
    pub progress: bool,
    /// The address written into QR codes, the sitemap, feeds and links: for publishing, or
    /// for an editors' preview (which may use its own).
    pub base_url: BaseUrl,
    /// Pages marked `draft = true` built too: only for signed-in editors' preview of drafts,
    /// into an output of its own, never for publishing.
    pub drafts: bool,
}

pub struct BuildReport {
    pub(crate) state: SiteState,
    pub counts: BTreeMap<String, usize>,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub output: PathBuf,
    /// Kiosk still frames written, and their total size in bytes.
    pub kiosk_frames: usize,
    pub kiosk_frame_bytes: u64,
    /// Wall time of each pipeline stage in order, for `sapar build --timings` and benchmarks.
    pub timings: Vec<(&'static str, Duration)>,
    /// For a preview that links to its own address because site.toml has no real one, the
    /// line that says so (the server prints it once).
    pub base_url_note: Option<String>,
}

struct Progress {
    on: bool,
    start: Instant,
}

/// Wall time per stage. Benchmarks need to know where a build's time goes without a profiler,
/// and the stages overlap inside (rayon::join), so only the boundaries are timed.
struct Stopwatch {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

impl Progress {
    fn stage(&self, what: &str) {
        if self.on {
            eprint!(
                "\r\x1b[2K{what} ({:.1} s)",
                self.start.elapsed().as_secs_f64()
            );
        }
    }
    fn clear(&self) {
        if self.on {
            eprint!("\r\x1b[2K");
        }
    }
}

pub(crate) fn output_dir(root: &Path, output: Option<&Path>) -> PathBuf {
    match output {
        Some(o) if o.is_absolute() => o.to_path_buf(),
        Some(o) => std::env::current_dir()
            .map(|c| c.join(o))
            .unwrap_or_else(|_| o.to_path_buf()),
        None => root.join("public"),
    }
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let progress = Progress {
        on: opts.progress && std::io::stderr().is_terminal(),
        start,
    };
    let result = locked(opts).and_then(|_lock| run(opts, &progress, start));
    progress.clear();
    // The lines the messages point at, read back for the few messages there are.
    match result {
        Ok(mut report) => {
            let mut warnings = Diagnostics::default();
            warnings.extend(std::mem::take(&mut report.warnings));
            crate::load::snippets::attach(&opts.root, &mut warnings);
            report.warnings = warnings.sorted();
            Ok(report)
        }
        Err(mut diags) => {
            crate::load::snippets::attach(&opts.root, &mut diags);
            Err(diags)
        }
    }
}

/// Takes the site's build lock (`write::lock`) for the whole build, and completes a swap that a
/// crash interrupted before anything else reads or writes the output. A folder that is not
/// there takes no lock: loading it fails with the message that says so.
fn locked(opts: &BuildOptions) -> Result<Option<crate::write::BuildLock>, Diagnostics> {
    if !opts.root.is_dir() {
        return Ok(None);
    }
    let lock = crate::write::BuildLock::acquire(&opts.root)
        .map_err(|b| Diagnostics::from(Diagnostic::error(&b.path, None, b.message)))?;
    let output = output_dir(&opts.root, opts.output.as_deref());
    crate::write::recover(&[&output, &opts.root.join(INDEX_DIR)])
        .map_err(|e| cannot_prepare(&output, e))?;
    Ok(Some(lock))
}

/// What the first stages make of a site, before anything is rendered: shared by the build,
/// `sapar check` and the server (which keeps it to render search pages).
#[derive(Clone)]
pub(crate) struct SiteState {
    pub(crate) linked: crate::link::Linked,
    pub(crate) strings: BTreeMap<String, crate::model::strings::Strings>,
    pub(crate) theme: crate::render::Theme,
}

/// Loads and links the site and reads its UI strings; problems that do not stop the build are
/// added to `diags`. Stops only when nothing can be linked (site.toml or content/ unreadable).
pub(crate) fn load_and_link(root: &Path, diags: &mut Diagnostics) -> Result<Loaded, Diagnostics> {
    load_and_link_timed(root, false, diags, &mut |_| {})
}

/// The linked site and its UI strings per language.
pub(crate) type Loaded = (
    crate::link::Linked,
    BTreeMap<String, crate::model::strings::Strings>,
);

/// [`load_and_link`], calling `lap` as each stage ends (for `--timings`).
fn load_and_link_timed(
    root: &Path,
    drafts: bool,
    diags: &mut Diagnostics,
    lap: &mut dyn FnMut(&'static str),
) -> Result<Loaded, Diagnostics> {
    let site = crate::load::load_with(root, drafts, diags)?;
    lap("load");
    let linked = crate::link::link(site, diags);
    lap("link");
    let strings = crate::load::i18n::load(&linked.site.config, diags);
    crate::link::vocabulary::check(&linked.site, &strings, diags);
    diags.extend(crate::index::analyzer_warnings(&linked.site.config));
    Ok((linked, strings))
}

/// A stage's failure, with every diagnostic found before it.
fn with_earlier(mut failed: Diagnostics, earlier: &Diagnostics) -> Diagnostics {
    failed.extend(earlier.clone());
    failed
}

fn cannot_prepare(what: &Path, e: std::io::Error) -> Diagnostics {
    Diagnostics::from(Diagnostic::error(
        what,
        None,
        format!("cannot prepare the output: {e}"),
    ))
}

fn run(
    opts: &BuildOptions,
    progress: &Progress,
    start: Instant,
) -> Result<BuildReport, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut watch = Stopwatch {
        last: start,
        laps: Vec::new(),
    };
    progress.stage("loading content");
    let (mut linked, strings) =
        load_and_link_timed(&opts.root, opts.drafts, &mut diags, &mut |s| watch.lap(s))?;
    let base_url_note = publish_address(&mut linked.site.config, &opts.base_url, &mut diags);
    progress.stage(&format!("rendering {} pages", linked.outputs.len()));
    let theme = crate::render::Theme::new(theme_files(&linked.site.config)?)
        .map_err(|e| with_earlier(e, &diags))?;
    let state = SiteState {
        linked,
        strings,
        theme,
    };
    let output = output_dir(&opts.root, opts.output.as_deref());
    let written = render_and_write(opts, &state, &output, progress, &mut watch, &mut diags)?;
    Ok(BuildReport {
        state,
        counts: written.counts,
        warnings: diags
            .sorted()
            .into_iter()
            .filter(|d| !d.is_error())
            .collect(),
        elapsed: start.elapsed(),
        output,
        kiosk_frames: written.kiosk_frames,
        kiosk_frame_bytes: written.kiosk_frame_bytes,
        timings: watch.laps,
        base_url_note,
    })
}

/// The theme's files; a template or static file that cannot be read (or a link out of the
/// site, `load::links`) stops the build, rather than a page or file going missing unsaid.
fn theme_files(
    config: &crate::model::config::Config,
) -> Result<crate::model::theme::ThemeFiles, Diagnostics> {
    let files = crate::load::theme::load(config);
    if files.unreadable.is_empty() {
        return Ok(files);
    }
    let mut diags = Diagnostics::default();
    diags.extend(files.unreadable);
    Err(diags)
}

/// Puts the address the build publishes at into the configuration (`model::address`). A
/// placeholder is an error among the others, so that an editor sees every mistake in one run;
/// what the build renders meanwhile is staged and dropped.
fn publish_address(
    config: &mut crate::model::config::Config,
    wanted: &BaseUrl,
    diags: &mut Diagnostics,
) -> Option<String> {
    match crate::model::address::resolve(wanted, &config.base_url, config.base_url_line) {
        Ok(resolved) => {
            config.base_url = resolved.url;
            resolved.note
        }
        Err(d) => {
            diags.push(*d);
            None
        }
    }
}

/// The site as the server keeps it for search pages, read from the sources without rendering:
/// after `sapar build` has written a new site, the production server reloads this rather than
/// building a second time. `Err` when the sources have any error.
pub(crate) fn site_state(root: &Path, base_url: &BaseUrl) -> Result<SiteState, Diagnostics> {
    let mut diags = Diagnostics::default();
    let (mut linked, strings) = load_and_link(root, &mut diags)?;
    publish_address(&mut linked.site.config, base_url, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let theme = crate::render::Theme::new(theme_files(&linked.site.config)?)?;
    Ok(SiteState {
        linked,
        strings,
        theme,
    })
}

/// Writes the static search bundle (`index::bundle`) into the staged output; returns its
/// files, which the pruning of the previous output must keep.
fn write_bundle(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<Vec<OutFile>, Diagnostics> {
    let files: Vec<OutFile> = files
        .into_iter()
        .map(|(path, bytes)| OutFile {
            path,
            content: Content::Bytes(bytes),
        })
        .collect();
    crate::write::write_files(dir, &files)?;
    Ok(files)
}

/// What [`render_and_write`] put in place.
struct Written {
    counts: BTreeMap<String, usize>,
    kiosk_frames: usize,
    kiosk_frame_bytes: u64,
}

/// Renders pages and kiosk screens into staging folders, writes the search index beside them,
/// and swaps both in when everything succeeded.
fn render_and_write(
    opts: &BuildOptions,
    state: &SiteState,
    output: &Path,
    progress: &Progress,
    watch: &mut Stopwatch,
    diags: &mut Diagnostics,
) -> Result<Written, Diagnostics> {
    let SiteState {
        linked,
        strings,
        theme,
    } = state;
    // Staged before rendering: pages go to disk as they are rendered. A failed build drops the
    // staging folders, and the previous output is untouched either way.
    let mut public = Staged::new(output, Start::Reuse).map_err(|e| cannot_prepare(output, e))?;
    let index_target = opts.root.join(INDEX_DIR);
    let index =
        Staged::new(&index_target, Start::Empty).map_err(|e| cannot_prepare(&index_target, e))?;

    // Pages and kiosk frames are independent and both CPU-bound: one rayon pool runs both, and
    // tantivy's indexing thread takes each page as it is rendered.
    let synonyms = crate::index::synonyms::Synonyms::analyse(&linked.site.synonyms);
    let indexer = crate::index::IndexBuilder::create(&linked.site.config, synonyms, &index.dir)?;
    let hand_over = |p: &crate::model::output::PageText| indexer.add_page(p);
    let writer = crate::write::Writer::new(&public.dir).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            &public.dir,
            None,
            format!("cannot write: {e}"),
        ))
    })?;
    let fonts = crate::load::fonts::load(&linked.site.config);
    // Each side of the join reports into its own list; they are joined when both succeeded.
    let (mut pd, mut kd) = (Diagnostics::default(), Diagnostics::default());
    let today = crate::model::date::Date::today();
    let (pages, kiosks) = rayon::join(
        || {
            let sink = Some(&writer as &dyn crate::model::output::Sink);
            crate::render::render(linked, strings, theme, sink, Some(&hand_over), &mut pd)
        },
        || crate::kiosk::build(linked, strings, theme, fonts, today, &mut kd),
    );
    if let Err(d) = writer.finish() {
        diags.extend(d);
    }
    let (mut rendered, kiosk) = match (pages, kiosks) {
        (Ok(r), Ok(k)) => {
            diags.extend(pd);
            diags.extend(kd);
            (r, k)
        }
        (pages, kiosks) => {
            for result in [pages.err(), kiosks.err()].into_iter().flatten() {
                diags.extend(result);
            }
            return Err(std::mem::take(diags));
        }
    };
    if diags.has_errors() {
        return Err(std::mem::take(diags));
    }
    watch.lap("render pages and kiosk frames");
    rendered.files.extend(kiosk.files);
    if let Some(host) = linked.site.config.editing.as_ref().and_then(|e| e.host()) {
        rendered
            .files
            .extend(crate::render::admin::out_files(linked, strings, host));
    }

    progress.stage(&format!(
        "writing {} files and the search index",
        rendered.files.len()
    ));
    // The remaining files (feeds, sitemap, kiosk players) go to disk while tantivy writes out
    // its segment.
    let (written, indexed) = rayon::join(
        || crate::write::write_files(&public.dir, &rendered.files),
        || indexer.finish(linked),
    );
    written?;
    rendered.files.extend(write_bundle(&public.dir, indexed?)?);
    let keep: std::collections::HashSet<&str> =
        rendered.files.iter().map(|f| f.path.as_str()).collect();
    public
        .prune(&keep)
        .map_err(|e| cannot_prepare(&public.dir, e))?;
    watch.lap("write files and search index");

    let mut staged = vec![public, index];
    crate::write::swap_all(&mut staged).map_err(|e| cannot_prepare(output, e))?;
    watch.lap("swap in, remove previous output");
    Ok(Written {
        counts: rendered.counts,
        kiosk_frames: kiosk.frames,
        kiosk_frame_bytes: kiosk.frame_bytes,
    })
}
