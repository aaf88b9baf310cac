//! When a kiosk slide plays: date ranges, weekdays and time windows, and what a kiosk does when
//! its clock cannot be trusted.
//!
//! The rules live here only. A kiosk's player has to decide on its own clock what plays now (it
//! has no server to ask), so the build resolves each kiosk's rules into a [`Timetable`]: per
//! slide, repeating ranges of wall-clock minutes, and which slides play when none or all of
//! them are active. The player's script only compares its clock against those numbers; the
//! build uses the same timetable to tell editors which slides are playing now.

use std::fmt;

use serde::Serialize;

use crate::model::date::Date;

/// Minutes since midnight, 0..=1440 (24:00 is allowed as the end of a window).
pub(crate) type Minute = u16;

/// Minutes since 1970-01-01 00:00 on the kiosk's own wall clock (its local time, not UTC).
pub(crate) type WallMinute = i64;

const DAY: WallMinute = 1440;
const WEEK: WallMinute = 7 * DAY;

/// Minutes when something is on, repeating: `length` minutes every `period` minutes, one of
/// them starting at minute `phase`, limited to `from` (inclusive) .. `until` (exclusive) where
/// these are set. A schedule's weekdays, time windows and dates all come down to a few of
/// these, which is all the player needs to decide with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct Recurrence {
    pub(crate) phase: WallMinute,
    pub(crate) period: WallMinute,
    pub(crate) length: WallMinute,
    pub(crate) from: Option<WallMinute>,
    pub(crate) until: Option<WallMinute>,
}

impl Recurrence {
    pub(crate) fn contains(&self, m: WallMinute) -> bool {
        self.from.is_none_or(|f| m >= f)
            && self.until.is_none_or(|u| m < u)
            && (m - self.phase).rem_euclid(self.period) < self.length
    }
}

/// A daily time window such as `08:00-20:00`. A window whose end is earlier than its start
/// crosses midnight (`22:00-06:00`): it belongs to the day it starts on, so a Friday-only
/// `22:00-02:00` window still plays at 01:00 on Saturday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeWindow {
    pub(crate) start: Minute,
    pub(crate) end: Minute,
}

