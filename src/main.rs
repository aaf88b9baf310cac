//! The `sapar` command line. Stable: tests and scripts call it (design.md).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Building allocates a great deal of small, short-lived memory (tokens, template values,
/// pages); glibc's malloc and free were a tenth of a 9,000-page build's profile. Built without
/// transparent huge pages (`no_thp`): each 2 MiB page was zeroed whole at its first touch, again
/// after every purge, and that zeroing was a tenth of the 30,000-page build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use sapar::build::{BaseUrl, BuildOptions, build};
use sapar::diag::Diagnostic;

#[derive(Parser)]
#[command(
    name = "sapar",
    version,
    about = "Builds the migrant-information portal: web pages, kiosk screens and search index"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site, kiosk screens and search index.
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print the wall time of each build stage.
        #[arg(long)]
        timings: bool,
        /// The address the portal is published at (https://…), over site.toml's `base_url`.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Serve the built site and search, rebuilding on change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Production: build once at start (keeping the last good build if that fails), then
        /// serve without watching; SIGHUP serves a new build.
        #[arg(long)]
        no_watch: bool,
        /// The address the portal is published at (https://…), over site.toml's `base_url`.
        /// A preview without a real one links to its own address.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The state folder of production editing (accounts, sessions); by default
        /// .sapar-state/ in the site folder, or $SAPAR_STATE.
        #[arg(long, value_name = "DIR")]
        state: Option<PathBuf>,
    },
    /// Manage the accounts of the editors who sign in at the portal's /admin/
    /// (`[editing] backend = "sapar"`).
    Editors {
        #[command(subcommand)]
        action: EditorsCommand,
    },
    /// Check links, translations, stale contacts and accessibility basics.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `text` for people, `json` for scripts.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Search the built index.
    Search {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        query: Vec<String>,
    },
    /// Print the index terms of the text on standard input, one line per word (its terms
    /// separated by tabs; empty for a dropped word): for checking the static search's
    /// WebAssembly analysis against the index (tests/e2e/static-search).
    #[command(hide = true)]
    Analyze {
        #[arg(long)]
        lang: String,
        /// The Kyrgyz keyboard-folded fields' analysis.
        #[arg(long)]
        folded: bool,
    },
    /// Scaffold a draft page bundle in every language: KIND is guide, module, news, page, slide
    /// or alert.
    New {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// guide (content/guides/), module (content/modules/), news (content/news/), page (in
        /// the section its PATH names), slide or alert (content/kiosk/; an alert interrupts every
        /// kiosk until its `until` date).
        kind: String,
        /// The new page's folder name, e.g. `germany`; for a page with its section, e.g.
        /// `about/partners`.
        path: String,
    },
    /// Mark translations as made from their originals as they are now.
    ///
    /// Run it after translating a page or bringing a translation up to date: it writes
    /// `translated_from` in each FILE (only that line changes) and keeps the original's text in
    /// originals/, so that `sapar check` can show what changes in the original later.
    Translated {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Mark EVERY translation of the site at once. This declares them all up to date with
        /// their originals, so `sapar check` stops reporting the ones that are not: use it only
        /// when they all are (for example, to start recording freshness on an existing site).
        #[arg(long, conflicts_with = "files")]
        all: bool,
        /// Translation files, e.g. content/guides/russia/index.ky.md.
        #[arg(required_unless_present = "all", value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum EditorsCommand {
    /// Add an editor; the password is read from standard input (asked twice at a terminal),
    /// never from the command line.
    Add {
        /// 2 to 32 small Latin letters, digits, `.`, `-` or `_`, e.g. `aigul.s`.
        name: String,
        /// `editor` saves changes; `reviewer` also publishes other editors' changes.
        #[arg(long, default_value = "editor", value_parser = ["editor", "reviewer"])]
        role: String,
        #[command(flatten)]
        place: StatePlace,
    },
    /// List the editors: name, role, when added, last sign-in.
    List {
        #[command(flatten)]
        place: StatePlace,
    },
    /// Remove an editor and end their sessions.
    Remove {
        name: String,
        #[command(flatten)]
        place: StatePlace,
    },
}

#[derive(clap::Args)]
struct StatePlace {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The state folder; by default .sapar-state/ in the site folder, or $SAPAR_STATE.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
}

/// The new password: one line of standard input, or typed twice without echo at a terminal.
fn read_password() -> Result<String, String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("password (at least 10 characters): ")
            .map_err(|e| format!("the password could not be read: {e}"))?;
        let again = rpassword::prompt_password("the same password again: ")
            .map_err(|e| format!("the password could not be read: {e}"))?;
        if first != again {
            return Err(
                "the two passwords differ: nothing was changed; run the command again".into(),
            );
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| format!("the password could not be read from standard input: {e}"))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

fn editors_command(action: EditorsCommand) -> ExitCode {
    use sapar::editing::{EditorsAction, Role};
    let (place, action) = match action {
        EditorsCommand::Add { name, role, place } => {
            let password = match read_password() {
                Ok(p) => p,
                Err(why) => {
                    eprintln!("error: {why}");
                    return ExitCode::FAILURE;
                }
            };
            let role = Role::parse(&role).unwrap_or(Role::Editor);
            (
                place,
                EditorsAction::Add {
                    name,
                    role,
                    password,
                },
            )
        }
        EditorsCommand::List { place } => (place, EditorsAction::List),
        EditorsCommand::Remove { name, place } => (place, EditorsAction::Remove { name }),
    };
    match sapar::editing::editors(&place.root, place.state.as_deref(), action) {
        Ok(text) => {
            let _ = writeln!(std::io::stdout().lock(), "{text}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::FAILURE
        }
    }
}

/// Each message as an editor reads it (see `Diagnostic::render`), a blank line between them.
fn print_all(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}\n", d.render());
    }
}

