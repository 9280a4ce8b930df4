//! Credentials from the `PCQL_*` environment variables (never from a
//! command line): the command line's `pcql api` and the Python package's
//! `Client` read them here.

use super::{Credentials, Secret};

/// The variables read, in the order they are tried.
pub const VARIABLES: &str = "PCQL_TOKEN; or PCQL_TENANT_ID + PCQL_CLIENT_ID with \
PCQL_REFRESH_TOKEN, or PCQL_CLIENT_SECRET + PCQL_USERNAME + PCQL_PASSWORD (password grant), \
or PCQL_CLIENT_SECRET alone (client credentials)";

/// Pick the token source from `var` (the environment, or a map in tests):
/// a static token, then a refresh token, then the password grant, then
/// client credentials.
pub fn credentials(var: impl Fn(&str) -> Option<String>) -> Result<Credentials, String> {
    let get = |k: &str| var(k).filter(|v| !v.trim().is_empty());
    if let Some(t) = get("PCQL_TOKEN") {
        return Ok(Credentials::Bearer(Secret::new(t.trim())));
    }
    let tenant = get("PCQL_TENANT_ID");
    let client_id = get("PCQL_CLIENT_ID");
    let secret = get("PCQL_CLIENT_SECRET").map(Secret::new);
    let (Some(tenant), Some(client_id)) = (tenant, client_id) else {
        return Err(format!(
            "no credentials in the environment: set {VARIABLES}"
        ));
    };
    if let Some(rt) = get("PCQL_REFRESH_TOKEN") {
        return Ok(Credentials::RefreshToken {
            tenant,
            client_id,
            client_secret: secret,
            refresh_token: Secret::new(rt),
        });
    }
    let Some(client_secret) = secret else {
        return Err(format!("PCQL_CLIENT_SECRET is not set: set {VARIABLES}"));
    };
    match (get("PCQL_USERNAME"), get("PCQL_PASSWORD")) {
        (Some(username), Some(password)) => Ok(Credentials::Password {
            tenant,
            client_id,
            client_secret,
            username,
            password: Secret::new(password),
        }),
        (None, None) => Ok(Credentials::ClientCredentials {
            tenant,
            client_id,
            client_secret,
        }),
        _ => Err("set both PCQL_USERNAME and PCQL_PASSWORD for the password grant".into()),
    }
}

impl Credentials {
    /// The credentials the `PCQL_*` variables of this process's environment
    /// name ([`credentials`]), or what is missing.
    pub fn from_env() -> Result<Credentials, String> {
        credentials(|k| std::env::var(k).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<Credentials, String> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        credentials(|k| m.get(k).cloned())
    }

    #[test]
    fn picks_the_grant_from_what_is_set() {
        assert!(matches!(
            from(&[("PCQL_TOKEN", "t")]),
            Ok(Credentials::Bearer(_))
        ));
        let base = [
            ("PCQL_TENANT_ID", "t"),
            ("PCQL_CLIENT_ID", "c"),
            ("PCQL_CLIENT_SECRET", "s"),
        ];
        assert!(matches!(
            from(&base),
            Ok(Credentials::ClientCredentials { .. })
        ));
        let mut pw = base.to_vec();
        pw.extend([("PCQL_USERNAME", "u"), ("PCQL_PASSWORD", "SENTINEL")]);
        let c = from(&pw).unwrap();
        assert!(matches!(c, Credentials::Password { .. }));
        assert!(!format!("{c:?}").contains("SENTINEL"));
        let e = from(&[("PCQL_USERNAME", "u")]).unwrap_err();
        assert!(e.contains("PCQL_TOKEN"), "{e}");
    }
}
