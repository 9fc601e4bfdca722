//! Mail routing rules: what an MX set says and where its hosts lead.

pub mod mx_target_address;
pub mod mx_target_cname;
pub mod mx_target_no_address;
pub mod null_mx_mixed;

use crate::index::ZoneIndex;
use crate::model::{RData, RType, Record};
use crate::name::Name;

/// One MX record with its fields read out.
#[derive(Clone, Copy)]
pub struct Mx<'a> {
    pub record: &'a Record,
    pub preference: u16,
    pub exchange: &'a Name,
}

impl Mx<'_> {
    /// RFC 7505 null MX: the exchange is the root.
    pub fn is_null(&self) -> bool {
        self.exchange.is_root()
    }
}

/// The MX records at one owner: the set senders choose from.
pub struct MxSet<'a> {
    pub owner: &'a Name,
    pub hosts: Vec<Mx<'a>>,
}

pub fn mx_of(record: &Record) -> Option<Mx<'_>> {
    match &record.rdata {
        RData::Mx {
            preference,
            exchange,
        } if record.rtype == RType::MX => Some(Mx {
            record,
            preference: *preference,
            exchange,
        }),
        _ => None,
    }
}

/// Every MX record of the zone, in file order.
pub fn all_mx<'a>(zone: &ZoneIndex<'a>) -> impl Iterator<Item = Mx<'a>> {
    zone.zone.records.iter().filter_map(mx_of)
}

/// The zone's MX sets, one per owner, in the order their first record appears.
pub fn mx_sets<'a>(zone: &ZoneIndex<'a>) -> Vec<MxSet<'a>> {
    let mut sets: Vec<MxSet<'a>> = Vec::new();
    let mut position: std::collections::HashMap<&Name, usize> = std::collections::HashMap::new();
    for mx in all_mx(zone) {
        let owner = &mx.record.owner;
        match position.get(owner) {
            Some(&i) => sets[i].hosts.push(mx),
            None => {
                position.insert(owner, sets.len());
                sets.push(MxSet {
                    owner,
                    hosts: vec![mx],
                });
            }
        }
    }
    sets
}

/// The exchange span of an MX record (its whole RDATA for generic `\#` data).
pub fn exchange_span(mx: &Mx<'_>) -> crate::source::Span {
    if mx.record.spans.fields.len() >= 2 {
        mx.record.field_span(1)
    } else {
        mx.record.rdata_span()
    }
}
