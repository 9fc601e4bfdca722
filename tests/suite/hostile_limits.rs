//! Attacks on zonelint's limits and outputs (issue 8, items 3, 4, 6 and 8): each is a small
//! repository in `fixtures/hostile/limits-*/` (its README.md says what it does and what is
//! expected); large inputs are written here at run time, never committed. Time and memory are
//! asserted structurally (records kept, findings listed, files read, diagnostics given), never
//! by the clock.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use zonelint::CheckOptions;
use zonelint::diagnostic::Diagnostic;
use zonelint::limits::Limits;
use zonelint::report::escape::{HOSTILE_SAMPLES, is_unsafe};

const SOA: &str = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 192.0.2.1\n";

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hostile")
        .join(case)
}

/// The case's committed files, copied into a scratch directory the test may add to.
fn scratch(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(case), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "README.md" {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn limits(settings: &[&str]) -> Limits {
    let mut limits = Limits::default();
    for setting in settings {
        limits.set(setting).unwrap();
    }
    limits
}

fn options(dir: &Path, paths: &[&str], limits: Limits) -> CheckOptions {
    CheckOptions {
        // Discovery resolves relative paths against the process's directory.
        paths: paths.iter().map(|p| dir.join(p)).collect(),
        cwd: dir.to_path_buf(),
        origin: None,
        only_zones: false,
        include_dir: None,
        stdin_filename: None,
        limits,
        ..Default::default()
    }
}

fn with_code<'d>(diagnostics: &'d [Diagnostic], code: &str) -> Vec<&'d Diagnostic> {
    diagnostics.iter().filter(|d| d.rule.code == code).collect()
}

fn zonelint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("zonelint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn generated_records_are_limited_per_run_not_only_per_line() {
    let dir = scratch("limits-generate-total");
    let limits = limits(&["generate-records=100", "generated-records=1000"]);
    let analysis = zonelint::analyse(&options(dir.path(), &["."], limits)).unwrap();
    let records: usize = analysis.zones.iter().map(|z| z.records.len()).sum();
    // 3 records of the SOA head, then at most 1,000 generated ones (10 lines of 100).
    assert_eq!(records, 3 + 1000);
    let notes = with_code(&analysis.outcome.diagnostics, "ZONE004");
    assert_eq!(notes.len(), 100, "one ZONE004 per $GENERATE line");
    assert!(
        notes[0].message.contains("only the first 100"),
        "{}",
        notes[0].message
    );
    assert!(
        notes[99].message.contains("not expanded"),
        "{}",
        notes[99].message
    );
    assert!(
        notes[99]
            .help
            .as_deref()
            .unwrap()
            .contains("generated-records")
    );
}

#[test]
fn generate_ranges_past_the_maximum_name_it() {
    let dir = scratch("limits-generate-range");
    let outcome = zonelint::check(&options(dir.path(), &["."], Limits::default())).unwrap();
    let messages: Vec<&str> = with_code(&outcome.diagnostics, "SYN004")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].contains("2147483647 (2^31-1)"), "{messages:?}");
    assert!(
        messages[1].contains("step is at most 2147483647"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("start must not be greater than stop"),
        "{messages:?}"
    );
}

#[test]
fn includes_count_against_the_yaml_node_limit() {
    let dir = scratch("limits-yaml-include-bomb");
    let big: String = (0..5000)
        .map(|i| format!("- 10.0.{}.{}\n", i / 250, i % 250 + 1))
        .collect();
    fs::write(dir.path().join("big.yaml"), big).unwrap();
    let analysis = zonelint::analyse(&options(
        dir.path(),
        &["bomb.example.com.yaml"],
        Limits::default(),
    ))
    .unwrap();
    let reached = with_code(&analysis.outcome.diagnostics, "ZL005");
    assert_eq!(reached.len(), 1, "{:?}", analysis.outcome.diagnostics);
    assert!(
        reached[0].message.contains("yaml-nodes"),
        "{}",
        reached[0].message
    );
    let records: usize = analysis.zones.iter().map(|z| z.records.len()).sum();
    // The bomb is not read; `www` still is.
    assert_eq!(records, 1);

    // Included a few times, within the limit, it is read.
    let few = "'':\n  type: A\n  values: !include [big.yaml, big.yaml]\n";
    fs::write(dir.path().join("few.example.com.yaml"), few).unwrap();
    let analysis = zonelint::analyse(&options(
        dir.path(),
        &["few.example.com.yaml"],
        Limits::default(),
    ))
    .unwrap();
    assert!(with_code(&analysis.outcome.diagnostics, "ZL005").is_empty());
    assert_eq!(analysis.zones[0].records.len(), 10_000);
}

