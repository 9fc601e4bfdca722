//! Record types: mnemonics, numbers, and the shape of each type's RDATA in presentation form.

use crate::model::RType;

/// How one RDATA field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    U8,
    U16,
    U32,
    /// A 32-bit number that may use TTL units (`1h30m`), as in SOA timers.
    Ttl,
    /// A domain name, relative to the origin unless it ends in a dot.
    Name,
    Ipv4,
    Ipv6,
    /// One character string of at most 255 bytes.
    String,
    /// One or more character strings to the end of the RDATA.
    Strings,
    /// Zero or one character string (the ISDN subaddress).
    OptionalString,
    /// Base64 to the end of the RDATA (several tokens); must not be empty.
    Base64,
    /// Base64 to the end of the RDATA; may be absent.
    OptionalBase64,
    /// Hexadecimal to the end of the RDATA (several tokens); must not be empty.
    Hex,
    /// Hexadecimal to the end of the RDATA; may be absent.
    OptionalHex,
    /// One token of hexadecimal, or `-` for empty (NSEC3 salt).
    Salt,
    /// One token of base32hex without padding (NSEC3 next hashed owner).
    Base32Hex,
    /// A list of type mnemonics to the end of the RDATA (NSEC, NSEC3, CSYNC); may be empty.
    TypeBitmap,
    /// One type mnemonic (RRSIG type covered).
    Type,
    /// A DNSSEC algorithm number or mnemonic.
    Algorithm,
    /// DNSKEY/KEY flags: a number, or mnemonics joined by `|`.
    KeyFlags,
    /// KEY protocol: a number or mnemonic.
    KeyProtocol,
    /// CERT type: a number or mnemonic.
    CertType,
    /// A signature time: `YYYYMMDDHHmmSS` or seconds since the epoch.
    Time,
    /// A field with its own grammar, parsed by [`crate::parse::rdata`] for this type.
    Special,
}

/// What is known of one type.
#[derive(Debug)]
pub struct TypeInfo {
    pub code: u16,
    pub name: &'static str,
    pub fields: &'static [Field],
    /// The RFC name of each field, snake_case (`preference`, `exchange`).
    pub field_names: &'static [&'static str],
    /// Defined for class IN only; other classes must use `\#` generic RDATA.
    pub in_only: bool,
}

use Field::*;

macro_rules! types {
    ($( $name:literal = $code:literal $(in $in:tt)? : [$($field:ident $field_name:ident),*] ),* $(,)?) => {
        /// Every type this linter knows, in number order.
        pub static TYPES: &[TypeInfo] = TYPE_LIST;

        /// [`TYPES`], as a constant that the table of places below is built from.
        const TYPE_LIST: &[TypeInfo] = &[
            $( TypeInfo {
                code: $code,
                name: $name,
                fields: &[$($field),*],
                field_names: &[$(stringify!($field_name)),*],
                in_only: types!(@in $($in)?),
            } ),*
        ];
    };
    (@in) => { false };
    (@in only) => { true };
}

