//! Bearer tokens: where they come from and how they are kept.
//!
//! A [`Credentials`] value says how to get a token (a static bearer token, the
//! password grant used by Partner Insights, client credentials, or a refresh
//! token) against the v1 AAD endpoint `{authority}/{tenant}/oauth2/token`.
//! [`TokenCache`] keeps the token and renews it five minutes before it expires;
//! it is shared by every concurrent call (a tokio mutex), so only one renewal
//! runs at a time. Secrets print as `***` in `Debug` and never reach errors.

use std::fmt;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::Mutex;

use super::errors::Error;
use super::http::net_error;

/// The default login authority.
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";
/// The default token resource (audience).
pub const DEFAULT_RESOURCE: &str = "https://api.partnercenter.microsoft.com";
/// How long before expiry a cached token is renewed.
pub const RENEW_EARLY: Duration = Duration::from_secs(300);

/// A secret string: a token, a password or a client secret. Its `Debug` and
/// `Display` print `***`; read it with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

/// How to get a bearer token.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A token obtained elsewhere; it cannot be renewed.
    Bearer(Secret),
    /// `grant_type=password` (Partner Insights: app + user).
    Password {
        /// The AAD tenant id.
        tenant: String,
        /// The app (client) id.
        client_id: String,
        /// The app secret.
        client_secret: Secret,
        /// The user principal name.
        username: String,
        /// The user's password.
        password: Secret,
    },
    /// `grant_type=client_credentials` (commercial marketplace).
    ClientCredentials {
        /// The AAD tenant id.
        tenant: String,
        /// The app (client) id.
        client_id: String,
        /// The app secret.
        client_secret: Secret,
    },
    /// `grant_type=refresh_token`.
    RefreshToken {
        /// The AAD tenant id.
        tenant: String,
        /// The app (client) id.
        client_id: String,
        /// The app secret, for confidential apps.
        client_secret: Option<Secret>,
        /// The refresh token.
        refresh_token: Secret,
    },
}

impl Credentials {
    /// Whether a new token can be fetched (everything but a static token).
    pub fn renewable(&self) -> bool {
        !matches!(self, Credentials::Bearer(_))
    }
}

/// A token answer of the v1 endpoint. `expires_in` arrives as a string.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    #[serde(default, deserialize_with = "super::decode::de_opt_i64")]
    expires_in: Option<i64>,
    refresh_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

#[derive(Clone)]
struct Cached {
    token: Secret,
    renew_at: Option<Instant>,
}

/// A token source with a cache shared by concurrent calls.
pub struct TokenCache {
    creds: Credentials,
    authority: String,
    resource: String,
    state: Mutex<(Option<Cached>, Option<Secret>)>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("creds", &self.creds)
            .field("authority", &self.authority)
            .field("resource", &self.resource)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    /// A cache for `creds` against `authority` for `resource`.
    pub fn new(creds: Credentials, authority: &str, resource: &str) -> Self {
        TokenCache {
            creds,
            authority: authority.trim_end_matches('/').to_string(),
            resource: resource.to_string(),
            state: Mutex::new((None, None)),
        }
    }

    /// Whether a 401 can be answered by fetching a new token.
    pub fn renewable(&self) -> bool {
        self.creds.renewable()
    }

    /// A valid token (a token request waits at most `timeout`): the cached one, or a new one when it is missing, due for
    /// renewal, or `stale` (the token the API just refused with 401).
    pub async fn token(
        &self,
        http: &reqwest::Client,
        stale: Option<&Secret>,
        timeout: Duration,
    ) -> Result<Secret, Error> {
        let mut state = self.state.lock().await;
        if let Some(c) = &state.0 {
            let due = c.renew_at.is_some_and(|t| Instant::now() >= t);
            let refused = stale.is_some_and(|s| s == &c.token);
            if !due && !refused {
                return Ok(c.token.clone());
            }
        }
        if let Credentials::Bearer(t) = &self.creds {
            state.0 = Some(Cached {
                token: t.clone(),
                renew_at: None,
            });
            return Ok(t.clone());
        }
        let rotated = state.1.clone();
        let (cached, refresh) = self.fetch(http, rotated, timeout).await?;
        state.0 = Some(cached.clone());
        if refresh.is_some() {
            state.1 = refresh;
        }
        Ok(cached.token)
    }

