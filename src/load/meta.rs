//! Validates one page's parsed front matter into [`Meta`]: dates, addresses, languages, quiz
//! answers and the kiosk slide keys, each error with the line of its key.
//!
//! Every key is checked and every mistake reported, in the order of the checks, so that an
//! editor fixing a page sees all its mistakes at once and the same ones on every build.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::frontmatter::{self, FrontMatter, FrontMatterError, QuizItem, RawSchedule, Split};
use crate::model::config::{Config, SectionKind, valid_segment};
use crate::model::schedule::{Schedule, TimeWindow, parse_weekday};
use crate::model::site::{Meta, Quiz, Ref, SourceRef};

/// Checks parsed front matter the way [`crate::load::load`] does for one page of a section of
/// `kind`.
///
/// Public (but not part of the stable surface) so that the fuzz targets in `fuzz/` and their
/// replay test can check front matter exactly as a build does without a site on disk.
#[doc(hidden)]
pub(crate) fn validate(
    config: &Config,
    kind: SectionKind,
    split: &Split<'_>,
    fm: FrontMatter,
) -> Result<Meta, Vec<FrontMatterError>> {
    let at = |span: Range<usize>| frontmatter::span_line(split, span);
    let mut errors = Vec::new();
    keep(&mut errors, check_title(split, &fm.title));
    let date = keep(&mut errors, optional_date(split, "date", fm.date.as_ref())).flatten();
    let updated = keep(
        &mut errors,
        optional_date(split, "updated", fm.updated.as_ref()),
    )
    .flatten();
    keep(&mut errors, check_slug(split, fm.slug.as_ref()));
    let original = keep(
        &mut errors,
        checked_original(config, split, fm.original.as_ref()),
    )
    .flatten();
    let translated_from = keep(
        &mut errors,
        super::freshness::checked_translated_from(split, fm.translated_from.as_ref()),
    )
    .flatten();
    let country = keep(&mut errors, checked_country(split, fm.country.as_ref())).flatten();
    let quiz = keep(&mut errors, checked_quiz(split, &fm.quiz)).unwrap_or_default();
    let kiosk = keep(&mut errors, KioskKeys::check(config, kind, split, &fm));
    let Some(kiosk) = kiosk.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let refs = |v: Vec<Spanned<String>>| -> Vec<Ref> {
        v.into_iter()
            .map(|s| Ref {
                line: at(s.span()),
                value: s.into_inner(),
            })
            .collect()
    };
    Ok(Meta {
        title: fm.title,
        description: fm.description,
        date,
        updated,
        weight: fm.weight.unwrap_or(0),
        slug: fm.slug.map(|s| Ref {
            line: at(s.span()),
            value: s.into_inner(),
        }),
        aliases: refs(fm.aliases),
        sources: fm
            .sources
            .iter()
            .map(|s| source_ref(s.get_ref(), at(s.span())))
            .collect(),
        contacts: refs(fm.contacts),
        original,
        original_line: fm.original.as_ref().map(|o| at(o.span())),
        translated_from,
        reviewed: fm.reviewed,
        country_line: fm.country.as_ref().map(|c| at(c.span())),
        country,
        quick_facts: fm.quick_facts,
        // One front matter key, two meanings by section: kept apart from here on.
        minutes: fm
            .duration
            .as_ref()
            .filter(|_| kind != SectionKind::Kiosk)
            .map(|d| *d.get_ref()),
        slide_seconds: fm
            .duration
            .as_ref()
            .filter(|_| kind == SectionKind::Kiosk)
            .map(|d| *d.get_ref()),
        goals: fm.goals,
        checklist: fm.checklist,
        quiz,
        kiosks: refs(fm.kiosks),
        alert: kiosk.alert,
        link: fm.link.map(|l| Ref {
            line: at(l.span()),
            value: link_bundle(l.get_ref()),
        }),
        schedule: kiosk.schedule,
        kiosk_lines: kiosk.lines,
    })
}

