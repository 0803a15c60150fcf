//! A guard in front of tower-lsp-server's reader.
//!
//! tower-lsp-server's framed reader stops for good at the first message it
//! cannot decode (a bad header, a body that is not JSON, JSON that is not
//! JSON-RPC): the stream ends and the server exits. One broken message from
//! a client must not do that. This layer reads the client's stream first,
//! frame by frame, and forwards only well-formed JSON-RPC messages. A
//! malformed frame becomes a notification the server logs; a request it can
//! identify but not accept becomes a request that fails with "invalid
//! request" under its own id, so the client still gets an answer.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tower_lsp_server::jsonrpc;

/// Frames larger than this are refused (and skipped).
pub const MAX_FRAME_BYTES: usize = 512 * 1024 * 1024;

/// The notification a malformed frame is turned into.
pub const INVALID_MESSAGE: &str = "agentls/invalidMessage";

/// The request a malformed request is turned into (it fails under its id).
pub const INVALID_REQUEST: &str = "agentls/invalidRequest";

/// The header of a frame whose body is `len` bytes.
fn header(len: usize) -> Vec<u8> {
    format!("Content-Length: {len}\r\n\r\n").into_bytes()
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = header(body.len());
    out.extend_from_slice(body);
    out
}

fn invalid_message(reason: &str) -> Vec<u8> {
    frame(serde_json::json!({"jsonrpc": "2.0", "method": INVALID_MESSAGE, "params": {"reason": reason}}).to_string().as_bytes())
}

/// Checks one body: `None` to forward its frame as it came, or the frame
/// to forward instead.
fn check(body: &[u8]) -> Option<Vec<u8>> {
    // Nearly every frame is a well-formed request or notification: read
    // once as one, without first building a JSON tree and copying it.
    if serde_json::from_slice::<jsonrpc::Request>(body).is_ok_and(|r| !r.method().is_empty()) {
        return None;
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Some(invalid_message(&format!("not JSON: {e}"))),
    };
    let is_request = value.get("method").is_some();
    let ok = if is_request {
        serde_json::from_value::<jsonrpc::Request>(value.clone()).is_ok()
    } else {
        serde_json::from_value::<jsonrpc::Response>(value.clone()).is_ok()
    };
    if ok && value.get("jsonrpc").and_then(Value::as_str) == Some("2.0") {
        return None;
    }
    // A request we can answer: keep its id, fail it on purpose.
    if let Some(id) = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        && (is_request || value.get("result").is_none() && value.get("error").is_none())
    {
        return Some(frame(
            serde_json::json!({"jsonrpc": "2.0", "id": id, "method": INVALID_REQUEST})
                .to_string()
                .as_bytes(),
        ));
    }
    Some(invalid_message("not a JSON-RPC 2.0 message"))
}

/// Reads LSP frames from `input` and returns a stream that carries only
/// well-formed ones (see the module documentation).
pub fn guard<R>(input: R) -> DuplexStream
where
    R: AsyncRead + Unpin + Send + 'static,
{
    let (mut tx, rx) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut reader = BufReader::new(input);
        let mut line = Vec::new();
        loop {
            // Headers: lines up to an empty one.
            let mut length: Option<usize> = None;
            let mut bad: Option<String> = None;
            let mut any = false;
            loop {
                line.clear();
                match reader.read_until(b'\n', &mut line).await {
                    Ok(0) | Err(_) => return, // end of input: the server sees EOF
                    Ok(_) => {}
                }
                let text = String::from_utf8_lossy(&line);
                let mut text = text.trim_end_matches(['\r', '\n']);
                // Resynchronise after garbage (a body shorter than announced):
                // a header glued to junk still starts a frame.
                if let Some(at) = text
                    .to_ascii_lowercase()
                    .find("content-length:")
                    .filter(|at| *at > 0)
                {
                    text = &text[at..];
                }
                if text.is_empty() {
                    if any {
                        break;
                    }
                    continue; // blank lines between frames
                }
                any = true;
                match text.split_once(':') {
                    Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                        match value.trim().parse::<usize>() {
                            Ok(n) if n <= MAX_FRAME_BYTES => length = Some(n),
                            Ok(n) => bad = Some(format!("Content-Length {n} is over the limit")),
                            Err(_) => {
                                bad = Some(format!(
                                    "Content-Length is not a number: {:?}",
                                    value.trim()
                                ))
                            }
                        }
                    }
                    Some(_) => {} // Content-Type and others
                    None => bad = Some(format!("not a header line: {text:?}")),
                }
            }
            let forward = match (length, bad) {
                (Some(n), None) => {
                    // The body is read behind its header, so that a good
                    // frame (nearly all) is forwarded without a copy: a
                    // 1 MiB document opened is held once here, not twice.
                    let mut framed = header(n);
                    let head = framed.len();
                    framed.resize(head + n, 0);
                    if reader.read_exact(&mut framed[head..]).await.is_err() {
                        return;
                    }
                    check(&framed[head..]).unwrap_or(framed)
                }
                (_, Some(reason)) => invalid_message(&reason),
                (None, None) => invalid_message("a header block without Content-Length"),
            };
            if tx.write_all(&forward).await.is_err() {
                return; // the server has stopped
            }
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The method of what is forwarded for `body`.
    fn method(body: &[u8]) -> String {
        let frame = check(body).unwrap_or_else(|| frame(body));
        let text = String::from_utf8_lossy(&frame);
        let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
        serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v["method"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    #[test]
    fn checks() {
        assert_eq!(
            method(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            "shutdown"
        );
        assert_eq!(method(b"{oops"), INVALID_MESSAGE);
        assert_eq!(method(b"[]"), INVALID_MESSAGE);
        assert_eq!(
            method(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#),
            INVALID_REQUEST
        );
        assert_eq!(
            method(br#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            INVALID_REQUEST
        );
        assert_eq!(method(br#"{"jsonrpc":"2.0","id":7,"result":null}"#), "");
    }
}
