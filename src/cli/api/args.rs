//! The arguments of `pcql api …`. Secrets are never arguments: they come from
//! the environment (PCQL_TOKEN, PCQL_TENANT_ID, PCQL_CLIENT_ID,
//! PCQL_CLIENT_SECRET, PCQL_USERNAME, PCQL_PASSWORD, PCQL_REFRESH_TOKEN).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::cli::config::Config;

/// The credential variables, listed in `pcql api --help`.
pub const CREDENTIALS: &str = "Credentials (never arguments; from the environment):
  PCQL_TOKEN            a bearer token, used as it is
  PCQL_TENANT_ID        the Entra ID tenant, with one of:
  PCQL_CLIENT_ID          the application (client) id
  PCQL_REFRESH_TOKEN      a refresh token (with PCQL_CLIENT_ID), or
  PCQL_CLIENT_SECRET      the client secret: alone for client credentials,
  PCQL_USERNAME           with PCQL_USERNAME and PCQL_PASSWORD for the
  PCQL_PASSWORD           password grant Partner Insights uses
Connection variables: PCQL_FAMILY, PCQL_BASE_URL, PCQL_LOGIN_AUTHORITY.";
use pcql::client::Family;

/// `pcql api`: call the analytics REST API, with queries checked offline first.
#[derive(Debug, Args)]
#[command(after_help = CREDENTIALS)]
pub struct ApiArgs {
    /// Where and how to connect.
    #[command(flatten, next_help_heading = "Connection")]
    pub conn: Connection,
    /// Output: human or json.
    #[arg(long, global = true, value_enum, default_value_t = Output::Human, help_heading = "Options")]
    pub format: Output,
    /// What to call.
    #[command(subcommand)]
    pub command: ApiCommand,
}

/// The API family, base URL, version, login authority and timeout.
#[derive(Debug, Clone, Args)]
pub struct Connection {
    /// The API family: mpn, cmp or apps-games (default: `family` in
    /// pcql.toml, else mpn).
    #[arg(long, global = true, env = "PCQL_FAMILY")]
    pub family: Option<String>,
    /// The API's base URL (required for apps-games, whose URL is not documented).
    #[arg(long, global = true, env = "PCQL_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// The API version in the path (default v1 for mpn, v1.1 for cmp).
    #[arg(long, global = true, value_parser = ["v1", "v1.1"])]
    pub api_version: Option<String>,
    /// The login authority for token requests.
    #[arg(long, global = true, env = "PCQL_LOGIN_AUTHORITY", value_name = "URL")]
    pub login_authority: Option<String>,
    /// Seconds each call may take.
    #[arg(long, global = true, default_value_t = 120.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Check queries against the schemas under this directory (default, as
    /// for `pcql check`: `schemas` in pcql.toml, ./.pcql/schemas, the user
    /// cache written by `pcql schemas pull`, else the bundled snapshot).
    #[arg(long, global = true, value_name = "PATH")]
    pub schemas: Option<PathBuf>,
}

impl Connection {
    /// The family: `--family` (or `PCQL_FAMILY`), else `family` in
    /// `pcql.toml`, else mpn.
    pub fn family(&self, config: &Config) -> Result<Family, String> {
        self.family
            .as_deref()
            .or(config.family.as_deref())
            .unwrap_or("mpn")
            .parse()
            .map_err(|e: pcql::schema::ParseFamilyError| e.to_string())
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// For people.
    Human,
    /// JSON on stdout.
    Json,
}

/// The calls.
#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// List the datasets (GET ScheduledDataset).
    Datasets {
        /// Only this dataset.
        #[arg(long)]
        name: Option<String>,
    },
    /// Create, list, delete or try queries.
    #[command(subcommand)]
    Queries(QueriesCommand),
    /// Create, list, update, pause, resume or delete reports.
    #[command(subcommand)]
    Reports(ReportsCommand),
    /// List a report's executions.
    Executions(ExecutionsArgs),
    /// Download a completed execution's file.
    Download(DownloadArgs),
    /// Wait until a report's execution completes (and optionally download it).
    Wait(WaitArgs),
}

/// A query given as text, in a file, or on stdin (`--file -`).
#[derive(Debug, Args)]
pub struct QueryText {
    /// The query text.
    #[arg(conflicts_with = "file")]
    pub query: Option<String>,
    /// Read the query from this file (`-` for stdin).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// Send without the offline check.
    #[arg(long)]
    pub no_check: bool,
}