/// Write `example.com.zone` → part-0001.zone → ... → part-NNNN.zone.
fn include_chain(dir: &Path, parts: usize) {
    for i in 1..=parts {
        let mut text = format!("h{i} IN A 192.0.2.1\n");
        if i < parts {
            text.push_str(&format!("$INCLUDE part-{:04}.zone\n", i + 1));
        }
        fs::write(dir.join(format!("part-{i:04}.zone")), text).unwrap();
    }
}

#[test]
fn naming_a_fragment_of_a_long_include_chain_reads_a_bounded_number_of_files() {
    let dir = scratch("limits-include-chain");
    include_chain(dir.path(), 1000);
    let workspace =
        zonelint::load(&options(dir.path(), &["part-1000.zone"], Limits::default())).unwrap();
    // The search goes include-depth (20) levels up, and the loader reads those zones with
    // their includes: far from the 1,000 files of the chain.
    assert!(
        workspace.sources.len() <= 2 * 22,
        "{} files read",
        workspace.sources.len()
    );
    assert!(workspace.zones.iter().any(|z| {
        z.files
            .iter()
            .any(|&f| workspace.sources.get(f).display_path == "part-1000.zone")
    }));

    // A short chain: the named fragment brings its zone along, and nothing is too deep.
    let short = scratch("limits-include-chain");
    include_chain(short.path(), 5);
    let analysis = zonelint::analyse(&options(
        short.path(),
        &["part-0005.zone"],
        Limits::default(),
    ))
    .unwrap();
    assert_eq!(analysis.zones.len(), 1);
    assert_eq!(analysis.zones[0].apex.to_string(), "example.com.");
    assert_eq!(analysis.zones[0].records.len(), 3 + 5);

    // From the top, the chain stops at the depth limit with one SYN005.
    let outcome = zonelint::check(&options(
        dir.path(),
        &["example.com.zone"],
        Limits::default(),
    ))
    .unwrap();
    let deep = with_code(&outcome.diagnostics, "SYN005");
    assert_eq!(deep.len(), 1, "{deep:?}");
    assert!(deep[0].message.contains("nested more than 20 deep"));
}

#[test]
fn files_over_the_size_limit_are_reported_with_their_exact_size() {
    let dir = scratch("limits-file-size");
    let mut zone = String::from(SOA);
    while zone.len() < 2_100_000 {
        zone.push_str("www IN A 192.0.2.1 ; padding padding padding\n");
    }
    zone.truncate(2_099_999);
    zone.push('\n');
    fs::write(dir.path().join("example.com.zone"), &zone).unwrap();
    let analysis = zonelint::analyse(&options(
        dir.path(),
        &["example.com.zone"],
        limits(&["file-size=2M"]),
    ))
    .unwrap();
    let refused = with_code(&analysis.outcome.diagnostics, "ZL004");
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].message.contains("2,100,000 bytes") && refused[0].message.contains("file-size"),
        "{}",
        refused[0].message
    );
    assert_eq!(analysis.outcome.diagnostics.len(), 1);
    assert_eq!(analysis.zones[0].records.len(), 0);

    // The 10.4 MB YAML file: its size in bytes, not "10 MiB".
    let mut yaml = String::from("www:\n  type: A\n  value: 192.0.2.1\n");
    yaml.push_str(&"# padding\n".repeat(1_090_519 - 3));
    yaml.truncate(10_905_190);
    assert_eq!(yaml.len(), 10_905_190);
    fs::write(dir.path().join("big.example.com.yaml"), yaml).unwrap();
    let outcome = zonelint::check(&options(
        dir.path(),
        &["big.example.com.yaml"],
        Limits::default(),
    ))
    .unwrap();
    let refused = with_code(&outcome.diagnostics, "ZL004");
    assert_eq!(refused.len(), 1, "{:?}", outcome.diagnostics);
    assert!(
        refused[0].message.contains("10,905,190 bytes")
            && refused[0].message.contains("10,485,760 bytes"),
        "{}",
        refused[0].message
    );
}

