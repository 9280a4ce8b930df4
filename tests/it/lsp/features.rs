//! Completion in each position, hover, code actions, formatting, symbols,
//! semantic tokens.

use serde_json::{Value, json};

use super::{Client, pos, project, uri};

/// Open `text` (a `|` marks the cursor, on the last line) and ask for completion there.
fn complete_at(c: &mut Client, u: &str, text: &str) -> Vec<Value> {
    let at = text.find('|').unwrap();
    let clean = text.replace('|', "");
    c.open(u, &clean);
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count() as u32;
    let r = c.call(
        "textDocument/completion",
        json!({ "textDocument": { "uri": u }, "position": pos(line, col) }),
    );
    let items = if r.is_array() { r } else { r["items"].clone() };
    items.as_array().cloned().unwrap_or_default()
}

fn labelled<'a>(items: &'a [Value], label: &str) -> Option<&'a Value> {
    items.iter().find(|i| i["label"] == label)
}

/// LSP completion item kinds.
const FIELD: u64 = 5;
const FUNCTION: u64 = 3;
const CLASS: u64 = 7;
const ENUM_MEMBER: u64 = 20;
const VALUE: u64 = 12;
const KEYWORD: u64 = 14;

#[test]
fn completion_knows_where_the_cursor_is() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let mut n = 0;
    let mut at = |c: &mut Client, text: &str| {
        n += 1;
        complete_at(c, &uri(dir.path(), &format!("c{n}.pcql")), text)
    };
    // After SELECT, FROM later in the text, a broken WHERE, non-ASCII before.
    let items = at(
        &mut c,
        "-- ü 𝄞\nSELECT Cust| FROM CustomersAndTenants WHERE ((( 'é",
    );
    let name = labelled(&items, "CustomerName").expect("CustomerName offered");
    assert_eq!(name["kind"].as_u64(), Some(FIELD));
    // The edit replaces the word typed, in UTF-16 columns.
    assert_eq!(name["textEdit"]["range"]["start"], pos(1, 7));
    assert_eq!(name["textEdit"]["range"]["end"], pos(1, 11));
    // Metrics are marked as metrics.
    let items = at(&mut c, "SELECT CustomerName, | FROM CustomersAndTenants");
    let metric = items
        .iter()
        .find(|i| i["labelDetails"]["description"] == "metric")
        .expect("a metric offered");
    assert_eq!(metric["kind"].as_u64(), Some(FUNCTION));
    // Retired names are never offered.
    let items = at(&mut c, "SELECT | FROM Profile");
    assert!(labelled(&items, "MPNId").is_some());
    assert!(labelled(&items, "PGA_MPNId").is_none());
    // WHERE and ORDER BY.
    let items = at(
        &mut c,
        "SELECT CustomerName FROM CustomersAndTenants WHERE |",
    );
    assert!(labelled(&items, "CustomerMarket").is_some());
    let items = at(
        &mut c,
        "SELECT CustomerName FROM CustomersAndTenants ORDER BY |",
    );
    assert!(labelled(&items, "CustomerMarket").is_some());
    // FROM: the datasets of the family.
    let items = at(&mut c, "SELECT CustomerName FROM |");
    assert_eq!(
        labelled(&items, "CustomersAndTenants").unwrap()["kind"].as_u64(),
        Some(CLASS)
    );
    assert!(items.iter().all(|i| i["kind"].as_u64() == Some(CLASS)));
    // TIMESPAN: only what the dataset offers.
    let items = at(&mut c, "SELECT MPNId FROM Profile TIMESPAN |");
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["LIFETIME"], "Profile offers LIFETIME only");
    assert!(
        items
            .iter()
            .all(|i| i["kind"].as_u64() == Some(ENUM_MEMBER))
    );
    // Values of a column with known values, after = and IN (.
    let items = at(
        &mut c,
        "SELECT a FROM SeatsSubscriptionsAndRevenue WHERE IsAutoRenew = |",
    );
    let y = labelled(&items, "Y").expect("Y offered");
    assert_eq!(y["kind"].as_u64(), Some(VALUE));
    assert_eq!(y["textEdit"]["newText"], "'Y'");
    let items = at(
        &mut c,
        "SELECT a FROM SeatsSubscriptionsAndRevenue WHERE IsAutoRenew IN (|",
    );
    assert!(labelled(&items, "N").is_some());
    // Keywords where they can stand.
    let items = at(&mut c, "|");
    assert_eq!(
        labelled(&items, "SELECT").unwrap()["kind"].as_u64(),
        Some(KEYWORD)
    );
    let items = at(&mut c, "SELECT CustomerName FROM CustomersAndTenants |");
    for k in ["WHERE", "ORDER BY", "LIMIT", "TIMESPAN"] {
        assert!(labelled(&items, k).is_some(), "{k}");
    }
    assert!(labelled(&items, "CustomerName").is_none());
    c.shutdown();
}

fn hover_text(c: &mut Client, u: &str, line: u32, ch: u32) -> String {
    let r = c.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": u }, "position": pos(line, ch) }),
    );
    r["contents"]["value"].as_str().unwrap_or("").to_string()
}

