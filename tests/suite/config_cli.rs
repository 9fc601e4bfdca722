//! The config file, the baseline, `init` and the terminal flags, through the binary, over the
//! small repositories in fixtures/repos/config-*/ (copied to a temporary directory where a
//! test writes files).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn zonelint() -> Command {
    let mut command = Command::cargo_bin("zonelint").unwrap();
    command.env_remove("NO_COLOR");
    command
}

fn repo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/repos")
        .join(name)
}

fn run_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    zonelint().current_dir(dir).args(args).assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// `file:line CODE severity` for each finding of a json-lines or concise run, but the
/// companion-record advice (MAIL001, info), which every Microsoft 365 fixture here draws and
/// which these tests are not about.
fn findings(output: &str) -> Vec<String> {
    output
        .lines()
        .filter(|line| !line.contains("MAIL001"))
        .filter_map(|line| {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(line) {
                return Some(format!(
                    "{}:{} {} {}",
                    value["file"].as_str()?,
                    value["line"],
                    value["code"].as_str()?,
                    value["severity"].as_str()?
                ));
            }
            // concise: path:line:col: CODE [severity] message
            let (place, rest) = line.split_once(": ")?;
            let mut words = rest.split_whitespace();
            let code = words.next()?;
            let severity = words.next()?.trim_matches(['[', ']']);
            let mut parts = place.split(':');
            Some(format!(
                "{}:{} {code} {severity}",
                parts.next()?,
                parts.next()?
            ))
        })
        .collect()
}

