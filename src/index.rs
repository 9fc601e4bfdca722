//! Per-zone lookups that rules share: records by owner, zone cuts, wildcards, and which linted
//! zone holds a name. Built once per run, read by every rule.

use std::sync::OnceLock;
#[cfg(test)]
use std::sync::atomic::{AtomicU64, Ordering};

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap, FxHashSet as HashSet};

use crate::catalog::{Catalog, Provider};
use crate::model::{RData, RType, Record, Zone};
use crate::name::{Caseless, Name};
use crate::source::SourceMap;

pub struct ZoneIndex<'a> {
    pub zone: &'a Zone,
    /// Each owner's slot in `slots`, found by the owner's caseless hash and compared with the
    /// owner of the slot's first record: 4 bytes an owner, where a map from the name kept 16.
    /// Two tables, each for half of the hashes ([`owner_table`]), so that a large zone's can
    /// be built on two threads.
    by_owner: [HashTable<u32>; 2],
    slots: Vec<Slot>,
    /// The record lists of owners whose records are not one run.
    scattered: Vec<Vec<u32>>,
    /// Owners below the apex with NS records (delegations).
    cuts: HashSet<Caseless<'a>>,
    /// Every name that has an owner below it, and the parents of wildcards; built on first
    /// use, as few rules need it.
    interior: OnceLock<Interior<'a>>,
    /// Owners with DNAME records, with the first DNAME's index in the zone.
    dnames: HashMap<Caseless<'a>, u32>,
    /// Each record's answer to [`ZoneIndex::cut_above`], as the length of the delegation
    /// point's name (a suffix of the owner), 0 for none: two rules read every record's, and
    /// finding it hashes the owner's ancestors. Built on first use, owner by owner, for zones
    /// with delegations.
    record_cuts: OnceLock<Vec<u16>>,
    /// The RRsets, grouped by owner; built on first use.
    rrsets: OnceLock<RRsetTable<'a>>,
    /// Each type's records, in file order: most rules look at one or two types.
    by_type: HashMap<RType, Vec<u32>>,
    /// [`ZoneIndex::underscored_txt`].
    underscored_txt: Vec<u32>,
    /// [`ZoneIndex::key_name_txt`].
    key_name_txt: Vec<u32>,
    /// [`ZoneIndex::key_name_cnames`].
    key_name_cnames: Vec<u32>,
    /// [`ZoneIndex::owners_maybe_misread`].
    owners_maybe_misread: Vec<u32>,
    /// [`ZoneIndex::owners_written_twice`].
    owners_written_twice: Vec<u32>,
    /// [`ZoneIndex::dmarc_named`].
    dmarc_named: Vec<u32>,
    /// [`ZoneIndex::txt_that_may_be_spf`] and [`ZoneIndex::txt_that_may_be_dmarc`].
    txt_starts: TxtStarts,
    /// The MX sets, computed once for all the MX rules.
    mx_sets: OnceLock<Vec<crate::rules::mx::MxSet<'a>>>,
    /// Each MX set's hosts with their providers, as [`crate::rules::mx::classify`] orders
    /// them, one set after another, with where each set's hosts end: seven rules read them.
    mx_hosts: OnceLock<(Vec<crate::rules::mx::Host<'a>>, Vec<u32>)>,
    /// What the mail rules read from TXT records, read once for all the rules of a family.
    spf: OnceLock<Vec<(&'a Name, Vec<crate::rules::spf::Spf<'a>>)>>,
    /// Each owner of `spf`, by its place there: rules ask for the SPF records of MX owners
    /// and of the domains SPF records include.
    spf_owners: OnceLock<HashMap<Caseless<'a>, u32>>,
    dmarc: OnceLock<Vec<crate::rules::dmarc::Dmarc<'a>>>,
    /// The DMARC records receivers keep, grouped by `_dmarc` name, as places in `dmarc`:
    /// grouped once for the rules that read them per name.
    dmarc_groups: OnceLock<Vec<(&'a Name, Vec<u32>)>>,
    dkim: OnceLock<crate::rules::dkim::DkimKeys<'a>>,
    /// Whether another linted zone's apex lies strictly below this zone's (set by
    /// [`Project::new`]): without one, every name below the apex is this zone's.
    has_subzones: bool,
    /// This index's place in [`Project::zones`] (set by [`Project::new`]).
    position: usize,
    /// Where each NS and SRV target and each MX exchange leads, for the rules that ask about
    /// the same targets ([`crate::rules::zone::targets::resolved`]); built on first use.
    target_places: [OnceLock<Vec<TargetPlace>>; 3],
    /// [`ZoneIndex::dot_candidates`].
    dot_candidates: OnceLock<Vec<u32>>,
    /// For a zone at the root: whether it holds names below top-level domains it has no
    /// records at ([`ZoneIndex::holds_top_level_of`]); built on first use.
    root_holds_deep_names: OnceLock<bool>,
}

/// The targets whose places the index keeps, each list in file order.
#[derive(Clone, Copy)]
pub enum TargetList {
    /// Every NS record's target.
    Ns,
    /// Every SRV record's target.
    Srv,
    /// Every MX record's exchange as meant ([`crate::rules::mx::Mx::exchange`]).
    MxExchanges,
}

/// Where a target leads: the linted zone that answers for it (its place in
/// [`Project::zones`]) and the place there; None when no linted zone does.
pub type TargetPlace = Option<(u32, Place)>;

/// Where an owner's records are: usually one run of consecutive records (a zone file lists an
/// owner's records together), else the list `scattered[start]` (`len` is then [`SCATTERED`]).
/// Eight bytes: a zone of a million records has some 600,000 owners.
#[derive(Clone, Copy)]
struct Slot {
    start: u32,
    len: u32,
}

const SCATTERED: u32 = u32::MAX;

/// The names inside a zone with owners below them, and the names with a wildcard (`*`) child:
/// slices of the owners' names, nothing copied.
#[derive(Default)]
struct Interior<'a> {
    names: HashSet<Caseless<'a>>,
    wildcard_parents: HashSet<Caseless<'a>>,
}

/// The caseless hash the owner table is keyed by (a name's, as `Caseless` hashes it).
fn owner_hash(name: &str) -> u64 {
    FxBuildHasher.hash_one(Caseless(name))
}

/// Which of the two owner tables holds the owners of this hash: a bit that neither the bucket
/// (low bits) nor the tag (top seven bits) of a table of fewer than 2^40 buckets uses.
fn owner_table(hash: u64) -> usize {
    (hash >> 40) as usize & 1
}

/// The suffix of `record`'s owner of a kept cut length ([`ZoneIndex::record_cut`]), None for
/// 0: the record is read only when it has one.
fn cut_of(record: &Record, length: u16) -> Option<&str> {
    let length = usize::from(length);
    if length == 0 {
        return None;
    }
    let owner = record.owner.as_str();
    Some(&owner[owner.len() - length..])
}

/// Zones of at least this many records have their owner table built on two threads.
const SPLIT_INDEX: usize = 1 << 18;

/// What one pass over a zone's records finds: the owner runs (from which the owner tables are
/// built), each type's records, the delegations and the DNAMEs. A large zone's halves are
/// passed over on two threads.
struct RecordPass<'a> {
    runs: Vec<OwnerRun>,
    by_type: HashMap<RType, Vec<u32>>,
    underscored_txt: Vec<u32>,
    key_name_txt: Vec<u32>,
    key_name_cnames: Vec<u32>,
    txt_starts: TxtStarts,
    cuts: HashSet<Caseless<'a>>,
    dnames: HashMap<Caseless<'a>, u32>,
    owners_maybe_misread: Vec<u32>,
    owners_written_twice: Vec<u32>,
    dmarc_named: Vec<u32>,
}

