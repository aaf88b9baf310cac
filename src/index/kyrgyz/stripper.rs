//! The Kyrgyz stripper: finds where the stem of a word ends, by the tables in `suffixes`.

use super::fold_char;
use super::suffixes::Needs::{
    Consonant, NotVoiceless, Poss3, Voiced, VoicedOrRy, Voiceless, Vowel, VowelOrRy,
};
use super::suffixes::{
    CASES, PARTICIPLE_VOWELS, PLURAL, POSS_PLURAL_PERSONS, POSS3, PROTECTED, Suffix,
};

/// Finds where the stem ends. Slots are tried outside in (case, possessive, plural), each
/// longest suffix first, and the first parse that leaves an acceptable stem wins; every slot may
/// also be empty, so a word that fits no rule comes back whole.
///
/// Not stripped on purpose:
/// - 1st/2nd person singular possessives (-ым, -ың, -м, -ң): -ым is also the ending of many
///   lexical nouns (билим, келишим, чечим, бөлүм) that would otherwise meet their verb roots.
/// - the dative -а/-е that follows those possessives: -ма/-ме ends deverbal nouns (тизме,
///   көрсөтмө, буйрутма).
pub(super) fn stem_end(w: &[char], floor: usize) -> usize {
    for case in options(w, w.len(), &[CASES]) {
        // `end != floor`: a protected word such as башка keeps its accusative (башканы).
        if case.is_some_and(|(s, end)| end != floor && participle_not_accusative(w, s, end)) {
            continue;
        }
        let after_case = case.map_or(w.len(), |(_, end)| end);
        let case_needs_poss3 = case.is_some_and(|(s, _)| s.needs == Poss3);
        let case_is_bare_n = case.is_some_and(|(s, _)| s.text == "н");

        let poss_tables: &[&[Suffix]] = if case_needs_poss3 {
            &[POSS3]
        } else {
            &[POSS3, POSS_PLURAL_PERSONS]
        };
        let mut poss_options = options(w, after_case, poss_tables);
        if case_needs_poss3 {
            poss_options.retain(Option::is_some);
        }
        for poss in poss_options {
            let after_poss = match poss {
                Some((s, end)) if is_bare_poss3(s) => {
                    // -ын ends many whole words (акын, орун, үчүн), so -ы + accusative -н needs
                    // a stem of at least three letters.
                    if !bare_poss3_allowed(w, end) || (case_is_bare_n && end < 3) {
                        continue;
                    }
                    end
                }
                Some((_, end)) => end,
                None => after_case,
            };
            for plural in options(w, after_poss, &[PLURAL]) {
                let Some((_, after_plural)) = plural else {
                    if acceptable(w, after_poss, floor) {
                        return after_poss;
                    }
                    continue;
                };
                // A stem such as киши or такси looks possessive itself; its bare form loses the
                // -и in the possessive slot, so the plural must lose it too or кишилер and киши
                // would stay apart.
                if let Some(inner) = inner_poss3(w, after_plural)
                    && acceptable(w, inner, floor)
                {
                    return inner;
                }
                if acceptable(w, after_plural, floor) {
                    return after_plural;
                }
            }
        }
    }
    w.len()
}

/// A word ending in vowel + н + high vowel is either a vowel-final stem with the accusative -ны
/// (өлкөнү, акчаны) or an н-final stem with the possessive -ы (жараны, телефону); nothing in the
/// word tells which. The accusative reading is kept (longest suffix first, and vowel-final nouns
/// are frequent in this domain: сатуу, маселе, виза), except after the participle -ган, where
/// the possessive reading is the rule.
fn participle_not_accusative(w: &[char], s: &Suffix, end: usize) -> bool {
    s.needs == Vowel
        && s.text.starts_with('н')
        && s.text.chars().count() == 2
        && w.get(..end).is_some_and(looks_like_participle)
}

/// Whether `stem` ends in a well-formed -га/-ка: г after a vowel or voiced sound, к after a
/// voiceless one. The voicing check keeps nouns such as өлкө (л + кө) out.
fn looks_like_participle(stem: &[char]) -> bool {
    let [.., before, consonant, vowel] = stem else {
        return false;
    };
    PARTICIPLE_VOWELS.contains(vowel)
        && match consonant {
            'г' => !is_voiceless(*before),
            'к' => is_voiceless(*before),
            _ => false,
        }
}

