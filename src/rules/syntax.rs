//! Input problems: the diagnostics the parsers and the loader emit. They have no check of their
//! own; each is one `Rule` so that codes, names, docs and selection work as for any rule.

use crate::diagnostic::Severity;
use crate::rules::Rule;

macro_rules! input_rule {
    ($id:ident, $code:literal, $name:literal, $severity:ident, $summary:literal) => {
        pub static $id: Rule = Rule {
            code: $code,
            name: $name,
            severity: Severity::$severity,
            summary: $summary,
            doc: include_str!(concat!("../../rules/docs/", $code, ".md")),
            check: None,
        };
    };
}

input_rule!(
    SYNTAX_ERROR,
    "SYN001",
    "syntax-error",
    Error,
    "The entry is not valid master-file syntax"
);
input_rule!(
    INVALID_RDATA,
    "SYN002",
    "invalid-rdata",
    Error,
    "An RDATA field is malformed, missing or extra"
);
input_rule!(
    UNKNOWN_TYPE,
    "SYN003",
    "unknown-type",
    Error,
    "Unknown record type or class, or a type that cannot appear in zone data"
);
input_rule!(
    INVALID_DIRECTIVE,
    "SYN004",
    "invalid-directive",
    Error,
    "A `$` directive is unknown or malformed"
);
input_rule!(
    INCLUDE_FAILED,
    "SYN005",
    "include-failed",
    Error,
    "An included file cannot be read, or lies outside the project"
);
input_rule!(
    INVALID_NAME,
    "SYN006",
    "invalid-name",
    Error,
    "A domain name is malformed"
);
input_rule!(
    INVALID_TTL,
    "SYN007",
    "invalid-ttl",
    Error,
    "A TTL is malformed, out of range or missing"
);
input_rule!(
    MISSING_ORIGIN,
    "SYN008",
    "missing-origin",
    Error,
    "A relative name needs an origin and none is known"
);
input_rule!(
    CLASS_MISMATCH,
    "SYN009",
    "class-mismatch",
    Error,
    "A record's class differs from the zone's class"
);
input_rule!(
    INVALID_CHARACTER,
    "SYN010",
    "invalid-character",
    Error,
    "NUL or control bytes, or a byte-order mark, in a zone file"
);

input_rule!(
    TTL_FROM_SOA_MINIMUM,
    "ZONE001",
    "ttl-from-soa-minimum",
    Warning,
    "No $TTL: the TTL comes from the SOA minimum field, as BIND does"
);
input_rule!(
    MISSING_FINAL_NEWLINE,
    "ZONE002",
    "missing-final-newline",
    Info,
    "The file does not end with a newline"
);
input_rule!(
    NOT_UTF8,
    "ZONE003",
    "not-utf8",
    Info,
    "The file is not valid UTF-8"
);
input_rule!(
    INHERITED_OWNER_AFTER_ORIGIN,
    "ZONE040",
    "inherited-owner-after-origin",
    Warning,
    "A record right after $ORIGIN inherits the previous owner, not the new origin"
);
input_rule!(
    GENERATE_LIMIT,
    "ZONE004",
    "generate-limit",
    Warning,
    "A $GENERATE range is larger than the linter expands"
);

// octoDNS YAML. SYN codes are input octoDNS cannot read or that cannot be DNS data; OCTO codes
// are input octoDNS reads differently than written, or that its validators reject although the
// DNS data is well formed (those can be disabled per zone, or accepted with `lenient`).
input_rule!(
    INVALID_YAML,
    "SYN011",
    "invalid-yaml",
    Error,
    "The file is not YAML octoDNS can read, or exceeds zonelint's limits"
);
input_rule!(
    DUPLICATE_KEY,
    "SYN012",
    "duplicate-key",
    Error,
    "A YAML mapping has the same key twice; octoDNS silently keeps only the last"
);
input_rule!(
    INVALID_OCTODNS_RECORD,
    "SYN013",
    "invalid-octodns-record",
    Error,
    "An octoDNS record is malformed: wrong shape, no type, no value, a missing field, or defined twice"
);
input_rule!(
    OCTODNS_KEY_ORDER,
    "OCTO001",
    "octodns-key-order",
    Error,
    "Keys are not in the natural sort order octoDNS's YamlProvider enforces by default"
);
input_rule!(
    YAML_IMPLICIT_TYPE,
    "OCTO002",
    "yaml-implicit-type",
    Warning,
    "A plain YAML scalar that octoDNS (YAML 1.1) reads as another type, or another number, than written"
);
input_rule!(
    OCTODNS_IGNORED_KEY,
    "OCTO003",
    "octodns-ignored-key",
    Warning,
    "A key octoDNS ignores: unknown, misspelled, or overridden by another key"
);
input_rule!(
    OCTODNS_VALIDATION,
    "OCTO004",
    "octodns-validation",
    Error,
    "octoDNS's record validation rejects this, though the DNS data is well formed (a warning for lenient records)"
);
input_rule!(
    OCTODNS_SOURCE_NOT_READ,
    "OCTO006",
    "octodns-source-not-read",
    Info,
    "A zone takes records from an octoDNS source zonelint does not read (a DNS provider, NetBox, a plugin): the checks that need every record of the zone say nothing about what it adds"
);
input_rule!(
    NOT_OCTODNS_FILE,
    "OCTO005",
    "not-octodns-file",
    Warning,
    "A YAML file named on the command line is not an octoDNS zone or config, or octoDNS never reads it"
);