impl<'a> RecordPass<'a> {
    /// The pass over `records`, the zone's from record `first` on.
    fn run(records: &'a [Record], first: u32, apex: &Name) -> RecordPass<'a> {
        let mut runs = Vec::new();
        let mut previous: Option<&str> = None;
        let mut underscored = false;
        let mut key_name = false;
        let mut underscored_txt = Vec::new();
        let mut key_name_txt = Vec::new();
        let mut key_name_cnames = Vec::new();
        let mut txt_starts = TxtStarts::default();
        // Types below 256, nearly every record's, are listed by place in a table: no hashing.
        let mut common: Vec<Vec<u32>> = vec![Vec::new(); 256];
        let mut by_type: HashMap<RType, Vec<u32>> = HashMap::default();
        let mut cuts = HashSet::default();
        let mut dnames = HashMap::default();
        let mut owners_maybe_misread = Vec::new();
        let mut written_twice = false;
        let mut owners_written_twice = Vec::new();
        let mut dmarc_name = false;
        let mut dmarc_named = Vec::new();
        for (i, record) in (first..).zip(records) {
            // A run starts wherever the owner's spelling changes; its owner is hashed here,
            // once: the owner tables are built from the hashes, and read a name only to tell
            // apart two owners whose hashes meet.
            let owner = record.owner.as_str();
            if previous != Some(owner) {
                runs.push(OwnerRun {
                    start: i,
                    hash: owner_hash(owner),
                });
                previous = Some(owner);
                underscored = is_underscored(&record.owner);
                key_name = underscored && crate::rules::dkim::is_key_name(record);
                dmarc_name = is_dmarc_name(&record.owner);
                written_twice = crate::rules::names::missing_trailing_dot::owner_doubles_apex(
                    &record.owner,
                    apex,
                );
            }
            if written_twice {
                owners_written_twice.push(i);
            }
            if dmarc_name {
                dmarc_named.push(i);
            }
            if underscored && record.rtype == RType::TXT {
                underscored_txt.push(i);
                if key_name {
                    key_name_txt.push(i);
                }
            } else if key_name && record.rtype == RType::CNAME {
                key_name_cnames.push(i);
            }
            if let (RType::TXT, RData::Txt(_, start)) = (record.rtype, &record.rdata) {
                if start.may_be_spf() {
                    txt_starts.spf.push(i);
                }
                if start.may_be_dmarc() {
                    txt_starts.dmarc.push(i);
                }
                if start.may_be_transport() {
                    txt_starts.transport.push(i);
                }
                if start.may_be_spf_fragment() {
                    txt_starts.spf_fragment.push(i);
                }
            }
            match common.get_mut(usize::from(record.rtype.0)) {
                Some(list) => list.push(i),
                None => by_type.entry(record.rtype).or_default().push(i),
            }
            if record.rtype == RType::NS && record.owner != *apex {
                cuts.insert(Caseless(record.owner.as_str()));
            }
            if record.rtype == RType::DNAME {
                dnames.entry(Caseless(record.owner.as_str())).or_insert(i);
            }
            if record.owner_may_be_misread() {
                owners_maybe_misread.push(i);
            }
        }
        let found = (0u16..).zip(common).filter(|(_, list)| !list.is_empty());
        by_type.extend(found.map(|(rtype, list)| (RType(rtype), list)));
        RecordPass {
            runs,
            by_type,
            underscored_txt,
            key_name_txt,
            key_name_cnames,
            txt_starts,
            cuts,
            dnames,
            owners_maybe_misread,
            owners_written_twice,
            dmarc_named,
        }
    }

    /// This pass followed by `later`, the pass over the records after this one's. A run that
    /// the two passes cut in two is two runs of one owner, which the owner tables join again.
    fn then(mut self, later: RecordPass<'a>) -> RecordPass<'a> {
        self.runs.extend(later.runs);
        self.underscored_txt.extend(later.underscored_txt);
        self.key_name_txt.extend(later.key_name_txt);
        self.key_name_cnames.extend(later.key_name_cnames);
        self.txt_starts.spf.extend(later.txt_starts.spf);
        self.txt_starts.dmarc.extend(later.txt_starts.dmarc);
        self.txt_starts.transport.extend(later.txt_starts.transport);
        self.txt_starts
            .spf_fragment
            .extend(later.txt_starts.spf_fragment);
        for (rtype, list) in later.by_type {
            self.by_type.entry(rtype).or_default().extend(list);
        }
        self.cuts.extend(later.cuts);
        self.owners_maybe_misread.extend(later.owners_maybe_misread);
        self.owners_written_twice.extend(later.owners_written_twice);
        self.dmarc_named.extend(later.dmarc_named);
        // The first DNAME of an owner is kept: this pass's, when both have one.
        for (owner, i) in later.dnames {
            self.dnames.entry(owner).or_insert(i);
        }
        self
    }
}

/// Whether two of the records of `run` (one set's, by their place in `records`) may hold the
/// same data: some record's data has no fingerprint, or two fingerprints are alike. A set of
/// more than [`FINGERPRINTED`] records is not compared pair by pair, and may.
fn may_repeat(records: &[Record], run: &[(usize, u32)]) -> bool {
    if run.len() > FINGERPRINTED {
        return true;
    }
    let mut seen = [0u64; FINGERPRINTED];
    for (n, &(_, i)) in run.iter().enumerate() {
        let Some(fingerprint) = crate::rules::zone::rdata_fingerprint(&records[i as usize]) else {
            return true;
        };
        if seen[..n].contains(&fingerprint) {
            return true;
        }
        seen[n] = fingerprint;
    }
    false
}

/// The most records of a set [`may_repeat`] compares pair by pair.
const FINGERPRINTED: usize = 16;

/// The TXT records that may be SPF and DMARC records, by their place in the zone.
#[derive(Default)]
struct TxtStarts {
    spf: Vec<u32>,
    dmarc: Vec<u32>,
    /// MTA-STS and TLS-RPT records, at whatever name.
    transport: Vec<u32>,
    /// Those that may be SPF terms without `v=spf1` (SPF013).
    spf_fragment: Vec<u32>,
}

/// Whether `owner` is a DMARC name ([`ZoneIndex::dmarc_named`]): its first label is `_dmarc`,
/// or it is a report destination's authorisation. Read once per owner while the index is
/// built: most owners have no underscore, and are passed over at the first look.
fn is_dmarc_name(owner: &Name) -> bool {
    let text = owner.as_str().as_bytes();
    let Some(underscore) = memchr::memchr(b'_', text) else {
        return false;
    };
    crate::rules::dmarc::is_dmarc_owner_name(owner)
        || (text[underscore..]
            .windows(8)
            .any(|window| window.eq_ignore_ascii_case(b"_report."))
            && crate::rules::dmarc::is_report_authorisation(owner))
}

/// Whether the first or second label of `owner` starts with an underscore (RFC 8552): where
/// the mail policies and keys are (`_dmarc`, `sel._domainkey`, `_mta-sts`, `_smtp._tls`).
fn is_underscored(owner: &Name) -> bool {
    let text = owner.as_str().as_bytes();
    match memchr::memchr2(b'.', b'\\', text) {
        // Read for every owner while the index is built: the bytes themselves, unless the
        // first label has an escape (which may be an escaped dot).
        Some(dot) if text[dot] == b'.' => text[0] == b'_' || text.get(dot + 1) == Some(&b'_'),
        _ => owner.labels().take(2).any(|label| label.starts_with('_')),
    }
}

/// The owner tables and slots of a zone, or of the owners of one table.
struct OwnerSlots {
    tables: [HashTable<u32>; 2],
    slots: Vec<Slot>,
    scattered: Vec<Vec<u32>>,
}

/// Records in a row with one owner, spelt alike: where the run starts, and the owner's hash
/// ([`RecordPass`]).
#[derive(Clone, Copy)]
struct OwnerRun {
    start: u32,
    hash: u64,
}

impl OwnerSlots {
    /// The slots of every owner of `records` (`part` None), or of the owners of table `part`
    /// only, numbered in the order they first appear, from the zone's owner `runs`.
    fn build(records: &[Record], runs: &[OwnerRun], part: Option<usize>) -> OwnerSlots {
        // Sized up front, as growing rehashes every name: as many owners as runs, or a few
        // fewer (an owner whose records are apart, or spelt in two ways, has two; a million
        // records have some 600,000). Half for each table, and some room for an uneven split.
        let owners = runs.len();
        let capacity = owners / 2 + owners / 32 + 1;
        let tables = [0, 1].map(|table| {
            if part.is_none_or(|part| part == table) {
                HashTable::with_capacity(capacity)
            } else {
                HashTable::new()
            }
        });
        let expected = if part.is_some() { capacity } else { owners };
        let mut built = OwnerSlots {
            tables,
            slots: Vec::with_capacity(expected),
            scattered: Vec::new(),
        };
        let ends = runs
            .iter()
            .skip(1)
            .map(|next| next.start)
            .chain([records.len() as u32]);
        for (run, end) in runs.iter().zip(ends) {
            let table = owner_table(run.hash);
            if part.is_some_and(|part| part != table) {
                continue;
            }
            let owner = &records[run.start as usize].owner;
            let slot = built.slot_for(records, table, run.hash, owner, run.start);
            let owner_slot = &mut built.slots[slot as usize];
            let records_of_run = run.start..end;
            if owner_slot.len == SCATTERED {
                built.scattered[owner_slot.start as usize].extend(records_of_run);
            } else if owner_slot.start + owner_slot.len == run.start {
                owner_slot.len += end - run.start;
            } else {
                let earlier = owner_slot.start..owner_slot.start + owner_slot.len;
                built
                    .scattered
                    .push(earlier.chain(records_of_run).collect());
                *owner_slot = Slot {
                    start: built.scattered.len() as u32 - 1,
                    len: SCATTERED,
                };
            }
        }
        built
    }

    /// The slot of `owner` (record `i`'s) in table `table`, a new one if it has none yet.
    fn slot_for(
        &mut self,
        records: &[Record],
        table: usize,
        hash: u64,
        owner: &Name,
        i: u32,
    ) -> u32 {
        let OwnerSlots {
            tables,
            slots,
            scattered,
        } = self;
        let slot_owner = |slot: &u32| slot_owner(records, slots, scattered, *slot);
        if let Some(&slot) = tables[table].find(hash, |slot| slot_owner(slot) == owner) {
            return slot;
        }
        let slot = slots.len() as u32;
        tables[table].insert_unique(hash, slot, |slot| owner_hash(slot_owner(slot).as_str()));
        slots.push(Slot { start: i, len: 0 });
        slot
    }

    /// The index of the first record of slot `slot`; None past the last slot.
    fn first_record(&self, slot: usize) -> Option<u32> {
        self.slots.get(slot)?;
        slot_indices(&self.slots, &self.scattered, slot as u32).next()
    }

    /// The slots of tables 0 (from `first`) and 1 (from `second`) as one zone's, numbered
    /// again in the order the owners first appear, as one build would number them.
    fn merge(first: OwnerSlots, second: OwnerSlots) -> OwnerSlots {
        let mut renumbered: [Vec<u32>; 2] = [
            Vec::with_capacity(first.slots.len()),
            Vec::with_capacity(second.slots.len()),
        ];
        let mut slots = Vec::with_capacity(first.slots.len() + second.slots.len());
        let offset = first.scattered.len() as u32;
        let (mut a, mut b) = (0, 0);
        while a < first.slots.len() || b < second.slots.len() {
            let take_first = match (first.first_record(a), second.first_record(b)) {
                (Some(x), Some(y)) => x < y,
                (Some(_), None) => true,
                _ => false,
            };
            let global = slots.len() as u32;
            if take_first {
                slots.push(first.slots[a]);
                renumbered[0].push(global);
                a += 1;
            } else {
                let mut slot = second.slots[b];
                if slot.len == SCATTERED {
                    slot.start += offset;
                }
                slots.push(slot);
                renumbered[1].push(global);
                b += 1;
            }
        }
        let [mut table, _] = first.tables;
        let [_, mut other] = second.tables;
        for slot in table.iter_mut() {
            *slot = renumbered[0][*slot as usize];
        }
        for slot in other.iter_mut() {
            *slot = renumbered[1][*slot as usize];
        }
        let mut scattered = first.scattered;
        scattered.extend(second.scattered);
        OwnerSlots {
            tables: [table, other],
            slots,
            scattered,
        }
    }
}

/// The indices of the records in owner slot `slot`, in file order.
fn slot_indices<'s>(
    slots: &[Slot],
    scattered: &'s [Vec<u32>],
    slot: u32,
) -> impl Iterator<Item = u32> + 's {
    let Slot { start, len } = slots[slot as usize];
    let (run, list) = match len {
        SCATTERED => (0..0, scattered[start as usize].as_slice()),
        _ => (start..start + len, &[][..]),
    };
    run.chain(list.iter().copied())
}

/// The owner of slot `slot`: the owner of its first record (a slot is never empty).
fn slot_owner<'r>(
    records: &'r [Record],
    slots: &[Slot],
    scattered: &[Vec<u32>],
    slot: u32,
) -> &'r Name {
    let first = slot_indices(slots, scattered, slot)
        .next()
        .unwrap_or_default();
    &records[first as usize].owner
}

/// The records of one type at one owner, in file order: what BIND and Knot treat as one set.
/// Made when asked for, from the few bytes the index's RRset table keeps of each set.
#[derive(Clone, Copy)]
pub struct RRset<'z> {
    pub rtype: RType,
    pub records: Members<'z>,
    /// The owner is at or below the apex (BIND and Knot ignore the rest); decided once per owner.
    pub in_zone: bool,
    /// The owner is the apex; decided once per owner.
    pub at_apex: bool,
    /// Some record has another TTL than the first: found while the table is built, when
    /// each record is read anyway, so that the rule on such sets reads no other set's records.
    pub ttls_differ: bool,
    /// Two records may hold the same data: false when their
    /// [`crate::rules::zone::rdata_fingerprint`]s differ in every pair, found as the table is
    /// built (the rule on repeated records then makes no keys for the set).
    pub may_repeat: bool,
}

impl<'z> RRset<'z> {
    /// The owner as its first record spells it.
    pub fn owner(&self) -> &'z Name {
        &self.records.first().owner
    }
}

/// Every RRset of a zone in 11 bytes a set (a million-record zone has nearly as many sets):
/// where its records are, its type and five flags. The records of a one-record set (most
/// sets) are the zone's own; those of larger sets are listed in `members`.
struct RRsetTable<'a> {
    sets: Vec<SetPlace>,
    /// Per set, its type: kept here, rules that pass over every set for those of one type
    /// (DS, CNAME, CDS) read this table alone instead of one record per set, which cost a
    /// cache miss each.
    types: Vec<RType>,
    /// Per set: [`FIRST_OF_OWNER`], [`IN_ZONE`], [`AT_APEX`], [`TTLS_DIFFER`], [`MAY_REPEAT`].
    flags: Vec<u8>,
    members: Vec<&'a Record>,
}

/// A one-record set's record index (`len` 1), or where a larger set's records start in
/// [`RRsetTable::members`].
#[derive(Clone, Copy)]
struct SetPlace {
    start: u32,
    len: u32,
}

const FIRST_OF_OWNER: u8 = 1;
const IN_ZONE: u8 = 2;
const AT_APEX: u8 = 4;
const TTLS_DIFFER: u8 = 8;
const MAY_REPEAT: u8 = 16;

impl<'a> RRsetTable<'a> {
    fn set<'z>(&'z self, records: &'z [Record], index: usize) -> RRset<'z> {
        let SetPlace { start, len } = self.sets[index];
        let records = match len {
            1 => Members::One(&records[start as usize]),
            _ => Members::Many(&self.members[start as usize..(start + len) as usize]),
        };
        RRset {
            rtype: self.types[index],
            records,
            in_zone: self.flags[index] & IN_ZONE != 0,
            at_apex: self.flags[index] & AT_APEX != 0,
            ttls_differ: self.flags[index] & TTLS_DIFFER != 0,
            may_repeat: self.flags[index] & MAY_REPEAT != 0,
        }
    }
}

