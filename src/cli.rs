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
    Check(CheckArgs),
    /// Show how mail is routed: every MX set in the order senders try it, with each host's
    /// provider and the findings on the set
    Mx(MxArgs),
    /// Explain a rule, or list every rule
    Rule(RuleArgs),
    /// Print a shell completion script (e.g. `zonelint completions bash`)
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command into a directory
    Manpage(ManpageArgs),
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
    /// ./zones`) are read from here, as octoDNS reads them [default: the project root]
    #[arg(long, value_name = "DIR")]
    pub octodns_dir: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to lint
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
    /// The directory octoDNS runs in: relative paths in an octoDNS config (`directory:
    /// ./zones`) are read from here, as octoDNS reads them [default: the project root]
    #[arg(long, value_name = "DIR")]
    pub octodns_dir: Option<PathBuf>,
    /// Only these rules: codes, code prefixes or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Exit with status 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
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
    /// Print the files that would be linted (zone files and the files they include), then exit
    #[arg(long, conflicts_with_all = ["format", "sarif_file", "summary_file", "statistics"])]
    pub show_files: bool,
    /// Print each zone with its format, the octoDNS config that configures it (whose
    /// options apply) and its files, then exit
    #[arg(long, conflicts_with_all = ["format", "sarif_file", "summary_file", "statistics", "show_files"])]
    pub show_zones: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
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
