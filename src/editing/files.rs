//! The actions of the CMS's proxy protocol on the site folder: list, read, save and delete
//! page files, the contact directory and images. Every path is checked to stay inside the
//! folders an editor edits; a save goes through [`super::merge`] and is written whole (a
//! temporary file renamed over the old one), so watch mode never reads half a file.

use std::path::{Component, Path, PathBuf};

use axum::http::StatusCode;
use base64::Engine as _;
use serde_json::{Value, json};

use super::{fresh, merge};
use crate::load::data::CONTACTS_FILE;
use crate::model::synonyms::SYNONYMS_FILE;

/// A request the backend will not carry out, with the status and the editor's message.
pub(crate) struct Refused(pub(crate) StatusCode, pub(crate) String);

fn bad(why: impl Into<String>) -> Refused {
    Refused(StatusCode::UNPROCESSABLE_ENTITY, why.into())
}

/// Folders (and one file) the CMS may touch, relative to the site root.
pub(crate) const EDITABLE: &[&str] = &[
    "content/",
    "themes/portal/static/images/",
    CONTACTS_FILE,
    SYNONYMS_FILE,
];

/// `rel` inside the site, refused when it leaves the editable folders in any way (`..`, an
/// absolute path, a symbolic link). A link anywhere on the way is refused whatever it points
/// to, for reading, writing, listing and deleting alike: once editors sign in on the deployed
/// portal, a link in content/ to `../..` would otherwise hand their accounts the server's
/// configuration and whatever else the site folder holds.
fn resolve(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    let clean = rel.trim_start_matches("./");
    let inside = EDITABLE
        .iter()
        .any(|e| clean == e.trim_end_matches('/') || (e.ends_with('/') && clean.starts_with(e)));
    let plain = Path::new(clean)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !inside || !plain || clean.contains('\\') || clean.contains('\0') {
        return Err(Refused(
            StatusCode::FORBIDDEN,
            format!("`{rel}` is outside the folders the editing interface may change"),
        ));
    }
    let path = root.join(clean);
    // Every part of the path that exists, from the site's root down, must be a real folder or
    // file: the first missing part ends the walk (what follows is created by a save).
    let mut at = root.to_path_buf();
    for part in Path::new(clean).components() {
        at.push(part);
        match at.symlink_metadata() {
            Ok(m) if m.file_type().is_symlink() => {
                let link = at.strip_prefix(root).unwrap_or(&at).display().to_string();
                return Err(Refused(
                    StatusCode::FORBIDDEN,
                    format!(
                        "`{rel}` goes through the symbolic link `{link}`, and the editing interface does not follow links: replace the link with the file or folder itself"
                    ),
                ));
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    // No link on the way, so the path is where it reads; checked once more on the real paths
    // in case the site's own folder moved meanwhile.
    let mut existing = path.as_path();
    while existing.symlink_metadata().is_err() {
        existing = existing.parent().unwrap_or(root);
    }
    let real_root = root.canonicalize().map_err(|e| bad(e.to_string()))?;
    match existing.canonicalize() {
        Ok(real) if real.starts_with(&real_root) => Ok(path),
        _ => Err(Refused(
            StatusCode::FORBIDDEN,
            format!("`{rel}` leads outside the site folder"),
        )),
    }
}

/// [`resolve`] for a save: refused when `rel` names a folder (one of the editable folders
/// themselves, or one that exists), so that a save never puts a file where a folder belongs.
fn resolve_file(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    let clean = rel.trim_start_matches("./");
    let names_folder = clean.ends_with('/')
        || EDITABLE
            .iter()
            .any(|e| e.ends_with('/') && clean == e.trim_end_matches('/'));
    let path = resolve(root, rel)?;
    if names_folder || path.is_dir() {
        return Err(bad(format!(
            "`{rel}` is a folder: a save needs the name of a file in it, such as `{}/photo.jpg`",
            clean.trim_end_matches('/')
        )));
    }
    Ok(path)
}

pub(crate) fn id_of(bytes: &[u8]) -> String {
    format!("{:016x}", crate::util::hash::fnv1a(bytes))
}

/// A file as the CMS reads it; one that does not exist yet (a new translation) has no data.
fn entry(root: &Path, rel: &str) -> Result<Value, Refused> {
    let path = resolve(root, rel)?;
    Ok(match std::fs::read(path) {
        Ok(bytes) => json!({
            "data": String::from_utf8_lossy(&bytes),
            "file": { "path": rel, "id": id_of(&bytes) },
        }),
        Err(_) => json!({ "data": null, "file": { "path": rel, "id": null } }),
    })
}

/// Files under `folder` ending in `extension`, at most `depth` folders down. A section's own
/// page (`_index.*`) is the one entry of its own collection (depth 1, `path: _index`) and not
/// one of the section's bundles (depth 2, `{{slug}}/index`).
fn list(root: &Path, folder: &str, extension: &str, depth: usize) -> Result<Vec<String>, Refused> {
    let dir = resolve(root, folder)?;
    let section_page = depth <= 1;
    let mut files: Vec<String> = walkdir::WalkDir::new(&dir)
        .max_depth(depth.max(1))
        .into_iter()
        .filter_map(Result::ok)
        // Not following links (walkdir's default): a link is neither listed nor walked through.
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name().to_string_lossy().starts_with("_index.") == section_page)
        .filter(|e| e.file_name().to_string_lossy().ends_with(extension))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn media(root: &Path, rel: &str) -> Result<Value, Refused> {
    let path = resolve(root, rel)?;
    let bytes = std::fs::read(&path).map_err(|e| bad(format!("{rel}: {e}")))?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string());
    Ok(json!({
        "id": id_of(&bytes),
        "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
        "encoding": "base64",
        "path": rel,
        "name": name,
    }))
}

fn str_param<'a>(params: &'a Value, key: &str) -> Result<&'a str, Refused> {
    params
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("`{key}` is missing")))
}

