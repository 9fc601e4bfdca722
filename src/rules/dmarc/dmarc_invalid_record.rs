//! DMARC001: a `_dmarc` TXT record receivers discard or read differently than written
//! (RFC 7489 §6.3, §6.4, §6.6.3; DMARCbis tags `np`, `psd`, `t`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dmarc::{dmarc_like, is_dmarc_owner, looks_like_dmarc, report_uris};
use crate::rules::tags::{
    Tag, non_ascii_note, parse_tag_list, piece_span, quoted_as_text, quoted_record_text, tag_text,
    txt_text, typographic_quoted,
};
use rustc_hash::FxHashMap as HashMap;

pub static RULE: Rule = Rule {
    code: "DMARC001",
    name: "dmarc-invalid-record",
    severity: Severity::Error,
    summary: "A DMARC record is malformed (version, missing `p=`, bad tag values or report URIs), so receivers ignore it or part of it",
    doc: include_str!("../../../rules/docs/DMARC001.md"),
    check: Some(check),
};

const POLICIES: &[&str] = &["none", "quarantine", "reject"];

/// Is `value` one of `wanted`, in any case? RFC 7489 §6.4 writes the values of `p`, `sp`,
/// `adkim`, `aspf` and `fo` as ABNF quoted strings, which match in any case (RFC 5234 §2.3),
/// and receivers read them so (OpenDMARC compares them without case). Only `v=DMARC1` is
/// spelt byte by byte; DMARCbis writes `psd` and `t` so too.
fn is_one_of(value: &str, wanted: &[&str]) -> bool {
    wanted.iter().any(|w| value.eq_ignore_ascii_case(w))
}

/// Tags of RFC 7489 §6.3 and DMARCbis; any other is ignored by receivers.
const KNOWN: &[&str] = &[
    "v", "p", "sp", "np", "pct", "adkim", "aspf", "fo", "rf", "ri", "rua", "ruf", "psd", "t",
];

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    quoted_records(zone, out);
    typographic_records(project, zone, out);
    tags_without_version(zone, out);
    no_dmarc_record_at_dmarc_name(project, zone, out);
    cnames_to_no_policy(project, zone, out);
    report_authorisations(zone, out);
    // The records at a name that start with a DMARC tag, read once per name: a name may
    // hold thousands of records.
    let mut tagged_at: HashMap<&Name, Vec<&crate::model::Record>> = HashMap::default();
    for dmarc in dmarc_like(zone) {
        if !dmarc.at_dmarc_name {
            continue;
        }
        let owner = &dmarc.record.owner;
        let span = dmarc.record.rdata_span();
        // Read only for a record with a problem: most have none.
        let problem = |message: String, help: &str| {
            let note = non_ascii_note(dmarc.record)
                + &crate::rules::tags::comment_cut_note(project, dmarc.record);
            Diagnostic::new(&RULE, span, format!("DMARC record of `{owner}`: {message}"))
                .with_help(format!("{help}{note}"))
        };
        if !dmarc.is_valid_version() {
            // `v=dmarc1`: the version is compared exactly (RFC 7489 §6.4), case and all.
            // Only the case differs: the record starts with the tag, and the value is
            // `DMARC1` but for case (a leading blank or a stray character is another slip).
            let first_tag = dmarc.text.split(';').next().unwrap_or_default().trim_end();
            let other_case = first_tag.split_once('=').is_some_and(|(v, value)| {
                let value = value.trim();
                v.trim_end() == "v" && value != "DMARC1" && value.eq_ignore_ascii_case("DMARC1")
            });
            let message = if other_case {
                format!(
                    "it starts with `{first_tag}`: the version must be `DMARC1` exactly, in upper case, so receivers discard it"
                )
            } else {
                "it does not start with `v=DMARC1`, so receivers discard it".into()
            };
            out.push(problem(
                message,
                "RFC 7489 §6.4: the record must start with `v=DMARC1`, the value exactly so (upper case, first tag). \
                 Write it as `v=DMARC1; p=...`.",
            ));
            continue;
        }
        // `V=DMARC1`, `v = DMARC1`: the grammar's (tag names are case-insensitive, blanks may
        // stand around `=`), and receivers that parse by it apply the policy; checkers and
        // parsers that compare the start with `v=DMARC1` find no record.
        if !dmarc.text.starts_with("v=DMARC1") {
            let first_tag = dmarc.text.split(';').next().unwrap_or_default().trim_end();
            out.push(
                problem(
                    format!(
                        "it starts with `{first_tag}`: RFC 7489's grammar allows it, but checkers and parsers that compare the start with `v=DMARC1` find no DMARC record"
                    ),
                    "Google's Admin Toolbox, MXToolbox and Internet.nl report \"no DMARC record\" for \
                     `v = DMARC1` (Internet.nl#1114), and Mail::DMARC rejected `V=DMARC1` \
                     (mail-dmarc#113). Write `v=DMARC1;` as the RFC's examples do, in lower case \
                     and without blanks.",
                )
                .with_severity(Severity::Info),
            );
        }
        let tags = match parse_tag_list(&dmarc.text) {
            Ok(tags) => tags,
            Err(message) => {
                let help = if message.contains("given twice") {
                    "Write the record as `tag=value` pairs separated by `;` (RFC 7489 §6.4), each tag once: \
                     DMARC takes its tag list from DKIM, where a tag given twice makes the whole list \
                     invalid (RFC 6376 §3.2). To send reports to several places, list them in one tag: \
                     `rua=mailto:a@example.com,mailto:b@example.net`."
                } else {
                    "Write the record as `tag=value` pairs separated by `;` (RFC 7489 §6.4), each tag once."
                };
                // A part that is no tag after a readable `p=`: RFC 7489 §6.3 has receivers
                // discard it and apply the policy (a tag given twice invalidates the list).
                if !message.contains("given twice") && policy_read_before_bad_part(&dmarc.text) {
                    out.push(
                        problem(
                            format!("{message}: receivers skip it and apply the policy, a strict parser refuses the record"),
                            "RFC 7489 §6.3: syntax errors after `v=` and `p=` are discarded, so the \
                             policy holds and only what the part meant to say is lost; some \
                             receivers' parsers refuse the whole record instead. Write it as \
                             `tag=value` (`fo=0`, not `fo:0`), pairs separated by `;`.",
                        )
                        .with_severity(Severity::Warning),
                    );
                    continue;
                }
                out.push(problem(
                    format!("{message}, so receivers cannot read it"),
                    help,
                ));
                continue;
            }
        };
        if let Some(diagnostic) = split_over_records(zone, &mut tagged_at, dmarc.record, &tags) {
            out.push(diagnostic);
            continue;
        }
        for (message, help, severity, at) in tag_problems(&dmarc.text, &tags) {
            let mut diagnostic = problem(message, help).with_severity(severity);
            if let Some(at) = at {
                diagnostic.span = piece_span(project, dmarc.record, &dmarc.text, at);
            }
            out.push(diagnostic);
        }
    }
}

