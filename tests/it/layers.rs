//! The shape of `src/`: every module imports only the layers below it (so the import graph has
//! no cycle), and the pure stages never touch the file system.
//!
//! The layers, bottom to top, are in [`LAYERS`]; README.md's layout section describes them. A
//! `use crate::…` or an inline `crate::…` path counts as an import of the top-level module it
//! names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::repo;

/// Top-level modules of `src/`, bottom layer first. A module may import only modules with a
/// smaller number: the plain data types and utilities at the bottom, then the stages in pipeline
/// order, then the driver, then the commands (which do not import each other).
const LAYERS: &[(&str, u32)] = &[
    ("util", 0),
    ("diag", 1),
    ("model", 2),
    ("load", 3),
    ("link", 4),
    ("render", 5),
    ("index", 6),
    ("kiosk", 7),
    ("write", 8),
    ("build", 9),
    ("check", 10),
    ("new", 10),
    ("serve", 10),
    ("fuzzing", 10),
];

/// Modules that must not read or write files: the data they need is loaded for them and what
/// they make is written for them.
// render and kiosk join this list once their theme and font reading has moved to load.
const PURE: &[&str] = &["util", "diag", "model", "link"];
const FILE_SYSTEM: &[&str] = &[
    "std::fs",
    "walkdir",
    "File::open",
    "File::create",
    "ignore::",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/render/markdown.rs` → `render`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .to_string();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// Code without comments and string literals' contents is not needed: doc comments rarely say
/// `crate::x::` and when they do, an intra-doc link is an import in spirit too.
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.insert(name);
        }
        rest = after;
    }
    // `use crate::{a, b}` groups.
    for group in text.split("crate::{").skip(1) {
        let inner = group.split('}').next().unwrap_or("");
        for part in inner.split(',') {
            let name: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for file in files {
        let Some(from) = module_of(&src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let entry = edges.entry(from.clone()).or_default();
        for to in imports(&text) {
            if to != from {
                entry.entry(to).or_insert_with(|| file.clone());
            }
        }
    }
    edges
}

#[test]
fn every_module_has_a_layer() {
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    for module in graph().keys() {
        assert!(
            layers.contains_key(module.as_str()),
            "src/{module} is in no layer: add it to LAYERS in tests/it/layers.rs and to README.md's layout"
        );
    }
}

#[test]
fn modules_import_only_layers_below_them() {
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for (from, tos) in graph() {
        let Some(&own) = layers.get(from.as_str()) else {
            continue;
        };
        for (to, file) in tos {
            match layers.get(to.as_str()) {
                Some(&layer) if layer < own => {}
                Some(_) => wrong.push(format!("{} imports {to} ({from} may not)", file.display())),
                None => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_import_graph_has_no_cycle() {
    let edges = graph();
    // Depth-first search with colours: reaching a module that is still on the path is a cycle.
    fn visit<'a>(
        m: &'a str,
        edges: &'a BTreeMap<String, BTreeMap<String, PathBuf>>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(m) {
            Some(1) => {
                let at = path.iter().position(|p| *p == m).unwrap_or(0);
                let mut cycle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            Some(_) => return None,
            None => {}
        }
        state.insert(m, 1);
        path.push(m);
        for to in edges.get(m).into_iter().flat_map(|t| t.keys()) {
            if edges.contains_key(to.as_str())
                && let Some(c) = visit(to, edges, state, path)
            {
                return Some(c);
            }
        }
        path.pop();
        state.insert(m, 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in edges.keys() {
        let cycle = visit(m, &edges, &mut state, &mut Vec::new());
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap_or_default().join(" → ")
        );
    }
}

#[test]
fn pure_stages_do_not_touch_the_file_system() {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        if !PURE.contains(&module.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests may write fixtures.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(api) = FILE_SYSTEM.iter().find(|api| line.contains(*api)) {
                wrong.push(format!("{}:{}: {api}", file.display(), n + 1));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "file system access outside load, write and serve:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checks_catch_what_they_are_for() {
    // A test that cannot fail is a defect: the parser must see both import forms.
    let text = "use crate::render::Theme;\nfn f() { crate::write::put(); }\nuse crate::{load, model::site};";
    let found = imports(text);
    for m in ["render", "write", "load", "model"] {
        assert!(found.contains(m), "{m} not found in {found:?}");
    }
}