/// A page needs a title: it is the heading, the tab's name and the search result.
fn check_title(split: &Split<'_>, title: &str) -> Result<(), FrontMatterError> {
    if title.trim().is_empty() {
        return Err(FrontMatterError {
            line: split.front_line,
            message: "the title is empty".into(),
            hint: Some("write the page's title between the quotes: `title = \"…\"`".into()),
            needle: Some("title".into()),
            ..Default::default()
        });
    }
    Ok(())
}

/// A date key that may be left out.
fn optional_date(
    split: &Split<'_>,
    key: &str,
    value: Option<&Spanned<crate::model::date::DateValue>>,
) -> Result<Option<crate::model::date::Date>, FrontMatterError> {
    value
        .map(|d| frontmatter::checked_date(split, key, d))
        .transpose()
}

/// The value of a check that passed; a failed one's error is added to `errors`.
fn keep<T>(errors: &mut Vec<FrontMatterError>, r: Result<T, FrontMatterError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// `"id:lines"` split at its first `:`; an empty `lines` is the same as none.
fn source_ref(value: &str, line: usize) -> SourceRef {
    let (id, lines) = value.split_once(':').unwrap_or((value, ""));
    SourceRef {
        id: id.to_string(),
        lines: (!lines.is_empty()).then(|| lines.to_string()),
        line,
    }
}

/// An error at the line of `span` in the page file.
fn error_at(split: &Split<'_>, span: Range<usize>, message: String) -> FrontMatterError {
    FrontMatterError {
        line: frontmatter::span_line(split, span),
        message,
        ..Default::default()
    }
}

/// A slug replaces the last part of the page's address, so it must be one URL segment.
fn check_slug(split: &Split<'_>, slug: Option<&Spanned<String>>) -> Result<(), FrontMatterError> {
    match slug {
        Some(slug) if !valid_segment(slug.get_ref()) => Err(error_at(
            split,
            slug.span(),
            format!(
                "key `slug`: `{}` cannot be part of a web address",
                slug.get_ref()
            ),
        )),
        _ => Ok(()),
    }
}

/// `original`: the language a translation was made from, one of the site's.
fn checked_original(
    config: &Config,
    split: &Split<'_>,
    original: Option<&Spanned<String>>,
) -> Result<Option<String>, FrontMatterError> {
    match original {
        Some(o) if !config.has_language(o.get_ref()) => Err(error_at(
            split,
            o.span(),
            format!(
                "key `original`: `{}` is not one of the site's languages",
                o.get_ref()
            ),
        )),
        Some(o) => Ok(Some(o.get_ref().clone())),
        None => Ok(None),
    }
}

/// `country` of a guide: a two-letter ISO code, which picks the contacts shown on it.
fn checked_country(
    split: &Split<'_>,
    country: Option<&Spanned<String>>,
) -> Result<Option<String>, FrontMatterError> {
    match country {
        Some(c)
            if !(c.get_ref().len() == 2 && c.get_ref().bytes().all(|b| b.is_ascii_uppercase())) =>
        {
            Err(FrontMatterError {
                hint: Some(crate::load::data::country_hint(c.get_ref())),
                needle: Some(format!("\"{}\"", c.get_ref())),
                ..error_at(
                    split,
                    c.span(),
                    format!("`{}` is not a country code", c.get_ref()),
                )
            })
        }
        Some(c) => Ok(Some(c.get_ref().clone())),
        None => Ok(None),
    }
}

/// A module's quiz: every question has options to choose from and an answer among them.
fn checked_quiz(
    split: &Split<'_>,
    items: &[Spanned<QuizItem>],
) -> Result<Vec<Quiz>, FrontMatterError> {
    let mut quiz = Vec::new();
    for q in items {
        let span = q.span();
        let q = q.get_ref();
        if q.options.len() < 2 {
            return Err(error_at(
                split,
                span,
                "key `quiz`: a question needs at least two options".into(),
            ));
        }
        if q.answer == 0 || q.answer > q.options.len() {
            return Err(error_at(
                split,
                span,
                format!(
                    "key `answer`: {} is not an option number (1 to {})",
                    q.answer,
                    q.options.len()
                ),
            ));
        }
        quiz.push(Quiz {
            question: q.question.clone(),
            options: q.options.clone(),
            answer: q.answer,
            explain: q.explain.clone(),
        });
    }
    Ok(quiz)
}

/// What the kiosk slide keys of one page come to, checked.
struct KioskKeys {
    lines: BTreeMap<&'static str, usize>,
    alert: bool,
    schedule: Option<(Schedule, usize)>,
}

impl KioskKeys {
    fn check(
        config: &Config,
        kind: SectionKind,
        split: &Split<'_>,
        fm: &FrontMatter,
    ) -> Result<KioskKeys, FrontMatterError> {
        let lines = kiosk_lines(kind, split, fm)?;
        check_kiosk_ids(config, split, &fm.kiosks)?;
        if let Some(l) = &fm.link {
            check_link(split, l)?;
        }
        let schedule = match &fm.schedule {
            Some(s) => Some((
                check_schedule(split, s.get_ref())?,
                frontmatter::span_line(split, s.span()),
            )),
            None => None,
        };
        let alert = fm.alert.as_ref().is_some_and(|a| *a.get_ref());
        if alert && schedule.as_ref().is_none_or(|(s, _)| s.until.is_none()) {
            return Err(FrontMatterError {
                line: fm
                    .alert
                    .as_ref()
                    .map_or(split.front_line, |a| frontmatter::span_line(split, a.span())),
                message: "an alert has no end date: it would take over every kiosk screen until someone removes it".into(),
                hint: Some("add the last day it is shown as `until = 2025-05-28` under `[schedule]` (a line `[schedule]` after the other keys, then `until` below it)".into()),
                needle: Some("alert".into()), ..Default::default() });
        }
        Ok(KioskKeys {
            lines,
            alert,
            schedule,
        })
    }
}

/// The lines of the kiosk keys that are set; outside content/kiosk/ they are errors, and a
/// slide's `duration` (seconds, unlike a module's minutes) must be in range.
fn kiosk_lines(
    kind: SectionKind,
    split: &Split<'_>,
    fm: &FrontMatter,
) -> Result<BTreeMap<&'static str, usize>, FrontMatterError> {
    let mut lines = BTreeMap::new();
    let kiosk_keys = [
        ("kiosks", fm.kiosks.first().map(|k| k.span())),
        ("alert", fm.alert.as_ref().map(|a| a.span())),
        ("link", fm.link.as_ref().map(|l| l.span())),
        ("schedule", fm.schedule.as_ref().map(|s| s.span())),
    ];
    for (key, span) in kiosk_keys {
        if let Some(span) = span {
            if kind != SectionKind::Kiosk {
                return Err(error_at(
                    split,
                    span,
                    format!("key `{key}`: only kiosk slides (content/kiosk/) have `{key}`"),
                ));
            }
            lines.insert(key, frontmatter::span_line(split, span));
        }
    }
    if kind == SectionKind::Kiosk
        && let Some(d) = &fm.duration
    {
        lines.insert("duration", frontmatter::span_line(split, d.span()));
        if !(3..=300).contains(d.get_ref()) {
            return Err(error_at(
                split,
                d.span(),
                format!(
                    "key `duration`: {} seconds; a slide shows each language for 3 to 300 seconds",
                    d.get_ref()
                ),
            ));
        }
    }
    Ok(lines)
}

