//! When a kiosk slide plays: date ranges, weekdays and time windows, and what a kiosk does when
//! its clock cannot be trusted.
//!
//! The players decide this at run time in JavaScript (the kiosk has no server to ask). The same
//! rules live here in Rust so that they are unit-tested, so that the build can tell editors which
//! slides are playing, scheduled or expired, and so that the JavaScript has a reference to agree
//! with. Keep the two in step: `player.rs` holds the JavaScript.

use std::fmt;

use serde::Serialize;

use crate::model::date::Date;

/// Minutes since midnight, 0..=1440 (24:00 is allowed as the end of a window).
pub type Minute = u16;

/// A daily time window such as `08:00-20:00`. A window whose end is earlier than its start
/// crosses midnight (`22:00-06:00`): it belongs to the day it starts on, so a Friday-only
/// `22:00-02:00` window still plays at 01:00 on Saturday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    pub start: Minute,
    pub end: Minute,
}

impl TimeWindow {
    /// Parses `HH:MM-HH:MM`; the end may be `24:00`. A window that starts where it ends is
    /// refused: it is unclear whether it means always or never.
    pub fn parse(s: &str) -> Result<TimeWindow, String> {
        let bad = || format!("`{s}` is not a time window like \"08:00-20:00\" or \"23:00-06:00\"");
        let (a, b) = s.trim().split_once('-').ok_or_else(bad)?;
        let start = parse_hhmm(a.trim(), false).ok_or_else(bad)?;
        let end = parse_hhmm(b.trim(), true).ok_or_else(bad)?;
        if start == end {
            return Err(format!(
                "`{s}` starts and ends at the same time; write \"00:00-24:00\" for all day"
            ));
        }
        Ok(TimeWindow { start, end })
    }

    pub fn crosses_midnight(&self) -> bool {
        self.end < self.start
    }

    /// Whether minute `m` of a day lies in the window's part that started that same day.
    fn contains_same_day(&self, m: Minute) -> bool {
        if self.crosses_midnight() {
            m >= self.start
        } else {
            m >= self.start && m < self.end
        }
    }

    /// Whether minute `m` lies in the part of the window that started the day before.
    fn contains_from_yesterday(&self, m: Minute) -> bool {
        self.crosses_midnight() && m < self.end
    }

    /// Whether the window covers minute `m` of any day (for quiet hours, which have no dates).
    pub fn contains(&self, m: Minute) -> bool {
        self.contains_same_day(m) || self.contains_from_yesterday(m)
    }
}

impl fmt::Display for TimeWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )
    }
}

impl Serialize for TimeWindow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

fn parse_hhmm(s: &str, allow_24: bool) -> Option<Minute> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && (m != 0 || !allow_24)) {
        return None;
    }
    Some(h * 60 + m)
}

/// Days of the week, Monday first (ISO 8601).
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// 0 for Monday … 6 for Sunday.
pub fn weekday(d: Date) -> u8 {
    // 1970-01-01 was a Thursday.
    (d.days_since_epoch() + 3).rem_euclid(7) as u8
}

/// A day as `mon` or `monday`, any case. Editors may write a day in Kyrgyz or Russian
/// («дүйшөмбү»): that is refused like any unknown word, so the input is compared, never sliced
/// by bytes (slicing the first three bytes once panicked inside a Cyrillic letter).
pub fn parse_weekday(s: &str) -> Option<u8> {
    let l = s.trim().to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .position(|w| l == *w || (l.starts_with(w) && full_day(&l)))
        .map(|i| i as u8)
}

fn full_day(l: &str) -> bool {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .contains(&l)
}

/// When a slide may play. Every part is optional; an empty schedule means always.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// First day, inclusive.
    pub from: Option<Date>,
    /// Last day, inclusive.
    pub until: Option<Date>,
    /// 0 = Monday; empty means every day.
    pub weekdays: Vec<u8>,
    /// Empty means all day.
    pub times: Vec<TimeWindow>,
}

/// A local wall-clock moment at the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub date: Date,
    pub minute: Minute,
}

