//! Attacks on what zonelint reads (issue 8, items 1, 2, 5 and 7), each a small repository in
//! `fixtures/hostile/paths-*/` with its expected outcome in `EXPECTED.md`. Each test copies
//! its case into a scratch directory as a git repository and puts "secrets" beside it, outside
//! the project; links and FIFOs, which git cannot carry (or should not), are made here. Every
//! test asserts that no byte of an outside file reaches any output format, and where a path
//! leads out, that the output is the same whether the outside target exists or not.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::Duration;

use assert_cmd::Command;

/// Written into every outside file: it must never appear in any output.
const CANARY: &str = "CANARY-7f3a9c";

struct Case {
    _temp: tempfile::TempDir,
    /// The repository: the project root.
    repo: PathBuf,
    /// The directory holding the repository and the secrets beside it.
    outside: PathBuf,
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hostile")
        .join(name)
}

/// Copy `fixtures/hostile/NAME` into a scratch git repository (with `@OUTSIDE@` in files
/// replaced by the directory beside it) and write the outside secrets.
fn case(name: &str) -> Case {
    let temp = tempfile::tempdir().unwrap();
    let outside = temp.path().canonicalize().unwrap();
    let repo = outside.join("repo");
    copy_dir(&fixture(name), &repo, &outside);
    git(&repo, &["init", "-q"]);
    write_secrets(&outside);
    Case {
        _temp: temp,
        repo,
        outside,
    }
}

