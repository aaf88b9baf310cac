//! The Kyrgyz stripper: finds where the stem of a word ends, by the tables in `suffixes`.

use super::fold_char;
use super::suffixes::Needs::{
    Consonant, NotVoiceless, Poss3, Poss12, Voiced, VoicedOrRy, Voiceless, Vowel, VowelOrRy,
};
use super::suffixes::{
    CASES, PARTICIPLE_VOWELS, PLURAL, POSS_PLURAL_PERSONS, POSS3, POSS12, PROTECTED, Suffix,
};

/// One way to read a word: where its stem ends, and whether the reading rests on a weak strip,
/// one that is as often wrong as right (see [`readings`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Reading {
    pub(super) end: usize,
    pub(super) weak: bool,
}

/// Where the stem ends by the first reading that is not weak, or the whole word.
pub(super) fn stem_end(w: &[char], floor: usize) -> usize {
    readings(w, floor)
        .iter()
        .find(|r| !r.weak)
        .map_or(w.len(), |r| r.end)
}

/// Every acceptable reading of a word, the preferred first. Slots are tried outside in (case,
/// possessive, plural), each longest suffix first; every slot may also be empty, so a word that
/// fits no rule has no reading and stays whole.
///
/// A reading is weak when it strips something that is as often part of the word, so that the
/// stemmer indexes it beside the strong reading instead of in its place (see `super::stems`):
/// - the 1st/2nd person singular possessives (-ым, -ың, -м, -ң) and the dative -а/-е after them:
///   -ым also ends lexical nouns (билим, келишим, чечим, бөлүм), -м many more (адам, мыйзам).
///   After a plural they are certain (паспортторум), since no noun ends in a plural.
/// - a vowel-initial possessive where the vowel more often belongs to the word (see
///   [`possessive_fit`]): элчи, азыркы, and -ын on a two-letter stem (акын beside ишин).
/// - a vowel-final stem before -ны/-нын where it ends like the participle -ган (see
///   [`participle_not_accusative`]).
pub(super) fn readings(w: &[char], floor: usize) -> Vec<Reading> {
    let mut out = Vec::new();
    for case in options(w, w.len(), &[CASES]) {
        // `end != floor`: a protected word such as башка keeps its accusative (башканы).
        let case_weak =
            case.is_some_and(|(s, end)| end != floor && participle_not_accusative(w, s, end));
        let after_case = case.map_or(w.len(), |(_, end)| end);
        let case_needs = case.map(|(s, _)| s.needs);
        let poss_tables: &[&[Suffix]] = match case_needs {
            Some(Poss3) => &[POSS3],
            Some(Poss12) => &[POSS12],
            _ => &[POSS3, POSS_PLURAL_PERSONS, POSS12],
        };
        let mut poss_options = options(w, after_case, poss_tables);
        if matches!(case_needs, Some(Poss3 | Poss12)) {
            poss_options.retain(Option::is_some);
        }
        for poss in poss_options {
            let (after_poss, fit) = match poss {
                Some((s, end)) => match possessive_fit(w, s, end, case) {
                    Some(fit) => (end, fit),
                    None => continue,
                },
                None => (after_case, Fit::Sure),
            };
            let fit = if case_weak { Fit::Weak } else { fit };
            plural_readings(w, after_poss, floor, fit, &mut out);
        }
    }
    out
}

/// How sure a possessive strip is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    Sure,
    /// Weak (see [`readings`]).
    Weak,
    /// Weak unless a plural stands before it.
    WeakUnlessPlural,
}

/// The readings of `w[..after_poss]` with and without a plural, in order.
fn plural_readings(w: &[char], after_poss: usize, floor: usize, fit: Fit, out: &mut Vec<Reading>) {
    for plural in options(w, after_poss, &[PLURAL]) {
        let Some((_, after_plural)) = plural else {
            if acceptable(w, after_poss, floor) {
                out.push(Reading {
                    end: after_poss,
                    weak: fit != Fit::Sure,
                });
            }
            continue;
        };
        let weak = fit == Fit::Weak;
        // A stem such as киши or такси looks possessive itself; its bare form loses the -и in
        // the possessive slot, so the plural must lose it too or кишилер and киши would stay
        // apart.
        if let Some(inner) = inner_poss3(w, after_plural)
            && acceptable(w, inner, floor)
        {
            out.push(Reading { end: inner, weak });
        } else if acceptable(w, after_plural, floor) {
            out.push(Reading {
                end: after_plural,
                weak,
            });
        }
    }
}

