//! Kyrgyz stemming and keyboard folding for the search index.
//!
//! Neither Snowball nor tantivy ships a Kyrgyz stemmer, and Kyrgyz is agglutinative: one noun
//! appears in dozens of surface forms (мигрант, мигранттар, мигранттардын, мигранттарга, …). Without
//! stemming a search for «мигрант» misses most pages about migrants.
//!
//! The stemmer strips inflection only (case, possessive, plural), right to left, and accepts a
//! strip only when the suffix fits its neighbour the way Kyrgyz requires: vowel harmony with the
//! stem's last vowel and the voicing of the consonant it follows. Those checks are what keep it
//! from cutting endings off Russian loans and off words that merely end like a suffix. Where a
//! choice had to be made it leans conservative: a missed rare form costs a search hit, while two
//! unrelated words merged into one stem pollute every search for either of them.
//!
//! Derivational suffixes are never stripped (-чы agent, -лык abstract, -сыз "without", -луу
//! "with", -кы adjective): элчи, элчилик, мыйзамсыз are words of their own, not forms of эл or
//! мыйзам.
//!
//! Recommended analyzer for Kyrgyz fields, the same at index and query time:
//! `SimpleTokenizer → LowerCaser → KyrgyzStemmer → KeyboardFold`. The stemmer also accepts words
//! typed on a Russian keyboard (н о у for ң ө ү), so a folded query word and the properly spelt
//! indexed word reach the same folded stem; the tests check this for every form in their table.
//!
//! Known limits:
//! - 1st/2nd person singular possessives (үйүм, үйүң) and the dative after them are not
//!   stripped (see `stem_end`).
//! - A bare possessive on a stem ending in н or vowel + с (органы, адиси) is ambiguous with a
//!   vowel-final stem + -ны/-сы; the latter reading wins unless the stem is in `PROTECTED`.
//! - Stems that lose a vowel when inflected (мурун → мурду, орун → орду) are not rejoined; бала →
//!   балдар is the one irregular plural handled.
//! - Verbs are not analysed; a past tense in -ды/-ты loses it like an accusative (келди → кел).
//! - A word whose own ending passes every check for a suffix, and is not in `PROTECTED`, loses
//!   it (доктор → док, ичке "thin" → ич). Add such words to `PROTECTED` as they turn up.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

#[cfg(test)]
mod measure;

/// Reduces an inflected Kyrgyz word to the stem shared by its inflected forms.
///
/// Input is expected lowercase (run tantivy's `LowerCaser` first). Anything that is not entirely
/// lowercase Cyrillic (Latin, digits, capitals, combining marks) comes back unchanged, so Russian
/// and English words that share a field with Kyrgyz text are never mangled by Kyrgyz rules, and
/// no input can make this panic.
pub(crate) fn stem(word: &str) -> String {
    if !is_lowercase_cyrillic(word) {
        return word.to_owned();
    }
    let chars: Vec<char> = word.chars().collect();
    if let Some(stem) = irregular(&chars) {
        return stem;
    }
    let end = stem_end(&chars, protected_floor(&chars));
    let mut out = chars.get(..end).unwrap_or(&chars).to_vec();
    devoice_final(&mut out);
    out.into_iter().collect()
}

/// [`stem`] with a per-thread memo. Running text repeats a small vocabulary, and stemming
/// dominated index time on large sites before this (profiled on the 9,000-page bench corpus).
pub(crate) fn stem_cached(word: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    const MAX_ENTRIES: usize = 200_000;
    thread_local! {
        static MEMO: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(s) = m.get(word) {
            return s.clone();
        }
        let s = stem(word);
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(word.to_owned(), s.clone());
        s
    })
}

/// Replaces the three Kyrgyz letters a Russian keyboard lacks by the letters people type instead
/// (ң→н, ө→о, ү→у, capitals too).
///
/// Many migrants only have a Russian layout, so «өлкө» arrives as «олко» and «укуктарыңыз» as
/// «укуктарыныз». Applying this fold to both the index and the query lets either spelling find
/// the other; the few words it merges (көл/кол, үй/уй) are a price worth paying for that.
pub(crate) fn fold_keyboard(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        'ң' => 'н',
        'Ң' => 'Н',
        'ө' => 'о',
        'Ө' => 'О',
        'ү' => 'у',
        'Ү' => 'У',
        other => other,
    }
}

