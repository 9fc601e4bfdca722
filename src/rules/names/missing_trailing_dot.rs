//! NAME001: a relative name in RDATA that reads as a full domain name.
//!
//! In a zone file `MX 10 mail.example.net` (no final dot) means
//! `mail.example.net.<origin>`. That is legal and almost never meant. We flag it when the
//! written name repeats the zone's own name, or ends in a top-level domain that is not a
//! label of the zone, and the completed name does not exist in the linted zones. An owner is
//! flagged when it repeats the origin (the parser marks the entry that writes it,
//! `Record::OWNER_REPEATS_ORIGIN`; octoDNS record names are checked while lowering), and when
//! it is written in full with a name of the zone twice (`_dmarc.example.com.example.com.`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{MeantName, RData, RType, Record, ZoneFormat};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::names::tlds::ROOT_TLDS;
use crate::rules::zone::soa_rname_address;

pub static RULE: Rule = Rule {
    code: "NAME001",
    name: "missing-trailing-dot",
    severity: Severity::Warning,
    summary: "A relative name in RDATA reads as a full domain name: the trailing dot is probably missing",
    doc: include_str!("../../../rules/docs/NAME001.md"),
    check: Some(check),
};

/// Why a relative name looks like a forgotten dot.
pub enum Reason {
    /// `mail.example.com` inside example.com: the origin is repeated.
    RepeatsOrigin(String),
    /// `mx.example.net` inside example.com, and `net` is a top-level domain.
    EndsInTld(String),
}

pub struct Suspect {
    pub written: String,
    pub became: Name,
    pub reason: Reason,
}

/// The name in RDATA field `index`, for the types whose names rules read.
fn name_field(record: &Record, index: usize) -> Option<&Name> {
    match (&record.rdata, index) {
        (RData::Mx { exchange, .. }, 1) => Some(exchange),
        (RData::Target(target), 0) => Some(target),
        (RData::Srv { target, .. }, 3) => Some(target),
        (RData::Soa(soa), 0) => Some(&soa.mname),
        (RData::Soa(soa), 1) => Some(&soa.rname),
        _ => None,
    }
}

/// Does RDATA field `index` of `record` look like a name whose trailing dot was forgotten?
pub fn suspect(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    record: &Record,
    index: usize,
) -> Option<Suspect> {
    if !may_suspect(project, record, index) {
        return None;
    }
    let became = name_field(record, index)?;
    let written = project.field_text(record, index);
    // A completed name that exists was meant to be relative.
    let exists = |name: &Name| {
        project.zone_for(name, zone).is_some_and(|zone| {
            !matches!(zone.lookup(name), Lookup::NxDomain | Lookup::Wildcard(_))
        })
    };
    if exists(became) {
        return None;
    }
    let written_name = Name::from_ascii(written).ok()?;
    let written_labels = written_name.label_count();
    let origin_labels: Vec<&str> = became.labels().skip(written_labels).collect();
    let origin = origin_labels.join(".");
    let written_lower = written.to_ascii_lowercase();
    let origin_lower = origin.to_ascii_lowercase();
    if !origin.is_empty()
        && (written_lower == origin_lower || written_lower.ends_with(&format!(".{origin_lower}")))
    {
        return Some(Suspect {
            written: written.to_string(),
            became: became.clone(),
            reason: Reason::RepeatsOrigin(origin),
        });
    }
    let last = written_name.labels().last()?.to_ascii_lowercase();
    if !is_tld(&last) {
        return None;
    }
    // `host.it` is meant relative when the zone has an `it` subtree.
    let label_in_zone = Name::from_ascii(&last)
        .ok()?
        .prepend_to(&Name::from_ascii(&origin).ok()?)
        .ok()?;
    if exists(&label_in_zone) {
        return None;
    }
    Some(Suspect {
        written: written.to_string(),
        became: became.clone(),
        reason: Reason::EndsInTld(last),
    })
}

