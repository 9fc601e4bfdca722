//! octoDNS main config files (`providers:`, `zones:`): which YamlProvider reads which
//! directory, with which options, for which zones. Only what finding and reading zone files
//! needs; other providers and settings are left alone.

use crate::parse::octodns::lower::{KeyOrder, ZoneOptions};
use crate::parse::octodns::scalar::{self, Py};
use crate::parse::octodns::yaml::{self, Document, Kind, Node};
use crate::source::Span;

/// A YamlProvider (or the deprecated SplitYamlProvider) and its options.
#[derive(Clone, Debug)]
pub struct YamlProvider {
    pub id: String,
    /// The directory as written; None when it comes from the environment (`env/VAR`).
    pub directory: Option<String>,
    pub directory_span: Span,
    pub zone: ZoneOptions,
    /// None when `enforce_order: false`.
    pub key_order: Option<KeyOrder>,
    /// The suffix of split zone directories (`.` gives `example.com.`); None: no split zones.
    pub split_extension: Option<String>,
    /// Where `split_extension` (or `extension`) is written; the directory's span when it is not.
    pub split_extension_span: Span,
    /// A file of records added to every zone (`shared_filename`).
    pub shared_filename: Option<String>,
    /// Where `shared_filename` is written; the directory's span when it is not.
    pub shared_filename_span: Span,
    /// Zone files (`example.com.yaml`) are not read (`disable_zonefile`).
    pub disable_zonefile: bool,
    /// Records replace those of earlier sources instead of clashing (`populate_should_replace`).
    pub populate_should_replace: bool,
}

/// One entry of `zones:`.
#[derive(Clone, Debug)]
pub struct ZoneEntry {
    /// As written: `example.com.`, or a dynamic pattern such as `*` or `*.com`.
    pub name: String,
    pub span: Span,
    pub sources: Vec<String>,
    /// Whether the entry has a `sources` key at all: without one octoDNS stops ("Zone
    /// example.com. is missing sources"); with an empty list it skips the zone.
    pub sources_given: bool,
    /// `alias: other.zone.`: the same records as another zone, not read again.
    pub alias: bool,
    /// `lenient: true`: octoDNS only logs what its validators find in the zone's records.
    pub lenient: bool,
    /// `ignore_subzone_adds: true`: records at or below a sub-zone are dropped quietly.
    pub ignore_subzone_adds: bool,
    /// The provider ids the zone is pushed to (`targets`).
    pub targets: Vec<String>,
    /// `validators: zone: disable_validators:`: zone validators turned off for this zone.
    pub disabled_zone_validators: Vec<String>,
    /// For a dynamic entry (a name starting with `*`), which of the zones its sources list
    /// it configures: octoDNS reads `glob` or `regex` from the entry, not the name.
    pub filter: ZoneFilter,
    /// `processors:`: the ids of the config's processors that run on the zone, after the
    /// manager's (`manager: processors:`).
    pub processors: Vec<String>,
}

/// A processor of the config's `processors:` that changes which records octoDNS writes to
/// the provider, or which of the provider's records it manages (`octodns/processor/*.py`,
/// 1.22.0). Processors of other classes (templating, meta, SPF lookup counting, plugins) are
/// not read.
#[derive(Clone, Debug, PartialEq)]
pub enum Processor {
    /// `NameAllowlistFilter` (`allow`) or `NameRejectlistFilter`: its list as written, a
    /// `/pattern/` a regular expression.
    Names {
        allow: bool,
        list: Vec<String>,
        include_target: bool,
    },
    /// `TypeAllowlistFilter` (`allow`) or `TypeRejectlistFilter`.
    Types {
        allow: bool,
        types: Vec<String>,
        include_target: bool,
    },
    /// A processor after which the provider may hold records octoDNS leaves alone, anywhere
    /// in the zone: `OwnershipProcessor` (only the records octoDNS created are managed),
    /// value filters with `include_target`.
    LeavesOthers,
    /// A processor after which the provider may hold A and AAAA records octoDNS leaves
    /// alone, anywhere in the zone: network filters judge A and AAAA records only, by value
    /// (octoDNS 1.22.0's `_NetworkValueBaseFilter` passes over every other type), and have no
    /// `include_target`.
    LeavesAddresses,
    /// `IgnoreRootNsFilter`: the zone's own NS records are neither pushed nor managed.
    IgnoreRootNs,
}

/// What a zone's processors take out of the records octoDNS pushes, by type: a target's
/// check of the record types it takes never sees them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dropped {
    /// Types a `TypeRejectlistFilter` removes.
    pub types: Vec<String>,
    /// The types a `TypeAllowlistFilter` keeps, when one runs.
    pub only: Option<Vec<String>>,
    /// An `IgnoreRootNsFilter` removes the apex NS records.
    pub root_ns: bool,
}

impl Dropped {
    pub fn of<'c>(processors: impl Iterator<Item = &'c Processor>) -> Dropped {
        let mut dropped = Dropped::default();
        for processor in processors {
            match processor {
                Processor::Types {
                    allow: false,
                    types,
                    ..
                } => dropped.types.extend(types.iter().cloned()),
                Processor::Types {
                    allow: true, types, ..
                } => dropped.only = Some(types.clone()),
                Processor::IgnoreRootNs => dropped.root_ns = true,
                Processor::Names { .. } | Processor::LeavesOthers | Processor::LeavesAddresses => {}
            }
        }
        dropped
    }

    /// Does octoDNS take a record of `type_name` out before it pushes (`root_ns`: the
    /// record is the zone's own NS set)?
    pub fn drops(&self, type_name: &str, root_ns: bool) -> bool {
        let is = |t: &String| t.eq_ignore_ascii_case(type_name);
        (root_ns && self.root_ns)
            || self.types.iter().any(is)
            || self.only.as_ref().is_some_and(|only| !only.iter().any(is))
    }
}

/// Which listed zones a dynamic `zones:` entry configures (octoDNS's
/// `Manager._preprocess_zones`): the name (`*`, `*.com`) only marks the entry as dynamic.
#[derive(Clone, Debug, PartialEq)]
pub enum ZoneFilter {
    /// Neither `glob` nor `regex`: every zone the sources list ("old semantics, catch all").
    All,
    /// `glob:` matched with Python's `fnmatch` against the name with its final dot.
    Glob(String),
    /// `regex:` searched for anywhere in the name with its final dot.
    Regex(String),
}

