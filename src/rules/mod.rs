//! The rule registry: every rule's code, name, default severity and doc, and the checks.
//!
//! A rule is one file: a `pub static RULE: Rule` and a `check` function, with its prose in
//! `rules/docs/<CODE>.md` and its fixtures in `fixtures/rules/<CODE>/{pass,fail}/`.

pub mod bimi;
pub mod dkim;
pub mod dmarc;
pub mod mail;
pub mod mx;
pub mod names;
pub mod readings;
pub mod spf;
pub mod syntax;
pub mod tags;
pub mod transport;
pub mod typo;
pub mod zone;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};

/// A check over one zone; `project` gives the other linted zones and the sources.
/// A rule's check. The zone is one of the project's zones, so both share a lifetime: what
/// the index keeps per zone may hold what the project lends (the catalog's providers).
pub type Check = for<'a> fn(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>);

pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line for listings.
    pub summary: &'static str,
    /// The Markdown doc from `rules/docs/<CODE>.md`.
    pub doc: &'static str,
    /// None for rules emitted by the parsers and the loader.
    pub check: Option<Check>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code, self.name)
    }
}

impl Rule {
    /// Where the rule's doc is published.
    pub fn url(&self) -> String {
        format!("{DOCS_URL}{}.md", self.code)
    }

    /// Input zonelint could not read, or read only in part (`SYN`; a binary file, a file
    /// too large, a limit reached): always reported, never suppressed, so a pull request
    /// cannot hide a zone from the check.
    pub fn is_input_problem(&self) -> bool {
        self.family() == "SYN" || matches!(self.code, "ZL003" | "ZL004" | "ZL005")
    }

    /// The code's family: `MX` for MX001.
    pub fn family(&self) -> &'static str {
        self.code.trim_end_matches(|c: char| c.is_ascii_digit())
    }
}

