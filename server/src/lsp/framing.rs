//! Reading the client's frames.
//!
//! A framed reader that stops at the first message it cannot decode (a bad
//! header, a body that is not JSON, JSON that is not JSON-RPC) would end
//! the stream and the server with it. One broken message from a client must
//! not do that. [`Reader`] reads the client's stream frame by frame and
//! parses each body once: a well-formed request or response comes out as
//! it is; a malformed frame becomes a notification the server logs; a
//! request it can identify but not accept becomes a request that fails with
//! "invalid request" under its own id, so the client still gets an answer.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};
use tower_lsp_server::jsonrpc::{self, Request, Response};

/// Frames larger than this are refused (and skipped).
pub const MAX_FRAME_BYTES: usize = 512 * 1024 * 1024;

/// The notification a malformed frame is turned into.
pub const INVALID_MESSAGE: &str = "agentls/invalidMessage";

/// The request a malformed request is turned into (it fails under its id).
pub const INVALID_REQUEST: &str = "agentls/invalidRequest";

/// One message from the client.
#[derive(Debug)]
pub enum Incoming {
    /// A request or notification (or what a malformed frame became).
    Request(Request),
    /// The client's answer to a request of the server's.
    Response(Response),
}

fn invalid_message(reason: &str) -> Incoming {
    Incoming::Request(
        Request::build(INVALID_MESSAGE)
            .params(serde_json::json!({ "reason": reason }))
            .finish(),
    )
}

/// Reads one body.
fn parse(body: &[u8]) -> Incoming {
    // Nearly every frame is a well-formed request or notification: read
    // once as one, without first building a JSON tree.
    if let Ok(request) = serde_json::from_slice::<Request>(body)
        && !request.method().is_empty()
    {
        return Incoming::Request(request);
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return invalid_message(&format!("not JSON: {e}")),
    };
    if value.get("jsonrpc").and_then(Value::as_str) == Some("2.0") {
        if value.get("method").is_some() {
            if let Ok(request) = serde_json::from_value::<Request>(value.clone()) {
                return Incoming::Request(request);
            }
        } else if let Ok(response) = serde_json::from_value::<Response>(value.clone()) {
            return Incoming::Response(response);
        }
    }
    // A request we can answer: keep its id, fail it on purpose.
    let is_request = value.get("method").is_some();
    if let Some(id) = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .and_then(|id| serde_json::from_value::<jsonrpc::Id>(id.clone()).ok())
        && (is_request || value.get("result").is_none() && value.get("error").is_none())
    {
        return Incoming::Request(Request::build(INVALID_REQUEST).id(id).finish());
    }
    invalid_message("not a JSON-RPC 2.0 message")
}

/// Reads LSP frames from a stream; see the module documentation.
#[derive(Debug)]
pub struct Reader<R> {
    reader: BufReader<R>,
    line: Vec<u8>,
}

impl<R: AsyncRead + Unpin> Reader<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> Self {
        Self {
            reader: BufReader::new(input),
            line: Vec::new(),
        }
    }

    /// The next message, or `None` at the end of the input.
    pub async fn next(&mut self) -> Option<Incoming> {
        // Headers: lines up to an empty one.
        let mut length: Option<usize> = None;
        let mut bad: Option<String> = None;
        let mut any = false;
        loop {
            self.line.clear();
            match self.reader.read_until(b'\n', &mut self.line).await {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&self.line);
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
                            ));
                        }
                    }
                }
                Some(_) => {} // Content-Type and others
                None => bad = Some(format!("not a header line: {text:?}")),
            }
        }
        Some(match (length, bad) {
            (Some(n), None) => {
                let mut body = vec![0; n];
                if self.reader.read_exact(&mut body).await.is_err() {
                    return None;
                }
                parse(&body)
            }
            (_, Some(reason)) => invalid_message(&reason),
            (None, None) => invalid_message("a header block without Content-Length"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The method of what `body` is read as (empty for a response).
    fn method(body: &[u8]) -> String {
        match parse(body) {
            Incoming::Request(r) => r.method().to_owned(),
            Incoming::Response(_) => String::new(),
        }
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
        assert_eq!(method(br#"{"jsonrpc":"2.0","id":7}"#), INVALID_REQUEST);
        // An invalid request keeps its id.
        let Incoming::Request(r) = parse(br#"{"jsonrpc":"1.0","id":"a","method":"x"}"#) else {
            panic!("not a request");
        };
        assert_eq!(r.id(), Some(&jsonrpc::Id::String("a".into())));
    }

    #[tokio::test]
    async fn reads_frames_and_survives_garbage() {
        let input: &[u8] = b"Content-Length: 5\r\n\r\n{oopsContent-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}\r\nX-Bad\r\n\r\n";
        let mut reader = Reader::new(input);
        let mut methods = Vec::new();
        while let Some(Incoming::Request(r)) = reader.next().await {
            methods.push(r.method().to_owned());
        }
        assert_eq!(methods, [INVALID_MESSAGE, "initialized", INVALID_MESSAGE]);
    }
}