/// Has NAME001 already spoken for RDATA field `index` of `record`, so that a rule about the
/// name it became should keep quiet? In a zone file, when the field is a [`suspect`]. In an
/// octoDNS zone, when the lowering appended the zone to a name written without its final dot
/// (`px02.example.c` became `px02.example.c.example.com.`): NAME001 said there that octoDNS
/// refuses the record or that providers publish the name as written, so "the completed name
/// does not exist" would be a second finding about a name nobody publishes.
pub fn speaks_for(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    record: &Record,
    index: usize,
) -> bool {
    if zone.zone.format == ZoneFormat::OctoDns {
        return octodns_completed_in_zone(project, record, index);
    }
    suspect(project, zone, record, index).is_some()
}

/// Is RDATA field `index` of an octoDNS record a name written without its final dot that the
/// lowering completed with the zone (not with a bare final dot, as written)?
fn octodns_completed_in_zone(project: &Project<'_>, record: &Record, index: usize) -> bool {
    let Some(became) = name_field(record, index) else {
        return false;
    };
    // YAML may quote the value either way; `field_text` takes off double quotes only.
    let written = project.field_text(record, index);
    let written = written
        .strip_prefix('\'')
        .and_then(|w| w.strip_suffix('\''))
        .unwrap_or(written);
    !written.is_empty()
        && !written.ends_with('.')
        && !became
            .as_str()
            .strip_suffix('.')
            .is_some_and(|name| name.eq_ignore_ascii_case(written))
}

/// The cheap half of [`suspect`], which decides alone that most fields hold nothing to find:
/// a relative name with a dot, and either escapes (read further by `suspect`) or the shape of
/// a forgotten dot ([`looks_absolute`]). Most relative names are meant relative, and looking
/// them up is what costs.
fn may_suspect(project: &Project<'_>, record: &Record, index: usize) -> bool {
    if !record.is_relative_field(index) {
        return false;
    }
    let Some(became) = name_field(record, index) else {
        return false;
    };
    may_be_forgotten_dot(project.field_text(record, index), became)
}

/// [`may_suspect`] of a relative name written `written` that became `became`.
fn may_be_forgotten_dot(written: &str, became: &Name) -> bool {
    written.contains('.')
        && written != "@"
        && (!crate::name::is_plain(written.as_bytes()) || looks_absolute(written, became))
}

/// What the parser asks of every relative name in RDATA, with its text and the name it
/// became, to set [`Record::LOOKS_ABSOLUTE`]: true whenever `may_suspect` may be, which
/// reads the text again from the file (where it is the same when it is UTF-8: bytes that
/// are not are shown as `?` there, so such text is always marked).
pub fn may_have_lost_dot(written: &[u8], became: &Name) -> bool {
    std::str::from_utf8(written).map_or(true, |written| may_be_forgotten_dot(written, became))
}

/// The records of `records` (the zone's from record `first` on) with a field in which
/// [`suspect`] may find something, by their place in the zone. The parser's mark first: most
/// records have no relative name that looks absolute, and need no text.
fn dot_candidates(project: &Project<'_>, records: &[Record], first: usize) -> Vec<u32> {
    (first as u32..)
        .zip(records)
        .filter(|(_, record)| {
            record.owner_repeats_origin()
                || (record.may_have_lost_dot()
                    && (0..record.spans.field_count().min(Record::FIELD_BITS))
                        .any(|index| may_suspect(project, record, index)))
        })
        .map(|(index, _)| index)
        .collect()
}

