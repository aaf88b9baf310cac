//! Tests of the Kyrgyz stemmer: families of real forms that must meet, pairs that must not.

use super::suffixes::*;
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
    // found by an evaluation against Apertium (issue 16)
    ("оору", "оор"),
    ("ооруга", "оорго"),
    ("дептер", "деп"),
    ("дептерлер", "деп"),
    ("такта", "так"),
    ("тактага", "так"),
    ("майда", "май"),
    ("майдалар", "майлар"),
    ("нуска", "нус"),
    ("убада", "уба"),
    ("акыбыз", "ак"),
    ("акыбызды", "акты"),
    // the stemmer's own wrong merges on the KTMU treebank (see `measure`)
    ("карама", "кара"),
    ("отун", "от"),
    ("келишимге", "келиши"),
];

/// Pairs of [`KEEP_APART`] that share a term all the same, through a weak reading that the
/// stemmer indexes beside the likeliest one (see `stems`): the price of finding паспортум under
/// паспорт is that билим is also indexed as бил "know". Their first stems stay apart.
const MEET_BY_A_WEAK_READING: &[(&str, &str)] = &[
    ("билим", "бил"),
    ("келишим", "келиш"),
    ("чечим", "чеч"),
    ("бөлүм", "бөл"),
    ("орун", "ор"),
    ("башканы", "башкан"),
    // The treebank's only wrong merges that are the stemmer's (see `measure`), each the price
    // of a reading an everyday form needs: кара+м+а as акча+м+а, от+у+н as иш+и+н,
    // келиш+им+ге as паспорт+ум+ду.
    ("карама", "кара"),
    ("отун", "от"),
    ("келишимге", "келиши"),
];

/// Whether two words share a term, which is when a search for one finds the other.
fn meet(a: &str, b: &str) -> bool {
    let theirs = stems(b);
    stems(a).iter().any(|s| theirs.contains(s))
}

/// Families of forms whose meeting the single-stem stemmer missed (issue 16): each form must
/// share a term with the first. The first and second person possessives are how people write
/// about their own passport and wages.
const MEETING: &[&[&str]] = &[
    &["модуль", "модулу", "модулга", "модулдар", "модулун"],
    &["апрель", "апрелде", "апрелинде", "апрелге"],
    &["январь", "январда", "январга", "январынан"],
    &["иш", "ишин", "ишим", "ишиңиз"],
    &["үй", "үйүн", "үйүм", "үйүмө", "үйүң", "үйүңүз"],
    &["эл", "элин", "элибиз"],
    &["ат", "атын", "атым", "атыңыз"],
    &["коркунуч", "коркунучу", "коркунучун", "коркунучтар"],
    &[
        "банк",
        "банкы",
        "банкына",
        "банкында",
        "банктар",
        "банкыңыз",
    ],
    &["план", "планы", "планын", "пландар", "планыбыз"],
    &["фонд", "фонду", "фондунун", "фондго", "фонддор"],
    &["тууган", "тууганын", "тууганы", "туугандар", "тууганыма"],
    &["облус", "облустан", "облусу", "облустун"],
    &["курс", "курстан", "курсу", "курстар"],
    &["акы", "акыбыз", "акысы", "акыбызды", "акыңыз"],
    &["оору", "оорусу", "ооруга", "оорулар"],
    &["дептер", "дептерлер", "дептерге", "дептери"],
    &["такта", "тактага", "тактабыз", "тактада"],
    &["майда", "майдалар", "майдасы"],
    &[
        "паспорт",
        "паспортум",
        "паспортумду",
        "паспортума",
        "паспортумдан",
        "паспортуң",
        "паспортуңду",
        "паспортуңуз",
        "паспортуңузду",
        "паспортуңуздар",
        "паспортубуз",
        "паспортуңар",
        "паспортторум",
        "паспорттору",
    ],
    &[
        "укук",
        "укугум",
        "укугумду",
        "укугуң",
        "укугуңуз",
        "укуктарыбыз",
        "укуктарым",
    ],
    &[
        "айлык",
        "айлыгым",
        "айлыгымды",
        "айлыгыңыз",
        "айлыгыбыз",
        "айлыктарыбыз",
    ],
    &[
        "акча",
        "акчам",
        "акчамды",
        "акчама",
        "акчаң",
        "акчаңыз",
        "акчабыз",
        "акчаңар",
    ],
    &[
        "документ",
        "документим",
        "документиңиз",
        "документтерибиз",
        "документтериңиздерди",
    ],
    &[
        "өлкө",
        "өлкөм",
        "өлкөмө",
        "өлкөңүз",
        "өлкөбүз",
        "өлкөлөрүңүз",
    ],
    &[
        "маселе",
        "маселем",
        "маселеңиз",
        "маселебиз",
        "маселелериңиз",
    ],
];