/// The RRsets of one owner (see [`ZoneIndex::owners`]).
pub struct OwnerSets<'z> {
    table: &'z RRsetTable<'z>,
    records: &'z [Record],
    sets: std::ops::Range<usize>,
}

impl<'z> OwnerSets<'z> {
    pub fn first(&self) -> RRset<'z> {
        self.table.set(self.records, self.sets.start)
    }

    pub fn iter(&self) -> impl Iterator<Item = RRset<'z>> + 'z {
        let (table, records) = (self.table, self.records);
        self.sets
            .clone()
            .map(move |index| table.set(records, index))
    }
}

/// Items grouped by owner: owners in the order they first appear, each owner's items in
/// order. What the mail rules read per name (SPF, DMARC, MTA-STS and TLS-RPT records).
pub fn group_by_owner<'a, T>(
    items: impl IntoIterator<Item = (&'a Name, T)>,
) -> Vec<(&'a Name, Vec<T>)> {
    // First the runs of one owner: a zone file lists an owner's records together, so the
    // items of one owner nearly always follow each other, and no name is hashed.
    let mut runs: Vec<(&'a Name, Vec<T>)> = Vec::new();
    for (owner, item) in items {
        match runs.last_mut() {
            Some((last, members)) if *last == owner => members.push(item),
            _ => runs.push((owner, vec![item])),
        }
    }
    // Then an owner's later runs joined to its first, with the map sized once (growing it
    // rehashed every owner again). A later run's items all come after the first run's.
    let mut first_run: HashMap<&'a Name, usize> = HashMap::default();
    first_run.reserve(runs.len());
    let mut groups: Vec<(&'a Name, Vec<T>)> = Vec::with_capacity(runs.len());
    for (owner, members) in runs {
        match first_run.get(owner) {
            Some(&i) => groups[i].1.extend(members),
            None => {
                first_run.insert(owner, groups.len());
                groups.push((owner, members));
            }
        }
    }
    groups
}

/// The records of an RRset, never empty: most RRsets hold one record, the zone's own;
/// larger ones are a slice of the RRset table's `members`.
#[derive(Clone, Copy)]
pub enum Members<'z> {
    One(&'z Record),
    Many(&'z [&'z Record]),
}

impl<'z> Members<'z> {
    pub fn first(&self) -> &'z Record {
        match self {
            Members::One(record) => record,
            Members::Many(records) => records[0],
        }
    }
}

impl<'z> std::ops::Deref for Members<'z> {
    type Target = [&'z Record];

    fn deref(&self) -> &[&'z Record] {
        match self {
            Members::One(record) => std::slice::from_ref(record),
            Members::Many(records) => records,
        }
    }
}

impl<'m, 'z> IntoIterator for &'m Members<'z> {
    type Item = &'m &'z Record;
    type IntoIter = std::slice::Iter<'m, &'z Record>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The records themselves, for iterators that outlive the `Members` value.
impl<'z> IntoIterator for Members<'z> {
    type Item = &'z Record;
    type IntoIter = std::iter::Chain<
        std::option::IntoIter<&'z Record>,
        std::iter::Copied<std::slice::Iter<'z, &'z Record>>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        let (one, many): (Option<&'z Record>, &'z [&'z Record]) = match self {
            Members::One(record) => (Some(record), &[]),
            Members::Many(records) => (None, records),
        };
        one.into_iter().chain(many.iter().copied())
    }
}

/// Where a lookup of a name inside a zone leads, by owner slot: [`Lookup`] without its
/// records ([`ZoneIndex::expand`] gives them), 8 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Records at the name (under a delegation: glue).
    Records(u32),
    /// The wildcard whose records cover the name.
    Wildcard(u32),
    Delegated,
    EmptyNonTerminal,
    NxDomain,
}

/// The records of one owner, in file order. Nearly always one run of the zone's records, read
/// in place: a lookup allocates nothing (the NS, SRV and MX rules look up some 200,000 targets
/// of a large zone, each several times). An owner whose records are apart in the file gets a
/// list.
pub enum OwnerRecords<'a> {
    Run(&'a [Record]),
    Scattered(Vec<&'a Record>),
}

impl<'a> OwnerRecords<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &'a Record> + '_ {
        let (run, scattered) = match self {
            OwnerRecords::Run(run) => (*run, &[][..]),
            OwnerRecords::Scattered(list) => (&[][..], list.as_slice()),
        };
        run.iter().chain(scattered.iter().copied())
    }

    pub fn is_empty(&self) -> bool {
        match self {
            OwnerRecords::Run(run) => run.is_empty(),
            OwnerRecords::Scattered(list) => list.is_empty(),
        }
    }
}

/// [`ZoneIndex::cuts_in_order`].
struct CutsInOrder<'z, 'a> {
    zone: &'z ZoneIndex<'a>,
    /// The parent of the last owner whose own name is not a cut, and the parent's answer.
    parent: Option<(&'a str, Option<&'a str>)>,
}

impl<'a> CutsInOrder<'_, 'a> {
    /// [`ZoneIndex::cut_above`] of an owner, told whether the owner itself is a delegation
    /// point (`own_is_cut`). Owners in file order are often siblings (`www.sub`, `mail.sub`):
    /// the answer for their parent is kept, and a sibling's costs no lookup at all instead of
    /// one per ancestor. Asked only of zones with delegations ([`ZoneIndex::record_cut`]).
    fn owner_cut(&mut self, name: &'a Name, own_is_cut: bool) -> Option<&'a str> {
        let zone = self.zone;
        let mut below_apex = zone.below_apex(name);
        let own = below_apex.next()?;
        if own_is_cut {
            return Some(own);
        }
        let mut above = below_apex.peekable();
        let &parent = above.peek()?;
        if let Some((last_parent, cut)) = self.parent
            && crate::name::eq_caseless(last_parent.as_bytes(), parent.as_bytes())
        {
            // The kept cut is a suffix of a parent equal but for case: the suffix of this
            // name of its length is the same ancestor, as this name spells it.
            return cut.map(|cut| &own[own.len() - cut.len()..]);
        }
        let cut = above.find(|suffix| zone.is_cut(suffix));
        self.parent = Some((parent, cut));
        cut
    }
}