/// Record on each zone, for each record whose name NAME001 will call a forgotten dot, the
/// name that was meant (the written text made absolute), so that the other rules speak of that
/// name. Runs once per run on the rules' own index of every zone (whether the completed name
/// exists decides), before any rule: the MX sets and targets the index builds on first use
/// read these names.
pub fn mark_meant_names(project: &Project<'_>, threads: usize) {
    let sources = project.sources;
    // Most zones have no candidate (relative names like `ns1.branch27` are meant relative):
    // only names with the shape of a forgotten dot are looked up.
    let candidate = |record: &Record| {
        record.relative_fields != 0
            && record
                .spans
                .fields()
                .take(Record::FIELD_BITS)
                .enumerate()
                .any(|(index, (start, end))| {
                    // The bit first: most fields are not relative names, and need no text.
                    record.is_relative_field(index)
                        && sources
                            .get(record.file)
                            .text
                            .get(start as usize..end as usize)
                            .zip(name_field(record, index))
                            .is_some_and(|(written, became)| looks_absolute(written, became))
                })
    };
    // The scan reads every record, so it is spread over the threads in pieces: it runs
    // before the rules, with nothing else to do beside it. Each piece gives the places of
    // its candidates, in record order, which the index keeps for NAME001; only those that
    // `candidate` also picks are looked up here (as they were before NAME001 read them).
    let pieces: Vec<(usize, usize, &[Record])> = project
        .zones
        .iter()
        .enumerate()
        .flat_map(|(zone_index, zone)| {
            let pieces = zone.zone.records.chunks(SCAN_PIECE).enumerate();
            pieces.map(move |(n, piece)| (zone_index, n * SCAN_PIECE, piece))
        })
        .collect();
    let threads = crate::parallel::resolve(threads);
    let found = crate::parallel::map_ordered(&pieces, threads, |&(_, first, piece)| {
        dot_candidates(project, piece, first)
    });
    let mut candidates: Vec<Vec<u32>> = Vec::new();
    candidates.resize_with(project.zones.len(), Vec::new);
    for (&(zone_index, ..), found) in pieces.iter().zip(found) {
        candidates[zone_index].extend(found);
    }
    let mut meant: Vec<Vec<(u32, MeantName)>> = Vec::new();
    meant.resize_with(project.zones.len(), Vec::new);
    for (zone_index, found) in candidates.into_iter().enumerate() {
        let zone = &project.zones[zone_index];
        let found = zone.dot_candidates(|| found);
        for &record_index in found {
            let record = &zone.zone.records[record_index as usize];
            if !candidate(record) {
                continue;
            }
            for field in 0..record.spans.field_count().min(Record::FIELD_BITS) {
                let Some(found) = suspect(project, zone, record, field) else {
                    continue;
                };
                if let Ok(name) = Name::from_ascii_dotted(&found.written) {
                    meant[zone_index].push((record_index, MeantName { field, name }));
                    break;
                }
            }
        }
    }
    for (zone, meant) in project.zones.iter().zip(meant) {
        debug_assert!(
            meant.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "Zone::meant_name searches each zone's list by record index"
        );
        // Set once: a second index of the same zones (a test's) finds the same names.
        let _ = zone.zone.meant.set(meant);
    }
}

/// Records per piece of the candidate scan: enough that a thread's start costs little.
const SCAN_PIECE: usize = 1 << 16;

/// The note a finding about a meant name carries: which name it assumed.
pub fn assumption(record: &Record, meant: &MeantName) -> Option<String> {
    let (index, meant) = (meant.field, &meant.name);
    let written = match &record.rdata {
        RData::Mx { exchange, .. } if index == 1 => exchange,
        RData::Target(target) if index == 0 => target,
        RData::Srv { target, .. } if index == 3 => target,
        _ => return None,
    };
    Some(format!(
        "assuming `{meant}` was meant (as written, without its trailing dot, it is `{written}`)"
    ))
}

/// The cheap half of [`suspect`]: does the written text repeat the origin or end in a
/// top-level domain? (Whether the names exist is the other half.)
fn looks_absolute(written: &str, became: &Name) -> bool {
    if !written.contains('.') || written == "@" {
        return false;
    }
    let last = written.rsplit('.').next().unwrap_or("");
    let last = if last.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(last.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(last)
    };
    if is_tld(&last) {
        return true;
    }
    repeats_origin(written.as_bytes(), became)
}

/// Does a relative name written `written`, which became `became` (the written name, a dot and
/// the origin), end with the origin it was completed with (`mail.example.com` in example.com)?
/// Compared as bytes, without allocating: this runs on every relative name and owner.
pub fn repeats_origin(written: &[u8], became: &Name) -> bool {
    // `became` is the written name, a dot and the origin. The cheap tests first: this runs on
    // every owner and relative name a zone file writes, and almost none repeats its origin.
    let became = became.as_str().as_bytes();
    let Some(origin) = became.get(written.len() + 1..) else {
        return false;
    };
    let origin = origin.strip_suffix(b".").unwrap_or(origin);
    if origin.is_empty() || written.len() < origin.len() {
        return false;
    }
    let start = written.len() - origin.len();
    let at_label = start == 0 || written[start - 1] == b'.';
    at_label
        && written[start..].eq_ignore_ascii_case(origin)
        && written.contains(&b'.')
        && became[written.len()] == b'.'
        && became[..written.len()].eq_ignore_ascii_case(written)
}

