//! RDATA in wire form, as RFC 3597 generic RDATA (`\# <length> <hex>`) writes it.
//!
//! The types rules look inside (A, AAAA, NS/CNAME/DNAME/PTR, MX, SRV, SOA, TXT/SPF) become the
//! same typed [`RData`] as their text form; a few more whose wire form has a structure that
//! servers check (HINFO, NAPTR, SSHFP, TLSA, SMIMEA, SVCB, HTTPS, CAA) are checked
//! and kept as [`RData::Other`]; every other type is opaque. Names must be written out in full:
//! RFC 3597 §4 forbids compression pointers in generic RDATA, and there is no message for one
//! to point into. Every read is bounds-checked; bad data is an error message, never a panic.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::model::{CharacterStrings, RData, RType, Soa};
use crate::name::Name;

type Result<T> = std::result::Result<T, String>;

/// Decode the RDATA of `rtype` from its wire form.
pub fn decode(rtype: RType, bytes: &[u8]) -> Result<RData> {
    let mut r = Reader { bytes, at: 0 };
    let rdata = match rtype.0 {
        // A
        1 => RData::A(Ipv4Addr::from(r.array::<4>("address")?)),
        // AAAA
        28 => RData::Aaaa(Ipv6Addr::from(r.array::<16>("address")?)),
        // NS, CNAME, PTR, DNAME
        2 | 5 | 12 | 39 => RData::Target(r.name("target")?),
        // MX
        15 => RData::Mx {
            preference: r.u16("preference")?,
            exchange: r.name("exchange")?,
        },
        // SRV
        33 => RData::Srv {
            priority: r.u16("priority")?,
            weight: r.u16("weight")?,
            port: r.u16("port")?,
            target: r.name("target")?,
        },
        // SOA
        6 => RData::Soa(Box::new(Soa {
            mname: r.name("mname")?,
            rname: r.name("rname")?,
            serial: r.u32("serial")?,
            refresh: r.u32("refresh")?,
            retry: r.u32("retry")?,
            expire: r.u32("expire")?,
            minimum: r.u32("minimum")?,
        })),
        // TXT, SPF: one or more character strings up to the end. An empty RDATA holds none:
        // BIND 9.18.49 and Knot 3.2.6 refuse `TXT \# 0` ("unexpected end of input").
        16 | 99 => {
            if r.done() {
                return Err(
                    "TXT and SPF RDATA hold at least one string (`\\# 1 00` is one empty string)"
                        .into(),
                );
            }
            let start = r.at;
            while !r.done() {
                r.string("text")?;
            }
            // Every string read whole to the end: the bytes are framed as the model keeps them.
            RData::txt(CharacterStrings::from_wire(&r.bytes[start..]).unwrap_or_default())
        }
        // HINFO
        13 => {
            r.string("cpu")?;
            r.string("os")?;
            RData::Other
        }
        // NAPTR
        35 => {
            r.u16("order")?;
            r.u16("preference")?;
            let flags = r.string("flags")?;
            if !flags.iter().all(u8::is_ascii_alphanumeric) {
                return Err("NAPTR flags must be letters and digits".into());
            }
            r.string("services")?;
            r.string("regexp")?;
            r.name("replacement")?;
            RData::Other
        }
        // SSHFP: algorithm, fingerprint type, fingerprint.
        44 => {
            r.take(2, "algorithm and fingerprint type")?;
            r.rest();
            RData::Other
        }
        // TLSA, SMIMEA: usage, selector, matching type, data.
        52 | 53 => {
            r.take(3, "usage, selector and matching type")?;
            r.rest();
            RData::Other
        }
        // SVCB, HTTPS
        64 | 65 => {
            service_binding(&mut r)?;
            RData::Other
        }
        // CAA: flags, tag (1 to 15 letters and digits, RFC 8659 §4.1), value.
        257 => {
            r.u8("flags")?;
            let length = r.u8("tag length")? as usize;
            let tag = r.take(length, "tag")?;
            if tag.is_empty() || tag.len() > 15 || !tag.iter().all(u8::is_ascii_alphanumeric) {
                return Err("the CAA tag must be 1 to 15 letters and digits".into());
            }
            r.rest();
            RData::Other
        }
        _ => return Ok(RData::Other),
    };
    match bytes.len() - r.at {
        0 => Ok(rdata),
        extra => Err(format!("{extra} bytes left after the end of the data")),
    }
}

