//! Opening, changing and closing documents; diagnostics; the life cycle.

use serde_json::{Value, json};

use super::{Client, codes, pos, project, uri};

/// The UTF-16 position of byte `offset` of `text`.
fn utf16(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].encode_utf16().count() as u32)
}

fn range_of(d: &Value) -> ((u32, u32), (u32, u32)) {
    let p = |v: &Value| {
        (
            v["line"].as_u64().unwrap() as u32,
            v["character"].as_u64().unwrap() as u32,
        )
    };
    (p(&d["range"]["start"]), p(&d["range"]["end"]))
}

fn find<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn diagnostics_carry_code_severity_source_link_and_utf16_ranges() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let u = uri(dir.path(), "q.pcql");
    let text = "-- Grüße 𝄞\r\nSELECT CustomerName FROM CustomersAndTenants WHERE CustomerName = 'Zoë 𝄞' AND CustomerNmae = 'x' TIMESPAN LAST_MONTH";
    c.open(&u, text);
    let diags = c.diagnostics(&u, Some(1));
    let unknown = find(&diags, "PQ2003");
    assert_eq!(unknown.len(), 1, "{diags:?}");
    let d = unknown[0];
    assert_eq!(d["source"], "pcql");
    assert_eq!(d["severity"], 1);
    assert!(
        d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("docs/codes/PQ2003.md"),
        "{d}"
    );
    assert!(
        d["message"].as_str().unwrap().contains("CustomerName"),
        "{d}"
    );
    let at = text.find("CustomerNmae").unwrap();
    assert_eq!(
        range_of(d),
        (utf16(text, at), utf16(text, at + "CustomerNmae".len()))
    );
    // Line 1 starts after the CRLF; the column counts UTF-16 units (𝄞 is two).
    assert_eq!(range_of(d).0.0, 1);
    c.shutdown();
}

#[test]
fn incremental_changes_are_checked_and_versioned() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let u = uri(dir.path(), "q.pcql");
    let text = "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH;\nSELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH;\n";
    c.open(&u, text);
    assert_eq!(codes(&c.diagnostics(&u, Some(1))), ["PQ2003"]);
    // Fix the typo on line 1: "Nmae" → "Name" (characters 15..19).
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 2 },
            "contentChanges": [{ "range": { "start": pos(1, 15), "end": pos(1, 19) }, "text": "Name" }],
        }),
    );
    assert!(c.diagnostics(&u, Some(2)).is_empty());
    // Break line 0 and add a non-ASCII comment in one change set.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 3 },
            "contentChanges": [
                { "range": { "start": pos(0, 0), "end": pos(0, 0) }, "text": "-- ß 𝄞\n" },
                { "range": { "start": pos(1, 7), "end": pos(1, 19) }, "text": "Bogus" },
            ],
        }),
    );
    let diags = c.diagnostics(&u, Some(3));
    assert_eq!(codes(&diags), ["PQ2003"], "{diags:?}");
    assert_eq!(range_of(&diags[0]), ((1, 7), (1, 12)));
    // A whole-text change.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 4 },
            "contentChanges": [{ "text": "SELECT FROM WHERE = ;;; 'open" }],
        }),
    );
    let diags = c.diagnostics(&u, Some(4));
    assert!(!diags.is_empty());
    assert!(
        codes(&diags).iter().all(|c| c.starts_with("PQ1")),
        "{diags:?}"
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": u } }),
    );
    assert!(c.diagnostics(&u, None).is_empty());
    c.shutdown();
}

#[test]
fn broken_documents_never_crash_the_server() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let texts = [
        "",
        ";;;;",
        "SELECT",
        "SELECT 'unterminated\r\nFROM",
        "{\"Query\": \"SELECT x FROM\"",
        "\u{feff}SÉLECT ü FROM 𝄞 WHERE ((( = IN ( , TIMESPAN",
        "SELECT a FROM b WHERE c IN ('x', 'y' ORDER BY LIMIT -1 TIMESPAN X",
    ];
    for (i, t) in texts.iter().enumerate() {
        let u = uri(dir.path(), &format!("b{i}.pcql"));
        c.open(&u, t);
        let _ = c.diagnostics(&u, Some(1));
        let lines = t.split('\n').count() as u32;
        for line in 0..=lines {
            for ch in [0, 1, 5, 17, 200] {
                let p = json!({ "textDocument": { "uri": u }, "position": pos(line, ch) });
                c.call("textDocument/completion", p.clone());
                c.call("textDocument/hover", p);
            }
        }
        let td = json!({ "textDocument": { "uri": u } });
        c.call("textDocument/formatting", json!({ "textDocument": { "uri": u }, "options": { "tabSize": 4, "insertSpaces": true } }));
        c.call("textDocument/documentSymbol", td.clone());
        c.call("textDocument/semanticTokens/full", td);
        c.call(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": u }, "range": { "start": pos(0, 0), "end": pos(99, 0) }, "context": { "diagnostics": [] } }),
        );
    }
    c.shutdown();
}

