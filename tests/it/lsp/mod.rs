//! `pcql lsp` driven over stdio with JSON-RPC, as an editor would. Every
//! wait is bounded, so a hang fails the test instead of blocking CI.

mod features;
mod sync;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one answer may take.
pub const WAIT: Duration = Duration::from_secs(20);

/// A running server and the client side of its pipes.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Value>,
    next_id: i64,
    /// Notifications read while waiting for something else.
    pub notes: Vec<Value>,
}

impl Client {
    /// Start `pcql lsp` in `dir` and initialize it.
    pub fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pcql"))
            .arg("lsp")
            .current_dir(dir)
            .env("XDG_CACHE_HOME", dir.join(".cache-for-test"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the pcql binary runs");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut buf = vec![0; len.expect("a Content-Length header")];
                if r.read_exact(&mut buf).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&buf).expect("the server sends JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut c = Client {
            child,
            stdin,
            from_server: rx,
            next_id: 1,
            notes: Vec::new(),
        };
        let root = format!("file://{}", dir.display());
        let init = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": root, "capabilities": {} }),
        );
        assert!(
            init["result"]["capabilities"]["completionProvider"].is_object(),
            "{init}"
        );
        c.notify("initialized", json!({}));
        c
    }

    /// Write one message.
    pub fn send(&mut self, v: &Value) {
        let body = v.to_string();
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    /// Send a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request without waiting; its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// The next message matching `f`, within [`WAIT`]; others are kept in `notes`.
    pub fn wait_for(&mut self, what: &str, f: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.notes.iter().position(&f) {
            return self.notes.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_server.recv_timeout(left) {
                Ok(v) if f(&v) => return v,
                Ok(v) => self.notes.push(v),
                Err(RecvTimeoutError::Timeout) => panic!("no {what} within {WAIT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server exited before {what}"),
            }
        }
    }

    /// Send a request and wait for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_for(&format!("response to {method}"), |v| {
            v["id"] == json!(id) && v.get("method").is_none()
        })
    }

    /// Send a request and return its `result`, failing on an error.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }

    /// Open a document.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "pcql", "version": 1, "text": text } }),
        );
    }

    /// The next diagnostics published for `uri` with `version` (any version when `None`).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let v = self.wait_for("publishDiagnostics", |v| {
            v["method"] == "textDocument/publishDiagnostics"
                && v["params"]["uri"] == uri
                && version.is_none_or(|n| v["params"]["version"] == json!(n))
        });
        v["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// `shutdown` then `exit`; the process must end with code 0.
    pub fn shutdown(mut self) {
        let r = self.call("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        assert_eq!(self.wait_exit(), Some(0));
    }

    /// Wait (bounded) for the process to end; its exit code.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server did not exit within {WAIT:?}");
    }

    /// Close stdin as a dying client would.
    pub fn close_stdin(&mut self) {
        drop(self.stdin.take());
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A temporary project directory (no `pcql.toml` unless a test writes one).
pub fn project() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The `file:` URI of `name` in `dir`.
pub fn uri(dir: &Path, name: &str) -> String {
    format!("file://{}", dir.join(name).display())
}

/// A position.
pub fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// The codes of published diagnostics.
pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}
