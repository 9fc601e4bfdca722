//! Print `domain`'s reading of each corpus file that BIND accepts (expectations.tsv), one
//! row per record, for tests/suite/corpus.rs. Names are written as `domain` displays them;
//! the test makes them canonical. See Cargo.toml for how to run it.

use std::path::Path;
use std::str::FromStr;

use domain::base::Name;
use domain::rdata::ZoneRecordData as Z;
use domain::zonefile::inplace::{Entry, ScannedRecordData, Zonefile};

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus");
    let table = std::fs::read_to_string(corpus.join("expectations.tsv"))
        .expect("fixtures/corpus/expectations.tsv");
    println!(
        "# NLnet Labs' domain 0.12.3 reading the corpus files expectations.tsv says BIND accepts."
    );
    println!("# Written by tools/corpus-domain-view; regenerate from the repository root with");
    println!(
        "#   cargo run --locked --manifest-path tools/corpus-domain-view/Cargo.toml > fixtures/corpus/domain-view.tsv"
    );
    println!("# `file PATH records N` is followed by its N records (owner, type number, then the");
    println!(
        "# RDATA fields of A, AAAA, NS, CNAME, DNAME, PTR, MX, SRV, SOA and TXT, a TXT string as x<hex>;"
    );
    println!(
        "# other types none); `file PATH skipped WHY`: domain refused the file or it includes another."
    );
    for line in table.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (path, origin, verdict) = (fields[0], fields[1], fields[3]);
        if verdict != "accept" {
            continue;
        }
        match read(&corpus.join(path), origin) {
            Ok(records) => {
                println!("file\t{path}\trecords\t{}", records.len());
                for record in records {
                    for field in &record {
                        assert!(
                            !field.contains(['\t', '\n', '\r']),
                            "{path}: field {field:?} would break the table"
                        );
                    }
                    println!("{}", record.join("\t"));
                }
            }
            Err(why) => println!("file\t{path}\tskipped\t{}", why.replace(['\t', '\n'], " ")),
        }
    }
}

/// The records of one file: owner, type number, RDATA fields.
fn read(path: &Path, origin: &str) -> Result<Vec<Vec<String>>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut zone = Zonefile::new().allow_invalid();
    zone.extend_from_slice(&bytes);
    let origin = if origin == "." {
        ".".to_string()
    } else {
        format!("{origin}.")
    };
    let origin: Name<bytes::Bytes> = Name::from_str(&origin).map_err(|e| format!("origin: {e}"))?;
    zone.set_origin(origin);
    let mut out = Vec::new();
    loop {
        match zone.next_entry() {
            Ok(Some(Entry::Record(record))) => {
                let mut row = vec![
                    record.owner().to_string(),
                    record.rtype().to_int().to_string(),
                ];
                row.extend(rdata_fields(record.data()));
                out.push(row);
            }
            Ok(Some(Entry::Include { .. })) => return Err("it includes another file".into()),
            Ok(None) => return Ok(out),
            Err(e) => return Err(format!("domain refuses it: {e}")),
        }
    }
}

fn rdata_fields(data: &ScannedRecordData) -> Vec<String> {
    match data {
        Z::A(a) => vec![a.addr().to_string()],
        Z::Aaaa(a) => vec![a.addr().to_string()],
        Z::Ns(ns) => vec![ns.nsdname().to_string()],
        Z::Cname(c) => vec![c.cname().to_string()],
        Z::Dname(d) => vec![d.dname().to_string()],
        Z::Ptr(p) => vec![p.ptrdname().to_string()],
        Z::Mx(mx) => vec![mx.preference().to_string(), mx.exchange().to_string()],
        Z::Srv(srv) => vec![
            srv.priority().to_string(),
            srv.weight().to_string(),
            srv.port().to_string(),
            srv.target().to_string(),
        ],
        Z::Soa(soa) => vec![
            soa.mname().to_string(),
            soa.rname().to_string(),
            soa.serial().into_int().to_string(),
            soa.refresh().as_secs().to_string(),
            soa.retry().as_secs().to_string(),
            soa.expire().as_secs().to_string(),
            soa.minimum().as_secs().to_string(),
        ],
        // Each string as `x` and its bytes in hex, so that any byte survives the table.
        Z::Txt(txt) => txt
            .iter()
            .map(|s| {
                let hex: String = s.iter().map(|b| format!("{b:02x}")).collect();
                format!("x{hex}")
            })
            .collect(),
        _ => Vec::new(),
    }
}