/// Whether `owner` is a name of zone `apex` written twice: the apex's name twice at its end
/// (`example.com.example.com.`, `_dmarc.example.com.example.com.`), or a name below it
/// (`sub.example.com.sub.example.com.`), as a name written in full without its final dot
/// becomes, or a DNS panel or export that appends the domain to a name already written in
/// full writes it. NAME001 reports such owners; the rules that would otherwise read the
/// records as meant for the doubled name, or miss them at the name meant, ask this (a DNS
/// panel's or a pasted line's doubled name is a common slip).
pub fn owner_doubles_apex(owner: &Name, apex: &Name) -> bool {
    doubled_start(owner, apex).is_some()
}

/// Where the second copy of the name `owner` doubles starts ([`owner_doubles_apex`]): the
/// copy is `owner[start..]`, and the name meant is `owner` with the first copy left out. The
/// name doubled is at or below `apex`, and both copies are whole label sequences of two
/// labels or more (`com.com.` is a domain of `com.` like any other).
fn doubled_start(owner: &Name, apex: &Name) -> Option<usize> {
    let (owner, apex) = (owner.as_str().as_bytes(), apex.as_str().as_bytes());
    let single_label = !apex[..apex.len().saturating_sub(1)].contains(&b'.');
    if single_label || owner.len() < 2 * apex.len() {
        return None;
    }
    let apex_start = owner.len() - apex.len();
    if !owner[apex_start..].eq_ignore_ascii_case(apex) {
        return None;
    }
    // Each start of a name at or below the apex, the apex first, while it can be the second
    // of two copies.
    let mut start = apex_start;
    loop {
        let len = owner.len() - start;
        if len > start {
            return None;
        }
        let first = start - len;
        if (first == 0 || owner[first - 1] == b'.')
            && owner[first..start].eq_ignore_ascii_case(&owner[start..])
        {
            return Some(start);
        }
        // The label before: `start - 1` is the dot that ends it.
        start = owner[..start - 1].iter().rposition(|&b| b == b'.')? + 1;
    }
}

/// The doubled name `name` of zone `apex` becomes when written in full without its final dot
/// ([`owner_doubles_apex`]): where the records meant for `name` are when their owners lost it.
pub fn with_apex_doubled(name: &Name, apex: &Name) -> Option<Name> {
    let bare = name.as_str().strip_suffix('.')?;
    Name::from_ascii(&format!("{bare}.{}", apex.as_str())).ok()
}

/// An owner written relative that repeats the origin: the records are published under the
/// doubled name, and the name meant has none of them (a `_dmarc.example.com` TXT in
/// example.com leaves the domain without DMARC). named and octoDNS load it as written.
fn owner_repeats_origin(project: &Project<'_>, record: &Record) -> Diagnostic {
    let span = record.owner_span();
    let written = project.sources.get(span.file).slice(span);
    let written = written
        .strip_prefix('"')
        .and_then(|text| text.strip_suffix('"'))
        .unwrap_or(written);
    let origin = record
        .owner
        .as_str()
        .get(written.len() + 1..)
        .unwrap_or("")
        .trim_end_matches('.');
    // The same name written relative: the written text without the origin, `@` for the apex.
    let relative = written
        .get(..written.len().saturating_sub(origin.len() + 1))
        .filter(|relative| !relative.is_empty() && origin.len() < written.len())
        .unwrap_or("@");
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "owner `{written}` has no trailing dot, so it means `{}`",
            record.owner
        ),
    )
    .with_severity(Severity::Error)
    .with_help(format!(
        "the name repeats the origin `{origin}`; write `{written}.` with the final dot, or `{relative}`"
    ))
}