/// Carries out one action (`{"action": …, "params": {…}}`) and gives the CMS's answer.
/// `original` is the language new pages are written in first (the CMS's default locale).
/// `editor` is the signed-in editor of production editing (`None` in watch mode on an
/// editor's own machine); writes are logged with their name.
pub(crate) fn act(
    root: &Path,
    request: &Value,
    original: &str,
    editor: Option<&super::Editor>,
) -> Result<Value, Refused> {
    let action = request.get("action").and_then(Value::as_str).unwrap_or("");
    if let Some(e) = editor
        && matches!(
            action,
            "persistEntry" | "persistMedia" | "deleteFile" | "deleteFiles"
        )
    {
        eprintln!("editing: {action} by `{}`", e.name);
    }
    let params = request.get("params").cloned().unwrap_or(Value::Null);
    match action {
        "info" => {
            let repo = root
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
                .unwrap_or_else(|| "site".into());
            Ok(json!({ "repo": repo, "publish_modes": ["simple"], "type": "local_fs" }))
        }
        "entriesByFolder" => {
            let folder = str_param(&params, "folder")?;
            let extension = str_param(&params, "extension").unwrap_or("md");
            let depth = params.get("depth").and_then(Value::as_u64).unwrap_or(1) as usize;
            let files = list(root, folder, extension, depth)?;
            files.iter().map(|f| entry(root, f)).collect()
        }
        "entriesByFiles" => {
            let files = params
                .get("files")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            files
                .iter()
                .filter_map(|f| f.get("path").and_then(Value::as_str))
                .map(|p| entry(root, p))
                .collect()
        }
        "getEntry" => entry(root, str_param(&params, "path")?),
        "persistEntry" => persist(root, &params, original),
        "getMedia" => {
            let folder = str_param(&params, "mediaFolder")?;
            let dir = resolve(root, folder)?;
            let mut files: Vec<String> = std::fs::read_dir(&dir)
                .map(|d| d.filter_map(Result::ok).collect::<Vec<_>>())
                .unwrap_or_default()
                .iter()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| !n.ends_with(".md") && !n.starts_with('.'))
                .map(|n| format!("{}/{n}", folder.trim_end_matches('/')))
                .collect();
            files.sort();
            let all: Result<Vec<Value>, Refused> = files.iter().map(|f| media(root, f)).collect();
            Ok(Value::Array(all?))
        }
        "getMediaFile" => media(root, str_param(&params, "path")?),
        "persistMedia" => {
            let asset = params.get("asset").cloned().unwrap_or(Value::Null);
            let upload = upload(root, &asset, false)?;
            write_asset(&upload)?;
            media(root, &upload.rel)
        }
        "deleteFile" => delete(root, &[str_param(&params, "path")?]),
        "deleteFiles" => {
            let paths = params
                .get("paths")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let paths: Vec<&str> = paths.iter().filter_map(Value::as_str).collect();
            delete(root, &paths)
        }
        "getDeployPreview" => Ok(Value::Null),
        other => Err(bad(format!(
            "`{other}` is not something this editing interface does (drafts and reviews are kept in Git, not here)"
        ))),
    }
}

