//! The machine-readable outputs for CI: `github`, `sarif`, `json-lines` and the Markdown
//! summary, as the binary writes them. Snapshots show the exact text; every SARIF log is
//! validated against the official SARIF 2.1.0 schema (tests/data/).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

use crate::common;
use common::json_schema::Validator;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture repository with an error, warnings, an info, labels and a message holding `%`, `,`
/// and `:`.
fn formats_repo() -> PathBuf {
    root().join("fixtures/repos/workflow-formats")
}

/// `zonelint ARGS` in `dir`, with no GitHub variables from the environment leaking in.
fn zonelint(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("zonelint").unwrap();
    cmd.current_dir(dir).args(args);
    for var in [
        "GITHUB_SERVER_URL",
        "GITHUB_REPOSITORY",
        "GITHUB_SHA",
        "GITHUB_WORKSPACE",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn stdout(dir: &Path, args: &[&str], code: i32) -> String {
    let output = zonelint(dir, args).assert().code(code).get_output().clone();
    String::from_utf8(output.stdout).unwrap()
}

/// Snapshot settings: the version changes with every release and is not what is tested.
fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex_lite_escape(env!("CARGO_PKG_VERSION")), "[VERSION]");
    settings
}

fn regex_lite_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// The official schema, with its one non-ECMA pattern replaced (see tests/data/README.md).
fn sarif_validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json"))
            .expect("the vendored SARIF schema");
        let broken = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
        assert_eq!(
            text.matches(broken).count(),
            2,
            "the schema changed; see README"
        );
        let text = text.replace(broken, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
        let schema: Value = serde_json::from_str(&text).unwrap();
        Validator::new(schema)
    })
}

/// Parse a SARIF log and hold it to the schema; every SARIF these tests produce goes through.
fn valid_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let errors = sarif_validator().errors(&log);
    assert!(
        errors.is_empty(),
        "SARIF does not match the schema: {errors:#?}"
    );
    log
}

#[test]
fn schema_catches_invalid_sarif() {
    // The validation below must be able to fail: a log without a driver name and with a level
    // SARIF does not know is refused.
    let bad = serde_json::json!({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {}}, "results": [{"message": {"text": "x"}, "level": "info"}]}]
    });
    let errors = sarif_validator().errors(&bad);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("\"name\" is a required property")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("\"info\" is not one of")),
        "{errors:#?}"
    );
}

#[test]
fn schema_validator_checks_each_keyword() {
    // Each keyword the SARIF schema uses, failing and passing once (tests/common/json_schema.rs).
    let schema = serde_json::json!({
        "definitions": {"id": {"type": "string", "pattern": "^[a-z]+$"}},
        "type": "object",
        "required": ["list"],
        "additionalProperties": false,
        "properties": {
            "list": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"$ref": "#/definitions/id"}},
            "count": {"type": "integer", "minimum": 0, "maximum": 9},
            "level": {"enum": ["error", "note"]},
            "uri": {"type": "string", "format": "uri"},
            "when": {"type": "string", "format": "date-time"},
            "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "one": {"oneOf": [{"type": "integer"}, {"type": "number"}]}
        }
    });
    let validator = Validator::new(schema);
    let good = serde_json::json!({
        "list": ["a", "b"], "count": 3, "level": "note", "uri": "https://example.com/x",
        "when": "2026-12-01T00:00:00Z", "either": 1, "one": 1.5
    });
    assert_eq!(validator.errors(&good), Vec::<String>::new());
    let failing = [
        (serde_json::json!({}), "\"list\" is a required property"),
        (
            serde_json::json!({"list": ["a"], "extra": 1}),
            "\"extra\" is not allowed",
        ),
        (serde_json::json!({"list": []}), "fewer than 1"),
        (
            serde_json::json!({"list": ["a", "a"]}),
            "repeats an earlier one",
        ),
        (
            serde_json::json!({"list": ["A"]}),
            "does not match ^[a-z]+$",
        ),
        (serde_json::json!({"list": [1]}), "is not of type"),
        (
            serde_json::json!({"list": ["a"], "count": 1.5}),
            "is not of type",
        ),
        (
            serde_json::json!({"list": ["a"], "count": -1}),
            "less than 0",
        ),
        (
            serde_json::json!({"list": ["a"], "count": 10}),
            "greater than 9",
        ),
        (
            serde_json::json!({"list": ["a"], "level": "info"}),
            "is not one of",
        ),
        (
            serde_json::json!({"list": ["a"], "uri": "no scheme"}),
            "is not a uri",
        ),
        (
            serde_json::json!({"list": ["a"], "when": "yesterday"}),
            "is not a date-time",
        ),
        (
            serde_json::json!({"list": ["a"], "either": true}),
            "0 of the anyOf schemas match",
        ),
        (
            serde_json::json!({"list": ["a"], "one": 1}),
            "2 of the oneOf schemas match",
        ),
    ];
    for (instance, expected) in failing {
        let errors = validator.errors(&instance);
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{instance}: expected {expected:?}, got {errors:#?}"
        );
    }
}

