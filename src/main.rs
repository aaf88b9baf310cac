//! The `sapar` command line. Stable: tests and scripts call it (design.md).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use sapar::build::{BuildOptions, build};
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
    },
    /// Serve the built site and search, rebuilding on change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long)]
        no_watch: bool,
    },
    /// Check links, translations, stale contacts and accessibility basics.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
    /// Scaffold a page bundle in every language.
    New {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        kind: String,
        path: String,
    },
}

fn print_all(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn not_yet(what: &str) -> ExitCode {
    eprintln!(
        "error: `sapar {what}` is not implemented yet in this version; use `sapar build` and a static file server for now"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output } => {
            let opts = BuildOptions {
                root,
                output,
                progress: true,
            };
            match build(&opts) {
                Ok(report) => {
                    print_all(&report.warnings);
                    let total: usize = report.counts.values().sum();
                    let per_lang: Vec<String> = report
                        .counts
                        .iter()
                        .map(|(l, n)| format!("{l} {n}"))
                        .collect();
                    eprintln!(
                        "built {total} pages ({}), {} warnings, in {:.2} s → {}",
                        per_lang.join(", "),
                        report.warnings.len(),
                        report.elapsed.as_secs_f64(),
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    let all = diags.sorted();
                    let errors = all.iter().filter(|d| d.is_error()).count();
                    print_all(&all);
                    eprintln!(
                        "build failed with {errors} errors; the previous output was left as it was"
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { .. } => not_yet("serve"),
        Command::Check { .. } => not_yet("check"),
        Command::Search { .. } => not_yet("search"),
        Command::New { .. } => not_yet("new"),
    }
}
