//! octoDNS 1.22's zone validators of the `best-practice` set (`octodns/zone/mail.py`, `ns.py`,
//! `cname.py`, `srv.py`, `caa.py`): checks over the whole assembled zone that make
//! `octodns-sync` and `octodns-validate` refuse it (`ValidationError`), or only log when the
//! zone is `lenient`. Each finding is OCTO004 and quotes octoDNS's reason.
//!
//! Pure: the zone's records in, diagnostics out. The CAA check reads each value's tag as
//! written, which the records do not keep typed; the caller hands in the text of a field.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::syntax::OCTODNS_VALIDATION;

/// The exchanges of providers octoDNS lets stand alone in an MX record
/// (`MailZoneValidator.DEFAULT_SINGLE_MX_REGEXES`, octoDNS 1.22.0), matched on the lower-case
/// exchange with its final dot.
fn is_single_mx_provider(exchange: &str) -> bool {
    let amazon = ["feedback-smtp.", "inbound-smtp."].iter().any(|start| {
        exchange.strip_prefix(start).is_some_and(|rest| {
            [".amazonaws.com.", ".amazonses.com."]
                .iter()
                .any(|end| rest.len() > end.len() && rest.ends_with(end))
        })
    });
    amazon
        || matches!(
            exchange,
            "inbound.postmarkapp.com."
                | "mx.hubapi.com."
                | "mx.sendgrid.net."
                | "smtp.google.com."
        )
        // `^smtp\.siftrock\.com.`: any character after `com`, the final dot included.
        || exchange
            .strip_prefix("smtp.siftrock.com")
            .is_some_and(|rest| !rest.is_empty())
}

/// What the octoDNS config says of the zone's validation.
pub struct Settings<'s> {
    /// The ids of the validators that run ([`super::config::BEST_PRACTICE_ZONE_VALIDATORS`]).
    pub active: &'s [String],
    /// The zone is `lenient`: octoDNS only logs what they find.
    pub lenient: bool,
    /// The records marked `octodns: lenient: true`, by name and type.
    pub lenient_records: &'s [(Name, RType)],
    /// The other zones of the config below this one.
    pub sub_zones: &'s [Name],
}

/// One octoDNS record: the records of one name and type.
struct RecordSet<'r> {
    records: Vec<&'r Record>,
}

impl<'r> RecordSet<'r> {
    fn first(&self) -> &'r Record {
        self.records[0]
    }
}

/// The zone as octoDNS's validators look at it: records by name and type.
struct ZoneView<'r> {
    apex: &'r Name,
    sets: HashMap<(String, RType), RecordSet<'r>>,
    /// Every name with a record, lower case.
    names: HashSet<String>,
    /// The zones of the config below this one, lower case, with their final dot (octoDNS's
    /// `sub_zones`): names there are theirs.
    sub_zones: Vec<String>,
    /// The zone is `lenient` in the config: every finding is only logged.
    lenient: bool,
    /// The records marked `octodns: lenient: true`, lower-case owner and type.
    lenient_records: Vec<(String, RType)>,
    /// The names and types in the order their first record comes.
    order: Vec<(String, RType)>,
}

impl<'r> ZoneView<'r> {
    fn new(apex: &'r Name, records: &'r [Record], settings: &Settings<'_>) -> ZoneView<'r> {
        let mut sets: HashMap<(String, RType), RecordSet<'r>> = HashMap::new();
        let mut names = HashSet::new();
        let mut order = Vec::new();
        for record in records {
            let owner = record.owner.as_str().to_ascii_lowercase();
            names.insert(owner.clone());
            let key = (owner, record.rtype);
            sets.entry(key.clone())
                .or_insert_with(|| {
                    order.push(key);
                    RecordSet {
                        records: Vec::new(),
                    }
                })
                .records
                .push(record);
        }
        let lower = |name: &Name| name.as_str().to_ascii_lowercase();
        ZoneView {
            apex,
            sets,
            names,
            sub_zones: settings.sub_zones.iter().map(lower).collect(),
            lenient: settings.lenient,
            lenient_records: settings
                .lenient_records
                .iter()
                .map(|(owner, rtype)| (lower(owner), *rtype))
                .collect(),
            order,
        }
    }

    /// Whether octoDNS only logs a finding at `record`: the zone is lenient, or the record.
    fn is_lenient(&self, record: &Record) -> bool {
        self.lenient
            || self.lenient_records.iter().any(|(owner, rtype)| {
                *rtype == record.rtype && record.owner.as_str().eq_ignore_ascii_case(owner)
            })
    }

    fn get(&self, name: &str, rtype: RType) -> Option<&RecordSet<'r>> {
        self.sets.get(&(name.to_ascii_lowercase(), rtype))
    }

