//! `pcql api …`: the REST calls. Exit codes: 0 done, 1 the offline check
//! refused the query or body (its diagnostics are printed as `pcql check`
//! prints them), 2 usage, API or network failure (the API's message and
//! correlation id are printed).

mod args;
mod run;
mod show;

use std::io::IsTerminal;
use std::time::Duration;

pub use args::{ApiArgs, Connection, Output};
pub use pcql::client::env::credentials;

use std::sync::Arc;

use super::Global;
use super::catalog as cli_catalog;
use super::config::Config;
use pcql::client::{ApiVersion, Client, Error, Family, Validation};
use pcql::diagnostic::render;
use pcql::schema::Catalog;

/// Exit code: done.
pub const EXIT_OK: i32 = 0;
/// Exit code: the offline check refused.
pub const EXIT_REFUSED: i32 = 1;
/// Exit code: usage, API or network failure.
pub const EXIT_FAILURE: i32 = 2;

/// Run `pcql api …` with the configuration `global` names (`pcql.toml`'s
/// family and schemas); returns the exit code.
pub fn run(args: ApiArgs, global: &Global) -> i32 {
    let config = match global.load_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    let format = args.format;
    let result = match super::block_on(run::dispatch(args, &config, global.verbose)) {
        Ok(result) => result,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    match result {
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

/// The catalog queries are checked against, by the precedence of `pcql
/// check`: `--schemas PATH`, `schemas` in `pcql.toml`, `./.pcql/schemas`,
/// the user cache of `pcql schemas pull`, the bundled snapshot. A
/// directory's families replace the bundled ones and take the bundle's hints.
pub fn catalog(conn: &Connection, config: &Config, verbose: bool) -> Result<Catalog, String> {
    let source = cli_catalog::resolve(conn.schemas.as_deref(), config.schemas.as_deref())
        .map_err(|e| e.to_string())?;
    if verbose {
        eprintln!("pcql: schemas {source}");
    }
    let catalog = cli_catalog::load(&source).map_err(|e| e.to_string())?;
    Ok(catalog.into_owned())
}

/// Build a client of `family` from the connection flags and the
/// environment's credentials; queries are checked against `catalog`, or not
/// at all when it is `None`.
pub fn client(
    conn: &Connection,
    family: Family,
    catalog: Option<Catalog>,
) -> Result<Client, String> {
    let creds = credentials(|k| std::env::var(k).ok())?;
    let validation = match catalog {
        Some(c) => Validation::CheckWith(Arc::new(c)),
        None => Validation::Skip,
    };
    let timeout = Duration::try_from_secs_f64(conn.timeout)
        .map_err(|_| format!("--timeout {} is not a number of seconds", conn.timeout))?;
    let mut b = Client::builder(family)
        .credentials(creds)
        .config(pcql::client::Config {
            timeout,
            ..pcql::client::Config::default()
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
