//! Small text utilities every stage shares: line endings, HTML escaping, summaries, sizes.

/// Editors save with Windows editors too: drop a BOM, turn CRLF into LF.
pub(crate) fn normalize(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_string()
    }
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The first sentence or so of the text, for descriptions the editor did not write.
pub(crate) fn summarize(text: &str, max_chars: usize) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= max_chars {
        return t;
    }
    let cut: String = t.chars().take(max_chars).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// `62.9 MB`, `4.0 MB`, `900 bytes`: sizes as editors think of them.
pub(crate) fn human_size(n: u64) -> String {
    if n < 1024 * 1024 {
        format!("{n} bytes")
    } else {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    }
}
