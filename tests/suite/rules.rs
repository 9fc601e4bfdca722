//! Every rule's fixtures: files in `fixtures/rules/<CODE>/pass/` must not trigger `<CODE>`, files
//! in `fail/` must, and the rendered diagnostics of every fixture are snapshotted (concise, then
//! full) so a reviewer sees exactly what a user sees.

use std::path::{Path, PathBuf};

use zonelint::report::{self, Format, FullStyle, Outcome};
use zonelint::rules::RULES;
use zonelint::{CheckOptions, check};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

/// Default limits, or those a `<fixture>.limits` file beside the fixture sets (one `NAME=N` a
/// line), so the limit rules (ZL004-ZL006) have small fixtures.
fn limits_for(path: &Path) -> zonelint::limits::Limits {
    let mut limits = zonelint::limits::Limits::default();
    let mut sidecar = path.as_os_str().to_owned();
    sidecar.push(".limits");
    if let Ok(text) = std::fs::read_to_string(sidecar) {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            limits.set(line).unwrap();
        }
    }
    limits
}

fn lint(path: &Path) -> Outcome {
    // ZONE019 checks against a maximum the user sets; its fixtures are linted with one day.
    let mut rule_settings = zonelint::lint::RuleSettings::default();
    if path.components().any(|c| c.as_os_str() == "ZONE019") {
        rule_settings.max_zone_ttl = Some(86_400);
    }
    let options = CheckOptions {
        paths: vec![path.to_path_buf()],
        cwd: fixtures(),
        origin: None,
        config: Default::default(),
        rule_settings,
        only_zones: false,
        stdin_filename: None,
        include_dir: None,
        limits: limits_for(path),
        ..Default::default()
    };
    check(&options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn rendered(outcome: &Outcome) -> String {
    let mut out = Vec::new();
    report::render(
        Format::Concise,
        outcome,
        FullStyle::plain(),
        false,
        &mut out,
    )
    .unwrap();
    out.extend_from_slice(b"\n");
    report::render(Format::Full, outcome, FullStyle::plain(), false, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn rule_fixtures_pass_fail_and_render() {
    insta::glob!("../../fixtures/rules", "*/*/*.{zone,yaml,rev}", |path| {
        let expectation = path
            .parent()
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let code = path
            .parent()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let outcome = lint(path);
        let hits = outcome
            .diagnostics
            .iter()
            .filter(|d| d.rule.code == code)
            .count();
        match expectation.as_str() {
            "pass" => assert_eq!(
                hits,
                0,
                "{}: {code} fired on a pass fixture:\n{}",
                path.display(),
                rendered(&outcome)
            ),
            "fail" => assert!(
                hits > 0,
                "{}: {code} did not fire:\n{}",
                path.display(),
                rendered(&outcome)
            ),
            other => panic!(
                "{}: fixtures go in pass/ or fail/, not {other}/",
                path.display()
            ),
        }
        // Messages and help are one line each in every format but `full`, which wraps them:
        // a run of spaces is a string continued without its `\` (the snapshot would not show it).
        for diagnostic in &outcome.diagnostics {
            let help = diagnostic.help.as_deref().unwrap_or_default();
            for text in [diagnostic.message.as_ref(), help] {
                assert!(
                    !text.contains("   "),
                    "{}: {} has a run of spaces: {text}",
                    path.display(),
                    diagnostic.rule.code
                );
            }
        }
        insta::assert_snapshot!(rendered(&outcome));
    });
}

#[test]
fn every_rule_has_a_doc_and_fixtures() {
    let mut problems = Vec::new();
    let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    codes.sort_unstable();
    names.sort_unstable();
    if codes.windows(2).any(|w| w[0] == w[1]) || names.windows(2).any(|w| w[0] == w[1]) {
        problems.push("rule codes and names must be unique".to_string());
    }
    for rule in RULES {
        let well_formed = rule
            .name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            problems.push(format!(
                "{}: name `{}` is not kebab-case",
                rule.code, rule.name
            ));
        }
        let doc_path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/docs/{}.md", rule.code));
        let doc = std::fs::read_to_string(&doc_path).unwrap_or_default();
        if doc != rule.doc {
            problems.push(format!(
                "{}: the compiled doc is not rules/docs/{}.md",
                rule.code, rule.code
            ));
        }
        if !doc.starts_with(&format!("# {} `{}`", rule.code, rule.name)) {
            problems.push(format!(
                "{}: the doc must start with `# {} `{}``",
                rule.code, rule.code, rule.name
            ));
        }
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## How to fix",
            "## References",
        ] {
            if !doc.contains(heading) {
                problems.push(format!("{}: the doc lacks `{heading}`", rule.code));
            }
        }
        let count = |kind: &str| {
            std::fs::read_dir(fixtures().join(rule.code).join(kind))
                .map(|dir| dir.count())
                .unwrap_or(0)
        };
        if count("fail") == 0 {
            problems.push(format!(
                "{}: no fixtures/rules/{}/fail/ case",
                rule.code, rule.code
            ));
        }
        if rule.check.is_some() && count("pass") == 0 {
            problems.push(format!(
                "{}: no fixtures/rules/{}/pass/ case",
                rule.code, rule.code
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A zone spread over files is checked as one: the records that clash are in different files of
/// an octoDNS split directory, and the finding points at both.
#[test]
fn zone_rules_see_every_file_of_an_octodns_split_directory() {
    let temp = tempfile::tempdir().unwrap();
    let split = temp.path().join("example.com.");
    std::fs::create_dir(&split).unwrap();
    std::fs::write(
        split.join("$example.com.yaml"),
        "---\n'':\n  type: NS\n  value: ns1.example.com.\n",
    )
    .unwrap();
    std::fs::write(
        split.join("www.yaml"),
        "---\nwww:\n  type: CNAME\n  value: web.example.net.\n",
    )
    .unwrap();
    std::fs::write(
        split.join("www-mail.yaml"),
        "---\nwww:\n  type: MX\n  value:\n    exchange: mail.example.net.\n    preference: 10\n",
    )
    .unwrap();
    let options = CheckOptions {
        paths: vec![split.clone()],
        cwd: temp.path().to_path_buf(),
        origin: None,
        only_zones: false,
        include_dir: None,
        stdin_filename: None,
        limits: Default::default(),
        ..Default::default()
    };
    let outcome = check(&options).unwrap();
    let finding = outcome
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "ZONE009")
        .unwrap_or_else(|| panic!("no ZONE009:\n{}", rendered(&outcome)));
    let file_of = |span: zonelint::source::Span| {
        outcome
            .sources
            .get(span.file)
            .display_path
            .rsplit('/')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(file_of(finding.span), "www.yaml");
    let labelled: Vec<String> = finding.labels.iter().map(|l| file_of(l.span)).collect();
    assert_eq!(labelled, ["www-mail.yaml"]);
}

/// A report destination's zone answers the authorisation DMARC004 asks for as a server would:
/// through its `*._report._dmarc` wildcard, but not past a name that stops the wildcard (RFC
/// 4592: another authorisation below `_report._dmarc` makes `example._report._dmarc` exist).
#[test]
fn dmarc_report_authorisations_are_looked_up_through_wildcards() {
    let sender = "$ORIGIN a.example.\n$TTL 3600\n@ SOA ns1 hm 1 3600 900 1209600 300\n@ NS ns1\n\
                  ns1 A 192.0.2.1\n_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:d@b.example\"\n";
    let lint_with = |destination_records: &str| {
        let temp = tempfile::tempdir().unwrap();
        std::fs::write(temp.path().join("a.example.zone"), sender).unwrap();
        std::fs::write(
            temp.path().join("b.example.zone"),
            format!(
                "$ORIGIN b.example.\n$TTL 3600\n@ SOA ns1 hm 1 3600 900 1209600 300\n@ NS ns1\n\
                 ns1 A 192.0.2.1\n{destination_records}"
            ),
        )
        .unwrap();
        let options = CheckOptions {
            paths: vec![temp.path().to_path_buf()],
            cwd: temp.path().to_path_buf(),
            ..Default::default()
        };
        let outcome = check(&options).unwrap();
        let codes: Vec<&str> = outcome
            .diagnostics
            .iter()
            .map(|d| d.rule.code)
            .filter(|code| code.starts_with("DMARC"))
            .collect();
        codes.join(" ")
    };
    assert_eq!(lint_with("*._report._dmarc TXT \"v=DMARC1;\"\n"), "");
    assert_eq!(
        lint_with("a.example._report._dmarc TXT \"v=DMARC1;\"\n"),
        ""
    );
    assert_eq!(lint_with(""), "DMARC004");
    assert_eq!(
        lint_with(
            "*._report._dmarc TXT \"v=DMARC1;\"\nc.example._report._dmarc TXT \"v=DMARC1;\"\n"
        ),
        "DMARC004"
    );
    // DMARC001 says of the record itself that it is no authorisation, DMARC004 of the
    // policy that its reports go nowhere; without the `;`, the record is read (an info).
    assert_eq!(
        lint_with("*._report._dmarc TXT \"not dmarc\"\n"),
        "DMARC004 DMARC001"
    );
    assert_eq!(lint_with("*._report._dmarc TXT \"v=DMARC1\"\n"), "DMARC001");
}

/// A zone linted from two files is judged as two views of one domain: the copy whose mail
/// host has only a private address is the internal view when the other copy gives the host a
/// public address (MX015 and SPF015 say nothing), but two copies with the same private address
/// (a backup folder, an "external" view that copied the internal one) are both at fault.
#[test]
fn private_mail_hosts_are_excused_only_by_a_public_view() {
    let zone = |address: &str| {
        format!(
            "$ORIGIN shop.example.org.\n$TTL 3600\n@ SOA ns1.provider.example. hm 1 3600 900 1209600 300\n\
             @ NS ns1.provider.example.\n@ NS ns2.provider.example.\n@ MX 10 mail\nmail A {address}\n\
             @ TXT \"v=spf1 mx -all\"\n"
        )
    };
    let lint_views = |internal: &str, external: &str| {
        let temp = tempfile::tempdir().unwrap();
        for (folder, address) in [("internal", internal), ("external", external)] {
            std::fs::create_dir(temp.path().join(folder)).unwrap();
            std::fs::write(
                temp.path().join(folder).join("db.shop.example.org"),
                zone(address),
            )
            .unwrap();
        }
        let options = CheckOptions {
            paths: vec![temp.path().to_path_buf()],
            cwd: temp.path().to_path_buf(),
            ..Default::default()
        };
        let outcome = check(&options).unwrap();
        let mut found: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| matches!(d.rule.code, "MX015" | "SPF015"))
            .map(|d| {
                let path = &outcome.sources.get(d.span.file).display_path;
                let folder = if path.contains("internal") {
                    "internal"
                } else {
                    "external"
                };
                format!("{folder} {}", d.rule.code)
            })
            .collect();
        found.sort();
        found.join(", ")
    };
    assert_eq!(lint_views("10.0.0.25", "203.0.113.25"), "");
    assert_eq!(
        lint_views("10.0.0.25", "10.0.0.25"),
        "external MX015, external SPF015, internal MX015, internal SPF015"
    );
    assert_eq!(
        lint_views("127.0.0.1", "127.0.0.1"),
        "external MX015, external SPF015, internal MX015, internal SPF015"
    );
}