/// Owners written in full with a name of the zone twice (`sub.example.com.sub.example.com.`):
/// what an export writes of a name its DNS panel completed with the domain (the name was
/// typed in full in a field relative to the domain), and what a relative owner repeating the
/// origin becomes (reported by [`owner_repeats_origin`], not again here). The records are
/// published at the doubled name, and the name meant has none of them. Reported on each
/// entry that writes the owner, not on those that inherit it.
fn doubled_owners(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // An octoDNS record name is relative to the zone: one repeating the zone's name is
    // reported while lowering.
    if zone.zone.format == ZoneFormat::OctoDns {
        return;
    }
    let apex = &zone.zone.apex;
    // Each owner once per entry that writes it (a `$GENERATE` line makes records of one).
    let mut reported: Vec<(&Name, crate::source::Span)> = Vec::new();
    for record in zone.owners_written_twice() {
        // Written in full: an owner written relative (`@` below `$ORIGIN mail.example.com`,
        // whose missing dot SYN004 reports) was not written twice.
        let span = record.owner_span();
        let written_in_full = project.sources.get(span.file).slice(span).ends_with('.');
        if record.owner_repeats_origin()
            || !written_in_full
            || project.owner_is_inherited(record)
            || reported.contains(&(&record.owner, span))
        {
            continue;
        }
        reported.push((&record.owner, span));
        let Some(start) = doubled_start(&record.owner, apex) else {
            continue;
        };
        let owner = &record.owner;
        let written = owner.as_str();
        let twice = &written[start..];
        let meant = format!("{}{twice}", &written[..start - twice.len()]);
        let relative = match meant.len() - apex.as_str().len() {
            0 => "@",
            below => &meant[..below - 1],
        };
        out.push(
                Diagnostic::new(
                    &RULE,
                    span,
                    format!(
                        "owner `{owner}` writes `{twice}` twice: the record is published at this doubled name, and `{meant}` has none of it"
                    ),
                )
                .with_severity(Severity::Error)
                .with_help(format!(
                    "a DNS panel or tool that appends the domain to a name already written in full \
                     doubles it, and an export then writes the doubled name; write `{meant}` \
                     (or `{relative}` relative to the zone)"
                )),
            );
    }
}

/// A PTR in a forward zone whose owner is a reverse name written relative
/// (`159.208.202.14.in-addr.arpa` in example.com, published as
/// `159.208.202.14.in-addr.arpa.example.com.`): no reverse lookup asks for that name.
fn reverse_owner_in_forward_zone(zone: &ZoneIndex<'_>, record: &Record) -> Option<Diagnostic> {
    let apex = &zone.zone.apex;
    // In a root zone (a file read with `$ORIGIN .`) a name is written in full either way.
    if apex.is_root() {
        return None;
    }
    let written = record.owner.relative_to(apex)?;
    let lower = written.to_ascii_lowercase();
    if !(lower.ends_with(".in-addr.arpa") || lower.ends_with(".ip6.arpa")) {
        return None;
    }
    let meant = format!("{written}.");
    let how = if zone.zone.format == ZoneFormat::OctoDns {
        "octoDNS record names are relative to the zone"
    } else {
        "an owner without its final dot is relative to the origin"
    };
    Some(
        Diagnostic::new(
            &RULE,
            record.owner_span(),
            format!(
                "PTR owner `{written}` is a reverse name written inside `{apex}`, so it means `{}`: reverse lookups ask for `{meant}`, never this name",
                record.owner
            ),
        )
        .with_help(format!(
            "{how}; a PTR belongs in the reverse zone that holds `{meant}` (the one the \
             address's owner delegates to you), not in a forward zone: move it there"
        )),
    )
}

