//! Replays every saved fuzz input through the fuzz targets' own code (`sapar::fuzzing`).
//!
//! cargo fuzz only runs with nightly flags and libFuzzer, so CI never fuzzes; this test keeps
//! what fuzzing found on every `cargo test`: the minimised corpus (`fuzz/corpus/TARGET/`, whose
//! inputs together reach everything the fuzzer reached) and the inputs that once crashed
//! (`fuzz/regressions/TARGET/`). A panic names the file, so a failure can be rerun alone with
//! `fuzz/target/.../TARGET FILE`.

use std::path::{Path, PathBuf};

type Entry = fn(&[u8]);

const TARGETS: &[(&str, Entry)] = &[
    ("frontmatter", sapar::fuzzing::front_matter),
    ("markdown", sapar::fuzzing::markdown),
    ("kyrgyz", sapar::fuzzing::kyrgyz),
    ("search", sapar::fuzzing::search),
];

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(kind: &str) -> usize {
    let mut n = 0;
    for &(target, entry) in TARGETS {
        for file in inputs(kind, target) {
            let data = std::fs::read(&file).expect("a readable corpus file");
            let result = std::panic::catch_unwind(|| entry(&data));
            assert!(result.is_ok(), "{target} panicked on {}", file.display());
            n += 1;
        }
    }
    n
}

#[test]
fn corpus_replays_without_panic() {
    let n = replay("corpus");
    // Every target has a committed corpus; an empty one means the paths moved.
    for &(target, _) in TARGETS {
        assert!(
            !inputs("corpus", target).is_empty(),
            "fuzz/corpus/{target} is empty"
        );
    }
    assert!(n > 0);
}

#[test]
fn crash_regressions_replay_without_panic() {
    replay("regressions");
}