/// Token filter that indexes Kyrgyz words under their stem, so a query in one inflected form
/// finds pages written in another.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KyrgyzStemmer;

impl TokenFilter for KyrgyzStemmer {
    type Tokenizer<T: Tokenizer> = TextMapTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        TextMapTokenizer {
            inner: tokenizer,
            map: stem_cached,
        }
    }
}

/// Token filter that makes Kyrgyz typed on a Russian keyboard match properly spelt text; it must
/// run at index time as well as query time, because folding only the query would miss every
/// indexed ң, ө and ү.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KeyboardFold;

impl TokenFilter for KeyboardFold {
    type Tokenizer<T: Tokenizer> = TextMapTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        TextMapTokenizer {
            inner: tokenizer,
            map: fold_keyboard,
        }
    }
}

/// A filter from any pure text function, for small per-language normalisations such as
/// Russian ё → е that need no filter type of their own.
#[derive(Clone, Copy)]
pub(crate) struct TextMapFilter(pub(crate) fn(&str) -> String);

impl TokenFilter for TextMapFilter {
    type Tokenizer<T: Tokenizer> = TextMapTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        TextMapTokenizer {
            inner: tokenizer,
            map: self.0,
        }
    }
}

/// The tokenizer both filters produce. Both only rewrite each token's text with a pure function,
/// so they share one implementation instead of two copies of tantivy's filter plumbing.
#[derive(Clone)]
pub(crate) struct TextMapTokenizer<T> {
    inner: T,
    map: fn(&str) -> String,
}

impl<T: Tokenizer> Tokenizer for TextMapTokenizer<T> {
    type TokenStream<'a> = TextMapTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TextMapTokenStream {
            tail: self.inner.token_stream(text),
            map: self.map,
        }
    }
}

/// Token stream of [`TextMapTokenizer`]; positions and offsets stay those of the inner stream so
/// phrase queries and highlighting keep working on the original text.
pub(crate) struct TextMapTokenStream<T> {
    tail: T,
    map: fn(&str) -> String,
}

impl<T: TokenStream> TokenStream for TextMapTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = (self.map)(&token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

// ---------------------------------------------------------------------------------------------
// Suffix tables
// ---------------------------------------------------------------------------------------------

/// What the sound before a suffix must be for that allomorph to be the right one. Kyrgyz picks
/// the suffix's first consonant from the stem's last sound (мигрант+тар, адам+дар, шаар+лар), so
/// checking it rejects most accidental matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Needs {
    /// After a vowel (н-genitive and accusative, с-possessive, б-/ң- possessives).
    Vowel,
    /// After a vowel, р or й (л-plural: шаарлар, үйлөр, өлкөлөр).
    VowelOrRy,
    /// After a voiced consonant other than р, й (д-plural: адамдар, көздөр).
    Voiced,
    /// After a voiced consonant, р or й (д-genitive and accusative: шаардын, үйдү).
    VoicedOrRy,
    /// After anything but a voiceless consonant (д-locative, д-ablative, г-dative: өлкөдө, шаарга).
    NotVoiceless,
    /// After a voiceless consonant (т-/к- allomorphs: мигранттар, укукка).
    Voiceless,
    /// After a consonant (vowel-initial possessives: укугу, паспортуңуз).
    Consonant,
    /// Only after the 3rd person possessive (н-allomorphs: өлкөсүнө, укугун, укугунда).
    Poss3,
}

#[derive(Clone, Copy, Debug)]
struct Suffix {
    text: &'static str,
    needs: Needs,
}

const fn sfx(text: &'static str, needs: Needs) -> Suffix {
    Suffix { text, needs }
}

use Needs::{Consonant, NotVoiceless, Poss3, Voiced, VoicedOrRy, Voiceless, Vowel, VowelOrRy};