/// SVCB/HTTPS (RFC 9460 §2.2): priority, target, then parameters in strictly increasing key
/// order, each value shaped as its key says.
fn service_binding(r: &mut Reader<'_>) -> Result<()> {
    r.u16("priority")?;
    r.name("target")?;
    let mut last: Option<u16> = None;
    while !r.done() {
        let key = r.u16("parameter key")?;
        let length = r.u16("parameter length")? as usize;
        let value = r.take(length, "parameter value")?;
        if last.is_some_and(|last| key <= last) {
            return Err(format!(
                "parameter key{key} follows key{}: keys must be in increasing order",
                last.unwrap_or(0)
            ));
        }
        last = Some(key);
        let well_formed = match key {
            // mandatory: a list of keys
            0 => !value.is_empty() && value.len() % 2 == 0,
            // alpn: non-empty character strings
            1 => {
                let mut rest = value;
                let mut any = false;
                while let [len, tail @ ..] = rest {
                    let len = *len as usize;
                    if len == 0 || tail.len() < len {
                        break;
                    }
                    rest = &tail[len..];
                    any = true;
                }
                any && rest.is_empty()
            }
            // no-default-alpn: no value
            2 => value.is_empty(),
            // port
            3 => value.len() == 2,
            // ipv4hint, ipv6hint: addresses
            4 => !value.is_empty() && value.len() % 4 == 0,
            6 => !value.is_empty() && value.len() % 16 == 0,
            _ => true,
        };
        if !well_formed {
            return Err(format!("the value of parameter key{key} is malformed"));
        }
    }
    Ok(())
}

