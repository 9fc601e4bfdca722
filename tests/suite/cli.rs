//! The command line as users and CI meet it: exit statuses, formats, discovery, `rule`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn zonelint() -> Command {
    Command::cargo_bin("zonelint").unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

const CLEAN: &str = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 192.0.2.1\n";

fn run_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    zonelint().current_dir(dir).args(args).assert()
}

#[test]
fn exit_status_follows_findings_and_fail_on() {
    let dir = fixtures();
    run_in(&dir, &["check", "MX005/pass/address-records.zone"])
        .code(0)
        .stdout(predicate::str::contains("No problems found"));
    run_in(&dir, &["check", "MX006/fail/ipv6.zone"]).code(1);
    run_in(&dir, &["check", "MX006/fail/ipv6.zone", "--exit-zero"]).code(0);
    // MX005 is a warning: it fails the run only with --fail-on warning or info.
    run_in(&dir, &["check", "MX005/fail/cname-target.zone"]).code(0);
    run_in(
        &dir,
        &[
            "check",
            "MX005/fail/cname-target.zone",
            "--fail-on",
            "warning",
        ],
    )
    .code(1);
    run_in(
        &dir,
        &[
            "check",
            "ZONE002/fail/no-final-newline.zone",
            "--fail-on",
            "warning",
        ],
    )
    .code(0);
    run_in(
        &dir,
        &[
            "check",
            "ZONE002/fail/no-final-newline.zone",
            "--fail-on",
            "info",
        ],
    )
    .code(1);
    // A zone that does not parse is a finding, not an abnormal end.
    run_in(&dir, &["check", "SYN002/fail/bad-fields.zone"]).code(1);
}

#[test]
fn usage_errors_and_unreadable_paths_exit_2_with_one_line() {
    let dir = fixtures();
    let one_line = |s: &str| s.trim_end().lines().count() == 1 && s.starts_with("zonelint: ");
    let assert = run_in(&dir, &["check", "no/such/zone.db"]).code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        one_line(&stderr) && stderr.contains("no/such/zone.db") && stderr.contains("no such file"),
        "{stderr}"
    );
    let assert = run_in(&dir, &["check", ".", "--select", "NOPE999"]).code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(one_line(&stderr) && stderr.contains("NOPE999"), "{stderr}");
    let assert = run_in(&dir, &["check", ".", "--origin", "a..b"]).code(2);
    assert!(one_line(
        &String::from_utf8(assert.get_output().stderr.clone()).unwrap()
    ));
    run_in(&dir, &["check", "--format", "xml"]).code(2);
    // A stray comma must not select (or ignore) every rule.
    run_in(&dir, &["check", ".", "--ignore", "NAME001,"])
        .code(2)
        .stderr(predicate::str::contains("empty rule selector"));
    run_in(&dir, &["rule", "NOPE999"])
        .code(2)
        .stderr(predicate::str::starts_with("zonelint: unknown rule"));
}

#[test]
fn concise_is_the_default_off_a_terminal() {
    let assert = run_in(&fixtures(), &["check", "MX006/fail/ipv4-absolute.zone"]).code(1);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(
        stdout.lines().next().unwrap(),
        "MX006/fail/ipv4-absolute.zone:6:22: MX006 [error] MX exchange `192.0.2.25` is an IP address, not a host name"
    );
}

#[test]
fn json_follows_the_contract() {
    let assert = run_in(
        &fixtures(),
        &[
            "check",
            "MX008/fail/null-beside-others.zone",
            "--format",
            "json",
        ],
    )
    .code(1);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["version"], 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "MX008");
    assert_eq!(d["rule"], "null-mx-mixed");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "MX008/fail/null-beside-others.zone");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(6), Some(21))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(6), Some(22))
    );
    assert!(d["message"].as_str().unwrap().contains("null MX"));
    assert!(d["help"].as_str().unwrap().contains("RFC 7505"));
    assert!(d["url"].as_str().unwrap().ends_with("MX008.md"));
    let label = &d["labels"][0];
    assert_eq!(
        (
            label["file"].as_str(),
            label["line"].as_u64(),
            label["column"].as_u64()
        ),
        (
            Some("MX008/fail/null-beside-others.zone"),
            Some(7),
            Some(22)
        )
    );
    assert_eq!(label["message"], "other MX");
    let summary = &json["summary"];
    assert_eq!(
        (
            summary["files"].as_u64(),
            summary["zones"].as_u64(),
            summary["records"].as_u64()
        ),
        (Some(1), Some(1), Some(6))
    );
    assert_eq!(
        (
            summary["errors"].as_u64(),
            summary["warnings"].as_u64(),
            summary["infos"].as_u64()
        ),
        (Some(1), Some(0), Some(0))
    );
}

#[test]
fn full_format_shows_source_and_help() {
    let assert = run_in(
        &fixtures(),
        &["check", "MX005/fail/cname-target.zone", "--format", "full"],
    )
    .code(0);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("MX005 mx-target-cname"), "{stdout}");
    assert!(
        stdout.contains("[MX005/fail/cname-target.zone:7:22]"),
        "{stdout}"
    );
    assert!(stdout.contains("the CNAME is here"), "{stdout}");
    assert!(stdout.contains("help: RFC 2181"), "{stdout}");
}

#[test]
fn output_is_sorted_and_deterministic() {
    let dir = fixtures();
    let first = run_in(&dir, &["check", "NAME001", "MX007", "--format", "concise"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let second = run_in(&dir, &["check", "MX007", "NAME001", "--format", "concise"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(first, second);
    let text = String::from_utf8(first).unwrap();
    let keys: Vec<(String, u32, u32)> = text
        .lines()
        .filter(|l| l.contains(": "))
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            Some((
                parts.next()?.to_string(),
                parts.next()?.parse().ok()?,
                parts.next()?.parse().ok()?,
            ))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert!(keys.len() >= 5);
    assert_eq!(keys, sorted);
}

#[test]
fn select_ignore_and_statistics() {
    let dir = fixtures();
    run_in(
        &dir,
        &["check", "MX006/fail/ipv6.zone", "--ignore", "MX006"],
    )
    .code(0);
    run_in(
        &dir,
        &[
            "check",
            "MX006/fail/ipv6.zone",
            "--ignore",
            "mx-target-address",
        ],
    )
    .code(0);
    run_in(&dir, &["check", "MX006/fail/ipv6.zone", "--select", "NAME"]).code(0);
    run_in(&dir, &["check", "MX006/fail/ipv6.zone", "--select", "MX00"]).code(1);
    // Syntax errors cannot be switched off: a zone that does not parse cannot pass.
    run_in(
        &dir,
        &["check", "SYN002/fail/bad-fields.zone", "--ignore", "SYN"],
    )
    .code(1);
    run_in(
        &dir,
        &["check", "NAME001/fail/ends-in-tld.zone", "--statistics"],
    )
    .code(1)
    .stdout(predicate::str::is_match(r"(?m)^\s+5\s+NAME001\s+missing-trailing-dot$").unwrap());
}

#[test]
fn bind_check_modes_set_the_severity_of_the_rules_they_govern() {
    let dir = fixtures();
    let file = "ZONE034/fail/underscore-owner.zone";
    // check-names fail is named's default for a primary zone: an error.
    run_in(&dir, &["check", file])
        .code(1)
        .stdout(predicate::str::contains("ZONE034 [error]"));
    run_in(&dir, &["check", file, "--check-names", "warn"])
        .code(0)
        .stdout(predicate::str::contains("ZONE034 [warning]"));
    run_in(&dir, &["check", file, "--check-names", "ignore"])
        .code(0)
        .stdout(predicate::str::contains("ZONE034").not());
    // check-srv-cname and check-mx-cname default to warn; fail refuses the zone.
    let srv = "ZONE028/fail/alias-target.zone";
    run_in(&dir, &["check", srv]).code(0);
    run_in(&dir, &["check", srv, "--check-srv-cname", "fail"])
        .code(1)
        .stdout(predicate::str::contains("ZONE028 [error]"));
    let mx = "MX005/fail/cname-target.zone";
    run_in(&dir, &["check", mx, "--check-mx-cname", "fail"])
        .code(1)
        .stdout(predicate::str::contains("MX005 [error]"));
    run_in(&dir, &["check", mx, "--check-names", "sometimes"]).code(2);
}

#[test]
fn discovery_walks_directories_and_skips_what_is_not_a_zone() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("zones/old")).unwrap();
    fs::write(root.join("zones/example.com.zone"), CLEAN).unwrap();
    fs::write(
        root.join("zones/db.example.net"),
        CLEAN.replace("example.com", "example.net"),
    )
    .unwrap();
    // No extension: recognised by its content.
    fs::write(
        root.join("zones/example.org"),
        CLEAN.replace("example.com", "example.org"),
    )
    .unwrap();
    fs::write(
        root.join("zones/old/broken.zone"),
        "$ORIGIN example.com.\nwww IN A 999.1.1.1\n",
    )
    .unwrap();
    // `.gitignore` hides untracked files in a git repository (tracked ones are linted anyway:
    // tests/hostile_paths.rs).
    fs::write(root.join(".gitignore"), "zones/old/\n").unwrap();
    assert!(
        std::process::Command::new("git")
            .args(["init", "-q"])
            .current_dir(root)
            .status()
            .unwrap()
            .success()
    );
    fs::write(
        root.join("README.md"),
        "# Notes\n\nPlan A is a good plan.\n",
    )
    .unwrap();
    fs::write(root.join("notes.txt"), "www A 1.2.3.4\n").unwrap();
    fs::write(root.join("image.db"), [0u8, 1, 2, 3, 255, 254]).unwrap();
    let assert = run_in(root, &["check", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["summary"]["files"], 3, "{json}");
    assert_eq!(json["summary"]["zones"], 3);
    // A file named explicitly is linted whatever its name; the ignored one too.
    fs::write(root.join("zone-for-tests.txt"), CLEAN).unwrap();
    run_in(
        root,
        &["check", "zone-for-tests.txt", "--origin", "example.com"],
    )
    .code(0)
    .stdout(predicate::str::contains("1 file"));
    run_in(root, &["check", "zones/old/broken.zone"])
        .code(1)
        .stdout(predicate::str::contains("SYN002"));
}

#[test]
fn includes_are_part_of_the_zone_not_zones_of_their_own() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("example.com.zone"),
        format!("{CLEAN}$INCLUDE hosts.db\n"),
    )
    .unwrap();
    fs::write(root.join("hosts.db"), "www IN A 192.0.2.10\n").unwrap();
    let assert = run_in(root, &["check", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(
        (
            json["summary"]["files"].as_u64(),
            json["summary"]["zones"].as_u64()
        ),
        (Some(2), Some(1)),
        "{json}"
    );
}

#[test]
fn rule_explains_and_lists() {
    zonelint()
        .args(["rule", "MX005"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## Why is this bad?"));
    zonelint()
        .args(["rule", "mx-target-cname"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("MX005 (mx-target-cname)"));
    let assert = zonelint()
        .args(["rule", "--all", "--format", "json"])
        .assert()
        .code(0);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let rules = json.as_array().unwrap();
    assert!(
        rules.iter().any(|r| r["code"] == "MX008"
            && r["name"] == "null-mx-mixed"
            && r["severity"] == "error")
    );
    assert!(rules.iter().all(|r| {
        r["doc"]
            .as_str()
            .is_some_and(|d| d.contains("## What it does"))
    }));
    zonelint()
        .args(["rule", "--all"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("NAME001"));
    zonelint()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("zonelint "));
}

#[test]
fn mx_shows_routing_providers_and_findings() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/examples");
    let assert = run_in(&examples, &["mx", "example.com.zone"]).code(0);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!(text);
    let assert = run_in(&examples, &["mx", ".", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let sets = json["sets"].as_array().unwrap();
    let apex = sets.iter().find(|s| s["owner"] == "example.com.").unwrap();
    assert_eq!(apex["hosts"][0]["provider"]["id"], "microsoft-365");
    assert_eq!(apex["hosts"][1]["exchange"], "ibmr.btconnect.com.");
    assert!(apex["hosts"][1]["provider"].is_null());
    assert_eq!(apex["findings"][0]["code"], "MX001");
    assert_eq!(
        (
            apex["findings"][0]["line"].as_u64(),
            apex["findings"][0]["column"].as_u64()
        ),
        (Some(16), Some(25))
    );
    let null = sets
        .iter()
        .find(|s| s["owner"] == "static.example.org.")
        .unwrap();
    assert_eq!(null["null_mx"], true);
    assert!(null["fallback"].as_str().unwrap().contains("Null MX"));
    // What each name says about the mail it sends: SPF, the DMARC policy that applies, DKIM.
    assert_eq!(
        apex["spf"][0]["text"],
        "v=spf1 include:spf.protection.outlook.com -all"
    );
    assert_eq!(apex["dmarc"]["owner"], "_dmarc.example.com.");
    assert_eq!(apex["dkim"][0]["selector"], "selector1");
    assert_eq!(apex["dkim"][0]["type"], "CNAME");
    let shop = sets
        .iter()
        .find(|s| s["owner"] == "shop.example.org.")
        .unwrap();
    assert_eq!(shop["dmarc"]["owner"], "_dmarc.example.org.");
    assert_eq!(shop["dmarc_inherited"], true);
    assert_eq!(null["dmarc"]["owner"], "_dmarc.static.example.org.");
    assert_eq!(null["dmarc_inherited"], false);
    assert!(apex["dmarc_cname"].is_null());
    run_in(&examples, &["mx", "nowhere"]).code(2);
}

/// A host listed twice (Proton's first host where its backup belongs) is no host to fall back
/// to: the story says so instead of "they try" the same host again.
#[test]
fn mx_does_not_fall_back_to_a_host_listed_twice() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n\
         ns1 IN A 192.0.2.1\n@ IN MX 10 mail.protonmail.ch.\n@ IN MX 20 mail.protonmail.ch.\n",
    )
    .unwrap();
    let assert = run_in(temp.path(), &["mx", "."]).code(0);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(!text.contains("they try"), "{text}");
    assert!(
        text.contains("`mail.protonmail.ch.` is listed again at preference 20, which adds no other host. When it does not answer, there is no other host"),
        "{text}"
    );
}

/// Zones that share one file (a named.conf serving parked domains from one `placeholder`,
/// javajawa/teacats-zonefiles): each zone's MX set lists its own findings, not every zone's
/// finding at the same line; `check` reports each once.
#[test]
fn mx_lists_each_zone_its_own_findings_in_a_shared_file() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("placeholder"),
        "$TTL 3600\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 3600\n\
         @ IN NS ns1.example.net.\n@ IN MX 10 mail.example.net.\n@ IN TXT \"v=spf1 mx -all\"\n",
    )
    .unwrap();
    std::fs::write(
        temp.path().join("named.conf"),
        "zone \"example.com\" { type primary; file \"placeholder\"; };\n\
         zone \"example.org\" { type primary; file \"placeholder\"; };\n",
    )
    .unwrap();
    let assert = run_in(temp.path(), &["check", "--format", "concise", "."]).code(0);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(text.matches("DMARC005").count(), 2, "{text}");
    let assert = run_in(temp.path(), &["mx", "."]).code(0);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let sets: Vec<&str> = text
        .split("\n\n")
        .filter(|set| set.contains("pref"))
        .collect();
    assert_eq!(sets.len(), 2, "{text}");
    for (set, zone) in sets.iter().zip(["example.com.", "example.org."]) {
        assert!(set.starts_with(zone), "{set}");
        assert_eq!(set.matches("DMARC005").count(), 1, "{set}");
        assert!(
            set.contains(&format!("`{zone}` authorises senders")),
            "{set}"
        );
    }
    // A baseline names each zone's finding by its own zone.
    run_in(
        temp.path(),
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--update-baseline",
            ".",
        ],
    )
    .code(0);
    let baseline = std::fs::read_to_string(temp.path().join("baseline.json")).unwrap();
    for zone in ["example.com.", "example.org."] {
        assert!(
            baseline.contains(&format!("{{\"zone\":\"{zone}\",\"owner\":\"{zone}\"")),
            "{baseline}"
        );
    }
}

/// A TXT record the SPF rules judge without reading it as SPF (a misspelt `v=spfv1`,
/// andir/infra's megfau.lt): the set says "SPF: none", and its findings say why.
#[test]
fn mx_shows_why_a_misspelt_spf_record_is_none() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n\
         ns1 IN A 192.0.2.1\n@ IN MX 10 mail.example.net.\n@ IN TXT \"v=spfv1 mx ~all\"\n@ IN TXT \"site-verification=abc\"\n",
    )
    .unwrap();
    let assert = run_in(temp.path(), &["mx", "."]).code(0);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(text.contains("SPF:   none"), "{text}");
    assert!(
        text.contains("example.com.zone:7:11: SPF013 [error]"),
        "{text}"
    );
}