/// What a lookup of a name inside a zone finds.
pub enum Lookup<'a> {
    /// Records at the name itself.
    Found(OwnerRecords<'a>),
    /// No records at the name, but a wildcard covers it.
    Wildcard(OwnerRecords<'a>),
    /// The name is at or below a delegation to another zone.
    Delegated,
    /// The name has descendants but no records of its own.
    EmptyNonTerminal,
    /// The name does not exist in the zone.
    NxDomain,
}

impl<'a> ZoneIndex<'a> {
    pub fn new(zone: &'a Zone) -> ZoneIndex<'a> {
        ZoneIndex::build(zone, false)
    }

    /// [`Self::new`], the owner table of a large zone built on two threads when `split`.
    pub fn build(zone: &'a Zone, split: bool) -> ZoneIndex<'a> {
        ZoneIndex::build_split_from(zone, if split { SPLIT_INDEX } else { usize::MAX })
    }

    /// [`Self::build`], splitting zones of `split_from` records or more.
    fn build_split_from(zone: &'a Zone, split_from: usize) -> ZoneIndex<'a> {
        let records = zone.records.as_slice();
        let split = records.len() >= split_from;
        // One pass over the records: the second half of a large zone's on another thread.
        let RecordPass {
            runs,
            by_type,
            underscored_txt,
            key_name_txt,
            key_name_cnames,
            txt_starts,
            cuts,
            dnames,
            owners_maybe_misread,
            owners_written_twice,
            dmarc_named,
        } = if split {
            let (first, second) = records.split_at(records.len() / 2);
            let offset = first.len() as u32;
            let (earlier, later) = crate::parallel::join(
                || RecordPass::run(first, 0, &zone.apex),
                || RecordPass::run(second, offset, &zone.apex),
            );
            earlier.then(later)
        } else {
            RecordPass::run(records, 0, &zone.apex)
        };
        let OwnerSlots {
            tables: by_owner,
            slots,
            scattered,
        } = if split {
            // Each half of the owners (by hash) on its own thread: the table is most of the
            // index's time, spent waiting on memory, and one zone is then most of the run.
            let (first, second) = crate::parallel::join(
                || OwnerSlots::build(records, &runs, Some(0)),
                || OwnerSlots::build(records, &runs, Some(1)),
            );
            OwnerSlots::merge(first, second)
        } else {
            OwnerSlots::build(records, &runs, None)
        };
        drop(runs);
        ZoneIndex {
            zone,
            by_owner,
            slots,
            scattered,
            cuts,
            interior: OnceLock::new(),
            dnames,
            record_cuts: OnceLock::new(),
            rrsets: OnceLock::new(),
            by_type,
            underscored_txt,
            key_name_txt,
            key_name_cnames,
            owners_maybe_misread,
            owners_written_twice,
            dmarc_named,
            txt_starts,
            mx_sets: OnceLock::new(),
            mx_hosts: OnceLock::new(),
            spf: OnceLock::new(),
            spf_owners: OnceLock::new(),
            dmarc: OnceLock::new(),
            dmarc_groups: OnceLock::new(),
            dkim: OnceLock::new(),
            has_subzones: false,
            position: 0,
            target_places: Default::default(),
            dot_candidates: OnceLock::new(),
            root_holds_deep_names: OnceLock::new(),
        }
    }

    /// Whether the zone has a record of `rtype`: rules about rare types (DS, CDS, SPF) skip
    /// the pass over every RRset of a zone without one.
    pub fn has_type(&self, rtype: RType) -> bool {
        self.by_type.contains_key(&rtype)
    }

    /// The types the zone has records of, in no order.
    pub fn types(&self) -> impl Iterator<Item = RType> + '_ {
        self.by_type.keys().copied()
    }

    /// The records at the places `list` holds (one of the index's lists, in file order).
    fn listed<'s>(&'s self, list: &'s [u32]) -> impl Iterator<Item = &'a Record> + 's {
        let records = self.zone.records.as_slice();
        list.iter().map(move |&i| &records[i as usize])
    }

    /// The records of type `rtype`, in file order.
    pub fn of_type(&self, rtype: RType) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(self.by_type.get(&rtype).map_or(&[][..], Vec::as_slice))
    }

    /// The TXT records whose owner's first or second label starts with an underscore
    /// (`_mta-sts`, `sel._domainkey`), in file order: found in the pass that builds the index,
    /// while each owner's name is read anyway, so that the rules for such records do not read
    /// the name of every TXT record again.
    pub fn underscored_txt(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.underscored_txt)
    }

    /// The TXT records at DKIM key names (`<selector>._domainkey.<domain>`), in file order:
    /// the [`Self::underscored_txt`] whose owner's second label is `_domainkey`, told apart in
    /// the same pass, so that the DKIM reading reads no other record's owner.
    pub fn key_name_txt(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.key_name_txt)
    }

    /// The CNAME records at DKIM key names, in file order, told apart in the same pass as
    /// [`Self::key_name_txt`]: a zone has many CNAMEs and few DKIM selectors.
    pub fn key_name_cnames(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.key_name_cnames)
    }

    /// Each owner of the zone once, in the order they first appear (spelt as first written).
    pub fn owner_names(&self) -> impl Iterator<Item = &'a Name> + '_ {
        let records = self.zone.records.as_slice();
        (0..self.slots.len() as u32)
            .map(move |slot| slot_owner(records, &self.slots, &self.scattered, slot))
    }

    /// The records whose entry starts with an owner that may be a word not meant as one
    /// ([`crate::model::Record::OWNER_MAY_BE_MISREAD`]), in file order: marked by the parser,
    /// listed in the pass that builds the index, as nearly every zone has none.
    pub fn owners_maybe_misread(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.owners_maybe_misread)
    }

    /// The records whose owner writes a name of the zone twice
    /// ([`crate::rules::names::missing_trailing_dot::owner_doubles_apex`]), in file order:
    /// told in the pass that builds the index, where each owner is read anyway, as nearly
    /// every zone has none.
    pub fn owners_written_twice(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.owners_written_twice)
    }

    /// The records at DMARC names, in file order: where receivers look for a domain's policy
    /// (`_dmarc.example.com`) and for a report destination's authorisation
    /// (`example.com._report._dmarc.example.net`). Told apart in the pass that builds the
    /// index, so that the DMARC rules read these few records rather than every TXT and CNAME
    /// record of the zone.
    pub fn dmarc_named(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.dmarc_named)
    }

    /// The TXT records whose text may be an SPF record, in file order: those whose first
    /// string starts `v=spf1` or is too short to tell ([`crate::model::TxtStart`]), listed
    /// in the pass that builds the index so that the SPF reading does not read every TXT
    /// record of the zone.
    pub fn txt_that_may_be_spf(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.txt_starts.spf)
    }

    /// The TXT records whose text starts as an MTA-STS or TLS-RPT record, in file order, at
    /// whatever name (the rules look for those at the wrong one).
    pub fn txt_that_start_as_transport(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.txt_starts.transport)
    }

    /// The TXT records whose text may be SPF terms without `v=spf1` first, in file order,
    /// listed as [`Self::txt_that_may_be_spf`].
    pub fn txt_that_may_be_spf_fragment(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.txt_starts.spf_fragment)
    }

    /// The TXT records whose text may be a DMARC record, in file order, listed as
    /// [`Self::txt_that_may_be_spf`].
    pub fn txt_that_may_be_dmarc(&self) -> impl Iterator<Item = &'a Record> + '_ {
        self.listed(&self.txt_starts.dmarc)
    }

    /// The records of type `first` or `second` (two different types), in file order.
    pub fn of_either_type(
        &self,
        first: RType,
        second: RType,
    ) -> impl Iterator<Item = &'a Record> + '_ {
        debug_assert_ne!(first, second, "the merge would list each record twice");
        let list = |rtype| self.by_type.get(&rtype).map_or(&[][..], Vec::as_slice);
        let (mut a, mut b) = (
            list(first).iter().peekable(),
            list(second).iter().peekable(),
        );
        let records = &self.zone.records;
        // Both lists are in file order: merge them.
        std::iter::from_fn(move || {
            let next = match (a.peek(), b.peek()) {
                (Some(&&x), Some(&&y)) if x < y => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, _) => b.next(),
            }?;
            Some(&records[*next as usize])
        })
    }

    /// Every name with TXT SPF records, and those records, in file order.
    pub fn spf_by_owner(&self) -> &[(&'a Name, Vec<crate::rules::spf::Spf<'a>>)] {
        self.spf
            .get_or_init(|| crate::rules::spf::collect_spf_by_owner(self))
    }

    /// The SPF records at `owner`: its group of [`Self::spf_by_owner`], or none.
    pub fn spf_at(&self, owner: &Name) -> &[crate::rules::spf::Spf<'a>] {
        let groups = self.spf_by_owner();
        let positions = self.spf_owners.get_or_init(|| {
            (0..)
                .zip(groups)
                .map(|(position, (owner, _))| (Caseless(owner.as_str()), position))
                .collect()
        });
        positions
            .get(&Caseless(owner.as_str()))
            .map_or(&[], |&position| groups[position as usize].1.as_slice())
    }

    /// Every DMARC-looking TXT record, wherever it is.
    pub fn dmarc_like(&self) -> &[crate::rules::dmarc::Dmarc<'a>] {
        self.dmarc
            .get_or_init(|| crate::rules::dmarc::collect_dmarc_like(self))
    }

    /// The shared readings made so far, by the names [`crate::rules::readings::READINGS`]
    /// gives them (the index's own word for one not listed there).
    #[cfg(test)]
    pub fn readings_made(&self) -> Vec<&'static str> {
        let made = [
            (self.mx_sets.get().is_some(), "MX hosts"),
            (self.mx_hosts.get().is_some(), "MX hosts"),
            (
                self.target_places[TargetList::Srv as usize].get().is_some(),
                "SRV target places",
            ),
            (
                self.target_places[TargetList::Ns as usize].get().is_some(),
                "NS target places",
            ),
            (
                self.target_places[TargetList::MxExchanges as usize]
                    .get()
                    .is_some(),
                "MX exchange places",
            ),
            (self.record_cuts.get().is_some(), "record cuts"),
            (self.rrsets.get().is_some(), "RRsets"),
            (self.spf.get().is_some(), "SPF records"),
            (self.spf_owners.get().is_some(), "SPF records"),
            (self.dkim.get().is_some(), "DKIM keys"),
            (self.dmarc.get().is_some(), "DMARC records"),
            (self.dmarc_groups.get().is_some(), "DMARC records"),
            (self.interior.get().is_some(), "interior"),
        ];
        let mut names: Vec<&str> = made.iter().filter(|(is, _)| *is).map(|(_, n)| *n).collect();
        names.dedup();
        names
    }

    /// The DMARC records receivers keep at each `_dmarc` name, as places in
    /// [`Self::dmarc_like`], grouped by `group` on first use.
    pub fn dmarc_groups(
        &self,
        group: impl FnOnce() -> Vec<(&'a Name, Vec<u32>)>,
    ) -> &[(&'a Name, Vec<u32>)] {
        self.dmarc_groups.get_or_init(group)
    }

    /// The TXT records at DKIM key names, with their keys read.
    pub fn dkim_keys(&self) -> &crate::rules::dkim::DkimKeys<'a> {
        self.dkim
            .get_or_init(|| crate::rules::dkim::collect_key_records(self))
    }

    /// The zone's MX sets, one per owner, in the order their first record appears.
    pub fn mx_sets(&self) -> &[crate::rules::mx::MxSet<'a>] {
        self.mx_sets.get_or_init(|| {
            let served = self.of_type(RType::MX).filter(|mx| !self.is_delegated(mx));
            crate::rules::mx::collect_mx_sets(self.zone, served)
        })
    }

    /// The hosts of each of [`Self::mx_sets`], classified once (`project` is the run's).
    pub fn mx_hosts(
        &self,
        project: &Project<'a>,
    ) -> impl Iterator<Item = &[crate::rules::mx::Host<'a>]> + '_ {
        let (hosts, ends) = self.mx_hosts.get_or_init(|| {
            let mut hosts = Vec::new();
            let mut ends = Vec::with_capacity(self.mx_sets().len());
            for set in self.mx_sets() {
                hosts.extend(crate::rules::mx::classify(project, set));
                ends.push(hosts.len() as u32);
            }
            (hosts, ends)
        });
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts
            .zip(ends)
            .map(|(start, &end)| &hosts[start as usize..end as usize])
    }

    /// This index's place in [`Project::zones`].
    pub fn position(&self) -> usize {
        self.position
    }

    /// The records in which NAME001 may find a name that lost its final dot, by their place
    /// in the zone, made by `find` on first use: the scan for the meant names finds them
    /// before the rules run, and NAME001 then reads only those.
    pub fn dot_candidates(&self, find: impl FnOnce() -> Vec<u32>) -> &[u32] {
        self.dot_candidates.get_or_init(find)
    }

    /// The target places of `list`, made by `locate` on first use.
    pub fn target_places(
        &self,
        list: TargetList,
        locate: impl FnOnce() -> Vec<TargetPlace>,
    ) -> &[TargetPlace] {
        self.target_places[list as usize].get_or_init(locate)
    }

    /// The indices of the records in owner slot `slot`, in file order.
    fn slot_records(&self, slot: u32) -> impl Iterator<Item = u32> + '_ {
        slot_indices(&self.slots, &self.scattered, slot)
    }

    /// The owner slot of `name`, if it owns records.
    fn slot_of(&self, name: &Name) -> Option<u32> {
        self.slot_of_text(name.as_str())
    }

    /// [`Self::slot_of`] for a name in text form (one of [`Name::suffixes`]).
    fn slot_of_text(&self, name: &str) -> Option<u32> {
        let records = &self.zone.records;
        let hash = owner_hash(name);
        self.by_owner[owner_table(hash)]
            .find(hash, |&slot| {
                let owner = slot_owner(records, &self.slots, &self.scattered, slot);
                crate::name::eq_caseless(owner.as_str().as_bytes(), name.as_bytes())
            })
            .copied()
    }

    /// [`Self::at`] for a name in text form (one of [`Name::suffixes`]): nothing allocated.
    pub fn at_text(&self, name: &str) -> impl Iterator<Item = &'a Record> + '_ {
        let records = &self.zone.records;
        self.slot_of_text(name)
            .into_iter()
            .flat_map(|slot| self.slot_records(slot))
            .map(move |i| &records[i as usize])
    }

    /// The records whose owner is exactly `name`.
    pub fn at(&self, name: &Name) -> impl Iterator<Item = &'a Record> + '_ {
        self.at_text(name.as_str())
    }

    /// The delegation at or above `name` (strictly below the apex), if any: the suffix of
    /// `name` that is the delegation point, as `name` spells it.
    pub fn cut_above<'n>(&self, name: &'n Name) -> Option<&'n str> {
        if self.cuts.is_empty() {
            return None;
        }
        self.below_apex(name).find(|suffix| self.is_cut(suffix))
    }

    /// The delegation strictly above `name` (not at it), if any: the one whose referral a
    /// delegation at `name` inside it is hidden by.
    pub fn cut_strictly_above<'n>(&self, name: &'n Name) -> Option<&'n str> {
        if self.cuts.is_empty() {
            return None;
        }
        self.below_apex(name)
            .skip(1)
            .find(|suffix| self.is_cut(suffix))
    }

    /// The suffixes of `name` strictly below the apex, longest first: where a delegation at or
    /// above `name` can be.
    fn below_apex<'n>(&self, name: &'n Name) -> impl Iterator<Item = &'n str> {
        let apex_len = self.zone.apex.as_str().len();
        name.suffixes()
            .take_while(move |suffix| suffix.len() > apex_len)
    }

    /// Whether `name` (a suffix of a name, as spelled there) is a delegation point.
    fn is_cut(&self, name: &str) -> bool {
        self.cuts.contains(&Caseless(name))
    }

    /// [`Self::cut_above`] for owners read in file order, keeping the answer for the last
    /// parent asked about (finding it hashes each of the parent's ancestors).
    fn cuts_in_order(&self) -> CutsInOrder<'_, 'a> {
        CutsInOrder {
            zone: self,
            parent: None,
        }
    }

    /// [`Self::cut_above`] of `record`'s owner, as the owner spells it. Found once for every
    /// record of the zone, owner by owner, the first time a rule asks.
    pub fn record_cut(&self, record: &'a Record) -> Option<&'a str> {
        if self.cuts.is_empty() {
            return None;
        }
        let Some(position) = self.zone.position_of(record) else {
            return self.cut_above(&record.owner);
        };
        cut_of(record, self.record_cut_lengths()[position])
    }

    /// Whether `record`'s owner is at or below a delegation of the zone: unless it is an NS,
    /// DS or glue record, the parent never serves it (ZONE033 says so), and the mail rules
    /// leave it to the child zone, which answers for the name.
    pub fn is_delegated(&self, record: &'a Record) -> bool {
        // Asked of the few MX and TXT records the mail readings keep, so asked directly
        // (a probe or two each) rather than through the kept answers of every record,
        // which would make those readings wait for that one.
        self.cut_above(&record.owner).is_some()
    }

    /// The records whose owner is at or below a delegation, in file order, each with its
    /// [`Self::record_cut`]: read off the kept answers, so that rules about the data below
    /// delegations (a few records in most zones) do not read every record to ask.
    pub fn records_below_cuts(&self) -> impl Iterator<Item = (&'a Record, &'a str)> + '_ {
        let lengths: &[u16] = if self.cuts.is_empty() {
            &[]
        } else {
            self.record_cut_lengths()
        };
        let records = self.zone.records.as_slice();
        lengths
            .iter()
            .zip(records)
            .filter_map(|(&length, record)| Some((record, cut_of(record, length)?)))
    }

    /// The length of each record's [`Self::record_cut`] (a suffix of its owner), 0 for none.
    fn record_cut_lengths(&self) -> &[u16] {
        self.record_cuts.get_or_init(|| {
            let records = &self.zone.records;
            let mut lengths = vec![0u16; records.len()];
            let mut cuts = self.cuts_in_order();
            // Owner by owner, in the order they first appear: the answer is the same for each
            // of an owner's records, however they spell it, as a suffix of the same length.
            for slot in 0..self.slots.len() as u32 {
                let owner = slot_owner(records, &self.slots, &self.scattered, slot);
                // A delegation point is an owner with an NS record, as the record pass found
                // `cuts`: read off the owner's records rather than hashing the owner again.
                // (The apex, the one NS owner that is not a cut, is never asked about: it is
                // not below itself.)
                let own_is_cut = self
                    .slot_records(slot)
                    .any(|i| records[i as usize].rtype == RType::NS);
                // A name is at most 255 bytes in wire form, 4 x 255 in presentation form.
                let Some(length) = cuts
                    .owner_cut(owner, own_is_cut)
                    .map(|cut| cut.len() as u16)
                else {
                    continue;
                };
                for i in self.slot_records(slot) {
                    lengths[i as usize] = length;
                }
            }
            lengths
        })
    }

    /// Look a name up as an authoritative server for this zone would.
    pub fn lookup(&self, name: &Name) -> Lookup<'a> {
        self.expand(self.locate(name))
    }

    /// [`Self::lookup`] without the records: where they are. Kept per target by the rules
    /// that ask about the same targets ([`crate::rules::zone::targets::resolved`]).
    pub fn locate(&self, name: &Name) -> Place {
        // Records at the name are found, below a delegation too (glue): only a name without
        // records needs the zone cuts above it.
        if let Some(slot) = self.slot_of(name) {
            return Place::Records(slot);
        }
        if self.cut_above(name).is_some() {
            return Place::Delegated;
        }
        if self.has_descendants(name.as_str()) {
            return Place::EmptyNonTerminal;
        }
        // RFC 4592: the closest encloser's wildcard covers a name that does not exist. The
        // ancestors are read as slices of the name, not made as names: most names looked up
        // and not found (targets elsewhere, typos) have no wildcard above them.
        let apex = self.zone.apex.as_str();
        for encloser in name.suffixes().skip(1) {
            if !crate::name::is_subdomain_text(encloser, apex) {
                break;
            }
            if self.slot_of_text(encloser).is_some() || self.has_descendants(encloser) {
                if !self
                    .interior()
                    .wildcard_parents
                    .contains(&Caseless(encloser))
                {
                    break;
                }
                let wildcard = Name::from_ascii("*").ok().and_then(|star| {
                    let encloser = Name::from_ascii(encloser).ok()?;
                    star.prepend_to(&encloser).ok()
                });
                if let Some(slot) = wildcard.and_then(|wildcard| self.slot_of(&wildcard)) {
                    return Place::Wildcard(slot);
                }
                break;
            }
        }
        Place::NxDomain
    }

    /// The lookup a [`Place`] in this zone stands for, with its records.
    pub fn expand(&self, place: Place) -> Lookup<'a> {
        let records = self.zone.records.as_slice();
        let at = |slot: u32| match self.slots[slot as usize] {
            Slot { start, len } if len != SCATTERED => {
                OwnerRecords::Run(&records[start as usize..(start + len) as usize])
            }
            _ => OwnerRecords::Scattered(
                self.slot_records(slot)
                    .map(|i| &records[i as usize])
                    .collect(),
            ),
        };
        match place {
            Place::Records(slot) => Lookup::Found(at(slot)),
            Place::Wildcard(slot) => Lookup::Wildcard(at(slot)),
            Place::Delegated => Lookup::Delegated,
            Place::EmptyNonTerminal => Lookup::EmptyNonTerminal,
            Place::NxDomain => Lookup::NxDomain,
        }
    }

    /// For a root zone: whether it answers for `name`. The root zone holds the top-level
    /// domains (their delegations) and data below them only there (glue), so it answers for
    /// every name. A file of names like `example.com.` read as the root (an export with
    /// `$ORIGIN .` and `@ SOA`) holds names below TLDs it has no records at: it answers only
    /// below the TLDs it has records at.
    /// A zone read as the root for want of an origin (a file of absolute names with no SOA):
    /// no root zone, and the authority for no other zone's names.
    fn is_root_without_soa(&self) -> bool {
        self.zone.apex.is_root() && !self.has_type(RType::SOA)
    }

    fn holds_top_level_of(&self, name: &Name) -> bool {
        let top_level_held = |name: &Name| {
            name.suffixes()
                .filter(|suffix| *suffix != ".")
                .last()
                .is_none_or(|top_level| self.slot_of_text(top_level).is_some())
        };
        let holds_names_below_unheld_tlds = *self
            .root_holds_deep_names
            .get_or_init(|| self.owner_names().any(|owner| !top_level_held(owner)));
        !holds_names_below_unheld_tlds || top_level_held(name)
    }

    fn has_descendants(&self, name: &str) -> bool {
        self.interior().names.contains(&Caseless(name))
    }

    fn interior(&self) -> &Interior<'a> {
        self.interior.get_or_init(|| {
            let apex = self.zone.apex.as_str();
            let mut interior = Interior::default();
            for owner in self.owner_names() {
                if owner.first_label() == "*"
                    && let Some(parent) = owner.suffixes().nth(1)
                {
                    interior.wildcard_parents.insert(Caseless(parent));
                }
                for ancestor in owner.suffixes().skip(1) {
                    if !crate::name::is_subdomain_text(ancestor, apex)
                        || !interior.names.insert(Caseless(ancestor))
                    {
                        break;
                    }
                }
            }
            interior
        })
    }

    /// Every RRset of the zone: owners in the order they first appear, and at each owner its
    /// types in the order they first appear, so the RRsets of one owner are adjacent.
    pub fn rrsets(&self) -> impl Iterator<Item = RRset<'_>> + '_ {
        let table = self.rrset_table();
        let records = self.zone.records.as_slice();
        (0..table.sets.len()).map(move |index| table.set(records, index))
    }

    /// The RRsets of two or more records, in [`Self::rrsets`]'s order: what the rules that
    /// compare a set's records read, without making each one-record set (most of a zone's).
    pub fn rrsets_of_several(&self) -> impl Iterator<Item = RRset<'_>> + '_ {
        let table = self.rrset_table();
        let records = self.zone.records.as_slice();
        (0..table.sets.len())
            .filter(|&index| table.sets[index].len > 1)
            .map(move |index| table.set(records, index))
    }

    /// The RRsets of each owner, one group per owner (see [`ZoneIndex::rrsets`]).
    pub fn owners(&self) -> impl Iterator<Item = OwnerSets<'_>> + '_ {
        let table = self.rrset_table();
        let records = self.zone.records.as_slice();
        let count = table.sets.len();
        let mut start = 0;
        std::iter::from_fn(move || {
            if start == count {
                return None;
            }
            let end = (start + 1..count)
                .find(|&index| table.flags[index] & FIRST_OF_OWNER != 0)
                .unwrap_or(count);
            let sets = start..end;
            start = end;
            Some(OwnerSets {
                table,
                records,
                sets,
            })
        })
    }

    fn rrset_table(&self) -> &RRsetTable<'a> {
        self.rrsets.get_or_init(|| {
            let records = &self.zone.records;
            // At most one RRset per record; pages of the vectors never written are never
            // touched, so the bound costs no memory.
            let mut table = RRsetTable {
                sets: Vec::with_capacity(records.len()),
                types: Vec::with_capacity(records.len()),
                flags: Vec::with_capacity(records.len()),
                members: Vec::new(),
            };
            // An owner's records by the position of their type among its types, first seen
            // first: reused from owner to owner.
            let mut types: Vec<RType> = Vec::new();
            let mut members: Vec<(usize, u32)> = Vec::new();
            for number in 0..self.slots.len() as u32 {
                types.clear();
                members.clear();
                for i in self.slot_records(number) {
                    let rtype = records[i as usize].rtype;
                    let position = match types.iter().position(|&t| t == rtype) {
                        Some(position) => position,
                        None => {
                            types.push(rtype);
                            types.len() - 1
                        }
                    };
                    members.push((position, i));
                }
                // Stable: each type's records stay in file order.
                members.sort_by_key(|&(position, _)| position);
                let Some(&(_, first)) = members.first() else {
                    continue;
                };
                let owner = &records[first as usize].owner;
                let mut flags = FIRST_OF_OWNER;
                if owner.is_subdomain_of(&self.zone.apex) {
                    flags |= IN_ZONE;
                }
                if *owner == self.zone.apex {
                    flags |= AT_APEX;
                }
                for run in members.chunk_by(|a, b| a.0 == b.0) {
                    table.types.push(types[run[0].0]);
                    let ttl = |&(_, i): &(usize, u32)| records[i as usize].ttl;
                    let ttls_differ = run.iter().any(|member| ttl(member) != ttl(&run[0]));
                    let mut set_flags = flags;
                    if ttls_differ {
                        set_flags |= TTLS_DIFFER;
                    }
                    if run.len() > 1 && may_repeat(records, run) {
                        set_flags |= MAY_REPEAT;
                    }
                    let place = match run {
                        [(_, only)] => SetPlace {
                            start: *only,
                            len: 1,
                        },
                        _ => {
                            let start = table.members.len() as u32;
                            table
                                .members
                                .extend(run.iter().map(|&(_, i)| &records[i as usize]));
                            SetPlace {
                                start,
                                len: run.len() as u32,
                            }
                        }
                    };
                    table.sets.push(place);
                    table.flags.push(set_flags);
                    flags &= !FIRST_OF_OWNER;
                }
            }
            table
        })
    }

    /// The DNAME at the closest strict ancestor of `name` inside the zone, if any: `name` is
    /// then below a DNAME, where RFC 6672 §2.3 allows no data.
    pub fn dname_above(&self, name: &Name) -> Option<&'a Record> {
        if self.dnames.is_empty() || !name.is_subdomain_of(&self.zone.apex) {
            return None;
        }
        // The strict ancestors at or below the apex: suffixes of the name at least as long.
        let apex_len = self.zone.apex.as_str().len();
        name.suffixes()
            .skip(1)
            .take_while(|suffix| suffix.len() >= apex_len)
            .find_map(|suffix| self.dnames.get(&Caseless(suffix)))
            .map(|&i| &self.zone.records[i as usize])
    }
}