impl TimeWindow {
    /// Parses `HH:MM-HH:MM`; the end may be `24:00`. A window that starts where it ends is
    /// refused: it is unclear whether it means always or never.
    pub(crate) fn parse(s: &str) -> Result<TimeWindow, String> {
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

    pub(crate) fn crosses_midnight(&self) -> bool {
        self.end < self.start
    }

    /// Minutes from start to end; a window that crosses midnight runs into the next day.
    fn length(&self) -> WallMinute {
        let (start, end) = (WallMinute::from(self.start), WallMinute::from(self.end));
        if self.crosses_midnight() {
            DAY - start + end
        } else {
            end - start
        }
    }

    /// The window on every day, whatever the date (quiet hours have no dates).
    pub(crate) fn daily(&self) -> Recurrence {
        Recurrence {
            phase: WallMinute::from(self.start),
            period: DAY,
            length: self.length(),
            from: None,
            until: None,
        }
    }

    #[cfg(test)]
    /// Whether the window covers minute `m` of any day.
    pub(crate) fn contains(&self, m: Minute) -> bool {
        self.daily().contains(WallMinute::from(m))
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
pub(crate) const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[cfg(test)]
/// 0 for Monday … 6 for Sunday.
pub(crate) fn weekday(d: Date) -> u8 {
    // 1970-01-01 was a Thursday.
    (d.days_since_epoch() + 3).rem_euclid(7) as u8
}

/// A day as `mon` or `monday`, any case. Editors may write a day in Kyrgyz or Russian
/// («дүйшөмбү»): that is refused like any unknown word, so the input is compared, never sliced
/// by bytes (slicing the first three bytes once panicked inside a Cyrillic letter).
pub(crate) fn parse_weekday(s: &str) -> Option<u8> {
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
pub(crate) struct Schedule {
    /// First day, inclusive.
    pub(crate) from: Option<Date>,
    /// Last day, inclusive.
    pub(crate) until: Option<Date>,
    /// 0 = Monday; empty means every day.
    pub(crate) weekdays: Vec<u8>,
    /// Empty means all day.
    pub(crate) times: Vec<TimeWindow>,
}

/// A local wall-clock moment at the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LocalTime {
    pub(crate) date: Date,
    pub(crate) minute: Minute,
}

impl LocalTime {
    /// From Unix milliseconds and the kiosk's offset from UTC in minutes.
    pub(crate) fn from_unix_ms(ms: i64, offset_minutes: i32) -> LocalTime {
        let local = ms.div_euclid(60_000) + i64::from(offset_minutes);
        LocalTime {
            date: Date::from_days_since_epoch(local.div_euclid(DAY)),
            minute: local.rem_euclid(DAY) as Minute,
        }
    }

    /// The same moment as minutes since 1970 on the kiosk's clock.
    pub(crate) fn wall_minute(&self) -> WallMinute {
        self.date.days_since_epoch() * DAY + WallMinute::from(self.minute)
    }
}

/// The first day (since 1970-01-01) that falls on weekday `wd` (0 = Monday).
fn first_day_of_weekday(wd: u8) -> i64 {
    // 1970-01-01 was a Thursday (3): Monday the 5th is day 4.
    (i64::from(wd) + 4) % 7
}

impl Schedule {
    pub(crate) fn is_empty(&self) -> bool {
        *self == Schedule::default()
    }

    /// When the slide plays, as minutes of the kiosk's clock: one [`Recurrence`] per time
    /// window (all day without windows) and weekday (every day without weekdays). A window
    /// plays on the days the date range and weekdays allow, and the part of it after midnight
    /// counts for the day it started on, for the weekday and the date range alike: so a
    /// window's first minute bounds it from below, and its end on the last day from above.
    pub(crate) fn recurrences(&self) -> Vec<Recurrence> {
        let windows: Vec<(WallMinute, WallMinute)> = if self.times.is_empty() {
            vec![(0, DAY)]
        } else {
            self.times
                .iter()
                .map(|w| (WallMinute::from(w.start), w.length()))
                .collect()
        };
        let mut weekdays = self.weekdays.clone();
        weekdays.sort_unstable();
        weekdays.dedup();
        // (a day the windows start on, how often they repeat)
        let days: Vec<(i64, WallMinute)> = if weekdays.is_empty() || weekdays.len() == 7 {
            vec![(0, DAY)]
        } else {
            weekdays
                .iter()
                .map(|&wd| (first_day_of_weekday(wd), WEEK))
                .collect()
        };
        let mut out = Vec::new();
        for &(day, period) in &days {
            for &(start, length) in &windows {
                let r = Recurrence {
                    phase: day * DAY + start,
                    period,
                    length,
                    from: self.from.map(|d| d.days_since_epoch() * DAY + start),
                    until: self
                        .until
                        .map(|d| d.days_since_epoch() * DAY + start + length),
                };
                // A range that ends before it begins (from after until) never plays.
                if r.from.zip(r.until).is_none_or(|(f, u)| f < u) {
                    out.push(r);
                }
            }
        }
        out
    }

    #[cfg(test)]
    /// Whether the slide plays at `t`.
    pub(crate) fn is_active(&self, t: LocalTime) -> bool {
        let m = t.wall_minute();
        self.recurrences().iter().any(|r| r.contains(m))
    }

    /// The slide's dates include `day` (weekdays and hours aside): for alerts judged without a
    /// trustworthy clock.
    pub(crate) fn running_on(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && !self.expired_before(day)
    }

    /// The slide can never play again after `day` (its last day, plus a night-crossing
    /// window's morning, is behind).
    pub(crate) fn expired_before(&self, day: Date) -> bool {
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
pub(crate) const EARLIEST_YEAR: i32 = 2024;

/// A kiosk's clock is obviously wrong when it shows a year before [`EARLIEST_YEAR`] or a day
/// well before the content it plays was built (a battery-less player that lost power often
/// boots in 1970 or 2000). Two days of slack cover time zones and a build made just before
/// midnight. This is the first minute a clock that is not obviously wrong can show.
pub(crate) fn first_trusted_minute(built: Date) -> WallMinute {
    let earliest = Date {
        year: EARLIEST_YEAR,
        month: 1,
        day: 1,
    };
    earliest
        .days_since_epoch()
        .max(built.days_since_epoch() - 2)
        * DAY
}

#[cfg(test)]
pub(crate) fn clock_is_wrong(now: LocalTime, built: Date) -> bool {
    now.wall_minute() < first_trusted_minute(built)
}

/// What a kiosk plays at a moment, given each slide's schedule and alert flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choice {
    /// Indices of the slides in the loop, in loop order.
    pub(crate) slides: Vec<usize>,
    /// The loop is made of active alerts, pre-empting everything else.
    pub(crate) alert: bool,
    /// The clock could not be trusted or no slide was scheduled now, so everything plays.
    pub(crate) fallback: bool,
}

/// One slide as the decision needs it.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    pub(crate) schedule: &'a Schedule,
    pub(crate) alert: bool,
}

/// Slides of equal standing: the loop is made of those of them active now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Tier {
    /// The loop is made of alerts (a player switches at once when such a loop changes).
    pub(crate) alert: bool,
    pub(crate) slides: Vec<usize>,
}

/// A kiosk's slides resolved by the rules into numbers a player compares its clock against,
/// so that the rules are decided here and nowhere else. [`Timetable::choose`] reads it the way
/// the player's script does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Timetable {
    /// Per slide, in loop order: the slide is active while one of its ranges holds.
    pub(crate) active: Vec<Vec<Recurrence>>,
    /// With a trustworthy clock, the first tier with a slide active now is the loop.
    pub(crate) tiers: Vec<Tier>,
    /// The loop when no slide is active now.
    pub(crate) idle: Vec<usize>,
    /// A clock showing an earlier minute is wrong ([`first_trusted_minute`]) ...
    pub(crate) trusted_from: WallMinute,
    /// ... and then these slides play.
    pub(crate) wrong_clock: Vec<usize>,
}

impl Timetable {
    /// Resolves the rules, in order:
    /// 1. With a trustworthy clock, alerts active now pre-empt everything.
    /// 2. With a trustworthy clock, regular slides active now play.
    /// 3. Otherwise (clock wrong, or nothing scheduled now) every regular slide plays, plus,
    ///    with a wrong clock, alerts that were running on the day the content was built — such
    ///    an alert may well still matter; one that had ended, or had not begun, is left out.
    pub(crate) fn new(entries: &[Entry<'_>], built: Date) -> Timetable {
        let which = |keep: &dyn Fn(&Entry<'_>) -> bool| -> Vec<usize> {
            (0..entries.len()).filter(|&i| keep(&entries[i])).collect()
        };
        Timetable {
            active: entries.iter().map(|e| e.schedule.recurrences()).collect(),
            tiers: vec![
                Tier {
                    alert: true,
                    slides: which(&|e| e.alert),
                },
                Tier {
                    alert: false,
                    slides: which(&|e| !e.alert),
                },
            ],
            idle: which(&|e| !e.alert),
            trusted_from: first_trusted_minute(built),
            wrong_clock: which(&|e| !e.alert || e.schedule.running_on(built)),
        }
    }

    /// What plays at minute `now` of the kiosk's clock.
    pub(crate) fn choose(&self, now: WallMinute) -> Choice {
        if now < self.trusted_from {
            return Choice {
                slides: self.wrong_clock.clone(),
                alert: false,
                fallback: true,
            };
        }
        for tier in &self.tiers {
            let on: Vec<usize> = tier
                .slides
                .iter()
                .copied()
                .filter(|&i| self.active[i].iter().any(|r| r.contains(now)))
                .collect();
            if !on.is_empty() {
                return Choice {
                    slides: on,
                    alert: tier.alert,
                    fallback: false,
                };
            }
        }
        Choice {
            slides: self.idle.clone(),
            alert: false,
            fallback: true,
        }
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

    fn choose(entries: &[Entry<'_>], now: LocalTime, built: Date) -> Choice {
        Timetable::new(entries, built).choose(now.wall_minute())
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
    #[test]
    fn first_days_of_weekdays() {
        for wd in 0..7u8 {
            let day = first_day_of_weekday(wd);
            assert!((0..7).contains(&day));
            assert_eq!(weekday(Date::from_days_since_epoch(day)), wd);
        }
    }

    #[test]
    fn windows_repeat_daily_and_quiet_hours_cross_midnight() {
        let q = w("22:00-07:00");
        assert_eq!(
            q.daily(),
            Recurrence {
                phase: 1320,
                period: DAY,
                length: 540,
                from: None,
                until: None
            }
        );
        for (hhmm, quiet) in [
            ("21:59", false),
            ("22:00", true),
            ("03:00", true),
            ("06:59", true),
            ("07:00", false),
        ] {
            assert_eq!(
                q.contains(parse_hhmm(hhmm, false).unwrap()),
                quiet,
                "{hhmm}"
            );
            let t = at("1969-12-31", hhmm);
            assert_eq!(
                q.daily().contains(t.wall_minute()),
                quiet,
                "{hhmm} before 1970"
            );
        }
        assert!((0..DAY).all(|m| w("00:00-24:00").daily().contains(m)));
    }

    #[test]
    fn the_clock_is_trusted_from_two_days_before_the_build_and_never_before_2024() {
        let day = |s: &str| d(s).days_since_epoch() * DAY;
        assert_eq!(first_trusted_minute(d("2026-11-22")), day("2026-11-20"));
        assert_eq!(first_trusted_minute(d("2024-01-01")), day("2024-01-01"));
        let built = d("2026-11-22");
        assert!(clock_is_wrong(at("2026-11-19", "23:59"), built));
        assert!(!clock_is_wrong(at("2026-11-20", "00:00"), built));
        assert!(clock_is_wrong(at("2023-12-31", "23:59"), d("2024-01-01")));
    }

    #[test]
    fn the_timetable_lists_each_rule_as_slide_numbers() {
        let built = d("2026-11-22");
        let running = Schedule {
            from: Some(d("2026-11-20")),
            until: Some(d("2026-11-30")),
            ..Schedule::default()
        };
        let past = Schedule {
            until: Some(d("2025-01-31")),
            ..Schedule::default()
        };
        let list = [
            (Schedule::default(), false),
            (past.clone(), true),
            (running, true),
            (past, false),
        ];
        let t = Timetable::new(&entries(&list), built);
        assert_eq!(
            t.tiers,
            vec![
                Tier {
                    alert: true,
                    slides: vec![1, 2]
                },
                Tier {
                    alert: false,
                    slides: vec![0, 3]
                }
            ]
        );
        assert_eq!(t.idle, vec![0, 3]);
        assert_eq!(t.wrong_clock, vec![0, 2, 3]);
        assert_eq!(t.trusted_from, first_trusted_minute(built));
        assert_eq!(t.active.len(), 4);
        assert!(t.active[3][0].until.is_some());
    }

    /// The rules as they were written before they were resolved into ranges, day by day: the
    /// reference that [`Schedule::recurrences`] must agree with minute for minute.
    fn is_active_day_by_day(s: &Schedule, t: LocalTime) -> bool {
        let day_ok = |d: Date| {
            s.from.is_none_or(|f| d >= f)
                && s.until.is_none_or(|u| d <= u)
                && (s.weekdays.is_empty() || s.weekdays.contains(&weekday(d)))
        };
        if s.times.is_empty() {
            return day_ok(t.date);
        }
        let yesterday = Date::from_days_since_epoch(t.date.days_since_epoch() - 1);
        s.times.iter().any(|w| {
            let same_day = if w.crosses_midnight() {
                t.minute >= w.start
            } else {
                t.minute >= w.start && t.minute < w.end
            };
            let from_yesterday = w.crosses_midnight() && t.minute < w.end;
            (same_day && day_ok(t.date)) || (from_yesterday && day_ok(yesterday))
        })
    }

    #[test]
    fn ranges_agree_with_the_rules_day_by_day_at_every_minute() {
        let (from, until) = (d("2025-06-04"), d("2025-06-09"));
        let times = [
            vec![],
            vec![w("08:00-20:00")],
            vec![w("22:00-02:00")],
            vec![w("23:00-01:00"), w("06:00-07:30")],
            vec![w("22:00-24:00")],
            vec![w("00:00-24:00")],
            vec![w("20:00-00:00")],
            vec![w("23:59-00:01")],
        ];
        let weekdays = [vec![], vec![4], vec![6, 0], (0..7).collect(), vec![2, 2]];
        let bounds = [
            (None, None),
            (Some(from), None),
            (None, Some(until)),
            (Some(from), Some(until)),
            (Some(from), Some(from)),
            (Some(until), Some(from)),
        ];
        let first = (from.days_since_epoch() - 3) * DAY;
        let last = (until.days_since_epoch() + 3) * DAY;
        for times in &times {
            for weekdays in &weekdays {
                for &(from, until) in &bounds {
                    let s = Schedule {
                        from,
                        until,
                        weekdays: weekdays.clone(),
                        times: times.clone(),
                    };
                    let ranges = s.recurrences();
                    for m in first..last {
                        let t = LocalTime::from_unix_ms(m * 60_000, 0);
                        assert_eq!(
                            ranges.iter().any(|r| r.contains(m)),
                            is_active_day_by_day(&s, t),
                            "{s:?} at {t:?}"
                        );
                    }
                }
            }
        }
    }

    fn schedule_from_json(v: &serde_json::Value) -> Schedule {
        let date = |k: &str| v[k].as_str().map(d);
        let list = |k: &str| -> Vec<String> {
            v[k].as_array()
                .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                .unwrap_or_default()
        };
        Schedule {
            from: date("from"),
            until: date("until"),
            weekdays: list("weekdays")
                .iter()
                .map(|s| parse_weekday(s).unwrap())
                .collect(),
            times: list("times").iter().map(|s| w(s)).collect(),
        }
    }

    /// `tests/e2e/schedule-cases.json` is the one table of cases for the rules here and for
    /// the player's script: the browser test runs its cases through the script with the
    /// ranges recorded there, so those must be the ranges the build resolves today.
    #[test]
    fn shared_cases_agree_with_the_rules() {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/e2e/schedule-cases.json")).unwrap();
        let cases = table["schedules"].as_array().unwrap();
        assert!(cases.len() >= 3);
        for case in cases {
            let name = &case["name"];
            let s = schedule_from_json(&case["schedule"]);
            let ranges = serde_json::to_value(s.recurrences()).unwrap();
            assert_eq!(
                ranges, case["ranges"],
                "{name}: the ranges changed; record {ranges}"
            );
            for pair in case["at"].as_array().unwrap() {
                let when = pair[0].as_str().unwrap();
                let (day, hhmm) = when.split_once(' ').unwrap();
                assert_eq!(
                    s.is_active(at(day, hhmm)),
                    pair[1].as_bool().unwrap(),
                    "{name}: {when}"
                );
            }
        }
    }
}
