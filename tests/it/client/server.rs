//! A loopback server that speaks the analytics API as documented (api.md),
//! statefully, and misbehaves on demand: queued faults, PascalCase envelopes
//! behind a BOM, expiring tokens, paging, rate-limit headers, and a
//! truncated download.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State as AxState;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::{Map, Value, json};

/// Secrets the tests give the client; none may appear in any output.
pub const SENTINEL: &str = "SENTINEL";
pub const PASSWORD: &str = "pw-SENTINEL-1";
pub const CLIENT_SECRET: &str = "sec-SENTINEL-2";
pub const REFRESH: &str = "rt-SENTINEL-3";
pub const STATIC_TOKEN: &str = "tok-SENTINEL-static";
/// The file the blob endpoint serves (after a BOM).
pub const FILE_BODY: &str =
    "CustomerTenantId,CustomerName\n1,Contoso\n2,\"Fabrikam \"\"Inc\"\"\"\n";

/// A fault the next API call (or blob call) meets.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status, an optional Retry-After, and a message.
    Status(u16, Option<&'static str>, &'static str),
    /// Wait this long before answering normally.
    Slow(Duration),
    /// Answer 200 with a body that is not JSON.
    Malformed,
}

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub body: String,
}

#[derive(Default)]
pub struct State {
    pub datasets: Vec<Value>,
    pub queries: Vec<Value>,
    pub reports: Vec<Value>,
    pub polls: HashMap<String, u32>,
    pub tokens: HashSet<String>,
    pub issued: u32,
    pub expires_in: String,
    pub seen: Vec<Seen>,
    pub faults: VecDeque<Fault>,
    pub blob_faults: VecDeque<Fault>,
    pub pascal: bool,
    pub page_size: Option<usize>,
    pub rate_remaining: Option<u32>,
    pub truncate_blob: bool,
    /// Misbehaviour: every page of a listing links back to the first.
    pub loop_next_link: bool,
    pub blob_host: String,
    pub truncating_host: String,
    pub base: String,
    pub next_id: u32,
}

/// A running mock.
pub struct Mock {
    pub addr: SocketAddr,
    pub state: Arc<Mutex<State>>,
}

impl Mock {
    /// Start on 127.0.0.1:0 with the bundled datasets of `family`.
    pub async fn start(family: &str) -> Mock {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut st = State {
            datasets: bundled(family),
            expires_in: "3599".into(),
            base: format!("http://{addr}/insights/v1/{family}/"),
            blob_host: addr.to_string(),
            truncating_host: truncating_server().await.to_string(),
            ..State::default()
        };
        st.tokens.insert(STATIC_TOKEN.into());
        let state = Arc::new(Mutex::new(st));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Mock { addr, state }
    }

    /// The base URL of the API.
    pub fn base(&self) -> String {
        self.state.lock().unwrap().base.clone()
    }

    /// The login authority.
    pub fn authority(&self) -> String {
        format!("http://{}/login", self.addr)
    }

    pub fn fault(&self, f: Fault) {
        self.state.lock().unwrap().faults.push_back(f);
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    /// The API requests seen (not token or blob requests).
    pub fn api_calls(&self) -> Vec<Seen> {
        self.with(|s| {
            s.seen
                .iter()
                .filter(|r| r.path.starts_with("/insights/"))
                .cloned()
                .collect()
        })
    }

    /// Requests whose path contains `part`.
    pub fn calls_to(&self, part: &str) -> Vec<Seen> {
        self.with(|s| {
            s.seen
                .iter()
                .filter(|r| r.path.contains(part))
                .cloned()
                .collect()
        })
    }
}

fn bundled(family: &str) -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(family);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

type Shared = Arc<Mutex<State>>;

async fn handle(
    AxState(state): AxState<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let query = uri.query().unwrap_or("").to_string();
    let params: HashMap<String, String> = url_pairs(&query);
    let authorization = headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_string());
    let body = String::from_utf8_lossy(&body).into_owned();
    let is_blob = path.starts_with("/blob/");
    let fault = {
        let mut s = state.lock().unwrap();
        s.seen.push(Seen {
            method: method.to_string(),
            path: path.clone(),
            query,
            authorization: authorization.clone(),
            body: body.clone(),
        });
        if is_blob {
            s.blob_faults.pop_front()
        } else if path.starts_with("/insights/") {
            s.faults.pop_front()
        } else {
            None
        }
    };
    match fault {
        Some(Fault::Status(code, retry_after, msg)) => {
            let mut r = json_response(
                code,
                json!({"value": null, "message": msg, "statusCode": code}),
                false,
            );
            if let Some(ra) = retry_after {
                r.headers_mut().insert("retry-after", ra.parse().unwrap());
            }
            r.headers_mut().insert(
                "ms-correlationid",
                "c0ffee00-1111-4222-8333-444455556666".parse().unwrap(),
            );
            return r;
        }
        Some(Fault::Slow(d)) => tokio::time::sleep(d).await,
        Some(Fault::Malformed) => {
            return raw(200, "{\"value\": [ {\"queryId\": ", "application/json");
        }
        None => {}
    }
    if path.starts_with("/login/") && path.ends_with("/oauth2/token") {
        return token(&state, &body);
    }
    if is_blob {
        return blob(&params);
    }
    let mut s = state.lock().unwrap();
    let bearer = authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Bearer "));
    if !bearer.is_some_and(|t| s.tokens.contains(t)) {
        return json_response(
            401,
            json!({"message": "Unauthorized", "statusCode": 401}),
            false,
        );
    }
    let rest = path.splitn(5, '/').nth(4).unwrap_or("").to_string();
    let (code, v) = super::api::route(&mut s, &method, &rest, &params, &body);
    let mut r = json_response(code, v, s.pascal);
    if let Some(n) = s.rate_remaining {
        r.headers_mut()
            .insert("x-ratelimit-remaining", n.to_string().parse().unwrap());
    }
    r.headers_mut().insert(
        "ms-correlationid",
        "c0ffee00-1111-4222-8333-444455556666".parse().unwrap(),
    );
    r
}