/// A copy of a fixture repository in a temporary directory (not a git work tree: the
/// project root is the working directory).
fn copy_of(name: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(&repo(name), temp.path());
    temp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_per_path_key_of_the_basic_repository() {
    let dir = repo("config-basic");
    let run = run_in(&dir, &["check"]);
    // format = "json-lines"; fail-on = "warning" (and there are errors anyway).
    let run = run.code(1);
    assert_eq!(
        findings(&stdout(&run)),
        [
            // MX001 as usual.
            "zones/example.com.zone:8 MX001 error",
            "zones/example.net.zone:6 MX001 error",
            // [severity] MX003 = "error" (a warning by default).
            "zones/example.net.zone:7 MX003 error",
            // per-file-ignores drops MX003 under zones/legacy/, not MX001.
            "zones/legacy/example.org.zone:6 MX001 error",
        ]
    );
    // exclude = ["attic"]: the copy in attic/ is not linted; origins: db.internal reads
    // relative names under internal.example. instead of reporting that it has no origin.
    let isolated = run_in(&dir, &["check", "--isolated", "--format", "concise"]).code(1);
    let isolated = findings(&stdout(&isolated));
    assert!(isolated.contains(&"attic/example.com.zone:8 MX001 error".to_string()));
    assert!(isolated.contains(&"zones/db.internal:3 SYN008 error".to_string()));
    assert!(isolated.contains(&"zones/legacy/example.org.zone:7 MX003 warning".to_string()));
    assert!(isolated.contains(&"zones/example.net.zone:7 MX003 warning".to_string()));
}

#[test]
fn a_named_file_is_linted_even_when_excluded_but_not_under_only_zones() {
    let dir = repo("config-basic");
    run_in(&dir, &["check", "attic/example.com.zone"])
        .code(1)
        .stdout(predicate::str::contains("attic/example.com.zone"));
    // pre-commit and the Action name files with --only-zones: exclude applies as in a walk.
    let run = run_in(&dir, &["check", "--only-zones", "attic/example.com.zone"]).code(0);
    assert!(findings(&stdout(&run)).is_empty());
}

#[test]
fn the_command_line_overrides_the_file() {
    let dir = repo("config-basic");
    // --format over format, --fail-on over fail-on.
    let run = run_in(
        &dir,
        &["check", "--format", "concise", "zones/example.net.zone"],
    )
    .code(1);
    assert!(stdout(&run).contains("\nzones/example.net.zone:6:20: MX001 [error]"));
    // --select replaces the file's selection; [severity] still applies to what runs.
    let run = run_in(&dir, &["check", "--select", "MX003", "--fail-on", "error"]).code(1);
    assert_eq!(
        findings(&stdout(&run)),
        ["zones/example.net.zone:7 MX003 error"]
    );
    // --ignore adds to the file's ignore.
    run_in(&dir, &["check", "--ignore", "MX001,MX003"]).code(0);
    // --config uses one file for everything; --isolated none.
    let other = repo("config-pyproject").join("pyproject.toml");
    let run = run_in(
        &dir,
        &[
            "check",
            "--config",
            other.to_str().unwrap(),
            "zones/example.net.zone",
        ],
    )
    .code(0);
    // That file ignores MX001 and leaves MX003 a warning; the default fail-on is error.
    assert!(stdout(&run).contains("MX003 [warning]"));
    run_in(&dir, &["check", "--isolated", "--config", "zonelint.toml"]).code(2);
}

#[test]
fn nested_and_extended_configs() {
    let dir = repo("config-nested");
    let run = run_in(&dir, &["check"]).code(1);
    assert_eq!(
        findings(&stdout(&run)),
        [
            // The root config ignores MX003.
            "example.com.zone:6 MX001 error",
            // team-b's own config (no extend) selects only MX003.
            "team-b/example.org.zone:7 MX003 warning",
        ]
    );
    // team-a extends the root (MX003 ignored, fail-on warning) and ignores MX001 too.
    run_in(&dir, &["check", "team-a"]).code(0);
    // team-b has no fail-on of its own, but the run-wide keys come from the working
    // directory's config: fail-on = "warning" fails on the MX003 warning.
    run_in(&dir, &["check", "team-b"]).code(1);
    // Run from team-b, its own config decides fail-on (default error).
    run_in(&dir.join("team-b"), &["check"]).code(0);
    // --extend-select adds to the file's select.
    let run = run_in(&dir.join("team-b"), &["check", "--extend-select", "MX001"]).code(1);
    assert_eq!(
        findings(&stdout(&run)),
        [
            "example.org.zone:6 MX001 error",
            "example.org.zone:7 MX003 warning"
        ]
    );
}

#[test]
fn show_settings_names_the_files() {
    let dir = repo("config-nested");
    let run = run_in(
        &dir,
        &["check", "--show-settings", "team-a/example.net.zone"],
    )
    .code(0);
    let shown = stdout(&run);
    let enabled = shown
        .lines()
        .find_map(|l| l.strip_prefix("# rules enabled: "))
        .unwrap();
    assert!(enabled.contains("MX002") && !enabled.contains("MX001") && !enabled.contains("MX003"));
    // The list of rules grows with every release: the snapshot is of the rest.
    insta::with_settings!({filters => vec![(r"# rules enabled: .*", "# rules enabled: [...]")]}, {
        insta::assert_snapshot!("show_settings_team_a", shown);
    });
    let run = run_in(&dir, &["check", "--show-settings", "--isolated"]).code(0);
    assert!(stdout(&run).starts_with("# no config file: defaults\n"));
}

#[test]
fn pyproject_tool_zonelint() {
    let dir = repo("config-pyproject");
    run_in(&dir, &["check"]).code(0);
    run_in(&dir, &["check", "--isolated"])
        .code(1)
        .stdout(predicate::str::contains("MX001"));
}

#[test]
fn catalog_entries_from_the_config() {
    let dir = repo("config-catalog");
    // The relay is no third-party backup any more (no MX001); Microsoft's one-MX advice
    // (MX009, a warning) still stands.
    let run = run_in(&dir, &["check"]).code(0);
    assert_eq!(
        findings(&stdout(&run)),
        ["example.com.zone:9 MX009 warning"]
    );
    run_in(&dir, &["check", "--isolated"])
        .code(1)
        .stdout(predicate::str::contains("MX001"));
    // zonelint mx reads the config too: the relay is named as the team's provider.
    run_in(&dir, &["mx"])
        .code(0)
        .stdout(predicate::str::contains(
            "Example Corp Exchange hybrid relay",
        ));
}

#[test]
fn bad_configs_are_spanned_errors_with_exit_status_2() {
    let dir = repo("config-bad");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    let mut all = String::new();
    for file in &files {
        let run = run_in(&dir, &["check", "--config", file, "example.com.zone"]).code(2);
        let err = stderr(&run);
        // One line naming the file, line and column, then the excerpt.
        assert!(err.starts_with("zonelint: "), "{file}: {err}");
        assert!(
            err.lines().next().unwrap().contains(".toml:"),
            "{file}: {err}"
        );
        assert!(stdout(&run).is_empty(), "{file}");
        all.push_str(&format!("== {file}\n{err}"));
    }
    insta::assert_snapshot!("bad_configs", all);
}

#[test]
fn a_bad_config_found_by_discovery_stops_the_run() {
    let temp = copy_of("config-pyproject");
    fs::write(
        temp.path().join("zones/.zonelint.toml"),
        "fail_on = \"warning\"\n",
    )
    .unwrap();
    let run = run_in(temp.path(), &["check"]).code(2);
    let err = stderr(&run);
    assert!(
        err.starts_with("zonelint: zones/.zonelint.toml:1:1: error: unknown key `fail_on`"),
        "{err}"
    );
    assert!(err.contains("did you mean `fail-on`?"), "{err}");
    // A pyproject.toml that is not TOML and mentions no zonelint table is not ours to judge.
    fs::remove_file(temp.path().join("zones/.zonelint.toml")).unwrap();
    fs::write(temp.path().join("zones/pyproject.toml"), "[project\n").unwrap();
    run_in(temp.path(), &["check"]).code(0);
    fs::write(
        temp.path().join("zones/pyproject.toml"),
        "[tool.zonelint]\nignore = [\n",
    )
    .unwrap();
    run_in(temp.path(), &["check"])
        .code(2)
        .stderr(predicate::str::contains("invalid TOML"));
}

#[test]
fn config_files_are_read_only_inside_the_project() {
    let temp = copy_of("config-pyproject");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("base.toml"), "ignore = [\"ALL\"]\n").unwrap();
    let base = outside.path().join("base.toml");
    // A symlinked config pointing outside, and an extend naming a file outside: refused alike,
    // whether or not the file exists.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&base, temp.path().join("zones/zonelint.toml")).unwrap();
        let run = run_in(temp.path(), &["check"]).code(2);
        assert!(
            stderr(&run).contains("leads outside the project"),
            "{}",
            stderr(&run)
        );
        fs::remove_file(temp.path().join("zones/zonelint.toml")).unwrap();
    }
    for target in [base.clone(), outside.path().join("missing.toml")] {
        fs::write(
            temp.path().join("zones/zonelint.toml"),
            format!("extend = {:?}\n", target.to_str().unwrap()),
        )
        .unwrap();
        let run = run_in(temp.path(), &["check"]).code(2);
        assert!(
            stderr(&run).contains("leads outside the project"),
            "{}",
            stderr(&run)
        );
    }
}

