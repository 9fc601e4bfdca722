//! ZONE058: an SOA serial that reads as a date serial (`YYYYMMDDnn`) of a day still to come.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;
use crate::rules::zone::rrsig_expired::{days_from_civil, now};

pub static RULE: Rule = Rule {
    code: "ZONE058",
    name: "soa-serial-future-date",
    severity: Severity::Warning,
    summary: "The SOA serial reads as a date (YYYYMMDDnn) after today: serials written from the date from now on are lower, and secondaries ignore them",
    doc: include_str!("../../../rules/docs/ZONE058.md"),
    check: Some(check),
};

// SOA RDATA fields: mname, rname, serial, ...
const SERIAL: usize = 2;

/// Days a date serial may run ahead of this machine's clock before it is reported: a zone
/// edited late in the day east of UTC, or a serial bumped for tomorrow's change.
const DAYS_AHEAD_ALLOWED: i64 = 2;

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    let today = now().div_euclid(86_400);
    for soa in zone.at(apex).filter(|r| r.rtype == RType::SOA) {
        let RData::Soa(soa_data) = &soa.rdata else {
            continue;
        };
        let Some((year, month, day)) = date_serial(soa_data.serial) else {
            continue;
        };
        let ahead = days_from_civil(year, month, day) - today;
        if ahead <= DAYS_AHEAD_ALLOWED {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                soa.field_span(SERIAL),
                format!(
                    "SOA serial {} reads as a date serial (YYYYMMDDnn) of {year:04}-{month:02}-{day:02}, a day still to come: a serial written from today's date is lower, and secondaries ignore it",
                    soa_data.serial
                ),
            )
            .with_help(
                "Secondaries transfer the zone only when the serial grows (RFC 1982 arithmetic): \
                 after this one, every serial written from the date until that day is lower, and \
                 changes stop reaching them. If the zone was never published with it, write \
                 today's serial. If it was, keep counting up from it, or bring it back in two \
                 steps (RFC 1982 §7: add up to 2147483647, wait for every secondary to transfer, \
                 then write the serial wanted).",
            ),
        );
    }
}

/// The date a serial names when it reads as `YYYYMMDDnn` (ten digits, a year from 1990 on, a
/// real month and day): the convention RFC 1912 §2.2 recommends. Counters and times in
/// seconds (`1733600000`: year 1733) are not dates.
fn date_serial(serial: u32) -> Option<(i64, i64, i64)> {
    if serial < 1_000_000_000 {
        return None;
    }
    let serial = i64::from(serial);
    let (year, month, day) = (
        serial / 1_000_000,
        serial / 10_000 % 100,
        serial / 100 % 100,
    );
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1990 && (1..=month_days).contains(&day)).then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_that_read_as_dates() {
        assert_eq!(date_serial(2104112418), Some((2104, 11, 24)));
        assert_eq!(date_serial(2024022901), Some((2024, 2, 29)));
        assert_eq!(date_serial(2023022901), None);
        assert_eq!(date_serial(2100000001), None);
        assert_eq!(date_serial(1733600000), None);
        assert_eq!(date_serial(4294967295), None);
        assert_eq!(date_serial(42), None);
    }
}