/// A PTR in an IPv4 reverse zone whose owner is the address written forward
/// (`192.168.1.8 PTR host.` in `1.168.192.in-addr.arpa.`, published as
/// `192.168.1.8.1.168.192.in-addr.arpa.`): a beginner's slip no reverse lookup finds. Named
/// with the owner meant when the address lies in the zone (`8`).
fn address_owner_in_reverse_zone(zone: &ZoneIndex<'_>, record: &Record) -> Option<Diagnostic> {
    let apex = &zone.zone.apex;
    let written = record.owner.relative_to(apex)?;
    let address: std::net::Ipv4Addr = written.parse().ok()?;
    // The reverse name the address has, and the part of it inside this zone.
    let octets = address.octets();
    let reverse = format!(
        "{}.{}.{}.{}.in-addr.arpa.",
        octets[3], octets[2], octets[1], octets[0]
    );
    let meant = Name::from_ascii(&reverse).ok()?;
    let inside = meant
        .relative_to(apex)
        .filter(|relative| *relative != "@")
        .map(|relative| format!(": write `{relative}`, the part of it inside this zone"))
        .unwrap_or_else(|| {
            ", which is not in this zone: move the record to the reverse zone that holds it"
                .to_string()
        });
    Some(
        Diagnostic::new(
            &RULE,
            record.owner_span(),
            format!(
                "PTR owner `{written}` is the address {address} written forward, so it means `{}`: reverse lookups of {address} ask for `{reverse}`",
                record.owner
            ),
        )
        .with_help(format!(
            "a reverse zone's owners are the address's octets in reverse order, relative to the \
             zone; {address}'s name is `{reverse}`{inside}"
        )),
    )
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    if !zone.zone.apex.is_reverse_mapping() {
        out.extend(
            zone.of_type(RType::PTR)
                .filter_map(|record| reverse_owner_in_forward_zone(zone, record)),
        );
    } else {
        out.extend(
            zone.of_type(RType::PTR)
                .filter_map(|record| address_owner_in_reverse_zone(zone, record)),
        );
    }
    doubled_owners(project, zone, out);
    // The records where `suspect` may find something, as the scan before the rules found
    // them (or now, when it did not run).
    let candidates = zone.dot_candidates(|| dot_candidates(project, &zone.zone.records, 0));
    for &record_index in candidates {
        let record = &zone.zone.records[record_index as usize];
        if record.owner_repeats_origin() {
            out.push(owner_repeats_origin(project, record));
        }
        // A record outside the zone is ignored by BIND and Knot (ZONE015 says so): what its
        // data means cannot matter.
        if !record.owner.is_subdomain_of(&zone.zone.apex) {
            continue;
        }
        for index in 0..record.spans.field_count().min(Record::FIELD_BITS) {
            let Some(found) = suspect(project, zone, record, index) else {
                continue;
            };
            let message = format!(
                "`{}` has no trailing dot, so it means `{}`",
                found.written, found.became
            );
            let (severity, why) = match &found.reason {
                // The SOA's primary server and mailbox: the zone loads and resolves as
                // before (named-checkzone 9.18 and kzonecheck 3.2 load nycmeshnet's
                // `SOA nycmesh-713-dns-auth-4.themesh.nyc ...`); only dynamic updates (RFC 2136),
                // NOTIFY's choice of servers (RFC 1996 §3.3) and the contact address use it.
                Reason::RepeatsOrigin(origin) if record.rtype == RType::SOA => (
                    Severity::Warning,
                    format!(
                        "the name repeats the origin `{origin}`; the zone still loads, but the SOA names the wrong {}",
                        if index == 0 {
                            "primary server (dynamic updates go there, and NOTIFY leaves it out)"
                        } else {
                            "mailbox"
                        }
                    ),
                ),
                Reason::RepeatsOrigin(origin) => (
                    Severity::Error,
                    format!("the name repeats the origin `{origin}`"),
                ),
                Reason::EndsInTld(tld) => {
                    let why = format!("`{tld}` is a top-level domain");
                    // As written, the target is a name of the zone without records, so without
                    // an address: named refuses the zone when it is one of the zone's own name
                    // servers ("has no address records"; only a warning for a delegation's,
                    // which Knot refuses),
                    // and mail to the MX bounces or waits (MX007's error, which this finding
                    // stands in for).
                    match (record.rtype, index) {
                        (RType::NS, 0) if record.owner == zone.zone.apex => (
                            Severity::Error,
                            format!(
                                "{why}; as written the name server has no address, and named refuses the zone"
                            ),
                        ),
                        // A delegation's server: named warns and loads, kzonecheck refuses
                        // ("missing glue record"), as ZONE027 says of any in-zone server
                        // without an address.
                        (RType::NS, 0) => (
                            Severity::Error,
                            format!(
                                "{why}; as written the name server has no address, and kzonecheck refuses the zone (\"missing glue record\"; named warns)"
                            ),
                        ),
                        (RType::MX, 1) => (
                            Severity::Error,
                            format!(
                                "{why}; as written the mail server has no address, and mail to it bounces"
                            ),
                        ),
                        // A DKIM selector delegated by CNAME (Microsoft 365's, a mail service's):
                        // as written the key is nowhere, and every signature fails.
                        (RType::CNAME, 0) if crate::rules::dkim::is_key_name(record) => (
                            Severity::Error,
                            format!(
                                "{why}; as written the DKIM selector points to a name without a key, and every signature made with it fails"
                            ),
                        ),
                        _ => (Severity::Warning, why),
                    }
                }
            };
            // A mailbox written as an address gets ZONE042's form, with the dot: the `@`
            // kept, the fix would leave ZONE042's finding.
            let fixed = match soa_rname_address::mailbox_form(&found.written) {
                Some(mailbox) if record.rtype == RType::SOA && index == 1 => {
                    format!("`{mailbox}`, the mailbox's `@` a dot (ZONE042),")
                }
                _ => format!("`{}.`", found.written),
            };
            out.push(
                Diagnostic::new(&RULE, record.field_span(index), message)
                    .with_severity(severity)
                    .with_help(format!("{why}; write {fixed} with the final dot")),
            );
        }
    }
}

