//! The record types octoDNS knows and the shape of their values, from `octodns/record/*.py`.

use crate::model::RType;

/// How one field of a mapping value is written and becomes presentation text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A whole number (`int()` in octoDNS).
    Number,
    /// A decimal number (`float()` in octoDNS): LOC seconds, altitude, sizes.
    Decimal,
    /// Text passed on as one RDATA field (a CAA value, a NAPTR regexp).
    Text,
    /// One token: a CAA tag, a LOC direction, hex data.
    Word,
    /// A domain name octoDNS checks is fully qualified; `.` allowed where the type allows it.
    Target,
    /// A domain name octoDNS passes on unchecked (NAPTR replacement).
    Name,
}

/// One field of a mapping value.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    /// The legacy spelling octoDNS still reads (MX `priority` and `value`).
    pub legacy: Option<&'static str>,
    pub kind: FieldKind,
    /// The value octoDNS uses when the key is absent.
    pub default: Option<&'static str>,
}

const fn field(key: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        legacy: None,
        kind,
        default: None,
    }
}

use FieldKind::*;

pub const MX: &[Field] = &[
    Field {
        key: "preference",
        legacy: Some("priority"),
        kind: Number,
        default: None,
    },
    Field {
        key: "exchange",
        legacy: Some("value"),
        kind: Target,
        default: None,
    },
];
pub const SRV: &[Field] = &[
    field("priority", Number),
    field("weight", Number),
    field("port", Number),
    field("target", Target),
];
pub const CAA: &[Field] = &[
    Field {
        key: "flags",
        legacy: None,
        kind: Number,
        default: Some("0"),
    },
    field("tag", Word),
    field("value", Text),
];
pub const DS: &[Field] = &[
    field("key_tag", Number),
    field("algorithm", Number),
    field("digest_type", Number),
    field("digest", Word),
];
/// octoDNS's deprecated DS keys, in the RDATA order it maps them to (flags is the key tag,
/// protocol the algorithm, algorithm the digest type, public_key the digest).
pub const DS_LEGACY: &[Field] = &[
    field("flags", Number),
    field("protocol", Number),
    field("algorithm", Number),
    field("public_key", Word),
];
pub const LOC: &[Field] = &[
    field("lat_degrees", Number),
    field("lat_minutes", Number),
    field("lat_seconds", Decimal),
    field("lat_direction", Word),
    field("long_degrees", Number),
    field("long_minutes", Number),
    field("long_seconds", Decimal),
    field("long_direction", Word),
    field("altitude", Decimal),
    field("size", Decimal),
    field("precision_horz", Decimal),
    field("precision_vert", Decimal),
];
pub const NAPTR: &[Field] = &[
    field("order", Number),
    field("preference", Number),
    field("flags", Text),
    field("service", Text),
    field("regexp", Text),
    field("replacement", Name),
];
pub const SSHFP: &[Field] = &[
    field("algorithm", Number),
    field("fingerprint_type", Number),
    field("fingerprint", Word),
];
pub const TLSA: &[Field] = &[
    field("certificate_usage", Number),
    field("selector", Number),
    field("matching_type", Number),
    field("certificate_association_data", Word),
];
pub const URLFWD: &[Field] = &[
    field("path", Text),
    field("target", Text),
    field("code", Number),
    field("masking", Number),
    field("query", Number),
];
pub const URI: &[Field] = &[
    field("priority", Number),
    field("weight", Number),
    field("target", Text),
];
pub const SVCB: &[Field] = &[field("svcpriority", Number), field("targetname", Target)];

/// What a record's values look like.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// A, AAAA: addresses (these types also take `geo` and `dynamic`).
    Address,
    /// CNAME, DNAME, ALIAS, NS, PTR: domain names.
    Target,
    /// TXT, SPF: text with `\;` escapes, cut into 255-byte strings.
    Text,
    /// OPENPGPKEY: one token of base64.
    Token,
    /// Mappings of named fields, in RDATA order.
    Fields(&'static [Field]),
    /// DS: modern or deprecated field names.
    Ds,
    /// SVCB, HTTPS: priority, target and a `svcparams` mapping.
    Svcb,
}

