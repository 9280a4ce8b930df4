//! Token flows against the mock's `{authority}/{tenant}/oauth2/token`: the
//! password grant, client credentials, refresh tokens; one token shared by
//! concurrent calls; renewal before expiry; one renewal on 401; no secret in
//! any Debug output or error.

use pcql::client::{ApiErrorKind, Client, Credentials, Error, Family, Secret};

use super::server::{CLIENT_SECRET, Mock, PASSWORD, REFRESH};
use super::{assert_no_secret, client, fast_config};

fn password() -> Credentials {
    Credentials::Password {
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: "app-1".into(),
        client_secret: Secret::new(CLIENT_SECRET),
        username: "viewer@contoso.com".into(),
        password: Secret::new(PASSWORD),
    }
}

fn with(mock: &Mock, creds: Credentials) -> Client {
    Client::builder(Family::Mpn)
        .base_url(mock.base())
        .authority(mock.authority())
        .credentials(creds)
        .config(fast_config())
        .build()
        .unwrap()
}

fn token_forms(mock: &Mock) -> Vec<std::collections::HashMap<String, String>> {
    mock.calls_to("/oauth2/token")
        .iter()
        .map(|r| super::server::url_pairs(&r.body))
        .collect()
}

#[tokio::test]
async fn password_grant_and_one_token_for_concurrent_calls() {
    let mock = Mock::start("mpn").await;
    let c = with(&mock, password());
    let calls = (0..8).map(|_| {
        let c = c.clone();
        tokio::spawn(async move { c.datasets(None).await.map(|d| d.items.len()) })
    });
    for h in calls {
        assert!(h.await.unwrap().unwrap() > 0);
    }
    let forms = token_forms(&mock);
    assert_eq!(forms.len(), 1, "one token for all eight calls");
    let f = &forms[0];
    assert_eq!(f["grant_type"], "password");
    assert_eq!(f["resource"], "https://api.partnercenter.microsoft.com");
    assert_eq!(f["scope"], "openid");
    assert_eq!(f["username"], "viewer@contoso.com");
    assert_eq!(
        mock.calls_to("/oauth2/token")[0].path,
        "/login/contoso.onmicrosoft.com/oauth2/token"
    );
    assert!(
        mock.api_calls()
            .iter()
            .all(|r| r.authorization.as_deref() == Some("Bearer tok-SENTINEL-1"))
    );
    assert_no_secret(&format!("{c:?} {:?}", password()));
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_on_401() {
    let mock = Mock::start("mpn").await;
    let c = with(&mock, password());
    c.datasets(None).await.unwrap();
    mock.with(|s| s.tokens.clear());
    c.datasets(None).await.unwrap();
    assert_eq!(token_forms(&mock).len(), 2);
    let auths: Vec<_> = mock
        .api_calls()
        .into_iter()
        .map(|r| r.authorization.unwrap())
        .collect();
    assert_eq!(
        auths,
        [
            "Bearer tok-SENTINEL-1",
            "Bearer tok-SENTINEL-1",
            "Bearer tok-SENTINEL-2"
        ]
    );
}

#[tokio::test]
async fn a_static_token_that_expired_is_an_error() {
    let mock = Mock::start("mpn").await;
    mock.with(|s| s.tokens.clear());
    let e = client(&mock, Family::Mpn).datasets(None).await.unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.kind == ApiErrorKind::Unauthorized),
        "{e}"
    );
    assert_eq!(mock.api_calls().len(), 1);
    assert_no_secret(&format!("{e} {e:?}"));
}

#[tokio::test]
async fn tokens_are_renewed_before_they_expire_with_the_rotated_refresh_token() {
    let mock = Mock::start("mpn").await;
    mock.with(|s| s.expires_in = "240".into()); // less than the 5-minute margin
    let creds = Credentials::RefreshToken {
        tenant: "t".into(),
        client_id: "app".into(),
        client_secret: None,
        refresh_token: Secret::new(REFRESH),
    };
    let c = with(&mock, creds);
    c.datasets(None).await.unwrap();
    c.datasets(None).await.unwrap();
    let forms = token_forms(&mock);
    assert_eq!(forms.len(), 2);
    assert_eq!(forms[0]["refresh_token"], REFRESH);
    assert_eq!(forms[1]["refresh_token"], "rt-SENTINEL-rotated-1");
    assert_eq!(forms[1]["grant_type"], "refresh_token");
}

#[tokio::test]
async fn client_credentials_and_refused_grants() {
    let mock = Mock::start("cmp").await;
    let creds = Credentials::ClientCredentials {
        tenant: "t".into(),
        client_id: "app".into(),
        client_secret: Secret::new(CLIENT_SECRET),
    };
    with(&mock, creds).datasets(None).await.unwrap();
    assert_eq!(token_forms(&mock)[0]["grant_type"], "client_credentials");

    let wrong = Credentials::Password {
        tenant: "t".into(),
        client_id: "app".into(),
        client_secret: Secret::new(CLIENT_SECRET),
        username: "u".into(),
        password: Secret::new("wrong-SENTINEL"),
    };
    let before = mock.api_calls().len();
    let e = with(&mock, wrong).datasets(None).await.unwrap_err();
    assert!(
        matches!(&e, Error::Auth(m) if m.contains("invalid_grant") && m.contains("AADSTS50126")),
        "{e}"
    );
    assert_eq!(
        mock.api_calls().len(),
        before,
        "no API call without a token"
    );
    assert_no_secret(&format!("{e} {e:?}"));
}
