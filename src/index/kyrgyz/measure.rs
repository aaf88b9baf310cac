//! The stemmer measured on the reference data in `../shared/data/kyrgyz/` (its README says how):
//! pairwise conflation over the distinct noun and adjective forms (UPOS NOUN or ADJ, lowercased,
//! one pair per distinct form with its first lemma) of the KTMU treebank, and over Apertium's
//! generated paradigms of 200 portal nouns.
//!
//! A word may have several stems, all indexed (see `super::stems`), so two forms count as
//! conflated when they share one: that is when a search for one finds the other ("all stems",
//! the figure that matters). "First stem" keeps only the likeliest, as the stemmer did before,
//! so that figures stay comparable with earlier ones.
//!
//! Guards against regressions, not goals: neither precision (two unrelated words merged pollute
//! every search for either) nor F1 may fall below what was measured when the guard was set.
//! Measured here on 2026-11-29, and again on 2026-11-30 with the same figures:
//!
//! | data                      | before (one stem)     | first stem            | all stems             |
//! |---------------------------|-----------------------|-----------------------|-----------------------|
//! | treebank, 2,330 forms     | P .945 R .826 F1 .882 | P .945 R .834 F1 .886 | P .940 R .857 F1 .897 |
//! | treebank, every token     | P .961 R .841 F1 .897 | P .961 R .842 F1 .897 | P .961 R .857 F1 .906 |
//! | Apertium, 22,511 forms    | P 1.00 R .255 F1 .407 | P 1.00 R .715 F1 .834 | P 1.00 R .904 F1 .950 |
//!
//! Issue 16 asks for a treebank precision of 0.95; by distinct forms it is .940, 136 wrong pairs
//! of 2,279 (`wrong_merges` prints them by term). Only 4 of them are the stemmer's mistakes, and
//! each is the price of a reading the issue's own examples need: карама "opposite" meets кара
//! "black" (кара+м+а, as акча+м+а "to my money"), отун "firewood" meets от "fire" (от+у+н, as
//! иш+и+н), келишимге "to the contract" meets келиши "its coming" (келиш+им+ге, as
//! паспорт+ум+ду), фонду meets фон "background" (фон+ду beside фонд+у). The other 132 are the
//! treebank's inconsistent lemmas, as its README warns, where the stems are right: a plural kept
//! in the lemma of one form only (жолдорунун under жолдор against 14 forms of жол, иштеринин,
//! балдарга, мугалимдерге: 38 pairs); a lemma misspelt or cut short (мамлекеттин under
//! мамлекетт, президенти under президен, диалогу under диалок, мүлкү under мүл: 35); a
//! derivation reduced to its base for some forms and not others (кызматташтык and its forms,
//! даярдык, аралык, жылдык, каттам, төлөм: 30); an inflection left in the lemma (жылына, тилим,
//! сөзүнөн, өзүн, мезгилиндеги under мезгилин: 29). Reaching 0.95 on this measure would take 24
//! fewer wrong pairs with no right one lost, 20 more than the stemmer's own mistakes; no rule
//! removes the others without splitting what the treebank itself joins elsewhere, so the target
//! is not met by this measure. Rules tried on 2026-11-30 and dropped (all stems): stems of three
//! letters or more (6 wrong pairs fewer, 90 right ones lost: P .940, F1 .877, Apertium F1
//! .940); weak readings only on stems of three letters or more (4 and 23: P .941, F1 .893);
//! no moved consonant (`super::resegmented`; 0 and 12: P .940, F1 .894). The target is met by
//! the token reading in the table (every token a form of its own, the reading that gives the
//! README's precision of 0.961, though not its recall), which is printed and guarded too.
//!
//! ../shared's README gives 0.961 / 0.827 / 0.889 for the treebank by a method it does not spell
//! out, and 0.656 for truncation to four letters. No reading of it reproduces both with the
//! stemmer as it was (figures for the stemmer, then truncation): XPOS NN or ADJ instead of UPOS
//! .950 / .828 / .885, .658; forms with a single lemma only .957 / .830 / .889, .667; every
//! token rather than distinct forms .961 / .841 / .897, .783; with PROPN .949 / .814 / .877;
//! distinct (form, lemma) pairs .907 / .824 / .863, .648; nouns alone .947 / .829 / .884, and
//! as distinct pairs .911 / .826 / .866 with truncation at exactly .656. The measure above is
//! the README's as written; this one is kept.
//!
//! `cargo test kyrgyz::measure -- --nocapture` prints the figures. Without the data folder (a
//! checkout without ../shared) the tests say so and pass: the data is not ours to ship.

use std::collections::HashMap;

use super::{stem, stems};

/// Pairwise precision, recall and F1.
#[derive(Clone, Copy, Debug)]
struct Scores {
    p: f64,
    r: f64,
    f1: f64,
    /// Pairs of forms sharing a term, and how many of those share a lemma too.
    conflated: u64,
    right: u64,
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "precision {:.3} ({} wrong of {} pairs), recall {:.3}, F1 {:.3}",
            self.p,
            self.conflated - self.right,
            self.conflated,
            self.r,
            self.f1
        )
    }
}

