//! Synonyms as index terms: each group of data/synonyms.toml analysed with its language's
//! analyzer, written beside the index (`synonyms.json`) and read back by the searcher.
//!
//! Analysed at build time with the same analyzer as the pages, so that a query is matched term
//! for term: «айлыгым» and «айлык» give the same stem, and a searcher that keeps serving the
//! last good build uses the synonyms of that build, not of a data file edited since. The file is
//! plain data, so the static search bundle can ship the same groups.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::index::analysis::{self, Analysis};
use crate::index::kyrgyz::fold_keyboard;
use crate::model::synonyms::SynonymGroup;

/// Name of the file in the index folder.
pub(crate) const FILE: &str = "synonyms.json";

/// How much a synonym's match counts against the same match of a word the reader typed.
pub(crate) const WEIGHT: f32 = 0.6;

/// One word or phrase as index terms: per word position, the terms the analyzer gives it (a
/// Kyrgyz word may give two stems at one position; a stop word gives none and is left out).
pub type Analysed = Vec<Vec<String>>;

/// The groups of every language, analysed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Synonyms {
    /// How much a synonym's match counts against a typed word's ([`WEIGHT`]).
    pub weight: f32,
    /// Language → its groups → each member of a group, analysed.
    pub languages: BTreeMap<String, Vec<Vec<Analysed>>>,
}

impl Synonyms {
    /// Analyses every group with its language's analyzer. Members that analyse to nothing
    /// (only stop words) are dropped, and so is a group left with fewer than two.
    pub(crate) fn analyse(groups: &[SynonymGroup]) -> Synonyms {
        let mut languages: BTreeMap<String, Vec<Vec<Analysed>>> = BTreeMap::new();
        let mut analyzers = BTreeMap::new();
        for g in groups {
            let a = analyzers
                .entry(g.lang.clone())
                .or_insert_with(|| analysis::analyzer(Analysis::for_language(&g.lang), false));
            let mut members: Vec<Analysed> = Vec::new();
            for w in &g.words {
                let m = by_position(&analysis::terms(a, w));
                if !m.is_empty() && !members.contains(&m) {
                    members.push(m);
                }
            }
            if members.len() >= 2 {
                languages.entry(g.lang.clone()).or_default().push(members);
            }
        }
        Synonyms {
            weight: WEIGHT,
            languages,
        }
    }

    /// Every member of `lang`'s groups with the other members of its group: a query that
    /// contains the member (its terms at consecutive positions, each position sharing a term)
    /// also looks for each alternative, weighted by [`Synonyms::weight`].
    pub fn expansions(&self, lang: &str) -> Vec<(Analysed, Vec<Analysed>)> {
        let Some(groups) = self.languages.get(lang) else {
            return Vec::new();
        };
        groups
            .iter()
            .flat_map(|g| {
                g.iter().enumerate().map(move |(i, m)| {
                    let others = g
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, o)| o.clone())
                        .collect();
                    (m.clone(), others)
                })
            })
            .collect()
    }

    /// The alternatives a query's terms call for: for each member found in the query, the
    /// other members of its group, each once, the query's own words excepted.
    pub(crate) fn alternatives(&self, lang: &str, query: &[(usize, String)]) -> Vec<Analysed> {
        let positions = by_position(query);
        let mut out: Vec<Analysed> = Vec::new();
        for (member, others) in self.expansions(lang) {
            if !occurs_in(&member, &positions) {
                continue;
            }
            for o in others {
                if !out.contains(&o) && !occurs_in(&o, &positions) {
                    out.push(o);
                }
            }
        }
        out
    }
}

/// A multi-word member as a phrase query takes it: per word, the last of its terms (a Kyrgyz
/// word's other readings are the ones it shares with other forms, see
/// `search::one_term_per_position`). The server's phrase queries and the static bundle's phrase
/// postings both take a member's phrase from here, so that they look for the same words.
pub(crate) fn phrase_terms(member: &Analysed) -> Vec<String> {
    member
        .iter()
        .filter_map(|terms| terms.last().cloned())
        .collect()
}