#[test]
fn the_server_exits_when_the_client_goes_away() {
    let dir = project();
    let mut c = Client::start(dir.path());
    c.open(&uri(dir.path(), "q.pcql"), "SELECT x FROM y");
    c.close_stdin();
    assert_eq!(c.wait_exit(), Some(0));
}

#[test]
fn exit_without_shutdown_is_code_1_and_requests_after_shutdown_fail() {
    let dir = project();
    let mut c = Client::start(dir.path());
    c.call("shutdown", Value::Null);
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///x" }, "position": pos(0, 0) }),
    );
    assert!(r.get("error").is_some(), "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(0));
    let mut c = Client::start(dir.path());
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(1));
}

#[test]
fn pcql_toml_of_the_document_folder_is_honoured_and_reloaded() {
    let dir = project();
    let sub = dir.path().join("reports");
    std::fs::create_dir(&sub).unwrap();
    // ORDER BY without a direction is a warning (PQ4002) unless configured.
    let text =
        "SELECT CustomerName FROM CustomersAndTenants ORDER BY CustomerName TIMESPAN LAST_MONTH";
    std::fs::write(
        dir.path().join("pcql.toml"),
        "[codes]\nPQ4002 = \"allow\"\n",
    )
    .unwrap();
    let mut c = Client::start(dir.path());
    let u = uri(&sub, "q.pcql");
    c.open(&u, text);
    assert!(!codes(&c.diagnostics(&u, Some(1))).contains(&"PQ4002".to_string()));
    std::fs::write(dir.path().join("pcql.toml"), "[codes]\nPQ4002 = \"deny\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(dir.path(), "pcql.toml"), "type": 2 }] }),
    );
    let diags = c.diagnostics(&u, Some(1));
    let d = find(&diags, "PQ4002");
    assert_eq!(d.len(), 1, "{diags:?}");
    assert_eq!(d[0]["severity"], 1);
    // A client that does not watch files: saving a document re-reads it.
    std::fs::write(
        dir.path().join("pcql.toml"),
        "[codes]\nPQ4002 = \"allow\"\n\n",
    )
    .unwrap();
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": u } }),
    );
    assert!(!codes(&c.diagnostics(&u, Some(1))).contains(&"PQ4002".to_string()));
    c.shutdown();
}

#[test]
fn a_request_body_has_its_query_checked_in_place() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let u = uri(dir.path(), "body.json");
    let text = "{\r\n  \"Name\": \"é\",\r\n  \"Query\": \"SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH\"\r\n}";
    c.open(&u, text);
    let diags = c.diagnostics(&u, Some(1));
    let d = find(&diags, "PQ2003");
    assert_eq!(d.len(), 1, "{diags:?}");
    let at = text.find("CustomerNmae").unwrap();
    assert_eq!(range_of(d[0]).0, utf16(text, at));
    c.shutdown();
}

#[test]
fn a_long_check_does_not_delay_completion_and_cancelled_requests_end() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let u = uri(dir.path(), "big.pcql");
    let q = "SELECT CustomerNmae, CustomerMarket FROM CustomersAndTenants WHERE CustomerMarket = 'Germany' ORDER BY CustomerName TIMESPAN LAST_MONTH;\n";
    let text = q.repeat(10_000);
    c.open(&u, &text);
    let started = std::time::Instant::now();
    let r = c.call(
        "textDocument/completion",
        json!({ "textDocument": { "uri": u }, "position": pos(5000, 7) }),
    );
    let took = started.elapsed();
    assert!(r["items"].as_array().is_some_and(|i| !i.is_empty()), "{r}");
    assert!(
        took < std::time::Duration::from_secs(2),
        "completion took {took:?}"
    );
    // A request cancelled at once is answered: with its result or as cancelled.
    let id = c.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": u }, "position": pos(3, 8) }),
    );
    c.notify("$/cancelRequest", json!({ "id": id }));
    let r = c.wait_for("the cancelled response", |v| v["id"] == json!(id));
    assert!(
        r.get("result").is_some() || r["error"]["code"] == -32800,
        "{r}"
    );
    let diags = c.diagnostics(&u, Some(1));
    assert_eq!(find(&diags, "PQ2003").len(), 10_000);
    c.shutdown();
}
