//! Rotation schedules: `AutomaticallyAfterDays`, `rate()` and `cron()` expressions and the
//! rotation window (`Duration`), as Secrets Manager's user guide ("Rotation schedules",
//! `rotate-secrets_schedule.md`) and `RotationRulesType` describe them.
//!
//! # What datakey accepts
//!
//! - `AutomaticallyAfterDays` 1..1000: due that many days after the last rotation.
//! - `rate(N hour|hours|day|days)`: due `N` hours (at least 4) or days (at most 999) after the
//!   last rotation.
//! - `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, UTC, six fields:
//!
//!   | Field | Values | Wildcards |
//!   |---|---|---|
//!   | Minutes | must be `0` (windows open on the hour) | — |
//!   | Hours | 0–23 | `, - * /` (increments restart each day: `4/12` = 04:00 and 16:00) |
//!   | Day-of-month | 1–31 | `, - * ? /`, `L` (last day), `NW` (weekday nearest day N), `LW` (last weekday) |
//!   | Month | 1–12 or `JAN`–`DEC` | `, - * /` |
//!   | Day-of-week | 1–7 or `SUN`–`SAT` | `, - * ? /`, `L` (Saturday), `DL` (last day D of the month), `D#N` (N-th day D, N 1..5) |
//!   | Year | must be `*` | — |
//!
//!   Names are case-insensitive. `L`, `W` and `#` forms stand alone in their field (not in a
//!   list), as in EventBridge's cron syntax, which Secrets Manager's follows. Day-of-month and
//!   day-of-week cannot both name days: one of them is `?`, or `*` (AWS's own example
//!   `cron(0 1 * 1/3 SUN *)` pairs `*` with a day of week); both `?` is refused.
//!
//! Datakey's choices where AWS's guide is silent: `W` is not in Secrets Manager's table but is
//! in EventBridge's (the nearest weekday in the same month; a day beyond the month's end never
//! matches); ranges must go upwards (`MON-FRI`, not `FRI-MON`); an expression that never fires,
//! or fires twice less than four hours apart ("You can rotate a secret as often as every four
//! hours"), is refused. The guide gives no error wording for a bad expression: datakey answers
//! `InvalidParameterException` naming the expression and what is wrong with it.
//!
//! # The rotation window
//!
//! A schedule in hours (`rate(N hours)`, or a `cron()` firing more than once a day) has a
//! window of one hour by default; a schedule in days one that closes at the end of the UTC day.
//! `Duration` (`<N>h`, at least `1h`) changes it; it must not reach into the next window nor,
//! for a schedule in days, past midnight (start hour + duration ≤ 24). AWS rotates at some
//! point inside the window; datakey rotates when the window opens (`NextRotationDate`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::time::{days_from_civil, days_in_month};

use super::RotationRules;

const HOUR: u64 = 3600;
const DAY: u64 = 86_400;
/// The shortest time between two rotations.
const MIN_GAP_HOURS: u64 = 4;
/// Days simulated to check a cron schedule: 28 years, the Gregorian cycle of weekdays and
/// leap years within 1901..2099, from 2000-01-01.
const CHECK_DAYS: i64 = 28 * 365 + 7;
/// How far ahead the next firing of a cron schedule is looked for (a 29 February schedule
/// fires once in 4 years, 8 at a century that is not a leap year).
const SEARCH_DAYS: i64 = 9 * 366;

/// A parsed rotation schedule: when a rotation is due, and how long its window stays open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationSchedule {
    kind: Kind,
    window: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Due this long after the last rotation (`AutomaticallyAfterDays`, `rate()`).
    Every(Duration),
    /// Due at each firing of a `cron()` expression.
    Cron(Cron),
}