impl LocalTime {
    /// From Unix milliseconds and the kiosk's offset from UTC in minutes.
    pub fn from_unix_ms(ms: i64, offset_minutes: i32) -> LocalTime {
        let local = ms.div_euclid(60_000) + i64::from(offset_minutes);
        LocalTime {
            date: Date::from_days_since_epoch(local.div_euclid(1440)),
            minute: local.rem_euclid(1440) as Minute,
        }
    }
}

impl Schedule {
    pub fn is_empty(&self) -> bool {
        *self == Schedule::default()
    }

    fn day_ok(&self, d: Date) -> bool {
        self.from.is_none_or(|f| d >= f)
            && self.until.is_none_or(|u| d <= u)
            && (self.weekdays.is_empty() || self.weekdays.contains(&weekday(d)))
    }

    /// Whether the slide plays at `t`. The part of a window after midnight counts for the day
    /// the window started on, for the weekday and the date range alike.
    pub fn is_active(&self, t: LocalTime) -> bool {
        if self.times.is_empty() {
            return self.day_ok(t.date);
        }
        let yesterday = Date::from_days_since_epoch(t.date.days_since_epoch() - 1);
        self.times.iter().any(|w| {
            (w.contains_same_day(t.minute) && self.day_ok(t.date))
                || (w.contains_from_yesterday(t.minute) && self.day_ok(yesterday))
        })
    }

    /// The slide's dates include `day` (weekdays and hours aside): for alerts judged without a
    /// trustworthy clock.
    pub fn running_on(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && !self.expired_before(day)
    }

    /// The slide can never play again after `day` (its last day, plus a night-crossing
    /// window's morning, is behind).
    pub fn expired_before(&self, day: Date) -> bool {
        match self.until {
            Some(u) => {
                let night = self.times.iter().any(TimeWindow::crosses_midnight);
                let last = if night {
                    Date::from_days_since_epoch(u.days_since_epoch() + 1)
                } else {
                    u
                };
                last < day
            }
            None => false,
        }
    }
}

/// The earliest year a kiosk clock can honestly show: the portal's kiosks did not exist before.
pub const EARLIEST_YEAR: i32 = 2024;

/// A kiosk's clock is obviously wrong when it shows a year before [`EARLIEST_YEAR`] or a day
/// well before the content it plays was built (a battery-less player that lost power often
/// boots in 1970 or 2000). Two days of slack cover time zones and a build made just before
/// midnight.
pub fn clock_is_wrong(now: LocalTime, built: Date) -> bool {
    now.date.year < EARLIEST_YEAR || now.date.days_since_epoch() < built.days_since_epoch() - 2
}

/// What a kiosk plays at a moment, given each slide's schedule and alert flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Indices of the slides in the loop, in loop order.
    pub slides: Vec<usize>,
    /// The loop is made of active alerts, pre-empting everything else.
    pub alert: bool,
    /// The clock could not be trusted or no slide was scheduled now, so everything plays.
    pub fallback: bool,
}

/// One slide as the decision needs it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub schedule: &'a Schedule,
    pub alert: bool,
}

