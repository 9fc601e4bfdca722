//! The binary over a small octoDNS repository (fixtures/repos/octodns-basic): a main config
//! whose YamlProvider reads a zone file (with an `!include`) and a split zone directory, next
//! to YAML that is not octoDNS. Exit statuses, concise and JSON output, selection.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repos/octodns-basic")
}

fn zonelint(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("zonelint")
        .unwrap()
        .current_dir(repo())
        .args(args)
        .assert()
}

fn json(args: &[&str], code: i32) -> Value {
    let output = zonelint(args).code(code).get_output().stdout.clone();
    serde_json::from_slice(&output).unwrap()
}

/// (code, file, line) of each diagnostic.
fn findings(report: &Value) -> Vec<(String, String, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn has(found: &[(String, String, u64)], code: &str, file: &str, line: u64) -> bool {
    found
        .iter()
        .any(|(c, f, l)| c == code && f == file && *l == line)
}

#[test]
fn a_whole_octodns_repository_as_json() {
    let report = json(&["check", "--format", "json"], 1);
    assert_eq!(report["version"], 1);
    let found = findings(&report);
    // The backup MX lacks its final dot (octoDNS rejects it) and, read as meant, does not exist
    // in the linted zone example.net.
    assert!(
        has(&found, "NAME001", "zones/example.com.yaml", 7),
        "{found:?}"
    );
    assert!(
        has(&found, "MX007", "zones/example.com.yaml", 7),
        "{found:?}"
    );
    // mail.example.com. is a CNAME, defined in the same file.
    assert!(
        has(&found, "MX005", "zones/example.com.yaml", 5),
        "{found:?}"
    );
    // A file of the split zone directory: YAML 1.1 reads `0300` as octal.
    assert!(
        has(&found, "OCTO002", "zones/example.net./mx.yaml", 3),
        "{found:?}"
    );
    // Helm values and docker compose files are skipped quietly, and nothing is a syntax error.
    assert!(
        found
            .iter()
            .all(|(code, file, _)| file.starts_with("zones/") && !code.starts_with("SYN")),
        "{found:?}"
    );
    let name001 = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "NAME001")
        .unwrap();
    // requirements.txt pins octoDNS 1.9.1, which refuses the record.
    assert_eq!(name001["severity"], "error");
    assert!(
        name001["message"]
            .as_str()
            .unwrap()
            .contains("octoDNS 1.9 (pinned in requirements.txt) refuses the record"),
        "{name001}"
    );
    assert_eq!(name001["column"], 19);
    assert_eq!(name001["end_column"], 37);
    assert!(
        name001["help"]
            .as_str()
            .unwrap()
            .contains("backup.example.net.")
    );
    // The config's dynamic zone entry finds both zones; the included file counts as read.
    assert_eq!(report["summary"]["zones"], 2);
    assert_eq!(report["summary"]["errors"], 2);
    assert_eq!(report["summary"]["warnings"], 2);
}

#[test]
fn concise_output_points_at_the_value() {
    zonelint(&["check", "--format", "concise"])
        .code(1)
        .stdout(predicate::str::contains(
            "zones/example.com.yaml:7:19: NAME001 [error] `backup.example.net` has no trailing dot",
        ))
        .stdout(predicate::str::contains(
            "zones/example.com.yaml:5:19: MX005 [warning] MX exchange `mail.example.com.` is an alias",
        ))
        .stdout(predicate::str::contains("deploy/").not())
        .stdout(predicate::str::contains("docker-compose").not());
}

#[test]
fn selection_and_exit_status() {
    // Without the errors, the warnings alone do not fail the run...
    zonelint(&["check", "--ignore", "NAME001,MX007"]).code(0);
    // ...unless asked to.
    zonelint(&["check", "--ignore", "NAME001,MX007", "--fail-on", "warning"]).code(1);
    let report = json(&["check", "--format", "json", "--select", "MX"], 1);
    let codes: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c.starts_with("MX")),
        "{codes:?}"
    );
    let report = json(&["check", "--format", "json", "--ignore", "OCTO"], 1);
    assert!(findings(&report).iter().all(|f| !f.0.starts_with("OCTO")));
}