/// `_dmarc CNAME <a DMARC service>` is the name's policy, not "none", and the apex's record
/// does not stand in for it below the apex.
#[test]
fn mx_shows_a_dmarc_cname_as_the_policy() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n\
         ns1 IN A 192.0.2.1\n@ IN MX 10 mail.example.net.\n_dmarc IN TXT \"v=DMARC1; p=reject\"\n\
         shop IN MX 10 mail.example.net.\n_dmarc.shop IN CNAME _dmarc.shop.example.com.dmarc-host.example.\n",
    )
    .unwrap();
    let assert = run_in(temp.path(), &["mx", "."]).code(0);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("DMARC: CNAME to `_dmarc.shop.example.com.dmarc-host.example.`"),
        "{text}"
    );
    assert!(!text.contains("DMARC: none"), "{text}");
    let assert = run_in(temp.path(), &["mx", ".", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let shop = json["sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["owner"] == "shop.example.com.")
        .unwrap();
    assert!(shop["dmarc"].is_null());
    assert_eq!(shop["dmarc_inherited"], false);
    assert_eq!(
        shop["dmarc_cname"]["text"],
        "_dmarc.shop.example.com.dmarc-host.example."
    );
    assert_eq!(shop["dmarc_cname"]["line"], 9);
}

#[test]
fn the_motivating_story_is_caught() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/examples");
    let assert = run_in(&examples, &["check", "--format", "full"]).code(1);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!(text);
}

#[test]
fn a_named_file_brings_its_whole_zone() {
    // What pre-commit does: it passes only the files a commit touches.
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("zones/includes")).unwrap();
    fs::create_dir_all(root.join("other")).unwrap();
    fs::write(
        root.join("zones/example.com.zone"),
        format!("{CLEAN}$INCLUDE zones/includes/mail.inc\n"),
    )
    .unwrap();
    fs::write(
        root.join("zones/includes/mail.inc"),
        "@ IN MX 10 example-com.mail.protection.outlook.com.\n@ IN MX 20 ibmr.btconnect.com.\n",
    )
    .unwrap();
    // A broken zone elsewhere in the repository is not what the commit touched.
    fs::write(
        root.join("other/broken.zone"),
        "$ORIGIN broken.example.\nwww IN A 999.1.1.1\n",
    )
    .unwrap();
    let assert = run_in(
        root,
        &["check", "zones/includes/mail.inc", "--format", "json"],
    )
    .code(1);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        // MAIL001's advice (Microsoft 365's companion records) is beside the point here.
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["MX001"], "{json}");
    assert_eq!(json["diagnostics"][0]["file"], "zones/includes/mail.inc");
    assert_eq!(
        (
            json["summary"]["files"].as_u64(),
            json["summary"]["zones"].as_u64()
        ),
        (Some(2), Some(1)),
        "{json}"
    );

    // One file of an octoDNS split directory lints the directory's whole zone.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repos/octodns-basic");
    let assert = run_in(
        &repo,
        &["check", "zones/example.net./mx.yaml", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["summary"]["zones"], 1, "{json}");
    assert!(json["summary"]["files"].as_u64().unwrap() > 1, "{json}");
}

/// Beside a named fragment, which brings its zone as context: a zone read from standard input
/// and a zone linked into a named directory from elsewhere in the project are named too, and
/// their findings listed (they were not: the link's target and `-` were looked for among the
/// paths the command line wrote).
#[test]
fn named_streams_and_links_stay_named_beside_a_fragment() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("zones")).unwrap();
    fs::create_dir_all(root.join("shared")).unwrap();
    fs::create_dir_all(root.join("fragments")).unwrap();
    fs::write(
        root.join("fragments/db.b.example"),
        "$ORIGIN b.example.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n\
         @ NS ns1\nns1 A 192.0.2.1\n$INCLUDE fragments/b.inc\n",
    )
    .unwrap();
    fs::write(root.join("fragments/b.inc"), "@ MX 10 192.0.2.8\n").unwrap();
    let zone = |origin: &str| {
        format!(
            "$ORIGIN {origin}\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n\
             @ NS ns1\nns1 A 192.0.2.1\n@ MX 10 192.0.2.9\n"
        )
    };
    fs::write(root.join("shared/db.a.real"), zone("a.example.")).unwrap();
    std::os::unix::fs::symlink("../shared/db.a.real", root.join("zones/db.a.example")).unwrap();
    let files_with_findings = |assert: assert_cmd::assert::Assert| {
        let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
        let mut files: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "MX006")
            .map(|d| d["file"].as_str().unwrap().to_string())
            .collect();
        files.dedup();
        files
    };
    // The link's finding is shown at the file it leads to, as when the directory is named
    // alone.
    let alone = run_in(root, &["check", "zones", "--format", "json"]).code(1);
    assert_eq!(files_with_findings(alone), ["shared/db.a.real"]);
    let linked = run_in(
        root,
        &["check", "zones", "fragments/b.inc", "--format", "json"],
    )
    .code(1);
    assert_eq!(
        files_with_findings(linked),
        ["fragments/b.inc", "shared/db.a.real"]
    );
    let streamed = zonelint()
        .current_dir(root)
        .args([
            "check",
            "-",
            "fragments/b.inc",
            "--stdin-filename",
            "db.c.example",
        ])
        .args(["--format", "json"])
        .write_stdin(zone("c.example."))
        .assert()
        .code(1);
    assert_eq!(
        files_with_findings(streamed),
        ["db.c.example", "fragments/b.inc"]
    );
}

#[test]
fn only_zones_skips_named_files_that_are_not_zones() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join(".github/workflows")).unwrap();
    fs::write(
        root.join(".github/workflows/ci.yml"),
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    )
    .unwrap();
    fs::write(root.join("notes.txt"), "moved mail in MX list\n").unwrap();
    fs::write(root.join("example.com.zone"), CLEAN).unwrap();
    let files = [
        "check",
        ".github/workflows/ci.yml",
        "notes.txt",
        "example.com.zone",
        "--format",
        "json",
    ];
    // Named on purpose, a file that is not a zone is reported...
    let assert = run_in(root, &files).code(1);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert!(json["diagnostics"].as_array().unwrap().len() >= 2, "{json}");
    // ...but pre-commit names every file matching its pattern: --only-zones skips them quietly.
    let mut args = files.to_vec();
    args.push("--only-zones");
    let assert = run_in(root, &args).code(0);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json}");
    assert_eq!(
        (
            json["summary"]["files"].as_u64(),
            json["summary"]["zones"].as_u64()
        ),
        (Some(1), Some(1)),
        "{json}"
    );
}

