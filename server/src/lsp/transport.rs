//! The transport: frames from the client to tower-lsp-server's service and
//! its answers (and the server's own requests) back.
//!
//! tower-lsp-server has a transport of its own. This one does the same
//! work in one pass where that one took two:
//! - Each frame is read and parsed once, by [`Reader`], which also turns a
//!   malformed frame into something the service answers (see
//!   [`super::framing`]). In front of tower-lsp-server's reader, a guard
//!   had to parse every frame to check it, then hand it on through a pipe
//!   to be parsed again.
//! - Each message out is written into one reused buffer, header and body,
//!   and sent with one write.
//! - A result, or a notification's parameters, made as JSON text
//!   ([`RawJson`]: the completion list, published diagnostics) is written
//!   as it is. tower-lsp-server hands every one over as a JSON tree; a
//!   completion list of twenty items is about 150 allocations to build,
//!   write and free that way, and one string this way.
//!
//! What is kept: requests run concurrently, up to four at a time, in the
//! order they came (a notification's handler starts before a later
//! request's); the client's answers go back to the service; `exit` ends
//! the reading.

use std::fmt::Write as _;
use std::sync::OnceLock;

use futures::channel::mpsc;
use futures::{FutureExt, SinkExt, StreamExt, future, stream};
use serde::Serialize;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::ClientSocket;
use tower_lsp_server::jsonrpc::{Id, Request, Response};
use tower_service::Service;

use super::framing::{Incoming, Reader};

/// Requests answered at the same time (what tower-lsp-server's own
/// transport allows).
const CONCURRENCY: usize = 4;

/// Requests read ahead of those running.
const QUEUE: usize = 100;

/// A result already written as JSON.
///
/// It reaches the transport as a string that starts with a marker no
/// other result can hold (a NUL and a number drawn when the process
/// starts); the transport writes what follows the marker as it is.
#[derive(Debug)]
pub struct RawJson(String);

impl RawJson {
    /// `value` written as JSON, or `None` if it cannot be.
    pub fn new<T: Serialize>(value: &T) -> Option<Self> {
        let mut out = marker().as_bytes().to_vec();
        serde_json::to_writer(&mut out, value).ok()?;
        String::from_utf8(out).ok().map(Self)
    }

