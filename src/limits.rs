//! The limits that keep a hostile repository from stalling a run or exhausting memory: per
//! construct (one `$GENERATE`, one file) and per run (all generated records, all included
//! bytes). All of them live in [`Limits`], set from `--limit NAME=N` (and later a config
//! file); [`LIMITS`] is the table the CLI, the README and the error messages share.
//!
//! Each limit that is hit is a diagnostic that says which limit and how to raise it, never a
//! silent cut: ZONE004 for `$GENERATE`, and the linter's own codes below for the rest.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static BINARY_FILE: Rule = Rule {
    code: "ZL003",
    name: "binary-file",
    severity: Severity::Error,
    summary: "A file given to zonelint is binary, not a zone",
    doc: include_str!("../rules/docs/ZL003.md"),
    check: None,
};

pub static FILE_TOO_LARGE: Rule = Rule {
    code: "ZL004",
    name: "file-too-large",
    severity: Severity::Error,
    summary: "A file is larger than zonelint reads",
    doc: include_str!("../rules/docs/ZL004.md"),
    check: None,
};

pub static LIMIT_REACHED: Rule = Rule {
    code: "ZL005",
    name: "limit-reached",
    severity: Severity::Error,
    summary: "Input reached one of zonelint's limits; what lies past it is not checked",
    doc: include_str!("../rules/docs/ZL005.md"),
    check: None,
};

pub static FINDINGS_CAPPED: Rule = Rule {
    code: "ZL006",
    name: "findings-capped",
    severity: Severity::Info,
    summary: "More findings of one rule in one file than zonelint lists",
    doc: include_str!("../rules/docs/ZL006.md"),
    check: None,
};

/// Every limit of a run. [`Limits::default`] is generous enough for real zones of millions
/// of records; a repository that needs more raises one with `--limit NAME=N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one zone file (BIND); a larger file is not read (ZL004).
    pub file_size: u64,
    /// Bytes of one YAML file; YAML trees take far more memory per byte than zone files.
    pub yaml_file_size: u64,
    /// Bytes read through `$INCLUDE` and `!include` in the whole run (ZL005).
    pub included_bytes: u64,
    /// `$INCLUDE`s followed in the whole run, each time a file is included (ZL005): bytes
    /// alone do not bound a tree of includes that fans out over small or empty files.
    pub includes: u64,
    /// Records kept in one zone; the rest of the zone is not read (ZL005).
    pub zone_records: usize,
    /// Records expanded from one `$GENERATE` (ZONE004).
    pub generate_records: usize,
    /// Records expanded from all `$GENERATE`s of the run together (ZONE004).
    pub generated_records: usize,
    /// `$INCLUDE` / `!include` nesting depth (SYN005).
    pub include_depth: usize,
    /// YAML nodes one zone may pull in: aliases expanded and `!include`d trees, each time
    /// they are used (SYN011 for aliases in one file, ZL005 for includes).
    pub yaml_nodes: u64,
    /// Findings of one rule in one file that are listed; a ZL006 counts the rest.
    pub findings_per_rule: usize,
    /// Findings in one file that are listed; a ZL006 counts the rest.
    pub findings_per_file: usize,
    /// Findings `--format full` draws with source excerpts; the rest are one line each.
    pub full_findings: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            file_size: 128 * MIB,
            yaml_file_size: 10 * MIB,
            included_bytes: 512 * MIB,
            includes: 100_000,
            zone_records: 5_000_000,
            generate_records: 65_536,
            generated_records: 1_048_576,
            include_depth: 20,
            yaml_nodes: 250_000,
            findings_per_rule: 1_000,
            findings_per_file: 10_000,
            full_findings: 500,
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// One limit as users name it.
pub struct LimitInfo {
    pub name: &'static str,
    /// What it bounds and what happens when it is reached, for `--help` and the README.
    pub about: &'static str,
    get: fn(&Limits) -> u64,
    set: fn(&mut Limits, u64),
}

impl LimitInfo {
    pub fn default_value(&self) -> u64 {
        (self.get)(&Limits::default())
    }
}

