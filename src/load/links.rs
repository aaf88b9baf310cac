//! Symbolic links met while reading the site's folders (content/, a bundle's files, the theme's
//! static/): one that leads out of the site folder is an error naming it, so that the build
//! never publishes what lies outside the site (a link to /etc published /etc); one that stays
//! inside is followed, once (the walkers refuse loops).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// The site's folder as the file system resolves it, to compare where links lead.
pub(crate) struct SiteFolder {
    root: PathBuf,
    real: Option<PathBuf>,
}

impl SiteFolder {
    pub(crate) fn new(root: &Path) -> SiteFolder {
        SiteFolder {
            root: root.to_path_buf(),
            real: root.canonicalize().ok(),
        }
    }

    fn rel(&self, p: &Path) -> PathBuf {
        p.strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| p.to_path_buf())
    }

    /// `Err` when `path` (a symbolic link, or a path through one) leads outside the site
    /// folder or nowhere.
    pub(crate) fn check_link(&self, path: &Path) -> Result<(), Diagnostic> {
        let rel = self.rel(path);
        let points_to = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        let replace = "replace the link with the file (or folder) itself: a published site holds only what is inside its folder";
        let Some(real_root) = &self.real else {
            return Ok(());
        };
        match path.canonicalize() {
            Ok(real) if real.starts_with(real_root) => Ok(()),
            Ok(real) => Err(Diagnostic::error(
                &rel,
                None,
                format!(
                    "this is a symbolic link to `{points_to}` ({}), outside the site folder; the build does not follow links out of the site",
                    real.display()
                ),
            )
            .with_hint(replace)),
            Err(_) => Err(Diagnostic::error(
                &rel,
                None,
                format!("this is a symbolic link to `{points_to}`, which does not exist"),
            )
            .with_hint(replace)),
        }
    }

    /// The message for a link that leads back into a folder it is in.
    pub(crate) fn loop_error(&self, link: &Path) -> Diagnostic {
        let points_to = std::fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        Diagnostic::error(
            self.rel(link),
            None,
            format!(
                "symbolic link loop: this link to `{points_to}` leads back into a folder it is in"
            ),
        )
        .with_hint("replace the link with the file (or folder) itself, or remove it")
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_out_of_the_site_are_errors_and_links_inside_are_not() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        std::fs::write(root.join("site.toml"), "").unwrap();
        symlink("/etc", root.join("content/news/etc")).unwrap();
        symlink("../../site.toml", root.join("content/news/inside")).unwrap();
        symlink("nowhere", root.join("content/news/dangling")).unwrap();
        let site = SiteFolder::new(&root);
        let out = site.check_link(&root.join("content/news/etc")).unwrap_err();
        let shown = out.to_string();
        assert!(shown.contains("content/news/etc"), "{shown}");
        assert!(shown.contains("`/etc`"), "{shown}");
        assert!(site.check_link(&root.join("content/news/inside")).is_ok());
        assert!(
            site.check_link(&root.join("content/news/dangling"))
                .is_err()
        );
    }
}