pub const DOCS_URL: &str = "https://github.com/zonelint/zonelint/blob/main/rules/docs/";

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &bimi::bimi_invalid_record::RULE,
    &bimi::bimi_without_dmarc_enforcement::RULE,
    &transport::dane_tlsa_invalid::RULE,
    &transport::dane_tlsa_misplaced::RULE,
    &dkim::dkim_invalid_key::RULE,
    &dkim::dkim_weak_key::RULE,
    &dkim::dkim_hostname_in_txt::RULE,
    &dkim::dkim_multiple_records::RULE,
    &dkim::dkim_selector_other_domain::RULE,
    &dkim::dkim_misplaced::RULE,
    &dkim::sender_dkim_missing::RULE,
    &dmarc::dmarc_invalid_record::RULE,
    &dmarc::dmarc_multiple_records::RULE,
    &dmarc::dmarc_misplaced::RULE,
    &dmarc::dmarc_external_reports::RULE,
    &dmarc::dmarc_missing::RULE,
    &dmarc::dmarc_subdomain_policy_none::RULE,
    &dmarc::dmarc_reports_undeliverable::RULE,
    &mail::mail_companion_missing::RULE,
    &mail::mail_leftover_record::RULE,
    &mail::mail_domain_alias::RULE,
    &mail::mail_record_proxied::RULE,
    &mail::mail_srv_port_swapped::RULE,
    &transport::mta_sts_invalid_record::RULE,
    &transport::mta_sts_policy_host_missing::RULE,
    &mx::mx_backup_unsupported::RULE,
    &mx::mx_gateway_bypass::RULE,
    &mx::mx_mixed_providers::RULE,
    &mx::mx_tenant_mismatch::RULE,
    &mx::mx_target_cname::RULE,
    &mx::mx_target_address::RULE,
    &mx::mx_target_no_address::RULE,
    &mx::null_mx_mixed::RULE,
    &mx::mx_provider_incomplete::RULE,
    &mx::mx_deprecated_host::RULE,
    &mx::mx_host_typo::RULE,
    &mx::mx_verification_leftover::RULE,
    &mx::null_mx_without_auth::RULE,
    &mx::parked_domain_without_null_mx::RULE,
    &mx::mx_target_private_address::RULE,
    &mx::mx_target_ipv6_only::RULE,
    &mx::mx_misplaced::RULE,
    &mx::mx_inbound_at_domain::RULE,
    &mx::mx_target_proxied::RULE,
    &mx::wildcard_mx_skips_hosts::RULE,
    &mx::sender_without_mail_route::RULE,
    &mx::mx_inherited_owner::RULE,
    &mx::mx_missing::RULE,
    &mx::mx_needs_provider_dns::RULE,
    &mx::mx_target_wildcard::RULE,
    &names::missing_trailing_dot::RULE,
    &syntax::OCTODNS_KEY_ORDER,
    &syntax::YAML_IMPLICIT_TYPE,
    &syntax::OCTODNS_IGNORED_KEY,
    &syntax::OCTODNS_VALIDATION,
    &syntax::NOT_OCTODNS_FILE,
    &syntax::OCTODNS_SOURCE_NOT_READ,
    &spf::spf_provider_include_missing::RULE,
    &spf::spf_multiple_records::RULE,
    &spf::spf_invalid_syntax::RULE,
    &spf::spf_too_many_lookups::RULE,
    &spf::spf_permissive_all::RULE,
    &spf::spf_no_all::RULE,
    &spf::spf_redirect_ignored::RULE,
    &spf::spf_ptr_mechanism::RULE,
    &spf::spf_void_lookup::RULE,
    &spf::spf_record_too_long::RULE,
    &spf::spf_type99_record::RULE,
    &spf::spf_terms_after_all::RULE,
    &spf::spf_fragment_record::RULE,
    &spf::spf_host_ipv6_missing::RULE,
    &spf::spf_private_senders_only::RULE,
    &spf::spf_missing::RULE,
    &syntax::SYNTAX_ERROR,
    &syntax::INVALID_RDATA,
    &syntax::UNKNOWN_TYPE,
    &syntax::INVALID_DIRECTIVE,
    &syntax::INCLUDE_FAILED,
    &syntax::INVALID_NAME,
    &syntax::INVALID_TTL,
    &syntax::MISSING_ORIGIN,
    &syntax::CLASS_MISMATCH,
    &syntax::INVALID_CHARACTER,
    &syntax::INVALID_YAML,
    &syntax::DUPLICATE_KEY,
    &syntax::INVALID_OCTODNS_RECORD,
    &syntax::TTL_FROM_SOA_MINIMUM,
    &syntax::MISSING_FINAL_NEWLINE,
    &syntax::NOT_UTF8,
    &syntax::GENERATE_LIMIT,
    &syntax::INHERITED_OWNER_AFTER_ORIGIN,
    &zone::soa_missing::RULE,
    &zone::soa_not_at_apex::RULE,
    &zone::multiple_soa::RULE,
    &zone::ns_missing::RULE,
    &zone::cname_and_other_data::RULE,
    &zone::multiple_cname::RULE,
    &zone::cname_at_apex::RULE,
    &zone::data_below_dname::RULE,
    &zone::duplicate_record::RULE,
    &zone::ttl_mismatch::RULE,
    &zone::out_of_zone_data::RULE,
    &zone::ds_not_at_delegation::RULE,
    &zone::cds_cdnskey_mismatch::RULE,
    &zone::spf_without_txt::RULE,
    &zone::ttl_above_maximum::RULE,
    &zone::soa_timers_inconsistent::RULE,
    &zone::multiple_cname::MULTIPLE_DNAME,
    &zone::ns_target_cname::RULE,
    &zone::ns_target_address::RULE,
    &zone::ns_target_no_address::RULE,
    &zone::srv_target_cname::RULE,
    &zone::srv_target_address::RULE,
    &zone::srv_target_no_address::RULE,
    &zone::missing_glue::RULE,
    &zone::orphan_glue::RULE,
    &zone::occluded_data::RULE,
    &zone::bad_owner_hostname::RULE,
    &zone::bad_target_hostname::RULE,
    &zone::non_terminal_wildcard::RULE,
    &zone::dns_svcb_invalid::RULE,
    &zone::nsec3_owner_not_hash::RULE,
    &zone::target_below_dname::RULE,
    &zone::cname_loop::RULE,
    &zone::soa_rname_address::RULE,
    &zone::non_ascii_characters::RULE,
    &zone::knot_unsupported_syntax::RULE,
    &zone::target_address::RULE,
    &zone::wildcard_ns::RULE,
    &zone::cname_target_missing::RULE,
    &zone::target_near_own_domain::RULE,
    &zone::ptr_target_missing::RULE,
    &zone::rrsig_expired::RULE,
    &zone::dnskey_algorithm_deprecated::RULE,
    &zone::ds_digest_deprecated::RULE,
    &zone::txt_holds_record_line::RULE,
    &zone::owner_misread::RULE,
    &zone::link_local_address::RULE,
    &zone::ns_address_public_resolver::RULE,
    &zone::target_reserved_name::RULE,
    &zone::soa_serial_future_date::RULE,
    &transport::tls_rpt_invalid_record::RULE,
    &crate::suppress::UNUSED_SUPPRESSION,
    &crate::suppress::INVALID_SUPPRESSION,
    &crate::limits::BINARY_FILE,
    &crate::limits::FILE_TOO_LARGE,
    &crate::limits::LIMIT_REACHED,
    &crate::limits::FINDINGS_CAPPED,
];

/// A rule by code or name, case-insensitive.
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(key) || rule.name.eq_ignore_ascii_case(key))
}

/// Does `selector` (a code, a code prefix such as `MX` or `MX00`, a name, or `ALL`) pick `rule`?
pub fn selects(selector: &str, rule: &Rule) -> bool {
    let selector = selector.trim();
    // An empty selector (a stray comma) would otherwise be a prefix of every code.
    !selector.is_empty()
        && (selector.eq_ignore_ascii_case("ALL")
            || rule.name.eq_ignore_ascii_case(selector)
            || rule.code.len() >= selector.len()
                && rule.code[..selector.len()].eq_ignore_ascii_case(selector))
}

/// Is `selector` valid, i.e. does it pick at least one rule?
pub fn is_known_selector(selector: &str) -> bool {
    RULES.iter().any(|rule| selects(selector, rule))
}