/// The TXT records at a report destination's authorisation names,
/// `<domain>._report._dmarc.<destination>` and `*._report._dmarc.<destination>` (RFC 7489
/// §7.1): a receiver sends `<domain>`'s reports to the destination only when one of them is a
/// DMARC record, `v=DMARC1;` (erratum 5440 writes the `;` the grammar of §6.4 asks for; the
/// RFC's own examples had left it out). Without one the reports are lost, as DMARC004 says of
/// a missing record: a warning. `v=DMARC1` alone, without the `;`, is read by most receivers
/// and is valid by DMARCbis's grammar, but checkers that follow RFC 7489's (Internet.nl,
/// Purelymail/purelymail-issues#237) call the authorisation invalid: an info.
fn report_authorisations(zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut at_name: HashMap<&Name, Vec<(&crate::model::Record, String)>> = HashMap::default();
    let mut names: Vec<&Name> = Vec::new();
    for record in zone.dmarc_named() {
        if record.rtype != crate::model::RType::TXT
            || !crate::rules::dmarc::is_report_authorisation(&record.owner)
            || zone.is_delegated(record)
        {
            continue;
        }
        let Some(text) = txt_text(record) else {
            continue;
        };
        let records = at_name.entry(&record.owner).or_default();
        if records.is_empty() {
            names.push(&record.owner);
        }
        records.push((record, text));
    }
    for owner in names {
        let records = &at_name[owner];
        let versioned: Vec<_> = records
            .iter()
            .filter(|(_, text)| crate::rules::tags::has_version(text, "DMARC1"))
            .collect();
        let help = "RFC 7489 §7.1 (erratum 5440): the authorisation is a DMARC record, \
                    `v=DMARC1;`, at `<domain>._report._dmarc.<destination>` (or \
                    `*._report._dmarc.<destination>` for every domain); it may add `rua=` or \
                    `ruf=` to send the reports on elsewhere.";
        if versioned.is_empty() {
            let (record, text) = &records[0];
            let shown: String = text.chars().take(40).collect();
            out.push(
                Diagnostic::new(
                    &RULE,
                    record.rdata_span(),
                    format!(
                        "report authorisation `{owner}` is `{shown}`{}, not a DMARC record (`v=DMARC1;`): receivers find no authorisation and send no reports there",
                        if shown.len() < text.len() { "..." } else { "" }
                    ),
                )
                .with_severity(Severity::Warning)
                .with_help(help),
            );
            continue;
        }
        for (record, text) in versioned {
            // What follows `v=DMARC1` (its tag name and `=` may have blanks around them):
            // RFC 7489's grammar puts a `;` there.
            let after_version = text
                .to_ascii_lowercase()
                .find("dmarc1")
                .map_or("", |at| &text[at + "dmarc1".len()..])
                .trim_start_matches([' ', '\t']);
            if !after_version.starts_with(';') {
                let text = text.trim_end();
                out.push(
                    Diagnostic::new(
                        &RULE,
                        record.rdata_span(),
                        format!(
                            "report authorisation `{owner}` is `{text}`, without the `;` after the version: most receivers accept it, but checkers that follow RFC 7489's grammar call it invalid"
                        ),
                    )
                    .with_severity(Severity::Info)
                    .with_help(help),
                );
            }
        }
    }
}

