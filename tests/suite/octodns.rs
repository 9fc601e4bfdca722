//! octoDNS YAML: parser edge cases (fixtures/parse/octodns/<case>/, each a small repository
//! snapshotted with its records, the position of every field, and every diagnostic), the
//! limits that keep hostile YAML cheap, and the same MX set written as a zone file and as
//! octoDNS YAML giving the same findings.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zonelint::diagnostic::Diagnostic;
use zonelint::model::{RData, ZoneFormat};
use zonelint::source::SourceMap;
use zonelint::{CheckOptions, Workspace};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/octodns")
}

fn options(paths: Vec<PathBuf>, cwd: &Path) -> CheckOptions {
    CheckOptions {
        paths,
        cwd: cwd.to_path_buf(),
        origin: None,
        config: Default::default(),
        only_zones: false,
        stdin_filename: None,
        include_dir: None,
        limits: Default::default(),
        ..Default::default()
    }
}

use crate::common;
use common::{at, rdata};

fn describe(sources: &SourceMap, d: &Diagnostic) -> String {
    let mut line = format!(
        "{} {} [{}] {}",
        at(sources, d.span),
        d.rule.code,
        d.severity,
        d.message
    );
    for label in &d.labels {
        write!(
            line,
            "\n    label {}: {}",
            at(sources, label.span),
            label.message
        )
        .unwrap();
    }
    if let Some(help) = &d.help {
        write!(line, "\n    help: {help}").unwrap();
    }
    line
}

/// Records with field positions, then every diagnostic (input problems and rule findings).
fn dump(dir: &Path) -> String {
    let ws: Workspace = zonelint::load(&options(vec![dir.to_path_buf()], dir)).unwrap();
    let outcome = zonelint::check(&options(vec![dir.to_path_buf()], dir)).unwrap();
    let mut out = String::new();
    let mut zones: Vec<_> = ws.zones.iter().collect();
    zones.sort_by_key(|z| z.apex.to_string());
    for zone in zones {
        assert_eq!(zone.format, ZoneFormat::OctoDns);
        let files: Vec<&str> = zone
            .files
            .iter()
            .map(|f| ws.sources.get(*f).display_path.as_str())
            .collect();
        writeln!(
            out,
            "zone {} ({} records) from {}",
            zone.apex,
            zone.records.len(),
            files.join(", ")
        )
        .unwrap();
        for record in &zone.records {
            assert_eq!(
                record.relative_fields, 0,
                "octoDNS names are never relative"
            );
            let fields: Vec<String> = (0..record.spans.field_count())
                .map(|i| at(&ws.sources, record.field_span(i)))
                .collect();
            writeln!(
                out,
                "  {} {} {} {} {} | {} | fields at {}",
                at(&ws.sources, record.owner_span()),
                record.owner,
                record.ttl,
                record.class,
                record.rtype,
                rdata(record),
                fields.join(", ")
            )
            .unwrap();
        }
    }
    for d in &outcome.diagnostics {
        writeln!(out, "{}", describe(&outcome.sources, d)).unwrap();
    }
    out
}

#[test]
fn octodns_edge_cases() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("octodns_case_{name}"), dump(&case));
    }
}

/// A scratch directory under the system's temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("zonelint-octodns-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Load one file and return the diagnostics with the time it took.
fn load_timed(scratch: &Scratch, path: PathBuf) -> (Vec<Diagnostic>, Duration) {
    let started = Instant::now();
    let ws = zonelint::load(&options(vec![path], &scratch.0)).unwrap();
    (ws.diagnostics, started.elapsed())
}

