//! What changed in an original since a translation was made from it: a word diff of its old
//! normalised text against the current one, each change with a few words around it, and
//! marked urgent when a changed word is a number (a phone number, a date, an amount), a month,
//! or a link, web address or e-mail — the changes a reader of an out-of-date translation can
//! be harmed by (calling a dead number, missing a deadline).

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Words shown on each side of a change.
const CONTEXT_WORDS: usize = 4;

/// Changes closer than this many unchanged words are shown as one.
const JOIN_GAP: usize = 2;

/// One change in an original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// The words taken out, as they were ("" when only words were added).
    pub(crate) removed: String,
    /// The words put in, as they are now ("" when only words were taken out).
    pub(crate) added: String,
    /// The passage as the original reads now: a few words before, the added words, a few after.
    pub(crate) context: String,
    /// A changed word is a number, a month, a link, a web address or an e-mail.
    pub(crate) urgent: bool,
}

/// The changes from `old` to `new`, in the order of the text.
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<Change> {
    let old: Vec<&str> = old.split_whitespace().collect();
    // The line (title, label, paragraph …) of each word of the new text: context stays on it.
    let (new, line): (Vec<&str>, Vec<usize>) = new
        .lines()
        .enumerate()
        .flat_map(|(i, l)| l.split_whitespace().map(move |w| (w, i)))
        .unzip();
    let ops = capture_diff_slices(Algorithm::Patience, &old, &new);
    // Runs of changed words as (old range, new range), nearby ones joined.
    let mut runs: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for op in &ops {
        if let DiffOp::Equal { .. } = op {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        match runs.last_mut() {
            Some((lo, ln)) if o.start < lo.end + JOIN_GAP && n.start < ln.end + JOIN_GAP => {
                lo.end = o.end.max(lo.end);
                ln.end = n.end.max(ln.end);
            }
            _ => runs.push((o, n)),
        }
    }
    runs.into_iter()
        .map(|(o, n)| {
            // Words before stay on the line of the first added word (or, for a removal, of
            // the word before it); words after, on the line of the last added word.
            let (first, last) = if n.is_empty() {
                (n.start.checked_sub(1), Some(n.end))
            } else {
                (Some(n.start), Some(n.end - 1))
            };
            let on = |i: usize, anchor: Option<usize>| {
                anchor
                    .and_then(|a| line.get(a))
                    .is_some_and(|l| line[i] == *l)
            };
            let mut from = n.start;
            while from > 0 && n.start - from < CONTEXT_WORDS && on(from - 1, first) {
                from -= 1;
            }
            let mut to = n.end;
            while to < new.len() && to - n.end < CONTEXT_WORDS && on(to, last) {
                to += 1;
            }
            let (before, after) = (&new[from..n.start], &new[n.end..to]);
            let context: Vec<&str> = before
                .iter()
                .chain(&new[n.clone()])
                .chain(after)
                .copied()
                .collect();
            let urgent = old[o.clone()]
                .iter()
                .chain(&new[n.clone()])
                .any(|w| is_urgent(w));
            Change {
                removed: old[o].join(" "),
                added: new[n].join(" "),
                context: context.join(" "),
                urgent,
            }
        })
        .collect()
}

/// Month names (and their stems) in Russian, Kyrgyz and English: a changed month is a
/// changed date even when no digit changed.
const MONTHS: &[&str] = &[
    "январ",
    "феврал",
    "март",
    "апрел",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// May is too short a stem to match by its start.
const MAY: &[&str] = &["май", "мая", "майы", "майда", "may"];

/// Whether a changed word is one a reader can be harmed by missing: a number (phone, date,
/// amount, article of a law), a month, a link, web address or e-mail.
pub(crate) fn is_urgent(word: &str) -> bool {
    if word.chars().any(|c| c.is_numeric()) {
        return true;
    }
    if ["://", "www.", "@", "](", "mailto:", "tel:"]
        .iter()
        .any(|m| word.contains(m))
    {
        return true;
    }
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
    let lower = bare.to_lowercase();
    if MONTHS.iter().any(|m| lower.starts_with(m)) || MAY.contains(&lower.as_str()) {
        return true;
    }
    is_domain(bare)
}

/// `gov.kg`, `migrant.kg/help`: ASCII words joined by dots, ending in two to six letters.
fn is_domain(word: &str) -> bool {
    let host = word.split('/').next().unwrap_or("");
    let Some((name, tld)) = host.rsplit_once('.') else {
        return false;
    };
    (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_shown_with_its_context() {
        let old = "Учёт в консульстве\nВ течение 15 дней, если едете больше чем на три месяца.";
        let new = "Учёт в консульстве\nВ течение 30 дней, если едете больше чем на три месяца.";
        let changes = word_diff(old, new);
        assert_eq!(
            changes,
            [Change {
                removed: "15".into(),
                added: "30".into(),
                context: "В течение 30 дней, если едете больше".into(),
                urgent: true,
            }]
        );
    }

    #[test]
    fn removals_additions_and_nearby_changes() {
        let old = "one two three four five six seven eight nine ten";
        let new = "one two four five SIX seven eight nine ten eleven";
        let changes = word_diff(old, new);
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert_eq!(
            (changes[0].removed.as_str(), changes[0].added.as_str()),
            ("three", "")
        );
        assert_eq!(changes[0].context, "one two four five SIX seven");
        assert_eq!(
            (changes[1].removed.as_str(), changes[1].added.as_str()),
            ("six", "SIX")
        );
        assert_eq!(
            (changes[2].removed.as_str(), changes[2].added.as_str()),
            ("", "eleven")
        );
        assert!(changes.iter().all(|c| !c.urgent));
        // Two changes one word apart read as one.
        let joined = word_diff("a b c d e f", "a X c Y e f");
        assert_eq!(joined.len(), 1, "{joined:?}");
        assert_eq!(
            (joined[0].removed.as_str(), joined[0].added.as_str()),
            ("b c d", "X c Y")
        );
        assert!(word_diff("same words\nhere", "same  words here").is_empty());
    }

    #[test]
    fn urgent_words() {
        for w in [
            "1899",
            "+996-312-62-06-41",
            "2025-05-28",
            "15",
            "5000",
            "https://migrant.gov.kg",
            "www.mlsp.gov.kg",
            "info@mlsp.gov.kg",
            "[сайт](https://x.kg)",
            "(@/hotline)",
            "gov.kg",
            "марта",
            "Январь",
            "мая,",
            "August",
        ] {
            assert!(is_urgent(w), "{w}");
        }
        for w in [
            "сом",
            "консульстве",
            "если",
            "т.е.",
            "e.g.",
            "маалымат",
            "майор",
            "Россия.",
        ] {
            assert!(!is_urgent(w), "{w}");
        }
    }

    #[test]
    fn a_changed_phone_number_makes_the_change_urgent() {
        let changes = word_diff("Звоните по номеру 1899.", "Звоните по номеру 1898.");
        assert!(changes[0].urgent);
        let months = word_diff("до 1 марта", "до 1 апреля");
        assert!(months[0].urgent);
        let words = word_diff("Звоните нам", "Пишите нам");
        assert!(!words[0].urgent);
    }
}
