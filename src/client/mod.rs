//! The analytics REST API client (feature `client`).
//!
//! One [`Client`] per API family and base URL. Queries are checked offline
//! before they are sent: [`Client::create_query`] and [`Client::try_query`]
//! refuse a query with errors with [`Error::Invalid`], carrying the same
//! diagnostics `pcql check` prints, and make no request at all. The
//! `unchecked_*` methods skip the check for callers who know better.
//!
//! ```no_run
//! # async fn demo() -> Result<(), pcql::client::Error> {
//! use pcql::client::{Client, Credentials, Family, Secret};
//! let client = Client::builder(Family::Mpn)
//!     .credentials(Credentials::Bearer(Secret::new("…")))
//!     .build()?;
//! let datasets = client.datasets(None).await?;
//! // Checked offline first: a query with errors is refused before any request.
//! let checked = client.check_text("SELECT CustomerTenantId FROM CustomersAndTenants TIMESPAN LAST_MONTH")?;
//! let q = client.create_query("seats", None, &checked).await?;
//! // Or in one step from text:
//! let q2 = client.create_query_text("seats", None, "SELECT CustomerName FROM CustomersAndTenants").await?;
//! # Ok(()) }
//! ```

mod auth;
mod decode;
mod download;
mod endpoints;
pub mod env;
mod errors;
mod execution;
mod http;
mod requests;
mod time;
mod types;
pub mod validate;
mod wait;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use auth::{Credentials, DEFAULT_AUTHORITY, DEFAULT_RESOURCE, Secret, TokenCache};
pub use download::Downloaded;
pub use errors::{ApiError, ApiErrorKind, Error};
pub use execution::{Execution, ExecutionStatus, SecretUrl};
pub use requests::{
    CallbackMethod, CreateQuery, CreateReport, ExecutionFilter, Format, QueryFilter, ReportFilter,
    ReportSettingsBody, TryTarget, TryWindow, UpdateReport,
};
pub use time::{parse_http_date, rfc3339};
pub use types::{DatasetInfo, Listing, QueryInfo, Report, ReportSettings, TryResult};
pub use validate::{Family, Validation};
pub use wait::{Executions, WaitOptions, WaitProgress};

/// The production host.
pub const DEFAULT_HOST: &str = "https://api.partnercenter.microsoft.com";

/// The API version in the path (`insights/v1/…` or `insights/v1.1/…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// `v1`: MPN, and CMP in the 2021–2022 pages.
    V1,
    /// `v1.1`: CMP in the newest pages.
    V1_1,
}

impl ApiVersion {
    /// `v1` or `v1.1`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1",
            ApiVersion::V1_1 => "v1.1",
        }
    }
}

/// Retries of idempotent calls (GET, PUT, DELETE) on 429, 5xx and
/// connection failures, and of POST calls only on 429 and on 503 with a
/// `Retry-After` (answers that say the request was not processed; after a
/// timeout or another 5xx it may have been, and a retry could create
/// twice): exponential backoff from `base`, capped at `max_backoff`, with
/// jitter (50–100 % of the step); a `Retry-After` is honoured, and one
/// longer than `max_retry_after` ends the retries.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff step.
    pub base: Duration,
    /// The largest backoff step.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client waits for.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// Timeouts, retries and pacing.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Each API call, from sending to the end of the answer (the service's
    /// own query timeout is 100 s, so the default is 120 s).
    pub timeout: Duration,
    /// A download waits at most this long for each chunk.
    pub read_timeout: Duration,
    /// Retries.
    pub retry: RetryPolicy,
    /// When `X-RateLimit-Remaining` falls to this or below…
    pub rate_limit_low: u32,
    /// …wait this long before the next call.
    pub rate_limit_pause: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timeout: Duration::from_secs(120),
            read_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            rate_limit_low: 1,
            rate_limit_pause: Duration::from_secs(2),
        }
    }
}

