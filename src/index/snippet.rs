//! Snippets: the passage of a page shown under a search result, cut at sentence or word
//! boundaries and never inside a word, with the matched words marked.
//!
//! tantivy picks the best passage (the one with the most matched words) but cuts it at a
//! budget counted in bytes, wherever the words happen to fall, and a sentence begun in the
//! middle reads as nonsense. Here the passage is widened to the start of its sentence when that
//! is near, and otherwise cut at a space and marked with an ellipsis; a Cyrillic letter is two
//! bytes, so budgets are counted in characters.

use std::ops::Range;

use crate::util::text::escape_html;

/// How far back, in characters, a snippet may reach for the start of the sentence of its first
/// matched word; further than that it starts at a word, after an ellipsis.
const LEAD: usize = 60;
/// Characters kept before the first matched word when the sentence starts further back.
const CONTEXT: usize = 30;

const ELLIPSIS: &str = "…";

/// Whether a sentence starts at byte `i`: after `.`, `!`, `?`, `…`, `:`, `;` and a space, or
/// a line break, and not with a small letter.
fn sentence_starts_at(text: &str, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let before = text[..i].trim_end();
    // A line break inside a paragraph (a wrapped line of Markdown) or an abbreviation («т. е.»)
    // is followed by a small letter; a new sentence is not.
    let capital = !text[i..].chars().next().is_some_and(char::is_lowercase);
    before.len() < i
        && capital
        && (before.is_empty()
            || (before.ends_with(['.', '!', '?', '…', ':', ';']) && !before.ends_with(".."))
            || text[before.len()..i].contains('\n'))
}

/// Whether a word starts at byte `i` of `text` (or it is the start or the end).
fn is_word_start(text: &str, i: usize) -> bool {
    i == 0
        || i == text.len()
        || text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace)
}

/// The passage of `text` around `marks` (byte ranges of matched words, in order) of at most
/// about `max_chars` characters, as HTML: escaped, the marks in `<mark>`, an ellipsis where it
/// is cut inside a sentence.
pub(crate) fn passage(text: &str, marks: &[Range<usize>], max_chars: usize) -> String {
    passage_around(text, marks, 0, max_chars)
}

/// [`passage`] placed at `marks[anchor]` (the first mark of the best part of the text), with
/// every mark that falls inside it marked, also those before the anchor.
pub(crate) fn passage_around(
    text: &str,
    marks: &[Range<usize>],
    anchor: usize,
    max_chars: usize,
) -> String {
    let shown = marks.get(anchor);
    let first = shown.map_or(0, |m| m.start.min(text.len()));
    let start = passage_start(text, first, max_chars);
    // A first mark longer than the budget is still shown whole.
    let first_end = shown.map_or(start, |m| m.end.min(text.len()).max(start));
    let end = passage_end(text, start, max_chars.max(1)).max(first_end);
    let mut html = String::new();
    if !sentence_starts_at(text, start) {
        html.push_str(ELLIPSIS);
    }
    let mut at = start;
    for m in marks {
        if m.start < at || m.end > end || m.start >= m.end {
            continue;
        }
        html.push_str(&escape_html(&text[at..m.start]));
        html.push_str("<mark>");
        html.push_str(&escape_html(&text[m.clone()]));
        html.push_str("</mark>");
        at = m.end;
    }
    html.push_str(&escape_html(&text[at..end]));
    let rest = &text[end..];
    let sentence_done = text[..end].trim_end().ends_with(['.', '!', '?', '…']);
    if !rest.trim().is_empty() && !sentence_done {
        html.push_str(ELLIPSIS);
    }
    html
}

/// Where the passage starts: the sentence of the first mark when it starts at most [`LEAD`]
/// characters before it, else the word [`CONTEXT`] characters before it (less for a small
/// budget, so that the mark fits).
fn passage_start(text: &str, first: usize, max_chars: usize) -> usize {
    let lead = LEAD.min(max_chars / 2);
    let context = CONTEXT.min(max_chars / 4);
    let before: Vec<usize> = std::iter::once(first)
        .chain(
            text[..first]
                .char_indices()
                .map(|(i, _)| i)
                .rev()
                .take(lead),
        )
        .collect();
    if let Some(&s) = before.iter().find(|&&i| sentence_starts_at(text, i)) {
        return skip_space(text, s);
    }
    let mut start = before.get(context).copied().unwrap_or(0);
    while start < first && !is_word_start(text, start) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    skip_space(text, start)
}

fn skip_space(text: &str, i: usize) -> usize {
    i + (text[i..].len() - text[i..].trim_start().len())
}

