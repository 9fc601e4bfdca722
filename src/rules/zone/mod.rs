//! Zone structure rules: what named-checkzone and kzonecheck check about the shape of a zone
//! (SOA and NS at the apex, CNAME and DNAME exclusivity, duplicates, TTLs inside an RRset,
//! out-of-zone data, DS placement, CDS/CDNSKEY, SPF, SOA timers; targets of NS and SRV records,
//! delegations and glue, host names, `_dns` SVCB). Each rule sees the whole zone,
//! every file it spans.

pub mod bad_owner_hostname;
pub mod bad_target_hostname;
pub mod cds_cdnskey_mismatch;
pub mod cname_and_other_data;
pub mod cname_at_apex;
pub mod cname_loop;
pub mod cname_target_missing;
pub mod data_below_dname;
pub mod dns_svcb_invalid;
pub mod dnskey_algorithm_deprecated;
pub mod ds_digest_deprecated;
pub mod ds_not_at_delegation;
pub mod duplicate_record;
pub mod knot_unsupported_syntax;
pub mod link_local_address;
pub mod missing_glue;
pub mod multiple_cname;
pub mod multiple_soa;
pub mod non_ascii_characters;
pub mod non_terminal_wildcard;
pub mod ns_address_public_resolver;
pub mod ns_missing;
pub mod ns_target_address;
pub mod ns_target_cname;
pub mod ns_target_no_address;
pub mod nsec3_owner_not_hash;
pub mod occluded_data;
pub mod orphan_glue;
pub mod out_of_zone_data;
pub mod owner_misread;
pub mod ptr_target_missing;
pub mod rrsig_expired;
pub mod soa_missing;
pub mod soa_not_at_apex;
pub mod soa_rname_address;
pub mod soa_serial_future_date;
pub mod soa_timers_inconsistent;
pub mod spf_without_txt;
pub mod srv_target_address;
pub mod srv_target_cname;
pub mod srv_target_no_address;
pub mod target_address;
pub mod target_below_dname;
pub mod target_near_own_domain;
pub mod target_reserved_name;
pub mod targets;
pub mod ttl_above_maximum;
pub mod ttl_mismatch;
pub mod txt_holds_record_line;
pub mod wildcard_ns;

use crate::index::{Project, ZoneIndex};
use crate::model::{RData, Record};
use crate::parse::text::{parse_decimal, parse_ttl};
use crate::rtype::Field;
use crate::source::Span;

/// Is the record's owner at or below the apex? Records outside are ignored by BIND and Knot
/// (and reported once, by `out-of-zone-data`), so the other rules skip them.
pub fn in_zone(zone: &ZoneIndex<'_>, record: &Record) -> bool {
    record.owner.is_subdomain_of(&zone.zone.apex)
}

/// Where to point when the finding is about something absent: the first record of the zone's
/// main file, else the start of that file.
pub fn zone_start(zone: &ZoneIndex<'_>) -> Span {
    let main = zone.zone.main_file();
    zone.zone
        .records
        .iter()
        .find(|r| r.file == main)
        .map_or(Span::new(main, 0, 0), Record::entry_span)
}

/// The RDATA of a record in a form where two records compare equal exactly when a server
/// treats them as the same data: numbers by value (`010` is `10`), names absolute and in lower
/// case (`mail.example.` is `MAIL` at origin `example.`), base64 and hex without the spaces
/// that split them, hex in lower case. None for RDATA that did not parse: it equals nothing.
///
/// Typed RDATA (addresses, names, MX, SRV, SOA, TXT) is exact. For other types the fields are
/// read back from their text; a relative name there is compared as written, since the origin
/// it was completed with is not kept.
pub fn rdata_key(project: &Project<'_>, record: &Record) -> Option<Vec<u8>> {
    let mut key = Vec::with_capacity(32);
    push_rdata_key(project, record, &mut key).then_some(key)
}

/// A number that two records of one type have alike whenever their [`rdata_key`]s are equal,
/// made from what the record itself holds (addresses, numbers, the lengths of names and
/// strings) without reading a name or a string: records whose numbers differ hold different
/// data, and their keys need not be made. None when the record does not tell (SOA, types no
/// rule reads, RDATA that did not parse).
pub fn rdata_fingerprint(record: &Record) -> Option<u64> {
    // Names are compared in lower case, which keeps their length; strings exactly.
    let length = |name: &crate::name::Name| name.as_str().len() as u64;
    Some(match &record.rdata {
        RData::A(ip) => u64::from(ip.to_bits()),
        RData::Aaaa(ip) => {
            let bits = ip.to_bits();
            (bits >> 64) as u64 ^ bits as u64
        }
        RData::Target(target) | RData::AddressAlias(target) => length(target),
        RData::Mx {
            preference,
            exchange,
        } => (u64::from(*preference) << 32) | length(exchange),
        RData::Srv {
            priority,
            weight,
            port,
            target,
        } => {
            (u64::from(*priority) << 48)
                | (u64::from(*weight) << 32)
                | (u64::from(*port) << 16)
                | (length(target) & 0xffff)
        }
        RData::Txt(strings, _) => strings.wire_len() as u64,
        RData::Soa(_) | RData::Other | RData::Invalid => return None,
    })
}

