//! The protocol layer: the only module that knows LSP. It converts positions,
//! keeps open documents in step with the client and publishes what the
//! analysis finds.

pub mod convert;
pub mod features;
pub mod framing;
pub mod server;

pub use server::Backend;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Serves LSP over any pair of streams (stdio, a duplex in tests) until the
/// client sends `exit` or closes the input. Returns whether the client sent
/// `shutdown` first (LSP: exit with status 0 if so, 1 if not).
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite,
{
    let input = framing::guard(input);
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shut_down);
    let (service, socket) = LspService::build(move |client| Backend::new(client, flag))
        .custom_method("agentls/previewExamples", Backend::preview_examples)
        .custom_method(framing::INVALID_MESSAGE, Backend::invalid_message)
        .custom_method(framing::INVALID_REQUEST, Backend::invalid_request)
        .finish();
    Server::new(input, output, socket).serve(service).await;
    shut_down.load(Ordering::SeqCst)
}

/// Serves LSP over stdin/stdout; returns whether the client shut the
/// server down properly before leaving.
#[must_use]
pub fn run_stdio() -> bool {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build();
    let Ok(runtime) = runtime else {
        eprintln_safe("agentls: cannot start the async runtime");
        return false;
    };
    let clean = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Do not wait for blocking parses still running: the client has gone.
    runtime.shutdown_background();
    clean
}

#[allow(clippy::print_stderr)]
fn eprintln_safe(message: &str) {
    eprintln!("{message}");
}