/// Case endings, plus the locative-attributive -дагы, which takes the same slot.
const CASES: &[Suffix] = &[
    // genitive
    sfx("нын", Vowel),
    sfx("нин", Vowel),
    sfx("нун", Vowel),
    sfx("нүн", Vowel),
    sfx("дын", VoicedOrRy),
    sfx("дин", VoicedOrRy),
    sfx("дун", VoicedOrRy),
    sfx("дүн", VoicedOrRy),
    sfx("тын", Voiceless),
    sfx("тин", Voiceless),
    sfx("тун", Voiceless),
    sfx("түн", Voiceless),
    // accusative
    sfx("ны", Vowel),
    sfx("ни", Vowel),
    sfx("ну", Vowel),
    sfx("нү", Vowel),
    sfx("ды", VoicedOrRy),
    sfx("ди", VoicedOrRy),
    sfx("ду", VoicedOrRy),
    sfx("дү", VoicedOrRy),
    sfx("ты", Voiceless),
    sfx("ти", Voiceless),
    sfx("ту", Voiceless),
    sfx("тү", Voiceless),
    sfx("н", Poss3),
    // dative (-а/-е after 1sg/2sg possessives is deliberately absent: see `stem_end`)
    sfx("га", NotVoiceless),
    sfx("ге", NotVoiceless),
    sfx("го", NotVoiceless),
    sfx("гө", NotVoiceless),
    sfx("ка", Voiceless),
    sfx("ке", Voiceless),
    sfx("ко", Voiceless),
    sfx("кө", Voiceless),
    sfx("на", Poss3),
    sfx("не", Poss3),
    sfx("но", Poss3),
    sfx("нө", Poss3),
    // locative
    sfx("да", NotVoiceless),
    sfx("де", NotVoiceless),
    sfx("до", NotVoiceless),
    sfx("дө", NotVoiceless),
    sfx("та", Voiceless),
    sfx("те", Voiceless),
    sfx("то", Voiceless),
    sfx("тө", Voiceless),
    sfx("нда", Poss3),
    sfx("нде", Poss3),
    sfx("ндо", Poss3),
    sfx("ндө", Poss3),
    // ablative
    sfx("дан", NotVoiceless),
    sfx("ден", NotVoiceless),
    sfx("дон", NotVoiceless),
    sfx("дөн", NotVoiceless),
    sfx("тан", Voiceless),
    sfx("тен", Voiceless),
    sfx("тон", Voiceless),
    sfx("төн", Voiceless),
    sfx("нан", Poss3),
    sfx("нен", Poss3),
    sfx("нон", Poss3),
    sfx("нөн", Poss3),
    sfx("ндан", Poss3),
    sfx("нден", Poss3),
    sfx("ндон", Poss3),
    sfx("ндөн", Poss3),
    // locative-attributive
    sfx("дагы", NotVoiceless),
    sfx("деги", NotVoiceless),
    sfx("догу", NotVoiceless),
    sfx("дөгү", NotVoiceless),
    sfx("тагы", Voiceless),
    sfx("теги", Voiceless),
    sfx("тогу", Voiceless),
    sfx("төгү", Voiceless),
    sfx("ндагы", Poss3),
    sfx("ндеги", Poss3),
    sfx("ндогу", Poss3),
    sfx("ндөгү", Poss3),
];

/// 3rd person possessive (singular and plural owner alike): укук+у, өлкө+сү, укуктар+ы.
const POSS3: &[Suffix] = &[
    sfx("ы", Consonant),
    sfx("и", Consonant),
    sfx("у", Consonant),
    sfx("ү", Consonant),
    sfx("сы", Vowel),
    sfx("си", Vowel),
    sfx("су", Vowel),
    sfx("сү", Vowel),
];

/// 1st and 2nd person plural possessives ("our", formal "your"), which the portal's own texts
/// use when addressing readers (укуктарыңыз, өлкөбүз). The н-spellings are what a Russian
/// keyboard produces for ң.
const POSS_PLURAL_PERSONS: &[Suffix] = &[
    sfx("ыбыз", Consonant),
    sfx("ибиз", Consonant),
    sfx("убуз", Consonant),
    sfx("үбүз", Consonant),
    sfx("быз", Vowel),
    sfx("биз", Vowel),
    sfx("буз", Vowel),
    sfx("бүз", Vowel),
    sfx("ыңыз", Consonant),
    sfx("иңиз", Consonant),
    sfx("уңуз", Consonant),
    sfx("үңүз", Consonant),
    sfx("ыныз", Consonant),
    sfx("иниз", Consonant),
    sfx("унуз", Consonant),
    sfx("ңыз", Vowel),
    sfx("ңиз", Vowel),
    sfx("ңуз", Vowel),
    sfx("ңүз", Vowel),
    sfx("ныз", Vowel),
    sfx("низ", Vowel),
    sfx("нуз", Vowel),
];

