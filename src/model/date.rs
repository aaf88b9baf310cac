//! Calendar dates from front matter and data files.
//!
//! TOML's own datetime type accepts `2025-02-30`, so every date goes through [`Date::new`], which
//! knows month lengths and leap years. Formatting takes the month names and pattern from the
//! theme's UI strings so that a new language needs no code.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error as _, Unexpected};
use toml::value::Datetime;

/// A date key's value as editors and the editing interface write it: `2025-05-28`, or the same
/// in quotes (`"2025-05-28"`: the CMS writes every date it edits that way on a Git host, and
/// Zola and Hugo accept it too). Anything else in quotes (`"28.05.2025"`) is refused with the
/// same wording as a date of the wrong type, so the build's message says what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateValue(pub(crate) Datetime);

impl std::ops::Deref for DateValue {
    type Target = Datetime;
    fn deref(&self) -> &Datetime {
        &self.0
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DateValue, D::Error> {
        let expected = &"a TOML datetime";
        match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => Ok(DateValue(dt)),
            toml::Value::String(s) => match s.parse::<Datetime>() {
                Ok(dt) if s.len() == 10 && dt.time.is_none() => Ok(DateValue(dt)),
                _ => Err(D::Error::invalid_type(Unexpected::Str(&s), expected)),
            },
            toml::Value::Integer(i) => Err(D::Error::invalid_type(Unexpected::Signed(i), expected)),
            toml::Value::Float(f) => Err(D::Error::invalid_type(Unexpected::Float(f), expected)),
            toml::Value::Boolean(b) => Err(D::Error::invalid_type(Unexpected::Bool(b), expected)),
            toml::Value::Array(_) => Err(D::Error::invalid_type(Unexpected::Seq, expected)),
            toml::Value::Table(_) => Err(D::Error::invalid_type(Unexpected::Map, expected)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub(crate) year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub(crate) fn new(year: i32, month: u8, day: u8) -> Result<Date, String> {
        if !(1900..=2200).contains(&year) {
            return Err(format!("year {year} is out of range"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} does not exist"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!("{year:04}-{month:02} has no day {day}"));
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, also as the start of an RFC 3339 datetime (the time is dropped:
    /// the portal only ever shows days).
    pub(crate) fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let head = s.get(..10).unwrap_or(s);
        let parts: Vec<&str> = head.split('-').collect();
        let bad = || format!("`{s}` is not a date like 2025-05-28");
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let y = parts[0].parse::<i32>().map_err(|_| bad())?;
        let m = parts[1].parse::<u8>().map_err(|_| bad())?;
        let d = parts[2].parse::<u8>().map_err(|_| bad())?;
        if s.len() > 10 && !s[10..].starts_with(['T', 't', ' ']) {
            return Err(bad());
        }
        Date::new(y, m, d)
    }

    pub(crate) fn from_toml(dt: &toml::value::Datetime) -> Result<Date, String> {
        match &dt.date {
            Some(d) => Date::new(i32::from(d.year), d.month, d.day),
            None => Err(format!("`{dt}` has no date part")),
        }
    }

    /// Days since 1970-01-01, for "verified N days ago" arithmetic.
    pub(crate) fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub(crate) fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Date {
            year: y,
            month: m,
            day: d,
        }
    }

    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }

    /// Writes the date with a pattern such as `{day} {month} {year}`; `months` are the twelve
    /// month names as the language uses them in a date (Russian genitive «мая», Kyrgyz «майы»).
    /// Without names the ISO form is the honest fallback.
    pub(crate) fn format(&self, pattern: Option<&str>, months: Option<&[String]>) -> String {
        match (pattern, months) {
            (Some(p), Some(m)) if m.len() == 12 => p
                .replace("{day}", &self.day.to_string())
                .replace("{month}", &m[usize::from(self.month) - 1])
                .replace("{year}", &self.year.to_string()),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_may_be_quoted_when_it_is_year_month_day() {
        #[derive(serde::Deserialize)]
        struct T {
            d: DateValue,
        }
        let d = |text: &str| toml::from_str::<T>(text).map(|t| t.d.0.to_string());
        assert_eq!(d("d = 2025-05-28").unwrap(), "2025-05-28");
        assert_eq!(d("d = \"2025-05-28\"").unwrap(), "2025-05-28");
        for bad in [
            "d = \"28.05.2025\"",
            "d = \"2025-05-28T10:00:00Z\"",
            "d = 5",
        ] {
            let e = d(bad).unwrap_err().message().to_string();
            assert!(e.contains("expected a TOML datetime"), "{bad}: {e}");
        }
        assert!(
            d("d = \"28.05.2025\"")
                .unwrap_err()
                .message()
                .contains("string \"28.05.2025\"")
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::new(2025, 2, 29).is_err());
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(2025, 4, 31).is_err());
        assert!(Date::new(2025, 13, 1).is_err());
        assert!(Date::parse("2025-5-1").is_err());
        assert!(Date::parse("2025-05-28x").is_err());
        assert_eq!(Date::parse("2025-05-28T10:00:00Z"), Date::new(2025, 5, 28));
    }

    #[test]
    fn epoch_days_round_trip() {
        for d in [
            Date::new(1970, 1, 1),
            Date::new(2024, 2, 29),
            Date::new(2026, 11, 22),
        ] {
            let d = d.unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        }
        assert_eq!(Date::new(1970, 1, 2).unwrap().days_since_epoch(), 1);
    }

    #[test]
    fn formats_with_language_month_names() {
        let months: Vec<String> = [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let d = Date::new(2025, 5, 28).unwrap();
        assert_eq!(
            d.format(Some("{day} {month} {year} г."), Some(&months)),
            "28 мая 2025 г."
        );
        assert_eq!(d.format(None, None), "2025-05-28");
    }
}