#[test]
fn hostile_yaml_ends_with_one_diagnostic_in_bounded_time() {
    let scratch = Scratch::new("limits");
    let limit = Duration::from_secs(10);

    // Nine levels of ten aliases each: a billion nodes if expanded.
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let (diagnostics, took) = load_timed(
        &scratch,
        scratch.write("bomb.example.com.yaml", bomb.as_bytes()),
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].rule.code, "SYN011");
    assert!(
        diagnostics[0].message.contains("aliases"),
        "{}",
        diagnostics[0].message
    );
    assert!(took < limit, "alias bomb took {took:?}");

    for (name, text) in [
        (
            "flow.example.com.yaml",
            "a: ".to_string() + &"[".repeat(5_000),
        ),
        (
            "block.example.com.yaml",
            (0..2_000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect(),
        ),
    ] {
        let (diagnostics, took) = load_timed(&scratch, scratch.write(name, text.as_bytes()));
        assert_eq!(diagnostics.len(), 1, "{name}: {diagnostics:?}");
        assert!(
            diagnostics[0].message.contains("nested"),
            "{name}: {}",
            diagnostics[0].message
        );
        assert!(took < limit, "{name} took {took:?}");
    }

    // A limit hit at a multi-byte character: the diagnostic still renders in every format.
    let deep_non_ascii: String = (0..70)
        .map(|i| format!("{}é{i}:\n", "  ".repeat(i)))
        .collect();
    for (name, text) in [
        ("deep-non-ascii.example.com.yaml", deep_non_ascii),
        (
            "second-document.example.com.yaml",
            "a: 1\n...\né: 2\n".to_string(),
        ),
    ] {
        let path = scratch.write(name, text.as_bytes());
        let outcome = zonelint::check(&options(vec![path], &scratch.0)).unwrap();
        assert!(!outcome.diagnostics.is_empty(), "{name}");
        for &format in <zonelint::report::Format as clap::ValueEnum>::value_variants() {
            let style = zonelint::report::FullStyle::plain();
            zonelint::report::render(format, &outcome, style, true, &mut Vec::new()).unwrap();
        }
    }

    // Over the size limit: refused unread.
    let huge = "# padding\n".repeat(1_200_000);
    let (diagnostics, took) = load_timed(
        &scratch,
        scratch.write("huge.example.com.yaml", huge.as_bytes()),
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics[0].message.contains("12,000,000 bytes"),
        "{}",
        diagnostics[0].message
    );
    assert!(took < limit, "huge file took {took:?}");

    // Garbage on every line: a bounded number of syntax errors, not one per line.
    let garbage = "a: [\n  b: }\n\tc: '\n".repeat(2_000);
    let (diagnostics, took) = load_timed(
        &scratch,
        scratch.write("garbage.example.com.yaml", garbage.as_bytes()),
    );
    assert!(
        !diagnostics.is_empty() && diagnostics.len() <= 11,
        "{}",
        diagnostics.len()
    );
    assert!(took < limit, "garbage took {took:?}");

    // A large valid zone is read completely.
    let mut zone = String::new();
    for i in 0..5_000 {
        zone.push_str(&format!(
            "host{i:05}:\n  type: A\n  value: 192.0.2.{}\n",
            i % 250
        ));
    }
    let started = Instant::now();
    let ws = zonelint::load(&options(
        vec![scratch.write("big.example.com.yaml", zone.as_bytes())],
        &scratch.0,
    ))
    .unwrap();
    assert_eq!(ws.zones[0].records.len(), 5_000);
    assert!(ws.diagnostics.is_empty(), "{:?}", ws.diagnostics);
    assert!(
        started.elapsed() < limit,
        "5000 records took {:?}",
        started.elapsed()
    );
}

/// What a host name is in a generated zone.
#[derive(Clone, Copy, Debug)]
enum Host {
    Address(u8),
    Alias(&'static str),
    Text,
}

/// One zone described once and written both as a zone file and as octoDNS YAML.
#[derive(Debug)]
struct Description {
    /// (owner relative to the zone, "" for the apex; preference; exchange, absolute)
    mx: Vec<(&'static str, u16, String)>,
    hosts: Vec<(&'static str, Host)>,
}

const APEX: &str = "example.com.";

fn absolute(relative: &str) -> String {
    if relative.is_empty() {
        APEX.to_string()
    } else {
        format!("{relative}.{APEX}")
    }
}

fn as_zone_file(zone: &Description) -> String {
    let mut out = format!("$ORIGIN {APEX}\n$TTL 3600\n");
    for (owner, preference, exchange) in &zone.mx {
        writeln!(out, "{} IN MX {preference} {exchange}", absolute(owner)).unwrap();
    }
    for (name, host) in &zone.hosts {
        let owner = absolute(name);
        match host {
            Host::Address(n) => writeln!(out, "{owner} IN A 192.0.2.{n}").unwrap(),
            Host::Alias(target) => writeln!(out, "{owner} IN CNAME {}", absolute(target)).unwrap(),
            Host::Text => writeln!(out, "{owner} IN TXT \"not a host\"").unwrap(),
        }
    }
    out
}

fn as_octodns(zone: &Description) -> String {
    // Each name's records, then the names in octoDNS's (natural) order.
    let mut names: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    let mut mx_sets: std::collections::BTreeMap<&str, Vec<(u16, &str)>> = Default::default();
    for (owner, preference, exchange) in &zone.mx {
        mx_sets
            .entry(owner)
            .or_default()
            .push((*preference, exchange));
    }
    for (owner, set) in mx_sets {
        let mut record = String::from("  - type: MX\n    values:\n");
        for (preference, exchange) in set {
            writeln!(
                record,
                "      - exchange: {exchange}\n        preference: {preference}"
            )
            .unwrap();
        }
        names.entry(owner).or_default().push(record);
    }
    for (name, host) in &zone.hosts {
        let record = match host {
            Host::Address(n) => format!("  - type: A\n    value: 192.0.2.{n}\n"),
            Host::Alias(target) => format!("  - type: CNAME\n    value: {}\n", absolute(target)),
            Host::Text => "  - type: TXT\n    value: not a host\n".to_string(),
        };
        names.entry(name).or_default().push(record);
    }
    let mut keys: Vec<&str> = names.keys().copied().collect();
    keys.sort_by(|a, b| natural(a, b));
    let mut out = String::from("---\n");
    for key in keys {
        let mut records = names[key].clone();
        // Types in order: A, CNAME, MX, TXT.
        records.sort();
        writeln!(out, "'{key}':").unwrap();
        for record in records {
            out.push_str(&record);
        }
    }
    out
}

/// natsort's order for the simple names used here (letters, digits, dots, hyphens).
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(s: &str) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut text = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() {
                let mut digits = c.to_string();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push((std::mem::take(&mut text), digits.parse().unwrap()));
            } else {
                text.push(c);
            }
        }
        out.push((text, 0));
        out
    }
    key(a).cmp(&key(b))
}