const PLURAL: &[Suffix] = &[
    sfx("лар", VowelOrRy),
    sfx("лер", VowelOrRy),
    sfx("лор", VowelOrRy),
    sfx("лөр", VowelOrRy),
    sfx("дар", Voiced),
    sfx("дер", Voiced),
    sfx("дор", Voiced),
    sfx("дөр", Voiced),
    sfx("тар", Voiceless),
    sfx("тер", Voiceless),
    sfx("тор", Voiceless),
    sfx("төр", Voiceless),
];

/// Words stripping may not cut into; their inflected forms still reduce to them. Two kinds:
/// words whose ending looks like inflection but belongs to the word (without this, кийин
/// "after" would meet кий "wear", башка "other" баш "head", Нарын нар "camel"), and portal terms
/// ending in н or с, whose bare 3rd person possessive (жараны, телефону, адиси) would otherwise
/// be read as a vowel-final stem plus -ны/-сы (see `stem_end`), жараны landing on жара "wound".
/// Compared after keyboard folding, so a Russian-keyboard spelling is protected too.
const PROTECTED: &[&str] = &[
    // function words and adverbs
    "үчүн",
    "бери",
    "эми",
    "ары",
    "кийин",
    "мурун",
    "жакын",
    "бүгүн",
    "сайын",
    "чейин",
    "бирге",
    "башка",
    "кыска",
    "тегин",
    "жөнүндө",
    // lexical words ending in a suffix look-alike
    "кары",
    "сары",
    "тери",
    "келин",
    "алтын",
    "эркин",
    "бүтүн",
    "кыйын",
    "жыйын",
    "тыйын",
    "түтүн",
    "тамга",
    "сырга",
    "майдан",
    // portal terms ending in н or с
    "жаран",
    "телефон",
    "орган",
    "район",
    "регион",
    "мекен",
    "адис",
    "облус",
    // names
    "нарын",
    "канада",
];

/// The past participle -ган without its н, in its harmony variants; the consonant is г after
/// vowels and voiced sounds, к after voiceless ones (келген, иштеген, айткан). A word such as
/// иштегени is иштеген + possessive -и far more often than a vowel-final stem иштеге + -ни.
const PARTICIPLE_VOWELS: &[char] = &['а', 'е', 'о', 'ө'];

// ---------------------------------------------------------------------------------------------
// The stripper
// ---------------------------------------------------------------------------------------------