/// An `octodns_spf.SpfSource`: a source that adds an SPF record, built from its options, to
/// the apex of each zone that lists it (octodns-spf's `SpfSource.populate`).
#[derive(Clone, Debug)]
pub struct SpfSource {
    pub id: String,
    /// The record it publishes: `v=spf1`, then `a:`, `mx:`, `ip4:`, `ip6:`, `include:` and
    /// `exists:` terms in that order, then `~all` or `-all` (`soft_fail`), as octodns-spf
    /// builds it.
    pub value: String,
    /// Its terms before `all`, as (mechanism, value), in the order it writes them.
    pub terms: Vec<(&'static str, String)>,
    pub soft_fail: bool,
    pub ttl: u32,
    /// `merging_enabled`: an SPF record already at the apex is merged with, not refused.
    pub merging: bool,
    /// The provider's id, where findings about the record it publishes are shown.
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub providers: Vec<YamlProvider>,
    pub spf_sources: Vec<SpfSource>,
    pub zones: Vec<ZoneEntry>,
    /// The ids of providers of class `octodns_cloudflare.CloudflareProvider`: the only ones
    /// that read a record's `octodns: cloudflare:` settings.
    pub cloudflare_providers: Vec<String>,
    /// `manager: validators: enabled:` names the `best-practice` set (octoDNS 1.17 and later),
    /// which refuses targets without their final dot.
    pub best_practice: bool,
    /// octoDNS's record validator `spf-record-type` is on: enabled by the `strict` set (or by
    /// `manager: validators: record: validators:` for `SPF` or `*`) and not turned off by
    /// `record: disable_validators:` (or the deprecated `validators: disable_validators:`). It
    /// refuses every SPF-type record (octoDNS 1.22.0, `record/spf.py`).
    pub spf_record_type_rejected: bool,
    /// The zone validators of octoDNS 1.22's `best-practice` set that the config leaves on
    /// (`manager: validators: zone: disable_validators:` and a top-level `validators:` entry
    /// that replaces a built-in one, whose settings zonelint does not model, turn one off),
    /// plus those `manager: validators: zone: validators:` turns on.
    pub zone_validators: Vec<String>,
    /// The processors of `processors:` zonelint reads, by id.
    pub processors: Vec<(String, Processor)>,
    /// `manager: processors:`: the ids of processors that run on every zone, first.
    pub global_processors: Vec<String>,
    /// `manager: post_processors:`: the ids of processors that run on every zone, last.
    pub global_post_processors: Vec<String>,
    /// The providers of a class whose record types zonelint knows ([`PROVIDER_SUPPORTS`]).
    pub target_supports: Vec<TargetSupport>,
    /// The sources, targets and processors the config names that it does not define:
    /// octoDNS stops there (`ManagerException`, "Zone example.com., unknown source: zones").
    pub unknown_references: Vec<UnknownReference>,
    /// YamlProvider options octoDNS does not take, and YamlProviders without a `directory`:
    /// octoDNS stops there ("Incorrect provider config for <id>").
    pub provider_option_problems: Vec<ProviderOptionProblem>,
    /// Providers of a class octoDNS 1.0 moved out of its own package
    /// (`octodns.provider.cloudflare.CloudflareProvider`): octoDNS 1.x stops there.
    pub removed_classes: Vec<RemovedClass>,
    /// Providers whose records zonelint does not read (neither YamlProvider, SplitYamlProvider
    /// nor `octodns_spf.SpfSource`: a DNS provider, NetBox, a plugin), in the order written.
    pub unread_providers: Vec<UnreadProvider>,
}

/// A provider zonelint does not read the records of ([`Config::unread_providers`]).
#[derive(Clone, Debug, PartialEq)]
pub struct UnreadProvider {
    pub id: String,
    pub class: String,
    /// The provider's id.
    pub span: Span,
}

/// A provider whose class octoDNS 1.0 removed ([`Config::removed_classes`]).
#[derive(Clone, Debug, PartialEq)]
pub struct RemovedClass {
    pub id: String,
    pub class: String,
    pub span: Span,
    /// The class the plugin package has now, where zonelint knows it.
    pub replacement: Option<&'static str>,
}

/// The modules octoDNS 1.x keeps under `octodns.provider` and `octodns.source`; every other
/// one (`octodns.provider.route53`, `octodns.source.axfr`) was moved to a plugin package in
/// octoDNS 1.0.
const KEPT_MODULES: &[&str] = &[
    "octodns.provider.base",
    "octodns.provider.plan",
    "octodns.provider.yaml",
    "octodns.source.base",
    "octodns.source.envvar",
    "octodns.source.tinydns",
];

/// octoDNS 0.9 classes and the plugin classes that replace them (checked against the plugins'
/// current releases: octodns-cloudflare 1.2.0, octodns-route53 1.3.1, octodns-azure 1.2.0,
/// octodns-bind 1.1.0, ...).
const MOVED_CLASSES: &[(&str, &str)] = &[
    (
        "octodns.provider.azuredns.AzureProvider",
        "octodns_azure.AzureProvider",
    ),
    (
        "octodns.provider.cloudflare.CloudflareProvider",
        "octodns_cloudflare.CloudflareProvider",
    ),
    (
        "octodns.provider.constellix.ConstellixProvider",
        "octodns_constellix.ConstellixProvider",
    ),
    (
        "octodns.provider.digitalocean.DigitalOceanProvider",
        "octodns_digitalocean.DigitalOceanProvider",
    ),
    (
        "octodns.provider.dnsimple.DnsimpleProvider",
        "octodns_dnsimple.DnsimpleProvider",
    ),
    (
        "octodns.provider.dnsmadeeasy.DnsMadeEasyProvider",
        "octodns_dnsmadeeasy.DnsMadeEasyProvider",
    ),
    (
        "octodns.provider.easydns.EasyDNSProvider",
        "octodns_easydns.EasyDnsProvider",
    ),
    (
        "octodns.provider.edgedns.AkamaiProvider",
        "octodns_edgedns.AkamaiProvider",
    ),
    (
        "octodns.provider.gandi.GandiProvider",
        "octodns_gandi.GandiProvider",
    ),
    (
        "octodns.provider.googlecloud.GoogleCloudProvider",
        "octodns_googlecloud.GoogleCloudProvider",
    ),
    (
        "octodns.provider.hetzner.HetznerProvider",
        "octodns_hetzner.HetznerProvider",
    ),
    (
        "octodns.provider.mythicbeasts.MythicBeastsProvider",
        "octodns_mythicbeasts.MythicBeastsProvider",
    ),
    (
        "octodns.provider.ns1.Ns1Provider",
        "octodns_ns1.Ns1Provider",
    ),
    (
        "octodns.provider.ovh.OvhProvider",
        "octodns_ovh.OvhProvider",
    ),
    (
        "octodns.provider.powerdns.PowerDnsProvider",
        "octodns_powerdns.PowerDnsProvider",
    ),
    (
        "octodns.provider.rackspace.RackspaceProvider",
        "octodns_rackspace.RackspaceProvider",
    ),
    (
        "octodns.provider.route53.Route53Provider",
        "octodns_route53.Route53Provider",
    ),
    (
        "octodns.provider.selectel.SelectelProvider",
        "octodns_selectel.SelectelProvider",
    ),
    (
        "octodns.provider.transip.TransipProvider",
        "octodns_transip.TransipProvider",
    ),
    (
        "octodns.provider.ultra.UltraProvider",
        "octodns_ultra.UltraProvider",
    ),
    ("octodns.source.axfr.AxfrSource", "octodns_bind.AxfrSource"),
    (
        "octodns.source.axfr.ZoneFileSource",
        "octodns_bind.ZoneFileSource",
    ),
];

/// The removal, when `class` is an octoDNS 0.9 class octoDNS 1.x no longer has.
fn removed_class(id: &str, class: &str, span: Span) -> Option<RemovedClass> {
    let (module, _) = class.rsplit_once('.')?;
    let own = module.starts_with("octodns.provider.") || module.starts_with("octodns.source.");
    if !own || KEPT_MODULES.contains(&module) {
        return None;
    }
    Some(RemovedClass {
        id: id.to_string(),
        class: class.to_string(),
        span,
        replacement: MOVED_CLASSES
            .iter()
            .find(|(old, _)| *old == class)
            .map(|(_, new)| *new),
    })
}

/// What a target provider accepts (its class's `SUPPORTS`, `SUPPORTS_ROOT_NS`), and whether
/// it stops octoDNS on anything else (`strict_supports`, true unless configured).
#[derive(Clone, Debug, PartialEq)]
pub struct TargetSupport {
    pub id: String,
    pub class: &'static str,
    pub types: &'static [&'static str],
    /// `URLFWD` too: octodns-cloudflare adds it while `pagerules` is on (the default).
    pub urlfwd: bool,
    pub root_ns: bool,
    pub strict: bool,
}