#[test]
fn github_format() {
    let out = stdout(&formats_repo(), &["check", "--format", "github"], 1);
    settings().bind(|| insta::assert_snapshot!("github", out));
    let lines: Vec<&str> = out.lines().collect();
    // One line per finding plus the totals; errors before warnings before notices.
    assert_eq!(lines.len(), 9);
    let levels: Vec<&str> = lines.iter().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(
        levels,
        ["::error"; 5]
            .into_iter()
            .chain(["::warning"; 2])
            .chain(["::notice"; 2])
            .collect::<Vec<_>>()
    );
    assert!(lines[8].starts_with("::notice title=zonelint::Found 5 errors, 2 warnings, 1 info"));
    // The flagship finding: on the backup MX, with the Microsoft 365 MX it conflicts with.
    let mx001 = lines.iter().find(|l| l.contains("title=MX001 ")).unwrap();
    assert!(mx001.starts_with("::error file=zones/example.org.zone,line=6,endLine=6,col=12,"));
    assert!(
        mx001
            .contains("%0Azones/example.org.zone:5:11: Microsoft 365 (Exchange Online) MX is here")
    );
    // `%` is escaped in the message, so the runner shows the type as written.
    assert!(out.contains("unknown record type `X%25,:Y`"));
}

#[test]
fn github_format_escapes_file_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("odd,name:100%.zone"),
        "$ORIGIN example.com.\n$TTL 1h\n@ IN SOA ns h 1 7200 3600 1209600 300\n@ IN NS ns\nns IN A 192.0.2.1\n@ IN MX 10 192.0.2.2.\n",
    )
    .unwrap();
    let out = stdout(dir.path(), &["check", "--format", "github", "."], 1);
    assert!(
        out.starts_with("::error file=odd%2Cname%3A100%25.zone,line=6,endLine=6,col=12,endColumn=22,title=MX006 mx-target-address::"),
        "{out}"
    );
    let sarif = stdout(dir.path(), &["check", "--format", "sarif", "."], 1);
    let log = valid_sarif(&sarif);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "odd%2Cname%3A100%25.zone"
    );
}

#[test]
fn github_format_on_a_clean_run_adds_no_annotation() {
    let dir = root().join("fixtures/repos/workflow-good");
    let out = stdout(&dir, &["check", "--format", "github"], 0);
    assert_eq!(out, "No problems found in 1 file (1 zone, 11 records).\n");
}