#[test]
fn forms_the_single_stem_missed_now_meet() {
    let mut failures = Vec::new();
    for family in MEETING {
        let base = family[0];
        for form in family.iter() {
            if !meet(form, base) {
                failures.push(format!(
                    "{form} {:?} ≠ {base} {:?}",
                    stems(form),
                    stems(base)
                ));
            }
            // Typed on a Russian keyboard, the form still meets the properly spelt word.
            let typed = fold_keyboard(form);
            let folded: Vec<String> = stems(&typed).iter().map(|s| fold_keyboard(s)).collect();
            let base_folded: Vec<String> = stems(base).iter().map(|s| fold_keyboard(s)).collect();
            if !form.contains('ң') && !folded.iter().any(|s| base_folded.contains(s)) {
                failures.push(format!("{typed} {folded:?} ≠ {base} {base_folded:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "apart:\n{}", failures.join("\n"));
}

#[test]
fn stems_of_the_brief_errors() {
    // The likeliest stem, where one reading is clearly right.
    for (word, expected) in [
        ("модуль", "модул"),
        ("январь", "январ"),
        ("коркунучу", "коркунуч"),
        ("банкына", "банк"),
        ("тууганын", "тууган"),
        ("акыбыз", "акы"),
        ("оору", "оору"),
        ("дептер", "дептер"),
        ("такта", "такта"),
        ("майда", "майда"),
        ("паспортторум", "паспорт"),
        ("паспортуңуздар", "паспорт"),
        ("кыргызстан", "кыргызстан"),
    ] {
        assert_eq!(stem(word), expected, "{word}");
    }
    // Both readings, where the word alone cannot tell.
    for (word, expected) in [
        ("ишин", ["ишин", "иш"]),
        ("атын", ["атын", "ат"]),
        ("планы", ["пла", "план"]),
        ("фонду", ["фон", "фонд"]),
        ("курстан", ["курстан", "курс"]),
        ("облустан", ["облустан", "облус"]),
        ("паспортум", ["паспортум", "паспорт"]),
        ("паспортумду", ["паспортум", "паспорт"]),
        ("укугум", ["укугум", "укук"]),
        ("билим", ["билим", "бил"]),
        ("банкы", ["банкы", "банк"]),
    ] {
        assert_eq!(stems(word), expected, "{word}");
    }
}

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
    for (i, family) in FAMILIES.iter().enumerate() {
        for other in &FAMILIES[i + 1..] {
            for form in other.iter() {
                assert!(
                    !meet(family[0], form),
                    "{} {:?} and {form} {:?} share a term",
                    family[0],
                    stems(family[0]),
                    stems(form)
                );
            }
        }
    }
}

#[test]
fn conflatable_pairs_stay_apart() {
    let mut merged: Vec<String> = KEEP_APART
        .iter()
        .filter(|(a, b)| stem(a) == stem(b))
        .map(|(a, b)| format!("{a} and {b} both → {}", stem(a)))
        .collect();
    merged.extend(
        KEEP_APART
            .iter()
            .filter(|pair| meet(pair.0, pair.1) && !MEET_BY_A_WEAK_READING.contains(pair))
            .map(|(a, b)| format!("{a} {:?} and {b} {:?} share a term", stems(a), stems(b))),
    );
    assert!(merged.is_empty(), "merged:\n{}", merged.join("\n"));
    for (a, b) in MEET_BY_A_WEAK_READING {
        assert!(KEEP_APART.contains(&(a, b)), "{a}, {b}");
        assert!(
            meet(a, b),
            "{a} and {b} no longer meet: remove them from the list"
        );
    }
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
    for suffixes in [CASES, POSS3, POSS_PLURAL_PERSONS, POSS12, PLURAL] {
        for s in suffixes {
            words.push(s.text.to_owned());
            words.push(format!("а{}", s.text));
            words.push(format!("ы{}{}", s.text, s.text));
        }
    }
    words.push("ы".repeat(500));
    words.push("лар".repeat(200));
    for word in &words {
        let all = stems(word);
        assert!((1..=MAX_STEMS).contains(&all.len()), "{word}: {all:?}");
        for s in &all {
            assert!(!s.is_empty(), "{word} stemmed to nothing");
            assert!(
                s.chars().count() <= word.chars().count(),
                "{word} grew to {s}"
            );
        }
        assert_eq!(stems_cached(word), all);
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

#[test]
fn every_reading_stands_at_the_words_position() {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(KyrgyzStemmer)
        .filter(KeyboardFold)
        .build();
    let mut stream = analyzer.token_stream("Паспортумду жана үйүмдү");
    let mut got = Vec::new();
    while stream.advance() {
        let t = stream.token();
        got.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
    }
    assert_eq!(
        got,
        [
            ("паспортум".to_string(), 0, 0, 22),
            ("паспорт".to_string(), 0, 0, 22),
            ("жана".to_string(), 1, 23, 31),
            ("уйум".to_string(), 2, 32, 44),
            ("уй".to_string(), 2, 32, 44),
        ]
    );
}