types! {
    "A" = 1: [Ipv4 address],
    "NS" = 2: [Name nsdname],
    "MD" = 3: [Name madname],
    "MF" = 4: [Name madname],
    "CNAME" = 5: [Name target],
    "SOA" = 6: [Name mname, Name rname, U32 serial, Ttl refresh, Ttl retry, Ttl expire, Ttl minimum],
    "MB" = 7: [Name madname],
    "MG" = 8: [Name mgmname],
    "MR" = 9: [Name newname],
    "NULL" = 10: [Special data],
    "WKS" = 11 in only: [Ipv4 address, Special services],
    "PTR" = 12: [Name ptrdname],
    "HINFO" = 13: [String cpu, String os],
    "MINFO" = 14: [Name rmailbx, Name emailbx],
    "MX" = 15: [U16 preference, Name exchange],
    "TXT" = 16: [Strings text],
    "RP" = 17: [Name mbox, Name txtdname],
    "AFSDB" = 18: [U16 subtype, Name hostname],
    "X25" = 19: [String psdn_address],
    "ISDN" = 20: [String address, OptionalString subaddress],
    "RT" = 21: [U16 preference, Name intermediate_host],
    "NSAP" = 22 in only: [Special address],
    "NSAP-PTR" = 23 in only: [Name owner],
    "SIG" = 24: [Type type_covered, Algorithm algorithm, U8 labels, Ttl original_ttl, Time expiration, Time inception, U16 key_tag, Name signer, Base64 signature],
    "KEY" = 25: [KeyFlags flags, KeyProtocol protocol, Algorithm algorithm, OptionalBase64 public_key],
    "PX" = 26 in only: [U16 preference, Name map822, Name mapx400],
    "GPOS" = 27: [String longitude, String latitude, String altitude],
    "AAAA" = 28 in only: [Ipv6 address],
    "LOC" = 29: [Special location],
    "NXT" = 30: [Name next, TypeBitmap types],
    "EID" = 31 in only: [Hex endpoint],
    "NIMLOC" = 32 in only: [Hex locator],
    "SRV" = 33 in only: [U16 priority, U16 weight, U16 port, Name target],
    "ATMA" = 34 in only: [Special address],
    "NAPTR" = 35: [U16 order, U16 preference, String flags, String services, String regexp, Name replacement],
    "KX" = 36 in only: [U16 preference, Name exchanger],
    "CERT" = 37: [CertType cert_type, U16 key_tag, Algorithm algorithm, Base64 certificate],
    "A6" = 38 in only: [Special prefix],
    "DNAME" = 39: [Name target],
    "SINK" = 40: [U8 meaning, U8 coding, U8 subcoding, OptionalBase64 data],
    "OPT" = 41: [],
    "APL" = 42 in only: [Special prefixes],
    "DS" = 43: [U16 key_tag, Algorithm algorithm, U8 digest_type, Hex digest],
    "SSHFP" = 44: [U8 algorithm, U8 fp_type, Hex fingerprint],
    "IPSECKEY" = 45 in only: [Special key],
    "RRSIG" = 46: [Type type_covered, Algorithm algorithm, U8 labels, Ttl original_ttl, Time expiration, Time inception, U16 key_tag, Name signer, Base64 signature],
    "NSEC" = 47: [Name next, TypeBitmap types],
    "DNSKEY" = 48: [KeyFlags flags, KeyProtocol protocol, Algorithm algorithm, Base64 public_key],
    "DHCID" = 49 in only: [Base64 data],
    "NSEC3" = 50: [U8 hash_algorithm, U8 flags, U16 iterations, Salt salt, Base32Hex next_hashed_owner, TypeBitmap types],
    "NSEC3PARAM" = 51: [U8 hash_algorithm, U8 flags, U16 iterations, Salt salt],
    "TLSA" = 52: [U8 usage, U8 selector, U8 matching_type, Hex data],
    "SMIMEA" = 53: [U8 usage, U8 selector, U8 matching_type, Hex data],
    "HIP" = 55: [Special hip],
    "NINFO" = 56: [Strings text],
    "RKEY" = 57: [KeyFlags flags, KeyProtocol protocol, Algorithm algorithm, Base64 public_key],
    "TALINK" = 58: [Name previous, Name next],
    "CDS" = 59: [U16 key_tag, Algorithm algorithm, U8 digest_type, Hex digest],
    "CDNSKEY" = 60: [KeyFlags flags, KeyProtocol protocol, Algorithm algorithm, Base64 public_key],
    "OPENPGPKEY" = 61: [Base64 public_key],
    "CSYNC" = 62: [U32 serial, U16 flags, TypeBitmap types],
    "ZONEMD" = 63: [U32 serial, U8 scheme, U8 hash_algorithm, Hex digest],
    "SVCB" = 64 in only: [U16 priority, Name target, Special params],
    "HTTPS" = 65 in only: [U16 priority, Name target, Special params],
    "DSYNC" = 66: [Type rrtype, Special scheme, U16 port, Name target],
    "HHIT" = 67: [Base64 data],
    "BRID" = 68: [Base64 data],
    "SPF" = 99: [Strings text],
    "UINFO" = 100: [Special data],
    "UID" = 101: [Special data],
    "GID" = 102: [Special data],
    "UNSPEC" = 103: [],
    "NID" = 104: [U16 preference, Special node_id],
    "L32" = 105: [U16 preference, Ipv4 locator],
    "L64" = 106: [U16 preference, Special locator],
    "LP" = 107: [U16 preference, Name fqdn],
    "EUI48" = 108: [Special address],
    "EUI64" = 109: [Special address],
    "TKEY" = 249: [],
    "TSIG" = 250: [],
    "IXFR" = 251: [],
    "AXFR" = 252: [],
    "MAILB" = 253: [],
    "MAILA" = 254: [],
    "ANY" = 255: [],
    "URI" = 256: [U16 priority, U16 weight, String target],
    "CAA" = 257: [U8 flags, Special tag, Special value],
    "AVC" = 258: [Strings text],
    "DOA" = 259: [U32 enterprise, U32 type, U8 location, String media_type, Special data],
    "AMTRELAY" = 260: [Special relay],
    "RESINFO" = 261: [Strings text],
    "WALLET" = 262: [Strings text],
    "TA" = 32768: [U16 key_tag, Algorithm algorithm, U8 digest_type, Hex digest],
    "DLV" = 32769: [U16 key_tag, Algorithm algorithm, U8 digest_type, Hex digest],
}

