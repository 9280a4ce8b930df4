//! Integration tests: the API client against a loopback server that speaks
//! the documented API (`server.rs`, `api.rs`) and misbehaves on demand.

mod api;
mod auth;
mod cli;
mod download;
mod flow;
mod gate;
mod project;
mod pull;
mod robust;
mod server;

use std::time::Duration;

use pcql::client::{Client, Config, Credentials, Family, RetryPolicy, Secret};
use server::{Mock, STATIC_TOKEN};

/// Short timeouts and a backoff of a few milliseconds: a fast suite.
pub fn fast_config() -> Config {
    Config {
        timeout: Duration::from_millis(400),
        read_timeout: Duration::from_millis(400),
        retry: RetryPolicy {
            max_retries: 3,
            base: Duration::from_millis(2),
            max_backoff: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(2),
        },
        rate_limit_low: 1,
        rate_limit_pause: Duration::from_millis(150),
    }
}

/// A client of `mock` with the static token.
pub fn client(mock: &Mock, family: Family) -> Client {
    Client::builder(family)
        .base_url(mock.base())
        .credentials(Credentials::Bearer(Secret::new(STATIC_TOKEN)))
        .config(fast_config())
        .build()
        .unwrap()
}

/// Panic if `text` holds a secret sentinel.
pub fn assert_no_secret(text: &str) {
    assert!(!text.contains(server::SENTINEL), "a secret leaked: {text}");
}

/// The names of the entries of `dir`, sorted.
pub fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}