/// Pairwise scores of an analysis over `(form, lemma)` pairs, one per distinct form. Two forms
/// count as conflated when they share a term, which is when a search for one finds the other.
fn conflation(pairs: &[(String, String)], analyse: fn(&str) -> Vec<String>) -> Scores {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut terms: Vec<Vec<u32>> = Vec::with_capacity(pairs.len());
    let mut by_term: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut by_lemma: HashMap<&str, u64> = HashMap::new();
    for (i, (form, lemma)) in pairs.iter().enumerate() {
        let mut mine = Vec::new();
        for t in analyse(form) {
            let next = ids.len() as u32;
            let id = *ids.entry(t).or_insert(next);
            if !mine.contains(&id) {
                mine.push(id);
                by_term.entry(id).or_default().push(i);
            }
        }
        terms.push(mine);
        *by_lemma.entry(lemma).or_default() += 1;
    }
    let (mut same_term, mut both) = (0u64, 0u64);
    for (&t, members) in &by_term {
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[k + 1..] {
                // Counted once, under the first term of `i` that `j` shares.
                if terms[i].iter().find(|x| terms[j].contains(x)) != Some(&t) {
                    continue;
                }
                same_term += 1;
                both += u64::from(pairs[i].1 == pairs[j].1);
            }
        }
    }
    let same_lemma: u64 = by_lemma.values().map(|n| n * n.saturating_sub(1) / 2).sum();
    let p = both as f64 / same_term.max(1) as f64;
    let r = both as f64 / same_lemma.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE);
    Scores {
        p,
        r,
        f1,
        conflated: same_term,
        right: both,
    }
}

/// The terms that merge forms of different lemmas, the commonest first: each with the number of
/// wrong pairs it makes and its forms with their lemmas, to be read when changing the stemmer
/// (many are the treebank's own inconsistent lemmas, see the module comment).
fn wrong_merges(
    pairs: &[(String, String)],
    analyse: fn(&str) -> Vec<String>,
    top: usize,
) -> String {
    let mut by_term: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (form, _)) in pairs.iter().enumerate() {
        let mut mine = analyse(form);
        mine.dedup();
        for t in mine {
            by_term.entry(t).or_default().push(i);
        }
    }
    let mut rows: Vec<(usize, String)> = by_term
        .into_iter()
        .filter_map(|(term, members)| {
            let mut wrong = 0;
            for (k, &i) in members.iter().enumerate() {
                wrong += members[k + 1..]
                    .iter()
                    .filter(|&&j| pairs[i].1 != pairs[j].1)
                    .count();
            }
            let forms: Vec<String> = members
                .iter()
                .map(|&i| format!("{}<{}>", pairs[i].0, pairs[i].1))
                .collect();
            (wrong > 0).then(|| (wrong, format!("{wrong:3} {term}: {}", forms.join(" "))))
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let total: usize = rows.iter().map(|r| r.0).sum();
    let mut out = format!("wrong pairs by term (a pair may count under two terms): {total}\n");
    for (_, line) in rows.into_iter().take(top) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The first stem alone, as if the index kept one term per word: the measure before words had
/// several stems, kept so that the figures stay comparable.
fn first_stem(word: &str) -> Vec<String> {
    vec![stem(word)]
}

fn data(name: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/kyrgyz")
        .join(name);
    let text = std::fs::read_to_string(&path).ok();
    if text.is_none() {
        eprintln!("{} not found: the stemmer is not measured", path.display());
    }
    text
}

/// One pair per distinct form, with the first lemma it was given.
fn distinct(rows: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    rows.filter(|(f, _)| seen.insert(f.clone())).collect()
}

#[test]
fn treebank_nouns_and_adjectives() {
    let Some(text) = data("ud-ktmu-train.conllu") else {
        return;
    };
    let rows = text.lines().filter_map(|l| {
        let c: Vec<&str> = l.split('\t').collect();
        match c.as_slice() {
            [_, form, lemma, pos, ..] if *pos == "NOUN" || *pos == "ADJ" => {
                Some((form.to_lowercase(), lemma.to_lowercase()))
            }
            _ => None,
        }
    });
    let tokens: Vec<(String, String)> = rows.collect();
    // Every token, as if each were a form of its own: the reading that reproduces the README's
    // 0.961 (see the module comment). Printed beside the measure, not instead of it.
    let by_token = conflation(&tokens, stems);
    let pairs = distinct(tokens.into_iter());
    let all = conflation(&pairs, stems);
    let first = conflation(&pairs, first_stem);
    eprintln!("treebank: {} forms, all stems: {all}", pairs.len());
    eprintln!("treebank: {} forms, first stem: {first}", pairs.len());
    eprintln!("treebank, every token: {by_token}");
    eprint!("{}", wrong_merges(&pairs, stems, 30));
    assert!(all.p >= 0.94, "{all}");
    assert!(all.f1 >= 0.896, "{all}");
    assert!(first.p >= 0.944, "{first}");
    assert!(first.f1 >= 0.886, "{first}");
    assert!(by_token.p >= 0.96, "{by_token}");
}

#[test]
fn apertium_noun_paradigms() {
    let Some(text) = data("apertium-noun-paradigms.tsv") else {
        return;
    };
    let rows = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(lemma, form)| (form.to_lowercase(), lemma.to_lowercase()));
    let pairs = distinct(rows);
    let all = conflation(&pairs, stems);
    let first = conflation(&pairs, first_stem);
    eprintln!("apertium: {} forms, all stems: {all}", pairs.len());
    eprintln!("apertium: {} forms, first stem: {first}", pairs.len());
    assert!(all.p >= 0.999, "{all}");
    assert!(all.r >= 0.903, "{all}");
    assert!(first.r >= 0.714, "{first}");
}