/// The findings of the mail and name rules, without positions.
fn findings(path: PathBuf, cwd: &Path) -> Vec<(String, String, String, String)> {
    let outcome = zonelint::check(&options(vec![path], cwd)).unwrap();
    let mut out: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| matches!(d.rule.family(), "MX" | "NAME"))
        .map(|d| {
            (
                d.rule.code.to_string(),
                d.rule.name.to_string(),
                d.severity.to_string(),
                d.message.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

fn mx_records(path: PathBuf, cwd: &Path) -> Vec<String> {
    let ws = zonelint::load(&options(vec![path], cwd)).unwrap();
    let mut out: Vec<String> = ws.zones[0]
        .records
        .iter()
        .filter(|r| matches!(r.rdata, RData::Mx { .. }))
        .map(|r| format!("{} {} {}", r.owner, r.ttl, rdata(r)))
        .collect();
    out.sort();
    out
}

/// A small deterministic generator, so failures are reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

fn generated(seed: u64) -> Description {
    const NAMES: &[&str] = &["mail", "mx1", "mx2", "relay", "a.mail", "backup"];
    const OWNERS: &[&str] = &["", "", "sub", "shop"];
    let mut random = Lcg(seed);
    let mut hosts: Vec<(&'static str, Host)> = Vec::new();
    for &name in NAMES {
        let host = match random.next(5) {
            0 | 1 => Host::Address(10 + random.next(200) as u8),
            2 => Host::Alias(NAMES[random.next(NAMES.len())]),
            3 => Host::Text,
            _ => continue,
        };
        if let Host::Alias(target) = host
            && target == name
        {
            continue;
        }
        hosts.push((name, host));
    }
    let mut mx = Vec::new();
    for _ in 0..1 + random.next(5) {
        let owner = OWNERS[random.next(OWNERS.len())];
        let exchange = match random.next(8) {
            0 => ".".to_string(),
            1 => "192.0.2.25.".to_string(),
            2 => "mail.example.net.".to_string(),
            _ => absolute(NAMES[random.next(NAMES.len())]),
        };
        let preference = [0, 10, 20, 30][random.next(4)];
        if !mx
            .iter()
            .any(|(o, _, e): &(&str, u16, String)| *o == owner && *e == exchange)
        {
            mx.push((owner, preference, exchange));
        }
    }
    Description { mx, hosts }
}

#[test]
fn the_same_mx_set_as_zone_file_and_octodns_yaml_gives_the_same_findings() {
    let scratch = Scratch::new("twins");
    let mut cases: Vec<Description> = vec![
        // An alias, an address literal, a host without address, and a mixed null MX.
        Description {
            mx: vec![
                ("", 10, absolute("mail")),
                ("", 20, absolute("relay")),
                ("", 30, "192.0.2.25.".into()),
                ("sub", 0, ".".into()),
                ("sub", 10, absolute("backup")),
            ],
            hosts: vec![
                ("mail", Host::Alias("mx1")),
                ("mx1", Host::Address(25)),
                ("relay", Host::Text),
            ],
        },
    ];
    cases.extend((1..=60).map(generated));
    let mut with_findings = 0;
    for (index, case) in cases.iter().enumerate() {
        let zone_file = scratch.write(
            &format!("{index}/zone/example.com.zone"),
            as_zone_file(case).as_bytes(),
        );
        let yaml = scratch.write(
            &format!("{index}/yaml/example.com.yaml"),
            as_octodns(case).as_bytes(),
        );
        let cwd = scratch.0.join(index.to_string());
        assert_eq!(
            mx_records(zone_file.clone(), &cwd),
            mx_records(yaml.clone(), &cwd),
            "case {index}: {case:?}"
        );
        let from_zone_file = findings(zone_file, &cwd);
        let from_yaml = findings(yaml.clone(), &cwd);
        assert_eq!(
            from_zone_file,
            from_yaml,
            "case {index}: {case:?}\n{}",
            as_octodns(case)
        );
        // The YAML itself is clean octoDNS: nothing but rule findings.
        let input = zonelint::load(&options(vec![yaml], &cwd))
            .unwrap()
            .diagnostics;
        assert!(input.is_empty(), "case {index}: {input:?}");
        if index == 0 {
            let codes: Vec<&str> = from_yaml.iter().map(|f| f.0.as_str()).collect();
            for code in ["MX005", "MX006", "MX007", "MX008"] {
                assert!(codes.contains(&code), "{code} not found: {from_yaml:?}");
            }
        }
        if !from_yaml.is_empty() {
            with_findings += 1;
        }
    }
    // The fixed case finds MX005, MX006, MX007 and MX008; most generated cases find something.
    assert!(
        with_findings > cases.len() / 2,
        "{with_findings} of {}",
        cases.len()
    );
}

/// The rule fixtures written twice: `fixtures/rules/<CODE>/<kind>/<case>.example.com.yaml`
/// that say "The octoDNS twin of <case>.zone." give the same findings as that zone file (the
/// zone's own name and the octoDNS-only OCTO findings aside), so every MX rule reads octoDNS as it reads zone files.
#[test]
fn rule_fixture_twins_give_the_same_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut compared = 0;
    let mut codes = std::collections::BTreeSet::new();
    for code in std::fs::read_dir(&root).unwrap().flatten() {
        for kind in ["pass", "fail"] {
            let Ok(entries) = std::fs::read_dir(code.path().join(kind)) else {
                continue;
            };
            for entry in entries.flatten() {
                let yaml = entry.path();
                let text = std::fs::read_to_string(&yaml).unwrap_or_default();
                let Some(zone_name) = text
                    .lines()
                    .nth(1)
                    .and_then(|l| l.strip_prefix("# The octoDNS twin of "))
                    .and_then(|l| l.strip_suffix('.'))
                else {
                    continue;
                };
                let zone_file = yaml.with_file_name(zone_name);
                // Each pair alone in a directory outside the repository: a named YAML file
                // has the project searched for the octoDNS config and includers, and here that
                // would be the whole repository, twice per pair.
                let alone = tempfile::tempdir().unwrap();
                for file in [&zone_file, &yaml] {
                    std::fs::copy(file, alone.path().join(file.file_name().unwrap())).unwrap();
                }
                let run = |path: &Path| {
                    let named = alone.path().join(path.file_name().unwrap());
                    let analysis = zonelint::analyse(&options(vec![named], alone.path())).unwrap();
                    let apex = analysis.zones[0].apex.to_string();
                    let apex = apex.trim_end_matches('.').to_string();
                    let mut found: Vec<(String, String, String)> = analysis
                        .outcome
                        .diagnostics
                        .iter()
                        // What octoDNS alone refuses (an IPv6 MX exchange, OCTO004) has no
                        // zone-file twin, nor how Knot reads the zone file's text (ZONE044).
                        // DMARC005 asks organisational domains only: `example.com.` is one,
                        // the twin's `<stem>.example.com.` is not.
                        .filter(|d| {
                            !d.rule.code.starts_with("OCTO")
                                && !matches!(d.rule.code, "ZONE044" | "DMARC005")
                        })
                        .map(|d| {
                            (
                                d.rule.code.to_string(),
                                d.severity.to_string(),
                                d.message.replace(&apex, "<zone>"),
                            )
                        })
                        .collect();
                    found.sort();
                    found
                };
                let from_zone = run(&zone_file);
                let from_yaml = run(&yaml);
                assert_eq!(from_zone, from_yaml, "{} and its twin", zone_file.display());
                codes.insert(code.file_name().to_string_lossy().into_owned());
                compared += 1;
            }
        }
    }
    assert!(compared >= 55, "only {compared} twins");
    for code in [
        "MX001",
        "MX002",
        "MX003",
        "MX004",
        "MX005",
        "MX006",
        "MX007",
        "MX008",
        "MX009",
        "MX010",
        "SPF001",
        "SPF002",
        "SPF003",
        "SPF004",
        "SPF005",
        "SPF006",
        "SPF007",
        "SPF008",
        "SPF009",
        "SPF010",
        "SPF011",
        "DMARC001",
        "DMARC002",
        "DMARC003",
        "DMARC004",
        "DKIM001",
        "DKIM002",
        "DKIM003",
        "MTASTS001",
        "MTASTS002",
        "TLSRPT001",
        "DANE001",
        "DANE002",
        "MX011",
        "MX012",
        "MX013",
        "MX014",
        "MX015",
        "MX016",
        "MX017",
        "DKIM005",
        "ZONE041",
        "MAIL001",
        "MAIL002",
        "DKIM007",
        "MX020",
    ] {
        assert!(codes.contains(code), "no twin for {code}");
    }
}

/// An empty git work tree in a temporary directory: the project root zonelint takes.
fn git_project() -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    std::fs::create_dir(project.path().join(".git")).unwrap();
    project
}

/// A zone file that is a link to another zone's (`canary.example.com.yaml ->
/// example.com.yaml`, as kubernetes/k8s.io has) is a zone of its own, named by the link and
/// read from its target, as octoDNS's YamlProvider reads it: with and without a config that
/// names both zones.
#[test]
fn a_linked_zone_file_is_its_own_zone() {
    let project = git_project();
    let root = project.path();
    let zones = root.join("zones");
    std::fs::create_dir(&zones).unwrap();
    std::fs::write(
        zones.join("example.com.yaml"),
        "---\n'':\n  type: MX\n  value:\n    exchange: mx.example.net.\n    preference: 10\nwww:\n  type: A\n  value: 192.0.2.1\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("example.com.yaml", zones.join("canary.example.com.yaml")).unwrap();
    let config = "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n\
                  zones:\n  canary.example.com.:\n    sources:\n      - config\n  example.com.:\n    sources:\n      - config\n";
    for with_config in [false, true] {
        if with_config {
            std::fs::write(root.join("config.yaml"), config).unwrap();
        }
        let analysis = zonelint::analyse(&options(vec![root.to_path_buf()], root)).unwrap();
        let mut apexes: Vec<String> = analysis.zones.iter().map(|z| z.apex.to_string()).collect();
        apexes.sort();
        assert_eq!(
            apexes,
            ["canary.example.com.", "example.com."],
            "with a config: {with_config}"
        );
        for zone in &analysis.zones {
            let owners: Vec<String> = zone.records.iter().map(|r| r.owner.to_string()).collect();
            assert!(
                owners.contains(&format!("www.{}", zone.apex)),
                "{}: {owners:?}",
                zone.apex
            );
        }
    }
}

/// A zone file in a directory a config's YamlProvider reads, whose zone no config names, is
/// never deployed: OCTO005 says so, and the file is read with that provider's options
/// (`enforce_order: false` here), not octoDNS's defaults.
#[test]
fn an_unlisted_zone_file_in_a_provider_directory_is_read_as_that_provider_reads() {
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    std::fs::write(
        root.join("config.yaml"),
        "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n    enforce_order: false\n\
         zones:\n  example.com.:\n    sources:\n      - config\n",
    )
    .unwrap();
    let unsorted = "---\nwww:\n  type: A\n  value: 192.0.2.1\n'':\n  type: A\n  value: 192.0.2.2\n";
    std::fs::write(root.join("zones/example.com.yaml"), unsorted).unwrap();
    std::fs::write(root.join("zones/example.org.yaml"), unsorted).unwrap();
    let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
    let found: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| describe(&outcome.sources, d))
        .collect();
    assert!(!found.iter().any(|d| d.contains("OCTO001")), "{found:#?}");
    assert_eq!(
        found.iter().filter(|d| d.contains("OCTO005")).count(),
        1,
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.contains("example.org.yaml")
                && d.contains("no zone of `config.yaml` names it")),
        "{found:#?}"
    );
}

/// octodns-namedfileyaml's NamedFileYamlProvider reads one file, `shared/mail.yaml`, for each
/// zone that lists it (felixoi/dns keeps all its mail records so): its records are the zone's,
/// in a walk and when the changed files are named under `--only-zones` as pre-commit names
/// them; the file is not made a zone of its own (`mail.`), and no note says the source is not
/// read. A mistake in it is reported at the shared file, for the zone.
#[test]
fn a_named_file_provider_adds_its_file_to_each_zone() {
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    std::fs::create_dir(root.join("shared")).unwrap();
    std::fs::write(
        root.join("octodns.yaml"),
        "---\nproviders:\n  zones:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n\
         \x20 shared.mail:\n    class: octodns_namedfileyaml.NamedFileYamlProvider\n    directory: ./shared\n    filename: mail\n\
         zones:\n  example.com.:\n    sources: [zones, shared.mail]\n    targets: [zones]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("zones/example.com.yaml"),
        "---\n'':\n  type: A\n  value: 192.0.2.1\nmail:\n  type: A\n  value: 192.0.2.25\n",
    )
    .unwrap();
    std::fs::write(
        root.join("shared/mail.yaml"),
        "---\n'':\n  - type: MX\n    value:\n      exchange: mail.example.com.\n      preference: 10\n  - type: TXT\n    value: v=spf1 a mx +all\n",
    )
    .unwrap();
    let walk = options(vec![root.to_path_buf()], root);
    let named = CheckOptions {
        only_zones: true,
        ..options(vec![root.join("shared/mail.yaml")], root)
    };
    for run in [walk, named] {
        let analysis = zonelint::analyse(&run).unwrap();
        let apexes: Vec<String> = analysis.zones.iter().map(|z| z.apex.to_string()).collect();
        assert_eq!(apexes, ["example.com."]);
        let types: Vec<String> = analysis.zones[0]
            .records
            .iter()
            .map(|r| r.rtype.to_string())
            .collect();
        assert_eq!(types, ["A", "A", "MX", "TXT"]);
        let found: Vec<String> = analysis
            .outcome
            .diagnostics
            .iter()
            .map(|d| describe(&analysis.outcome.sources, d))
            .collect();
        let places: Vec<&str> = found
            .iter()
            .map(|d| d.split(" [").next().unwrap_or_default())
            .collect();
        // The shared SPF record's `+all` (SPF005) and the DMARC record it lacks (DMARC005),
        // both of example.com., at the shared file; nothing else.
        assert_eq!(
            places,
            [
                "shared/mail.yaml:8:12 DMARC005",
                "shared/mail.yaml:8:24 SPF005"
            ],
            "{found:#?}"
        );
    }
}

/// A config whose YamlProvider directory is nowhere (made by a build step before octoDNS
/// runs) is said, at the `directory:` value, rather than leaving a run with nothing to lint.
#[test]
fn a_missing_provider_directory_is_said() {
    let project = git_project();
    let root = project.path();
    std::fs::write(
        root.join("octodns.yaml"),
        "providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\nzones:\n  example.club.:\n    sources: [config]\n",
    )
    .unwrap();
    let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
    let found: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| describe(&outcome.sources, d))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("OCTO005") && found[0].contains("there is no directory `./zones`"),
        "{found:#?}"
    );
    assert_eq!(outcome.summary.files, 1);
    assert_eq!(outcome.summary.warnings, 1);
    // A directory `.gitignore` names is a build step's output: information, as the repository
    // as committed cannot clear it (rangelovkiril/elsys-club-dns). Git answers that.
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    let init = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(init.success());
    std::fs::write(root.join(".gitignore"), "zones/\n").unwrap();
    let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
    let found: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| describe(&outcome.sources, d))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("OCTO005") && found[0].contains("git ignores it"),
        "{found:#?}"
    );
    assert_eq!((outcome.summary.warnings, outcome.summary.infos), (0, 1));
}