impl TargetSupport {
    /// Does the provider take records of `type_name` (as octoDNS spells it: `SPF`,
    /// `Route53Provider/ALIAS`)?
    pub fn supports(&self, type_name: &str) -> bool {
        self.types.contains(&type_name) || (self.urlfwd && type_name == "URLFWD")
    }
}

/// The record types each provider class takes (`SUPPORTS`) and whether it manages the zone's
/// own NS records (`SUPPORTS_ROOT_NS`), read from the plugins' releases: octodns-cloudflare
/// 1.2.0, octodns-route53 1.3.1, octodns-ovh 1.2.0, octodns-gandi 1.2.0, octodns-hetzner 2.0.0,
/// octodns-digitalocean 1.0.1, octodns-ns1 1.0.2, octodns-powerdns 1.2.0, octodns-azure 1.2.0,
/// octodns-googlecloud 1.1.0, octodns-dnsimple 1.0.1, octodns-constellix 1.0.1,
/// octodns-dnsmadeeasy 1.0.1, octodns-easydns 1.0.1, octodns-edgedns 1.1.0, octodns-selectel
/// 1.0.0, octodns-transip 1.0.1, octodns-mythicbeasts 3.0.0, octodns-rackspace 1.0.0,
/// octodns-ultra 1.1.3, octodns-desec 1.3.0, with octoDNS 1.22.0. With `strict_supports` on,
/// octodns-sync stops at a record of another type, or a root NS record, for any of the zone's
/// targets ("SupportsException: cloudflare: SPF records not supported for example.com.").
pub const PROVIDER_SUPPORTS: &[(&str, &[&str], bool)] = &[
    ("octodns_cloudflare.CloudflareProvider", CLOUDFLARE, false),
    (
        "octodns_cloudflare.CloudflareInternalProvider",
        CLOUDFLARE,
        false,
    ),
    (
        "octodns_route53.Route53Provider",
        &[
            "A",
            "AAAA",
            "CAA",
            "CNAME",
            "DS",
            "MX",
            "NAPTR",
            "NS",
            "PTR",
            "Route53Provider/ALIAS",
            "SPF",
            "SRV",
            "TXT",
        ],
        true,
    ),
    (
        "octodns_ovh.OvhProvider",
        &[
            "A", "AAAA", "CAA", "CNAME", "DKIM", "HTTPS", "MX", "NAPTR", "NS", "PTR", "SRV",
            "SSHFP", "SVCB", "TXT",
        ],
        true,
    ),
    (
        "octodns_gandi.GandiProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "DNAME", "MX", "NS", "PTR", "SRV", "SSHFP",
            "TLSA", "TXT",
        ],
        false,
    ),
    (
        "octodns_hetzner.HetznerProvider",
        &[
            "A", "AAAA", "CAA", "CNAME", "DS", "MX", "NS", "PTR", "SRV", "TLSA", "TXT",
        ],
        true,
    ),
    (
        "octodns_digitalocean.DigitalOceanProvider",
        &["A", "AAAA", "CAA", "CNAME", "MX", "NS", "SRV", "TXT"],
        true,
    ),
    (
        "octodns_ns1.Ns1Provider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "DNAME", "DS", "MX", "NAPTR", "NS", "PTR", "SPF",
            "SRV", "TLSA", "TXT", "URLFWD",
        ],
        true,
    ),
    (
        "octodns_powerdns.PowerDnsProvider",
        &[
            "A",
            "AAAA",
            "ALIAS",
            "CAA",
            "CNAME",
            "DS",
            "HTTPS",
            "LOC",
            "MX",
            "NAPTR",
            "NS",
            "PTR",
            "PowerDnsProvider/LUA",
            "SRV",
            "SSHFP",
            "SVCB",
            "TLSA",
            "TXT",
            "URI",
        ],
        true,
    ),
    ("octodns_azure.AzureProvider", AZURE, true),
    ("octodns_azure.AzurePrivateProvider", AZURE, false),
    (
        "octodns_googlecloud.GoogleCloudProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "DS", "MX", "NAPTR", "NS", "PTR", "SPF", "SRV",
            "TXT",
        ],
        true,
    ),
    (
        "octodns_dnsimple.DnsimpleProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "MX", "NAPTR", "NS", "PTR", "SRV", "SSHFP", "TXT",
        ],
        false,
    ),
    (
        "octodns_constellix.ConstellixProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT",
        ],
        false,
    ),
    (
        "octodns_dnsmadeeasy.DnsMadeEasyProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT",
        ],
        true,
    ),
    ("octodns_easydns.EasyDnsProvider", EASYDNS, true),
    ("octodns_easydns.EasyDNSProvider", EASYDNS, true),
    (
        "octodns_edgedns.AkamaiProvider",
        &[
            "A", "AAAA", "CAA", "CNAME", "DS", "HTTPS", "LOC", "MX", "NAPTR", "NS", "PTR", "SRV",
            "SSHFP", "SVCB", "TLSA", "TXT",
        ],
        false,
    ),
    (
        "octodns_selectel.SelectelProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "DNAME", "MX", "NS", "SRV", "SSHFP", "TXT",
        ],
        false,
    ),
    (
        "octodns_transip.TransipProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "DS", "MX", "NAPTR", "NS", "SRV", "SSHFP",
            "TLSA", "TXT",
        ],
        true,
    ),
    (
        "octodns_mythicbeasts.MythicBeastsProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "MX", "NS", "SRV", "SSHFP", "TLSA", "TXT",
        ],
        true,
    ),
    (
        "octodns_rackspace.RackspaceProvider",
        &["A", "AAAA", "ALIAS", "CNAME", "MX", "NS", "PTR", "TXT"],
        false,
    ),
    (
        "octodns_ultra.UltraProvider",
        &[
            "A", "AAAA", "ALIAS", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT",
        ],
        true,
    ),
    (
        "octodns_desec.DesecProvider",
        &[
            "A",
            "AAAA",
            "CAA",
            "CNAME",
            "DS",
            "HTTPS",
            "MX",
            "NS",
            "OPENPGPKEY",
            "PTR",
            "SRV",
            "SSHFP",
            "TLSA",
            "TXT",
        ],
        true,
    ),
];

const CLOUDFLARE: &[&str] = &[
    "A", "AAAA", "ALIAS", "CAA", "CNAME", "DS", "HTTPS", "LOC", "MX", "NAPTR", "NS", "PTR", "SRV",
    "SSHFP", "SVCB", "TLSA", "TXT",
];
const AZURE: &[&str] = &["A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"];
const EASYDNS: &[&str] = &[
    "A", "AAAA", "CAA", "CNAME", "DS", "MX", "NAPTR", "NS", "SRV", "TXT",
];

