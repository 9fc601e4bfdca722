//! MAIL004: a name Cloudflare proxies (octoDNS, or a Cloudflare zone file) where mail looks it
//! up: a CNAME at a mail record's name (a DKIM key, a DMARC, BIMI, MTA-STS or TLS-RPT record),
//! whose lookup then does not reach the record the CNAME points to; an SPF `a` term's name;
//! a mail client's server. Cloudflare answers a proxied name itself and carries web traffic
//! only.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, looked_up_name, single_spf, term_span};

pub static RULE: Rule = Rule {
    code: "MAIL004",
    name: "mail-record-proxied",
    severity: Severity::Warning,
    summary: "A name Cloudflare proxies stands where mail looks it up: a DKIM, DMARC, BIMI, MTA-STS or TLS-RPT CNAME, an SPF `a` term, a mail client's server",
    doc: include_str!("../../../rules/docs/MAIL004.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Most zones proxy nothing.
    if !project.has_cloudflare_proxied() {
        return;
    }
    spf_terms_to_proxied(project, zone, out);
    client_services_to_proxied(project, zone, out);
    protocol_hosts_proxied(zone, out);
    autodiscover_proxied(zone, out);
    sending_hosts_proxied(zone, out);
    for proxied in &zone.zone.cloudflare_proxied {
        if proxied.rtype != RType::CNAME {
            continue;
        }
        let Some(looked_up) = mail_record_at(&proxied.owner) else {
            return_path_proxied(project, zone, proxied, out);
            continue;
        };
        let owner = &proxied.owner;
        let target = cname_target(zone, owner);
        let points = match target {
            Some(target) => format!("the record at `{target}`"),
            None => "the record the CNAME points to".to_string(),
        };
        out.push(
            Diagnostic::new(
                &RULE,
                proxied.flag,
                format!(
                    "`{owner}` is a CNAME Cloudflare proxies: receivers looking up the {looked_up} get Cloudflare's own answer, not {points}"
                ),
            )
            .with_help(
                "Cloudflare answers a proxied name itself, with its own addresses for web \
                 traffic, and does not hand out the CNAME; a TXT lookup there does not reach the \
                 target (Cloudflare refuses to proxy several providers' DKIM targets for this \
                 reason). Set it DNS only (`proxied: false` in octoDNS, `cf-proxied:false` in a \
                 Cloudflare zone file) on every record mail is checked by.",
            ),
        );
    }
}

/// SPF `a` terms (`a`, `a:mail.example.com`) whose name Cloudflare proxies: receivers look up
/// its address records and get Cloudflare's, so the term authorises Cloudflare, not the host
/// that sends the mail.
fn spf_terms_to_proxied(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for spf in single_spf(zone) {
        let terms = spf.parse();
        if !terms.errors.is_empty() {
            continue;
        }
        for term in &terms.terms {
            if term.mechanism() != Some(Mechanism::A) {
                continue;
            }
            let Some(name) = looked_up_name(spf, term) else {
                continue;
            };
            let Some(proxied) = project
                .zone_for(&name, zone)
                .and_then(|host_zone| host_zone.zone.proxied_at(&name))
            else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, term.text()),
                    format!(
                        "`{}` in the SPF record of `{}` looks up `{name}`, whose {} record Cloudflare proxies: it authorises Cloudflare's addresses, not the host that sends the mail",
                        term.text(),
                        spf.record.owner,
                        proxied.rtype
                    ),
                )
                .with_label(proxied.flag, "proxied here")
                .with_help(
                    "Receivers check the sender's address against the name's A and AAAA records, \
                     which for a proxied name are Cloudflare's: mail from the host itself fails SPF. \
                     Name a DNS-only host in the term (`a:mail.example.com` with `proxied: false`, \
                     or `cf-proxied:false` in a Cloudflare zone file), or its `ip4:`/`ip6:` \
                     address.",
                ),
            );
        }
    }
}

/// The SRV services mail clients find their servers by (RFC 6186, RFC 8314, Microsoft's
/// Autodiscover): a proxied target carries none of them.
const MAIL_CLIENT_SERVICES: &[&str] = &[
    "_submission",
    "_submissions",
    "_imap",
    "_imaps",
    "_pop3",
    "_pop3s",
    "_autodiscover",
];

/// Host names that by convention serve mail protocols only (`imap.example.com`): proxied, the
/// clients configured with them reach Cloudflare, which carries no IMAP, POP or SMTP. `mail`
/// and `webmail` often serve web mail as well, which the proxy carries: not judged.
const MAIL_PROTOCOL_HOSTS: &[&str] = &[
    "imap",
    "imaps",
    "imap4",
    "pop",
    "pop3",
    "pop3s",
    "pops",
    "smtp",
    "smtps",
    "submission",
];