    fn of_type(&self, rtype: RType) -> impl Iterator<Item = (&str, &RecordSet<'r>)> {
        self.order
            .iter()
            .filter(move |(_, t)| *t == rtype)
            .filter_map(|key| Some((key.0.as_str(), self.sets.get(key)?)))
    }

    fn apex_text(&self) -> String {
        self.apex.as_str().to_ascii_lowercase()
    }

    /// `Zone.owns('A', target)`: the target is the apex or below it, and not at or below a
    /// sub-zone (another zone of the config; an NS record alone does not make one).
    fn owns_address(&self, target: &str) -> bool {
        let target = target.to_ascii_lowercase();
        let apex = self.apex_text();
        if target == apex {
            return true;
        }
        if !target.ends_with(&format!(".{apex}")) {
            return false;
        }
        !self
            .sub_zones
            .iter()
            .any(|sub| target == *sub || target.ends_with(&format!(".{sub}")))
    }

    fn exists(&self, name: &str) -> bool {
        self.names.contains(&name.to_ascii_lowercase())
    }
}

/// The text of a TXT record, its strings joined, as octoDNS holds the value.
fn txt_value(record: &Record) -> Option<String> {
    match &record.rdata {
        RData::Txt(strings, _) => {
            let bytes: Vec<u8> = strings.iter().flatten().copied().collect();
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => None,
    }
}

/// The values of a TXT record set that start with `prefix` (`v=spf1`, `v=dmarc1`), lower
/// case and without backslashes, as `MailZoneValidator` reads them.
fn values_starting(set: Option<&RecordSet<'_>>, prefix: &str) -> Vec<String> {
    set.into_iter()
        .flat_map(|set| set.records.iter())
        .filter_map(|record| {
            let value = txt_value(record)?.to_ascii_lowercase().replace('\\', "");
            value.starts_with(prefix).then_some(value)
        })
        .collect()
}

fn is_null_mx(set: &RecordSet<'_>) -> bool {
    matches!(
        set.records.as_slice(),
        [only] if matches!(&only.rdata, RData::Mx { preference: 0, exchange } if exchange.is_root())
    )
}

/// A finding of validator `id`: octoDNS's reason, at `record`.
fn refusal(zone: &ZoneView<'_>, id: &str, record: &Record, reason: String) -> Diagnostic {
    let lenient = zone.is_lenient(record);
    let set = if super::config::STRICT_ZONE_VALIDATORS.contains(&id) {
        "strict"
    } else {
        "best-practice"
    };
    let outcome = if lenient {
        "finds, and only logs as the zone or record is lenient"
    } else {
        "refuses the zone"
    };
    // At the record's `type:`, where octoDNS points (the record's mapping): its whole entry
    // may be a long list of the name's records.
    let diagnostic = Diagnostic::new(
        &OCTODNS_VALIDATION,
        record.type_span(),
        format!("octoDNS's `{id}` zone validator ({set}) {outcome}: {reason}"),
    )
    .with_help(format!(
        "The config turns on octoDNS's `{set}` validators (`manager: validators: enabled:`), \
         whose zone checks stop `octodns-sync` (ValidationError, checked with octoDNS 1.22.0). Fix \
         the records, or turn this check off for the zone: `validators: {{zone: {{disable_validators: [{id}]}}}}` \
         in its `zones:` entry."
    ));
    if lenient {
        diagnostic.with_severity(Severity::Warning)
    } else {
        diagnostic
    }
}

/// The findings of the validators `settings` turns on, on the zone `apex` of `records`. `field_text` gives the text of a record's RDATA field as
/// written (for CAA tags).
pub fn check(
    apex: &Name,
    records: &[Record],
    settings: &Settings<'_>,
    field_text: &dyn Fn(&Record, usize) -> String,
) -> Vec<Diagnostic> {
    let zone = ZoneView::new(apex, records, settings);
    let active = settings.active;
    let mut out = Vec::new();
    let on = |id: &str| active.iter().any(|a| a == id);
    if on("mail") {
        mail(&zone, &mut out);
    }
    if on("multi-value-ns") {
        for (name, set) in zone.of_type(RType::NS) {
            if set.records.len() < 2 {
                out.push(refusal(
                    &zone,
                    "multi-value-ns",
                    set.first(),
                    format!(
                        "NS record \"{name}\" has only {} value; at least 2 are recommended for redundancy",
                        set.records.len()
                    ),
                ));
            }
        }
    }
    let targets_of = |rtype: RType| {
        zone.of_type(rtype).flat_map(move |(name, set)| {
            set.records.iter().filter_map(move |record| {
                let (target, field) = match &record.rdata {
                    RData::Target(target) | RData::AddressAlias(target) => (target, 0),
                    RData::Mx { exchange, .. } => (exchange, 1),
                    RData::Srv { target, .. } => (target, 3),
                    _ => return None,
                };
                // A target written without its final dot (`web`) is, to octoDNS, the name
                // `web.`, in no zone of its own (the lowering completes it as meant, and
                // NAME001 says the dot is missing).
                let written = field_text(record, field);
                let written_relative = !written.is_empty() && !written.trim_end().ends_with('.');
                (!written_relative).then_some((name, *record, target))
            })
        })
    };
    if on("cname-target-resolvable-in-zone") {
        let mut aliases_done: Vec<&str> = Vec::new();
        for rtype in [RType::CNAME, RType::A, RType::AAAA] {
            for (name, record, target) in targets_of(rtype) {
                let kind = if rtype == RType::CNAME {
                    "CNAME"
                } else if matches!(record.rdata, RData::AddressAlias(_)) {
                    // An octoDNS ALIAS is one record, kept as an A and an AAAA alias here.
                    if aliases_done.contains(&name) {
                        continue;
                    }
                    aliases_done.push(name);
                    "ALIAS"
                } else {
                    continue;
                };
                if zone.owns_address(target.as_str()) && !zone.exists(target.as_str()) {
                    out.push(refusal(
                        &zone,
                        "cname-target-resolvable-in-zone",
                        record,
                        format!("{kind} record \"{name}\" points to in-zone target \"{target}\" that does not exist"),
                    ));
                }
            }
        }
    }
    // Targets in the zone that are CNAMEs: the CNAME check of the `best-practice` set, the
    // MX, NS and SRV checks of the `strict` set, each in octoDNS's words.
    for (id, rtype, kind, what, also) in [
        (
            "cname-target-not-cname",
            RType::CNAME,
            "CNAME",
            "target",
            "also ",
        ),
        ("mx-target-not-cname", RType::MX, "MX", "exchange", ""),
        ("ns-target-not-cname", RType::NS, "NS", "target", ""),
        ("srv-target-not-cname", RType::SRV, "SRV", "target", ""),
    ] {
        if !on(id) {
            continue;
        }
        for (name, record, target) in targets_of(rtype) {
            if !target.is_root()
                && zone.owns_address(target.as_str())
                && zone.get(target.as_str(), RType::CNAME).is_some()
            {
                out.push(refusal(
                    &zone,
                    id,
                    record,
                    format!(
                        "{kind} record \"{name}\" points to {what} \"{target}\" which is {also}a CNAME"
                    ),
                ));
            }
        }
    }
    if on("glue-for-in-zone-ns") {
        for (name, record, target) in targets_of(RType::NS) {
            let has_address = zone.get(target.as_str(), RType::A).is_some()
                || zone.get(target.as_str(), RType::AAAA).is_some();
            if zone.owns_address(target.as_str()) && !has_address {
                out.push(refusal(
                    &zone,
                    "glue-for-in-zone-ns",
                    record,
                    format!("NS record \"{name}\" points to in-zone target \"{target}\" without glue records (A/AAAA)"),
                ));
            }
        }
    }
    for (id, rtype, kind) in [
        ("mx-target-resolvable-in-zone", RType::MX, "MX"),
        ("srv-target-resolvable-in-zone", RType::SRV, "SRV"),
    ] {
        if !on(id) {
            continue;
        }
        // One reason per record set and target, as octoDNS gives one per value.
        for (name, record, target) in targets_of(rtype) {
            if !target.is_root()
                && zone.owns_address(target.as_str())
                && !zone.exists(target.as_str())
            {
                out.push(refusal(
                    &zone,
                    id,
                    record,
                    format!("{kind} record \"{name}\" points to in-zone target \"{target}\" that does not exist"),
                ));
            }
        }
    }
    if on("caa-best-practices") {
        for (name, set) in zone.of_type(RType::CAA) {
            let tags: Vec<String> = set
                .records
                .iter()
                .map(|record| field_text(record, 1).to_ascii_lowercase())
                .collect();
            let issue = tags.iter().any(|t| t == "issue");
            let issuewild = tags.iter().any(|t| t == "issuewild");
            let reason = match (issue, issuewild) {
                (false, false) => format!(
                    "CAA record \"{name}\" has no `issue` or `issuewild` tag; having only `iodef` means any CA can issue certificates"
                ),
                (true, false) => format!(
                    "CAA record \"{name}\" has `issue` but no `issuewild`; consider adding an explicit `issuewild` to define wildcard certificate policy"
                ),
                _ => continue,
            };
            out.push(refusal(&zone, "caa-best-practices", set.first(), reason));
        }
    }
    out
}

/// `MailZoneValidator` in its default `auto` mode with `min_mx: 2`.
fn mail(zone: &ZoneView<'_>, out: &mut Vec<Diagnostic>) {
    let apex = zone.apex_text();
    let shown_zone = zone.apex.as_str();
    let push = |out: &mut Vec<Diagnostic>, record: &Record, reason: String| {
        out.push(refusal(zone, "mail", record, reason));
    };
    // MX redundancy, at the apex and below.
    let apex_mx = zone.get(&apex, RType::MX);
    let mx_sets: Vec<(&str, &RecordSet<'_>)> = zone.of_type(RType::MX).collect();
    for (name, set) in &mx_sets {
        if is_null_mx(set) || set.records.len() >= 2 {
            continue;
        }
        let exempt = match &set.first().rdata {
            RData::Mx { exchange, .. } => {
                let mut text = exchange.as_str().to_ascii_lowercase();
                if !text.ends_with('.') {
                    text.push('.');
                }
                is_single_mx_provider(&text)
            }
            _ => false,
        };
        if !exempt {
            push(
                out,
                set.first(),
                format!(
                    "MX record \"{name}\" should have at least 2 values for redundancy, found {}",
                    set.records.len()
                ),
            );
        }
    }
    let apex_txt = zone.get(&apex, RType::TXT);
    let apex_spf = values_starting(apex_txt, "v=spf1");
    if apex_spf.len() > 1
        && let Some(txt) = apex_txt
    {
        push(
            out,
            txt.first(),
            format!("zone \"{shown_zone}\" has multiple SPF values"),
        );
    }
    let apex_spf = apex_spf.into_iter().next();
    let dmarc_name = format!("_dmarc.{apex}");
    let dmarc_txt = zone.get(&dmarc_name, RType::TXT);
    let dmarc = values_starting(dmarc_txt, "v=dmarc1");
    if dmarc.len() > 1
        && let Some(txt) = dmarc_txt
    {
        push(
            out,
            txt.first(),
            format!("zone \"{shown_zone}\" has multiple DMARC values"),
        );
    }
    let dmarc = dmarc.into_iter().next();
    // Where a reason about the zone as a whole is shown: the records octoDNS names.
    let anchor = apex_mx.or(apex_txt).or(dmarc_txt).map(RecordSet::first);
    let policy = |dmarc: &str| {
        dmarc.split(';').find_map(|part| {
            let (tag, value) = part.split_once('=')?;
            (tag.trim() == "p").then(|| value.trim().to_string())
        })
    };
    let has_p = |dmarc: &str| {
        dmarc
            .split(';')
            .any(|part| part.split_once('=').map_or(part.trim(), |(t, _)| t.trim()) == "p")
    };
    let mode = match (apex_mx, &apex_spf) {
        (Some(mx), _) if is_null_mx(mx) => Some(false),
        (Some(_), _) => Some(true),
        (None, Some(spf)) => Some(spf != "v=spf1 -all"),
        (None, None) => None,
    };
    if let (Some(handles_mail), Some(anchor)) = (mode, anchor) {
        if handles_mail {
            if apex_mx.is_none() {
                push(
                    out,
                    anchor,
                    format!(
                        "zone \"{shown_zone}\" handles mail but is missing MX records at the apex"
                    ),
                );
            }
            match &apex_spf {
                None => push(
                    out,
                    anchor,
                    format!(
                        "zone \"{shown_zone}\" handles mail but is missing an SPF TXT record at the apex"
                    ),
                ),
                Some(spf) if !(spf.ends_with(" -all") || spf.ends_with(" ~all")) => push(
                    out,
                    apex_txt.map_or(anchor, RecordSet::first),
                    format!(
                        "SPF record at the apex of \"{shown_zone}\" should terminate with \"~all\" or \"-all\""
                    ),
                ),
                Some(_) => {}
            }
            match &dmarc {
                None => {
                    // octoDNS looks for the TXT record itself: a `_dmarc` CNAME to a
                    // provider's policy does not count.
                    let note = if zone.get(&dmarc_name, RType::CNAME).is_some() {
                        " (octoDNS's check does not follow the `_dmarc` CNAME: publish the TXT record, or turn `mail` off for the zone)"
                    } else {
                        ""
                    };
                    push(
                        out,
                        anchor,
                        format!(
                            "zone \"{shown_zone}\" handles mail but is missing a DMARC TXT record at _dmarc{note}"
                        ),
                    )
                }
                Some(value) if !has_p(value) => push(
                    out,
                    dmarc_txt.map_or(anchor, RecordSet::first),
                    format!("DMARC record at _dmarc.{shown_zone} is missing a policy (p=...)"),
                ),
                Some(_) => {}
            }
        } else {
            match apex_mx {
                None => push(
                    out,
                    anchor,
                    format!(
                        "zone \"{shown_zone}\" disables mail but is missing a Null MX record (0 .)"
                    ),
                ),
                Some(mx) if !is_null_mx(mx) => push(
                    out,
                    mx.first(),
                    format!(
                        "zone \"{shown_zone}\" disables mail and should have a single Null MX record (0 .)"
                    ),
                ),
                Some(_) => {}
            }
            match &apex_spf {
                None => push(
                    out,
                    anchor,
                    format!(
                        "zone \"{shown_zone}\" disables mail but is missing strict SPF TXT record \"v=spf1 -all\""
                    ),
                ),
                Some(spf) if spf != "v=spf1 -all" => push(
                    out,
                    apex_txt.map_or(anchor, RecordSet::first),
                    format!(
                        "zone \"{shown_zone}\" disables mail and should have a single strict SPF TXT record \"v=spf1 -all\""
                    ),
                ),
                Some(_) => {}
            }
            match &dmarc {
                None => push(
                    out,
                    anchor,
                    format!(
                        "zone \"{shown_zone}\" disables mail but is missing strict DMARC TXT record \"v=DMARC1; p=reject;\""
                    ),
                ),
                Some(value) if policy(value).as_deref() != Some("reject") => push(
                    out,
                    dmarc_txt.map_or(anchor, RecordSet::first),
                    format!(
                        "zone \"{shown_zone}\" disables mail and should have a DMARC TXT record with \"v=DMARC1; p=reject;\""
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    // Each name below the apex with MX records: its own SPF record (DMARC is inherited).
    for (name, set) in &mx_sets {
        if *name == apex {
            continue;
        }
        let txt = zone.get(name, RType::TXT);
        let spf = values_starting(txt, "v=spf1");
        let shown = name;
        if spf.len() > 1
            && let Some(txt) = txt
        {
            push(
                out,
                txt.first(),
                format!("\"{shown}\" has multiple SPF values"),
            );
        }
        let spf = spf.into_iter().next();
        let at_txt = txt.map_or(set.first(), RecordSet::first);
        if is_null_mx(set) {
            match &spf {
                None => push(
                    out,
                    set.first(),
                    format!(
                        "\"{shown}\" disables mail but is missing strict SPF TXT record \"v=spf1 -all\""
                    ),
                ),
                Some(spf) if spf != "v=spf1 -all" => push(
                    out,
                    at_txt,
                    format!(
                        "\"{shown}\" disables mail and should have a strict SPF TXT record \"v=spf1 -all\""
                    ),
                ),
                Some(_) => {}
            }
        } else {
            match &spf {
                None => push(
                    out,
                    set.first(),
                    format!("\"{shown}\" handles mail but is missing an SPF TXT record"),
                ),
                Some(spf) if !(spf.ends_with(" -all") || spf.ends_with(" ~all")) => push(
                    out,
                    at_txt,
                    format!("SPF record at \"{shown}\" should terminate with \"~all\" or \"-all\""),
                ),
                Some(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str, active: &[&str]) -> Vec<String> {
        let zone = crate::index::tests::parsed("example.com.", text);
        let active: Vec<String> = active.iter().map(|a| a.to_string()).collect();
        let tag = |record: &Record, _: usize| match &record.rdata {
            _ if record.rtype == RType::CAA => text
                .lines()
                .find(|line| line.contains("CAA"))
                .and_then(|line| line.split_whitespace().nth(3))
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        };
        let settings = Settings {
            active: &active,
            lenient: false,
            lenient_records: &[],
            sub_zones: &[],
        };
        check(&zone.apex, &zone.records, &settings, &tag)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn providers_that_give_one_mx_are_exempt_from_redundancy() {
        for exchange in [
            "smtp.google.com.",
            "inbound-smtp.eu-west-1.amazonaws.com.",
            "feedback-smtp.us-east-1.amazonses.com.",
            "mx.sendgrid.net.",
            "inbound.postmarkapp.com.",
        ] {
            assert!(is_single_mx_provider(exchange), "{exchange}");
        }
        for exchange in [
            "aspmx.l.google.com.",
            "inbound-smtp.amazonaws.com.",
            "smtp.siftrock.com",
        ] {
            assert!(!is_single_mx_provider(exchange), "{exchange}");
        }
        let found = findings(
            "@ MX 1 smtp.google.com.\n@ TXT \"v=spf1 include:_spf.google.com ~all\"\n_dmarc TXT \"v=DMARC1; p=none\"\n",
            &["mail"],
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_null_mx_asks_for_the_no_mail_records() {
        let found = findings("@ MX 0 .\n@ TXT \"v=spf1 mx -all\"\n", &["mail"]);
        assert_eq!(
            found,
            [
                "octoDNS's `mail` zone validator (best-practice) refuses the zone: zone \"example.com.\" disables mail and should have a single strict SPF TXT record \"v=spf1 -all\"",
                "octoDNS's `mail` zone validator (best-practice) refuses the zone: zone \"example.com.\" disables mail but is missing strict DMARC TXT record \"v=DMARC1; p=reject;\"",
            ]
        );
    }

    #[test]
    fn caa_asks_for_issuewild_beside_issue() {
        let found = findings(
            "@ CAA 0 issue \"letsencrypt.org\"\n",
            &["caa-best-practices"],
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("has `issue` but no `issuewild`"));
        assert!(findings("@ CAA 0 issue \"letsencrypt.org\"\n", &["mail"]).is_empty());
    }
}