#[test]
fn yaml_named_on_the_command_line() {
    // Not octoDNS: one clear warning, and no failure.
    zonelint(&["check", "--format", "concise", "deploy/values.yaml"])
        .code(0)
        .stdout(predicate::str::contains(
            "deploy/values.yaml:1:1: OCTO005 [warning] `deploy/values.yaml` is not an octoDNS zone or config",
        ));
    zonelint(&["check", "deploy/values.yaml", "--fail-on", "warning"]).code(1);
    // A split directory on its own is one zone, named after the directory.
    let report = json(&["check", "--format", "json", "zones/example.net."], 0);
    assert_eq!(report["summary"]["zones"], 1);
    assert_eq!(report["summary"]["files"], 5);
    assert!(has(
        &findings(&report),
        "OCTO002",
        "zones/example.net./mx.yaml",
        3
    ));
    // The config alone brings in the zones it names.
    let report = json(&["check", "--format", "json", "config/octodns.yaml"], 1);
    assert_eq!(report["summary"]["zones"], 2);
    assert!(has(
        &findings(&report),
        "NAME001",
        "zones/example.com.yaml",
        7
    ));
}

#[test]
fn an_unreadable_path_is_a_usage_error() {
    zonelint(&["check", "zones/missing.example.com.yaml"])
        .code(2)
        .stderr(predicate::str::contains("missing.example.com.yaml"));
}

/// fixtures/repos/octodns-rundir: `config/production.yaml` says `directory: ./` and
/// `enforce_order: false`, and is run from the repository root (issue 9).
fn zonelint_in_rundir(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("zonelint")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repos/octodns-rundir"))
        .args(args)
        .assert()
}

#[test]
fn config_paths_are_relative_to_where_octodns_runs() {
    // `./` is the repository root, so the config governs the root's example.com.yaml and its
    // `enforce_order: false` applies: no key-order warnings.
    zonelint_in_rundir(&["check", "--format", "concise", "--fail-on", "info"])
        .code(0)
        .stdout(predicate::str::contains("OCTO001").not());
    zonelint_in_rundir(&["check", "--show-zones"])
        .code(0)
        .stdout("example.com. (octoDNS, configured by config/production.yaml): example.com.yaml\n");
    // Told that octoDNS runs in config/, zonelint finds no zone there (as octoDNS does), says
    // so at the zone's entry (an error), and lints the file as a zone of its own, with the key
    // order the project's one YamlProvider gives (`enforce_order: false`): no OCTO001.
    // An error: octoDNS stops the whole run there ("no YAMLs found").
    zonelint_in_rundir(&["check", "--format", "concise", "--octodns-dir", "config"])
        .code(1)
        .stdout(predicate::str::contains(
            "config/production.yaml:14:3: OCTO005 [error] octoDNS finds no YAML for zone `example.com.` in `config`",
        ))
        .stdout(predicate::str::contains("OCTO001").not());
    // Run from config/ with no `--octodns-dir`, `./` is config/, which holds none of the
    // config's zones: octoDNS runs where they are, the repository root, as OCTO005 says,
    // and no zone is said to have no YAML.
    Command::cargo_bin("zonelint")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repos/octodns-rundir/config"))
        .args(["check", "--format", "concise", "--fail-on", "error", ".."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "production.yaml:11:16: OCTO005 [info] octoDNS reads `./` from the directory it runs in (`.`, by default, where zonelint runs), where it holds none of the provider's zones; zonelint reads `",
        ))
        .stdout(predicate::str::contains("octodns-rundir` instead"))
        .stdout(predicate::str::contains("no YAML").not())
        .stdout(predicate::str::contains("OCTO001").not());
    zonelint_in_rundir(&["check", "--octodns-dir", "missing"])
        .code(2)
        .stderr(predicate::str::contains(
            "--octodns-dir `missing` is not a directory",
        ));
}

#[test]
fn a_directory_missing_where_octodns_runs_is_read_beside_the_config_and_reported() {
    // Run from zones/: `./zones` is not under it, but is under the config's parent.
    zonelint(&["check", "--format", "concise", "--octodns-dir", "zones"])
        .stdout(predicate::str::contains(
            "config/octodns.yaml:8:16: OCTO005 [warning] octoDNS reads `./zones` from the directory it runs in (`zones`, --octodns-dir), where there is no such directory; zonelint reads `zones` instead",
        ))
        .stdout(predicate::str::contains("NAME001"));
}