#[test]
fn sarif_format() {
    let out = stdout(&formats_repo(), &["check", "--format", "sarif"], 1);
    let log = valid_sarif(&out);
    // The rule descriptors, and so the indexes into them, change with every new rule or doc;
    // they are checked one by one below, and the snapshot shows the rest of the log.
    let mut shown = log.clone();
    shown["runs"][0]["tool"]["driver"]["rules"] =
        Value::String("[every rule: checked field by field in sarif_format]".into());
    for result in shown["runs"][0]["results"].as_array_mut().unwrap() {
        result["ruleIndex"] = Value::String("[checked: points at ruleId]".into());
    }
    let shown = serde_json::to_string_pretty(&shown).unwrap();
    settings().bind(|| insta::assert_snapshot!("sarif", shown));

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), zonelint::rules::RULES.len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(
            rule["helpUri"],
            format!("{}{id}.md", zonelint::rules::DOCS_URL)
        );
        assert!(!rule["help"]["markdown"].as_str().unwrap().is_empty());
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    for result in results {
        // ruleIndex points at the rule named by ruleId.
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("zones/"), "relative URI: {uri}");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        for field in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(location["region"][field].as_u64().unwrap() >= 1);
        }
    }
    // The null MX's conflicting MX is a related location with its message.
    let null_mx = results.iter().find(|r| r["ruleId"] == "MX008").unwrap();
    let related = &null_mx["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "other MX");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 11);
    let mx001 = results.iter().find(|r| r["ruleId"] == "MX001").unwrap();
    assert_eq!(
        mx001["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    assert_eq!(
        mx001["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
    // Levels: info becomes SARIF's "note".
    let info = results.iter().find(|r| r["ruleId"] == "ZONE002").unwrap();
    assert_eq!(info["level"], "note");
}

#[test]
fn sarif_fingerprints_survive_moved_lines_and_tell_findings_apart() {
    let dir = tempfile::tempdir().unwrap();
    let zone = "$ORIGIN example.com.\n$TTL 1h\n@ IN SOA ns h 1 7200 3600 1209600 300\n@ IN NS ns\nns IN A 192.0.2.1\n\
                @ IN MX 10 192.0.2.2.\n@ IN MX 20 192.0.2.3.\n";
    let path = dir.path().join("example.com.zone");
    let fingerprints = |text: &str| -> Vec<(u64, String)> {
        std::fs::write(&path, text).unwrap();
        let log = valid_sarif(&stdout(dir.path(), &["check", "--format", "sarif", "."], 1));
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                    r["partialFingerprints"]["zonelint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let before = fingerprints(zone);
    // Lines added above, and the record re-indented: same findings, new line numbers.
    let moved = zone
        .replace(
            "ns IN A",
            "www IN A 192.0.2.9\nftp IN A 192.0.2.10\nns IN A",
        )
        .replace("@ IN MX 10", "@   IN   MX   10");
    let after = fingerprints(&moved);
    assert_eq!(before.len(), 2);
    assert_eq!(after.len(), 2);
    assert_ne!(before[0].0, after[0].0, "the lines did move");
    assert_eq!(before[0].1, after[0].1);
    assert_eq!(before[1].1, after[1].1);
    assert_ne!(before[0].1, before[1].1);
}

#[test]
fn json_lines_format_is_the_json_contract_one_per_line() {
    let lines = stdout(&formats_repo(), &["check", "--format", "json-lines"], 1);
    settings().bind(|| insta::assert_snapshot!("json_lines", lines));
    let json: Value =
        serde_json::from_str(&stdout(&formats_repo(), &["check", "--format", "json"], 1)).unwrap();
    let from_lines: Vec<Value> = lines
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(&from_lines, json["diagnostics"].as_array().unwrap());
    let clean = root().join("fixtures/repos/workflow-good");
    assert_eq!(stdout(&clean, &["check", "--format", "json-lines"], 0), "");
}

#[test]
fn summary_with_links() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summary.md");
    zonelint(
        &formats_repo(),
        &["check", "--format", "concise", "--summary-file"],
    )
    .arg(&file)
    .env("GITHUB_SERVER_URL", "https://github.com")
    .env("GITHUB_REPOSITORY", "acme/dns")
    .env("GITHUB_SHA", "0123abcd")
    .env("GITHUB_WORKSPACE", root().join("fixtures/repos"))
    .assert()
    .code(1);
    let summary = std::fs::read_to_string(&file).unwrap();
    settings().bind(|| insta::assert_snapshot!("summary", summary));
    // The working directory is `workflow-formats/` inside the workspace, so links carry it.
    assert!(summary.contains(
        "(https://github.com/acme/dns/blob/0123abcd/workflow-formats/zones/db.example.net#L5)"
    ));
}

#[test]
fn summary_without_github_has_no_links_and_clean_runs_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summary.md");
    zonelint(&formats_repo(), &["check", "--summary-file"])
        .arg(&file)
        .assert()
        .code(1);
    let summary = std::fs::read_to_string(&file).unwrap();
    assert!(summary.contains("| ❌ error | ` zones/db.example.net:5:20 ` | [MX006]"));
    assert!(!summary.contains("#L"), "no line links without GitHub");

    let clean = dir.path().join("clean.md");
    zonelint(
        &root().join("fixtures/repos/workflow-good"),
        &["check", "--summary-file"],
    )
    .arg(&clean)
    .assert()
    .code(0);
    let text = std::fs::read_to_string(&clean).unwrap();
    assert!(
        text.starts_with("## zonelint\n\n✅ No problems found in 1 file"),
        "{text}"
    );
    assert!(!text.contains("| Rule |"));
}

#[test]
fn extra_outputs_come_from_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out/nested/zonelint.sarif");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step output\n").unwrap();
    let out = zonelint(
        &formats_repo(),
        &["check", "--format", "json", "--sarif-file"],
    )
    .arg(&sarif)
    .arg("--summary-file")
    .arg(&summary)
    .assert()
    .code(1)
    .get_output()
    .stdout
    .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    let log = valid_sarif(&std::fs::read_to_string(&sarif).unwrap());
    assert_eq!(
        json["diagnostics"].as_array().unwrap().len(),
        log["runs"][0]["results"].as_array().unwrap().len()
    );
    // The summary is appended: what the step wrote before stays.
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("earlier step output\n## zonelint\n"),
        "{text}"
    );
    // The SARIF file is replaced on the next run, not appended to.
    zonelint(&formats_repo(), &["check", "--sarif-file"])
        .arg(&sarif)
        .assert()
        .code(1);
    valid_sarif(&std::fs::read_to_string(&sarif).unwrap());
}

