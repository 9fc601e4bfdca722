//! ZONE020: SOA timers that contradict each other.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE020",
    name: "soa-timers-inconsistent",
    severity: Severity::Warning,
    summary: "SOA timers contradict each other: refresh below retry, expire below refresh, or a negative-caching TTL over a day",
    doc: include_str!("../../../rules/docs/ZONE020.md"),
    check: Some(check),
};

/// RFC 2308 §5: one to three hours work well; BIND caps negative answers at 3 hours
/// (`max-ncache-ttl`) and anything over a day is ignored by most resolvers.
const MAX_NEGATIVE_TTL: u32 = 86_400;

// SOA RDATA fields: mname, rname, serial, refresh, retry, expire, minimum.
const REFRESH: usize = 3;
const RETRY: usize = 4;
const EXPIRE: usize = 5;
const MINIMUM: usize = 6;

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    for soa in zone.at(apex).filter(|r| r.rtype == RType::SOA) {
        let RData::Soa(timers) = &soa.rdata else {
            continue;
        };
        if timers.refresh < timers.retry {
            out.push(
                Diagnostic::new(
                    &RULE,
                    soa.field_span(RETRY),
                    format!(
                        "SOA retry ({}) is longer than refresh ({}): a secondary waits longer after a failed check than between good ones",
                        timers.retry, timers.refresh
                    ),
                )
                .with_label(soa.field_span(REFRESH), "refresh")
                .with_help("make retry shorter than refresh (RFC 1912 §2.2: retry is usually a fraction of refresh)"),
            );
        }
        // Short of refresh plus retry is as bad: a secondary whose refresh finds the primary
        // silent drops the zone before its first retry. (All timers 0 is a test zone's
        // placeholder SOA, BIND's `@ SOA . . 0 0 0 0 0`: not judged.)
        let before_retry = u64::from(timers.refresh) + u64::from(timers.retry);
        if timers.expire < timers.refresh
            || (u64::from(timers.expire) < before_retry && timers.refresh > 0)
        {
            let message = if timers.expire < timers.refresh {
                format!(
                    "SOA expire ({}) is shorter than refresh ({}): secondaries stop serving the zone before they next try to refresh it",
                    timers.expire, timers.refresh
                )
            } else {
                format!(
                    "SOA expire ({}) is shorter than refresh plus retry ({} + {}): secondaries stop serving the zone when one refresh fails, before they retry",
                    timers.expire, timers.refresh, timers.retry
                )
            };
            out.push(
                Diagnostic::new(&RULE, soa.field_span(EXPIRE), message)
                .with_label(soa.field_span(REFRESH), "refresh")
                .with_help("make expire much longer than refresh, typically 2 to 4 weeks (RFC 1912 §2.2)"),
            );
        }
        if timers.minimum > MAX_NEGATIVE_TTL {
            out.push(
                Diagnostic::new(
                    &RULE,
                    soa.field_span(MINIMUM),
                    format!(
                        "SOA minimum ({}) asks resolvers to cache \"no such name\" for over a day",
                        timers.minimum
                    ),
                )
                // Info, not a warning: the value of Debian's stock `db.local` (a week), loaded
                // by BIND and Knot without a word, and cut by resolvers to their own cap (BIND
                // 3 hours, Unbound 1 hour).
                .with_severity(Severity::Info)
                .with_help("RFC 2308 §5: one to three hours work well; resolvers cap it (BIND at 3 hours, Unbound at 1), but a name you add stays invisible to a resolver without a cap for this long"),
            );
        }
    }
}
