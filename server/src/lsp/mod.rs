//! The protocol layer: the only module that knows LSP. It converts positions,
//! keeps open documents in step with the client and publishes what the
//! analysis finds.

pub mod convert;
pub mod server;

pub use server::Backend;

use tower_lsp_server::{ClientSocket, LspService, Server};

/// A service ready to serve, and its socket (for in-process transports).
#[must_use]
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serves LSP over any pair of streams (stdio, a duplex in tests) until the
/// client sends `exit`.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite,
{
    let (service, socket) = service();
    Server::new(input, output, socket).serve(service).await;
}

/// Serves LSP over stdin/stdout.
pub fn run_stdio() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build();
    let Ok(runtime) = runtime else {
        eprintln_safe("agentls: cannot start the async runtime");
        return;
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Do not wait for blocking parses still running: the client has gone.
    runtime.shutdown_background();
}

#[allow(clippy::print_stderr)]
fn eprintln_safe(message: &str) {
    eprintln!("{message}");
}