#[test]
fn extra_output_that_cannot_be_written_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, "").unwrap();
    zonelint(&formats_repo(), &["check", "--sarif-file"])
        .arg(blocked.join("x.sarif"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot"));
}

/// Many findings: annotations are capped by GitHub, the summary by its size; nothing is lost
/// from the log and the summary says what it left out.
#[test]
fn large_runs_stay_within_github_limits() {
    let dir = tempfile::tempdir().unwrap();
    let mut zone = String::from(
        "$ORIGIN example.com.\n$TTL 1h\n@ IN SOA ns h 1 7200 3600 1209600 300\n@ IN NS ns\nns IN A 192.0.2.1\n",
    );
    let count = 6000;
    for i in 0..count {
        zone.push_str(&format!(
            "host-with-a-rather-long-name-{i:05} IN MX 10 192.0.{}.{}.\n",
            i / 250,
            i % 250
        ));
    }
    std::fs::write(dir.path().join("example.com.zone"), zone).unwrap();
    let summary = dir.path().join("summary.md");
    // The step already wrote most of its allowance.
    std::fs::write(&summary, "x".repeat(300 * 1024)).unwrap();
    // Every finding listed (not capped per rule), to test GitHub's limits.
    let out = zonelint(
        dir.path(),
        &[
            "check",
            "--format",
            "github",
            "--limit",
            "findings-per-rule=10000",
            "--summary-file",
        ],
    )
    .arg(&summary)
    .arg(".")
    .assert()
    .code(1)
    .get_output()
    .stdout
    .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("::error file="))
            .count(),
        count
    );
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("::notice title=zonelint::Found 6000 errors"));
    assert!(last.contains("only the first 10 annotations of each level"));

    let size = std::fs::metadata(&summary).unwrap().len() as usize;
    assert!(size <= zonelint::report::SUMMARY_LIMIT, "{size} bytes");
    assert!(
        size > zonelint::report::SUMMARY_LIMIT - 4096,
        "the budget is used: {size}"
    );
    let text = std::fs::read_to_string(&summary).unwrap();
    let rows = text
        .lines()
        .filter(|l| l.starts_with("| ❌ error |"))
        .count();
    assert!(rows > 1000 && rows < count, "{rows} rows");
    assert!(text.contains(&format!("_{} more findings are not listed", count - rows)));
    assert!(text.contains("| [MX006](") && text.contains("| 6000 |"));
}