/// `octodns: cloudflare: proxied: true` means something to Cloudflare alone: MX019 reports a
/// proxied mail host when the zone is pushed to a CloudflareProvider, or when no config says
/// where it goes, and not when its config's targets are all other providers.
#[test]
fn a_proxied_mail_host_matters_only_where_cloudflare_serves_the_zone() {
    let zone = "---\n'':\n  type: MX\n  value:\n    exchange: mail.example.com.\n    preference: 10\n\
                mail:\n  octodns:\n    cloudflare:\n      proxied: true\n  type: A\n  value: 192.0.2.25\n";
    let config = |target: &str| {
        format!(
            "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n\
             \x20 cloudflare:\n    class: octodns_cloudflare.CloudflareProvider\n    token: env/TOKEN\n\
             \x20 route53:\n    class: octodns_route53.Route53Provider\n\
             zones:\n  example.com.:\n    sources:\n      - config\n    targets:\n      - {target}\n"
        )
    };
    for (setup, expected) in [
        (None, 1),
        (Some(config("cloudflare")), 1),
        (Some(config("route53")), 0),
    ] {
        let project = git_project();
        let root = project.path();
        std::fs::create_dir(root.join("zones")).unwrap();
        std::fs::write(root.join("zones/example.com.yaml"), zone).unwrap();
        if let Some(config) = &setup {
            std::fs::write(root.join("config.yaml"), config).unwrap();
        }
        let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
        let found = outcome
            .diagnostics
            .iter()
            .filter(|d| d.rule.code == "MX019")
            .count();
        assert_eq!(found, expected, "config: {setup:?}");
    }
}