#[test]
fn paths_in_a_config_file_stay_inside_the_project() {
    let temp = copy_of("config-pyproject");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.yaml");
    fs::write(&secret, "providers:\n  x: {}\nzones:\n  leaked-zone.: {}\n").unwrap();
    for (key, value) in [
        (
            "octodns-config",
            format!("[{:?}]", secret.to_str().unwrap()),
        ),
        (
            "octodns-config",
            format!(
                "[{:?}]",
                outside.path().join("missing.yaml").to_str().unwrap()
            ),
        ),
        (
            "baseline",
            format!(
                "{:?}",
                outside.path().join("baseline.json").to_str().unwrap()
            ),
        ),
    ] {
        fs::write(
            temp.path().join("zonelint.toml"),
            format!("{key} = {value}\n"),
        )
        .unwrap();
        let args: &[&str] = if key == "baseline" {
            &["check", "--update-baseline"]
        } else {
            &["check"]
        };
        let run = run_in(temp.path(), args).code(2);
        assert!(
            stderr(&run).contains("inside the project")
                || stderr(&run).contains("outside the project"),
            "{}",
            stderr(&run)
        );
        assert!(!stderr(&run).contains("leaked-zone"), "{}", stderr(&run));
    }
    assert!(!outside.path().join("baseline.json").exists());
}