/// All linted zones, for rules that look across zones (an MX target in a sibling zone).
pub struct Project<'a> {
    pub zones: Vec<ZoneIndex<'a>>,
    pub sources: &'a SourceMap,
    /// What the rules know about mail providers.
    pub catalog: &'a Catalog,
    /// The largest TTL allowed (`--max-zone-ttl`), for `ttl-above-maximum`.
    pub max_zone_ttl: Option<u32>,
    /// Each apex, whatever its case, with the zones that have it (a zone file and a stale copy
    /// of it can share one): `zone_for` walks a name's suffixes through this map instead of
    /// comparing the name with every zone, which made many-zone runs quadratic.
    by_apex: HashMap<Caseless<'a>, Vec<usize>>,
    /// Whether any zone has a DNAME (few do; rules about names below one skip the rest).
    has_dnames: bool,
    /// Whether any zone has records Cloudflare proxies (octoDNS only, and few of those).
    has_cloudflare_proxied: bool,
    /// The names SPF records in any zone include or redirect to ([`Project::spf_referenced`]).
    spf_referenced: OnceLock<HashSet<String>>,
    /// The CNAME records of every zone by target ([`Project::cnames_to`]), keyed by the
    /// target's caseless hash (a key borrowing the name would tie the records' lifetime to
    /// each question's); the records under one hash are told apart by their target.
    cnames_by_target: OnceLock<HashMap<u64, Vec<&'a Record>>>,
    /// How many apex probes `zone_for` has made in this run, so a test can tell an index
    /// lookup from a scan over all zones.
    #[cfg(test)]
    apex_probes: AtomicU64,
    /// How many zones [`Project::spf_referenced`] has read, so a test can tell one read for
    /// the run from one per zone.
    #[cfg(test)]
    spf_reference_reads: AtomicU64,
}