/// A cursor over the RDATA bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn take(&mut self, count: usize, what: &str) -> Result<&'a [u8]> {
        let end = self.at.saturating_add(count);
        let Some(taken) = self.bytes.get(self.at..end) else {
            return Err(format!("the data ends in the {what}"));
        };
        self.at = end;
        Ok(taken)
    }

    fn rest(&mut self) -> &'a [u8] {
        let rest = &self.bytes[self.at..];
        self.at = self.bytes.len();
        rest
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let taken = self.take(N, what)?;
        let mut out = [0; N];
        out.copy_from_slice(taken);
        Ok(out)
    }

    fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    /// A character string: a length byte, then that many bytes.
    fn string(&mut self, what: &str) -> Result<&'a [u8]> {
        let length = self.u8(what)? as usize;
        self.take(length, what)
    }

    /// An uncompressed domain name.
    fn name(&mut self, what: &str) -> Result<Name> {
        let mut labels: Vec<&[u8]> = Vec::new();
        let mut wire = 1;
        loop {
            let length = self.u8(what)?;
            match length {
                0 => break,
                1..=63 => {
                    labels.push(self.take(length as usize, what)?);
                    wire += 1 + length as usize;
                    if wire > 255 {
                        return Err(format!("the {what} is longer than 255 bytes"));
                    }
                }
                0xc0..=0xff => {
                    return Err(format!(
                        "the {what} uses a compression pointer; generic RDATA writes names out in full (RFC 3597 §4)"
                    ));
                }
                _ => {
                    return Err(format!(
                        "the {what} has a label of unknown type {length:#04x}"
                    ));
                }
            }
        }
        Name::from_wire_labels(&labels).map_err(|e| format!("the {what} is not a valid name: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt(strings: &[&[u8]]) -> CharacterStrings {
        let mut wire = Vec::new();
        for string in strings {
            wire.push(string.len() as u8);
            wire.extend_from_slice(string);
        }
        CharacterStrings::from_wire(wire).expect("framed strings")
    }

    fn hex(text: &str) -> Vec<u8> {
        let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        crate::parse::text::decode_hex(&digits).expect("test hex")
    }

    fn name(text: &str) -> Name {
        Name::from_ascii(text).unwrap()
    }

    #[test]
    fn modelled_types_are_typed() {
        assert_eq!(
            decode(RType::A, &hex("c0000201")),
            Ok(RData::A(Ipv4Addr::new(192, 0, 2, 1)))
        );
        assert_eq!(
            decode(RType::AAAA, &hex("20010db8 00000000 00000000 00000001")),
            Ok(RData::Aaaa("2001:db8::1".parse().unwrap()))
        );
        assert_eq!(
            decode(
                RType::MX,
                &hex("000a 046d61696c 076578616d706c65 03636f6d 00")
            ),
            Ok(RData::Mx {
                preference: 10,
                exchange: name("mail.example.com.")
            })
        );
        assert_eq!(
            decode(RType::SRV, &hex("0001 0002 13c4 03736970 00")),
            Ok(RData::Srv {
                priority: 1,
                weight: 2,
                port: 5060,
                target: name("sip.")
            })
        );
        assert_eq!(
            decode(RType(39), &hex("0474617267 00")),
            Ok(RData::Target(name("targ.")))
        );
        let soa = decode(
            RType::SOA,
            &hex("026e7300 0a686f73746d617374657200 00000001 00000e10 00000384 00093a80 0000012c"),
        );
        assert_eq!(
            soa,
            Ok(RData::Soa(Box::new(Soa {
                mname: name("ns."),
                rname: name("hostmaster."),
                serial: 1,
                refresh: 3600,
                retry: 900,
                expire: 604800,
                minimum: 300,
            })))
        );
        assert_eq!(
            decode(RType::TXT, &hex("0568656c6c6f 00")),
            Ok(RData::txt(txt(&[b"hello", b""])))
        );
        assert!(decode(RType::TXT, &[]).is_err(), "BIND refuses `TXT \\# 0`");
        assert!(decode(RType::SPF, &[]).is_err());
        assert_eq!(decode(RType::TXT, &hex("00")), Ok(RData::txt(txt(&[b""]))));
        assert_eq!(
            decode(RType::SPF, &hex("03613d62")),
            Ok(RData::txt(txt(&[b"a=b"])))
        );
        assert!(decode(RType::TXT, &hex("0568656c6c")).is_err());
    }

    #[test]
    fn label_bytes_are_escaped_as_in_text() {
        // `a.b` as one label, a space and a byte 0xff.
        let rdata = decode(RType::NS, &hex("03612e62 02 20ff 00")).unwrap();
        assert_eq!(rdata, RData::Target(name("a\\.b.\\032\\255.")));
    }

    #[test]
    fn malformed_data_is_an_error_not_a_panic() {
        let bad: &[(RType, &str)] = &[
            (RType::A, "0a000001 00"),
            (RType::A, "0a0000"),
            (RType::AAAA, "00"),
            (RType::MX, "000a"),
            (RType::MX, "000a 04 6d61"),
            (RType::MX, "000a 046d61696c"),
            // compression pointer (BIND's own test, broken4.db)
            (RType::SOA, "026e73013300 04726f6f74c4 00000001"),
            (RType::NS, "40 00"),
            (RType::TXT, "05 6865"),
            (RType(13), "03617263"),
            (RType(35), "0001 0002 012d 00 00 00"),
            (RType(44), "01"),
            (RType(52), "0301"),
            (RType::CAA, "00 00 00"),
            (RType::CAA, "00 03 69732d 00"),
            // SVCB keys out of order, a port of one byte, a mandatory list of odd length
            (RType(64), "0001 00 0003 0002 01bb 0001 0003 026833"),
            (RType(64), "0001 00 0003 0001 01"),
            (RType(65), "0001 00 0000 0001 00"),
        ];
        for (rtype, data) in bad {
            assert!(decode(*rtype, &hex(data)).is_err(), "{rtype:?} {data}");
        }
        // A name longer than 255 bytes in wire form.
        let mut long = Vec::new();
        for _ in 0..5 {
            long.push(63);
            long.extend([b'a'; 63]);
        }
        long.push(0);
        assert!(decode(RType::NS, &long).is_err());
    }

    #[test]
    fn checked_types_that_are_not_modelled() {
        let good: &[(RType, &str)] = &[
            (RType(13), "03617263 026f73"),
            (RType(35), "0001 0002 0153 00 00 00"),
            (RType(44), "0101 1234"),
            (RType(52), "030101 abcd"),
            (RType(61), ""),
            (RType(64), "0001 00 0001 0003 026833 0003 0002 01bb"),
            (RType(65), "0000 03737663 00"),
            (RType::CAA, "00 05 6973737565 6361"),
            (RType(65280), "ff"),
        ];
        for (rtype, data) in good {
            assert_eq!(
                decode(*rtype, &hex(data)),
                Ok(RData::Other),
                "{rtype:?} {data}"
            );
        }
    }
}