/// [`rdata_key`] appended to `key`, which may hold other keys before it: false, and nothing
/// appended, for RDATA that did not parse.
pub fn push_rdata_key(project: &Project<'_>, record: &Record, key: &mut Vec<u8>) -> bool {
    let name = |key: &mut Vec<u8>, name: &crate::name::Name| {
        // Copied, then lower-cased in place: one pass over a slice instead of a push a byte.
        let start = key.len();
        key.extend_from_slice(name.as_str().as_bytes());
        key[start..].make_ascii_lowercase();
        key.push(0);
    };
    match &record.rdata {
        RData::Invalid => return false,
        RData::A(ip) => key.extend_from_slice(&ip.octets()),
        RData::Aaaa(ip) => key.extend_from_slice(&ip.octets()),
        RData::Target(target) | RData::AddressAlias(target) => name(key, target),
        RData::Mx {
            preference,
            exchange,
        } => {
            key.extend_from_slice(&preference.to_be_bytes());
            name(key, exchange);
        }
        RData::Srv {
            priority,
            weight,
            port,
            target,
        } => {
            for n in [priority, weight, port] {
                key.extend_from_slice(&n.to_be_bytes());
            }
            name(key, target);
        }
        RData::Soa(soa) => {
            name(key, &soa.mname);
            name(key, &soa.rname);
            for n in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] {
                key.extend_from_slice(&n.to_be_bytes());
            }
        }
        RData::Txt(strings, _) => {
            for s in strings {
                key.extend_from_slice(&(s.len() as u32).to_be_bytes());
                key.extend_from_slice(s);
            }
        }
        RData::Other => other_key(project, record, key),
    }
    true
}

fn other_key(project: &Project<'_>, record: &Record, key: &mut Vec<u8>) {
    let kinds = record
        .rtype
        .info()
        .map(|info| info.fields)
        .filter(|kinds| kinds.len() == record.spans.field_count());
    if record.spans.field_count() == 0 {
        // Generic `\#` data of a type no rule reads: the hex, in one case, without spaces.
        let text = &project.sources.get(record.file).text;
        let (start, end) = record.spans.entry();
        let entry = text.get(start as usize..end as usize).unwrap_or("");
        let data = entry.find("\\#").map_or(entry, |at| &entry[at..]);
        push_folded(key, data, true);
        return;
    }
    for index in 0..record.spans.field_count() {
        let text = project.field_text(record, index);
        let kind = kinds.map(|k| k[index]);
        // HIP: after algorithm, HIT and key come the rendezvous servers, all names.
        let is_name = kind == Some(Field::Name)
            || record.is_relative_field(index)
            || (record.rtype.0 == 55 && index >= 3);
        if is_name {
            if record.is_relative_field(index) {
                key.extend_from_slice(b"rel:");
            }
            push_folded(key, text, true);
        } else if record.rtype.0 == 55 && index == 1 {
            // The HIP HIT is hexadecimal.
            push_folded(key, text, true);
        } else {
            match kind {
                Some(
                    Field::U8
                    | Field::U16
                    | Field::U32
                    | Field::Algorithm
                    | Field::KeyFlags
                    | Field::KeyProtocol
                    | Field::CertType,
                ) => match parse_decimal(text.as_bytes()) {
                    Some(n) => key.extend_from_slice(n.to_string().as_bytes()),
                    None => push_folded(key, text, true),
                },
                Some(Field::Ttl) => match parse_ttl(text.as_bytes()) {
                    Some(n) => key.extend_from_slice(n.to_string().as_bytes()),
                    None => push_folded(key, text, true),
                },
                Some(
                    Field::Hex
                    | Field::OptionalHex
                    | Field::Salt
                    | Field::Base32Hex
                    | Field::Type
                    | Field::TypeBitmap,
                ) => push_folded(key, text, true),
                Some(Field::Base64 | Field::OptionalBase64) => push_folded(key, text, false),
                // Strings and fields with their own grammar: as written.
                _ => key.extend_from_slice(text.as_bytes()),
            }
        }
        key.push(0);
    }
}

