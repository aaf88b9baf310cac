//! "Did you mean": the closest of the values an editor could have meant.
//!
//! strsim's Damerau–Levenshtein distance counts a swapped pair of letters as one mistake, which
//! is how keys are mistyped (`tilte`, `descripton`, `consulr`, `embasy` are all at distance 1).
//! A suggestion is made only when the distance is small for the word's length, so that a
//! country code nobody listed (`DE`) is not "corrected" into an unrelated one (`KG`).

/// The candidate closest to `word`: equal ignoring case first, else within a third of the
/// word's length (at least one edit). `None` when nothing is close.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let cl = c.to_lowercase();
        if cl == lower {
            return Some(c);
        }
        // Words of one to three letters (country codes, languages) are all one or two edits
        // apart: only a difference of case is a suggestion there.
        let len = lower.chars().count();
        let d = strsim::damerau_levenshtein(&lower, &cl);
        if len >= 4 && d <= (len / 3).max(1) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A hint naming the closest candidate, else listing the candidates (up to 12 of them).
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => one_of(candidates),
    }
}

/// "write one of: `a`, `b`, …" for at most 12 candidates, else the first ones and a count.
pub(crate) fn one_of(candidates: &[&str]) -> String {
    let shown: Vec<String> = candidates
        .iter()
        .take(12)
        .map(|c| format!("`{c}`"))
        .collect();
    let more = candidates.len().saturating_sub(12);
    if more > 0 {
        format!("write one of: {} (and {more} more)", shown.join(", "))
    } else {
        format!("write one of: {}", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        let keys = ["title", "description", "sources", "date"];
        assert_eq!(closest("descripton", keys), Some("description"));
        assert_eq!(closest("tilte", keys), Some("title"));
        assert_eq!(closest("sorces", keys), Some("sources"));
        assert_eq!(closest("Title", keys), Some("title"));
        assert_eq!(closest("consulr", ["consular", "advice"]), Some("consular"));
        assert_eq!(
            closest("embasy", ["embassy", "ngo", "state"]),
            Some("embassy")
        );
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(closest("DE", ["KG", "RU", "KZ"]), None);
        assert_eq!(closest("ru", ["KG", "RU", "KZ"]), Some("RU"));
        assert_eq!(closest("weather", ["title", "weight"]), None);
        assert!(did_you_mean("zzz", &["a", "b"]).starts_with("write one of: `a`, `b`"));
    }
}