/// `kiosks`: every id names a kiosk of site.toml.
fn check_kiosk_ids(
    config: &Config,
    split: &Split<'_>,
    kiosks: &[Spanned<String>],
) -> Result<(), FrontMatterError> {
    for k in kiosks {
        if !config.kiosks.iter().any(|c| c.id == *k.get_ref()) {
            let ids: Vec<&str> = config.kiosks.iter().map(|c| c.id.as_str()).collect();
            return Err(FrontMatterError {
                hint: Some(crate::util::suggest::did_you_mean(k.get_ref(), &ids)),
                needle: Some(format!("\"{}\"", k.get_ref())),
                ..error_at(
                    split,
                    k.span(),
                    format!("`{}` is not the id of a kiosk in site.toml", k.get_ref()),
                )
            });
        }
    }
    Ok(())
}

/// `link`: a bundle path the slide's QR code opens.
fn check_link(split: &Split<'_>, l: &Spanned<String>) -> Result<(), FrontMatterError> {
    // `@/modules` as in Markdown links, or `modules`; "/" is the home page.
    let v = link_bundle(l.get_ref());
    if (v.is_empty() && l.get_ref().trim().is_empty())
        || (!v.is_empty() && v.split('/').any(|s| !valid_segment(s)))
    {
        return Err(error_at(
            split,
            l.span(),
            format!(
                "key `link`: `{}` is not a bundle path like \"hotline\" or \"modules/trafficking\"",
                l.get_ref()
            ),
        ));
    }
    Ok(())
}

