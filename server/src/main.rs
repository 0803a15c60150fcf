//! The `agentls` binary: the language server (default) and `agentls check`.

use std::path::PathBuf;
use std::process::ExitCode;

use agentls::analysis::FileKind;
use agentls::cli::{self, Format};
use clap::{Parser, Subcommand, ValueEnum};

/// Language server and linter for AI agent definition files.
#[derive(Parser)]
#[command(name = "agentls", version, about, long_about = None, after_help = TOP_HELP)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

/// What `agentls --help` adds: what it does with no arguments, and exit statuses.
const TOP_HELP: &str = "\
With no command, agentls serves LSP on stdin/stdout, as editors start it; on a
terminal it prints this help and exits with status 2.

`agentls check` exits with 0 when clean, 1 on findings (an error, or more
warnings than --max-warnings), 2 on a usage or input/output error.";

/// What `agentls check --help` says of exit statuses.
const EXIT_STATUS: &str = "\
Exit status:
  0  no error found, and no more warnings than --max-warnings
  1  an error found, or more warnings than --max-warnings
  2  usage or input/output error: a bad flag, a missing path, a file that
     cannot be read or written (the other paths are still checked)";

#[derive(Subcommand)]
enum Command {
    /// Serve the Language Server Protocol over stdin/stdout (the default
    /// when standard input is not a terminal).
    Lsp,
    /// Check agent files and folders; exit 1 if any error is found.
    #[command(after_help = EXIT_STATUS)]
    Check {
        /// Files and folders (default: the current folder); `-` reads one
        /// text from standard input (with --stdin-filename or --kind).
        /// Folders are walked as git sees them: `.gitignore`, `.ignore` and
        /// git's excludes are honoured; a file named here is always checked.
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
        /// Skip the paths matching this gitignore-style glob (repeatable),
        /// e.g. `--exclude 'vendor/' --exclude '*.draft.md'`.
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
        /// The path standard input (`-`) stands for: its kind is detected
        /// from it, and messages name it.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
        /// Apply the safe fixes and rewrite the files, then report what is
        /// left. With `-`, write the fixed text to standard output (and the
        /// report to standard error).
        #[arg(long)]
        fix: bool,
        /// Exit with status 1 when there are more than N warnings, even
        /// without an error.
        #[arg(long, value_name = "N")]
        max_warnings: Option<usize>,
        /// Colour the human format: auto (on a terminal, unless NO_COLOR is
        /// set), always or never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
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
    Sarif,
    Github,
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour: `auto` colours a terminal unless `NO_COLOR` is set
    /// to a non-empty value.
    fn enabled(self) -> bool {
        use std::io::IsTerminal as _;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// A usage error: the message on standard error, exit status 2.
#[allow(clippy::print_stderr)]
fn usage(message: &str) -> ExitCode {
    eprintln!("agentls: {message}");
    ExitCode::from(2)
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    use std::io::IsTerminal as _;
    if std::env::args_os().len() <= 1 && std::io::stdin().is_terminal() {
        // Started by hand: say how to use it rather than wait for an editor
        // to speak LSP on the terminal.
        let mut command = <Args as clap::CommandFactory>::command();
        eprintln!("{}", command.render_help());
        eprintln!(
            "agentls serves the Language Server Protocol when an editor starts it (standard input not a terminal), or with `agentls lsp`."
        );
        return ExitCode::from(2);
    }
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
            exclude,
            stdin_filename,
            fix,
            max_warnings,
            color,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let dash = std::path::Path::new("-");
            let (stdin, paths): (Vec<_>, Vec<_>) = paths.into_iter().partition(|p| p == dash);
            let stdin = if stdin.is_empty() {
                if stdin_filename.is_some() {
                    return usage(
                        "--stdin-filename names what `-` (standard input) stands for: add `-` to the paths",
                    );
                }
                None
            } else {
                if stdin_filename.is_none() && kind.is_none() {
                    return usage(
                        "`-` (standard input) needs --stdin-filename PATH or --kind KIND to know what it is",
                    );
                }
                if fix && !paths.is_empty() {
                    return usage(
                        "--fix with `-` writes the fixed text to standard output: check no other path with it",
                    );
                }
                let mut bytes = Vec::new();
                if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                {
                    return usage(&format!("cannot read standard input: {e}"));
                }
                Some(cli::Stdin {
                    path: stdin_filename.unwrap_or_else(|| PathBuf::from("-")),
                    bytes,
                })
            };
            let fixing_stdin = fix && stdin.is_some();
            let opts = cli::Options {
                paths,
                format: match format {
                    OutputFormat::Human => Format::Human,
                    OutputFormat::Json => Format::Json,
                    OutputFormat::Sarif => Format::Sarif,
                    OutputFormat::Github => Format::Github,
                    OutputFormat::Junit => Format::Junit,
                },
                excludes: exclude,
                kind: kind.as_deref().and_then(FileKind::from_name),
                targets: target,
                rules: agentls::config::RuleSet {
                    select,
                    ignore: ignore.unwrap_or_default(),
                    severity: Vec::new(),
                },
                fix,
                stdin,
            };
            let format = opts.format;
            let (problems, hints, status) = if fixing_stdin {
                // Like a formatter: the fixed text on standard output, the
                // report beside it (one file: kept whole).
                let report = cli::run(&opts);
                if let Some(text) = report.files.first().and_then(|f| f.fixed_text.as_deref()) {
                    print!("{text}");
                } else if let Some(stdin) = &opts.stdin {
                    use std::io::Write as _;
                    let _ = std::io::stdout().write_all(&stdin.bytes);
                }
                let _ = cli::output::write(&report, format, std::io::stderr().lock(), false);
                let status = report.exit_status(max_warnings);
                (report.problems, report.hints, status)
            } else {
                // Each file's report is written as soon as it is checked.
                let stdout = std::io::stdout().lock();
                let mut sink = cli::output::sink(format, stdout, color.enabled());
                let ran = cli::run_into(&opts, sink.as_mut());
                let status = ran.totals.exit_status(&ran.problems, max_warnings);
                match ran.failed {
                    None => {}
                    // Standard output closed (a pipe to `head`): stop
                    // quietly, with the status of what was found so far.
                    Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        return ExitCode::from(status);
                    }
                    Some(e) => {
                        eprintln!("agentls: cannot write the report: {e}");
                        return ExitCode::from(2);
                    }
                }
                (ran.problems, ran.hints, status)
            };
            for p in &problems {
                eprintln!("agentls: {}: {}", p.path.display(), p.message);
            }
            for hint in &hints {
                eprintln!("agentls: hint: {hint}");
            }
            ExitCode::from(status)
        }
    }
}