struct Inner {
    family: Family,
    base: reqwest::Url,
    http: reqwest::Client,
    auth: Option<TokenCache>,
    config: Config,
    validation: Validation,
    rate: Mutex<Option<(u32, Instant)>>,
}

/// A client of one API family at one base URL. Cheap to clone; clones share
/// the connection pool and the token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("family", &self.inner.family)
            .field("base", &self.inner.base.as_str())
            .field("auth", &self.inner.auth)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    family: Family,
    version: Option<ApiVersion>,
    base_url: Option<String>,
    authority: String,
    resource: String,
    credentials: Option<Credentials>,
    config: Config,
    validation: Validation,
}

impl Client {
    /// Start building a client of `family`.
    pub fn builder(family: Family) -> ClientBuilder {
        ClientBuilder {
            family,
            version: None,
            base_url: None,
            authority: DEFAULT_AUTHORITY.to_string(),
            resource: DEFAULT_RESOURCE.to_string(),
            credentials: None,
            config: Config::default(),
            validation: Validation::default(),
        }
    }

    /// The family.
    pub fn family(&self) -> Family {
        self.inner.family
    }

    /// The base URL every path is joined to (ends with `/`).
    pub fn base_url(&self) -> &str {
        self.inner.base.as_str()
    }
}

impl ClientBuilder {
    /// The API version (default: v1 for MPN, v1.1 for CMP).
    pub fn api_version(mut self, v: ApiVersion) -> Self {
        self.version = Some(v);
        self
    }

    /// A base URL instead of the documented one (required for apps & games,
    /// whose URL is not documented; useful for tests and sovereign clouds).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The login authority (default `https://login.microsoftonline.com`).
    pub fn authority(mut self, url: impl Into<String>) -> Self {
        self.authority = url.into();
        self
    }

    /// The token resource (default `https://api.partnercenter.microsoft.com`).
    pub fn resource(mut self, r: impl Into<String>) -> Self {
        self.resource = r.into();
        self
    }

    /// How to get tokens.
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(c);
        self
    }

    /// Timeouts, retries and pacing.
    pub fn config(mut self, c: Config) -> Self {
        self.config = c;
        self
    }

    /// The per-call timeout.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.config.timeout = t;
        self
    }

    /// Whether and how queries are checked before they are sent.
    pub fn validation(mut self, v: Validation) -> Self {
        self.validation = v;
        self
    }

    /// The documented base URL of a family and version, if there is one.
    pub fn default_base(family: Family, version: ApiVersion) -> Option<String> {
        let seg = match family {
            Family::Mpn => "mpn",
            Family::Cmp => "cmp",
            Family::AppsGames => return None,
        };
        Some(format!(
            "{DEFAULT_HOST}/insights/{}/{seg}/",
            version.as_str()
        ))
    }

    /// Build the client.
    pub fn build(self) -> Result<Client, Error> {
        let version = self.version.unwrap_or(match self.family {
            Family::Cmp => ApiVersion::V1_1,
            _ => ApiVersion::V1,
        });
        let base = match self
            .base_url
            .or_else(|| Self::default_base(self.family, version))
        {
            Some(b) => b,
            None => {
                return Err(Error::Config(format!(
                    "the {} API's base URL is not documented; give one (--base-url)",
                    self.family
                )));
            }
        };
        let base = if base.ends_with('/') {
            base
        } else {
            format!("{base}/")
        };
        let base = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("base URL {base}: {e}")))?;
        let http = reqwest::Client::builder()
            .connect_timeout(self.config.timeout)
            .user_agent(concat!("pcql/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(e.to_string()))?;
        let auth = self
            .credentials
            .map(|c| TokenCache::new(c, &self.authority, &self.resource));
        Ok(Client {
            inner: Arc::new(Inner {
                family: self.family,
                base,
                http,
                auth,
                config: self.config,
                validation: self.validation,
                rate: Mutex::new(None),
            }),
        })
    }
}