/// A DMARC record without `p=` whose other tags stand in TXT records of their own at the same
/// name (`values: [v=DMARC1, p=quarantine, rua=...]` in octoDNS, one TXT line per tag in a zone
/// file): receivers read only the record that starts with `v=DMARC1`, which has no policy, and
/// ignore the rest. Said once, with each fragment as a label, instead of "no `p=`".
fn split_over_records<'a>(
    zone: &ZoneIndex<'a>,
    tagged_at: &mut HashMap<&'a Name, Vec<&'a crate::model::Record>>,
    record: &'a crate::model::Record,
    tags: &[Tag<'_>],
) -> Option<Diagnostic> {
    if tags.iter().any(|tag| tag.name.eq_ignore_ascii_case("p")) {
        return None;
    }
    let tagged = tagged_at.entry(&record.owner).or_insert_with(|| {
        zone.at(&record.owner)
            .filter(|other| txt_text(other).is_some_and(|text| starts_with_dmarc_tag(&text)))
            .collect()
    });
    let fragments = || tagged.iter().filter(|other| !std::ptr::eq(**other, record));
    // The record itself is among them when it starts with a tag too.
    let itself = txt_text(record).is_some_and(|text| starts_with_dmarc_tag(&text));
    let count = tagged.len() - usize::from(itself);
    if count == 0 {
        return None;
    }
    let mut diagnostic = Diagnostic::new(
        &RULE,
        record.rdata_span(),
        format!(
            "DMARC record of `{}`: its tags are split over {} TXT records, and receivers read only this one, which has no `p=`",
            record.owner,
            count + 1
        ),
    )
    .with_help(
        "Each TXT record is read on its own (and each item of an octoDNS `values` list is a record \
         of its own): write the whole policy as one record, `v=DMARC1; p=...; rua=...`.",
    );
    // The first few: the message counts them all.
    for fragment in fragments().take(MAX_LABELS) {
        diagnostic =
            diagnostic.with_label(fragment.rdata_span(), "a DMARC tag in a record of its own");
    }
    Some(diagnostic)
}

/// Fragments labelled on a finding.
const MAX_LABELS: usize = 20;

