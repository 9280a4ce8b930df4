//! The mock's API behaviour, per api.md §4–§8: datasets, queries (created
//! ones can be tried), reports, and executions that move Pending → Running →
//! Completed over polls.

use std::collections::HashMap;

use axum::http::Method;
use serde_json::{Map, Value, json};

use super::server::State;

type Answer = (u16, Value);

fn ok(items: Vec<Value>, message: Option<&str>) -> Answer {
    let n = items.len();
    (
        200,
        json!({"value": items, "nextLink": null, "totalCount": n, "message": message, "statusCode": 200, "dataRedacted": false}),
    )
}

fn err(code: u16, message: &str) -> Answer {
    (
        code,
        json!({"value": null, "message": message, "statusCode": code}),
    )
}

/// The value of `key` in a body whose keys may be in any case.
fn field<'a>(body: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    body.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn guid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

pub fn route(
    s: &mut State,
    method: &Method,
    rest: &str,
    p: &HashMap<String, String>,
    body: &str,
) -> Answer {
    let parts: Vec<&str> = rest.split('/').collect();
    let body: Map<String, Value> = serde_json::from_str(body).unwrap_or_default();
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["ScheduledDataset"]) => {
            let name = p.get("datasetName");
            let items = s
                .datasets
                .iter()
                .filter(|d| {
                    name.is_none_or(|n| {
                        d["datasetName"]
                            .as_str()
                            .is_some_and(|x| x.eq_ignore_ascii_case(n))
                    })
                })
                .cloned()
                .collect();
            ok(items, Some("Dataset fetched successfully"))
        }
        ("POST", ["ScheduledQueries"]) => create_query(s, &body),
        ("GET", ["ScheduledQueries"]) => list_queries(s, p),
        ("GET", ["ScheduledQueries", "testQueryResult"]) => try_query(s, p),
        ("DELETE", ["ScheduledQueries", id]) => {
            match s.queries.iter().position(|q| q["queryId"] == *id) {
                Some(i) => ok(
                    vec![s.queries.remove(i)],
                    Some("Query deleted successfully"),
                ),
                None => err(400, "Invalid QueryId"),
            }
        }
        ("POST", ["ScheduledReport"]) => create_report(s, &body),
        ("GET", ["ScheduledReport"]) => {
            let keep = |r: &&Value| {
                ["reportId", "reportName", "queryId"]
                    .iter()
                    .all(|k| p.get(*k).is_none_or(|v| r[*k] == *v.as_str()))
            };
            ok(s.reports.iter().filter(keep).cloned().collect(), None)
        }
        ("PUT", ["ScheduledReport", verb @ ("pause" | "resume"), id]) => {
            let status = if *verb == "pause" { "Paused" } else { "Active" };
            match s.reports.iter_mut().find(|r| r["reportId"] == *id) {
                Some(r) => {
                    r["reportStatus"] = json!(status);
                    ok(vec![r.clone()], None)
                }
                None => err(404, "No item found with given filters."),
            }
        }
        ("PUT", ["ScheduledReport", id]) => {
            match s.reports.iter_mut().find(|r| r["reportId"] == *id) {
                Some(r) => {
                    for (k, f) in [
                        ("reportName", "ReportName"),
                        ("description", "Description"),
                        ("startTime", "StartTime"),
                        ("recurrenceInterval", "RecurrenceInterval"),
                        ("recurrenceCount", "RecurrenceCount"),
                    ] {
                        if let Some(v) = field(&body, f) {
                            r[k] = v.clone();
                        }
                    }
                    ok(vec![r.clone()], None)
                }
                None => err(404, "No item found with given filters."),
            }
        }
        ("DELETE", ["ScheduledReport", id]) => {
            match s.reports.iter().position(|r| r["reportId"] == *id) {
                Some(i) => ok(vec![s.reports.remove(i)], None),
                None => err(404, "No item found with given filters."),
            }
        }
        ("GET", ["ScheduledReport", "execution", id]) => executions(s, id, p),
        _ => err(404, "Not found"),
    }
}