#[test]
fn an_include_of_a_deployed_path_reads_the_projects_file_of_that_name() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("zones")).unwrap();
    fs::write(
        root.join("example.com.zone"),
        format!("{CLEAN}$INCLUDE /etc/bind/zones/hosts.inc\n"),
    )
    .unwrap();
    // A fragment: an indented first line and no TTL, which on its own is no zone.
    fs::write(
        root.join("zones/hosts.inc"),
        "\tIN TXT \"fragment\"\nwww IN A 192.0.2.10\n",
    )
    .unwrap();
    let assert = run_in(root, &["check", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["summary"]["zones"], 1, "{json}");
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    // The fragment's indented first record: BIND gives it the includer's last owner, Knot
    // refuses the zone (ZONE044).
    assert_eq!(found, [("SYN005", "info"), ("ZONE044", "info")], "{json}");
    let message = json["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("`zones/hosts.inc`"), "{message}");
    // Named alone (pre-commit passes the files a commit touches), either file gives the same.
    for named in ["example.com.zone", "zones/hosts.inc"] {
        run_in(root, &["check", "--only-zones", named])
            .code(0)
            .stdout(predicate::str::contains("SYN005 [info]"))
            .stdout(predicate::str::contains("1 zone,"));
    }

    // The file whose path ends more like the one written wins over a nearer one.
    let fragment = |address: &str| format!("www IN A {address}\nftp IN A {address}\n");
    fs::write(root.join("hosts.inc"), fragment("192.0.2.12")).unwrap();
    run_in(root, &["check"]).stdout(predicate::str::contains(
        "`zones/hosts.inc`, the project's file",
    ));
    // Two files of that name alike and as near the zone: no guess, the include fails.
    fs::remove_file(root.join("hosts.inc")).unwrap();
    fs::create_dir_all(root.join("other")).unwrap();
    fs::write(
        root.join("example.com.zone"),
        format!("{CLEAN}$INCLUDE /etc/bind/hosts.inc\n"),
    )
    .unwrap();
    fs::write(root.join("other/hosts.inc"), fragment("192.0.2.11")).unwrap();
    run_in(root, &["check"])
        .code(1)
        .stdout(predicate::str::contains("SYN005 [error]"));
    // With the same name beside the includer, that file is the nearest.
    fs::write(root.join("hosts.inc"), fragment("192.0.2.12")).unwrap();
    run_in(root, &["check"]).stdout(predicate::str::contains("`hosts.inc`, the project's file"));
    // A relative path with a directory that is not there may name the repository as it is
    // checked out on the server (`$INCLUDE ffhl/ffhl.include`), or be wrong: the file of that
    // name is read, with a warning. A bare name that is missing is missing.
    fs::write(
        root.join("example.com.zone"),
        format!("{CLEAN}$INCLUDE missing/hosts.inc\n"),
    )
    .unwrap();
    run_in(root, &["check", "example.com.zone"])
        .code(0)
        .stdout(predicate::str::contains(
            "SYN005 [warning] `missing/hosts.inc` is not found from the including file or the working directory; `hosts.inc`, the project's file of that name, is read in its place",
        ));
    fs::write(
        root.join("example.com.zone"),
        format!("{CLEAN}$INCLUDE hosts.incl\n"),
    )
    .unwrap();
    run_in(root, &["check", "example.com.zone"])
        .code(1)
        .stdout(predicate::str::contains("SYN005 [error]"));
}

#[test]
fn a_deployed_include_finds_a_one_record_fragment_however_the_run_names_files() {
    // A fragment of one record is no zone to a walk (it needs two record lines to be sniffed
    // as one), but it is the file the include names.
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("zones")).unwrap();
    fs::write(
        root.join("zones/example.com.zone"),
        format!("{CLEAN}$INCLUDE /etc/bind/zones/hosts.inc\n"),
    )
    .unwrap();
    fs::write(root.join("zones/hosts.inc"), "www IN A 192.0.2.10\n").unwrap();
    for named in [
        &["zones/example.com.zone"][..],
        &["zones/hosts.inc"],
        &["zones/example.com.zone", "zones/hosts.inc"],
        &[],
    ] {
        let mut args = vec!["check", "--format", "concise"];
        args.extend(named);
        run_in(root, &args)
            .code(0)
            .stdout(predicate::str::contains(
                "`zones/hosts.inc`, the project's file",
            ))
            .stdout(predicate::str::contains("(1 zone, 4 records)"));
    }
}

/// A shared fragment that holds the SOA (`@ IN SOA`, no `$TTL` or `$ORIGIN`: it takes both
/// from the zones that `$INCLUDE` it, as associationlicencebiomad/dns's `zones/common` does)
/// is linted in those zones when it is the file a commit changes, not as a zone of its own:
/// the includer's error is found, and no "no TTL" warning is made up.
#[test]
fn a_named_fragment_holding_the_soa_is_linted_in_the_zones_that_include_it() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("zones")).unwrap();
    fs::create_dir_all(root.join("includes")).unwrap();
    fs::write(
        root.join("includes/soa.inc"),
        "@ IN SOA ns1.example.net. hostmaster.example.net. ( 2024010101 3600 600 604800 300 )\n\
         @ IN NS ns1.example.net.\n@ IN NS ns2.example.net.\nwww IN A 192.0.2.9\n",
    )
    .unwrap();
    fs::write(
        root.join("zones/db.example.com"),
        "$TTL 3600\n$INCLUDE includes/soa.inc\n@ IN A 192.0.2.1\nwww IN CNAME @\n",
    )
    .unwrap();
    for args in [
        &["check", "--format", "concise", "includes/soa.inc"][..],
        &[
            "check",
            "--format",
            "concise",
            "--only-zones",
            "includes/soa.inc",
        ],
    ] {
        let run = run_in(root, args).code(1);
        let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
        assert!(
            out.contains("zones/db.example.com:4:1: ZONE009 [error]"),
            "{out}"
        );
        assert!(!out.contains("ZONE001"), "{out}");
    }
}

#[test]
fn include_dir_is_the_base_for_relative_includes() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("zones")).unwrap();
    fs::create_dir_all(root.join("named/includes")).unwrap();
    fs::write(
        root.join("zones/example.com.zone"),
        format!("{CLEAN}$INCLUDE includes/hosts.inc\n"),
    )
    .unwrap();
    fs::write(
        root.join("named/includes/hosts.inc"),
        "www IN A 192.0.2.10\n",
    )
    .unwrap();
    // Without it, the file of that name is read in its place, with a warning.
    run_in(root, &["check", "zones"])
        .code(0)
        .stdout(predicate::str::contains("SYN005 [warning]"));
    run_in(root, &["check", "zones", "--include-dir", "named"])
        .stdout(predicate::str::contains("SYN005").not())
        .code(0)
        .stdout(predicate::str::contains("2 files"));
}

#[test]
fn zones_that_include_each_other_do_not_vanish() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let zone = |name: &str, other: &str| {
        format!(
            "$ORIGIN {name}.\n$TTL 300\n@ IN SOA ns h 1 7200 3600 1209600 300\n  IN NS ns\nns IN A 192.0.2.1\n$INCLUDE {other}.zone\n"
        )
    };
    fs::write(
        root.join("a.example.com.zone"),
        zone("a.example.com", "b.example.com"),
    )
    .unwrap();
    fs::write(
        root.join("b.example.com.zone"),
        zone("b.example.com", "a.example.com"),
    )
    .unwrap();
    let assert = run_in(root, &["check", "--format", "json"]).code(1);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["summary"]["zones"], 1, "{json}");
    // The cycle is reported (beside the zone rules' findings on the records it brings in).
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"SYN005"), "{json}");
}

#[test]
fn max_zone_ttl_is_off_by_default_and_takes_ttl_units() {
    let dir = fixtures();
    let zone = "ZONE019/fail/ttl-over-a-day.zone";
    // Without the option there is no maximum.
    run_in(&dir, &["check", zone])
        .code(0)
        .stdout(predicate::str::contains("ZONE019").not());
    run_in(&dir, &["check", "--format", "concise", "--max-zone-ttl", "1d", zone])
        .code(1)
        .stdout(predicate::str::contains(
            "ZONE019 [error] TTL 90000 of this A record at `www.example.com.` is above the maximum 86400",
        ));
    run_in(&dir, &["check", "--max-zone-ttl", "2w", zone]).code(0);
    run_in(&dir, &["check", "--max-zone-ttl", "soon", zone])
        .code(2)
        .stderr(predicate::str::contains(
            "--max-zone-ttl: `soon` is not a TTL",
        ));
}

/// A walk skips the templates zones are generated from: by their extension, or by the
/// placeholders (`{{ }}`, `{% %}`) at their start whatever their name; a template named on the
/// command line is still read.
#[test]
fn a_walk_skips_zone_templates() {
    let temp = tempfile::tempdir().unwrap();
    let zone = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster {serial} 7200 3600 1209600 3600\n  IN NS ns1\nns1 IN A {{ ns1_ip }}\n";
    for name in [
        "db.example.com.tmpl",
        "example.com.zone.j2",
        "db.example.org.erb",
    ] {
        std::fs::write(temp.path().join(name), zone).unwrap();
    }
    // Named as a zone but written as a template (wikimedia/operations-dns's zones).
    std::fs::write(
        temp.path().join("example.org"),
        "$ORIGIN {{ zonename }}.\n@ 1D IN SOA ns0.example.org. hostmaster.example.org. ( {{ serial }} 12H 2H 2W 1H )\n\
         @ IN NS ns0.example.org.\n{% for host in hosts %}\n{{ host.name }} IN A {{ host.ip }}\n{% endfor %}\n",
    )
    .unwrap();
    std::fs::write(temp.path().join("example.net.zone"), CLEAN_ZONE).unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("in 1 file"), "{out}");
    run_in(temp.path(), &["check", "db.example.com.tmpl"]).code(1);
    // Under --only-zones, as pre-commit names changed files, as a walk treats it.
    run_in(temp.path(), &["check", "--only-zones", "example.org"]).code(0);
    run_in(temp.path(), &["check", "example.org"]).code(1);
}

/// A template a zone file `$INCLUDE`s (GrapheneOS/ns1.grapheneos.org's `base.zone`, its SOA
/// serial `{{serial}}`) is read with the zone: the findings on its placeholders' lines are
/// information, the rest of the zone is checked as ever.
#[test]
fn an_included_template_s_placeholders_are_information() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("base.zone"),
        "@ 86400 IN SOA ns1 hostmaster {{serial}} 3600 1800 1209600 3600\n@ 86400 IN NS ns1\n\
         ns1 IN A 192.0.2.53\n",
    )
    .unwrap();
    std::fs::write(
        temp.path().join("example.app.zone"),
        "$TTL 3600\n$INCLUDE base.zone\nwww IN A 192.0.2.80\nbad IN A 192.0.2.300\n",
    )
    .unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("base.zone:1:31: SYN002 [info] SOA serial must be a number"),
        "{out}"
    );
    assert!(out.contains("template placeholder"), "{out}");
    // A line without a placeholder is checked as in any zone.
    assert!(out.contains("example.app.zone:4:"), "{out}");
    assert!(out.contains("[error]"), "{out}");
}

/// With no origin known (SYN008) the records with relative names are not made, but the lines
/// BIND refuses are still reported: a reverse zone written with `//` comments
/// (ThijsVercammen's `db.193.191`; named-checkzone 9.18.49: "unknown RR type 'servers'").
#[test]
fn syntax_errors_are_reported_without_an_origin() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("db.193.191"),
        "$TTL 604800\n@ IN SOA ns.example.be. admin.example.be. ( 3 604800 86400 2419200 604800 )\n\
         //name servers\n\tIN NS ns.example.be.\n//PTR records\n190.177 IN PTR ns.example.be.\n",
    )
    .unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("SYN008"), "{out}");
    assert!(
        out.contains("3:8: SYN003 [error] unknown record type `servers`"),
        "{out}"
    );
    assert!(
        out.contains("5:7: SYN003 [error] unknown record type `records`"),
        "{out}"
    );
    assert!(!out.contains("origin.invalid"), "{out}");
}