fn token(state: &Shared, body: &str) -> Response {
    let form = url_pairs(body);
    let mut s = state.lock().unwrap();
    let ok = match form.get("grant_type").map(String::as_str) {
        Some("password") => {
            form.get("password").map(String::as_str) == Some(PASSWORD)
                && form.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET)
        }
        Some("client_credentials") => {
            form.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET)
        }
        Some("refresh_token") => form
            .get("refresh_token")
            .is_some_and(|t| t.starts_with("rt-SENTINEL")),
        _ => false,
    } && form.get("resource").map(String::as_str)
        == Some("https://api.partnercenter.microsoft.com");
    if !ok {
        return json_response(
            400,
            json!({"error": "invalid_grant", "error_description": "AADSTS50126: Error validating credentials.\r\nTrace ID: 1"}),
            false,
        );
    }
    s.issued += 1;
    let t = format!("tok-SENTINEL-{}", s.issued);
    s.tokens.insert(t.clone());
    let rt = format!("rt-SENTINEL-rotated-{}", s.issued);
    json_response(
        200,
        json!({"token_type": "Bearer", "expires_in": s.expires_in, "expires_on": "1700000000", "access_token": t, "refresh_token": rt}),
        false,
    )
}

fn blob(params: &HashMap<String, String>) -> Response {
    if params.get("sig").map(String::as_str) != Some("SAS-SENTINEL") {
        return raw(
            403,
            "<Error><Code>AuthenticationFailed</Code></Error>",
            "application/xml",
        );
    }
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend_from_slice(FILE_BODY.as_bytes());
    Response::builder()
        .status(200)
        .header("content-type", "text/csv")
        .body(Body::from(body))
        .unwrap()
}

/// A raw blob server that misbehaves: the answer to request `i` breaks off
/// after `cuts[i]` bytes of its body (the connection closes; no entry: the
/// whole body), and a `Range: bytes=N-` request gets a `206` from `N` when
/// `ranges` (else the whole body again). Returns its address and the
/// `Range` header of each request.
pub async fn cutting_server(
    body: Vec<u8>,
    cuts: Vec<usize>,
    ranges: bool,
) -> (SocketAddr, Arc<Mutex<Vec<Option<String>>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        let mut cuts = VecDeque::from(cuts);
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            let n = sock.read(&mut buf).await.unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]).to_string();
            let range = req.lines().find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("range:")
                    .map(|v| v.trim().to_string())
            });
            log.lock().unwrap().push(range.clone());
            let from = range
                .as_deref()
                .filter(|_| ranges)
                .and_then(|r| r.strip_prefix("bytes="))
                .and_then(|r| r.strip_suffix('-'))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0)
                .min(body.len());
            let rest = &body[from..];
            let head = if from > 0 {
                format!(
                    "HTTP/1.1 206 Partial Content\r\ncontent-type: text/csv\r\ncontent-length: {}\r\ncontent-range: bytes {from}-{}/{}\r\nconnection: close\r\n\r\n",
                    rest.len(),
                    body.len() - 1,
                    body.len()
                )
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    rest.len()
                )
            };
            let send = cuts.pop_front().unwrap_or(rest.len()).min(rest.len());
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&rest[..send]).await;
            let _ = sock.shutdown().await;
        }
    });
    (addr, seen)
}

pub fn url_pairs(q: &str) -> HashMap<String, String> {
    let u = reqwest::Url::parse(&format!("http://x/?{q}")).unwrap();
    u.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// A raw server that announces more bytes than it sends, then closes.
async fn truncating_server() -> SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = vec![0u8; 4096];
            let _ = sock.read(&mut buf).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 1000\r\n\r\n";
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&FILE_BODY.as_bytes()[..20]).await;
            let _ = sock.shutdown().await;
        }
    });
    addr
}

fn raw(code: u16, body: &str, ct: &str) -> Response {
    Response::builder()
        .status(code)
        .header("content-type", ct)
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn json_response(code: u16, v: Value, pascal: bool) -> Response {
    let text = if pascal {
        format!("\u{feff}{}", pascalize(v))
    } else {
        v.to_string()
    };
    Response::builder()
        .status(StatusCode::from_u16(code).unwrap())
        .header("content-type", "application/json; charset=utf-8")
        .body(Body::from(text))
        .unwrap()
}

/// Envelope and item keys in PascalCase (row keys of try results too: harmless).
fn pascalize(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let m: Map<String, Value> = m
                .into_iter()
                .map(|(k, v)| {
                    let mut c = k.chars();
                    let k = c
                        .next()
                        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                        .unwrap_or_default();
                    (k, pascalize(v))
                })
                .collect();
            Value::Object(m)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(pascalize).collect()),
        other => other,
    }
}