#[test]
fn a_binary_file_is_reported_once_and_floods_are_capped() {
    let dir = scratch("limits-binary");
    fs::write(dir.path().join("z"), vec![0u8; 512 * 1024]).unwrap();
    let outcome = zonelint::check(&options(dir.path(), &["z"], Limits::default())).unwrap();
    assert_eq!(outcome.diagnostics.len(), 1, "{:?}", outcome.diagnostics);
    assert_eq!(outcome.diagnostics[0].rule.code, "ZL003");
    assert!(
        outcome.diagnostics[0]
            .message
            .contains("NUL byte at offset 0")
    );

    // Control bytes past the sniffed head: listed up to the per-rule limit, then counted.
    // (The NUL file, had it been parsed, gives one finding for its one run of NULs.)
    let mut flood = String::from(SOA);
    while flood.len() < 9000 {
        flood.push_str("www IN A 192.0.2.1\n");
    }
    flood.push_str("x IN TXT \"");
    // Apart, so each is its own finding (a run of them is one).
    flood.push_str(&"\x01a".repeat(20_000));
    flood.push_str("\"\n");
    fs::write(dir.path().join("example.com.zone"), flood).unwrap();
    let outcome = zonelint::check(&options(
        dir.path(),
        &["example.com.zone"],
        Limits::default(),
    ))
    .unwrap();
    let listed = with_code(&outcome.diagnostics, "SYN010").len();
    let capped = with_code(&outcome.diagnostics, "ZL006");
    assert!(listed <= 1000, "{listed} SYN010 listed");
    if listed == 1000 {
        assert_eq!(capped.len(), 1, "{capped:?}");
        assert!(
            capped[0]
                .message
                .starts_with("... and 19,000 more SYN010 in this file")
        );
        assert!(outcome.summary.errors >= 20_000);
    }
}

/// A zone with `count` MX records that point at addresses (MX006, one finding each).
fn findings_zone(dir: &Path, count: usize) {
    let mut zone = String::from(SOA);
    for i in 0..count {
        zone.push_str(&format!("m{i} IN MX 10 192.0.2.{}\n", i % 250 + 1));
    }
    fs::write(dir.join("example.com.zone"), zone).unwrap();
}

#[test]
fn full_format_draws_a_bounded_number_of_excerpts() {
    let dir = scratch("limits-findings");
    findings_zone(dir.path(), 2000);
    let output = zonelint(
        dir.path(),
        &[
            "check",
            "--format",
            "full",
            "--limit",
            "findings-per-rule=5000",
            ".",
        ],
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let excerpts = stdout.matches("╭─[").count();
    assert_eq!(excerpts, 500);
    assert!(stdout.contains("1,500 more findings follow one per line (limit `full-findings`"));
    let one_line = stdout
        .lines()
        .filter(|l| l.starts_with("example.com.zone:") && l.contains(" MX006 [error] "))
        .count();
    assert_eq!(one_line, 1500);

    // The per-rule cap: 1,000 listed, one ZL006 for the rest, every finding counted.
    let outcome = zonelint::check(&options(dir.path(), &["."], Limits::default())).unwrap();
    assert_eq!(with_code(&outcome.diagnostics, "MX006").len(), 1000);
    let capped = with_code(&outcome.diagnostics, "ZL006");
    assert_eq!(capped.len(), 1);
    assert_eq!(
        capped[0].message,
        "... and 1,000 more MX006 in this file (1,000 listed)"
    );
    assert_eq!(outcome.summary.errors, 2000);
}

#[test]
fn a_zone_keeps_at_most_zone_records() {
    let dir = scratch("limits-zone-records");
    let mut zone = String::from(SOA);
    for i in 0..1000 {
        zone.push_str(&format!("h{i} IN A 192.0.2.1\n"));
    }
    fs::write(dir.path().join("example.com.zone"), zone).unwrap();
    let analysis =
        zonelint::analyse(&options(dir.path(), &["."], limits(&["zone-records=100"]))).unwrap();
    assert_eq!(analysis.zones[0].records.len(), 100);
    let reached = with_code(&analysis.outcome.diagnostics, "ZL005");
    assert_eq!(reached.len(), 1);
    assert!(reached[0].message.contains("zone-records"));
}

#[test]
fn included_bytes_are_limited_per_run() {
    let dir = scratch("limits-included-bytes");
    let mut zone = String::from(SOA);
    for i in 1..=5 {
        zone.push_str(&format!("$INCLUDE part{i}.inc\n"));
        // 48 lines of 21 bytes: three fit in 3 KiB, the fourth and fifth do not.
        let fragment: String = (0..48)
            .map(|j| format!("p{i}-{j:02} IN A 192.0.2.1\n"))
            .collect();
        fs::write(dir.path().join(format!("part{i}.inc")), fragment).unwrap();
    }
    fs::write(dir.path().join("example.com.zone"), zone).unwrap();
    let outcome = zonelint::check(&options(
        dir.path(),
        &["example.com.zone"],
        limits(&["included-bytes=3K"]),
    ))
    .unwrap();
    let reached = with_code(&outcome.diagnostics, "ZL005");
    assert_eq!(reached.len(), 2, "{reached:?}");
    assert!(reached[0].message.contains("included-bytes"));
}

/// Bytes alone do not bound includes: three `$INCLUDE`s a file, twelve deep, are half a
/// million includes of a few bytes each (nineteen deep took minutes and gigabytes). The count
/// is limited per run, and the run ends with a ZL005 at the includes it did not follow.
#[test]
fn includes_fanning_out_are_limited_per_run() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("example.com.zone"),
        format!("{SOA}$INCLUDE level0.inc\n"),
    )
    .unwrap();
    for level in 0..12 {
        let next = format!("$INCLUDE level{}.inc\n", level + 1);
        fs::write(dir.path().join(format!("level{level}.inc")), next.repeat(3)).unwrap();
    }
    fs::write(dir.path().join("level12.inc"), "leaf IN TXT \"x\"\n").unwrap();
    let analysis = zonelint::analyse(&options(
        dir.path(),
        &["example.com.zone"],
        limits(&["includes=1000"]),
    ))
    .unwrap();
    let reached = with_code(&analysis.outcome.diagnostics, "ZL005");
    assert!(!reached.is_empty());
    assert!(reached.iter().all(|d| d.message.contains("`includes`")));
    // Of the 1,000 includes followed, one in three reaches a leaf, at most.
    let leaves = analysis.zones[0]
        .records
        .iter()
        .filter(|r| r.owner.first_label() == "leaf")
        .count();
    assert!(leaves > 0 && leaves <= 1000, "{leaves} leaf records");
}