/// TXT records at a `_dmarc` name made of DMARC tags without `v=DMARC1` first (`rua=mailto:...`
/// added as a record of its own beside the policy, `p=reject` with the version left out):
/// receivers discard every record there that does not start with `v=DMARC1` (RFC 7489
/// §6.6.3), so its tags never apply. Beside a DMARC record without `p=`, the fragments are
/// [`split_over_records`]'s labels instead.
fn tags_without_version(zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // The valid policies of each owner (the first, and whether any has a `p=`), gathered
    // on the first candidate: a zone of thousands of such records must not read every DMARC
    // record for each.
    let mut policies_at: Option<HashMap<&Name, (&crate::model::Record, bool)>> = None;
    for record in zone.dmarc_named() {
        if record.rtype != crate::model::RType::TXT
            || !is_dmarc_owner(record)
            || zone.is_delegated(record)
        {
            continue;
        }
        let Some(text) = txt_text(record) else {
            continue;
        };
        if looks_like_dmarc(&text) || !starts_with_dmarc_tag(&text) {
            continue;
        }
        let policies_at = policies_at.get_or_insert_with(|| {
            // Read tag by tag, not as a whole tag list: a policy with another mistake (a tag
            // given twice) still has its `p=`.
            let has_p = |policy: &crate::model::Record| {
                txt_text(policy).is_some_and(|text| {
                    text.split(';').any(|piece| {
                        piece
                            .split_once('=')
                            .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("p"))
                    })
                })
            };
            let mut at: HashMap<&Name, (&crate::model::Record, bool)> = HashMap::default();
            for dmarc in dmarc_like(zone).iter().filter(|d| d.is_valid_version()) {
                let (_, any_p) = at
                    .entry(&dmarc.record.owner)
                    .or_insert((dmarc.record, false));
                if !*any_p {
                    *any_p = has_p(dmarc.record);
                }
            }
            at
        });
        let first_policy = policies_at.get(&record.owner);
        if first_policy.is_some_and(|&(_, any_p)| !any_p) {
            continue;
        }
        let policies = first_policy.map(|&(first, _)| first);
        let owner = &record.owner;
        let diagnostic = match policies {
            Some(policy) => Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "a TXT record at `{owner}` holds DMARC tags without `v=DMARC1` first, so receivers discard it and its tags do not apply"
                ),
            )
            .with_label(policy.rdata_span(), "the DMARC record receivers read")
            // Reporting tags alone (`rua=`, `ruf=`) lose only the reports: the policy beside
            // them applies as written. A `p=` or `adkim=` that does not apply is an error.
            .with_severity(if only_reporting_tags(&text) {
                Severity::Warning
            } else {
                Severity::Error
            })
            .with_help(
                "RFC 7489 §6.6.3: receivers keep only the records that start with `v=DMARC1`, and each TXT \
                 record is read on its own. Move these tags into the DMARC record, as one record: \
                 `v=DMARC1; p=...; rua=...`.",
            ),
            None => Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "DMARC record of `{owner}`: it holds DMARC tags but does not start with `v=DMARC1`, so receivers discard it and the domain has no DMARC policy"
                ),
            )
            .with_help(
                "RFC 7489 §6.6.3: receivers keep only the records that start with `v=DMARC1`. Put \
                 `v=DMARC1;` first: `v=DMARC1; p=...`.",
            ),
        };
        out.push(diagnostic);
    }
}

/// Whether every tag of `text` only asks for reports (`rua`, `ruf`, `fo`, `rf`, `ri`, RFC
/// 7489 §6.3): lost, they change where reports go, not what receivers do with mail.
fn only_reporting_tags(text: &str) -> bool {
    text.split(';')
        .filter(|piece| !piece.trim().is_empty())
        .all(|piece| {
            piece.split_once('=').is_some_and(|(name, _)| {
                ["rua", "ruf", "fo", "rf", "ri"]
                    .iter()
                    .any(|tag| name.trim().eq_ignore_ascii_case(tag))
            })
        })
}

/// `_dmarc` CNAMEs that lead, inside the linted zones, to a name holding no DMARC record
/// (`_dmarc CNAME example.com.`, the domain itself, where the SPF record is): receivers follow
/// the alias and read the TXT records at its end (RFC 7489 §6.6.3), find none that starts with
/// `v=DMARC1`, and apply no policy. A target that does not exist is ZONE047's; one outside the
/// linted zones, or in a zone that did not read cleanly, is not judged.
fn cnames_to_no_policy(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.dmarc_named() {
        if record.rtype != crate::model::RType::CNAME
            || !is_dmarc_owner(record)
            || zone.is_delegated(record)
        {
            continue;
        }
        let crate::model::RData::Target(target) = &record.rdata else {
            continue;
        };
        let Some(end) = alias_end_without_dmarc(project, zone, target) else {
            continue;
        };
        let owner = &record.owner;
        let through = if &end == target {
            String::new()
        } else {
            format!(" (through `{target}`)")
        };
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "`{owner}` is a CNAME to `{end}`{through}, which holds no DMARC record: receivers find no policy there"
                ),
            )
            .with_severity(Severity::Warning)
            .with_help(
                "Receivers follow the CNAME and read the TXT records at its end (RFC 7489 §6.6.3); \
                 none starts with `v=DMARC1`, so the domain has no DMARC policy. Publish the DMARC \
                 record there, or replace the CNAME by the record itself: \
                 `_dmarc TXT \"v=DMARC1; p=...\"`.",
            ),
        );
    }
}