/// Text split over tokens, without the spaces, line breaks, parentheses and comments between
/// them; folded to lower case if asked.
fn push_folded(key: &mut Vec<u8>, text: &str, fold: bool) {
    for line in text.split('\n') {
        let line = line.split(';').next().unwrap_or("");
        for b in line.bytes() {
            if b.is_ascii_whitespace() || b == b'(' || b == b')' {
                continue;
            }
            key.push(if fold { b.to_ascii_lowercase() } else { b });
        }
    }
}

/// The records that differ from every earlier one (by [`rdata_key`]), in order.
pub fn distinct_records<'a>(project: &Project<'_>, records: &[&'a Record]) -> Vec<&'a Record> {
    let mut seen = rustc_hash::FxHashSet::default();
    records
        .iter()
        .copied()
        .filter(|r| rdata_key(project, r).is_none_or(|key| seen.insert(key)))
        .collect()
}

/// Types that may stand beside a CNAME (RFC 4035 §2.5, RFC 2181 §10.1): its DNSSEC signature
/// and the NSEC that proves what the name has. BIND also takes the obsolete KEY and SIG there
/// (RFC 2535), Knot does not; zonelint follows the stricter of the two.
pub fn allowed_beside_cname(rtype: crate::model::RType) -> bool {
    use crate::model::RType;
    rtype == RType::CNAME || rtype == RType::RRSIG || rtype == RType::NSEC
}

/// "an MX record", "an A record": a type named in a label.
pub fn a_type(rtype: crate::model::RType) -> String {
    let name = rtype.to_string();
    let article = match name.as_bytes().first() {
        Some(b'A' | b'E' | b'F' | b'H' | b'I' | b'L' | b'M' | b'N' | b'O' | b'R' | b'S' | b'X') => {
            "an"
        }
        _ => "a",
    };
    format!("{article} {name} record")
}

/// A finding about what Knot DNS refuses and BIND loads (ZONE042, ZONE043, ZONE044): a warning, as
/// which server deploys a zone is not known, unless the repository's own `knot.conf` names the
/// zone's file. Knot then refuses the zone, and the finding is an error that says why.
pub(crate) fn follow_knot(
    zone: &crate::index::ZoneIndex<'_>,
    mut diagnostic: crate::diagnostic::Diagnostic,
) -> crate::diagnostic::Diagnostic {
    if zone.zone.served_by == Some(crate::model::NameServer::Knot) {
        knot_serves(&mut diagnostic);
    }
    diagnostic
}

/// [`follow_knot`]'s error, for a zone the repository's knot.conf serves.
pub(crate) fn knot_serves(diagnostic: &mut crate::diagnostic::Diagnostic) {
    diagnostic
        .message
        .push_str(" (the repository's knot.conf serves this zone: Knot refuses it)");
    diagnostic.severity = crate::diagnostic::Severity::Error;
}

#[cfg(test)]
mod tests {
    use super::{rdata_fingerprint, rdata_key};
    use crate::catalog::Catalog;
    use crate::index::{Project, tests::parsed};
    use crate::source::SourceMap;

    /// Records whose keys are equal have equal fingerprints, however their data is spelt;
    /// records that differ in a number or a length have different ones.
    #[test]
    fn equal_keys_have_equal_fingerprints() {
        let text = "a MX 10 Mail.example.\na MX 010 mail\na MX 20 mail\n\
                    b TXT \"x y\"\nb TXT \"x\\032y\"\nb TXT \"x\" \"yz\"\n\
                    c AAAA 2001:db8::1\nc AAAA 2001:DB8:0:0::1\nc AAAA 2001:db8::2\n\
                    d SRV 0 5 80 www\nd SRV 00 5 080 WWW.example.\nd SRV 0 5 443 www\n\
                    e A 192.0.2.1\ne A 192.0.2.1\ne A 192.0.2.2\n\
                    f NS ns1\nf NS NS1.example.\nf NS ns22\n";
        let zones = vec![parsed("example.", text)];
        let sources = SourceMap::default();
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let records = &zones[0].records;
        assert_eq!(records.len(), 18);
        for trio in records.chunks(3) {
            let keys: Vec<_> = trio.iter().map(|r| rdata_key(&project, r)).collect();
            let prints: Vec<_> = trio.iter().map(rdata_fingerprint).collect();
            assert!(prints.iter().all(Option::is_some), "{trio:?}");
            assert_eq!(keys[0], keys[1], "{trio:?}");
            assert_eq!(prints[0], prints[1], "{trio:?}");
            assert_ne!(keys[0], keys[2], "{trio:?}");
            assert_ne!(prints[0], prints[2], "{trio:?}");
        }
    }
}
