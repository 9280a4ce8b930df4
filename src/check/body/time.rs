//! Times in request bodies: the one format the API takes (`yyyy-MM-ddTHH:mm:ssZ`,
//! UTC), a lenient reader that recognises the near misses people send, and a
//! small civil-date ↔ Unix-seconds conversion (no date library needed).

/// Seconds since 1970-01-01T00:00:00Z of the civil date and time (proleptic
/// Gregorian calendar, UTC). Fields are taken as given (no range check).
pub fn unix_from_civil(year: i64, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> i64 {
    days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(min) * 60
        + i64::from(sec)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `t` (Unix seconds) in the API's format, `yyyy-MM-ddTHH:mm:ssZ`.
pub fn format_unix(t: i64) -> String {
    let (y, mo, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// A time read leniently: its value, and how the text deviates from the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LenientTime {
    /// Unix seconds (UTC).
    pub unix: i64,
    /// The same instant in the exact format.
    pub canonical: String,
    /// What differs from the format, in words (empty when the text is exact).
    pub deviations: Vec<&'static str>,
    /// Whether rewriting to `canonical` certainly keeps the meant instant.
    pub safe: bool,
}

/// Why a text is not a time at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    /// Not shaped like a date and time.
    Shape,
    /// Shaped right, but no such date or time (month 13, 31 April, 25:00).
    OutOfRange,
}

/// A cursor over the bytes of a time text.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cur<'_> {
    fn digits(&mut self, n: usize) -> Option<u32> {
        let s = self.b.get(self.i..self.i + n)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(s.iter().fold(0, |a, d| a * 10 + u32::from(d - b'0')))
    }
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.b.get(self.i) == Some(&c);
        self.i += usize::from(hit);
        hit
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
}

/// Read `text` as `yyyy-MM-ddTHH:mm:ssZ`, tolerating a space or lower-case `t`
/// separator, missing seconds or time, a fraction, a lower-case `z`, a numeric
/// offset or no zone at all; each tolerance is a deviation.
pub fn parse_lenient(text: &str) -> Result<LenientTime, TimeError> {
    let mut c = Cur {
        b: text.as_bytes(),
        i: 0,
    };
    let mut dev = Vec::new();
    let mut safe = true;
    let year = c.digits(4).ok_or(TimeError::Shape)?;
    let (true, Some(month), true, Some(day)) = (c.eat(b'-'), c.digits(2), c.eat(b'-'), c.digits(2))
    else {
        return Err(TimeError::Shape);
    };
    let (mut h, mut mi, mut s) = (0, 0, 0);
    match c.peek() {
        None => {
            dev.push("the time of day is missing (midnight assumed)");
            dev.push("the `Z` (UTC) is missing");
            safe = false;
        }
        Some(sep @ (b'T' | b't' | b' ')) => {
            c.i += 1;
            if sep == b' ' {
                dev.push("a space separates date and time where `T` belongs");
            } else if sep == b't' {
                dev.push("the `T` is lower case");
            }
            h = c.digits(2).ok_or(TimeError::Shape)?;
            if !c.eat(b':') {
                return Err(TimeError::Shape);
            }
            mi = c.digits(2).ok_or(TimeError::Shape)?;
            if c.eat(b':') {
                s = c.digits(2).ok_or(TimeError::Shape)?;
            } else {
                dev.push("the seconds are missing");
            }
            if c.eat(b'.') {
                let start = c.i;
                while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                    c.i += 1;
                }
                if c.i == start {
                    return Err(TimeError::Shape);
                }
                dev.push("the API takes whole seconds, without a fraction");
                safe &= c.b[start..c.i].iter().all(|&d| d == b'0');
            }
        }
        Some(_) => return Err(TimeError::Shape),
    }
    let offset = zone(&mut c, &mut dev, &mut safe, h != 0 || mi != 0 || s != 0)?;
    if c.i != c.b.len() {
        return Err(TimeError::Shape);
    }
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(i64::from(year), month)
        || h > 23
        || mi > 59
        || s > 59
    {
        return Err(TimeError::OutOfRange);
    }
    let unix = unix_from_civil(i64::from(year), month, day, h, mi, s) - offset;
    let canonical = format_unix(unix);
    Ok(LenientTime {
        unix,
        canonical,
        deviations: dev,
        safe,
    })
}