impl RotationSchedule {
    /// The schedule of `rules` (`None` when it has neither `AutomaticallyAfterDays` nor
    /// `ScheduleExpression`), with its window checked.
    ///
    /// # Errors
    ///
    /// `ValidationException` for `AutomaticallyAfterDays` outside 1..1000;
    /// `InvalidParameterException` for both `AutomaticallyAfterDays` and `ScheduleExpression`
    /// ("You cannot specify both rotation frequency and schedule expression together.", AWS's
    /// words), a schedule expression or `Duration` datakey does not accept (see the module
    /// docs), or a window that reaches into the next one or the next UTC day.
    pub fn from_rules(rules: &RotationRules) -> Result<Option<Self>> {
        if let Some(d) = rules.automatically_after_days {
            super::check_range("rotationRules.automaticallyAfterDays", d, 1, 1000)?;
        }
        let duration = rules.duration.as_deref().map(parse_duration).transpose()?;
        let schedule = match (&rules.schedule_expression, rules.automatically_after_days) {
            (Some(_), Some(_)) => {
                return Err(Error::InvalidParameter(
                    "You cannot specify both rotation frequency and schedule expression \
                     together."
                        .to_owned(),
                ));
            }
            (Some(e), None) => Self::parse(e)?,
            (None, Some(d)) => {
                let days = u64::try_from(d).unwrap_or(1);
                Self {
                    kind: Kind::Every(Duration::from_secs(days * DAY)),
                    window: Duration::from_secs(DAY),
                }
            }
            (None, None) => {
                if let Some(d) = &rules.duration {
                    return Err(Error::InvalidParameter(format!(
                        "The rotation window duration {d} needs a schedule: set \
                         ScheduleExpression or AutomaticallyAfterDays."
                    )));
                }
                return Ok(None);
            }
        };
        match duration {
            Some(hours) => schedule.with_window(hours, rules.duration.as_deref().unwrap_or("")),
            None => Ok(Some(schedule)),
        }
    }

    /// Parses a `ScheduleExpression` (`rate(...)` or `cron(...)`) with its default window.
    ///
    /// # Errors
    ///
    /// `InvalidParameterException` naming the expression and what datakey does not accept in
    /// it (see the module docs).
    pub fn parse(expression: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::InvalidParameter(format!(
                "The schedule expression {expression} is not valid: {why}."
            ))
        };
        if let Some(inner) = expression
            .strip_prefix("rate(")
            .and_then(|x| x.strip_suffix(')'))
        {
            let (n, unit) = inner
                .split_once(' ')
                .ok_or_else(|| bad("use rate(Value Unit)"))?;
            let n: u64 = n
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| bad("the value must be a positive integer"))?;
            return match unit {
                "hour" | "hours" if n < MIN_GAP_HOURS => {
                    Err(bad("you can rotate a secret as often as every four hours"))
                }
                "hour" | "hours" => Ok(Self {
                    kind: Kind::Every(Duration::from_secs(n * HOUR)),
                    window: Duration::from_secs(HOUR),
                }),
                "day" | "days" if n > 999 => Err(bad("the maximum rotation period is 999 days")),
                "day" | "days" => Ok(Self {
                    kind: Kind::Every(Duration::from_secs(n * DAY)),
                    window: Duration::from_secs(DAY),
                }),
                _ => Err(bad("the unit must be hour, hours, day or days")),
            };
        }
        let inner = expression
            .strip_prefix("cron(")
            .and_then(|x| x.strip_suffix(')'))
            .ok_or_else(|| bad("use rate(Value Unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)"))?;
        let cron = Cron::parse(inner).map_err(|why| bad(&why))?;
        let (fires, min_gap) = cron.check();
        if !fires {
            return Err(bad("it never fires"));
        }
        if min_gap < MIN_GAP_HOURS {
            return Err(bad("you can rotate a secret as often as every four hours"));
        }
        let window = if cron.hours.count_ones() > 1 {
            HOUR
        } else {
            (24 - u64::from(cron.hours.trailing_zeros())) * HOUR
        };
        Ok(Self {
            kind: Kind::Cron(cron),
            window: Duration::from_secs(window),
        })
    }

    /// The schedule with a `Duration` window of `hours`, checked against the next window and
    /// the end of the UTC day.
    fn with_window(mut self, hours: u64, text: &str) -> Result<Option<Self>> {
        let bad = |why: &str| {
            Error::InvalidParameter(format!(
                "The rotation window duration {text} is not valid: {why}."
            ))
        };
        match &self.kind {
            Kind::Every(p) if p.as_secs() < DAY => {
                if hours * HOUR > p.as_secs() {
                    return Err(bad(
                        "the window must not extend into the next rotation window",
                    ));
                }
            }
            Kind::Every(_) => {
                if hours > 24 {
                    return Err(bad("the window must not extend into the next UTC day"));
                }
            }
            Kind::Cron(c) => {
                let (_, gap) = c.check();
                if hours > gap {
                    return Err(bad(
                        "the window must not extend into the next rotation window",
                    ));
                }
                let last = 31 - u64::from(c.hours.leading_zeros());
                if last + hours > 24 {
                    return Err(bad("the window must not extend into the next UTC day"));
                }
            }
        }
        self.window = Duration::from_secs(hours * HOUR);
        Ok(Some(self))
    }

    /// When the next rotation is due after `t`: `t` plus the period for
    /// `AutomaticallyAfterDays` and `rate()`, the next firing strictly after `t` for `cron()`
    /// (`None` if it does not fire within the next nine years).
    pub fn next_after(&self, t: SystemTime) -> Option<SystemTime> {
        match &self.kind {
            Kind::Every(p) => t.checked_add(*p),
            Kind::Cron(c) => {
                let secs = t.duration_since(UNIX_EPOCH).ok()?.as_secs();
                let day0 = i64::try_from(secs / DAY).ok()?;
                (day0..day0 + SEARCH_DAYS)
                    .filter(|d| c.matches_day(*d))
                    .find_map(|d| {
                        (0..24u64)
                            .filter(|h| c.hours & (1 << h) != 0)
                            .map(|h| u64::try_from(d).unwrap_or(0) * DAY + h * HOUR)
                            .find(|fire| *fire > secs)
                    })
                    .map(|fire| UNIX_EPOCH + Duration::from_secs(fire))
            }
        }
    }

    /// How long each rotation window stays open.
    pub fn window(&self) -> Duration {
        self.window
    }
}