/// Finds where the stem ends. Slots are tried outside in (case, possessive, plural), each
/// longest suffix first, and the first parse that leaves an acceptable stem wins; every slot may
/// also be empty, so a word that fits no rule comes back whole.
///
/// Not stripped on purpose:
/// - 1st/2nd person singular possessives (-ым, -ың, -м, -ң): -ым is also the ending of many
///   lexical nouns (билим, келишим, чечим, бөлүм) that would otherwise meet their verb roots.
/// - the dative -а/-е that follows those possessives: -ма/-ме ends deverbal nouns (тизме,
///   көрсөтмө, буйрутма).
fn stem_end(w: &[char], floor: usize) -> usize {
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
fn protected_floor(w: &[char]) -> usize {
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
fn irregular(w: &[char]) -> Option<String> {
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
fn devoice_final(stem: &mut [char]) {
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

fn is_lowercase_cyrillic(word: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    /// Families of real forms that must meet at one stem. The first form of each is the base.
    const FAMILIES: &[&[&str]] = &[
        &[
            "мигрант",
            "мигранттар",
            "мигранттардын",
            "мигранттарга",
            "мигрантка",
            "мигранттын",
            "мигранттан",
            "мигрантты",
            "мигранты",
            "мигрантта",
            "мигранттарды",
            "мигранттарына",
            "мигранттарыбыз",
            "мигранттардан",
        ],
        &[
            "укук",
            "укуктар",
            "укуктары",
            "укуктарын",
            "укукка",
            "укуктун",
            "укугу",
            "укугун",
            "укугуна",
            "укуктарыңыз",
            "укуктарыбыз",
            "укуктарынын",
            "укуктарында",
            "укукту",
            "укукта",
            "укуктан",
        ],
        &[
            "эмгек",
            "эмгеги",
            "эмгекти",
            "эмгектин",
            "эмгекке",
            "эмгекте",
            "эмгектен",
            "эмгегин",
            "эмгегине",
            "эмгектер",
        ],
        &[
            "келишим",
            "келишимдер",
            "келишимдин",
            "келишимге",
            "келишимди",
            "келишимде",
            "келишимден",
            "келишими",
            "келишимин",
            "келишиминде",
            "келишимдери",
            "келишимдерди",
        ],
        &[
            "элчилик",
            "элчиликке",
            "элчиликтин",
            "элчиликте",
            "элчиликтен",
            "элчиликтер",
            "элчилиги",
            "элчилигине",
            "элчилигинде",
            "элчиликти",
        ],
        &[
            "консулдук",
            "консулдукка",
            "консулдуктун",
            "консулдукта",
            "консулдуктан",
            "консулдуктар",
            "консулдугу",
            "консулдугуна",
            "консулдукту",
            "консулдуктарга",
        ],
        &[
            "өлкө",
            "өлкөлөр",
            "өлкөнүн",
            "өлкөгө",
            "өлкөнү",
            "өлкөдө",
            "өлкөдөн",
            "өлкөсү",
            "өлкөсүнө",
            "өлкөлөрдө",
            "өлкөбүз",
            "өлкөлөрдүн",
            "өлкөдөгү",
            "өлкөсүндө",
            "өлкөлөргө",
        ],
        &[
            "үй",
            "үйлөр",
            "үйдүн",
            "үйгө",
            "үйдү",
            "үйдө",
            "үйдөн",
            "үйү",
            "үйлөрү",
            "үйүнө",
        ],
        &[
            "иш",
            "иштер",
            "иштин",
            "ишке",
            "ишти",
            "иште",
            "иштен",
            "иши",
            "иштери",
            "ишине",
            "ишинде",
        ],
        &[
            "адам",
            "адамдар",
            "адамдын",
            "адамга",
            "адамды",
            "адамда",
            "адамдан",
            "адамдары",
            "адамдардын",
            "адамдарга",
            "адамдарды",
        ],
        &[
            "сатуу",
            "сатууга",
            "сатуунун",
            "сатууну",
            "сатууда",
            "сатуудан",
            "сатуусу",
            "сатуусун",
        ],
        &[
            "курмандык",
            "курмандыктар",
            "курмандыгы",
            "курмандыктын",
            "курмандыкка",
            "курмандыкты",
            "курмандыктарга",
            "курмандыктарды",
            "курмандыктары",
            "курмандыктарын",
            "курмандыктарынын",
            "курмандыгын",
        ],
        &[
            "жардам",
            "жардамы",
            "жардамга",
            "жардамдын",
            "жардамды",
            "жардамда",
            "жардамдан",
            "жардамын",
        ],
        &[
            "мыйзам",
            "мыйзамы",
            "мыйзамдар",
            "мыйзамдын",
            "мыйзамга",
            "мыйзамда",
            "мыйзамдарга",
            "мыйзамына",
            "мыйзамды",
            "мыйзамдарды",
        ],
        &[
            "паспорт",
            "паспорттор",
            "паспорту",
            "паспортун",
            "паспорттун",
            "паспортко",
            "паспортто",
            "паспорттон",
            "паспортуңуз",
            "паспорттору",
            "паспортту",
        ],
        &[
            "акча",
            "акчасы",
            "акчаны",
            "акчанын",
            "акчага",
            "акчада",
            "акчадан",
            "акчалар",
            "акчасын",
            "акчабыз",
        ],
        &[
            "документ",
            "документтер",
            "документтин",
            "документке",
            "документти",
            "документте",
            "документтен",
            "документи",
            "документтерди",
            "документтериңиз",
        ],
        &[
            "шаар",
            "шаарлар",
            "шаардын",
            "шаарга",
            "шаарды",
            "шаарда",
            "шаардан",
            "шаары",
            "шаардагы",
            "шаарларда",
        ],
        &[
            "көз",
            "көздөр",
            "көздүн",
            "көзгө",
            "көздү",
            "көзү",
            "көздө",
            "көздөн",
            "көзүн",
        ],
        &[
            "кызмат",
            "кызматтар",
            "кызматы",
            "кызматтын",
            "кызматка",
            "кызматты",
            "кызматта",
            "кызматтан",
            "кызматтары",
            "кызматынан",
        ],
        &[
            "билим",
            "билими",
            "билимдин",
            "билимге",
            "билимди",
            "билимде",
            "билимден",
            "билимин",
        ],
        &[
            "жол",
            "жолдор",
            "жолу",
            "жолго",
            "жолдо",
            "жолдон",
            "жолдун",
            "жолун",
            "жолдору",
        ],
        &[
            "борбор",
            "борбору",
            "борборго",
            "борбордо",
            "борборлор",
            "борбордун",
            "борборуна",
            "борбордон",
        ],
        &[
            "уюм",
            "уюмдар",
            "уюмга",
            "уюму",
            "уюмдун",
            "уюмдардын",
            "уюмдарга",
            "уюмда",
        ],
        &[
            "маалымат",
            "маалыматтар",
            "маалыматы",
            "маалыматты",
            "маалыматка",
            "маалыматтын",
            "маалыматтарды",
            "маалыматтан",
        ],
        &[
            "жаран",
            "жарандар",
            "жарандын",
            "жаранга",
            "жарандардын",
            "жарандарга",
            "жарандары",
            "жарандарды",
            "жараны",
        ],
        &[
            "мамлекет",
            "мамлекеттер",
            "мамлекеттин",
            "мамлекетке",
            "мамлекетте",
            "мамлекеттен",
            "мамлекети",
            "мамлекеттердин",
        ],
        &[
            "суроо",
            "суроолор",
            "суроого",
            "суроонун",
            "суроосу",
            "суроолорго",
            "суроону",
            "суроолоруңуз",
        ],
        &[
            "жумуш",
            "жумуштар",
            "жумушка",
            "жумушу",
            "жумуштун",
            "жумушта",
            "жумуштан",
            "жумушту",
        ],
        &[
            "виза",
            "визасы",
            "визага",
            "визанын",
            "визалар",
            "визаны",
            "визада",
        ],
        &[
            "республика",
            "республикасы",
            "республикасынын",
            "республикасында",
            "республикада",
            "республикага",
        ],
        &["эл", "элдер", "элдин", "элге", "элди", "эли", "элде"],
        &[
            "кыргызстан",
            "кыргызстандын",
            "кыргызстанга",
            "кыргызстанда",
            "кыргызстандан",
            "кыргызстандагы",
        ],
        &[
            "россия",
            "россиянын",
            "россияга",
            "россияда",
            "россиядан",
            "россиядагы",
        ],
        &[
            "бала",
            "балдар",
            "балдары",
            "балдардын",
            "балага",
            "баланын",
            "баласы",
            "балдарга",
        ],
        &[
            "талап",
            "талаптар",
            "талабы",
            "талапка",
            "талаптары",
            "талабын",
        ],
        &[
            "мөөнөт",
            "мөөнөтү",
            "мөөнөттө",
            "мөөнөттүн",
            "мөөнөттөр",
            "мөөнөткө",
        ],
        &[
            "каттоо",
            "каттоодон",
            "каттоого",
            "каттоосу",
            "каттоонун",
            "каттоодо",
        ],
        &[
            "тил",
            "тилдер",
            "тили",
            "тилде",
            "тилин",
            "тилинде",
            "тилге",
        ],
        &["механизм", "механизми", "механизмин", "механизминин"],
        &["натыйжа", "натыйжалары", "натыйжаларына", "натыйжасы"],
        &["тарап", "тарабынан", "тараптар", "тараптардын"],
        &["киши", "кишилер", "кишинин", "кишиге", "кишини"],
        &[
            "телефон",
            "телефону",
            "телефонун",
            "телефонго",
            "телефондун",
            "телефондор",
            "телефонуна",
        ],
        &["адис", "адиси", "адистер", "адиске", "адистин", "адистери"],
        &[
            "облус",
            "облусу",
            "облуста",
            "облустун",
            "облустарда",
            "облусунда",
        ],
        &["тууган", "тууганы", "туугандар", "тууганына", "туугандарга"],
        &[
            "аял",
            "аялдар",
            "аялга",
            "аялдын",
            "аялы",
            "аялдарга",
            "аялдарды",
        ],
    ];

    /// Pairs a naive suffix stripper would conflate; each must keep two different stems.
    const KEEP_APART: &[(&str, &str)] = &[
        ("ал", "ала"),
        ("алар", "ала"),
        ("кол", "колдоо"),
        ("бала", "бал"),
        ("балдар", "бал"),
        ("ата", "ат"),
        ("башка", "баш"),
        ("башкы", "баш"),
        ("бирге", "бир"),
        ("жакын", "жак"),
        ("жакындары", "жактары"),
        ("келин", "кел"),
        ("кийин", "кий"),
        ("үчүн", "үч"),
        ("бери", "бер"),
        ("эми", "эм"),
        ("мыйзам", "мыйзамсыз"),
        ("мыйзам", "мыйзамдуу"),
        ("эмгек", "эмгекчи"),
        ("эмгекчилер", "эмгектер"),
        ("эл", "элчи"),
        ("элчи", "элчилик"),
        ("эл", "элчилик"),
        ("иш", "ишкана"),
        ("укук", "укуктук"),
        ("мамлекет", "мамлекеттик"),
        ("кызмат", "кызматкер"),
        ("жардам", "жардамчы"),
        ("билим", "бил"),
        ("келишим", "келиш"),
        ("чечим", "чеч"),
        ("бөлүм", "бөл"),
        ("акын", "ак"),
        ("тегин", "тек"),
        ("алтын", "алты"),
        ("кары", "кар"),
        ("тери", "тер"),
        ("жана", "жан"),
        ("эле", "эл"),
        ("азыркы", "азыр"),
        ("жылы", "жылуу"),
        ("тамга", "там"),
        ("кыска", "кыс"),
        ("кыргызстан", "кыргыз"),
        ("нарын", "нар"),
        ("орун", "ор"),
        ("жыйын", "жый"),
        ("тыйын", "тый"),
        ("тизме", "тиз"),
        ("көрсөтмө", "көрсөт"),
        ("сатуу", "сатты"),
        ("башканы", "башкан"),
        ("жараны", "жара"),
    ];

    #[test]
    fn table_is_big_enough() {
        let forms: usize = FAMILIES.iter().map(|f| f.len()).sum();
        assert!(FAMILIES.len() >= 25, "{} families", FAMILIES.len());
        assert!(forms >= 200, "{forms} forms");
    }

    #[test]
    fn every_family_meets_at_one_stem() {
        let mut failures = Vec::new();
        for family in FAMILIES {
            let base = family[0];
            let expected = stem(base);
            for form in family.iter() {
                let got = stem(form);
                if got != expected {
                    failures.push(format!("{form} → {got}, but {base} → {expected}"));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "mismatched forms:\n{}",
            failures.join("\n")
        );
    }

    #[test]
    fn families_stay_apart() {
        let mut seen: Vec<(String, &str)> = Vec::new();
        for family in FAMILIES {
            let s = stem(family[0]);
            if let Some((_, other)) = seen.iter().find(|(t, _)| *t == s) {
                panic!("{} and {other} share the stem {s}", family[0]);
            }
            seen.push((s, family[0]));
        }
    }

    #[test]
    fn conflatable_pairs_stay_apart() {
        let merged: Vec<String> = KEEP_APART
            .iter()
            .filter(|(a, b)| stem(a) == stem(b))
            .map(|(a, b)| format!("{a} and {b} both → {}", stem(a)))
            .collect();
        assert!(merged.is_empty(), "merged:\n{}", merged.join("\n"));
    }

    #[test]
    fn stems_of_the_brief_examples() {
        assert_eq!(stem("мигранттардын"), "мигрант");
        assert_eq!(stem("укуктарын"), "укук");
        assert_eq!(stem("сатуунун"), "сатуу");
        assert_eq!(stem("курмандыгы"), "курмандык");
        assert_eq!(stem("өлкөсүнө"), "өлкө");
    }

    #[test]
    fn derivational_suffixes_are_kept() {
        for word in [
            "эмгекчи",
            "элчи",
            "мыйзамсыз",
            "мыйзамдуу",
            "укуктук",
            "азыркы",
        ] {
            assert_eq!(stem(word), word);
        }
        assert_eq!(stem("эмгекчилер"), "эмгекчи");
        assert_eq!(stem("элчиликтин"), "элчилик");
    }

    #[test]
    fn harmony_rejects_russian_look_alikes() {
        // Russian plurals and loans whose endings resemble Kyrgyz suffixes but break harmony or
        // consonant assimilation.
        for word in [
            "документы",
            "услуги",
            "ресурсы",
            "сектор",
            "директор",
            "автор",
            "компьютер",
            "мастер",
            "доллар",
            "система",
            "программа",
            "справка",
            "чемодан",
            "узбекистан",
            "карта",
        ] {
            assert_eq!(stem(word), word, "{word} should pass through");
        }
    }

    #[test]
    fn non_cyrillic_and_odd_input_pass_through() {
        for word in [
            "",
            "migrant",
            "1899",
            "migrant.kg",
            "МИГРАНТТАР",
            "мигрант\u{301}тар",
            "е\u{301}",
            "\u{306}",
            "covid19",
            "мигрантlar",
        ] {
            assert_eq!(stem(word), word);
        }
    }

    #[test]
    fn never_empties_or_panics() {
        let alphabet: Vec<char> = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя".chars().collect();
        let mut words: Vec<String> = Vec::new();
        for &a in &alphabet {
            words.push(a.to_string());
            for &b in &alphabet {
                words.push([a, b].iter().collect());
            }
        }
        for suffixes in [CASES, POSS3, POSS_PLURAL_PERSONS, PLURAL] {
            for s in suffixes {
                words.push(s.text.to_owned());
                words.push(format!("а{}", s.text));
                words.push(format!("ы{}{}", s.text, s.text));
            }
        }
        words.push("ы".repeat(500));
        words.push("лар".repeat(200));
        for word in &words {
            let s = stem(word);
            assert!(!s.is_empty(), "{word} stemmed to nothing");
            assert!(
                s.chars().count() <= word.chars().count(),
                "{word} grew to {s}"
            );
        }
    }

    #[test]
    fn stems_agree_with_keyboard_folded_input() {
        for family in FAMILIES {
            for form in family.iter() {
                let direct = fold_keyboard(&stem(form));
                let typed = fold_keyboard(&stem(&fold_keyboard(form)));
                assert_eq!(direct, typed, "{form} typed as {}", fold_keyboard(form));
            }
        }
    }

    #[test]
    fn fold_keyboard_maps_the_three_letters() {
        assert_eq!(fold_keyboard("өлкө"), "олко");
        assert_eq!(fold_keyboard("Үй Өлкө Ң ң ү"), "Уй Олко Н н у");
        assert_eq!(fold_keyboard("укуктарыңыз"), "укуктарыныз");
        assert_eq!(fold_keyboard("эмгек укуктары"), "эмгек укуктары");
        assert_eq!(fold_keyboard("migrant 1899"), "migrant 1899");
        assert_eq!(fold_keyboard(""), "");
    }

    fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stemmer_works_inside_a_text_analyzer() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(KyrgyzStemmer)
            .build();
        assert_eq!(
            analyze(
                &mut analyzer,
                "Эмгек мигранттарынын укуктары, Кыргызстандагы элчиликке 1899 migrant.kg"
            ),
            [
                "эмгек",
                "мигрант",
                "укук",
                "кыргызстан",
                "элчилик",
                "1899",
                "migrant",
                "kg"
            ]
        );
    }

    #[test]
    fn russian_keyboard_query_meets_indexed_text() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(KyrgyzStemmer)
            .filter(KeyboardFold)
            .build();
        let indexed = analyze(&mut analyzer, "Өлкөлөрдө үйлөрү укуктарыңыз өлкөгө");
        let typed = analyze(&mut analyzer, "олколордо уйлору укуктарыныз олкого");
        assert_eq!(indexed, typed);
        assert_eq!(indexed, ["олко", "уй", "укук", "олко"]);
    }
}
