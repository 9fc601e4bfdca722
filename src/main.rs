use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use zonelint::cli::{
    CheckArgs, Cli, Command, CompletionsArgs, FailOn, ManpageArgs, MxArgs, RuleArgs, RuleFormat,
};
use zonelint::diagnostic::Severity;
use zonelint::lint::Selection;
use zonelint::name::Name;
use zonelint::report::{self, Format, FullStyle, Links, Outcome, SUMMARY_LIMIT, SummaryOptions};
use zonelint::rules::{self, RULES};

fn main() -> ExitCode {
    // A bug must still end as DESIGN.md says: one line on stderr and exit status 2.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "zonelint: internal error{place}: {}; please report it",
            panic_message(info)
        );
        std::process::exit(2);
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Mx(args) => mx(args),
        Command::Rule(args) => rule(args),
        Command::Completions(args) => completions(args),
        Command::Manpage(args) => manpage(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("zonelint: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_origin(origin: Option<&String>) -> Result<Option<Name>, String> {
    origin
        .map(|text| Name::from_ascii(text).map_err(|e| format!("bad --origin `{text}`: {e}")))
        .transpose()
}

fn working_directory() -> Result<std::path::PathBuf, String> {
    std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))
}

fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// The paths to lint: the current directory when none are given.
fn default_paths(paths: Vec<std::path::PathBuf>) -> Vec<std::path::PathBuf> {
    if paths.is_empty() {
        vec![".".into()]
    } else {
        paths
    }
}

fn mx(args: MxArgs) -> Result<ExitCode, String> {
    let paths = default_paths(args.paths);
    let options = zonelint::CheckOptions {
        paths,
        cwd: working_directory()?,
        origin: parse_origin(args.origin.as_ref())?,
        selection: Selection::default(),
        only_zones: false,
        include_dir: args.include_dir.clone(),
        octodns_dir: octodns_dir(args.octodns_dir.as_ref())?,
    };
    let analysis = zonelint::analyse(&options).map_err(|e| e.0)?;
    let catalog = zonelint::catalog::Catalog::builtin();
    let sets =
        zonelint::routing::mx_routing(&analysis.zones, catalog, &analysis.outcome.diagnostics);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        RuleFormat::Text => report::mx::render_text(&analysis.outcome, &sets, &mut out),
        RuleFormat::Json => report::mx::render_json(&analysis.outcome, &sets, &mut out),
    };
    output_result(written.and_then(|()| out.flush()))?;
    Ok(ExitCode::SUCCESS)
}

