//! The shape of `src/`: every module imports only the layers below it (so the import graph has
//! no cycle), the pure stages never touch the file system, and no function outside tests is
//! longer than 100 lines.
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
    // Capabilities below the commands: serve routes to them.
    ("editing", 10),
    ("check", 11),
    ("new", 11),
    ("serve", 11),
    ("translated", 11),
    ("fuzzing", 11),
];

/// Modules that must not read or write files: the data they need is loaded for them and what
/// they make is written for them.
const PURE: &[&str] = &["util", "diag", "model", "link", "render", "kiosk"];
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

/// Longest function allowed outside tests: longer ones are split at the heading comments that
/// narrate them.
const MAX_FN_LINES: usize = 100;

/// Blanks comments, string and char literals (keeping line breaks), so that braces inside them
/// do not count.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, s: &[u8]| {
        out.extend(s.iter().map(|&c| if c == b'\n' { c } else { b' ' }))
    };
    while i < b.len() {
        let rest = &b[i..];
        let end = if rest.starts_with(b"//") {
            rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            rest.windows(2)
                .position(|w| w == b"*/")
                .map_or(rest.len(), |p| p + 2)
        } else if (rest.starts_with(b"r#") || rest.starts_with(b"r\""))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            let hashes = rest[1..].iter().take_while(|&&c| c == b'#').count();
            if rest.get(1 + hashes) != Some(&b'"') {
                out.push(b[i]);
                i += 1;
                continue;
            }
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            rest[2 + hashes..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(rest.len(), |p| 2 + hashes + p + close.len())
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            (j + 1).min(rest.len())
        } else if rest[0] == b'\''
            && rest.len() > 2
            && (rest[2] == b'\'' || (rest[1] == b'\\' && rest.get(3) == Some(&b'\'')))
        {
            if rest[1] == b'\\' { 4 } else { 3 }
        } else {
            out.push(b[i]);
            i += 1;
            continue;
        };
        blank(&mut out, &rest[..end]);
        i += end;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `(lines, "file:line name")` of every function outside `#[cfg(test)]`.
fn function_lengths(file: &Path, text: &str) -> Vec<(usize, String)> {
    let code = code_only(text.split("#[cfg(test)]").next().unwrap_or(""));
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(at) = code[rest..].find("fn ") {
        let start = rest + at;
        rest = start + 3;
        if start > 0 && code.as_bytes()[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let name: String = code[start + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The body opens at the first `{` before any `;` (a `fn` type or a trait item has none).
        let Some(open) = code[start..].find(['{', ';']).map(|p| start + p) else {
            break;
        };
        if code.as_bytes()[open] == b';' || name.is_empty() {
            continue;
        }
        let mut depth = 0usize;
        let mut close = open;
        for (k, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + k;
                        break;
                    }
                }
                _ => {}
            }
        }
        let first = code[..start].matches('\n').count() + 1;
        let last = code[..close].matches('\n').count() + 1;
        out.push((
            last - first + 1,
            format!("{}:{first} {name}", file.display()),
        ));
    }
    out
}

#[test]
fn no_function_is_longer_than_100_lines() {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        long.extend(
            function_lengths(&file, &text)
                .into_iter()
                .filter(|(n, _)| *n > MAX_FN_LINES),
        );
    }
    long.sort();
    assert!(
        long.is_empty(),
        "functions longer than {MAX_FN_LINES} lines (split them where their heading comments are):\n{}",
        long.iter()
            .map(|(n, at)| format!("{at}: {n} lines"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn function_lengths_are_measured_from_the_code() {
    let text = "fn a() {\n    let s = \"}\";\n    // }\n}\nfn b();\nfn c() { if x { y } }\n";
    let found = function_lengths(Path::new("x.rs"), text);
    assert_eq!(
        found,
        vec![(4, "x.rs:1 a".to_string()), (1, "x.rs:6 c".to_string())]
    );
}