/// A target written without its final dot that the lowering completed with the zone
/// (`mx1.example.c` read as `mx1.example.c.example.com.`) is NAME001's: octoDNS refuses it or
/// providers publish it as written, so the rules on targets do not also say the completed
/// name is missing. One written as the name it is meant to be is still looked up.
#[test]
fn a_target_completed_with_the_zone_is_left_to_name001() {
    let zone = "---\n'':\n  type: MX\n  values:\n  - exchange: mx1.example.c\n    preference: 10\n\
                \x20 - exchange: 'mx2.example.com'\n    preference: 20\n\
                _sip._tcp:\n  type: SRV\n  value:\n    port: 5060\n    priority: 10\n    target: sip.example.c\n    weight: 10\n";
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    std::fs::write(root.join("zones/example.com.yaml"), zone).unwrap();
    let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
    let found: Vec<(String, String)> = outcome
        .diagnostics
        .iter()
        .filter(|d| ["NAME001", "MX007", "ZONE030"].contains(&d.rule.code))
        .map(|d| (d.rule.code.to_string(), d.message.clone()))
        .collect();
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(
        codes,
        ["NAME001", "MX007", "NAME001", "NAME001"],
        "{found:#?}"
    );
    assert!(found[1].1.contains("`mx2.example.com.`"), "{found:#?}");
}