/// A file of absolute names with no SOA and no origin (opennic's `include/bbs.zone`, a part of
/// its root) is read as `.`, but it is no root zone that answers for every name: the other
/// zones' name servers elsewhere are not said to be missing from it (69 false ZONE027 errors
/// in opennic/zone-backup).
#[test]
fn a_fragment_read_as_the_root_does_not_answer_for_other_zones() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("include")).unwrap();
    fs::write(
        root.join("example.org.zone"),
        "$TTL 3600\nexample.org. IN SOA ns1.provider.net. hostmaster.example.org. 1 7200 3600 1209600 3600\n\
         example.org. IN NS ns1.provider.net.\nexample.org. IN NS ns2.provider.de.\n",
    )
    .unwrap();
    fs::write(
        root.join("include/bbs.zone"),
        "bbs. 86400 IN NS ns2.opennic.glue.\n1984.bbs. 86400 IN A 64.150.165.47\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(!out.contains("ZONE027"), "{out}");
    assert!(!out.contains("example.org.zone"), "{out}");
}

/// An NS target missing from another linted zone (cragr/okd4_files: the reverse zone still
/// names `okd4-services.okd.local.`, renamed in the forward zone) is a warning: named-checkzone
/// 9.18.49 and kzonecheck 3.2.6 load both zones, as they do not look into the other. Missing
/// from the zone's own names it stays an error, as both refuse it.
#[test]
fn an_ns_target_missing_from_another_zone_is_a_warning() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("db.okd.local"),
        "$TTL 3600\n@ IN SOA okd4-svc.okd.local. admin.okd.local. 1 7200 3600 1209600 3600\n\
         @ IN NS okd4-svc\nokd4-svc IN A 192.168.1.210\n",
    )
    .unwrap();
    fs::write(
        root.join("db.192.168.1"),
        "$TTL 3600\n@ IN SOA okd4-svc.okd.local. admin.okd.local. 1 7200 3600 1209600 3600\n\
         @ IN NS okd4-services.okd.local.\n210 IN PTR okd4-svc.okd.local.\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("db.192.168.1:3:9: ZONE027 [warning] NS target `okd4-services.okd.local.`"),
        "{out}"
    );
    fs::write(
        root.join("db.okd.local"),
        "$TTL 3600\n@ IN SOA okd4-svc.okd.local. admin.okd.local. 1 7200 3600 1209600 3600\n\
         @ IN NS okd4-services\nokd4-svc IN A 192.168.1.210\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("db.okd.local:3:9: ZONE027 [error]"), "{out}");
}

/// An `$INCLUDE ../db.common` whose file a build step makes (OCF's `etc/zones/db.ocf.io`
/// includes `../db.ocf`) is missing, not outside the project: the message says where it was
/// looked for. A link inside the project that leads out is still said to lead out
/// (`hostile_paths`).
#[test]
fn a_missing_include_inside_the_project_is_missing_not_outside() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("etc/zones")).unwrap();
    fs::write(
        root.join("etc/zones/db.example.org"),
        "$TTL 3600\n@ IN SOA ns1.example.org. h.example.org. 1 7200 3600 1209600 3600\n\
         $INCLUDE ../db.common\n@ IN NS ns1\nns1 IN A 192.0.2.1\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains(
            "SYN005 [error] cannot find `../db.common` inside the project (the git work tree, \
             or the directory being linted): nothing at `etc/db.common`, `db.common`"
        ),
        "{out}"
    );
    assert!(!out.contains("leads outside"), "{out}");
}

/// An `$INCLUDE` through a link inside the project that leads out is said to lead out, the
/// same whether the outside file exists or not, even though a place inside the project that
/// holds nothing was tried too; and `link/../x` is resolved after the link, as BIND does (the
/// project's file of that name standing in, with a warning, not read as if written there).
#[cfg(unix)]
#[test]
fn an_include_through_a_link_out_leads_out_present_or_absent() {
    let outside = tempfile::tempdir().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("etc/zones")).unwrap();
    fs::create_dir_all(outside.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("sub"), root.join("etc/zones/shared")).unwrap();
    // A copy inside the project at the place `shared/../hosts.inc` names as text.
    fs::write(root.join("etc/zones/hosts.inc"), "www IN A 192.0.2.80\n").unwrap();
    fs::write(
        root.join("etc/zones/db.example.org"),
        "$TTL 3600\n@ IN SOA ns1.example.org. h.example.org. 1 7200 3600 1209600 3600\n\
         @ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE shared/x.inc\n$INCLUDE shared/../hosts.inc\n",
    )
    .unwrap();
    let run = || {
        let run = run_in(
            root,
            &["check", "--format", "concise", "etc/zones/db.example.org"],
        );
        String::from_utf8(run.get_output().stdout.clone()).unwrap()
    };
    let absent = run();
    fs::write(outside.path().join("sub/x.inc"), "secret IN A 192.0.2.9\n").unwrap();
    fs::write(outside.path().join("hosts.inc"), "www IN A 192.0.2.80\n").unwrap();
    let present = run();
    assert_eq!(absent, present);
    assert!(
        absent.contains("`shared/x.inc` leads outside the project"),
        "{absent}"
    );
    // Resolved after the link it leads out too; the project's file of that name then stands
    // in for it, and the warning says so (as for an absolute deploy path).
    assert!(
        absent.contains(
            "`shared/../hosts.inc` is not found from the including file or the working directory; \
             `etc/zones/hosts.inc`, the project's file of that name, is read in its place"
        ),
        "{absent}"
    );
}

/// A walk skips a repository's documentation (`README`, `NOTES.txt`) even when it quotes a
/// zone to copy (Rosuav/bindfiles' README: prose, then an SOA); named on the command line it
/// is read.
#[test]
fn a_walk_skips_documentation() {
    let temp = tempfile::tempdir().unwrap();
    let readme = "Bind files for our domains\n\nFor dynamic updates, create a file like this:\n\n\
                  $TTL 7200\n@ IN SOA ns1.example.com. hostmaster.example.com. ( 1 7200 3600 2419200 3600 )\n\
                  \tIN NS ns1.example.com.\n\n(the serial doesn't matter, it'll be overwritten).\n";
    for name in ["README", "README.txt", "NOTES"] {
        std::fs::write(temp.path().join(name), readme).unwrap();
    }
    std::fs::write(temp.path().join("example.net.zone"), CLEAN_ZONE).unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("in 1 file"), "{out}");
    run_in(temp.path(), &["check", "README"]).code(1);
    // A zone named after a domain whose first label is such a word is a zone.
    std::fs::write(temp.path().join("news.example.net"), CLEAN_ZONE).unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("in 2 files"), "{out}");
}

/// A root hints file (`db.root`: the root's NS records and addresses, no SOA) is what a server
/// reads to find the root servers, not a zone it serves: a walk does not report it as a zone
/// without an SOA, named alone it is "nothing to lint" with the reason, and its syntax errors
/// are still reported.
#[test]
fn a_walk_passes_over_root_hints() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("db.root"),
        ".                        3600000      NS    A.ROOT-SERVERS.NET.\n\
         A.ROOT-SERVERS.NET.      3600000      A     198.41.0.4\n\
         A.ROOT-SERVERS.NET.      3600000      AAAA  2001:503:ba3e::2:30\n\
         .                        3600000      NS    B.ROOT-SERVERS.NET.\n\
         B.ROOT-SERVERS.NET.      3600000      A     170.247.170.2\n",
    )
    .unwrap();
    std::fs::write(temp.path().join("example.net.zone"), CLEAN_ZONE).unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(!out.contains("ZONE005"), "{out}");
    assert!(out.contains("(1 zone,"), "{out}");
    // Named alone, it is not a zone, and the message says so.
    let run = run_in(temp.path(), &["check", "db.root"]).code(2);
    let err = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("nothing to lint in `db.root`: a root hints file"),
        "{err}"
    );
    // What does not parse in it is still reported.
    std::fs::write(
        temp.path().join("db.root"),
        ".  3600000 NS A.ROOT-SERVERS.NET.\nA.ROOT-SERVERS.NET. 3600000 A 198.41.0.400\n",
    )
    .unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("db.root:2:") && out.contains("SYN002"),
        "{out}"
    );
}

/// The files BIND's DNSSEC tools write beside a signed zone (`dsset-example.com.`, the DS
/// records for the parent; `keyset-example.com.`) are named like zones but are none: a walk and
/// `--only-zones` pass over them; named on purpose, one is read.
#[test]
fn a_walk_passes_over_dnssec_signing_output() {
    let temp = tempfile::tempdir().unwrap();
    let ds = "example.net.\t\tIN DS 49012 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE1A6D0B5B7F3F2A1B0C9D8E7F\n";
    std::fs::write(temp.path().join("dsset-example.net."), ds).unwrap();
    std::fs::write(temp.path().join("keyset-example.net."), ds).unwrap();
    std::fs::write(temp.path().join("example.net.zone"), CLEAN_ZONE).unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("in 1 file (1 zone,"), "{out}");
    run_in(
        temp.path(),
        &[
            "check",
            "--only-zones",
            "dsset-example.net.",
            "example.net.zone",
        ],
    )
    .code(0);
    // Named on purpose: read, and its missing TTL is reported.
    let run = run_in(
        temp.path(),
        &["check", "--format", "concise", "dsset-example.net."],
    )
    .code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("SYN007"), "{out}");
}

/// A Google Cloud DNS record-set export (`gcloud dns record-sets export`, one YAML document per
/// record set) is no octoDNS zone, whatever its name: a walk skips it, and named it is OCTO005.
#[test]
fn a_google_cloud_dns_export_is_not_an_octodns_zone() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("example.com.zone.yaml"),
        "---\nkind: dns#resourceRecordSet\nname: example.com.\nrrdatas:\n- 192.0.2.1\nttl: 300\ntype: A\n\
         ---\nkind: dns#resourceRecordSet\nname: example.com.\nrrdatas:\n- '\"v=spf1 -all\"'\nttl: 300\ntype: TXT\n",
    )
    .unwrap();
    std::fs::write(temp.path().join("example.net.zone"), CLEAN_ZONE).unwrap();
    let run = run_in(temp.path(), &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("No problems found in 1 file"), "{out}");
    let run = run_in(
        temp.path(),
        &["check", "--format", "concise", "example.com.zone.yaml"],
    )
    .code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("OCTO005") && out.contains("Google Cloud DNS"),
        "{out}"
    );
}

/// A dynamic `zones:` entry of an octoDNS config (`'*'`, `'*.com'`) takes the zones its
/// sources list that its `glob` or `regex` matches, and all of them without either, as
/// octoDNS's `Manager._preprocess_zones` does: its name only marks it dynamic. A zone no entry
/// takes is OCTO005 (never deployed).
#[test]
fn octodns_dynamic_zones_follow_glob_and_regex() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::create_dir_all(root.join("zones")).unwrap();
    for zone in ["example.com", "example.net", "example.org", "example.io"] {
        std::fs::write(
            root.join(format!("zones/{zone}.yaml")),
            "---\n'':\n  type: A\n  value: 192.0.2.1\n",
        )
        .unwrap();
    }
    let config = |zones: &str| {
        format!(
            "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\nzones:\n{zones}"
        )
    };
    let configured = |root: &Path| {
        let run = run_in(root, &["check", "--format", "concise", "."]);
        String::from_utf8(run.get_output().stdout.clone()).unwrap()
    };
    std::fs::write(
        root.join("config.yaml"),
        config("  '*.com':\n    glob: '*.com.'\n    sources: [config]\n  '*regex':\n    regex: 'net\\.$'\n    sources: [config]\n"),
    )
    .unwrap();
    let out = configured(root);
    assert!(
        out.contains("`example.org.` is in the directory of provider `config` but no zone")
            && out.contains("`example.io.` is in the directory of provider `config` but no zone"),
        "{out}"
    );
    assert!(!out.contains("`example.com.` is in"), "{out}");
    assert!(!out.contains("`example.net.` is in"), "{out}");
    // The name of a dynamic entry is no pattern: without `glob`, `'*.org'` takes every zone.
    std::fs::write(
        root.join("config.yaml"),
        config("  '*.org':\n    sources: [config]\n"),
    )
    .unwrap();
    let out = configured(root);
    assert!(!out.contains("OCTO005"), "{out}");
}