/// A closed pipe (`zonelint ... | head`) is not an error worth reporting.
fn output_result(result: std::io::Result<()>) -> Result<(), String> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write output: {e}"))
        }
        _ => Ok(()),
    }
}

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    for selector in args.select.iter().chain(&args.ignore) {
        if selector.trim().is_empty() {
            return Err("empty rule selector in --select or --ignore (a stray comma?)".into());
        }
        if !rules::is_known_selector(selector) {
            return Err(format!(
                "unknown rule selector `{selector}` (see `zonelint rule --all`)"
            ));
        }
    }
    let origin = parse_origin(args.origin.as_ref())?;
    let cwd = working_directory()?;
    let paths = default_paths(args.paths);
    let options = zonelint::CheckOptions {
        paths,
        cwd,
        origin,
        selection: Selection {
            select: args.select,
            ignore: args.ignore,
        },
        only_zones: args.only_zones,
        include_dir: args.include_dir.clone(),
        octodns_dir: octodns_dir(args.octodns_dir.as_ref())?,
    };
    if args.show_files {
        return show_files(&options);
    }
    if args.show_zones {
        return show_zones(&options);
    }
    let outcome = zonelint::check(&options).map_err(|e| e.0)?;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let format = args.format.unwrap_or(if terminal {
        Format::Full
    } else {
        Format::Concise
    });
    let color = terminal && std::env::var_os("NO_COLOR").is_none();
    let style = FullStyle {
        color,
        unicode: true,
        width: terminal_width(),
    };
    let mut out = stdout.lock();
    output_result(
        report::render(format, &outcome, style, args.statistics, &mut out)
            .and_then(|()| out.flush()),
    )?;
    if let Some(path) = &args.sarif_file {
        write_sarif(path, &outcome)?;
    }
    if let Some(path) = &args.summary_file {
        append_summary(path, &outcome, &options.cwd)?;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let failing = outcome.diagnostics.iter().any(|d| d.severity >= threshold);
    // The process ends next: freeing a large zone's million records and names one by one
    // would only delay the exit.
    std::mem::forget(outcome);
    Ok(if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--show-files`: every file the run lints, one per line, as diagnostics name them: the files
/// of each zone (with what they include) and files with input problems. Files read and passed
/// over (YAML that is not octoDNS) are not listed, so the action's only-changed picks exactly
/// the files a full run would lint.
fn show_files(options: &zonelint::CheckOptions) -> Result<ExitCode, String> {
    let workspace = zonelint::load(options).map_err(|e| e.0)?;
    let zone_files = workspace.zones.iter().flat_map(|zone| zone.files.iter());
    let problem_files = workspace.diagnostics.iter().map(|d| &d.span.file);
    let mut paths: Vec<&str> = zone_files
        .chain(problem_files)
        .map(|&id| workspace.sources.get(id).display_path.as_str())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let mut out = std::io::stdout().lock();
    for path in paths {
        output_result(writeln!(out, "{path}"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--show-zones`: each zone, its format, the octoDNS config that configures it (whose
/// options, `enforce_order` and `lenient` among them, apply) and its files.
fn show_zones(options: &zonelint::CheckOptions) -> Result<ExitCode, String> {
    let workspace = zonelint::load(options).map_err(|e| e.0)?;
    let path = |id: zonelint::source::FileId| workspace.sources.get(id).display_path.clone();
    let mut lines: Vec<String> = workspace
        .zones
        .iter()
        .zip(&workspace.configured_by)
        .map(|(zone, config)| {
            let format = match (zone.format, config) {
                (zonelint::model::ZoneFormat::Bind, _) => "BIND zone file".to_string(),
                (zonelint::model::ZoneFormat::OctoDns, Some(config)) => {
                    format!("octoDNS, configured by {}", path(*config))
                }
                (zonelint::model::ZoneFormat::OctoDns, None) => {
                    "octoDNS, no config (named after its file; octoDNS's defaults)".to_string()
                }
            };
            let files: Vec<String> = zone.files.iter().map(|&f| path(f)).collect();
            format!("{} ({format}): {}", zone.apex, files.join(", "))
        })
        .collect();
    lines.sort_unstable();
    let mut out = std::io::stdout().lock();
    for line in lines {
        // Names are in presentation format (control bytes as `\DDD`), paths as `--show-files`
        // prints them.
        output_result(writeln!(out, "{line}"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--octodns-dir`: must be a directory (relative to the working directory).
fn octodns_dir(dir: Option<&std::path::PathBuf>) -> Result<Option<std::path::PathBuf>, String> {
    let Some(dir) = dir else {
        return Ok(None);
    };
    if !dir.is_dir() {
        return Err(format!(
            "--octodns-dir `{}` is not a directory",
            dir.display()
        ));
    }
    Ok(Some(dir.clone()))
}

/// `--sarif-file`: the whole log, replacing the file (its directory is created if missing).
fn write_sarif(path: &Path, outcome: &Outcome) -> Result<(), String> {
    let mut buffer = Vec::new();
    report::render_sarif(outcome, &mut buffer).map_err(|e| e.to_string())?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    }
    std::fs::write(path, buffer).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

/// `--summary-file`: appended, because `$GITHUB_STEP_SUMMARY` is one file per step that other
/// commands of the step may also write; GitHub's 1 MiB limit counts what is there already.
fn append_summary(path: &Path, outcome: &Outcome, cwd: &Path) -> Result<(), String> {
    let existing = std::fs::metadata(path).map_or(0, |m| m.len() as usize);
    let options = SummaryOptions {
        links: github_links(cwd),
        budget: SUMMARY_LIMIT.saturating_sub(existing),
    };
    let mut buffer = Vec::new();
    report::render_summary(outcome, &options, &mut buffer).map_err(|e| e.to_string())?;
    let cannot = |e: std::io::Error| format!("cannot write `{}`: {e}", path.display());
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(&buffer))
        .map_err(cannot)
}

/// On GitHub Actions, findings in the summary link to their line at the commit being checked.
/// Paths are relative to the working directory, so the link needs that directory's place in
/// the repository (`GITHUB_WORKSPACE` is the checkout).
fn github_links(cwd: &Path) -> Option<Links> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let server = var("GITHUB_SERVER_URL")?;
    let repository = var("GITHUB_REPOSITORY")?;
    let sha = var("GITHUB_SHA")?;
    let prefix = var("GITHUB_WORKSPACE")
        .and_then(|workspace| {
            let workspace = Path::new(&workspace).canonicalize().ok()?;
            let cwd = cwd.canonicalize().ok()?;
            let below = cwd.strip_prefix(workspace).ok()?;
            Some(below.to_string_lossy().replace('\\', "/"))
        })
        .unwrap_or_default();
    Some(Links::github(&server, &repository, &sha, &prefix))
}

fn completions(args: CompletionsArgs) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut Cli::command(), "zonelint", &mut out);
    output_result(out.flush())?;
    Ok(ExitCode::SUCCESS)
}

fn manpage(args: ManpageArgs) -> Result<ExitCode, String> {
    match args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
            clap_mangen::generate_to(Cli::command(), &dir)
                .map_err(|e| format!("cannot write man pages to `{}`: {e}", dir.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            output_result(clap_mangen::Man::new(Cli::command()).render(&mut out))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

fn rule(args: RuleArgs) -> Result<ExitCode, String> {
    let selected: Vec<&rules::Rule> = match &args.rule {
        Some(key) => vec![
            rules::find(key)
                .ok_or_else(|| format!("unknown rule `{key}` (see `zonelint rule --all`)"))?,
        ],
        None => RULES.to_vec(),
    };
    let mut out = std::io::stdout().lock();
    let written = match (args.format, &args.rule) {
        (RuleFormat::Json, Some(_)) => report::rules::explain_json(selected[0], &mut out),
        (RuleFormat::Json, None) => report::rules::list_json(&selected, &mut out),
        (RuleFormat::Text, Some(_)) => report::rules::explain(selected[0], &mut out),
        (RuleFormat::Text, None) => report::rules::list(&selected, &mut out),
    };
    output_result(written)?;
    Ok(ExitCode::SUCCESS)
}