fn search(root: &std::path::Path, lang: Option<&str>, json: bool, query: &str) -> ExitCode {
    let config = match sapar::read_config(root) {
        Ok(c) => c,
        Err(d) => {
            print_all(&d.sorted());
            return ExitCode::FAILURE;
        }
    };
    if let Some(l) = lang
        && !config.has_language(l)
    {
        eprintln!("error: --lang {l}: not one of the site's languages");
        return ExitCode::from(2);
    }
    let langs = sapar::site_languages(&config);
    let searcher = match sapar::Searcher::open(&root.join(sapar::build::INDEX_DIR), &langs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match searcher.search(query, lang, 20, 0) {
        Ok(r) if json => match serde_json::to_string_pretty(&r.hits) {
            Ok(s) => {
                let _ = writeln!(std::io::stdout().lock(), "{s}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Ok(r) => {
            // Output may go to `head`: a closed pipe ends the listing, it is not an error.
            let mut out = std::io::stdout().lock();
            if r.hits.is_empty() {
                let _ = writeln!(out, "no results for «{}»", r.query);
            }
            for (i, h) in r.hits.iter().enumerate() {
                let snippet = h.snippet.replace("<mark>", "[").replace("</mark>", "]");
                let _ = writeln!(
                    out,
                    "{:>2}. [{}] {}  {}\n    {}",
                    i + 1,
                    h.lang,
                    h.title,
                    h.url,
                    unescape(&snippet)
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Terminal output shows snippets as text, not HTML.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

fn build_command(
    root: PathBuf,
    output: Option<PathBuf>,
    timings: bool,
    base_url: Option<String>,
) -> ExitCode {
    let opts = BuildOptions {
        root,
        output,
        progress: true,
        base_url: BaseUrl::Publish(base_url),
        drafts: false,
    };
    match build(&opts) {
        Ok(report) => {
            print_all(&report.warnings);
            if timings {
                for (stage, took) in &report.timings {
                    eprintln!("{:>8.1} ms  {stage}", took.as_secs_f64() * 1e3);
                }
            }
            eprintln!("{}", summary(&report));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let all = diags.sorted();
            let errors = all.iter().filter(|d| d.is_error()).count();
            print_all(&all);
            let noun = if errors == 1 { "error" } else { "errors" };
            eprintln!("build failed with {errors} {noun}; the previous output was left as it was");
            ExitCode::FAILURE
        }
    }
}

/// `built 93 pages (en 31, ky 31, ru 31), 230 kiosk frames (23.2 MB), 0 warnings, in 0.52 s → public`
fn summary(report: &sapar::build::BuildReport) -> String {
    let total: usize = report.counts.values().sum();
    let per_lang: Vec<String> = report
        .counts
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let kiosks = if report.kiosk_frames > 0 {
        format!(
            ", {} kiosk frames ({:.1} MB)",
            report.kiosk_frames,
            report.kiosk_frame_bytes as f64 / 1e6
        )
    } else {
        String::new()
    };
    format!(
        "built {total} pages ({}){kiosks}, {} warnings, in {:.2} s → {}",
        per_lang.join(", "),
        report.warnings.len(),
        report.elapsed.as_secs_f64(),
        report.output.display()
    )
}

fn new_command(root: &std::path::Path, kind: &str, path: &str) -> ExitCode {
    match sapar::new::new_bundle(root, kind, path) {
        Ok(files) => {
            for f in &files {
                eprintln!("created {}", f.display());
            }
            eprintln!(
                "the new page is a draft: replace the example text in each file with the page's own, then remove `draft = true` to publish it"
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_all(&d.sorted());
            ExitCode::FAILURE
        }
    }
}

fn translated_command(root: &std::path::Path, files: &[PathBuf], all: bool) -> ExitCode {
    let outcome = sapar::translated::translated(root, files, all);
    for line in &outcome.done {
        eprintln!("{line}");
    }
    if all && !outcome.done.is_empty() {
        eprintln!(
            "every translation is now marked as up to date with its original: `sapar check` reports a translation as out of date only after its original changes again"
        );
    }
    let errors = outcome.errors.sorted();
    print_all(&errors);
    if errors.iter().any(|d| d.is_error()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            timings,
            base_url,
        } => build_command(root, output, timings, base_url),
        Command::Serve {
            root,
            port,
            bind,
            no_watch,
            base_url,
            state,
        } => {
            match sapar::serve::serve(sapar::serve::ServeOptions {
                root,
                port,
                bind,
                watch: !no_watch,
                base_url,
                state,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(diags) => {
                    print_all(&diags.sorted());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, format } => {
            let report = sapar::check::check(&root, sapar::Date::today());
            let out = if format == "json" {
                serde_json::to_string_pretty(&report).unwrap_or_default()
            } else {
                sapar::check::to_text(&report)
            };
            let _ = writeln!(std::io::stdout().lock(), "{out}");
            if report.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Search {
            root,
            lang,
            json,
            query,
        } => search(&root, lang.as_deref(), json, &query.join(" ")),
        Command::Editors { action } => editors_command(action),
        Command::New { root, kind, path } => new_command(&root, &kind, &path),
        Command::Translated { root, all, files } => translated_command(&root, &files, all),
        Command::Analyze { lang, folded } => {
            let mut text = String::new();
            if std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).is_err() {
                eprintln!("error: standard input is not UTF-8 text");
                return ExitCode::FAILURE;
            }
            for word in sapar::analyze_words(&lang, folded, &text) {
                println!("{}", word.join("\t"));
            }
            ExitCode::SUCCESS
        }
    }
}