/// A zone whose octoDNS sources include one zonelint does not read (NetBox adds the hosts'
/// records) may hold names its YAML does not: the rules that say a name is empty pass it over.
#[test]
fn octodns_zones_with_other_sources_are_not_called_empty() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::create_dir_all(root.join("zones")).unwrap();
    std::fs::write(
        root.join("zones/example.com.yaml"),
        "---\n'':\n  type: MX\n  value:\n    exchange: mail.example.com.\n    preference: 10\n\
         www:\n  type: CNAME\n  value: web-1.example.com.\n",
    )
    .unwrap();
    let config = |sources: &str| {
        format!(
            "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\n\
             \x20 netbox:\n    class: octodns_netbox.NetboxSource\n    url: https://netbox.example.com\n\
             zones:\n  example.com.:\n    sources: [{sources}]\n"
        )
    };
    let concise = |root: &Path| {
        let run = run_in(root, &["check", "--format", "concise", "."]);
        String::from_utf8(run.get_output().stdout.clone()).unwrap()
    };
    std::fs::write(root.join("config.yaml"), config("config")).unwrap();
    let out = concise(root);
    assert!(out.contains("MX007") && out.contains("ZONE047"), "{out}");
    std::fs::write(root.join("config.yaml"), config("config, netbox")).unwrap();
    let out = concise(root);
    assert!(!out.contains("MX007") && !out.contains("ZONE047"), "{out}");
}

/// An SOA whose owner lost its final dot (`example.org IN SOA` in a file for example.org, as
/// some providers' exports write it) is one error, NAME001 on that owner, as named-checkzone
/// refuses the file for it: the zone is still the one the file is for, not the doubled name,
/// so its other records are not each reported as outside the zone.
#[test]
fn an_soa_owner_without_its_dot_does_not_move_the_zone() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("example.org.txt"),
        ";; SOA Record\nexample.org\t3600\tIN\tSOA\tns1.example.net. dns.example.net. 1 10000 2400 604800 3600\n\
         example.org.\t86400\tIN\tNS\tns1.example.net.\n\
         example.org.\t86400\tIN\tNS\tns2.example.net.\n\
         www.example.org.\t300\tIN\tA\t192.0.2.1\n\
         example.org.\t300\tIN\tMX\t10 mx1.example.net.\n",
    )
    .unwrap();
    let run = run_in(temp.path(), &["check", "--show-zones", "example.org.txt"]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("example.org. (BIND zone file): example.org.txt"),
        "{out}"
    );
    // A file whose origin nothing gives (SYN008) is shown as such, not as the root zone.
    std::fs::write(
        temp.path().join("db.hosts"),
        "@ 3600 IN SOA ns1.example.net. dns.example.net. 1 10000 2400 604800 3600\n  IN NS ns1.example.net.\nwww IN A 192.0.2.1\n",
    )
    .unwrap();
    let run = run_in(temp.path(), &["check", "--show-zones", "db.hosts"]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.starts_with("? (BIND zone file, no origin known: SYN008"),
        "{out}"
    );
    let run = run_in(
        temp.path(),
        &["check", "--format", "concise", "example.org.txt"],
    )
    .code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains(
            "example.org.txt:2:1: NAME001 [error] owner `example.org` has no trailing dot"
        ),
        "{out}"
    );
    assert!(!out.contains("ZONE015"), "{out}");
    assert!(!out.contains("ZONE008"), "{out}");
}

/// `db.lan` and `db.10` name their zones with one label or octet, which alone could be
/// anything (`db.local` is Debian's file of `localhost`, the Ubuntu guide's `db.192` a /24): the
/// file's SOA server under `lan.`, the three-octet PTR owners say which. Loaded on one thread
/// and on several (the files are parsed ahead there), with the same result.
#[test]
fn one_label_file_names_with_what_the_file_holds() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("db.lan"),
        "$TTL 604800\n@ IN SOA ns1.lan. root.lan. (\n 2 604800 86400 2419200 3600 )\n\
         @ IN NS ns1.lan.\nns1 IN A 10.0.0.2\nhost IN A 10.0.0.5\n",
    )
    .unwrap();
    std::fs::write(
        temp.path().join("db.10"),
        "$TTL 604800\n@ IN SOA ns1.lan. root.lan. (\n 2 604800 86400 2419200 3600 )\n\
         @ IN NS ns1.lan.\n2.0.0 IN PTR ns1.lan.\n5.0.0 IN PTR hots.lan.\n",
    )
    .unwrap();
    for threads in ["1", "2"] {
        let run = run_in(
            temp.path(),
            &["check", "--threads", threads, "--show-zones", "."],
        )
        .code(0);
        let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
        assert!(out.contains("lan. (BIND zone file): db.lan"), "{out}");
        assert!(
            out.contains("10.in-addr.arpa. (BIND zone file): db.10"),
            "{out}"
        );
        let run = run_in(
            temp.path(),
            &["check", "--threads", threads, "--format", "concise", "."],
        );
        let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
        // Linted, and across the two zones: the PTR's misspelt host.
        assert!(out.contains("db.10:6:14: ZONE049"), "{out}");
        assert!(!out.contains("SYN008"), "{out}");
    }
}

/// A zone file without `$ORIGIN` takes its origin from the `zone` statement of a `named.conf*`
/// beside it or above it that names its file, as BIND loads it (`/etc/bind/db.local` names
/// `bind/db.local`); a config's `[origins]` wins over it.
#[test]
fn origins_from_named_conf() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::create_dir(root.join("bind")).unwrap();
    let zone = "$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n";
    std::fs::write(root.join("bind/db.local"), zone).unwrap();
    std::fs::write(root.join("bind/forward.zone"), zone).unwrap();
    // Zone names with their final dot, and the root's (a `type redirect` zone), are BIND's
    // too (named-checkconf 9.18.49 -z loads them).
    std::fs::write(root.join("bind/db.acme"), zone).unwrap();
    std::fs::write(root.join("bind/db.redirect"), zone).unwrap();
    std::fs::write(
        root.join("named.conf.local"),
        "// zones\nzone \"localhost\" { type master; file \"/etc/bind/db.local\"; };\n\
         zone \"example.org\" IN {\n  type primary;\n  file \"bind/forward.zone\";\n};\n\
         zone \"acme.example.\" { type primary; file \"bind/db.acme\"; };\n\
         zone \".\" { type redirect; file \"bind/db.redirect\"; };\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("localhost. (BIND zone file): bind/db.local"),
        "{out}"
    );
    assert!(
        out.contains("acme.example. (BIND zone file): bind/db.acme"),
        "{out}"
    );
    assert!(
        out.contains(". (BIND zone file): bind/db.redirect"),
        "{out}"
    );
    assert!(!out.contains("redirect. (BIND"), "{out}");
    // A configuration kept under a server's or a role's name is read too.
    std::fs::write(root.join("bind/db.lab"), zone).unwrap();
    std::fs::write(
        root.join("MASTERnamed.conf.local"),
        "zone \"lab.example\" { type master; file \"/etc/bind/db.lab\"; };\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("lab.example. (BIND zone file): bind/db.lab"),
        "{out}"
    );
    assert!(
        out.contains("example.org. (BIND zone file): bind/forward.zone"),
        "{out}"
    );
    std::fs::write(
        root.join("zonelint.toml"),
        "[origins]\n\"bind/forward.zone\" = \"example.net.\"\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("example.net. (BIND zone file): bind/forward.zone"),
        "{out}"
    );
}

/// The zone a file without a usable SOA is linted as (GrapheneOS's zones, sweep 18): an
/// `$ORIGIN` after an `$INCLUDE` that brings the SOA does not name the zone (the included
/// records come first), and a zone `--origin` or a `named.conf` names is that zone whatever
/// `$ORIGIN` the file starts with, as named-checkzone 9.18.49 loads it ("has 0 SOA records").
/// Before, both were linted as `www.example.org.`, every other record "outside" it.
#[test]
fn zone_without_a_usable_soa_keeps_the_name_it_is_given() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    // A placeholder serial, filled in at deployment: the SOA does not parse here.
    std::fs::write(
        root.join("base.inc"),
        "@ IN SOA ns1 hostmaster {{serial}} 3600 900 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n",
    )
    .unwrap();
    std::fs::write(
        root.join("example.org.zone"),
        "$TTL 3600\n$INCLUDE base.inc\n$ORIGIN www.example.org.\n@ IN A 192.0.2.10\n\
         $ORIGIN example.org.\n@ IN MX 10 mail\nmail IN A 192.0.2.25\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("example.org. (BIND zone file)"), "{out}");
    assert!(!out.contains("www.example.org. (BIND"), "{out}");
    let run = run_in(root, &["check", "--format", "concise", "example.org.zone"]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(!out.contains("ZONE015"), "{out}");
    assert!(out.contains("SYN002"), "{out}");

    // No SOA at all, a first `$ORIGIN` below the zone, and the zone named on the command line.
    std::fs::write(
        root.join("records.txt"),
        "$ORIGIN www.example.net.\n$TTL 300\n@ IN A 192.0.2.1\n$ORIGIN example.net.\n\
         @ IN NS ns1\nns1 IN A 192.0.2.53\n",
    )
    .unwrap();
    let run = run_in(
        root,
        &[
            "check",
            "--format",
            "concise",
            "--origin",
            "example.net",
            "records.txt",
        ],
    )
    .code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("ZONE005 [error] the zone `example.net.` has no SOA record"),
        "{out}"
    );
    assert!(!out.contains("ZONE015"), "{out}");
    assert!(!out.contains("ZONE008"), "{out}");
}

/// A `$ORIGIN` without its final dot before the SOA (jlu5/ansible-dn42's zones) moves the SOA
/// below the zone the `zone` statement names: named-checkzone 9.18.49 refuses it ("SOA record
/// not at top of zone"), so SYN004's warning is an error; after the SOA, or with the dot, it
/// is not.
#[test]
fn relative_origin_that_moves_the_soa_is_an_error() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("named.conf"),
        "zone \"example.com\" { type master; file \"zone.db\"; };\n",
    )
    .unwrap();
    let zone = |origin: &str, soa_first: bool| {
        let soa = "@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 2400 86400 3600\n\
                   @ IN NS ns1.example.net.\n";
        let origin = format!("$ORIGIN {origin}\n");
        if soa_first {
            format!("$TTL 300\n{soa}{origin}www IN A 192.0.2.1\n")
        } else {
            format!("{origin}$TTL 300\n{soa}www IN A 192.0.2.1\n")
        }
    };
    std::fs::write(root.join("zone.db"), zone("example.com", false)).unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("zone.db:1:9: SYN004 [error]"), "{out}");
    assert!(out.contains("SOA record not at top of zone"), "{out}");
    // The same `$ORIGIN` after the SOA moves only the records below it: a warning.
    std::fs::write(root.join("zone.db"), zone("mail.example.com", true)).unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("SYN004 [warning]"), "{out}");
    std::fs::write(root.join("zone.db"), zone("example.com.", false)).unwrap();
    run_in(root, &["check", "."]).code(0);
}