    /// The JSON text, if `value` holds one.
    fn find(value: &Value) -> Option<&str> {
        match value {
            Value::String(s) => s.strip_prefix(marker()),
            _ => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for RawJson {
    /// Only for the notification type's bounds: the server never reads one.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// The marker in front of a [`RawJson`]: a NUL (which no answer built
/// from the client's text holds as a string's first character alongside
/// the rest) and a number drawn for this process.
fn marker() -> &'static str {
    static MARKER: OnceLock<String> = OnceLock::new();
    MARKER.get_or_init(|| {
        use std::hash::BuildHasher;
        let drawn = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
        format!("\0agentls-raw-json-{drawn:016x}:")
    })
}

/// `textDocument/publishDiagnostics` with its parameters as [`RawJson`].
enum PublishDiagnostics {}

impl tower_lsp_server::ls_types::notification::Notification for PublishDiagnostics {
    type Params = RawJson;
    const METHOD: &'static str = "textDocument/publishDiagnostics";
}

/// Publishes `diagnostics` for `uri`, written as JSON here rather than
/// handed over as a JSON tree: what `Client::publish_diagnostics` sends.
pub async fn publish_diagnostics(
    client: &tower_lsp_server::Client,
    uri: tower_lsp_server::ls_types::Uri,
    diagnostics: Vec<tower_lsp_server::ls_types::Diagnostic>,
    version: Option<i32>,
) {
    let params = tower_lsp_server::ls_types::PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    // Diagnostics always serialize (string keys, no failing `Serialize`):
    // `None` cannot happen, and `Client::publish_diagnostics` would fail
    // on the same value.
    if let Some(raw) = RawJson::new(&params) {
        client.send_notification::<PublishDiagnostics>(raw).await;
    }
}

/// A message to the client.
enum Outgoing {
    Response(Response),
    Request(Request),
}

/// Writes `{"jsonrpc":"2.0"[,"method":…],"<field>":<raw>[,"id":…]}` into
/// `body`: a message whose result or parameters are JSON text already.
fn raw_message(
    body: &mut Vec<u8>,
    method: Option<&str>,
    field: &[u8],
    raw: &str,
    id: Option<&Id>,
) -> serde_json::Result<()> {
    body.extend_from_slice(br#"{"jsonrpc":"2.0""#);
    if let Some(method) = method {
        body.extend_from_slice(br#","method":"#);
        serde_json::to_writer(&mut *body, method)?;
    }
    body.extend_from_slice(b",\"");
    body.extend_from_slice(field);
    body.extend_from_slice(b"\":");
    body.extend_from_slice(raw.as_bytes());
    if let Some(id) = id {
        body.extend_from_slice(br#","id":"#);
        serde_json::to_writer(&mut *body, id)?;
    }
    body.push(b'}');
    Ok(())
}

/// Writes messages to the client, each with one write.
struct Writer<O> {
    output: O,
    body: Vec<u8>,
    frame: Vec<u8>,
}

impl<O: AsyncWrite + Unpin> Writer<O> {
    async fn send(&mut self, message: &Outgoing) -> std::io::Result<()> {
        self.body.clear();
        let written = match message {
            Outgoing::Response(response) => match response.result().and_then(RawJson::find) {
                Some(raw) => raw_message(&mut self.body, None, b"result", raw, Some(response.id())),
                None => serde_json::to_writer(&mut self.body, response),
            },
            Outgoing::Request(request) => match request.params().and_then(RawJson::find) {
                Some(raw) => raw_message(
                    &mut self.body,
                    Some(request.method()),
                    b"params",
                    raw,
                    request.id(),
                ),
                None => serde_json::to_writer(&mut self.body, request),
            },
        };
        written.map_err(std::io::Error::other)?;
        let mut header = String::with_capacity(32);
        let _ = write!(header, "Content-Length: {}\r\n\r\n", self.body.len());
        self.frame.clear();
        self.frame.reserve(header.len() + self.body.len());
        self.frame.extend_from_slice(header.as_bytes());
        self.frame.extend_from_slice(&self.body);
        self.output.write_all(&self.frame).await?;
        self.output.flush().await?;
        // A large message's buffers are not kept for the session.
        if self.frame.capacity() > 1 << 20 {
            self.frame = Vec::new();
            self.body = Vec::new();
        }
        Ok(())
    }
}

/// Serves `service` over `input` and `output` until the client sends
/// `exit` or closes the input; `socket` carries the server's own requests
/// and notifications out and the client's answers to them back.
pub async fn serve<I, O, S>(input: I, output: O, socket: ClientSocket, mut service: S)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
    S: Service<Request, Response = Option<Response>>,
{
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, stop_client_requests) = stream::abortable(client_requests);
    let (responses_tx, responses_rx) = mpsc::channel::<Response>(0);
    let (mut tasks_tx, tasks_rx) = mpsc::channel(QUEUE);

    let run_tasks = tasks_rx
        .buffer_unordered(CONCURRENCY)
        .filter_map(future::ready)
        .map(Ok)
        .forward(responses_tx.sink_map_err(|_| ()));

    let write = async {
        let mut writer = Writer {
            output,
            body: Vec::new(),
            frame: Vec::new(),
        };
        let mut out = stream::select(
            responses_rx.map(Outgoing::Response),
            client_requests.map(Outgoing::Request),
        );
        while let Some(message) = out.next().await {
            if writer.send(&message).await.is_err() {
                // The client has gone: nothing more can reach it.
                break;
            }
        }
    };

    let read = async {
        let mut reader = Reader::new(input);
        while let Some(incoming) = reader.next().await {
            match incoming {
                Incoming::Request(request) => {
                    if future::poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
                        break;
                    }
                    let exit = request.method() == "exit";
                    let task = service.call(request).map(Result::ok).map(Option::flatten);
                    if tasks_tx.send(task).await.is_err() || exit {
                        break;
                    }
                }
                Incoming::Response(response) => {
                    if client_responses.send(response).await.is_err() {
                        break;
                    }
                }
            }
        }
        tasks_tx.disconnect();
        stop_client_requests.abort();
    };

    let (_, (), ()) = futures::join!(run_tasks, write, read);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_json_is_found_only_behind_the_marker() {
        let raw =
            RawJson::new(&serde_json::json!({"a": [1, "b"]})).unwrap_or(RawJson(String::new()));
        let value = serde_json::to_value(&raw).unwrap_or_default();
        assert_eq!(RawJson::find(&value), Some(r#"{"a":[1,"b"]}"#));
        assert_eq!(
            RawJson::find(&Value::String("\0agentls-raw-json-".into())),
            None
        );
        assert_eq!(RawJson::find(&Value::String(r#"{"a":1}"#.into())), None);
        assert_eq!(RawJson::find(&serde_json::json!({"a": 1})), None);
    }

    /// What the writer sends for `message`, as JSON.
    fn sent(message: &Outgoing) -> Value {
        let runtime = tokio::runtime::Builder::new_current_thread().build();
        let Ok(runtime) = runtime else {
            return Value::Null;
        };
        let mut writer = Writer {
            output: Vec::new(),
            body: Vec::new(),
            frame: Vec::new(),
        };
        let _ = runtime.block_on(writer.send(message));
        let text = String::from_utf8(writer.output).unwrap_or_default();
        let (header, body) = text.split_once("\r\n\r\n").unwrap_or_default();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        serde_json::from_str(body).unwrap_or_default()
    }

    #[test]
    fn raw_results_and_parameters_are_written_as_they_are() {
        let list = serde_json::json!({"isIncomplete": false, "items": [{"label": "a\u{0}\"b"}]});
        let raw = serde_json::to_value(RawJson::new(&list)).unwrap_or_default();
        let response = Response::from_ok(7.into(), raw.clone());
        assert_eq!(
            sent(&Outgoing::Response(response)),
            serde_json::json!({"jsonrpc": "2.0", "id": 7, "result": list})
        );
        let notification = Request::build("textDocument/publishDiagnostics")
            .params(raw.clone())
            .finish();
        assert_eq!(
            sent(&Outgoing::Request(notification)),
            serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": list})
        );
        let request = Request::build("x").id("q").params(raw).finish();
        assert_eq!(
            sent(&Outgoing::Request(request)),
            serde_json::json!({"jsonrpc": "2.0", "method": "x", "id": "q", "params": list})
        );
        // Anything else is written as tower-lsp-server would.
        let plain = Response::from_ok("s".into(), Value::String("\u{0}x".into()));
        assert_eq!(
            sent(&Outgoing::Response(plain)),
            serde_json::json!({"jsonrpc": "2.0", "id": "s", "result": "\u{0}x"})
        );
    }
}