/// `Duration`: `<N>h`, 2..3 characters (the model's `DurationType`), at least one hour.
fn parse_duration(d: &str) -> Result<u64> {
    let hours = (2..=3)
        .contains(&d.len())
        .then(|| d.strip_suffix('h'))
        .flatten()
        .filter(|n| n.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|n| n.parse::<u64>().ok())
        .ok_or_else(|| {
            Error::InvalidParameter(format!(
                "The rotation window duration {d} is not valid: use <N>h."
            ))
        })?;
    if hours == 0 {
        return Err(Error::InvalidParameter(format!(
            "The rotation window duration {d} is not valid: the window is at least one hour."
        )));
    }
    Ok(hours)
}

/// A parsed `cron()` expression (minutes 0, year `*`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cron {
    /// Bit `h` for each hour 0..23.
    hours: u32,
    /// Bit `m` for each month 1..12.
    months: u16,
    dom: DayOfMonth,
    dow: DayOfWeek,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DayOfMonth {
    /// `?` or `*`.
    Any,
    /// Bit `d` for each day 1..31.
    Days(u32),
    /// `L`.
    Last,
    /// `LW`.
    LastWeekday,
    /// `NW`.
    NearestWeekday(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DayOfWeek {
    /// `?` or `*`.
    Any,
    /// Bit `d` for each day 1 (Sunday) ..7 (Saturday).
    Days(u8),
    /// `DL`: the last day `D` of the month.
    Last(i64),
    /// `D#N`: the `N`-th day `D` of the month.
    Nth(i64, i64),
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// Weekday of a day count since 1970-01-01 (a Thursday): 1 = Sunday .. 7 = Saturday.
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7) + 1
}

impl Cron {
    fn parse(inner: &str) -> std::result::Result<Self, String> {
        let fields: Vec<&str> = inner.split(' ').collect();
        if fields.len() != 6 || fields.iter().any(|f| f.is_empty()) {
            return Err(
                "a cron expression has six fields separated by single spaces: \
                        Minutes Hours Day-of-month Month Day-of-week Year"
                    .to_owned(),
            );
        }
        if fields[0] != "0" {
            return Err(
                "the minutes field must be 0 (rotation windows open on the hour)".to_owned(),
            );
        }
        if fields[5] != "*" {
            return Err("the year field must be *".to_owned());
        }
        let hours = u32::try_from(list(fields[1], "hours", 0, 23, &[])?).unwrap_or(0);
        let months = u16::try_from(list(fields[3], "month", 1, 12, &MONTHS)?).unwrap_or(0);
        let (dom_text, dow_text) = (fields[2], fields[4]);
        let named = |f: &str| f != "?" && f != "*";
        if named(dom_text) && named(dow_text) {
            return Err(
                "you can't specify both the day-of-month and the day-of-week fields: \
                        use ? in one of them"
                    .to_owned(),
            );
        }
        if dom_text == "?" && dow_text == "?" {
            return Err("the day-of-month and day-of-week fields can't both be ?".to_owned());
        }
        Ok(Self {
            hours,
            months,
            dom: day_of_month(dom_text)?,
            dow: day_of_week(dow_text)?,
        })
    }

    /// Whether the schedule fires on the day `days` since 1970-01-01.
    fn matches_day(&self, days: i64) -> bool {
        let (y, m, d) = crate::time::civil_from_days(days);
        if self.months & (1 << m) == 0 {
            return false;
        }
        let dim = days_in_month(y, m);
        let dom = match self.dom {
            DayOfMonth::Any => true,
            DayOfMonth::Days(bits) => bits & (1 << d) != 0,
            DayOfMonth::Last => d == dim,
            DayOfMonth::LastWeekday => d == nearest_weekday(y, m, dim, dim),
            DayOfMonth::NearestWeekday(n) => n <= dim && d == nearest_weekday(y, m, n, dim),
        };
        let wd = weekday(days);
        let dow = match self.dow {
            DayOfWeek::Any => true,
            DayOfWeek::Days(bits) => bits & (1 << wd) != 0,
            DayOfWeek::Last(w) => wd == w && d + 7 > dim,
            DayOfWeek::Nth(w, n) => wd == w && (d - 1) / 7 + 1 == n,
        };
        dom && dow
    }

    /// Over 28 years from 2000-01-01: whether the schedule fires at all, and the shortest
    /// time between two firings in hours (`u64::MAX` for a single firing).
    fn check(&self) -> (bool, u64) {
        let start = days_from_civil(2000, 1, 1);
        let mut last: Option<i64> = None;
        let mut gap = u64::MAX;
        for day in start..start + CHECK_DAYS {
            if !self.matches_day(day) {
                continue;
            }
            for h in (0..24).filter(|h| self.hours & (1 << h) != 0) {
                let t = day * 24 + h;
                if let Some(prev) = last {
                    gap = gap.min(u64::try_from(t - prev).unwrap_or(u64::MAX));
                }
                last = Some(t);
            }
        }
        (last.is_some(), gap)
    }
}

/// The weekday nearest to day `n` of month `m` of `y` without leaving the month.
fn nearest_weekday(y: i64, m: i64, n: i64, dim: i64) -> i64 {
    match weekday(days_from_civil(y, m, n)) {
        7 if n == 1 => 3,
        7 => n - 1,
        1 if n == dim => n - 2,
        1 => n + 1,
        _ => n,
    }
}

/// One value of a field: a number in `min..=max` or a name (`names[0]` is `min`).
fn value(
    s: &str,
    field: &str,
    min: u32,
    max: u32,
    names: &[&str],
) -> std::result::Result<u32, String> {
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
        return Ok(min + u32::try_from(i).unwrap_or(0));
    }
    s.parse::<u32>()
        .ok()
        .filter(|v| (min..=max).contains(v) && !s.starts_with('+'))
        .ok_or_else(|| format!("{s} is not a value of the {field} field ({min}-{max})"))
}