/// The bundle path a kiosk `link` names.
fn link_bundle(s: &str) -> String {
    let t = s.trim();
    t.strip_prefix('@')
        .unwrap_or(t)
        .trim_matches('/')
        .to_string()
}

/// Checks a slide's `[schedule]`: real dates in order, known weekdays, valid time windows.
fn check_schedule(split: &Split<'_>, raw: &RawSchedule) -> Result<Schedule, FrontMatterError> {
    let at = |span: Range<usize>| frontmatter::span_line(split, span);
    let from = raw
        .from
        .as_ref()
        .map(|d| frontmatter::checked_date(split, "schedule.from", d))
        .transpose()?;
    let until = raw
        .until
        .as_ref()
        .map(|d| frontmatter::checked_date(split, "schedule.until", d))
        .transpose()?;
    if let (Some(f), Some(u), Some(span)) = (from, until, raw.until.as_ref().map(|u| u.span()))
        && u < f
    {
        return Err(FrontMatterError {
            line: at(span),
            message: format!("key `schedule.until`: {u} is before `from` {f}"),
            ..Default::default()
        });
    }
    let mut weekdays = Vec::new();
    for w in &raw.weekdays {
        match parse_weekday(w.get_ref()) {
            Some(d) if !weekdays.contains(&d) => weekdays.push(d),
            Some(_) => {}
            None => {
                return Err(FrontMatterError {
                    line: at(w.span()),
                    message: format!(
                        "key `schedule.weekdays`: `{}` is not a day like \"mon\" … \"sun\"",
                        w.get_ref()
                    ),
                    ..Default::default()
                });
            }
        }
    }
    weekdays.sort_unstable();
    let mut times = Vec::new();
    for t in &raw.times {
        times.push(
            TimeWindow::parse(t.get_ref()).map_err(|m| FrontMatterError {
                line: at(t.span()),
                message: format!("key `schedule.times`: {m}"),
                ..Default::default()
            })?,
        );
    }
    Ok(Schedule {
        from,
        until,
        weekdays,
        times,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_refs_split_at_the_first_colon() {
        let r = source_ref("mgi-2022:1095-1099", 7);
        assert_eq!(
            r,
            SourceRef {
                id: "mgi-2022".into(),
                lines: Some("1095-1099".into()),
                line: 7
            }
        );
        assert_eq!(source_ref("mgi-2022", 1).lines, None);
        assert_eq!(source_ref("mgi-2022:", 1).lines, None);
        let r = source_ref("a:b:c", 1);
        assert_eq!((r.id.as_str(), r.lines.as_deref()), ("a", Some("b:c")));
    }
}