/// A relative SOA owner other than `@` in a file loaded as a named zone (a `zone` statement,
/// `--origin`): named-checkzone 9.18.49 refuses it ("SOA record not at top of zone"), so the
/// zone is the one named, and ZONE006 says the SOA is below its apex. An absolute SOA owner,
/// or a file with no zone named, still makes the zone the SOA's.
#[test]
fn relative_soa_owner_below_the_named_zone_is_an_error() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("named.conf"),
        "zone \"example.net\" { type master; file \"db.example\"; };\n",
    )
    .unwrap();
    let zone = |soa_owner: &str| {
        format!(
            "$TTL 300\n{soa_owner} IN SOA ns hostmaster 1 3600 1200 604800 1200\n\
             @ IN NS ns\nns IN A 192.0.2.1\n"
        )
    };
    std::fs::write(root.join("db.example"), zone("mail")).unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("db.example:2:1: ZONE006 [error] SOA record at `mail.example.net.`, below the zone's apex `example.net.`"),
        "{out}"
    );
    // The same file as `named-checkzone example.org FILE` reads it.
    std::fs::remove_file(root.join("named.conf")).unwrap();
    let run = run_in(
        root,
        &[
            "check",
            "--format",
            "concise",
            "--origin",
            "example.org",
            "db.example",
        ],
    )
    .code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("below the zone's apex `example.org.`"),
        "{out}"
    );
    // An absolute owner names the zone the file holds.
    std::fs::write(root.join("db.example"), zone("mail.example.org.")).unwrap();
    let run = run_in(
        root,
        &[
            "check",
            "--format",
            "concise",
            "--origin",
            "example.org",
            "db.example",
        ],
    );
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(!out.contains("ZONE006"), "{out}");
    assert!(
        out.contains("outside the zone `mail.example.org.`"),
        "{out}"
    );
}

/// `include` statements are followed: a relative path from the configuration's folder, and
/// an absolute one (the server's path in its container) as its longest tail below that folder
/// (notarobot767/dns-bind9: `include "/app/named/zone.conf";` beside `named/zone.conf`).
#[test]
fn origins_from_files_a_named_conf_includes() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::create_dir_all(root.join("config/named")).unwrap();
    std::fs::create_dir_all(root.join("config/zone")).unwrap();
    let zone = "$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n";
    std::fs::write(root.join("config/zone/site.forward.db"), zone).unwrap();
    std::fs::write(root.join("config/zone/lab.db"), zone).unwrap();
    std::fs::write(
        root.join("config/named.conf"),
        "include \"/app/named/zone.conf\";\n# include \"/etc/named.root.key\";\ninclude \"named/lab.conf\";\n",
    )
    .unwrap();
    std::fs::write(
        root.join("config/named/zone.conf"),
        "zone \"ogrydziak.example\" { type master; file \"/app/zone/site.forward.db\"; };\n",
    )
    .unwrap();
    std::fs::write(
        root.join("config/named/lab.conf"),
        "zone \"lab.example\" { type master; file \"/app/zone/lab.db\"; };\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("ogrydziak.example. (BIND zone file): config/zone/site.forward.db"),
        "{out}"
    );
    assert!(
        out.contains("lab.example. (BIND zone file): config/zone/lab.db"),
        "{out}"
    );
}

/// A repository that mirrors a server's file system keeps `etc/named.conf` beside
/// `var/named/`, not above it (CentOS's layout, lofyer/myidc-main: `directory "/var/named";`
/// and `file "reverse.example.com";`): its `zone` statements name the files below the folder
/// that holds `etc/`, including those of a file it includes from `etc/`; a Debian
/// `etc/bind/named.conf` still reads its relative includes from its own folder. Without
/// that reading the reverse zone's file would be a zone named `reverse.example.com.`.
#[test]
fn origins_from_a_named_conf_in_a_sibling_etc_folder() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("l3/dns");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::create_dir_all(root.join("var/named")).unwrap();
    std::fs::create_dir_all(temp.path().join("debian/etc/bind")).unwrap();
    std::fs::create_dir_all(temp.path().join("debian/zones")).unwrap();
    let zone = "$TTL 3600\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 3600\n@ IN NS ns1.example.net.\n";
    std::fs::write(root.join("var/named/forward.example.com"), zone).unwrap();
    std::fs::write(
        root.join("var/named/reverse.example.com"),
        format!("{zone}8 IN PTR ns1.example.net.\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("etc/named.conf"),
        "options {\n  directory \"/var/named\";\n};\n\
         zone \"example.com\" IN { type master; file \"forward.example.com\"; };\n\
         include \"/etc/named.rfc1912.zones\";\n",
    )
    .unwrap();
    std::fs::write(
        root.join("etc/named.rfc1912.zones"),
        "zone \"1.168.192.in-addr.arpa\" IN { type master; file \"reverse.example.com\"; };\n",
    )
    .unwrap();
    std::fs::write(temp.path().join("debian/zones/db.site"), zone).unwrap();
    std::fs::write(
        temp.path().join("debian/etc/bind/named.conf"),
        "include \"named.conf.local\";\n",
    )
    .unwrap();
    std::fs::write(
        temp.path().join("debian/etc/bind/named.conf.local"),
        "zone \"site.example\" { type master; file \"/srv/zones/db.site\"; };\n",
    )
    .unwrap();
    let run = run_in(temp.path(), &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    for expected in [
        "example.com. (BIND zone file): l3/dns/var/named/forward.example.com",
        "1.168.192.in-addr.arpa. (BIND zone file): l3/dns/var/named/reverse.example.com",
        "site.example. (BIND zone file): debian/zones/db.site",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
}

/// A file that several `zone` statements name (a hoster's parked domains, Debian's `db.empty`
/// for the private reverse zones) is each of those zones, read with each one's origin: a
/// relative `mail` is another host in each, and another zone's MX into one of them is judged.
/// A zone in two views is one zone; a file whose SOA is owned by an absolute name is that
/// zone's alone; a config's `[origins]` makes the file the one zone it names.
#[test]
fn a_file_several_zone_statements_name_is_each_zone() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let parked = "$TTL 3600\n@ IN SOA ns1.hoster.example. hostmaster.hoster.example. 1 7200 3600 1209600 3600\n\
                  @ IN NS ns1.hoster.example.\n@ IN NS ns2.hoster.example.\n@ IN MX 10 mail\n@ IN A 192.0.2.1\n";
    std::fs::write(root.join("parked.db"), parked).unwrap();
    std::fs::write(
        root.join("fixed.db"),
        "$TTL 3600\nfixed.example. IN SOA ns1.hoster.example. hostmaster.hoster.example. 1 7200 3600 1209600 3600\n\
         fixed.example. IN NS ns1.hoster.example.\nfixed.example. IN NS ns2.hoster.example.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("other.db"),
        "$TTL 3600\n@ IN SOA ns1.hoster.example. hostmaster.hoster.example. 1 7200 3600 1209600 3600\n\
         @ IN NS ns1.hoster.example.\n@ IN NS ns2.hoster.example.\n@ IN MX 10 mx.b.example.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("named.conf"),
        "view internal { zone \"a.example\" { type master; file \"parked.db\"; }; };\n\
         view external { zone \"a.example\" { type master; file \"parked.db\"; };\n\
         zone \"b.example\" { type master; file \"parked.db\"; }; };\n\
         zone \"fixed.example\" { type master; file \"fixed.db\"; };\n\
         zone \"c.example\" { type master; file \"fixed.db\"; };\n\
         zone \"other.example\" { type master; file \"other.db\"; };\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("a.example. (BIND zone file): parked.db"),
        "{out}"
    );
    assert!(
        out.contains("b.example. (BIND zone file): parked.db"),
        "{out}"
    );
    assert!(
        out.contains("fixed.example. (BIND zone file): fixed.db"),
        "{out}"
    );
    assert!(!out.contains("c.example"), "{out}");
    assert_eq!(
        out.matches("a.example. (BIND zone file)").count(),
        1,
        "{out}"
    );
    let run = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    for expected in [
        "parked.db:5:12: MX007 [error] MX exchange `mail.a.example.` does not exist in zone `a.example.`",
        "parked.db:5:12: MX007 [error] MX exchange `mail.b.example.` does not exist in zone `b.example.`",
        "other.db:5:12: MX007 [error] MX exchange `mx.b.example.` does not exist in zone `b.example.`",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
    assert!(out.contains("Found 3 errors in 3 files (4 zones,"), "{out}");
    std::fs::write(
        root.join("zonelint.toml"),
        "[origins]\n\"parked.db\" = \"a.example.\"\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("a.example. (BIND zone file): parked.db"),
        "{out}"
    );
    assert!(!out.contains("b.example"), "{out}");
}

/// Each server's configuration speaks of the files in its own directory or below: two
/// servers' `db.zone` files are one zone each, not both zones each. A shared file that sets
/// its own origin is that zone's only.
#[test]
fn zone_statements_apply_to_the_files_below_their_configuration() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let zone = "$TTL 3600\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 3600\n@ IN NS ns1.example.net.\n";
    for (dir, name) in [("ns1", "a.example"), ("ns2", "b.example")] {
        std::fs::create_dir(root.join(dir)).unwrap();
        std::fs::write(root.join(dir).join("db.zone"), zone).unwrap();
        std::fs::write(
            root.join(dir).join("named.conf"),
            format!("zone \"{name}\" {{ type master; file \"/etc/bind/db.zone\"; }};\n"),
        )
        .unwrap();
    }
    std::fs::write(
        root.join("db.shared"),
        format!("$ORIGIN c.example.\n{zone}"),
    )
    .unwrap();
    std::fs::write(
        root.join("named.conf"),
        "zone \"d.example\" { type master; file \"db.shared\"; };\n\
         zone \"c.example\" { type master; file \"db.shared\"; };\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("a.example. (BIND zone file): ns1/db.zone"),
        "{out}"
    );
    assert!(
        out.contains("b.example. (BIND zone file): ns2/db.zone"),
        "{out}"
    );
    assert!(
        out.contains("c.example. (BIND zone file): db.shared"),
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("(BIND zone file)"))
            .count(),
        3,
        "{out}"
    );
}

/// Pre-commit and the action name the changed files under `--only-zones`: the zones beside
/// them are read as a walk of the directory reads them, so that the rules looking across zones
/// say of a changed file what a run over the repository says (here MX007: the exchange lies in
/// a sister zone that lacks it), while only the named file's zone is linted and reported.
/// Named on purpose without `--only-zones`, a file is linted on its own.
#[test]
fn files_named_for_pre_commit_are_read_beside_their_sister_zones() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let soa = "$TTL 3600\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 3600\n\
               @ IN NS ns1.example.net.\n@ IN NS ns2.example.net.\n";
    std::fs::write(
        root.join("example.com.zone"),
        format!("{soa}@ IN MX 10 mx.example.org.\n"),
    )
    .unwrap();
    // The sister zone: no `mx`, and a finding of its own (a CNAME beside other data).
    std::fs::write(
        root.join("example.org.zone"),
        format!("{soa}www IN CNAME example.org.\nwww IN TXT \"x\"\n"),
    )
    .unwrap();
    let whole = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let whole = String::from_utf8(whole.get_output().stdout.clone()).unwrap();
    let expected = "example.com.zone:5:12: MX007 [error] MX exchange `mx.example.org.` does not exist in zone `example.org.`";
    assert!(whole.contains(expected), "{whole}");
    assert!(whole.contains("ZONE009"), "{whole}");
    let pre_commit = run_in(
        root,
        &[
            "check",
            "--only-zones",
            "--format",
            "concise",
            "example.com.zone",
        ],
    )
    .code(1);
    let pre_commit = String::from_utf8(pre_commit.get_output().stdout.clone()).unwrap();
    assert!(pre_commit.contains(expected), "{pre_commit}");
    assert!(!pre_commit.contains("example.org.zone"), "{pre_commit}");
    assert!(pre_commit.contains("(1 zone, 4 records)"), "{pre_commit}");
    let alone = run_in(root, &["check", "--format", "concise", "example.com.zone"]).code(0);
    let alone = String::from_utf8(alone.get_output().stdout.clone()).unwrap();
    assert!(!alone.contains("MX007"), "{alone}");
}

