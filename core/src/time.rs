//! Time as the AWS formats write it: ISO 8601 / RFC 3339 timestamps in UTC, as IAM and the
//! CLI print them (`2024-01-01T00:00:00Z`; parsed for the policy `Date*` condition operators,
//! printed in access-denied reasons and STS responses), and epoch seconds with millisecond
//! precision, as the JSON protocols carry them (`1569534789.046`).
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use datakey::time::{format_iso8601, parse_iso8601};
//! let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
//! assert_eq!(format_iso8601(t), "2023-11-14T22:13:20Z");
//! assert_eq!(parse_iso8601("2023-11-14T22:13:20Z"), Some(t));
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Formats `t` as `YYYY-MM-DDThh:mm:ssZ` (UTC, whole seconds; times before 1970 print as
/// 1970-01-01T00:00:00Z).
pub fn format_iso8601(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let secs = i64::try_from(secs).unwrap_or(i64::MAX / 2);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0i64, |acc, c| {
        acc.checked_mul(10)?.checked_add(i64::from(c - b'0'))
    })
}

/// Parses an IAM date: `YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ss` with optional fractional seconds
/// and a `Z` or `±hh:mm` offset (no offset means UTC), or whole seconds since the Unix epoch.
/// `None` for anything else, including dates before 1970.
pub fn parse_iso8601(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if let Some(epoch) = digits(b).filter(|_| !s.contains('-')) {
        return UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(epoch).ok()?));
    }
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    let mut nanos = 0u32;
    let rest = &b[10..];
    if !rest.is_empty() {
        if rest.len() < 9 || (rest[0] != b'T' && rest[0] != b't') || rest[3] != b':' {
            return None;
        }
        let (hh, mm) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
        if rest[6] != b':' {
            return None;
        }
        let ss = digits(&rest[7..9])?;
        if hh > 23 || mm > 59 || ss > 60 {
            return None;
        }
        secs += hh * 3600 + mm * 60 + ss;
        let mut tail = &rest[9..];
        if let Some(frac) = tail.strip_prefix(b".") {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let mut ns = 0u32;
            for (i, c) in frac[..n].iter().enumerate() {
                if i < 9 {
                    ns = ns * 10 + u32::from(c - b'0');
                }
            }
            for _ in n..9 {
                ns *= 10;
            }
            nanos = ns;
            tail = &frac[n..];
        }
        match tail {
            [] | [b'Z'] | [b'z'] => {}
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let off = digits(&[*h1, *h2])? * 3600 + digits(&[*m1, *m2])? * 60;
                if *sign == b'+' {
                    secs -= off;
                } else {
                    secs += off;
                }
            }
            _ => return None,
        }
    }
    let secs = u64::try_from(secs).ok()?;
    UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
}

/// Epoch seconds with millisecond precision, as AWS sends them (`1569534789.046`).
pub fn epoch_seconds(t: SystemTime) -> f64 {
    let (sign, d) = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (1.0, d),
        Err(e) => (-1.0, e.duration()),
    };
    let millis = d.as_millis();
    // Exact for any date the service can produce (f64 holds 2^53 milliseconds).
    sign * (millis / 1000) as f64 + sign * (millis % 1000) as f64 / 1000.0
}

/// The time of `secs` epoch seconds, `None` when it is not a finite time `SystemTime` holds.
pub fn from_epoch_seconds(secs: f64) -> Option<SystemTime> {
    if !secs.is_finite() {
        return None;
    }
    let d = Duration::try_from_secs_f64(secs.abs()).ok()?;
    if secs >= 0.0 {
        UNIX_EPOCH.checked_add(d)
    } else {
        UNIX_EPOCH.checked_sub(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn round_trips_and_known_values() {
        assert_eq!(format_iso8601(at(0)), "1970-01-01T00:00:00Z");
        assert_eq!(format_iso8601(at(1_700_000_000)), "2023-11-14T22:13:20Z");
        assert_eq!(format_iso8601(at(951_782_400)), "2000-02-29T00:00:00Z");
        for secs in [0, 59, 86_399, 951_782_400, 1_700_000_000, 4_102_444_800] {
            assert_eq!(parse_iso8601(&format_iso8601(at(secs))), Some(at(secs)));
        }
        assert_eq!(parse_iso8601("2023-11-14"), Some(at(1_699_920_000)));
        assert_eq!(
            parse_iso8601("2023-11-14T23:13:20+01:00"),
            Some(at(1_700_000_000))
        );
        assert_eq!(
            parse_iso8601("2023-11-14T21:13:20-01:00"),
            Some(at(1_700_000_000))
        );
        assert_eq!(
            parse_iso8601("2023-11-14T22:13:20.5Z"),
            Some(at(1_700_000_000) + Duration::from_millis(500))
        );
        assert_eq!(parse_iso8601("1700000000"), Some(at(1_700_000_000)));
    }

    #[test]
    fn refuses_malformed_dates() {
        for bad in [
            "",
            "2023-1",
            "-5",
            "2023-13-01",
            "2023-02-29",
            "2023-11-14T24:00:00Z",
            "2023-11-14T22:13",
            "2023-11-14T22:13:20Q",
            "2023-11-14T22:13:20.Z",
            "2023-11-14 22:13:20Z",
            "1969-12-31T00:00:00Z",
            "yesterday",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }
}