#[test]
fn show_files_lists_what_would_be_read() {
    let out = stdout(&formats_repo(), &["check", "--show-files"], 0);
    assert_eq!(out, "zones/db.example.net\nzones/example.org.zone\n");
}

#[test]
fn bash_completion_completes_subcommands_and_formats() {
    let script = stdout(&root(), &["completions", "bash"], 0);
    // Source the script in a real bash and ask its completion function for candidates.
    let probe = r#"
        source /dev/stdin
        COMP_WORDS=(zonelint ch); COMP_CWORD=1; COMP_LINE="zonelint ch"; COMP_POINT=${#COMP_LINE}
        _zonelint zonelint ch zonelint; echo "sub: ${COMPREPLY[*]}"
        COMP_WORDS=(zonelint check --format s); COMP_CWORD=3; COMP_LINE="zonelint check --format s"; COMP_POINT=${#COMP_LINE}
        _zonelint zonelint s --format; echo "format: ${COMPREPLY[*]}"
    "#;
    let output = std::process::Command::new("bash")
        .args(["-c", probe])
        .stdin({
            let mut file = tempfile::tempfile().unwrap();
            std::io::Write::write_all(&mut file, script.as_bytes()).unwrap();
            std::io::Seek::rewind(&mut file).unwrap();
            file
        })
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("sub: check"),
        "{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("format: sarif"), "{text}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert!(stdout(&root(), &["completions", shell], 0).contains("zonelint"));
    }
}

#[test]
fn man_pages() {
    let page = stdout(&root(), &["manpage"], 0);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH zonelint 1"),
        "{page}"
    );
    assert!(page.contains(".TH zonelint 1"));
    assert!(page.contains("zonelint\\-check(1)"));
    let dir = tempfile::tempdir().unwrap();
    zonelint(&root(), &["manpage", "--out-dir"])
        .arg(dir.path())
        .assert()
        .code(0);
    let check = std::fs::read_to_string(dir.path().join("zonelint-check.1")).unwrap();
    assert!(check.contains("\\-\\-sarif\\-file"));
    assert!(check.contains("\\-\\-summary\\-file"));
    assert!(dir.path().join("zonelint.1").exists());
    assert!(dir.path().join("zonelint-rule.1").exists());
    // Where groff is installed (as with man-db), every page renders without a warning.
    let pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(pages.len() >= 5, "{pages:?}");
    for page in pages {
        let Ok(output) = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&page)
            .output()
        else {
            break;
        };
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{page:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Real-world input (BIND's and octoDNS's own test files, broken ones included) through every
/// CI format: SARIF stays valid, every annotation stays on one line, JSON Lines parse.
#[test]
fn corpus_through_every_ci_format() {
    let corpus = root().join("fixtures/corpus");
    let sarif = String::from_utf8(
        zonelint(&corpus, &["check", "--format", "sarif", "--exit-zero"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    let log = valid_sarif(&sarif);
    let results = log["runs"][0]["results"].as_array().unwrap().len();
    assert!(results > 100, "the corpus has many findings: {results}");

    let github = stdout(&corpus, &["check", "--format", "github", "--exit-zero"], 0);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), results + 1);
    assert!(
        lines.iter().all(|l| l.starts_with("::")),
        "one command per line"
    );

    let json_lines = stdout(
        &corpus,
        &["check", "--format", "json-lines", "--exit-zero"],
        0,
    );
    assert_eq!(json_lines.lines().count(), results);
    for line in json_lines.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }

    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    zonelint(&corpus, &["check", "--exit-zero", "--summary-file"])
        .arg(&summary)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&summary).unwrap();
    let rows = text
        .lines()
        .filter(|l| l.starts_with("| ❌") || l.starts_with("| ⚠️") || l.starts_with("| ℹ️"))
        .count();
    assert_eq!(rows, results);
}