/// Proxied records at the conventional mail-protocol host names: information, as the name is
/// only a convention.
fn protocol_hosts_proxied(zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for proxied in &zone.zone.cloudflare_proxied {
        let host = proxied.owner.first_label();
        if !MAIL_PROTOCOL_HOSTS
            .iter()
            .any(|h| h.eq_ignore_ascii_case(host))
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                proxied.flag,
                format!(
                    "`{}` is a mail client's host name, and Cloudflare proxies its {} record: the proxy passes on web traffic only",
                    proxied.owner, proxied.rtype
                ),
            )
            .with_severity(Severity::Info)
            .with_help(
                "Mail clients set up with this name reach Cloudflare's addresses, which carry no \
                 IMAP, POP or SMTP (Cloudflare, *Troubleshooting email issues*). Make the record \
                 DNS only (`proxied: false`, or `cf-proxied:false` in a Cloudflare zone file).",
            ),
        );
    }
}

/// A proxied `autodiscover` CNAME to Microsoft 365's `autodiscover.outlook.com.`: Outlook
/// finds its mailbox settings by HTTPS at that name, and through the proxy reaches
/// Cloudflare, which cannot pass the request on to Microsoft's host
/// (MicrosoftDocs/microsoft-365-docs#9530: "Error 521", with the record proxied as
/// Microsoft's own Cloudflare guide showed it; the guide now says DNS only). A CNAME to an
/// Exchange or hosting server of the domain's own is plain HTTPS the proxy may carry: not
/// judged.
fn autodiscover_proxied(zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for proxied in &zone.zone.cloudflare_proxied {
        if proxied.rtype != RType::CNAME
            || !proxied
                .owner
                .first_label()
                .eq_ignore_ascii_case("autodiscover")
        {
            continue;
        }
        let Some(target) = cname_target(zone, &proxied.owner).filter(|target| {
            target
                .as_str()
                .eq_ignore_ascii_case("autodiscover.outlook.com.")
        }) else {
            continue;
        };
        let target = format!("`{target}`");
        out.push(
            Diagnostic::new(
                &RULE,
                proxied.flag,
                format!(
                    "`{}` is a CNAME Cloudflare proxies: Outlook looks up its mail settings there and reaches Cloudflare, not {target}",
                    proxied.owner
                ),
            )
            .with_help(
                "Outlook and other Exchange clients find a mailbox's servers by an HTTPS request to \
                 `autodiscover.<domain>`; a proxied name answers with Cloudflare's addresses, and \
                 Cloudflare cannot hand the request to Microsoft's service under this name (Error \
                 521), so account setup fails. Microsoft 365's Cloudflare setup asks for this record \
                 DNS only: `proxied: false` in octoDNS, `cf-proxied:false` in a Cloudflare zone file.",
            ),
        );
    }
}

/// Proxied address records at SendGrid's reverse-DNS host names (`o1.ptr1234.example.com`):
/// the name the PTR record of a dedicated sending address gives, whose forward lookup must
/// return that address for receivers' forward-confirmed reverse DNS check. Proxied, it returns
/// Cloudflare's, and receivers defer the mail ("450 4.7.25 Client host rejected: cannot find
/// your hostname").
fn sending_hosts_proxied(zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for proxied in &zone.zone.cloudflare_proxied {
        if !matches!(proxied.rtype, RType::A | RType::AAAA)
            || !is_sendgrid_reverse_dns_host(&proxied.owner)
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                proxied.flag,
                format!(
                    "`{}` is the host name of a SendGrid sending address, and Cloudflare proxies its {} record: receivers checking the sender's reverse DNS get Cloudflare's address instead",
                    proxied.owner, proxied.rtype
                ),
            )
            .with_help(
                "The PTR record of the dedicated address names this host, and receivers look its \
                 address up to confirm it (forward-confirmed reverse DNS); a proxied name answers \
                 with Cloudflare's addresses, so the check fails and mail is deferred or refused \
                 (\"450 4.7.25 Client host rejected: cannot find your hostname\"). Make the record \
                 DNS only (`proxied: false`, or `cf-proxied:false` in a Cloudflare zone file).",
            ),
        );
    }
}

/// A proxied CNAME to a sending service's return-path (bounce) domain, the envelope sender
/// of its mail: SendGrid's `em1234` to `u1234567.wl123.sendgrid.net`, SMTP2GO's to
/// `return.smtp2go.net`, Postmark's `pm-bounces` to `pm.mtasv.net`, SparkPost's to
/// `sparkpostmail.com`. Receivers look up the SPF record and MX there; a proxied name answers
/// neither with the service's, so SPF fails (and with it DMARC's SPF alignment) and bounces
/// have nowhere to go (MapleTree-moe/dns's `em872486`).
fn return_path_proxied(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    proxied: &crate::model::ProxiedRecord,
    out: &mut Vec<Diagnostic>,
) {
    let Some(target) = cname_target(zone, &proxied.owner) else {
        return;
    };
    let (what, whose) = if is_return_path_target(target) {
        ("a sending service's return-path domain", "the service's")
    } else if is_bounce_domain_of_the_zones(project, zone, target) {
        (
            "a return-path domain with an MX and an SPF record of its own",
            "the target's",
        )
    } else {
        return;
    };
    out.push(
        Diagnostic::new(
            &RULE,
            proxied.flag,
            format!(
                "`{}` is a CNAME to `{target}`, {what}, and Cloudflare proxies it: receivers checking SPF for its mail get Cloudflare's answer, not {whose}",
                proxied.owner
            ),
        )
        .with_help(
            "The name is the envelope sender (return path) of the service's mail: receivers look up \
             its SPF record and MX, which a proxied name does not hand on, so SPF fails, DMARC's SPF \
             alignment with it, and bounces do not reach the service. Make the record DNS only \
             (`proxied: false`, or `cf-proxied:false` in a Cloudflare zone file).",
        ),
    );
}