#[test]
fn run_wide_keys_include_dir_include_quiet_and_color() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("zones")).unwrap();
    fs::create_dir_all(root.join("shared")).unwrap();
    fs::create_dir_all(root.join("notes")).unwrap();
    fs::write(
        root.join("zones/example.com.zone"),
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n$INCLUDE ns.inc\n",
    )
    .unwrap();
    fs::write(root.join("shared/ns.inc"), "ns1 IN A 192.0.2.1\n").unwrap();
    // Not under include = ["zones/**"]: never linted in a walk.
    fs::write(
        root.join("notes/broken.zone"),
        "$ORIGIN example.org.\n@ IN MX 10 192.0.2.1\n",
    )
    .unwrap();
    fs::write(
        root.join("zonelint.toml"),
        "include = [\"zones/**\"]\ninclude-dir = \"shared\"\nquiet = true\ncolor = \"always\"\nformat = \"full\"\n",
    )
    .unwrap();
    // include-dir resolves `$INCLUDE ns.inc` against shared/; quiet: no summary line.
    let run = run_in(root, &["check"]).code(0);
    assert_eq!(stdout(&run), "");
    // Without the config the include is not found, and the walk reaches notes/.
    let run = run_in(root, &["check", "--isolated", "--format", "concise"]).code(1);
    assert!(stdout(&run).contains("notes/broken.zone"));
    assert!(
        stdout(&run).contains("cannot find `ns.inc`"),
        "{}",
        stdout(&run)
    );
    // --include-dir on the command line wins over the file's.
    run_in(root, &["check", "--include-dir", "zones"]).code(1);
    // color = "always" colours the full format even into a pipe; --color never wins.
    fs::write(
        root.join("zones/example.com.zone"),
        "$ORIGIN example.com.\n@ IN MX 10 192.0.2.1\n",
    )
    .unwrap();
    let run = run_in(root, &["check"]).code(1);
    assert!(stdout(&run).contains('\u{1b}'));
    let run = run_in(root, &["check", "--color", "never"]).code(1);
    assert!(!stdout(&run).contains('\u{1b}'));
    // --quiet on the command line, too.
    let run = run_in(
        root,
        &["check", "--isolated", "--quiet", "--format", "concise"],
    )
    .code(1);
    assert!(!stdout(&run).contains("Found"));
    assert!(stdout(&run).contains("MX006"));
}

#[test]
fn octodns_config_key_names_the_configs_to_read() {
    let temp = copy_of("octodns-basic");
    let root = temp.path();
    // An old config nobody runs any more: it reads zones from other/, which a walk skips.
    fs::create_dir_all(root.join("other")).unwrap();
    fs::write(
        root.join("config/old.yaml"),
        "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./other\nzones:\n  example.org.:\n    sources:\n      - config\n",
    )
    .unwrap();
    fs::write(
        root.join("other/example.org.yaml"),
        "---\n'':\n  type: MX\n  value:\n    exchange: mail.example.org\n    preference: 10\n",
    )
    .unwrap();
    fs::write(root.join("zonelint.toml"), "exclude = [\"other\"]\n").unwrap();
    let run = run_in(root, &["check", "--show-files"]).code(0);
    assert!(stdout(&run).contains("other/example.org.yaml"));
    // Only the config that is deployed is read.
    fs::write(
        root.join("zonelint.toml"),
        "exclude = [\"other\"]\noctodns-config = [\"config/octodns.yaml\"]\n",
    )
    .unwrap();
    let run = run_in(root, &["check", "--show-files"]).code(0);
    assert!(!stdout(&run).contains("other/"), "{}", stdout(&run));
    assert!(stdout(&run).contains("zones/example.com.yaml"));
    // A config named there is read even when the paths linted do not hold it.
    let run = run_in(root, &["check", "--show-files", "zones/example.net."]).code(0);
    assert!(
        stdout(&run).contains("zones/example.net./mx.yaml"),
        "{}",
        stdout(&run)
    );
}

#[test]
fn the_terminal_flags_are_validated() {
    let dir = repo("config-nested");
    run_in(&dir, &["check", "--color", "sometimes"]).code(2);
}

