//! Command-line interface (clap derive). The contract is in DESIGN.md.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

#[derive(Parser, Debug)]
#[command(
    name = "zonelint",
    version,
    about = "Lint DNS zones kept in a repository: BIND zone files and octoDNS YAML",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint zone files and directories (default: the current directory)
    // The last of a repeated option wins, so that a wrapper's fixed options (a pre-commit
    // hook's `entry`) can be overridden by the user's (`args`) instead of being an error.
    #[command(args_override_self = true)]
    Check(Box<CheckArgs>),
    /// Show how mail is routed: every MX set in the order senders try it, with each host's
    /// provider and the findings on the set
    Mx(MxArgs),
    /// Explain a rule, or list every rule
    Rule(RuleArgs),
    /// Print a shell completion script (e.g. `zonelint completions bash`)
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command into a directory
    Manpage(ManpageArgs),
    /// Write a commented starter zonelint.toml (and, on request, a baseline of today's findings)
    Init(InitArgs),
}

/// Where settings come from: shared by the commands that lint.
#[derive(Args, Debug, Default)]
pub struct ConfigArgs {
    /// Use this config file for every linted file instead of the nearest zonelint.toml,
    /// .zonelint.toml or pyproject.toml [tool.zonelint]
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Read no config file at all
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Also write a baseline of today's findings to FILE and name it in the config
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Replace an existing zonelint.toml
    #[arg(long)]
    pub force: bool,
    /// Where to write zonelint.toml [default: the working directory]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct MxArgs {
    /// Files or directories to read
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Origin for BIND files that set none
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// Base directory for relative `$INCLUDE` paths, as BIND's `directory` option [default: the
    /// working directory; the including file's directory and its parents are tried after it]
    #[arg(long, value_name = "DIR")]
    pub include_dir: Option<PathBuf>,
    /// The directory octoDNS runs in: relative paths in an octoDNS config (`directory:
    /// ./zones`) are read from here, as octoDNS reads them [default: the working directory, or
    /// the project root when zonelint runs outside the project]
    #[arg(long, value_name = "DIR")]
    pub octodns_dir: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
    /// Raise or lower one of zonelint's limits, e.g. `--limit file-size=512M` (repeatable): one
    /// of file-size, yaml-file-size, included-bytes, includes, zone-records, generate-records,
    /// generated-records, include-depth, yaml-nodes, findings-per-rule, findings-per-file,
    /// full-findings (README.md, "Security", says what each bounds and its default)
    #[arg(long = "limit", value_name = "NAME=N")]
    pub limits: Vec<String>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` reads standard input
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: full on a terminal, concise otherwise]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Origin for BIND files that set none (as `named-checkzone ZONE FILE`)
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// Base directory for relative `$INCLUDE` paths, as BIND's `directory` option [default: the
    /// working directory; the including file's directory and its parents are tried after it]
    #[arg(long, value_name = "DIR")]
    pub include_dir: Option<PathBuf>,
    /// Refuse TTLs above this many seconds (units such as 1d work), as BIND's `max-zone-ttl`
    /// and `named-checkzone -l` [default: no limit]
    #[arg(long, value_name = "SECONDS")]
    pub max_zone_ttl: Option<String>,
    /// The directory octoDNS runs in: relative paths in an octoDNS config (`directory:
    /// ./zones`) are read from here, as octoDNS reads them [default: the working directory, or
    /// the project root when zonelint runs outside the project]
    #[arg(long, value_name = "DIR")]
    pub octodns_dir: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Only these rules: codes, code prefixes or names, comma-separated (replaces the config
    /// file's `select`)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// These rules too, on top of the config file's `select`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// BIND's `check-names` (named-checkzone -k): fail (an error, named's default for a primary
    /// zone), warn or ignore; ZONE034 and ZONE035
    #[arg(long, value_enum, default_value_t = BindMode::Fail, value_name = "MODE")]
    pub check_names: BindMode,
    /// BIND's `check-mx-cname` (named-checkzone -M): fail, warn (default) or ignore; MX005
    #[arg(long, value_enum, default_value_t = BindMode::Warn, value_name = "MODE")]
    pub check_mx_cname: BindMode,
    /// BIND's `check-srv-cname` (named-checkzone -S): fail, warn (default) or ignore; ZONE028
    #[arg(long, value_enum, default_value_t = BindMode::Warn, value_name = "MODE")]
    pub check_srv_cname: BindMode,
    /// BIND's `check-dup-records` (named-checkzone -r): fail, warn (default) or ignore; ZONE013
    #[arg(long, value_enum, default_value_t = BindMode::Warn, value_name = "MODE")]
    pub check_dup_records: BindMode,
    /// Exit with status 1 when a finding is at or above this severity [default: the config
    /// file's `fail-on`, else error]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Exit with status 0 even when there are findings
    #[arg(long)]
    pub exit_zero: bool,
    /// Print how many findings each rule produced
    #[arg(long)]
    pub statistics: bool,
    /// Skip named files that are not zones, as a directory walk does (for pre-commit and CI,
    /// which name every file matching a pattern)
    #[arg(long)]
    pub only_zones: bool,
    /// Also write a SARIF 2.1.0 report to FILE (replacing it)
    #[arg(long, value_name = "FILE")]
    pub sarif_file: Option<PathBuf>,
    /// Also append a Markdown summary to FILE, e.g. "$GITHUB_STEP_SUMMARY"
    #[arg(long, value_name = "FILE")]
    pub summary_file: Option<PathBuf>,
    /// The name standard input (`-`) goes by: the file shown in findings and the origin
    /// guessed from it (`example.com.zone`); never opened
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Print the files that would be linted (zone files and the files they include), then exit
    #[arg(long, conflicts_with_all = ["format", "sarif_file", "summary_file", "statistics"])]
    pub show_files: bool,
    /// With --show-files: end each name with a NUL byte instead of a line break, so that
    /// scripts read any file name intact (as `git ... -z`, `find -print0`)
    #[arg(long, requires = "show_files")]
    pub null: bool,
    /// Raise or lower one of zonelint's limits, e.g. `--limit file-size=512M` (repeatable): one
    /// of file-size, yaml-file-size, included-bytes, includes, zone-records, generate-records,
    /// generated-records, include-depth, yaml-nodes, findings-per-rule, findings-per-file,
    /// full-findings (README.md, "Security", says what each bounds and its default)
    #[arg(long = "limit", value_name = "NAME=N")]
    pub limits: Vec<String>,
    /// Print the settings resolved for the first PATH (default: the working directory) and the
    /// config files they came from, then exit
    #[arg(long, conflicts_with_all = ["format", "sarif_file", "summary_file", "statistics", "show_files"])]
    pub show_settings: bool,
    /// Hide the findings recorded in this baseline file [default: the config file's `baseline`]
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write today's findings to the baseline file (dropping entries that no longer match), then
    /// exit with status 0
    #[arg(long)]
    pub update_baseline: bool,
    /// When to colour the output: auto is colour on a terminal unless NO_COLOR is set (to a
    /// non-empty value) [default: the config file's `color`, else auto]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<crate::config::ColorChoice>,
    /// Print the findings only: no summary line, no notes on standard error
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// How many threads read, parse and lint; the output is the same whatever the number
    /// [default: one per core]
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// Print each zone with its format, the octoDNS config that configures it (whose
    /// options apply) and its files, then exit
    #[arg(long, conflicts_with_all = ["format", "sarif_file", "summary_file", "statistics", "show_files"])]
    pub show_zones: bool,
}

/// BIND's `fail | warn | ignore` for a check whose verdict is configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BindMode {
    Fail,
    Warn,
    Ignore,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn severity(self) -> crate::diagnostic::Severity {
        use crate::diagnostic::Severity;
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Args, Debug)]
pub struct RuleArgs {
    /// A rule code (MX001) or name (mx-backup-unsupported)
    #[arg(value_name = "CODE|NAME", required_unless_present = "all")]
    pub rule: Option<String>,
    /// List every rule
    #[arg(long, conflicts_with = "rule")]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManpageArgs {
    /// Write zonelint.1 and one page per subcommand (zonelint-check.1, ...) into DIR
    /// instead of printing zonelint.1
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}