#[test]
fn echoed_input_is_bounded() {
    let dir = scratch("limits-long-label");
    let label = "a".repeat(5_000_000);
    let zone = format!("{SOA}{label} IN A 192.0.2.1\n@ IN MX 10 {label}.example.net.\n");
    fs::write(dir.path().join("example.com.zone"), zone).unwrap();
    let outcome = zonelint::check(&options(dir.path(), &["."], Limits::default())).unwrap();
    assert!(!outcome.diagnostics.is_empty());
    for d in &outcome.diagnostics {
        let texts = std::iter::once(d.message.as_str())
            .chain(d.help.as_deref())
            .chain(d.labels.iter().map(|l| l.message.as_str()));
        for text in texts {
            assert!(
                text.len() <= 2048 + 32,
                "{} bytes: {}",
                text.len(),
                &text[..80]
            );
        }
    }
    let output = zonelint(dir.path(), &["check", "--format", "concise", "."]);
    assert!(
        output.stdout.len() < 64 * 1024,
        "{} bytes",
        output.stdout.len()
    );
}

/// No raw control, separator or bidi character (tabs and the line feeds between lines
/// aside).
fn assert_no_raw_unsafe(format: &str, output: &str) {
    if let Some(c) = output
        .chars()
        .find(|&c| is_unsafe(c) && !matches!(c, '\n' | '\t'))
    {
        panic!("{format}: raw {c:?} in output:\n{output}");
    }
}

#[test]
fn forged_output_is_defused_in_every_format() {
    let dir = fixture("limits-forged-output");
    let summary_dir = tempfile::tempdir().unwrap();
    let summary_path = summary_dir.path().join("summary.md");
    for format in ["full", "concise", "github", "json", "json-lines", "sarif"] {
        let mut args = vec!["check", "--format", format, "zones"];
        let summary = summary_path.to_str().unwrap();
        if format == "concise" {
            args.extend(["--summary-file", summary]);
        }
        let output = zonelint(&dir, &args);
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}: {stdout}");
        assert!(output.stderr.is_empty(), "{format}: {:?}", output.stderr);
        assert_no_raw_unsafe(format, &stdout);
        match format {
            "full" | "concise" => {
                for line in stdout.lines() {
                    assert!(
                        !line.trim_start().starts_with("::"),
                        "{format}: a line starts a workflow command: {line:?}"
                    );
                }
                assert!(stdout.contains("d\\u{202e}evil"), "{format}:\n{stdout}");
                assert!(
                    stdout.contains("\\n::error file=README.md"),
                    "{format}:\n{stdout}"
                );
            }
            "github" => {
                for line in stdout.lines() {
                    assert!(
                        line.starts_with("::error ")
                            || line.starts_with("::warning ")
                            || line.starts_with("::notice "),
                        "github: {line:?}"
                    );
                    assert!(!line.contains("::stop-commands::tok%0A"), "{line}");
                }
            }
            "json" | "sarif" => {
                let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                let text = value.to_string();
                assert!(text.contains("stop-commands"), "{format}");
            }
            _ => {
                for line in stdout.lines() {
                    serde_json::from_str::<serde_json::Value>(line).unwrap();
                }
            }
        }
    }
    let summary = fs::read_to_string(&summary_path).unwrap();
    assert_no_raw_unsafe("summary", &summary);
    for row in summary
        .lines()
        .filter(|l| l.starts_with("| ❌") || l.starts_with("| ⚠") || l.starts_with("| ℹ"))
    {
        // Severity | Location | Rule | Message: the message is one code span, so nothing in it
        // renders (no <img>, <details>, emphasis or link).
        let message = row.trim_end_matches(" |").rsplit(" | ").next().unwrap();
        let fence = message.len() - message.trim_start_matches('`').len();
        assert!(fence > 0 && message.ends_with(&"`".repeat(fence)), "{row}");
        let inner = &message[fence..message.len() - fence];
        let longest_run = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        assert!(longest_run < fence, "{row}");
    }
    assert!(
        summary.contains("img src"),
        "the hostile text reached the summary"
    );
}