/// Whether `target` is a bounce domain in the linted zones: a name below its zone's apex with
/// an MX and an SPF record of its own, as a self-hosted sending server's return path is
/// (Postal's `psrp CNAME rp.postal.<domain>.`, postal#159: "When I activate the CDN I don't
/// get a MX record for the psrp domains"). Not an apex: `www CNAME example.com.`, proxied,
/// is a web name whatever mail the apex takes.
fn is_bounce_domain_of_the_zones(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    target: &Name,
) -> bool {
    let Some(target_zone) = project.zone_for(target, zone) else {
        return false;
    };
    if *target == target_zone.zone.apex {
        return false;
    }
    let at_target = || target_zone.at(target);
    at_target().any(|record| record.rtype == RType::MX)
        && at_target().any(|record| crate::rules::spf::read_spf(record).is_some())
}

/// The target of the CNAME at `owner`, if there is one.
fn cname_target<'a>(zone: &ZoneIndex<'a>, owner: &Name) -> Option<&'a Name> {
    zone.at(owner).find_map(|record| match &record.rdata {
        RData::Target(target) if record.rtype == RType::CNAME => Some(target),
        _ => None,
    })
}

/// The return-path CNAME targets of sending services, as their setup guides give them.
fn is_return_path_target(target: &Name) -> bool {
    let lower = target.as_str().to_ascii_lowercase();
    let labels: Vec<&str> = lower.trim_end_matches('.').split('.').collect();
    match labels.as_slice() {
        // SendGrid's domain authentication: `u<account>.wl<n>.sendgrid.net` (the link
        // branding CNAME is `sendgrid.net` itself, web traffic).
        [user, wl, "sendgrid", "net"] => user.starts_with('u') && wl.starts_with("wl"),
        ["return", "smtp2go", "net"] | ["pm", "mtasv", "net"] | ["sparkpostmail", "com"] => true,
        _ => false,
    }
}

/// `o<n>.ptr<n>.<domain>`: the A record SendGrid's reverse DNS setup asks for.
fn is_sendgrid_reverse_dns_host(owner: &Name) -> bool {
    let mut labels = owner.labels();
    let numbered = |label: Option<&str>, prefix: &str| {
        label
            .and_then(|label| {
                label
                    .get(..prefix.len())
                    .filter(|p| p.eq_ignore_ascii_case(prefix))
                    .map(|_| &label[prefix.len()..])
            })
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
    };
    numbered(labels.next(), "o") && numbered(labels.next(), "ptr")
}

/// SRV records of mail-client services whose target Cloudflare proxies.
fn client_services_to_proxied(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for record in zone.of_type(RType::SRV) {
        let RData::Srv { target, port, .. } = &record.rdata else {
            continue;
        };
        let service = record.owner.first_label();
        if !MAIL_CLIENT_SERVICES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(service))
        {
            continue;
        }
        let Some(proxied) = project
            .zone_for(target, zone)
            .and_then(|host_zone| host_zone.zone.proxied_at(target))
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                record.field_span(3),
                format!(
                    "`{}` sends mail clients to `{target}` port {port}, whose {} record Cloudflare proxies: the proxy passes on web traffic only",
                    record.owner, proxied.rtype
                ),
            )
            .with_label(proxied.flag, "proxied here")
            .with_help(
                "Clients connect to Cloudflare's addresses, which carry no IMAP, POP or \
                 submission, and Autodiscover reaches Cloudflare, not the mail server. Point the \
                 record at a DNS-only host (`proxied: false`, or `cf-proxied:false` in a \
                 Cloudflare zone file).",
            ),
        );
    }
}

/// What receivers look up at `owner`, when it is a mail record's name: `<selector>._domainkey`,
/// `_dmarc`, `<selector>._bimi`, `_mta-sts`, `_smtp._tls`.
fn mail_record_at(owner: &Name) -> Option<&'static str> {
    let labels: Vec<&str> = owner.labels().collect();
    let is = |index: usize, label: &str| {
        labels
            .get(index)
            .is_some_and(|l| l.eq_ignore_ascii_case(label))
    };
    // A selector may have several labels (`s1.mail._domainkey`, RFC 6376 §3.1).
    let after_selector = |label: &str| labels.iter().skip(1).any(|l| l.eq_ignore_ascii_case(label));
    if after_selector("_domainkey") {
        Some("DKIM key")
    } else if is(0, "_dmarc") {
        Some("DMARC policy")
    } else if after_selector("_bimi") {
        Some("BIMI record")
    } else if is(0, "_mta-sts") {
        Some("MTA-STS record")
    } else if is(0, "_smtp") && is(1, "_tls") {
        Some("TLS-RPT record")
    } else {
        None
    }
}