/// Keys out of order: an error where a config names the zone (octoDNS's YamlProvider refuses
/// the file: "keys out of order"), a warning that says what it assumed where none does, and
/// nothing where the config turns `enforce_order` off.
#[test]
fn key_order_follows_the_config() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::create_dir(root.join("zones")).unwrap();
    std::fs::write(
        root.join("zones/example.com.yaml"),
        "---\nwww:\n  type: A\n  value: 192.0.2.1\n'':\n  type: A\n  value: 192.0.2.2\n",
    )
    .unwrap();
    let config = |enforce: &str| {
        format!(
            "providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n{enforce}zones:\n  example.com.:\n    sources: [config]\n    targets: [config]\n"
        )
    };
    std::fs::write(root.join("octodns.yaml"), config("")).unwrap();
    let concise = |args: &[&str], code: i32| {
        let run = Command::cargo_bin("zonelint")
            .unwrap()
            .current_dir(root)
            .env_remove("NO_COLOR")
            .args(args)
            .assert()
            .code(code);
        String::from_utf8(run.get_output().stdout.clone()).unwrap()
    };
    let out = concise(&["check", "--format", "concise", "."], 1);
    assert!(out.contains("OCTO001 [error]"), "{out}");
    std::fs::write(
        root.join("octodns.yaml"),
        config("    enforce_order: false\n"),
    )
    .unwrap();
    let out = concise(&["check", "--format", "concise", "."], 0);
    assert!(!out.contains("OCTO001"), "{out}");
    std::fs::remove_file(root.join("octodns.yaml")).unwrap();
    let out = concise(&["check", "--format", "concise", "."], 0);
    assert!(out.contains("OCTO001 [warning]"), "{out}");
    // A config whose directory cannot be followed (kubernetes/k8s.io's is a container path,
    // and its files are not named as its zones) still says how the project orders keys.
    std::fs::write(
        root.join("octodns.yaml"),
        "providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: /octodns/elsewhere\n    enforce_order: false\nzones:\n  example.org.:\n    sources: [config]\n    targets: [config]\n",
    )
    .unwrap();
    let out = concise(&["check", "--format", "concise", "."], 0);
    assert!(!out.contains("OCTO001"), "{out}");
}

/// An absolute provider `directory:` (the path the repository has in octoDNS's container) is
/// found inside the project by its last components, and the provider's options apply; a
/// target's directory is not read; one found nowhere is a warning, not an error.
#[test]
fn an_absolute_provider_directory_is_mapped_into_the_project() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::create_dir(root.join("config")).unwrap();
    std::fs::write(
        root.join("config/example.com.yaml"),
        "---\nwww:\n  type: A\n  value: 192.0.2.1\n'':\n  type: A\n  value: 192.0.2.2\n",
    )
    .unwrap();
    std::fs::write(
        root.join("octodns.yaml"),
        "providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: /octodns/config\n    enforce_order: false\n  dump:\n    class: octodns.provider.yaml.YamlProvider\n    directory: /var/backups/dns\nzones:\n  example.com.:\n    sources: [config]\n    targets: [dump]\n",
    )
    .unwrap();
    let run = |code: i32| {
        let run = Command::cargo_bin("zonelint")
            .unwrap()
            .current_dir(root)
            .args(["check", "--format", "concise", "."])
            .assert()
            .code(code);
        String::from_utf8(run.get_output().stdout.clone()).unwrap()
    };
    let out = run(0);
    assert!(
        out.contains("OCTO005 [info]") && out.contains("reads `config`"),
        "{out}"
    );
    // enforce_order: false applies; the target's directory is never looked for.
    assert!(
        !out.contains("OCTO001") && !out.contains("/var/backups"),
        "{out}"
    );
    std::fs::rename(root.join("config"), root.join("zones")).unwrap();
    // Found nowhere: said as information (the path is where octoDNS runs, no fault of the
    // repository's), and the zone file is still linted by its name.
    let out = run(0);
    assert!(
        out.contains("OCTO005 [info] `/octodns/config` is outside the project")
            && out.contains("no directory `config` is inside it")
            && !out.contains("SYN005"),
        "{out}"
    );
    assert!(out.contains("(1 zone,"), "{out}");
}

