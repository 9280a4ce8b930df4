//! `pcql api …`: the REST calls. Exit codes: 0 done, 1 the offline check
//! refused the query or body (its diagnostics are printed as `pcql check`
//! prints them), 2 usage, API or network failure (the API's message and
//! correlation id are printed).

mod args;
mod env;
mod run;
mod show;

use std::io::IsTerminal;
use std::time::Duration;

pub use args::{
    ApiArgs, ApiCommand, Connection, DownloadArgs, ExecutionsArgs, Output, QueriesCommand,
    QueryText, ReportsCommand, Schedule, WaitArgs,
};
pub use env::credentials;

use std::sync::Arc;

use crate::client::{ApiVersion, Client, Config, Error, Family, Validation};
use crate::diagnostic::render;
use crate::schema::Catalog;

/// Exit code: done.
pub const EXIT_OK: i32 = 0;
/// Exit code: the offline check refused.
pub const EXIT_REFUSED: i32 = 1;
/// Exit code: usage, API or network failure.
pub const EXIT_FAILURE: i32 = 2;

/// Run `pcql api …`; returns the exit code.
pub fn run(args: ApiArgs) -> i32 {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return EXIT_FAILURE;
        }
    };
    let format = args.format;
    match rt.block_on(run::dispatch(args)) {
        Ok(()) => EXIT_OK,
        Err(Failure::Client(e, name)) => report(&e, &name, format),
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}");
            EXIT_FAILURE
        }
    }
}

/// Why a command failed.
pub(crate) enum Failure {
    /// A client error, with the name of the input it concerns (for diagnostics).
    Client(Error, String),
    /// Bad arguments or input.
    Usage(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Client(e, "<query>".into())
    }
}

/// Print `e` and pick the exit code.
pub(crate) fn report(e: &Error, name: &str, format: Output) -> i32 {
    if let Error::Invalid {
        source_text,
        diagnostics,
        ..
    } = e
    {
        match format {
            Output::Json => println!("{}", render::json(diagnostics, name, source_text)),
            Output::Human => {
                let style = if std::io::stderr().is_terminal() {
                    render::Style::Color
                } else {
                    render::Style::Plain
                };
                eprint!("{}", render::human(diagnostics, name, source_text, style));
            }
        }
        eprintln!("error: {e}");
        return EXIT_REFUSED;
    }
    if format == Output::Json {
        let v = serde_json::json!({"error": {
            "message": e.to_string(),
            "status": e.status(),
            "correlationId": e.correlation_id(),
        }});
        println!("{v}");
    }
    eprintln!("error: {e}");
    EXIT_FAILURE
}

/// The catalog queries are checked against: `--schemas PATH`, else the user
/// cache of `pcql schemas pull` when it holds the family, else the bundled
/// snapshot. A directory's catalog takes hints from the bundle.
pub fn catalog(conn: &Connection, family: Family) -> Result<Catalog, String> {
    let dir = match &conn.schemas {
        Some(p) => Some(p.clone()),
        None => crate::cli::catalog::cache_dir().filter(|r| r.join(family.as_str()).is_dir()),
    };
    let Some(dir) = dir else {
        return Ok(crate::client::validate::default_catalog().clone());
    };
    let mut c = Catalog::from_dir(&dir).map_err(|e| e.to_string())?;
    c.inherit(crate::client::validate::default_catalog());
    Ok(c)
}

/// Build a client from the connection flags and the environment's credentials.
pub fn client(conn: &Connection, check: bool) -> Result<Client, String> {
    let family: Family = conn
        .family
        .parse()
        .map_err(|e: crate::schema::ParseFamilyError| e.to_string())?;
    let creds = credentials(|k| std::env::var(k).ok())?;
    let validation = if check {
        Validation::CheckWith(Arc::new(catalog(conn, family)?))
    } else {
        Validation::Skip
    };
    let timeout = Duration::try_from_secs_f64(conn.timeout)
        .map_err(|_| format!("--timeout {} is not a number of seconds", conn.timeout))?;
    let mut b = Client::builder(family)
        .credentials(creds)
        .config(Config {
            timeout,
            ..Config::default()
        })
        .validation(validation);
    if let Some(u) = &conn.base_url {
        b = b.base_url(u);
    }
    if let Some(a) = &conn.login_authority {
        b = b.authority(a);
    }
    match conn.api_version.as_deref() {
        Some("v1") => b = b.api_version(ApiVersion::V1),
        Some("v1.1") => b = b.api_version(ApiVersion::V1_1),
        _ => {}
    }
    b.build().map_err(|e| e.to_string())
}