#[derive(Debug)]
pub struct OctoType {
    pub name: &'static str,
    /// None for octoDNS types that are not DNS types (ALIAS, URLFWD): checked, not lowered.
    pub rtype: Option<RType>,
    pub shape: Shape,
    /// Only `value` (octoDNS's ValueMixin): CNAME, DNAME, ALIAS.
    pub single: bool,
    /// Where `.` (the root) is a valid target (MX, SRV, SVCB, HTTPS).
    pub root_target_ok: bool,
}

const fn octo(name: &'static str, rtype: Option<u16>, shape: Shape, single: bool) -> OctoType {
    OctoType {
        name,
        rtype: match rtype {
            Some(code) => Some(RType(code)),
            None => None,
        },
        shape,
        single,
        root_target_ok: false,
    }
}

pub static TYPES: &[OctoType] = &[
    octo("A", Some(1), Shape::Address, false),
    octo("AAAA", Some(28), Shape::Address, false),
    octo("ALIAS", None, Shape::Target, true),
    octo("CAA", Some(257), Shape::Fields(CAA), false),
    octo("CNAME", Some(5), Shape::Target, true),
    octo("DNAME", Some(39), Shape::Target, true),
    octo("DS", Some(43), Shape::Ds, false),
    OctoType {
        root_target_ok: true,
        ..octo("HTTPS", Some(65), Shape::Svcb, false)
    },
    octo("LOC", Some(29), Shape::Fields(LOC), false),
    OctoType {
        root_target_ok: true,
        ..octo("MX", Some(15), Shape::Fields(MX), false)
    },
    octo("NAPTR", Some(35), Shape::Fields(NAPTR), false),
    octo("NS", Some(2), Shape::Target, false),
    octo("OPENPGPKEY", Some(61), Shape::Token, false),
    octo("PTR", Some(12), Shape::Target, false),
    octo("SPF", Some(99), Shape::Text, false),
    OctoType {
        root_target_ok: true,
        ..octo("SRV", Some(33), Shape::Fields(SRV), false)
    },
    octo("SSHFP", Some(44), Shape::Fields(SSHFP), false),
    OctoType {
        root_target_ok: true,
        ..octo("SVCB", Some(64), Shape::Svcb, false)
    },
    octo("TLSA", Some(52), Shape::Fields(TLSA), false),
    octo("TXT", Some(16), Shape::Text, false),
    octo("URI", Some(256), Shape::Fields(URI), false),
    octo("URLFWD", None, Shape::Fields(URLFWD), false),
];

pub fn find(name: &str) -> Option<&'static OctoType> {
    TYPES.iter().find(|t| t.name == name)
}

/// Keys every record may have.
pub const RECORD_KEYS: &[&str] = &["octodns", "ttl", "type", "value", "values"];
/// Extra keys of the types with geo and dynamic answers.
pub const GEO_KEYS: &[&str] = &["dynamic", "geo"];

/// The keys of [`GEO_KEYS`] a type reads: in octoDNS 1.22.0 A and AAAA take `geo` and
/// `dynamic` answers (`_GeoMixin`, `_DynamicMixin`), CNAME and DNAME `dynamic` ones only;
/// octoDNS ignores the others' keys, as any key it does not know.
pub fn geo_keys(name: &str) -> &'static [&'static str] {
    match name {
        "A" | "AAAA" => GEO_KEYS,
        "CNAME" | "DNAME" => &["dynamic"],
        _ => &[],
    }
}

/// SvcParams octoDNS knows (`octodns/record/svcb.py`); `keyNNNNN` is accepted as well.
pub const SVC_PARAMS: &[&str] = &[
    "mandatory",
    "alpn",
    "no-default-alpn",
    "port",
    "ipv4hint",
    "ech",
    "ipv6hint",
];
/// SvcParams whose value octoDNS wants as a list.
pub const SVC_LIST_PARAMS: &[&str] = &["mandatory", "alpn", "ipv4hint", "ipv6hint"];

/// Keys under `octodns:` that octoDNS itself reads; others belong to providers.
pub const META_KEYS: &[&str] = &["excluded", "healthcheck", "ignored", "included", "lenient"];
pub const HEALTHCHECK_KEYS: &[&str] = &["host", "path", "port", "protocol"];
pub const HEALTHCHECK_PROTOCOLS: &[&str] = &["HTTP", "HTTPS", "ICMP", "TCP", "UDP"];