#[test]
fn hover_tells_what_names_and_diagnostics_mean() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let u = uri(dir.path(), "h.pcql");
    let text = "SELECT IsAutoRenew, PricingLevel, CustomerNmae FROM SeatsSubscriptionsAndRevenue TIMESPAN LAST_MONTH";
    c.open(&u, text);
    let col = |w: &str| text.find(w).unwrap() as u32 + 2;
    let h = hover_text(&mut c, &u, 0, col("IsAutoRenew"));
    assert!(h.contains("column of SeatsSubscriptionsAndRevenue"), "{h}");
    assert!(h.contains("'Y'") && h.contains("'N'"), "{h}");
    let h = hover_text(&mut c, &u, 0, col("PricingLevel"));
    assert!(h.contains("no longer offers"), "{h}");
    let h = hover_text(&mut c, &u, 0, col("SeatsSubscriptionsAndRevenue"));
    assert!(
        h.contains("date ranges:") && h.contains("LAST_MONTH"),
        "{h}"
    );
    let h = hover_text(&mut c, &u, 0, col("CustomerNmae"));
    assert!(h.contains("# PQ2003"), "{h}");
    let h = hover_text(&mut c, &u, 0, col("LAST_MONTH"));
    assert!(h.contains("date range"), "{h}");
    c.shutdown();
}

fn actions(c: &mut Client, u: &str, start: Value, end: Value) -> Vec<Value> {
    let r = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u }, "range": { "start": start, "end": end }, "context": { "diagnostics": [] } }),
    );
    r.as_array().cloned().unwrap_or_default()
}

fn edits_of<'a>(a: &'a Value, u: &str) -> &'a Vec<Value> {
    a["edit"]["changes"][u]
        .as_array()
        .expect("edits for the document")
}

#[test]
fn code_actions_fix_allow_and_fix_all() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let u = uri(dir.path(), "a.pcql");
    let text = "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH;\r\nselect customername from customersandtenants ORDER BY CustomerName timespan last_month";
    c.open(&u, text);
    let acts = actions(&mut c, &u, pos(0, 8), pos(0, 8));
    let fix = acts
        .iter()
        .find(|a| a["kind"] == "quickfix" && edits_of(a, &u)[0]["newText"] == "CustomerName")
        .expect("a quick fix for the typo");
    assert_eq!(fix["diagnostics"][0]["code"], "PQ2003");
    let e = &edits_of(fix, &u)[0];
    assert_eq!(e["range"]["start"], pos(0, 7));
    assert_eq!(e["range"]["end"], pos(0, 19));
    let allow = acts
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Allow PQ2003"))
        .expect("allow this code");
    let e = &edits_of(allow, &u)[0];
    assert_eq!(e["range"]["start"], pos(0, 0));
    assert_eq!(e["newText"], "-- pcql: allow PQ2003\r\n");
    let all = acts
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Fix all safe"))
        .expect("fix all");
    let new = edits_of(all, &u)[0]["newText"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        new.contains("select CustomerName from CustomersAndTenants"),
        "{new}"
    );
    // Unsafe fixes are labelled and not preferred; safe ones are preferred.
    let acts = actions(&mut c, &u, pos(1, 45), pos(1, 80));
    for a in acts.iter().filter(|a| {
        a["kind"] == "quickfix"
            && !a["title"].as_str().unwrap().starts_with("Allow")
            && !a["title"].as_str().unwrap().starts_with("Fix all")
    }) {
        let unsafe_ = a["title"].as_str().unwrap().contains("unsafe");
        assert_eq!(a["isPreferred"], json!(!unsafe_), "{a}");
    }
    // Only source.fixAll when asked for it.
    let r = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u }, "range": { "start": pos(0, 0), "end": pos(0, 0) }, "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    let r = r.as_array().unwrap();
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["kind"], "source.fixAll");
    c.shutdown();
}

#[test]
fn formatting_symbols_and_semantic_tokens() {
    let dir = project();
    let mut c = Client::start(dir.path());
    let u = uri(dir.path(), "f.pcql");
    let text = "select  CustomerName from CustomersAndTenants timespan last_month;\nselect MPNId\n  from Profile;\n";
    c.open(&u, text);
    let edits = c.call(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": u }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let new = edits[0]["newText"].as_str().unwrap();
    assert!(
        new.starts_with("SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH;\n"),
        "{new}"
    );
    let edits = c.call(
        "textDocument/rangeFormatting",
        json!({ "textDocument": { "uri": u }, "range": { "start": pos(1, 0), "end": pos(1, 3) }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(edits[0]["range"]["start"], pos(1, 0));
    assert_eq!(edits[0]["newText"], "SELECT MPNId FROM Profile;");
    let syms = c.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": u } }),
    );
    let names: Vec<&str> = syms
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["CustomersAndTenants", "Profile"]);
    let toks = c.call(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": u } }),
    );
    let data: Vec<u64> = toks["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0);
    // The first token: `select` at 0:0, 6 long, a keyword (index 0 of the legend).
    assert_eq!(&data[..5], &[0, 0, 6, 0, 0]);
    c.shutdown();
}