/// Terms with their positions, grouped by position in order; the gaps stop words leave are
/// closed, as an editor's phrase «оплата труда» should match the reader's «оплата за труд».
fn by_position(terms: &[(usize, String)]) -> Analysed {
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (p, t) in terms {
        match out.last_mut() {
            Some((last, ts)) if last == p => {
                if !ts.contains(t) {
                    ts.push(t.clone());
                }
            }
            _ => out.push((*p, vec![t.clone()])),
        }
    }
    out.into_iter().map(|(_, ts)| ts).collect()
}

/// Whether `member` stands in `query` as consecutive positions, each sharing a term. Terms are
/// compared keyboard-folded (ң ө ү as н о у), as many readers type Kyrgyz on a Russian keyboard:
/// «иш беруучу» is «иш берүүчү». Other languages have none of these letters.
fn occurs_in(member: &Analysed, query: &Analysed) -> bool {
    !member.is_empty()
        && query.windows(member.len()).any(|w| {
            w.iter().zip(member).all(|(q, m)| {
                m.iter()
                    .any(|t| q.iter().any(|qt| fold_keyboard(qt) == fold_keyboard(t)))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(lang: &str, words: &[&str]) -> SynonymGroup {
        SynonymGroup {
            lang: lang.into(),
            words: words.iter().map(|w| w.to_string()).collect(),
            line: 1,
        }
    }

    fn terms(lang: &str, text: &str) -> Vec<(usize, String)> {
        let mut a = analysis::analyzer(Analysis::for_language(lang), false);
        analysis::terms(&mut a, text)
    }

    fn words(alts: &[Analysed]) -> Vec<Vec<String>> {
        alts.iter()
            .map(|a| a.iter().map(|p| p.join("|")).collect())
            .collect()
    }

    #[test]
    fn members_are_analysed_like_the_pages() {
        let s = Synonyms::analyse(&[
            group("ru", &["зарплата", "оплата труда"]),
            group("en", &["wages", "salary", "Salary"]),
        ]);
        assert_eq!(
            s.languages["ru"][0],
            vec![
                vec![vec!["зарплат".to_string()]],
                vec![vec!["оплат".into()], vec!["труд".into()]]
            ]
        );
        // The same word twice (in other case) is one member; one member left is no group.
        assert_eq!(s.languages["en"].len(), 1);
        assert_eq!(s.languages["en"][0].len(), 2);
        let lonely = Synonyms::analyse(&[group("en", &["Pay", "pay"])]);
        assert!(lonely.languages.is_empty());
    }

    #[test]
    fn an_inflected_query_word_calls_for_the_other_members() {
        let s = Synonyms::analyse(&[
            group("ru", &["зарплата", "оплата труда", "заработная плата"]),
            group("ky", &["айлык", "эмгек акы"]),
        ]);
        let alts = s.alternatives("ru", &terms("ru", "не платят зарплату"));
        assert_eq!(
            words(&alts),
            [vec!["оплат", "труд"], vec!["заработн", "плат"]]
        );
        let alts = s.alternatives("ky", &terms("ky", "айлыгымды төлөбөй жатат"));
        assert_eq!(words(&alts), [vec!["эмгек", "акы"]]);
        // A phrase member needs its words together and in order.
        let alts = s.alternatives("ru", &terms("ru", "оплата за труд"));
        assert_eq!(alts.len(), 2, "{:?}", words(&alts));
        assert!(
            s.alternatives("ru", &terms("ru", "труд и оплата"))
                .is_empty()
        );
        // Kyrgyz typed on a Russian keyboard (ү as у) finds its group.
        let s2 = Synonyms::analyse(&[group("ky", &["иш берүүчү", "кожоюн"])]);
        let alts = s2.alternatives("ky", &terms("ky", "иш беруучу айлык бербейт"));
        assert_eq!(words(&alts), [vec!["кожоюн"]]);
        // Other languages' groups do not apply.
        assert!(s.alternatives("en", &terms("en", "зарплата")).is_empty());
    }

    #[test]
    fn the_expansions_serialise_for_the_static_bundle() {
        let s = Synonyms::analyse(&[group("en", &["wages", "salary"])]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Synonyms>(&json).unwrap(), s);
        let e = s.expansions("en");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].0, vec![vec!["wage".to_string()]]);
        assert_eq!(e[0].1, vec![vec![vec!["salari".to_string()]]]);
    }
}