impl RType {
    pub const A: RType = RType(1);
    pub const NS: RType = RType(2);
    pub const CNAME: RType = RType(5);
    pub const SOA: RType = RType(6);
    pub const PTR: RType = RType(12);
    pub const MX: RType = RType(15);
    pub const TXT: RType = RType(16);
    pub const AAAA: RType = RType(28);
    pub const NXT: RType = RType(30);
    pub const SRV: RType = RType(33);
    pub const DNAME: RType = RType(39);
    pub const DS: RType = RType(43);
    pub const RRSIG: RType = RType(46);
    pub const NSEC: RType = RType(47);
    pub const NSEC3: RType = RType(50);
    pub const TLSA: RType = RType(52);
    pub const SPF: RType = RType(99);
    pub const CAA: RType = RType(257);
    /// No DNS type: a DNS provider's alias to addresses (octoDNS's `ALIAS`, Route 53's alias
    /// records), which the provider answers as A and AAAA records looked up at its target
    /// ([`crate::model::RData::AddressAlias`]). Its own RRset, apart from the name's A and
    /// AAAA records: Route 53 gives an alias no TTL of its own and allows no A records
    /// beside it. Numbered 0, the reserved type that no zone holds (BIND and zonelint refuse
    /// `TYPE0`), so that no record read from a zone file is taken for one; shown as `ALIAS`.
    pub const PROVIDER_ALIAS: RType = RType(0);

    pub fn info(self) -> Option<&'static TypeInfo> {
        // Every record's type is looked up: codes below 256 (nearly all) through a table.
        match PLACE_BY_CODE.get(usize::from(self.0)) {
            Some(0) => None,
            Some(&place) => TYPES.get(usize::from(place) - 1),
            None => TYPES
                .binary_search_by_key(&self.0, |t| t.code)
                .ok()
                .map(|i| &TYPES[i]),
        }
    }

    /// A mnemonic (`MX`) or RFC 3597 form (`TYPE15`), case-insensitive.
    pub fn from_mnemonic(text: &[u8]) -> Option<RType> {
        // Every record's type is read here. The types most records have, in upper case as
        // most files write them, are matched as they stand; the rest take one lookup of the
        // upper-cased text, not a walk through some ninety names.
        let common = match text {
            b"A" => Some(RType::A),
            b"AAAA" => Some(RType::AAAA),
            b"CNAME" => Some(RType::CNAME),
            b"TXT" => Some(RType::TXT),
            b"NS" => Some(RType::NS),
            b"MX" => Some(RType::MX),
            b"SRV" => Some(RType::SRV),
            b"PTR" => Some(RType::PTR),
            b"CAA" => Some(RType::CAA),
            b"SOA" => Some(RType::SOA),
            _ => None,
        };
        if common.is_some() {
            return common;
        }
        if let Some(key) = mnemonic_key(text)
            && let Some(&code) = BY_MNEMONIC.get(&key)
        {
            return Some(RType(code));
        }
        number_after_prefix(text, b"TYPE").map(RType)
    }

    /// The type as a zone file names it: its mnemonic, else `TYPEnnn`; `TYPE0` too, which
    /// `Display` shows as [`RType::PROVIDER_ALIAS`].
    pub fn zone_file_name(self) -> std::string::String {
        match self.info() {
            Some(info) => info.name.to_string(),
            None => format!("TYPE{}", self.0),
        }
    }

    /// Types that only queries and transfers use, and the reserved type 0; never valid in
    /// zone data (named-checkzone 9.18: "invalid use of a meta type" for TYPE0 too).
    pub fn is_meta(self) -> bool {
        matches!(self.0, 0 | 41 | 128..=255)
    }
}