/// fixtures/repos/octodns-best-practice: a config that turns on octoDNS's `best-practice`
/// validators. Their zone checks give, zone by zone, what `octodns-validate` 1.22.0 gives
/// there: eight reasons for example.com. (errors), none for quiet.example., whose entry turns
/// off the two checks it would fail, one logged for lenient.example. and one for a record
/// marked lenient (warnings), none for a CNAME into a zone of the config below its own.
#[test]
fn best_practice_zone_validators_judge_as_octodns_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repos/octodns-best-practice");
    let run = |dir: &Path| {
        let output = Command::cargo_bin("zonelint")
            .unwrap()
            .current_dir(dir)
            .args([
                "check", "--format", "concise", "--select", "OCTO004", "--quiet",
            ])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let found = run(&dir);
    let found: Vec<&str> = found.lines().filter(|l| !l.is_empty()).collect();
    let expected = [
        "zones/example.com.yaml:3:11: OCTO004 [error] octoDNS's `mx-target-resolvable-in-zone` zone validator (best-practice) refuses the zone: MX record \"example.com.\" points to in-zone target \"mx2.example.com.\" that does not exist",
        "zones/example.com.yaml:20:9: OCTO004 [error] octoDNS's `mail` zone validator (best-practice) refuses the zone: DMARC record at _dmarc.example.com. is missing a policy (p=...)",
        "zones/example.com.yaml:26:9: OCTO004 [error] octoDNS's `cname-target-resolvable-in-zone` zone validator (best-practice) refuses the zone: CNAME record \"www.example.com.\" points to in-zone target \"web.example.com.\" that does not exist",
        "zones/example.com.yaml:29:9: OCTO004 [error] octoDNS's `cname-target-resolvable-in-zone` zone validator (best-practice) refuses the zone: CNAME record \"web2.example.com.\" points to in-zone target \"mx1x.example.com.\" that does not exist",
        "zones/example.com.yaml:32:9: OCTO004 [error] octoDNS's `cname-target-not-cname` zone validator (best-practice) refuses the zone: CNAME record \"alias.example.com.\" points to target \"www.example.com.\" which is also a CNAME",
        "zones/example.com.yaml:35:9: OCTO004 [error] octoDNS's `multi-value-ns` zone validator (best-practice) refuses the zone: NS record \"sub.example.com.\" has only 1 value; at least 2 are recommended for redundancy",
        "zones/example.com.yaml:38:9: OCTO004 [error] octoDNS's `mail` zone validator (best-practice) refuses the zone: \"news.example.com.\" handles mail but is missing an SPF TXT record",
        "zones/example.com.yaml:43:9: OCTO004 [error] octoDNS's `srv-target-resolvable-in-zone` zone validator (best-practice) refuses the zone: SRV record \"_sip._tcp.example.com.\" points to in-zone target \"sip.example.com.\" that does not exist",
        "zones/lenient.example.yaml:3:11: OCTO004 [warning] octoDNS's `mail` zone validator (best-practice) finds, and only logs as the zone or record is lenient: MX record \"lenient.example.\" should have at least 2 values for redundancy, found 1",
        "zones/records.example.yaml:8:9: OCTO004 [warning] octoDNS's `cname-target-resolvable-in-zone` zone validator (best-practice) finds, and only logs as the zone or record is lenient: CNAME record \"old.records.example.\" points to in-zone target \"gone.records.example.\" that does not exist",
    ];
    assert_eq!(found, expected);
    // A repository that pins a release before 1.22 is not judged by these checks; one that
    // turns the set off has none of them.
    let copy = tempfile::tempdir().unwrap();
    std::fs::create_dir(copy.path().join("zones")).unwrap();
    for file in ["config.yaml", "zones/example.com.yaml"] {
        std::fs::copy(dir.join(file), copy.path().join(file)).unwrap();
    }
    std::fs::write(copy.path().join("requirements.txt"), "octodns==1.16.0\n").unwrap();
    assert_eq!(run(copy.path()), "");
    std::fs::remove_file(copy.path().join("requirements.txt")).unwrap();
    assert!(run(copy.path()).contains("cname-target-not-cname"));
    let config = std::fs::read_to_string(copy.path().join("config.yaml")).unwrap();
    std::fs::write(
        copy.path().join("config.yaml"),
        config.replace("enabled: [legacy, best-practice]", "enabled: [legacy]"),
    )
    .unwrap();
    assert_eq!(run(copy.path()), "");
    // The `strict` set's zone checks, from fixtures/repos/octodns-strict: the five reasons
    // octodns-validate 1.22.0 gives there.
    let strict = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repos/octodns-strict");
    let found = run(&strict);
    assert_eq!(
        found.lines().collect::<Vec<_>>(),
        [
            "zones/example.com.yaml:3:11: OCTO004 [error] octoDNS's `mx-target-not-cname` zone validator (strict) refuses the zone: MX record \"example.com.\" points to exchange \"mail.example.com.\" which is a CNAME",
            "zones/example.com.yaml:7:11: OCTO004 [error] octoDNS's `glue-for-in-zone-ns` zone validator (strict) refuses the zone: NS record \"example.com.\" points to in-zone target \"ns1.example.com.\" without glue records (A/AAAA)",
            "zones/example.com.yaml:18:9: OCTO004 [error] octoDNS's `srv-target-not-cname` zone validator (strict) refuses the zone: SRV record \"_sip._tcp.example.com.\" points to target \"mail.example.com.\" which is a CNAME",
            "zones/example.com.yaml:25:9: OCTO004 [error] octoDNS's `glue-for-in-zone-ns` zone validator (strict) refuses the zone: NS record \"sub.example.com.\" points to in-zone target \"alias.example.com.\" without glue records (A/AAAA)",
            "zones/example.com.yaml:25:9: OCTO004 [error] octoDNS's `ns-target-not-cname` zone validator (strict) refuses the zone: NS record \"sub.example.com.\" points to target \"alias.example.com.\" which is a CNAME",
        ]
    );
}

