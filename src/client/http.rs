//! Sending one call: the bearer token, a timeout on every attempt, retries
//! with backoff and jitter (idempotent calls on 429, 5xx and network
//! failures, and a 2xx answer whose JSON is cut short; POST only on 429 and
//! 503 with `Retry-After`), `Retry-After`, one
//! token renewal on 401, pacing on `X-RateLimit-Remaining`, and error answers
//! turned into [`ApiError`]s.

use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, Response, Url};

use super::auth::Secret;
use super::errors::{ApiError, Error};
use super::{Client, decode, time};

/// One call to make.
pub(crate) struct Call {
    pub method: Method,
    /// For messages: `GET ScheduledDataset`.
    pub endpoint: String,
    pub url: Url,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
    /// Send the bearer token (false for the download link).
    pub auth: bool,
    /// The URL is a secret: keep the answer's body out of errors too.
    pub secret_url: bool,
    /// Ask for the bytes from this offset on (`Range: bytes=N-`).
    pub range_from: Option<u64>,
}

/// A successful answer.
pub(crate) struct Answer {
    pub status: u16,
    pub correlation_id: Option<String>,
    /// The body, when it was read.
    pub body: Vec<u8>,
    /// The unread response, when the caller streams it.
    pub response: Option<Response>,
}

/// Whether `body` starts like JSON (after whitespace and a byte-order mark)
/// but is not JSON: an answer cut short.
fn cut_json(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let Some(&first) = body.iter().find(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    matches!(first, b'{' | b'[' | b'"')
        && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err()
}

enum Outcome {
    Answer(Box<(Answer, HeaderMap)>),
    Failed { message: String, timeout: bool },
}

impl Client {
    /// Make `call`, retrying as configured; read the whole body if `read`.
    pub(crate) async fn send(&self, call: &Call, read: bool) -> Result<Answer, Error> {
        let cfg = &self.inner.config;
        let idempotent = call.method != Method::POST;
        let mut attempt = 0u32;
        let mut stale: Option<Secret> = None;
        let mut renewed = false;
        loop {
            self.pace().await;
            let token = match (&self.inner.auth, call.auth) {
                (Some(a), true) => Some(
                    a.token(&self.inner.http, stale.as_ref(), cfg.timeout)
                        .await?,
                ),
                _ => None,
            };
            let can_retry = attempt < cfg.retry.max_retries;
            match self.attempt(call, token.as_ref(), read).await {
                Outcome::Failed { message, timeout } => {
                    // The request may have been processed: only an
                    // idempotent call is sent again.
                    if idempotent && can_retry {
                        tokio::time::sleep(self.backoff(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    let endpoint = call.endpoint.clone();
                    return Err(Error::Network {
                        endpoint,
                        message,
                        timeout,
                    });
                }
                Outcome::Answer(boxed) => {
                    let (ans, headers) = *boxed;
                    self.observe_rate(&headers);
                    let status = ans.status;
                    let renewable = self.inner.auth.as_ref().is_some_and(|a| a.renewable());
                    if status == 401 && token.is_some() && renewable && !renewed {
                        renewed = true;
                        stale = token;
                        continue;
                    }
                    if can_retry
                        && let Some(wait) = self.retry_wait(idempotent, status, &headers, attempt)
                    {
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    // A 2xx whose JSON was cut (a proxy or the service
                    // dropped the end) is a fault of the answer, not of the
                    // call: an idempotent call is sent again, like on a 5xx.
                    if (200..300).contains(&status)
                        && read
                        && idempotent
                        && can_retry
                        && cut_json(&ans.body)
                    {
                        tokio::time::sleep(self.backoff(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    if (200..300).contains(&status) {
                        return Ok(ans);
                    }
                    return Err(self.api_error(call, ans).await);
                }
            }
        }
    }

    /// One attempt under the call timeout.
    async fn attempt(&self, call: &Call, token: Option<&Secret>, read: bool) -> Outcome {
        let http = &self.inner.http;
        let mut req = http.request(call.method.clone(), call.url.clone());
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t.expose());
        }
        if let Some(from) = call.range_from {
            req = req.header(reqwest::header::RANGE, format!("bytes={from}-"));
        }
        if let Some(b) = &call.body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b.clone());
        } else if call.method == Method::PUT || call.method == Method::POST {
            req = req.header(reqwest::header::CONTENT_LENGTH, "0");
        }
        let work = async {
            let resp = req.send().await?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let correlation_id = correlation(&headers);
            let (body, response) = if read || !(200..300).contains(&status) {
                (resp.bytes().await?.to_vec(), None)
            } else {
                (Vec::new(), Some(resp))
            };
            let ans = Answer {
                status,
                correlation_id,
                body,
                response,
            };
            Ok::<_, reqwest::Error>((ans, headers))
        };
        match tokio::time::timeout(self.inner.config.timeout, work).await {
            Err(_) => Outcome::Failed {
                message: format!("no answer within {:?}", self.inner.config.timeout),
                timeout: true,
            },
            Ok(Err(e)) => Outcome::Failed {
                timeout: e.is_timeout(),
                message: network_message(e),
            },
            Ok(Ok(pair)) => Outcome::Answer(Box::new(pair)),
        }
    }

    async fn api_error(&self, call: &Call, ans: Answer) -> Error {
        let message = if call.secret_url {
            "the download link was refused (it may have expired; fetch the execution again)".into()
        } else {
            decode::error_message(&ans.body)
        };
        Error::Api(ApiError::new(
            &call.endpoint,
            ans.status,
            message,
            ans.correlation_id,
        ))
    }

    /// The wait before retrying an answer of `status`, or `None` when it is
    /// not retried: its `Retry-After` (unless longer than the policy's
    /// `max_retry_after`), else the backoff of `attempt`.
    fn retry_wait(
        &self,
        idempotent: bool,
        status: u16,
        headers: &HeaderMap,
        attempt: u32,
    ) -> Option<Duration> {
        let after = headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(time::retry_after);
        if !retryable(idempotent, status, after.is_some()) {
            return None;
        }
        match after {
            Some(w) if w > self.inner.config.retry.max_retry_after => None,
            Some(w) => Some(w),
            None => Some(self.backoff(attempt)),
        }
    }

    /// The wait before retry number `attempt + 1`: exponential, capped, jittered.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let r = &self.inner.config.retry;
        let step = r
            .base
            .saturating_mul(1u32 << attempt.min(16))
            .min(r.max_backoff);
        let frac = 0.5 + (time::random_u64() % 1000) as f64 / 2000.0;
        step.mul_f64(frac)
    }

    fn observe_rate(&self, headers: &HeaderMap) {
        let remaining = headers
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u32>().ok());
        if let Some(n) = remaining
            && let Ok(mut g) = self.inner.rate.lock()
        {
            *g = Some((n, Instant::now()));
        }
    }

    /// Wait a little when the last answer said the quota is nearly spent.
    async fn pace(&self) {
        let cfg = &self.inner.config;
        let low = match self.inner.rate.lock() {
            Ok(mut g) => match *g {
                Some((n, at))
                    if n <= cfg.rate_limit_low && at.elapsed() < Duration::from_secs(60) =>
                {
                    *g = None;
                    true
                }
                _ => false,
            },
            Err(_) => false,
        };
        if low {
            tokio::time::sleep(cfg.rate_limit_pause).await;
        }
    }

    /// `path` joined to the base URL.
    pub(crate) fn url(&self, path: &str) -> Result<Url, Error> {
        self.inner
            .base
            .join(path)
            .map_err(|e| Error::Config(format!("URL for {path}: {e}")))
    }
}

/// Whether an answer of `status` is worth sending the call again. An
/// idempotent call: on 429 and any 5xx. A POST (which creates): only when the
/// answer says the request was not processed, 429, or 503 with a
/// `Retry-After`; after another 5xx it may have been, and a retry could
/// create twice.
fn retryable(idempotent: bool, status: u16, has_retry_after: bool) -> bool {
    match status {
        429 => true,
        503 if has_retry_after => true,
        500..=599 => idempotent,
        _ => false,
    }
}

fn correlation(headers: &HeaderMap) -> Option<String> {
    [
        "ms-correlationid",
        "x-ms-correlation-id",
        "x-correlation-id",
    ]
    .iter()
    .find_map(|h| headers.get(*h))
    .and_then(|v| v.to_str().ok())
    .map(str::to_string)
}

/// A network error of `endpoint` (the URL left out).
pub(crate) fn net_error(endpoint: &str, e: reqwest::Error) -> Error {
    Error::Network {
        endpoint: endpoint.into(),
        timeout: e.is_timeout(),
        message: network_message(e),
    }
}

/// A reqwest error as text, without its URL (which may be a secret link).
fn network_message(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut s = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::retryable;
    use crate::client::{Client, Config, Family, RetryPolicy};

    #[test]
    fn post_is_retried_only_when_the_answer_says_it_was_not_processed() {
        for status in [429, 500, 502, 503, 504] {
            assert!(retryable(true, status, false), "{status}");
        }
        assert!(retryable(false, 429, false));
        assert!(retryable(false, 503, true));
        for status in [500, 502, 503, 504] {
            assert!(!retryable(false, status, false), "{status}");
        }
        assert!(!retryable(false, 500, true));
        assert!(!retryable(true, 400, true));
        assert!(!retryable(true, 404, false));
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let retry = RetryPolicy {
            base: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        let c = Client::builder(Family::Mpn)
            .config(Config {
                retry,
                ..Config::default()
            })
            .build()
            .unwrap();
        for _ in 0..50 {
            let first = c.backoff(0);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = c.backoff(2);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            assert!(c.backoff(30) <= Duration::from_millis(1000));
        }
        let spread: std::collections::HashSet<_> = (0..20).map(|_| c.backoff(3)).collect();
        assert!(spread.len() > 1, "jitter varies the waits");
    }
}
