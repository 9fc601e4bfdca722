use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use zonelint::baseline::{Baseline, Identities};
use zonelint::cli::{
    BindMode, CheckArgs, Cli, Command, CompletionsArgs, ConfigArgs, InitArgs, ManpageArgs, MxArgs,
    RuleArgs, RuleFormat,
};
use zonelint::config::{ColorChoice, ConfigSource, Configs};
use zonelint::diagnostic::Severity;
use zonelint::limits::Limits;
use zonelint::lint::{CheckModes, Mode, RuleSettings, SelectionLayer};
use zonelint::name::Name;
use zonelint::report::{
    self, Format, FullStyle, Links, Outcome, SUMMARY_LIMIT, SummaryOptions, escape,
};
use zonelint::rules::{self, RULES};

/// mimalloc rather than the system allocator: faster for the many small allocations of
/// parsing and linting (Cargo.toml has the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        Command::Check(args) => check(*args),
        Command::Mx(args) => mx(args),
        Command::Rule(args) => rule(args),
        Command::Completions(args) => completions(args),
        Command::Manpage(args) => manpage(args),
        Command::Init(args) => init(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            // Messages quote paths and input: each line escaped, none a terminal or a
            // workflow acts on. (A config error spans several lines: the excerpt.)
            for (i, line) in message.lines().enumerate() {
                let line = if i == 0 {
                    format!("zonelint: {}", escape::terminal(line))
                } else {
                    escape::terminal(line).into_owned()
                };
                eprintln!("{}", escape::guard_line(&line));
            }
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

/// The limits: the defaults, then the config file's `[limits]`, then every `--limit NAME=N`,
/// in order.
fn limits(from_config: &[(String, u64)], settings: &[String]) -> Result<Limits, String> {
    let mut limits = Limits::default();
    for (name, value) in from_config {
        limits
            .set(&format!("{name}={value}"))
            .map_err(|e| format!("the config file's `[limits]`: {e}"))?;
    }
    for setting in settings {
        limits.set(setting)?;
    }
    Ok(limits)
}

/// The settings of every linted file, from `--config`/`--isolated` or the nearest config files;
/// the command line's selection on top.
fn configs(args: &ConfigArgs, cwd: &Path, command_line: SelectionLayer) -> Result<Configs, String> {
    let source = match (&args.config, args.isolated) {
        (_, true) => ConfigSource::Isolated,
        (Some(file), false) => ConfigSource::File(file.clone()),
        (None, false) => ConfigSource::Discover,
    };
    Configs::new(source, cwd, command_line).map_err(|errors| config_errors(&errors))
}

fn config_errors(errors: &[zonelint::config::ConfigError]) -> String {
    let color = use_color(None, std::io::stderr().is_terminal());
    report::render_config_errors(errors, color)
}

/// `--color`/`color` over the terminal check and `NO_COLOR`.
fn use_color(choice: Option<ColorChoice>, terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR");
    choice
        .unwrap_or(ColorChoice::Auto)
        .resolve(terminal, no_color.as_deref())
}

fn mx(args: MxArgs) -> Result<ExitCode, String> {
    let paths = default_paths(args.paths);
    let cwd = working_directory()?;
    let config = configs(&args.config, &cwd, SelectionLayer::default())?;
    let run = config.for_run().map_err(|e| config_errors(&e))?;
    let limits = limits(&run.limits, &args.limits)?;
    let options = zonelint::CheckOptions {
        paths,
        config,
        rule_settings: RuleSettings {
            max_zone_ttl: run.max_zone_ttl,
            ..RuleSettings::default()
        },
        cwd,
        origin: parse_origin(args.origin.as_ref())?,
        only_zones: false,
        include_dir: args.include_dir.clone(),
        stdin_filename: None,
        limits,
        octodns_dir: octodns_dir(args.octodns_dir.as_ref())?.or(run.octodns_dir.clone()),
        threads: 0,
        baseline: None,
    };
    let analysis = zonelint::analyse(&options).map_err(|e| e.0)?;
    let catalog = analysis
        .catalog
        .as_ref()
        .unwrap_or_else(|| zonelint::catalog::Catalog::builtin());
    let sets =
        zonelint::routing::mx_routing(&analysis.zones, catalog, &analysis.outcome.diagnostics);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
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

fn mode(mode: BindMode) -> Mode {
    match mode {
        BindMode::Fail => Mode::Fail,
        BindMode::Warn => Mode::Warn,
        BindMode::Ignore => Mode::Ignore,
    }
}

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    for selector in args
        .select
        .iter()
        .chain(&args.extend_select)
        .chain(&args.ignore)
    {
        if selector.trim().is_empty() {
            return Err(
                "empty rule selector in --select, --extend-select or --ignore (a stray comma?)"
                    .into(),
            );
        }
        if !rules::is_known_selector(selector) {
            return Err(format!(
                "unknown rule selector `{selector}` (see `zonelint rule --all`)"
            ));
        }
    }
    let origin = parse_origin(args.origin.as_ref())?;
    let max_zone_ttl = match &args.max_zone_ttl {
        None => None,
        Some(text) => Some(
            zonelint::parse::text::parse_ttl(text.as_bytes()).ok_or_else(|| {
                format!("--max-zone-ttl: `{text}` is not a TTL (seconds, or units like 1d)")
            })?,
        ),
    };
    let cwd = working_directory()?;
    let named = !args.paths.is_empty();
    let paths = default_paths(args.paths);
    let command_line = SelectionLayer {
        select: (!args.select.is_empty()).then_some(args.select),
        extend_select: args.extend_select,
        ignore: args.ignore,
    };
    let config = configs(&args.config, &cwd, command_line)?;
    let run = config.for_run().map_err(|e| config_errors(&e))?;
    if args.show_settings {
        let settings = config.for_path(&paths[0]).map_err(|e| config_errors(&e))?;
        let mut out = std::io::stdout().lock();
        output_result(write!(out, "{}", settings.describe(&cwd)))?;
        return Ok(ExitCode::SUCCESS);
    }
    let limits = limits(&run.limits, &args.limits)?;
    let from_file = run.baseline.clone().filter(|_| args.baseline.is_none());
    if let Some(path) = &from_file
        && !zonelint::config::inside_project(path, &cwd)
    {
        return Err(format!(
            "the config file's `baseline` names `{}`, outside the project; zonelint reads and writes no file outside it",
            zonelint::config::display_path(path, &cwd)
        ));
    }
    let baseline_path = args
        .baseline
        .as_ref()
        .map(|path| cwd.join(path))
        .or(from_file);
    if args.update_baseline && baseline_path.is_none() {
        return Err(
            "--update-baseline needs --baseline FILE or `baseline` in the config file".into(),
        );
    }
    // An update records every finding, not only those a report lists.
    let limits = if args.update_baseline {
        uncapped(limits)
    } else {
        limits
    };
    let quiet = args.quiet || run.quiet == Some(true);
    let threshold = args
        .fail_on
        .map(|f| f.severity())
        .or(run.fail_on)
        .unwrap_or(Severity::Error);
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let format = args.format.or(run.format).unwrap_or(if terminal {
        Format::Full
    } else {
        Format::Concise
    });
    let color = use_color(args.color.or(run.color), terminal);
    let options = zonelint::CheckOptions {
        paths,
        cwd,
        origin,
        rule_settings: RuleSettings {
            modes: CheckModes {
                check_names: mode(args.check_names),
                check_mx_cname: mode(args.check_mx_cname),
                check_srv_cname: mode(args.check_srv_cname),
                check_dup_records: mode(args.check_dup_records),
            },
            max_zone_ttl: max_zone_ttl.or(run.max_zone_ttl),
        },
        config,
        only_zones: args.only_zones,
        include_dir: args.include_dir.clone(),
        stdin_filename: args.stdin_filename.clone(),
        limits,
        octodns_dir: octodns_dir(args.octodns_dir.as_ref())?.or(run.octodns_dir.clone()),
        threads: args.threads,
        baseline: None,
    };
    if args.show_zones {
        return show_zones(&options);
    }
    if args.show_files {
        return show_files(&options, if args.null { b'\0' } else { b'\n' });
    }
    // Applied by the run, before the findings are counted and capped; an update reads the
    // old file after the run and records every finding, listed or not.
    let options = zonelint::CheckOptions {
        baseline: match &baseline_path {
            Some(path) if !args.update_baseline => Some(Baseline::read(path, false)?),
            _ => None,
        },
        ..options
    };
    let analysis = zonelint::analyse(&options).map_err(|e| e.0)?;
    let zonelint::Analysis {
        outcome,
        zones,
        root_hints,
        baseline_stale,
        ..
    } = analysis;
    if let Some(path) = &baseline_path {
        let identities = Identities::new(&outcome.sources, &zones);
        // Named by a config file in the repository: shown only escaped.
        let shown =
            escape::terminal(&zonelint::config::display_path(path, &options.cwd)).into_owned();
        if args.update_baseline {
            let old = Baseline::read(path, true)?;
            let current = Baseline::of(&outcome.diagnostics, &identities);
            let new = old.updated(&current, &identities);
            let dropped = old.entries.difference(&new.entries).count();
            std::fs::write(path, new.to_json())
                .map_err(|e| format!("cannot write `{shown}`: {e}"))?;
            if !quiet {
                eprintln!(
                    "zonelint: wrote {} to `{shown}` ({} dropped that no longer match)",
                    plural(new.entries.len(), "baseline entry", "baseline entries"),
                    dropped
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        let stale = &baseline_stale;
        if !quiet && !stale.is_empty() {
            eprintln!(
                "zonelint: {} in `{shown}` no longer {} (fixed or changed); `--update-baseline` drops {}:",
                plural(stale.len(), "entry", "entries"),
                if stale.len() == 1 {
                    "matches a finding"
                } else {
                    "match findings"
                },
                if stale.len() == 1 { "it" } else { "them" },
            );
            for entry in stale.iter().take(20) {
                // The entries come from a file in the repository: escaped like any input.
                let line = format!(
                    "  {} {} {} {} {}",
                    entry.code, entry.zone, entry.owner, entry.rtype, entry.rdata
                );
                eprintln!("{}", escape::guard_line(&escape::terminal(&line)));
            }
        }
    }
    // Not freed: the process ends after the report, and freeing a large zone's million
    // records one by one would only delay the exit (as `outcome` below).
    std::mem::forget(zones);
    if named && !args.only_zones && outcome.summary.files == 0 {
        // A run told what to lint that lints nothing is a mistake, never a pass.
        if !root_hints.is_empty() {
            return Err(only_root_hints(&root_hints));
        }
        return Err(nothing_linted(&options.paths));
    }
    let style = FullStyle {
        color,
        unicode: true,
        width: terminal_width(),
        max_full: options.limits.full_findings,
    };
    // Buffered: standard output flushes at every line break, and a report has many lines.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let render = report::RenderOptions {
        statistics: args.statistics,
        quiet,
    };
    output_result(
        report::render_with(format, &outcome, style, render, &mut out).and_then(|()| out.flush()),
    )?;
    if let Some(path) = &args.sarif_file {
        write_sarif(path, &outcome)?;
    }
    if let Some(path) = &args.summary_file {
        append_summary(path, &outcome, &options.cwd)?;
    }
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

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `limits` with no cap on the findings listed: a baseline records every finding, and a run
/// that writes one lists none.
fn uncapped(limits: zonelint::limits::Limits) -> zonelint::limits::Limits {
    zonelint::limits::Limits {
        findings_per_rule: usize::MAX,
        findings_per_file: usize::MAX,
        ..limits
    }
}

/// `zonelint init`: a commented starter config, and on request a baseline of today's findings.
fn init(args: InitArgs) -> Result<ExitCode, String> {
    let cwd = working_directory()?;
    let dir = args
        .dir
        .as_ref()
        .map_or_else(|| cwd.clone(), |d| cwd.join(d));
    let config_path = dir.join("zonelint.toml");
    let shown = zonelint::config::display_path(&config_path, &cwd);
    if config_path.exists() && !args.force {
        return Err(format!(
            "`{shown}` exists already; `zonelint init --force` replaces it"
        ));
    }
    // The baseline is named relative to the config file, where the config reads it from.
    let baseline_written = args.baseline.as_ref().map(|path| {
        let absolute = cwd.join(path);
        let relative = absolute
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| absolute.to_string_lossy().into_owned());
        (absolute, relative)
    });
    let text = zonelint::config::starter(baseline_written.as_ref().map(|(_, r)| r.as_str()));
    std::fs::write(&config_path, text).map_err(|e| format!("cannot write `{shown}`: {e}"))?;
    eprintln!("zonelint: wrote `{shown}`");
    if let Some((path, _)) = baseline_written {
        let options = zonelint::CheckOptions {
            paths: vec![dir.clone()],
            config: configs(&ConfigArgs::default(), &cwd, SelectionLayer::default())?,
            cwd: cwd.clone(),
            // Every finding of today, not only those a report would list.
            limits: uncapped(zonelint::limits::Limits::default()),
            ..Default::default()
        };
        let analysis = zonelint::analyse(&options).map_err(|e| e.0)?;
        let identities = Identities::new(&analysis.outcome.sources, &analysis.zones);
        let baseline = Baseline::of(&analysis.outcome.diagnostics, &identities);
        let shown = zonelint::config::display_path(&path, &cwd);
        std::fs::write(&path, baseline.to_json())
            .map_err(|e| format!("cannot write `{shown}`: {e}"))?;
        eprintln!(
            "zonelint: wrote `{shown}` with {} of today's findings",
            plural(baseline.entries.len(), "entry", "entries")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `--show-files`: every file the run lints, one per line, as diagnostics name them: the files
/// of each zone (with what they include), the octoDNS configs that configure them (a changed
/// config changes its zones) and files with input problems. Files read and passed over (YAML
/// that is not octoDNS) are not listed, so the action's only-changed picks exactly the files a
/// full run would lint.
fn show_files(options: &zonelint::CheckOptions, end: u8) -> Result<ExitCode, String> {
    let workspace = zonelint::load(options).map_err(|e| e.0)?;
    let zone_files = workspace.zones.iter().flat_map(|zone| zone.files.iter());
    let problem_files = workspace.diagnostics.iter().map(|d| &d.span.file);
    let mut paths: Vec<&str> = zone_files
        .chain(&workspace.configs)
        .chain(problem_files)
        .map(|&id| workspace.sources.get(id).display_path.as_str())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let mut out = std::io::stdout().lock();
    for path in paths {
        if end == b'\0' {
            // For scripts: the name as it is, whatever bytes it holds.
            output_result(
                out.write_all(path.as_bytes())
                    .and_then(|()| out.write_all(&[end])),
            )?;
        } else {
            output_result(writeln!(
                out,
                "{}",
                escape::guard_line(&escape::terminal(path))
            ))?;
        }
    }
    output_result(out.flush())?;
    Ok(ExitCode::SUCCESS)
}

fn only_root_hints(files: &[String]) -> String {
    let named: Vec<String> = files.iter().map(|f| format!("`{f}`")).collect();
    format!(
        "nothing to lint in {}: a root hints file (the root's NS records and their addresses, \
         which BIND reads as `type hint`) is not a zone, and zonelint does not lint it",
        named.join(", ")
    )
}

fn nothing_linted(paths: &[std::path::PathBuf]) -> String {
    let named: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    format!(
        "nothing to lint in {}: no zone there, neither a BIND zone file nor an octoDNS zone \
         (an octoDNS config that names no zone has none; zonelint looks for names such as \
         `example.com.zone`, `db.example.com`, `example.com.yaml` and files that read like \
         zones; pass `--only-zones` to allow finding none)",
        named.join(", ")
    )
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
                    "octoDNS, named by no config (after its file name)".to_string()
                }
            };
            let files: Vec<String> = zone.files.iter().map(|&f| path(f)).collect();
            // A file whose origin nothing gives is read at the root only to be read at all
            // (SYN008): its zone is not `.`, which a script passing the name on would check.
            let no_origin = zone.apex.is_root()
                && workspace.diagnostics.iter().any(|d| {
                    d.rule.code == "SYN008" && d.span.file == zone.main_file()
                });
            if no_origin {
                return format!(
                    "? ({format}, no origin known: SYN008, give one with `--origin` or `[origins]`): {}",
                    files.join(", ")
                );
            }
            format!("{} ({format}): {}", zone.apex, files.join(", "))
        })
        .collect();
    lines.sort_unstable();
    let mut out = std::io::stdout().lock();
    for line in lines {
        // Names are in presentation format (control bytes as `\DDD`), paths as `--show-files`
        // prints them.
        output_result(writeln!(
            out,
            "{}",
            escape::guard_line(&escape::terminal(&line))
        ))?;
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
    // clap_complete panics when it cannot write (`zonelint completions bash | true`): let it
    // write to memory, and end quietly on a closed pipe as every subcommand does.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "zonelint", &mut script);
    let mut out = std::io::stdout().lock();
    output_result(out.write_all(&script).and_then(|()| out.flush()))?;
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
            output_result(
                clap_mangen::Man::new(Cli::command())
                    .render(&mut out)
                    .and_then(|()| out.flush()),
            )?;
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
    output_result(written.and_then(|()| out.flush()))?;
    Ok(ExitCode::SUCCESS)
}