#[test]
fn every_hostile_sample_is_defused_through_the_renderers() {
    use zonelint::report::{self, Format, FullStyle, Outcome, Summary};
    use zonelint::source::{SourceFile, SourceMap, Span};
    for sample in HOSTILE_SAMPLES {
        let mut sources = SourceMap::default();
        let text = format!("{sample}\nnext line\n");
        let file = sources.add(SourceFile::new(
            sample.to_string().into(),
            format!("zones/{sample}.zone"),
            text.clone().into_bytes(),
        ));
        let rule = zonelint::rules::find("SYN001").unwrap();
        let d = Diagnostic::new(rule, Span::new(file, 0, sample.len()), *sample)
            .with_label(Span::new(file, 0, 0), *sample)
            .with_help(*sample);
        let outcome = Outcome {
            sources,
            diagnostics: vec![d],
            summary: Summary {
                errors: 1,
                ..Summary::default()
            },
        };
        for format in [
            Format::Full,
            Format::Concise,
            Format::Github,
            Format::Json,
            Format::Sarif,
        ] {
            let mut out = Vec::new();
            report::render(format, &outcome, FullStyle::plain(), false, &mut out).unwrap();
            let out = String::from_utf8(out).unwrap();
            assert_no_raw_unsafe(&format!("{format:?}"), &out);
            if matches!(format, Format::Full | Format::Concise) {
                assert!(
                    out.lines().all(|l| !l.trim_start().starts_with("::")),
                    "{format:?}: {out}"
                );
            }
            if format == Format::Github {
                assert_eq!(out.lines().count(), 2, "{out}");
            }
        }
    }
}

#[test]
fn every_subcommand_ends_quietly_on_a_closed_pipe() {
    let bin = assert_cmd::cargo::cargo_bin("zonelint");
    let dir = fixture("limits-forged-output");
    for args in [
        "completions bash",
        "manpage",
        "rule --all",
        "rule MX001",
        "mx zones",
        "check --format full zones",
    ] {
        let script = format!("'{}' {args} | true", bin.display());
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(&dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("internal error"), "{args}: {stderr}");
    }
}

#[test]
fn limits_are_set_on_the_command_line() {
    let dir = scratch("limits-zone-records");
    let mut zone = String::from(SOA);
    for i in 0..50 {
        zone.push_str(&format!("h{i} IN A 192.0.2.1\n"));
    }
    fs::write(dir.path().join("example.com.zone"), zone).unwrap();
    let output = zonelint(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--limit",
            "zone-records=10",
            "--limit",
            "full-findings=1",
            ".",
        ],
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("ZL005 [error] the zone reached 10 records"),
        "{stdout}"
    );
    let bad = zonelint(dir.path(), &["check", "--limit", "records=1", "."]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown limit `records`"));
}

#[test]
fn every_limit_is_documented_in_the_help_and_the_readme() {
    let help = zonelint(Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "--help"]);
    let help = String::from_utf8(help.stdout).unwrap();
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for info in zonelint::limits::LIMITS {
        assert!(help.contains(info.name), "--help lacks {}", info.name);
        assert!(
            readme.contains(&format!("| `{}` |", info.name)),
            "README's limits table lacks {}",
            info.name
        );
    }
}