/// Where the alias to `target` ends, when that name exists in a linted zone that read cleanly
/// and holds no TXT record that looks like DMARC; None otherwise (a DMARC record there, which
/// the rule judges in its own zone; a name outside the linted zones, missing, delegated or
/// below a DNAME; a chain of more than eight aliases).
fn alias_end_without_dmarc(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    target: &crate::name::Name,
) -> Option<crate::name::Name> {
    use crate::index::Lookup;
    use crate::rules::zone::targets::{alias, below_dname};
    let mut name = target.clone();
    for _ in 0..8 {
        let target_zone = project.zone_for(&name, zone)?;
        if !target_zone.zone.shows_all_at(&name) || below_dname(target_zone, &name) {
            return None;
        }
        let records = match target_zone.lookup(&name) {
            Lookup::Found(records) | Lookup::Wildcard(records) => records,
            Lookup::EmptyNonTerminal => return Some(name),
            Lookup::Delegated | Lookup::NxDomain => return None,
        };
        if let Some((_, next)) = alias(&records) {
            name = next.clone();
            continue;
        }
        let has_dmarc = records
            .iter()
            .filter(|record| record.rtype == crate::model::RType::TXT)
            .any(|record| txt_text(record).is_some_and(|text| looks_like_dmarc(&text)));
        return (!has_dmarc).then_some(name);
    }
    None
}

/// Does `text` start with a DMARC tag other than `v` (`p=quarantine`, ` rua=mailto:...`)?
fn starts_with_dmarc_tag(text: &str) -> bool {
    let Some((name, _)) = text.trim_start().split_once('=') else {
        return false;
    };
    let name = name.trim_end().to_ascii_lowercase();
    name != "v" && KNOWN.contains(&name.as_str())
}

/// TXT records at a `_dmarc` name that do not read as DMARC at all, where no DMARC record
/// stands beside them: the version tag misspelt (`d=DMARC1; p=quarantine`, `v:DMARC1`,
/// `DMARC1; p=reject`: NicolaiSchmid/dns), an SPF record pasted there, any other text.
/// Receivers discard every record that does not start with `v=DMARC1` (RFC 7489 §6.6.3), so the
/// domain has no DMARC policy, which DMARC005 leaves to this rule. Records that start with a
/// DMARC tag, quotes or typographic quotes are read above; a stray record beside a DMARC
/// record at the same name is discarded and harms nothing.
fn no_dmarc_record_at_dmarc_name(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let mut with_dmarc: Option<rustc_hash::FxHashSet<&Name>> = None;
    for record in zone.dmarc_named() {
        if record.rtype != crate::model::RType::TXT
            || !is_dmarc_owner(record)
            || starts_as_dmarc(record)
            || zone.is_delegated(record)
        {
            continue;
        }
        let Some(text) = txt_text(record) else {
            continue;
        };
        let trimmed = text.trim_start();
        // What the checks above report (a DMARC record quoted as text or in typographic
        // quotes, one made of tags without the version) and ZONE053 (one pasted with its name
        // and type) is told there; any other stray character before `v=DMARC1` is this one's.
        let quoted = || {
            quoted_record_text(record)
                .as_deref()
                .and_then(quoted_as_text)
                .is_some_and(looks_like_dmarc)
        };
        let typographic = || {
            typographic_quoted(project, record).is_some_and(|read| looks_like_dmarc(&read.meant))
        };
        if looks_like_dmarc(&text)
            || starts_with_dmarc_tag(&text)
            || quoted()
            || typographic()
            || crate::rules::zone::txt_holds_record_line::pasted_value(record, &zone.zone.apex)
                .is_some()
        {
            continue;
        }
        let with_dmarc = with_dmarc.get_or_insert_with(|| {
            dmarc_like(zone)
                .iter()
                .filter(|dmarc| dmarc.at_dmarc_name)
                .map(|dmarc| &dmarc.record.owner)
                .collect()
        });
        if with_dmarc.contains(&record.owner) {
            continue;
        }
        let owner = &record.owner;
        let shown = crate::report::escape::shorten(trimmed, 60);
        let (message, meant) = if trimmed.to_ascii_lowercase().starts_with("v=spf1") {
            (
                format!(
                    "`{owner}` holds an SPF record (`{shown}`), not a DMARC record: receivers discard it, and the domain has no DMARC policy"
                ),
                "The SPF record belongs at the domain itself; here publish the DMARC policy, \
                 `v=DMARC1; p=none; rua=mailto:...` to start with."
                    .to_string(),
            )
        } else {
            let meant = match trimmed.find("DMARC1") {
                Some(at) => format!(
                    "Write the version tag first, exactly so: `v=DMARC1{}`.",
                    crate::report::escape::shorten(&trimmed[at + "DMARC1".len()..], 255)
                ),
                None => {
                    "Publish the policy as `v=DMARC1; p=...`, the version tag first.".to_string()
                }
            };
            (
                format!(
                    "`{owner}` holds `{shown}`, which does not start with `v=DMARC1`: receivers discard it, and the domain has no DMARC policy"
                ),
                meant,
            )
        };
        out.push(
            Diagnostic::new(&RULE, record.rdata_span(), message).with_help(format!(
                "RFC 7489 §6.6.3: receivers keep only the TXT records at `_dmarc` that start with \
                 `v=DMARC1` (the tag name in any case, the value exactly), and find no policy when \
                 none does. {meant}"
            )),
        );
    }
}