/// MX019 finds a proxied mail host among many proxied records, in any order and case: the
/// zone keeps them sorted by owner and each exchange is one binary search.
#[test]
fn proxied_mail_hosts_are_found_among_other_proxied_records() {
    let proxied = |owner: &str| {
        format!(
            "{owner}:\n  octodns:\n    cloudflare:\n      proxied: true\n  type: A\n  value: 192.0.2.25\n"
        )
    };
    let mut zone = String::from(
        "---\n'':\n  type: MX\n  values:\n  - exchange: mail.example.com.\n    preference: 10\n\
         \x20 - exchange: z.example.com.\n    preference: 20\n  - exchange: plain.example.com.\n    preference: 30\n",
    );
    // Out of order (OCTO001 says so): the lowering sorts them.
    for owner in ["z", "web", "plain-web", "Mail", "b", "a"] {
        zone.push_str(&proxied(owner));
    }
    zone.push_str("plain:\n  type: A\n  value: 192.0.2.26\n");
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    std::fs::write(root.join("zones/example.com.yaml"), zone).unwrap();
    let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
    let found: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == "MX019")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("`mail.example.com.`"), "{found:#?}");
    assert!(found[1].contains("`z.example.com.`"), "{found:#?}");
}

/// octoDNS's name and type filters (`processors:`, 1.22.0's `octodns/processor/filter.py`):
/// the records a filter removes from the zone's YAML are not deployed, and at the names it
/// leaves to the provider (`include_target`, the default) the provider may hold records the
/// repository does not show, so no rule says a name there is missing. jdkelleher's config
/// rejects `callisto`, kept by hand at Cloudflare, and a CNAME points there.
#[test]
fn processors_filter_the_deployed_zone() {
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    let zone = "---\n'':\n  type: MX\n  value:\n    exchange: mail.example.com.\n    preference: 10\n\
                legacy:\n  type: MX\n  value:\n    exchange: 192.0.2.9.\n    preference: 10\n\
                mail:\n  type: A\n  value: 192.0.2.1\n\
                trinity:\n  type: CNAME\n  value: callisto.example.com.\n\
                www:\n  type: CNAME\n  value: web1.example.com.\n";
    std::fs::write(root.join("zones/example.com.yaml"), zone).unwrap();
    let config = |processors: &str, zone_processors: &str| {
        format!(
            "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n\
             processors:\n{processors}\
             zones:\n  example.com.:\n    sources:\n      - config\n{zone_processors}"
        )
    };
    let run = |config: &str| -> Vec<String> {
        std::fs::write(root.join("config.yaml"), config).unwrap();
        let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
        outcome
            .diagnostics
            .iter()
            .map(|d| describe(&outcome.sources, d))
            .filter(|d| d.contains("ZONE047") || d.contains("MX006"))
            .collect()
    };
    let rejects = |list: &str, include_target: bool| {
        format!(
            "  hand:\n    class: octodns.processor.filter.NameRejectlistFilter\n    include_target: {include_target}\n    rejectlist:\n{list}"
        )
    };
    let uses = "    processors:\n      - hand\n";
    // Without a filter: both CNAME targets are missing, and the MX names an address.
    let unfiltered = run(&config("", ""));
    assert_eq!(unfiltered.len(), 3, "{unfiltered:#?}");
    // `callisto` left to the provider: only `web1` is still said to be missing.
    let found = run(&config(&rejects("      - callisto\n", true), uses));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().any(|d| d.contains("web1")), "{found:#?}");
    // A pattern (`/.../`, searched for) leaves every `web` name to the provider and removes
    // the YAML's `legacy` MX, which octoDNS never pushes.
    let found = run(&config(
        &rejects("      - /^web\\d$/\n      - legacy\n", true),
        uses,
    ));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("callisto"), "{found:#?}");
    // `include_target: false`: octoDNS deletes what the provider has there; the name is the
    // repository's, and is missing.
    let found = run(&config(&rejects("      - callisto\n", false), uses));
    assert_eq!(found.len(), 3, "{found:#?}");
    // An allowlist keeps only the names it lists: every other name is the provider's.
    let allows = "  only:\n    class: octodns.processor.filter.NameAllowlistFilter\n    allowlist:\n      - ''\n      - mail\n      - trinity\n      - www\n";
    let found = run(&config(allows, "    processors:\n      - only\n"));
    assert_eq!(found.len(), 0, "{found:#?}");
    // The manager's processors run on every zone.
    let found = run(&format!(
        "{}manager:\n  processors:\n    - only\n",
        config(allows, "")
    ));
    assert_eq!(found.len(), 0, "{found:#?}");
    // A type filter drops the types it rejects, and the provider keeps its own of them.
    let types = "  no-mx:\n    class: octodns.processor.filter.TypeRejectlistFilter\n    rejectlist:\n      - MX\n";
    let found = run(&config(types, "    processors:\n      - no-mx\n"));
    assert!(!found.iter().any(|d| d.contains("MX006")), "{found:#?}");
    // An ownership processor: octoDNS manages only the records it created, so the zone may
    // hold any other name.
    let owned = "  owned:\n    class: octodns.processor.ownership.OwnershipProcessor\n";
    let found = run(&config(owned, "    processors:\n      - owned\n"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("MX006"), "{found:#?}");
    // A class zonelint does not know changes nothing.
    let plugin = "  hand:\n    class: octodns_plugin.NameRejectlistFilter\n    rejectlist:\n      - callisto\n";
    assert_eq!(run(&config(plugin, uses)).len(), 3);
}

