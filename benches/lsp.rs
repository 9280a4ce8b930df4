//! `pcql lsp` latency, over stdio like an editor (not a test; prints medians):
//!
//! - diagnostics: from `didChange` (one character, in a 1,000-query
//!   document) to the `publishDiagnostics` of that version;
//! - completion: from the request to the response, in the same document.
//!
//! `cargo bench --bench lsp` (goals: diagnostics under 10 ms, completion under 2 ms).
//! On the 2-core development machine, shared with other builds (2026-12-01):
//! diagnostics 0.58 ms, completion 0.68 ms (medians).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Client {
    stdin: ChildStdin,
    rx: Receiver<Value>,
}

impl Client {
    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn wait(&self, f: impl Fn(&Value) -> bool) -> Value {
        loop {
            let v = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers");
            if f(&v) {
                return v;
            }
        }
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pcql"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("pcql runs");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line.trim().is_empty() {
                    break;
                }
                if let Some(n) = line.trim().strip_prefix("Content-Length: ") {
                    len = n.parse().unwrap();
                }
            }
            let mut buf = vec![0; len];
            r.read_exact(&mut buf).unwrap();
            if tx.send(serde_json::from_slice(&buf).unwrap()).is_err() {
                return;
            }
        }
    });
    let mut c = Client {
        stdin: child.stdin.take().unwrap(),
        rx,
    };
    c.send(
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}),
    );
    c.wait(|v| v["id"] == 0);
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    let queries = [
        "SELECT CustomerName, CustomerMarket FROM CustomersAndTenants WHERE CustomerMarket = 'Germany' ORDER BY CustomerName DESC TIMESPAN LAST_MONTH;\n",
        "SELECT MPNId, PartnerName FROM Profile TIMESPAN LIFETIME;\n",
        "SELECT CustomerTenantId FROM CustomersAndTenants WHERE CustomerName LIKE 'Contoso%' LIMIT 100 TIMESPAN LAST_3_MONTHS;\n",
    ];
    let text: String = (0..1000).map(|i| queries[i % 3]).collect();
    let uri = "file:///bench/big.pcql";
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "pcql", "version": 1, "text": text}}}),
    );
    c.wait(|v| v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == 1);

    // One character typed into, then removed from, query 500's first name.
    let line = 500;
    let mut diag = Vec::new();
    for version in 2..62 {
        let change = if version % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": 8}, "end": {"line": line, "character": 8}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": line, "character": 8}, "end": {"line": line, "character": 9}}, "text": ""})
        };
        let t = Instant::now();
        c.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}}),
        );
        c.wait(|v| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == version
        });
        diag.push(t.elapsed());
    }

    let positions = [(line, 7), (line, 60), (line + 1, 20), (line, 130)];
    let mut comp = Vec::new();
    for id in 100..300 {
        let (l, ch) = positions[id % positions.len()];
        let t = Instant::now();
        c.send(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/completion", "params": {
            "textDocument": {"uri": uri}, "position": {"line": l, "character": ch}}}),
        );
        c.wait(|v| v["id"] == id);
        comp.push(t.elapsed());
    }
    println!(
        "lsp/diagnostics after a one-character edit, 1,000 queries: median {:.2?} over {} edits",
        median(diag.clone()),
        diag.len()
    );
    println!(
        "lsp/completion in a 1,000-query document: median {:.2?} over {} requests",
        median(comp.clone()),
        comp.len()
    );
    c.send(json!({"jsonrpc": "2.0", "id": 9999, "method": "shutdown", "params": null}));
    c.wait(|v| v["id"] == 9999);
    c.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = child.wait();
}