/// A reverse zone linted with its forward zone: a PTR naming a host the forward zone lost is
/// ZONE049; one naming a host that exists, or a host outside the linted zones, is not.
#[test]
fn ptr_records_are_checked_against_the_forward_zone_linted_with_them() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("example.com.zone"),
        "$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\nmx1 IN A 192.0.2.25\n",
    )
    .unwrap();
    std::fs::write(
        root.join("2.0.192.in-addr.arpa.zone"),
        "$TTL 3600\n@ IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 3600\n\
         @ IN NS ns1.example.com.\n1 IN PTR ns1.example.com.\n25 IN PTR mail.example.com.\n\
         80 IN PTR www.example.net.\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("2.0.192.in-addr.arpa.zone:5:11: ZONE049 [warning] PTR `25.2.0.192.in-addr.arpa.` names `mail.example.com.`, which does not exist in zone `example.com.`"),
        "{out}"
    );
    assert_eq!(out.matches("ZONE049").count(), 1, "{out}");
}

/// Likewise a Knot DNS configuration's `zone` section (`knot.conf*`, and the files it
/// `include`s): a zone's own `file`, else its template's, else Knot's `%s.zone`, under the
/// `storage` directory. NYC Mesh (nycmeshnet/nycmesh-dns) keeps the one-label zone `mesh` in
/// `mesh.zone`, whose name alone gives no origin.
#[test]
fn origins_from_knot_conf() {
    let temp = tempfile::tempdir().unwrap();
    let root = &temp.path().join("project");
    std::fs::create_dir_all(root.join("knot/zones.d")).unwrap();
    let zone = "$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n";
    std::fs::write(root.join("mesh.zone"), zone).unwrap();
    std::fs::write(root.join("dotted.zone"), zone).unwrap();
    std::fs::write(root.join("knot/db.internal"), zone).unwrap();
    std::fs::write(root.join("knot/db.other"), zone).unwrap();
    // Includes are followed inside the project only, and a loop of them ends.
    std::fs::write(
        root.join("knot.conf"),
        "server:\n    listen: 10.10.10.11@53\n\ntemplate:\n  - id: default\n    storage: /var/lib/knot/zones\n\n\
         zone:\n  - domain: mesh   # one label\n  - domain: dotted.example.\n    file: dotted.zone\n\n\
         include: knot/zones.d/*.conf\ninclude: knot.conf\n\
         include: ../outside.conf\n",
    )
    .unwrap();
    std::fs::write(
        root.join("knot/zones.d/10-internal.conf"),
        "zone:\n  - domain: corp.example\n    file: \"/etc/knot/db.internal\"\n",
    )
    .unwrap();
    std::fs::write(
        temp.path().join("outside.conf"),
        "zone:\n  - domain: outside.example\n    file: db.other\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("mesh. (BIND zone file): mesh.zone"), "{out}");
    // Knot's own examples write the final dot.
    assert!(
        out.contains("dotted.example. (BIND zone file): dotted.zone"),
        "{out}"
    );
    assert!(
        out.contains("corp.example. (BIND zone file): knot/db.internal"),
        "{out}"
    );
    // The configuration that names it is outside the project: no origin is known.
    assert!(
        out.contains("? (BIND zone file, no origin known: SYN008, give one with `--origin` or `[origins]`): knot/db.other"),
        "{out}"
    );
    assert!(!out.contains("outside.example"), "{out}");
    // Without the configuration, neither file's name is a zone's.
    std::fs::remove_file(root.join("knot.conf")).unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(!out.contains("mesh. (BIND zone file)"), "{out}");
    assert!(!out.contains("corp.example."), "{out}");
}

/// What Knot refuses and BIND loads is a warning (ZONE042, ZONE043) or, valid BIND, info
/// (ZONE044), unless the repository's own `knot.conf` serves the zone: then Knot will refuse
/// it, and the findings are errors that say so. A `named.conf` naming the file leaves the
/// warnings and drops the advice.
#[test]
fn findings_knot_refuses_are_errors_where_knot_conf_serves_the_zone() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster@example.com. 1 7200 3600 1209600 3600\n\
         @ IN NS ns1\nns1 IN A 192.0.2.1\ncaf\u{e9} IN TXT \"x\"\nw CLASS1 TXT \"y\"\na!b IN TXT \"z\"\n\
         $GENERATE 1-2 h$ A 192.0.2.$\n",
    )
    .unwrap();
    let codes = |out: &str, severity: &str| -> Vec<String> {
        out.lines()
            .filter(|line| line.contains(&format!("[{severity}]")))
            .filter_map(|line| line.split(": ").nth(1))
            .map(|code| code.split(' ').next().unwrap_or("").to_string())
            .collect()
    };
    let run = run_in(root, &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert_eq!(codes(&out, "warning"), ["ZONE042", "ZONE043"], "{out}");
    // The `$GENERATE`, and, found while parsing, the class `CLASS1` and the raw `!`.
    assert_eq!(codes(&out, "info"), ["ZONE044"; 3], "{out}");
    std::fs::write(
        root.join("named.conf"),
        "zone \"example.com\" { type primary; file \"example.com.zone\"; };\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert_eq!(codes(&out, "warning"), ["ZONE042", "ZONE043"], "{out}");
    assert!(codes(&out, "info").is_empty(), "{out}");
    std::fs::remove_file(root.join("named.conf")).unwrap();
    std::fs::write(
        root.join("knot.conf"),
        "zone:\n  - domain: example.com\n    file: example.com.zone\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert_eq!(
        codes(&out, "error"),
        ["ZONE042", "ZONE043", "ZONE044", "ZONE044", "ZONE044"],
        "{out}"
    );
    assert!(codes(&out, "warning").is_empty(), "{out}");
    assert_eq!(
        out.matches("(the repository's knot.conf serves this zone: Knot refuses it)")
            .count(),
        5,
        "{out}"
    );
}

/// gdnsd's layout (`config` beside `zones/`, one file per zone named after it, as Miraheze's
/// and WikiTide's repositories keep theirs): gdnsd 3.8.1 loads an SOA serial written as a date
/// and time (`20200329000001`) with its low 32 bits, where BIND 9.18.49 and Knot 3.2.6 refuse
/// the zone ("out of range"), and loads its own `DYNA` records. The serial is a warning that
/// says what gdnsd serves, and the `DYNA` warning goes, where gdnsd's configuration serves the
/// zone; a file with `DYNA` and no configuration is gdnsd's too; a plain zone file's serial is
/// still the error BIND makes it.
#[test]
fn gdnsd_zones_follow_gdnsd() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::create_dir_all(root.join("zones")).unwrap();
    let zone = |extra: &str| {
        format!(
            "$TTL 300\n@ SOA ns1.example.com. hostmaster.example.com. (\n 20200329000001 ; serial\n \
             7200 30M 3D 900 )\n@ NS ns1.example.com.\n@ NS ns2.example.com.\n{extra}www A 192.0.2.1\n"
        )
    };
    std::fs::write(root.join("zones/example.org"), zone("@ DYNA geoip!cp\n")).unwrap();
    std::fs::write(root.join("zones/example.net"), zone("")).unwrap();
    let lines = |run: &assert_cmd::assert::Assert| -> Vec<String> {
        String::from_utf8(run.get_output().stdout.clone())
            .unwrap()
            .lines()
            .filter(|line| line.contains(" SYN"))
            .map(str::to_string)
            .collect()
    };
    let gdnsd_serial = "SYN002 [warning] SOA serial 20200329000001 is past 32 bits: gdnsd serves 1097806913, its low 32 bits; BIND and Knot refuse the zone";
    // No configuration: the file with `DYNA` only gdnsd loads; the other is BIND's error.
    let run = run_in(root, &["check", "--format", "concise", "zones"]).code(1);
    assert_eq!(
        lines(&run),
        [
            "zones/example.net:3:2: SYN002 [error] SOA serial is out of range (0-4294967295)"
                .to_string(),
            format!("zones/example.org:3:2: {gdnsd_serial}"),
            "zones/example.org:7:3: SYN003 [warning] `DYNA` is a gdnsd extension (addresses a plugin such as geoip picks for each query), not a DNS record type: only gdnsd loads this file; BIND and Knot refuse it".to_string(),
        ],
    );
    // A file named `config` that is no gdnsd configuration serves nothing.
    std::fs::write(root.join("config"), "[core]\n\tbare = false\n").unwrap();
    let run = run_in(root, &["check", "--format", "concise", "zones"]).code(1);
    assert_eq!(lines(&run).len(), 3);
    std::fs::write(
        root.join("config"),
        "options => {\n\tlisten = any\n}\nplugins => { }\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "zones"]).code(0);
    assert_eq!(
        lines(&run),
        [
            format!("zones/example.net:3:2: {gdnsd_serial}"),
            format!("zones/example.org:3:2: {gdnsd_serial}"),
        ],
    );
    let run = run_in(root, &["check", "--show-zones", "."]);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("example.net. (BIND zone file): zones/example.net"),
        "{out}"
    );
    // gdnsd splits a TXT string over 255 bytes itself, up to 16,000 (WikiTideOrg/dns's DKIM
    // key in one string): a warning where it serves the zone, an error past its limit.
    let long = |len: usize| format!("k TXT \"{}\"\n", "a".repeat(len));
    let extra = format!("{}{}", long(403), long(16_001));
    std::fs::write(root.join("zones/example.net"), zone(&extra)).unwrap();
    let run = run_in(root, &["check", "--format", "concise", "zones"]).code(1);
    let found = lines(&run);
    assert!(
        found.iter().any(|line| line.starts_with("zones/example.net:7:7: SYN002 [warning] a character string is at most 255 bytes and this one is 403")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|line| line.starts_with("zones/example.net:8:7: SYN002 [error] a character string is at most 255 bytes and this one is 16001")),
        "{found:?}"
    );
}

/// A parent zone whose name server is in a child zone it does not delegate (the Universidad
/// de Pinar del Río's `upr.edu.cu` naming `dns.tele4.upr.edu.cu.`, `tele4` a zone of its own):
/// named-checkzone 9.18.49 refuses the parent ("NS ... has no address records"), kzonecheck
/// 3.2.6 too ("missing glue record"), whatever the child holds. An error in the parent, as
/// when linted alone; with the delegation and its glue, nothing.
#[test]
fn a_name_server_in_a_child_zone_the_parent_does_not_delegate() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let parent = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns.sub.example.com. hostmaster 1 3600 600 86400 300\n\
                  @ IN NS ns.sub.example.com.\nwww IN A 192.0.2.10\n";
    std::fs::write(root.join("example.com.zone"), parent).unwrap();
    std::fs::write(
        root.join("sub.example.com.zone"),
        "$ORIGIN sub.example.com.\n$TTL 3600\n@ IN SOA ns hostmaster.example.com. 1 3600 600 86400 300\n\
         @ IN NS ns\nns IN A 192.0.2.1\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("example.com.zone:4:9: ZONE027 [error] NS target `ns.sub.example.com.` does not exist in zone `example.com.`"),
        "{out}"
    );
    let run = run_in(root, &["check", "--format", "json", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains(
            "`sub.example.com.` is a zone of its own here, but this zone does not delegate it"
        ),
        "{out}"
    );
    std::fs::write(
        root.join("example.com.zone"),
        format!("{parent}sub IN NS ns.sub\nns.sub IN A 192.0.2.1\n"),
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(!out.contains("ZONE027"), "{out}");
}

/// A TXT string over 255 bytes (ProjectSegfault/pizza1-configs' DKIM key in one string): BIND
/// 9.18.49 refuses the zone, an error; where the repository's knot.conf serves it, Knot 3.2.6
/// cuts the string into strings of 255 bytes and loads it (kzonecheck: no error), a warning.
/// Either way the record is kept as Knot loads it, and the key in it is read.
#[test]
fn a_txt_string_over_255_bytes_follows_the_server() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let key = "A".repeat(300);
    std::fs::write(
        root.join("example.com.zone"),
        format!(
            "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 3600\n\
             @ IN NS ns1.example.net.\nsel._domainkey IN TXT \"v=DKIM1; k=rsa; p={key}\"\n"
        ),
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("SYN002 [error] a character string is at most 255 bytes and this one is 318"),
        "{out}"
    );
    // The key is read from the record kept: 300 `A`s decode to no RSA key.
    assert!(out.contains("DKIM001"), "{out}");
    std::fs::write(
        root.join("knot.conf"),
        "zone:\n  - domain: example.com\n    file: example.com.zone\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("SYN002 [warning] a character string"), "{out}");
    let run = run_in(root, &["check", "--format", "json", "."]);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("Knot DNS cuts the string into strings of 255 bytes"),
        "{out}"
    );
    // A file with PowerDNS `LUA` records is PowerDNS's, even where a named.conf names it (its
    // bind backend reads one): PowerDNS 4.7.3 serves the string cut in two
    // (GrapheneOS/ns1.grapheneos.org's DKIM keys).
    std::fs::remove_file(root.join("knot.conf")).unwrap();
    std::fs::write(
        root.join("named.conf"),
        "zone \"example.com\" { type master; file \"example.com.zone\"; };\n",
    )
    .unwrap();
    let zone = std::fs::read_to_string(root.join("example.com.zone")).unwrap();
    std::fs::write(
        root.join("example.com.zone"),
        format!("{zone}@ IN LUA A \"ifportup(443, {{'192.0.2.1'}})\"\n"),
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "json", "."]);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains(
            "the zone holds PowerDNS `LUA` records (in this file or one it includes), so PowerDNS"
        ),
        "{out}"
    );
    let run = run_in(root, &["check", "--format", "concise", "."]);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("SYN002 [warning] a character string"), "{out}");
}