/// A source, target or processor a config names and does not define stops octoDNS
/// (`ManagerException`: "Zone example.com., unknown source: zone"; 1.22.0): an OCTO005 error
/// on the id, for a zone's entry and for the manager's processors. `auto-arpa`, which octoDNS
/// defines itself, is no such id.
#[test]
fn an_undefined_provider_or_processor_is_an_error() {
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    std::fs::write(
        root.join("zones/example.com.yaml"),
        "---\nwww:\n  type: A\n  value: 192.0.2.1\n",
    )
    .unwrap();
    std::fs::write(
        root.join("config.yaml"),
        "---\nmanager:\n  auto_arpa: true\n  processors:\n    - no-such\nproviders:\n  zones:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n  cloudflare:\n    class: octodns_cloudflare.CloudflareProvider\n\
         processors:\n  keep:\n    class: octodns.processor.filter.NameRejectlistFilter\n    rejectlist: [hand]\n\
         zones:\n  example.com.:\n    sources:\n      - zones\n      - zone\n    processors:\n      - keep\n      - Keep\n    targets:\n      - cloudfare\n      - auto-arpa\n",
    )
    .unwrap();
    let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
    let found: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| describe(&outcome.sources, d))
        .filter(|d| d.contains("does not define"))
        .collect();
    let expected = [
        "config.yaml:5:7 OCTO005 [error] the manager names processor `no-such`",
        "config.yaml:20:9 OCTO005 [error] zone `example.com.` names source `zone`",
        "config.yaml:23:9 OCTO005 [error] zone `example.com.` names processor `Keep`",
        "config.yaml:25:9 OCTO005 [error] zone `example.com.` names target `cloudfare`",
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (found, expected) in found.iter().zip(expected) {
        assert!(found.starts_with(expected), "{found}");
    }
}