/// Whether a TXT record's first string looks like DMARC ([`looks_like_dmarc`]), read in place:
/// nearly every record at a `_dmarc` name, which need not be joined into text to be passed
/// over.
fn starts_as_dmarc(record: &crate::model::Record) -> bool {
    let crate::model::RData::Txt(strings, _) = &record.rdata else {
        return false;
    };
    strings
        .first()
        .and_then(|first| std::str::from_utf8(first).ok())
        .is_some_and(looks_like_dmarc)
}

/// DMARC records written with typographic quotes (`TXT “v=DMARC1; p=reject”`), pasted from a
/// word processor, chat or web page: the quotes are text, and receivers discard a record that
/// does not start with `v=DMARC1` (RFC 7489 §6.6.3).
fn typographic_records(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.txt_that_may_be_dmarc() {
        if !is_dmarc_owner(record) {
            continue;
        }
        let Some(read) = typographic_quoted(project, record) else {
            continue;
        };
        if !looks_like_dmarc(&read.meant) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "DMARC record of `{}`: it starts with {}, a typographic quote, so receivers discard it",
                    record.owner,
                    read.quote_named()
                ),
            )
            .with_help(read.help(
                "the record does not start with `v=DMARC1` (RFC 7489 §6.6.3), and the domain has \
                 no DMARC policy",
            )),
        );
    }
}

/// DMARC records published with their quotes as text (`"\"v=DMARC1; p=reject\""`): receivers
/// read the quote as the first character and discard the record (RFC 7489 §6.6.3), so the
/// domain has no policy.
fn quoted_records(zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.txt_that_may_be_dmarc() {
        if !is_dmarc_owner(record) {
            continue;
        }
        let Some(text) = quoted_record_text(record) else {
            continue;
        };
        let Some(inner) = quoted_as_text(&text).filter(|inner| looks_like_dmarc(inner)) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "DMARC record of `{}`: it starts with a quote character, so receivers discard it",
                    record.owner
                ),
            )
            .with_help(format!(
                "The quotes are part of the text (`\\\"` in a zone file, or quotes inside quotes from an API or a \
                 configuration tool): the record does not start with `v=DMARC1` (RFC 7489 §6.6.3), and the domain \
                 has no DMARC policy. Publish the text without them: `\"{inner}\"`."
            )),
        );
    }
}

/// One thing wrong with the tags: the message, its help and severity, and the part of the
/// record's text to underline (a tag, a report URI), when there is one.
type TagProblem<'t> = (String, &'static str, Severity, Option<&'t str>);