/// Where the passage ends: the last sentence end within `max_chars` characters of `start` when
/// there is one in its second half, else the last word end.
fn passage_end(text: &str, start: usize, max_chars: usize) -> usize {
    let rest = &text[start..];
    let limit = rest
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| start + i);
    if limit == text.len() {
        return text.len();
    }
    let window = &text[start..limit];
    let half = window
        .char_indices()
        .nth(max_chars / 2)
        .map_or(0, |(i, _)| i);
    let sentence = window
        .char_indices()
        .rev()
        .filter(|&(i, c)| {
            i >= half
                && matches!(c, '.' | '!' | '?' | '…')
                && window[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
        .next();
    if let Some(e) = sentence {
        return start + e;
    }
    // Cut at the last space, unless the window is one long word.
    let word = text[start..limit]
        .char_indices()
        .rev()
        .filter(|&(_, c)| c.is_whitespace())
        .map(|(i, _)| start + i)
        .next();
    let at_boundary = is_word_start(text, limit)
        || text[limit..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
    let end = if at_boundary {
        limit
    } else {
        word.unwrap_or(limit)
    };
    start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str, words: &[&str]) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = words
            .iter()
            .filter_map(|w| text.find(w).map(|i| i..i + w.len()))
            .collect();
        out.sort_by_key(|r| r.start);
        out
    }

    fn plain(html: &str) -> String {
        html.replace("<mark>", "").replace("</mark>", "")
    }

    /// Every word of the passage is a whole word of the text.
    fn whole_words(text: &str, html: &str) {
        let p = plain(html);
        let inner = p.trim_start_matches(ELLIPSIS).trim_end_matches(ELLIPSIS);
        let words: Vec<&str> = text.split_whitespace().collect();
        for w in inner.split_whitespace() {
            assert!(words.contains(&w), "`{w}` is cut in «{p}»");
        }
    }

    const KY: &str = "Мигранттар көп учурда кыйынчылыкка кабылышат. Эгер иш берүүчү эмгек акыны \
        убагында төлөбөсө, келишимди жана төлөмдөрдүн эсебин сактаңыз. Паспортуңузду эч кимге \
        бербеңиз: аны тартып алуу мыйзамга каршы. Көйгөй чыкса, 1899 ысык линиясына чалыңыз.";

    #[test]
    fn a_kyrgyz_passage_starts_at_its_sentence_and_ends_at_one() {
        let html = passage(KY, &marks(KY, &["эмгек", "акыны"]), 120);
        assert!(
            html.starts_with("Эгер иш берүүчү <mark>эмгек</mark> <mark>акыны</mark>"),
            "{html}"
        );
        assert!(plain(&html).ends_with("сактаңыз."), "{html}");
        whole_words(KY, &html);
    }

    #[test]
    fn a_long_sentence_is_cut_between_words_with_an_ellipsis() {
        let text = "Бул сүйлөм өтө узун жана анда көп сөздөр бар, ошондуктан ал үзүндүгө толугу \
            менен батпайт, бирок сөздөрдүн ортосунан эч качан кесилбеши керек, мисалы ңөүңөү \
            сыяктуу тамгалар да бузулбайт жана Паспортуңузду эч кимге бербеңиз деген сөз ушул \
            жерде турат жана андан кийин дагы көп сөздөр келе берет бирок чекит жок";
        for max in [20, 37, 50, 61, 80, 99] {
            let html = passage(text, &marks(text, &["Паспортуңузду"]), max);
            assert!(html.starts_with(ELLIPSIS), "{max}: {html}");
            assert!(html.ends_with(ELLIPSIS), "{max}: {html}");
            assert!(html.contains("<mark>Паспортуңузду</mark>"), "{max}: {html}");
            whole_words(text, &html);
        }
    }

    #[test]
    fn a_wrapped_line_is_not_a_sentence_start() {
        let text =
            "Пенсионные права сохраняются (см. права\nтрудящихся) и при оформлении пенсии. Далее.";
        let html = passage(text, &marks(text, &["пенсии"]), 120);
        assert!(html.starts_with(ELLIPSIS), "{html}");
        whole_words(text, &html);
        let text = "Первая строка.\nПенсия за границей";
        let html = passage(text, &marks(text, &["Пенсия"]), 40);
        assert!(html.starts_with("<mark>Пенсия</mark>"), "{html}");
    }

    #[test]
    fn budgets_count_characters_not_bytes() {
        // 100 Cyrillic characters are 200 bytes: a byte budget would keep half as much.
        let text = "өлкө ".repeat(60);
        let first = 0.."өлкө".len();
        let html = passage(&text, std::slice::from_ref(&first), 100);
        let kept = plain(&html).trim_end_matches(ELLIPSIS).chars().count();
        assert!((90..=100).contains(&kept), "{kept}: {html}");
        whole_words(&text, &html);
    }

    #[test]
    fn short_text_is_shown_whole_and_escaped() {
        let text = "Звоните <1899> & «спросите».";
        let html = passage(text, &marks(text, &["1899"]), 180);
        assert_eq!(html, "Звоните &lt;<mark>1899</mark>&gt; &amp; «спросите».");
        assert_eq!(passage("", &[], 180), "");
        assert_eq!(passage("одно", &[], 180), "одно");
    }

    #[test]
    fn a_russian_passage_mid_text_starts_at_a_word() {
        let text = "Невыплата зарплаты — частая беда мигрантов и её нужно предотвращать заранее \
            через письменный договор и сохранение всех записей о выплатах и переводах домой \
            чтобы защитить себя в договоре должна быть сумма валюта срок и способ оплаты";
        let html = passage(text, &marks(text, &["оплаты"]), 60);
        assert!(html.starts_with(ELLIPSIS), "{html}");
        assert!(html.contains("<mark>оплаты</mark>"), "{html}");
        whole_words(text, &html);
    }
}
