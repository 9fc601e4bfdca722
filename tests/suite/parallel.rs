//! Threads change how fast zonelint runs, never what it says: the same findings, in the
//! same order, with one thread and with several, over repositories of every kind (many zone
//! files, includes, octoDNS, the BIND and octoDNS corpora). The report is sorted, so order is
//! checked where the rules' findings come out, before any sorting.

use std::path::{Path, PathBuf};

use zonelint::CheckOptions;
use zonelint::catalog::Catalog;
use zonelint::lint::{RuleSettings, lint_with};
use zonelint::report::{Format, FullStyle, render};

fn render_json(dir: &Path, threads: usize) -> String {
    let options = CheckOptions {
        paths: vec![dir.to_path_buf()],
        cwd: dir.to_path_buf(),
        threads,
        ..Default::default()
    };
    let outcome = zonelint::check(&options).expect("the fixture loads");
    let mut out = Vec::new();
    render(Format::Json, &outcome, FullStyle::plain(), false, &mut out).expect("JSON renders");
    String::from_utf8(out).expect("JSON is UTF-8")
}

#[test]
fn findings_are_the_same_whatever_the_number_of_threads() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for dir in ["examples", "corpus", "repos", "rules"] {
        let dir = root.join(dir);
        let one = render_json(&dir, 1);
        assert!(
            one.contains("\"code\""),
            "{} has findings to compare",
            dir.display()
        );
        for threads in [2, 3, 8] {
            assert!(
                render_json(&dir, threads) == one,
                "{} gives other findings with {threads} threads",
                dir.display()
            );
        }
    }
}

/// A zone file large enough to be parsed in pieces, one per thread, with what makes the
/// pieces hard to join: `$ORIGIN` and `$TTL` changes, records over several lines, mistakes.
#[test]
fn a_large_zone_parsed_in_pieces_gives_the_findings_of_one_parse() {
    let temp = tempfile::tempdir().unwrap();
    let mut zone = String::from(
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ NS ns1\n@ NS ns2.example.net.\nns1 A 192.0.2.1\n",
    );
    for department in 0..2000 {
        zone.push_str(&format!("$ORIGIN d{department}.example.com.\n"));
        if department % 50 == 7 {
            zone.push_str(&format!("$TTL {}\n", 60 + department));
        }
        for host in 0..20 {
            zone.push_str(&format!(
                "h{host} A 198.51.100.{host}\n\tAAAA 2001:db8::{host:x}\n"
            ));
        }
        zone.push_str("@ MX 10 mail\n@ MX 20 alias\nmail A 192.0.2.25\nalias CNAME mail\n");
        zone.push_str("@ TXT \"v=spf1 mx -all\"\n_dmarc TXT \"v=DMARC1; p=none\"\n");
        zone.push_str("k._domainkey TXT ( \"v=DKIM1; k=rsa; \"\n\t\"p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALq5li7B7tyRbDNUw/eW0X3vSsKfekRvmjRI2sKzjgD0Mnxjfc0W1ORJJReZnFYzKp39p6W2+MVHFkqemFm8B0UCAwEAAQ==\" )\n");
        zone.push_str("www CNAME h1.example.com\nbad A 192.0.2.256\n");
    }
    assert!(zone.len() > 2 << 20, "{} bytes: not cut", zone.len());
    std::fs::write(temp.path().join("example.com.zone"), &zone).unwrap();
    let one = render_json(temp.path(), 1);
    assert!(one.contains("\"code\""), "findings to compare");
    for threads in [2, 3] {
        assert!(
            render_json(temp.path(), threads) == one,
            "other findings with {threads} threads"
        );
    }
}

/// Every rule's findings over `dir`, as `lint_with` returns them: in zone order, then rule
/// order, unsorted.
fn lint_unsorted(dir: &Path, threads: usize) -> String {
    let options = CheckOptions {
        paths: vec![dir.to_path_buf()],
        cwd: dir.to_path_buf(),
        threads: 1,
        ..Default::default()
    };
    let workspace = zonelint::load(&options).expect("the fixture loads");
    let found = lint_with(
        &workspace.zones,
        &workspace.sources,
        Catalog::builtin(),
        &RuleSettings::default(),
        threads,
        |_| true,
    );
    assert!(
        !found.is_empty(),
        "{} has findings to compare",
        dir.display()
    );
    format!("{found:#?}")
}

#[test]
fn the_rules_findings_come_out_in_the_same_order_whatever_the_number_of_threads() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    // Few zones (each zone and rule a piece of work) and many (a zone a piece of work).
    for dir in ["examples", "corpus"] {
        let dir = root.join(dir);
        let one = lint_unsorted(&dir, 1);
        for threads in [2, 8] {
            assert!(
                lint_unsorted(&dir, threads) == one,
                "{}: the findings come out in another order with {threads} threads",
                dir.display()
            );
        }
    }
}
