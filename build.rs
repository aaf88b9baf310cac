//! Build script: brings the editing interface (Decap CMS, served at /admin/) into the binary.
//!
//! The CMS is a 6.5 MB JavaScript bundle published on the npm registry. It is fetched here, at
//! Sapar's own build time, at one pinned version whose sha512 npm must report, and embedded with
//! `include_bytes!`: the portal then serves it itself (never from a third party) and an editor's
//! machine needs no Node.js, only the `sapar` binary.
//!
//! Without npm or the registry (an offline machine), Sapar still builds: /admin/ then says that
//! the editing interface was not built in and how to add it. `SAPAR_CMS_DIST` may name a folder
//! holding an already unpacked `package/dist` of the same version, for builds with no network.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const PACKAGE: &str = "decap-cms";
const VERSION: &str = "3.16.3";
/// `npm view decap-cms@3.16.3 dist.integrity`: npm checks the tarball against the registry's
/// record, and this pin checks that the record is the one reviewed.
const INTEGRITY: &str = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SAPAR_CMS_DIST");
    // The WebAssembly build is the query analysis alone (src/index/wasm.rs): no CMS in it.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        return;
    }
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return;
    };
    let dist = match std::env::var_os("SAPAR_CMS_DIST") {
        Some(d) => Ok(PathBuf::from(d)),
        None => fetch(&out),
    };
    let files = match dist {
        Ok(dist) => wanted(&dist),
        Err(why) => {
            println!(
                "cargo:warning=the editing interface (/admin/) is not built in: {why}. Install Node.js's npm, reach registry.npmjs.org, and build again"
            );
            Vec::new()
        }
    };
    let mut code = format!(
        "/// Version of {PACKAGE} built in.\npub(crate) const CMS_VERSION: &str = \"{VERSION}\";\n"
    );
    code.push_str("/// The CMS's files by name, as published on npm (empty when not built in).\n");
    code.push_str("pub(crate) static CMS_FILES: &[(&str, &[u8])] = &[\n");
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    if let Err(e) = std::fs::write(out.join("cms_files.rs"), code) {
        panic!("cannot write {}: {e}", out.join("cms_files.rs").display());
    }
}

/// Downloads and unpacks the pinned tarball into OUT_DIR once; returns its `dist` folder.
fn fetch(out: &Path) -> Result<PathBuf, String> {
    let unpacked = out.join(format!("{PACKAGE}-{VERSION}"));
    let dist = unpacked.join("package/dist");
    if dist.join("decap-cms.js").is_file() {
        return Ok(dist);
    }
    let spec = format!("{PACKAGE}@{VERSION}");
    let pack = Command::new("npm")
        .args(["pack", &spec, "--json", "--silent", "--pack-destination"])
        .arg(out)
        .output()
        .map_err(|e| format!("npm could not be run ({e})"))?;
    let report = String::from_utf8_lossy(&pack.stdout);
    if !pack.status.success() {
        return Err(format!("`npm pack {spec}` failed"));
    }
    if !report.contains(INTEGRITY) {
        return Err(format!(
            "npm reported another sha512 for {spec} than the one pinned in build.rs"
        ));
    }
    let tarball = out.join(format!("{PACKAGE}-{VERSION}.tgz"));
    std::fs::create_dir_all(&unpacked).map_err(|e| e.to_string())?;
    let tar = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .map_err(|e| format!("tar could not be run ({e})"))?;
    if !tar.success() || !dist.join("decap-cms.js").is_file() {
        return Err(format!("{} could not be unpacked", tarball.display()));
    }
    Ok(dist)
}

/// The files the browser loads: the bundle, its lazily loaded chunks, the WebAssembly it
/// fetches and the licence. The package also carries a second copy under other names
/// (`cms.js`) and source maps (60 MB): not served, so not embedded.
fn wanted(dist: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dist) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name == "decap-cms.js"
                || name == "decap-cms.js.LICENSE.txt"
                || name.ends_with(".decap-cms.js")
                || name.ends_with(".wasm")
        })
        .collect();
    files.sort();
    files
}