fn copy_dir(from: &Path, to: &Path, outside: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target, outside);
        } else if entry.file_name() != "EXPECTED.md" {
            let text = fs::read_to_string(entry.path()).unwrap();
            fs::write(
                target,
                text.replace("@OUTSIDE@", &outside.display().to_string()),
            )
            .unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// Files outside the project that an attack would read, each holding the canary in a shape
/// zonelint would report on (so that reading it would show it).
fn write_secrets(outside: &Path) {
    let yaml = format!("{CANARY}:\n  type: A\n  value: {CANARY}\n");
    let zone = format!("{CANARY} IN A 999.0.0.1 ; {CANARY}\n");
    fs::write(outside.join("secret.yaml"), &yaml).unwrap();
    fs::write(outside.join("secret.zone"), &zone).unwrap();
    for dir in ["d.", "splitdir"] {
        fs::create_dir_all(outside.join(dir)).unwrap();
        fs::write(outside.join(dir).join("x.yaml"), &yaml).unwrap();
    }
    fs::create_dir_all(outside.join("dir")).unwrap();
    fs::write(
        outside.join("dir/a.example.zone"),
        format!("$ORIGIN a.example.\n{zone}"),
    )
    .unwrap();
}

/// Remove every outside secret, leaving the links that point at them dangling.
fn remove_secrets(outside: &Path) {
    for file in ["secret.yaml", "secret.zone"] {
        fs::remove_file(outside.join(file)).unwrap();
    }
    for dir in ["d.", "splitdir", "dir"] {
        fs::remove_dir_all(outside.join(dir)).unwrap();
    }
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

fn zonelint(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::cargo_bin("zonelint").unwrap();
    // A guard against a hang (a FIFO opened for reading), not a measure of speed.
    command
        .current_dir(dir)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .timeout(Duration::from_secs(60));
    command
}

/// One run: exit status and everything printed.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = zonelint(dir, args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), text)
}

/// The run in every output format (with SARIF and summary files), as one text, and the exit
/// status of the `concise` run.
fn run_all_formats(case: &Case, args: &[&str]) -> (Option<i32>, String) {
    let mut all = String::new();
    let mut status = None;
    for format in ["full", "concise", "json", "json-lines", "github", "sarif"] {
        let mut with = args.to_vec();
        with.extend(["--format", format]);
        let (code, text) = run(&case.repo, &with);
        if format == "concise" {
            status = code;
        }
        all.push_str(&format!("--- {format} ({code:?})\n{text}"));
    }
    let sarif = case.outside.join("out.sarif");
    let summary = case.outside.join("summary.md");
    let _ = fs::remove_file(&summary);
    let mut with = args.to_vec();
    let sarif_arg = format!("--sarif-file={}", sarif.display());
    let summary_arg = format!("--summary-file={}", summary.display());
    with.extend(["--format", "concise", &sarif_arg, &summary_arg]);
    run(&case.repo, &with);
    for file in [&sarif, &summary] {
        if let Ok(text) = fs::read_to_string(file) {
            all.push_str(&format!("--- {}\n{text}", file.display()));
        }
    }
    (status, all)
}

/// Nothing of an outside file, and not the absolute root, in any output.
fn assert_confined(case: &Case, text: &str) {
    assert!(!text.contains(CANARY), "an outside file was read:\n{text}");
    let root = case.repo.display().to_string();
    let without_output_files = text
        .lines()
        .filter(|l| !l.starts_with("--- /"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !without_output_files.contains(&root),
        "the absolute root is shown:\n{text}"
    );
}

/// The attack's outcome, which must not change when the outside targets are removed.
fn attack(case: &Case, args: &[&str]) -> (Option<i32>, String) {
    let (status, present) = run_all_formats(case, args);
    assert_confined(case, &present);
    (status, present)
}

/// [`attack`], then the same with the outside targets gone: the output is identical.
fn attack_present_and_absent(case: &Case, args: &[&str]) -> (Option<i32>, String) {
    let (status, present) = attack(case, args);
    remove_secrets(&case.outside);
    let (status_absent, absent) = run_all_formats(case, args);
    assert_eq!(status, status_absent);
    assert_eq!(
        present, absent,
        "the output tells whether an outside file exists"
    );
    write_secrets(&case.outside);
    (status, present)
}

const OUTSIDE: &str = "leads outside the project";

#[test]
fn shared_filename_absolute_is_refused() {
    let case = case("paths-shared-filename-absolute");
    let (status, text) = attack_present_and_absent(&case, &["check", "."]);
    assert_eq!(status, Some(1));
    assert!(text.contains("SYN005"), "{text}");
    assert!(text.contains(&format!(
        "`{}/secret.yaml` {OUTSIDE}",
        case.outside.display()
    )));
    // The issue's own reproduction: /etc/passwd.
    let config = case.repo.join("config/octodns.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let at = text.find("shared_filename: ").unwrap() + "shared_filename: ".len();
    let end = at + text[at..].find('\n').unwrap();
    fs::write(
        &config,
        format!("{}/etc/passwd{}", &text[..at], &text[end..]),
    )
    .unwrap();
    let (status, text) = run(&case.repo, &["check", "--format", "full", "."]);
    assert_eq!(status, Some(1));
    assert!(text.contains(&format!("`/etc/passwd` {OUTSIDE}")), "{text}");
    assert!(!text.contains("root:x:0:0"), "{text}");
}

#[test]
fn shared_filename_dotdot_is_refused() {
    let case = case("paths-shared-filename-dotdot");
    let (status, text) = attack_present_and_absent(&case, &["check", "."]);
    assert_eq!(status, Some(1));
    assert!(
        text.contains(&format!("`../../secret.yaml` {OUTSIDE}")),
        "{text}"
    );
}

#[test]
fn zone_key_that_is_an_absolute_path_is_refused() {
    let case = case("paths-zone-key-absolute");
    let (status, text) = attack_present_and_absent(&case, &["check", "config/octodns.yaml"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "`{}/secret.yaml` {OUTSIDE}",
            case.outside.display()
        )),
        "{text}"
    );
}

#[test]
fn split_extension_that_climbs_out_is_refused() {
    let case = case("paths-split-extension");
    let (status, text) = attack_present_and_absent(&case, &["check", "config/octodns.yaml"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(
        text.contains(&format!("`a.example/../../../d.` {OUTSIDE}")),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn symlinked_zone_file_is_refused() {
    let case = case("paths-symlinked-zone-file");
    link(
        &case.outside.join("secret.yaml"),
        &case.repo.join("zones/a.example.yaml"),
    );
    // Named config: the config's zone file is a link out, reported on the config.
    let (status, text) = attack_present_and_absent(&case, &["check", "config/octodns.yaml"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(
        text.contains(&format!("`a.example.yaml` {OUTSIDE}")),
        "{text}"
    );
    // A walk meets the link itself: the run stops and says so.
    let (status, text) = attack_present_and_absent(&case, &["check", "."]);
    assert_eq!(status, Some(2), "{text}");
    assert!(
        text.contains(&format!("`zones/a.example.yaml` {OUTSIDE}")),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn symlinked_split_directory_is_refused() {
    let case = case("paths-symlinked-split-dir");
    link(
        &case.outside.join("splitdir"),
        &case.repo.join("zones/a.example."),
    );
    let (status, text) = attack_present_and_absent(&case, &["check", "config/octodns.yaml"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(text.contains(&format!("`a.example.` {OUTSIDE}")), "{text}");
}

#[cfg(unix)]
#[test]
fn star_listing_does_not_follow_links_out() {
    let case = case("paths-star-listing");
    link(
        &case.outside.join("secret.yaml"),
        &case.repo.join("zones/evil.example.yaml"),
    );
    let (status, text) = attack_present_and_absent(&case, &["check", "config/octodns.yaml"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(
        text.contains(&format!("`evil.example.yaml` {OUTSIDE}")),
        "{text}"
    );
    // The zone beside it is still linted.
    assert!(text.contains("2 files"), "{text}");
}

#[test]
fn octodns_include_out_reads_the_same_present_or_absent() {
    let case = case("paths-octodns-include");
    let (status, text) = attack_present_and_absent(&case, &["check", "."]);
    assert_eq!(status, Some(1), "{text}");
    assert!(
        text.contains(&format!("`../../secret.yaml` {OUTSIDE}")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "`{}/secret.yaml` {OUTSIDE}",
            case.outside.display()
        )),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn bind_include_out_and_through_a_link_is_refused() {
    let case = case("paths-bind-include");
    link(
        &case.outside.join("secret.zone"),
        &case.repo.join("zones/link.inc"),
    );
    let (status, text) = attack_present_and_absent(&case, &["check", "zones/a.example.zone"]);
    assert_eq!(status, Some(1), "{text}");
    for written in [
        "../../secret.zone".to_string(),
        format!("{}/secret.zone", case.outside.display()),
        "zones/link.inc".to_string(),
    ] {
        assert!(
            text.contains(&format!("`{written}` {OUTSIDE}")),
            "{written}: {text}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_path_argument_that_is_a_link_out_does_not_become_the_root() {
    let case = case("paths-argument-symlink");
    link(&case.outside.join("dir"), &case.repo.join("zones"));
    let (status, text) = attack_present_and_absent(&case, &["check", "zones"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains(&format!("`zones` {OUTSIDE}")), "{text}");
    // From a subdirectory of the repository too: the root is the work tree, not the link.
    let (status, text) = run(&case.repo, &["check", "./zones/"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(!text.contains(CANARY));
}

#[cfg(unix)]
#[test]
fn a_named_file_that_is_a_link_out_is_refused() {
    let case = case("paths-named-symlink-file");
    link(&case.outside.join("secret.zone"), &case.repo.join("x.zone"));
    let (status, text) = attack_present_and_absent(&case, &["check", "x.zone"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains(&format!("`x.zone` {OUTSIDE}")), "{text}");
    link(Path::new("/etc/passwd"), &case.repo.join("passwd.zone"));
    let (status, text) = run(&case.repo, &["check", "--format", "full", "passwd.zone"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(!text.contains("root:"), "{text}");
}

#[test]
fn a_contributors_ignore_file_does_not_hide_zones() {
    let case = case("paths-ignore-file");
    let (status, text) = attack(&case, &["check", "."]);
    assert_eq!(status, Some(1), "{text}");
    assert!(text.contains("zones/a.example.zone"), "{text}");
    assert!(text.contains("SYN002"), "{text}");
    // From a subdirectory: the root is still the work tree, paths are shown as written.
    let sub = case.repo.join("sub");
    fs::create_dir(&sub).unwrap();
    let (status, text) = run(&sub, &["check", "../zones"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(text.starts_with("../zones/a.example.zone:"), "{text}");
    assert!(!text.contains(&case.repo.display().to_string()), "{text}");
}

#[test]
fn gitignore_hides_untracked_files_only() {
    let case = case("paths-gitignore-tracked");
    git(&case.repo, &["add", "-f", "zones/a.example.zone"]);
    // Untracked and ignored: a build output, say.
    fs::write(
        case.repo.join("zones/b.example.zone"),
        fs::read_to_string(case.repo.join("zones/a.example.zone")).unwrap(),
    )
    .unwrap();
    let (status, text) = attack(&case, &["check", "."]);
    assert_eq!(status, Some(1), "{text}");
    assert!(text.contains("zones/a.example.zone"), "{text}");
    assert!(!text.contains("zones/b.example.zone"), "{text}");
    // A tracked zone deleted from the work tree (not yet from the index) is simply gone.
    git(&case.repo, &["add", "-f", "zones/b.example.zone"]);
    fs::remove_file(case.repo.join("zones/a.example.zone")).unwrap();
    let (status, text) = run(&case.repo, &["check", "."]);
    assert_eq!(status, Some(1), "{text}");
    assert!(text.contains("zones/b.example.zone"), "{text}");
    // Named explicitly, an ignored file is linted.
    let (status, text) = run(&case.repo, &["check", "zones/b.example.zone"]);
    assert_eq!(status, Some(1), "{text}");
}

#[test]
fn hidden_directories_are_linted_but_not_dot_git() {
    let case = case("paths-hidden-dir");
    fs::write(
        case.repo.join(".git/c.example.zone"),
        fs::read_to_string(case.repo.join(".zones/a.example.zone")).unwrap(),
    )
    .unwrap();
    let (status, text) = attack(&case, &["check", "."]);
    assert_eq!(status, Some(1), "{text}");
    assert!(text.contains(".zones/a.example.zone"), "{text}");
    assert!(!text.contains("c.example.zone"), "{text}");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Process::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_walk_is_reported_and_never_blocks() {
    let case = case("paths-fifo");
    mkfifo(&case.repo.join("zones/pipe.zone"));
    let (status, text) = run(&case.repo, &["check", "."]);
    assert_eq!(status, Some(2), "{text}");
    assert!(
        text.contains("`zones/pipe.zone` is a named pipe (FIFO), not a regular file"),
        "{text}"
    );
    // Named on purpose, with nobody writing: read as an empty stream, not waited on.
    let (status, text) = run(&case.repo, &["check", "zones/pipe.zone"]);
    assert_ne!(status, Some(2), "{text}");
    assert!(text.contains("1 file"), "{text}");
}

#[cfg(unix)]
#[test]
fn devices_are_refused_by_name() {
    let case = case("paths-nothing-to-lint");
    let (status, text) = run(&case.repo, &["check", "/dev/zero"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(
        text.contains("`/dev/zero` is a character device, not a regular file"),
        "{text}"
    );
}

#[test]
fn naming_paths_that_hold_nothing_to_lint_fails_and_says_why() {
    let case = case("paths-nothing-to-lint");
    let (status, text) = run(&case.repo, &["check", "docs"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains("nothing to lint in `docs`"), "{text}");
    // --only-zones (pre-commit, the Action) allows finding none.
    let (status, _) = run(&case.repo, &["check", "--only-zones", "docs"]);
    assert_eq!(status, Some(0));
}

#[test]
fn standard_input_is_read_for_dash_and_named_by_stdin_filename() {
    let case = case("paths-fifo");
    let zone = fs::read(case.repo.join("zones/a.example.zone")).unwrap();
    let output = zonelint(
        &case.repo,
        &["check", "-", "--stdin-filename", "zones/b.example.zone"],
    )
    .write_stdin(zone.clone())
    .output()
    .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.starts_with("zones/b.example.zone:6:"), "{text}");
    // The label is never opened: it names a file that does not exist.
    assert!(!case.repo.join("zones/b.example.zone").exists());
    // Without a name: shown as `-`, the origin from $ORIGIN.
    let output = zonelint(&case.repo, &["check", "-"])
        .write_stdin(zone.clone())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.starts_with("-:6:"), "{text}");
}

#[test]
fn standard_input_named_like_a_file_not_yet_saved_takes_the_configured_origin() {
    // An editor's unsaved buffer: the name is new, so it cannot be canonicalized, yet
    // `[origins]` must match it as it matches the file once saved.
    let case = case("paths-fifo");
    fs::write(
        case.repo.join("zonelint.toml"),
        "[origins]\n\"new/*.zone\" = \"example.org\"\n",
    )
    .unwrap();
    let zone = "$TTL 300\n@ SOA ns hostmaster 1 7200 900 1209600 300\n@ NS ns\nns A 192.0.2.1\n@ MX 10 mail\n";
    let output = zonelint(
        &case.repo,
        &[
            "check",
            "-",
            "--stdin-filename",
            "new/x.zone",
            "--format",
            "concise",
        ],
    )
    .write_stdin(zone)
    .output()
    .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("SYN008"), "{text}");
    assert!(text.contains("`mail.example.org.`"), "{text}");
}

#[cfg(target_os = "linux")]
#[test]
fn dev_stdin_and_process_substitution_are_read() {
    let case = case("paths-fifo");
    let zone = fs::read(case.repo.join("zones/a.example.zone")).unwrap();
    let output = zonelint(&case.repo, &["check", "/dev/stdin"])
        .write_stdin(zone)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("SYN002"), "{text}");
    let bin = assert_cmd::cargo::cargo_bin("zonelint");
    let output = Process::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' check <(cat zones/a.example.zone)",
            bin.display()
        ))
        .current_dir(&case.repo)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("SYN002"), "{text}");
}

#[test]
fn every_case_documents_its_expected_outcome() {
    for entry in fs::read_dir(fixture("")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("paths-") {
            assert!(
                entry.path().join("EXPECTED.md").is_file(),
                "{name} has no EXPECTED.md"
            );
        }
    }
}