/// All suffixes from `tables` that can be stripped from `w[..end]`, longest first, followed by
/// `None` (strip nothing).
fn options(
    w: &[char],
    end: usize,
    tables: &[&'static [Suffix]],
) -> Vec<Option<(&'static Suffix, usize)>> {
    let mut found: Vec<(&'static Suffix, usize)> = tables
        .iter()
        .flat_map(|t| t.iter())
        .filter_map(|s| strip(w, end, s).map(|new_end| (s, new_end)))
        .collect();
    found.sort_by_key(|&(_, new_end)| new_end);
    found.into_iter().map(Some).chain([None]).collect()
}

/// Where `w[..end]` would end without `s`, if `s` is there and fits its neighbour in sound and
/// harmony. `Poss3` suffixes are checked by the possessive they require instead.
fn strip(w: &[char], end: usize, s: &Suffix) -> Option<usize> {
    let word = w.get(..end)?;
    let len = s.text.chars().count();
    let start = end.checked_sub(len)?;
    let tail = word.get(start..)?;
    if !tail.iter().copied().eq(s.text.chars()) {
        return None;
    }
    let stem = word.get(..start)?;
    let prev = prev_sound(stem)?;
    let fits = match s.needs {
        Vowel => is_vowel(prev),
        VowelOrRy => is_vowel(prev) || matches!(prev, 'р' | 'й'),
        Voiced => is_voiced(prev),
        VoicedOrRy => is_voiced(prev) || matches!(prev, 'р' | 'й'),
        NotVoiceless => !is_voiceless(prev),
        Voiceless => is_voiceless(prev),
        Consonant => !is_vowel(prev),
        Poss3 => true,
    };
    if !fits {
        return None;
    }
    if let Some(suffix_vowel) = s.text.chars().find(|&c| is_vowel(c)) {
        let stem_vowel = stem.iter().rev().copied().find(|&c| is_vowel(c))?;
        if !harmony_ok(stem_vowel, suffix_vowel) {
            return None;
        }
    }
    Some(start)
}

fn is_bare_poss3(s: &Suffix) -> bool {
    s.needs == Consonant && s.text.chars().count() == 1
}

/// The bare possessive vowel is the riskiest strip, so it gets two extra guards. After ч a final
/// high vowel is nearly always the agent suffix -чы (элчи, эмгекчи), which stays. After к it is
/// nearly always the adjective suffix -кы (азыркы, башкы): a real possessive would have voiced
/// the к to г (укук → укугу).
fn bare_poss3_allowed(w: &[char], stem_end: usize) -> bool {
    !matches!(w.get(..stem_end).and_then(prev_sound), Some('ч' | 'к'))
}

/// The possessive a stem such as киши seems to end in, looked for again under a plural (see
/// `stem_end`).
fn inner_poss3(w: &[char], end: usize) -> Option<usize> {
    POSS3.iter().find_map(|s| {
        let new_end = strip(w, end, s)?;
        (!is_bare_poss3(s) || bare_poss3_allowed(w, new_end)).then_some(new_end)
    })
}

/// A stem must keep a vowel and some body: at least two letters, three if it ends in a vowel
/// (so short words such as ага, аны cannot shrink to a single syllable), and never less than a
/// protected word it starts with.
fn acceptable(w: &[char], end: usize, floor: usize) -> bool {
    let Some(stem) = w.get(..end) else {
        return false;
    };
    let min = if stem.last().is_some_and(|&c| is_vowel(c)) {
        3
    } else {
        2
    };
    end >= floor && end >= min && stem.iter().any(|&c| is_vowel(c))
}

/// Length below which stripping may not go: the longest protected word the input starts with,
/// or the end of a place name in -стан (Кыргызстан, Казакстан), whose -тан is not the ablative.
pub(super) fn protected_floor(w: &[char]) -> usize {
    let folded: Vec<char> = w.iter().copied().map(fold_char).collect();
    let word_floor = PROTECTED
        .iter()
        .filter_map(|p| folded_prefix_len(&folded, p))
        .max()
        .unwrap_or(0);
    let stan = ['с', 'т', 'а', 'н'];
    let stan_floor = folded
        .windows(stan.len())
        .rposition(|win| win == stan)
        .map_or(0, |i| i + stan.len());
    word_floor.max(stan_floor)
}

/// Length of `prefix` if the already folded `folded` starts with it (folded too).
fn folded_prefix_len(folded: &[char], prefix: &str) -> Option<usize> {
    let mut len = 0;
    for c in prefix.chars() {
        if folded.get(len) != Some(&fold_char(c)) {
            return None;
        }
        len += 1;
    }
    Some(len)
}

/// бала "child" drops its last vowel before the plural (балдар); read it as бала+лар so the
/// plural meets the singular instead of бал "honey".
pub(super) fn irregular(w: &[char]) -> Option<String> {
    let (head, rest) = (w.get(..6)?, w.get(6..)?);
    if !head.iter().copied().eq("балдар".chars()) {
        return None;
    }
    let mut rewritten: Vec<char> = "балалар".chars().collect();
    rewritten.extend_from_slice(rest);
    (stem_end(&rewritten, 0) == 4).then(|| "бала".to_owned())
}

/// Kyrgyz voices a stem-final к/п between vowels (укук → укугу, тарап → тарабы); mapping a
/// final г/б after a vowel back to к/п lets both spellings meet.
pub(super) fn devoice_final(stem: &mut [char]) {
    let n = stem.len();
    if n < 3 || !stem.get(n - 2).is_some_and(|&c| is_vowel(c)) {
        return;
    }
    if let Some(last) = stem.last_mut() {
        *last = match *last {
            'г' => 'к',
            'б' => 'п',
            other => other,
        };
    }
}

/// Which vowel a suffix must carry after a stem whose last vowel is `stem`.
///
/// Low suffix vowels (а е о ө) follow backness and, for о/ө only, rounding: after у comes а
/// (укуктар), after ү comes ө (үйлөр). High suffix vowels (ы и у ү) follow backness and rounding.
/// Because н о у may stand for ң ө ү (Russian keyboard), a stem vowel у also accepts a low о:
/// уйлор is how үйлөр arrives. That is the only place where folding changes the expectation.
fn harmony_ok(stem: char, suffix: char) -> bool {
    let low = matches!(suffix, 'а' | 'е' | 'о' | 'ө');
    let allowed: &[char] = match (stem, low) {
        ('а' | 'ы' | 'я', true) => &['а'],
        ('у' | 'ю', true) => &['а', 'о'],
        ('о' | 'ё', true) => &['о'],
        ('е' | 'и' | 'э', true) => &['е'],
        ('ө' | 'ү', true) => &['ө'],
        ('а' | 'ы' | 'я', false) => &['ы'],
        ('е' | 'и' | 'э', false) => &['и'],
        ('о' | 'у' | 'ё' | 'ю', false) => &['у'],
        ('ө' | 'ү', false) => &['ү'],
        _ => &[],
    };
    allowed.contains(&suffix)
}

pub(super) fn is_lowercase_cyrillic(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| matches!(c, 'а'..='я' | 'ё' | 'ң' | 'ө' | 'ү'))
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'ё' | 'и' | 'о' | 'ө' | 'у' | 'ү' | 'ы' | 'э' | 'ю' | 'я'
    )
}

fn is_voiced(c: char) -> bool {
    matches!(c, 'б' | 'в' | 'г' | 'д' | 'ж' | 'з' | 'л' | 'м' | 'н' | 'ң')
}

fn is_voiceless(c: char) -> bool {
    matches!(c, 'к' | 'п' | 'с' | 'т' | 'ф' | 'х' | 'ц' | 'ч' | 'ш' | 'щ')
}

/// The last sound of a stem; the soft and hard signs of Russian loans make no sound, so the
/// letter before them decides.
fn prev_sound(stem: &[char]) -> Option<char> {
    stem.iter()
        .rev()
        .copied()
        .find(|&c| !matches!(c, 'ь' | 'ъ'))
}