/// 400 "Invalid table name" / "Incorrect column name", as the service does.
fn check_text(s: &State, text: &str) -> Result<(Vec<String>, String), Answer> {
    let upper = text.to_ascii_uppercase();
    let (Some(sel), Some(from)) = (upper.find("SELECT"), upper.find(" FROM ")) else {
        return Err(err(400, "Query is not in the expected format"));
    };
    let cols: Vec<String> = text[sel + 6..from]
        .split(',')
        .map(|c| c.trim().to_string())
        .collect();
    let table = text[from + 6..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(';')
        .to_string();
    let Some(ds) = s.datasets.iter().find(|d| {
        d["datasetName"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(&table))
    }) else {
        return Err(err(400, "Invalid table name"));
    };
    let known = |c: &str| {
        ["selectableColumns", "availableMetrics"].iter().any(|k| {
            ds[*k].as_array().is_some_and(|a| {
                a.iter()
                    .any(|x| x.as_str().is_some_and(|x| x.eq_ignore_ascii_case(c)))
            })
        })
    };
    if let Some(bad) = cols.iter().find(|c| !known(c)) {
        let _ = bad;
        return Err(err(400, "Incorrect column name"));
    }
    Ok((cols, table))
}

fn create_query(s: &mut State, body: &Map<String, Value>) -> Answer {
    let (Some(Value::String(name)), Some(Value::String(text))) =
        (field(body, "Name"), field(body, "Query"))
    else {
        return err(400, "Null or missing value");
    };
    if let Err(e) = check_text(s, text) {
        return e;
    }
    s.next_id += 1;
    let q = json!({"queryId": guid(s.next_id), "name": name, "description": field(body, "Description"), "query": text, "type": "userDefined", "user": "someone@example.com", "createdTime": "2026-11-28T07:00:00Z"});
    s.queries.push(q.clone());
    ok(vec![q], Some("Query created successfully"))
}

fn list_queries(s: &State, p: &HashMap<String, String>) -> Answer {
    let mut all: Vec<Value> = vec![
        json!({"queryId": "b9df4929-073f-4795-b0cb-a2c81b11e28d", "name": "Customers", "query": "SELECT CustomerTenantId FROM CustomersAndTenants", "type": "system"}),
    ];
    all.extend(s.queries.iter().cloned());
    if p.get("includeOnlySystemQueries")
        .is_some_and(|v| v == "true")
    {
        all.retain(|q| q["type"] == "system");
    }
    if p.get("includeSystemQueries").is_some_and(|v| v == "false") {
        all.retain(|q| q["type"] != "system");
    }
    if let Some(id) = p.get("queryId") {
        all.retain(|q| q["queryId"] == *id.as_str());
    }
    let Some(size) = s.page_size else {
        return ok(all, None);
    };
    let skip: usize = p.get("skip").and_then(|x| x.parse().ok()).unwrap_or(0);
    let page: Vec<Value> = all.iter().skip(skip).take(size).cloned().collect();
    let mut a = ok(page, None);
    if s.loop_next_link {
        // Misbehaving: every page links to the first one again.
        a.1["nextLink"] = json!(format!("{}ScheduledQueries?skip=0", s.base));
    } else if skip + size < all.len() {
        a.1["nextLink"] = json!(format!("{}ScheduledQueries?skip={}", s.base, skip + size));
    }
    a
}

fn try_query(s: &State, p: &HashMap<String, String>) -> Answer {
    let text = match (p.get("exportQuery"), p.get("queryId")) {
        (Some(t), None) => t.clone(),
        (None, Some(id)) => match s.queries.iter().find(|q| q["queryId"] == *id.as_str()) {
            Some(q) => q["query"].as_str().unwrap_or("").to_string(),
            None => return err(400, "Invalid QueryId"),
        },
        _ => return err(400, "Pass exportQuery or queryId"),
    };
    let (cols, _) = match check_text(s, &text) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let rows = (1..=3)
        .map(|i| {
            Value::Object(
                cols.iter()
                    .map(|c| (c.clone(), json!(format!("{c}-{i}"))))
                    .collect(),
            )
        })
        .collect();
    let mut a = ok(rows, None);
    a.1["message"] = Value::Null;
    a
}

fn create_report(s: &mut State, body: &Map<String, Value>) -> Answer {
    let (Some(Value::String(name)), Some(Value::String(qid))) =
        (field(body, "ReportName"), field(body, "QueryId"))
    else {
        return err(400, "Null or missing value");
    };
    let Some(q) = s
        .queries
        .iter()
        .find(|q| q["queryId"] == *qid.as_str())
        .cloned()
    else {
        return err(400, "Invalid QueryId");
    };
    let now = field(body, "ExecuteNow")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let (interval, count) = if now {
        (json!(-1), json!(1))
    } else {
        let i = field(body, "RecurrenceInterval")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if !(4..=2160).contains(&i) {
            return err(400, "Recurrence Interval must be between 4 and 2160");
        }
        // The dataset's minimumRecurrenceInterval bounds it too.
        let text = q["query"].as_str().unwrap_or("");
        let words: Vec<&str> = text.split_whitespace().collect();
        let from = words
            .iter()
            .position(|w| w.eq_ignore_ascii_case("FROM"))
            .and_then(|p| words.get(p + 1));
        let min = from.and_then(|f| {
            s.datasets
                .iter()
                .find(|d| {
                    d["datasetName"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(f))
                })
                .and_then(|d| d["minimumRecurrenceInterval"].as_i64())
        });
        if let Some(min) = min.filter(|m| i < *m) {
            return err(
                400,
                &format!("Recurrence Interval must be at least {min} hours for this dataset"),
            );
        }
        (
            json!(i),
            field(body, "RecurrenceCount")
                .cloned()
                .unwrap_or(json!(null)),
        )
    };
    s.next_id += 1;
    let id = guid(1000 + s.next_id);
    let r = json!({"reportId": id, "reportName": name, "description": field(body, "Description"), "queryId": qid, "query": q["query"], "user": "someone@example.com", "createdTime": "2026-11-28T07:00:00Z", "modifiedTime": null, "executeNow": now, "queryStartTime": null, "queryEndTime": null, "startTime": "2026-11-28T07:00:00Z", "reportStatus": "Active", "recurrenceInterval": interval, "recurrenceCount": count, "callbackUrl": null, "callbackMethod": null, "format": "csv"});
    s.reports.push(r.clone());
    s.polls.insert(id, 0);
    ok(vec![r], Some("Report created successfully"))
}

fn executions(s: &mut State, id: &str, p: &HashMap<String, String>) -> Answer {
    let Some(polls) = s.polls.get_mut(id) else {
        return err(404, "No item found with given filters.");
    };
    *polls += 1;
    let status = match *polls {
        1 => "Pending",
        2 => "Running",
        _ => "Completed",
    };
    let wanted = p
        .get("executionStatus")
        .cloned()
        .unwrap_or_else(|| "Completed".into());
    if !wanted.split(';').any(|w| w.eq_ignore_ascii_case(status)) {
        return err(
            404,
            "There are no executions that have occurred for the given filter conditions. Please retry after the report's scheduled execution time.",
        );
    }
    let exec_id = format!("e-{id}");
    let host = if s.truncate_blob {
        &s.truncating_host
    } else {
        &s.blob_host
    };
    let done = status == "Completed";
    let link = done.then(|| format!("http://{host}/blob/{exec_id}?sv=2020&sig=SAS-SENTINEL"));
    let e = json!({"executionId": exec_id, "reportId": id, "recurrenceInterval": "-1", "recurrenceCount": "1", "callbackUrl": null, "callbackMethod": null, "format": "csv", "executionStatus": status, "reportLocation": null, "reportAccessSecureLink": link, "reportExpiryTime": null, "reportGeneratedTime": done.then_some("2026-11-28T07:05:00Z")});
    let mut a = ok(vec![e], None);
    a.1["message"] = Value::Null;
    a
}