/// The zone after the time: `Z`, `z`, `+hh:mm`, `-hh:mm` or nothing. Returns the
/// offset in seconds east of UTC.
fn zone(
    c: &mut Cur<'_>,
    dev: &mut Vec<&'static str>,
    safe: &mut bool,
    had_time: bool,
) -> Result<i64, TimeError> {
    match c.peek() {
        Some(b'Z') => {
            c.i += 1;
            Ok(0)
        }
        Some(b'z') => {
            c.i += 1;
            dev.push("the `Z` is lower case");
            Ok(0)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let hh = c.digits(2).ok_or(TimeError::Shape)?;
            c.eat(b':');
            let mm = c.digits(2).ok_or(TimeError::Shape)?;
            if hh > 23 || mm > 59 {
                return Err(TimeError::OutOfRange);
            }
            dev.push("the API takes UTC written with `Z`, not a numeric offset");
            let off = i64::from(hh * 3600 + mm * 60);
            Ok(if sign == b'-' { -off } else { off })
        }
        None if had_time || c.b.len() > 10 => {
            dev.push("the `Z` (UTC) is missing");
            *safe = false;
            Ok(0)
        }
        None => Ok(0),
        Some(_) => Err(TimeError::Shape),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_and_known_values() {
        assert_eq!(unix_from_civil(1970, 1, 1, 0, 0, 0), 0);
        assert_eq!(unix_from_civil(2026, 1, 1, 0, 0, 0), 1_767_225_600);
        assert_eq!(unix_from_civil(2000, 3, 1, 0, 0, 0), 951_868_800);
        assert_eq!(unix_from_civil(1969, 12, 31, 23, 59, 59), -1);
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_454, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(
            format_unix(1_767_225_600 + 4 * 3600 + 61),
            "2026-01-01T04:01:01Z"
        );
    }

    #[test]
    fn exact_format_has_no_deviation() {
        let t = parse_lenient("2026-02-28T13:05:09Z").unwrap();
        assert!(t.deviations.is_empty());
        assert_eq!(t.canonical, "2026-02-28T13:05:09Z");
        assert!(t.safe);
    }

    #[test]
    fn near_misses_are_read_with_deviations() {
        let t = parse_lenient("2021-06-22 14:00:00Z").unwrap();
        assert_eq!(t.canonical, "2021-06-22T14:00:00Z");
        assert_eq!(t.deviations.len(), 1);
        assert!(t.safe);
        let t = parse_lenient("2026-01-01T10:00:00+02:00").unwrap();
        assert_eq!(t.canonical, "2026-01-01T08:00:00Z");
        assert!(t.safe);
        let t = parse_lenient("2026-01-01T10:00:00.500Z").unwrap();
        assert!(!t.safe);
        let t = parse_lenient("2026-01-01T10:00:00").unwrap();
        assert!(!t.safe);
        let t = parse_lenient("2026-01-01").unwrap();
        assert_eq!(t.canonical, "2026-01-01T00:00:00Z");
        assert!(!t.safe);
        let t = parse_lenient("2026-01-01t10:00z").unwrap();
        assert_eq!(t.canonical, "2026-01-01T10:00:00Z");
        assert_eq!(t.deviations.len(), 3);
    }

    #[test]
    fn rejects_what_is_not_a_time() {
        for s in [
            "",
            "now",
            "2026-1-1T00:00:00Z",
            "2026-01-01T00:00:00Zx",
            "2026-01-01X",
        ] {
            assert_eq!(parse_lenient(s), Err(TimeError::Shape), "{s}");
        }
        for s in [
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
        ] {
            assert_eq!(parse_lenient(s), Err(TimeError::OutOfRange), "{s}");
        }
        assert!(parse_lenient("2024-02-29T00:00:00Z").is_ok());
    }
}
