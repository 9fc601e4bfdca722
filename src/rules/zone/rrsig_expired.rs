//! ZONE050: RRSIG records whose validity period is over (or not begun) by the clock of the run.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, Record};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE050",
    name: "rrsig-expired",
    severity: Severity::Error,
    summary: "An RRSIG record's signature has expired, or is not valid yet: validating resolvers reject the answers it signs",
    doc: include_str!("../../../rules/docs/ZONE050.md"),
    check: Some(check),
};

/// The RDATA fields of an RRSIG that hold its expiration and inception (RFC 4034 §3.2).
const EXPIRATION: usize = 4;
const INCEPTION: usize = 5;

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut signatures = zone.of_type(RType::RRSIG).peekable();
    if signatures.peek().is_none() {
        return;
    }
    let now = now();
    // Each with the time it means, then the time it writes.
    let mut expired: Vec<(&Record, i64, i64)> = Vec::new();
    let mut early: Vec<(&Record, i64, i64)> = Vec::new();
    for record in signatures {
        let time = |field| seconds(project.field_text(record, field).as_bytes(), now);
        let (Some((expiration, expires)), Some((inception, begins))) =
            (time(EXPIRATION), time(INCEPTION))
        else {
            continue;
        };
        // Ordered by what the times mean; shown as the record writes them.
        if expires < now {
            expired.push((record, expires, expiration));
        } else if begins > now + CLOCK_SKEW {
            early.push((record, begins, inception));
        }
    }
    // One finding a zone for each: a signed zone holds thousands of signatures, all made at
    // one signing.
    if let Some(&(first, _, when)) = expired.iter().min_by_key(|(_, _, written)| *written) {
        out.push(
            Diagnostic::new(
                &RULE,
                first.field_span(EXPIRATION),
                format!(
                    "the RRSIG of `{}` expired on {}{}{}: validating resolvers reject the answers it signs",
                    first.owner,
                    utc(when),
                    if when > now {
                        " (a date more than 68 years ahead reads as past: RFC 4034 §3.1.5)"
                    } else {
                        ""
                    },
                    more(expired.len(), "expired")
                ),
            )
            .with_help(
                "After its expiration a signature no longer validates (RFC 4034 §3.1.5): resolvers \
                 that validate DNSSEC answer SERVFAIL for the names it signs, the zone's MX and \
                 DKIM keys included, so mail to and from the domain fails. Re-sign the zone \
                 (`dnssec-signzone`, `ldns-signzone`, or let the server sign it: BIND's \
                 `dnssec-policy`, Knot's `dnssec-signing`) and commit the result, or stop \
                 committing signed output whose signatures run out.",
            ),
        );
    }
    if let Some(&(first, _, when)) = early.iter().max_by_key(|(_, means, _)| *means) {
        out.push(
            Diagnostic::new(
                &RULE,
                first.field_span(INCEPTION),
                format!(
                    "the RRSIG of `{}` is not valid before {}{}: validating resolvers reject the answers it signs until then",
                    first.owner,
                    utc(when),
                    more(early.len(), "not valid yet")
                ),
            )
            .with_help(
                "Before its inception a signature does not validate (RFC 4034 §3.1.5): the signing \
                 machine's clock was ahead. Re-sign the zone with the right time.",
            ),
        );
    }
}

/// How far an inception may lie ahead of this machine's clock: signers backdate inception by
/// an hour for clocks that differ (BIND's default), and so do these checks.
const CLOCK_SKEW: i64 = 3600;

fn more(count: usize, what: &str) -> String {
    match count {
        1 => String::new(),
        n => format!(" (and {} more RRSIG records {what} in the zone)", n - 1),
    }
}

/// Seconds since 1970 now: the clock of the machine zonelint runs on.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// An RRSIG time field: the time it writes, in seconds since 1970 (`YYYYMMDDHHmmSS` in UTC,
/// or a number of seconds), and the time it means to a validator, which keeps its low 32 bits
/// and reads them in serial number arithmetic (RFC 4034 §3.1.5, as BIND's
/// `dns_time32_fromtext` and validators do): the time of those bits nearest `now`, so a date
/// more than 68 years ahead reads as past.
fn seconds(text: &[u8], now: i64) -> Option<(i64, i64)> {
    if !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let written = if text.len() == 14 {
        let num = |range: std::ops::Range<usize>| {
            text[range]
                .iter()
                .fold(0i64, |v, d| v * 10 + i64::from(d - b'0'))
        };
        let days = days_from_civil(num(0..4), num(4..6), num(6..8));
        days * 86_400 + num(8..10) * 3600 + num(10..12) * 60 + num(12..14)
    } else {
        i64::from(std::str::from_utf8(text).ok()?.parse::<u32>().ok()?)
    };
    let offset = (written as u32).wrapping_sub(now as u32) as i32;
    Some((written, now + i64::from(offset)))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `2014-05-21 12:00:00 UTC`.
fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // The inverse of `days_from_civil`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_both_forms() {
        let now = 1_800_000_000; // 2027-01-15
        assert_eq!(seconds(b"19700101000000", 0), Some((0, 0)));
        assert_eq!(
            seconds(b"20140521120000", now),
            Some((1_400_673_600, 1_400_673_600))
        );
        assert_eq!(utc(1_400_673_600), "2014-05-21 12:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(seconds(b"20000229000000", 0).unwrap().0, 951_782_400);
        // Seconds in serial arithmetic: the value nearest the clock, across the 2106 wrap.
        assert_eq!(
            seconds(b"1799999000", now),
            Some((1_799_999_000, 1_799_999_000))
        );
        let wrapping = (1i64 << 32) - 100;
        assert_eq!(seconds(b"100", wrapping), Some((100, (1i64 << 32) + 100)));
        // A date more than 68 years ahead means a time in the past, as BIND reads it.
        let (written, means) = seconds(b"21000101000000", now).unwrap();
        assert_eq!(utc(written), "2100-01-01 00:00:00 UTC");
        assert!(means < now);
        let (written, means) = seconds(b"20900101000000", now).unwrap();
        assert_eq!(written, means);
        assert_eq!(seconds(b"2014x", now), None);
    }
}