/// A list of `*`, `V`, `A-B`, each optionally `/STEP`, as a bit set over `min..=max`.
fn list(
    s: &str,
    field: &str,
    min: u32,
    max: u32,
    names: &[&str],
) -> std::result::Result<u64, String> {
    let mut bits = 0u64;
    for item in s.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, st)) => {
                let step = st
                    .parse::<u32>()
                    .ok()
                    .filter(|v| *v > 0 && !st.starts_with('+'))
                    .ok_or_else(|| format!("{st} is not an increment of the {field} field"))?;
                (r, Some(step))
            }
            None => (item, None),
        };
        let (lo, hi) = if range == "*" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            let (a, b) = (
                value(a, field, min, max, names)?,
                value(b, field, min, max, names)?,
            );
            if a > b {
                return Err(format!(
                    "the range {range} of the {field} field goes backwards"
                ));
            }
            (a, b)
        } else {
            let v = value(range, field, min, max, names)?;
            (v, if step.is_some() { max } else { v })
        };
        let mut v = lo;
        while v <= hi {
            bits |= 1 << v;
            v += step.unwrap_or(1);
        }
    }
    Ok(bits)
}

fn day_of_month(s: &str) -> std::result::Result<DayOfMonth, String> {
    Ok(match s {
        "?" | "*" => DayOfMonth::Any,
        "L" => DayOfMonth::Last,
        "LW" => DayOfMonth::LastWeekday,
        _ if s.ends_with('W') && !s.contains([',', '-', '/']) => DayOfMonth::NearestWeekday(
            i64::from(value(&s[..s.len() - 1], "day-of-month", 1, 31, &[])?),
        ),
        _ if s.contains(['L', 'W']) => {
            return Err(format!(
                "{s}: in the day-of-month field L, LW and NW stand alone (not in a list or range)"
            ));
        }
        _ => DayOfMonth::Days(u32::try_from(list(s, "day-of-month", 1, 31, &[])?).unwrap_or(0)),
    })
}