impl std::fmt::Display for RType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.info() {
            Some(info) => f.write_str(info.name),
            None if *self == RType::PROVIDER_ALIAS => f.write_str("ALIAS"),
            None => write!(f, "TYPE{}", self.0),
        }
    }
}

/// The place in [`TYPES`], plus one, of each type code below 256 (0: not a type it knows).
static PLACE_BY_CODE: [u8; 256] = {
    assert!(TYPE_LIST.len() < 255, "places are kept in a byte");
    let mut places = [0u8; 256];
    let mut i = 0;
    while i < TYPE_LIST.len() {
        let code = TYPE_LIST[i].code as usize;
        if code < 256 {
            places[code] = (i + 1) as u8;
        }
        i += 1;
    }
    places
};

/// The longest mnemonic in [`TYPES`] (a unit test holds the table to it).
const LONGEST_MNEMONIC: usize = 10;

/// Each mnemonic of [`TYPES`] by its [`mnemonic_key`], with its type code.
static BY_MNEMONIC: std::sync::LazyLock<rustc_hash::FxHashMap<u128, u16>> =
    std::sync::LazyLock::new(|| {
        TYPES
            .iter()
            .filter_map(|t| Some((mnemonic_key(t.name.as_bytes())?, t.code)))
            .collect()
    });

/// Text of up to [`LONGEST_MNEMONIC`] bytes as one number, upper-cased, so that looking a
/// mnemonic up compares numbers; None for longer text. The length is part of the key (no
/// mnemonic holds a NUL byte, but text may).
fn mnemonic_key(text: &[u8]) -> Option<u128> {
    if text.len() > LONGEST_MNEMONIC {
        return None;
    }
    let mut key = text.len() as u128;
    for &byte in text {
        key = key << 8 | u128::from(byte.to_ascii_uppercase());
    }
    Some(key)
}

/// `prefix` followed by a decimal number up to 65535 (`TYPE65534`, `CLASS10`).
pub fn number_after_prefix(text: &[u8], prefix: &[u8]) -> Option<u16> {
    let (head, digits) = text.split_at_checked(prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) || digits.is_empty() || digits.len() > 5 {
        return None;
    }
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(TYPES.windows(2).all(|w| w[0].code < w[1].code));
    }

    /// Through the table below 256 and the search above: each code finds its own entry, and
    /// a code the table does not list finds none.
    #[test]
    fn info_finds_every_type_by_its_code() {
        for info in TYPES {
            assert_eq!(RType(info.code).info().map(|i| i.name), Some(info.name));
        }
        for code in 0..=u16::MAX {
            let listed = TYPES.iter().any(|t| t.code == code);
            assert_eq!(RType(code).info().is_some(), listed, "{code}");
        }
        assert!(
            TYPES.iter().any(|t| t.code >= 256),
            "the search above 256 is exercised"
        );
    }

    #[test]
    fn every_mnemonic_is_found_in_any_case() {
        for info in TYPES {
            assert!(info.name.len() <= LONGEST_MNEMONIC, "{}", info.name);
            assert_eq!(info.name, info.name.to_ascii_uppercase());
            for text in [info.name.to_string(), info.name.to_ascii_lowercase()] {
                assert_eq!(
                    RType::from_mnemonic(text.as_bytes()),
                    Some(RType(info.code))
                );
            }
        }
        assert_eq!(RType::from_mnemonic(b"AAAAA"), None);
        assert_eq!(RType::from_mnemonic(b"NSEC3PARAMS"), None);
        assert_eq!(RType::from_mnemonic(b""), None);
        assert_eq!(RType::from_mnemonic(b"\0A"), None);
        assert_eq!(RType::from_mnemonic(b"A\0"), None);
    }

    #[test]
    fn mnemonics_and_generic_forms() {
        assert_eq!(RType::from_mnemonic(b"mx"), Some(RType::MX));
        assert_eq!(RType::from_mnemonic(b"TYPE15"), Some(RType::MX));
        assert_eq!(RType::from_mnemonic(b"type65534"), Some(RType(65534)));
        assert_eq!(RType::from_mnemonic(b"TYPE65536"), None);
        assert_eq!(RType::from_mnemonic(b"TYPE"), None);
        assert_eq!(RType::from_mnemonic(b"NSAP-PTR"), Some(RType(23)));
        assert_eq!(RType(65534).to_string(), "TYPE65534");
        assert!(RType(250).is_meta());
        assert!(RType(0).is_meta());
        assert!(!RType::MX.is_meta());
    }
}