/// A record a target provider does not take stops octodns-sync (`SupportsException`, checked
/// with octoDNS 1.22.0 and each plugin's `SUPPORTS`): an SPF-type record or an apex NS record
/// for Cloudflare, even an `excluded` or `ignored` one; with the provider's `strict_supports:
/// false` octoDNS leaves it out of that target, a warning. A target zonelint does not know, and
/// a repository pinned to octoDNS 0.9, whose providers were octoDNS's own, are not judged.
#[test]
fn records_a_target_does_not_take() {
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    let zone = "---\n'':\n- type: NS\n  values:\n  - ns1.example.net.\n  - ns2.example.net.\n\
                - type: A\n  value: 192.0.2.1\n\
                - octodns:\n    excluded:\n    - edge\n  type: SPF\n  value: v=spf1 -all\n\
                - type: TXT\n  value: v=spf1 -all\n\
                go:\n  type: URLFWD\n  value:\n    code: 301\n    masking: 2\n    path: /\n    query: 0\n    target: https://example.org/\n";
    std::fs::write(root.join("zones/example.com.yaml"), zone).unwrap();
    let run = |provider: &str| -> Vec<String> {
        let config = format!(
            "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n\
             \x20 edge:\n{provider}\
             zones:\n  example.com.:\n    sources:\n      - config\n    targets:\n      - edge\n"
        );
        std::fs::write(root.join("config.yaml"), config).unwrap();
        let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
        outcome
            .diagnostics
            .iter()
            .map(|d| describe(&outcome.sources, d))
            .filter(|d| d.contains("does not take"))
            .collect()
    };
    let cloudflare =
        "    class: octodns_cloudflare.CloudflareProvider\n    token: env/CLOUDFLARE_TOKEN\n";
    let found = run(cloudflare);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().all(|d| d.contains("error")), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|d| d.contains("root NS record not supported for example.com.")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.contains("SPF records not supported for example.com.")),
        "{found:#?}"
    );
    // Without page rules Cloudflare takes no URLFWD either.
    let found = run(&format!("{cloudflare}    pagerules: false\n"));
    assert_eq!(found.len(), 3, "{found:#?}");
    // strict_supports off: left out, a warning each.
    let found = run(&format!("{cloudflare}    strict_supports: false\n"));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().all(|d| d.contains("warning")), "{found:#?}");
    // Route 53 takes the zone's NS and SPF records, not URLFWD.
    let found = run("    class: octodns_route53.Route53Provider\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("URLFWD"), "{found:#?}");
    // A provider zonelint does not know.
    assert!(run("    class: octodns_example.ExampleProvider\n").is_empty());
    // Pinned to octoDNS 0.9: not judged.
    std::fs::write(root.join("requirements.txt"), "octodns==0.9.21\n").unwrap();
    assert!(run(cloudflare).is_empty());
}

/// A `.yml` zone file: in a directory a config's YamlProvider reads, octoDNS passes it over (a
/// warning, said once, though the config names the zone); with no config reading it, a build
/// step may turn it into what a config reads (wei/cloudflare-dns-template): an info.
#[test]
fn yml_zone_files_where_octodns_reads_and_elsewhere() {
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    std::fs::create_dir(root.join("sources")).unwrap();
    let zone = "---\nwww:\n  type: A\n  value: 192.0.2.1\n";
    std::fs::write(root.join("zones/example.net.yml"), zone).unwrap();
    std::fs::write(root.join("sources/example.org.yml"), zone).unwrap();
    std::fs::write(
        root.join("config.yaml"),
        "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n\
         zones:\n  example.net.:\n    sources:\n      - config\n",
    )
    .unwrap();
    let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
    let found: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| describe(&outcome.sources, d))
        .filter(|d| d.contains("OCTO005"))
        .collect();
    let of = |file: &str| -> Vec<&String> { found.iter().filter(|d| d.contains(file)).collect() };
    let net = of("zones/example.net.yml");
    assert_eq!(net.len(), 1, "{found:#?}");
    assert!(
        net[0].contains("warning") && net[0].contains("never deployed"),
        "{found:#?}"
    );
    let org = of("sources/example.org.yml");
    assert_eq!(org.len(), 1, "{found:#?}");
    assert!(
        org[0].contains("info") && org[0].contains("build step"),
        "{found:#?}"
    );
}

/// Records a zone's processors take out before octoDNS pushes (`IgnoreRootNsFilter`,
/// `TypeRejectlistFilter`) never reach a target's check of the types it takes: octodns-sync
/// 1.22.0 plans such a zone for Cloudflare without a `SupportsException`.
#[test]
fn processors_take_out_what_a_target_does_not_take() {
    let project = git_project();
    let root = project.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    let zone = "---\n'':\n- type: NS\n  values:\n  - ns1.example.net.\n  - ns2.example.net.\n\
                - type: SPF\n  value: v=spf1 -all\n- type: TXT\n  value: v=spf1 -all\n";
    std::fs::write(root.join("zones/example.com.yaml"), zone).unwrap();
    let run = |processors: &str| -> Vec<String> {
        let config = format!(
            "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n\
             \x20 edge:\n    class: octodns_cloudflare.CloudflareProvider\n    token: env/CLOUDFLARE_TOKEN\n\
             processors:\n  no-root-ns:\n    class: octodns.processor.filter.IgnoreRootNsFilter\n\
             \x20 no-spf:\n    class: octodns.processor.filter.TypeRejectlistFilter\n    rejectlist:\n      - SPF\n\
             zones:\n  example.com.:\n    sources:\n      - config\n{processors}    targets:\n      - edge\n"
        );
        std::fs::write(root.join("config.yaml"), config).unwrap();
        let outcome = zonelint::check(&options(vec![root.to_path_buf()], root)).unwrap();
        outcome
            .diagnostics
            .iter()
            .map(|d| describe(&outcome.sources, d))
            .filter(|d| d.contains("does not take"))
            .collect()
    };
    assert_eq!(run("").len(), 2);
    let found = run("    processors:\n      - no-root-ns\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("SPF records"), "{found:#?}");
    assert!(run("    processors:\n      - no-root-ns\n      - no-spf\n").is_empty());
}
