//! Threads change how fast zonelint runs, never what it says: the same findings, in the
//! same order, with one thread and with several, over repositories of every kind (many zone
//! files, includes, octoDNS, the BIND and octoDNS corpora).

use std::path::{Path, PathBuf};

use zonelint::CheckOptions;
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
