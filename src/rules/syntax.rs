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
    GENERATE_LIMIT,
    "ZONE004",
    "generate-limit",
    Warning,
    "A $GENERATE range is larger than the linter expands"
);