/// Every limit by name, in the order the README lists them.
pub static LIMITS: &[LimitInfo] = &[
    LimitInfo {
        name: "file-size",
        about: "bytes of one zone file; a larger file is not read (ZL004)",
        get: |l| l.file_size,
        set: |l, v| l.file_size = v,
    },
    LimitInfo {
        name: "yaml-file-size",
        about: "bytes of one YAML file; a larger file is not read (SYN011)",
        get: |l| l.yaml_file_size,
        set: |l, v| l.yaml_file_size = v,
    },
    LimitInfo {
        name: "included-bytes",
        about: "bytes read through $INCLUDE and !include in the whole run; later includes are not read (ZL005)",
        get: |l| l.included_bytes,
        set: |l, v| l.included_bytes = v,
    },
    LimitInfo {
        name: "includes",
        about: "$INCLUDEs followed in the whole run, each time a file is included; later includes are not read (ZL005)",
        get: |l| l.includes,
        set: |l, v| l.includes = v,
    },
    LimitInfo {
        name: "zone-records",
        about: "records kept in one zone; the rest of the zone is not read (ZL005)",
        get: |l| l.zone_records as u64,
        set: |l, v| l.zone_records = to_usize(v),
    },
    LimitInfo {
        name: "generate-records",
        about: "records expanded from one $GENERATE; the rest of its range is not checked (ZONE004)",
        get: |l| l.generate_records as u64,
        set: |l, v| l.generate_records = to_usize(v),
    },
    LimitInfo {
        name: "generated-records",
        about: "records expanded from all $GENERATEs of the run; later ones are not expanded (ZONE004)",
        get: |l| l.generated_records as u64,
        set: |l, v| l.generated_records = to_usize(v),
    },
    LimitInfo {
        name: "include-depth",
        about: "$INCLUDE and !include nesting; deeper includes are not read (SYN005)",
        get: |l| l.include_depth as u64,
        set: |l, v| l.include_depth = to_usize(v),
    },
    LimitInfo {
        name: "yaml-nodes",
        about: "YAML nodes that aliases in one file, or the !includes of one zone, expand to; the rest is not read (SYN011, ZL005)",
        get: |l| l.yaml_nodes,
        set: |l, v| l.yaml_nodes = v,
    },
    LimitInfo {
        name: "findings-per-rule",
        about: "findings of one rule in one file that are listed; one ZL006 counts the rest",
        get: |l| l.findings_per_rule as u64,
        set: |l, v| l.findings_per_rule = to_usize(v),
    },
    LimitInfo {
        name: "findings-per-file",
        about: "findings in one file that are listed; one ZL006 counts the rest",
        get: |l| l.findings_per_file as u64,
        set: |l, v| l.findings_per_file = to_usize(v),
    },
    LimitInfo {
        name: "full-findings",
        about: "findings --format full draws with source excerpts; the rest are printed one line each",
        get: |l| l.full_findings as u64,
        set: |l, v| l.full_findings = to_usize(v),
    },
];

fn to_usize(value: u64) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

impl Limits {
    /// Apply one `NAME=N` setting (`N` may use `_` separators and a `K`, `M` or `G` suffix
    /// for powers of 1024).
    pub fn set(&mut self, setting: &str) -> Result<(), String> {
        let (name, value) = setting
            .split_once('=')
            .ok_or_else(|| format!("bad --limit `{setting}`: write NAME=N, e.g. file-size=512M"))?;
        let name = name.trim();
        let info = LIMITS
            .iter()
            .find(|info| info.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<&str> = LIMITS.iter().map(|info| info.name).collect();
                format!("unknown limit `{name}` (one of: {})", names.join(", "))
            })?;
        let value = parse_amount(value.trim()).ok_or_else(|| {
            format!("bad --limit `{setting}`: N is a whole number, e.g. 1000 or 512M")
        })?;
        (info.set)(self, value);
        Ok(())
    }

    /// The current value of a limit by name (for messages and tests).
    pub fn get(&self, name: &str) -> Option<u64> {
        LIMITS
            .iter()
            .find(|info| info.name == name)
            .map(|info| (info.get)(self))
    }
}