/// [`ROOT_TLDS`] as a set: every relative name with a dot is asked about its last label,
/// and a walk through the list costs more than the rest of the test.
static TLD_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| ROOT_TLDS.iter().copied().collect());

/// Is `label` (lower case) a top-level domain of the DNS root: every two-letter label
/// (country codes) and the others the root delegates, internationalised ones in their ASCII
/// form (`xn--p1ai`).
pub(crate) fn is_tld(label: &str) -> bool {
    // Every TLD is letters, or `xn--` and letters and digits: a label with anything else
    // (`dc2`, `host-1`) is not hashed.
    let plain = label.bytes().all(|b| b.is_ascii_lowercase());
    (plain && label.len() == 2) || ((plain || label.starts_with("xn--")) && TLD_SET.contains(label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::source::{SourceFile, SourceMap};

    /// An owner doubles the apex only as a whole label sequence, the apex written in full
    /// before the apex the file completes it with.
    #[test]
    fn owners_that_double_the_apex() {
        let name = |text: &str| Name::from_ascii(text).unwrap();
        let apex = name("example.com.");
        assert!(owner_doubles_apex(&name("example.com.example.com."), &apex));
        assert!(owner_doubles_apex(
            &name("_dmarc.Example.com.example.com."),
            &apex
        ));
        assert!(!owner_doubles_apex(&name("example.com."), &apex));
        assert!(!owner_doubles_apex(
            &name("myexample.com.example.com."),
            &apex
        ));
        assert!(!owner_doubles_apex(&name("www.example.com."), &apex));
        assert!(!owner_doubles_apex(&name("com.example.com."), &apex));
        // A name below the apex, twice.
        assert!(owner_doubles_apex(
            &name("sub.example.com.sub.example.com."),
            &apex
        ));
        assert_eq!(
            doubled_start(&name("x.sub.example.com.sub.example.com."), &apex),
            Some(18)
        );
        assert!(!owner_doubles_apex(
            &name("sub.example.com.ub.example.com."),
            &apex
        ));
        assert!(!owner_doubles_apex(
            &name("a.example.com.b.example.com."),
            &apex
        ));
        // In a top-level domain's zone `com.com.` is a domain like any other.
        assert!(!owner_doubles_apex(&name("com.com."), &name("com.")));
        assert_eq!(
            with_apex_doubled(&name("_dmarc.example.com."), &apex),
            Some(name("_dmarc.example.com.example.com."))
        );
    }

    /// NAME001 reads only the records the scan before the rules picked, and finds what it
    /// finds without the scan (reading every record): a name repeating the origin, one
    /// ending in a TLD, one with an escape (which only `suspect` reads further), and none of
    /// the names meant relative or completed into one that exists.
    #[test]
    fn the_kept_candidates_are_every_record_that_can_be_found() {
        let text = "@ MX 10 mail.example.com\nwww CNAME web.example.net\n\
                    esc CNAME mx.other.\\099om\nns NS ns1.sub\nsub NS ns1.sub\n\
                    ns1.sub A 192.0.2.1\nold CNAME host.de\nhost.de A 192.0.2.2\n";
        let mut sources = SourceMap::default();
        sources.add(SourceFile::new(
            "example.zone".into(),
            "example.zone".into(),
            text.as_bytes().to_vec(),
        ));
        let zones = vec![crate::index::tests::parsed("example.com.", text)];
        let found = |scan_first: bool| {
            let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
            if scan_first {
                mark_meant_names(&project, 1);
            }
            let mut out = Vec::new();
            check(&project, &project.zones[0], &mut out);
            let kept = project.zones[0].dot_candidates(|| unreachable!()).to_vec();
            let found: Vec<String> = out.iter().map(|d| d.message.clone()).collect();
            (found, kept)
        };
        let (with_scan, kept) = found(true);
        let (without_scan, kept_without) = found(false);
        assert_eq!(with_scan, without_scan);
        assert_eq!(kept, kept_without);
        assert_eq!(with_scan.len(), 3, "{with_scan:?}");
        // `\099om` is `com`: only `suspect` reads the escape.
        assert!(with_scan[2].contains(r"mx.other.\099om"), "{with_scan:?}");
        // The MX, the CNAME to a TLD, the escaped name, and `host.de` (which exists): not
        // `ns1.sub`, meant relative.
        assert_eq!(kept, [0, 1, 2, 6]);
    }

    /// The parser marks every record in which the scan can find a field to suspect, reading
    /// the text as the scan does (from the file): escapes, bytes that are not ASCII,
    /// `$GENERATE` templates (the file holds the template, not the generated name). A quoted
    /// name is refused (`w`), as BIND and Knot refuse it, and makes no record.
    #[test]
    fn the_parser_marks_every_record_the_scan_would_pick() {
        let mut text =
            b"$ORIGIN example.com.\n@ MX 10 mail.example.com\nw CNAME \"web.example.net\"\n\
                     e CNAME mx.other.\\099om\nr CNAME ns1.sub\nd CNAME host.de\n\
                     $GENERATE 1-2 h$ CNAME h$.example.com\n$GENERATE 1-2 g$ CNAME g$.sub\n\
                     x CNAME x.example.comm\n"
                .to_vec();
        text.extend_from_slice(b"u CNAME h\xc3\xa9.de\nl CNAME h.\xff.com\n");
        let mut sources = SourceMap::default();
        sources.add(SourceFile::new(
            "example.zone".into(),
            "example.zone".into(),
            text.clone(),
        ));
        let state = crate::parse::zonefile::ParseState::default();
        let options = crate::parse::zonefile::ParseOptions::default();
        let parsed =
            crate::parse::zonefile::parse(crate::source::FileId(0), &text, state, &options);
        let zones = vec![crate::model::Zone {
            records: parsed.records,
            ..crate::index::tests::parsed("example.com.", "")
        }];
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let records = &zones[0].records;
        let picked: Vec<&str> = records
            .iter()
            .filter(|record| {
                (0..record.spans.field_count()).any(|index| may_suspect(&project, record, index))
            })
            .map(|record| record.owner.as_str())
            .collect();
        let marked: Vec<&str> = records
            .iter()
            .filter(|record| record.may_have_lost_dot())
            .map(|record| record.owner.as_str())
            .collect();
        assert_eq!(
            picked,
            [
                "example.com.",
                "e.example.com.",
                "d.example.com.",
                "h1.example.com.",
                "h2.example.com.",
                "g1.example.com.",
                "g2.example.com.",
                "u.example.com.",
                "l.example.com."
            ]
        );
        // The marks are those picks and no more: `ns1.sub` and `x.example.comm` repeat no
        // origin and end in no TLD. `g1.sub` does not either, but the file holds the template
        // `g$.sub`, which the scan reads (and a `$` is escaped in a name, so it reads further).
        assert_eq!(marked, picked);
    }

    #[test]
    fn top_level_domains_are_the_roots_and_two_letter_codes() {
        for tld in ROOT_TLDS {
            assert!(is_tld(tld), "{tld}");
        }
        // Newer and internationalised ones octoDNS users publish (.рф is xn--p1ai).
        for tld in [
            "guru", "pizza", "xn--p1ai", "de", "uk", "com", "dev", "prod",
        ] {
            assert!(is_tld(tld), "{tld}");
        }
        // Names private networks use are none; nor upper case (callers lower it).
        for label in [
            "d1",
            "DE",
            "x",
            "example",
            "COM",
            "",
            "co.uk",
            "internal",
            "local",
            "lan",
            "corp",
            "home",
            "localhost",
            "test",
            "invalid",
            "xn--",
            "comx",
        ] {
            assert!(!is_tld(label), "{label}");
        }
    }
}
