//! Files copied as they are: those beside each page's Markdown (once per language the page is
//! built in) and the theme's static folder, at the top of the site.

use super::Renderer;
use crate::model::output::{Content, OutFile};

impl Renderer<'_> {
    pub(super) fn asset_files(&self) -> Vec<OutFile> {
        let linked = self.linked;
        let mut files = Vec::new();
        for a in &linked.site.assets {
            let Some(&b) = linked.bundle_of.get(&a.bundle) else {
                continue;
            };
            for l in &linked.site.config.languages {
                if let Some(o) = linked.output(b, &l.code) {
                    files.push(OutFile {
                        path: format!("{}{}", o.url.trim_start_matches('/'), a.name),
                        content: Content::Copy(a.src.clone()),
                    });
                }
            }
        }
        files.extend(self.theme.statics.iter().map(|f| OutFile {
            path: f.rel.clone(),
            content: Content::Copy(f.src.clone()),
        }));
        files
    }
}