/// `pcql api queries …`.
#[derive(Debug, Subcommand)]
pub enum QueriesCommand {
    /// Create a query (POST ScheduledQueries), checked offline first.
    Create {
        /// Its name.
        #[arg(long)]
        name: String,
        /// Its description.
        #[arg(long)]
        description: Option<String>,
        /// The query.
        #[command(flatten)]
        text: QueryText,
    },
    /// List queries (GET ScheduledQueries).
    List {
        /// Only this query id.
        #[arg(long)]
        id: Option<String>,
        /// Only this query name.
        #[arg(long)]
        name: Option<String>,
        /// Only system queries.
        #[arg(long, conflicts_with = "no_system")]
        only_system: bool,
        /// No system queries.
        #[arg(long)]
        no_system: bool,
    },
    /// Delete a user query (DELETE ScheduledQueries/{id}).
    Delete {
        /// The query id.
        id: String,
    },
    /// Run a query for a few rows (GET ScheduledQueries/testQueryResult).
    Try {
        /// The query.
        #[command(flatten)]
        text: QueryText,
        /// Try a saved query by id instead of a text.
        #[arg(long, conflicts_with_all = ["query", "file"])]
        id: Option<String>,
        /// MPN: override the TIMESPAN from this time (yyyy-MM-ddTHH:mm:ssZ).
        #[arg(long)]
        start_time: Option<String>,
        /// MPN: override the TIMESPAN up to this time.
        #[arg(long)]
        end_time: Option<String>,
    },
}

/// Schedule fields shared by create and update.
#[derive(Debug, Args)]
pub struct Schedule {
    /// Its description.
    #[arg(long)]
    pub description: Option<String>,
    /// First run, UTC yyyy-MM-ddTHH:mm:ssZ, at least 4 hours ahead.
    #[arg(long)]
    pub start_time: Option<String>,
    /// Hours between runs.
    #[arg(long, allow_negative_numbers = true)]
    pub interval: Option<i64>,
    /// Number of runs.
    #[arg(long)]
    pub count: Option<i64>,
    /// File format.
    #[arg(long, value_parser = ["csv", "tsv", "CSV", "TSV"])]
    pub file_format: Option<String>,
    /// A public URL called when a run succeeds.
    #[arg(long)]
    pub callback_url: Option<String>,
    /// GET or POST (MPN).
    #[arg(long, value_parser = ["get", "post", "GET", "POST"])]
    pub callback_method: Option<String>,
}

/// `pcql api reports …`.
#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// Create a report (POST ScheduledReport), its body checked first (for a
    /// schedule, against the minimum interval of the dataset its query reads).
    Create {
        /// Its name.
        #[arg(long)]
        name: String,
        /// The query it runs.
        #[arg(long)]
        query_id: String,
        /// Run once, now (the schedule fields are then ignored).
        #[arg(long)]
        execute_now: bool,
        /// With --execute-now: the query's window start.
        #[arg(long)]
        query_start_time: Option<String>,
        /// With --execute-now: the query's window end.
        #[arg(long)]
        query_end_time: Option<String>,
        /// The schedule.
        #[command(flatten)]
        schedule: Schedule,
        /// Send without the offline check.
        #[arg(long)]
        no_check: bool,
    },
    /// List reports (GET ScheduledReport).
    List {
        /// Only this report id.
        #[arg(long)]
        id: Option<String>,
        /// Only this report name.
        #[arg(long)]
        name: Option<String>,
        /// Only reports of this query.
        #[arg(long)]
        query_id: Option<String>,
    },
    /// Update a report (PUT ScheduledReport/{id}).
    Update {
        /// The report id.
        id: String,
        /// Its (new) name.
        #[arg(long)]
        name: String,
        /// The schedule (--start-time is required by the API).
        #[command(flatten)]
        schedule: Schedule,
    },
    /// Pause a report's scheduled runs.
    Pause {
        /// The report id.
        id: String,
    },
    /// Resume a paused report.
    Resume {
        /// The report id.
        id: String,
    },
    /// Delete a report and its execution records.
    Delete {
        /// The report id.
        id: String,
    },
}

/// `pcql api executions REPORT_ID`.
#[derive(Debug, Args)]
pub struct ExecutionsArgs {
    /// The report id.
    pub report_id: String,
    /// Statuses: Pending, Running, Paused, Completed (repeat or join with `;`).
    #[arg(long = "status", value_delimiter = ';')]
    pub statuses: Vec<String>,
    /// Execution ids (repeat or join with `;`).
    #[arg(long = "execution-id", value_delimiter = ';')]
    pub execution_ids: Vec<String>,
    /// Every execution of the last 90 days, not only the latest.
    #[arg(long)]
    pub all: bool,
    /// Print the secret download links (they grant access to the file).
    #[arg(long)]
    pub show_links: bool,
}

/// `pcql api download REPORT_ID --out PATH`.
#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// The report id.
    pub report_id: String,
    /// A particular execution (default: the latest completed one).
    #[arg(long)]
    pub execution_id: Option<String>,
    /// Where to write the file.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub overwrite: bool,
}

/// `pcql api wait REPORT_ID`.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// The report id.
    pub report_id: String,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 3600.0, value_name = "SECONDS")]
    pub max_wait: f64,
    /// Seconds before the second poll (doubling up to 120).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub poll: f64,
    /// Then download the file here.
    #[arg(long, value_name = "PATH")]
    pub download: Option<PathBuf>,
    /// Replace the downloaded file if it exists.
    #[arg(long)]
    pub overwrite: bool,
}