const M365_ZONE: &str = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n  IN MX 0 example-com.mail.protection.outlook.com.\n  IN MX 20 ibmr.btconnect.com.\nns1 IN A 192.0.2.53\n@ IN TXT \"v=spf1 include:spf.protection.outlook.com -all\"\n_dmarc IN TXT \"v=DMARC1; p=none\"\n";

/// The same records, reordered, reindented, split over lines and with edits elsewhere.
const M365_ZONE_REORDERED: &str = "; reordered\n$ORIGIN example.com.\n$TTL 3600\n@   IN  SOA ns1 hostmaster (\n        1 7200 3600 1209600 3600 )\nns1         IN A 192.0.2.53\nwww         IN A 192.0.2.80\n@           IN NS ns1\n    IN MX   20     ibmr.btconnect.com.\n    IN MX   0  example-com.mail.protection.outlook.com.\n@   IN TXT  \"v=spf1 include:spf.protection.outlook.com -all\"\n_dmarc IN TXT \"v=DMARC1; p=none\"\n";

/// The backup MX record itself changed: a new finding.
const M365_ZONE_CHANGED: &str = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n  IN MX 0 example-com.mail.protection.outlook.com.\n  IN MX 30 relay.isp.example.net.\nns1 IN A 192.0.2.53\n@ IN TXT \"v=spf1 include:spf.protection.outlook.com -all\"\n_dmarc IN TXT \"v=DMARC1; p=none\"\n";

#[test]
fn a_baseline_survives_reordering_and_stops_hiding_a_changed_record() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(root.join("example.com.zone"), M365_ZONE).unwrap();
    // --update-baseline needs a file.
    run_in(root, &["check", "--update-baseline"]).code(2);
    let run = run_in(
        root,
        &["check", "--baseline", "baseline.json", "--update-baseline"],
    )
    .code(0);
    assert!(
        stderr(&run).contains("wrote 2 baseline entries"),
        "{}",
        stderr(&run)
    );
    let written = fs::read_to_string(root.join("baseline.json")).unwrap();
    insta::assert_snapshot!("baseline_file", written);
    // Hidden; the same file again gives the same bytes (stable).
    run_in(root, &["check", "--baseline", "baseline.json"])
        .code(0)
        .stdout(predicate::str::contains("No problems found"));
    run_in(
        root,
        &["check", "--baseline", "baseline.json", "--update-baseline"],
    )
    .code(0);
    assert_eq!(
        fs::read_to_string(root.join("baseline.json")).unwrap(),
        written
    );
    // Reordered and reindented: still hidden.
    fs::write(root.join("example.com.zone"), M365_ZONE_REORDERED).unwrap();
    run_in(root, &["check", "--baseline", "baseline.json"])
        .code(0)
        .stdout(predicate::str::contains("No problems found"));
    // The record changed: the finding is new, and the old entry is reported as stale.
    fs::write(root.join("example.com.zone"), M365_ZONE_CHANGED).unwrap();
    let run = run_in(root, &["check", "--baseline", "baseline.json"]).code(1);
    assert!(stdout(&run).contains("relay.isp.example.net."));
    assert!(
        stderr(&run).contains("1 entry in `baseline.json` no longer matches a finding"),
        "{}",
        stderr(&run)
    );
    assert!(stderr(&run).contains("MX001 example.com. example.com. MX 20 ibmr.btconnect.com."));
    // --quiet: no note.
    let run = run_in(root, &["check", "--baseline", "baseline.json", "--quiet"]).code(1);
    assert_eq!(stderr(&run), "");
    // Updating drops the stale entry and records the new finding.
    let run = run_in(
        root,
        &["check", "--baseline", "baseline.json", "--update-baseline"],
    )
    .code(0);
    assert!(stderr(&run).contains("1 dropped"), "{}", stderr(&run));
    let updated = fs::read_to_string(root.join("baseline.json")).unwrap();
    assert!(updated.contains("30 relay.isp.example.net."));
    assert!(!updated.contains("ibmr"));
}