fn parse_amount(text: &str) -> Option<u64> {
    let text = text.replace('_', "");
    let (digits, factor) = match text.as_bytes().last()? {
        b'k' | b'K' => (&text[..text.len() - 1], 1024),
        b'm' | b'M' => (&text[..text.len() - 1], MIB),
        b'g' | b'G' => (&text[..text.len() - 1], 1024 * MIB),
        _ => (text.as_str(), 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(factor)
}

/// How a message tells the user to raise a limit.
pub fn raise_hint(name: &str) -> String {
    format!("raise it with `--limit {name}=N` if the input is meant to be this large")
}

/// A byte count for messages: `10,905,190 bytes`.
pub fn bytes(count: u64) -> String {
    format!("{} bytes", thousands(count))
}

/// `1234567` as `1,234,567`.
pub fn thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Does this look like a binary file rather than text? Judged on the first 8 KiB: 16 NUL
/// bytes or more (UTF-16 text, executables and compressed data have far more), or more than a
/// tenth of it in control characters other than tab, line feed, carriage return and form
/// feed. A stray NUL or escape in a text zone is not enough: SYN010 points at it.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    // Counted in pieces of at most 255 bytes into byte-sized sums, which compiles to vector
    // code: every small file of a repository is looked at whole, and counting byte by byte
    // was 5% of the instructions of a run over 2,000 small zones.
    let (mut nuls, mut controls) = (0u32, 0u32);
    for piece in head.chunks(255) {
        let (mut piece_nuls, mut piece_controls) = (0u8, 0u8);
        for &b in piece {
            let allowed = b == b'\t' || b == b'\n' || b == b'\r' || b == 0x0c;
            piece_nuls += u8::from(b == 0);
            piece_controls += u8::from((b < 0x20 && !allowed) || b == 0x7f);
        }
        nuls += u32::from(piece_nuls);
        controls += u32::from(piece_controls);
    }
    nuls >= 16 || controls as usize * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_by_name() {
        let mut limits = Limits::default();
        limits.set("file-size=512M").unwrap();
        assert_eq!(limits.file_size, 512 * MIB);
        limits.set("generated-records = 2_000_000").unwrap();
        assert_eq!(limits.generated_records, 2_000_000);
        assert!(
            limits
                .set("nope=1")
                .unwrap_err()
                .contains("unknown limit `nope`")
        );
        assert!(limits.set("file-size").is_err());
        assert!(limits.set("file-size=-1").is_err());
        assert!(limits.set("file-size=99999999999999999999G").is_err());
        assert_eq!(limits.get("file-size"), Some(512 * MIB));
    }

    #[test]
    fn every_limit_has_a_distinct_name_and_a_default() {
        let mut names: Vec<&str> = LIMITS.iter().map(|info| info.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), LIMITS.len());
        assert!(LIMITS.iter().all(|info| info.default_value() > 0));
    }

    #[test]
    fn binary_sniffing() {
        assert!(looks_binary(&[0u8; 512]));
        assert!(looks_binary(&[0x01; 100]));
        assert!(looks_binary("zone\0".repeat(20).as_bytes()));
        // One stray NUL in a zone is SYN010's business.
        assert!(!looks_binary(b"@ IN A 192.0.2.1\n\0\nwww IN A 192.0.2.2\n"));
        assert!(!looks_binary(b"@ IN A 192.0.2.1\r\n\tIN TXT \"x\"\n"));
        assert!(!looks_binary(
            "é ü \u{1b} one escape in a long line of text".as_bytes()
        ));
        // Counted over the whole head, across the pieces it is summed in: NULs 16 apart, a
        // tenth of controls and one more, controls past what one piece's sum holds.
        let spread = |every: usize, byte: u8, len: usize| -> Vec<u8> {
            (0..len)
                .map(|i| if i % every == 0 { byte } else { b'a' })
                .collect()
        };
        assert!(!looks_binary(&spread(512, 0, 15 * 512)));
        assert!(looks_binary(&spread(512, 0, 16 * 512)));
        let mut tenth = spread(10, 0x1b, 2000);
        assert!(!looks_binary(&tenth));
        tenth[1] = 0x7f;
        assert!(looks_binary(&tenth));
        assert!(looks_binary(&[0x01; 8192]));
        assert!(!looks_binary(&spread(1, b'\t', 8192)));
        // Only the first 8 KiB count.
        let mut late = vec![b'a'; 8192];
        late.extend([0u8; 64]);
        assert!(!looks_binary(&late));
        assert_eq!(thousands(10_905_190), "10,905,190");
        assert_eq!(thousands(999), "999");
    }
}