impl<'a> Project<'a> {
    /// Index every zone, on `threads` threads (0: one per core).
    pub fn new(
        zones: &'a [Zone],
        sources: &'a SourceMap,
        catalog: &'a Catalog,
        threads: usize,
    ) -> Project<'a> {
        let mut by_apex: HashMap<Caseless<'a>, Vec<usize>> = HashMap::default();
        for (position, zone) in zones.iter().enumerate() {
            by_apex
                .entry(Caseless(zone.apex.as_str()))
                .or_default()
                .push(position);
        }
        let threads = crate::parallel::resolve(threads);
        // A large zone beside fewer zones than threads builds its owner table on two.
        let split = threads > 1 && zones.len() < threads;
        let mut zones =
            crate::parallel::map_ordered(zones, threads, |zone| ZoneIndex::build(zone, split));
        let enclosing: Vec<usize> = zones
            .iter()
            .flat_map(|index| index.zone.apex.suffixes().skip(1))
            .filter_map(|ancestor| by_apex.get(&Caseless(ancestor)))
            .flatten()
            .copied()
            .collect();
        for position in enclosing {
            zones[position].has_subzones = true;
        }
        for (position, index) in zones.iter_mut().enumerate() {
            index.position = position;
        }
        let has_dnames = zones.iter().any(|zone| !zone.dnames.is_empty());
        let has_cloudflare_proxied = zones
            .iter()
            .any(|zone| !zone.zone.cloudflare_proxied.is_empty());
        Project {
            zones,
            sources,
            catalog,
            max_zone_ttl: None,
            by_apex,
            has_dnames,
            has_cloudflare_proxied,
            spf_referenced: OnceLock::new(),
            cnames_by_target: OnceLock::new(),
            #[cfg(test)]
            apex_probes: AtomicU64::new(0),
            #[cfg(test)]
            spf_reference_reads: AtomicU64::new(0),
        }
    }

    /// Does an SPF record in any zone include `name` or redirect to it? Such a name holds a
    /// list of senders, not a sender.
    pub fn is_spf_referenced(&self, name: &Name) -> bool {
        let bare = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        self.spf_referenced().contains(&bare)
    }

    /// The names the SPF records of every zone include or redirect to, in lower case without
    /// the final dot. Read once for the run, on first use: a rule asking it of each zone would
    /// read every zone's records once per zone.
    fn spf_referenced(&self) -> &HashSet<String> {
        self.spf_referenced.get_or_init(|| {
            #[cfg(test)]
            self.spf_reference_reads
                .fetch_add(self.zones.len() as u64, Ordering::Relaxed);
            self.zones
                .iter()
                .flat_map(crate::rules::spf::single_spf)
                .flat_map(|spf| {
                    spf.referenced_domains()
                        .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
                        .collect::<Vec<_>>()
                })
                .collect()
        })
    }

    /// The CNAME records, in any zone, whose target is `name`. Gathered once for the run, on
    /// first use: rules ask it of each of many records (a DKIM key reached through a CNAME).
    pub fn cnames_to(&self, name: &Name) -> impl Iterator<Item = &'a Record> + '_ {
        let by_target = self.cnames_by_target.get_or_init(|| {
            let mut by_target: HashMap<u64, Vec<&'a Record>> = HashMap::default();
            for zone in &self.zones {
                for record in zone.of_type(RType::CNAME) {
                    if let RData::Target(target) = &record.rdata {
                        by_target
                            .entry(owner_hash(target.as_str()))
                            .or_default()
                            .push(record);
                    }
                }
            }
            by_target
        });
        let hash = owner_hash(name.as_str());
        let name = name.clone();
        by_target
            .get(&hash)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |record| matches!(&record.rdata, RData::Target(target) if *target == name))
    }

    /// Who runs `host`: its provider's operator, or for a retired host the operator of the
    /// provider it belonged to (the catalog's answer).
    pub fn operator_of(&self, host: &Name) -> Option<&'a str> {
        self.catalog.operator_of(host)
    }

    /// The catalog's provider for `host`. Not remembered: the MX rules read the providers the
    /// MX hosts reading found once, and most other hosts are no provider's, which the catalog
    /// tells in one pass over the name (remembering cost a lock, a lookup and a copy of the
    /// name for every host, more than the catalog's answer).
    pub fn provider_for(&self, host: &Name) -> Option<&'a Provider> {
        self.catalog.provider_for(host)
    }

    /// RDATA field `index` of a record as written, without surrounding quotes; "" when the
    /// field has no span of its own (generic `\#` data).
    pub fn field_text(&self, record: &Record, index: usize) -> &'a str {
        let Some((start, end)) = record.spans.field(index) else {
            return "";
        };
        let text = &self.sources.get(record.file).text[start as usize..end as usize];
        text.strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text)
    }

    /// Whether `record`'s entry starts with a blank, so that it repeats the owner of the
    /// record before it (RFC 1035 §5.1). Only a master file writes records so.
    pub fn owner_is_inherited(&self, record: &Record) -> bool {
        let text = &self.sources.get(record.file).text;
        let start = (record.spans.entry().0 as usize).min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
        start > line_start
            && text.as_bytes()[line_start..start]
                .iter()
                .all(|&b| b == b' ' || b == b'\t')
    }

    /// The linted zone whose apex is the closest enclosing name of `name`, as seen from the zone
    /// `from`: `from` itself when it is one of the closest; None when several zones (a zone file
    /// and a stale copy of it, say) are equally close and none is `from`, since which one is
    /// deployed cannot be known.
    pub fn zone_for(&self, name: &Name, from: &ZoneIndex<'_>) -> Option<&ZoneIndex<'a>> {
        let found = self.closest_zone(name, from)?;
        // A root zone answers only for the top-level domains it holds or delegates: a file
        // read as `.` (an export with `$ORIGIN .` and `@ SOA`, or no origin) does not make
        // every name of the DNS one the linted zones say does not exist. Nor does a file that
        // is `.` only for want of an origin, with no SOA of the root (a fragment of absolute
        // names, opennic's `include/bbs.zone`): it is no root zone that answers for all.
        if found.zone.apex.is_root()
            && (found.is_root_without_soa() || !found.holds_top_level_of(name))
        {
            return None;
        }
        Some(found)
    }

    fn closest_zone(&self, name: &Name, from: &ZoneIndex<'_>) -> Option<&ZoneIndex<'a>> {
        // Most names asked about are in the asking zone: with no linted zone below its apex,
        // its apex is the closest enclosing one, and `from` is chosen among its equals.
        if !from.has_subzones
            && name.is_subdomain_of(&from.zone.apex)
            && let Some(own) = self.zones.get(from.position)
            && std::ptr::eq(own.zone, from.zone)
        {
            return Some(own);
        }
        let closest = name.suffixes().find_map(|suffix| {
            #[cfg(test)]
            self.apex_probes.fetch_add(1, Ordering::Relaxed);
            self.by_apex.get(&Caseless(suffix))
        })?;
        if let Some(&own) = closest
            .iter()
            .find(|&&position| std::ptr::eq(self.zones[position].zone, from.zone))
        {
            return Some(&self.zones[own]);
        }
        match closest.as_slice() {
            [only] => Some(&self.zones[*only]),
            _ => None,
        }
    }

    /// How many linted zones are the closest enclosing zone of `name`: more than one when a
    /// zone is linted from two files (a copy kept in another folder), which [`Self::zone_for`]
    /// then does not choose between.
    pub fn closest_zone_count(&self, name: &Name) -> usize {
        // A file read as the root for want of an origin answers for no other zone's names.
        let closest = name
            .suffixes()
            .find_map(|suffix| self.by_apex.get(&Caseless(suffix)));
        closest.map_or(0, |positions| {
            positions
                .iter()
                .filter(|&&p| !self.zones[p].is_root_without_soa())
                .count()
        })
    }

    /// The other linted zones with `zone`'s apex: copies of one zone in several files (an
    /// internal and an external view, or a stale copy in another folder).
    pub fn other_copies<'s>(
        &'s self,
        zone: &'s ZoneIndex<'_>,
    ) -> impl Iterator<Item = &'s ZoneIndex<'a>> + 's {
        self.by_apex
            .get(&Caseless(zone.zone.apex.as_str()))
            .into_iter()
            .flatten()
            .map(|&position| &self.zones[position])
            .filter(move |other| !std::ptr::eq(other.zone, zone.zone))
            .filter(|other| !other.is_root_without_soa())
    }

    /// Does any linted zone have a DNAME record?
    pub fn has_dnames(&self) -> bool {
        self.has_dnames
    }

    /// Whether any linted zone has a record Cloudflare proxies.
    pub fn has_cloudflare_proxied(&self) -> bool {
        self.has_cloudflare_proxied
    }

    /// Apex probes made by `zone_for` so far (one per suffix tried).
    #[cfg(test)]
    pub fn apex_probes(&self) -> u64 {
        self.apex_probes.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Class, ZoneFormat};
    use crate::source::FileId;

    fn zone(apex: &str) -> Zone {
        Zone {
            apex: Name::from_ascii(apex).unwrap(),
            class: Class::IN,
            format: ZoneFormat::Bind,
            files: vec![FileId(0)],
            records: Vec::new(),
            complete: true,
            meant: Default::default(),
            served_by: None,
            cloudflare_proxied: Vec::new(),
            unmodelled: Vec::new(),
            unmodelled_addresses: Vec::new(),
            provider_addresses: false,
            unmanaged: Default::default(),
            lenient: false,
            pushed_to: Vec::new(),
        }
    }

    /// The zone `apex` with the records of zone-file `text` (origin `apex`, TTL 300).
    pub(crate) fn parsed(apex: &str, text: &str) -> Zone {
        let state = crate::parse::zonefile::ParseState {
            origin: Some(Name::from_ascii(apex).unwrap()),
            default_ttl: Some(300),
            ..Default::default()
        };
        let options = crate::parse::zonefile::ParseOptions::default();
        let parsed = crate::parse::zonefile::parse(FileId(0), text.as_bytes(), state, &options);
        Zone {
            records: parsed.records,
            ..zone(apex)
        }
    }

    /// Groups come in the order owners first appear, each with its items in order, however
    /// the owner's items are spread and spelt; against a direct grouping by lower-case owner.
    #[test]
    fn grouping_by_owner_joins_scattered_runs_in_order() {
        let names: Vec<Name> = ["a.", "a.", "B.", "c.", "b.", "A.", "c.", "d.", "a."]
            .iter()
            .map(|text| Name::from_ascii(text).unwrap())
            .collect();
        let groups = group_by_owner(names.iter().zip(0..));
        let found: Vec<(String, Vec<i32>)> = groups
            .iter()
            .map(|(owner, items)| (owner.to_string(), items.clone()))
            .collect();
        let mut direct: Vec<(String, Vec<i32>)> = Vec::new();
        for (name, item) in names.iter().zip(0..) {
            let key = name.as_str().to_ascii_lowercase();
            match direct
                .iter_mut()
                .find(|(owner, _)| owner.to_ascii_lowercase() == key)
            {
                Some((_, items)) => items.push(item),
                None => direct.push((name.to_string(), vec![item])),
            }
        }
        assert_eq!(found, direct);
        assert_eq!(found[0], ("a.".to_string(), vec![0, 1, 5, 8]));
        assert_eq!(found[1], ("B.".to_string(), vec![2, 4]));
    }

    /// The underscored TXT records are every TXT record whose owner's first or second label
    /// starts with `_`, in file order, also when the zone's halves are passed over apart.
    #[test]
    fn underscored_txt_records_are_found_in_file_order() {
        let text = "_dmarc TXT a\n_dmarc A 192.0.2.1\nsel._domainkey TXT b\nwww TXT c\n\
                    x.y._z TXT d\n_mta-sts TXT e\n\\095smtp._tls TXT f\nwww TXT g\n\
                    _a.b TXT h\nmail MX 10 _dmarc\na\\._b TXT i\na\\.b._x TXT j\n";
        let example = parsed("example.", text);
        let expected: Vec<&str> = example
            .records
            .iter()
            .filter(|r| r.rtype == RType::TXT)
            .filter(|r| r.owner.labels().take(2).any(|l| l.starts_with('_')))
            .map(|r| r.owner.as_str())
            .collect();
        assert_eq!(
            expected,
            [
                "_dmarc.example.",
                "sel._domainkey.example.",
                "_mta-sts.example.",
                "_smtp._tls.example.",
                "_a.b.example.",
                "a\\.b._x.example."
            ]
        );
        for split_from in [usize::MAX, 2] {
            let index = ZoneIndex::build_split_from(&example, split_from);
            let found: Vec<&str> = index.underscored_txt().map(|r| r.owner.as_str()).collect();
            assert_eq!(found, expected, "split from {split_from}");
        }
        // Of those, the DKIM key names: `_domainkey` second, in any case.
        let keys = parsed(
            "example.",
            "sel._domainkey TXT a\n_domainkey TXT b\nS2._DomainKey TXT c\ns3._domainkey A 192.0.2.1\n\
             x._domainkey.sub TXT d\na.b._domainkey TXT e\nsel._domainkey TXT f\n",
        );
        for split_from in [usize::MAX, 2] {
            let index = ZoneIndex::build_split_from(&keys, split_from);
            let found: Vec<String> = index
                .key_name_txt()
                .map(|r| {
                    format!(
                        "{} {}",
                        r.owner,
                        crate::rules::tags::txt_text(r).unwrap_or_default()
                    )
                })
                .collect();
            assert_eq!(
                found,
                [
                    "sel._domainkey.example. a",
                    "S2._DomainKey.example. c",
                    "x._domainkey.sub.example. d",
                    "sel._domainkey.example. f"
                ],
                "split from {split_from}"
            );
        }
    }

    /// The TXT records that may be SPF or DMARC are listed in file order, whole or in halves,
    /// and only TXT records (an SPF-type record is not read as one).
    #[test]
    fn txt_that_may_be_spf_dmarc_or_fragment_is_listed_in_file_order() {
        let text = "@ TXT \"v=spf1 -all\"\n_dmarc TXT \"v=DMARC1; p=none\"\n\
                    a TXT \"hello world\"\nb SPF \"v=spf1 -all\"\nc TXT \"v=\" \"spf1 mx\"\n\
                    d A 192.0.2.1\ne TXT \"V=SPF1 a\"\n_dmarc.f TXT \" v=dmarc1;p=reject\"\n\
                    g TXT \"include:x.example -all\"\nh TXT \"spf1 mx\"\n";
        let example = parsed("example.", text);
        for split_from in [usize::MAX, 2] {
            let index = ZoneIndex::build_split_from(&example, split_from);
            let owners = |records: Vec<&Record>| -> Vec<String> {
                records.iter().map(|r| r.owner.to_string()).collect()
            };
            assert_eq!(
                owners(index.txt_that_may_be_spf().collect()),
                ["example.", "c.example.", "e.example."],
                "split from {split_from}"
            );
            assert_eq!(
                owners(index.txt_that_may_be_dmarc().collect()),
                ["_dmarc.example.", "c.example.", "_dmarc.f.example."],
                "split from {split_from}"
            );
            assert_eq!(
                owners(index.txt_that_may_be_spf_fragment().collect()),
                ["g.example.", "h.example."],
                "split from {split_from}"
            );
        }
    }

    /// Each RRset's type, kept in the table, is that of every record in it; the sets of one
    /// owner hold each type once, and together every record once.
    #[test]
    fn rrsets_keep_the_type_of_their_records() {
        let text = "a A 192.0.2.1\na TXT x\nb MX 10 a\na A 192.0.2.2\nb NS ns\nb MX 20 a\n\
                    c CNAME a\na TXT y\n";
        let example = parsed("example.", text);
        let index = ZoneIndex::new(&example);
        let mut seen = 0;
        for set in index.rrsets() {
            assert!(set.records.iter().all(|r| r.rtype == set.rtype));
            seen += set.records.len();
        }
        assert_eq!(seen, example.records.len());
        let types: Vec<Vec<String>> = index
            .owners()
            .map(|sets| sets.iter().map(|s| s.rtype.to_string()).collect())
            .collect();
        assert_eq!(types, [vec!["A", "TXT"], vec!["MX", "NS"], vec!["CNAME"]]);
    }

    /// The flags the table keeps of each set say what its records say: an owner at the apex,
    /// in any case, and TTLs that differ from the first record's, in scattered sets too.
    #[test]
    fn rrsets_keep_the_apex_and_differing_ttls() {
        let text = "@ 300 A 192.0.2.1\nEXAMPLE. 300 A 192.0.2.2\na 300 TXT x\nb 60 A 192.0.2.3\n\
                    a 600 TXT y\nb 60 A 192.0.2.4\nc 60 MX 10 a\nc 60 MX 20 b\nc 90 MX 30 b\n";
        let example = parsed("example.", text);
        for split_from in [usize::MAX, 2] {
            let index = ZoneIndex::build_split_from(&example, split_from);
            let flags: Vec<String> = index
                .rrsets()
                .map(|set| {
                    let ttls: Vec<u32> = set.records.iter().map(|r| r.ttl).collect();
                    assert_eq!(set.ttls_differ, ttls.iter().any(|&t| t != ttls[0]));
                    assert_eq!(set.at_apex, set.owner() == &example.apex);
                    let repeat = if set.may_repeat {
                        "may repeat"
                    } else {
                        "differ"
                    };
                    format!(
                        "{} {} {} {repeat}",
                        set.owner(),
                        set.at_apex,
                        set.ttls_differ
                    )
                })
                .collect();
            // Records may repeat where the fingerprints meet: the two one-byte strings at
            // `a`, not the addresses at `b` nor the MX preferences at `c`.
            assert_eq!(
                flags,
                [
                    "example. true false differ",
                    "a.example. false true may repeat",
                    "b.example. false false differ",
                    "c.example. false true differ",
                ],
                "split from {split_from}"
            );
        }
    }

    /// Records of two types come in file order, merged from the two per-type lists.
    #[test]
    fn records_of_either_type_come_in_file_order() {
        let text = "a A 192.0.2.1\nb AAAA 2001:db8::1\nb MX 10 a\nc A 192.0.2.2\nc AAAA 2001:db8::2\nd TXT x\n";
        let example = parsed("example.", text);
        let index = ZoneIndex::new(&example);
        let owners = |records: Vec<&Record>| -> Vec<String> {
            records
                .iter()
                .map(|r| format!("{} {}", r.owner.first_label(), r.rtype))
                .collect()
        };
        assert_eq!(
            owners(index.of_either_type(RType::A, RType::AAAA).collect()),
            ["a A", "b AAAA", "c A", "c AAAA"]
        );
        assert_eq!(
            owners(index.of_either_type(RType::AAAA, RType::TXT).collect()),
            ["b AAAA", "c AAAA", "d TXT"]
        );
        assert!(index.of_either_type(RType::NS, RType::SOA).next().is_none());
    }

    /// The kept answers of `record_cut` (owner by owner, with the parent's answer kept) are the
    /// one `cut_above` gives each record, through runs of one owner, an owner written in
    /// another case, owners whose records are apart, and owners in and out of cuts.
    #[test]
    fn record_cuts_agree_with_cut_above() {
        let text = "sub NS ns.sub\nsub A 192.0.2.1\nSUB TXT x\nns.sub A 192.0.2.2\nns.sub AAAA 2001:db8::1\n\
                    www A 192.0.2.3\nwww TXT y\nNs.Sub TXT z\nx.sub.example. MX 0 .\nwww AAAA 2001:db8::2\n\
                    a.b.sub A 192.0.2.4\nc.B.SUB A 192.0.2.5\nb.sub NS ns.b.sub\nd.b.sub A 192.0.2.6\n\
                    b.sub TXT w\ne.b.sub TXT v\na.y A 192.0.2.7\nb.y A 192.0.2.8\nb.Sub TXT u\n\
                    EXAMPLE. NS ns.sub\nother.test. NS ns.other.test.\nx.Other.test. A 192.0.2.9\n";
        let example = parsed("example.", text);
        let index = ZoneIndex::new(&example);
        let answers: Vec<Option<&str>> = example
            .records
            .iter()
            .map(|r| index.record_cut(r))
            .collect();
        let direct: Vec<Option<&str>> = example
            .records
            .iter()
            .map(|r| index.cut_above(&r.owner))
            .collect();
        assert_eq!(answers, direct);
        assert_eq!(answers[2], Some("SUB.example."));
        assert_eq!(answers[7], Some("Sub.example."));
        assert_eq!(answers[5], None);
        // Siblings answered from their parent's kept answer, each as it spells the cut.
        assert_eq!(answers[10], Some("b.sub.example."));
        assert_eq!(answers[11], Some("B.SUB.example."));
        assert_eq!(answers[16..18], [None, None]);
        assert_eq!(answers[18], Some("b.Sub.example."));
        // The apex is no delegation, in any case; an NS owner outside the zone is one.
        assert_eq!(answers[19], None);
        assert_eq!(answers[20], Some("other.test."));
        assert_eq!(answers[21], Some("Other.test."));
        // The records below cuts are those with an answer, in file order.
        let below: Vec<(usize, &str)> = index
            .records_below_cuts()
            .map(|(r, cut)| (example.position_of(r).unwrap(), cut))
            .collect();
        let answered: Vec<(usize, &str)> = answers
            .iter()
            .enumerate()
            .filter_map(|(i, cut)| Some((i, (*cut)?)))
            .collect();
        assert_eq!(below, answered);
        assert_eq!(below.len(), 16);
    }

    /// A lookup answers as a server would: records, a wildcard's records for a name that does
    /// not exist below the closest encloser, an empty non-terminal, a delegation, or nothing.
    #[test]
    fn lookup_finds_records_wildcards_empty_non_terminals_and_delegations() {
        // `www` has records apart (a list of their own), `two` a run of two.
        let text = "www A 192.0.2.1\n*.w A 192.0.2.2\na.b.c TXT x\n\\*.s TXT y\nsub NS ns.sub\nns.sub A 192.0.2.3\n\
                    two A 192.0.2.4\ntwo AAAA 2001:db8::1\nwww TXT z\n";
        let example = parsed("example.", text);
        let index = ZoneIndex::new(&example);
        let answer = |name: &str| match index.lookup(&Name::from_ascii(name).unwrap()) {
            Lookup::Found(records) => {
                let types: Vec<String> = records.iter().map(|r| r.rtype.to_string()).collect();
                format!("found {}", types.join(" "))
            }
            Lookup::Wildcard(records) => {
                format!("wildcard {}", records.iter().next().unwrap().owner)
            }
            Lookup::Delegated => "delegated".into(),
            Lookup::EmptyNonTerminal => "empty".into(),
            Lookup::NxDomain => "nxdomain".into(),
        };
        assert_eq!(answer("WWW.example."), "found A TXT");
        assert_eq!(answer("two.example."), "found A AAAA");
        assert_eq!(answer("x.w.example."), "wildcard *.w.example.");
        // The wildcard covers one level below its parent only when nothing closer exists.
        assert_eq!(answer("y.x.w.example."), "wildcard *.w.example.");
        assert_eq!(answer("b.c.example."), "empty");
        assert_eq!(answer("c.example."), "empty");
        assert_eq!(answer("q.b.c.example."), "nxdomain");
        // `\*` is the same one-octet label as `*` on the wire: a wildcard too.
        assert_eq!(answer("x.s.example."), "wildcard *.s.example.");
        assert_eq!(answer("mail.sub.example."), "delegated");
        // The delegation point's own records (its NS) are found, as glue is.
        assert_eq!(answer("SUB.example."), "found NS");
        assert_eq!(answer("ns.sub.example."), "found A");
        assert_eq!(answer("nothing.example."), "nxdomain");
        assert_eq!(answer("www.example.net."), "nxdomain");
    }

    /// In the root zone the wildcard `*.` covers a top-level name that does not exist.
    #[test]
    fn lookup_finds_the_root_zones_wildcard() {
        let text = "* TXT x\ncom NS a.gtld-servers.net.\n";
        let root = parsed(".", text);
        let index = ZoneIndex::new(&root);
        let lookup = |name: &str| index.lookup(&Name::from_ascii(name).unwrap());
        assert!(
            matches!(lookup("example."), Lookup::Wildcard(records) if records.iter().next().unwrap().owner.as_str() == "*.")
        );
        assert!(matches!(lookup("www.com."), Lookup::Delegated));
    }

    /// The owner table built on two threads is the one built on one: the same slots in the
    /// same order, the same records in each, every owner found, whatever the case it is
    /// written in, the owners scattered or not. So are the type lists (types past 255 too),
    /// the delegations and each owner's first DNAME.
    #[test]
    fn an_owner_table_built_in_two_halves_is_the_one_built_whole() {
        let mut text = String::new();
        for n in 0..400 {
            text.push_str(&format!("host{n} A 192.0.2.1\n"));
            if n % 7 == 0 {
                // Back to an earlier owner, in another case: a scattered slot.
                text.push_str(&format!("HOST{} TXT x\n", n / 2));
            }
            if n % 11 == 0 {
                text.push_str(&format!("*.w{n} A 192.0.2.2\n"));
            }
            if n % 13 == 0 {
                text.push_str(&format!(
                    "d{n} NS ns.d{n}\nd{n} CAA 0 issue \"ca.example\"\n"
                ));
            }
            if n % 90 == 0 {
                text.push_str(&format!("dn{} DNAME target{n}.example.\n", n % 180));
            }
            if n % 17 == 0 {
                text.push_str(&format!(
                    "_dmarc.m{n} TXT \"v=DMARC1; p=none\"\nm{n}._report._dmarc TXT \"v=DMARC1;\"\n"
                ));
            }
            if n % 19 == 0 {
                text.push_str("IN TXT \"v=spf1 -all\"\n");
            }
            if n % 23 == 0 {
                text.push_str(&format!("t{n}.example.com.example.com. TXT x\n"));
            }
        }
        let zone = parsed("example.com.", &text);
        let whole = ZoneIndex::build_split_from(&zone, usize::MAX);
        let halves = ZoneIndex::build_split_from(&zone, 0);
        assert!(halves.by_owner.iter().all(|table| !table.is_empty()));
        let slots = |index: &ZoneIndex<'_>| -> Vec<Vec<u32>> {
            (0..index.slots.len() as u32)
                .map(|slot| index.slot_records(slot).collect())
                .collect()
        };
        assert_eq!(slots(&whole), slots(&halves));
        assert!(whole.slots.iter().any(|slot| slot.len == SCATTERED));
        for record in &zone.records {
            let upper = Name::from_ascii(&record.owner.as_str().to_ascii_uppercase()).unwrap();
            assert_eq!(whole.slot_of(&upper), halves.slot_of(&upper));
            assert!(halves.slot_of(&upper).is_some(), "{upper}");
        }
        let missing = Name::from_ascii("nowhere.example.com.").unwrap();
        assert_eq!(halves.slot_of(&missing), None);
        for rtype in [RType::A, RType::TXT, RType::NS, RType::CAA, RType::DNAME] {
            let listed = |index: &ZoneIndex<'_>| index.by_type.get(&rtype).cloned();
            assert!(listed(&whole).is_some_and(|list| list.len() > 1), "{rtype}");
            assert_eq!(listed(&whole), listed(&halves), "{rtype}");
        }
        assert_eq!(whole.by_type.len(), halves.by_type.len());
        assert_eq!(whole.cuts, halves.cuts);
        assert_eq!(whole.dnames, halves.dnames);
        assert_eq!(whole.dnames.len(), 2);
        // Two records at DMARC names every 17 hosts, one misread owner every 19.
        assert_eq!(whole.dmarc_named.len(), 2 * 400_usize.div_ceil(17));
        assert_eq!(whole.dmarc_named, halves.dmarc_named);
        assert_eq!(whole.owners_maybe_misread.len(), 400_usize.div_ceil(19));
        assert_eq!(whole.owners_maybe_misread, halves.owners_maybe_misread);
        // An owner written twice every 23 hosts.
        assert_eq!(whole.owners_written_twice.len(), 400_usize.div_ceil(23));
        assert_eq!(whole.owners_written_twice, halves.owners_written_twice);
    }

    /// An owner's run that the two halves of a split build cut in two is still one run of
    /// records, not a scattered list.
    #[test]
    fn a_run_cut_by_the_halves_stays_one_run() {
        let zone = parsed(
            "example.",
            "a A 192.0.2.1\nb A 192.0.2.2\nb TXT x\nb MX 0 .\nc A 192.0.2.3\n",
        );
        let whole = ZoneIndex::build_split_from(&zone, usize::MAX);
        let halves = ZoneIndex::build_split_from(&zone, 0);
        let b = Name::from_ascii("b.example.").unwrap();
        for index in [&whole, &halves] {
            let slot = index.slot_of(&b).unwrap();
            assert_eq!(index.slot_records(slot).collect::<Vec<_>>(), [1, 2, 3]);
            assert_ne!(index.slots[slot as usize].len, SCATTERED);
            assert!(index.scattered.is_empty());
        }
    }

    /// Many zones must not make each lookup slower: `zone_for` probes a name's suffixes in
    /// the apex map, so the probes per lookup depend on the name's depth, not on how many
    /// zones there are (a scan over 4,000 zones was what made large repositories quadratic).
    #[test]
    fn zone_for_probes_the_apex_index_instead_of_scanning_zones() {
        let zones: Vec<Zone> = (0..4000)
            .map(|n| zone(&format!("zone{n}.example.")))
            .collect();
        let sources = SourceMap::default();
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let from = &project.zones[0];
        for (n, zone) in zones.iter().enumerate() {
            let name = Name::from_ascii(&format!("Mail.ZONE{n}.example.")).unwrap();
            let found = project.zone_for(&name, from).expect("the zone is linted");
            assert_eq!(found.zone.apex, zone.apex);
        }
        // mail.zoneN.example. misses, zoneN.example. hits: two probes per lookup, except in
        // the asking zone, which holds its own names without a probe.
        assert_eq!(project.apex_probes(), 2 * 3999);
        let outside = Name::from_ascii("mail.example.net.").unwrap();
        assert!(project.zone_for(&outside, from).is_none());
        assert_eq!(project.apex_probes(), 2 * 3999 + 4);
    }

    /// The names SPF records include are read once for the run, not once per zone that asks
    /// (SPF006 and MX021 each asked of every zone, reading every zone's records: 4,000 zones
    /// with a sending subdomain took 5 s and 4 s).
    #[test]
    fn spf_references_are_read_once_for_the_run() {
        let zones: Vec<Zone> = (0..500)
            .map(|n| {
                parsed(
                    &format!("zone{n}.example."),
                    "@ MX 10 mail\nmail A 192.0.2.1\n@ TXT \"v=spf1 mx include:_spf -all\"\n\
                     _spf TXT \"v=spf1 ip4:192.0.2.0/24\"\nmg TXT \"v=spf1 include:mailgun.org ~all\"\n",
                )
            })
            .collect();
        let sources = SourceMap::default();
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let mut out = Vec::new();
        for code in ["MX021", "SPF006"] {
            let check = crate::rules::find(code).unwrap().check.unwrap();
            for zone in &project.zones {
                check(&project, zone, &mut out);
            }
        }
        assert_eq!(out.iter().filter(|d| d.rule.code == "MX021").count(), 500);
        assert_eq!(project.spf_reference_reads.load(Ordering::Relaxed), 500);
    }

    /// A file read as the root zone that holds names below `com.` but nothing at `com.`
    /// (an export with `$ORIGIN .` and `@ SOA`) answers for none of the other names of the
    /// DNS; a root zone that delegates a TLD answers below it, as the root zone does.
    #[test]
    fn a_root_zone_answers_only_below_the_top_level_domains_it_holds() {
        let zones = vec![
            parsed(
                ".",
                "@ SOA ns h 1 2 3 4 5\nexample.com. MX 10 mx1.emailsrvr.com.\n",
            ),
            parsed(
                ".",
                "@ SOA ns h 1 2 3 4 5\norg. NS a0.org.afilias-nst.info.\n",
            ),
            zone("example.net."),
        ];
        let sources = SourceMap::default();
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let name = |text: &str| Name::from_ascii(text).unwrap();
        let export = &project.zones[0];
        assert!(
            project
                .zone_for(&name("_spf.google.com."), export)
                .is_none()
        );
        assert!(project.zone_for(&name("example.com."), export).is_none());
        let net = project
            .zone_for(&name("mail.example.net."), export)
            .unwrap();
        assert_eq!(net.zone.apex, name("example.net."));
        let root = &project.zones[1];
        let org = project.zone_for(&name("wikipedia.org."), root).unwrap();
        assert!(std::ptr::eq(org.zone, root.zone));
        // A root zone of its apex alone (BIND's zonechecks/nxdomain.db) answers for `ns.`,
        // which it says does not exist.
        let apex_only = vec![parsed(".", "@ SOA ns h 1 2 3 4 5\n@ NS ns\n")];
        let project = Project::new(&apex_only, &sources, Catalog::builtin(), 1);
        let root = &project.zones[0];
        assert!(project.zone_for(&name("ns."), root).is_some());
    }

    #[test]
    fn zone_for_prefers_the_asking_zone_among_equals_and_refuses_to_guess_otherwise() {
        let zones = vec![
            zone("example.com."),
            zone("EXAMPLE.com."),
            zone("sub.example.com."),
        ];
        let sources = SourceMap::default();
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let name = Name::from_ascii("www.example.com.").unwrap();
        let second = &project.zones[1];
        assert!(std::ptr::eq(
            project.zone_for(&name, second).unwrap().zone,
            &zones[1]
        ));
        // Asked from the subzone, the two equal copies cannot be told apart.
        assert!(project.zone_for(&name, &project.zones[2]).is_none());
        let deeper = Name::from_ascii("a.sub.example.com.").unwrap();
        assert!(std::ptr::eq(
            project.zone_for(&deeper, second).unwrap().zone,
            &zones[2]
        ));
    }
}