/// Decides the loop. Rules, in order:
/// 1. With a trustworthy clock, alerts active now pre-empt everything.
/// 2. With a trustworthy clock, regular slides active now play.
/// 3. Otherwise (clock wrong, or nothing scheduled now) every regular slide plays, plus, with a
///    wrong clock, alerts that were running on the day the content was built — such an alert
///    may well still matter; one that had ended, or had not begun, is left out.
pub fn choose(entries: &[Entry<'_>], now: LocalTime, built: Date) -> Choice {
    let wrong = clock_is_wrong(now, built);
    if !wrong {
        let alerts: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].alert && entries[i].schedule.is_active(now))
            .collect();
        if !alerts.is_empty() {
            return Choice {
                slides: alerts,
                alert: true,
                fallback: false,
            };
        }
        let regular: Vec<usize> = (0..entries.len())
            .filter(|&i| !entries[i].alert && entries[i].schedule.is_active(now))
            .collect();
        if !regular.is_empty() {
            return Choice {
                slides: regular,
                alert: false,
                fallback: false,
            };
        }
    }
    let slides = (0..entries.len())
        .filter(|&i| !entries[i].alert || (wrong && entries[i].schedule.running_on(built)))
        .collect();
    Choice {
        slides,
        alert: false,
        fallback: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn at(date: &str, hhmm: &str) -> LocalTime {
        LocalTime {
            date: d(date),
            minute: parse_hhmm(hhmm, false).unwrap(),
        }
    }

    fn w(s: &str) -> TimeWindow {
        TimeWindow::parse(s).unwrap()
    }

    #[test]
    fn parses_windows() {
        assert_eq!(
            w("08:00-20:00"),
            TimeWindow {
                start: 480,
                end: 1200
            }
        );
        assert_eq!(w("00:00-24:00").end, 1440);
        assert!(w("23:00-06:00").crosses_midnight());
        assert_eq!(w(" 22:30 - 01:15 ").to_string(), "22:30-01:15");
        for bad in [
            "8:00-20:00",
            "08:00",
            "08:60-09:00",
            "24:00-01:00",
            "25:00-01:00",
            "10:00-10:00",
            "a-b",
        ] {
            assert!(TimeWindow::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn weekdays_are_monday_first() {
        assert_eq!(weekday(d("2025-05-28")), 2); // a Wednesday
        assert_eq!(weekday(d("2026-11-22")), 6); // a Sunday
        assert_eq!(parse_weekday("Mon"), Some(0));
        assert_eq!(parse_weekday("sunday"), Some(6));
        assert_eq!(parse_weekday("sonday"), None);
        assert_eq!(parse_weekday("mo"), None);
    }

    /// Found by fuzzing (fuzz/regressions/frontmatter/): a day name whose third byte falls
    /// inside a letter made the build panic instead of reporting the slide's line.
    #[test]
    fn non_latin_weekdays_are_refused_without_panic() {
        for s in ["дүйшөмбү", "Понедельник", "ééx", "mo\u{301}nday", "”x”"]
        {
            assert_eq!(parse_weekday(s), None, "{s}");
        }
        assert_eq!(parse_weekday(" Friday "), Some(4));
    }

    #[test]
    fn window_within_a_day() {
        let s = Schedule {
            times: vec![w("08:00-20:00")],
            ..Schedule::default()
        };
        assert!(!s.is_active(at("2025-06-02", "07:59")));
        assert!(s.is_active(at("2025-06-02", "08:00")));
        assert!(s.is_active(at("2025-06-02", "19:59")));
        assert!(!s.is_active(at("2025-06-02", "20:00")));
    }

    #[test]
    fn window_crossing_midnight_belongs_to_the_day_it_starts() {
        // Fridays only, 22:00 to 02:00.
        let s = Schedule {
            weekdays: vec![4],
            times: vec![w("22:00-02:00")],
            ..Schedule::default()
        };
        let fri = "2025-06-06";
        let sat = "2025-06-07";
        assert_eq!(weekday(d(fri)), 4);
        assert!(!s.is_active(at(fri, "21:59")));
        assert!(s.is_active(at(fri, "22:00")));
        assert!(s.is_active(at(fri, "23:59")));
        assert!(s.is_active(at(sat, "00:00")));
        assert!(s.is_active(at(sat, "01:59")));
        assert!(!s.is_active(at(sat, "02:00")));
        assert!(
            !s.is_active(at(sat, "22:30")),
            "Saturday night is not Friday"
        );
        // Friday 01:00 is Thursday night's window, which Thursday does not have.
        assert!(!s.is_active(at(fri, "01:00")));
    }

    #[test]
    fn date_range_is_inclusive_and_night_windows_run_past_the_last_day() {
        let s = Schedule {
            from: Some(d("2025-06-01")),
            until: Some(d("2025-06-03")),
            times: vec![w("23:00-01:00")],
            ..Schedule::default()
        };
        assert!(!s.is_active(at("2025-06-01", "00:30")), "from May 31 night");
        assert!(s.is_active(at("2025-06-01", "23:30")));
        assert!(
            s.is_active(at("2025-06-04", "00:30")),
            "the last night ends on the 4th"
        );
        assert!(!s.is_active(at("2025-06-04", "23:30")));
        assert!(!s.expired_before(d("2025-06-04")));
        assert!(s.expired_before(d("2025-06-05")));
        let days = Schedule {
            from: Some(d("2025-06-01")),
            until: Some(d("2025-06-03")),
            ..Schedule::default()
        };
        assert!(days.is_active(at("2025-06-03", "23:59")));
        assert!(!days.is_active(at("2025-06-04", "00:00")));
        assert!(days.expired_before(d("2025-06-04")));
    }

    #[test]
    fn local_time_applies_the_offset() {
        // 2025-06-06T18:30:00Z is 00:30 on the 7th in Bishkek (UTC+6).
        let ms = (d("2025-06-06").days_since_epoch() * 1440 + 18 * 60 + 30) * 60_000;
        let t = LocalTime::from_unix_ms(ms, 360);
        assert_eq!(t, at("2025-06-07", "00:30"));
        assert_eq!(
            LocalTime::from_unix_ms(-60_000, 0),
            at("1969-12-31", "23:59")
        );
    }

    fn entries(list: &[(Schedule, bool)]) -> Vec<Entry<'_>> {
        list.iter()
            .map(|(s, a)| Entry {
                schedule: s,
                alert: *a,
            })
            .collect()
    }

    #[test]
    fn active_alert_pre_empts_and_expired_one_does_not() {
        let built = d("2025-06-01");
        let always = Schedule::default();
        let alert = Schedule {
            from: Some(d("2025-06-10")),
            until: Some(d("2025-06-12")),
            ..Schedule::default()
        };
        let list = [(always.clone(), false), (always, false), (alert, true)];
        let e = entries(&list);
        let during = choose(&e, at("2025-06-11", "12:00"), built);
        assert_eq!(during.slides, vec![2]);
        assert!(during.alert);
        let after = choose(&e, at("2025-06-13", "12:00"), built);
        assert_eq!(after.slides, vec![0, 1]);
        assert!(!after.alert && !after.fallback);
    }

    #[test]
    fn nothing_scheduled_now_plays_everything() {
        let built = d("2025-06-01");
        let mornings = Schedule {
            times: vec![w("06:00-10:00")],
            ..Schedule::default()
        };
        let list = [(mornings.clone(), false), (mornings, false)];
        let e = entries(&list);
        assert_eq!(
            choose(&e, at("2025-06-02", "08:00"), built).slides,
            vec![0, 1]
        );
        let evening = choose(&e, at("2025-06-02", "21:00"), built);
        assert_eq!(evening.slides, vec![0, 1]);
        assert!(evening.fallback);
    }

    #[test]
    fn wrong_clock_plays_everything_and_only_alerts_running_at_build() {
        let built = d("2026-11-22");
        let past = Schedule {
            from: Some(d("2025-01-01")),
            until: Some(d("2025-01-31")),
            ..Schedule::default()
        };
        let future = Schedule {
            from: Some(d("2026-12-01")),
            until: Some(d("2026-12-31")),
            ..Schedule::default()
        };
        let running = Schedule {
            from: Some(d("2026-11-20")),
            until: Some(d("2026-11-30")),
            ..Schedule::default()
        };
        let list = [
            (Schedule::default(), false),
            (past.clone(), false),
            (past, true),
            (future, true),
            (running, true),
        ];
        let e = entries(&list);
        for t in [
            at("1970-01-01", "00:00"),
            at("2000-01-01", "05:00"),
            at("2026-01-01", "12:00"),
        ] {
            assert!(clock_is_wrong(t, built), "{t:?}");
            let c = choose(&e, t, built);
            assert_eq!(c.slides, vec![0, 1, 4], "{t:?}");
            assert!(c.fallback && !c.alert);
        }
        assert!(!clock_is_wrong(at("2026-11-21", "00:00"), built));
    }
}