/// A provider or processor id a config uses and does not define ([`Config::unknown_references`]).
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownReference {
    /// `source`, `target` or `processor`, as octoDNS's message says.
    pub kind: &'static str,
    pub id: String,
    /// The zone whose entry names it; None for `manager: processors:` or `post_processors:`.
    pub zone: Option<String>,
    pub span: Span,
}

/// What makes octoDNS refuse a YamlProvider's options ([`Config::provider_option_problems`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderOptionProblem {
    /// The provider's id.
    pub id: String,
    /// `YamlProvider` or `SplitYamlProvider`.
    pub class: &'static str,
    /// The option octoDNS does not take, with the one it may be a misspelling of; None for a
    /// provider without `directory`.
    pub unknown: Option<(String, Option<&'static str>)>,
    /// The option's key, or the provider's id when `directory` is missing.
    pub span: Span,
}

/// The options octoDNS 1.22.0's `YamlProvider.__init__` takes, its own and those it hands
/// to `BaseProvider` (`class` is the manager's): another is a `TypeError`, which the manager
/// reports as "Incorrect provider config".
const YAML_PROVIDER_OPTIONS: &[&str] = &[
    "class",
    "directory",
    "default_ttl",
    "enforce_order",
    "order_mode",
    "populate_should_replace",
    "supports_root_ns",
    "split_extension",
    "split_catchall",
    "shared_filename",
    "disable_zonefile",
    "escaped_semicolons",
    "ignore_missing_zones",
    "apply_disabled",
    "update_pcent_threshold",
    "delete_pcent_threshold",
    "strict_supports",
    "root_ns_warnings",
];

/// The option problems of a provider of octoDNS's own YamlProvider or SplitYamlProvider
/// class (a plugin's subclass may take more).
fn yaml_provider_option_problems(
    id: &Node,
    provider: &Node,
    class: &str,
) -> Vec<ProviderOptionProblem> {
    let class: &'static str = match class {
        "octodns.provider.yaml.YamlProvider" => "YamlProvider",
        "octodns.provider.yaml.SplitYamlProvider" => "SplitYamlProvider",
        _ => return Vec::new(),
    };
    let split = class == "SplitYamlProvider";
    let known = |key: &str| YAML_PROVIDER_OPTIONS.contains(&key) || split && key == "extension";
    let mut problems: Vec<ProviderOptionProblem> = entries(provider)
        .into_iter()
        .filter_map(|(key, _)| {
            let name = yaml::key_text(key);
            if known(&name) {
                return None;
            }
            let suggestion = crate::parse::octodns::lower::suggest(&name, YAML_PROVIDER_OPTIONS)
                .or_else(|| {
                    split
                        .then(|| crate::parse::octodns::lower::suggest(&name, &["extension"]))
                        .flatten()
                });
            Some(ProviderOptionProblem {
                id: yaml::key_text(id),
                class,
                unknown: Some((name, suggestion)),
                span: key.span,
            })
        })
        .collect();
    // `directroy:` is said once, as the misspelling of the option that is then missing.
    let misspelt_directory = problems
        .iter()
        .any(|problem| matches!(&problem.unknown, Some((_, Some("directory")))));
    if get(provider, "directory").is_none()
        && !misspelt_directory
        && matches!(deref(provider).kind, Kind::Map(_))
    {
        problems.push(ProviderOptionProblem {
            id: yaml::key_text(id),
            class,
            unknown: None,
            span: id.span,
        });
    }
    problems
}

/// The zone validators of octoDNS 1.22's `best-practice` set (`octodns/zone/*.py`) that
/// zonelint models ([`crate::parse::octodns::zone_validators`]).
pub const BEST_PRACTICE_ZONE_VALIDATORS: &[&str] = &[
    "mail",
    "multi-value-ns",
    "cname-target-resolvable-in-zone",
    "cname-target-not-cname",
    "mx-target-resolvable-in-zone",
    "srv-target-resolvable-in-zone",
    "caa-best-practices",
];

/// The zone validators of octoDNS 1.22's `strict` set that zonelint models beside its own rules
/// (the set's CNAME coexistence, CNAME loop and apex CNAME checks are ZONE009, ZONE041 and
/// OCTO004's record check already).
pub const STRICT_ZONE_VALIDATORS: &[&str] = &[
    "mx-target-not-cname",
    "ns-target-not-cname",
    "srv-target-not-cname",
    "glue-for-in-zone-ns",
];

impl Config {
    pub fn provider(&self, id: &str) -> Option<&YamlProvider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The processors that run on the zone of `entry`, in order: the manager's, the zone's
    /// own, then the manager's post-processors (`Manager._get_processors`); ids naming no
    /// processor zonelint reads are left out.
    pub fn processors_of<'c>(
        &'c self,
        entry: &'c ZoneEntry,
    ) -> impl Iterator<Item = &'c Processor> {
        self.global_processors
            .iter()
            .chain(&entry.processors)
            .chain(&self.global_post_processors)
            .filter_map(|id| {
                self.processors
                    .iter()
                    .find(|(known, _)| known == id)
                    .map(|(_, processor)| processor)
            })
    }

    pub fn spf_source(&self, id: &str) -> Option<&SpfSource> {
        self.spf_sources.iter().find(|p| p.id == id)
    }
}

fn deref(node: &Node) -> &Node {
    match &node.kind {
        Kind::Alias(target) => deref(target),
        _ => node,
    }
}

/// A mapping's entries with YAML merge keys (`<<: *defaults`) applied as PyYAML, and so
/// octoDNS, applies them: the written keys, then each merged mapping's keys not written, an
/// earlier mapping's first. Configs share provider options this way.
fn entries(node: &Node) -> Vec<(&Node, &Node)> {
    merged_entries(node, 0)
}

/// Merges nested deeper than this are not followed (aliases make cycles impossible, but not
/// long chains).
const MAX_MERGE_DEPTH: usize = 16;

fn merged_entries(node: &Node, depth: usize) -> Vec<(&Node, &Node)> {
    let Kind::Map(written) = &deref(node).kind else {
        return Vec::new();
    };
    let mut out: Vec<(&Node, &Node)> = written
        .iter()
        .filter(|(k, _)| !k.is_merge_key())
        .map(|(k, v)| (k, v))
        .collect();
    if depth >= MAX_MERGE_DEPTH {
        return out;
    }
    for (_, merge) in written.iter().filter(|(k, _)| k.is_merge_key()) {
        let merge = deref(merge);
        let sources: Vec<&Node> = match &merge.kind {
            Kind::Seq(items) => items.iter().collect(),
            _ => vec![merge],
        };
        for source in sources {
            for (key, value) in merged_entries(source, depth + 1) {
                let name = yaml::key_text(key);
                if !out.iter().any(|(k, _)| yaml::key_text(k) == name) {
                    out.push((key, value));
                }
            }
        }
    }
    out
}

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    entries(node)
        .into_iter()
        .find(|(k, _)| yaml::key_text(k) == key)
        .map(|(_, v)| deref(v))
}

fn text(node: Option<&Node>) -> Option<(String, Span)> {
    let node = node?;
    let (text, style) = node.scalar()?;
    match scalar::resolve(text, style, node.tag.as_deref()) {
        Py::Null => None,
        _ => Some((text.to_string(), node.span)),
    }
}

/// Python truthiness of an option, `default` when absent.
fn flag(node: Option<&Node>, default: bool) -> bool {
    let Some(node) = node else {
        return default;
    };
    let Some((text, style)) = node.scalar() else {
        return true;
    };
    match scalar::resolve(text, style, node.tag.as_deref()) {
        Py::Bool(value) => value,
        Py::Null => false,
        Py::Int(value) => value != Some(0),
        _ => !text.is_empty(),
    }
}

