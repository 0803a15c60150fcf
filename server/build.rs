//! Release builds of the `agentls` binary lay out its machine code hot-first:
//! the functions a typical session runs (`link/symbol-order.txt`, written by
//! `link/refresh`) come first in `.text`, next to one another, so that the
//! pages a session maps are those it runs. Unordered, a session's 1.7 MB of
//! code is spread over the whole 6 MB `.text`, and the kernel maps a file's
//! pages 64 KiB around each one touched: resident code at first
//! diagnostics fell from about 4.7 MiB to 2.4 MiB with the order.
//!
//! The order is passed to the linker only when it can take it: a test link
//! with the same compiler, target, flags and linker must succeed first (rustc
//! links with lld on x86_64 Linux; GNU ld has no `--symbol-ordering-file`).
//! A name the binary no longer has is skipped by the linker; `link/refresh
//! --check` counts how many still match.

#![allow(clippy::print_stdout)] // cargo reads a build script's instructions from its stdout

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let order = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"))
        .join("link/symbol-order.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    println!("cargo:rerun-if-changed=build.rs");
    if env::var("PROFILE").as_deref() != Ok("release")
        || env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux")
        || !order.is_file()
    {
        return;
    }
    let args = [
        format!("-Wl,--symbol-ordering-file={}", order.display()),
        "-Wl,--no-warn-symbol-ordering".to_owned(),
    ];
    if links_with(&args) {
        for arg in args {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
    } else {
        println!(
            "cargo:warning=the linker does not take --symbol-ordering-file: agentls is linked without its code order (more resident memory, same behaviour)"
        );
    }
}

/// Whether a small program links with `args` added, as this crate's
/// binaries will be linked.
fn links_with(args: &[String]) -> bool {
    let (Some(rustc), Some(out), Ok(target)) = (
        env::var_os("RUSTC"),
        env::var_os("OUT_DIR").map(PathBuf::from),
        env::var("TARGET"),
    ) else {
        return false;
    };
    let source = out.join("probe.rs");
    if std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let mut cmd = Command::new(rustc);
    cmd.arg("--crate-type=bin")
        .arg("--crate-name=agentls_link_probe")
        .arg("--target")
        .arg(target)
        .arg("-o")
        .arg(out.join("agentls-link-probe"))
        .arg(&source);
    if let Ok(linker) = env::var("RUSTC_LINKER") {
        cmd.arg(format!("-Clinker={linker}"));
    }
    if let Ok(flags) = env::var("CARGO_ENCODED_RUSTFLAGS") {
        cmd.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    }
    for arg in args {
        cmd.arg(format!("-Clink-arg={arg}"));
    }
    cmd.output().is_ok_and(|o| o.status.success())
}
