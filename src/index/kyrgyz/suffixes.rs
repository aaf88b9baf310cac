//! The suffix tables of the Kyrgyz stemmer: which endings it may strip, and after what sound.

/// What the sound before a suffix must be for that allomorph to be the right one. Kyrgyz picks
/// the suffix's first consonant from the stem's last sound (мигрант+тар, адам+дар, шаар+лар), so
/// checking it rejects most accidental matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Needs {
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
    /// Only after a 1st or 2nd person singular possessive (the dative -а: паспортума, үйүңө).
    Poss12,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Suffix {
    pub(super) text: &'static str,
    pub(super) needs: Needs,
}

pub(super) const fn sfx(text: &'static str, needs: Needs) -> Suffix {
    Suffix { text, needs }
}

use Needs::{
    Consonant, NotVoiceless, Poss3, Poss12, Voiced, VoicedOrRy, Voiceless, Vowel, VowelOrRy,
};

/// Case endings, plus the locative-attributive -дагы, which takes the same slot.
pub(super) const CASES: &[Suffix] = &[
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
    // dative
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
    sfx("а", Poss12),
    sfx("е", Poss12),
    sfx("о", Poss12),
    sfx("ө", Poss12),
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
pub(super) const POSS3: &[Suffix] = &[
    sfx("ы", Consonant),
    sfx("и", Consonant),
    sfx("у", Consonant),
    sfx("ү", Consonant),
    sfx("сы", Vowel),
    sfx("си", Vowel),
    sfx("су", Vowel),
    sfx("сү", Vowel),
];

/// 1st and 2nd person singular possessives ("my", "your"): how people write about their own
/// passport and wages (паспортум, айлыгым, үйүңө). Weak readings unless a plural precedes them
/// (see `stripper::readings`).
pub(super) const POSS12: &[Suffix] = &[
    sfx("ым", Consonant),
    sfx("им", Consonant),
    sfx("ум", Consonant),
    sfx("үм", Consonant),
    sfx("м", Vowel),
    sfx("ың", Consonant),
    sfx("иң", Consonant),
    sfx("уң", Consonant),
    sfx("үң", Consonant),
    sfx("ң", Vowel),
];

/// 1st and 2nd person plural possessives ("our", formal "your"), which the portal's own texts
/// use when addressing readers (укуктарыңыз, өлкөбүз). The н-spellings are what a Russian
/// keyboard produces for ң.
pub(super) const POSS_PLURAL_PERSONS: &[Suffix] = &[
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
    // formal "your" of several owners or things: паспортуңуздар, укуктарыңыздарды
    sfx("ыңыздар", Consonant),
    sfx("иңиздер", Consonant),
    sfx("уңуздар", Consonant),
    sfx("үңүздөр", Consonant),
    sfx("ыныздар", Consonant),
    sfx("иниздер", Consonant),
    sfx("унуздар", Consonant),
    sfx("ңыздар", Vowel),
    sfx("ңиздер", Vowel),
    sfx("ңуздар", Vowel),
    sfx("ңүздөр", Vowel),
    sfx("ныздар", Vowel),
    sfx("низдер", Vowel),
    sfx("нуздар", Vowel),
    // informal "your" of several owners: паспортуңар, өлкөңөргө
    sfx("ыңар", Consonant),
    sfx("иңер", Consonant),
    sfx("уңар", Consonant),
    sfx("үңөр", Consonant),
    sfx("ңар", Vowel),
    sfx("ңер", Vowel),
    sfx("ңор", Vowel),
    sfx("ңөр", Vowel),
];

pub(super) const PLURAL: &[Suffix] = &[
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
pub(super) const PROTECTED: &[&str] = &[
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
    // Common words whose ending is a well-formed suffix on another word, which no rule can tell
    // apart: оору "illness" (оор "heavy"), дептер "notebook" (деп "saying"), такта "board" (так
    // "odd"), майда "small" (май "oil"), and two portal nouns that Apertium's paradigms showed
    // cut the same way: нуска "copy" (of a document; нус+ка) and убада "promise" (уба+да).
    "оору",
    "дептер",
    "такта",
    "майда",
    "нуска",
    "убада",
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
pub(super) const PARTICIPLE_VOWELS: &[char] = &['а', 'е', 'о', 'ө'];