/// Read the parts of a config that say where zones are.
pub fn read(document: &Document) -> Config {
    let mut config = Config::default();
    let Some(root) = &document.root else {
        return config;
    };
    if let Some(providers) = get(root, "providers") {
        for (id, provider) in entries(providers) {
            let class_and_span = text(get(provider, "class"));
            if let Some((class, span)) = &class_and_span
                && let Some(removed) = removed_class(&yaml::key_text(id), class, *span)
            {
                config.removed_classes.push(removed);
            }
            let class = class_and_span.map(|(t, _)| t).unwrap_or_default();
            config
                .provider_option_problems
                .extend(yaml_provider_option_problems(id, provider, &class));
            // octoDNS's own classes only (`octodns.provider.yaml.YamlProvider`, or the short
            // `YamlProvider`), and NamedFileYamlProvider below: another plugin whose name ends
            // the same way reads its files its own way.
            let class_name = class.rsplit('.').next().unwrap_or_default();
            if let Some((known, types, root_ns)) =
                PROVIDER_SUPPORTS.iter().find(|(known, ..)| *known == class)
            {
                config.target_supports.push(TargetSupport {
                    id: yaml::key_text(id),
                    class: known,
                    types,
                    urlfwd: class_name == "CloudflareProvider"
                        && flag(get(provider, "pagerules"), true),
                    root_ns: *root_ns,
                    strict: flag(get(provider, "strict_supports"), true),
                });
            }
            // A provider without a class stops octoDNS; nothing to say of its records.
            let unread = (!class.is_empty()).then(|| UnreadProvider {
                id: yaml::key_text(id),
                class: class.clone(),
                span: id.span,
            });
            if class_name == "CloudflareProvider" {
                config.cloudflare_providers.push(yaml::key_text(id));
                config.unread_providers.extend(unread);
                continue;
            }
            if class == "octodns_spf.SpfSource" {
                config.spf_sources.push(spf_source(id, provider));
                continue;
            }
            let split_provider = class_name == "SplitYamlProvider";
            // octodns-namedfileyaml's provider is a YamlProvider that reads one file,
            // `<directory>/<filename>.yaml`, for every zone that lists it: a shared file and
            // no zone files (`get_filenames`, octodns_namedfileyaml 0.0.2).
            let named_file = (class == "octodns_namedfileyaml.NamedFileYamlProvider")
                .then(|| text(get(provider, "filename")))
                .flatten();
            if named_file.is_none() && !split_provider && class_name != "YamlProvider" {
                config.unread_providers.extend(unread);
                continue;
            }
            let Some((directory, directory_span)) = text(get(provider, "directory")) else {
                continue;
            };
            let default_ttl = text(get(provider, "default_ttl"))
                .and_then(|(t, _)| t.parse().ok())
                .unwrap_or(3600);
            let key_order = flag(get(provider, "enforce_order"), true).then(|| {
                match text(get(provider, "order_mode"))
                    .as_ref()
                    .map(|(t, _)| t.as_str())
                {
                    Some("simple") => KeyOrder::Simple,
                    _ => KeyOrder::Natural,
                }
            });
            // SplitYamlProvider is YamlProvider with split zones only (`extension`, default `.`).
            let split_extension = if split_provider {
                Some(text(get(provider, "extension")).map_or(".".to_string(), |(t, _)| t))
            } else {
                let node = get(provider, "split_extension");
                match node.and_then(|n| n.scalar()) {
                    Some((value, style))
                        if !matches!(
                            scalar::resolve(value, style, None),
                            Py::Null | Py::Bool(false)
                        ) =>
                    {
                        Some(value.to_string())
                    }
                    _ => None,
                }
            };
            let extension_key = if split_provider {
                "extension"
            } else {
                "split_extension"
            };
            let split_extension_span =
                get(provider, extension_key).map_or(directory_span, |node| node.span);
            let shared = match &named_file {
                Some((filename, span)) => Some((format!("{filename}.yaml"), *span)),
                None => text(get(provider, "shared_filename")),
            };
            let shared_filename_span = shared.as_ref().map_or(directory_span, |(_, span)| *span);
            config.providers.push(YamlProvider {
                id: yaml::key_text(id),
                directory: (!directory.starts_with("env/")).then_some(directory),
                directory_span,
                zone: ZoneOptions {
                    default_ttl,
                    escaped_semicolons: flag(get(provider, "escaped_semicolons"), true),
                    // Set per zone: from the zone's entry and the repository.
                    lenient: false,
                    octodns: Default::default(),
                    cloudflare_target: true,
                    targets: Vec::new(),
                    target_ids: Vec::new(),
                    dropped: Dropped::default(),
                    spf_record_type_rejected: false,
                },
                key_order,
                split_extension,
                split_extension_span,
                shared_filename: shared.map(|(t, _)| t),
                shared_filename_span,
                disable_zonefile: split_provider
                    || named_file.is_some()
                    || flag(get(provider, "disable_zonefile"), false),
                populate_should_replace: flag(get(provider, "populate_should_replace"), false),
            });
        }
    }
    let enabled = get(root, "manager")
        .and_then(|m| get(m, "validators"))
        .and_then(|v| get(v, "enabled"));
    let mut strict = false;
    if let Some(Kind::Seq(sets)) = enabled.map(|e| &e.kind) {
        let has = |name: &str| {
            sets.iter()
                .any(|set| deref(set).scalar().is_some_and(|(t, _)| t == name))
        };
        config.best_practice = has("best-practice");
        strict = has("strict");
    }
    // Record validators turned on or off by id, per record type (`SPF`, or `*` for every
    // type): `manager: validators: record:`, or the deprecated keys one level up.
    let validators_node = get(root, "manager").and_then(|m| get(m, "validators"));
    let record_node = validators_node.and_then(|v| get(v, "record"));
    let listed_for = |key: &str, id: &str| {
        let settings = record_node
            .and_then(|r| get(r, key))
            .or_else(|| validators_node.and_then(|v| get(v, key)));
        settings.is_some_and(|by_type| {
            entries(by_type).into_iter().any(|(record_type, ids)| {
                let record_type = yaml::key_text(record_type);
                (record_type == "SPF" || record_type == "*")
                    && matches!(&deref(ids).kind, Kind::Seq(items) if items.iter().any(|item| {
                        deref(item).scalar().is_some_and(|(text, _)| text == id)
                    }))
            })
        })
    };
    config.spf_record_type_rejected = (strict || listed_for("validators", "spf-record-type"))
        && !listed_for("disable_validators", "spf-record-type");
    let names = |node: Option<&Node>| -> Vec<String> {
        match node.map(|n| &n.kind) {
            Some(Kind::Seq(items)) => items
                .iter()
                .filter_map(|i| deref(i).scalar().map(|(t, _)| t.to_string()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let zone_settings = get(root, "manager")
        .and_then(|m| get(m, "validators"))
        .and_then(|v| get(v, "zone"));
    let turned_on = names(zone_settings.and_then(|z| get(z, "validators")));
    let turned_off = names(zone_settings.and_then(|z| get(z, "disable_validators")));
    let replaced: Vec<String> = get(root, "validators")
        .map(|v| {
            entries(v)
                .into_iter()
                .map(|(k, _)| yaml::key_text(k))
                .collect()
        })
        .unwrap_or_default();
    let in_enabled_set = |id: &str| {
        config.best_practice && BEST_PRACTICE_ZONE_VALIDATORS.contains(&id)
            || strict && STRICT_ZONE_VALIDATORS.contains(&id)
    };
    config.zone_validators = BEST_PRACTICE_ZONE_VALIDATORS
        .iter()
        .chain(STRICT_ZONE_VALIDATORS)
        .filter(|id| in_enabled_set(id) || turned_on.iter().any(|on| on == *id))
        .filter(|id| !turned_off.iter().any(|off| off == *id))
        .filter(|id| !replaced.iter().any(|r| r == *id))
        .map(|id| id.to_string())
        .collect();
    // Every id a zone or the manager names, checked against what the config defines once
    // both are read.
    let mut references: Vec<UnknownReference> = Vec::new();
    let mut refer = |kind: &'static str, zone: Option<String>, list: Option<&Node>| {
        if let Some(Kind::Seq(items)) = list.map(|n| &n.kind) {
            for item in items {
                if let Some((id, _)) = deref(item).scalar() {
                    references.push(UnknownReference {
                        kind,
                        id: id.to_string(),
                        zone: zone.clone(),
                        span: item.span,
                    });
                }
            }
        }
    };
    for key in ["processors", "post_processors"] {
        refer(
            "processor",
            None,
            get(root, "manager").and_then(|m| get(m, key)),
        );
    }
    if let Some(zones) = get(root, "zones") {
        for (name, zone) in entries(zones) {
            let zone_name = yaml::key_text(name);
            for (kind, key) in [
                ("source", "sources"),
                ("target", "targets"),
                ("processor", "processors"),
            ] {
                refer(kind, Some(zone_name.clone()), get(zone, key));
            }
            let list = |key: &str| match get(zone, key).map(|s| &s.kind) {
                Some(Kind::Seq(items)) => items
                    .iter()
                    .filter_map(|i| deref(i).scalar().map(|(t, _)| t.to_string()))
                    .collect(),
                _ => Vec::new(),
            };
            let sources = list("sources");
            config.zones.push(ZoneEntry {
                name: yaml::key_text(name),
                span: name.span,
                sources,
                sources_given: get(zone, "sources").is_some(),
                alias: get(zone, "alias").is_some(),
                lenient: flag(get(zone, "lenient"), false),
                ignore_subzone_adds: flag(get(zone, "ignore_subzone_adds"), false),
                targets: list("targets"),
                disabled_zone_validators: names(
                    get(zone, "validators")
                        .and_then(|v| get(v, "zone"))
                        .and_then(|z| get(z, "disable_validators")),
                ),
                filter: match (text(get(zone, "glob")), text(get(zone, "regex"))) {
                    (Some((glob, _)), _) => ZoneFilter::Glob(glob),
                    (None, Some((regex, _))) => ZoneFilter::Regex(regex),
                    (None, None) => ZoneFilter::All,
                },
                processors: names(get(zone, "processors")),
            });
        }
    }
    config.global_processors = names(get(root, "manager").and_then(|m| get(m, "processors")));
    config.global_post_processors =
        names(get(root, "manager").and_then(|m| get(m, "post_processors")));
    let mut processor_ids = Vec::new();
    if let Some(processors) = get(root, "processors") {
        for (id, processor) in entries(processors) {
            processor_ids.push(yaml::key_text(id));
            if let Some(read) = read_processor(processor, &names) {
                config.processors.push((yaml::key_text(id), read));
            }
        }
    }
    let provider_ids: Vec<String> = get(root, "providers")
        .map(|providers| {
            entries(providers)
                .into_iter()
                .map(|(id, _)| yaml::key_text(id))
                .collect()
        })
        .unwrap_or_default();
    // A section that is no mapping as written (`providers: !include providers.yaml`, which
    // zonelint does not read into the config) defines ids zonelint cannot see: not judged.
    let readable =
        |key: &str| get(root, key).is_none_or(|node| matches!(deref(node).kind, Kind::Map(_)));
    let (providers_readable, processors_readable) = (readable("providers"), readable("processors"));
    // `auto-arpa` is a provider and a processor, `meta` a processor, that octoDNS adds itself
    // when the manager's `auto_arpa` and `include_meta` ask for them.
    let manager = get(root, "manager");
    let auto_arpa = flag(manager.and_then(|m| get(m, "auto_arpa")), false);
    let include_meta = flag(manager.and_then(|m| get(m, "include_meta")), false);
    let defined = |reference: &UnknownReference| match reference.kind {
        "processor" => {
            !processors_readable
                || processor_ids.contains(&reference.id)
                || auto_arpa && reference.id == "auto-arpa"
                || include_meta && reference.id == "meta"
        }
        _ => {
            !providers_readable
                || provider_ids.contains(&reference.id)
                || auto_arpa && reference.id == "auto-arpa"
        }
    };
    config.unknown_references = references.into_iter().filter(|r| !defined(r)).collect();
    config
}

/// A processor's entry, when it is one of the classes [`Processor`] models.
fn read_processor(
    processor: &Node,
    names: &dyn Fn(Option<&Node>) -> Vec<String>,
) -> Option<Processor> {
    let class = text(get(processor, "class"))?.0;
    // octoDNS imports the class by its full path; `octodns.processor.filter.X` is the module
    // octoDNS's own filters live in.
    let (module, class_name) = class.rsplit_once('.')?;
    let include_target = flag(get(processor, "include_target"), true);
    let octodns_module = |name: &str| module == format!("octodns.processor.{name}");
    Some(match class_name {
        "NameAllowlistFilter" | "NameRejectlistFilter" if octodns_module("filter") => {
            let allow = class_name == "NameAllowlistFilter";
            let key = if allow { "allowlist" } else { "rejectlist" };
            Processor::Names {
                allow,
                list: names(get(processor, key)),
                include_target,
            }
        }
        "TypeAllowlistFilter" | "TypeRejectlistFilter" if octodns_module("filter") => {
            let allow = class_name == "TypeAllowlistFilter";
            let key = if allow { "allowlist" } else { "rejectlist" };
            Processor::Types {
                allow,
                types: names(get(processor, key)),
                include_target,
            }
        }
        "ValueAllowlistFilter" | "ValueRejectlistFilter"
            if octodns_module("filter") && include_target =>
        {
            Processor::LeavesOthers
        }
        // Network filters have no `include_target`: they always judge the provider's A and
        // AAAA records too, and no others.
        "NetworkValueAllowlistFilter" | "NetworkValueRejectlistFilter"
            if octodns_module("filter") =>
        {
            Processor::LeavesAddresses
        }
        "OwnershipProcessor" if octodns_module("ownership") => Processor::LeavesOthers,
        "IgnoreRootNsFilter" if octodns_module("filter") => Processor::IgnoreRootNs,
        _ => return None,
    })
}

/// An `octodns_spf.SpfSource` provider, read as octodns-spf 0.0.x builds its record
/// (`_build_spf`, source.py).
fn spf_source(id: &Node, provider: &Node) -> SpfSource {
    let list = |key: &str| -> Vec<String> {
        match get(provider, key).map(|n| &n.kind) {
            Some(Kind::Seq(items)) => items
                .iter()
                .filter_map(|i| deref(i).scalar().map(|(t, _)| t.to_string()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut terms = Vec::new();
    for (key, mechanism) in [
        ("a_records", "a"),
        ("mx_records", "mx"),
        ("ip4_addresses", "ip4"),
        ("ip6_addresses", "ip6"),
        ("includes", "include"),
        ("exists", "exists"),
    ] {
        terms.extend(list(key).into_iter().map(|item| (mechanism, item)));
    }
    let soft_fail = flag(get(provider, "soft_fail"), false);
    SpfSource {
        id: yaml::key_text(id),
        value: build_spf(&terms, Some(soft_fail)),
        terms,
        soft_fail,
        ttl: text(get(provider, "ttl"))
            .and_then(|(t, _)| t.parse().ok())
            .unwrap_or(3600),
        merging: flag(get(provider, "merging_enabled"), false),
        span: id.span,
    }
}

/// The mechanisms octodns-spf reads and writes, in the order it writes them.
pub const SPF_SOURCE_MECHANISMS: [&str; 6] = ["a", "mx", "ip4", "ip6", "include", "exists"];

/// An SPF record as octodns-spf writes it (`_build_spf`): the terms grouped by mechanism in
/// [`SPF_SOURCE_MECHANISMS`] order, then `~all` or `-all` when a fail mode is known.
pub fn build_spf(terms: &[(&str, String)], soft_fail: Option<bool>) -> String {
    let mut value = "v=spf1".to_string();
    for mechanism in SPF_SOURCE_MECHANISMS {
        for (_, item) in terms.iter().filter(|(m, _)| *m == mechanism) {
            value.push_str(&format!(" {mechanism}:{item}"));
        }
    }
    match soft_fail {
        Some(true) => value.push_str(" ~all"),
        Some(false) => value.push_str(" -all"),
        None => {}
    }
    value
}

/// Merge an SpfSource into an SPF record already at the apex, as octodns-spf's
/// `merging_enabled` does (`_merge_spf`): the record's terms first, then the source's not
/// already there, soft fail if either is. Err with the term octodns-spf cannot read (a
/// mechanism without `:`, such as a bare `mx`, or one it does not know), which stops octoDNS.
pub fn merge_spf(existing: &str, source: &SpfSource) -> Result<String, String> {
    let mut pieces = existing.split_whitespace();
    if pieces.next() != Some("v=spf1") {
        return Err(existing.to_string());
    }
    let mut terms: Vec<(&str, String)> = Vec::new();
    let mut soft_fail = None;
    for piece in pieces {
        if piece.contains("all") {
            soft_fail = Some(piece.starts_with('~'));
            continue;
        }
        let known = piece.split_once(':').and_then(|(mechanism, value)| {
            let mechanism = SPF_SOURCE_MECHANISMS.iter().find(|m| **m == mechanism)?;
            Some((*mechanism, value.to_string()))
        });
        match known {
            Some(term) if !terms.contains(&term) => terms.push(term),
            Some(_) => {}
            None => return Err(piece.to_string()),
        }
    }
    for term in &source.terms {
        if !terms.iter().any(|(m, v)| m == &term.0 && v == &term.1) {
            terms.push((term.0, term.1.clone()));
        }
    }
    let soft_fail = Some(soft_fail.map_or(source.soft_fail, |soft| soft || source.soft_fail));
    Ok(build_spf(&terms, soft_fail))
}

/// Does the `zones:` entry configure `zone` (a zone name with its dot, as a YamlProvider
/// lists it)? An explicit entry names it; a dynamic one (`*`, `*.com`) takes what its `glob`
/// or `regex` matches, and every zone without either.
pub fn entry_matches(entry: &ZoneEntry, zone: &str) -> bool {
    if !entry.name.starts_with('*') {
        return entry.name.eq_ignore_ascii_case(zone);
    }
    match &entry.filter {
        ZoneFilter::All => true,
        ZoneFilter::Glob(glob) => fnmatch(glob.as_bytes(), zone.as_bytes()),
        // A pattern Python's `re` reads and the regex crate does not (a look-around) matches
        // nothing: octoDNS's own zones are named explicitly in such configs.
        ZoneFilter::Regex(regex) => regex::Regex::new(regex).is_ok_and(|re| re.is_match(zone)),
    }
}

/// Python's `fnmatch.fnmatchcase`: `*` any run, `?` one character, `[seq]` and `[!seq]` a
/// set (ranges with `-`); a `[` without its `]` is itself. Case counts, as `fnmatch.filter`
/// does on POSIX.
fn fnmatch(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| fnmatch(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && fnmatch(rest, &text[1..]),
        Some((b'[', rest)) => match (set_end(rest), text.split_first()) {
            (Some(end), Some((&c, after))) => {
                let (negated, set) = match rest[..end].split_first() {
                    Some((b'!', set)) => (true, set),
                    _ => (false, &rest[..end]),
                };
                in_set(set, c) != negated && fnmatch(&rest[end + 1..], after)
            }
            (Some(_), None) => false,
            (None, _) => text.first() == Some(&b'[') && fnmatch(rest, &text[1..]),
        },
        Some((&c, rest)) => text.first() == Some(&c) && fnmatch(rest, &text[1..]),
    }
}

/// Where the `]` that closes a set starting at `rest` is (a `]` first, or after `!`, is a
/// member).
fn set_end(rest: &[u8]) -> Option<usize> {
    let skip = match rest {
        [b'!', b']', ..] => 2,
        [b'!', ..] | [b']', ..] => 1,
        _ => 0,
    };
    rest.get(skip..)?
        .iter()
        .position(|&b| b == b']')
        .map(|at| at + skip)
}

fn in_set(set: &[u8], c: u8) -> bool {
    let mut i = 0;
    while i < set.len() {
        if i + 2 < set.len() && set[i + 1] == b'-' {
            if (set[i]..=set[i + 2]).contains(&c) {
                return true;
            }
            i += 3;
        } else {
            if set[i] == c {
                return true;
            }
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn fnmatch_reads_as_python_does() {
        let matches = |pattern: &str, text: &str| fnmatch(pattern.as_bytes(), text.as_bytes());
        assert!(matches("*.com.", "example.com."));
        assert!(matches("*", ""));
        assert!(matches("ex?mple.*", "example.org."));
        assert!(!matches("*.com.", "example.COM."));
        assert!(matches("[a-c]*.net.", "b.net."));
        assert!(!matches("[!a-c]*.net.", "b.net."));
        assert!(matches("[]x].", "]."));
        assert!(matches("[!]x].", "a."));
        assert!(matches("a[b", "a[b"));
        assert!(!matches("a[b", "ab"));
        assert!(matches("*.*.", "a.b."));
        assert!(!matches("?", ""));
    }

    #[test]
    fn reads_dynamic_zone_filters() {
        let text = "zones:\n  '*':\n    sources: [config]\n  '*.com':\n    glob: '*.com.'\n    sources: [config]\n  '*net':\n    regex: 'net\\.$'\n    sources: [config]\n";
        let config = read(&yaml::parse(FileId(0), text));
        let filters: Vec<_> = config.zones.iter().map(|z| z.filter.clone()).collect();
        assert_eq!(
            filters,
            [
                ZoneFilter::All,
                ZoneFilter::Glob("*.com.".into()),
                ZoneFilter::Regex(r"net\.$".into())
            ]
        );
    }

    #[test]
    fn reads_yaml_providers_and_zones() {
        let text = "providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./config\n    default_ttl: 300\n    enforce_order: false\n  split:\n    class: octodns.provider.yaml.SplitYamlProvider\n    directory: zones\n    extension: .tst\n  dump:\n    class: octodns.provider.yaml.YamlProvider\n    directory: env/TMP\n  route53:\n    class: octodns_route53.Route53Provider\nzones:\n  example.com.:\n    sources: [config]\n  '*':\n    lenient: true\n    sources:\n      - split\nmanager:\n  validators:\n    enabled: [legacy, best-practice]\n";
        let config = read(&yaml::parse(FileId(0), text));
        assert_eq!(config.providers.len(), 3);
        let first = &config.providers[0];
        assert_eq!(first.directory.as_deref(), Some("./config"));
        assert_eq!(first.zone.default_ttl, 300);
        assert_eq!(first.key_order, None);
        assert_eq!(first.split_extension, None);
        let split = config.provider("split").unwrap();
        assert_eq!(split.split_extension.as_deref(), Some(".tst"));
        assert!(split.disable_zonefile);
        assert_eq!(config.provider("dump").unwrap().directory, None);
        assert_eq!(config.zones.len(), 2);
        assert_eq!(config.zones[1].sources, ["split"]);
        assert!(!config.zones[0].lenient);
        assert!(config.zones[1].lenient);
        assert!(config.best_practice);
        let entry = |name: &str, filter: ZoneFilter| ZoneEntry {
            name: name.into(),
            span: Span {
                file: FileId(0),
                start: 0,
                end: 0,
            },
            sources: Vec::new(),
            sources_given: true,
            alias: false,
            lenient: false,
            ignore_subzone_adds: false,
            targets: Vec::new(),
            disabled_zone_validators: Vec::new(),
            filter,
            processors: Vec::new(),
        };
        assert!(entry_matches(
            &entry("example.com.", ZoneFilter::All),
            "EXAMPLE.com."
        ));
        assert!(!entry_matches(
            &entry("example.com.", ZoneFilter::All),
            "example.net."
        ));
        // The name of a dynamic entry is no pattern: without `glob` or `regex`, all zones.
        assert!(entry_matches(&entry("*", ZoneFilter::All), "example.com."));
        assert!(entry_matches(&entry("*.one", ZoneFilter::All), "a.two."));
        let glob = entry("*.one", ZoneFilter::Glob("*.one.".into()));
        assert!(entry_matches(&glob, "a.one."));
        assert!(!entry_matches(&glob, "a.two."));
        assert!(!entry_matches(&glob, "a.one"));
        let regex = entry("*regex", ZoneFilter::Regex(r"\.(com|net)\.$".into()));
        assert!(entry_matches(&regex, "example.net."));
        assert!(!entry_matches(&regex, "example.org."));
        assert!(!entry_matches(
            &entry("*", ZoneFilter::Regex("(?<=x)y".into())),
            "xy."
        ));
    }

    /// Options shared through YAML merge keys, as PyYAML 6.0.4 (and so octoDNS) reads them:
    /// written keys win over merged ones, and a list merges every mapping in it.
    #[test]
    fn reads_which_zone_validators_run() {
        let text = "validators:\n  mail:\n    class: octodns.zone.mail.MailZoneValidator\n    mode: no-mail\nmanager:\n  validators:\n    enabled: [legacy, best-practice]\n    zone:\n      disable_validators: [caa-best-practices]\nzones:\n  example.com.:\n    sources: [config]\n    validators:\n      zone:\n        disable_validators: [multi-value-ns]\n";
        let config = read(&yaml::parse(FileId(0), text));
        // `mail` is replaced by the config's own (its settings are not modelled), CAA is off.
        assert_eq!(
            config.zone_validators,
            [
                "multi-value-ns",
                "cname-target-resolvable-in-zone",
                "cname-target-not-cname",
                "mx-target-resolvable-in-zone",
                "srv-target-resolvable-in-zone",
            ]
        );
        assert_eq!(config.zones[0].disabled_zone_validators, ["multi-value-ns"]);
        // Without the set, only the checks named one by one.
        let text = "manager:\n  validators:\n    zone:\n      validators: [multi-value-ns]\n";
        assert_eq!(
            read(&yaml::parse(FileId(0), text)).zone_validators,
            ["multi-value-ns"]
        );
    }

    #[test]
    fn reads_merge_keys() {
        let text = "common: &yaml\n  class: octodns.provider.yaml.YamlProvider\n  enforce_order: false\n\
                    ttl: &ttl\n  default_ttl: 300\n\
                    zone: &zone\n  sources: [config]\n  lenient: true\n\
                    providers:\n  config:\n    <<: [*ttl, *yaml]\n    directory: ./zones\n\
                    \x20 other:\n    <<: [*yaml, *ttl]\n    default_ttl: 120\n    directory: ./other\n\
                    zones:\n  example.com.:\n    <<: *zone\n  example.org.: *zone\n";
        let config = read(&yaml::parse(FileId(0), text));
        let ids: Vec<&str> = config.providers.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["config", "other"]);
        let config_provider = config.provider("config").unwrap();
        assert_eq!(config_provider.directory.as_deref(), Some("./zones"));
        assert_eq!(config_provider.key_order, None);
        assert_eq!(config_provider.zone.default_ttl, 300);
        assert_eq!(config.provider("other").unwrap().zone.default_ttl, 120);
        assert_eq!(config.zones.len(), 2);
        for zone in &config.zones {
            assert_eq!(zone.sources, ["config"], "{}", zone.name);
            assert!(zone.lenient, "{}", zone.name);
        }
    }
}

#[cfg(test)]
mod spf_source_tests {
    use super::*;

    fn source(terms: &[(&'static str, &str)], soft_fail: bool) -> SpfSource {
        let terms: Vec<(&'static str, String)> =
            terms.iter().map(|(m, v)| (*m, v.to_string())).collect();
        SpfSource {
            id: "spf".into(),
            value: build_spf(&terms, Some(soft_fail)),
            terms,
            soft_fail,
            ttl: 3600,
            merging: true,
            span: Span::default(),
        }
    }

    /// As octodns-spf 1.0.0 builds and merges records (octodns-sync to a YamlProvider).
    #[test]
    fn spf_source_records_build_and_merge_as_octodns_spf_does() {
        let cloudflare = source(&[("include", "_spf.mx.cloudflare.net")], true);
        assert_eq!(
            cloudflare.value,
            "v=spf1 include:_spf.mx.cloudflare.net ~all"
        );
        let mail = source(&[("a", "mail.example.org."), ("ip4", "192.0.2.25")], false);
        assert_eq!(
            merge_spf("v=spf1 ip4:192.0.2.25 -all", &mail).as_deref(),
            Ok("v=spf1 a:mail.example.org. ip4:192.0.2.25 -all")
        );
        // Soft fail if either is; the record's terms first.
        assert_eq!(
            merge_spf("v=spf1 include:_spf.google.com", &cloudflare).as_deref(),
            Ok("v=spf1 include:_spf.google.com include:_spf.mx.cloudflare.net ~all")
        );
        assert_eq!(merge_spf("v=spf1 mx -all", &mail), Err("mx".to_string()));
        assert_eq!(
            merge_spf("v=spf1 redirect=_spf.example.net", &mail),
            Err("redirect=_spf.example.net".to_string())
        );
    }
}