/// Saves an entry: each of its files (one per language) merged with what is on disk, and
/// written only when it changed.
fn persist(root: &Path, params: &Value, original: &str) -> Result<Value, Refused> {
    let files = params
        .get("dataFiles")
        .and_then(Value::as_array)
        .cloned()
        .or_else(|| params.get("entry").map(|e| vec![e.clone()]))
        .unwrap_or_default();
    let mut saved = Vec::new();
    let mut moves = std::collections::HashMap::new();
    for f in &files {
        let path = str_param(f, "path")?.to_string();
        if let Some(to) = f.get("newPath").and_then(Value::as_str) {
            moves.insert(path.clone(), to.to_string());
        }
        let raw = str_param(f, "raw")?.to_string();
        saved.push(merge::Saved { path, raw });
    }
    // Every image is checked before anything is written: a refused one leaves the whole save
    // unwritten (the editor's text stays in the form, to save again with a smaller image).
    let assets = params
        .get("assets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let assets = assets
        .iter()
        .map(|a| upload(root, a, true))
        .collect::<Result<Vec<_>, _>>()?;
    let on_disk = |rel: &str| root.join(rel).exists();
    let (saved, original) = merge::entry(saved, original, &on_disk).map_err(bad)?;
    let mut planned = Vec::new();
    for f in &saved {
        let (rel, raw) = (f.path.as_str(), f.raw.as_str());
        let target = moves.get(rel).map_or(rel, String::as_str);
        let path = resolve_file(root, rel)?;
        let to = resolve_file(root, target)?;
        not_a_section_folder(root, target)?;
        let old = std::fs::read_to_string(&path).ok();
        let merged = if rel == CONTACTS_FILE || rel == SYNONYMS_FILE {
            merge::data(old.as_deref(), raw)
        } else if rel.ends_with(".md") {
            merge::page(old.as_deref(), raw)
        } else {
            return Err(bad(format!(
                "`{rel}` is not a page, the contact directory or the search words"
            )));
        }
        .map_err(|e| bad(format!("{rel}: {e}")))?;
        planned.push(fresh::Planned {
            rel: rel.to_string(),
            path,
            to,
            old,
            merged,
        });
    }
    if let Some(original) = original {
        let made_from = fresh::stamp(&mut planned, &original).map_err(bad)?;
        if let Some((fingerprint, normalised)) = made_from {
            crate::write::save_snapshot(root, &fingerprint, &normalised)
                .map_err(|e| bad(format!("originals/: {e}")))?;
        }
    }
    let mut written = Vec::new();
    for fresh::Planned {
        path, to, merged, ..
    } in planned
    {
        if let Some(text) = merged {
            write_whole(&to, text.as_bytes()).map_err(|e| bad(format!("{}: {e}", to.display())))?;
            written.push(to.strip_prefix(root).unwrap_or(&to).display().to_string());
        }
        if to != path {
            let _ = std::fs::remove_file(&path);
        }
    }
    for a in &assets {
        write_asset(a)?;
        written.push(a.rel.clone());
    }
    Ok(json!({ "message": "entry persisted", "written": written }))
}

/// The largest image (or other file) an editor may upload: 1 MB. A guide's page is held to
/// 50 KB gzip of HTML, CSS and JavaScript for migrants on slow, paid mobile data abroad; an
/// image comes on top of that, and 1 MB is room for a photo 1600 pixels wide saved as JPEG
/// (200-400 KB) or a clear scan of a page, while a phone's camera original (3-8 MB), which
/// would cost a reader more than the rest of the portal, is refused with what to do.
pub(crate) const MAX_UPLOAD_BYTES: usize = 1024 * 1024;

/// A file from the editor's computer, read and checked, not yet written.
struct Upload {
    rel: String,
    path: PathBuf,
    bytes: Vec<u8>,
}

/// Reads an uploaded file (`{"path", "content"}` in base64) and refuses it when it is over
/// [`MAX_UPLOAD_BYTES`]; `with_text` says that a page's text came with it (and is not saved).
fn upload(root: &Path, asset: &Value, with_text: bool) -> Result<Upload, Refused> {
    let rel = str_param(asset, "path")?;
    let path = resolve_file(root, rel)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(str_param(asset, "content")?)
        .map_err(|_| bad(format!("{rel}: the file's content could not be read")))?;
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_big(rel, bytes.len(), with_text));
    }
    Ok(Upload {
        rel: rel.to_string(),
        path,
        bytes,
    })
}