    async fn fetch(
        &self,
        http: &reqwest::Client,
        rotated: Option<Secret>,
        timeout: Duration,
    ) -> Result<(Cached, Option<Secret>), Error> {
        let (tenant, form) = self.form(rotated.as_ref());
        let url = format!("{}/{}/oauth2/token", self.authority, tenant);
        let req = http.post(&url).form(&form).timeout(timeout);
        let resp = req.send().await.map_err(|e| net_error("token", e))?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(|e| net_error("token", e))?;
        let answer: TokenAnswer = serde_json::from_slice(super::decode::strip_bom(&bytes))
            .map_err(|e| {
                Error::Auth(format!("HTTP {status}: the token answer is not JSON ({e})"))
            })?;
        match answer.access_token {
            Some(t) if (200..300).contains(&status) => {
                let life = Duration::from_secs(answer.expires_in.unwrap_or(3599).max(0) as u64);
                let renew_at = Instant::now() + life.saturating_sub(RENEW_EARLY);
                let cached = Cached {
                    token: Secret(t),
                    renew_at: Some(renew_at),
                };
                Ok((cached, answer.refresh_token.map(Secret)))
            }
            _ => {
                let code = answer.error.unwrap_or_else(|| "no access_token".into());
                let desc = answer.error_description.unwrap_or_default();
                let first = desc.lines().next().unwrap_or("");
                Err(Error::Auth(format!("HTTP {status}: {code}: {first}")))
            }
        }
    }

    fn form(&self, rotated: Option<&Secret>) -> (&str, Vec<(&'static str, String)>) {
        let res = ("resource", self.resource.clone());
        match &self.creds {
            Credentials::Password {
                tenant,
                client_id,
                client_secret,
                username,
                password,
            } => (
                tenant,
                vec![
                    ("grant_type", "password".into()),
                    ("client_id", client_id.clone()),
                    ("client_secret", client_secret.expose().into()),
                    ("username", username.clone()),
                    ("password", password.expose().into()),
                    ("scope", "openid".into()),
                    res,
                ],
            ),
            Credentials::ClientCredentials {
                tenant,
                client_id,
                client_secret,
            } => (
                tenant,
                vec![
                    ("grant_type", "client_credentials".into()),
                    ("client_id", client_id.clone()),
                    ("client_secret", client_secret.expose().into()),
                    res,
                ],
            ),
            Credentials::RefreshToken {
                tenant,
                client_id,
                client_secret,
                refresh_token,
            } => {
                let rt = rotated.unwrap_or(refresh_token);
                let mut v = vec![
                    ("grant_type", "refresh_token".into()),
                    ("client_id", client_id.clone()),
                    ("refresh_token", rt.expose().into()),
                    res,
                ];
                if let Some(s) = client_secret {
                    v.push(("client_secret", s.expose().into()));
                }
                (tenant, v)
            }
            Credentials::Bearer(_) => ("", Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let c = Credentials::Password {
            tenant: "t".into(),
            client_id: "c".into(),
            client_secret: Secret::new("SENTINEL-secret"),
            username: "u@x".into(),
            password: Secret::new("SENTINEL-password"),
        };
        let cache = TokenCache::new(c, DEFAULT_AUTHORITY, DEFAULT_RESOURCE);
        let s = format!(
            "{cache:?} {:?} {}",
            Secret::new("SENTINEL"),
            Secret::new("SENTINEL")
        );
        assert!(!s.contains("SENTINEL"), "{s}");
        assert!(s.contains("***"));
    }
}
