//! What the index reads once for several rules (MX sets, SPF records, where targets lead...),
//! with the rules that read it.
//!
//! Each reading is made on first use, and a rule that asks for one while another thread makes
//! it waits. When the rules of one zone run on several threads (a run over few zones), the
//! readings the enabled rules need are handed out first, one task each, before any rule: on
//! the 1,000,000-record zone the threads otherwise waited some 90 ms for each other (MX hosts,
//! SPF records, target places), and the rules now end 7% sooner there. The cost is memory:
//! made together, the readings' passing allocations meet, and that zone's peak at two threads
//! rose by 8 MiB or more (medians of 8 runs, 323 MiB against 315); with a sparser line index
//! (`source::LineIndex`) and finding messages kept at their size (`diagnostic`) it is 318-322
//! MiB in 6 runs, against 308-316 (and once 339) before.
//!
//! A reading listed for a rule that does not read it only costs its making; a rule that reads
//! one it is not listed for may wait: a test holds the lists to what each rule reads on a zone
//! that has some of everything. (Rules that read a reading only for rare records, DS or DNAME
//! or a null MX, are not listed: they seldom read it, and when they do, the rules that always
//! read it have had it made.)

use crate::index::{Project, ZoneIndex};

/// One shared reading of a zone.
pub struct Reading {
    /// Its name, as tests ask the index which readings a rule made.
    pub name: &'static str,
    /// The codes of the rules that read it.
    pub read_by: &'static [&'static str],
    /// Makes it (and the readings it is made from).
    pub make: for<'a> fn(&Project<'a>, &ZoneIndex<'a>),
}

impl Reading {
    /// Does a rule of one of `codes` read it?
    pub fn wanted_by<'c>(&self, mut codes: impl Iterator<Item = &'c str>) -> bool {
        codes.any(|code| self.read_by.contains(&code))
    }
}

/// Every shared reading, the slowest to make first (on the 1,000,000-record zone, one thread:
/// MX sets and hosts 50 ms, SRV and NS target places 48 and 40, record cuts 40, MX exchange
/// places 39, RRsets 30, SPF records 30, DKIM keys 28, DMARC records 20), so that the last
/// ones handed out are short and no thread is left making one while the other has nothing.
pub static READINGS: &[Reading] = &[
    Reading {
        name: "MX hosts",
        read_by: &[
            "MAIL001",
            "MX001",
            "MX002",
            "MX003",
            "MX004",
            "MX008",
            "MX009",
            "MX012",
            "MX013",
            "MX017",
            "MX018",
            "MX022",
            "MX023",
            "MX024",
            "MTASTS002",
            "SPF001",
        ],
        make: |project, zone| {
            let _ = zone.mx_hosts(project).next();
        },
    },
    Reading {
        name: "SRV target places",
        read_by: &["ZONE028", "ZONE030", "ZONE048"],
        make: |project, zone| {
            let kind = crate::rules::zone::targets::Resolvable::Srv;
            let _ = crate::rules::zone::targets::resolved(project, zone, kind).next();
        },
    },
    Reading {
        name: "NS target places",
        read_by: &["ZONE025", "ZONE027", "ZONE031", "ZONE048", "ZONE056"],
        make: |project, zone| {
            let kind = crate::rules::zone::targets::Resolvable::Ns;
            let _ = crate::rules::zone::targets::resolved(project, zone, kind).next();
        },
    },
    Reading {
        name: "record cuts",
        read_by: &["ZONE027", "ZONE031", "ZONE032", "ZONE033"],
        make: |_, zone| {
            let _ = zone.records_below_cuts().next();
        },
    },
    Reading {
        name: "MX exchange places",
        read_by: &["MX005", "MX007", "MX015", "MX016", "MX025", "ZONE048"],
        make: |project, zone| {
            let _ = crate::rules::mx::resolved_mx(project, zone).next();
        },
    },
    Reading {
        name: "RRsets",
        read_by: &[
            "ZONE007", "ZONE009", "ZONE010", "ZONE013", "ZONE014", "ZONE015", "ZONE021",
        ],
        make: |_, zone| {
            let _ = zone.rrsets().next();
        },
    },
    Reading {
        name: "SPF records",
        read_by: &[
            "DMARC005", "SPF002", "SPF003", "SPF004", "SPF005", "SPF006", "SPF007", "SPF008",
            "SPF009", "SPF010", "SPF012", "SPF014", "SPF015", "MX021", "ZONE048", "DKIM007",
        ],
        make: |_, zone| {
            // The records and where each owner's are: rules ask for both.
            let _ = zone.spf_at(&zone.zone.apex);
        },
    },
    Reading {
        name: "DKIM keys",
        read_by: &[
            "DKIM001", "DKIM002", "DKIM003", "DKIM004", "DKIM007", "DMARC005", "MAIL003",
        ],
        make: |_, zone| {
            let _ = zone.dkim_keys();
        },
    },
    Reading {
        name: "DMARC records",
        read_by: &[
            "BIMI002", "DMARC001", "DMARC002", "DMARC003", "DMARC004", "DMARC006", "DMARC007",
        ],
        make: |_, zone| {
            // The records and their groups by name: rules ask for both.
            let _ = crate::rules::dmarc::dmarc_by_owner(zone).next();
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::rules::RULES;
    use crate::source::{SourceFile, SourceMap};

    /// Each rule, run alone on a zone with some of everything, makes exactly the readings it
    /// is listed for: none it is not listed for (which it would wait on) and every one it is
    /// (else the list makes readings no rule reads).
    #[test]
    fn each_rule_is_listed_for_what_it_reads() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/generated/mixed.zone");
        let text = std::fs::read(path).expect("the generated fixture zone");
        let mut sources = SourceMap::default();
        sources.add(SourceFile::new(
            path.into(),
            "mixed.zone".into(),
            text.clone(),
        ));
        let parsed = crate::parse::zonefile::parse(
            crate::source::FileId(0),
            &text,
            crate::parse::zonefile::ParseState::default(),
            &crate::parse::zonefile::ParseOptions::default(),
        );
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let zones = vec![crate::model::Zone {
            records: parsed.records,
            ..crate::index::tests::parsed("example.com.", "")
        }];
        let mut unlisted = Vec::new();
        let mut unread = Vec::new();
        for rule in RULES {
            let Some(check) = rule.check else {
                continue;
            };
            let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
            crate::rules::names::missing_trailing_dot::mark_meant_names(&project, 1);
            check(&project, &project.zones[0], &mut Vec::new());
            let made = project.zones[0].readings_made();
            for name in &made {
                let listed = READINGS
                    .iter()
                    .any(|r| r.name == *name && r.read_by.contains(&rule.code));
                if !listed {
                    unlisted.push(format!("{} {name}", rule.code));
                }
            }
            for reading in READINGS.iter().filter(|r| r.read_by.contains(&rule.code)) {
                if !made.contains(&reading.name) {
                    unread.push(format!("{} {}", rule.code, reading.name));
                }
            }
        }
        assert!(unlisted.is_empty(), "made but not listed: {unlisted:?}");
        assert!(unread.is_empty(), "listed but not made: {unread:?}");
    }

    /// Every reading is one the index makes, named as the index names it, and each is made
    /// by its `make`.
    #[test]
    fn every_reading_is_made_by_its_make() {
        let text = "@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\nsub NS ns.sub\n";
        let zones = vec![crate::index::tests::parsed("example.com.", text)];
        let sources = SourceMap::default();
        for reading in READINGS {
            let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
            (reading.make)(&project, &project.zones[0]);
            assert_eq!(project.zones[0].readings_made(), [reading.name]);
        }
    }
}