/// A file with more findings of one rule than a report lists (a legacy zone's thousands):
/// the baseline records every one of them, not only those listed, and a new finding among
/// them is reported, counted and fails the run. The baseline was applied after the cap, so
/// a new finding past the first listed ones was neither listed nor counted: "No problems
/// found", exit 0.
#[test]
fn a_baseline_of_more_findings_than_are_listed_still_catches_a_new_one() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let zone = |extra: &str| {
        let hosts: String = (0..12)
            .map(|i| format!("h{i} MX 10 192.0.2.{}\n", i + 1))
            .collect();
        format!(
            "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n\
             @ NS ns1\nns1 A 192.0.2.53\n{hosts}{extra}"
        )
    };
    fs::write(root.join("example.com.zone"), zone("")).unwrap();
    let cap = ["--limit", "findings-per-rule=3"];
    let update = [
        &["check", "--baseline", "b.json", "--update-baseline"][..],
        &cap,
    ]
    .concat();
    let run = run_in(root, &update).code(0);
    let written = fs::read_to_string(root.join("b.json")).unwrap();
    assert_eq!(written.matches("\"MX006\"").count(), 12, "{}", stderr(&run));
    let check = [
        &["check", "--baseline", "b.json", "--format", "concise"][..],
        &cap,
    ]
    .concat();
    run_in(root, &check)
        .code(0)
        .stdout(predicate::str::contains("No problems found"));
    fs::write(
        root.join("example.com.zone"),
        zone("new MX 10 192.0.2.99\n"),
    )
    .unwrap();
    let run = run_in(root, &check).code(1);
    let out = stdout(&run);
    assert!(out.contains("`192.0.2.99`"), "{out}");
    assert!(out.contains("Found 1 error"), "{out}");
}

#[test]
fn a_baseline_keeps_entries_of_zones_not_linted() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(root.join("example.com.zone"), M365_ZONE).unwrap();
    fs::write(
        root.join("example.net.zone"),
        M365_ZONE
            .replace("example.com.", "example.net.")
            .replace("example-com", "example-net"),
    )
    .unwrap();
    fs::write(root.join("zonelint.toml"), "baseline = \"baseline.json\"\n").unwrap();
    // `baseline` in the config file, as the hook and the Action read it.
    run_in(root, &["check", "--update-baseline"]).code(0);
    run_in(root, &["check"]).code(0);
    // A run over one file neither reports the other's entry as stale nor drops it.
    fs::write(root.join("example.com.zone"), M365_ZONE_CHANGED).unwrap();
    let run = run_in(root, &["check", "example.net.zone"]).code(0);
    assert_eq!(stderr(&run), "");
    run_in(root, &["check", "--update-baseline", "example.com.zone"]).code(0);
    let updated = fs::read_to_string(root.join("baseline.json")).unwrap();
    assert!(updated.contains("\"zone\":\"example.net.\""), "{updated}");
    assert!(updated.contains("relay.isp.example.net."), "{updated}");
    // A broken baseline file is a one-line error.
    fs::write(
        root.join("baseline.json"),
        "{\"version\": 2, \"findings\": []}",
    )
    .unwrap();
    run_in(root, &["check"])
        .code(2)
        .stderr(predicate::str::contains("has version 2"));
}

#[test]
fn init_writes_a_starter_config_and_a_baseline() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(root.join("example.com.zone"), M365_ZONE).unwrap();
    run_in(root, &["check"]).code(1);
    run_in(root, &["init", "--baseline", "zonelint-baseline.json"])
        .code(0)
        .stderr(predicate::str::contains("with 2 entries"));
    let config = fs::read_to_string(root.join("zonelint.toml")).unwrap();
    assert!(config.contains("baseline = \"zonelint-baseline.json\""));
    // Adoption is one command: the next run passes, and new findings still fail.
    run_in(root, &["check"]).code(0);
    fs::write(root.join("example.com.zone"), M365_ZONE_CHANGED).unwrap();
    run_in(root, &["check"]).code(1);
    // An existing config is not replaced without --force.
    run_in(root, &["init"])
        .code(2)
        .stderr(predicate::str::contains("--force"));
    run_in(root, &["init", "--force"]).code(0);
    let config = fs::read_to_string(root.join("zonelint.toml")).unwrap();
    assert!(config.contains("# baseline = "));
    run_in(root, &["check", "--show-settings"]).code(0);
}