/// An RRset of different TTLs: BIND 9.18.49 serves it with the first record's TTL, Knot 3.2.6
/// with the later records' in turn ("TTL set to 600"): the message names the server that the
/// repository's configuration says serves the zone (ProjectSegfault/pizza1-configs).
#[test]
fn a_ttl_mismatch_names_the_ttl_the_server_serves() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 3600\n\
         @ IN NS ns1.example.net.\nwww 300 IN A 192.0.2.1\nwww 600 IN A 192.0.2.2\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("; BIND serves the whole RRset with 300"),
        "{out}"
    );
    std::fs::write(
        root.join("knot.conf"),
        "zone:\n  - domain: example.com\n    file: example.com.zone\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--format", "concise", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("; Knot serves the whole RRset with 600"),
        "{out}"
    );
}

/// A zone with nothing to report, beside the files a walk test is about.
const CLEAN_ZONE: &str = "$ORIGIN example.net.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\nns1 IN A 192.0.2.1\n";

/// Found by fuzzing: a chain of SPF includes through a zone's own names, one per name, ran
/// SPF004's count once per level of recursion (a stack overflow at 30,000 names, signal 6)
/// and from every record (quadratic). The count now stops following past the limit's depth.
#[test]
fn a_long_chain_of_spf_includes_is_counted_without_overflow() {
    let temp = tempfile::tempdir().unwrap();
    let mut zone = String::from("$ORIGIN e.\n$TTL 300\n");
    for i in 0..40_000 {
        zone.push_str(&format!("s{i} TXT \"v=spf1 include:s{}.e\"\n", i + 1));
    }
    std::fs::write(temp.path().join("chain.zone"), zone).unwrap();
    let run = run_in(
        temp.path(),
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "SPF004",
            "chain.zone",
        ],
    )
    .code(1);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains(
            "chain.zone:3:8: SPF004 [error] the SPF record of `s0.e.` takes at least 12 DNS lookups"
        ),
        "{out}"
    );
}

/// Found by fuzzing: a config file whose TOML error is at a final `\r` (a file of one
/// carriage return) ended in "internal error" while the excerpt was drawn.
#[test]
fn a_config_error_at_a_carriage_return_is_a_usage_error() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("zonelint.toml"), "\r").unwrap();
    std::fs::write(temp.path().join("example.com.zone"), CLEAN_ZONE).unwrap();
    let run = run_in(temp.path(), &["check", "."]).code(2);
    let err = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("zonelint.toml:1:2: error: invalid TOML"),
        "{err}"
    );
    assert!(!err.contains("internal error"), "{err}");
}

/// Knot reads each `$INCLUDE`d file with no previous owner: an indented comment before the
/// first owner of an included file is refused as in the main file (ZONE044), at that file.
#[test]
fn a_blank_before_the_first_owner_of_an_included_file_is_zone044() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n\
         @ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE hosts.inc\n",
    )
    .unwrap();
    std::fs::write(root.join("hosts.inc"), "  ; hosts\nwww IN A 192.0.2.2\n").unwrap();
    let run = run_in(
        root,
        &["check", "--format", "concise", "--select", "ZONE044", "."],
    )
    .code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("hosts.inc:1:1: ZONE044 [info] this line starts with a blank"),
        "{out}"
    );
    assert_eq!(out.matches("ZONE044").count(), 1, "{out}");
}

/// DMARC004 where the report destination's zone has input errors: it may miss the
/// authorisation record, so the reminder is given (info), not dropped.
#[test]
fn dmarc_reports_to_a_zone_that_did_not_read_cleanly_are_still_mentioned() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("example.com.zone"),
        format!("{CLEAN}_dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@reports.example.net\"\n"),
    )
    .unwrap();
    fs::write(
        root.join("example.net.zone"),
        "$ORIGIN example.net.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 192.0.2.1\nbroken IN NOSUCHTYPE x\n",
    )
    .unwrap();
    run_in(root, &["check", "--format", "concise"])
        .code(1)
        .stdout(predicate::str::contains("DMARC004 [info]"))
        .stdout(predicate::str::contains("whose zone did not read cleanly"));
}

/// ocf/dns serves `letsencrypt.ocf.io` with `update-policy`: the ACME client adds each
/// challenge's TXT record by dynamic update, and every host's `_acme-challenge` CNAME points
/// into that zone at a name its file does not hold. A zone the repository's named.conf lets
/// take updates is not said to lack a name; the same zone without `update-policy` is.
#[test]
fn a_dynamic_zone_is_not_said_to_lack_names() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("db.example.org"),
        "$ORIGIN example.org.\n$TTL 1h\n@ IN SOA ns1 hostmaster 1 1d 30m 4w 30m\n@ IN NS ns1\n@ IN NS ns2\nns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\nacme IN NS ns1\nwww IN A 192.0.2.3\n_acme-challenge.www IN CNAME www.acme.example.org.\n",
    )
    .unwrap();
    fs::write(
        root.join("db.acme.example.org"),
        "$ORIGIN acme.example.org.\n$TTL 3600\n@ IN SOA ns1.example.org. hostmaster.example.org. 1 86400 1800 2419200 1800\n@ IN NS ns1.example.org.\n",
    )
    .unwrap();
    let conf = |policy: &str| {
        format!(
            "zone \"example.org\" {{ type master; file \"db.example.org\"; }};\nzone \"acme.example.org\" {{ type master; file \"db.acme.example.org\"; {policy} }};\n"
        )
    };
    fs::write(root.join("named.conf"), conf("")).unwrap();
    run_in(
        root,
        &["check", "--format", "concise", "--select", "ZONE047"],
    )
    .stdout(predicate::str::contains("ZONE047"));
    fs::write(
        root.join("named.conf"),
        conf("update-policy { grant acme.example.org zonesub TXT; };"),
    )
    .unwrap();
    run_in(
        root,
        &["check", "--format", "concise", "--select", "ZONE047"],
    )
    .code(0)
    .stdout(predicate::str::contains("ZONE047").not());
}

/// A DKIM key split over two TXT records at one selector (DKIM004's finding) is one selector
/// in the text view, with its number of records; the JSON view lists each record.
#[test]
fn mx_names_a_selector_split_over_records_once() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n\
         ns1 IN A 192.0.2.1\n@ IN MX 10 mail.example.net.\n\
         default._domainkey IN TXT \"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOC\"\n\
         default._domainkey IN TXT \"AQ8AMIIBCgKCAQEApihYXWtKNf9zO7FX8E8vbhURqmeppsPnp6kKRDaXI8268\"\n\
         s2._domainkey IN CNAME s2.domainkey.u1.wl1.sendgrid.net.\n",
    )
    .unwrap();
    let assert = run_in(temp.path(), &["mx", "."]).code(0);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("DKIM:  default (2 TXT records), s2 (CNAME)"),
        "{text}"
    );
    let assert = run_in(temp.path(), &["mx", "--format", "json", "."]).code(0);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let selectors = json["sets"][0]["dkim"].as_array().unwrap();
    assert_eq!(selectors.len(), 3, "{json}");
}

/// wikimedia.org publishes `_adsp._domainkey TXT "dkim=unknown;"`, the retired ADSP policy
/// (RFC 5617): `zonelint mx` lists the selectors, and `_adsp` is none.
#[test]
fn mx_lists_no_adsp_record_as_a_dkim_selector() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n\
         ns1 IN A 192.0.2.1\n@ IN MX 10 mail.example.net.\n_adsp._domainkey IN TXT \"dkim=unknown;\"\n\
         s1._domainkey IN CNAME s1.domainkey.u1.wl1.sendgrid.net.\n",
    )
    .unwrap();
    let assert = run_in(temp.path(), &["mx", "."]).code(0);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(text.contains("s1 (CNAME)"), "{text}");
    assert!(!text.contains("_adsp"), "{text}");
}

/// A zone named after its domain whose top-level domain is also a script's or a source file's
/// ending (bsdlp/dns's `voltaire.sh` and `jchen.pl`) is found in a walk when its first line
/// starts a zone; a script that writes a zone in a here-document, and source code, are not.
#[test]
fn zones_named_like_scripts_are_found_by_their_first_line() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("voltaire.sh"),
        "$ORIGIN .\n$TTL 3600\nvoltaire.sh IN SOA ns1.linode.com. hostmaster.voltaire.sh. 1 7200 3600 1209600 3600\n\
         voltaire.sh IN NS ns1.linode.com.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("jchen.pl"),
        "jchen.pl. IN SOA ns1.linode.com. hostmaster.jchen.pl. 1 7200 3600 1209600 3600\n\
         jchen.pl. IN NS ns1.linode.com.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("gen.sh"),
        "#!/bin/sh\ncat > db.example <<EOF\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 2 3 4 5\n@ IN NS ns1\nEOF\n",
    )
    .unwrap();
    std::fs::write(root.join("main.rs"), "use std::fs;\nfn main() {}\n").unwrap();
    let run = run_in(root, &["check", "--show-zones", "."]).code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("voltaire.sh. (BIND zone file): voltaire.sh"),
        "{out}"
    );
    assert!(
        out.contains("jchen.pl. (BIND zone file): jchen.pl"),
        "{out}"
    );
    assert!(!out.contains("gen.sh") && !out.contains("main.rs"), "{out}");
}

/// ERB and EPP placeholders (`<%= time() %>`, snonux/rexfiles' NSD templates) make a template
/// as `{{ }}` does: a template named on the command line is checked, and the syntax findings
/// on its placeholder lines are infos.
#[test]
fn erb_placeholders_make_a_template() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("example.org.zone"),
        "$ORIGIN example.org.\n$TTL 3600\n@ IN SOA ns1 hostmaster (\n <%= time() %> ; serial\n 7200 3600 1209600 3600 )\n\
         @ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN A <%= $ips->{current_master}{ipv4} %>\n",
    )
    .unwrap();
    let run = run_in(
        temp.path(),
        &["check", "--format", "concise", "example.org.zone"],
    )
    .code(0);
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(out.contains("SYN002 [info]"), "{out}");
    assert!(!out.contains("[error]"), "{out}");
}