fn too_big(rel: &str, size: usize, with_text: bool) -> Refused {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let mb = |n: usize| format!("{:.1} MB", n as f64 / (1024.0 * 1024.0));
    let kept = if with_text {
        " Nothing of this save was written: your text is still in the form; save again once the image is smaller, or without it."
    } else {
        ""
    };
    Refused(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "`{name}` is {}: the portal takes images of at most {}, so that its pages open quickly on a phone abroad. Make it smaller and upload it again: at most 1600 pixels wide, saved as JPEG of quality 80 (a phone's photo editor does it with «Resize» or «Crop», or send the photo to yourself in a messenger, which makes it smaller).{kept}",
            mb(size),
            mb(MAX_UPLOAD_BYTES),
        ),
    )
}

fn write_asset(a: &Upload) -> Result<(), Refused> {
    write_whole(&a.path, &a.bytes).map_err(|e| bad(format!("{}: {e}", a.rel)))
}

/// Refuses a page file in a section's own folder (`content/news/index.ru.md`, where the
/// section's pages are folders): what the CMS writes for a new page whose «Folder name» was
/// left empty, and a page there stops the site from building.
fn not_a_section_folder(root: &Path, rel: &str) -> Result<(), Refused> {
    let parts: Vec<&str> = rel.trim_start_matches("./").split('/').collect();
    let [content, section, file] = parts.as_slice() else {
        return Ok(());
    };
    if *content != "content" || !(file.starts_with("index.") && file.ends_with(".md")) {
        return Ok(());
    }
    let holds_pages = std::fs::read_dir(root.join(content).join(section))
        .map(|d| {
            d.filter_map(Result::ok).any(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.starts_with("_index.") || e.path().is_dir()
            })
        })
        .unwrap_or(false);
    if !holds_pages {
        return Ok(());
    }
    Err(bad(format!(
        "«Folder name» is empty: fill it in (Latin letters, digits and hyphens, like `new-centre-opens`; it becomes the page's web address) and save again. Without it the page would be written over the folder of the whole `{section}` section (`{rel}`), and the site would stop building."
    )))
}

fn delete(root: &Path, paths: &[&str]) -> Result<Value, Refused> {
    for rel in paths {
        let path = resolve(root, rel)?;
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|e| bad(format!("{rel}: {e}")))?;
        }
    }
    Ok(json!({ "message": format!("deleted {}", paths.join(", ")) }))
}