/// The first ```toml block of a Markdown file.
fn toml_example(markdown: &str) -> String {
    let start = markdown.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + markdown[start..].find("```").unwrap();
    markdown[start..end].to_string()
}

#[test]
fn the_documented_example_is_one_file_and_valid() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = toml_example(&fs::read_to_string(manifest.join("README.md")).unwrap());
    let docs = toml_example(&fs::read_to_string(manifest.join("docs/configuration.md")).unwrap());
    assert_eq!(
        readme, docs,
        "README.md and docs/configuration.md show one example"
    );
    let temp = tempfile::tempdir().unwrap();
    fs::create_dir_all(temp.path().join("repo")).unwrap();
    fs::create_dir_all(temp.path().join("repo/zones")).unwrap();
    fs::write(temp.path().join("repo/zones/example.com.zone"), M365_ZONE).unwrap();
    // The example extends "../shared/zonelint.toml": give it one, inside the project.
    fs::create_dir_all(temp.path().join("shared")).unwrap();
    fs::write(
        temp.path().join("shared/zonelint.toml"),
        "ignore = [\"MX010\"]\n",
    )
    .unwrap();
    fs::write(temp.path().join("repo/zonelint.toml"), &readme).unwrap();
    fs::create_dir_all(temp.path().join("repo/config")).unwrap();
    fs::write(
        temp.path().join("repo/config/production.yaml"),
        "---\nproviders:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\nzones: {}\n",
    )
    .unwrap();
    fs::create_dir_all(temp.path().join(".git")).unwrap();
    let run = run_in(&temp.path().join("repo"), &["check", "--show-settings"]).code(0);
    let shown = stdout(&run);
    assert!(
        shown.contains("# which extends: ") && shown.contains("shared/zonelint.toml"),
        "{shown}"
    );
    assert!(shown.contains("example-exchange-hybrid"), "{shown}");
    fs::write(
        temp.path().join("repo/zonelint-baseline.json"),
        "{\"version\": 1, \"findings\": []}\n",
    )
    .unwrap();
    // And it lints: MX001 is an error, fail-on is warning.
    let run = run_in(&temp.path().join("repo"), &["check"]).code(1);
    assert!(stdout(&run).contains("MX001"), "{}", stdout(&run));
}

const M365_YAML: &str = "---\n'':\n  - type: MX\n    values:\n      - exchange: example-com.mail.protection.outlook.com.\n        preference: 10\n      - exchange: ibmr.btconnect.com.\n        preference: 20\n  - type: NS\n    value: ns1.example.com.\nns1:\n  type: A\n  value: 192.0.2.1\n";

/// Keys and values reordered, indented differently, a record added elsewhere.
const M365_YAML_REORDERED: &str = "---\n'':\n- type: NS\n  value: ns1.example.com.\n- type: MX\n  values:\n  - preference: 20\n    exchange: ibmr.btconnect.com.\n  - exchange: example-com.mail.protection.outlook.com.\n    preference: 10\nns1:\n  value: 192.0.2.1\n  type: A\nwww:\n  type: A\n  value: 192.0.2.80\n";

#[test]
fn a_baseline_works_the_same_for_octodns_yaml() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(root.join("example.com.yaml"), M365_YAML).unwrap();
    run_in(root, &["check"]).code(1);
    run_in(
        root,
        &["check", "--baseline", "b.json", "--update-baseline"],
    )
    .code(0);
    let written = fs::read_to_string(root.join("b.json")).unwrap();
    // The entry names the MX record the finding is about, not another record of the same key.
    assert!(
        written.contains(r#""type":"MX","rdata":"20 ibmr.btconnect.com.","code":"MX001""#),
        "{written}"
    );
    fs::write(root.join("example.com.yaml"), M365_YAML_REORDERED).unwrap();
    run_in(root, &["check", "--baseline", "b.json"]).code(0);
    fs::write(
        root.join("example.com.yaml"),
        M365_YAML_REORDERED.replace("preference: 20", "preference: 30"),
    )
    .unwrap();
    run_in(root, &["check", "--baseline", "b.json"])
        .code(1)
        .stdout(predicate::str::contains("MX001"));
}