/// What is wrong with the tags of `text`.
fn tag_problems<'t>(text: &'t str, tags: &[Tag<'t>]) -> Vec<TagProblem<'t>> {
    let mut problems = Vec::new();
    let mut error = |message: String, help: &'static str, at: Option<&'t str>| {
        problems.push((message, help, Severity::Error, at));
    };
    let find = |name: &str| tags.iter().find(|t| t.name.eq_ignore_ascii_case(name));
    let value = |name: &str| find(name).map(|t| t.value);
    // The whole `name=value` of a tag, as a slice of `text`.
    let whole = |name: &str| find(name).and_then(|tag| tag_text(text, tag));
    match value("p") {
        None => error(
            "there is no `p=` tag".into(),
            "RFC 7489 §6.6.3: without `p=` receivers apply no policy (at best `p=none` when `rua` is \
             valid). The second tag must be `p=none`, `p=quarantine` or `p=reject`.",
            None,
        ),
        Some(p) if !is_one_of(p, POLICIES) => error(
            format!("`p={p}` is not a policy"),
            "Policies are `none`, `quarantine` and `reject` (RFC 7489 §6.3).",
            whole("p"),
        ),
        Some(_) => {}
    }
    // RFC 7489's grammar puts `p` right after `v`, but receivers read the tags in any order
    // (OpenDMARC fails a record only without `p`) and DMARCbis allows any order after `v`:
    // the policy applies, so a warning, said once the errors are.
    let p_not_second = value("p").is_some()
        && tags
            .get(1)
            .is_none_or(|t| !t.name.eq_ignore_ascii_case("p"));
    for name in ["sp", "np"] {
        if let Some(v) = value(name)
            && !is_one_of(v, POLICIES)
        {
            error(
                format!("`{name}={v}` is not a policy"),
                "Policies are `none`, `quarantine` and `reject` (RFC 7489 §6.3).",
                whole(name),
            );
        }
    }
    for name in ["adkim", "aspf"] {
        if let Some(v) = value(name)
            && !is_one_of(v, &["r", "s"])
        {
            error(
                format!("`{name}={v}` is not an alignment mode"),
                "Alignment is `r` (relaxed, the default) or `s` (strict) (RFC 7489 §6.3).",
                whole(name),
            );
        }
    }
    if let Some(v) = value("pct")
        && !v.parse::<u8>().is_ok_and(|n| n <= 100)
    {
        error(
            format!("`pct={v}` is not a percentage from 0 to 100"),
            "`pct` is a whole number from 0 to 100 (RFC 7489 §6.3); DMARCbis drops it, so leaving it out is simplest.",
            whole("pct"),
        );
    }
    if let Some(v) = value("fo")
        && !v
            .split(':')
            .all(|o| is_one_of(o.trim(), &["0", "1", "d", "s"]))
    {
        error(
            format!("`fo={v}` is not a list of `0`, `1`, `d` and `s`"),
            "Failure-report options are `0`, `1`, `d` and `s`, separated by `:` (RFC 7489 §6.3).",
            whole("fo"),
        );
    }
    if let Some(v) = value("ri")
        && v.parse::<u32>().is_err()
    {
        error(
            format!("`ri={v}` is not a number of seconds"),
            "`ri` is the report interval in seconds, a whole number (RFC 7489 §6.3).",
            whole("ri"),
        );
    }
    for (name, wanted) in [("psd", &["y", "n", "u"][..]), ("t", &["y", "n"][..])] {
        if let Some(v) = value(name)
            && !wanted.contains(&v)
        {
            error(
                format!("`{name}={v}` is not one of {}", wanted.join(", ")),
                "DMARCbis defines `psd` as `y`, `n` or `u` and `t` as `y` or `n`.",
                whole(name),
            );
        }
    }
    // Destinations in a URI scheme other than `mailto:` (`https:`): RFC 7489 §6.3 has receivers
    // ignore them, and the policy still applies.
    let mut other_schemes = Vec::new();
    let mut bad_uris = Vec::new();
    for name in ["rua", "ruf"] {
        let Some(v) = value(name) else { continue };
        for uri in report_uris(v) {
            if has_other_scheme(uri) {
                other_schemes.push((name, uri));
                continue;
            }
            if let Some(message) = uri_problem(uri) {
                bad_uris.push((name, uri, message));
            }
        }
    }
    // A destination that is no `mailto:` URI (a bare address): a syntax error in a tag other
    // than `v` and `p`, which RFC 7489 §6.3 has receivers ignore; the policy applies, and only
    // the reports are lost.
    for (name, uri, message) in bad_uris {
        problems.push((
            format!("`{name}` holds `{uri}`: {message}, so no reports go there"),
            "Report destinations are `mailto:` URIs separated by commas, such as \
             `mailto:dmarc@example.com` (RFC 7489 §6.2); a `,` or `;` inside an address must be \
             %-encoded. Receivers ignore a destination they cannot read (RFC 7489 §6.3): the \
             policy applies, but no reports are sent to it.",
            Severity::Warning,
            Some(uri),
        ));
    }
    for (name, uri) in other_schemes {
        problems.push((
            format!(
                "`{name}` holds `{uri}`, which receivers ignore: they send reports by mail only"
            ),
            "RFC 7489 §6.3: receivers must support `mailto:` and ignore URIs they do not; none \
             sends reports over HTTP. Give a `mailto:` address (`mailto:dmarc@example.com`).",
            Severity::Warning,
            Some(uri),
        ));
    }
    if p_not_second {
        problems.push((
            "`p=` is not the second tag".into(),
            "RFC 7489 §6.4 writes `p` right after `v`; receivers read the tags in any order and \
             DMARCbis allows it, but a strict parser may not. Put `p=` second.",
            Severity::Warning,
            whole("p"),
        ));
    }
    for name in ["rua", "ruf"] {
        if value(name).is_some_and(|v| report_uris(v).next().is_none()) {
            // `rua=;` (a control panel's empty field): receivers send no reports, and a
            // strict parser (RFC 7489 §6.4 wants one URI or more) may drop the record.
            problems.push((
                format!("`{name}=` names no report destination: no reports are sent"),
                "RFC 7489 §6.4: the tag holds one or more `mailto:` URIs. Give one \
                 (`rua=mailto:dmarc@example.com`) or remove the tag.",
                Severity::Warning,
                whole(name),
            ));
        }
    }
    for tag in tags {
        if !KNOWN.contains(&tag.name.to_ascii_lowercase().as_str()) {
            problems.push((
                format!("`{}` is not a DMARC tag; receivers ignore it", tag.name),
                "RFC 7489 §6.3 and DMARCbis define v, p, sp, np, pct, adkim, aspf, fo, rf, ri, rua, ruf, psd and t. Check the tag's spelling.",
                Severity::Warning,
                Some(tag.name),
            ));
        }
    }
    problems
}

/// Whether `uri` is a URI of another scheme than `mailto:` (`https://...`, `ftp://...`): a
/// scheme name (RFC 3986 §3.1) and `:`, which a bare address (`dmarc@example.com`) lacks.
fn has_other_scheme(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && !scheme.eq_ignore_ascii_case("mailto")
}

/// Why a report URI is not one receivers send to, if it is not.
fn uri_problem(uri: &str) -> Option<String> {
    // `mailto:a@example.com mailto:b@example.com`: destinations listed as a settings page
    // shows them, which reads as one URI with a blank in it (the address part of the first
    // would even pass the test below).
    if uri.contains([' ', '\t']) {
        let is_mailto = |piece: &str| {
            piece
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
        };
        return Some(if uri.split_whitespace().all(is_mailto) {
            "the destinations are separated by a blank, not a `,`".into()
        } else {
            "a blank inside the URI".into()
        });
    }
    let Some(rest) = uri
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map(|_| &uri[7..])
    else {
        return Some("not a `mailto:` URI".into());
    };
    let address = rest.split('!').next().unwrap_or(rest);
    if let Some(size) = rest.split_once('!').map(|(_, s)| s) {
        let digits = size.trim_end_matches(['k', 'm', 'g', 't', 'K', 'M', 'G', 'T']);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(format!("`!{size}` is not a size limit"));
        }
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Some("the address has no `@`".into());
    };
    let domain_ok = domain.contains('.')
        && domain
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if local.is_empty() || !domain_ok {
        return Some(format!("`{address}` is not an e-mail address"));
    }
    None
}

/// Whether the parts of a DMARC record before its first unreadable one hold a `p=` receivers
/// apply (`none`, `quarantine` or `reject`), after `v=DMARC1`.
fn policy_read_before_bad_part(text: &str) -> bool {
    for part in text.split(';').skip(1) {
        let Some((name, value)) = part.split_once('=') else {
            return false;
        };
        if name.trim().eq_ignore_ascii_case("p") {
            return matches!(
                value.trim().to_ascii_lowercase().as_str(),
                "none" | "quarantine" | "reject"
            );
        }
    }
    false
}