/// Every save goes through the site's one atomic writer: a reader (watch mode) sees the old
/// file or the new one, never half of it, and no temporary file outlives the save.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::write::write_atomic(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_in_the_editable_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/guides")).unwrap();
        assert!(resolve(root, "content/guides/x/index.ru.md").is_ok());
        assert!(resolve(root, "data/contacts.toml").is_ok());
        for bad in [
            "site.toml",
            "content/../site.toml",
            "/etc/passwd",
            "data/sources.toml",
            "content\\..\\site.toml",
            "contentx/a.md",
        ] {
            assert!(resolve(root, bad).is_err(), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_on_the_way_is_refused_whatever_it_points_to() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        std::fs::write(root.join("site.toml"), "secret").unwrap();
        std::fs::write(root.join("content/news/real.ru.md"), "x").unwrap();
        symlink("../../site.toml", root.join("content/news/x.ru.md")).unwrap();
        symlink("../..", root.join("content/news/evil")).unwrap();
        // A link to a file inside the editable folder is refused too.
        symlink("real.ru.md", root.join("content/news/same.ru.md")).unwrap();
        for rel in [
            "content/news/x.ru.md",
            "content/news/evil/site.toml",
            "content/news/evil/NOTES.ru.md",
            "content/news/evil",
            "content/news/same.ru.md",
        ] {
            let Err(Refused(status, why)) = resolve(root, rel) else {
                panic!("{rel} was not refused");
            };
            assert_eq!(status, StatusCode::FORBIDDEN, "{rel}");
            assert!(why.contains("symbolic link"), "{rel}: {why}");
        }
        assert!(resolve(root, "content/news/real.ru.md").is_ok());
        // Listing does not walk through the link, nor list the links.
        let listed = list(root, "content/news", "md", 3).ok().unwrap();
        assert_eq!(listed, vec!["content/news/real.ru.md"]);
    }

    #[test]
    fn a_media_save_creates_its_folder_and_never_replaces_one() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let asset = |path: &str| json!({"path": path, "content": "aGk="});
        let write_asset =
            |root: &Path, a: &Value| upload(root, a, false).and_then(|u| write_asset(&u));
        let Err(Refused(_, why)) = write_asset(root, &asset("themes/portal/static/images")) else {
            panic!("a save to the images folder itself was accepted");
        };
        assert!(why.contains("is a folder"), "{why}");
        assert!(!root.join("themes").exists());
        write_asset(root, &asset("themes/portal/static/images/a.png"))
            .ok()
            .unwrap();
        assert!(root.join("themes/portal/static/images").is_dir());
        assert_eq!(
            std::fs::read(root.join("themes/portal/static/images/a.png")).unwrap(),
            b"hi"
        );
        let Err(Refused(_, _)) = write_asset(root, &asset("themes/portal/static/images/")) else {
            panic!("a save to the images folder itself was accepted");
        };
        let names: Vec<_> = std::fs::read_dir(root.join("themes/portal/static/images"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["a.png"]);
    }

    fn image(bytes: usize) -> String {
        base64::engine::general_purpose::STANDARD.encode(vec![0xffu8; bytes])
    }

    #[test]
    fn a_photo_over_the_limit_is_refused_and_nothing_of_its_save_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = root.join("content/news/x");
        std::fs::create_dir_all(&dir).unwrap();
        let ru = "+++\ntitle = \"Икс\"\n+++\n\nТекст.\n";
        std::fs::write(dir.join("index.ru.md"), ru).unwrap();
        let save = |size: usize| {
            json!({"action": "persistEntry", "params": {"dataFiles": [
                {"path": "content/news/x/index.ru.md", "raw": "+++\ntitle = \"Икс\"\n+++\nНовый текст.\n\n![Фото](photo.jpg)"},
            ], "assets": [{"path": "content/news/x/photo.jpg", "content": image(size)}]}})
        };
        let Err(Refused(status, why)) = act(root, &save(5 * 1024 * 1024), "ru", None) else {
            panic!("a 5 MB photo is refused");
        };
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(why.contains("`photo.jpg` is 5.0 MB"), "{why}");
        assert!(
            why.contains("at most 1.0 MB") && why.contains("1600 pixels wide"),
            "{why}"
        );
        assert!(why.contains("your text is still in the form"), "{why}");
        assert_eq!(
            std::fs::read_to_string(dir.join("index.ru.md")).unwrap(),
            ru
        );
        assert!(!dir.join("photo.jpg").exists());
        // A photo made smaller is saved with the text.
        let answer = act(root, &save(300 * 1024), "ru", None).ok().unwrap();
        assert_eq!(answer["written"].as_array().unwrap().len(), 2, "{answer}");
        assert_eq!(
            std::fs::read(dir.join("photo.jpg")).unwrap().len(),
            300 * 1024
        );
        // Media → Upload has the same limit.
        let upload = |size: usize| {
            json!({"action": "persistMedia", "params": {"asset":
                {"path": "themes/portal/static/images/big.jpg", "content": image(size)}}})
        };
        let Err(Refused(status, why)) = act(root, &upload(MAX_UPLOAD_BYTES + 1), "ru", None) else {
            panic!("refused");
        };
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(!why.contains("your text"), "{why}");
        assert!(act(root, &upload(MAX_UPLOAD_BYTES), "ru", None).is_ok());
    }

    #[test]
    fn a_page_is_never_written_over_its_sections_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/news/old")).unwrap();
        std::fs::write(
            root.join("content/news/_index.ru.md"),
            "+++\ntitle = \"Новости\"\n+++\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/kiosk/a")).unwrap();
        let save = |path: &str, new_path: Option<&str>| {
            json!({"action": "persistEntry", "params": {"dataFiles": [
                {"path": path, "newPath": new_path, "raw": "+++\ntitle = \"Открылся центр\"\n+++\nТекст."},
            ], "assets": []}})
        };
        for section in ["news", "kiosk"] {
            let rel = format!("content/{section}/index.ru.md");
            let Err(Refused(status, why)) = act(root, &save(&rel, None), "ru", None) else {
                panic!("{rel} is refused");
            };
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                why.starts_with("«Folder name» is empty: fill it in"),
                "{why}"
            );
            assert!(!root.join(&rel).exists());
        }
        // A page written there before can still be moved into a folder of its own.
        std::fs::write(
            root.join("content/news/index.ru.md"),
            "+++\ntitle = \"x\"\n+++\n",
        )
        .unwrap();
        let to = "content/news/centre/index.ru.md";
        assert!(
            act(
                root,
                &save("content/news/index.ru.md", Some(to)),
                "ru",
                None
            )
            .is_ok()
        );
        assert!(root.join(to).is_file() && !root.join("content/news/index.ru.md").exists());
    }

    #[test]
    fn a_save_writes_only_what_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = root.join("content/guides/x");
        std::fs::create_dir_all(&dir).unwrap();
        let ru = "+++\ntitle = \"Икс\"\noriginal = \"ru\"\n+++\n\nТекст.\n";
        let ky = "+++\ntitle = \"Икс\"  # to translate\noriginal = \"ru\"\n+++\n\nТекст.\n";
        std::fs::write(dir.join("index.ru.md"), ru).unwrap();
        std::fs::write(dir.join("index.ky.md"), ky).unwrap();
        let req = json!({"action": "persistEntry", "params": {"dataFiles": [
            {"path": "content/guides/x/index.ru.md", "raw": "+++\ntitle = \"Икс\"\noriginal = \"ru\"\n+++\nТекст.", "slug": "x"},
            {"path": "content/guides/x/index.ky.md", "raw": "+++\ntitle = \"Икс-2\"\noriginal = \"ru\"\n+++\nТекст.", "slug": "x"},
        ], "assets": []}});
        let answer = act(root, &req, "ru", None).ok().unwrap();
        assert_eq!(answer["written"], json!(["content/guides/x/index.ky.md"]));
        assert_eq!(
            std::fs::read_to_string(dir.join("index.ru.md")).unwrap(),
            ru
        );
        // The edited translation is now recorded as made from the original beside it.
        let made_from = crate::load::freshness::fingerprint(ru).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.ky.md")).unwrap(),
            ky.replace("\"Икс\"", "\"Икс-2\"").replace(
                "original = \"ru\"\n",
                &format!("original = \"ru\"\ntranslated_from = \"{made_from}\"\n")
            )
        );
        assert!(root.join(format!("originals/{made_from}.txt")).is_file());
    }
}