/// kubernetes/k8s.io keeps each zone in parts that its scripts put together before octoDNS
/// runs (`k8s.io._0_base.yaml`, `k8s.io._1_do.yaml`), and links one part into another zone
/// (`canary.k8s.io._0_base.yaml -> k8s.io._0_base.yaml`). A last label starting with `_` is
/// no top-level domain: the parts are one zone, named without it, and the linked part is
/// in both zones.
#[cfg(unix)]
#[test]
fn zone_parts_named_after_their_zone_make_one_zone() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("example.com._0_base.yaml"),
        "---\n'':\n  type: A\n  value: 192.0.2.1\nwww:\n  type: CNAME\n  value: web.example.com.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("example.com._1_web.yaml"),
        "---\nweb:\n  type: A\n  value: 192.0.2.2\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "example.com._0_base.yaml",
        root.join("canary.example.com._0_base.yaml"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let output = Command::cargo_bin("zonelint")
            .unwrap()
            .current_dir(root)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let zones = run(&["check", "--show-zones"]);
    assert!(
        zones.contains("example.com. (octoDNS, named by no config (after its file name)): example.com._0_base.yaml, example.com._1_web.yaml"),
        "{zones}"
    );
    assert!(zones.contains("canary.example.com. ("), "{zones}");
    assert!(!zones.contains("_0_base. ("), "{zones}");
    // `web` is in the zone, from the other part: no dangling CNAME.
    let findings = run(&["check", "--format", "concise", "--select", "ZONE047"]);
    assert!(
        !findings.contains("example.com._0_base.yaml:5"),
        "{findings}"
    );
    // Two files that are each a zone's own, given one origin, stay two zones.
    let other = tempfile::tempdir().unwrap();
    for (file, target) in [("a.yaml", "a"), ("b.yaml", "b")] {
        std::fs::write(
            other.path().join(file),
            format!("---\nwww:\n  type: CNAME\n  value: {target}.example.net.\n"),
        )
        .unwrap();
    }
    let output = Command::cargo_bin("zonelint")
        .unwrap()
        .current_dir(other.path())
        .args(["check", "--origin", "example.com.", "a.yaml", "b.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("(2 zones, 2 records)"), "{text}");
}

/// A provider of an octoDNS 0.9 class (`octodns.provider.cloudflare.CloudflareProvider`, as
/// gluebags/dns and mbtamuli/dns still write it) stops octoDNS 1.x ("Unknown provider class",
/// octodns-validate 1.22.0): an error, naming the plugin class. A repository that pins
/// octoDNS before 1.0 deploys it as written: nothing said.
#[test]
fn a_provider_class_octodns_1_removed() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::create_dir_all(root.join("config")).unwrap();
    std::fs::write(
        root.join("config/production.yaml"),
        "providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./config\n  \
         cloudflare:\n    class: octodns.provider.cloudflare.CloudflareProvider\n    token: env/CLOUDFLARE_TOKEN\n\
         zones:\n  example.com.:\n    sources:\n      - config\n    targets:\n      - cloudflare\n",
    )
    .unwrap();
    std::fs::write(
        root.join("config/example.com.yaml"),
        "---\n'':\n  type: A\n  value: 192.0.2.1\n",
    )
    .unwrap();
    let run = |code: i32| {
        let output = Command::cargo_bin("zonelint")
            .unwrap()
            .current_dir(root)
            .args(["check", "--format", "concise", "."])
            .assert()
            .code(code);
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    };
    let out = run(1);
    assert!(
        out.contains(
            "config/production.yaml:6:12: OCTO005 [error] provider `cloudflare` is of class \
             `octodns.provider.cloudflare.CloudflareProvider`, which octoDNS 1.0 removed"
        ),
        "{out}"
    );
    std::fs::write(root.join("requirements.txt"), "octodns==0.9.10\n").unwrap();
    let out = run(0);
    assert!(!out.contains("removed"), "{out}");
    // A range that allows only 0.9 releases pins 0.9 too.
    std::fs::write(root.join("requirements.txt"), "octodns>=0.9.9,<1.0\n").unwrap();
    let out = run(0);
    assert!(!out.contains("removed"), "{out}");
    // So does a requirements file in a folder beside the config, where the image octoDNS runs
    // in is built (kubernetes/k8s.io: `dns/octodns-docker/requirements.txt`), and only there:
    // not one at the root in a folder of the same name.
    std::fs::remove_file(root.join("requirements.txt")).unwrap();
    std::fs::create_dir_all(root.join("octodns-docker")).unwrap();
    std::fs::write(
        root.join("octodns-docker/requirements.txt"),
        "octodns==0.9.9\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("config/octodns-docker")).unwrap();
    assert!(run(1).contains("which octoDNS 1.0 removed"));
    std::fs::write(
        root.join("config/octodns-docker/requirements.txt"),
        "octodns==0.9.9\n",
    )
    .unwrap();
    let out = run(0);
    assert!(!out.contains("removed"), "{out}");
}

#[test]
fn a_part_named_alone_belongs_to_the_zone_its_folder_is_named_after() {
    // `partials/example.org/team.yml`, merged by a script into `example.org.yaml`: its names
    // are relative to `example.org.`, not to a zone `team.` made up from the file name, in
    // which `app.team` would repeat the zone's name (NAME001, an error).
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("partials/example.org");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("team.yml"),
        "app.team:\n  type: CNAME\n  value: app.pages.example.net.\n",
    )
    .unwrap();
    let check = |args: &[&str]| {
        let output = Command::cargo_bin("zonelint")
            .unwrap()
            .current_dir(dir.path())
            .arg("check")
            .args(args)
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        String::from_utf8(output).unwrap()
    };
    let report: Value = serde_json::from_str(&check(&[
        "--format",
        "json",
        "partials/example.org/team.yml",
    ]))
    .unwrap();
    let found = findings(&report);
    assert!(
        has(&found, "OCTO005", "partials/example.org/team.yml", 1),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(code, ..)| code == "NAME001"),
        "{found:?}"
    );
    assert_eq!(report["summary"]["zones"], 1);
    let show_zones = |args: &[&str]| check(&[&["--show-zones"], args].concat());
    // Two parts of the folder are one zone; `--origin` comes before the folder's name; a
    // folder whose name ends in no top-level domain (`conf.d`) names no zone.
    std::fs::write(
        folder.join("other.yml"),
        "x:\n  type: A\n  value: 192.0.2.1\n",
    )
    .unwrap();
    let zones = show_zones(&[
        "partials/example.org/team.yml",
        "partials/example.org/other.yml",
    ]);
    assert!(
        zones.starts_with("example.org. ")
            && zones.contains("partials/example.org/other.yml, partials/example.org/team.yml")
            && zones.lines().count() == 1,
        "{zones}"
    );
    let zones = show_zones(&[
        "--origin",
        "staging.example.com",
        "partials/example.org/team.yml",
    ]);
    assert!(zones.starts_with("staging.example.com. "), "{zones}");
    std::fs::create_dir_all(dir.path().join("conf.d")).unwrap();
    std::fs::copy(folder.join("team.yml"), dir.path().join("conf.d/team.yml")).unwrap();
    let zones = show_zones(&["conf.d/team.yml"]);
    assert!(zones.starts_with("team. "), "{zones}");
}