fn day_of_week(s: &str) -> std::result::Result<DayOfWeek, String> {
    let one = |v: &str| value(v, "day-of-week", 1, 7, &WEEKDAYS).map(i64::from);
    if s == "?" || s == "*" {
        return Ok(DayOfWeek::Any);
    }
    if s == "L" {
        return Ok(DayOfWeek::Days(1 << 7));
    }
    if let Some((d, n)) = s.split_once('#') {
        let n = n
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=5).contains(n) && !s.contains('+'))
            .ok_or_else(|| format!("{s}: the week after # is 1 to 5"))?;
        return Ok(DayOfWeek::Nth(one(d)?, n));
    }
    let upper = s.to_ascii_uppercase();
    if let Some(d) = upper.strip_suffix('L')
        && !d.contains([',', '-', '/'])
    {
        return Ok(DayOfWeek::Last(one(d)?));
    }
    Ok(DayOfWeek::Days(
        u8::try_from(list(s, "day-of-week", 1, 7, &WEEKDAYS)?).unwrap_or(0),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Seconds since the epoch of a UTC date and hour.
    fn at(y: i64, m: i64, d: i64, h: u64) -> SystemTime {
        let days = u64::try_from(days_from_civil(y, m, d)).unwrap();
        UNIX_EPOCH + Duration::from_secs(days * DAY + h * HOUR)
    }

    /// The next `n` firings of `expr` after `t`.
    fn fires(expr: &str, mut t: SystemTime, n: usize) -> Vec<SystemTime> {
        let s = RotationSchedule::parse(expr).unwrap();
        (0..n)
            .map(|_| {
                t = s.next_after(t).unwrap();
                t
            })
            .collect()
    }

    fn refused(expr: &str) -> String {
        match RotationSchedule::parse(expr).unwrap_err() {
            Error::InvalidParameter(m) => m,
            e => panic!("{expr}: {e:?}"),
        }
    }

    #[test]
    fn aws_guide_examples_fire_when_the_guide_says() {
        // 2024-03-01 is a Friday.
        let t = at(2024, 3, 1, 12);
        // Every day at 10:00 AM.
        assert_eq!(
            fires("cron(0 10 * * ? *)", t, 2),
            [at(2024, 3, 2, 10), at(2024, 3, 3, 10)]
        );
        // Every Saturday at 6:00 PM.
        assert_eq!(
            fires("cron(0 18 ? * SAT *)", t, 2),
            [at(2024, 3, 2, 18), at(2024, 3, 9, 18)]
        );
        // The first day of every month at 8:00 AM.
        assert_eq!(
            fires("cron(0 8 1 * ? *)", t, 2),
            [at(2024, 4, 1, 8), at(2024, 5, 1, 8)]
        );
        // Every three months on Sunday at 1:00 AM (January, April, July, October).
        assert_eq!(
            fires("cron(0 1 * 1/3 SUN *)", t, 3),
            [at(2024, 4, 7, 1), at(2024, 4, 14, 1), at(2024, 4, 21, 1)]
        );
        // The last day of every month at 5:00 PM (2024 is a leap year).
        assert_eq!(
            fires("cron(0 17 L * ? *)", at(2024, 2, 1, 0), 3),
            [
                at(2024, 2, 29, 17),
                at(2024, 3, 31, 17),
                at(2024, 4, 30, 17)
            ]
        );
        // Monday through Friday at 8:00 AM.
        assert_eq!(
            fires("cron(0 8 ? * MON-FRI *)", t, 3),
            [at(2024, 3, 4, 8), at(2024, 3, 5, 8), at(2024, 3, 6, 8)]
        );
        // First and 15th day of every month at 4:00 PM.
        assert_eq!(
            fires("cron(0 16 1,15 * ? *)", t, 3),
            [at(2024, 3, 1, 16), at(2024, 3, 15, 16), at(2024, 4, 1, 16)]
        );
        // First Sunday of every month at midnight.
        assert_eq!(
            fires("cron(0 0 ? * SUN#1 *)", t, 2),
            [at(2024, 3, 3, 0), at(2024, 4, 7, 0)]
        );
        // Increments of hours restart each day: 4:00 AM, 4:00 PM, then 4:00 AM.
        assert_eq!(
            fires("cron(0 4/12 * * ? *)", t, 3),
            [at(2024, 3, 1, 16), at(2024, 3, 2, 4), at(2024, 3, 2, 16)]
        );
    }

    #[test]
    fn l_w_and_hash_forms() {
        // Last Friday of the month (numeric and named), third Tuesday.
        assert_eq!(
            fires("cron(0 0 ? * 6L *)", at(2024, 3, 1, 0), 2),
            [at(2024, 3, 29, 0), at(2024, 4, 26, 0)]
        );
        assert_eq!(
            fires("cron(0 0 ? * friL *)", at(2024, 3, 1, 0), 1),
            [at(2024, 3, 29, 0)]
        );
        assert_eq!(
            fires("cron(0 9 ? * TUE#3 *)", at(2024, 3, 1, 0), 2),
            [at(2024, 3, 19, 9), at(2024, 4, 16, 9)]
        );
        // L alone in day-of-week is Saturday.
        assert_eq!(
            fires("cron(0 0 ? * L *)", at(2024, 3, 1, 0), 1),
            [at(2024, 3, 2, 0)]
        );
        // 15W: 2024-06-15 is a Saturday → Friday 14th; 2024-09-15 a Sunday → Monday 16th.
        let s = RotationSchedule::parse("cron(0 0 15W * ? *)").unwrap();
        assert_eq!(s.next_after(at(2024, 6, 1, 0)), Some(at(2024, 6, 14, 0)));
        assert_eq!(s.next_after(at(2024, 9, 1, 0)), Some(at(2024, 9, 16, 0)));
        // 1W when the 1st is a Saturday (2024-06-01) → Monday 3rd, not May 31st.
        assert_eq!(
            fires("cron(0 0 1W * ? *)", at(2024, 5, 15, 0), 1),
            [at(2024, 6, 3, 0)]
        );
        // LW: last weekday; 2024-03-31 is a Sunday → Friday 29th.
        assert_eq!(
            fires("cron(0 0 LW * ? *)", at(2024, 3, 1, 0), 1),
            [at(2024, 3, 29, 0)]
        );
        // 31W skips 30-day months.
        assert_eq!(
            fires("cron(0 0 31W * ? *)", at(2024, 4, 1, 0), 1),
            [at(2024, 5, 31, 0)]
        );
        // The fifth Friday exists only in some months: 2024-03-29, then 2024-05-31.
        assert_eq!(
            fires("cron(0 0 ? * FRI#5 *)", at(2024, 3, 1, 0), 2),
            [at(2024, 3, 29, 0), at(2024, 5, 31, 0)]
        );
        // 29 February fires in leap years only.
        assert_eq!(
            fires("cron(0 0 29 FEB ? *)", at(2024, 3, 1, 0), 1),
            [at(2028, 2, 29, 0)]
        );
    }

    #[test]
    fn lists_ranges_steps_and_names() {
        assert_eq!(
            fires("cron(0 0 ? JAN,apr,Jul,OCT 2 *)", at(2024, 1, 31, 0), 1),
            [at(2024, 4, 1, 0)]
        );
        assert_eq!(
            fires("cron(0 6 1-3 * ? *)", at(2024, 3, 3, 7), 1),
            [at(2024, 4, 1, 6)]
        );
        assert_eq!(
            fires("cron(0 0 1/10 * ? *)", at(2024, 3, 1, 0), 3),
            [at(2024, 3, 11, 0), at(2024, 3, 21, 0), at(2024, 3, 31, 0)]
        );
        assert_eq!(
            fires("cron(0 0,8-16/8 * * ? *)", at(2024, 3, 1, 1), 3),
            [at(2024, 3, 1, 8), at(2024, 3, 1, 16), at(2024, 3, 2, 0)]
        );
        assert_eq!(
            fires("cron(0 */6 * * ? *)", at(2024, 3, 1, 0), 2),
            [at(2024, 3, 1, 6), at(2024, 3, 1, 12)]
        );
        // Strictly after: a firing at `t` itself is not the next one.
        assert_eq!(
            fires("cron(0 10 * * ? *)", at(2024, 3, 1, 10), 1),
            [at(2024, 3, 2, 10)]
        );
    }

    #[test]
    fn what_aws_does_not_accept_is_refused_with_the_reason() {
        for (expr, why) in [
            ("cron(5 10 * * ? *)", "the minutes field must be 0"),
            ("cron(0 10 * * ? 2025)", "the year field must be *"),
            ("cron(0 10 * * ?)", "six fields"),
            ("cron(0 10 * * ? * *)", "six fields"),
            ("cron(0  10 * * ? *)", "six fields"),
            (
                "cron(0 24 * * ? *)",
                "24 is not a value of the hours field (0-23)",
            ),
            (
                "cron(0 10 0 * ? *)",
                "0 is not a value of the day-of-month field (1-31)",
            ),
            ("cron(0 10 32 * ? *)", "32 is not a value"),
            (
                "cron(0 10 ? 13 * *)",
                "13 is not a value of the month field (1-12)",
            ),
            (
                "cron(0 10 ? * 8 *)",
                "8 is not a value of the day-of-week field (1-7)",
            ),
            ("cron(0 10 ? * FOO *)", "FOO is not a value"),
            ("cron(0 10 1 * MON *)", "use ? in one of them"),
            ("cron(0 10 ? * ? *)", "can't both be ?"),
            ("cron(0 10 ? * FRI-MON *)", "goes backwards"),
            ("cron(0 10 1/0 * ? *)", "0 is not an increment"),
            ("cron(0 10 1,L * ? *)", "stand alone"),
            ("cron(0 10 L-2 * ? *)", "stand alone"),
            ("cron(0 10 ? * MON#6 *)", "the week after # is 1 to 5"),
            ("cron(0 10 31 FEB ? *)", "it never fires"),
            ("cron(0 */2 * * ? *)", "as often as every four hours"),
            ("cron(0 0,22 * * ? *)", "as often as every four hours"),
            ("rate(3 hours)", "as often as every four hours"),
            ("rate(1000 days)", "999 days"),
            ("rate(0 days)", "positive integer"),
            ("rate(2 weeks)", "the unit must be"),
            ("rate(2days)", "use rate(Value Unit)"),
            ("every 2 days", "use rate(Value Unit) or cron("),
        ] {
            let m = refused(expr);
            assert!(
                m.starts_with(&format!("The schedule expression {expr} is not valid: ")),
                "{m}"
            );
            assert!(m.contains(why), "{expr}: {m}");
        }
        // Twice a day on Mondays only: 22:00 then 00:00 the next day never both fire.
        RotationSchedule::parse("cron(0 0,22 ? * MON *)").unwrap();
    }

    #[test]
    fn rules_windows_and_aws_wording() {
        let rules = |days: Option<i64>, expr: Option<&str>, d: Option<&str>| RotationRules {
            automatically_after_days: days,
            schedule_expression: expr.map(str::to_owned),
            duration: d.map(str::to_owned),
        };
        assert_eq!(
            RotationSchedule::from_rules(&rules(None, None, None)).unwrap(),
            None
        );
        let e = RotationSchedule::from_rules(&rules(Some(3), Some("rate(3 days)"), None));
        assert_eq!(
            e.unwrap_err().message(),
            "You cannot specify both rotation frequency and schedule expression together."
        );
        let e = RotationSchedule::from_rules(&rules(Some(1001), None, None)).unwrap_err();
        assert_eq!(e.name(), "ValidationException");
        let window = |expr: &str, d: Option<&str>| {
            RotationSchedule::from_rules(&rules(None, Some(expr), d))
                .map(|s| s.unwrap().window().as_secs() / HOUR)
        };
        // Defaults: one hour for a schedule in hours, the rest of the UTC day for one in days.
        assert_eq!(window("rate(6 hours)", None).unwrap(), 1);
        assert_eq!(window("cron(0 4/12 * * ? *)", None).unwrap(), 1);
        assert_eq!(window("rate(2 days)", None).unwrap(), 24);
        assert_eq!(window("cron(0 16 * * ? *)", None).unwrap(), 8);
        assert_eq!(window("cron(0 16 * * ? *)", Some("3h")).unwrap(), 3);
        assert_eq!(window("cron(0 16 * * ? *)", Some("8h")).unwrap(), 8);
        assert_eq!(window("cron(0 4/12 * * ? *)", Some("8h")).unwrap(), 8);
        for (expr, d, why) in [
            ("cron(0 16 * * ? *)", "9h", "next UTC day"),
            ("cron(0 4/12 * * ? *)", "12h", "next UTC day"),
            ("cron(0 0/6 * * ? *)", "7h", "next rotation window"),
            ("rate(6 hours)", "7h", "next rotation window"),
            ("rate(2 days)", "25h", "next UTC day"),
            ("rate(2 days)", "0h", "at least one hour"),
            ("rate(2 days)", "3", "use <N>h"),
            ("rate(2 days)", "1000h", "use <N>h"),
        ] {
            let e = window(expr, Some(d)).unwrap_err().message();
            assert!(
                e.starts_with(&format!("The rotation window duration {d} is not valid: ")),
                "{e}"
            );
            assert!(e.contains(why), "{expr} {d}: {e}");
        }
        let e = RotationSchedule::from_rules(&rules(None, None, Some("2h"))).unwrap_err();
        assert_eq!(e.name(), "InvalidParameterException");
        // AutomaticallyAfterDays counts from the last rotation.
        let s = RotationSchedule::from_rules(&rules(Some(30), None, None))
            .unwrap()
            .unwrap();
        assert_eq!(s.next_after(at(2024, 3, 1, 5)), Some(at(2024, 3, 31, 5)));
    }

    #[test]
    fn the_weekday_and_nearest_weekday_helpers() {
        assert_eq!(weekday(0), 5); // 1970-01-01, a Thursday
        assert_eq!(weekday(days_from_civil(2024, 3, 3)), 1); // a Sunday
        assert_eq!(weekday(days_from_civil(2024, 3, 2)), 7); // a Saturday
        assert_eq!(nearest_weekday(2024, 3, 31, 31), 29); // Sunday the 31st → Friday
        assert_eq!(nearest_weekday(2024, 3, 4, 31), 4); // a Monday stays
    }
}