/// Whether the possessive `s`, which leaves the stem `w[..end]`, fits, and how surely.
///
/// A vowel-initial possessive (-ы, -ым, -ыбыз, ...) is checked against the consonant it follows:
/// - after vowel + к/п it cannot be: Kyrgyz voices к/п between vowels (укук → укугу, китеп →
///   китеби), so an unvoiced one means the vowel is the word's own (акы+быз, not ак+ыбыз).
/// - after consonant + г/б neither: a stem ends in г/б only as a voiced к/п after a vowel, so
///   белги is a word, not белг+и.
/// - after consonant + к it is weak: the adjective suffix -кы (азыркы, башкы, көчкү) looks the
///   same as the possessive of банк (банкы); a following н-case (банкына) settles it.
/// - after ч following a consonant or a long vowel it is weak, for the same reason with the
///   agent suffix -чы (элчи, эмгекчи, окуучу); after a short vowel it is the possessive
///   (коркунучу, агачы), since -чы does not follow a short vowel in the nouns it makes.
/// - -ы + accusative -н on a two-letter stem is weak: ишин, атын beside акын, орун.
fn possessive_fit(
    w: &[char],
    s: &Suffix,
    end: usize,
    case: Option<(&Suffix, usize)>,
) -> Option<Fit> {
    let person12 = if s.text.ends_with(['м', 'ң']) {
        Fit::WeakUnlessPlural
    } else {
        Fit::Sure
    };
    if s.needs != Consonant {
        return Some(person12);
    }
    let stem = w.get(..end)?;
    // An н-case only the possessive takes (банкына, банкында); not the bare -н, which also ends
    // words (качкын, ташкын).
    let n3_case = case.is_some_and(|(c, _)| c.needs == Poss3 && c.text != "н");
    let (before, last) = match stem {
        [.., before, last] => (Some(*before), *last),
        [last] => (None, *last),
        [] => return None,
    };
    let after_vowel = before.is_some_and(is_vowel);
    let weak = match last {
        'к' | 'п' if after_vowel => return None,
        'г' | 'б' if !after_vowel => return None,
        'к' => !n3_case,
        'ч' => !(n3_case || after_vowel && short_vowel_before(stem)),
        _ => case.is_some_and(|(c, _)| c.text == "н") && end < 3 && s.text.chars().count() == 1,
    };
    Some(if weak { Fit::Weak } else { person12 })
}

/// Whether the vowel before the last letter of `stem` is short (not doubled: коркунуч, not
/// окууч).
fn short_vowel_before(stem: &[char]) -> bool {
    match stem {
        [.., a, b, _] => a != b,
        _ => true,
    }
}

/// A word ending in vowel + н + high vowel (+ н) is either a vowel-final stem with the
/// accusative -ны or genitive -нын (өлкөнү, акчанын) or an н-final stem with the possessive -ы
/// and accusative -н (жараны, телефонун); nothing in the word tells which. The vowel-final
/// reading comes first (longest suffix first, and vowel-final nouns are frequent in this domain:
/// сатуу, маселе, виза), except after the participle -ган, where the possessive is the rule
/// (болгонун, иштегени, тууганын) and the vowel-final reading is only weak (пачканы).
fn participle_not_accusative(w: &[char], s: &Suffix, end: usize) -> bool {
    s.needs == Vowel
        && s.text.starts_with('н')
        && matches!(s.text.chars().count(), 2 | 3)
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
        Poss3 | Poss12 => true,
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

/// The possessive a stem such as киши seems to end in, looked for again under a plural (see
/// `plural_readings`).
fn inner_poss3(w: &[char], end: usize) -> Option<usize> {
    POSS3.iter().find_map(|s| {
        let new_end = strip(w, end, s)?;
        (possessive_fit(w, s, new_end, None)? == Fit::Sure).then_some(new_end)
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

/// Length below which stripping may not go: the longest protected word the input starts with.
pub(super) fn protected_floor(w: &[char]) -> usize {
    let folded: Vec<char> = w.iter().copied().map(fold_char).collect();
    PROTECTED
        .iter()
        .filter_map(|p| folded_prefix_len(&folded, p))
        .max()
        .unwrap_or(0)
}

/// The end of a place name in -стан (Кыргызстан, Казакстан), whose -тан is not the ablative;
/// the ablative reading is indexed too (see `super::stems`), because it is one for every noun in
/// -с (курстан, облустан).
pub(super) fn stan_floor(w: &[char]) -> usize {
    let stan = ['с', 'т', 'а', 'н'];
    w.windows(stan.len())
        .rposition(|win| win == stan)
        .map_or(0, |i| i + stan.len())
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
