//! The `agentls` binary: the language server (default) and `agentls check`.

use std::path::PathBuf;
use std::process::ExitCode;

use agentls::analysis::FileKind;
use agentls::cli::{self, Format};
use clap::{Parser, Subcommand, ValueEnum};

/// Language server and linter for AI agent definition files.
#[derive(Parser)]
#[command(name = "agentls", version, about, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Language Server Protocol over stdin/stdout (the default).
    Lsp,
    /// Check agent files and folders; exit 1 if any error is found.
    Check {
        /// Files and folders (default: the current folder).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// Check every Markdown file as this kind, instead of detecting agent
        /// files from their path.
        #[arg(long, value_parser = kinds())]
        kind: Option<String>,
        /// The tools to judge files against, comma-separated (claude, copilot,
        /// vscode, codex, opencode, gemini, qwen, cursor). Default: for each
        /// file, the tools that read its path.
        #[arg(long, value_parser = targets)]
        target: Option<agentls::formats::target::Tools>,
        /// The rules to run, comma-separated codes, code prefixes or names
        /// (AG1, AG401, name-missing, ALL), instead of the configuration's.
        #[arg(long, value_delimiter = ',', value_parser = selector)]
        select: Option<Vec<agentls::config::Selector>>,
        /// Rules not to run, comma-separated codes, code prefixes or names,
        /// on top of the configuration's.
        #[arg(long, value_delimiter = ',', value_parser = selector)]
        ignore: Option<Vec<agentls::config::Selector>>,
    },
    /// Print the documentation of every rule, as Markdown, or of the rules
    /// named (by code, `AG101`, or name, `name-missing`).
    Rules {
        /// Codes or names; none: every rule.
        rules: Vec<String>,
    },
}

/// Parses `--target` (an empty list is refused: leave the flag out for
/// each file's default targets).
fn targets(list: &str) -> Result<agentls::formats::target::Tools, String> {
    let tools = agentls::formats::target::Tools::parse(list)?;
    if tools.is_empty() {
        return Err("name at least one tool, or leave --target out".to_owned());
    }
    Ok(tools)
}

/// Parses one rule selector of `--select` or `--ignore`.
fn selector(text: &str) -> Result<agentls::config::Selector, String> {
    agentls::config::Selector::parse(text)
}

/// The `--kind` values: every format's name.
fn kinds() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(agentls::formats::FORMATS.iter().map(|f| f.name))
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let args = Args::parse();
    match args.command.unwrap_or(Command::Lsp) {
        Command::Lsp => {
            if agentls::lsp::run_stdio() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Rules { rules } => {
            if rules.is_empty() {
                print!("{}", agentls::analysis::rules::markdown());
                return ExitCode::SUCCESS;
            }
            let mut status = ExitCode::SUCCESS;
            for (i, key) in rules.iter().enumerate() {
                match agentls::analysis::rules::find(key) {
                    Some(rule) => {
                        let gap = if i > 0 { "\n" } else { "" };
                        print!("{gap}{}", agentls::analysis::rules::section(rule));
                    }
                    None => {
                        eprintln!("agentls: no rule \"{key}\" (`agentls rules` lists them all)");
                        status = ExitCode::from(2);
                    }
                }
            }
            status
        }
        Command::Check {
            paths,
            format,
            kind,
            target,
            select,
            ignore,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            // A missing path is an error for that path alone: the others
            // are still checked and printed, and the exit status is 2.
            let (paths, missing): (Vec<_>, Vec<_>) = paths.into_iter().partition(|p| p.exists());
            for p in &missing {
                eprintln!("agentls: {}: no such file or folder", p.display());
            }
            if paths.is_empty() {
                return ExitCode::from(2);
            }
            let opts = cli::Options {
                paths,
                format: match format {
                    OutputFormat::Human => Format::Human,
                    OutputFormat::Json => Format::Json,
                },
                kind: kind.as_deref().and_then(FileKind::from_name),
                targets: target,
                rules: agentls::config::RuleSet {
                    select,
                    ignore: ignore.unwrap_or_default(),
                    severity: Vec::new(),
                },
            };
            let report = cli::run(&opts);
            match opts.format {
                Format::Human => {
                    let _ = cli::write_human(&report, std::io::stdout().lock());
                }
                Format::Json => {
                    let _ = cli::write_json(&report, std::io::stdout().lock());
                }
            }
            for (path, why) in &report.problems {
                eprintln!("agentls: {}: {why}", path.display());
            }
            if !missing.is_empty() {
                ExitCode::from(2)
            } else if report.count(agentls::analysis::Severity::Error) > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
